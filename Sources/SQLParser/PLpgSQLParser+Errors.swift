// Compile-time errors of PL/pgSQL, as pl_gram.y and pl_comp.c raise them:
// syntax errors point into the body, other errors carry the line that the
// `compilation of PL/pgSQL function "f" near line N` context names.

/// An error found while compiling a PL/pgSQL body.
///
/// `position` is a 0-based offset into the body, or -1. PostgreSQL shows an
/// error with a position against the whole CREATE FUNCTION or DO text and
/// omits the compilation context; one without a position gets the context
/// `compilation of PL/pgSQL function "f" near line N` instead.
public struct PLCompileError: Error, Hashable, Sendable {
    public var sqlState: String
    public var message: String
    public var position: Int
    public var detail: String?
    public var hint: String?
    /// Extra CONTEXT line, e.g. `invalid type name "int BEGIN"`.
    public var context: String?
    /// The body line the compiler had reached.
    public var line: Int

    /// Creates an error.
    public init(
        sqlState: String, message: String, position: Int, detail: String? = nil,
        hint: String? = nil, context: String? = nil, line: Int = 1
    ) {
        self.sqlState = sqlState
        self.message = message
        self.position = position
        self.detail = detail
        self.hint = hint
        self.context = context
        self.line = line
    }
}

extension PLpgSQLParser {
    /// plpgsql_yyerror: `message at or near "token"`, or `message at end
    /// of input`, pointing at `token`.
    func failure(_ message: String, at token: Token) -> PLCompileError {
        let text: String
        if token.kind == .end {
            text = "\(message) at end of input"
        } else {
            text = "\(message) at or near \"\(raw(token))\""
        }
        return PLCompileError(
            sqlState: "42601", message: text, position: token.location,
            line: line(of: token.location))
    }

    /// `syntax error at or near "X"` at the current token.
    func syntaxError() -> PLCompileError {
        failure("syntax error", at: current)
    }

    /// An error with its own wording at `position` (ereport with
    /// parser_errposition).
    func error(
        _ sqlState: String, _ message: String, at position: Int, hint: String? = nil
    ) -> PLCompileError {
        PLCompileError(
            sqlState: sqlState, message: message, position: position, hint: hint,
            line: line(of: max(0, position)))
    }

    /// An error without a position, reported with the compilation context
    /// at the current token's line.
    func unpositioned(_ sqlState: String, _ message: String) -> PLCompileError {
        PLCompileError(
            sqlState: sqlState, message: message, position: -1,
            line: line(of: current.location))
    }

    /// A 0A000 error for PL/pgSQL that citus-sim does not run.
    func notSupported(_ message: String, at token: Token) -> PLCompileError {
        PLCompileError(
            sqlState: "0A000", message: message, position: token.location,
            line: line(of: token.location))
    }

    /// Converts an error of the SQL parser on `text` (which starts at body
    /// offset `base`, with `shift` extra leading characters in front of
    /// the source) into a body-relative compile error.
    func mapped(_ error: ParseError, base: Int, shift: Int) -> PLCompileError {
        let position = error.position < 0 ? -1 : base + max(0, error.position - shift)
        return PLCompileError(
            sqlState: error.sqlState, message: error.message, position: position,
            hint: error.hint, line: line(of: max(0, position)))
    }
}
