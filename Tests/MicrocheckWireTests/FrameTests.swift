import MicrocheckWire
import Testing

@Suite struct FrameTests {
    @Test func crcCheckValue() {
        #expect(CRC16.checksum(Array("123456789".utf8)) == 0x29B1)
    }

    @Test func framesRoundTripWithStuffing() throws {
        let frame = Frame(kind: .data, moreFragments: true, endOfTurn: false, sequence: 5, acknowledged: 3,
                          payload: [0x7E, 0x7D, 0x00, 0x20, 0x5E])
        let bytes = frame.encoded
        #expect(bytes.first == 0x7E && bytes.last == 0x7E)
        #expect(!bytes.dropFirst().dropLast().contains(0x7E))
        var decoder = FrameDecoder()
        #expect(decoder.feed(bytes) == [frame])
    }

    @Test func decoderTakesBytesOneByOne() {
        let frames = (0..<4).map { Frame(kind: .data, sequence: UInt8($0), acknowledged: 15, payload: Array(repeating: UInt8($0) &* 0x3F, count: $0 * 20)) }
        var decoder = FrameDecoder()
        var seen: [Frame] = []
        for byte in frames.flatMap(\.encoded) { seen += decoder.feed([byte]) }
        #expect(seen == frames)
    }

    @Test func decoderResynchronisesAfterGarbageAndCorruption() {
        let good = Frame(kind: .ack, acknowledged: 7)
        var corrupted = Frame(kind: .data, sequence: 1, acknowledged: 7, payload: [1, 2, 3]).encoded
        corrupted[3] ^= 0x01
        var decoder = FrameDecoder()
        let frames = decoder.feed([0x00, 0x55, 0xAA] + corrupted + good.encoded + [0x7D, 0x7E])
        #expect(frames == [good])
        #expect(decoder.discards.garbageBytes == 3)
        #expect(decoder.discards.badChecksums == 1)
        #expect(decoder.discards.malformed == 1)
    }

    @Test func oversizeFrameIsDroppedAndTheNextOneRead() {
        var decoder = FrameDecoder(maximumPayload: 32)
        let big = Frame(kind: .data, acknowledged: 0, payload: Array(repeating: 1, count: 33))
        let small = Frame(kind: .data, acknowledged: 0, payload: Array(repeating: 1, count: 32))
        #expect(decoder.feed(big.encoded + small.encoded) == [small])
        #expect(decoder.discards.malformed == 1)
    }

    @Test func malformedBodiesNameTheirProblem() {
        #expect(throws: WireError.self) { try Frame(body: [0x00, 0x00, 0x00]) }
        var body = Frame(kind: .ack, acknowledged: 1).body
        body[0] |= 0x01
        do {
            _ = try Frame(body: body)
            Issue.record("accepted a reserved control bit")
        } catch {
            #expect(error.code == .badChecksum)
        }
    }
}
