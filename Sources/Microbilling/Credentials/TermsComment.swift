/// The Comment line that carries a credential's terms: `microcheck-terms`
/// followed by `name=value` words, e.g.
/// `microcheck-terms kind=payer serial=P-17 fund=general domain=deli currency=USD/2 limit=151 from=20001020T000000 until=20001024T000000`.
///
/// The Comment is covered by the signature, so the terms are the issuer's;
/// they explain a decision and never make one.
enum TermsComment {
    static let marker = "microcheck-terms"

    static func write(_ terms: CredentialTerms) -> String {
        var words = [marker, "kind=\(terms.kind.rawValue)", "serial=\(terms.serial)", "fund=\(terms.fund)", "domain=\(terms.appDomain)"]
        if let payerClass = terms.payerClass { words.append("class=\(payerClass)") }
        if let currency = terms.currency { words.append("currency=\(currency.code)/\(currency.minorDigits)") }
        if let limit = terms.perPurchaseLimit { words.append("limit=\(limit)") }
        words.append("from=\(terms.notBefore.stamp)")
        words.append("until=\(terms.notAfter.stamp)")
        if let allowed = terms.allowedCategories { words.append("allow=\(allowed.joined(separator: ","))") }
        if !terms.forbiddenCategories.isEmpty { words.append("deny=\(terms.forbiddenCategories.joined(separator: ","))") }
        if let count = terms.purchasesPerMerchantPerDay { words.append("count=\(count)") }
        if let total = terms.totalPerMerchantPerDay { words.append("total=\(total)") }
        if let interval = terms.minimumInterval { words.append("interval=\(interval)") }
        if let nonce = terms.nonce { words.append("nonce=\(nonce)") }
        if let amount = terms.exactAmount { words.append("amount=\(amount)") }
        if let attribute = terms.attribute { words.append("attribute=\(attribute)") }
        return words.joined(separator: " ")
    }

    /// Reads terms back; nil when the comment is not a terms line or a word is unreadable.
    static func read(_ comment: String) -> CredentialTerms? {
        let words = comment.split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }).map(String.init)
        guard words.first == marker else { return nil }
        var values: [String: String] = [:]
        for word in words.dropFirst() {
            guard let equals = word.firstIndex(of: "="), values[String(word[..<equals])] == nil else { return nil }
            values[String(word[..<equals])] = String(word[word.index(after: equals)...])
        }
        guard let kind = values["kind"].flatMap(CredentialTerms.Kind.init(rawValue:)), let serial = values["serial"],
              let domain = values["domain"], let from = values["from"].flatMap({ try? UTCTime(stamp: $0) }),
              let until = values["until"].flatMap({ try? UTCTime(stamp: $0) }) else { return nil }
        var terms = CredentialTerms(kind: kind, serial: serial, appDomain: domain, notBefore: from, notAfter: until)
        terms.fund = values["fund"] ?? "general"
        terms.payerClass = values["class"]
        if let currency = values["currency"] {
            let parts = currency.split(separator: "/")
            guard parts.count == 2, let digits = Int(parts[1]),
                  let value = try? Currency(code: String(parts[0]), minorDigits: digits) else { return nil }
            terms.currency = value
        }
        func integer(_ name: String) -> Int64?? {
            guard let text = values[name] else { return .some(nil) }
            guard let value = Int64(text) else { return nil }
            return .some(value)
        }
        guard let limit = integer("limit"), let count = integer("count"), let total = integer("total"),
              let interval = integer("interval"), let amount = integer("amount") else { return nil }
        terms.perPurchaseLimit = limit
        terms.purchasesPerMerchantPerDay = count.map { Int($0) }
        terms.totalPerMerchantPerDay = total
        terms.minimumInterval = interval
        terms.exactAmount = amount
        terms.allowedCategories = values["allow"].map { $0.split(separator: ",").map(String.init) }
        terms.forbiddenCategories = values["deny"].map { $0.split(separator: ",").map(String.init) } ?? []
        terms.nonce = values["nonce"]
        terms.attribute = values["attribute"]
        guard (try? terms.validate()) != nil else { return nil }
        return terms
    }
}
