import Microbilling
import MicrocheckAgents
import Testing

/// The signature a microcheck carries over the link: found in its text and
/// written back into the same text.
@Suite struct SignatureTransportTests {
    @Test func everyMicrocheckIsRebuiltFromItsOfferAndSignature() throws {
        let world = try ClearingWorld(count: 12, payers: 3, merchants: 1, batchSize: 12)
        for purchase in world.backlog.deposits.flatMap(\.purchases) {
            let signature = try SignatureTransport.signatureBytes(of: purchase.microcheck)
            #expect(signature.count == 128)
            #expect(SignatureTransport.microcheck(for: purchase.offer, payer: purchase.payer, signature: signature) == purchase.microcheck)
        }
    }

    @Test("the last signature string is the one read", arguments: [
        ("Signature: \"sig-rsa-sha1-base64:AAEC\"\n", [UInt8]([0, 1, 2])),
        ("Comment: \"sig-rsa-sha1-base64:AAEC\"\nSignature: \"sig-rsa-sha1-hex:0a0B\"\n", [0x0A, 0x0B]),
        ("\"sig-rsa-sha1-hex:ff\"", [0xFF]),
        ("Conditions: \"sig\" == \"sig-\"; Signature: \"sig-ed25519-hex:00\"", [0x00]),
    ])
    func lastSignature(text: String, bytes: [UInt8]) throws {
        #expect(try SignatureTransport.signatureBytes(of: text) == bytes)
    }

    @Test("a text without a whole signature string is refused", arguments: [
        "", "\"", "\"sig-", "Signature: \"sig-rsa-sha1-base64:AAEC", "Signature: sig-rsa-sha1-base64:AAEC\"",
        "Signature: \"sig-unknown-base64:AAEC\"", "Signature: \"sig-rsa-sha1-hex:abc\"",
    ])
    func refused(text: String) {
        #expect(throws: AgentError.self) { try SignatureTransport.signatureBytes(of: text) }
    }
}
