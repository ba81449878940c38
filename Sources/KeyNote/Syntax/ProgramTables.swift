/// The tables of an ``ExpressionProgram`` while its fields are parsed, and
/// after: the program keeps them as they are, without copying them, and
/// frees them with ``deallocate()``.
struct ProgramTables {
    /// The expression nodes.
    var nodes: GrowingBuffer<ExpressionNode>
    /// Operand lists: runs of node positions (and, in chains, operators).
    var lists: GrowingBuffer<Int32>
    /// Literal values and names, unescaped.
    var bytes: GrowingBuffer<UInt8>
    /// Items of the operand lists being parsed, innermost last.
    var pending: GrowingBuffer<Int32>
    /// The Local-Constants, four list entries each (see ``ExpressionProgram/constants``).
    var constants: Range<Int> = 0..<0
    /// Literal `~=` patterns, in slot order: ranges of ``bytes``.
    var patterns: [Range<Int>] = []

    /// Room for the fields of an assertion of `length` bytes.
    init(reservingFor length: Int) {
        nodes = GrowingBuffer(capacity: length / 12 + 4)
        lists = GrowingBuffer(capacity: length / 24 + 4)
        bytes = GrowingBuffer(capacity: length)
        // Room for a few operands at once, so that a typical list does not regrow.
        pending = GrowingBuffer(capacity: 16)
    }

    /// Moves the pending items from `mark` on to the end of the lists.
    mutating func movePending(from mark: Int) {
        lists.append(contentsOf: UnsafeBufferPointer(rebasing: pending.buffer[mark...]))
        pending.removeLast(from: mark)
    }

    /// Frees the buffers; the tables must not be used again.
    func deallocate() {
        nodes.deallocate()
        lists.deallocate()
        bytes.deallocate()
        pending.deallocate()
    }
}
