import Foundation
import Logging
import Microbilling
import MicrocheckAgents
import MicrocheckLink
import SerialLink

/// Collects deposits from merchant terminals that come on a serial or IR
/// line, one contact after another, on a thread of its own.
enum LineCollector {
    /// Starts collecting on `device`.
    static func start(device: String, baud: BaudRate, spool: any GatewaySpool, logger: Logger) {
        let thread = Thread {
            while true {
                do {
                    let link = ReliableLink(channel: try SerialPort(device: device, baud: baud), timing: .forLine(baud))
                    switch CollectorConversation(link: link, spool: spool).collect() {
                    case .collected(let merchant, let count):
                        if count > 0 { logger.info("collected \(count) deposits from \(merchant ?? "a merchant") on \(device)") }
                    case .abandoned(let error, let count):
                        if count > 0 { logger.warning("collection on \(device) broke off after \(count) deposits: \(error)") }
                    }
                } catch {
                    logger.error("cannot open \(device): \(error)")
                }
                Thread.sleep(forTimeInterval: 1)
            }
        }
        thread.start()
    }
}
