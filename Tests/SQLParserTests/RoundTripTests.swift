// Parse, deparse, parse again: the two trees must have the same shape.
// Runs over every statement of the lab fixtures and over a list of
// constructs, and checks the deparser's parentheses for hand-built trees.

import Testing

@testable import SQLParser

@Suite struct RoundTripTests {
    @Test func everyFixtureStatementRoundTrips() throws {
        let statements = Fixtures.statements
        #expect(statements.count > 150, "fixtures not found under \(Fixtures.directory.path)")
        var parsed = 0
        for (name, sql) in statements {
            do {
                let result = try roundTrip(sql)
                #expect(result.equal, "\(name): \(sql)\n-> \(result.text)")
                parsed += 1
            } catch let error as ParseError where error.sqlState == "0A000" {
                continue
            } catch let error as ParseError where Self.intendedErrors.contains(sql) {
                _ = error
                continue
            } catch {
                Issue.record("\(name): \(sql)\n-> \(error)")
            }
        }
        #expect(parsed > 140)
    }

    /// Statements the fixtures run on purpose to show PostgreSQL's errors.
    static let intendedErrors: Set<String> = [
        "SELEC 1", "SELECT * FROM http_request WHERE", "SELECT site_id, FROM http_request",
    ]

    static let constructs: [String] = [
        "WITH RECURSIVE t(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM t WHERE n < 10) SELECT "
            + "sum(n) FROM t",
        "SELECT DISTINCT ON (a) a, b FROM t ORDER BY a, b DESC NULLS FIRST",
        "SELECT * FROM a JOIN b ON a.x = b.x LEFT JOIN c USING (y) CROSS JOIN d NATURAL "
            + "RIGHT JOIN e",
        "SELECT * FROM a, LATERAL (SELECT 1) s, generate_series(1, 3) WITH ORDINALITY AS g(i, o)",
        "SELECT * FROM (a JOIN b ON true) AS j",
        "SELECT a FROM t GROUP BY ROLLUP (a, (b, c)), CUBE (d), GROUPING SETS ((a), ()), ()",
        "SELECT sum(x) OVER w, rank() OVER (PARTITION BY a ORDER BY b ROWS UNBOUNDED "
            + "PRECEDING) FROM t WINDOW w AS (ORDER BY c)",
        "SELECT 1 UNION SELECT 2 INTERSECT SELECT 3 EXCEPT ALL SELECT 4",
        "(SELECT 1 UNION SELECT 2) INTERSECT (SELECT 3 ORDER BY 1)",
        "SELECT 1 UNION (SELECT 2 UNION SELECT 3)",
        "SELECT * FROM t ORDER BY a USING < LIMIT 10 OFFSET 5 FOR UPDATE OF t SKIP LOCKED",
        "SELECT * FROM t FETCH FIRST 3 ROWS WITH TIES",
        "SELECT * FROM t LIMIT ALL",
        "VALUES (1, 'a'), (2, 'b')",
        "INSERT INTO t AS x (a) VALUES (1), (DEFAULT) ON CONFLICT (a) WHERE a > 0 DO UPDATE "
            + "SET b = excluded.b WHERE x.b < 1 RETURNING *",
        "INSERT INTO t DEFAULT VALUES",
        "INSERT INTO t SELECT",
        "INSERT INTO t VALUES (1) ON CONFLICT ON CONSTRAINT k DO NOTHING",
        "UPDATE ONLY t AS x SET a = 1, (b, c) = (2, 3), (d) = (4), e[1:2] = '{1}' FROM u "
            + "WHERE true RETURNING x.*",
        "DELETE FROM t AS x USING u WHERE x.a = u.a RETURNING *",
        "SELECT interval '5 minutes', timestamptz 'now', int '1', double precision '1', "
            + "varchar(3) 'x', bit '1', char 'c'",
        "SELECT x::timestamp(3) with time zone, y::time without time zone, z::numeric(10, "
            + "2)[], w::bit varying(2)",
        "SELECT ARRAY[[1, 2], [3]], '{1}'::int[], a[1], a[1:2], a[:2], (a).b, (a).*, (SELECT "
            + "arr)[1], $1[1].f",
        "SELECT CASE WHEN a THEN 1 ELSE 2 END, CASE a WHEN 1 THEN 2 END",
        "SELECT a NOT BETWEEN SYMMETRIC 1 AND 2, a IN (1, 2), a NOT IN (SELECT 1), a IS NOT "
            + "NULL, a ISNULL",
        "SELECT a IS NOT TRUE, a IS UNKNOWN, a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b",
        "SELECT a LIKE 'x' ESCAPE '!', a NOT ILIKE 'y', a SIMILAR TO 'z', a ~~ b",
        "SELECT a = ANY (ARRAY[1]), a < ALL (SELECT 1), a LIKE ANY ('{x}'), a NOT ILIKE ALL "
            + "('{y}')",
        "SELECT EXISTS (SELECT 1), (SELECT 1), ARRAY(SELECT 1), ROW(1, 2), (1, 2), ROW(), ROW(1)",
        "SELECT f(a := 1, b => 2), count(DISTINCT x), string_agg(x, ',' ORDER BY y), "
            + "count(*) FILTER (WHERE x)",
        "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY x), f(VARIADIC ARRAY[1])",
        "SELECT EXTRACT(year FROM x), SUBSTRING(s FROM 1 FOR 2), POSITION('a' IN s), "
            + "TRIM(BOTH 'x' FROM s)",
        "SELECT substring(s, 1, 2), btrim(s), TRIM(LEADING FROM s), OVERLAY(a PLACING b FROM 2)",
        "SELECT COALESCE(a, b), NULLIF(a, b), GREATEST(1, 2), LEAST(1), CURRENT_DATE, "
            + "CURRENT_TIMESTAMP(3), USER",
        "SELECT x AT TIME ZONE 'UTC', x COLLATE \"C\", 1 OPERATOR(pg_catalog.*) 2 + 3, "
            + "OPERATOR(pg_catalog.-) 1",
        "SELECT - -x, -(1), @ x, 2 ^ -3, -2 ^ 2, NOT NOT a, a - -1",
        "SELECT 'it''s', e'\\n', $$x$$, \"Quoted\", \"a\"\"b\", B'01', X'ff', 1e-3, .5",
        "SELECT ((SELECT 1)) + 1, ((SELECT 1) + 1)",
        "SELECT * FROM ((SELECT 1) UNION (SELECT 2)) s",
        "SELECT 1 AS \"from\", 2 AS select, a asc FROM t",
        "SELECT \"select\".\"from\" FROM t AS \"select\"",
        "CREATE TABLE IF NOT EXISTS s.t (id bigint PRIMARY KEY, a int NOT NULL DEFAULT -1, b "
            + "text CHECK (b <> '') UNIQUE NULLS NOT DISTINCT, c int REFERENCES u (id) ON DELETE "
            + "SET NULL, d int GENERATED ALWAYS AS (a + 1) STORED, e int GENERATED BY DEFAULT AS "
            + "IDENTITY, CONSTRAINT k CHECK (a > 0) NO INHERIT, PRIMARY KEY (id), FOREIGN KEY (c) "
            + "REFERENCES u (id) ON UPDATE CASCADE, LIKE v INCLUDING ALL) PARTITION BY RANGE (a, "
            + "(a + 1), lower(b))",
        "CREATE TABLE p PARTITION OF t FOR VALUES FROM (MINVALUE) TO (MAXVALUE)",
        "CREATE TABLE p PARTITION OF t FOR VALUES IN ('a') PARTITION BY HASH (x)",
        "CREATE TABLE p PARTITION OF t FOR VALUES WITH (MODULUS 2, REMAINDER 0)",
        "CREATE TABLE p PARTITION OF t DEFAULT",
        "CREATE TEMP TABLE t (a int) INHERITS (u)",
        "CREATE UNLOGGED TABLE t (a int) USING columnar",
        "CREATE TABLE t AS SELECT 1 WITH NO DATA",
        "CREATE SCHEMA IF NOT EXISTS s AUTHORIZATION bob",
        "CREATE SCHEMA AUTHORIZATION bob",
        "CREATE SEQUENCE IF NOT EXISTS s.q AS smallint INCREMENT BY -2 MINVALUE -10 "
            + "NO MAXVALUE START WITH -1 CACHE 5 CYCLE OWNED BY t.a",
        "CREATE TEMP SEQUENCE q NO MINVALUE MAXVALUE 9 NO CYCLE OWNED BY NONE",
        "ALTER SEQUENCE IF EXISTS q RESTART WITH 5 INCREMENT 3",
        "ALTER SEQUENCE q RESTART",
        "CREATE EXTENSION IF NOT EXISTS hll SCHEMA public VERSION '2.16' CASCADE",
        "CREATE OR REPLACE FUNCTION f(a int, b text DEFAULT 'x', OUT c int, VARIADIC d "
            + "int[]) RETURNS SETOF int LANGUAGE sql IMMUTABLE STRICT AS $$ select 1 $$",
        "CREATE FUNCTION f() RETURNS TABLE (a int) LANGUAGE plpgsql SECURITY DEFINER SET "
            + "search_path = public AS 'begin end'",
        "CREATE PROCEDURE p() LANGUAGE plpgsql AS $$ x $body$ $$",
        "ALTER TABLE IF EXISTS ONLY t ADD COLUMN IF NOT EXISTS a int, DROP COLUMN b CASCADE, "
            + "ALTER COLUMN c TYPE bigint USING c::bigint, ALTER d SET DEFAULT 1, ALTER d DROP "
            + "DEFAULT, ALTER e SET NOT NULL, ALTER e DROP NOT NULL, ADD CONSTRAINT k UNIQUE (a), "
            + "DROP CONSTRAINT IF EXISTS k",
        "ALTER TABLE t RENAME COLUMN a TO b",
        "ALTER TABLE t RENAME TO u",
        "ALTER TABLE t ATTACH PARTITION p FOR VALUES FROM (1) TO (2)",
        "ALTER TABLE t DETACH PARTITION p CONCURRENTLY",
        "DROP FUNCTION IF EXISTS f, g(int, text), h(a int) CASCADE",
        "DROP INDEX CONCURRENTLY i",
        "CREATE INDEX ON t (a)",
        "CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS i ON ONLY s.t (a, b)",
        "CREATE INDEX i ON t USING btree (a DESC NULLS LAST, lower(b), (a + 1) NULLS FIRST)",
        "CREATE UNIQUE INDEX i ON t (a) INCLUDE (b, c) NULLS NOT DISTINCT WHERE a > 0",
        "DROP MATERIALIZED VIEW m",
        "TRUNCATE a, b RESTART IDENTITY CASCADE",
        "BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY",
        "COMMIT AND CHAIN", "ROLLBACK TO SAVEPOINT s", "RELEASE SAVEPOINT s", "SAVEPOINT s",
        "SET LOCAL search_path TO public, 'x', -1", "SET TIME ZONE 'UTC'", "SET x TO DEFAULT",
        "SHOW ALL", "SHOW citus.shard_count", "RESET ALL", "RESET x",
        "DO $$ begin end $$", "DO LANGUAGE plpgsql 'x'", "CALL p(1, a => 2)",
        "EXPLAIN (ANALYZE, COSTS off) SELECT 1", "EXPLAIN ANALYZE VERBOSE DELETE FROM t",
    ]

    @Test(arguments: constructs)
    func constructRoundTrips(_ sql: String) throws {
        let result = try roundTrip(sql)
        #expect(result.equal, "\(sql)\n-> \(result.text)")
    }

    @Test func deparserParenthesisesHandBuiltTrees() throws {
        let a = Expr(.columnRef(["a"]))
        let b = Expr(.columnRef(["b"]))
        let c = Expr(.columnRef(["c"]))
        let sum = Expr(.binary(op: "+", a, b))
        #expect(deparse(Expr(.binary(op: "*", sum, c))) == "a + b OPERATOR(pg_catalog.*) c")
        let product = Expr(.binary(op: "*", a, b))
        #expect(deparse(Expr(.binary(op: "^", product, c))) == "a * b OPERATOR(pg_catalog.^) c")
        #expect(deparse(Expr(.binary(op: "*", Expr(.or(a, b)), c))) == "(a OR b) * c")
        #expect(deparse(Expr(.not(Expr(.and(a, b))))) == "NOT (a AND b)")
        #expect(
            deparse(Expr(.cast(Expr(.literal(.integer("-1"))), TypeName(["text"]), .doubleColon)))
                == "(-1)::text")
        #expect(deparse(Expr(.binary(op: "=", Expr(.binary(op: "=", a, b)), c))) == "(a = b) = c")
        #expect(deparse(Expr(.unary(op: "-", Expr(.literal(.integer("-1")))))) == "- -1")
        #expect(deparse(Expr(.fieldSelect(a, "f"))) == "(a).f")
    }

    @Test func deparsedNamesAreQuotedWhenNeeded() {
        #expect(quoteIdentifier("abc") == "abc")
        #expect(quoteIdentifier("Abc") == "\"Abc\"")
        #expect(quoteIdentifier("select") == "\"select\"")
        #expect(quoteIdentifier("abort") == "abort")
        #expect(quoteIdentifier("a\"b") == "\"a\"\"b\"")
        #expect(quoteIdentifier("1a") == "\"1a\"")
        #expect(dollarQuote("a$$b") == "$body$a$$b$body$")
        #expect(dollarQuote("x$") == "$body$x$$body$")
    }
}
