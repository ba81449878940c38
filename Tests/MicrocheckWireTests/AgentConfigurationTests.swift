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
}
