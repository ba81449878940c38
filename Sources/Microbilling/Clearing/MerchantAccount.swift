import Foundation
import MicrocheckCrypto

/// A merchant as clearing knows it: the key its microchecks are payable to,
/// the policy it checks with, and where it stands (for the travel rule).
public struct MerchantAccount: Sendable, Hashable {
    /// A place on Earth, in micro-degrees (integers, so accounts compare exactly).
    public struct Location: Sendable, Hashable {
        /// Latitude in millionths of a degree.
        public var latitudeMicrodegrees: Int
        /// Longitude in millionths of a degree.
        public var longitudeMicrodegrees: Int

        /// Creates a location.
        public init(latitudeMicrodegrees: Int, longitudeMicrodegrees: Int) {
            self.latitudeMicrodegrees = latitudeMicrodegrees
            self.longitudeMicrodegrees = longitudeMicrodegrees
        }

        /// Great-circle distance in metres.
        public func metres(to other: Location) -> Double {
            let radians = Double.pi / 180 / 1_000_000
            let lat1 = Double(latitudeMicrodegrees) * radians, lat2 = Double(other.latitudeMicrodegrees) * radians
            let dLat = lat2 - lat1
            let dLon = Double(other.longitudeMicrodegrees - longitudeMicrodegrees) * radians
            let h = pow(sin(dLat / 2), 2) + cos(lat1) * cos(lat2) * pow(sin(dLon / 2), 2)
            return 2 * 6_371_000 * asin(min(1, h.squareRoot()))
        }
    }

    /// The merchant's id.
    public var merchantID: String
    /// The merchant's key.
    public var key: KeyNoteKey
    /// The merchant's policy.
    public var policy: MerchantPolicy
    /// Where the merchant is, if known.
    public var location: Location?
    /// Whether the account was revoked: its deposits are all rejected.
    public var revoked: Bool

    /// Creates an account.
    public init(merchantID: String, key: KeyNoteKey, policy: MerchantPolicy, location: Location? = nil, revoked: Bool = false) {
        self.merchantID = merchantID
        self.key = key
        self.policy = policy
        self.location = location
        self.revoked = revoked
    }
}
