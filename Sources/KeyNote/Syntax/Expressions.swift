/// Parsed forms of the KeyNote field languages (RFC 2704 sections 4.6.4, 4.6.5).
///
/// The languages are typed by their syntax: `@` makes an integer, `&` a float,
/// literals and attribute names are strings. Parsing checks the types, so that
/// `&x == 1.5` (floats have no `==`) or `1 == 1.0` is a syntax error, as in the
/// reference.
///
/// In the value types only the cases that hold an expression of their own
/// type directly are `indirect`; leaves (literals, names) are stored inline
/// rather than in a heap box each, so a parsed field costs few allocations.
/// ``Test`` is `indirect` as a whole: the evaluator copies a test each time it
/// reads one, and copying a boxed comparison costs one reference count
/// instead of one per string it holds, on every query rather than once at
/// parsing.

/// An expression whose value is a string.
enum StringExpression: Sendable {
    /// A quoted literal, already unescaped.
    case literal([UInt8])
    /// An attribute (or Local-Constant, or special `_` name) by name.
    case attribute([UInt8])
    /// `$ e`: the attribute named by the value of `e`.
    indirect case dereference(StringExpression)
    /// `a . b . c`: a left-to-right chain, kept flat so that long chains do
    /// not nest deeply.
    case concatenation([StringExpression])
}

/// Integer arithmetic operators (32-bit C `int`).
enum IntegerOperator: Sendable { case add, subtract, multiply, divide, modulo, power }
/// Float arithmetic operators (C `double`).
enum FloatOperator: Sendable { case add, subtract, multiply, divide, power }
/// Comparison operators.
enum Comparison: Sendable { case equal, notEqual, less, greater, lessOrEqual, greaterOrEqual }

/// An expression whose value is a 32-bit integer.
enum IntegerExpression: Sendable {
    case literal(Int32)
    /// `a op b op c ...` with operators of one precedence level, left-associative, kept flat.
    indirect case chain(IntegerExpression, [(IntegerOperator, IntegerExpression)])
    indirect case negate(IntegerExpression)
    /// `@ s`: the string read as a number (0 unless it is digits with at most one `.`).
    case fromString(StringExpression)
}

/// An expression whose value is a double.
enum FloatExpression: Sendable {
    case literal(Double)
    /// `a op b op c ...` with operators of one precedence level, left-associative, kept flat.
    indirect case chain(FloatExpression, [(FloatOperator, FloatExpression)])
    indirect case negate(FloatExpression)
    /// `& s`: the string read as a number (0 unless it is digits with at most one `.`).
    case fromString(StringExpression)
}

/// A test: an expression whose value is true or false.
indirect enum Test: Sendable {
    case constant(Bool)
    /// `a && b && ...`, left-associative, kept flat.
    case and([Test])
    /// `a || b || ...`, left-associative, kept flat.
    case or([Test])
    case not(Test)
    case integers(Comparison, IntegerExpression, IntegerExpression)
    /// Floats compare with `<`, `>`, `<=`, `>=` only.
    case floats(Comparison, FloatExpression, FloatExpression)
    case strings(Comparison, StringExpression, StringExpression)
    /// `subject ~= pattern`, POSIX extended regular expression.
    case matches(StringExpression, StringExpression)
}

/// One clause of a Conditions program: `test;`, `test -> value;` or `test -> { program };`.
struct Clause: Sendable {
    enum Outcome: Sendable {
        /// No `->`: the highest compliance value.
        case highest
        /// `-> "value"`: the named compliance value (0 if it is not one).
        case value(StringExpression)
        /// `-> { ... }`: the value of the nested program.
        case block([Clause])
    }

    var test: Test
    var outcome: Outcome
}

/// A Licensees expression (RFC 2704 section 4.6.4).
enum LicenseesExpression: Sendable {
    case principal(StringExpression)
    /// Minimum of the operands, left to right.
    case and([LicenseesExpression])
    /// Maximum of the operands, left to right.
    case or([LicenseesExpression])
    /// `K-of(p1, p2, ...)`: the K-th highest value among the principals.
    case threshold(Int32, [StringExpression])

    /// The principal expressions in the order they are written.
    var principals: [StringExpression] {
        switch self {
        case .principal(let expression): return [expression]
        case .and(let operands), .or(let operands): return operands.flatMap(\.principals)
        case .threshold(_, let list): return list
        }
    }
}
