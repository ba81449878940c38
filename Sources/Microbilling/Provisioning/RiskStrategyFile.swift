import MicrocheckCrypto
import Yams

/// Reads a risk strategy from YAML, with every error located by line and column.
///
/// ```yaml
/// app_domain: deli
/// currency: {code: USD, minor_digits: 2}
/// standing:
///   watch: {limit_percent: 50, escalation: false}
///   suspended: {issue: false}
/// classes:
///   standard:
///     escalation_limit: "20.00"
///     credentials:
///       - {name: daily, limit: "5.00", validity_hours: 24, purchases_per_merchant_per_day: 5}
///       - {name: monthly, limit: "1.51", validity_hours: 720, forbidden_categories: [alcohol]}
/// regional_pas:
///   - {name: west, key: "rsa-base64:MIGJ...", limit: "5.00", validity_hours: 720}
/// authorities:
///   - {name: dmv, key: "rsa-base64:MIGJ...", attribute: driver-licence, categories: [car-rental]}
/// ```
///
/// Amounts are quoted decimals in the currency (`"1.51"`), never floats.
/// Unknown keys are errors, so a misspelt bound is not silently dropped.
public enum RiskStrategyFile {
    /// The most bytes a strategy file may have.
    public static let maximumSize = 1024 * 1024

    /// Parses a strategy.
    ///
    /// - Throws: ``MicrobillingError`` with code `invalidStrategy` and the
    ///   location of the offending node.
    public static func parse(_ text: String) throws(MicrobillingError) -> RiskStrategy {
        guard text.utf8.count <= maximumSize else {
            throw MicrobillingError(.invalidStrategy, "the file has \(text.utf8.count) bytes, at most \(maximumSize)")
        }
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else {
                throw MicrobillingError(.invalidStrategy, "the file is empty", at: .init(line: 1, column: 1))
            }
            root = node
        } catch let error as MicrobillingError {
            throw error
        } catch let error as YamlError {
            throw MicrobillingError(.invalidStrategy, "not YAML: \(Self.problem(error))", at: Self.location(error))
        } catch {
            throw MicrobillingError(.invalidStrategy, "not YAML: \(error)")
        }
        let top = try Table(root, allowed: ["app_domain", "currency", "standing", "classes", "regional_pas", "authorities"])
        let appDomain = try top.word("app_domain")
        let currencyTable = try Table(top.required("currency"), allowed: ["code", "minor_digits"])
        let currency: Currency
        do {
            currency = try Currency(code: currencyTable.string("code"), minorDigits: currencyTable.integer("minor_digits", in: 0...4))
        } catch {
            throw MicrobillingError(.invalidStrategy, error.reason, at: currencyTable.location)
        }
        var standing: [PayerStanding: RiskStrategy.StandingRule] = [:]
        if let node = top.optional("standing") {
            let table = try Table(node, allowed: PayerStanding.allCases.map(\.rawValue))
            for name in table.keys {
                guard let state = PayerStanding(rawValue: name), let ruleNode = table.optional(name) else { continue }
                let rule = try Table(ruleNode, allowed: ["issue", "limit_percent", "escalation"])
                standing[state] = RiskStrategy.StandingRule(
                    issue: try rule.optionalBool("issue") ?? (state != .suspended),
                    limitPercent: try rule.optionalInteger("limit_percent", in: 0...100) ?? 100,
                    escalation: try rule.optionalBool("escalation") ?? (state == .good))
            }
        }
        let classesTable = try Table(top.required("classes"), allowed: nil)
        var classes: [String: RiskStrategy.PayerClass] = [:]
        for name in classesTable.keys {
            guard let node = classesTable.optional(name) else { continue }
            try Token.requireAt(Token.isWord(name), "class name", name, node)
            let table = try Table(node, allowed: ["credentials", "escalation_limit"])
            let escalation = try table.optionalAmount("escalation_limit", currency)
            guard let list = table.optional("credentials")?.sequence, !list.isEmpty else {
                throw MicrobillingError(.invalidStrategy, "class \(name) needs a non-empty credentials list", at: table.location)
            }
            var plans: [RiskStrategy.CredentialPlan] = []
            for item in list {
                let plan = try Table(item, allowed: ["name", "limit", "validity_hours", "purchases_per_merchant_per_day",
                                                     "total_per_merchant_per_day", "min_interval_seconds",
                                                     "allowed_categories", "forbidden_categories", "fund"])
                plans.append(RiskStrategy.CredentialPlan(
                    name: try plan.word("name"),
                    perPurchaseLimit: try plan.amount("limit", currency),
                    validity: Int64(try plan.integer("validity_hours", in: 1...8784)) * 3600,
                    purchasesPerMerchantPerDay: try plan.optionalInteger("purchases_per_merchant_per_day", in: 1...999_999_999),
                    totalPerMerchantPerDay: try plan.optionalAmount("total_per_merchant_per_day", currency),
                    minimumInterval: try plan.optionalInteger("min_interval_seconds", in: 1...999_999_999).map(Int64.init),
                    allowedCategories: try plan.optionalWords("allowed_categories"),
                    forbiddenCategories: try plan.optionalWords("forbidden_categories") ?? [],
                    fund: try plan.optionalWord("fund") ?? "general"))
            }
            guard Set(plans.map(\.name)).count == plans.count else {
                throw MicrobillingError(.invalidStrategy, "class \(name) names a credential plan twice", at: table.location)
            }
            classes[name] = RiskStrategy.PayerClass(name: name, credentials: plans, escalationLimit: escalation)
        }
        guard !classes.isEmpty else {
            throw MicrobillingError(.invalidStrategy, "no payer classes", at: classesTable.location)
        }
        var strategy = RiskStrategy(appDomain: appDomain, currency: currency, classes: classes, standing: standing)
        for item in top.optional("regional_pas")?.sequence ?? [] {
            let table = try Table(item, allowed: ["name", "key", "limit", "validity_hours"])
            strategy.regionalPAs.append(RiskStrategy.RegionalPA(
                name: try table.word("name"), key: try table.key("key"), perPurchaseLimit: try table.amount("limit", currency),
                validity: Int64(try table.integer("validity_hours", in: 1...8784)) * 3600))
        }
        for item in top.optional("authorities")?.sequence ?? [] {
            let table = try Table(item, allowed: ["name", "key", "attribute", "categories"])
            strategy.authorities.append(RiskStrategy.Authority(
                name: try table.word("name"), key: try table.key("key"), attribute: try table.word("attribute"),
                categories: try table.optionalWords("categories") ?? []))
        }
        return strategy
    }

    private static func location(_ error: YamlError) -> MicrobillingError.Location? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return .init(line: mark.line, column: mark.column)
        case .duplicatedKeysInMapping(_, let context):
            return .init(line: context.mark.line, column: context.mark.column)
        default:
            return nil
        }
    }

    private static func problem(_ error: YamlError) -> String {
        switch error {
        case .scanner(_, let problem, _, _), .parser(_, let problem, _, _), .composer(_, let problem, _, _):
            return problem
        case .duplicatedKeysInMapping(let duplicates, _):
            return "duplicated keys \(duplicates.joined(separator: ", "))"
        default:
            return "\(error)"
        }
    }
}

extension Token {
    static func requireAt(_ valid: Bool, _ what: String, _ text: String, _ node: Node) throws(MicrobillingError) {
        guard valid else {
            throw MicrobillingError(.invalidStrategy, "\(what) \"\(text.prefix(80))\" is not acceptable", at: Table.location(of: node))
        }
    }
}

/// A YAML mapping with string keys, read with located errors.
private struct Table {
    let node: Node
    let entries: [(key: String, value: Node)]

    init(_ node: Node, allowed: [String]?) throws(MicrobillingError) {
        guard let mapping = node.mapping else {
            throw MicrobillingError(.invalidStrategy, "expected a mapping", at: Table.location(of: node))
        }
        var entries: [(String, Node)] = []
        for (key, value) in mapping {
            guard let name = key.scalar?.string else {
                throw MicrobillingError(.invalidStrategy, "a key must be a plain string", at: Table.location(of: key))
            }
            if let allowed, !allowed.contains(name) {
                throw MicrobillingError(.invalidStrategy, "unknown key \"\(name)\" (expected one of \(allowed.joined(separator: ", ")))",
                                        at: Table.location(of: key))
            }
            entries.append((name, value))
        }
        self.node = node
        self.entries = entries
    }

    static func location(of node: Node) -> MicrobillingError.Location? {
        node.mark.map { MicrobillingError.Location(line: $0.line, column: $0.column) }
    }

    var location: MicrobillingError.Location? { Table.location(of: node) }
    var keys: [String] { entries.map(\.key) }

    func optional(_ key: String) -> Node? { entries.first { $0.key == key }?.value }

    func required(_ key: String) throws(MicrobillingError) -> Node {
        guard let value = optional(key) else { throw MicrobillingError(.invalidStrategy, "missing key \"\(key)\"", at: location) }
        return value
    }

    func string(_ key: String) throws(MicrobillingError) -> String {
        let node = try required(key)
        guard let scalar = node.scalar else { throw MicrobillingError(.invalidStrategy, "\(key) must be a string", at: Table.location(of: node)) }
        return scalar.string
    }

    func word(_ key: String) throws(MicrobillingError) -> String {
        let value = try string(key)
        try Token.requireAt(Token.isWord(value), key, value, try required(key))
        return value
    }

    func optionalWord(_ key: String) throws(MicrobillingError) -> String? {
        optional(key) == nil ? nil : try word(key)
    }

    func integer(_ key: String, in range: ClosedRange<Int>) throws(MicrobillingError) -> Int {
        let node = try required(key)
        guard let text = node.scalar?.string, let value = Int(text), range.contains(value) else {
            throw MicrobillingError(.invalidStrategy, "\(key) must be an integer in \(range.lowerBound)...\(range.upperBound)",
                                    at: Table.location(of: node))
        }
        return value
    }

    func optionalInteger(_ key: String, in range: ClosedRange<Int>) throws(MicrobillingError) -> Int? {
        optional(key) == nil ? nil : try integer(key, in: range)
    }

    func optionalBool(_ key: String) throws(MicrobillingError) -> Bool? {
        guard let node = optional(key) else { return nil }
        switch node.scalar?.string {
        case "true": return true
        case "false": return false
        default: throw MicrobillingError(.invalidStrategy, "\(key) must be true or false", at: Table.location(of: node))
        }
    }

    func amount(_ key: String, _ currency: Currency) throws(MicrobillingError) -> Int64 {
        let node = try required(key)
        guard let scalar = node.scalar, scalar.style != .plain || scalar.string.allSatisfy(\.isNumber) else {
            throw MicrobillingError(.invalidStrategy, "\(key) must be a quoted decimal such as \"1.51\"", at: Table.location(of: node))
        }
        do {
            return try Money(scalar.string, currency: currency).minorUnits
        } catch {
            throw MicrobillingError(.invalidStrategy, "\(key): \(error.reason)", at: Table.location(of: node))
        }
    }

    func optionalAmount(_ key: String, _ currency: Currency) throws(MicrobillingError) -> Int64? {
        optional(key) == nil ? nil : try amount(key, currency)
    }

    func key(_ name: String) throws(MicrobillingError) -> KeyNoteKey {
        let text = try string(name)
        guard let key = try? KeyNoteKey.parse(text) else {
            throw MicrobillingError(.invalidStrategy, "\(name) is not a public key (rsa-base64:..., dsa-base64:...)",
                                    at: Table.location(of: try required(name)))
        }
        return key
    }

    func optionalWords(_ key: String) throws(MicrobillingError) -> [String]? {
        guard let node = optional(key) else { return nil }
        guard let list = node.sequence else {
            throw MicrobillingError(.invalidStrategy, "\(key) must be a list of words", at: Table.location(of: node))
        }
        var words: [String] = []
        for item in list {
            let text = item.scalar?.string ?? ""
            try Token.requireAt(Token.isWord(text), "\(key) entry", text, item)
            words.append(text)
        }
        return words
    }
}
