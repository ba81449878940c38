/// What the compliance checker knows of one assertion during a query: plain
/// numbers, so that the checker keeps every assertion's slot in one buffer
/// without counting references.
///
/// Authors are numbered: an assertion's author number is the position of the
/// first assertion whose Authorizer is the same principal. The slot at that
/// position leads to the author's most recent assertion (``newest``), and
/// each assertion to the next older one by the same author (``older``), so
/// the assertions a principal authored are found most recent first.
struct SearchSlot {
    /// Where the search stands with the assertion.
    enum Visit: UInt8 { case untouched, inProgress, done }

    /// The licensee code of an action authorizer.
    static let actionAuthorizer: Int32 = -2

    var visit = Visit.untouched
    /// Whether the assertion is trusted and its Authorizer is `POLICY`.
    var isPolicy = false
    /// The assertion's value, once ``visit`` is ``Visit/done``.
    var result: Int32 = 0
    /// The author number of the assertion's Authorizer.
    var author: Int32
    /// The next older assertion by the same author; -1 when none.
    var older: Int32 = -1
    /// In the slot at an author number: that author's most recent assertion.
    var newest: Int32 = -1
    /// Where the codes of the assertion's licensees start in the checker's
    /// codes, one per principal of its Licensees field in the order written:
    /// the author number of the principal, -1 when it authored no
    /// assertion, or ``actionAuthorizer``. Set when the assertion is reached.
    var codesStart: Int32
}
