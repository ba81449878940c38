import Foundation
import Microbilling
import MicrocheckAgents
import VendingController

/// The vending machine as the merchant terminal sees it: buttons, items,
/// motors and the display, through the controller's line protocol.
final class VendingMachineDriver: Dispenser, SelectionSource, @unchecked Sendable {
    private let host: VendingControllerHost<ByteChannelLineTransport>
    /// One exchange with the controller at a time.
    private let lock = NSLock()

    init(transport: ByteChannelLineTransport) throws {
        host = VendingControllerHost(transport: transport)
        _ = try host.hello()
    }

    func nextSelection(timeout: Duration) throws -> Selection? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let pressed = try lock.withLock { try host.poll() }
            if let number = pressed {
                let (info, stock) = try lock.withLock { (try host.info(number), try host.stock(number)) }
                return Selection(number: number, product: info.name, category: info.category,
                                 priceMinor: Int64(info.price.minorUnits), soldOut: stock == 0)
            }
            // The controller has no button events: poll it 20 times a second.
            Thread.sleep(forTimeInterval: 0.05)
        }
        return nil
    }

    func dispense(selection: Int, paymentID: String) throws -> Bool {
        guard let id = PaymentID(paymentID) else { throw VendingHostError.transport("payment id \(paymentID) is not valid") }
        return try lock.withLock {
            switch try host.vend(selection, id: id) {
            case .vended: return true
            case .failed: return false
            case .notRun:
                // Nothing came out and nothing ran: one more try, then give up (voided).
                if case .vended = try host.vend(selection, id: id) { return true }
                return false
            }
        }
    }

    /// What the controller last vended, to settle a journal entry left open by a crash.
    func lastVend() throws -> LastVend? {
        try lock.withLock { try host.last() }
    }

    /// Shows `text` on the VFD (two 20-column lines split at `|`); display trouble never stops a sale.
    func show(_ text: String) {
        _ = try? lock.withLock { try host.display(String(text.prefix(40))) }
    }
}
