// Primary expressions (gram.y's c_expr): constants, column references with
// indirection, parameters, parenthesised expressions and rows, subqueries,
// CASE, ARRAY, ROW, EXISTS, typed literals and function calls.

extension Parser {
    /// A primary expression.
    mutating func parsePrimary() throws -> Expr {
        let token = current
        let at = token.location
        switch token.kind {
        case .integer:
            advance()
            return Expr(.literal(.integer(text(token))), location: at)
        case .numeric:
            advance()
            return Expr(.literal(.numeric(text(token))), location: at)
        case .string:
            advance()
            return Expr(.literal(.string(text(token))), location: at)
        case .bitString:
            advance()
            return Expr(.literal(.bitString(text(token))), location: at)
        case .parameter:
            advance()
            guard let number = Int(text(token)) else { throw syntaxError(at: token) }
            return try parseIndirection(Expr(.parameter(number), location: at))
        case .punctuation where token.isSymbol("("):
            return try parseParenthesized()
        case .identifier:
            return try parseWordPrimary(token)
        default:
            throw syntaxError()
        }
    }

    /// `(expr)`, `(a, b)` (an implicit row) or `(SELECT ...)`, each with
    /// optional indirection.
    private mutating func parseParenthesized() throws -> Expr {
        let at = current.location
        if let query = try parseParenthesizedSelectIfPresent() {
            return try parseIndirection(Expr(.subquery(query), location: at))
        }
        try expectSymbol("(")
        let first = try parseExpr()
        if acceptSymbol(",") {
            var items = [first]
            items.append(contentsOf: try parseExprList())
            try expectSymbol(")")
            return Expr(.row(items, explicitRow: false), location: at)
        }
        try expectSymbol(")")
        return try parseIndirection(Expr(.paren(first), location: at))
    }

    /// If the parenthesis at the cursor opens a query, parses
    /// `(SELECT ...)` and returns it; otherwise leaves the cursor alone.
    ///
    /// `((SELECT 1) + 1)` opens an expression although a query follows the
    /// parentheses, so nested parentheses are tried as a query first and
    /// re-read as an expression if that fails.
    mutating func parseParenthesizedSelectIfPresent() throws -> SelectStatement? {
        guard current.isSymbol("(") else { return nil }
        var ahead = 1
        while peek(ahead).isSymbol("(") { ahead += 1 }
        guard peek(ahead).startsQuery else { return nil }
        if ahead == 1 {
            return try parseSelectWithParens()
        }
        let saved = index
        do {
            let query = try parseSelectWithParens()
            if current.isSymbol(")") || current.isSymbol(",") || current.kind == .end
                || current.isSymbol(";") || !startsInfix(current)
            {
                return query
            }
        } catch let error as ParseError where error.sqlState == "42601" {
            index = saved
            return nil
        }
        index = saved
        return nil
    }

    /// True when `token` could continue an expression after an operand.
    private func startsInfix(_ token: Token) -> Bool {
        switch token.kind {
        case .op, .typecast: return true
        case .punctuation: return token.isSymbol("[") || token.isSymbol(".")
        default: return false
        }
    }

    /// Words: keywords with their own syntax, typed literals, function
    /// calls and column references.
    private mutating func parseWordPrimary(_ token: Token) throws -> Expr {
        let at = token.location
        if let keyword = token.keyword {
            switch text(token) {
            case "true", "false":
                advance()
                return Expr(.literal(.boolean(text(token) == "true")), location: at)
            case "null":
                advance()
                return Expr(.literal(.null), location: at)
            case "default":
                advance()
                return Expr(.defaultValue, location: at)
            case "case":
                return try parseCase()
            case "exists":
                if peek().isSymbol("(") {
                    advance()
                    return Expr(.exists(try parseSelectWithParens()), location: at)
                }
            case "array":
                return try parseArrayConstructor()
            case "row":
                if peek().isSymbol("(") { return try parseExplicitRow() }
            case "interval":
                let next = peek()
                if next.kind == .string || next.isSymbol("(") { return try parseIntervalLiteral() }
            default:
                break
            }
            if let special = try parseSpecialFunction(token) { return special }
            if Parser.constantTypeKeywords.contains(text(token)), startsConstantType(token) {
                return try parseConstantTypeLiteral()
            }
            if keyword.category == .reserved { throw syntaxError() }
        }
        return try parseNamePrimary()
    }

    /// Keywords that start a ConstTypename (`int '1'`, `double precision
    /// '1.5'`, `varchar(3) 'abc'`, `timestamp with time zone '...'`).
    static let constantTypeKeywords: Set<String> = [
        "int", "integer", "smallint", "bigint", "real", "float", "double", "decimal", "dec",
        "numeric", "boolean", "bit", "character", "char", "varchar", "nchar", "national",
        "timestamp", "time",
    ]

    /// True when the type keyword `token` (the current token) opens a
    /// typed literal rather than naming a column: gram.y decides on the
    /// next token, so `SELECT interval;` and `SELECT int x` are column
    /// references while `int '1'` and `double precision '1'` are literals.
    private func startsConstantType(_ token: Token) -> Bool {
        let next = peek()
        if text(token) == "double" { return next.isKeyword(.precision) }
        if next.kind == .string || next.isSymbol("(") { return true }
        guard next.keyword != nil else { return false }
        switch text(token) {
        case "character", "char", "nchar", "bit":
            return text(next) == "varying"
        case "national":
            return text(next) == "character" || text(next) == "char"
        case "time", "timestamp":
            return text(next) == "without" || (text(next) == "with" && peek(2).isKeyword(.time))
        default:
            return false
        }
    }

    /// `type 'literal'` for the SQL-standard type keywords.
    private mutating func parseConstantTypeLiteral() throws -> Expr {
        let at = current.location
        let type = try parseSimpleTypeName()
        guard current.kind == .string else { throw syntaxError() }
        let literal = Expr(.literal(.string(text(current))), location: current.location)
        advance()
        return Expr(.cast(literal, type, .typedLiteral), location: at)
    }

    /// `INTERVAL 'text'` or `INTERVAL(p) 'text'`; field qualifiers such as
    /// `INTERVAL '1' DAY` are refused.
    private mutating func parseIntervalLiteral() throws -> Expr {
        let at = current.location
        advance()
        var type = TypeName(["pg_catalog", "interval"], location: at)
        if acceptSymbol("(") {
            type.modifiers = [try parseIntegerExpr()]
            try expectSymbol(")")
        }
        guard current.kind == .string else { throw syntaxError() }
        let literal = Expr(.literal(.string(text(current))), location: current.location)
        advance()
        if Parser.intervalFields.contains(text(current)), current.keyword != nil {
            throw notSupported("interval field qualifiers are not supported yet")
        }
        return Expr(.cast(literal, type, .typedLiteral), location: at)
    }

    /// Field keywords of `opt_interval`.
    static let intervalFields: Set<String> = ["year", "month", "day", "hour", "minute", "second"]

    /// An integer constant as an expression (type modifiers).
    mutating func parseIntegerExpr() throws -> Expr {
        guard current.kind == .integer else { throw syntaxError() }
        let expr = Expr(.literal(.integer(text(current))), location: current.location)
        advance()
        return expr
    }

    // MARK: - Names: columns, functions, typed literals

    /// A column reference, function call or `name 'literal'`.
    private mutating func parseNamePrimary() throws -> Expr {
        let first = current
        let at = first.location
        guard isColId(first) || isTypeFunctionName(first) else { throw syntaxError() }
        advance()
        var parts = [text(first)]
        while current.isSymbol(".") {
            let next = peek()
            if next.isSymbol("*") {
                advance()
                advance()
                parts.append("*")
                guard isColId(first) else { throw syntaxError(at: first) }
                return try parseIndirection(Expr(.columnRef(parts), location: at))
            }
            guard isColLabel(next) else { break }
            advance()
            parts.append(text(current))
            advance()
        }
        let name = QualifiedName(parts, location: at)
        if current.isSymbol("(") {
            guard parts.count > 1 || isTypeFunctionName(first) else { throw syntaxError() }
            let call = try parseFunctionCall(name: name)
            if current.kind == .string, let type = typeFromCall(call) {
                let literal = Expr(.literal(.string(text(current))), location: current.location)
                advance()
                return Expr(.cast(literal, type, .typedLiteral), location: at)
            }
            return Expr(.function(call), location: at)
        }
        if current.kind == .string, parts.count > 1 || isTypeFunctionName(first) {
            let literal = Expr(.literal(.string(text(current))), location: current.location)
            advance()
            return Expr(.cast(literal, TypeName(parts, location: at), .typedLiteral), location: at)
        }
        guard isColId(first) else { throw syntaxError() }
        return try parseIndirection(Expr(.columnRef(parts), location: at))
    }

    /// `name(args) 'literal'` treats the call as a type with modifiers.
    private func typeFromCall(_ call: FunctionCall) -> TypeName? {
        guard !call.isDistinct, !call.isStar, call.orderBy.isEmpty, call.withinGroup.isEmpty,
            call.filter == nil, call.over == nil, !call.hasVariadic,
            call.arguments.allSatisfy({ $0.name == nil })
        else { return nil }
        return TypeName(
            call.name.parts, modifiers: call.arguments.map(\.value), location: call.name.location)
    }

    /// Subscripts `[i]`, `[i:j]` and field selections `.f`, `.*` after a
    /// primary. Field names directly after a column reference extend it.
    /// A `*` must come last (gram.y's check_indirection).
    mutating func parseIndirection(_ base: Expr) throws -> Expr {
        var expr = base
        var subscripts: [Subscript] = []
        var starSeen = false
        if case .columnRef(let parts) = base.kind, parts.last == "*" { starSeen = true }
        var misplacedStar = false
        while true {
            if current.isSymbol("[") {
                advance()
                subscripts.append(try parseSubscript())
                misplacedStar = misplacedStar || starSeen
                continue
            }
            guard current.isSymbol(".") else { break }
            let next = peek()
            guard next.isSymbol("*") || isColLabel(next) else { throw syntaxError(at: next) }
            misplacedStar = misplacedStar || starSeen
            if !subscripts.isEmpty {
                expr = Expr(.subscripted(expr, subscripts), location: expr.location)
                subscripts = []
            }
            advance()
            let field = next.isSymbol("*") ? "*" : text(next)
            if field == "*" { starSeen = true }
            advance()
            if case .columnRef(let parts) = expr.kind, parts.last != "*" {
                expr = Expr(.columnRef(parts + [field]), location: expr.location)
            } else {
                expr = Expr(.fieldSelect(expr, field), location: expr.location)
            }
        }
        if misplacedStar {
            let near =
                current.kind == .end
                ? "at end of input" : "at or near \"\(rawText(current))\""
            throw ParseError.syntax("improper use of \"*\" \(near)", at: current.location)
        }
        if !subscripts.isEmpty {
            expr = Expr(.subscripted(expr, subscripts), location: expr.location)
        }
        return expr
    }

    /// The inside of `[...]` after the opening bracket.
    private mutating func parseSubscript() throws -> Subscript {
        var lower: Expr?
        if !current.isSymbol(":") { lower = try parseExpr() }
        if acceptSymbol(":") {
            var upper: Expr?
            if !current.isSymbol("]") { upper = try parseExpr() }
            try expectSymbol("]")
            return Subscript(lower: lower, upper: upper, isSlice: true)
        }
        try expectSymbol("]")
        return Subscript(lower: lower, upper: nil, isSlice: false)
    }

    // MARK: - CASE, ARRAY, ROW

    /// `CASE [operand] WHEN .. THEN .. [ELSE ..] END`.
    private mutating func parseCase() throws -> Expr {
        let at = current.location
        try expect(.case)
        var operand: Expr?
        if !current.isKeyword(.when) { operand = try parseExpr() }
        var branches: [CaseBranch] = []
        repeat {
            try expect(.when)
            let condition = try parseExpr()
            try expect(.then)
            branches.append(CaseBranch(condition: condition, result: try parseExpr()))
        } while current.isKeyword(.when)
        var elseResult: Expr?
        if accept(.else) { elseResult = try parseExpr() }
        try expect(.end)
        return Expr(
            .caseWhen(CaseExpr(operand: operand, branches: branches, elseResult: elseResult)),
            location: at)
    }

    /// `ARRAY[...]` (with nested `[...]`) or `ARRAY(SELECT ...)`.
    private mutating func parseArrayConstructor() throws -> Expr {
        let at = current.location
        try expect(.array)
        if current.isSymbol("(") {
            return Expr(.arraySubquery(try parseSelectWithParens()), location: at)
        }
        guard current.isSymbol("[") else { throw syntaxError() }
        return try parseArrayBrackets(at: at)
    }

    /// `[a, b]` or `[[..], [..]]` inside an ARRAY constructor.
    private mutating func parseArrayBrackets(at: Int) throws -> Expr {
        try nested { parser in
            try parser.expectSymbol("[")
            var elements: [Expr] = []
            if !parser.current.isSymbol("]") {
                repeat {
                    if parser.current.isSymbol("[") {
                        elements.append(try parser.parseArrayBrackets(at: parser.current.location))
                    } else {
                        elements.append(try parser.parseExpr())
                    }
                } while parser.acceptSymbol(",")
            }
            try parser.expectSymbol("]")
            return Expr(.array(elements), location: at)
        }
    }

    /// `ROW(a, b)` or `ROW()`.
    private mutating func parseExplicitRow() throws -> Expr {
        let at = current.location
        try expect(.row)
        try expectSymbol("(")
        var items: [Expr] = []
        if !current.isSymbol(")") { items = try parseExprList() }
        try expectSymbol(")")
        return Expr(.row(items, explicitRow: true), location: at)
    }
}
