import Foundation
import Microbilling
import MicrocheckCrypto

/// A vending machine shop on simulated hardware, every part its own
/// process: `vending-sim` (the machine's controller on a pty), `irlink-sim`
/// (the IR link between two ptys, paced, with faults), `merchant-terminal`
/// and, per purchase, `payer-agent`.
public final class SimulatedShop: @unchecked Sendable {
    /// The IR link's settings.
    public struct Link: Sendable {
        /// The line speed.
        public var baud: Int
        /// Probability that a bit flips.
        public var bitErrorRate: Double
        /// Probability that a burst of bytes is lost.
        public var frameLoss: Double
        /// The simulator's seed.
        public var seed: UInt64

        /// Creates settings.
        public init(baud: Int, bitErrorRate: Double = 0, frameLoss: Double = 0, seed: UInt64 = 1) {
            self.baud = baud
            self.bitErrorRate = bitErrorRate
            self.frameLoss = frameLoss
            self.seed = seed
        }
    }

    /// What one payer-agent run printed and how it ended.
    public struct Purchase: Sendable {
        /// The exit status: 0 dispensed, 2 refused or declined or no purchase, 3 pending.
        public var status: Int32
        /// The payer agent's last line.
        public var summary: String
    }

    /// A dispense as the machine logged it.
    public struct MotorRun: Sendable, Hashable {
        /// The selection.
        public var selection: Int
        /// The payment id (the microcheck's id).
        public var paymentID: String
        /// Whether the item came out.
        public var vended: Bool
    }

    /// The shop's files.
    public let setup: ShopSetup
    private let binaries: URL
    private let vending: ChildProcess
    private let link: ChildProcess
    private var terminal: ChildProcess?
    private let motorLogPath: String

    /// Starts the machine, the link and the merchant terminal in `folder`,
    /// with the programs found in `binaries`.
    public init(binaries: URL, folder: String, link settings: Link, payerAlgorithm: KeyAlgorithm = .ed25519,
                issuer: ShopSetup.Issuer = .inProcess, terminalEnvironment: [String: String] = [:]) throws {
        self.binaries = binaries
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        motorLogPath = folder + "/motor.log"
        vending = try ChildProcess(binaries.appendingPathComponent("vending-sim"), ["--motor-log", motorLogPath])
        guard let controller = vending.line(startingWith: "device ", timeout: .seconds(10))?.dropFirst(7) else {
            throw ShopError("vending-sim did not say its device")
        }
        link = try ChildProcess(binaries.appendingPathComponent("irlink-sim"),
                                ["--baud", String(settings.baud), "--bit-error-rate", String(settings.bitErrorRate),
                                 "--frame-loss", String(settings.frameLoss), "--seed", String(settings.seed), "--turnaround-ms", "1"])
        guard let merchantSide = link.line(startingWith: "a ", timeout: .seconds(10))?.dropFirst(2),
              let payerSide = link.line(startingWith: "b ", timeout: .seconds(10))?.dropFirst(2) else {
            throw ShopError("irlink-sim did not say its devices")
        }
        setup = try ShopSetup(folder: folder, payerAlgorithm: payerAlgorithm, now: UTCTime(secondsSince1970: Int64(Date().timeIntervalSince1970)),
                              linkDevice: String(merchantSide), controllerDevice: String(controller),
                              payerDevice: String(payerSide), baud: settings.baud, issuer: issuer)
        try startTerminal(environment: terminalEnvironment)
    }

    deinit {
        terminal?.stop()
        link.stop()
        vending.stop()
    }

    /// Starts (or restarts) the merchant terminal.
    public func startTerminal(environment: [String: String] = [:]) throws {
        terminal?.stop()
        terminal = try ChildProcess(binaries.appendingPathComponent("merchant-terminal"), ["run", "--config", setup.merchantConfig],
                                    environment: environment)
    }

    /// Waits for the merchant terminal to exit (after a failpoint); its status.
    public func terminalExit(timeout: Duration) -> Int32? {
        terminal?.waitForExit(timeout: timeout)
    }

    /// A customer presses `selection` and pays with the payer agent; with
    /// `cutAfter`, the IR link is cut that long after the payer starts (the
    /// payer walks away mid-purchase) and restored once the payer has finished.
    public func purchase(selection: Int, timeout: Duration = .seconds(60), cutAfter: Duration? = nil) throws -> Purchase {
        try vending.send("press \(selection)")
        let payer = try ChildProcess(binaries.appendingPathComponent("payer-agent"), ["buy", "--config", setup.payerConfig, "--yes"])
        if let cutAfter {
            Thread.sleep(forTimeInterval: Double(cutAfter.components.seconds) + Double(cutAfter.components.attoseconds) / 1e18)
            try cutLink(true)
        }
        defer { if cutAfter != nil { try? cutLink(false) } }
        var summary = ""
        while let line = payer.line(startingWith: "", timeout: timeout) { summary = line }
        guard let status = payer.waitForExit(timeout: timeout) else {
            payer.stop()
            throw ShopError("payer-agent did not finish within \(timeout)")
        }
        return Purchase(status: status, summary: summary)
    }

    /// Cuts the IR link (the payer walks away) or restores it.
    public func cutLink(_ cut: Bool) throws {
        try link.send(cut ? "cut" : "restore")
    }

    /// Fills `selection` with `count` items.
    public func restock(_ selection: Int, count: Int) throws {
        try vending.send("restock \(selection) \(count)")
        guard vending.line(startingWith: "ok restock", timeout: .seconds(5)) != nil else {
            throw ShopError("vending-sim did not restock \(selection)")
        }
    }

    /// Jams the next vend of `selection`.
    public func jam(_ selection: Int) throws {
        try vending.send("jam \(selection)")
    }

    /// The machine's motor log, from its own file.
    public func motorLog() -> [MotorRun] {
        guard let data = FileManager.default.contents(atPath: motorLogPath) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4, let selection = Int(fields[1]) else { return nil }
            return MotorRun(selection: selection, paymentID: String(fields[2]), vended: fields[3] == "vended")
        }
    }
}

/// A simulated shop could not start or run.
public struct ShopError: Error, CustomStringConvertible {
    /// What went wrong.
    public var description: String
    /// An error saying `description`.
    public init(_ description: String) { self.description = description }
}
