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
        "VALUES (1), (2) ORDER BY 1",
        "SELECT a FROM t UNION VALUES (2)",
        "SELECT key FROM json_each('{}')",
        "SELECT sum(a) OVER (w ORDER BY b) FROM t WINDOW w AS (PARTITION BY a)",
        "SELECT j.a FROM (t JOIN t u USING (a)) j",
        "SELECT a FROM t NATURAL JOIN t u",
        "SELECT a FROM t FULL JOIN t u USING (a)",
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
        try db.execute("CREATE VIEW odd AS SELECT j.a FROM (t JOIN t u USING (a)) j")
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
