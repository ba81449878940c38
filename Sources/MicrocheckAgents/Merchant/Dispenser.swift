/// What the merchant terminal drives: the vending machine's motors.
public protocol Dispenser: Sendable {
    /// Runs the motor of `selection` once for the payment `paymentID`.
    ///
    /// - Returns: true when the item came out, false when the machine
    ///   reports it did not (jam, sold out): the purchase is then voided.
    /// - Throws: when the machine cannot say (its line is down): the
    ///   purchase stays journaled and pending until the machine answers.
    func dispense(selection: Int, paymentID: String) throws -> Bool
}

/// What a customer chose on the machine.
public struct Selection: Sendable, Hashable {
    /// The selection's number on the machine.
    public var number: Int
    /// The product's name.
    public var product: String
    /// The product's category.
    public var category: String
    /// The price in minor units.
    public var priceMinor: Int64
    /// Whether the sold-out sensor is on.
    public var soldOut: Bool

    /// Creates a selection.
    public init(number: Int, product: String, category: String, priceMinor: Int64, soldOut: Bool) {
        self.number = number
        self.product = product
        self.category = category
        self.priceMinor = priceMinor
        self.soldOut = soldOut
    }
}

/// Where the terminal learns what a customer chose: the machine's buttons.
public protocol SelectionSource: Sendable {
    /// The next button press, or nil when none came within `timeout`.
    func nextSelection(timeout: Duration) throws -> Selection?
}
