import Testing
@testable import DeviceDiscovery

@Suite("DeviceRule text form")
struct DeviceRuleParsingTests {
    @Test func parsesEveryKey() throws {
        let rule = try DeviceRule(parsing: "vendor=0403 model=6001\tdriver=ftdi_sio devnode=/dev/ttyUSB* name=front-ir role=ir-dongle")
        #expect(rule == DeviceRule(vendorID: "0403", modelID: "6001", driver: "ftdi_sio",
                                   devnodePattern: "/dev/ttyUSB*", name: "front-ir", role: "ir-dongle"))
    }

    @Test func normalizesHexToLowercase() throws {
        let rule = try DeviceRule(parsing: "vendor=10C4 model=EA60")
        #expect(rule.vendorID == "10c4")
        #expect(rule.modelID == "ea60")
    }

    @Test func stopsAtComment() throws {
        let rule = try DeviceRule(parsing: "driver=cp210x # vendor=zzzz")
        #expect(rule == DeviceRule(driver: "cp210x"))
    }

    struct BadLine: Sendable, CustomTestStringConvertible {
        let text: String
        let code: DeviceRuleSyntaxError.Code
        let column: Int
        var testDescription: String { "\(text.prefix(40)) → \(code)@\(column)" }
    }

    @Test(arguments: [
        BadLine(text: "vendor=0403 modle=6001", code: .unknownKey, column: 13),
        BadLine(text: "vendor=04x3", code: .invalidValue, column: 8),
        BadLine(text: "vendor=04031", code: .invalidValue, column: 8),
        BadLine(text: "  vendor=0403   vendor=0404", code: .duplicateKey, column: 17),
        BadLine(text: "driver", code: .expectedKeyValue, column: 1),
        BadLine(text: "driver=", code: .invalidValue, column: 8),
        BadLine(text: "driver=ftdi/sio", code: .invalidValue, column: 8),
        BadLine(text: "devnode=ttyUSB*", code: .invalidValue, column: 9),
        BadLine(text: "name=front role=ir", code: .unconstrained, column: 1),
        BadLine(text: "# only a comment", code: .unconstrained, column: 1),
        BadLine(text: "devnode=/" + String(repeating: "x", count: 1100), code: .tooLong, column: 1025),
    ])
    func rejectsWithColumn(_ bad: BadLine) {
        #expect {
            try DeviceRule(parsing: bad.text, line: 7)
        } throws: { error in
            guard let error = error as? DeviceRuleSyntaxError else { return false }
            return error.code == bad.code && error.column == bad.column && error.line == 7
        }
    }

    @Test func parsesListSkippingBlankAndCommentLines() throws {
        let rules = try DeviceRule.parseList("""
            # IR dongles
            vendor=0403 model=6001 name=ftdi-ir

            devnode=/tmp/sim/ttyIR* role=simulated
            """)
        #expect(rules.map(\.name) == ["ftdi-ir", nil])
        #expect(rules.last?.devnodePattern == "/tmp/sim/ttyIR*")
    }

    @Test func listErrorGivesLineAndColumn() {
        #expect {
            try DeviceRule.parseList("# c\n\nvendor=0403\n  devnode=dev")
        } throws: { error in
            (error as? DeviceRuleSyntaxError).map { $0.code == .invalidValue && $0.line == 4 && $0.column == 11 } ?? false
        }
    }

    @Test func listIsBounded() {
        let text = Array(repeating: "driver=x", count: DeviceRule.maximumRuleCount + 1).joined(separator: "\n")
        #expect {
            try DeviceRule.parseList(text)
        } throws: { error in
            (error as? DeviceRuleSyntaxError).map { $0.code == .tooLong && $0.line == DeviceRule.maximumRuleCount + 1 } ?? false
        }
    }
}
