import ArgumentParser
import Foundation
import HardwareSim
import SerialLink

/// `vending-sim`: the paper's vending machine behind its serial controller
/// (protocol-spec/vending-controller.md), on a new pty or a given device.
///
/// Prints `device <path>` first, then serves the controller protocol on that
/// device while it reads operator lines on standard input (`press <n>`, `jam <n>`,
/// `restock <n> <count>`, `quit`), answering each with `ok <line>` or `error <line>`.
/// Ends on `quit` or at the end of standard input.
struct VendingSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vending-sim",
        abstract: "Simulate the vending machine's serial controller on a pty or a serial device."
    )

    @Option(name: .long, help: "Serve on this serial device instead of a new pty.")
    var device: String?

    @Option(name: .long, help: "Append one line per motor run to this file, synced before each answer.")
    var motorLog: String?

    @Option(name: .long, help: "A catalog file: lines '<n> <price> <currency> <category> <stock> <name>'.")
    var catalog: String?

    @Option(name: .long, help: "The line speed (2400, 9600, 19200, 38400, 57600, 115200).")
    var baud: Int = 9600

    func validate() throws {
        guard BaudRate(rawValue: baud) != nil else {
            throw ValidationError("unsupported --baud \(baud); use one of \(BaudRate.allCases.map(\.rawValue))")
        }
    }

    func run() throws {
        let machine = VendingMachine(catalog: try loadCatalog(), motorLog: try openMotorLog())
        let speed = BaudRate(rawValue: baud) ?? .b9600
        let channel: any ByteChannel
        let path: String
        // The pty stays referenced until the end of run(): its device side must stay open.
        var pty: PseudoTerminal?
        do {
            if let device {
                channel = try SerialPort(device: device, baud: speed)
                path = device
            } else {
                let terminal = try PseudoTerminal(baud: speed)
                pty = terminal
                channel = terminal.controller
                path = terminal.devicePath
            }
        } catch {
            StandardStreams.printError("vending-sim: \(error)")
            throw ExitCode(1)
        }
        let server = VendingControllerServer(machine: machine, channel: channel)
        server.start()
        StandardStreams.printLine("device \(path)")
        StandardStreams.readLines { line in
            guard let command = OperatorCommand(line: line) else {
                StandardStreams.printLine("error \(line)")
                return true
            }
            if command == .quit { return false }
            StandardStreams.printLine((command.perform(on: machine) ? "ok " : "error ") + line)
            return true
        }
        server.stop()
        withExtendedLifetime(pty) {}
        if let failure = server.failure {
            StandardStreams.printError("vending-sim: the controller stopped: \(failure)")
            throw ExitCode(1)
        }
    }

    private func loadCatalog() throws -> VendingCatalog {
        guard let catalog else { return .sodaMachine }
        guard let handle = FileHandle(forReadingAtPath: catalog) else {
            StandardStreams.printError("vending-sim: cannot open the catalog \(catalog)")
            throw ExitCode(2)
        }
        defer { try? handle.close() }
        do {
            let bytes = [UInt8](try handle.read(upToCount: VendingCatalog.maximumFileSize + 1) ?? Data())
            return try VendingCatalog.parse(bytes)
        } catch {
            StandardStreams.printError("vending-sim: \(catalog): \(error)")
            throw ExitCode(2)
        }
    }

    private func openMotorLog() throws -> MotorLog? {
        guard let motorLog else { return nil }
        do {
            return try MotorLog(path: motorLog)
        } catch {
            StandardStreams.printError("vending-sim: \(error)")
            throw ExitCode(2)
        }
    }
}

VendingSimCommand.main()
