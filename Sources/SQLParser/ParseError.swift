// Errors and notices raised while scanning and parsing, with the fields
// PostgreSQL's scanner_yyerror and parser_yyerror fill in.

/// A lexical or syntax error, or a feature the parser does not model.
///
/// `position` is a 0-based offset in Unicode scalars into the text given to
/// `Parser` or `Lexer`; PostgreSQL reports the same place 1-based.
public struct ParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Five-character SQLSTATE: 42601 for syntax errors, 0A000 for
    /// unsupported statements, 54001 for runaway nesting.
    public var sqlState: String
    /// The primary message, worded exactly as PostgreSQL words it.
    public var message: String
    /// 0-based scalar offset of the offending token; -1 when the error
    /// points nowhere (PostgreSQL omits the position then).
    public var position: Int
    /// PostgreSQL's HINT line, if it prints one.
    public var hint: String?

    /// Creates an error with every field given.
    public init(sqlState: String, message: String, position: Int, hint: String? = nil) {
        self.sqlState = sqlState
        self.message = message
        self.position = position
        self.hint = hint
    }

    /// `ERROR:  message`, as a log line would show it.
    public var description: String { "ERROR:  \(message)" }

    /// A 42601 error.
    static func syntax(_ message: String, at position: Int, hint: String? = nil) -> ParseError {
        ParseError(sqlState: "42601", message: message, position: position, hint: hint)
    }

    /// A 0A000 error for syntax PostgreSQL accepts but citus-sim lacks.
    static func notSupported(_ message: String, at position: Int) -> ParseError {
        ParseError(sqlState: "0A000", message: message, position: position)
    }

    /// PostgreSQL's `stack depth limit exceeded` (54001), raised instead of
    /// overflowing the real stack on deeply nested input.
    static func stackDepth() -> ParseError {
        ParseError(
            sqlState: "54001", message: "stack depth limit exceeded", position: -1,
            hint:
                "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate."
        )
    }
}

/// A message the scanner raises without failing, such as the NOTICE for an
/// identifier longer than 63 bytes (SQLSTATE 42622).
public struct ParseNotice: Hashable, Sendable {
    /// The NOTICE text, e.g. `identifier "..." will be truncated to "..."`.
    public var message: String
    /// 0-based scalar offset of the token that caused it (PostgreSQL sends
    /// no position with this NOTICE; callers may ignore it).
    public var position: Int
    /// The SQLSTATE PostgreSQL attaches: 42622 for name truncation.
    public var sqlState: String

    /// Creates a notice.
    public init(message: String, position: Int, sqlState: String = "42622") {
        self.message = message
        self.position = position
        self.sqlState = sqlState
    }
}
