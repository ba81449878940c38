import Hummingbird

/// Answers 405 Method Not Allowed, not 404, for a method the API does not
/// define on one of its paths.
public struct MethodNotAllowed<Context: RequestContext>: RouterMiddleware {
    private let paths: [(prefix: String, exact: Bool, allow: String)]

    /// The middleware for clearing's paths.
    public init() {
        paths = [("/v1/health", true, "GET"), ("/v1/deposits", true, "POST"), ("/v1/flags", true, "GET"), ("/v1/quarantine", true, "GET"),
                 ("/metrics", true, "GET"), ("/v1/statements/payers/", false, "GET"), ("/v1/statements/merchants/", false, "GET"),
                 ("/v1/standing/", false, "GET")]
    }

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            let path = request.uri.path
            guard let known = paths.first(where: { $0.exact ? path == $0.prefix : path.hasPrefix($0.prefix) && path.count > $0.prefix.count }),
                  request.method.rawValue != known.allow else { throw error }
            var headers = HTTPFields()
            headers[.allow] = known.allow
            return Response(status: .methodNotAllowed, headers: headers)
        }
    }
}
