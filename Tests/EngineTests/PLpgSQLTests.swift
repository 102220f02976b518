// The PL/pgSQL interpreter through the embedding API. Every expected
// message, SQLSTATE, CONTEXT and result was measured on PostgreSQL 15.18
// with psql (`\set VERBOSITY verbose` for the SQLSTATEs) running the SQL
// shown in each test.
import Engine
import Foundation
import Testing

@Suite("PL/pgSQL interpreter")
struct PLpgSQLTests {
    /// Runs `sql` on a fresh node; each notice and error as
    /// `SEVERITY: SQLSTATE message`, with DETAIL, HINT, QUERY (with the
    /// internal position) and CONTEXT lines as psql prints them.
    private func transcript(_ sql: String, setup: String = "") throws -> [String] {
        let db = try Database()
        if !setup.isEmpty { try db.execute(setup) }
        var lines: [String] = []
        db.defaultSession.run(sql) { event in
            switch event {
            case .notice(let notice):
                lines.append("\(notice.severity.rawValue): \(notice.message)")
            case .error(let error):
                lines.append("ERROR: \(error.sqlState) \(error.message)")
                if let detail = error.detail { lines.append("DETAIL: \(detail)") }
                if let hint = error.hint { lines.append("HINT: \(hint)") }
                if let query = error.internalQuery {
                    lines.append("QUERY: \(query) @\(error.internalPosition ?? 0)")
                }
                if let position = error.position { lines.append("POSITION: \(position)") }
                if let context = error.context { lines.append("CONTEXT: \(context)") }
            case .result:
                break
            }
        }
        return lines
    }

    /// The first value `sql` returns, as text.
    private func value(_ sql: String, setup: String) throws -> String? {
        let db = try Database()
        try db.execute(setup)
        return try db.execute(sql).text(row: 0, column: 0)
    }

    static let rollupSetup = """
        CREATE TABLE http_request (site_id INT, ingest_time TIMESTAMPTZ DEFAULT now(),
          url TEXT, request_country TEXT, ip_address TEXT, status_code INT,
          response_time_msec INT);
        CREATE TABLE latest_rollup (minute timestamptz PRIMARY KEY,
          CHECK (minute = date_trunc('minute', minute)));
        INSERT INTO latest_rollup VALUES ('10-10-1901');
        """

    @Test func labInitialiserIsAQuery() throws {
        let lines = try transcript(
            """
            DO $$
            DECLARE
            curr_rollup_time timestamptz := date_trunc('minute', now());
            last_rollup_time timestamptz := minute from latest_rollup;
            BEGIN
            RAISE NOTICE '%', last_rollup_time;
            UPDATE latest_rollup SET minute = curr_rollup_time;
            END $$;
            SELECT count(*) FROM latest_rollup WHERE minute = date_trunc('minute', now());
            """, setup: PLpgSQLTests.rollupSetup)
        #expect(lines == ["NOTICE: 1901-10-10 00:00:00+00"])
    }

    @Test func labLoadLoopCommitsEachRow() throws {
        let db = try Database()
        try db.execute(PLpgSQLTests.rollupSetup)
        try db.execute(
            """
            DO $$
            BEGIN FOR i IN 1..20 LOOP
                INSERT INTO http_request (
                site_id, ingest_time, url, request_country,
                ip_address, status_code, response_time_msec
                ) VALUES (
                trunc(random()*32), clock_timestamp(),
                concat('http://example.com/', md5(random()::text)),
                ('{China,India,USA,Indonesia}'::text[])[ceil(random()*4)],
                concat(
                    trunc(random()*250 + 2), '.',
                    trunc(random()*250 + 2), '.',
                    trunc(random()*250 + 2), '.',
                    trunc(random()*250 + 2)
                )::inet,
                ('{200,404}'::int[])[ceil(random()*2)],
                5+trunc(random()*150)
                );
                COMMIT;
                PERFORM pg_sleep(random() * 0.0);
            END LOOP;
            END $$;
            """)
        #expect(try db.execute("SELECT count(*) FROM http_request").int(0, 0) == 20)
    }

    // SELECT f1(); with RAISE NOTICE then RAISE EXCEPTION on lines 5 and 6.
    @Test func raiseAndContext() throws {
        let lines = try transcript(
            """
            CREATE FUNCTION f1() RETURNS int AS $$
            DECLARE
              x int := 1;
            BEGIN
              RAISE NOTICE 'x is %', x;
              RAISE EXCEPTION 'boom %', x + 1;
            END;
            $$ LANGUAGE plpgsql;
            SELECT f1();
            """)
        #expect(lines == [
            "NOTICE: x is 1", "ERROR: P0001 boom 2",
            "CONTEXT: PL/pgSQL function f1() line 6 at RAISE",
        ])
    }

    @Test func compileErrorsAtCreate() throws {
        #expect(try transcript(
            "CREATE FUNCTION f2() RETURNS int AS $$\nBEGIN\n  x := 1;\nEND;\n$$ LANGUAGE plpgsql;")
            == ["ERROR: 42601 \"x\" is not a known variable", "POSITION: 48"])
        #expect(try transcript("DO $$ DECLARE t int; BEGIN RAISE NOTICE '% %', t; END $$;") == [
            "ERROR: 42601 too few parameters specified for RAISE",
            "CONTEXT: compilation of PL/pgSQL function \"inline_code_block\" near line 1",
        ])
        #expect(try transcript(
            "CREATE FUNCTION r12() RETURNS int AS $$ DECLARE x nosuchtype; BEGIN RETURN 1; END $$ LANGUAGE plpgsql;")
            == ["ERROR: 42704 type \"nosuchtype\" does not exist", "POSITION: 51"])
    }

    @Test func endWithoutReturn() throws {
        let lines = try transcript(
            "CREATE FUNCTION f5() RETURNS int AS $$ BEGIN END $$ LANGUAGE plpgsql; SELECT f5();")
        #expect(lines == [
            "ERROR: 2F005 control reached end of function without RETURN",
            "CONTEXT: PL/pgSQL function f5()",
        ])
    }

    @Test func spiContexts() throws {
        #expect(try transcript("DO $$\nBEGIN\n  PERFORM 1/0;\nEND $$;") == [
            "ERROR: 22012 division by zero",
            "CONTEXT: SQL statement \"SELECT 1/0\"\nPL/pgSQL function inline_code_block line 3 at PERFORM",
        ])
        #expect(try transcript("DO $$ DECLARE x int; BEGIN\n x := 1/0; END $$;") == [
            "ERROR: 22012 division by zero",
            "CONTEXT: PL/pgSQL assignment \"x := 1/0\"\nPL/pgSQL function inline_code_block line 2 at assignment",
        ])
        #expect(try transcript("DO $$ DECLARE x int; BEGIN\n IF 1/0 > 1 THEN NULL; END IF; END $$;") == [
            "ERROR: 22012 division by zero",
            "CONTEXT: SQL expression \"1/0 > 1\"\nPL/pgSQL function inline_code_block line 2 at IF",
        ])
        #expect(try transcript("DO $$ DECLARE x int; BEGIN\n select 1/0   into  x  ; END $$;") == [
            "ERROR: 22012 division by zero",
            "CONTEXT: SQL statement \"select 1/0\"\nPL/pgSQL function inline_code_block line 2 at SQL statement",
        ])
        #expect(try transcript("DO $$\nDECLARE\n  a int := 1;\n\n  x int := 1/0;\nBEGIN\n  NULL;\nEND $$;") == [
            "ERROR: 22012 division by zero",
            "CONTEXT: SQL expression \"1/0\"\nPL/pgSQL function inline_code_block line 5 during statement block local variable initialization",
        ])
    }

    @Test func internalPositions() throws {
        #expect(try transcript("DO $$ DECLARE x int; BEGIN\n x   =   foo\n   + 1; END $$;") == [
            "ERROR: 42703 column \"foo\" does not exist", "QUERY: x   =   foo\n   + 1 @9",
            "CONTEXT: PL/pgSQL function inline_code_block line 2 at assignment",
        ])
        #expect(try transcript("DO $$ BEGIN PERFORM foo; END $$;") == [
            "ERROR: 42703 column \"foo\" does not exist", "QUERY: SELECT foo @8",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at PERFORM",
        ])
        #expect(try transcript("DO $$ DECLARE x int; BEGIN\n x := 'abc'; END $$;") == [
            "ERROR: 22P02 invalid input syntax for type integer: \"abc\"", "QUERY: x := 'abc' @6",
            "CONTEXT: PL/pgSQL function inline_code_block line 2 at assignment",
        ])
    }

    @Test func selectInto() throws {
        let setup = "CREATE TABLE nums (n int); INSERT INTO nums VALUES (1), (2), (3);"
        #expect(try transcript(
            "DO $$ DECLARE x int; BEGIN select n into x from nums order by n desc; raise notice '% %', x, found; END $$;",
            setup: setup) == ["NOTICE: 3 t"])
        #expect(try transcript(
            "DO $$ DECLARE x int; BEGIN select n into x from nums where n > 5; raise notice '% %', x, found; END $$;",
            setup: setup) == ["NOTICE: <NULL> f"])
        #expect(try transcript(
            "DO $$ DECLARE x int; BEGIN\n select 1 into strict x from nums where n > 5; END $$;",
            setup: setup) == [
                "ERROR: P0002 query returned no rows",
                "CONTEXT: PL/pgSQL function inline_code_block line 2 at SQL statement",
            ])
        #expect(try transcript(
            "DO $$ DECLARE x int; BEGIN\n select 1 into strict x from nums; END $$;", setup: setup)
            == [
                "ERROR: P0003 query returned more than one row",
                "HINT: Make sure the query returns a single row, or use LIMIT 1.",
                "CONTEXT: PL/pgSQL function inline_code_block line 2 at SQL statement",
            ])
        #expect(try transcript("DO $$ DECLARE t int := n from nums; BEGIN END $$;", setup: setup) == [
            "ERROR: 21000 query returned more than one row",
            "CONTEXT: query: n from nums\nPL/pgSQL function inline_code_block line 1 during statement block local variable initialization",
        ])
        #expect(try transcript(
            "DO $$ DECLARE x int; y int; r record; BEGIN select 1 as a, 'q' as b into r; raise notice '% % %', r, r.a, r.b; END $$;")
            == ["NOTICE: (1,q) 1 q"])
        #expect(try transcript("DO $$ DECLARE r record; BEGIN\n raise notice '%', r.a; END $$;") == [
            "ERROR: 55000 record \"r\" is not assigned yet",
            "DETAIL: The tuple structure of a not-yet-assigned record is indeterminate.",
            "CONTEXT: SQL expression \"r.a\"\nPL/pgSQL function inline_code_block line 2 at RAISE",
        ])
    }

    @Test func dmlSetsFoundAndRowCount() throws {
        let lines = try transcript(
            """
            DO $$ DECLARE x int; BEGIN
            insert into tt values (1), (2);
            update tt set a = a + 1; get diagnostics x = row_count; raise notice '% %', x, found;
            delete from tt where a = 7 returning a into x; raise notice '% %', x, found;
            END $$;
            """, setup: "CREATE TABLE tt (a int);")
        #expect(lines == ["NOTICE: 2 t", "NOTICE: <NULL> f"])
    }

    @Test func loops() throws {
        let lines = try transcript(
            """
            DO $$ DECLARE x int := 0; BEGIN
            FOR i IN REVERSE 3..1 BY 2 LOOP RAISE NOTICE '%', i; END LOOP;
            FOR i IN 1.6..3.4 LOOP RAISE NOTICE '%', i; END LOOP;
            <<outer>> LOOP x := x + 1; LOOP EXIT outer WHEN x > 2; CONTINUE outer; END LOOP; END LOOP;
            RAISE NOTICE '%', x;
            WHILE x < 5 LOOP x := x + 1; END LOOP;
            RAISE NOTICE '% %', x, found;
            FOR i IN 1..0 LOOP END LOOP;
            RAISE NOTICE '%', found;
            END $$;
            """)
        #expect(lines == [
            "NOTICE: 3", "NOTICE: 1", "NOTICE: 2", "NOTICE: 3", "NOTICE: 3", "NOTICE: 5 t",
            "NOTICE: f",
        ])
        #expect(try transcript("DO $$ BEGIN FOR i IN 1..3 BY 0 LOOP END LOOP; END $$;") == [
            "ERROR: 22023 BY value of FOR loop must be greater than zero",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at FOR with integer loop variable",
        ])
        #expect(try transcript("DO $$ BEGIN FOR i IN NULL..3 LOOP END LOOP; END $$;") == [
            "ERROR: 22004 lower bound of FOR loop cannot be null",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at FOR with integer loop variable",
        ])
    }

    @Test func queryLoopAndCase() throws {
        let lines = try transcript(
            """
            DO $$ DECLARE r record; a int; b int; BEGIN
            FOR r IN SELECT n, n * 2 AS d FROM nums ORDER BY n LOOP RAISE NOTICE '% %', r.n, r.d; END LOOP;
            RAISE NOTICE '%', r;
            FOR a, b IN SELECT n, n * 3 FROM nums WHERE n = 2 LOOP RAISE NOTICE '% %', a, b; END LOOP;
            CASE a WHEN 1, 2 THEN RAISE NOTICE 'one or two'; ELSE RAISE NOTICE 'other'; END CASE;
            CASE WHEN b > 3 THEN RAISE NOTICE 'big'; END CASE;
            CASE a WHEN 5 THEN NULL; END CASE;
            END $$;
            """, setup: "CREATE TABLE nums (n int); INSERT INTO nums VALUES (1), (2);")
        #expect(lines == [
            "NOTICE: 1 2", "NOTICE: 2 4", "NOTICE: (2,4)", "NOTICE: 2 6", "NOTICE: one or two",
            "NOTICE: big", "ERROR: 20000 case not found", "HINT: CASE statement is missing ELSE part.",
            "CONTEXT: PL/pgSQL function inline_code_block line 7 at CASE",
        ])
    }

    @Test func raiseOptions() throws {
        #expect(try transcript(
            "DO $$ BEGIN RAISE EXCEPTION 'e' USING ERRCODE = 'unique_violation', DETAIL = 'd', HINT = 'h'; END $$;")
            == [
                "ERROR: 23505 e", "DETAIL: d", "HINT: h",
                "CONTEXT: PL/pgSQL function inline_code_block line 1 at RAISE",
            ])
        #expect(try transcript("DO $$ BEGIN RAISE division_by_zero; END $$;") == [
            "ERROR: 22012 division_by_zero",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at RAISE",
        ])
        #expect(try transcript("DO $$ BEGIN RAISE EXCEPTION 'e' USING MESSAGE = 'dup'; END $$;") == [
            "ERROR: 42601 RAISE option already specified: MESSAGE",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at RAISE",
        ])
        #expect(try transcript("DO $$ BEGIN RAISE EXCEPTION 'e' USING ERRCODE = 'nonsense'; END $$;") == [
            "ERROR: 42704 unrecognized exception condition \"nonsense\"",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at RAISE",
        ])
        #expect(try transcript("DO $$ BEGIN RAISE WARNING 'w %%, %', 'x'; END $$;") == ["WARNING: w %, x"])
        #expect(try transcript("DO $$ BEGIN RAISE; END $$;") == [
            "ERROR: 0Z002 RAISE without parameters cannot be used outside an exception handler",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at RAISE",
        ])
    }

    @Test func exceptionHandlers() throws {
        #expect(try transcript(
            "DO $$ BEGIN PERFORM 1/0; EXCEPTION WHEN division_by_zero THEN RAISE NOTICE 'caught % %', SQLSTATE, SQLERRM; END $$;")
            == ["NOTICE: caught 22012 division by zero"])
        #expect(try transcript(
            "DO $$ BEGIN PERFORM 1/0; EXCEPTION WHEN data_exception THEN RAISE NOTICE 'class'; END $$;")
            == ["NOTICE: class"])
        #expect(try transcript(
            "DO $$ BEGIN PERFORM 1/0; EXCEPTION WHEN others THEN RAISE NOTICE 'c6'; RAISE; END $$;")
            == [
                "NOTICE: c6", "ERROR: 22012 division by zero",
                "CONTEXT: SQL statement \"SELECT 1/0\"\nPL/pgSQL function inline_code_block line 1 at PERFORM",
            ])
        #expect(try transcript(
            "DO $$ BEGIN ASSERT 1 = 2; EXCEPTION WHEN others THEN RAISE NOTICE 'not caught'; END $$;")
            == [
                "ERROR: P0004 assertion failed",
                "CONTEXT: PL/pgSQL function inline_code_block line 1 at ASSERT",
            ])
        let rollback = try value(
            "SELECT count(*) FROM t6",
            setup: """
                CREATE TABLE t6 (a int PRIMARY KEY);
                DO $$ BEGIN INSERT INTO t6 VALUES (1); BEGIN INSERT INTO t6 VALUES (2);
                INSERT INTO t6 VALUES (1); EXCEPTION WHEN unique_violation THEN NULL; END; END $$;
                """)
        #expect(rollback == "1")
    }

    @Test func transactionControl() throws {
        #expect(try transcript("BEGIN; DO $$ BEGIN COMMIT; END $$;") == [
            "ERROR: 2D000 invalid transaction termination",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at COMMIT",
        ])
        #expect(try transcript(
            "CREATE FUNCTION cm() RETURNS void AS $$ BEGIN COMMIT; END $$ LANGUAGE plpgsql; SELECT cm();")
            == [
                "ERROR: 2D000 invalid transaction termination",
                "CONTEXT: PL/pgSQL function cm() line 1 at COMMIT",
            ])
        #expect(try transcript("DO $$ BEGIN SAVEPOINT a; END $$;") == [
            "ERROR: 0A000 unsupported transaction command in PL/pgSQL",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at SQL statement",
        ])
    }

    @Test func functionsAndCasts() throws {
        let setup = """
            CREATE FUNCTION fq(a int) RETURNS int AS $$ BEGIN RETURN fq.a * 2; END $$ LANGUAGE plpgsql;
            CREATE FUNCTION fr(n int) RETURNS int AS $$ BEGIN IF n <= 1 THEN RETURN 1; END IF;
              RETURN n * fr(n - 1); END $$ LANGUAGE plpgsql;
            CREATE FUNCTION fs(int) RETURNS int AS $$ BEGIN $1 := $1 + 1; RETURN $1; END $$ LANGUAGE plpgsql;
            CREATE FUNCTION r4() RETURNS int AS $$ BEGIN RETURN 2.5; END $$ LANGUAGE plpgsql;
            CREATE FUNCTION r6() RETURNS varchar(2) AS $$ BEGIN RETURN 'abcdef'; END $$ LANGUAGE plpgsql;
            """
        #expect(try value("SELECT fq(4)", setup: setup) == "8")
        #expect(try value("SELECT fr(5)", setup: setup) == "120")
        #expect(try value("SELECT fs(1)", setup: setup) == "2")
        #expect(try value("SELECT r4()", setup: setup) == "3")
        #expect(try value("SELECT r6()", setup: setup) == "abcdef")
        #expect(try transcript(
            "DO $$ DECLARE x int; BEGIN x := true; END $$;") == [
                "ERROR: 22P02 invalid input syntax for type integer: \"t\"",
                "CONTEXT: PL/pgSQL assignment \"x := true\"\nPL/pgSQL function inline_code_block line 1 at assignment",
            ])
        #expect(try transcript(
            "DO $$ DECLARE x bool; y text; BEGIN x := 'yes'; y := 1.50; RAISE NOTICE '% %', x, y; END $$;")
            == ["NOTICE: t 1.50"])
        #expect(try transcript(
            "CREATE FUNCTION r3() RETURNS int AS $$ BEGIN RETURN 'abc'; END $$ LANGUAGE plpgsql; SELECT r3();")
            == [
                "ERROR: 22P02 invalid input syntax for type integer: \"abc\"",
                "CONTEXT: PL/pgSQL function r3() while casting return value to function's return type",
            ])
    }

    @Test func nestedCallContext() throws {
        let lines = try transcript(
            """
            CREATE FUNCTION g(a int) RETURNS int AS $$ BEGIN RAISE EXCEPTION 'a=%', a; END $$ LANGUAGE plpgsql;
            DO $$ BEGIN PERFORM g(2); END $$;
            """)
        #expect(lines == [
            "ERROR: P0001 a=2",
            "CONTEXT: PL/pgSQL function g(integer) line 1 at RAISE\nSQL statement \"SELECT g(2)\"\nPL/pgSQL function inline_code_block line 1 at PERFORM",
        ])
    }

    @Test func dynamicExecute() throws {
        #expect(try transcript(
            "DO $$ DECLARE x int; BEGIN EXECUTE 'SELECT $1 + 1' INTO x USING 41; RAISE NOTICE '%', x; END $$;")
            == ["NOTICE: 42"])
        #expect(try transcript("DO $$ DECLARE x int; BEGIN EXECUTE 'SELEC 1'; END $$;") == [
            "ERROR: 42601 syntax error at or near \"SELEC\"", "QUERY: SELEC 1 @1",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at EXECUTE",
        ])
        #expect(try transcript("DO $$ DECLARE x int; BEGIN EXECUTE NULL; END $$;") == [
            "ERROR: 22004 query string argument of EXECUTE is null",
            "CONTEXT: PL/pgSQL function inline_code_block line 1 at EXECUTE",
        ])
    }

    /// A pure PL/pgSQL loop must stop when the session is cancelled.
    @Test func cancelStopsALoop() throws {
        let db = try Database()
        let session = db.defaultSession
        let canceller = Thread {
            Thread.sleep(forTimeInterval: 0.3)
            session.cancel()
        }
        canceller.start()
        var errors: [String] = []
        session.run("DO $$ DECLARE x int := 0; BEGIN LOOP x := x + 1; END LOOP; END $$;") { event in
            if case .error(let error) = event { errors.append(error.sqlState) }
        }
        #expect(errors == ["57014"])
    }
}
