import MicrocheckCrypto
import Synchronization

/// One KeyNote assertion (RFC 2704 section 4), parsed once and reusable across
/// sessions and threads.
///
/// Reading an assertion checks what the reference checks when an assertion is
/// added: the field layout, KeyNote-Version and Local-Constants. The other
/// fields are parsed too, but their errors count only when a query reaches
/// them, exactly as in the reference: a malformed Conditions or Licensees field
/// makes the assertion worth nothing, a malformed Signature makes its signature
/// fail, and a malformed or undecodable Authorizer fails the whole query.
///
/// The result of verifying the signature is kept with the assertion when it
/// cannot depend on the action attributes, so an assertion used in many
/// sessions (a payment authority's credential) is verified once.
public final class Assertion: Sendable {
    /// The assertion text, byte for byte as given (signatures cover it).
    public let text: [UInt8]
    let fields: AssertionFields
    /// The parsed expressions of every field.
    let program: ExpressionProgram
    /// The Authorizer's string expression (its node in ``program``).
    let authorizer: Result<Int32, KeyNoteError>
    /// The Licensees expression's node; nil when there is no Licensees field
    /// (its value is then the highest), a nil node when the field is empty.
    let licensees: Result<Int32?, KeyNoteError>?
    /// The Conditions' clauses node; nil when there is no Conditions field
    /// (its value is then the highest).
    let conditions: Result<Int32, KeyNoteError>?
    /// The Signature's string expression node; nil when there is no Signature field.
    let signature: Result<Int32, KeyNoteError>?
    /// The Authorizer's principal when it does not depend on the action attributes.
    let fixedAuthorizer: Result<Principal, KeyNoteError>?
    /// The Licensees' principals when they do not depend on the action attributes.
    let fixedLicensees: Result<[Licensee], KeyNoteError>?
    /// The Signature value when it does not depend on the action attributes.
    let fixedSignature: Result<FixedBytes, KeyNoteError>?
    /// The cached answer of the signature check: 0 unknown, 1 valid, 2 not valid.
    private let verification = Atomic<UInt8>(0)

    /// Reads an assertion.
    ///
    /// - Throws: ``KeyNoteError`` with the line and column of the first problem
    ///   the reference would reject the assertion for, or a limit that was exceeded.
    public init(parsing text: [UInt8], limits: KeyNoteLimits = .default) throws(KeyNoteError) {
        var builder = ExpressionProgram.Builder(reservingFor: text.count)
        let fields = try AssertionFields(splitting: text, limits: limits, program: &builder)
        self.text = text
        self.fields = fields
        let authorizer = Result { () throws(KeyNoteError) in
            try FieldParser.principal(text: text, range: fields.authorizer, limits: limits, into: &builder)
        }
        let licensees = fields.licensees.map { range in
            Result { () throws(KeyNoteError) in
                try LicenseesParser.parse(text: text, range: range, limits: limits, into: &builder)
            }
        }
        let conditions = fields.conditions.map { range in
            Result { () throws(KeyNoteError) in
                try ConditionsParser.parse(text: text, range: range, limits: limits, into: &builder)
            }
        }
        let signature = fields.signature.map { range in
            Result { () throws(KeyNoteError) in
                try FieldParser.principal(text: text, range: range, limits: limits, into: &builder)
            }
        }
        // Patterns are compiled once here rather than at every query; only
        // the Conditions field has any.
        let conditionsParsed = if case .success = conditions { true } else { false }
        let program = builder.finish(compilingPatternsWith: conditionsParsed ? limits.regex : nil)
        self.program = program
        self.authorizer = authorizer
        self.licensees = licensees
        self.conditions = conditions
        self.signature = signature
        /// The value of `root` when it does not depend on the session; nil when it does.
        func fixed(_ root: Int32) -> FixedBytes? {
            if let range = program.literalRange(root) { return .literal(range) }
            var evaluator = ExpressionEvaluator(program: program, query: .standalone(),
                                                budget: QueryBudget(steps: limits.maxQuerySteps), limits: limits)
            guard let value = try? evaluator.string(root) else { return .built([]) }
            return evaluator.readSession ? nil : .built(evaluator.bytes(of: value))
        }
        func decode(_ value: FixedBytes) -> Result<Principal, KeyNoteError> {
            value.withBytes(in: program) { bytes in Result { () throws(KeyNoteError) in try Principal.decode(bytes) } }
        }
        switch authorizer {
        case .failure(let error):
            fixedAuthorizer = .failure(error)
        case .success(let root):
            fixedAuthorizer = fixed(root).map(decode)
        }
        switch signature {
        case .none:
            fixedSignature = nil
        case .some(.failure(let error)):
            fixedSignature = .failure(error)
        case .some(.success(let root)):
            fixedSignature = fixed(root).map { .success($0) }
        }
        switch licensees {
        case .none, .some(.success(.none)):
            fixedLicensees = .success([])
        case .some(.failure(let error)):
            fixedLicensees = .failure(error)
        case .some(.success(.some(let root))):
            var list: [Licensee] = []
            var failure: KeyNoteError? = nil
            let constant = program.forEachPrincipal(of: root) { item in
                guard let value = fixed(item) else { return false }
                switch decode(value) {
                case .success(let principal): list.append(Licensee(text: value, principal: principal))
                case .failure(let error): failure = error
                }
                return true
            }
            if !constant {
                fixedLicensees = nil
            } else if let failure {
                fixedLicensees = .failure(failure)
            } else {
                fixedLicensees = .success(list)
            }
        }
    }

    /// Reads an assertion from its text.
    public convenience init(parsing text: String, limits: KeyNoteLimits = .default) throws(KeyNoteError) {
        try self.init(parsing: text.utf8Bytes, limits: limits)
    }

    /// Checks every field, not only those the reference checks when an
    /// assertion is added: throws the first error of the Authorizer,
    /// Licensees, Conditions or Signature field. A merchant that wants to refuse
    /// a malformed microcheck outright (rather than let it count for nothing)
    /// calls this first.
    public func validate() throws(KeyNoteError) {
        _ = try authorizer.get()
        if let licensees { _ = try licensees.get() }
        if let conditions { _ = try conditions.get() }
        if let signature { _ = try signature.get() }
        if case .failure(let error) = fixedAuthorizer { throw error }
        if case .failure(let error) = fixedLicensees { throw error }
    }

    /// The bytes a signature covers, without the algorithm name that is
    /// appended to them (RFC 2704 section 4.6.7); nil without a Signature field.
    public var signedBytes: ArraySlice<UInt8>? {
        fields.signedRange.map { text[$0] }
    }

    /// Whether the assertion has a Signature field.
    public var hasSignature: Bool { fields.signature != nil }

    /// Verifies `signature` made by `authorizer` over this assertion, caching
    /// the answer when both are fixed by the text.
    ///
    /// - Returns: whether the signature is valid, and whether a signature
    ///   verification was performed (false when the answer was cached).
    func verify(signature: UnsafeBufferPointer<UInt8>, by authorizer: Principal,
                cacheable: Bool) -> (valid: Bool, performed: Bool) {
        if cacheable {
            let known = verification.load(ordering: .acquiring)
            if known != 0 { return (known == 1, false) }
        }
        var valid = false
        if case .key(let key) = authorizer, let signed = signedBytes {
            valid = KeyNoteSignatures.verify(signature: signature, by: key, over: signed)
        }
        if cacheable {
            verification.store(valid ? 1 : 2, ordering: .releasing)
        }
        return (valid, true)
    }
}
