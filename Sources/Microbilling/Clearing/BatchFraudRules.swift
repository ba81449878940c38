/// Clearing's fraud rules (paper, section 3.4) for the entries one batch
/// posted, on one read of their payers' surrounding entries: each rule
/// raises at most one flag per payer (and merchant, and day) per batch.
/// Linear in the entries read, apart from sorting.
struct BatchFraudRules {
    let rules: ClearingRules
    let merchants: [String: MerchantAccount]
    let time: UTCTime

    /// Farther apart in time than this, two purchases are never impossible
    /// travel: half the Earth's circumference at the rules' maximum speed.
    static func travelSpan(_ rules: ClearingRules) -> Int64 {
        let halfCircumferenceMetres = 20_100_000
        return Int64(halfCircumferenceMetres * 36 / 10 / max(1, rules.maximumSpeedKmPerHour)) + 1
    }

    /// One payer at one merchant on one UTC day.
    private struct PayerDay: Hashable {
        let payer: String
        let merchantID: String
        let day: Int64
    }

    /// The flags for `posted`, given `history`: the payers' entries by offer
    /// time, covering the posted entries' days and travel span, posted ones included.
    func flags(after posted: [(entry: LedgerEntry, offer: Offer)], history: [LedgerEntry]) -> [FraudFlag] {
        var times: [PayerDay: [Int64]] = [:]
        for entry in history { times[key(entry), default: []].append(entry.time.secondsSince1970) }
        var flags: [FraudFlag] = []
        var counted = Set<PayerDay>(), understated = Set<PayerDay>()
        for (entry, offer) in posted {
            let day = key(entry)
            let sameDay = times[day] ?? []
            if counted.insert(day).inserted, sameDay.count > rules.purchasesPerMerchantPerDay {
                for subject in [entry.payer, entry.merchantID] {
                    flags.append(FraudFlag(subject: subject, rule: .tooManyPurchasesAtMerchant,
                                           detail: "\(sameDay.count) purchases at \(entry.merchantID) on \(entry.time.dateText)", at: time))
                }
            }
            let earlier = Self.countBefore(entry.time.secondsSince1970, in: sameDay)
            if offer.history.purchasesToday < earlier, understated.insert(day).inserted {
                flags.append(FraudFlag(subject: entry.merchantID, rule: .historyUnderstated,
                                       detail: "offered purchases_today \(offer.history.purchasesToday), cleared \(earlier) earlier that day", at: time))
            }
        }
        return flags + impossibleTravel(after: posted.map(\.entry), history: history)
    }

    /// Impossible travel: for each posted entry at a located merchant, its
    /// neighbours in time among the payer's located entries. Checking
    /// neighbours suffices: if two purchases are too far apart for the time
    /// between them, so are two consecutive ones between them.
    private func impossibleTravel(after posted: [LedgerEntry], history: [LedgerEntry]) -> [FraudFlag] {
        var located: [String: [LedgerEntry]] = [:]
        for entry in history where merchants[entry.merchantID]?.location != nil { located[entry.payer, default: []].append(entry) }
        var positions: [String: Int] = [:]
        for entries in located.values {
            for (position, entry) in entries.enumerated() { positions[entry.microcheckID] = position }
        }
        var flagged = Set<String>()
        var flags: [FraudFlag] = []
        for entry in posted where !flagged.contains(entry.payer) {
            guard let here = merchants[entry.merchantID]?.location, let position = positions[entry.microcheckID],
                  let entries = located[entry.payer] else { continue }
            for neighbour in [position - 1, position + 1] where entries.indices.contains(neighbour) {
                let other = entries[neighbour]
                guard let there = merchants[other.merchantID]?.location else { continue }
                let seconds = max(1, abs(other.time.secondsSince1970 - entry.time.secondsSince1970))
                let metres = here.metres(to: there)
                if metres * 3.6 / Double(seconds) > Double(rules.maximumSpeedKmPerHour) {
                    flags.append(FraudFlag(subject: entry.payer, rule: .impossibleTravel,
                                           detail: "\(Int(metres / 1000)) km between \(other.merchantID) and \(entry.merchantID) in \(seconds) s", at: time))
                    flagged.insert(entry.payer)
                    break
                }
            }
        }
        return flags
    }

    private func key(_ entry: LedgerEntry) -> PayerDay {
        PayerDay(payer: entry.payer, merchantID: entry.merchantID, day: entry.time.startOfDay.secondsSince1970)
    }

    /// How many of the ascending `times` are before `moment`.
    private static func countBefore(_ moment: Int64, in times: [Int64]) -> Int {
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[middle] < moment { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
