/// How the payer approves an offer before the wallet signs a microcheck.
public enum Approval: Sendable {
    /// Ask the person (the payer agent prompts on the handheld's screen).
    case ask(@Sendable (Offer) -> Bool)
    /// Apply the payer's own KeyNote spending policy, without a prompt.
    case policy(SpendingPolicy)
    /// Apply the policy; ask the person when the policy does not approve.
    case policyThenAsk(SpendingPolicy, @Sendable (Offer) -> Bool)

    func approves(_ offer: Offer) throws(MicrobillingError) -> Bool {
        switch self {
        case .ask(let prompt): return prompt(offer)
        case .policy(let policy): return try policy.approves(offer)
        case .policyThenAsk(let policy, let prompt): return try policy.approves(offer) || prompt(offer)
        }
    }
}
