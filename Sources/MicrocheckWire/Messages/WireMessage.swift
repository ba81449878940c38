/// The messages of wire protocol version 1 (protocol-spec/wire-protocol.md,
/// "Messages"). The first byte of a message is its type.
public enum WireMessage: Sendable, Hashable {
    /// Payer to merchant, first: who pays and which credentials it holds.
    case hello(Hello)
    /// Either side: send me these (credentials, the merchant card).
    case need(Need)
    /// Payer to merchant: credentials, each compressed (zlib with the preset dictionary).
    case credentials([[UInt8]])
    /// Merchant to payer: who the merchant is (sent once, cached by its id).
    case card(MerchantCard)
    /// Merchant to payer: the offer.
    case offer(WireOffer)
    /// Payer to merchant: the microcheck's signature; the merchant rebuilds its text.
    case microcheck(signature: [UInt8])
    /// Payer to merchant: no purchase.
    case decline(DeclineReason)
    /// Merchant to payer: paid and dispensed, or voided.
    case receipt(Receipt)
    /// Merchant to payer: refused, with the reason.
    case nack(Nack)
    /// Payer to merchant: an escalation credential obtained online, compressed.
    case escalationCredential([UInt8])
    /// Merchant to gateway: journaled purchases, compressed.
    case depositBatch(DepositBatch)
    /// Gateway to merchant: the purchases of a batch that clearing acknowledged.
    case depositAck(DepositAck)
    /// Payer to merchant: what became of these microchecks (sent without a receipt)?
    case statusRequest([[UInt8]])
    /// Merchant to payer: the journal's answer for each microcheck asked about.
    case status([PaymentStatus])

    /// The type byte.
    public var type: UInt8 {
        switch self {
        case .hello: return 0x01
        case .need: return 0x02
        case .credentials: return 0x03
        case .card: return 0x04
        case .offer: return 0x05
        case .microcheck: return 0x06
        case .decline: return 0x07
        case .receipt: return 0x08
        case .nack: return 0x09
        case .escalationCredential: return 0x0A
        case .depositBatch: return 0x0B
        case .depositAck: return 0x0C
        case .statusRequest: return 0x0D
        case .status: return 0x0E
        }
    }

    /// The message as bytes.
    public var encoded: [UInt8] {
        var writer = WireWriter()
        writer.byte(type)
        switch self {
        case .hello(let hello): hello.write(to: &writer)
        case .need(let need): need.write(to: &writer)
        case .credentials(let list):
            writer.integer(list.count)
            for item in list { writer.blob(item) }
        case .card(let card): card.write(to: &writer)
        case .offer(let offer): offer.write(to: &writer)
        case .microcheck(let signature): writer.blob(signature)
        case .decline(let reason): writer.byte(reason.rawValue)
        case .receipt(let receipt): receipt.write(to: &writer)
        case .nack(let nack): nack.write(to: &writer)
        case .escalationCredential(let credential): writer.blob(credential)
        case .depositBatch(let batch): batch.write(to: &writer)
        case .depositAck(let ack): ack.write(to: &writer)
        case .statusRequest(let ids):
            writer.ids(ids)
        case .status(let list):
            writer.integer(list.count)
            for item in list { item.write(to: &writer) }
        }
        return writer.bytes
    }

    /// Reads a message; every byte must belong to it.
    public init(decoding bytes: [UInt8]) throws(WireError) {
        guard bytes.count <= WireLimits.message else {
            throw WireError(.tooLarge, at: 0, "message of \(bytes.count) bytes is above \(WireLimits.message)")
        }
        var reader = WireReader(bytes)
        let type = try reader.byte()
        switch type {
        case 0x01: self = .hello(try Hello(from: &reader))
        case 0x02: self = .need(try Need(from: &reader))
        case 0x03:
            let count = try reader.integer(in: 0...WireLimits.credentials)
            var list: [[UInt8]] = []
            for _ in 0..<count { list.append(try reader.blob(maximum: WireLimits.compressedCredential)) }
            self = .credentials(list)
        case 0x04: self = .card(try MerchantCard(from: &reader))
        case 0x05: self = .offer(try WireOffer(from: &reader))
        case 0x06: self = .microcheck(signature: try reader.blob(maximum: WireLimits.signatureLength))
        case 0x07:
            let offset = reader.offset
            guard let reason = DeclineReason(rawValue: try reader.byte()) else {
                throw WireError(.invalidValue, at: offset, "unknown decline reason")
            }
            self = .decline(reason)
        case 0x08: self = .receipt(try Receipt(from: &reader))
        case 0x09: self = .nack(try Nack(from: &reader))
        case 0x0A: self = .escalationCredential(try reader.blob(maximum: WireLimits.compressedCredential))
        case 0x0B: self = .depositBatch(try DepositBatch(from: &reader))
        case 0x0C: self = .depositAck(try DepositAck(from: &reader))
        case 0x0D:
            self = .statusRequest(try reader.ids(maximum: WireLimits.pendingQueries))
        case 0x0E:
            let count = try reader.integer(in: 0...WireLimits.pendingQueries)
            var list: [PaymentStatus] = []
            for _ in 0..<count { list.append(try PaymentStatus(from: &reader)) }
            self = .status(list)
        default: throw WireError(.unknownMessage, at: 0, "message type 0x\(String(type, radix: 16)) is not in version 1")
        }
        try reader.finish()
    }
}
