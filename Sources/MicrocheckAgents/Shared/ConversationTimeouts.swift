/// How long each side of a purchase waits for the other.
public struct ConversationTimeouts: Sendable, Hashable {
    /// The merchant waiting for a payer's hello.
    public var hello: Duration
    /// The merchant waiting for a button press after the hello.
    public var selection: Duration
    /// Either side waiting for the next message of a purchase in progress.
    public var reply: Duration
    /// The payer waiting for an offer (the customer is choosing).
    public var offer: Duration

    /// Creates timeouts.
    public init(hello: Duration, selection: Duration, reply: Duration, offer: Duration) {
        self.hello = hello
        self.selection = selection
        self.reply = reply
        self.offer = offer
    }

    /// A customer has 30 s to choose; a message 5 s to come.
    public static let standard = ConversationTimeouts(hello: .seconds(1), selection: .seconds(30), reply: .seconds(5), offer: .seconds(35))
}
