import ArgumentParser
import HardwareSim
import SerialLink

/// `irlink-sim`: two ptys joined by a simulated IR link (baud pacing, bit errors,
/// frame loss, turnaround, cuts).
///
/// Prints `a <path>` and `b <path>` first: open each path like a serial port.
/// Reads `cut`, `restore` and `quit` on standard input (answering `ok <line>`),
/// and prints the counters (`name value` lines) when it ends.
struct IRLinkSimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "irlink-sim",
        abstract: "Join two ptys through a simulated IR link."
    )

    @Option(name: .long, help: "The line speed (2400, 9600, 19200, 38400, 57600, 115200).")
    var baud: Int = 9600

    @Option(name: .long, help: "The probability that a data bit flips, in [0, 1].")
    var bitErrorRate: Double = 0

    @Option(name: .long, help: "The probability that a whole burst is lost, in [0, 1].")
    var frameLoss: Double = 0

    @Option(name: .long, help: "The quiet time when the direction changes, in milliseconds.")
    var turnaroundMs: Int = 0

    @Option(name: .long, help: "The seed of the fault generators.")
    var seed: UInt64 = 1

    func validate() throws {
        guard BaudRate(rawValue: baud) != nil else {
            throw ValidationError("unsupported --baud \(baud); use one of \(BaudRate.allCases.map(\.rawValue))")
        }
        guard (0...60_000).contains(turnaroundMs) else {
            throw ValidationError("--turnaround-ms must be in 0...60000")
        }
        do {
            try linkConfiguration.validate()
        } catch {
            throw ValidationError(error.description)
        }
    }

    private var linkConfiguration: IRLinkConfiguration {
        IRLinkConfiguration(baud: BaudRate(rawValue: baud) ?? .b9600, bitErrorRate: bitErrorRate,
                            frameLossProbability: frameLoss, turnaround: .milliseconds(turnaroundMs), seed: seed)
    }

    func run() throws {
        let link: IRLinkSimulator
        let a: PseudoTerminal
        let b: PseudoTerminal
        do {
            a = try PseudoTerminal(baud: linkConfiguration.baud)
            b = try PseudoTerminal(baud: linkConfiguration.baud)
            link = try IRLinkSimulator(a: a.controller, b: b.controller, configuration: linkConfiguration)
        } catch {
            StandardStreams.printError("irlink-sim: \(error)")
            throw ExitCode(1)
        }
        link.start()
        StandardStreams.printLine("a \(a.devicePath)")
        StandardStreams.printLine("b \(b.devicePath)")
        StandardStreams.readLines { line in
            switch line {
            case "cut": link.cut()
            case "restore": link.restore()
            case "quit": return false
            default:
                StandardStreams.printLine("error \(line)")
                return true
            }
            StandardStreams.printLine("ok \(line)")
            return true
        }
        link.stop()
        StandardStreams.printLine(link.counters.description)
        for failure in link.failures {
            StandardStreams.printError("irlink-sim: \(failure)")
        }
    }
}

IRLinkSimCommand.main()
