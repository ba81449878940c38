/// The provisioning service's HTTP API: the types, the server protocol
/// (`APIProtocol`) and the client (`Client`) are generated at build time from
/// `openapi.yaml` in this folder by swift-openapi-generator; this file only
/// names the document's version for logs and health answers.
public enum ProvisioningAPIDocument {
    /// The `info.version` of `openapi.yaml`.
    public static let version = "1.0.0"
}
