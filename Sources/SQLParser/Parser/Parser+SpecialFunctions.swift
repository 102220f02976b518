// Functions with SQL-standard syntax (gram.y's func_expr_common_subexpr),
// rewritten to plain calls the way PostgreSQL 15's grammar does:
// EXTRACT(f FROM x) is extract('f', x), POSITION(a IN b) is
// position(b, a), TRIM(LEADING x FROM y) is ltrim(y, x), and so on.
// CURRENT_DATE and friends (SQLValueFunction in PostgreSQL) become calls
// of the same name without arguments (with the precision as argument).

extension Parser {
    /// Keywords parsed as argument-less value functions.
    static let valueFunctions: Set<String> = [
        "current_date", "current_time", "current_timestamp", "localtime", "localtimestamp",
        "current_role", "current_user", "session_user", "user", "current_catalog",
        "current_schema",
    ]

    /// Value functions that take an optional `(precision)`.
    static let precisionValueFunctions: Set<String> = [
        "current_time", "current_timestamp", "localtime", "localtimestamp",
    ]

    /// Parses the special form starting at `token`, or returns nil when the
    /// keyword has no special syntax.
    mutating func parseSpecialFunction(_ token: Token) throws -> Expr? {
        let name = text(token)
        let at = token.location
        if Parser.valueFunctions.contains(name) {
            if name == "current_schema" && peek().isSymbol("(") { return nil }
            advance()
            var call = FunctionCall(name: QualifiedName([name], location: at))
            if Parser.precisionValueFunctions.contains(name), acceptSymbol("(") {
                call.arguments = [FunctionArgument(value: try parseIntegerExpr())]
                try expectSymbol(")")
            }
            return Expr(.function(call), location: at)
        }
        guard peek().isSymbol("(") else {
            if name == "collation" && peek().isKeyword(.for) { return try parseCollationFor() }
            return nil
        }
        switch name {
        case "cast":
            advance()
            advance()
            let value = try parseExpr()
            try expect(.as)
            let type = try parseTypeName()
            try expectSymbol(")")
            return Expr(.cast(value, type, .castFunction), location: at)
        case "extract":
            return try parseExtract(at: at)
        case "position":
            advance()
            advance()
            let needle = try parseBExpr()
            try expect(.in)
            let haystack = try parseBExpr()
            try expectSymbol(")")
            return call("position", [haystack, needle], at: at, sqlSyntax: true)
        case "substring":
            return try parseSubstringOrOverlay(name, at: at)
        case "overlay":
            return try parseSubstringOrOverlay(name, at: at)
        case "trim":
            return try parseTrim(at: at)
        case "coalesce", "greatest", "least", "nullif":
            advance()
            advance()
            let arguments = try parseExprList()
            try expectSymbol(")")
            if name == "nullif" && arguments.count != 2 {
                throw syntaxError()
            }
            return call(name, arguments, at: at)
        case "grouping":
            advance()
            advance()
            let arguments = try parseExprList()
            try expectSymbol(")")
            return call(name, arguments, at: at)
        case "normalize":
            advance()
            advance()
            var arguments = [try parseExpr()]
            if acceptSymbol(",") {
                let form = current
                guard ["nfc", "nfd", "nfkc", "nfkd"].contains(text(form)) else {
                    throw syntaxError()
                }
                advance()
                arguments.append(
                    Expr(.literal(.string(text(form).uppercased())), location: form.location))
            }
            try expectSymbol(")")
            return call(name, arguments, at: at)
        case "treat", "xmlconcat", "xmlelement", "xmlexists", "xmlforest", "xmlparse", "xmlpi",
            "xmlroot", "xmlserialize":
            throw notSupported("\(name.uppercased()) is not supported yet")
        default:
            return nil
        }
    }

    /// A plain call expression.
    private func call(_ name: String, _ arguments: [Expr], at: Int, sqlSyntax: Bool = false)
        -> Expr
    {
        var function = FunctionCall(
            name: QualifiedName([name], location: at),
            arguments: arguments.map { FunctionArgument(value: $0) })
        function.isSQLSyntax = sqlSyntax
        return Expr(.function(function), location: at)
    }

    /// `COLLATION FOR (expr)` is pg_collation_for(expr).
    private mutating func parseCollationFor() throws -> Expr {
        let at = current.location
        advance()
        try expect(.for)
        try expectSymbol("(")
        let value = try parseExpr()
        try expectSymbol(")")
        return call("pg_collation_for", [value], at: at)
    }

    /// `EXTRACT(field FROM source)` is extract('field', source).
    private mutating func parseExtract(at: Int) throws -> Expr {
        advance()
        advance()
        let field = current
        let name: String
        if field.kind == .string {
            name = text(field)
        } else if field.kind == .identifier
            && (field.keyword == nil || Parser.intervalFields.contains(text(field)))
        {
            name = text(field)
        } else {
            throw syntaxError()
        }
        advance()
        try expect(.from)
        let source = try parseExpr()
        try expectSymbol(")")
        let fieldExpr = Expr(.literal(.string(name)), location: field.location)
        return call("extract", [fieldExpr, source], at: at)
    }

    /// SUBSTRING(x FROM a FOR b) / OVERLAY(x PLACING y FROM a FOR b), or
    /// their plain argument-list forms.
    private mutating func parseSubstringOrOverlay(_ name: String, at: Int) throws -> Expr {
        advance()
        advance()
        if current.isSymbol(")") {
            advance()
            return call(name, [], at: at)
        }
        let first = try parseExpr()
        if name == "overlay" && accept(.placing) {
            let replacement = try parseExpr()
            try expect(.from)
            var arguments = [first, replacement, try parseExpr()]
            if accept(.for) { arguments.append(try parseExpr()) }
            try expectSymbol(")")
            return call(name, arguments, at: at, sqlSyntax: true)
        }
        if name == "substring" {
            if accept(.from) {
                let start = try parseExpr()
                var arguments = [first, start]
                if accept(.for) { arguments.append(try parseExpr()) }
                try expectSymbol(")")
                return call(name, arguments, at: at, sqlSyntax: true)
            }
            if accept(.for) {
                let count = try parseExpr()
                var arguments = [first]
                if accept(.from) {
                    arguments.append(try parseExpr())
                } else {
                    arguments.append(Expr(.literal(.integer("1")), location: -1))
                }
                arguments.append(count)
                try expectSymbol(")")
                return call(name, arguments, at: at, sqlSyntax: true)
            }
            if accept(.similar) {
                let pattern = try parseExpr()
                try expect(.escape)
                let escape = try parseExpr()
                try expectSymbol(")")
                return call(name, [first, pattern, escape], at: at)
            }
        }
        var arguments = [first]
        while acceptSymbol(",") { arguments.append(try parseExpr()) }
        try expectSymbol(")")
        return call(name, arguments, at: at)
    }

    /// TRIM([BOTH | LEADING | TRAILING] [chars] FROM string), mapped to
    /// btrim, ltrim or rtrim with the string first.
    private mutating func parseTrim(at: Int) throws -> Expr {
        advance()
        advance()
        var function = "btrim"
        if accept(.leading) {
            function = "ltrim"
        } else if accept(.trailing) {
            function = "rtrim"
        } else {
            _ = accept(.both)
        }
        var arguments: [Expr]
        if accept(.from) {
            arguments = try parseExprList()
        } else {
            let first = try parseExpr()
            if accept(.from) {
                arguments = try parseExprList() + [first]
            } else {
                arguments = [first]
                while acceptSymbol(",") { arguments.append(try parseExpr()) }
            }
        }
        try expectSymbol(")")
        return call(function, arguments, at: at, sqlSyntax: true)
    }
}
