import KeyNote

/// The credentials of one deposited batch, each distinct text read once (in
/// parallel, or found in the clearing house's cache of earlier batches) and
/// kept with its parsed assertion, so that a PA credential presented with
/// hundreds of microchecks is parsed and signature-checked once instead of
/// once per microcheck. Keyed by the exact text
/// (the dictionary compares whole texts, so no two credentials can share an
/// entry).
struct BatchCredentials: Sendable {
    /// A credential as read: its terms and its assertion for the checker
    /// (a class: it is handed around once per microcheck, one reference to count).
    final class Read: Sendable {
        let credential: SignedCredential
        let assertion: Assertion

        init(credential: SignedCredential, assertion: Assertion) {
            self.credential = credential
            self.assertion = assertion
        }
    }

    private let read: [CredentialText: Result<Read, MicrobillingError>]

    /// Reads every distinct credential text of `purchases` that `cache` does not know yet, and keeps those in it.
    init(_ purchases: [AcceptedPurchase], cache: CredentialReadCache) {
        var distinct = Set<CredentialText>()
        for purchase in purchases where purchase.credentials.count <= PurchaseSubmission.maximumCredentials {
            for text in purchase.credentials { distinct.insert(CredentialText(text)) }
        }
        let known = cache.known(distinct)
        let texts = distinct.filter { known[$0] == nil }.map { $0 }
        let results = ParallelMap.map(texts) { key in
            Result { () throws(MicrobillingError) -> Read in
                let (credential, assertion) = try SignedCredential.reading(key.text)
                return Read(credential: credential, assertion: assertion)
            }
        }
        var read = [CredentialText: Result<Read, MicrobillingError>](minimumCapacity: distinct.count)
        var new = [CredentialText: Read](minimumCapacity: texts.count)
        for (key, result) in zip(texts, results) {
            read[key] = result
            if case .success(let credential) = result { new[key] = credential }
        }
        for (key, credential) in known { read[key] = .success(credential) }
        self.read = read
        cache.keep(new)
    }

    /// The credentials of one purchase, in order, or why one cannot be read.
    func credentials(_ texts: [String]) -> Result<[Read], MicrobillingError> {
        var found: [Read] = []
        found.reserveCapacity(texts.count)
        for text in texts {
            switch read[CredentialText(text)] {
            case .success(let credential): found.append(credential)
            case .failure(let error): return .failure(error)
            case nil: return .failure(MicrobillingError(.invalidAssertion, "credential not read with its batch"))
            }
        }
        return .success(found)
    }
}
