import MicrocheckAgents

/// The largest request body clearing reads: an upload of the largest size.
public enum DepositUploadLimit {
    /// Bytes.
    public static let bytes = DepositUpload.maximumSize
}
