// pg_get_viewdef beyond the golden 92_view_definitions (recorded from
// PostgreSQL 15): the view shapes it does not print raise 0A000 instead
// of printing something PostgreSQL would not, pg_views still lists the
// views a filter keeps when another one cannot be printed, and range
// table names stay unique across nested query levels.
import Testing

@testable import Engine

@Suite struct ViewDefinitionTests {
    private func db() throws -> Database {
        let db = try Database()
        try db.execute(
            """
            CREATE TABLE t (a int, b text, arr int[]);
            CREATE VIEW good AS SELECT a FROM t WHERE a > 1;
            """)
        return db
    }

    /// The text pg_get_viewdef(view, true) returns.
    private func definition(_ db: Database, _ view: String) throws -> String? {
        let rows = try db.execute("SELECT pg_get_viewdef('\(view)'::regclass, true)").rows
        guard case .text(let text)? = rows.first?.first else { return nil }
        return text
    }

    @Test(arguments: [
        "SELECT ROW(a, b) AS r FROM t",
        "SELECT * FROM (VALUES (1), (2)) v(x)",
        "SELECT g FROM generate_series(1, 3) g",
        "SELECT t.a, s.n FROM t, LATERAL (SELECT t.a + 1 AS n) s",
        "SELECT a, count(*) FROM t GROUP BY ROLLUP (a)",
        "SELECT j.a FROM (t JOIN t u USING (a)) j",
        "SELECT x FROM t AS r(x)",
        "SELECT a FROM t NATURAL JOIN t u",
    ])
    func unprintableShapesRaise0A000(_ query: String) throws {
        let db = try db()
        try db.execute("CREATE VIEW odd AS " + query)
        let error = EngineTestSupport.failure(db, "SELECT pg_get_viewdef('odd'::regclass)")
        #expect(error?.sqlState == SQLState.featureNotSupported)
    }

    @Test func systemViewsRaise0A000() throws {
        let db = try db()
        let error = EngineTestSupport.failure(db, "SELECT pg_get_viewdef('pg_tables'::regclass)")
        #expect(error?.sqlState == SQLState.featureNotSupported)
        let table = try db.execute("SELECT pg_get_viewdef('pg_class'::regclass) IS NULL")
        #expect(table.rows == [[.bool(true)]])
    }

    @Test func pgViewsFiltersBeforePrinting() throws {
        let db = try db()
        try db.execute("CREATE VIEW odd AS SELECT x FROM (VALUES (1), (2)) v(x)")
        let kept = try db.execute(
            "SELECT viewname, definition FROM pg_views WHERE viewname = 'good'")
        #expect(
            kept.rows == [[.text("good"), .text(" SELECT t.a\n   FROM t\n  WHERE (t.a > 1);")]])
        let all = EngineTestSupport.failure(
            db, "SELECT definition FROM pg_views WHERE schemaname = 'public'")
        #expect(all?.sqlState == SQLState.featureNotSupported)
    }

    @Test func namesStayUniqueAcrossLevels() throws {
        let db = try db()
        try db.execute(
            """
            CREATE VIEW nested AS SELECT t.a FROM t
            WHERE EXISTS (SELECT 1 FROM t u WHERE u.a = t.a AND EXISTS (SELECT 1 FROM t))
            """)
        let text = try definition(db, "nested")
        #expect(
            text == """
                 SELECT t.a
                   FROM t
                  WHERE (EXISTS ( SELECT 1
                           FROM t u
                          WHERE u.a = t.a AND (EXISTS ( SELECT 1
                                   FROM t t_1))));
                """)
    }
}
