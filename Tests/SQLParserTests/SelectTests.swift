// SELECT: set-operation precedence, the select list and labels, FROM
// items and joins, grouping, windows, ordering, limits and locking.

import Testing

@testable import SQLParser

@Suite struct SelectTests {
    private func query(_ sql: String) throws -> SelectStatement {
        guard case .select(let query) = try parseOne(sql) else {
            throw ParseError(sqlState: "XX000", message: "not a query", position: -1)
        }
        return query
    }

    private func simple(_ sql: String) throws -> SimpleSelect {
        guard case .select(let simple) = try query(sql).body else {
            throw ParseError(sqlState: "XX000", message: "not a simple select", position: -1)
        }
        return simple
    }

    @Test func intersectBindsTighterThanUnion() throws {
        guard
            case .setOperation(.union, all: false, _, let right) =
                try query("SELECT 1 UNION SELECT 2 INTERSECT SELECT 3").body,
            case .setOperation(.intersect, _, _, _) = right.body
        else {
            Issue.record("INTERSECT should group first")
            return
        }
        guard
            case .setOperation(.except, all: true, let left, _) =
                try query("SELECT 1 UNION SELECT 2 EXCEPT ALL SELECT 3").body,
            case .setOperation(.union, _, _, _) = left.body
        else {
            Issue.record("UNION and EXCEPT are left-associative")
            return
        }
    }

    @Test func outerClausesApplyToTheWholeSetOperation() throws {
        let result = try query("SELECT 1 UNION SELECT 2 ORDER BY 1 LIMIT 5 OFFSET 1")
        #expect(result.orderBy.count == 1 && result.limit != nil && result.offset != nil)
        let merged = try query("(SELECT 1 LIMIT 1) ORDER BY 1")
        #expect(merged.orderBy.count == 1 && merged.limit != nil)
    }

    @Test func targetsAndLabels() throws {
        let select = try simple("SELECT a b, c AS d, e \"F\", 1 AS from, 2 asc, *")
        #expect(select.targets.map(\.alias) == ["b", "d", "F", "from", "asc", nil])
        #expect(select.targets.last?.expr.kind == .star)
        #expect(try simple("SELECT FROM t").targets.isEmpty)
        #expect(parseError("SELECT 1 from")?.message == "syntax error at end of input")
    }

    @Test func distinctForms() throws {
        #expect(try simple("SELECT DISTINCT a FROM t").distinct == .all)
        guard case .on(let exprs) = try simple("SELECT DISTINCT ON (a, b) a FROM t").distinct else {
            Issue.record("expected DISTINCT ON")
            return
        }
        #expect(exprs.count == 2)
    }

    @Test func fromItemsAndJoins() throws {
        let select = try simple(
            """
            SELECT * FROM a x, ONLY b, (SELECT 1) s(c), LATERAL f(x.a) WITH ORDINALITY AS g(v, n),
            c JOIN d ON true LEFT JOIN e USING (k) CROSS JOIN g NATURAL FULL JOIN h
            """)
        #expect(select.from.count == 5)
        guard case .table(_, let alias, only: false) = select.from[0] else { return }
        #expect(alias?.name == "x")
        guard case .table(_, _, only: true) = select.from[1] else {
            Issue.record("expected ONLY")
            return
        }
        guard case .subquery(_, let subqueryAlias, lateral: false) = select.from[2] else { return }
        #expect(subqueryAlias?.columnNames == ["c"])
        guard case .function(_, _, lateral: true, withOrdinality: true, _) = select.from[3] else {
            Issue.record("expected LATERAL function")
            return
        }
        guard case .join(let outer) = select.from[4] else { return }
        #expect(outer.kind == .full && outer.condition == .natural)
        guard case .join(let cross) = outer.left, case .join(let left) = cross.left else { return }
        #expect(cross.kind == .cross)
        #expect(left.kind == .left && left.condition == .using(["k"]))
    }

    @Test func parenthesisedJoinsAndNestedQueries() throws {
        let select = try simple(
            "SELECT * FROM (a JOIN b ON true) AS j, ((SELECT 1) UNION (SELECT 2)) u")
        guard case .join(let join) = select.from[0] else { return }
        #expect(join.alias?.name == "j")
        guard case .subquery(let union, _, _) = select.from[1],
            case .setOperation(.union, _, _, _) = union.body
        else {
            Issue.record("expected parenthesised union")
            return
        }
        #expect(
            parseError("SELECT * FROM (SELECT 1)")?.message == "subquery in FROM must have an alias"
        )
    }

    @Test func grouping() throws {
        let select = try simple(
            """
            SELECT 1 FROM t GROUP BY a, ROLLUP (a, (b, c)), CUBE (d), GROUPING SETS ((a), ()), () \
            HAVING count(*) > 1
            """)
        #expect(select.groupBy.count == 5)
        #expect(
            select.groupBy[1]
                == .rollup([
                    [Expr(.columnRef(["a"]), location: 36)],
                    [Expr(.columnRef(["b"]), location: 40), Expr(.columnRef(["c"]), location: 43)],
                ]))
        #expect(select.groupBy[4] == .empty)
        #expect(select.having != nil)
        #expect(try simple("SELECT a FROM t GROUP BY DISTINCT a").groupByDistinct)
    }

    @Test func windowsOrderingLimitsAndLocking() throws {
        let result = try query(
            """
            SELECT rank() OVER w FROM t WINDOW w AS (PARTITION BY a ORDER BY b) \
            ORDER BY a DESC NULLS LAST, b USING >, c NULLS FIRST \
            OFFSET 2 ROWS FETCH FIRST 3 ROWS WITH TIES
            """)
        #expect(result.orderBy.map(\.direction) == [.descending, nil, nil])
        #expect(result.orderBy.map(\.nulls) == [.last, nil, .first])
        #expect(result.orderBy[1].usingOperator == ">")
        #expect(result.limitWithTies)
        guard case .select(let simple) = result.body else { return }
        #expect(simple.namedWindows.first?.name == "w")
        let locked = try query("SELECT * FROM t FOR UPDATE OF t SKIP LOCKED FOR SHARE NOWAIT")
        #expect(locked.locking.map(\.strength) == [.update, .share])
        #expect(locked.locking.map(\.wait) == [.skipLocked, .noWait])
        #expect(try query("SELECT 1 LIMIT ALL").limit?.kind == .literal(.null))
    }

    @Test func withClauses() throws {
        let result = try query(
            """
            WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t), \
            m AS MATERIALIZED (SELECT 2), i AS (INSERT INTO x VALUES (1) RETURNING *) \
            SELECT * FROM t
            """)
        #expect(result.with?.isRecursive == true)
        #expect(result.with?.queries.map(\.name) == ["t", "m", "i"])
        #expect(result.with?.queries.first?.columnNames == ["n"])
        #expect(result.with?.queries[1].materialized == .materialized)
        guard case .insert = result.with?.queries[2].statement else {
            Issue.record("expected data-modifying CTE")
            return
        }
    }

    @Test func valuesAndTable() throws {
        guard case .values(let rows) = try query("VALUES (1, 'a'), (2, 'b')").body else { return }
        #expect(rows.count == 2 && rows[0].count == 2)
        let table = try simple("TABLE t")
        #expect(table.targets.first?.expr.kind == .star && table.from.count == 1)
    }
}
