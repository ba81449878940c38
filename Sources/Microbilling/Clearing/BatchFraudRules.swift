/// Clearing's fraud rules (paper, section 3.4) for the entries one batch
/// posted, on one read of their payers' surrounding entries: each rule
/// raises at most one flag per payer (and merchant, and day) per batch.
/// Linear in the entries read, apart from sorting and binary searches.
struct BatchFraudRules {
    let rules: ClearingRules
    let merchants: [String: MerchantAccount]
    let time: UTCTime
    /// Farther apart in time than this many seconds, two purchases are never
    /// impossible travel between these merchants (see ``travelSpan(_:_:)``).
    let travelSpan: Int64

    init(rules: ClearingRules, merchants: [String: MerchantAccount], time: UTCTime) {
        self.rules = rules
        self.merchants = merchants
        self.time = time
        travelSpan = Self.travelSpan(rules, merchants.values.compactMap(\.location))
    }

    /// The time it takes at the rules' maximum speed to cover the farthest
    /// any two of `locations` can be apart, bounded by their latitude span
    /// plus their longitude span along the equator (a path along a meridian
    /// then a parallel is never shorter than the great circle), and by half
    /// the Earth's circumference.
    static func travelSpan(_ rules: ClearingRules, _ locations: [MerchantAccount.Location]) -> Int64 {
        let halfCircumference = 20_015_087.0
        guard let first = locations.first else { return 0 }
        var latitudes = first.latitudeMicrodegrees...first.latitudeMicrodegrees
        var longitudes = first.longitudeMicrodegrees...first.longitudeMicrodegrees
        for location in locations {
            latitudes = min(latitudes.lowerBound, location.latitudeMicrodegrees)...max(latitudes.upperBound, location.latitudeMicrodegrees)
            longitudes = min(longitudes.lowerBound, location.longitudeMicrodegrees)...max(longitudes.upperBound, location.longitudeMicrodegrees)
        }
        let metresPerMicrodegree = 2 * halfCircumference / 360_000_000
        let spread = Double((latitudes.upperBound - latitudes.lowerBound) + (longitudes.upperBound - longitudes.lowerBound))
        let metres = min(halfCircumference, spread * metresPerMicrodegree)
        return Int64((metres * 3.6 / Double(max(1, rules.maximumSpeedKmPerHour))).rounded(.up)) + 1
    }

    /// One payer at one merchant on one UTC day.
    private struct PayerDay: Hashable {
        let payer: String
        let merchantID: String
        let day: Int64
    }

    /// The flags for `posted`, given `history`: the payers' entries by offer
    /// time, covering the posted entries' days and travel span, posted ones included.
    func flags(after posted: [(entry: LedgerEntry, offer: Offer)], history: [PayerVisit]) -> [FraudFlag] {
        var times: [PayerDay: [Int64]] = [:]
        for visit in history { times[key(visit), default: []].append(visit.time.secondsSince1970) }
        var flags: [FraudFlag] = []
        var counted = Set<PayerDay>(), understated = Set<PayerDay>()
        for (entry, offer) in posted {
            let day = key(entry.visit)
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
        return flags + impossibleTravel(after: posted.map(\.entry.visit), history: history)
    }

    /// Impossible travel: each posted entry at a located merchant against
    /// the payer's entries at located merchants within ``travelSpan`` of it
    /// (farther ones cannot be too fast), earliest first. The posted entry
    /// itself is among them, at no distance: never too fast.
    private func impossibleTravel(after posted: [PayerVisit], history: [PayerVisit]) -> [FraudFlag] {
        var located: [String: [PayerVisit]] = [:]
        for visit in history where merchants[visit.merchantID]?.location != nil { located[visit.payer, default: []].append(visit) }
        var flagged = Set<String>()
        var flags: [FraudFlag] = []
        for entry in posted where !flagged.contains(entry.payer) {
            guard let here = merchants[entry.merchantID]?.location, let entries = located[entry.payer] else { continue }
            let moment = entry.time.secondsSince1970
            var position = Self.countBefore(moment - travelSpan, in: entries.lazy.map(\.time.secondsSince1970))
            while position < entries.count, entries[position].time.secondsSince1970 <= moment + travelSpan {
                let other = entries[position]
                position += 1
                guard let there = merchants[other.merchantID]?.location else { continue }
                let seconds = max(1, abs(other.time.secondsSince1970 - moment))
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

    private func key(_ visit: PayerVisit) -> PayerDay {
        PayerDay(payer: visit.payer, merchantID: visit.merchantID, day: visit.time.startOfDay.secondsSince1970)
    }

    /// How many of the ascending `times` are before `moment`.
    private static func countBefore(_ moment: Int64, in times: some RandomAccessCollection<Int64>) -> Int {
        var low = 0, high = times.count
        while low < high {
            let middle = (low + high) / 2
            if times[times.index(times.startIndex, offsetBy: middle)] < moment { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
