// Operator precedence for expressions, transcribed in order from the
// precedence block of PostgreSQL 15's gram.y.

/// Binding strength of expression operators, weakest first.
///
/// gram.y lists, from weakest to strongest:
/// `OR`, `AND`, `NOT` (right), `IS ISNULL NOTNULL` (nonassoc),
/// `< > = <= >= <>` (nonassoc), `BETWEEN IN LIKE ILIKE SIMILAR` and
/// `NOT` before them (nonassoc), `ESCAPE`, then `Op OPERATOR` (every other
/// operator, e.g. `||`, `~~`, `<@`), `+ -`, `* / %`, `^`, `AT` (AT TIME
/// ZONE), `COLLATE`, unary minus (right), `[ ]`, `::` and `.`. The last
/// three are postfix and handled where primaries are parsed, except `::`
/// which, like gram.y's `a_expr TYPECAST Typename`, applies to any operand.
///
/// Worked example: `NOT a = b || c AND d` groups as
/// `(NOT (a = (b || c))) AND d`: `||` (Op) binds tighter than `=`, which
/// binds tighter than `NOT`, which binds tighter than `AND`. Nonassociative
/// levels reject chaining: `1 = 1 = true` fails at the second `=`.
enum Precedence: Int, Comparable {
    case lowest = 0
    case or
    case and
    case not
    case isTest
    case comparison
    case like
    case escape
    case userOperator
    case additive
    case multiplicative
    case exponent
    case atTimeZone
    case collate
    case unaryMinus
    case subscripting
    case typecast

    static func < (lhs: Precedence, rhs: Precedence) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The next stronger level (operands of a left-associative operator
    /// at `self` are parsed at this level).
    var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .typecast }

    /// Levels where `a op b op c` is a syntax error rather than a chain.
    var isNonAssociative: Bool {
        self == .isTest || self == .comparison || self == .like
    }

    /// The level of a binary operator symbol as the lexer reports it.
    static func ofSymbol(_ symbol: String) -> Precedence {
        switch symbol {
        case "<", ">", "=", "<=", ">=", "<>": return .comparison
        case "+", "-": return .additive
        case "*", "/", "%": return .multiplicative
        case "^": return .exponent
        default: return .userOperator
        }
    }
}
