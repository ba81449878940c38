import Testing
import KeyNoteVectors
import KeyNote

/// Every case the reference keynote(1) computed gives the same answer
/// through the library API (the method of the vectors' README).
@Suite struct ConformanceVectorTests {
    @Test func allVectorsAreLoaded() throws {
        #expect(try KeyNoteVectors.queryCases().count == 502)
    }

    @Test(arguments: try KeyNoteVectors.queryCases())
    func queryGivesTheReferenceAnswer(_ vector: KeyNoteVectors.QueryCase) {
        let outcome = Self.run(vector)
        if vector.expected.hasPrefix("error:") {
            #expect(outcome.hasPrefix("error"), "\(vector.id): expected an error, got \(outcome); \(vector.note)")
        } else {
            #expect(outcome == vector.expected, "\(vector.id): \(vector.note)")
        }
    }

    /// Runs a case; returns the compliance value, or "error: ..." when the
    /// reference would have reported an error.
    static func run(_ vector: KeyNoteVectors.QueryCase) -> String {
        var session = KeyNoteSession()
        do {
            if let file = vector.env_file {
                for (name, value) in try KeyNoteFiles.parseEnvironment(Array(file.utf8)) {
                    try session.setAttribute(name, value)
                }
            } else {
                for pair in vector.env where pair.count == 2 {
                    try session.setAttribute(pair[0], pair[1])
                }
            }
            for authorizer in vector.authorizers {
                try session.addAuthorizer(KeyNoteFiles.parseAuthorizer(Array(authorizer.utf8)))
            }
            guard !vector.policies.isEmpty else { return "error: no trusted assertion" }
            for policy in vector.policies {
                // An assertion that does not parse is left out, as the reference does.
                _ = try? session.addPolicy(policy)
            }
            for credential in vector.credentials {
                _ = try? session.addCredential(credential)
            }
            return try session.query(values: vector.values).value
        } catch {
            return "error: \(error)"
        }
    }
}
