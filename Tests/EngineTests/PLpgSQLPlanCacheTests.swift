// The plans SPI keeps for a PL/pgSQL function's statements: a kept plan
// must give the results planning afresh gives. Each test changes one
// thing a plan depends on between executions (a table another session
// alters, search_path, a function redefined, a variable's type) and
// checks that the statement saw the change, as PostgreSQL 15's plan
// cache does; volatile functions still run once per row.
import Engine
import Foundation
import Testing

@Suite("PL/pgSQL plan cache")
struct PLpgSQLPlanCacheTests {
    /// The rows of `sql` as text, one string per row, columns joined by |.
    private func rows(_ session: Session, _ sql: String) throws -> [String] {
        let result = try session.execute(sql)
        return (0..<result.rows.count).map { row in
            (0..<result.rows[row].count).map { result.text(row: row, column: $0) ?? "" }
                .joined(separator: "|")
        }
    }

    @Test func volatileFunctionsRunPerExecutionAndPerRow() throws {
        let db = try Database()
        let session = db.defaultSession
        try session.execute("CREATE TABLE t (i int, r float8, at timestamptz, u text)")
        try session.execute(
            """
            DO $$ BEGIN FOR i IN 1..200 LOOP
              INSERT INTO t VALUES (i, random(), clock_timestamp(), md5(random()::text)),
                (-i, random(), clock_timestamp(), md5(random()::text));
            END LOOP; END $$;
            """)
        #expect(
            try rows(
                session,
                "SELECT count(*), count(DISTINCT r), count(DISTINCT at), count(DISTINCT u), "
                    + "sum(i), min(abs(i)), max(i) FROM t") == ["400|400|400|400|0|1|200"])
    }

    @Test func variablesAreReadWhenTheStatementRuns() throws {
        let db = try Database()
        let session = db.defaultSession
        try session.execute("CREATE TABLE t (a int, b text)")
        try session.execute(
            """
            DO $$ DECLARE s text := ''; BEGIN FOR i IN 1..4 LOOP
              s := s || i;
              INSERT INTO t VALUES (i * 10, s);
            END LOOP; END $$;
            """)
        #expect(
            try rows(session, "SELECT a, b FROM t ORDER BY a") == [
                "10|1", "20|12", "30|123", "40|1234",
            ])
    }

    @Test func anotherSessionsAlterTableReplans() throws {
        let db = try Database()
        let first = db.defaultSession
        let second = db.connect()
        try first.execute(
            """
            CREATE TABLE t (a int, b int DEFAULT 1);
            CREATE FUNCTION f(x int) RETURNS void LANGUAGE plpgsql
              AS $$ BEGIN INSERT INTO t (a) VALUES (x); END $$;
            """)
        try first.execute("SELECT f(1)")
        try second.execute("ALTER TABLE t ALTER COLUMN b SET DEFAULT 2")
        try first.execute("SELECT f(2)")
        try second.execute("ALTER TABLE t DROP COLUMN b")
        try first.execute("SELECT f(3)")
        try second.execute("ALTER TABLE t ADD COLUMN c text DEFAULT 'c'")
        try first.execute("SELECT f(4)")
        #expect(
            try rows(first, "SELECT * FROM t ORDER BY a") == [
                "1|c", "2|c", "3|c", "4|c",
            ])
        try second.execute("ALTER TABLE t ALTER COLUMN c SET DEFAULT 'd'")
        try first.execute("SELECT f(5)")
        #expect(try rows(first, "SELECT c FROM t WHERE a = 5") == ["d"])
        try second.execute("DROP TABLE t; CREATE TABLE t (z text, a int)")
        try first.execute("SELECT f(6)")
        #expect(try rows(first, "SELECT * FROM t") == ["|6"])
    }

    /// A procedure that commits after each row and sleeps lets the other
    /// session alter the table between two iterations of the same loop.
    @Test func alterTableBetweenLoopIterationsReplans() throws {
        let db = try Database()
        let looping = db.defaultSession
        let altering = db.connect()
        try looping.execute(
            """
            CREATE TABLE t (a int, b int DEFAULT 1);
            CREATE PROCEDURE fill() LANGUAGE plpgsql AS $$ BEGIN
              FOR i IN 1..400 LOOP
                INSERT INTO t (a) VALUES (i);
                COMMIT;
                PERFORM pg_sleep(0.002);
              END LOOP;
            END $$;
            """)
        let alterer = Thread {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                let count = (try? altering.execute("SELECT count(*) FROM t"))?.int(0, 0) ?? 0
                if count >= 20 { break }
                Thread.sleep(forTimeInterval: 0.001)
            }
            _ = try? altering.execute("ALTER TABLE t ALTER COLUMN b SET DEFAULT 2")
        }
        alterer.start()
        try looping.execute("CALL fill()")
        while !alterer.isFinished { Thread.sleep(forTimeInterval: 0.01) }
        // Every row after the ALTER took the new default, none before it.
        let summary = try rows(
            looping,
            "SELECT count(*), min(a) FILTER (WHERE b = 2) > max(a) FILTER (WHERE b = 1), "
                + "count(*) FILTER (WHERE b = 2) > 0 FROM t")
        #expect(summary == ["400|t|t"])
    }

    @Test func searchPathChangesReplan() throws {
        let db = try Database()
        let session = db.defaultSession
        try session.execute(
            """
            CREATE SCHEMA s1; CREATE SCHEMA s2;
            CREATE TABLE s1.t (a int); CREATE TABLE s2.t (a int);
            CREATE FUNCTION f(x int) RETURNS void LANGUAGE plpgsql
              AS $$ BEGIN INSERT INTO t VALUES (x); END $$;
            SET search_path = s1, public;
            SELECT f(1);
            SET search_path = s2, public;
            SELECT f(2);
            """)
        // Inside one loop, as a SET in the loop body changes it.
        try session.execute(
            """
            DO $$ BEGIN FOR i IN 3..8 LOOP
              IF i % 2 = 1 THEN SET search_path = s1, public;
              ELSE SET search_path = s2, public;
              END IF;
              INSERT INTO t VALUES (i);
            END LOOP; END $$;
            """)
        #expect(
            try rows(session, "SELECT string_agg(a::text, ',' ORDER BY a) FROM s1.t") == [
                "1,3,5,7"
            ])
        #expect(
            try rows(session, "SELECT string_agg(a::text, ',' ORDER BY a) FROM s2.t") == [
                "2,4,6,8"
            ])
    }

    @Test func redefinedFunctionsReplan() throws {
        let db = try Database()
        let session = db.defaultSession
        try session.execute(
            """
            CREATE TABLE t (a int, b text);
            CREATE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 1';
            CREATE FUNCTION f(x int) RETURNS void LANGUAGE plpgsql
              AS $$ BEGIN INSERT INTO t VALUES (x, g()); END $$;
            SELECT f(1);
            CREATE OR REPLACE FUNCTION g() RETURNS int LANGUAGE sql AS 'SELECT 2';
            SELECT f(2);
            DROP FUNCTION g();
            CREATE FUNCTION g() RETURNS text LANGUAGE sql AS $$ SELECT 'three' $$;
            SELECT f(3);
            """)
        // Redefined inside the loop that calls it.
        try session.execute(
            """
            DO $$ BEGIN FOR i IN 4..5 LOOP
              INSERT INTO t VALUES (i, g());
              EXECUTE 'CREATE OR REPLACE FUNCTION g() RETURNS text LANGUAGE sql '
                || 'AS $q$ SELECT ''after ' || i || ''' $q$';
            END LOOP; END $$;
            """)
        #expect(
            try rows(session, "SELECT a, b FROM t ORDER BY a") == [
                "1|1", "2|2", "3|three", "4|three", "5|after 4",
            ])
    }

    @Test func variableTypeChangesReplan() throws {
        let db = try Database()
        let session = db.defaultSession
        try session.execute("CREATE TABLE t (n int, v text, type text)")
        try session.execute(
            """
            DO $$ DECLARE r record; BEGIN
              FOR k IN 1..3 LOOP
                IF k = 1 THEN SELECT 1.5::numeric AS x INTO r;
                ELSIF k = 2 THEN SELECT true AS x INTO r;
                ELSE SELECT '2024-01-02'::date AS x INTO r;
                END IF;
                INSERT INTO t VALUES (k, r.x, pg_typeof(r.x));
              END LOOP;
            END $$;
            """)
        #expect(
            try rows(session, "SELECT n, v, type FROM t ORDER BY n") == [
                "1|1.5|numeric", "2|true|boolean", "3|2024-01-02|date",
            ])
        var errors: [String] = []
        session.run(
            """
            DO $$ DECLARE r record; BEGIN
              FOR k IN 1..2 LOOP
                IF k = 1 THEN SELECT 4 AS x INTO r; ELSE SELECT 5 AS y INTO r; END IF;
                INSERT INTO t VALUES (k, r.x);
              END LOOP;
            END $$;
            """
        ) { event in
            if case .error(let error) = event { errors.append(error.message) }
        }
        #expect(errors == ["record \"r\" has no field \"x\""])
    }

    /// Versions of catalogs committed from transactions stay unique: a
    /// plan made under one session's committed DDL is not taken for the
    /// catalog another transaction commits later.
    @Test func catalogsCommittedFromTransactionsReplan() throws {
        let db = try Database()
        let first = db.defaultSession
        let second = db.connect()
        let third = db.connect()
        try first.execute(
            """
            CREATE TABLE t (a int, b int DEFAULT 1);
            CREATE TABLE u (a int);
            CREATE FUNCTION f(x int) RETURNS void LANGUAGE plpgsql
              AS $$ BEGIN INSERT INTO t (a) VALUES (x); END $$;
            """)
        try second.execute("BEGIN")
        try second.execute("ALTER TABLE t ALTER COLUMN b SET DEFAULT 2")
        try third.execute("ALTER TABLE u ADD COLUMN c int")
        try first.execute("SELECT f(1)")
        try second.execute("COMMIT")
        try first.execute("SELECT f(2)")
        #expect(try rows(first, "SELECT a, b FROM t ORDER BY a") == ["1|1", "2|2"])
    }

    /// A table-free SELECT (PERFORM's, SELECT .. INTO's) is kept compiled
    /// and runs anew each time: volatile calls again, variables read now.
    @Test func keptTableFreeSelectsRunPerExecution() throws {
        let db = try Database()
        let session = db.defaultSession
        try session.execute("CREATE TABLE t (i int, y int, r float8, found bool)")
        try session.execute(
            """
            DO $$ DECLARE y int; r float8; BEGIN FOR i IN 1..50 LOOP
              PERFORM set_config('plan.last', i::text, false);
              SELECT i * 2 INTO y;
              SELECT random() INTO r;
              INSERT INTO t VALUES (i, y, r, found);
            END LOOP; END $$;
            """)
        #expect(
            try rows(
                session,
                "SELECT count(*), sum(y), count(DISTINCT r), bool_and(found), "
                    + "current_setting('plan.last') FROM t") == ["50|2550|50|t|50"])
    }

    /// A SELECT calling a user function is not kept: redefining the
    /// function between executions is seen.
    @Test func selectsOfUserFunctionsSeeTheirRedefinition() throws {
        let db = try Database()
        let session = db.defaultSession
        try session.execute(
            """
            CREATE TABLE t (v int);
            CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$;
            CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql
              AS $$ DECLARE x int; BEGIN SELECT g() INTO x; INSERT INTO t VALUES (x); END $$;
            SELECT f();
            CREATE OR REPLACE FUNCTION g() RETURNS int LANGUAGE sql AS $$ SELECT 2 $$;
            SELECT f();
            """)
        #expect(try rows(session, "SELECT v FROM t ORDER BY v") == ["1", "2"])
    }

    /// Errors in a kept PERFORM keep PostgreSQL's SPI context.
    @Test func keptPerformErrorsKeepTheirContext() throws {
        let db = try Database()
        let session = db.defaultSession
        var errors: [SQLError] = []
        session.run(
            "DO $$ BEGIN FOR i IN 0..3 LOOP PERFORM 6 / (2 - i); END LOOP; END $$"
        ) { event in
            if case .error(let error) = event { errors.append(error) }
        }
        #expect(errors.map(\.message) == ["division by zero"])
        #expect(
            errors.first?.context
                == "SQL statement \"SELECT 6 / (2 - i)\"\n"
                + "PL/pgSQL function inline_code_block line 1 at PERFORM")
    }
}
