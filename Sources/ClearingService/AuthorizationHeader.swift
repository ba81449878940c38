import Hummingbird

/// The `Authorization` header of the request being handled, for the OpenAPI
/// handlers (the generated inputs carry only the parameters the document names).
public enum AuthorizationHeader {
    /// The header's value, nil when absent.
    @TaskLocal public static var current: String?
}

/// Sets ``AuthorizationHeader/current`` around each request.
public struct AuthorizationHeaderMiddleware<Context: RequestContext>: RouterMiddleware {
    /// The middleware.
    public init() {}

    public func handle(_ request: Request, context: Context,
                       next: (Request, Context) async throws -> Response) async throws -> Response {
        try await AuthorizationHeader.$current.withValue(request.headers[.authorization]) {
            try await next(request, context)
        }
    }
}
