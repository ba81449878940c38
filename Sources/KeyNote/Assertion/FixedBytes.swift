/// The value of a field expression that does not depend on the action
/// attributes (an Authorizer, Signature or Licensees principal), kept with
/// the assertion: a literal is read in place from the assertion's program,
/// so that the common case copies nothing.
enum FixedBytes: Sendable {
    /// A literal: its range in the program's ``ExpressionProgram/bytes``.
    case literal(Range<Int>)
    /// Bytes an expression of literals and constants built.
    case built([UInt8])

    /// Calls `body` with the bytes; `program` is the assertion's, which
    /// holds a literal's bytes.
    func withBytes<Result>(in program: ExpressionProgram, _ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        switch self {
        case .literal(let range):
            // The range was taken from this program's bytes when the assertion was read.
            return body(UnsafeBufferPointer(rebasing: program.bytes[range]))
        case .built(let bytes):
            return bytes.withUnsafeBufferPointer(body)
        }
    }

    /// The bytes, copied.
    func bytes(in program: ExpressionProgram) -> [UInt8] {
        withBytes(in: program) { Array($0) }
    }
}
