// Expressions by precedence climbing over the levels in Precedence.swift:
// prefix operators, then infix and postfix operators bound by strength,
// with gram.y's nonassociative levels rejecting chains such as `a < b < c`.
// Locations of operator nodes point at the operator, as PostgreSQL's do.

extension Parser {
    /// gram.y's `a_expr`: any expression.
    mutating func parseExpr() throws -> Expr {
        try parseExpr(.lowest, restricted: false)
    }

    /// gram.y's `b_expr`: an expression without boolean connectives, IS
    /// tests, LIKE, IN or BETWEEN (the bounds of BETWEEN, for instance).
    mutating func parseBExpr() throws -> Expr {
        try parseExpr(.lowest, restricted: true)
    }

    /// Parses operators binding at least as tightly as `minimum`.
    mutating func parseExpr(_ minimum: Precedence, restricted: Bool) throws -> Expr {
        try nested { parser in
            var expr = try parser.parsePrefixed(restricted: restricted)
            try parser.parseInfix(&expr, minimum: minimum, restricted: restricted)
            return expr
        }
    }

    /// A comma-separated list of expressions.
    mutating func parseExprList() throws -> [Expr] {
        var list: [Expr] = []
        list.reserveCapacity(8)
        list.append(try parseExpr())
        while acceptSymbol(",") { list.append(try parseExpr()) }
        return list
    }

    // MARK: - Prefix operators

    /// NOT, unary `+`/`-`, prefix user operators, or a primary expression.
    private mutating func parsePrefixed(restricted: Bool) throws -> Expr {
        let token = current
        if token.isKeyword(.not) && !restricted {
            advance()
            return Expr(.not(try parseExpr(.not, restricted: false)), location: token.location)
        }
        if token.kind == .op {
            let op = text(token)
            if op == "-" || op == "+" {
                advance()
                let operand = try parseExpr(.unaryMinus, restricted: restricted)
                if op == "-", let negated = negatedConstant(operand) {
                    return Expr(.literal(negated), location: token.location)
                }
                return Expr(.unary(op: op, operand), location: token.location)
            }
            if Precedence.ofSymbol(op) == .userOperator {
                advance()
                let operand = try parseExpr(.userOperator.tighter, restricted: restricted)
                return Expr(.unary(op: op, operand), location: token.location)
            }
        }
        if token.isKeyword(.operator) && peek().isSymbol("(") {
            let op = try parseOperatorSyntax()
            let operand = try parseExpr(.userOperator.tighter, restricted: restricted)
            return Expr(.unary(op: op, operand), location: token.location)
        }
        return try parsePrimary()
    }

    /// gram.y's doNegate: `-` applied to a numeric constant gives a negative
    /// constant, so `-2147483648` is an int4 literal.
    private func negatedConstant(_ operand: Expr) -> Literal? {
        switch operand.kind {
        case .literal(.integer(let digits)) where !digits.hasPrefix("-"):
            return .integer("-" + digits)
        case .literal(.numeric(let digits)) where !digits.hasPrefix("-"):
            return .numeric("-" + digits)
        default:
            return nil
        }
    }

    /// `OPERATOR(schema.op)`: returns the bare operator symbol.
    mutating func parseOperatorSyntax() throws -> String {
        try expect(.operator)
        try expectSymbol("(")
        while isColId(current) && peek().isSymbol(".") {
            advance()
            advance()
        }
        guard current.kind == .op else { throw syntaxError() }
        let op = text(current)
        advance()
        try expectSymbol(")")
        return op
    }

    // MARK: - Infix and postfix operators

    /// The level at which the current token would continue an expression
    /// as an infix or postfix operator, or nil if it cannot.
    private func infixLevel(restricted: Bool) -> Precedence? {
        let token = current
        switch token.kind {
        case .typecast:
            return .typecast
        case .op:
            return Precedence.ofSymbol(text(token))
        case .identifier:
            guard token.keyword != nil else { return nil }
            switch text(token) {
            case "operator": return peek().isSymbol("(") ? .userOperator : nil
            case "is": return .isTest
            case "and": return restricted ? nil : .and
            case "or": return restricted ? nil : .or
            case "isnull", "notnull": return restricted ? nil : .isTest
            case "between", "in", "like", "ilike", "similar": return restricted ? nil : .like
            case "not":
                guard !restricted else { return nil }
                let next = peek()
                guard next.keyword != nil else { return nil }
                switch text(next) {
                case "between", "in", "like", "ilike", "similar": return .like
                default: return nil
                }
            case "at": return !restricted && peek().isKeyword(.time) ? .atTimeZone : nil
            case "collate": return restricted ? nil : .collate
            default: return nil
            }
        default:
            return nil
        }
    }

    /// Extends `expr` with operators binding at least as tightly as
    /// `minimum`.
    private mutating func parseInfix(
        _ expr: inout Expr, minimum: Precedence, restricted: Bool
    ) throws {
        while let level = infixLevel(restricted: restricted), level >= minimum {
            let token = current
            let isBinary = try parseOneInfix(
                &expr, token: token, level: level, restricted: restricted)
            if isBinary && level.isNonAssociative, infixLevel(restricted: restricted) == level {
                throw syntaxError()
            }
        }
    }

    /// Applies the operator at the current token to `expr`. Returns true
    /// when its right-hand side was an open-ended expression (so a following
    /// operator of the same nonassociative level is an error).
    private mutating func parseOneInfix(
        _ expr: inout Expr, token: Token, level: Precedence, restricted: Bool
    ) throws -> Bool {
        let at = token.location
        switch token.kind {
        case .typecast:
            advance()
            let type = try parseTypeName()
            expr = Expr(.cast(expr, type, .doubleColon), location: at)
            return false
        case .op:
            advance()
            if let quantified = try parseQuantified(op: text(token), lhs: expr, at: at) {
                expr = quantified
                return false
            }
            let rhs = try parseExpr(level.tighter, restricted: restricted)
            expr = Expr(.binary(op: text(token), expr, rhs), location: at)
            return true
        default:
            break
        }
        switch text(token) {
        case "operator":
            let op = try parseOperatorSyntax()
            if let quantified = try parseQuantified(op: op, lhs: expr, at: at) {
                expr = quantified
                return false
            }
            let rhs = try parseExpr(level.tighter, restricted: restricted)
            expr = Expr(.binary(op: op, expr, rhs), location: at)
            return true
        case "and", "or":
            advance()
            let rhs = try parseExpr(level.tighter, restricted: false)
            expr = Expr(text(token) == "and" ? .and(expr, rhs) : .or(expr, rhs), location: at)
            return true
        case "isnull", "notnull":
            advance()
            expr = Expr(.isNull(expr, negated: text(token) == "notnull"), location: at)
            return false
        case "is":
            return try parseIsTest(&expr, at: at, restricted: restricted)
        case "at":
            advance()
            try expect(.time, .zone)
            let zone = try parseExpr(level.tighter, restricted: false)
            expr = Expr(.atTimeZone(expr, zone), location: at)
            return true
        case "collate":
            advance()
            let collation = try parseQualifiedName()
            expr = Expr(.collate(expr, collation), location: at)
            return false
        default:
            return try parsePredicate(&expr, at: at)
        }
    }

    /// `IS [NOT] NULL | TRUE | FALSE | UNKNOWN | DISTINCT FROM x`.
    private mutating func parseIsTest(
        _ expr: inout Expr, at: Int, restricted: Bool
    ) throws -> Bool {
        advance()
        let negated = accept(.not)
        let word = current
        if word.isKeyword(.distinct) {
            advance()
            try expect(.from)
            let rhs = try parseExpr(Precedence.isTest.tighter, restricted: restricted)
            expr = Expr(.isDistinctFrom(expr, rhs, negated: negated), location: at)
            return true
        }
        if restricted {
            if word.isKeyword(.document) { throw notSupported("XML is not supported yet") }
            throw syntaxError()
        }
        switch word.keyword != nil ? text(word) : "" {
        case "null":
            expr = Expr(.isNull(expr, negated: negated), location: at)
        case "true":
            expr = Expr(.isBoolean(expr, .isTrue, negated: negated), location: at)
        case "false":
            expr = Expr(.isBoolean(expr, .isFalse, negated: negated), location: at)
        case "unknown":
            expr = Expr(.isBoolean(expr, .isUnknown, negated: negated), location: at)
        case "document", "normalized", "nfc", "nfd", "nfkc", "nfkd", "json":
            throw notSupported("IS \(text(word).uppercased()) is not supported yet")
        default:
            throw syntaxError()
        }
        advance()
        return false
    }

    /// `[NOT] BETWEEN`, `[NOT] IN`, `[NOT] LIKE`, `ILIKE`, `SIMILAR TO`.
    private mutating func parsePredicate(_ expr: inout Expr, at: Int) throws -> Bool {
        let negated = accept(.not)
        let keyword = current
        advance()
        switch text(keyword) {
        case "between":
            var symmetric = false
            if accept(.symmetric) {
                symmetric = true
            } else {
                _ = accept(.asymmetric)
            }
            let low = try parseBExpr()
            try expect(.and)
            let high = try parseExpr(Precedence.like.tighter, restricted: false)
            expr = Expr(
                .between(expr, low: low, high: high, negated: negated, symmetric: symmetric),
                location: at)
            return true
        case "in":
            expr = try parseInTail(expr, negated: negated, at: keyword.location)
            return false
        case "like", "ilike", "similar":
            if text(keyword) == "similar" { try expect(.to) }
            let kind: LikeKind =
                text(keyword) == "like" ? .like : text(keyword) == "ilike" ? .ilike : .similarTo
            if kind != .similarTo {
                let op = (negated ? "!" : "") + (kind == .like ? "~~" : "~~*")
                if let quantified = try parseQuantified(op: op, lhs: expr, at: at) {
                    expr = quantified
                    return false
                }
            }
            let pattern = try parseExpr(Precedence.like.tighter, restricted: false)
            var escape: Expr?
            if accept(.escape) {
                escape = try parseExpr(Precedence.escape.tighter, restricted: false)
            }
            expr = Expr(
                .like(expr, pattern: pattern, escape: escape, kind: kind, negated: negated),
                location: at)
            return true
        default:
            throw syntaxError(at: keyword)
        }
    }

    /// The `(list)` or `(subquery)` after IN.
    private mutating func parseInTail(_ lhs: Expr, negated: Bool, at: Int) throws -> Expr {
        guard current.isSymbol("(") else { throw syntaxError() }
        if let query = try parseParenthesizedSelectIfPresent() {
            return Expr(.inSubquery(lhs, query, negated: negated), location: at)
        }
        try expectSymbol("(")
        let list = try parseExprList()
        try expectSymbol(")")
        return Expr(.inList(lhs, list, negated: negated), location: at)
    }

    /// `op ANY|SOME|ALL (subquery | array)` after the operator, if present.
    private mutating func parseQuantified(op: String, lhs: Expr, at: Int) throws -> Expr? {
        let word = current
        let spelling = word.keyword != nil ? text(word) : ""
        guard spelling == "any" || spelling == "some" || spelling == "all",
            peek().isSymbol("(")
        else { return nil }
        advance()
        let quantifier: Quantifier = text(word) == "all" ? .all : .any
        if let query = try parseParenthesizedSelectIfPresent() {
            return Expr(.quantifiedSubquery(op: op, lhs, quantifier, query), location: at)
        }
        try expectSymbol("(")
        let array = try parseExpr()
        try expectSymbol(")")
        return Expr(.quantifiedArray(op: op, lhs, quantifier, array), location: at)
    }
}
