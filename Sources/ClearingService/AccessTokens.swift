import MicrocheckCrypto

/// The bearer tokens of operators and of the Provisioning Agent, read from
/// a tokens file: one `ROLE TOKEN` per line (`operator` or `provisioning`),
/// `#` comments. Only the tokens' SHA-256 digests are kept, and they are
/// compared in constant time.
public struct AccessTokens: Sendable {
    /// What a token allows.
    public enum Role: String, Sendable, Hashable {
        /// Reads everything: statements, flags, quarantine, standing.
        case `operator`
        /// Reads payers' standing.
        case provisioning
    }

    /// The shortest token accepted (a short token is guessable).
    public static let minimumLength = 16

    private let digests: [(digest: [UInt8], role: Role)]

    /// No tokens: only signed requests are accepted.
    public init() { digests = [] }

    /// Reads the tokens of `text`.
    ///
    /// - Throws: a description naming the line, for a bad role or a short token.
    public init(parsing text: String) throws(AccessTokensError) {
        var digests: [(digest: [UInt8], role: Role)] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let words = line.prefix { $0 != "#" }.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard !words.isEmpty else { continue }
            guard words.count == 2, let role = Role(rawValue: String(words[0])) else {
                throw AccessTokensError(line: index + 1, reason: "expected 'operator TOKEN' or 'provisioning TOKEN'")
            }
            guard words[1].utf8.count >= Self.minimumLength else {
                throw AccessTokensError(line: index + 1, reason: "the token is shorter than \(Self.minimumLength) characters")
            }
            guard let digest = try? ContentDigest.sha256(Array(words[1].utf8)) else {
                throw AccessTokensError(line: index + 1, reason: "cannot digest the token")
            }
            digests.append((digest, role))
        }
        self.digests = digests
    }

    /// The role of `token`, nil when it is not one of the file's.
    public func role(of token: String) -> Role? {
        guard token.utf8.count <= 4096, let digest = try? ContentDigest.sha256(Array(token.utf8)) else { return nil }
        return digests.first { Self.sameInConstantTime($0.digest, digest) }?.role
    }

    private static func sameInConstantTime(_ left: [UInt8], _ right: [UInt8]) -> Bool {
        guard left.count == right.count else { return false }
        var difference: UInt8 = 0
        for index in left.indices { difference |= left[index] ^ right[index] }
        return difference == 0
    }
}

/// A line of a tokens file that cannot be used.
public struct AccessTokensError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The line, from 1.
    public var line: Int
    /// What is wrong.
    public var reason: String

    public var description: String { "line \(line): \(reason)" }
}
