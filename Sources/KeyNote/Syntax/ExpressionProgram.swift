/// The parsed expressions of one assertion (RFC 2704 sections 4.6.1–4.6.5),
/// flattened into plain numbers.
///
/// Every expression of every field is a ``ExpressionNode`` in one table, and
/// refers to its operands by their position in that table. Operand lists
/// (`a && b && c`, `a . b . c`, K-of lists, clauses) are runs of positions in a
/// second table, and literals and names are byte ranges of a third. A query
/// walks the three tables through pointers, without counting a reference or
/// copying a string, which a tree of enums with arrays and byte arrays in its
/// cases costs at every step.
///
/// The language is typed by its syntax (`@` makes an integer, `&` a float,
/// literals and names are strings), and the parser has checked the types, so
/// each node kind says what its operands are.
///
/// Immutable once built (``Builder/finish(compilingPatternsWith:)``), and
/// shared by every query of the assertion on any thread: the tables are the
/// ones the parser filled (``ProgramTables``), kept without a copy and freed
/// with the program. Its state is set once, before the program is shared,
/// so accesses to it are not checked for exclusivity at run time.
final class ExpressionProgram: @unchecked Sendable {
    /// The expression nodes.
    @exclusivity(unchecked) private(set) var nodes = UnsafeBufferPointer<ExpressionNode>(start: nil, count: 0)
    /// Operand lists: runs of node positions (and, in chains, operators).
    @exclusivity(unchecked) private(set) var lists = UnsafeBufferPointer<Int32>(start: nil, count: 0)
    /// Literal values and names, unescaped.
    @exclusivity(unchecked) private(set) var bytes = UnsafeBufferPointer<UInt8>(start: nil, count: 0)
    /// The Local-Constants, four list entries each: name offset and length,
    /// value offset and length, in ``bytes``.
    @exclusivity(unchecked) private(set) var constants: Range<Int> = 0..<0
    /// The literal `~=` patterns, compiled, by slot; nil for one that does
    /// not compile within the limits (a query then reports it).
    @exclusivity(unchecked) private(set) var patterns: [POSIXRegex?] = []
    /// By slot, the number of groups of each compiled pattern in decimal,
    /// what `_0` reads after a match: a range of ``bytes``.
    @exclusivity(unchecked) private(set) var groupCountTexts: [Range<Int32>] = []
    /// The tables the parser fills; the properties above point into them once the program is finished.
    @exclusivity(unchecked) fileprivate var tables: ProgramTables

    /// An empty program with room for the fields of an assertion of `length` bytes, to be built.
    fileprivate init(reservingFor length: Int) {
        tables = ProgramTables(reservingFor: length)
    }

    deinit {
        tables.deallocate()
    }

    /// Freezes the tables and compiles the literal patterns with `regexLimits` (none when nil).
    fileprivate func finish(compilingPatternsWith regexLimits: RegexLimits?) {
        patterns = regexLimits.map { limits in
            tables.patterns.map { range in try? PatternCache.regex(Array(tables.bytes.buffer[range]), limits: limits) }
        } ?? []
        groupCountTexts = patterns.map { pattern in
            guard let pattern else { return 0..<0 }
            let start = Int32(tables.bytes.count)
            CText.withDecimal(pattern.numberOfGroups) { tables.bytes.append(contentsOf: $0) }
            return start..<Int32(tables.bytes.count)
        }
        nodes = tables.nodes.buffer
        lists = tables.lists.buffer
        bytes = tables.bytes.buffer
        constants = tables.constants
    }

    /// The value range of the Local-Constant `name` in ``bytes``, if the
    /// assertion has one.
    func constant(named name: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        Self.constant(named: name, in: constants, lists: lists, bytes: bytes)
    }

    /// The value range of the Local-Constant `name` in a constants table
    /// (four list entries each: name offset and length, value offset and length).
    fileprivate static func constant(named name: UnsafeBufferPointer<UInt8>, in constants: Range<Int>,
                                     lists: UnsafeBufferPointer<Int32>, bytes: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        var position = constants.lowerBound
        while position < constants.upperBound {
            let nameStart = Int(lists[position])
            let nameLength = Int(lists[position + 1])
            if CText.equal(UnsafeBufferPointer(rebasing: bytes[nameStart..<nameStart + nameLength]), name) {
                let valueStart = Int(lists[position + 2])
                return valueStart..<valueStart + Int(lists[position + 3])
            }
            position += 4
        }
        return nil
    }

    /// Calls `body` with the string expression of each principal of a
    /// Licensees expression, in the order written, until it returns false.
    func forEachPrincipal<Failure: Error>(of index: Int32, _ body: (Int32) throws(Failure) -> Bool) throws(Failure) -> Bool {
        let node = nodes[Int(index)]
        switch node.kind {
        case .principal:
            return try body(node.a)
        case .licenseesAnd, .licenseesOr, .threshold:
            for position in Int(node.a)..<Int(node.a + node.b) {
                guard try forEachPrincipal(of: lists[position], body) else { return false }
            }
            return true
        default:
            return true
        }
    }

    /// The range of a literal node's bytes in ``bytes``; nil for any other node.
    func literalRange(_ index: Int32) -> Range<Int>? {
        let node = nodes[Int(index)]
        guard node.kind == .literal else { return nil }
        return Int(node.a)..<Int(node.a + node.b)
    }
}

/// One expression of an ``ExpressionProgram``: a kind, an operator, and up to
/// three numbers whose meaning the kind gives.
struct ExpressionNode: Sendable {
    /// What the node computes; see each case for its operands.
    enum Kind: UInt8, Sendable {
        // Strings.
        /// A literal: `a` its offset in the bytes, `b` its length.
        case literal
        /// An attribute, Local-Constant or special name: `a` offset, `b`
        /// length of the name; `op` its ``NameClass``, `c` the group number
        /// of `_0` … `_31`.
        case attribute
        /// `$ e`: `a` the operand.
        case dereference
        /// `e . e . e`: `a` list offset, `b` count.
        case concatenation
        // Integers.
        /// `a` the value.
        case integerLiteral
        /// `- e`: `a` the operand.
        case integerNegate
        /// `@ s`: `a` the string operand.
        case integerFromString
        /// `e op e op e`: `a` list offset of the head, then `b` pairs of
        /// operator and operand.
        case integerChain
        // Floats.
        /// `a` and `b` the high and low halves of the bit pattern.
        case floatLiteral
        case floatNegate
        case floatFromString
        case floatChain
        // Tests.
        /// `true` (`a` = 1) or `false` (`a` = 0).
        case constant
        /// `t && t && ...`: `a` list offset, `b` count.
        case and
        /// `t || t || ...`: `a` list offset, `b` count.
        case or
        /// `! t`: `a` the operand.
        case not
        /// `op` a ``Comparison``, `a` and `b` the operands.
        case compareIntegers
        case compareFloats
        case compareStrings
        /// `a ~= b`: `c` the pattern's slot in ``ExpressionProgram/patterns``
        /// when it is a literal, else -1.
        case matches
        // Conditions programs.
        /// Clauses: `a` list offset, `b` count of ``clause`` nodes.
        case clauses
        /// `test -> outcome;`: `op` an ``Outcome``, `a` the test, `b` the
        /// outcome's value (a string) or block (a ``clauses`` node).
        case clause
        // Licensees.
        /// A principal: `a` the string, `b` its position among the
        /// field's principals in the order written.
        case principal
        /// Minimum of the operands: `a` list offset, `b` count.
        case licenseesAnd
        /// Maximum of the operands: `a` list offset, `b` count.
        case licenseesOr
        /// `K-of(...)`: `a` list offset, `b` count of ``principal`` nodes, `c` K.
        case threshold
    }

    /// Comparison operators.
    enum Comparison: UInt8, Sendable { case equal, notEqual, less, greater, lessOrEqual, greaterOrEqual }
    /// Arithmetic operators; floats have no modulo.
    enum Arithmetic: UInt8, Sendable { case add, subtract, multiply, divide, modulo, power }
    /// What a clause is worth when its test holds.
    enum Outcome: UInt8, Sendable {
        /// No `->`: the highest compliance value.
        case highest
        /// `-> "value"`: the named compliance value (0 if it is not one).
        case value
        /// `-> { ... }`: the value of the nested clauses.
        case block
    }

    /// How an attribute name is looked up (RFC 2704 section 5.1).
    enum NameClass: UInt8, Sendable {
        /// A name that does not start with `_`: a Local-Constant or an action attribute.
        case ordinary
        case minTrust, maxTrust, values, actionAuthorizers
        /// `_0` … `_31`: a group of the last `~=` match, if it set that one.
        case group
        /// Any other name starting with `_`: never set.
        case reserved

        /// The class of `name`, and its group number for ``group``.
        static func of(_ name: UnsafeBufferPointer<UInt8>) -> (NameClass, Int32) {
            guard let first = name.first, first == UInt8(ascii: "_") else { return (.ordinary, 0) }
            if let number = groupNumber(name) { return (.group, number) }
            if equals(name, "_MIN_TRUST") { return (.minTrust, 0) }
            if equals(name, "_MAX_TRUST") { return (.maxTrust, 0) }
            if equals(name, "_VALUES") { return (.values, 0) }
            if equals(name, "_ACTION_AUTHORIZERS") { return (.actionAuthorizers, 0) }
            return (.reserved, 0)
        }

        /// `n` for `_n` written as the reference names groups (decimal, no
        /// leading zero, below 32).
        private static func groupNumber(_ name: UnsafeBufferPointer<UInt8>) -> Int32? {
            guard name.count == 2 || name.count == 3 else { return nil }
            var value: Int32 = 0
            for position in 1..<name.count {
                let digit = name[position]
                guard CText.isDigit(digit) else { return nil }
                value = value * 10 + Int32(digit - UInt8(ascii: "0"))
            }
            if name.count == 3, name[1] == UInt8(ascii: "0") { return nil }
            return value < 32 ? value : nil
        }

        private static func equals(_ name: UnsafeBufferPointer<UInt8>, _ literal: StaticString) -> Bool {
            literal.withUTF8Buffer { expected in
                expected.count == name.count && expected.elementsEqual(name)
            }
        }
    }

    var kind: Kind
    var op: UInt8 = 0
    var a: Int32 = 0
    var b: Int32 = 0
    var c: Int32 = 0
}

extension ExpressionProgram {
    /// Collects the nodes of an assertion's fields while they are parsed.
    ///
    /// A handle on the program being built: copies of a builder refer to
    /// the same program. A field that fails to parse may leave nodes
    /// behind; nothing refers to them.
    struct Builder {
        private let program: ExpressionProgram

        /// Room for the fields of an assertion of `length` bytes.
        init(reservingFor length: Int) {
            program = ExpressionProgram(reservingFor: length)
        }

        /// The program, its literal patterns compiled with `regexLimits`
        /// (none when nil). The builder must not be used again.
        func finish(compilingPatternsWith regexLimits: RegexLimits?) -> ExpressionProgram {
            program.finish(compilingPatternsWith: regexLimits)
            return program
        }

        /// The tables being filled.
        private var tables: ProgramTables {
            _read { yield program.tables }
            nonmutating _modify { yield &program.tables }
        }

        /// The node at `index`, which the builder returned.
        func node(_ index: Int32) -> ExpressionNode {
            tables.nodes[Int(index)]
        }

        /// Appends a node; returns its position.
        func add(_ node: ExpressionNode) -> Int32 {
            tables.nodes.append(node)
            return Int32(tables.nodes.count - 1)
        }

        /// Appends an operand list; returns its offset in the lists.
        func list(_ items: [Int32]) -> Int32 {
            let offset = Int32(tables.lists.count)
            items.withUnsafeBufferPointer { tables.lists.append(contentsOf: $0) }
            return offset
        }

        /// A `.` concatenation node of the string nodes `parts`, left to right.
        func concatenation(_ parts: [Int32]) -> Int32 {
            add(ExpressionNode(kind: .concatenation, a: list(parts), b: Int32(parts.count)))
        }

        /// Starts an operand list whose items come one by one, with lists
        /// nested in them started and ended in between; returns its mark.
        func beginList() -> Int {
            tables.pending.count
        }

        /// Adds an item to the innermost list begun.
        func addToList(_ item: Int32) {
            tables.pending.append(item)
        }

        /// Ends the list begun at `mark`: its items go to the lists, and
        /// their offset and count are returned.
        func endList(_ mark: Int) -> (offset: Int32, count: Int32) {
            let offset = Int32(tables.lists.count)
            let count = Int32(tables.pending.count - mark)
            tables.movePending(from: mark)
            return (offset, count)
        }

        /// A literal node for the escaped bytes `text[start..<end]` (between
        /// the quotes) of an assertion's text.
        func literal(_ text: [UInt8], from start: Int, to end: Int) -> Int32 {
            let offset = tables.bytes.count
            appendUnescaped(text, from: start, to: end)
            return add(ExpressionNode(kind: .literal, a: Int32(offset), b: Int32(tables.bytes.count - offset)))
        }

        /// Appends the value of the escaped bytes `text[start..<end]` of an assertion's text.
        private func appendUnescaped(_ text: [UInt8], from start: Int, to end: Int) {
            // An assertion's text holds no NUL (``AssertionFields`` refuses
            // one), so a literal without a backslash is its own value.
            if CText.find(UInt8(ascii: "\\"), in: text, from: start, to: end) == nil {
                text.withUnsafeBufferPointer { tables.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[start..<end])) }
            } else {
                var value: [UInt8] = []
                StringLiteral.unescape(text, from: start, to: end, into: &value)
                value.withUnsafeBufferPointer { tables.bytes.append(contentsOf: $0) }
            }
        }

        /// A node that reads the name `text[range]`: the value of a
        /// Local-Constant of that name when there is one (constants are known
        /// before any other field is parsed), else an attribute lookup.
        func name(_ text: [UInt8], _ range: Range<Int>) -> Int32 {
            if !tables.constants.isEmpty, let value = constant(named: text[range]) {
                return add(ExpressionNode(kind: .literal, a: Int32(value.lowerBound), b: Int32(value.count)))
            }
            let offset = tables.bytes.count
            text.withUnsafeBufferPointer { tables.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[range])) }
            let (nameClass, group) = ExpressionNode.NameClass.of(UnsafeBufferPointer(rebasing: tables.bytes.buffer[offset...]))
            return add(ExpressionNode(kind: .attribute, op: nameClass.rawValue, a: Int32(offset),
                                      b: Int32(range.count), c: group))
        }

        /// The value range of the Local-Constant `name`, if there is one.
        private func constant(named name: ArraySlice<UInt8>) -> Range<Int>? {
            name.withUnsafeBufferPointer { name in
                ExpressionProgram.constant(named: name, in: tables.constants, lists: tables.lists.buffer,
                                           bytes: tables.bytes.buffer)
            }
        }

        /// Whether a Local-Constant is already named `name`.
        func hasConstant(named name: ArraySlice<UInt8>) -> Bool {
            constant(named: name) != nil
        }

        /// Records a Local-Constant: `name` and the escaped literal `text[start..<end]`.
        func addConstant(name: ArraySlice<UInt8>, text: [UInt8], from start: Int, to end: Int) {
            let nameOffset = tables.bytes.count
            name.withUnsafeBufferPointer { tables.bytes.append(contentsOf: $0) }
            let valueOffset = tables.bytes.count
            appendUnescaped(text, from: start, to: end)
            // The Local-Constants field is read before any other field, so
            // the constants are one run at the start of the lists.
            for entry in [nameOffset, name.count, valueOffset, tables.bytes.count - valueOffset] {
                tables.lists.append(Int32(entry))
            }
            tables.constants = 0..<tables.lists.count
        }

        /// A `~=` node; a literal pattern gets a slot for its compiled form.
        func matches(subject: Int32, pattern: Int32) -> Int32 {
            var slot: Int32 = -1
            let node = node(pattern)
            if node.kind == .literal {
                slot = Int32(tables.patterns.count)
                tables.patterns.append(Int(node.a)..<Int(node.a + node.b))
            }
            return add(ExpressionNode(kind: .matches, a: subject, b: pattern, c: slot))
        }
    }
}
