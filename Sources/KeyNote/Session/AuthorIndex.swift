/// The assertions each principal authored, as the compliance checker looks
/// them up: most recent first.
///
/// A session of a few assertions is scanned (comparing principals is cheaper
/// than hashing them, and nothing is allocated); a larger one is indexed by
/// principal once, so that lookups do not grow with the session.
struct AuthorIndex {
    /// Up to this many assertions, lookups scan the list.
    static let scanLimit = 16

    private let principals: [Principal]
    private let index: [Principal: [Int]]

    /// Indexes the authors of a session's assertions, in the order added.
    init(principals: [Principal]) {
        self.principals = principals
        var index: [Principal: [Int]] = [:]
        if principals.count > Self.scanLimit {
            index.reserveCapacity(principals.count)
            for (position, principal) in principals.enumerated() {
                index[principal, default: []].append(position)
            }
        }
        self.index = index
    }

    /// Calls `body` with the position of each assertion `principal`
    /// authored, most recent first, until it returns false.
    func forEachAssertion<Failure: Error>(
        by principal: borrowing Principal,
        _ body: (Int) throws(Failure) -> Bool
    ) throws(Failure) {
        if principals.count > Self.scanLimit {
            for position in (index[copy principal] ?? []).reversed() {
                guard try body(position) else { return }
            }
            return
        }
        var position = principals.count - 1
        while position >= 0 {
            if principals[position] == principal {
                guard try body(position) else { return }
            }
            position -= 1
        }
    }
}
