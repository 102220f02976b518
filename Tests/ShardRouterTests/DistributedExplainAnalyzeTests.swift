// EXPLAIN ANALYZE on Citus tables. The router SELECT's shape is the
// reference cluster's (13_explain.out, checked in DistributedExplainTests);
// the multi-shard and write shapes follow Citus' multi_explain.c: every
// task runs under EXPLAIN ANALYZE, "Tuple data received" lines appear only
// for results with columns, and with citus.explain_analyze_sort_method =
// 'taskId' the first task is the one shown.
import Engine
import Testing

@testable import ShardRouter

@Suite struct DistributedExplainAnalyzeTests {
    static func cluster() throws -> Cluster {
        let cluster = try Cluster()
        try cluster.coordinator.execute(
            """
            CREATE TABLE t (id int, v int);
            SELECT create_distributed_table('t', 'id');
            INSERT INTO t SELECT i, i % 10 FROM generate_series(1, 100) i;
            SET citus.explain_analyze_sort_method TO 'taskId';
            """)
        return cluster
    }

    static func plan(_ cluster: Cluster, _ sql: String) throws -> [String] {
        let result = try cluster.coordinator.execute(
            "EXPLAIN (ANALYZE, COSTS OFF, TIMING OFF, SUMMARY OFF) " + sql)
        return result.rows.indices.map { result.text(row: $0, column: 0) ?? "" }
    }

    static func count(_ cluster: Cluster) throws -> String? {
        try cluster.coordinator.execute("SELECT count(*) FROM t").string(0, 0)
    }

    @Test func multiShardCountShowsTheFirstTaskAndEveryTasksBytes() throws {
        let cluster = try Self.cluster()
        let shard = try cluster.coordinator.execute(
            "SELECT count(*) FROM t WHERE get_shard_id_for_distribution_column('t', id) = 102008")
        let rows = shard.string(0, 0) ?? ""
        #expect(
            try Self.plan(cluster, "SELECT count(*) FROM t") == [
                "Aggregate (actual rows=1 loops=1)",
                "  ->  Custom Scan (Citus Adaptive) (actual rows=32 loops=1)",
                "        Task Count: 32",
                "        Tuple data received from nodes: 256 bytes",
                "        Tasks Shown: One of 32",
                "        ->  Task",
                "              Tuple data received from node: 8 bytes",
                "              Node: host=localhost port=9701 dbname=citus",
                "              ->  Aggregate (actual rows=1 loops=1)",
                "                    ->  Seq Scan on t_102008 t (actual rows=\(rows) loops=1)",
            ])
    }

    @Test func writesRunOnceInTheStatementsTransaction() throws {
        let cluster = try Self.cluster()
        let plan = try Self.plan(cluster, "DELETE FROM t WHERE v = 3")
        #expect(plan.prefix(5) == [
            "Custom Scan (Citus Adaptive) (actual rows=0 loops=1)",
            "  Task Count: 32",
            "  Tasks Shown: One of 32",
            "  ->  Task",
            "        Node: host=localhost port=9701 dbname=citus",
        ])
        #expect(plan.contains("        ->  Delete on t_102008 t (actual rows=0 loops=1)"))
        #expect(try Self.count(cluster) == "90")
        try cluster.coordinator.execute("BEGIN")
        _ = try Self.plan(cluster, "UPDATE t SET v = 0 WHERE id = 5")
        _ = try Self.plan(cluster, "DELETE FROM t")
        #expect(try Self.count(cluster) == "0")
        try cluster.coordinator.execute("ROLLBACK")
        #expect(try Self.count(cluster) == "90")
        let five = try cluster.coordinator.execute("SELECT v FROM t WHERE id = 5")
        #expect(five.string(0, 0) == "5")
    }

    @Test func sortsAndHashTablesAreRefused() throws {
        let cluster = try Self.cluster()
        #expect(throws: SQLError.self) {
            try Self.plan(cluster, "SELECT v, count(*) FROM t GROUP BY v")
        }
        #expect(throws: SQLError.self) {
            try Self.plan(cluster, "DELETE FROM t WHERE v = 1 RETURNING id")
        }
        #expect(try Self.count(cluster) == "100")
    }
}
