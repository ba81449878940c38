import Foundation
import Microbilling
import MicrocheckCrypto

/// What a payer takes home from enrollment (protocol-spec/provisioning-api.md,
/// "Payer bundle"): its first credentials, the PA keys to trust, the service
/// URL to refresh at and its class. Plain text:
///
/// ```
/// microcheck-payer-bundle/1
/// service: http://127.0.0.1:8490
/// class: standard
/// payer: ed25519-base64:...
/// issuer: rsa-base64:...
///
/// KeyNote-Version: 2
/// ...first credential, byte for byte...
///
/// KeyNote-Version: 2
/// ...second credential...
/// ```
///
/// A header of `name: value` lines, then each credential as a paragraph after
/// a blank line (KeyNote assertions contain no blank line).
/// ``unpack(into:)`` writes the files the payer agent reads: `credentials/*.kn`
/// and `issuers`.
public struct PayerBundle: Sendable, Hashable {
    /// The first line.
    public static let format = "microcheck-payer-bundle/1"
    /// The most bytes a bundle may have.
    public static let maximumSize = 256 * 1024
    /// The most credentials or issuers a bundle may list.
    public static let maximumEntries = 64

    /// Where the payer refreshes.
    public var serviceURL: String
    /// The payer's class.
    public var payerClass: String
    /// The payer's long-term key.
    public var payer: KeyNoteKey
    /// The PA keys the payer's agent trusts as issuers.
    public var issuers: [KeyNoteKey]
    /// The payer's credentials.
    public var credentials: [SignedCredential]

    /// Creates a bundle.
    public init(serviceURL: String, payerClass: String, payer: KeyNoteKey, issuers: [KeyNoteKey], credentials: [SignedCredential]) {
        self.serviceURL = serviceURL
        self.payerClass = payerClass
        self.payer = payer
        self.issuers = issuers
        self.credentials = credentials
    }

    /// The bundle's text.
    public var text: String {
        var text = "\(Self.format)\nservice: \(serviceURL)\nclass: \(payerClass)\npayer: \(payer.encoded(.base64))\n"
        for issuer in issuers { text += "issuer: \(issuer.encoded(.base64))\n" }
        for credential in credentials { text += "\n" + credential.text }
        return text
    }

    /// Reads a bundle.
    ///
    /// - Throws: ``ProvisioningError`` with code `malformed` naming the line
    ///   (header) or the credential (by position) that cannot be read.
    public init(text: String) throws(ProvisioningError) {
        guard text.utf8.count <= Self.maximumSize else {
            throw ProvisioningError(.malformed, "the bundle has \(text.utf8.count) bytes, at most \(Self.maximumSize)")
        }
        let paragraphs = text.components(separatedBy: "\n\n")
        let header = paragraphs[0].split(separator: "\n", omittingEmptySubsequences: false)
        guard header.first == Substring(Self.format) else {
            throw ProvisioningError(.malformed, "line 1: expected \(Self.format)")
        }
        var fields: [String: String] = [:]
        var issuers: [KeyNoteKey] = []
        for (index, line) in header.enumerated().dropFirst() where !line.isEmpty {
            guard let colon = line.range(of: ": ") else {
                throw ProvisioningError(.malformed, "line \(index + 1): expected name: value")
            }
            let name = String(line[..<colon.lowerBound])
            let value = String(line[colon.upperBound...])
            switch name {
            case "issuer":
                guard issuers.count < Self.maximumEntries, let key = try? KeyNoteKey.parse(value) else {
                    throw ProvisioningError(.malformed, "line \(index + 1): the issuer is not a key, or there are more than \(Self.maximumEntries)")
                }
                issuers.append(key)
            case "service", "class", "payer":
                guard fields[name] == nil else { throw ProvisioningError(.malformed, "line \(index + 1): \(name) is given twice") }
                fields[name] = value
            default:
                throw ProvisioningError(.malformed, "line \(index + 1): unknown field \"\(name.prefix(32))\"")
            }
        }
        guard let service = fields["service"], let payerClass = fields["class"], let payerText = fields["payer"] else {
            throw ProvisioningError(.malformed, "the header needs service, class and payer")
        }
        guard let payer = try? KeyNoteKey.parse(payerText) else {
            throw ProvisioningError(.malformed, "the payer is not a key")
        }
        let texts = paragraphs.dropFirst().filter { !$0.isEmpty }
        guard texts.count <= Self.maximumEntries else {
            throw ProvisioningError(.malformed, "\(texts.count) credentials, at most \(Self.maximumEntries)")
        }
        var credentials: [SignedCredential] = []
        for (index, paragraph) in texts.enumerated() {
            let credentialText = paragraph.hasSuffix("\n") ? paragraph : paragraph + "\n"
            do {
                credentials.append(try SignedCredential(text: credentialText))
            } catch {
                throw ProvisioningError(.malformed, "credential \(index + 1): \(error.reason)")
            }
        }
        self.init(serviceURL: service, payerClass: payerClass, payer: payer, issuers: issuers, credentials: credentials)
    }

    /// Writes the payer agent's files into `folder`: each credential as
    /// `credentials/<serial>.kn` and the issuers one per line in `issuers`
    /// (the agent's `credentials` and `issuers` settings point at them).
    public func unpack(into folder: String) throws(ProvisioningError) {
        let credentialFolder = folder + "/credentials"
        do {
            try FileManager.default.createDirectory(atPath: credentialFolder, withIntermediateDirectories: true)
            for credential in credentials {
                let name = String(credential.terms.serial.map { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") ? $0 : "_" })
                try Data(credential.text.utf8).write(to: URL(fileURLWithPath: "\(credentialFolder)/\(name).kn"), options: .atomic)
            }
            let issuerLines = issuers.map { $0.encoded(.base64) + "\n" }.joined()
            try Data(issuerLines.utf8).write(to: URL(fileURLWithPath: folder + "/issuers"), options: .atomic)
        } catch {
            throw ProvisioningError(.storage, "cannot unpack the bundle into \(folder): \(error)")
        }
    }
}
