// Type resolution, coercion, constant folding and output naming of the
// expression analyser. Expected values were measured on PostgreSQL 15.18
// (psql against a server with TimeZone UTC), with the queries shown.
import Engine
import Testing

@Suite("Analyzer")
struct AnalyzerTests {
    /// Runs `sql` on a fresh node and returns the first row as text.
    private func row(_ sql: String) throws -> [String?] {
        let db = try Database()
        let result = try db.execute(sql)
        let width = result.columns?.count ?? 0
        return (0..<width).map { result.text(row: 0, column: $0) }
    }

    /// The error `sql` raises on a fresh node.
    private func failure(_ sql: String) throws -> SQLError? {
        let db = try Database()
        do {
            _ = try db.execute(sql)
            return nil
        } catch let error as SQLError {
            return error
        }
    }

    // SELECT pg_typeof(1 + 2), pg_typeof(1 + 2.5), pg_typeof('5' + 2),
    //   pg_typeof(2147483648), pg_typeof(1.5::float4 * 2),
    //   pg_typeof(now() - '5 minutes'::interval);
    @Test func operatorResultTypes() throws {
        let types = try row(
            "SELECT pg_typeof(1 + 2), pg_typeof(1 + 2.5), pg_typeof('5' + 2), pg_typeof(2147483648), pg_typeof(1.5::float4 * 2), pg_typeof(now() - '5 minutes'::interval)"
        )
        #expect(
            types == [
                "integer", "numeric", "integer", "bigint", "double precision",
                "timestamp with time zone",
            ])
    }

    // SELECT CASE WHEN true THEN 1 ELSE 2.5 END, pg_typeof(...same...),
    //   coalesce(NULL, 'x'), greatest(1, 3, 2), least(2.5, 1);
    @Test func commonTypes() throws {
        let values = try row(
            "SELECT CASE WHEN true THEN 1 ELSE 2.5 END, pg_typeof(CASE WHEN true THEN 1 ELSE 2.5 END), coalesce(NULL, 'x'), greatest(1, 3, 2), least(2.5, 1)"
        )
        #expect(values == ["1", "numeric", "x", "3", "1"])
    }

    // SELECT 7 / 2, 7 % 3, -7 / 2, 2 ^ 10, 1 = ANY('{1,2}'::int[]),
    //   3 IN (1, 2, NULL), NULL IS DISTINCT FROM 1, ('{a,b,c}'::text[])[2.6];
    @Test func operatorsAndPredicates() throws {
        let values = try row(
            "SELECT 7 / 2, 7 % 3, -7 / 2, 2 ^ 10, 1 = ANY('{1,2}'::int[]), 3 IN (1, 2, NULL), NULL IS DISTINCT FROM 1, ('{a,b,c}'::text[])[2.6]"
        )
        #expect(values == ["3", "1", "-3", "1024", "t", nil, "t", "c"])
    }

    // SELECT CAST(3.7 AS int), (2.5)::int, (3.5)::float8::int, (-2.5)::int;
    // numeric rounds half away from zero, float8 half to even.
    @Test func castRounding() throws {
        let values = try row(
            "SELECT CAST(3.7 AS int), (2.5)::int, (3.5)::float8::int, (-2.5)::int, (2.5)::float8::int"
        )
        #expect(values == ["4", "3", "4", "-3", "2"])
    }

    // SELECT 1 + 2 AS a, 'x'::text, 1 = 1, CAST(3.7 AS int),
    //   ('{a,b,c}'::text[])[2], count(*)  -> a | text | ?column? | int4 | text | count
    @Test func outputNames() throws {
        let db = try Database()
        let result = try db.execute(
            "SELECT 1 + 2 AS a, 'x'::text, 1 = 1, CAST(3.7 AS int), ('{a,b,c}'::text[])[2], count(*)"
        )
        #expect(result.columns?.map(\.name) == ["a", "text", "?column?", "int4", "text", "count"])
    }

    @Test func literalInputErrorPointsAtLiteral() throws {
        // SELECT 1 + 'abc';  ERROR: invalid input syntax for type integer: "abc", position 12
        let error = try failure("SELECT 1 + 'abc'")
        #expect(error?.message == "invalid input syntax for type integer: \"abc\"")
        #expect(error?.sqlState == "22P02")
        #expect(error?.position == 12)
    }

    @Test func whereMustBeBoolean() throws {
        // SELECT 1 WHERE 1;  position 16
        let error = try failure("SELECT 1 WHERE 1")
        #expect(error?.message == "argument of WHERE must be type boolean, not type integer")
        #expect(error?.sqlState == "42804")
        #expect(error?.position == 16)
    }

    @Test func unknownFunction() throws {
        // SELECT nosuch(1, 'a');  position 8, with the HINT
        let error = try failure("SELECT nosuch(1, 'a')")
        #expect(error?.message == "function nosuch(integer, unknown) does not exist")
        #expect(error?.sqlState == "42883")
        #expect(error?.position == 8)
        #expect(
            error?.hint
                == "No function matches the given name and argument types. You might need to add explicit type casts."
        )
    }

    @Test func aggregateInWhere() throws {
        // SELECT count(*) WHERE count(*) > 0;  position 23
        let error = try failure("SELECT count(*) WHERE count(*) > 0")
        #expect(error?.message == "aggregate functions are not allowed in WHERE")
        #expect(error?.position == 23)
    }

    @Test func constantFoldingRaisesEvenWithoutRows() throws {
        // SELECT 1 FROM (SELECT 1) s WHERE 1/0 = 1 AND false;  no position
        let error = try failure("SELECT 1 FROM (SELECT 1) s WHERE 1/0 = 1 AND false")
        #expect(error?.message == "division by zero")
        #expect(error?.position == nil)
    }

    @Test func scalarSubqueryCardinality() throws {
        let error = try failure("SELECT (SELECT 1 UNION ALL SELECT 2)")
        #expect(error?.message == "more than one row returned by a subquery used as an expression")
        #expect(error?.sqlState == "21000")
    }

    @Test func caseBranchLiteralTakesCommonType() throws {
        // SELECT CASE WHEN true THEN 1 ELSE 'a' END;  position 35
        let error = try failure("SELECT CASE WHEN true THEN 1 ELSE 'a' END")
        #expect(error?.message == "invalid input syntax for type integer: \"a\"")
        #expect(error?.position == 35)
    }

    /// An aggregate whose arguments name only an outer query's columns
    /// belongs to that query (PostgreSQL's agglevelsup), which the planner
    /// refuses with 0A000 for now (#6) rather than aggregating per row.
    @Test func outerLevelAggregateIsRefused() throws {
        // SELECT (SELECT max(e.amount)) FROM e;  PostgreSQL: one row, 3
        let db = try Database()
        try db.execute("CREATE TABLE e (kind text, amount int)")
        try db.execute("INSERT INTO e VALUES ('a', 1), ('a', 2), ('b', 3)")
        do {
            _ = try db.execute("SELECT (SELECT max(e.amount)) FROM e")
            Issue.record("an outer-level aggregate ran")
        } catch let error as SQLError {
            #expect(error.sqlState == "0A000")
            #expect(error.position == 16)
        }
        // An argument naming the subquery's own column keeps it there.
        let mixed = try db.execute(
            "SELECT (SELECT sum(e2.amount + e.amount) FROM e e2) FROM e ORDER BY 1")
        #expect((0..<3).map { mixed.text(row: $0, column: 0) } == ["9", "12", "15"])
    }
}
