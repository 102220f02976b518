// The computed system catalogs beyond what the goldens 68_catalog_queries
// and 69_psql_describe_queries (recorded from PostgreSQL 15) print: OIDs
// agree across catalogs, rows follow the transaction's own catalog, and
// descriptions go with their objects.
import Testing

@testable import Engine

@Suite struct SystemCatalogTests {
    private func db() throws -> Database {
        let db = try Database()
        try db.execute(
            """
            CREATE TABLE t (a int PRIMARY KEY, b text UNIQUE, c int CHECK (c > 0));
            CREATE INDEX t_c_idx ON t (c);
            """)
        return db
    }

    /// The single value of `query`, as text.
    private func value(_ db: Database, _ query: String) throws -> String? {
        try db.execute(query).text(row: 0, column: 0)
    }

    @Test func oidsAgreeAcrossCatalogs() throws {
        let db = try db()
        let table = try value(db, "SELECT oid FROM pg_class WHERE relname = 't'")
        #expect(table == (try value(db, "SELECT 't'::regclass::oid")))
        #expect(
            try value(
                db,
                "SELECT count(DISTINCT attrelid) FROM pg_attribute WHERE attrelid = 't'::regclass")
                == "1")
        let indexes = try db.execute(
            """
            SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
            WHERE i.indrelid = 't'::regclass ORDER BY 1
            """)
        #expect(
            indexes.rows.map { $0.first } == [.text("t_b_key"), .text("t_c_idx"), .text("t_pkey")])
        let keyIndexes = try value(
            db,
            """
            SELECT count(*) FROM pg_constraint con JOIN pg_class c ON c.oid = con.conindid
            WHERE con.conrelid = 't'::regclass AND c.relname = con.conname
            """)
        #expect(keyIndexes == "2")
        #expect(try value(db, "SELECT 't_pkey'::regclass::text") == "t_pkey")
        let oids = try db.execute(
            """
            SELECT oid FROM pg_class UNION ALL SELECT oid FROM pg_constraint
            UNION ALL SELECT oid FROM pg_proc
            """)
        #expect(Set(oids.rows.map { $0[0] }).count == oids.rows.count)
    }

    @Test func catalogsFollowTheTransaction() throws {
        let db = try db()
        let other = db.connect()
        let session = db.connect()
        try session.execute("BEGIN")
        try session.execute("CREATE TABLE u (x int)")
        let inside = try session.execute("SELECT count(*) FROM pg_class WHERE relname = 'u'")
        #expect(inside.rows == [[.int8(1)]])
        let outside = try other.execute("SELECT count(*) FROM pg_class WHERE relname = 'u'")
        #expect(outside.rows == [[.int8(0)]])
        try session.execute("ROLLBACK")
        let after = try session.execute("SELECT count(*) FROM pg_attribute WHERE attname = 'x'")
        #expect(after.rows == [[.int8(0)]])
    }

    @Test func descriptionsGoWithTheirObjects() throws {
        let db = try db()
        try db.execute(
            """
            COMMENT ON TABLE t IS 'table';
            COMMENT ON COLUMN t.b IS 'column';
            COMMENT ON INDEX t_c_idx IS 'index';
            COMMENT ON CONSTRAINT t_c_check ON t IS 'check';
            """)
        let count = "SELECT count(*) FROM pg_description WHERE objoid >= 16384"
        #expect(try value(db, count) == "4")
        try db.execute("DROP INDEX t_c_idx")
        #expect(try value(db, count) == "3")
        try db.execute("DROP TABLE t")
        #expect(try value(db, count) == "0")
    }

    @Test func droppedColumnsKeepTheirNumbers() throws {
        let db = try db()
        try db.execute("ALTER TABLE t DROP COLUMN b")
        let rows = try db.execute(
            """
            SELECT attnum, attisdropped FROM pg_attribute
            WHERE attrelid = 't'::regclass AND attnum > 0 ORDER BY attnum
            """)
        #expect(
            rows.rows == [
                [.int2(1), .bool(false)], [.int2(2), .bool(true)], [.int2(3), .bool(false)],
            ])
        let info = try db.execute(
            """
            SELECT column_name, ordinal_position FROM information_schema.columns
            WHERE table_name = 't' ORDER BY 2
            """)
        #expect(info.rows == [[.text("a"), .int4(1)], [.text("c"), .int4(3)]])
    }
}
