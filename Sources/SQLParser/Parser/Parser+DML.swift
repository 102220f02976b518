// INSERT, UPDATE and DELETE (gram.y's InsertStmt, UpdateStmt, DeleteStmt)
// with ON CONFLICT, RETURNING, aliases, UPDATE's multi-column SET and
// DELETE's USING.

extension Parser {
    /// `INSERT INTO t [AS a] [(cols)] source [ON CONFLICT ..] [RETURNING ..]`.
    mutating func parseInsert(with: WithClause?) throws -> InsertStatement {
        try expect(.insert, .into)
        let table = try parseQualifiedName()
        var alias: String?
        if accept(.as) { alias = try parseColId() }
        var columns: [String] = []
        if current.isSymbol("("), !startsQueryInParens() {
            columns.reserveCapacity(8)
            advance()
            repeat {
                columns.append(try parseColId())
                if current.isSymbol("[") || current.isSymbol(".") {
                    throw notSupported("INSERT into a subscript or field is not supported yet")
                }
            } while acceptSymbol(",")
            try expectSymbol(")")
        }
        var overridingSystem: Bool?
        if accept(.overriding) {
            if accept(.system) {
                overridingSystem = true
            } else {
                try expect(.user)
                overridingSystem = false
            }
            try expect(.value)
        }
        let source: InsertStatement.Source
        if current.isKeyword(.default) {
            advance()
            try expect(.values)
            source = .defaultValues
        } else if current.isKeyword(.values), let rows = try parseBareValues() {
            source = .values(rows)
        } else {
            let query = try parseSelect()
            if case .values(let rows) = query.body, query.with == nil, query.orderBy.isEmpty,
                query.limit == nil, query.offset == nil, query.locking.isEmpty
            {
                source = .values(rows)
            } else {
                source = .select(query)
            }
        }
        var statement = InsertStatement(
            with: with, table: table, alias: alias, columns: columns, source: source)
        statement.overridingSystem = overridingSystem
        if current.isKeyword(.on) && peek().isKeyword(.conflict) {
            statement.onConflict = try parseOnConflict()
        }
        if accept(.returning) { statement.returning = try parseTargetList() }
        return statement
    }

    /// The rows of a VALUES list that makes up the whole source (the
    /// common single-row INSERT, read without building a query), or nil
    /// with the cursor back at VALUES when a set operation, ORDER BY,
    /// LIMIT, OFFSET, FETCH or FOR follows and the source is a query.
    private mutating func parseBareValues() throws -> [[Expr]]? {
        let saved = index
        let rows = try parseValuesRows()
        switch current.keywordCode {
        case Keyword.union.rawValue, Keyword.intersect.rawValue, Keyword.except.rawValue,
            Keyword.order.rawValue, Keyword.limit.rawValue, Keyword.offset.rawValue,
            Keyword.fetch.rawValue, Keyword.for.rawValue:
            index = saved
            return nil
        default:
            return rows
        }
    }

    /// True when the `(` at the cursor opens a query, not a column list.
    private func startsQueryInParens() -> Bool {
        var ahead = 1
        while peek(ahead).isSymbol("(") { ahead += 1 }
        return peek(ahead).startsQuery
    }

    /// `ON CONFLICT [target] DO NOTHING | DO UPDATE SET .. [WHERE ..]`.
    private mutating func parseOnConflict() throws -> OnConflict {
        let at = current.location
        try expect(.on, .conflict)
        var target = OnConflict.Target.none
        if accept(.on) {
            try expect(.constraint)
            target = .constraint(try parseColId())
        } else if acceptSymbol("(") {
            var elements: [Expr] = []
            repeat {
                elements.append(try parseExpr())
            } while acceptSymbol(",")
            try expectSymbol(")")
            var predicate: Expr?
            if accept(.where) { predicate = try parseExpr() }
            target = .columns(elements, whereClause: predicate)
        }
        try expect(.do)
        if accept(.nothing) {
            return OnConflict(target: target, action: .nothing, location: at)
        }
        try expect(.update, .set)
        let set = try parseSetClauses()
        var predicate: Expr?
        if accept(.where) { predicate = try parseExpr() }
        return OnConflict(
            target: target, action: .update(set, whereClause: predicate), location: at)
    }

    /// `col = expr, col[i] = expr, (a, b) = (x, y), ...`.
    mutating func parseSetClauses() throws -> [SetClause] {
        var clauses: [SetClause] = []
        repeat {
            if current.isSymbol("(") {
                try parseMultiAssignment(into: &clauses)
                continue
            }
            let at = current.location
            let column = try parseColId()
            let subscripts = try parseTargetSubscripts()
            try expectSymbol("=")
            let value = try parseExpr()
            clauses.append(
                SetClause(
                    column: column, subscripts: subscripts, value: value, location: at))
        } while acceptSymbol(",")
        return clauses
    }

    /// `[i]` steps after a SET target column.
    private mutating func parseTargetSubscripts() throws -> [Subscript] {
        if current.isSymbol(".") {
            throw notSupported("assignment to a field of a composite column is not supported yet")
        }
        guard current.isSymbol("[") else { return [] }
        let probe = try parseIndirection(Expr(.columnRef(["_"])))
        guard case .subscripted(_, let subscripts) = probe.kind else { throw syntaxError() }
        return subscripts
    }

    /// `(a, b) = (x, y)` or `= ROW(x, y)`, split into one clause per column.
    private mutating func parseMultiAssignment(into clauses: inout [SetClause]) throws {
        try expectSymbol("(")
        var targets: [(String, [Subscript], Int)] = []
        repeat {
            let at = current.location
            let column = try parseColId()
            targets.append((column, try parseTargetSubscripts(), at))
        } while acceptSymbol(",")
        try expectSymbol(")")
        try expectSymbol("=")
        let sourceToken = current
        let source = try parseExpr()
        let values: [Expr]
        switch source.kind {
        case .row(let items, _):
            values = items
        case .paren(let inner) where targets.count == 1:
            values = [inner]
        case .subquery:
            throw notSupported("multiple-column UPDATE from a sub-SELECT is not supported yet")
        default:
            throw ParseError.syntax(
                "source for a multiple-column UPDATE item must be a sub-SELECT or ROW() expression",
                at: sourceToken.location)
        }
        guard values.count == targets.count else {
            throw ParseError.syntax(
                "number of columns does not match number of values", at: sourceToken.location)
        }
        let group = clauses.count
        for (target, value) in zip(targets, values) {
            clauses.append(
                SetClause(
                    column: target.0, subscripts: target.1, value: value, location: target.2,
                    multiAssign: group))
        }
    }

    /// `UPDATE [ONLY] t [[AS] a] SET .. [FROM ..] [WHERE ..] [RETURNING ..]`.
    mutating func parseUpdate(with: WithClause?) throws -> UpdateStatement {
        try expect(.update)
        let only = accept(.only)
        let table = try parseQualifiedName()
        _ = acceptSymbol("*")
        let alias = try parseRelationAlias()
        try expect(.set)
        var statement = UpdateStatement(
            with: with, table: table, only: only, alias: alias, set: try parseSetClauses())
        if accept(.from) { statement.from = try parseFromList() }
        if accept(.where) { statement.whereClause = try parseWhereOrCurrentOf() }
        if accept(.returning) { statement.returning = try parseTargetList() }
        return statement
    }

    /// `DELETE FROM [ONLY] t [[AS] a] [USING ..] [WHERE ..] [RETURNING ..]`.
    mutating func parseDelete(with: WithClause?) throws -> DeleteStatement {
        try expect(.delete, .from)
        let only = accept(.only)
        let table = try parseQualifiedName()
        _ = acceptSymbol("*")
        let alias = try parseRelationAlias()
        var statement = DeleteStatement(with: with, table: table, only: only, alias: alias)
        if accept(.using) { statement.using = try parseFromList() }
        if accept(.where) { statement.whereClause = try parseWhereOrCurrentOf() }
        if accept(.returning) { statement.returning = try parseTargetList() }
        return statement
    }

    /// The alias of UPDATE's and DELETE's target: `[AS] name`, where a bare
    /// `SET` is not an alias.
    private mutating func parseRelationAlias() throws -> String? {
        if accept(.as) { return try parseColId() }
        if isColId(current), !current.isKeyword(.set) {
            let name = text(current)
            advance()
            return name
        }
        return nil
    }

    /// A WHERE condition; `WHERE CURRENT OF cursor` is not modelled.
    private mutating func parseWhereOrCurrentOf() throws -> Expr {
        if current.isKeyword(.current) && peek().isKeyword(.of) {
            throw notSupported("WHERE CURRENT OF is not supported yet")
        }
        return try parseExpr()
    }
}
