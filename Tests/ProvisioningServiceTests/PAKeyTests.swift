import Foundation
import KeyNote
import Microbilling
import MicrobillingStorage
import MicrocheckCrypto
import ProvisioningAPI
@testable import ProvisioningService
import Testing

/// The PA key at rest (sealed under a passphrase) and its rotation.
@Suite struct PAKeyTests {
    @Test func aSealedPAKeyRoundTripsAndAWrongPassphraseIsAClearError() throws {
        let folder = NSTemporaryDirectory() + "pa-key-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let secret = folder + "/passphrase"
        let wrong = folder + "/wrong"
        try OwnerOnlyFile.write(Array("correct horse battery staple\n".utf8), to: secret)
        try OwnerOnlyFile.write(Array("incorrect horse\n".utf8), to: wrong)
        let key = try KeyNotePrivateKey.generate(.ed25519, bits: 256)
        let sealed = PAKeyFile(path: folder + "/pa.key", passphrase: .file(secret), iterations: PassphraseSealedBox.acceptedIterations.lowerBound)
        try sealed.write(key)
        let text = try String(contentsOfFile: folder + "/pa.key", encoding: .utf8)
        #expect(text.hasPrefix(PassphraseSealedBox.format) && !text.contains(key.encoded(.base64)))
        let attributes = try FileManager.default.attributesOfItem(atPath: folder + "/pa.key")
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(try sealed.read().publicKey == key.publicKey)

        let error = #expect(throws: ProvisioningError.self) {
            try PAKeyFile(path: folder + "/pa.key", passphrase: .file(wrong)).read()
        }
        #expect(error?.reason.contains("wrong passphrase") == true)
        #expect(throws: ProvisioningError.self) { try PAKeyFile(path: folder + "/pa.key", passphrase: nil).read() }
    }

    @Test func afterARotationTheBundleListsBothKeysAndNewCredentialsAreSignedByTheNewKey() async throws {
        let fixture = try ServiceFixture()
        let provisioner = try fixture.provisioner(standing: StaticStanding(.good))
        let payer = try newPayerKey()
        _ = try provisioner.enroll(payer.publicKey, class: "standard")
        let previous = provisioner.currentPublicKey
        let next = try KeyNotePrivateKey.generate(.ed25519, bits: 256)
        let retirement = ServiceFixture.now().adding(seconds: 30 * 86_400)
        try provisioner.rotate(keyFile: fixture.keyFile, to: next, retiringPreviousAt: retirement)
        #expect(try fixture.keyFile.read().publicKey == next.publicKey)
        try await fixture.serve(provisioner) { service in
            let answer = try await service.client().merchantPolicy().ok.body.json
            #expect(answer.trustedKeys.map(\.key) == [next.publicKey.encoded(.base64), previous.encoded(.base64)])
            #expect(answer.trustedKeys.map(\.retiresAt) == [nil, retirement.stamp])
            let bundle = try MerchantPolicyBundle(verifying: answer.bundle)
            #expect(bundle.signer == next.publicKey)
            #expect(try bundle.policy(at: ServiceFixture.now()).trustedIssuers == [next.publicKey, previous])
            #expect(try bundle.policy(at: retirement.adding(seconds: 1)).trustedIssuers == [next.publicKey])
            #expect(bundle.gates.map(\.category) == ["car-rental"])

            let grant = try await service.client(signedBy: payer).refreshCredentials(body: .json(.init())).ok.body.json
            #expect(grant.issuers == [next.publicKey.encoded(.base64), previous.encoded(.base64)])
            for credential in grant.credentials {
                let read = try SignedCredential(text: credential.text)
                #expect(read.issuer == next.publicKey)
                #expect(try AssertionSigning.verify(Array(read.text.utf8)))
            }
        }
    }

    @Test func aMerchantBundleWithAnAlteredLineDoesNotVerify() throws {
        let fixture = try ServiceFixture()
        let bundle = try fixture.provisioner(standing: StaticStanding(.good)).merchantBundle()
        let altered = bundle.text.replacingOccurrences(of: "app-domain: deli", with: "app-domain: bar")
        #expect(throws: ProvisioningError.self) { try MerchantPolicyBundle(verifying: altered) }
    }
}
