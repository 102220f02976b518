// DML, DDL and utility statements: INSERT/UPDATE/DELETE, CREATE TABLE
// and its partitioning, CREATE SCHEMA/EXTENSION/FUNCTION, ALTER TABLE,
// DROP, TRUNCATE, transactions, SET/SHOW/RESET, DO, CALL, EXPLAIN.

import Testing

@testable import SQLParser

@Suite struct DMLTests {
    @Test func insertForms() throws {
        guard
            case .insert(let insert) = try parseOne(
                """
                INSERT INTO s.t AS x (a, b) VALUES (1, DEFAULT), (2, 3) \
                ON CONFLICT (a) WHERE a > 0 DO UPDATE SET b = excluded.b WHERE x.b < 9 \
                RETURNING a, b AS c
                """)
        else { return }
        #expect(
            insert.table.parts == ["s", "t"] && insert.alias == "x" && insert.columns == ["a", "b"])
        guard case .values(let rows) = insert.source else { return }
        #expect(rows[0][1].kind == .defaultValue)
        guard case .columns(let targets, let predicate)? = insert.onConflict?.target,
            case .update(let set, let condition)? = insert.onConflict?.action
        else {
            Issue.record("expected ON CONFLICT DO UPDATE")
            return
        }
        #expect(targets.count == 1 && predicate != nil && set.count == 1 && condition != nil)
        #expect(insert.returning.map(\.alias) == [nil, "c"])
        guard case .insert(let defaults) = try parseOne("INSERT INTO t DEFAULT VALUES") else {
            return
        }
        #expect(defaults.source == .defaultValues)
        guard case .insert(let selected) = try parseOne("INSERT INTO t (SELECT 1)"),
            case .select = selected.source
        else {
            Issue.record("expected INSERT .. SELECT")
            return
        }
        guard
            case .insert(let nothing) = try parseOne(
                "INSERT INTO t VALUES (1) ON CONFLICT ON CONSTRAINT k DO NOTHING")
        else { return }
        #expect(nothing.onConflict?.target == .constraint("k"))
        #expect(nothing.onConflict?.action == .nothing)
    }

    /// COPY in its generic and legacy option forms, which deparse to the
    /// generic one and parse back to the same tree; the prepared-statement
    /// commands round-trip too.
    @Test func copyForms() throws {
        let copy = try parseOne(
            "COPY public.t (a, b) FROM STDIN WITH CSV HEADER DELIMITER AS ';' NULL 'x' "
                + "FORCE NOT NULL a")
        guard case .copy(let statement) = copy else {
            Issue.record("not a COPY")
            return
        }
        #expect(statement.isFrom)
        #expect(statement.endpoint == .client)
        let name = QualifiedName(["public", "t"], location: 5)
        #expect(statement.source == .table(name, columns: ["a", "b"]))
        #expect(
            statement.options.map(\.name)
                == ["format", "header", "delimiter", "null", "force_not_null"])
        for sql in [
            "COPY t TO STDOUT",
            "COPY t (a) FROM '/tmp/x.csv' WITH (FORMAT csv, HEADER match, FORCE_QUOTE *)",
            "COPY (SELECT 1 AS a) TO STDOUT WITH (FORMAT csv, QUOTE '|')",
            "COPY BINARY t FROM STDIN",
            "COPY t FROM STDIN WHERE a > 1",
            "COPY t TO PROGRAM 'cat' WITH (FORMAT text)",
            "PREPARE p (int, text) AS SELECT $1, $2",
            "PREPARE q AS UPDATE t SET a = $1 WHERE b = $2",
            "EXECUTE p (1, 'x')",
            "EXECUTE q",
            "DEALLOCATE p",
            "DEALLOCATE ALL",
        ] {
            let (text, equal) = try roundTrip(sql)
            #expect(equal, "\(sql) -> \(text)")
        }
        #expect(
            parseError("COPY (SELECT 1) FROM STDIN")?.message
                == "syntax error at or near \"FROM\"")
    }

    @Test func updateForms() throws {
        guard
            case .update(let update) = try parseOne(
                """
                UPDATE ONLY t AS x SET a = 1, (b, c) = (2, 3), d[1] = 4 FROM u WHERE x.k = \
                u.k RETURNING *
                """)
        else { return }
        #expect(update.only && update.alias == "x")
        #expect(update.set.map(\.column) == ["a", "b", "c", "d"])
        #expect(update.set.map(\.multiAssign) == [nil, 1, 1, nil])
        #expect(update.set[3].subscripts.count == 1)
        #expect(update.from.count == 1 && update.whereClause != nil && update.returning.count == 1)
        guard case .update(let bare) = try parseOne("UPDATE t SET a = DEFAULT") else { return }
        #expect(bare.alias == nil)
    }

    @Test func deleteForms() throws {
        guard
            case .delete(let delete) = try parseOne(
                "DELETE FROM t x USING u WHERE x.a = u.a RETURNING x.*")
        else { return }
        #expect(delete.alias == "x" && delete.using.count == 1 && delete.returning.count == 1)
    }
}

@Suite struct DDLTests {
    private func createTable(_ sql: String) throws -> CreateTableStatement {
        guard case .createTable(let create) = try parseOne(sql) else {
            throw ParseError(sqlState: "XX000", message: "not CREATE TABLE", position: -1)
        }
        return create
    }

    @Test func columnsAndConstraints() throws {
        let create = try createTable(
            """
            CREATE TABLE IF NOT EXISTS t (id bigint PRIMARY KEY, a int NOT NULL DEFAULT 0, \
            b text NULL CHECK (b <> '') UNIQUE, c int CONSTRAINT fk REFERENCES u (id) ON \
            DELETE CASCADE, \
            d int GENERATED ALWAYS AS (a * 2) STORED, e int GENERATED BY DEFAULT AS IDENTITY, \
            CONSTRAINT ck CHECK (a > 0), PRIMARY KEY (id, a), UNIQUE (b), FOREIGN KEY (c) \
            REFERENCES u, \
            LIKE v INCLUDING ALL)
            """)
        #expect(create.ifNotExists)
        #expect(create.elements.count == 11)
        guard case .column(let a) = create.elements[1] else { return }
        #expect(a.type.names == ["pg_catalog", "int4"])
        #expect(
            a.constraints.map(\.kind) == [
                .notNull, .defaultValue(Expr(.literal(.integer("0")), location: 76)),
            ])
        guard case .column(let c) = create.elements[3],
            case .references(let reference) = c.constraints[0].kind
        else { return }
        #expect(
            c.constraints[0].name == "fk" && reference.onDelete == .cascade
                && reference.columns == ["id"])
        guard case .constraint(let check) = create.elements[6] else { return }
        #expect(check.name == "ck")
        #expect(
            create.elements[10]
                == .like(QualifiedName(["v"], location: 351), options: ["INCLUDING ALL"]))
    }

    @Test func partitioning() throws {
        let parent = try createTable(
            "CREATE TABLE t (a int, b text) PARTITION BY RANGE (a, (a + 1), lower(b))")
        #expect(parent.partitionBy?.strategy == .range && parent.partitionBy?.keys.count == 3)
        let range = try createTable(
            "CREATE TABLE p1 PARTITION OF t FOR VALUES FROM (MINVALUE) TO (100)")
        guard case .range(let from, _)? = range.partitionBound else { return }
        #expect(from.first?.kind == .columnRef(["minvalue"]))
        #expect(range.partitionOf?.parts == ["t"])
        let list = try createTable("CREATE TABLE p2 PARTITION OF t FOR VALUES IN ('a', 'b')")
        guard case .list(let values)? = list.partitionBound else { return }
        #expect(values.count == 2)
        let hash = try createTable(
            "CREATE TABLE p3 PARTITION OF t FOR VALUES WITH (MODULUS 4, REMAINDER 1)")
        #expect(hash.partitionBound == .hash(modulus: 4, remainder: 1))
        #expect(
            try createTable("CREATE TABLE p4 PARTITION OF t DEFAULT").partitionBound == .default)
    }

    @Test func tableVariants() throws {
        #expect(try createTable("CREATE TEMP TABLE t (a int)").isTemporary)
        #expect(try createTable("CREATE UNLOGGED TABLE t (a int)").isUnlogged)
        #expect(try createTable("CREATE TABLE t (a int) USING columnar").accessMethod == "columnar")
        let asSelect = try createTable("CREATE TABLE t AS SELECT 1 WITH NO DATA")
        #expect(asSelect.asSelect != nil && !asSelect.withData)
    }

    @Test func schemaAndExtension() throws {
        #expect(
            try parseOne("CREATE SCHEMA IF NOT EXISTS s AUTHORIZATION bob")
                == .createSchema(name: "s", ifNotExists: true, authorization: "bob"))
        guard
            case .createExtension(let ext) =
                try parseOne(
                    "CREATE EXTENSION IF NOT EXISTS hll WITH SCHEMA public VERSION '2.16' CASCADE")
        else { return }
        #expect(
            ext
                == CreateExtensionStatement(
                    name: "hll", ifNotExists: true, schema: "public", version: "2.16", cascade: true
                ))
    }

    @Test func alterTable() throws {
        guard
            case .alterTable(let alter) = try parseOne(
                """
                ALTER TABLE IF EXISTS ONLY t ADD COLUMN a int, ADD CONSTRAINT c CHECK (a > 0), \
                DROP COLUMN IF EXISTS b CASCADE, ALTER COLUMN d TYPE bigint USING d::bigint, \
                ALTER e SET DEFAULT 1, ALTER e DROP DEFAULT, ALTER e SET NOT NULL, ALTER e \
                DROP NOT NULL, \
                DROP CONSTRAINT c, ATTACH PARTITION p FOR VALUES IN (1), DETACH PARTITION q, \
                SET SCHEMA s, OWNER TO bob
                """)
        else { return }
        #expect(alter.ifExists && alter.only && alter.commands.count == 13)
        guard case .alterTable(let rename) = try parseOne("ALTER TABLE t RENAME COLUMN a TO b")
        else { return }
        #expect(rename.commands == [.renameColumn("a", to: "b")])
    }

    @Test func dropAndTruncate() throws {
        guard
            case .drop(let drop) = try parseOne(
                "DROP FUNCTION IF EXISTS f, g(int, text), h(a int) CASCADE")
        else { return }
        #expect(drop.kind == .function && drop.ifExists && drop.cascade)
        #expect(drop.functionArguments.map { $0?.count } == [nil, 2, 1])
        #expect(drop.functionArguments[2]?.first?.name == "a")
        for kind in ["TABLE", "SCHEMA", "EXTENSION", "VIEW", "INDEX", "SEQUENCE", "TYPE"] {
            guard case .drop(let other) = try parseOne("DROP \(kind) a") else { return }
            #expect(other.kind.rawValue == kind)
        }
        #expect(
            try parseOne("TRUNCATE TABLE a, b RESTART IDENTITY CASCADE")
                == .truncate(
                    TruncateStatement(
                        tables: [
                            QualifiedName(["a"], location: 15), QualifiedName(["b"], location: 18),
                        ],
                        restartIdentity: true, cascade: true)))
    }

    @Test func createFunction() throws {
        let sql = """
            CREATE OR REPLACE FUNCTION f(a int, b text DEFAULT 'x', OUT c int, INOUT d int, \
            VARIADIC e int[]) \
            RETURNS SETOF int IMMUTABLE AS $$ select 1 $$ LANGUAGE sql STRICT PARALLEL SAFE \
            COST 10 \
            SET search_path = public
            """
        guard case .createFunction(let function) = try parseOne(sql) else { return }
        #expect(function.orReplace && !function.isProcedure && function.language == "sql")
        #expect(function.parameters.map(\.mode) == [.in, .in, .out, .inOut, .variadic])
        #expect(function.parameters.map(\.name) == ["a", "b", "c", "d", "e"])
        #expect(function.parameters[1].defaultValue != nil)
        guard case .type(let returns) = function.returns else { return }
        #expect(returns.isSetOf)
        #expect(function.body == " select 1 ")
        let bodyStart =
            Array(sql.unicodeScalars).count
            - Array(
                "$$ LANGUAGE sql STRICT PARALLEL SAFE COST 10 SET search_path = public"
                    .unicodeScalars
            ).count
            - Array(" select 1 ".unicodeScalars).count
        #expect(function.bodyLocation == bodyStart)
        #expect(
            function.options == [
                "IMMUTABLE", "STRICT", "PARALLEL SAFE", "COST 10", "SET search_path = public",
            ])
        guard
            case .createFunction(let table) =
                try parseOne(
                    "CREATE FUNCTION g() RETURNS TABLE (a int, b text) "
                        + "LANGUAGE plpgsql AS 'begin end'"
                )
        else { return }
        guard case .table(let columns) = table.returns else { return }
        #expect(columns.map(\.name) == ["a", "b"])
        guard
            case .createFunction(let procedure) =
                try parseOne(
                    "CREATE PROCEDURE p(x double precision) LANGUAGE plpgsql AS $$begin end$$")
        else { return }
        #expect(procedure.isProcedure && procedure.parameters.first?.name == "x")
        #expect(procedure.parameters.first?.type.names == ["pg_catalog", "float8"])
    }
}

@Suite struct UtilityTests {
    @Test func transactions() throws {
        let cases: [(String, TransactionStatement)] = [
            ("BEGIN", .begin(modes: [])), ("START TRANSACTION", .begin(modes: [])),
            (
                "BEGIN ISOLATION LEVEL SERIALIZABLE, READ ONLY",
                .begin(modes: ["ISOLATION LEVEL SERIALIZABLE", "READ ONLY"])
            ),
            ("COMMIT", .commit(chain: false)), ("END", .commit(chain: false)),
            ("COMMIT AND CHAIN", .commit(chain: true)), ("ROLLBACK", .rollback(chain: false)),
            ("ABORT", .rollback(chain: false)), ("SAVEPOINT s", .savepoint("s")),
            ("RELEASE SAVEPOINT s", .release("s")), ("RELEASE s", .release("s")),
            ("ROLLBACK TO SAVEPOINT s", .rollbackTo("s")), ("ROLLBACK TO s", .rollbackTo("s")),
        ]
        for (sql, expected) in cases {
            #expect(try parseOne(sql) == .transaction(expected), "\(sql)")
        }
    }

    @Test func configuration() throws {
        guard case .set(let set) = try parseOne("SET LOCAL search_path TO public, 'x'") else {
            return
        }
        #expect(set.name == "search_path" && set.isLocal)
        guard case .values(let values) = set.value else { return }
        #expect(values.count == 2)
        guard case .set(let zone) = try parseOne("SET TIME ZONE 'UTC'") else { return }
        #expect(zone.name == "timezone")
        guard case .set(let dotted) = try parseOne("SET citus.shard_count = 4") else { return }
        #expect(dotted.name == "citus.shard_count")
        guard case .set(let reset) = try parseOne("SET x TO DEFAULT") else { return }
        #expect(reset.value == .default)
        #expect(try parseOne("SHOW ALL") == .show("all"))
        #expect(try parseOne("SHOW search_path") == .show("search_path"))
        #expect(try parseOne("RESET ALL") == .reset(nil))
        #expect(try parseOne("RESET x") == .reset("x"))
    }

    @Test func doCallExplain() throws {
        #expect(
            try parseOne("DO $$ begin end $$")
                == .doBlock(body: " begin end ", language: "plpgsql", bodyLocation: 5))
        #expect(
            try parseOne("DO LANGUAGE plpgsql 'x'")
                == .doBlock(body: "x", language: "plpgsql", bodyLocation: 21))
        guard case .call(let call) = try parseOne("CALL p(1, a => 2)") else { return }
        #expect(call.arguments.count == 2)
        guard
            case .explain(let explain) = try parseOne(
                "EXPLAIN (ANALYZE, COSTS off, FORMAT 'json') SELECT 1")
        else { return }
        #expect(
            explain.optionList == [
                ExplainOption(name: "analyze", value: nil, location: 9),
                ExplainOption(name: "costs", value: "off", location: 18),
                ExplainOption(name: "format", value: "json", location: 29),
            ])
        guard case .explain(let short) = try parseOne("EXPLAIN ANALYZE VERBOSE SELECT 1") else {
            return
        }
        #expect(short.optionList.map(\.name) == ["analyze", "verbose"])
    }

    @Test func multipleStatementsAndSpans() throws {
        var parser = Parser(";; SELECT 1 ; ;INSERT INTO t VALUES (1);")
        let statements = try parser.parseStatements()
        #expect(statements.count == 2)
        #expect(statements.map(\.start) == [3, 15])
        #expect(statements.map(\.end) == [11, 39])
    }

    @Test func createViewParsesAndDeparses() throws {
        let sql = "CREATE OR REPLACE VIEW s.v (x, y) AS SELECT a, b FROM t WHERE a > 1"
        var parser = Parser(sql)
        let statements = try parser.parseStatements()
        guard case .createView(let view) = statements.first?.statement else {
            Issue.record("not a CREATE VIEW")
            return
        }
        #expect(view.name.parts == ["s", "v"])
        #expect(view.columnNames == ["x", "y"])
        #expect(view.orReplace)
        #expect(!view.isTemporary)
        var again = Parser(deparse(.createView(view)))
        let reparsed = try again.parseStatements()
        guard case .createView(let back) = reparsed.first?.statement else {
            Issue.record("deparsed text is not a CREATE VIEW")
            return
        }
        #expect(back.columnNames == view.columnNames)
        #expect(deparse(.createView(back)) == deparse(.createView(view)))
    }

    @Test func unsupportedStatementsRaise0A000() {
        let cases = [
            (
                "CREATE INDEX i ON t (a) WITH (fillfactor = 70)",
                "index storage parameters and tablespaces are not supported yet"
            ),
            ("CREATE INDEX i ON t (a COLLATE \"C\")", "index collations are not supported yet"),
            (
                "CREATE VIEW v WITH (security_barrier) AS SELECT 1",
                "view options are not supported yet"
            ),
            (
                "CREATE VIEW v AS SELECT 1 WITH CHECK OPTION",
                "WITH CHECK OPTION is not supported yet"
            ),
            ("CREATE DOMAIN d AS int", "CREATE DOMAIN is not supported yet"),
            (
                "CREATE MATERIALIZED VIEW v AS SELECT 1",
                "CREATE MATERIALIZED VIEW is not supported yet"
            ),
            ("ALTER FUNCTION f() OWNER TO x", "ALTER FUNCTION is not supported yet"),
            ("VACUUM t", "VACUUM is not supported yet"),
        ]
        for (sql, message) in cases {
            let error = parseError(sql)
            #expect(error?.sqlState == "0A000", "\(sql)")
            #expect(error?.message == message, "\(sql)")
        }
    }
}
