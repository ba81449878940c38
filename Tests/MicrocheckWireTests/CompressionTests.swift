import MicrocheckCompression
import Testing

@Suite struct CompressionTests {
    static let credential = Array("""
        KeyNote-Version: 2
        Comment: microcheck-terms kind=payer serial=daily-20261124T000000-3f2a9b1c0d4e fund=general domain=vending class=standard currency=USD/2 limit=500 from=20261124T000000 until=20261125T000000 count=3
        Authorizer: "ed25519-base64:mJm2cCzXG0X5Hh1bA0yqxO9eB6kQfZ2T7n0r8sVdLwU="
        Licensees: "ed25519-base64:Q1xk2Jc0Rr6Zt0bP0j3Yb9fK2mN4s8v1W5e7aD6uHgI="
        Conditions: app_domain == "vending" &&
            currency == "USD" &&
            amount_minor ~= "^(0|[1-9][0-9]{0,8})$" && @amount_minor <= 500 &&
            timestamp ~= "^[0-9]{8}T[0-9]{6}$" &&
            timestamp >= "20261124T000000" &&
            timestamp < "20261125T000000" &&
            purchases_today ~= "^(0|[1-9][0-9]{0,8})$" && @purchases_today < 3 -> "true";
        Signature: "sig-ed25519-base64:3v0Zq6bLh1C2x9yN8kPq0tW4Ff1Ue7Rg5Hj2Km3Ln4Bo6Cp7Dq8Er9Fs0Gt1Hu2Iv3Jw4Kx5Ly6Mz7Na8Ob9Pc=="

        """.utf8)

    @Test func roundTripAndTheDictionaryHelps() throws {
        let compressor = AssertionCompressor.dictionary1
        let packed = try compressor.compress(Self.credential)
        #expect(try compressor.expand(packed, maximum: Self.credential.count) == Self.credential)
        let plain = try AssertionCompressor(dictionary: []).compress(Self.credential)
        print("credential: \(Self.credential.count) bytes, deflate \(plain.count), with dictionary 1 \(packed.count)")
        #expect(packed.count < plain.count)
        #expect(packed.count * 2 < Self.credential.count)
    }

    @Test func expansionIsBounded() throws {
        let compressor = AssertionCompressor.dictionary1
        let bomb = try compressor.compress(Array(repeating: 0x41, count: 1_000_000))
        #expect(bomb.count < 2000)
        #expect(throws: CompressionError.self) { try compressor.expand(bomb, maximum: 16 * 1024) }
        // Control: the same bound takes a credential.
        #expect(try compressor.expand(compressor.compress(Self.credential), maximum: 16 * 1024).count == Self.credential.count)
    }

    @Test func truncatedTrailingAndForeignDataFail() throws {
        let compressor = AssertionCompressor.dictionary1
        let packed = try compressor.compress(Self.credential)
        #expect(throws: CompressionError.self) { try compressor.expand(Array(packed.dropLast(3)), maximum: 16 * 1024) }
        #expect(throws: CompressionError.self) { try compressor.expand(packed + [0], maximum: 16 * 1024) }
        #expect(throws: CompressionError.self) { try compressor.expand([0xFF, 0xFF, 0xFF], maximum: 16 * 1024) }
        let foreign = try? AssertionCompressor(dictionary: Array("other".utf8)).expand(packed, maximum: 16 * 1024)
        #expect(foreign != Self.credential)
    }
}
