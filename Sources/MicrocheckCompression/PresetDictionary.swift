/// The preset dictionaries of the wire protocol. A dictionary, once
/// published, never changes: a new one gets a new capability bit.
enum PresetDictionary {
    /// Dictionary 1: the fixed text of the credentials and microchecks of
    /// protocol-spec/microbilling-assertions.md, most frequent last (deflate
    /// finds near matches cheaper).
    static let version1 = """
        sig-dsa-sha1-base64:dsa-base64:MIIBtzCCASsGByqGSM44BAEwggEeAoGBA
        rsa-base64:MIIBCgKCAQEA rsa-base64:MIGJAoGBA ed25519-base64:
        kind=delegation kind=attribute attribute=adult attribute=driver-licence
        kind=escalation nonce= amount= allow=food,drink deny=alcohol,tobacco,adult
        interval= total= count=
        product_category ~= "^[a-z0-9][a-z0-9._-]{0,31}$" &&
            product_category == "food" || product_category != "
            purchases_today ~= "^(0|[1-9][0-9]{0,8})$" && @purchases_today < 
            spent_today_minor ~= "^(0|[1-9][0-9]{0,8})$" &&
            amount_minor ~= "^(0|[1-9][0-9]{0,8})$" &&
            @spent_today_minor + @amount_minor <= 
            seconds_since_last ~= "^(0|[1-9][0-9]{0,8})$" && @seconds_since_last >= 
        KeyNote-Version: 2
        Comment: microcheck-terms kind=payer serial=daily-2026 fund=general domain=vending class=standard currency=USD/2 limit= from=2026 until=2026
        Authorizer: "rsa-base64:MIGJAoGBA
        Licensees: "ed25519-base64:
        Conditions: app_domain == "vending" &&
            currency == "USD" &&
            amount_minor ~= "^(0|[1-9][0-9]{0,8})$" && @amount_minor <= 
            timestamp ~= "^[0-9]{8}T[0-9]{6}$" &&
            timestamp >= "2026
            timestamp < "2026
        T000000" -> "true";
        Signature: "sig-rsa-sha1-base64:
        Signature: "sig-ed25519-base64:

        """
}
