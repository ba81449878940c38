import ClearingAPI
import Foundation
import Microbilling
import MicrocheckAgents
import MicrocheckHTTP
import OpenAPIRuntime

/// Clearing's HTTP API (Sources/ClearingAPI/openapi.yaml) over the
/// microbilling clearing house: deposit uploads with one receipt per
/// microcheck, authorized statements, standing, flags and quarantine.
public struct ClearingService: APIProtocol {
    /// The clearing house.
    public let house: ClearingHouse
    /// Who may read what.
    public let authorization: RequestAuthorization
    /// The ledger's own queue.
    public let ledger: LedgerQueue
    /// The counters.
    public let metrics: ClearingMetrics
    /// The Prometheus text of the metrics, for `/metrics`.
    public let exposition: @Sendable () -> String
    /// The failpoint the environment configured, for crash tests.
    public let failpoint: Failpoint?
    /// The clock.
    public let clock: @Sendable () -> UTCTime

    /// A service over `house`.
    public init(house: ClearingHouse, authorization: RequestAuthorization, exposition: @escaping @Sendable () -> String = { "" },
                failpoint: Failpoint? = nil, clock: @escaping @Sendable () -> UTCTime = { UTCTime(secondsSince1970: Int64(Date().timeIntervalSince1970)) }) {
        self.house = house
        self.authorization = authorization
        self.ledger = LedgerQueue()
        self.metrics = ClearingMetrics()
        self.exposition = exposition
        self.failpoint = failpoint
        self.clock = clock
    }

    public func health(_ input: Operations.health.Input) async throws -> Operations.health.Output {
        do {
            let house = house
            let count = try await ledger.run { try house.store.entryCount() }
            return .ok(.init(body: .json(.init(status: .up, entries: Int64(count)))))
        } catch {
            return .serviceUnavailable(.init(body: .json(Self.problem("ledger-unavailable", "\(error)"))))
        }
    }

    public func uploadDeposits(_ input: Operations.uploadDeposits.Input) async throws -> Operations.uploadDeposits.Output {
        metrics.uploads.increment()
        let bytes: [UInt8]
        do {
            guard case .binary(let body) = input.body else { throw DepositUploadError(.malformed, at: 0, inBody: false, "not binary") }
            if case .known(let length) = body.length, length > DepositUpload.maximumSize {
                throw DepositUploadError(.tooLarge, at: 0, inBody: false, "\(length) bytes")
            }
            bytes = try await [UInt8](collecting: body, upTo: DepositUpload.maximumSize)
        } catch let error as DepositUploadError where error.code == .malformed {
            metrics.refusedUploads.increment()
            return .badRequest(.init(body: .json(Self.problem(error.code.rawValue, error.description))))
        } catch {
            // Collecting stops at the limit: what it throws is a body longer than that.
            metrics.refusedUploads.increment()
            return .contentTooLarge(.init(body: .json(Self.problem(DepositUploadError.Code.tooLarge.rawValue,
                                                                   "an upload may have at most \(DepositUpload.maximumSize) bytes"))))
        }
        let upload: DepositUpload
        do {
            upload = try DepositUpload(decoding: bytes)
        } catch {
            metrics.refusedUploads.increment()
            var problem = Self.problem(error.code.rawValue, error.description)
            problem.offset = Int64(error.offset)
            return error.code == .tooLarge ? .contentTooLarge(.init(body: .json(problem))) : .badRequest(.init(body: .json(problem)))
        }
        let intake = DepositIntake(house: house)
        let now = clock()
        let answers: [DepositIntake.Answer]
        let started = DispatchTime.now()
        do {
            // Verified beside whatever is being posted; posted in turn.
            let prepared = try await ledger.verify { try intake.prepare(upload, at: now) }
            answers = try await ledger.run { try intake.commit(prepared) }
        } catch {
            return .serviceUnavailable(.init(body: .json(Self.problem("ledger-unavailable", "\(error)"))))
        }
        metrics.uploadSeconds.recordNanoseconds(Int64(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds))
        Failpoint.afterLedgerCommit.reached(configured: failpoint)
        let items = answers.map { answer -> Components.Schemas.ItemReceipt in
            switch answer.outcome {
            case .accepted:
                metrics.accepted.increment()
                return .init(microcheck: answer.microcheckID, merchant: answer.merchantID, outcome: .accepted)
            case .duplicate:
                metrics.duplicates.increment()
                return .init(microcheck: answer.microcheckID, merchant: answer.merchantID, outcome: .duplicate)
            case .rejected(let rejection, _):
                metrics.rejected.increment()
                return .init(microcheck: answer.microcheckID, merchant: answer.merchantID, outcome: .rejected, reason: rejection.code)
            }
        }
        return .ok(.init(body: .json(.init(batch: upload.batchID.map { String(format: "%02x", $0) }.joined(), items: items))))
    }

    public func payerStatement(_ input: Operations.payerStatement.Input) async throws -> Operations.payerStatement.Output {
        let payer = input.path.payer
        let headers = input.headers
        guard ParameterForm.isFingerprint(payer) else {
            return .badRequest(.init(body: .json(ParameterForm.problem("payer", payer))))
        }
        switch requester(key: headers.X_hyphen_Microcheck_hyphen_Key, date: headers.X_hyphen_Microcheck_hyphen_Date,
                         signature: headers.X_hyphen_Microcheck_hyphen_Signature, path: "/v1/statements/payers/\(payer)") {
        case .failure(let error):
            return .unauthorized(.init(body: .json(Self.problem(error.code.rawValue, error.reason))))
        case .success(.token(.operator)):
            break
        case .success(.key(let key)) where key.fingerprint == payer:
            break
        case .success:
            return .forbidden(.init(body: .json(Self.problem("forbidden", "a payer reads only its own statement"))))
        }
        let house = house
        let statement = try await ledger.run { try house.statement(payer: payer) }
        return .ok(.init(body: .json(Self.statement(statement))))
    }

    public func merchantStatement(_ input: Operations.merchantStatement.Input) async throws -> Operations.merchantStatement.Output {
        let merchantID = input.path.merchant
        let headers = input.headers
        guard ParameterForm.isName(merchantID) else {
            return .badRequest(.init(body: .json(ParameterForm.problem("merchant", merchantID))))
        }
        guard let account = house.merchants[merchantID] else {
            return .notFound(.init(body: .json(Self.problem("unknown-merchant", "merchant \(merchantID) is not enrolled"))))
        }
        switch requester(key: headers.X_hyphen_Microcheck_hyphen_Key, date: headers.X_hyphen_Microcheck_hyphen_Date,
                         signature: headers.X_hyphen_Microcheck_hyphen_Signature, path: "/v1/statements/merchants/\(merchantID)") {
        case .failure(let error):
            return .unauthorized(.init(body: .json(Self.problem(error.code.rawValue, error.reason))))
        case .success(.token(.operator)):
            break
        case .success(.key(let key)) where key == account.key:
            break
        case .success:
            return .forbidden(.init(body: .json(Self.problem("forbidden", "a merchant reads only its own statement"))))
        }
        let house = house
        let statement = try await ledger.run { try house.statement(merchantID: merchantID) }
        return .ok(.init(body: .json(Self.statement(statement))))
    }

    public func payerStanding(_ input: Operations.payerStanding.Input) async throws -> Operations.payerStanding.Output {
        guard let role = tokenRole(), role == .operator || role == .provisioning else {
            return .unauthorized(.init(body: .json(Self.problem("unauthenticated", "present an operator or provisioning token"))))
        }
        let payer = input.path.payer
        guard ParameterForm.isFingerprint(payer) else {
            return .badRequest(.init(body: .json(ParameterForm.problem("payer", payer))))
        }
        let house = house
        let (standing, flags) = try await ledger.run { (try house.standing(ofPayer: payer), try house.store.flags(subject: payer).count) }
        let value: Components.Schemas.Standing.standingPayload = switch standing {
        case .good: .good
        case .watch: .watch
        case .suspended: .suspended
        }
        return .ok(.init(body: .json(.init(payer: payer, standing: value, flags: flags))))
    }

    public func fraudFlags(_ input: Operations.fraudFlags.Input) async throws -> Operations.fraudFlags.Output {
        guard tokenRole() == .operator else {
            return .unauthorized(.init(body: .json(Self.problem("unauthenticated", "present an operator token"))))
        }
        let subject = input.query.subject
        guard ParameterForm.isName(subject) else {
            return .badRequest(.init(body: .json(ParameterForm.problem("subject", subject))))
        }
        let house = house
        let flags = try await ledger.run { try house.store.flags(subject: subject) }
        return .ok(.init(body: .json(flags.prefix(10_000).map {
            .init(subject: $0.subject, rule: $0.rule.rawValue, detail: $0.detail, at: $0.at.stamp)
        })))
    }

    public func quarantine(_ input: Operations.quarantine.Input) async throws -> Operations.quarantine.Output {
        guard tokenRole() == .operator else {
            return .unauthorized(.init(body: .json(Self.problem("unauthenticated", "present an operator token"))))
        }
        let merchantID = input.query.merchant
        if let merchantID, !ParameterForm.isName(merchantID) {
            return .badRequest(.init(body: .json(ParameterForm.problem("merchant", merchantID))))
        }
        let house = house
        let items = try await ledger.run { try house.store.quarantined(merchantID: merchantID, limit: 10_000) }
        return .ok(.init(body: .json(items.map {
            .init(microcheck: $0.microcheckID, merchant: $0.merchantID, batch: $0.sealID, reason: $0.reason, detail: $0.detail,
                  received: $0.receivedAt.stamp)
        })))
    }

    public func metrics(_ input: Operations.metrics.Input) async throws -> Operations.metrics.Output {
        .ok(.init(body: .plainText(HTTPBody(exposition()))))
    }

    private func tokenRole() -> AccessTokens.Role? {
        guard let header = AuthorizationHeader.current, header.hasPrefix("Bearer ") else { return nil }
        return authorization.tokens.role(of: String(header.dropFirst(7)))
    }

    private func requester(key: String?, date: String?, signature: String?, path: String) -> Result<Requester, RequestAuthenticationError> {
        Result { () throws(RequestAuthenticationError) in
            try authorization.requester(authorization: AuthorizationHeader.current, key: key, date: date,
                                        signature: signature, method: "GET", path: path, at: clock())
        }
    }

    private static func problem(_ code: String, _ message: String) -> Components.Schemas.Problem {
        Components.Schemas.Problem(code: code, message: message)
    }

    private static func amount(_ money: Money) -> Components.Schemas.Amount {
        .init(currency: money.currency.code, minorDigits: money.currency.minorDigits, minorUnits: money.minorUnits)
    }

    private static func statement(_ statement: Statement) -> Components.Schemas.Statement {
        var totals: [Currency: Int64] = [:]
        for entry in statement.entries { totals[entry.amount.currency, default: 0] += entry.amount.minorUnits }
        return .init(subject: statement.subject, entries: statement.entries.map {
            .init(microcheck: $0.microcheckID, payer: $0.payer, merchant: $0.merchantID, fund: $0.fund, amount: amount($0.amount),
                  time: $0.time.stamp, posted: $0.postedAt.stamp, nonce: $0.nonce, credential: $0.credentialSerial)
        }, totals: totals.sorted { $0.key.code < $1.key.code }.map {
            .init(currency: $0.key.code, minorDigits: $0.key.minorDigits, minorUnits: $0.value)
        })
    }
}
