import Foundation
import Logging
import Microbilling
import MicrocheckCrypto
import Synchronization

/// The Provisioning Agent as a service (paper, sections 2.3 and 3.2): enrolls
/// payers, refreshes their credentials from their class and their standing
/// at clearing, answers escalations, ends a lost device's refreshes, and
/// signs the merchant policy bundle. HTTP is ``ProvisioningHandler``'s job.
public final class Provisioner: Sendable {
    /// The registry of payers and retiring PA keys.
    public let registry: PayerRegistry
    /// The risk strategy.
    public let strategy: RiskStrategy
    /// The URL payers refresh at, written into payer bundles.
    public let serviceURL: String
    /// The counters.
    public let metrics: ProvisioningMetrics
    private let standingSource: any StandingSource
    private let fallback: ClearingFallback
    private let logger: Logger
    /// Now, in UTC.
    let clock: @Sendable () -> UTCTime
    private let currentKey: Mutex<KeyNotePrivateKey>
    /// Until when clearing is not asked again after it failed.
    private let clearingQuietUntil = Mutex<UTCTime?>(nil)

    /// After clearing fails to answer, the seconds during which every decision
    /// takes the fallback at once instead of waiting for clearing again.
    public static let clearingRetryInterval: Int64 = 30

    /// Creates the service's core.
    ///
    /// - Parameters:
    ///   - key: the current PA key, which signs every credential and bundle.
    ///   - standingSource: clearing's standing feed.
    ///   - fallback: what to decide when `standingSource` cannot answer.
    ///   - clock: now, in UTC (tests move it).
    public init(key: KeyNotePrivateKey, strategy: RiskStrategy, registry: PayerRegistry, standingSource: any StandingSource,
                fallback: ClearingFallback = .default, serviceURL: String, metrics: ProvisioningMetrics = ProvisioningMetrics(),
                logger: Logger = Logger(label: "provisioning"),
                clock: @escaping @Sendable () -> UTCTime = { UTCTime(secondsSince1970: Int64(time(nil))) }) {
        self.currentKey = Mutex(key)
        self.strategy = strategy
        self.registry = registry
        self.standingSource = standingSource
        self.fallback = fallback
        self.serviceURL = serviceURL
        self.metrics = metrics
        self.logger = logger
        self.clock = clock
    }

    /// The PA public key that signs from now on.
    public var currentPublicKey: KeyNoteKey { currentKey.withLock { $0.publicKey } }

    /// The PA keys merchants and payers trust now: the current key first,
    /// then rotated-out keys until their retirement.
    public func trustedKeys() throws(ProvisioningError) -> [TrustedPAKey] {
        let retiring = try registry.retiringKeys(at: clock()).map { TrustedPAKey(key: $0.key, retiresAt: $0.retiresAt) }
        return [TrustedPAKey(key: currentPublicKey, retiresAt: nil)] + retiring.filter { $0.key != currentPublicKey }
    }

    /// Enrolls a payer met in person: registers its long-term key with its
    /// class and issues its first credentials (at a good standing: a new key
    /// has no flags).
    ///
    /// - Throws: ``ProvisioningError`` with code `notFound` for a class the
    ///   strategy lacks, `alreadyEnrolled` for a registered key.
    public func enroll(_ payer: KeyNoteKey, class payerClass: String) throws(ProvisioningError) -> PayerBundle {
        guard strategy.classes[payerClass] != nil else {
            throw ProvisioningError(.notFound, "no payer class \"\(payerClass)\" in the strategy (classes: \(strategy.classes.keys.sorted().joined(separator: ", ")))")
        }
        let now = clock()
        let credentials = try issue(class: payerClass, standing: .good, to: payer, at: now)
        let record = try registry.enroll(payer, class: payerClass, at: now)
        logger.info("enrolled payer", metadata: ["payer": "\(payer.fingerprint)", "class": "\(payerClass)"])
        return PayerBundle(serviceURL: serviceURL, payerClass: record.payerClass, payer: payer,
                           issuers: try trustedKeys().map(\.key), credentials: credentials)
    }

    /// Fresh credentials for an enrolled payer whose long-term key signed the request.
    ///
    /// - Throws: ``ProvisioningError`` with code `notEnrolled`, `deviceLost`,
    ///   `suspended`, `notIssued`, or `clearingUnavailable` (fallback `refuse`).
    public func refresh(_ payer: KeyNoteKey) async throws(ProvisioningError) -> CredentialGrant {
        do throws(ProvisioningError) {
            let record = try enrolledPayer(payer)
            let (standing, source) = try await standing(of: payer)
            guard standing != .suspended else {
                throw ProvisioningError(.suspended, "clearing reports payer \(payer.fingerprint) suspended: no credentials")
            }
            let credentials = try issue(class: record.payerClass, standing: standing, to: payer, at: clock())
            guard !credentials.isEmpty else {
                throw ProvisioningError(.notIssued, "the strategy issues nothing to class \(record.payerClass) at standing \(standing.rawValue)")
            }
            metrics.refreshesIssued.increment()
            logger.info("refreshed", metadata: ["payer": "\(payer.fingerprint)", "standing": "\(standing.rawValue)", "source": "\(source.rawValue)"])
            return CredentialGrant(payer: record, standing: standing, standingSource: source, credentials: credentials,
                                   issuers: try trustedKeys().map(\.key))
        } catch {
            metrics.refreshesRefused.increment()
            logger.info("refresh refused", metadata: ["payer": "\(payer.fingerprint)", "code": "\(error.code.name)"])
            throw error
        }
    }

    /// Answers an online escalation.
    ///
    /// - Returns: the credential, or the refusal of ``ProvisioningAgent/escalate(_:class:standing:at:)``.
    /// - Throws: ``ProvisioningError`` with code `notEnrolled`, `deviceLost`,
    ///   `suspended` or `clearingUnavailable` for a verified payer the service will not serve.
    public func escalate(_ request: EscalationRequest) async throws(ProvisioningError) -> EscalationDecision {
        guard let payer = request.verifiedPayer() else {
            metrics.escalationsRefused.increment()
            return .refused(EscalationRefusal(.badRequest, "the request is not a microcheck for this offer signed by the payer"))
        }
        let decision: EscalationDecision
        do throws(ProvisioningError) {
            let record = try enrolledPayer(payer)
            let (standing, _) = try await standing(of: payer)
            guard standing != .suspended else {
                throw ProvisioningError(.suspended, "clearing reports payer \(payer.fingerprint) suspended: no escalation")
            }
            let agent = ProvisioningAgent(key: currentKey.withLock { $0 }, strategy: strategy)
            do {
                decision = .issued(try agent.escalate(request, class: record.payerClass, standing: standing, at: clock()))
            } catch {
                decision = .refused(error)
            }
        } catch {
            metrics.escalationsRefused.increment()
            throw error
        }
        switch decision {
        case .issued: metrics.escalationsIssued.increment()
        case .refused(let refusal):
            metrics.escalationsRefused.increment()
            logger.info("escalation refused", metadata: ["payer": "\(payer.fingerprint)", "reason": "\(refusal.reason.rawValue)"])
        }
        return decision
    }

    /// Marks the payer's long-term key lost: every later refresh and
    /// escalation for it is refused, across restarts.
    ///
    /// - Throws: ``ProvisioningError`` with code `notFound` for an unknown payer.
    public func reportLost(fingerprint: String, by reporter: PayerRecord.Reporter) throws(ProvisioningError) -> PayerRecord {
        let record = try registry.markLost(fingerprint: fingerprint, at: clock(), by: reporter)
        metrics.devicesLost.increment()
        logger.notice("device reported lost", metadata: ["payer": "\(fingerprint)", "by": "\(reporter.rawValue)"])
        return record
    }

    /// The merchant policy bundle, signed now by the current PA key.
    public func merchantBundle() throws(ProvisioningError) -> MerchantPolicyBundle {
        let policy: MerchantPolicy
        do {
            policy = try strategy.merchantPolicy(trusting: [currentPublicKey])
        } catch {
            throw ProvisioningError(.configuration, "the strategy gives no merchant policy: \(error.reason)")
        }
        return try MerchantPolicyBundle.sign(appDomain: strategy.appDomain, current: currentKey.withLock { $0 },
                                             retiring: try trustedKeys().filter { $0.retiresAt != nil },
                                             gates: policy.gatedCategories, at: clock())
    }

    /// Rotates the PA key (``PAKeyRotation``) and signs with the new key from now on.
    public func rotate(keyFile: PAKeyFile, to newKey: KeyNotePrivateKey, retiringPreviousAt retiresAt: UTCTime) throws(ProvisioningError) {
        try currentKey.withLock { (key: inout KeyNotePrivateKey) throws(ProvisioningError) in
            try PAKeyRotation.rotate(keyFile: keyFile, registry: registry, from: key.publicKey, to: newKey, retiringPreviousAt: retiresAt)
            key = newKey
        }
        logger.notice("PA key rotated", metadata: ["new": "\(newKey.publicKey.fingerprint)", "previous retires": "\(retiresAt.stamp)"])
    }

    private func issue(class payerClass: String, standing: PayerStanding, to payer: KeyNoteKey, at time: UTCTime) throws(ProvisioningError) -> [SignedCredential] {
        let agent = ProvisioningAgent(key: currentKey.withLock { $0 }, strategy: strategy)
        do {
            return try agent.issue(class: payerClass, standing: standing, to: payer, at: time)
        } catch {
            throw ProvisioningError(.storage, "cannot issue to \(payer.fingerprint): \(error.reason)")
        }
    }

    private func enrolledPayer(_ key: KeyNoteKey) throws(ProvisioningError) -> PayerRecord {
        guard let record = try registry.payer(fingerprint: key.fingerprint), record.key == key else {
            throw ProvisioningError(.notEnrolled, "the key \(key.fingerprint) is not enrolled")
        }
        guard !record.isLost else {
            throw ProvisioningError(.deviceLost, "the device of payer \(key.fingerprint) was reported lost at \(record.lostAt?.stamp ?? "?"); enroll a new key in person")
        }
        return record
    }

    private func standing(of payer: KeyNoteKey) async throws(ProvisioningError) -> (PayerStanding, CredentialGrant.StandingSourceKind) {
        let now = clock()
        if clearingQuietUntil.withLock({ $0.map { now < $0 } ?? false }) == false {
            do {
                let standing = try await standingSource.standing(of: payer)
                clearingQuietUntil.withLock { $0 = nil }
                return (standing, .clearing)
            } catch {
                clearingQuietUntil.withLock { $0 = now.adding(seconds: Self.clearingRetryInterval) }
                logger.warning("clearing unreachable; deciding by the fallback for \(Self.clearingRetryInterval) s",
                               metadata: ["payer": "\(payer.fingerprint)", "fallback": "\(fallback)", "why": "\(error.reason)"])
            }
        }
        metrics.clearingFallbacks.increment()
        switch fallback {
        case .refuse:
            throw ProvisioningError(.clearingUnavailable, "clearing's standing feed cannot be reached; try again later")
        case .assume(let standing):
            return (standing, .fallback)
        }
    }
}
