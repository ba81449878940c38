/// What the ledger did with one entry of a batch post.
public enum PostResult: Sendable, Hashable {
    /// The entry is now in the ledger.
    case posted
    /// The ledger already held an entry under the microcheck's
    /// ``PostingKey``; `sameSeal` tells whether it came in the same sealed
    /// deposit (a retry) or another one (a second deposit).
    case duplicate(sameSeal: Bool)
}
