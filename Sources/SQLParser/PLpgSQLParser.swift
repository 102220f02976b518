// The PL/pgSQL compiler's front half, modelled on pl_gram.y and
// pl_scanner.c: the body is scanned with the SQL lexer, statements are
// recognised by their leading keyword, and embedded SQL is cut out at the
// terminating token and handed to the SQL parser. Like pl_comp.c it keeps
// the namespace while it parses, so that unknown variables, CONSTANT
// assignments and bad labels fail at CREATE FUNCTION time with
// PostgreSQL's messages.

/// Parses PL/pgSQL function bodies and DO blocks into `PLFunctionBody`.
public struct PLpgSQLParser {
    /// What the parser must know about the function it compiles.
    public struct Options: Sendable {
        /// The name in `compilation of PL/pgSQL function "f"` and the
        /// label of the outermost namespace (`f.param`).
        public var functionName: String
        /// Parameter names (nil when unnamed) and whether each is a
        /// `record`; each parameter is also reachable as `$n`.
        public var parameters: [(name: String?, isRecord: Bool)]
        /// True for void functions, procedures and DO blocks: RETURN takes
        /// no expression.
        public var returnsVoid: Bool
        /// True for SETOF functions: RETURN NEXT and RETURN QUERY.
        public var returnsSet: Bool
        /// Procedures word RETURN's error differently.
        public var isProcedure: Bool

        /// Creates options; the defaults describe a DO block.
        public init(
            functionName: String = "inline_code_block",
            parameters: [(name: String?, isRecord: Bool)] = [], returnsVoid: Bool = true,
            returnsSet: Bool = false, isProcedure: Bool = false
        ) {
            self.functionName = functionName
            self.parameters = parameters
            self.returnsVoid = returnsVoid
            self.returnsSet = returnsSet
            self.isProcedure = isProcedure
        }
    }

    /// The body, one element per Unicode scalar.
    let source: [Unicode.Scalar]
    /// The scanner after the whole body, which tokens' texts point into.
    let lexer: Lexer
    /// Tokens of the body; the last has kind `.end`.
    let tokens: [Token]
    /// The scanner's error, raised once parsing reaches it.
    let scanError: ParseError?
    /// Offsets of every newline, for line numbers.
    let newlines: [Int]
    let options: Options
    var index = 0

    var variables: [PLVariable] = []
    var scopes: [PLScope] = []
    var currentScope = 0
    var expressionCount = 0
    /// Nesting of blocks and loops, bounded like the SQL parser's.
    var depth = 0

    /// Parses a DO block body.
    public static func parse(_ body: String) throws -> PLFunctionBody {
        try parse(body, options: Options())
    }

    /// Parses a function body compiled with `options`.
    public static func parse(_ body: String, options: Options) throws -> PLFunctionBody {
        var parser = PLpgSQLParser(body, options: options)
        return try parser.parseFunction()
    }

    init(_ body: String, options: Options) {
        let scalars = Array(body.unicodeScalars)
        var lexer = Lexer(scalars: scalars)
        var tokens: [Token] = []
        var scanError: ParseError?
        while true {
            do {
                let token = try lexer.nextToken()
                tokens.append(token)
                if token.kind == .end { break }
            } catch {
                let failure = error as? ParseError
                    ?? ParseError.syntax("syntax error", at: lexer.offset)
                scanError = failure
                let at = max(0, failure.position)
                tokens.append(Token(kind: .end, location: at, end: at))
                break
            }
        }
        var newlines: [Int] = []
        for (offset, scalar) in scalars.enumerated() where scalar == "\n" {
            newlines.append(offset)
        }
        self.source = scalars
        self.lexer = lexer
        self.tokens = tokens
        self.scanError = scanError
        self.newlines = newlines
        self.options = options
    }

    // MARK: - Function

    /// `pl_function: comp_options pl_block opt_semi`, with the function's
    /// namespace (parameters, `$n`, FOUND) set up first.
    mutating func parseFunction() throws -> PLFunctionBody {
        scopes.append(
            PLScope(parent: nil, label: options.functionName, labelKind: .block))
        for (position, parameter) in options.parameters.enumerated() {
            let datum = addVariable(
                PLVariable(
                    name: parameter.name ?? "$\(position + 1)",
                    kind: parameter.isRecord ? .record : .scalar, parameterIndex: position))
            if let name = parameter.name { declare(name, datum: datum) }
            declare("$\(position + 1)", datum: datum)
        }
        let found = addVariable(
            PLVariable(name: "found", type: TypeName(["bool"])))
        declare("found", datum: found)

        if current.isSymbol("#") {
            throw notSupported("PL/pgSQL compiler options are not supported", at: current)
        }
        let start = current.location
        let label = try parseLabel()
        let statement = try parseBlock(
            label: label?.name, labelLocation: label == nil ? -1 : start)
        guard case .block(let block) = statement.kind else { throw syntaxError() }
        _ = acceptSymbol(";")
        guard current.kind == .end else { throw scanFailure() ?? syntaxError() }
        if let scanFailure = scanFailure() { throw scanFailure }
        return PLFunctionBody(
            block: block, variables: variables, scopes: scopes, foundDatum: found,
            expressionCount: expressionCount)
    }

    // MARK: - Tokens

    /// The current token.
    var current: Token { tokens[index] }

    /// The token `ahead` places on (the end token past the end).
    func peek(_ ahead: Int = 1) -> Token {
        let target = index + ahead
        return target < tokens.count ? tokens[target] : tokens[tokens.count - 1]
    }

    /// Moves to the next token, never past the end.
    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    /// A token's decoded text (see `Lexer.text(of:)`).
    func text(_ token: Token) -> String { lexer.text(of: token) }

    /// True when `token` is the unquoted word `word` (keyword or not).
    func isWord(_ token: Token, _ word: String) -> Bool {
        token.kind == .identifier && !token.isQuoted && text(token) == word
    }

    /// Consumes the unquoted word `word` if it is next.
    mutating func accept(_ word: String) -> Bool {
        guard isWord(current, word) else { return false }
        advance()
        return true
    }

    /// Consumes punctuation or an operator spelled `symbol` if next.
    mutating func acceptSymbol(_ symbol: StaticString) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    /// Requires the word `word`.
    mutating func expect(_ word: String) throws {
        guard accept(word) else { throw scanFailure() ?? syntaxError() }
    }

    /// Requires the symbol `symbol`.
    mutating func expectSymbol(_ symbol: StaticString) throws {
        guard acceptSymbol(symbol) else { throw scanFailure() ?? syntaxError() }
    }

    /// The scanner's error once parsing has reached the point where the
    /// scanner stopped.
    func scanFailure() -> PLCompileError? {
        guard let scanError, current.kind == .end else { return nil }
        return mapped(scanError, base: 0, shift: 0)
    }

    /// The source text of `token`, as written.
    func raw(_ token: Token) -> String {
        text(from: token.location, to: token.end)
    }

    /// The source between two offsets.
    func text(from start: Int, to end: Int) -> String {
        let lower = max(0, min(start, source.count))
        let upper = max(lower, min(end, source.count))
        var view = String.UnicodeScalarView()
        view.append(contentsOf: source[lower..<upper])
        return String(view)
    }

    /// The source between two offsets without trailing whitespace, as
    /// read_sql_construct trims it.
    func trimmedText(from start: Int, to end: Int) -> String {
        var upper = max(start, min(end, source.count))
        while upper > start, isSpace(source[upper - 1]) { upper -= 1 }
        return text(from: start, to: upper)
    }

    /// scanner_isspace: space, tab, newline, carriage return, form feed.
    func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case " ", "\t", "\n", "\r", "\u{0C}": return true
        default: return false
        }
    }

    /// The 1-based body line of `offset`, counting the line the body
    /// starts on as line 1.
    func line(of offset: Int) -> Int {
        var low = 0
        var high = newlines.count
        while low < high {
            let middle = (low + high) / 2
            if newlines[middle] < offset { low = middle + 1 } else { high = middle }
        }
        return low + 1
    }

    /// PL/pgSQL's reserved words (pl_reserved_kwlist.h): never variable
    /// names, and they end statement lists.
    static let reservedWords: Set<String> = [
        "all", "begin", "by", "case", "declare", "else", "end", "for", "foreach", "from",
        "if", "in", "into", "loop", "not", "null", "or", "strict", "then", "to", "using",
        "when", "while",
    ]

    /// True when `token` can name a variable.
    func isName(_ token: Token) -> Bool {
        guard token.kind == .identifier else { return false }
        return token.isQuoted || !PLpgSQLParser.reservedWords.contains(text(token))
    }

    // MARK: - Namespace

    /// Adds a datum and returns its number.
    mutating func addVariable(_ variable: PLVariable) -> Int {
        variables.append(variable)
        return variables.count - 1
    }

    /// Makes `name` denote `datum` in the current scope.
    mutating func declare(_ name: String, datum: Int) {
        scopes[currentScope].items.append(PLScopeItem(name: name, datum: datum))
    }

    /// Opens a namespace level.
    mutating func pushScope(label: String?, kind: PLScope.LabelKind) -> Int {
        scopes.append(PLScope(parent: currentScope, label: label, labelKind: kind))
        currentScope = scopes.count - 1
        return currentScope
    }

    /// Closes the current namespace level.
    mutating func popScope() {
        currentScope = scopes[currentScope].parent ?? 0
    }

    /// Resolves a name in the current namespace.
    func resolve(_ parts: [String]) -> PLResolvedName? {
        let body = PLFunctionBody(
            block: PLBlock(), variables: variables, scopes: scopes)
        return body.resolve(parts, in: currentScope)
    }

    /// Runs `body` one nesting level deeper.
    mutating func nested<T>(_ body: (inout PLpgSQLParser) throws -> T) throws -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > 1000 {
            throw PLCompileError(
                sqlState: "54001", message: "stack depth limit exceeded", position: -1,
                hint: "Increase the configuration parameter \"max_stack_depth\" (currently 2048kB), after ensuring the platform's stack depth limit is adequate.")
        }
        return try body(&self)
    }
}
