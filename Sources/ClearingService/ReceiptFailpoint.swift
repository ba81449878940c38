import Hummingbird

/// Stops the process just after a deposit receipt is written, when the
/// `after-receipt-sent` failpoint is configured (crash tests).
public struct ReceiptFailpoint<Context: RequestContext>: RouterMiddleware {
    private let configured: Failpoint?

    /// The middleware, for the configured failpoint.
    public init(configured: Failpoint?) {
        self.configured = configured
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        var response = try await next(request, context)
        guard configured == .afterReceiptSent, request.method == .post, request.uri.path == "/v1/deposits",
              response.status == .ok else { return response }
        let body = response.body
        let configured = configured
        response.body = ResponseBody { writer in
            try await body.write(writer)
            Failpoint.afterReceiptSent.reached(configured: configured)
        }
        return response
    }
}
