import Hummingbird

/// The request context of the provisioning server: Hummingbird's basic
/// context with the service's upload limit.
struct ProvisioningRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
    }

    /// The most bytes of a request body Hummingbird collects (64 KiB).
    var maxUploadSize: Int { ProvisioningHTTPServer.maximumBodySize }
}
