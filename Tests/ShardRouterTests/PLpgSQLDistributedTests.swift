// PL/pgSQL statements on Citus tables: the planner hook sees each
// execution of a statement first, so a plan SPI kept while a table was
// local is not used once the table is distributed, and a loop's INSERTs
// into a distributed table reach its shards.
import Engine
import Testing

@testable import ShardRouter

@Suite struct PLpgSQLDistributedTests {
    @Test func keptPlansGiveWayToTheDistributedPlanner() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE t (a int, b text DEFAULT 'local');
            CREATE FUNCTION f(x int) RETURNS void LANGUAGE plpgsql
              AS $$ BEGIN INSERT INTO t (a) VALUES (x); END $$;
            """)
        try db.execute("SELECT f(1)")
        try db.execute("SELECT f(2)")
        try db.execute("SELECT create_distributed_table('t', 'a')")
        try db.execute("SELECT f(3)")
        try db.execute(
            "DO $$ BEGIN FOR i IN 4..40 LOOP INSERT INTO t (a) VALUES (i); END LOOP; END $$")
        let result = try db.execute("SELECT count(*), sum(a), min(b), max(b) FROM t")
        #expect(result.int(0, 0) == 40)
        #expect(result.int(0, 1) == 820)
        #expect(result.string(0, 2) == "local")
        let shards = try db.execute(
            "SELECT count(DISTINCT shardid) FROM pg_dist_shard WHERE logicalrelid = 't'::regclass")
        #expect(shards.int(0, 0) == 32)
    }

    /// The rows of `sql` as text, one string per row, columns joined by |.
    private func rows(_ db: Database, _ sql: String) throws -> [String] {
        let result = try db.execute(sql)
        return (0..<result.rows.count).map { row in
            (0..<result.rows[row].count).map { result.text(row: row, column: $0) ?? "" }
                .joined(separator: "|")
        }
    }

    /// The lab's generator, `count` rows into `table`, after setseed.
    private func labLoop(_ table: String, _ count: Int) -> String {
        """
        SELECT setseed(0.25);
        DO $$ BEGIN FOR i IN 1..\(count) LOOP
          INSERT INTO \(table) (site_id, url, status, at) VALUES (
            trunc(random()*32), concat('http://example.com/', md5(random()::text)),
            ('{200,404}'::int[])[ceil(random()*2)], DEFAULT),
            (i, concat('row ', i), 200, clock_timestamp());
        END LOOP; END $$;
        """
    }

    @Test func keptDistributedInsertsGiveTheRowsALocalTableGets() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        for table in ["local_t", "dist_t"] {
            try db.execute(
                "CREATE TABLE \(table) (site_id int, url text, status int, "
                    + "at timestamptz DEFAULT '2026-01-01', n int DEFAULT 3)")
        }
        try db.execute("SELECT create_distributed_table('dist_t', 'site_id')")
        try db.execute(labLoop("local_t", 300))
        try db.execute(labLoop("dist_t", 300))
        let digest =
            "SELECT count(*), sum(site_id), sum(hashtext(url)::bigint), sum(status), "
            + "sum(n), count(DISTINCT at) FROM "
        let local = try rows(db, digest + "local_t")
        #expect(local == (try rows(db, digest + "dist_t")))
        #expect(local.first?.hasPrefix("600|") == true)
    }

    @Test func keptDistributedInsertsReplanAfterAlterTable() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE t (a int, b text DEFAULT 'first');
            SELECT create_distributed_table('t', 'a');
            CREATE FUNCTION f(x int) RETURNS void LANGUAGE plpgsql
              AS $$ BEGIN INSERT INTO t (a) VALUES (x); END $$;
            SELECT f(1); SELECT f(2);
            ALTER TABLE t ALTER COLUMN b SET DEFAULT 'second';
            ALTER TABLE t ADD COLUMN c int DEFAULT 7;
            SELECT f(3);
            """)
        #expect(
            try rows(db, "SELECT a, b, c FROM t ORDER BY a") == [
                "1|first|7", "2|first|7", "3|second|7",
            ])
    }

    @Test func keptDistributedInsertsFollowUndistributeTable() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE t (a int, b int);
            SELECT create_distributed_table('t', 'a');
            CREATE FUNCTION f(x int) RETURNS void LANGUAGE plpgsql
              AS $$ BEGIN INSERT INTO t VALUES (x, x * 2); END $$;
            SELECT f(1); SELECT f(2);
            SELECT undistribute_table('t');
            SELECT f(3);
            SELECT create_distributed_table('t', 'a');
            SELECT f(4);
            """)
        #expect(try rows(db, "SELECT a, b FROM t ORDER BY a") == ["1|2", "2|4", "3|6", "4|8"])
    }

    @Test func keptDistributedInsertsReadVariablesAndRejectNullKeys() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE t (a int, b text);
            SELECT create_distributed_table('t', 'a');
            DO $$ DECLARE s text := ''; BEGIN FOR i IN 1..4 LOOP
              s := s || i;
              INSERT INTO t VALUES (i * 10, s);
            END LOOP; END $$;
            """)
        #expect(
            try rows(db, "SELECT a, b FROM t ORDER BY a") == [
                "10|1", "20|12", "30|123", "40|1234",
            ])
        #expect(throws: SQLError.self) {
            try db.execute(
                """
                DO $$ DECLARE k int := 1; BEGIN FOR i IN 1..3 LOOP
                  IF i = 3 THEN k := NULL; END IF;
                  INSERT INTO t VALUES (k, 'null key');
                END LOOP; END $$;
                """)
        }
        #expect(try rows(db, "SELECT count(*) FROM t WHERE b = 'null key'") == ["0"])
    }

    /// A routed INSERT reaches the worker as values, and the worker's
    /// session still shows its text, the command Citus would send.
    @Test func workersShowTheRoutedInsertsText() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE t (a int, b text);
            SELECT create_distributed_table('t', 'a');
            """)
        // In a transaction block, so that the worker's session stays in
        // it and still shows the INSERT.
        let session = db.defaultSession
        try session.execute("BEGIN")
        try session.execute("INSERT INTO t VALUES (1, 'x''y')")
        let library = try #require(cluster.node(port: 9700)?.library)
        let shard = try db.execute("SELECT get_shard_id_for_distribution_column('t', 1)")
        let shardID = shard.text(row: 0, column: 0) ?? ""
        let placement = try db.execute(
            "SELECT nodeport FROM pg_dist_placement JOIN pg_dist_node USING (groupid) "
                + "WHERE shardid = \(shardID)")
        let port = try #require(Int(placement.text(row: 0, column: 0) ?? ""))
        let remote = try library.connection(for: session, port: port)
        #expect(
            remote.activity.query
                == "INSERT INTO public.t_\(shardID) AS t (a, b) "
                + "VALUES ('1'::int4, 'x''y'::text)")
        try session.execute("COMMIT")
        #expect(try rows(db, "SELECT a, b FROM t") == ["1|x'y"])
    }
}
