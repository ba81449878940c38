import Foundation
import Testing
import KeyNoteVectors
import KeyNote
import MicrocheckCrypto

/// The signing cases computed by the reference: RSA signatures made here are
/// the reference's byte for byte; every reference signature verifies here.
@Suite struct SigningVectorTests {
    static func privateKey(_ file: String) throws -> KeyNotePrivateKey {
        try KeyNotePrivateKey.parse(String(decoding: KeyNoteFiles.parseAuthorizer(KeyNoteVectors.keyFile(file)), as: UTF8.self))
    }

    @Test func allCasesAreLoaded() throws {
        #expect((try? KeyNoteVectors.signingCases())?.count ?? 0 >= 60)
        #expect(try KeyNoteVectors.signingCases().contains { $0.verify_only })
        #expect(try KeyNoteVectors.signingCases().contains { !$0.verify_only })
    }

    @Test(arguments: try KeyNoteVectors.signingCases().filter { !$0.verify_only })
    func rsaSignsToTheReferenceBytes(_ vector: KeyNoteVectors.SigningCase) throws {
        let algorithm = try #require(KeyNoteSignatureAlgorithm(name: vector.algorithm + ":"))
        let signature = try AssertionSigning.sign(Array(vector.unsigned.utf8), algorithm: algorithm,
                                                  key: Self.privateKey(vector.key), verify: true)
        #expect(signature == vector.signature, "\(vector.id): \(vector.note)")
    }

    @Test(arguments: try KeyNoteVectors.signingCases())
    func referenceSignaturesVerify(_ vector: KeyNoteVectors.SigningCase) throws {
        #expect(try AssertionSigning.verify(Array(vector.signed.utf8)), "\(vector.id): \(vector.note)")
    }

    @Test(arguments: try KeyNoteVectors.signingCases().filter { $0.verify_only })
    func dsaSignaturesMadeHereVerify(_ vector: KeyNoteVectors.SigningCase) throws {
        let algorithm = try #require(KeyNoteSignatureAlgorithm(name: vector.algorithm + ":"))
        let signature = try AssertionSigning.sign(Array(vector.unsigned.utf8), algorithm: algorithm,
                                                  key: Self.privateKey(vector.key))
        // A line that starts with a space continues the Signature field.
        let signed = vector.unsigned + " \"" + signature + "\"\n"
        #expect(try AssertionSigning.verify(Array(signed.utf8)), "\(vector.id)")
    }

    @Test(arguments: try KeyNoteVectors.signingCases().prefix(8))
    func aChangedBodyDoesNotVerify(_ vector: KeyNoteVectors.SigningCase) throws {
        let tampered = vector.signed.replacingFirst("Authorizer", with: "authorizer")
        #expect(tampered != vector.signed)
        #expect(try !AssertionSigning.verify(Array(tampered.utf8)), "\(vector.id)")
    }

    @Test func signingNeedsASignatureFieldAndAMatchingKey() throws {
        let vector = try #require(try KeyNoteVectors.signingCases().first { !$0.verify_only })
        let algorithm = try #require(KeyNoteSignatureAlgorithm(name: vector.algorithm + ":"))
        let withoutSignature = String(vector.unsigned.prefix { $0 != "S" })
        #expect(throws: KeyNoteError.self) {
            try AssertionSigning.sign(Array(withoutSignature.utf8), algorithm: algorithm, key: Self.privateKey(vector.key))
        }
        let other = try KeyNotePrivateKey.generate(.rsa, bits: 1024)
        #expect(throws: KeyNoteError.self) {
            try AssertionSigning.sign(Array(vector.unsigned.utf8), algorithm: algorithm, key: other, verify: true)
        }
    }

    @Test func ed25519AssertionsSignAndVerify() throws {
        let key = try KeyNotePrivateKey.generate(.ed25519, bits: 256)
        let unsigned = "Authorizer: \"\(key.publicKey.encoded(.base64))\"\nLicensees: \"merchant\"\nSignature:"
        let signature = try AssertionSigning.sign(Array(unsigned.utf8), algorithm: .ed25519Base64, key: key, verify: true)
        #expect(try AssertionSigning.verify(Array((unsigned + " \"\(signature)\"\n").utf8)))
    }
}

extension String {
    func replacingFirst(_ target: String, with replacement: String) -> String {
        guard let range = range(of: target) else { return self }
        return replacingCharacters(in: range, with: replacement)
    }
}
