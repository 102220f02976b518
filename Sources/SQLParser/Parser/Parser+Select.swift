// SELECT (gram.y's select_no_parens and simple_select): WITH, set
// operations with INTERSECT binding tighter than UNION and EXCEPT, the
// select list, WHERE, GROUP BY, HAVING, WINDOW, ORDER BY, LIMIT/OFFSET/
// FETCH, locking clauses, VALUES and TABLE.

extension Parser {
    /// True when the current token starts a query.
    var startsSelect: Bool {
        current.isSymbol("(") || current.startsQuery
    }

    /// A query, parenthesised or not; `with` is a WITH clause the caller
    /// has already consumed.
    mutating func parseSelect(with preParsed: WithClause? = nil) throws -> SelectStatement {
        try nested { parser in
            let at = parser.current.location
            var with = preParsed
            if with == nil && parser.current.isKeyword(.with) {
                with = try parser.parseWithClause()
            }
            var query = try parser.parseSetExpression()
            if let with {
                guard query.with == nil else {
                    throw ParseError.syntax("multiple WITH clauses not allowed", at: at)
                }
                query.with = with
            }
            try parser.parseSelectTail(&query)
            if query.location < 0 { query.location = at }
            return query
        }
    }

    /// `( query )`, allowing further nesting inside.
    mutating func parseSelectWithParens() throws -> SelectStatement {
        try nested { parser in
            try parser.expectSymbol("(")
            let query = try parser.parseSelect()
            try parser.expectSymbol(")")
            return query
        }
    }

    /// UNION and EXCEPT (left-associative) over INTERSECT terms.
    private mutating func parseSetExpression() throws -> SelectStatement {
        var lhs = try parseIntersectTerm()
        while current.isKeyword(.union) || current.isKeyword(.except) {
            let op: SetOperator = text(current) == "union" ? .union : .except
            let at = current.location
            advance()
            let all = try parseSetQuantifier()
            let rhs = try parseIntersectTerm()
            lhs = SelectStatement(body: .setOperation(op, all: all, lhs, rhs), location: at)
        }
        return lhs
    }

    /// INTERSECT chains, which bind tighter than UNION and EXCEPT.
    private mutating func parseIntersectTerm() throws -> SelectStatement {
        var lhs = try parseSetOperand()
        while current.isKeyword(.intersect) {
            let at = current.location
            advance()
            let all = try parseSetQuantifier()
            let rhs = try parseSetOperand()
            lhs = SelectStatement(body: .setOperation(.intersect, all: all, lhs, rhs), location: at)
        }
        return lhs
    }

    /// `ALL` or `DISTINCT` after a set operator.
    private mutating func parseSetQuantifier() throws -> Bool {
        if accept(.all) { return true }
        _ = accept(.distinct)
        return false
    }

    /// A parenthesised query, a simple SELECT, VALUES or TABLE.
    private mutating func parseSetOperand() throws -> SelectStatement {
        let at = current.location
        if current.isSymbol("(") { return try parseSelectWithParens() }
        if current.isKeyword(.values) {
            return SelectStatement(body: .values(try parseValuesRows()), location: at)
        }
        if accept(.table) {
            let name = try parseQualifiedName()
            let simple = SimpleSelect(
                targets: [ResultTarget(expr: Expr(.star, location: at))],
                from: [.table(name, alias: nil, only: false)])
            return SelectStatement(body: .select(simple), location: at)
        }
        guard current.isKeyword(.select) else { throw syntaxError() }
        return SelectStatement(body: .select(try parseSimpleSelect()), location: at)
    }

    /// `VALUES (..), (..)`.
    mutating func parseValuesRows() throws -> [[Expr]] {
        try expect(.values)
        var rows: [[Expr]] = []
        repeat {
            try expectSymbol("(")
            rows.append(try parseExprList())
            try expectSymbol(")")
        } while acceptSymbol(",")
        return rows
    }

    // MARK: - Simple SELECT

    /// `SELECT [DISTINCT] targets [INTO ..] [FROM ..] [WHERE ..] ...`.
    private mutating func parseSimpleSelect() throws -> SimpleSelect {
        try expect(.select)
        var select = SimpleSelect()
        if accept(.distinct) {
            if accept(.on) {
                try expectSymbol("(")
                select.distinct = .on(try parseExprList())
                try expectSymbol(")")
            } else {
                select.distinct = .all
            }
        } else {
            _ = accept(.all)
        }
        if !endsTargetList(current) { select.targets = try parseTargetList() }
        if current.isKeyword(.into) { try parseInto(&select) }
        if accept(.from) { select.from = try parseFromList() }
        if accept(.where) { select.whereClause = try parseExpr() }
        if current.isKeyword(.group) {
            advance()
            try expect(.by)
            if accept(.distinct) {
                select.groupByDistinct = true
            } else {
                _ = accept(.all)
            }
            select.groupBy = try parseGroupingList()
        }
        if accept(.having) { select.having = try parseExpr() }
        if accept(.window) {
            repeat {
                let name = try parseColId()
                try expect(.as)
                select.namedWindows.append(
                    NamedWindow(name: name, spec: try parseWindowSpecification()))
            } while acceptSymbol(",")
        }
        return select
    }

    /// True when no select list follows (`SELECT FROM t` is valid).
    private func endsTargetList(_ token: Token) -> Bool {
        switch token.kind {
        case .end: return true
        case .punctuation: return text(token) == ";" || text(token) == ")"
        case .identifier:
            guard token.keyword != nil else { return false }
            switch text(token) {
            case "from", "where", "group", "having", "window", "order", "limit", "offset",
                "fetch", "for", "union", "intersect", "except", "into", "on", "returning":
                return true
            default:
                return false
            }
        default: return false
        }
    }

    /// `expr [[AS] label], ...` or `*`.
    mutating func parseTargetList() throws -> [ResultTarget] {
        var targets: [ResultTarget] = []
        repeat {
            if current.isSymbol("*") {
                targets.append(ResultTarget(expr: Expr(.star, location: current.location)))
                advance()
                continue
            }
            let expr = try parseExpr()
            if accept(.as) {
                targets.append(ResultTarget(expr: expr, alias: try parseColLabel()))
            } else if isBareLabel(current) {
                targets.append(ResultTarget(expr: expr, alias: text(current)))
                advance()
            } else {
                targets.append(ResultTarget(expr: expr))
            }
        } while acceptSymbol(",")
        return targets
    }

    /// `INTO [STRICT] target, ...` (SELECT INTO).
    private mutating func parseInto(_ select: inout SimpleSelect) throws {
        try expect(.into)
        if current.keyword != nil,
            ["temp", "temporary", "unlogged", "table"].contains(text(current))
        {
            throw notSupported("SELECT INTO is not supported yet")
        }
        select.intoStrict = accept(.strict)
        var targets: [Expr] = []
        repeat {
            let name = try parseQualifiedName()
            targets.append(Expr(.columnRef(name.parts), location: name.location))
        } while acceptSymbol(",")
        select.into = targets
    }

    // MARK: - GROUP BY

    /// Grouping elements: expressions, `()`, ROLLUP, CUBE, GROUPING SETS.
    private mutating func parseGroupingList() throws -> [GroupingElement] {
        var elements: [GroupingElement] = []
        repeat {
            elements.append(try parseGroupingElement())
        } while acceptSymbol(",")
        return elements
    }

    private mutating func parseGroupingElement() throws -> GroupingElement {
        if current.isSymbol("(") && peek().isSymbol(")") {
            advance()
            advance()
            return .empty
        }
        if (current.isKeyword(.rollup) || current.isKeyword(.cube)) && peek().isSymbol("(") {
            let isRollup = text(current) == "rollup"
            let at = current.location
            advance()
            advance()
            var sets: [[Expr]] = []
            repeat {
                let expr = try parseExpr()
                if case .row(let items, explicitRow: false) = expr.kind {
                    sets.append(items)
                } else if case .paren(let inner) = expr.kind {
                    sets.append([inner])
                } else {
                    sets.append([expr])
                }
            } while acceptSymbol(",")
            try expectSymbol(")")
            // PostgreSQL's parse analysis: 2^12 sets at most from one CUBE.
            if !isRollup && sets.count > 12 {
                throw ParseError(
                    sqlState: "54011", message: "CUBE is limited to 12 elements", position: at)
            }
            return isRollup ? .rollup(sets) : .cube(sets)
        }
        if current.isKeyword(.grouping) && peek().isKeyword(.sets) {
            advance()
            advance()
            try expectSymbol("(")
            let inner = try parseGroupingList()
            try expectSymbol(")")
            return .groupingSets(inner)
        }
        return .expr(try parseExpr())
    }

    // MARK: - ORDER BY, LIMIT, locking

    /// ORDER BY, LIMIT, OFFSET, FETCH and FOR UPDATE after a query body;
    /// each may be given once (a parenthesised query may already have it).
    private mutating func parseSelectTail(_ query: inout SelectStatement) throws {
        if current.isKeyword(.order) {
            advance()
            try expect(.by)
            let at = current.location
            let items = try parseSortList()
            guard query.orderBy.isEmpty else {
                throw ParseError.syntax("multiple ORDER BY clauses not allowed", at: at)
            }
            query.orderBy = items
        }
        var sawLimit = query.limit != nil
        var sawOffset = query.offset != nil
        while true {
            let at = current.location
            if current.isKeyword(.limit) {
                advance()
                if sawLimit {
                    throw ParseError.syntax("multiple LIMIT clauses not allowed", at: at)
                }
                sawLimit = true
                if current.isKeyword(.all) {
                    query.limit = Expr(.literal(.null), location: current.location)
                    advance()
                } else {
                    query.limit = try parseExpr()
                }
                if current.isSymbol(",") {
                    throw ParseError(
                        sqlState: "42601", message: "LIMIT #,# syntax is not supported",
                        position: at, hint: "Use separate LIMIT and OFFSET clauses.")
                }
            } else if current.isKeyword(.offset) {
                advance()
                if sawOffset {
                    throw ParseError.syntax("multiple OFFSET clauses not allowed", at: at)
                }
                sawOffset = true
                query.offset = try parseExpr()
                if !accept(.rows) { _ = accept(.row) }
            } else if current.isKeyword(.fetch) {
                advance()
                if sawLimit {
                    throw ParseError.syntax("multiple LIMIT clauses not allowed", at: at)
                }
                sawLimit = true
                try parseFetch(&query)
            } else if current.isKeyword(.for) {
                try parseLocking(&query)
            } else {
                break
            }
        }
    }

    /// `FETCH {FIRST | NEXT} [n] {ROW | ROWS} {ONLY | WITH TIES}`.
    private mutating func parseFetch(_ query: inout SelectStatement) throws {
        guard accept(.first) || accept(.next) else { throw syntaxError() }
        if current.isKeyword(.row) || current.isKeyword(.rows) {
            query.limit = Expr(.literal(.integer("1")), location: current.location)
        } else {
            query.limit = try parseExpr(.unaryMinus, restricted: true)
        }
        guard accept(.row) || accept(.rows) else { throw syntaxError() }
        if accept(.with) {
            try expect(.ties)
            query.limitWithTies = true
        } else {
            try expect(.only)
        }
    }

    /// `FOR UPDATE | NO KEY UPDATE | SHARE | KEY SHARE [OF t] [NOWAIT |
    /// SKIP LOCKED]`, or `FOR READ ONLY`.
    private mutating func parseLocking(_ query: inout SelectStatement) throws {
        try expect(.for)
        let strength: LockingClause.Strength
        if accept(.update) {
            strength = .update
        } else if accept(.share) {
            strength = .share
        } else if accept(.no) {
            try expect(.key, .update)
            strength = .noKeyUpdate
        } else if accept(.key) {
            try expect(.share)
            strength = .keyShare
        } else if accept(.read) {
            try expect(.only)
            return
        } else {
            throw syntaxError()
        }
        var clause = LockingClause(strength: strength)
        if accept(.of) { clause.tables = try parseQualifiedNameList() }
        if accept(.nowait) {
            clause.wait = .noWait
        } else if accept(.skip) {
            try expect(.locked)
            clause.wait = .skipLocked
        }
        query.locking.append(clause)
    }

    // MARK: - WITH

    /// `WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (stmt), ...`.
    mutating func parseWithClause() throws -> WithClause {
        try expect(.with)
        let recursive = accept(.recursive)
        var queries: [CommonTableExpr] = []
        repeat {
            let at = current.location
            let name = try parseColId()
            var columns: [String] = []
            if current.isSymbol("(") { columns = try parseParenthesizedColIdList() }
            try expect(.as)
            var materialized = CommonTableExpr.Materialized.default
            if accept(.materialized) {
                materialized = .materialized
            } else if current.isKeyword(.not) && peek().isKeyword(.materialized) {
                advance()
                advance()
                materialized = .notMaterialized
            }
            try expectSymbol("(")
            let statement = try parsePreparableStatement()
            try expectSymbol(")")
            if current.isKeyword(.search) || current.isKeyword(.cycle) {
                throw notSupported("SEARCH and CYCLE clauses are not supported yet")
            }
            queries.append(
                CommonTableExpr(
                    name: name, columnNames: columns, materialized: materialized,
                    statement: statement, location: at))
        } while acceptSymbol(",")
        return WithClause(isRecursive: recursive, queries: queries)
    }

    /// SELECT, INSERT, UPDATE or DELETE (a CTE's body).
    private mutating func parsePreparableStatement() throws -> Statement {
        switch current.keyword != nil ? text(current) : "" {
        case "insert": return .insert(try parseInsert(with: nil))
        case "update": return .update(try parseUpdate(with: nil))
        case "delete": return .delete(try parseDelete(with: nil))
        default: return .select(try parseSelect())
        }
    }
}
