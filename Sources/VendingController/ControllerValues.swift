/// Why a `VEND` failed (`FAIL <n> <id> <reason>`).
public enum VendFailureReason: String, Sendable, Hashable, CaseIterable {
    /// The selection's sold-out sensor is on.
    case soldOut = "sold-out"
    /// The motor ran but jammed; nothing was dispensed.
    case motorJam = "motor-jam"
    /// No such selection.
    case badSelection = "bad-selection"
}

/// The reason of an `ERR` answer.
public enum ControllerErrorReason: String, Sendable, Hashable, CaseIterable {
    /// The command word is not part of the protocol.
    case unknownCommand = "unknown-command"
    /// An argument is missing, malformed or out of range.
    case badArgument = "bad-argument"
    /// The line was longer than ``VendingProtocol/maximumLineLength`` and was discarded.
    case lineTooLong = "line-too-long"
}

/// The result of a `VEND` as `LAST` reports it: `vended` or the failure reason.
public enum VendResult: Sendable, Hashable {
    /// The motor ran and the item was dispensed.
    case vended
    /// The vend failed.
    case failed(VendFailureReason)

    /// The word on the wire.
    public var word: String {
        switch self {
        case .vended: return "vended"
        case .failed(let reason): return reason.rawValue
        }
    }

    /// Parses the word on the wire.
    public init?(word: String) {
        if word == "vended" {
            self = .vended
        } else if let reason = VendFailureReason(rawValue: word) {
            self = .failed(reason)
        } else {
            return nil
        }
    }
}

/// A price: integer minor units (cents) and an ISO 4217 currency code. Never floating point.
public struct Price: Sendable, Hashable, CustomStringConvertible {
    /// The amount in the currency's minor unit.
    public var minorUnits: Int
    /// Three upper-case letters, e.g. `USD`.
    public var currency: String

    /// Creates a price; `currency` is checked by ``ControllerCommand`` and ``ControllerAnswer`` parsing.
    public init(minorUnits: Int, currency: String) {
        self.minorUnits = minorUnits
        self.currency = currency
    }

    public var description: String { "\(minorUnits) \(currency)" }
}

/// What `INFO` tells about a selection.
public struct ItemInfo: Sendable, Hashable {
    /// The selection number.
    public var selection: Int
    /// The price.
    public var price: Price
    /// A category word, e.g. `drink` (`[a-z0-9-]`, 1 to 16 characters).
    public var category: String
    /// The item's name, printable ASCII, may contain spaces.
    public var name: String

    /// Creates the details of a selection.
    public init(selection: Int, price: Price, category: String, name: String) {
        self.selection = selection
        self.price = price
        self.category = category
        self.name = name
    }
}

/// The last `VEND` a controller ran (`LAST <id> <result>`).
public struct LastVend: Sendable, Hashable {
    /// The payment id of that vend.
    public var id: PaymentID
    /// Its result.
    public var result: VendResult

    /// Creates a record of a vend.
    public init(id: PaymentID, result: VendResult) {
        self.id = id
        self.result = result
    }
}

extension Price {
    /// Whether `code` is three upper-case ASCII letters, as the protocol requires.
    public static func isCurrencyCode(_ code: String) -> Bool { WordRules.isCurrency(code) }
}

extension ItemInfo {
    /// Whether `category` is 1 to 16 of `[a-z0-9-]`, as the protocol requires.
    public static func isCategory(_ category: String) -> Bool { WordRules.isCategory(category) }
}
