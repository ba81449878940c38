/// What a query shares with every assertion it evaluates: the compliance
/// values, the action attributes and authorizers, the special attributes
/// built from them (RFC 2704 section 5.1), and the scratch space for the
/// strings expressions build.
///
/// One query uses it on one thread, so accesses to its state are not
/// checked for exclusivity at run time.
final class QueryEnvironment {
    /// The compliance values, weakest first, kept as given: most queries
    /// only compare a clause's value with them, which needs no byte copies.
    let values: [String]
    /// The action attributes, valid while the query runs.
    let attributes: AttributeTable.View
    let authorizerTexts: [[UInt8]]
    /// `_MIN_TRUST`, `_MAX_TRUST`, `_VALUES` and `_ACTION_AUTHORIZERS` one
    /// after the other, built when one is first read.
    @exclusivity(unchecked) private(set) var specials = ScratchSpace()
    @exclusivity(unchecked) private var specialRanges: [Range<Int32>] = []
    /// What expressions build while the query runs; one clause's strings at a time.
    @exclusivity(unchecked) var scratch = ScratchSpace()
    /// The groups of the last `~=` match in the clause being evaluated.
    @exclusivity(unchecked) var groups = MatchGroups()

    init(values: [String], attributes: AttributeTable.View, authorizerTexts: [[UInt8]]) {
        self.values = values
        self.attributes = attributes
        self.authorizerTexts = authorizerTexts
    }

    /// An environment for reading an assertion outside any query: no
    /// compliance values, action attributes or authorizers.
    static func standalone() -> QueryEnvironment {
        QueryEnvironment(values: [], attributes: .empty, authorizerTexts: [])
    }

    deinit {
        scratch.deallocate()
        specials.deallocate()
    }

    /// The value of a special attribute. `_ACTION_AUTHORIZERS` lists the
    /// authorizers most recent first, as the reference does.
    func special(_ name: ExpressionNode.NameClass) -> StringValue {
        if specialRanges.isEmpty { buildSpecials() }
        let range: Range<Int32>
        switch name {
        case .minTrust: range = specialRanges[0]
        case .maxTrust: range = specialRanges[1]
        case .values: range = specialRanges[2]
        case .actionAuthorizers: range = specialRanges[3]
        case .ordinary, .group, .reserved: return .empty
        }
        return StringValue(space: .environment, start: range.lowerBound, count: range.upperBound - range.lowerBound)
    }

    private func buildSpecials() {
        func add(_ parts: [[UInt8]]) {
            let start = Int32(specials.count)
            Array(parts.joined(separator: [UInt8(ascii: ",")])).withUnsafeBufferPointer { specials.append($0) }
            specialRanges.append(start..<Int32(specials.count))
        }
        let values = values.map { Array($0.utf8) }
        add(values.first.map { [$0] } ?? [])
        add(values.last.map { [$0] } ?? [])
        add(values)
        add(authorizerTexts.reversed())
    }

    /// The position of the compliance value spelled `name`, if any.
    func valueIndex(of name: UnsafeBufferPointer<UInt8>) -> Int? {
        for position in values.indices {
            let equal = values[position].utf8.withContiguousStorageIfAvailable { CText.equal($0, name) }
                ?? values[position].utf8.elementsEqual(name)
            if equal { return position }
        }
        return nil
    }
}
