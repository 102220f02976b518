// COPY, as gram.y's CopyStmt reads it: a table with its columns or a
// parenthesised query, FROM or TO, STDIN/STDOUT, a file or a PROGRAM, and
// the options in either the generic `WITH (name value, ...)` form or the
// legacy keyword form, which maps onto the generic names.

extension Parser {
    /// `COPY ...`.
    mutating func parseCopy() throws -> CopyStatement {
        try expect(.copy)
        var options: [CopyOption] = []
        if current.isSymbol("(") {
            advance()
            let query = try parseSelect()
            try expectSymbol(")")
            guard isWord("to") else { throw syntaxError() }
            advance()
            let endpoint = try parseCopyEndpoint()
            _ = accept(.with)
            options += try parseCopyOptions()
            return CopyStatement(
                source: .query(query), isFrom: false, endpoint: endpoint, options: options)
        }
        if isWord("binary") {
            options.append(
                CopyOption(name: "format", value: .text("binary"), location: current.location))
            advance()
        }
        let table = try parseQualifiedName()
        var columns: [String] = []
        if current.isSymbol("(") { columns = try parseParenthesizedColIdList() }
        let isFrom: Bool
        if accept(.from) {
            isFrom = true
        } else if isWord("to") {
            advance()
            isFrom = false
        } else {
            throw syntaxError()
        }
        let endpoint = try parseCopyEndpoint()
        if isWord("using") || isWord("delimiters") {
            _ = isWord("using") ? advance() : ()
            guard isWord("delimiters") else { throw syntaxError() }
            let location = current.location
            advance()
            guard current.kind == .string else { throw syntaxError() }
            options.append(
                CopyOption(name: "delimiter", value: .text(text(current)), location: location))
            advance()
        }
        _ = accept(.with)
        options += try parseCopyOptions()
        var whereClause: Expr?
        if accept(.where) { whereClause = try parseExpr() }
        return CopyStatement(
            source: .table(table, columns: columns), isFrom: isFrom, endpoint: endpoint,
            options: options, whereClause: whereClause)
    }

    /// STDIN, STDOUT, `'file'` or `PROGRAM 'command'`.
    private mutating func parseCopyEndpoint() throws -> CopyStatement.Endpoint {
        if isWord("program") {
            advance()
            guard current.kind == .string else { throw syntaxError() }
            defer { advance() }
            return .program(text(current))
        }
        if current.kind == .string {
            defer { advance() }
            return .file(text(current))
        }
        guard isWord("stdin") || isWord("stdout") else { throw syntaxError() }
        advance()
        return .client
    }

    /// The generic `(name value, ...)` list or the legacy keyword options.
    private mutating func parseCopyOptions() throws -> [CopyOption] {
        var options: [CopyOption] = []
        if acceptSymbol("(") {
            repeat {
                let location = current.location
                let name = try parseColLabel()
                options.append(
                    CopyOption(name: name, value: try parseCopyOptionValue(), location: location))
            } while acceptSymbol(",")
            try expectSymbol(")")
            return options
        }
        while let option = try parseLegacyCopyOption() { options.append(option) }
        return options
    }

    /// A generic option's argument: a word, string, number, `*` or a list.
    private mutating func parseCopyOptionValue() throws -> CopyOption.Value? {
        if current.isSymbol(",") || current.isSymbol(")") { return nil }
        if acceptSymbol("*") { return .star }
        if acceptSymbol("(") {
            var items: [String] = []
            repeat {
                guard current.kind == .string || current.kind == .identifier else {
                    throw syntaxError()
                }
                items.append(text(current))
                advance()
            } while acceptSymbol(",")
            try expectSymbol(")")
            return .list(items)
        }
        var sign = ""
        if current.isSymbol("-") || current.isSymbol("+") {
            sign = current.isSymbol("-") ? "-" : ""
            advance()
        }
        switch current.kind {
        case .string, .identifier, .integer, .numeric:
            defer { advance() }
            return .text(sign + text(current))
        default:
            throw syntaxError()
        }
    }

    /// One legacy option (`CSV`, `HEADER`, `DELIMITER [AS] 'x'`, ...), or
    /// nil when the next word starts none.
    private mutating func parseLegacyCopyOption() throws -> CopyOption? {
        let location = current.location
        func string() throws -> CopyOption.Value {
            _ = accept(.as)
            guard current.kind == .string else { throw syntaxError() }
            defer { advance() }
            return .text(text(current))
        }
        func columns() throws -> CopyOption.Value {
            if acceptSymbol("*") { return .star }
            return .list(try parseColIdList())
        }
        guard current.kind == .identifier else { return nil }
        switch text(current) {
        case "binary":
            advance()
            return CopyOption(name: "format", value: .text("binary"), location: location)
        case "csv":
            advance()
            return CopyOption(name: "format", value: .text("csv"), location: location)
        case "freeze", "header":
            let name = text(current)
            advance()
            return CopyOption(name: name, value: nil, location: location)
        case "delimiter", "null", "quote", "escape", "encoding":
            let name = text(current)
            advance()
            return CopyOption(name: name, value: try string(), location: location)
        case "force":
            advance()
            if isWord("quote") {
                advance()
                return CopyOption(name: "force_quote", value: try columns(), location: location)
            }
            if accept(.not) {
                guard isWord("null") else { throw syntaxError() }
                advance()
                return CopyOption(
                    name: "force_not_null", value: .list(try parseColIdList()), location: location)
            }
            guard isWord("null") else { throw syntaxError() }
            advance()
            return CopyOption(
                name: "force_null", value: .list(try parseColIdList()), location: location)
        default:
            return nil
        }
    }

    /// True when the current token is the word `word` (keyword or name).
    func isWord(_ word: String) -> Bool {
        current.kind == .identifier && text(current) == word
    }
}

// MARK: - Prepared statements

extension Parser {
    /// `PREPARE name [(type, ...)] AS statement`, the statement being one
    /// gram.y's PreparableStmt allows (SELECT, VALUES, INSERT, UPDATE,
    /// DELETE).
    mutating func parsePrepare() throws -> Statement {
        advance()
        let name = try parseColId()
        var types: [TypeName] = []
        if acceptSymbol("(") {
            repeat { types.append(try parseTypeName()) } while acceptSymbol(",")
            try expectSymbol(")")
        }
        try expect(.as)
        let start = current.location
        let statement: Statement
        switch current.keyword != nil ? text(current) : "" {
        case "select", "values", "table", "with", "insert", "update", "delete":
            statement = try parseNextStatement()
        default:
            if current.isSymbol("(") {
                statement = .select(try parseSelect())
            } else {
                throw syntaxError()
            }
        }
        return .prepare(
            PrepareStatement(
                name: name, parameterTypes: types, statement: statement, statementStart: start,
                statementEnd: current.location))
    }

    /// `EXECUTE name [(expression, ...)]`.
    mutating func parseExecute() throws -> Statement {
        advance()
        let name = try parseColId()
        var arguments: [Expr] = []
        if acceptSymbol("(") {
            repeat { arguments.append(try parseExpr()) } while acceptSymbol(",")
            try expectSymbol(")")
        }
        return .execute(name: name, arguments: arguments)
    }

    /// `DEALLOCATE [PREPARE] {name | ALL}`.
    mutating func parseDeallocate() throws -> Statement {
        advance()
        _ = isWord("prepare") ? advance() : ()
        if accept(.all) { return .deallocate(nil) }
        return .deallocate(try parseColId())
    }
}
