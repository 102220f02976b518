// The FROM clause (gram.y's from_list and table_ref): tables with ONLY and
// aliases, subqueries, function calls, LATERAL, and joins of every kind.

extension Parser {
    /// `table_ref, table_ref, ...`.
    mutating func parseFromList() throws -> [TableRef] {
        var items: [TableRef] = []
        repeat {
            items.append(try parseJoinedTable())
        } while acceptSymbol(",")
        return items
    }

    /// A table reference followed by any number of joins.
    mutating func parseJoinedTable() throws -> TableRef {
        try nested { parser in
            var left = try parser.parseTableRef()
            while let join = try parser.parseJoin(left: left) { left = join }
            return left
        }
    }

    /// The join keywords at the cursor and the join they introduce.
    private mutating func parseJoin(left: TableRef) throws -> TableRef? {
        let saved = index
        var natural = false
        if accept(.cross) {
            try expect(.join)
            let right = try parseTableRef()
            return .join(JoinExpr(kind: .cross, left: left, right: right, condition: .none))
        }
        if accept(.natural) { natural = true }
        let kind: JoinExpr.Kind
        if accept(.join) {
            kind = .inner
        } else if accept(.inner) {
            try expect(.join)
            kind = .inner
        } else if current.isKeyword(.left) || current.isKeyword(.right)
            || current.isKeyword(.full)
        {
            kind = text(current) == "left" ? .left : text(current) == "right" ? .right : .full
            advance()
            _ = accept(.outer)
            try expect(.join)
        } else {
            if natural { throw syntaxError() }
            index = saved
            return nil
        }
        var right = try parseTableRef()
        if natural {
            return .join(JoinExpr(kind: kind, left: left, right: right, condition: .natural))
        }
        while !current.isKeyword(.on) && !current.isKeyword(.using),
            let nestedJoin = try parseJoin(left: right)
        {
            right = nestedJoin
        }
        let condition: JoinExpr.Condition
        if accept(.on) {
            condition = .on(try parseExpr())
        } else if accept(.using) {
            condition = .using(try parseParenthesizedColIdList())
            if current.isKeyword(.as) {
                throw notSupported("JOIN USING aliases are not supported yet")
            }
        } else {
            throw syntaxError()
        }
        return .join(JoinExpr(kind: kind, left: left, right: right, condition: condition))
    }

    /// One table, subquery, function or parenthesised join.
    private mutating func parseTableRef() throws -> TableRef {
        let at = current.location
        if accept(.lateral) {
            if current.isSymbol("(") {
                let open = current.location
                let query = try parseSelectWithParens()
                let alias = try parseSubqueryAlias(query, at: open)
                return .subquery(query, alias: alias, lateral: true)
            }
            return try parseFunctionTable(lateral: true, at: at)
        }
        if current.isSymbol("(") {
            if let query = try parseParenthesizedSelectIfPresent() {
                let alias = try parseSubqueryAlias(query, at: at)
                return .subquery(query, alias: alias, lateral: false)
            }
            advance()
            var inner = try parseJoinedTable()
            try expectSymbol(")")
            if case .join(var join) = inner {
                join.alias = try parseAlias(required: false)
                inner = .join(join)
            } else if try parseAlias(required: false) != nil {
                throw notSupported("aliases on parenthesized tables are not supported yet")
            }
            return inner
        }
        if accept(.only) {
            let parenthesized = acceptSymbol("(")
            let name = try parseQualifiedName()
            if parenthesized { try expectSymbol(")") }
            return .table(name, alias: try parseAlias(required: false), only: true)
        }
        if current.isKeyword(.rows) && peek().isKeyword(.from) {
            throw notSupported("ROWS FROM is not supported yet")
        }
        if isFunctionTableStart() { return try parseFunctionTable(lateral: false, at: at) }
        let name = try parseQualifiedName()
        _ = acceptSymbol("*")
        let alias = try parseAlias(required: false)
        if current.isKeyword(.tablesample) {
            throw notSupported("TABLESAMPLE is not supported yet")
        }
        return .table(name, alias: alias, only: false)
    }

    /// True when the cursor is at `name(` or `schema.name(`.
    private func isFunctionTableStart() -> Bool {
        var ahead = 0
        guard current.kind == .identifier else { return false }
        while peek(ahead + 1).isSymbol("."), peek(ahead + 2).kind == .identifier { ahead += 2 }
        return peek(ahead + 1).isSymbol("(")
    }

    /// `f(args) [WITH ORDINALITY] [alias]` in FROM.
    private mutating func parseFunctionTable(lateral: Bool, at: Int) throws -> TableRef {
        let call: FunctionCall
        if current.keyword != nil, let special = try parseSpecialFunction(current),
            case .function(let function) = special.kind
        {
            call = function
        } else {
            let name = try parseQualifiedName()
            guard current.isSymbol("(") else { throw syntaxError() }
            call = try parseFunctionCall(name: name, suffixes: false)
        }
        var withOrdinality = false
        if current.isKeyword(.with) && peek().isKeyword(.ordinality) {
            advance()
            advance()
            withOrdinality = true
        }
        let alias = try parseAlias(required: false)
        return .function(
            call, alias: alias, lateral: lateral, withOrdinality: withOrdinality, location: at)
    }

    /// The alias PostgreSQL 15 requires after a subquery in FROM.
    private mutating func parseSubqueryAlias(_ query: SelectStatement, at: Int) throws -> Alias {
        if let alias = try parseAlias(required: false) { return alias }
        if case .values = query.body {
            throw ParseError(
                sqlState: "42601", message: "VALUES in FROM must have an alias", position: at,
                hint: "For example, FROM (VALUES ...) [AS] foo.")
        }
        throw ParseError(
            sqlState: "42601", message: "subquery in FROM must have an alias", position: at,
            hint: "For example, FROM (SELECT ...) [AS] foo.")
    }

    /// `[AS] name [(col, ...)]`. Without AS the name must be a ColId.
    mutating func parseAlias(required: Bool) throws -> Alias? {
        let name: String
        if accept(.as) {
            name = try parseColId()
        } else if isColId(current) && !isAliasStopWord(current) {
            name = text(current)
            advance()
        } else {
            if required { throw syntaxError() }
            return nil
        }
        var columns: [String] = []
        if current.isSymbol("(") { columns = try parseParenthesizedColIdList() }
        return Alias(name: name, columnNames: columns)
    }

    /// Unreserved words that continue the statement rather than name an
    /// alias where gram.y's lookahead decides so (e.g. `ON CONFLICT`).
    private func isAliasStopWord(_ token: Token) -> Bool {
        guard token.keyword != nil else { return false }
        switch text(token) {
        case "set": return true
        default: return false
        }
    }
}
