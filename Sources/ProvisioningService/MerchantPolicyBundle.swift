import Foundation
import Microbilling
import MicrocheckCrypto

/// What gateways carry to offline terminals (protocol-spec/provisioning-api.md,
/// "Merchant policy bundle"): the trusted PA keys, the application domain and
/// the gated categories, signed by the current PA key.
///
/// ```
/// microcheck-merchant-policy/1
/// issued: 20261124T230000
/// app-domain: deli
/// trusted-pa: rsa-base64:MIIB...
/// trusted-pa: rsa-base64:MIGJ... until 20261231T000000
/// gate: car-rental rsa-base64:MIGJ...
/// signer: rsa-base64:MIIB...
/// signature: sig-rsa-sha1-base64:...
/// ```
///
/// The signature covers every byte up to and including the `signer` line's
/// newline. The signer must be a `trusted-pa` without retirement.
public struct MerchantPolicyBundle: Sendable, Hashable {
    /// The first line.
    public static let format = "microcheck-merchant-policy/1"
    /// The most bytes a bundle may have.
    public static let maximumSize = 256 * 1024
    /// The most trusted keys or gates a bundle may list.
    public static let maximumEntries = 64

    /// When the bundle was made.
    public var issued: UTCTime
    /// The application domain.
    public var appDomain: String
    /// The trusted PA keys, the signer first.
    public var trustedKeys: [TrustedPAKey]
    /// Categories that also need an authority's credential.
    public var gates: [MerchantPolicy.GatedCategory]
    /// The key that signed it.
    public var signer: KeyNoteKey
    /// The complete signed text.
    public let text: String

    /// Makes and signs a bundle with `signer`, which is listed first as the current key.
    public static func sign(appDomain: String, current signer: KeyNotePrivateKey, retiring: [TrustedPAKey],
                            gates: [MerchantPolicy.GatedCategory], at time: UTCTime) throws(ProvisioningError) -> MerchantPolicyBundle {
        let trusted = [TrustedPAKey(key: signer.publicKey, retiresAt: nil)] + retiring
        var text = "\(format)\nissued: \(time.stamp)\napp-domain: \(appDomain)\n"
        for entry in trusted {
            text += "trusted-pa: \(entry.key.encoded(.base64))" + (entry.retiresAt.map { " until \($0.stamp)" } ?? "") + "\n"
        }
        for gate in gates {
            text += "gate: \(gate.category) " + gate.authorities.map { $0.encoded(.base64) }.joined(separator: " ") + "\n"
        }
        text += "signer: \(signer.publicKey.encoded(.base64))\n"
        do {
            let signature = try KeyNoteSignatures.sign(Array(text.utf8), algorithm: .default(for: signer.algorithm, encoding: .base64), with: signer)
            text += "signature: \(signature)\n"
        } catch {
            throw ProvisioningError(.storage, "cannot sign the merchant policy bundle: \(error)")
        }
        return try MerchantPolicyBundle(verifying: text)
    }

    /// Reads a bundle and checks its signature by its signer.
    ///
    /// A terminal must also check that the signer is a PA key it already
    /// trusts (or that it was given out of band); this only proves the bundle
    /// is what that key signed.
    ///
    /// - Throws: ``ProvisioningError`` with code `malformed` naming the line
    ///   that cannot be read, or a signature that does not verify.
    public init(verifying text: String) throws(ProvisioningError) {
        guard text.utf8.count <= Self.maximumSize else {
            throw ProvisioningError(.malformed, "the bundle has \(text.utf8.count) bytes, at most \(Self.maximumSize)")
        }
        guard let signatureRange = text.range(of: "\nsignature: ", options: .backwards) else {
            throw ProvisioningError(.malformed, "no signature line")
        }
        let signedText = String(text[...signatureRange.lowerBound])
        let signature = text[signatureRange.upperBound...].trimmingSuffix("\n")
        let lines = signedText.split(separator: "\n")
        guard lines.first == Substring(Self.format) else { throw ProvisioningError(.malformed, "line 1: expected \(Self.format)") }
        var issued: UTCTime?
        var appDomain: String?
        var trusted: [TrustedPAKey] = []
        var gates: [MerchantPolicy.GatedCategory] = []
        var signer: KeyNoteKey?
        for (index, line) in lines.enumerated().dropFirst() {
            let place = "line \(index + 1)"
            guard let colon = line.range(of: ": ") else { throw ProvisioningError(.malformed, "\(place): expected name: value") }
            let value = line[colon.upperBound...]
            let words = value.split(separator: " ").map(String.init)
            switch line[..<colon.lowerBound] {
            case "issued":
                issued = try? UTCTime(stamp: String(value))
                guard issued != nil else { throw ProvisioningError(.malformed, "\(place): issued is not YYYYMMDDThhmmss") }
            case "app-domain":
                appDomain = String(value)
            case "trusted-pa":
                guard trusted.count < Self.maximumEntries, let first = words.first, let key = try? KeyNoteKey.parse(first) else {
                    throw ProvisioningError(.malformed, "\(place): not a key, or more than \(Self.maximumEntries) keys")
                }
                var retiresAt: UTCTime?
                if words.count == 3, words[1] == "until" {
                    retiresAt = try? UTCTime(stamp: words[2])
                    guard retiresAt != nil else { throw ProvisioningError(.malformed, "\(place): the retirement is not YYYYMMDDThhmmss") }
                } else if words.count != 1 {
                    throw ProvisioningError(.malformed, "\(place): expected a key, then optionally until YYYYMMDDThhmmss")
                }
                trusted.append(TrustedPAKey(key: key, retiresAt: retiresAt))
            case "gate":
                guard gates.count < Self.maximumEntries, words.count >= 2 else {
                    throw ProvisioningError(.malformed, "\(place): expected a category and its authorities' keys")
                }
                var authorities: [KeyNoteKey] = []
                for word in words.dropFirst() {
                    guard let key = try? KeyNoteKey.parse(word) else { throw ProvisioningError(.malformed, "\(place): an authority is not a key") }
                    authorities.append(key)
                }
                gates.append(.init(category: words[0], authorities: authorities))
            case "signer":
                signer = try? KeyNoteKey.parse(String(value))
                guard signer != nil else { throw ProvisioningError(.malformed, "\(place): the signer is not a key") }
            default:
                throw ProvisioningError(.malformed, "\(place): unknown field \"\(line[..<colon.lowerBound].prefix(32))\"")
            }
        }
        guard let issued, let appDomain, let signer, !trusted.isEmpty else {
            throw ProvisioningError(.malformed, "the bundle needs issued, app-domain, trusted-pa and signer")
        }
        guard trusted.contains(where: { $0.key == signer && $0.retiresAt == nil }) else {
            throw ProvisioningError(.malformed, "the signer is not a current trusted-pa key")
        }
        guard KeyNoteSignatures.verify(signature: String(signature), by: signer, over: Array(signedText.utf8)) else {
            throw ProvisioningError(.malformed, "the signature does not verify by the signer")
        }
        self.issued = issued
        self.appDomain = appDomain
        self.trustedKeys = trusted
        self.gates = gates
        self.signer = signer
        self.text = text
    }

    /// The terminal's KeyNote policy at `time`: the keys not yet retired, the gates.
    public func policy(at time: UTCTime) throws(MicrobillingError) -> MerchantPolicy {
        try MerchantPolicy(appDomain: appDomain, trustedIssuers: trustedKeys.filter { ($0.retiresAt ?? time.adding(seconds: 1)) > time }.map(\.key),
                           gatedCategories: gates)
    }
}

private extension Substring {
    func trimmingSuffix(_ suffix: String) -> Substring {
        hasSuffix(suffix) ? dropLast(suffix.count) : self
    }
}
