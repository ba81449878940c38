import MicrocheckCrypto

/// The ledger's digest, the same on every database: SHA-256 over the
/// entries in microcheck-id order, each written as its fields and its seal
/// separated by US (0x1F) and ended by LF, amounts as integer minor units and
/// times as seconds since 1970.
public struct LedgerDigest {
    private var bytes: [UInt8] = []

    /// An empty ledger's digest in the making.
    public init() {}

    /// Adds the next entry; entries must come in ascending microcheck id (byte order).
    public mutating func add(_ entry: LedgerEntry, sealID: String) {
        let fields = [entry.microcheckID, entry.payer, entry.fund, entry.merchantID, entry.amount.currency.code,
                      String(entry.amount.currency.minorDigits), String(entry.amount.minorUnits),
                      String(entry.time.secondsSince1970), entry.nonce, entry.credentialSerial,
                      String(entry.postedAt.secondsSince1970), sealID]
        for (position, field) in fields.enumerated() {
            if position > 0 { bytes.append(0x1F) }
            bytes.append(contentsOf: field.utf8)
        }
        bytes.append(0x0A)
    }

    /// The digest as 64 lowercase hex digits.
    public func hex() throws(MicrobillingError) -> String {
        do {
            return try ContentDigest.sha256Hex(bytes)
        } catch {
            throw MicrobillingError(.keyFailure, "ledger digest: \(error.reason)")
        }
    }
}
