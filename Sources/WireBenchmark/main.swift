// wire-bench: bytes on the wire and link time per purchase.
//
//   swift run -c release wire-bench
//
// For RSA-1024 and Ed25519 payer keys: a first purchase (the merchant
// learns the payer's credential, the payer the merchant's card) and a repeat
// purchase, both ways, framing and acknowledgements included; the time those
// bytes take at 9,600 and 115,200 baud (10 bit times a byte, 2 ms turnaround
// per frame); beside the same purchase sent as the paper's plain text
// (offer attributes, payer credential and microcheck as text).

import Foundation
import Microbilling
import MicrocheckAgents
import MicrocheckCrypto
import MicrocheckLink
import MicrocheckScenarios
import SerialLink

/// A machine that always dispenses the paper's soda.
final class Machine: Dispenser, SelectionSource, @unchecked Sendable {
    func dispense(selection: Int, paymentID: String) throws -> Bool { true }
    func nextSelection(timeout: Duration) throws -> Selection? {
        Selection(number: 3, product: "Pocari Sweat", category: "drink", priceMinor: 83, soldOut: false)
    }
}

struct BenchmarkFailure: Error, CustomStringConvertible {
    var description: String
}

func milliseconds(bytes: Int, frames: Int, baud: BaudRate) -> String {
    String(format: "%7.0f", (baud.seconds(forBytes: bytes) + Double(frames) * 0.002) * 1000)
}

func plainText(_ world: PurchaseWorld, _ run: PurchaseWorld.Run) -> Int {
    guard case .dispensed(let purchase) = run.merchant else { return 0 }
    let offer = purchase.offer.attributes.map { "\($0.name) = \"\($0.value)\"\n" }.joined()
    return offer.utf8.count + world.credential.text.utf8.count + purchase.microcheck.utf8.count
}

let now = UTCTime(secondsSince1970: 1_795_000_000)
print("wire-bench: one purchase, both directions, framing and acknowledgements included")
print("link time = bytes x 10 / baud + 2 ms turnaround per frame\n")
print("payer key  purchase   bytes  frames  ms@9600  ms@115200   paper text  ms@9600")
for (name, algorithm) in [("RSA-1024", KeyAlgorithm.rsa), ("Ed25519", KeyAlgorithm.ed25519)] {
    let folder = NSTemporaryDirectory() + "wire-bench-\(UUID().uuidString)"
    defer { try? FileManager.default.removeItem(atPath: folder) }
    let world = try PurchaseWorld(folder: folder, payerAlgorithm: algorithm, now: now)
    for (label, offset) in [("first", Int64(0)), ("repeat", Int64(60))] {
        let (a, b) = MemoryLine.pair()
        let run = try world.purchase(payerLine: a, merchantLine: b, timing: .forLine(.b9600), dispenser: Machine(),
                                     selections: Machine(), at: now.adding(seconds: offset))
        guard case .dispensed = run.payer else { throw BenchmarkFailure(description: "\(name) \(label): \(run.payer)") }
        let plain = plainText(world, run)
        print("\(name.padding(toLength: 10, withPad: " ", startingAt: 0)) \(label.padding(toLength: 8, withPad: " ", startingAt: 0))"
              + String(format: " %7d  %6d", run.bytes, run.frames)
              + " \(milliseconds(bytes: run.bytes, frames: run.frames, baud: .b9600))"
              + "    \(milliseconds(bytes: run.bytes, frames: run.frames, baud: .b115200))"
              + String(format: "   %10d", plain) + " \(milliseconds(bytes: plain, frames: 0, baud: .b9600))")
    }
}
print("\ntarget: a repeat purchase with an Ed25519 payer key under 250 ms at 9,600 baud (at most 240 bytes)")
