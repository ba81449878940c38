/// The tables of an ``ExpressionProgram`` while its fields are parsed, and
/// after: the program keeps them as they are, without copying them.
///
/// One parse fills them on one thread; once the program is made they are
/// never changed again, which makes sharing them between threads safe. So
/// accesses to them are not checked for exclusivity at run time.
final class ProgramTables: @unchecked Sendable {
    /// The expression nodes.
    @exclusivity(unchecked) var nodes: GrowingBuffer<ExpressionNode>
    /// Operand lists: runs of node positions (and, in chains, operators).
    @exclusivity(unchecked) var lists: GrowingBuffer<Int32>
    /// Literal values and names, unescaped.
    @exclusivity(unchecked) var bytes: GrowingBuffer<UInt8>
    /// Items of the operand lists being parsed, innermost last.
    @exclusivity(unchecked) var pending: GrowingBuffer<Int32>
    /// The Local-Constants, four list entries each (see ``ExpressionProgram/constants``).
    @exclusivity(unchecked) var constants: Range<Int> = 0..<0
    /// Literal `~=` patterns, in slot order: ranges of ``bytes``.
    @exclusivity(unchecked) var patterns: [Range<Int>] = []

    /// Room for the fields of an assertion of `length` bytes.
    init(reservingFor length: Int) {
        nodes = GrowingBuffer(capacity: length / 12 + 4)
        lists = GrowingBuffer(capacity: length / 24 + 4)
        bytes = GrowingBuffer(capacity: length)
        // Room for a few operands at once, so that a typical list does not regrow.
        pending = GrowingBuffer(capacity: 16)
    }

    deinit {
        nodes.deallocate()
        lists.deallocate()
        bytes.deallocate()
        pending.deallocate()
    }
}
