import BuiltPrograms
import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckScenarios

/// The clearing and gateway executables set up over a world's files: the
/// merchants and issuers clearing knows, its configuration on a fixed
/// loopback port (so that it can be restarted on it), and a gateway
/// configuration whose spool holds the whole backlog.
struct ProcessWorld {
    let world: ClearingWorld
    let port: Int
    let clearingConfig: String
    let gatewayConfig: String
    let spoolPath: String
    let ledgerPath: String

    init(world: ClearingWorld, uploadSize: Int) throws {
        self.world = world
        port = try Self.freePort()
        let folder = world.folder
        let merchants = world.backlog.merchants.map { "\($0.merchantID) \($0.key.encoded(.base64))" }.joined(separator: "\n")
        try (merchants + "\n").write(toFile: folder + "/merchants", atomically: true, encoding: .utf8)
        let issuers = world.backlog.merchants.first?.policy.trustedIssuers.map { $0.encoded(.base64) }.joined(separator: "\n") ?? ""
        try (issuers + "\n").write(toFile: folder + "/issuers", atomically: true, encoding: .utf8)
        ledgerPath = folder + "/ledger.sqlite"
        clearingConfig = folder + "/clearing.conf"
        try """
            port = \(port)
            ledger = ledger.sqlite
            merchants = merchants
            issuers = issuers
            app-domain = \(DepositBacklog.appDomain)
            deposit-window-days = 3650

            """.write(toFile: clearingConfig, atomically: true, encoding: .utf8)
        spoolPath = folder + "/spool.sqlite"
        _ = try world.fullSpool()
        gatewayConfig = folder + "/gateway.conf"
        try """
            spool = spool.sqlite
            clearing-url = http://127.0.0.1:\(port)
            batch-size = \(uploadSize)
            backoff-initial-ms = 20
            backoff-max-ms = 200

            """.write(toFile: gatewayConfig, atomically: true, encoding: .utf8)
    }

    /// Starts clearing, stopping at `failpoint` if given; returns once it listens.
    func startClearing(failpoint: String? = nil) throws -> ChildProcess {
        let program = try Self.program("clearing")
        let process = try ChildProcess(program, ["serve", "--config", clearingConfig],
                                       environment: failpoint.map { ["MICROCHECK_FAILPOINT": $0] } ?? [:])
        guard process.line(startingWith: "clearing listening", timeout: .seconds(30)) != nil else {
            process.stop()
            throw ProcessWorldError(reason: "clearing did not start")
        }
        return process
    }

    /// Starts `gateway drain --wait`, stopping at `failpoint` if given.
    func startGateway(failpoint: String? = nil) throws -> ChildProcess {
        try ChildProcess(try Self.program("gateway"), ["drain", "--wait", "--config", gatewayConfig],
                         environment: failpoint.map { ["MICROCHECK_FAILPOINT": $0] } ?? [:])
    }

    static func program(_ name: String) throws -> URL {
        guard let url = BuiltPrograms.url(of: name) else { throw ProcessWorldError(reason: "\(name) is not built") }
        return url
    }

    /// A loopback port nothing listens on now.
    static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard socket >= 0 else { throw ProcessWorldError(reason: "no socket") }
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) == 0 && getsockname(socket, $0, &length) == 0 }
        }
        guard bound else { throw ProcessWorldError(reason: "cannot bind a loopback port") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct ProcessWorldError: Error, CustomStringConvertible {
    let reason: String
    var description: String { reason }
}
