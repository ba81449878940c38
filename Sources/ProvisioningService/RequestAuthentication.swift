import MicrocheckCrypto

/// Who made the request being handled, as ``RequestGuard`` established it
/// before the operation runs.
enum RequestAuthentication: Sendable, Hashable {
    /// Neither a signature nor a token.
    case anonymous
    /// The operator's bearer token.
    case `operator`
    /// A payer's long-term key, whose signature over the request verified.
    case payer(KeyNoteKey)

    /// The current request's authentication (set by ``RequestGuard`` for the operation it wraps).
    @TaskLocal static var current: RequestAuthentication = .anonymous
}
