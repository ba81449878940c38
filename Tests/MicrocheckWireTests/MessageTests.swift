import Foundation
import MicrocheckWire
import Testing

@Suite struct MessageTests {
    static let id = Array(0x01...0x08) as [UInt8]
    static let samples: [WireMessage] = [
        .hello(Hello(capabilities: [.dictionary1], maximumPayload: 240, payerKeyID: id, credentialIDs: [id, id.reversed()])),
        .need(Need(kind: .credentials, ids: [id])),
        .credentials([[1, 2, 3], []]),
        .card(MerchantCard(merchantID: "M-7", name: "KeyNote Soda Machine", appDomain: "vending", currencyCode: "USD",
                           minorDigits: 2, principal: "ed25519-base64:AAAA")),
        .offer(WireOffer(cardID: id, selection: 3, product: "Pocari Sweat", category: "drink", amountMinor: 83,
                         time: 972_302_400, nonce: Array(repeating: 0xEB, count: 16), purchasesToday: 1, spentTodayMinor: 55,
                         secondsSinceLast: 999_999_999)),
        .microcheck(signature: Array(repeating: 0x5A, count: 64)),
        .decline(.person),
        .receipt(Receipt(status: .dispensed, microcheckID: id)),
        .nack(Nack(reason: 11, escalationPossible: true)),
        .escalationCredential([9, 9]),
        .depositBatch(DepositBatch(merchantID: "M-7", sequence: 300, entries: [[1], [2, 3]], seal: [9, 8])),
        .depositAck(DepositAck(sequence: 300, microcheckIDs: [id])),
        .statusRequest([id]),
        .status([PaymentStatus(microcheckID: id, state: .voided)]),
    ]

    @Test(arguments: samples)
    func roundTrip(message: WireMessage) throws {
        #expect(try WireMessage(decoding: message.encoded) == message)
    }

    @Test(arguments: samples)
    func everyTruncationFailsWithAnOffset(message: WireMessage) {
        let bytes = message.encoded
        for length in 0..<bytes.count {
            do {
                _ = try WireMessage(decoding: Array(bytes.prefix(length)))
                Issue.record("decoded a truncated \(message.type) at \(length) bytes")
            } catch {
                #expect(error.offset <= length)
            }
        }
        #expect(throws: WireError.self) { try WireMessage(decoding: bytes + [0]) }
    }

    @Test func boundsAreEnforced() {
        var tooMany = WireWriter()
        tooMany.byte(0x02)
        tooMany.byte(1)
        tooMany.integer(WireLimits.credentials + 1)
        #expect(throws: WireError.self) { try WireMessage(decoding: tooMany.bytes) }
        #expect(throws: WireError.self) { try WireMessage(decoding: [0x7F]) }
        // A varint with a redundant zero byte is not the canonical encoding.
        #expect(throws: WireError.self) { try WireMessage(decoding: [0x07, 0x80, 0x00]) }
    }

    /// The vectors of protocol-spec/wire-vectors.txt decode to the messages
    /// named and re-encode to the same bytes.
    @Test func specVectors() throws {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("protocol-spec/wire-vectors.txt")
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n").filter { !$0.hasPrefix("#") && !$0.isEmpty }
        #expect(lines.count == Self.samples.count + 1)
        for line in lines {
            let parts = line.split(separator: " ")
            let name = String(parts[0])
            let bytes = try #require(hex(String(parts[1])))
            if name == "frame" {
                var decoder = FrameDecoder()
                let frames = decoder.feed(bytes)
                #expect(frames.count == 1 && frames.first?.encoded == bytes)
                continue
            }
            let message = try WireMessage(decoding: bytes)
            #expect(message.encoded == bytes, "\(name)")
            #expect(Self.samples.contains(message), "\(name)")
        }
    }

    private func hex(_ text: String) -> [UInt8]? {
        var bytes: [UInt8] = []
        var index = text.startIndex
        while index < text.endIndex {
            let next = text.index(index, offsetBy: 2, limitedBy: text.endIndex) ?? text.endIndex
            guard let byte = UInt8(text[index..<next], radix: 16) else { return nil }
            bytes.append(byte)
            index = next
        }
        return bytes
    }
}

extension WireMessage: CustomTestStringConvertible {
    public var testDescription: String { "type 0x\(String(type, radix: 16))" }
}
