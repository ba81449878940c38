import KeyNote

/// The credentials of one deposited batch, each distinct text read once (in
/// parallel) and kept with its parsed assertion, so that a PA credential
/// presented with hundreds of microchecks is parsed and signature-checked
/// once per batch instead of once per microcheck. Keyed by the exact text
/// (the dictionary compares whole texts, so no two credentials can share an
/// entry).
struct BatchCredentials: Sendable {
    /// A credential as read: its terms and its assertion for the checker.
    struct Read: Sendable {
        let credential: SignedCredential
        let assertion: Assertion
    }

    private let read: [String: Result<Read, MicrobillingError>]

    /// Reads every distinct credential text of `purchases`.
    init(_ purchases: [AcceptedPurchase]) {
        var distinct = Set<String>()
        for purchase in purchases where purchase.credentials.count <= PurchaseSubmission.maximumCredentials {
            distinct.formUnion(purchase.credentials)
        }
        let texts = Array(distinct)
        let results = ParallelMap.map(texts) { text in
            Result { () throws(MicrobillingError) -> Read in
                let (credential, assertion) = try SignedCredential.reading(text)
                return Read(credential: credential, assertion: assertion)
            }
        }
        read = Dictionary(uniqueKeysWithValues: zip(texts, results))
    }

    /// The credentials of one purchase, in order, or why one cannot be read.
    func credentials(_ texts: [String]) -> Result<[Read], MicrobillingError> {
        var found: [Read] = []
        found.reserveCapacity(texts.count)
        for text in texts {
            switch read[text] {
            case .success(let credential): found.append(credential)
            case .failure(let error): return .failure(error)
            case nil: return .failure(MicrobillingError(.invalidAssertion, "credential not read with its batch"))
            }
        }
        return .success(found)
    }
}
