import Foundation
import MicrocheckAgents
import SerialLink
import Testing

@Suite struct AgentConfigurationTests {
    func write(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "agent-\(UUID().uuidString).conf"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func settingsAreReadAndPathsResolved() throws {
        let path = try write("# comment\n\nbaud = 115200\njournal = journal.sqlite\n")
        let config = try AgentConfiguration(path: path, known: ["baud", "journal"])
        #expect(try config.baud() == .b115200)
        #expect(try config.required("journal", config.resolve) == URL(fileURLWithPath: path).deletingLastPathComponent().path + "/journal.sqlite")
    }

    @Test func errorsNameLineAndColumn() throws {
        let misspelt = try write("baud = 9600\n  jurnal = x\n")
        do {
            _ = try AgentConfiguration(path: misspelt, known: ["baud", "journal"])
            Issue.record("an unknown setting was accepted")
        } catch {
            #expect(error.description.contains("line 2, column 3: unknown setting \"jurnal\""), "\(error)")
        }
        let config = try AgentConfiguration(path: try write("baud =  9601\n"), known: ["baud"])
        do {
            _ = try config.baud()
            Issue.record("a bad speed was accepted")
        } catch {
            #expect(error.description.contains("line 1, column 9: baud: 9601 is not one of"), "\(error)")
        }
        #expect(throws: AgentConfiguration.Error.self) { try AgentConfiguration(path: "/nonexistent/agent.conf", known: []) }
        let twice = try write("baud = 1\nbaud = 2\n")
        #expect(throws: AgentConfiguration.Error.self) { try AgentConfiguration(path: twice, known: ["baud"]) }
    }

    @Test func portsAndBoundedNumbers() throws {
        let config = try AgentConfiguration(path: try write("port = 8080\nbig = 65536\ncount = 7\nzero = 0\n"),
                                            known: ["port", "big", "count", "zero", "unset"])
        #expect(try config.port("port") == 8080)
        #expect(try config.port("unset") == nil)
        #expect(try config.integer("count", in: 1...10) == 7)
        #expect(try config.integer("unset", in: 1...10) == nil)
        do {
            _ = try config.port("big")
            Issue.record("port 65536 was accepted")
        } catch {
            #expect(error.description.contains("big: a port, 0-65535"), "\(error)")
        }
        do {
            _ = try config.integer("zero", in: 1...10)
            Issue.record("0 was accepted for 1...10")
        } catch {
            #expect(error.description.contains("zero: a number in 1...10"), "\(error)")
        }
    }
}
