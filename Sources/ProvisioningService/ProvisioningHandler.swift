import Foundation
import Microbilling
import MicrocheckCrypto
import OpenAPIRuntime
import ProvisioningAPI

/// The provisioning API (`ProvisioningAPI.APIProtocol`) over a ``Provisioner``:
/// translates bodies to domain values and ``ProvisioningError`` codes to
/// documented answers. Who is asking comes from ``RequestGuard``.
public struct ProvisioningHandler: APIProtocol {
    /// The service's core.
    public let provisioner: Provisioner

    /// Serves `provisioner`.
    public init(provisioner: Provisioner) {
        self.provisioner = provisioner
    }

    public func health(_ input: Operations.health.Input) async throws -> Operations.health.Output {
        do {
            let payers = try provisioner.registry.payerCount()
            let keys = try provisioner.trustedKeys().count
            return .ok(.init(body: .json(.init(status: .up, payers: Int64(payers), trustedKeys: keys))))
        } catch {
            return .serviceUnavailable(.init(body: .json(Self.problem(error))))
        }
    }

    public func refreshCredentials(_ input: Operations.refreshCredentials.Input) async throws -> Operations.refreshCredentials.Output {
        guard case .payer(let payer) = RequestAuthentication.current else {
            return .unauthorized(.init(body: .json(.init(code: "unauthenticated", message: "sign the refresh with the long-term key enrolled in person"))))
        }
        do {
            let grant = try await provisioner.refresh(payer)
            return .ok(.init(body: .json(APIValues.grant(grant))))
        } catch {
            switch error.code.status {
            case 403: return .forbidden(.init(body: .json(Self.problem(error))))
            case 503: return .serviceUnavailable(.init(body: .json(Self.problem(error))))
            default: return .internalServerError(.init(body: .json(Self.problem(error))))
            }
        }
    }

    public func escalate(_ input: Operations.escalate.Input) async throws -> Operations.escalate.Output {
        guard case .json(let body) = input.body else { return .badRequest(.init(body: .json(.init(code: "malformed", message: "expected JSON")))) }
        let request: EscalationRequest
        do {
            request = try APIValues.escalationRequest(body)
        } catch {
            return .badRequest(.init(body: .json(Self.problem(error))))
        }
        do {
            switch try await provisioner.escalate(request) {
            case .issued(let credential):
                return .ok(.init(body: .json(.init(credential: APIValues.credential(credential)))))
            case .refused(let refusal):
                return .unprocessableContent(.init(body: .json(.init(code: APIValues.code(of: refusal.reason), message: refusal.detail))))
            }
        } catch {
            switch error.code.status {
            case 403: return .forbidden(.init(body: .json(Self.problem(error))))
            case 503: return .serviceUnavailable(.init(body: .json(Self.problem(error))))
            default: return .internalServerError(.init(body: .json(Self.problem(error))))
            }
        }
    }

    public func reportLostDevice(_ input: Operations.reportLostDevice.Input) async throws -> Operations.reportLostDevice.Output {
        guard case .json(let body) = input.body else { return .badRequest(.init(body: .json(.init(code: "malformed", message: "expected JSON")))) }
        let fingerprint: String
        do {
            fingerprint = try APIValues.fingerprint(of: body.payer)
        } catch {
            return .badRequest(.init(body: .json(Self.problem(error))))
        }
        let reporter: PayerRecord.Reporter
        switch RequestAuthentication.current {
        case .anonymous:
            return .unauthorized(.init(body: .json(.init(code: "unauthenticated", message: "present the operator token or sign with the payer's long-term key"))))
        case .operator:
            reporter = .operator
        case .payer(let signer):
            guard signer.fingerprint == fingerprint else {
                return .forbidden(.init(body: .json(.init(code: "forbidden", message: "a payer may report only its own key lost"))))
            }
            reporter = .payer
        }
        do {
            let record = try provisioner.reportLost(fingerprint: fingerprint, by: reporter)
            return .ok(.init(body: .json(.init(payer: record.key.fingerprint, reportedAt: record.lostAt?.stamp ?? "",
                                               reportedBy: record.lostBy == .payer ? .payer : ._operator))))
        } catch {
            switch error.code.status {
            case 404: return .notFound(.init(body: .json(Self.problem(error))))
            default: return .internalServerError(.init(body: .json(Self.problem(error))))
            }
        }
    }

    public func merchantPolicy(_ input: Operations.merchantPolicy.Input) async throws -> Operations.merchantPolicy.Output {
        do {
            let bundle = try provisioner.merchantBundle()
            return .ok(.init(body: .json(APIValues.merchantBundle(bundle))))
        } catch {
            return .internalServerError(.init(body: .json(Self.problem(error))))
        }
    }

    public func metrics(_ input: Operations.metrics.Input) async throws -> Operations.metrics.Output {
        .ok(.init(body: .plainText(HTTPBody(provisioner.metrics.text()))))
    }

    private static func problem(_ error: ProvisioningError) -> Components.Schemas.Problem {
        .init(code: error.code.name, message: error.reason)
    }
}
