// The recursive-descent parser: token cursor, error helpers and the
// statement dispatcher. It accepts PostgreSQL 15's grammar (gram.y) for the
// statements in AST.swift; the productions live in Parser+*.swift files.

/// Parses PostgreSQL SQL text into `Statement`s.
///
/// The whole text is scanned first. A scanning error is remembered and
/// raised only when the parser reaches the place it happened, so that an
/// earlier syntax error wins, as it does in PostgreSQL's on-demand scanner.
public struct Parser {
    /// Tokens of the whole text; the last one has kind `.end`.
    var tokens: [Token]
    /// Index of the current token in `tokens`.
    var index = 0
    /// The scanner's error, raised once the parser reaches `tokens.last`.
    let scanError: ParseError?
    /// The scanner after the whole text: the source and the decoded texts
    /// that tokens point into.
    let lexer: Lexer
    /// Current nesting depth of expressions and queries.
    var depth = 0
    /// NOTICEs raised while scanning (identifier truncation).
    public private(set) var notices: [ParseNotice]

    /// Nesting beyond this raises `stack depth limit exceeded`.
    static let maxDepth = 1000

    /// True when the source is all ASCII, so its scalar offsets are also
    /// its UTF-8 offsets.
    public let sourceIsASCII: Bool

    /// Creates a parser over `text`.
    public init(_ text: String) {
        let (scalars, isASCII) = Lexer.decode(text)
        self.init(lexer: Lexer(scalars: scalars, isASCII: isASCII))
    }

    /// Creates a parser over already split scalars.
    public init(scalars: [Unicode.Scalar]) {
        self.init(lexer: Lexer(scalars: scalars))
    }

    /// Scans the whole of `lexer`'s text.
    private init(lexer: Lexer) {
        var lexer = lexer
        let scalars = lexer.scalars
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 3 + 2)
        var scanError: ParseError?
        while true {
            do {
                let token = try lexer.nextToken()
                let isEnd = token.kind == .end
                tokens.append(token)
                if isEnd { break }
            } catch {
                let failure =
                    error as? ParseError
                    ?? ParseError.syntax("syntax error", at: lexer.offset)
                scanError = failure
                let at = max(0, failure.position)
                tokens.append(Token(kind: .end, location: at, end: at))
                break
            }
        }
        self.tokens = tokens
        self.scanError = scanError
        self.sourceIsASCII = lexer.isASCII
        self.notices = lexer.notices
        self.lexer = lexer
    }

    /// The source, for error texts that quote it.
    var source: [Unicode.Scalar] { lexer.scalars }

    /// A token's decoded text (see `Lexer.text(of:)`).
    @inline(__always)
    func text(_ token: Token) -> String { lexer.text(of: token) }

    // MARK: - Public entry points

    /// Parses every `;`-separated statement; empty statements are skipped.
    public mutating func parseStatements() throws -> [ParsedStatement] {
        var result: [ParsedStatement] = []
        do {
            while true {
                while current.isSymbol(";") { index += 1 }
                if current.kind == .end { break }
                let start = current.location
                let statement = try parseNextStatement()
                let end = tokens[max(0, index - 1)].end
                result.append(ParsedStatement(statement: statement, start: start, end: end))
                if current.kind == .end { break }
                guard current.isSymbol(";") else { throw syntaxError() }
            }
        } catch let error as ParseError {
            throw scanErrorIfReached(error)
        }
        if let scanError { throw scanError }
        return result
    }

    /// Parses `text` as one expression (for tests and PL/pgSQL).
    public static func parseExpression(_ text: String) throws -> Expr {
        var parser = Parser(text)
        do {
            let expr = try parser.parseExpr()
            guard parser.current.kind == .end else { throw parser.syntaxError() }
            if let scanError = parser.scanError { throw scanError }
            return expr
        } catch let error as ParseError {
            throw parser.scanErrorIfReached(error)
        }
    }

    /// Parses `text` as exactly one statement (a trailing `;` is allowed).
    public static func parseStatement(_ text: String) throws -> Statement {
        var parser = Parser(text)
        let statements = try parser.parseStatements()
        guard statements.count == 1, let first = statements.first else {
            throw ParseError.syntax("syntax error at end of input", at: parser.source.count)
        }
        return first.statement
    }

    /// Parses `text` as a type name, e.g. `character varying(20)[]`.
    public static func parseTypeName(_ text: String) throws -> TypeName {
        var parser = Parser(text)
        do {
            let type = try parser.parseTypeName()
            guard parser.current.kind == .end else { throw parser.syntaxError() }
            if let scanError = parser.scanError { throw scanError }
            return type
        } catch let error as ParseError {
            throw parser.scanErrorIfReached(error)
        }
    }

    /// The scanner's error replaces a parse error found at or after the
    /// place the scanner stopped.
    func scanErrorIfReached(_ error: ParseError) -> ParseError {
        guard let scanError else { return error }
        let stop = tokens.count - 1
        if index >= stop || error.position >= scanError.position || error.position < 0 {
            return scanError
        }
        return error
    }

    // MARK: - Cursor

    /// The current token.
    @inline(__always)
    var current: Token { tokens[index] }

    /// The token `ahead` places after the current one (the end token when
    /// past the end).
    @inline(__always)
    func peek(_ ahead: Int = 1) -> Token {
        let target = index + ahead
        return target < tokens.count ? tokens[target] : tokens[tokens.count - 1]
    }

    /// Moves past the current token (never past the end token).
    @inline(__always)
    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    /// Consumes the keyword `word` if it is next.
    @inline(__always)
    mutating func accept(_ word: Keyword) -> Bool {
        if tokens[index].keywordCode == word.rawValue {
            advance()
            return true
        }
        return false
    }

    /// Consumes the punctuation or operator `symbol` if it is next.
    @inline(__always)
    mutating func acceptSymbol(_ symbol: StaticString) -> Bool {
        if current.isSymbol(symbol) {
            advance()
            return true
        }
        return false
    }

    /// Consumes a token of `kind` if it is next.
    mutating func accept(kind: Token.Kind) -> Bool {
        if current.kind == kind {
            advance()
            return true
        }
        return false
    }

    /// Requires the keyword `word`.
    mutating func expect(_ word: Keyword) throws {
        guard accept(word) else { throw syntaxError() }
    }

    /// Requires the keywords `words` in order.
    mutating func expect(_ words: Keyword...) throws {
        for word in words { try expect(word) }
    }

    /// Requires the punctuation or operator `symbol`.
    mutating func expectSymbol(_ symbol: StaticString) throws {
        guard acceptSymbol(symbol) else { throw syntaxError() }
    }

    /// Requires a token of `kind`.
    mutating func expect(kind: Token.Kind) throws {
        guard accept(kind: kind) else { throw syntaxError() }
    }

    // MARK: - Errors

    /// PostgreSQL's `syntax error at or near "X"` for the current token, or
    /// `syntax error at end of input`.
    func syntaxError() -> ParseError {
        syntaxError(at: current)
    }

    /// A syntax error at `token`.
    func syntaxError(at token: Token) -> ParseError {
        if token.kind == .end {
            return .syntax("syntax error at end of input", at: token.location)
        }
        return .syntax("syntax error at or near \"\(rawText(token))\"", at: token.location)
    }

    /// The token's text as written in the source.
    func rawText(_ token: Token) -> String {
        var view = String.UnicodeScalarView()
        let upper = min(token.end, source.count)
        if token.location < upper { view.append(contentsOf: source[token.location..<upper]) }
        return String(view)
    }

    /// A 0A000 error at the current token.
    func notSupported(_ message: String) -> ParseError {
        .notSupported(message, at: current.location)
    }

    /// Runs `body` one nesting level deeper, failing as PostgreSQL's
    /// check_stack_depth does once the nesting is absurd.
    @inline(__always)
    mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Parser.maxDepth { throw ParseError.stackDepth() }
        return try body(&self)
    }
}
