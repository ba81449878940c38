import KeyNote
import MicrocheckCrypto
import Testing

@Suite struct AssertionFieldValueTests {
    @Test func commentLicenseeAndAuthorizerKeyReadOutsideAQuery() throws {
        let key = try KeyNotePrivateKey.generate(.ed25519, bits: 256).publicKey.encoded(.base64)
        let assertion = try Assertion(parsing: """
            KeyNote-Version: 2
            Comment:   first line
               and a continuation
            Local-Constants: MERCHANT = "shop-7"
            Authorizer: "\(key)"
            Licensees: MERCHANT
            Conditions: true;

            """)
        #expect(assertion.comment == "first line\n   and a continuation")
        #expect(assertion.singleLicenseeText == "shop-7")
        #expect(assertion.authorizerKey?.encoded(.base64) == key)
        // Controls: no Comment, a Licensees expression, an Authorizer that is not a key.
        let policy = try Assertion(parsing: "Authorizer: \"POLICY\"\nLicensees: \"a\" || \"b\"\n")
        #expect(policy.comment == nil && policy.singleLicenseeText == nil && policy.authorizerKey == nil)
    }
}
