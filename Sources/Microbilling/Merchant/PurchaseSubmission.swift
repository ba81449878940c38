/// What a payer sends for an offer: the microcheck and the credentials that
/// lead from the merchant's trusted PA to the payer's key (payer credential,
/// delegation credentials of layered PAs, attribute credentials).
public struct PurchaseSubmission: Sendable, Hashable {
    /// The most credentials one submission may carry.
    public static let maximumCredentials = 8

    /// The microcheck's text.
    public var microcheck: String
    /// The credentials' texts.
    public var credentials: [String]

    /// Creates a submission.
    public init(microcheck: String, credentials: [String]) {
        self.microcheck = microcheck
        self.credentials = credentials
    }
}
