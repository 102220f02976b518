// The PL/pgSQL parser: every construct, the lab's bodies verbatim, and the
// compile errors PostgreSQL 15.18 reports, with positions measured from
// psql's caret (body-relative, 0-based) for `DO $$<body>$$`.
import Testing

@testable import SQLParser

@Suite("PL/pgSQL parser")
struct PLpgSQLParserTests {
    /// The top-level block's statements.
    private func statements(_ body: String, _ options: PLpgSQLParser.Options = .init()) throws
        -> [PLStatement]
    {
        try PLpgSQLParser.parse(body, options: options).block.body
    }

    /// The compile error of `body`.
    private func failure(_ body: String, _ options: PLpgSQLParser.Options = .init())
        -> PLCompileError?
    {
        do {
            _ = try PLpgSQLParser.parse(body, options: options)
            return nil
        } catch let error as PLCompileError {
            return error
        } catch {
            return PLCompileError(sqlState: "XX000", message: "\(error)", position: -1)
        }
    }

    static let rollup = """

        DECLARE
        curr_rollup_time timestamptz := date_trunc('minute', now());
        last_rollup_time timestamptz := minute from latest_rollup;
        BEGIN
        INSERT INTO http_request_1min (
            site_id, ingest_time, request_country, request_count,
            success_count, error_count, sum_response_time_msec
        ) SELECT
            site_id,
            date_trunc('minute', ingest_time),
            request_country,
            COUNT(1) as request_count,
            SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count,
            SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count,
            SUM(response_time_msec) AS sum_response_time_msec
        FROM http_request
        -- roll up only data new since last_rollup_time
        WHERE date_trunc('minute', ingest_time) <@
                tstzrange(last_rollup_time, curr_rollup_time, '(]')
        GROUP BY 1, 2,3
        ON CONFLICT (site_id,ingest_time,request_country)
        DO UPDATE
            SET request_count = http_request_1min.request_count + excluded.request_count,
            success_count = http_request_1min.success_count + excluded.success_count,
            error_count = http_request_1min.error_count + excluded.error_count,
            sum_response_time_msec = http_request_1min.sum_response_time_msec + excluded.sum_response_time_msec;

        -- update the value in latest_rollup so that next time we run the
        -- rollup it will operate on data newer than curr_rollup_time
        UPDATE latest_rollup SET minute = curr_rollup_time;
        END;

        """

    static let loadLoop = """

        BEGIN LOOP
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
            PERFORM pg_sleep(random() * 0.25);
        END LOOP;
        END 
        """

    @Test func labRollupFunction() throws {
        let options = PLpgSQLParser.Options(functionName: "rollup_http_request")
        let body = try PLpgSQLParser.parse(PLpgSQLParserTests.rollup, options: options)
        let declarations = body.block.declarations
        #expect(declarations.map(\.name) == ["curr_rollup_time", "last_rollup_time"])
        #expect(declarations.map(\.line) == [3, 4])
        #expect(declarations[1].initialValue?.text == "minute from latest_rollup")
        guard case .select(let select) = declarations[1].initialValue?.query.body else {
            Issue.record("initialiser is not a SELECT")
            return
        }
        #expect(select.from.count == 1)
        #expect(body.block.body.map(\.line) == [6, 31])
        guard case .sql(let text, let statement, let into, _) = body.block.body[0].kind,
            case .insert(let insert) = statement
        else {
            Issue.record("first statement is not an INSERT")
            return
        }
        #expect(into.isEmpty)
        #expect(insert.onConflict != nil)
        #expect(text.hasSuffix("excluded.sum_response_time_msec"))
        guard case .sql(let update, _, _, _) = body.block.body[1].kind else {
            Issue.record("second statement is not SQL")
            return
        }
        #expect(update == "UPDATE latest_rollup SET minute = curr_rollup_time")
    }

    @Test func labLoadLoop() throws {
        let body = try statements(PLpgSQLParserTests.loadLoop)
        guard body.count == 1, case .loop(nil, let loop) = body[0].kind else {
            Issue.record("not one LOOP")
            return
        }
        #expect(loop.map(\.line) == [3, 19, 20])
        guard case .commit(false) = loop[1].kind,
            case .perform(let text, _) = loop[2].kind
        else {
            Issue.record("COMMIT / PERFORM not recognised")
            return
        }
        #expect(text == "SELECT pg_sleep(random() * 0.25)")
    }

    @Test func declarations() throws {
        let body = try PLpgSQLParser.parse(
            "DECLARE a CONSTANT int := 1; b text NOT NULL DEFAULT 'x'; c numeric(5,2) = 2;"
                + " r record; d a%TYPE; e ALIAS FOR a; BEGIN END")
        let decls = body.block.declarations
        #expect(decls.map(\.name) == ["a", "b", "c", "r", "d", "e"])
        #expect(decls[0].isConstant && !decls[0].isNotNull)
        #expect(decls[1].isNotNull && decls[1].initialValue?.text == "'x'")
        #expect(decls[2].type.modifiers.count == 2)
        #expect(body.variables[decls[3].datum].kind == .record)
        #expect(decls[4].type == decls[0].type)
        #expect(decls[5].datum == decls[0].datum)
    }

    @Test func initialiserSeesOnlyEarlierVariables() throws {
        let body = try PLpgSQLParser.parse("DECLARE a int := 1; b int := a; BEGIN END")
        let initial = try #require(body.block.declarations[1].initialValue)
        #expect(body.resolve(["a"], in: initial.scope, visibleItems: initial.visibleItems) != nil)
        #expect(body.resolve(["b"], in: initial.scope, visibleItems: initial.visibleItems) == nil)
    }

    @Test func controlStructures() throws {
        let parsed = try statements(
            """
            DECLARE x int := 0; r record; a int[]; BEGIN
            <<outer>> FOR i IN REVERSE 10..1 BY 2 LOOP x := x + i; EXIT outer WHEN x > 5; END LOOP;
            FOR r IN SELECT 1 AS g LOOP CONTINUE; END LOOP;
            WHILE x < 10 LOOP x = x + 1; END LOOP;
            IF x > 1 THEN NULL; ELSIF x < 0 THEN NULL; ELSEIF x = 0 THEN NULL; ELSE RETURN; END IF;
            CASE x WHEN 1, 2 THEN NULL; ELSE NULL; END CASE;
            CASE WHEN x > 1 THEN NULL; END CASE;
            FOREACH x IN ARRAY a LOOP NULL; END LOOP;
            <<blk>> BEGIN EXIT blk; END;
            END
            """)
        #expect(parsed.count == 8)
        guard case .forInteger("outer", _, true, let low, let high, let step, let loop) =
            parsed[0].kind
        else {
            Issue.record("integer FOR")
            return
        }
        #expect([low.text, high.text, step?.text] == ["10", "1", "2"])
        guard case .assign(_, let value) = loop[0].kind else {
            Issue.record("assignment")
            return
        }
        #expect(value.sourceText == "x := x + i" && value.sourceOffset == 5)
        guard case .caseStatement(_, let datum, let whens, _) = parsed[4].kind else {
            Issue.record("CASE")
            return
        }
        #expect(datum != nil)
        #expect(whens[0].expr.text.hasSuffix("IN (1, 2)"))
    }

    @Test func selectIntoIsBlankedOut() throws {
        let body = try statements(
            "DECLARE x int; y int; BEGIN SELECT 1, 2 INTO STRICT x, y FROM t; END")
        guard case .sql(let text, _, let into, let strict) = body[0].kind else {
            Issue.record("not SQL")
            return
        }
        #expect(text == "SELECT 1, 2 " + String(repeating: " ", count: 17) + "FROM t")
        #expect(into.count == 2 && strict)
        let insert = try statements("DECLARE x int; BEGIN INSERT INTO t VALUES (1) RETURNING a INTO x; END")
        guard case .sql(let insertText, _, let insertInto, _) = insert[0].kind else {
            Issue.record("not SQL")
            return
        }
        #expect(insertText == "INSERT INTO t VALUES (1) RETURNING a")
        #expect(insertInto.count == 1)
    }

    @Test func raiseForms() throws {
        let body = try statements(
            """
            BEGIN
            RAISE NOTICE 'a % b %%', 1;
            RAISE 'plain';
            RAISE EXCEPTION 'e' USING ERRCODE = 'unique_violation', DETAIL = 'd', HINT = 'h';
            RAISE division_by_zero;
            RAISE SQLSTATE '22012' USING MESSAGE = 'm';
            RAISE;
            END
            """)
        let raises = body.compactMap { statement -> PLRaise? in
            if case .raise(let raise) = statement.kind { return raise }
            return nil
        }
        #expect(raises.count == 6)
        #expect(raises[0].level == .notice && raises[0].arguments.map(\.text) == ["1"])
        #expect(raises[1].level == .exception && raises[1].format == "plain")
        #expect(raises[2].options.map(\.name) == ["ERRCODE", "DETAIL", "HINT"])
        #expect(raises[3].conditionState == "22012" && raises[3].condition == "division_by_zero")
        #expect(raises[4].conditionState == "22012")
        #expect(raises[5].isRethrow)
    }

    @Test func otherStatements() throws {
        let body = try statements(
            """
            DECLARE n bigint; t text; BEGIN
            GET DIAGNOSTICS n = ROW_COUNT;
            EXECUTE 'SELECT $1' INTO n USING 1;
            ASSERT n > 0, 'message';
            PERFORM 1;
            COMMIT;
            ROLLBACK AND CHAIN;
            BEGIN NULL; EXCEPTION WHEN division_by_zero OR SQLSTATE '22000' THEN
              GET STACKED DIAGNOSTICS t = MESSAGE_TEXT;
            WHEN others THEN NULL;
            END;
            END
            """)
        #expect(body.count == 7)
        guard case .block(let inner) = body[6].kind else {
            Issue.record("inner block")
            return
        }
        #expect(inner.handlers[0].conditions == [.sqlState("22012"), .sqlState("22000")])
        #expect(inner.handlers[1].conditions == [.others])
        guard case .rollback(true) = body[5].kind else {
            Issue.record("ROLLBACK AND CHAIN")
            return
        }
    }

    @Test func linesCountFromTheBodyStart() throws {
        let body = try statements("\nBEGIN\n  RAISE NOTICE 'a';\n\n  NULL;\nEND")
        #expect(body.map(\.line) == [3, 5])
    }

    @Test func functionNamespace() throws {
        let options = PLpgSQLParser.Options(
            functionName: "f", parameters: [("a", false), (nil, false)], returnsVoid: false)
        let parsed = try PLpgSQLParser.parse("BEGIN RETURN f.a + $2; END", options: options)
        #expect(parsed.resolve(["f", "a"], in: parsed.block.scope)?.partsUsed == 2)
        #expect(parsed.resolve(["$2"], in: parsed.block.scope) != nil)
        #expect(parsed.resolve(["found"], in: parsed.block.scope) != nil)
    }

    // MARK: - Errors, measured

    // DO $$ DECLARE x int; x int; BEGIN END $$;
    @Test func duplicateDeclaration() {
        let error = failure(" DECLARE x int; x int; BEGIN END ")
        #expect(error?.message == "duplicate declaration at or near \"x\"")
        #expect(error?.position == 16)
    }

    // DO $$ BEGIN\n  x := 1;\nEND $$; -> LINE 2, caret under x
    @Test func unknownVariable() {
        let error = failure(" BEGIN x := 1; END ")
        #expect(error?.message == "\"x\" is not a known variable")
        #expect(error?.position == 7)
        #expect(failure(" DECLARE x int; BEGIN SELECT 1 INTO a.b; END ")?.message
            == "\"a.b\" is not a known variable")
    }

    @Test func syntaxErrors() {
        let missingSemicolon = failure("\nDECLARE a int;\nBEGIN\n  a := 1\n  RETURN a;\nEND;\n")
        #expect(missingSemicolon?.message == "syntax error at or near \"a\"")
        #expect(missingSemicolon?.line == 5)
        #expect(failure(" BEGIN NULL END ")?.message == "syntax error at or near \"END\"")
        #expect(failure(" BEGIN IF true LOOP END IF; END ")?.message
            == "missing \"THEN\" at end of SQL expression")
        #expect(failure(" BEGIN IF (true THEN END IF; END ")?.message
            == "mismatched parentheses at or near \";\"")
        #expect(failure(" BEGIN IF true ")?.message == "syntax error at end of input")
        #expect(failure(" BEGIN SELEC 1; END ")?.message == "syntax error at or near \"SELEC\"")
        let scalar = PLpgSQLParser.Options(functionName: "r11", returnsVoid: false)
        #expect(failure(" BEGIN RETURN 1; END; junk ", scalar)?.message
            == "syntax error at or near \"junk\"")
    }

    // CREATE FUNCTION r19() ... INSERT INTO tt VALUES (1,; END $$
    @Test func unterminatedStatement() {
        let error = failure("\nBEGIN\n  INSERT INTO tt VALUES (1,;\nEND ")
        #expect(error?.message == "unexpected end of function definition at end of input")
    }

    @Test func invalidTypeNameHasContext() {
        let error = failure("\nDECLARE\n  x int\nBEGIN RETURN 1; END ")
        #expect(error?.message == "syntax error at or near \"BEGIN\"")
        #expect(error?.context == "invalid type name \"int\nBEGIN RETURN 1\"")
    }

    @Test func raiseParameterCounts() {
        let tooFew = failure(" DECLARE t int; BEGIN RAISE NOTICE '% %', t; END ")
        #expect(tooFew?.message == "too few parameters specified for RAISE")
        #expect(tooFew?.position == -1)
        #expect(failure(" BEGIN RAISE NOTICE '%', 1, 2; END ")?.message
            == "too many parameters specified for RAISE")
        #expect(failure(" BEGIN RAISE NOTICE '\\%'; END ")?.message
            == "too few parameters specified for RAISE")
        #expect(failure(" BEGIN RAISE EXCEPTION 'e' USING FOO = 1; END ")?.message
            == "unrecognized RAISE statement option at or near \"FOO\"")
        #expect(failure(" BEGIN RAISE nosuchcond; END ")?.message
            == "unrecognized exception condition \"nosuchcond\"")
    }

    @Test func labelsAndLoops() {
        #expect(failure(" BEGIN EXIT; END ")?.message
            == "EXIT cannot be used outside a loop, unless it has a label")
        #expect(failure(" BEGIN CONTINUE; END ")?.message == "CONTINUE cannot be used outside a loop")
        #expect(failure(" BEGIN LOOP EXIT nosuch; END LOOP; END ")?.message
            == "there is no label \"nosuch\" attached to any block or loop enclosing this statement")
        #expect(failure(" BEGIN <<b>> BEGIN CONTINUE b; END; END ")?.message
            == "block label \"b\" cannot be used in CONTINUE")
        #expect(failure(" BEGIN LOOP NULL; END LOOP foo; END ")?.message
            == "end label \"foo\" specified for unlabeled block")
        #expect(failure("\n<<lbl>>\nBEGIN\n  NULL;\nEND other ")?.message
            == "end label \"other\" differs from block's label \"lbl\"")
        #expect(failure(" BEGIN FOR r IN SELECT 1 LOOP END LOOP; END ")?.message
            == "loop variable of loop over rows must be a record variable or list of scalar variables")
        #expect(failure(" BEGIN FOR i IN REVERSE SELECT 1 LOOP END LOOP; END ")?.message
            == "cannot specify REVERSE in query FOR loop")
    }

    @Test func returnChecksTheResultType() {
        let void = failure(" BEGIN RETURN 1; END ")
        #expect(void?.message == "RETURN cannot have a parameter in function returning void")
        #expect(void?.sqlState == "42804")
        let scalar = PLpgSQLParser.Options(functionName: "r2", returnsVoid: false)
        #expect(failure(" BEGIN RETURN; END ", scalar)?.message == "missing expression at or near \";\"")
        #expect(failure(" BEGIN RETURN NEXT 1; END ")?.message
            == "cannot use RETURN NEXT in a non-SETOF function")
    }

    @Test func constantsAndNotNull() {
        let constant = failure("\nDECLARE\n  x CONSTANT int;\nBEGIN x := 2; RETURN 1; END ")
        #expect(constant?.message == "variable \"x\" is declared CONSTANT")
        #expect(constant?.sqlState == "22005")
        let notNull = failure("\nDECLARE\n  x int NOT NULL;\nBEGIN RETURN 1; END ")
        #expect(notNull?.message
            == "variable \"x\" must have a default value, since it's declared NOT NULL")
        #expect(notNull?.position == 17)
    }

    @Test func diagnosticsItems() {
        #expect(failure(" DECLARE x int; BEGIN GET DIAGNOSTICS x = MESSAGE_TEXT; END ")?.message
            == "diagnostics item MESSAGE_TEXT is not allowed in GET CURRENT DIAGNOSTICS")
        #expect(failure(" DECLARE x int; BEGIN GET DIAGNOSTICS x = FOO; END ")?.message
            == "unrecognized GET DIAGNOSTICS item at or near \"FOO\"")
        #expect(failure(" DECLARE x int; BEGIN SELECT 1 INTO x INTO x; END ")?.message
            == "INTO specified more than once at or near \"INTO\"")
        #expect(failure(" BEGIN PERFORM 1/0; EXCEPTION WHEN SQLSTATE '2201' THEN NULL; END ")?
            .message == "invalid SQLSTATE code at or near \"'2201'\"")
    }

    /// No prefix of a body may crash the parser; each one parses or fails
    /// with a compile error.
    @Test func truncatedBodiesFailCleanly() {
        let scalars = Array(PLpgSQLParserTests.rollup.unicodeScalars)
        for end in stride(from: 0, to: scalars.count, by: 7) {
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[..<end])
            let error = failure(String(view))
            #expect(error == nil || error?.sqlState != "XX000")
        }
    }
}
