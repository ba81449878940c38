/// The names an expression can read while one assertion is evaluated, in the
/// reference's lookup order (RFC 2704 section 5.1): the special names
/// `_MIN_TRUST`, `_MAX_TRUST`, `_VALUES`, `_ACTION_AUTHORIZERS`; then the
/// groups `_0`, `_1`, ... of the last successful `~=` in the clause; then the
/// assertion's Local-Constants; then the action attributes. A name found
/// nowhere reads as the empty string.
struct AttributeScope {
    /// The query's session-wide part, or nil when an assertion is read outside
    /// a query (signing, signature verification).
    let query: QueryEnvironment?
    /// The assertion's Local-Constants.
    let constants: [([UInt8], [UInt8])]
    /// Groups of the last `~=` match, by name.
    var groups: [NamedValue] = []
    /// Whether a lookup reached the session (so the value can change between queries).
    private(set) var readSession = false

    init(query: QueryEnvironment?, constants: [([UInt8], [UInt8])]) {
        self.query = query
        self.constants = constants
    }

    mutating func lookup(_ name: [UInt8]) -> [UInt8]? {
        if name.first == UInt8(ascii: "_"), let query {
            if let special = query.special(name) {
                readSession = true
                return special
            }
        } else if name.first == UInt8(ascii: "_"), QueryEnvironment.isSpecial(name) {
            readSession = true
            return nil
        }
        for group in groups where group.name == name {
            return group.value
        }
        for (constantName, value) in constants where constantName == name {
            return value
        }
        readSession = true
        return query?.attributes.value(of: name)
    }
}

/// What a query shares with every assertion it evaluates.
final class QueryEnvironment {
    /// The compliance values, weakest first, kept as given: most queries
    /// only compare a clause's value with them, which needs no byte copies.
    let values: [String]
    let attributes: AttributeTable
    let authorizerTexts: [[UInt8]]
    private lazy var joinedValues: [UInt8] = Self.join(values.lazy.map(\.utf8Bytes))
    private lazy var joinedAuthorizers: [UInt8] = Self.join(authorizerTexts.reversed())

    init(values: [String], attributes: AttributeTable, authorizerTexts: [[UInt8]]) {
        self.values = values
        self.attributes = attributes
        self.authorizerTexts = authorizerTexts
    }

    private static let minTrust = Array("_MIN_TRUST".utf8)
    private static let maxTrust = Array("_MAX_TRUST".utf8)
    private static let valuesName = Array("_VALUES".utf8)
    private static let authorizersName = Array("_ACTION_AUTHORIZERS".utf8)

    static func isSpecial(_ name: [UInt8]) -> Bool {
        name == minTrust || name == maxTrust || name == valuesName || name == authorizersName
    }

    /// `_ACTION_AUTHORIZERS` lists the authorizers most recent first, as the reference does.
    func special(_ name: [UInt8]) -> [UInt8]? {
        if name == Self.minTrust { return values.first?.utf8Bytes }
        if name == Self.maxTrust { return values.last?.utf8Bytes }
        if name == Self.valuesName { return joinedValues }
        if name == Self.authorizersName { return joinedAuthorizers }
        return nil
    }

    /// The position of the compliance value spelled `name`, if any.
    func valueIndex(of name: [UInt8]) -> Int? {
        values.firstIndex { $0.utf8.elementsEqual(name) }
    }

    private static func join(_ parts: some Sequence<[UInt8]>) -> [UInt8] {
        var result: [UInt8] = []
        for (index, part) in parts.enumerated() {
            if index > 0 { result.append(UInt8(ascii: ",")) }
            result += part
        }
        return result
    }
}
