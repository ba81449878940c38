import MicrocheckCrypto

/// Signing and verifying assertions (RFC 2704 section 4.6.7; keynote(1) `sign`
/// and `sigver`), interoperable with the reference byte for byte.
///
/// The signature covers the assertion from its first non-blank byte up to the
/// `Signature` keyword, followed by the algorithm name exactly as written in
/// the signature (for example `sig-rsa-sha1-base64:`).
public enum AssertionSigning {
    /// Signs an assertion that has a (possibly empty) Signature field and whose
    /// Authorizer is the public half of `key`.
    ///
    /// - Parameters:
    ///   - verify: also verify the new signature with the Authorizer's key (`sign -v`).
    /// - Returns: the signature string, `sig-...:` followed by the encoded signature.
    public static func sign(_ text: [UInt8], algorithm: KeyNoteSignatureAlgorithm, key: KeyNotePrivateKey,
                            verify: Bool = false, limits: KeyNoteLimits = .default) throws(KeyNoteError) -> String {
        let assertion = try Assertion(parsing: text, limits: limits)
        guard let signed = assertion.signedBytes else {
            throw KeyNoteError(.signing, "the assertion needs a Signature field (it may be empty) to be signed")
        }
        guard case .key(let authorizer) = try assertion.standaloneAuthorizer(limits: limits) else {
            throw KeyNoteError(.signing, "the Authorizer is not a public key")
        }
        guard authorizer.algorithm == algorithm.keyAlgorithm, key.publicKey.algorithm == algorithm.keyAlgorithm else {
            throw KeyNoteError(.signing, "\(algorithm.name) does not match the algorithm of the Authorizer or of the private key")
        }
        let signature: String
        do {
            signature = try KeyNoteSignatures.sign(signed, algorithm: algorithm, with: key)
        } catch {
            throw KeyNoteError(.signing, "signing failed: \(error)")
        }
        if verify, !KeyNoteSignatures.verify(signature: signature, by: authorizer, over: signed) {
            throw KeyNoteError(.signing, "the new signature does not verify with the Authorizer's key (is it the private key's public half?)")
        }
        return signature
    }

    /// Verifies the signature of an assertion by its Authorizer.
    ///
    /// - Returns: whether the signature is valid; false without a Signature field.
    /// - Throws: ``KeyNoteError`` when the assertion, its Authorizer or its
    ///   Signature field cannot be read.
    public static func verify(_ text: [UInt8], limits: KeyNoteLimits = .default) throws(KeyNoteError) -> Bool {
        let assertion = try Assertion(parsing: text, limits: limits)
        let authorizer = try assertion.standaloneAuthorizer(limits: limits)
        guard let signature = try assertion.standaloneSignature(limits: limits) else { return false }
        return signature.withUnsafeBufferPointer { assertion.verify(signature: $0, by: authorizer, cacheable: false).valid }
    }
}

extension Assertion {
    /// The Authorizer read outside any query (only Local-Constants are known).
    func standaloneAuthorizer(limits: KeyNoteLimits) throws(KeyNoteError) -> Principal {
        if let fixed = fixedAuthorizer { return try fixed.get() }
        return try Principal.decode(standalone(try authorizer.get(), limits: limits))
    }

    /// The Signature value read outside any query; nil without the field.
    func standaloneSignature(limits: KeyNoteLimits) throws(KeyNoteError) -> [UInt8]? {
        if let fixed = fixedSignature { return try fixed.get().bytes(in: program) }
        guard let signature else { return nil }
        return try standalone(try signature.get(), limits: limits)
    }

    private func standalone(_ root: Int32, limits: KeyNoteLimits) throws(KeyNoteError) -> [UInt8] {
        var evaluator = ExpressionEvaluator(program: program, query: .standalone(),
                                            budget: QueryBudget(steps: limits.maxQuerySteps), limits: limits)
        return evaluator.bytes(of: try evaluator.string(root) ?? .empty)
    }
}
