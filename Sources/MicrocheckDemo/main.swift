// microcheck-demo: the offline payment flow on simulated hardware.
//
//   swift run microcheck-demo [--baud 9600] [--purchases 3]
//
// Starts the paper's vending machine (vending-sim), an IR link between two
// ptys (irlink-sim, paced at the baud rate), the merchant terminal, and runs
// payer-agent purchases; then clears the merchant's journal (SQLite ledger)
// and prints the statements. Every part but clearing runs as its own process.

import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckScenarios

var baud = 9600
var purchases = 3
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--baud": baud = arguments.next().flatMap(Int.init) ?? baud
    case "--purchases": purchases = arguments.next().flatMap(Int.init) ?? purchases
    default:
        FileHandle.standardError.write(Data("usage: microcheck-demo [--baud N] [--purchases N]\n".utf8))
        exit(64)
    }
}

let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let folder = NSTemporaryDirectory() + "microcheck-demo-\(UUID().uuidString)"
print("== shop in \(folder): vending-sim, irlink-sim at \(baud) baud, merchant-terminal")
do {
    let shop = try SimulatedShop(binaries: binaries, folder: folder, link: .init(baud: baud))
    let selections = [2, 1, 3, 2, 5]
    for index in 0..<purchases {
        let selection = selections[index % selections.count]
        let start = ContinuousClock.now
        let purchase = try shop.purchase(selection: selection)
        print("payer-agent (button \(selection)): \(purchase.summary)  [\(ContinuousClock.now - start)]")
    }
    print("== motor log (the machine's own record)")
    for run in shop.motorLog() { print("  selection \(run.selection) \(run.vended ? "vended" : "jammed") for \(run.paymentID)") }

    print("== clearing (SQLite ledger)")
    let journal = try SQLiteMerchantJournal(path: folder + "/journal.sqlite")
    let clearing = ClearingHouse(store: try SQLiteClearingStore(path: folder + "/ledger.sqlite"),
                                 merchants: [MerchantAccount(merchantID: "M-1", key: shop.setup.merchantKey, policy: shop.setup.policy)])
    let now = UTCTime(secondsSince1970: Int64(Date().timeIntervalSince1970))
    var cleared: [String] = []
    for purchase in try journal.pendingDeposits(limit: 100) {
        do {
            let entry = try clearing.clear(purchase, depositedBy: "M-1", at: now)
            cleared.append(purchase.microcheckID)
            print("  posted \(entry.amount) from payer \(entry.payer.prefix(12)) to \(entry.merchantID) (fund \(entry.fund))")
        } catch {
            print("  rejected \(purchase.microcheckID): \(error)")
        }
    }
    try journal.markDeposited(microcheckIDs: cleared)
    for (account, total) in try clearing.statement(merchantID: "M-1").totals.sorted(by: { $0.key < $1.key }) {
        print("  merchant M-1 statement: \(account) \(total) minor units")
    }
    print("== done; files kept in \(folder)")
} catch {
    FileHandle.standardError.write(Data("microcheck-demo: \(error)\n".utf8))
    exit(1)
}
