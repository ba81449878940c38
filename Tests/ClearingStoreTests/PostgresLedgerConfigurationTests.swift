import Microbilling
import MicrobillingPostgres
import Testing

/// Reading MICROCHECK_POSTGRES-style connection strings.
@Suite struct PostgresLedgerConfigurationTests {
    @Test func readsEveryKeyword() throws {
        let configuration = try PostgresLedgerConfiguration(
            connectionString: "host=127.0.0.1  port=54329 user=postgres dbname=microcheck password=s3cret")
        #expect(configuration == PostgresLedgerConfiguration(host: "127.0.0.1", port: 54329, user: "postgres",
                                                             database: "microcheck", password: "s3cret"))
    }

    @Test func portAndPasswordAreOptional() throws {
        let configuration = try PostgresLedgerConfiguration(connectionString: "host=db user=clearing dbname=ledger")
        #expect(configuration.port == 5432)
        #expect(configuration.password == nil)
    }

    @Test(arguments: [
        ("host=db user=u", "\"dbname\" is missing"),
        ("host=db user=u dbname=l port=0", "port \"0\" is not a TCP port"),
        ("host=db user=u dbname=l port=5432x", "port \"5432x\" is not a TCP port"),
        ("host=db user=u dbname=l sslmode=disable", "unknown keyword \"sslmode\""),
        ("host=db user=u dbname=l host=other", "\"host\" given twice"),
        ("host=db user dbname=l", "\"user\" is not keyword=value"),
        ("host= user=u dbname=l", "\"host=\" is not keyword=value"),
    ])
    func refusesWhatItCannotRead(_ text: String, _ reason: String) {
        #expect {
            _ = try PostgresLedgerConfiguration(connectionString: text)
        } throws: { error in
            guard let error = error as? MicrobillingError else { return false }
            return error.code == .invalidValue && error.reason.hasSuffix(reason)
        }
    }
}
