// microcheck-demo: the paper's whole flow on one machine, simulated hardware,
// embedded defaults.
//
//   swift run microcheck-demo [--baud 9600] [--purchases 3]
//
// The PA issues the payer's credentials from its risk strategy; the paper's
// vending machine (vending-sim) and an IR link between two ptys (irlink-sim,
// paced at the baud rate) stand in for the hardware; the merchant terminal
// sells and the payer agent buys several sodas, offline. Then connectivity
// "appears": the gateway (started while clearing is still down, so it waits
// with backoff) relays the merchant's sealed deposits to the clearing server
// (SQLite ledger) as soon as it comes up; clearing settles, and the
// statements and the PA's exposure are printed. Every part runs as its own
// process, as deployed.

import Foundation
import Microbilling
import MicrobillingStorage
import MicrocheckCrypto
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

/// Writes `text` to `file` in `folder`.
func write(_ text: String, _ file: String, in folder: String) throws {
    try Data(text.utf8).write(to: URL(fileURLWithPath: folder + "/" + file))
}

let binaries = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
let folder = NSTemporaryDirectory() + "microcheck-demo-\(UUID().uuidString)"
print("== provisioning: the PA service makes its key and enrolls the payer in person (standard class)")
do {
    let shop = try SimulatedShop(binaries: binaries, folder: folder, link: .init(baud: baud),
                                 issuer: .service(binaries.appendingPathComponent("provisioning")))
    print("   PA key \(shop.setup.paKey.fingerprint.prefix(16)); payer bundle \(folder)/payer.bundle, credentials in \(folder)/credentials")
    print("== purchases, offline: vending-sim, irlink-sim at \(baud) baud, merchant-terminal, payer-agent")
    let selections = [2, 1, 3, 2, 5]
    for index in 0..<purchases {
        let selection = selections[index % selections.count]
        let start = ContinuousClock.now
        let purchase = try shop.purchase(selection: selection)
        print("payer-agent (button \(selection)): \(purchase.summary)  [\(ContinuousClock.now - start)]")
    }
    print("== motor log (the machine's own record)")
    for run in shop.motorLog() { print("  selection \(run.selection) \(run.vended ? "vended" : "jammed") for \(run.paymentID)") }

    print("== connectivity appears: the gateway relays the merchant's sealed deposits to clearing")
    let port = 18_480 + Int(getpid() % 1000)
    try write("M-1 \(shop.setup.merchantKey.encoded(.base64))\n", "merchants", in: folder)
    try write("""
        # clearing of the demo: SQLite ledger, loopback
        port = \(port)
        ledger = ledger.sqlite
        merchants = merchants
        issuers = issuers
        app-domain = vending

        """, "clearing.conf", in: folder)
    try write("""
        # the merchant-site gateway of the demo: collects the terminal's journal on this host
        spool = spool.sqlite
        clearing-url = http://127.0.0.1:\(port)
        journal = journal.sqlite
        merchant-id = M-1
        merchant-key-file = merchant.key
        backoff-initial-ms = 100
        backoff-max-ms = 1000

        """, "gateway.conf", in: folder)
    let gateway = try ChildProcess(binaries.appendingPathComponent("gateway"), ["drain", "--wait", "--config", folder + "/gateway.conf"])
    if let waiting = gateway.line(containing: "clearing not reached", timeout: .seconds(60)) {
        print("gateway: \(waiting.split(separator: " ", maxSplits: 3).last ?? "")")
    }
    let clearing = try ChildProcess(binaries.appendingPathComponent("clearing"), ["serve", "--config", folder + "/clearing.conf"])
    defer { clearing.stop() }
    if let listening = clearing.line(startingWith: "clearing listening", timeout: .seconds(60)) { print(listening) }
    if let drained = gateway.line(startingWith: "drained", timeout: .seconds(120)) { print("gateway: \(drained)") }
    guard gateway.waitForExit(timeout: .seconds(30)) == 0 else {
        throw ShopError("the gateway did not drain its spool")
    }
    clearing.stop()

    print("== settlement (clearing's ledger)")
    let house = ClearingHouse(store: try SQLiteClearingStore(path: folder + "/ledger.sqlite"),
                              merchants: [MerchantAccount(merchantID: "M-1", key: shop.setup.merchantKey, policy: shop.setup.policy)])
    let merchantStatement = try house.statement(merchantID: "M-1")
    for entry in merchantStatement.entries {
        print("  posted \(entry.amount) from payer \(entry.payer.prefix(12)) to \(entry.merchantID) (fund \(entry.fund), microcheck \(entry.microcheckID.prefix(12)))")
    }
    for (account, total) in merchantStatement.totals.sorted(by: { $0.key < $1.key }) {
        print("  merchant M-1 statement: \(account) \(total) minor units")
    }
    if let payer = merchantStatement.entries.first?.payer {
        let statement = try house.statement(payer: payer)
        print("  payer \(payer.prefix(12)) statement: \(statement.entries.count) microchecks, standing \(try house.standing(ofPayer: payer).rawValue)")
    }
    print("== exposure (what the PA risks on the credentials it issued)")
    let terms = try shop.setup.issuedTerms()
    print(ExposureReport(currency: .usd, merchants: 3, from: terms.first?.notBefore ?? UTCTime(secondsSince1970: 0),
                         payers: [("payer", terms)]).description, terminator: "")
    print("== done; files kept in \(folder)")
} catch {
    FileHandle.standardError.write(Data("microcheck-demo: \(error)\n".utf8))
    exit(1)
}
