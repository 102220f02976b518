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
}
