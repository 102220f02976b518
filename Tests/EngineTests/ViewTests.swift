// Views in the engine beyond what the golden 44_views (recorded from
// PostgreSQL 15) covers: how the expansion treats WITH names, nested and
// replaced views, cycles, and the renames the engine refuses with 0A000
// where PostgreSQL would follow them by OID.
import Testing

@testable import Engine

@Suite struct ViewTests {
    private func db() throws -> Database {
        let db = try Database()
        try db.execute(
            """
            CREATE TABLE t (a int, b text);
            INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z');
            CREATE VIEW v AS SELECT a, b FROM t WHERE a > 1;
            """)
        return db
    }

    @Test func aWithQueryShadowsAView() throws {
        let db = try db()
        let r = try db.execute("WITH v AS (SELECT 10 AS a) SELECT a FROM v")
        #expect(r.rows == [[.int4(10)]])
        let inner = try db.execute(
            "WITH w AS (SELECT a FROM v) SELECT (SELECT count(*) FROM v), count(*) FROM w")
        #expect(inner.rows == [[.int8(2), .int8(2)]])
    }

    @Test func aViewOverAViewSeesItsReplacement() throws {
        let db = try db()
        try db.execute("CREATE VIEW vv AS SELECT a FROM v")
        #expect(try db.execute("SELECT count(*) FROM vv").rows == [[.int8(2)]])
        try db.execute("CREATE OR REPLACE VIEW v AS SELECT a, b FROM t")
        #expect(try db.execute("SELECT count(*) FROM vv").rows == [[.int8(3)]])
    }

    @Test func aCycleIsAnError() throws {
        let db = try db()
        try db.execute("CREATE VIEW w AS SELECT a, b FROM v")
        try db.execute("CREATE OR REPLACE VIEW v AS SELECT a, b FROM w")
        let error = EngineTestSupport.failure(db, "SELECT * FROM v")
        #expect(error?.sqlState == SQLState.invalidObjectDefinition)
        #expect(error?.message == "infinite recursion detected in rules for relation \"v\"")
        let nested = EngineTestSupport.failure(db, "SELECT 1 FROM t WHERE EXISTS (SELECT 1 FROM w)")
        #expect(nested?.sqlState == SQLState.invalidObjectDefinition)
    }

    @Test func viewsWorkInsideFunctions() throws {
        let db = try db()
        try db.execute(
            """
            CREATE FUNCTION big() RETURNS bigint LANGUAGE plpgsql
            AS $$ BEGIN RETURN (SELECT count(*) FROM v); END $$
            """)
        #expect(try db.execute("SELECT big()").rows == [[.int8(2)]])
    }

    @Test func renamesUnderAViewAreRefused() throws {
        let db = try db()
        let table = EngineTestSupport.failure(db, "ALTER TABLE t RENAME TO t2")
        #expect(table?.sqlState == SQLState.featureNotSupported)
        let column = EngineTestSupport.failure(db, "ALTER TABLE t RENAME COLUMN a TO aa")
        #expect(column?.sqlState == SQLState.featureNotSupported)
        try db.execute("CREATE TABLE other (a int)")
        try db.execute("ALTER TABLE other RENAME COLUMN a TO aa")
        #expect(try db.execute("SELECT count(*) FROM v").rows == [[.int8(2)]])
    }

    @Test func aFailedCreateLeavesNothing() throws {
        let db = try db()
        try db.execute("BEGIN")
        try db.execute("CREATE VIEW gone AS SELECT 1 AS one")
        try db.execute("ROLLBACK")
        let error = EngineTestSupport.failure(db, "SELECT * FROM gone")
        #expect(error?.sqlState == SQLState.undefinedTable)
    }
}
