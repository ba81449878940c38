import Foundation
import GRDB
import Microbilling
import MicrocheckCrypto

/// How an offer and its purchase are kept in a row, and read back with every
/// field checked again (a row is input like any other).
enum OfferColumns {
    static let definitions = """
        merchant_name TEXT NOT NULL, merchant_id TEXT NOT NULL, merchant_principal TEXT NOT NULL,
        product TEXT NOT NULL, category TEXT NOT NULL, currency TEXT NOT NULL, minor_digits INTEGER NOT NULL,
        amount_minor INTEGER NOT NULL, offer_time INTEGER NOT NULL, app_domain TEXT NOT NULL, nonce TEXT NOT NULL,
        purchases_today INTEGER NOT NULL, spent_today_minor INTEGER NOT NULL, seconds_since_last INTEGER NOT NULL
        """
    static let names = "merchant_name, merchant_id, merchant_principal, product, category, currency, minor_digits, amount_minor, offer_time, app_domain, nonce, purchases_today, spent_today_minor, seconds_since_last"
    static let placeholders = Array(repeating: "?", count: 14).joined(separator: ", ")

    static func values(_ offer: Offer) -> [any DatabaseValueConvertible] {
        [offer.merchantName, offer.merchantID, offer.merchantPrincipal, offer.product, offer.productCategory,
         offer.price.currency.code, offer.price.currency.minorDigits, offer.price.minorUnits, offer.time.secondsSince1970,
         offer.appDomain, offer.nonce, offer.history.purchasesToday, offer.history.spentTodayMinor, offer.history.secondsSinceLast]
    }

    static func offer(_ row: Row) throws -> Offer {
        let currency = try Currency(code: row["currency"], minorDigits: row["minor_digits"])
        return try Offer(merchantName: row["merchant_name"], merchantID: row["merchant_id"],
                         merchantPrincipal: row["merchant_principal"], product: row["product"],
                         productCategory: row["category"], price: Money(minorUnits: row["amount_minor"], currency: currency),
                         time: UTCTime(secondsSince1970: row["offer_time"]), appDomain: row["app_domain"], nonce: row["nonce"],
                         history: MerchantHistory(purchasesToday: row["purchases_today"], spentTodayMinor: row["spent_today_minor"],
                                                  secondsSinceLast: row["seconds_since_last"]))
    }

    static func encode(_ texts: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(texts), as: UTF8.self)
    }

    static func decode(_ text: String) throws -> [String] {
        try JSONDecoder().decode([String].self, from: Data(text.utf8))
    }
}
