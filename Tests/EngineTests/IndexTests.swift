// CREATE INDEX beyond what the golden 59_create_index (recorded from
// PostgreSQL 15) covers: transactions, failed statements, table rewrites
// and lookups after deletes.
import Testing

@testable import Engine

@Suite struct IndexTests {
    private func db() throws -> Database {
        let db = try Database()
        try db.execute(
            """
            CREATE TABLE t (a int, b text);
            INSERT INTO t VALUES (1, 'x'), (2, 'y'), (3, 'z');
            """)
        return db
    }

    private func sqlState(_ db: Database, _ sql: String) -> String? {
        do {
            try db.execute(sql)
            return nil
        } catch let error as SQLError {
            return error.sqlState
        } catch {
            return "?"
        }
    }

    @Test func rollbackForgetsTheIndex() throws {
        let db = try db()
        try db.execute("BEGIN; CREATE UNIQUE INDEX t_a ON t (a); ROLLBACK")
        try db.execute("INSERT INTO t VALUES (1, 'again')")
        try db.execute("CREATE INDEX t_a ON t (b)")
        #expect(sqlState(db, "CREATE INDEX t_a ON t (b)") == "42P07")
    }

    @Test func aFailedUniqueIndexLeavesNothing() throws {
        let db = try db()
        try db.execute("INSERT INTO t VALUES (1, 'dup')")
        #expect(sqlState(db, "CREATE UNIQUE INDEX t_a ON t (a)") == "23505")
        try db.execute("INSERT INTO t VALUES (1, 'third')")
        try db.execute("CREATE INDEX t_a ON t (a)")
        let r = try db.execute("SELECT count(*) FROM t WHERE a = 1")
        #expect(r.rows == [[.int8(3)]])
    }

    @Test func lookupsSeeUpdatesAndDeletes() throws {
        let db = try db()
        try db.execute("CREATE INDEX ON t (b)")
        try db.execute("UPDATE t SET b = 'x' WHERE a = 2")
        try db.execute("DELETE FROM t WHERE a = 1")
        let r = try db.execute("SELECT a FROM t WHERE b = 'x'")
        #expect(r.rows == [[.int4(2)]])
    }

    @Test func aUniqueIndexSurvivesTruncateAndRewrites() throws {
        let db = try db()
        try db.execute("CREATE UNIQUE INDEX ON t (a)")
        try db.execute("ALTER TABLE t ADD COLUMN c int DEFAULT 1")
        #expect(sqlState(db, "INSERT INTO t VALUES (2, 'w', 1)") == "23505")
        try db.execute("TRUNCATE t")
        try db.execute("INSERT INTO t VALUES (2, 'w', 1)")
        #expect(sqlState(db, "INSERT INTO t VALUES (2, 'w', 1)") == "23505")
    }

    @Test func anIndexAndAConstraintOnOneColumnAreIndependent() throws {
        let db = try db()
        try db.execute("ALTER TABLE t ADD CONSTRAINT t_key UNIQUE (a)")
        try db.execute("CREATE INDEX t_a ON t (a)")
        try db.execute("ALTER TABLE t DROP CONSTRAINT t_key")
        try db.execute("INSERT INTO t VALUES (1, 'dup')")
        let r = try db.execute("SELECT count(*) FROM t WHERE a = 1")
        #expect(r.rows == [[.int8(2)]])
        try db.execute("DROP INDEX t_a")
        #expect(sqlState(db, "SELECT 1 FROM t_a") == "42P01")
    }
}
