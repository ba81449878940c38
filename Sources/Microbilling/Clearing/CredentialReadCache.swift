import Synchronization

/// Credentials clearing has read, kept across batches: a PA credential
/// comes with every microcheck its payer writes for days, so reading it
/// (and checking its signature, which the parsed assertion remembers) once
/// for the whole stream instead of once per batch halves the public-key
/// work of clearing. Bounded: when full, it starts over.
final class CredentialReadCache: Sendable {
    /// The most credentials kept.
    static let capacity = 65_536

    private let reads = Mutex<[CredentialText: BatchCredentials.Read]>([:])

    /// The reads of `texts` already made, by text.
    func known(_ texts: Set<CredentialText>) -> [CredentialText: BatchCredentials.Read] {
        reads.withLock { reads in
            var found = [CredentialText: BatchCredentials.Read](minimumCapacity: texts.count)
            for text in texts { if let read = reads[text] { found[text] = read } }
            return found
        }
    }

    /// Keeps new reads.
    func keep(_ new: [CredentialText: BatchCredentials.Read]) {
        guard !new.isEmpty else { return }
        reads.withLock { reads in
            if reads.count + new.count > Self.capacity { reads.removeAll(keepingCapacity: true) }
            reads.merge(new) { _, latest in latest }
        }
    }
}
