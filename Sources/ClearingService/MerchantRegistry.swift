import Microbilling
import MicrocheckCrypto

/// The merchants clearing knows, read from its merchants file: one line per
/// merchant, `ID KEY [revoked] [LAT,LON]` (key a KeyNote principal, the
/// location in microdegrees), `#` comments. Every error names its line and column.
public enum MerchantRegistry {
    /// The most bytes of a merchants file.
    public static let maximumSize = 16 * 1024 * 1024

    /// Reads the merchants of `text`, each under `policy` (the trusted PA keys and the app domain).
    public static func parse(_ text: String, policy: MerchantPolicy) throws(MicrobillingError) -> [MerchantAccount] {
        guard text.utf8.count <= maximumSize else {
            throw MicrobillingError(.invalidValue, "the merchants file is larger than \(maximumSize) bytes")
        }
        var accounts: [MerchantAccount] = []
        var seen: Set<String> = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let content = line.prefix { $0 != "#" }
            let words = content.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let first = words.first else { continue }
            func located(_ word: Substring, _ reason: String) -> MicrobillingError {
                let column = content.distance(from: content.startIndex, to: word.startIndex) + 1
                return MicrobillingError(.invalidValue, reason, at: .init(line: index + 1, column: column))
            }
            let id = String(first)
            guard id.utf8.count <= 64, id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "._-".contains($0)) }) else {
                throw located(first, "merchant id '\(id.prefix(70))' is not 1-64 letters, digits, '.', '_' or '-'")
            }
            guard seen.insert(id).inserted else { throw located(first, "merchant \(id) is listed twice") }
            guard words.count >= 2 else { throw located(first, "merchant \(id) has no key") }
            guard let key = try? KeyNoteKey.parse(String(words[1])) else {
                throw located(words[1], "the key of merchant \(id) is not a KeyNote public key")
            }
            var revoked = false
            var location: MerchantAccount.Location?
            for word in words.dropFirst(2) {
                if word == "revoked" {
                    revoked = true
                } else if let comma = word.firstIndex(of: ","), let latitude = Int(word[..<comma]),
                          let longitude = Int(word[word.index(after: comma)...]),
                          abs(latitude) <= 90_000_000, abs(longitude) <= 180_000_000 {
                    location = MerchantAccount.Location(latitudeMicrodegrees: latitude, longitudeMicrodegrees: longitude)
                } else {
                    throw located(word, "'\(word.prefix(40))' is neither 'revoked' nor a location LAT,LON in microdegrees")
                }
            }
            var account = MerchantAccount(merchantID: id, key: key, policy: policy, location: location)
            account.revoked = revoked
            accounts.append(account)
        }
        return accounts
    }
}
