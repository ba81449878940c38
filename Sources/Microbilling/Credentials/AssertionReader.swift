import KeyNote
import MicrocheckCrypto

/// Reads an assertion of this system from a peer: bounded size, KeyNote
/// syntax, a key as Authorizer and one principal as Licensee.
enum AssertionReader {
    static func read(_ text: String, as what: String, maximumSize: Int) throws(MicrobillingError) -> (assertion: Assertion, authorizer: KeyNoteKey, licensee: String) {
        guard text.utf8.count <= maximumSize else {
            throw MicrobillingError(.invalidAssertion, "\(what) of \(text.utf8.count) bytes is above \(maximumSize)")
        }
        let assertion: Assertion
        do {
            assertion = try Assertion(parsing: text)
        } catch {
            throw MicrobillingError(.invalidAssertion, "\(what): \(error)")
        }
        guard let authorizer = assertion.authorizerKey else {
            throw MicrobillingError(.invalidAssertion, "\(what): the Authorizer is not a public key")
        }
        guard let licensee = assertion.singleLicenseeText else {
            throw MicrobillingError(.invalidAssertion, "\(what): the Licensees field is not one principal")
        }
        return (assertion, authorizer, licensee)
    }
}
