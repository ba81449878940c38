/// The worst-case loss when a payer's device is stolen (paper, section 2:
/// "the thief would be able to buy only newspapers, and only as many as she
/// can find vendors"): what every credential on the device can still buy, at
/// every merchant, as often as its conditions allow, over its validity.
public enum Exposure {
    /// The most a thief can take with one credential from `time` on, at each
    /// of `merchants` merchants, in minor units; nil when the conditions do
    /// not bound it (no per-day count, total or interval).
    ///
    /// Per merchant and UTC day the thief buys at the earliest moments the
    /// minimum interval allows (carrying the last purchase over midnight), up
    /// to the per-day count, each purchase at the per-purchase limit, and the
    /// day's sum is cut at the per-day total. An escalation credential is
    /// worth its one amount at one merchant.
    public static func worstCase(of terms: CredentialTerms, merchants: Int, from time: UTCTime) -> Int64? {
        guard terms.kind == .payer || terms.kind == .escalation, merchants > 0 else { return 0 }
        if terms.allowedCategories?.isEmpty == true { return 0 }
        if terms.kind == .escalation || terms.nonce != nil { return terms.exactAmount ?? terms.perPurchaseLimit }
        guard let limit = terms.perPurchaseLimit else { return nil }
        guard limit > 0 else { return 0 }
        guard terms.purchasesPerMerchantPerDay != nil || terms.totalPerMerchantPerDay != nil || terms.minimumInterval != nil else {
            return nil
        }
        let start = max(time, terms.notBefore).secondsSince1970
        let end = terms.notAfter.secondsSince1970
        guard start < end else { return 0 }
        let interval = terms.minimumInterval ?? 1
        let perDayCount = Int64(terms.purchasesPerMerchantPerDay ?? Int.max)
        let purchasesToFillTotal = terms.totalPerMerchantPerDay.map { ($0 + limit - 1) / limit } ?? Int64.max
        var total: Int64 = 0
        var last: Int64? = nil
        var day = UTCTime(secondsSince1970: start).startOfDay.secondsSince1970
        while day < end {
            let first = max(day, start, last.map { $0 + interval } ?? Int64.min)
            let stop = min(day + 86_400, end)
            if first < stop {
                let slots = (stop - 1 - first) / interval + 1
                let count = min(slots, perDayCount, purchasesToFillTotal)
                if count > 0 {
                    let value = min(count * limit, terms.totalPerMerchantPerDay ?? Int64.max)
                    total += value
                    last = first + (count - 1) * interval
                }
            }
            day += 86_400
        }
        return total * Int64(merchants)
    }
}

/// The exposure of an issuing plan: each payer's worst case and the sum.
public struct ExposureReport: Sendable, Hashable, CustomStringConvertible {
    /// One payer's line.
    public struct Line: Sendable, Hashable {
        /// Who (a name or a key fingerprint).
        public var payer: String
        /// The sum of the worst cases of the payer's credentials, in minor units; nil if unbounded.
        public var worstCase: Int64?
    }

    /// The currency of every amount.
    public var currency: Currency
    /// The number of merchants assumed.
    public var merchants: Int
    /// The lines, in the order given.
    public var lines: [Line]

    /// Builds the report for `payers` (name and credentials) at `merchants` merchants from `time`.
    ///
    /// A payer's worst case is the sum over its credentials: an upper bound,
    /// exact when the payer holds one credential (credentials that share a
    /// merchant's per-day history can take together less than their sum).
    public init(currency: Currency, merchants: Int, from time: UTCTime, payers: [(String, [CredentialTerms])]) {
        self.currency = currency
        self.merchants = merchants
        self.lines = payers.map { name, credentials in
            var sum: Int64? = 0
            for terms in credentials {
                guard let value = Exposure.worstCase(of: terms, merchants: merchants, from: time), let current = sum else {
                    sum = nil
                    break
                }
                sum = current + value
            }
            return Line(payer: name, worstCase: sum)
        }
    }

    /// The sum over all payers, nil when one is unbounded.
    public var total: Int64? {
        var sum: Int64 = 0
        for line in lines {
            guard let value = line.worstCase else { return nil }
            sum += value
        }
        return sum
    }

    public var description: String {
        func amount(_ value: Int64?) -> String {
            guard let value else { return "unbounded" }
            return (try? Money(minorUnits: min(value, Money.maximumMinorUnits), currency: currency).decimalText).map {
                value > Money.maximumMinorUnits ? "> \($0)" : $0
            } ?? String(value)
        }
        var text = "worst-case exposure, \(merchants) merchants, \(currency)\n"
        for line in lines { text += "  \(line.payer): \(amount(line.worstCase))\n" }
        text += "  total: \(amount(total))\n"
        return text
    }
}
