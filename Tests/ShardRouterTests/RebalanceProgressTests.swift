// get_rebalance_progress() while a rebalance waits for a transaction that
// wrote to the shards it moves. The reference cluster ran no rebalance
// with moves, so the shapes come from Citus' isolation test
// isolation_shard_rebalancer_progress (expected/ ..progress.out: the
// blocked move's colocated shards at progress 1, later moves at 0, no
// rows once the rebalance is done) and from shard_rebalancer.c
// (get_rebalance_progress, BuildShardSizesHash) and shard_transfer.c
// (a move of its own is monitored at progress 1).
import Engine
import Testing

@testable import ShardRouter

@Suite struct RebalanceProgressTests {
    /// A cluster with two colocated tables on 9701 and 9702 and an empty
    /// 9703 in pg_dist_node.
    private func unbalancedCluster() throws -> Cluster {
        let cluster = try Cluster(
            workers: 3, addedWorkers: 2, clock: .virtual(start: 849_636_000_000_000))
        try cluster.coordinator.execute(
            """
            CREATE TABLE c1 (a int PRIMARY KEY);
            CREATE TABLE c2 (a int PRIMARY KEY);
            SELECT create_distributed_table('c1', 'a', shard_count := 4);
            SELECT create_distributed_table('c2', 'a', colocate_with := 'c1');
            INSERT INTO c1 SELECT generate_series(1, 100);
            INSERT INTO c2 SELECT generate_series(1, 10);
            SELECT citus_add_node('localhost', 9703);
            """)
        return cluster
    }

    private let progressQuery = """
        SELECT table_name::text, shardid, sourceport, targetport, progress,
            operation_type, shard_size = source_shard_size AS source_sized,
            target_shard_size, source_lsn IS NULL, status IS NULL
        FROM get_rebalance_progress()
        """

    @Test func noRowsWithoutARebalance() throws {
        let cluster = try unbalancedCluster()
        defer { cluster.shutdown() }
        let result = try cluster.coordinator.execute("SELECT * FROM get_rebalance_progress()")
        #expect(result.rows.isEmpty)
        #expect(
            result.columns?.map { $0.name } == [
                "sessionid", "table_name", "shardid", "shard_size", "sourcename", "sourceport",
                "targetname", "targetport", "progress", "source_shard_size",
                "target_shard_size", "operation_type", "source_lsn", "target_lsn", "status",
            ])
    }

    @Test func aBlockingRebalanceListsEveryStep() throws {
        let cluster = try unbalancedCluster()
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        let plan = try db.execute(
            "SELECT table_name::text, shardid, sourceport, targetport "
                + "FROM get_rebalance_table_shards_plan()")
        #expect(plan.rows.count == 2)
        let writer = db.connect()
        try writer.execute("BEGIN; DELETE FROM c1 WHERE a > 0")
        let job = try db.startBackground(
            "SELECT rebalance_table_shards('c1', shard_transfer_mode := 'block_writes')")
        try db.execute("SELECT citus_sim.advance('1 second')")

        // The first move waits for the writer: its shards moving, the
        // rest of c1's group waiting.
        let waiting = try db.execute(progressQuery)
        #expect(waiting.rows.count == 2)
        #expect(waiting.rows.map { Array($0[0...3]) } == plan.rows)
        #expect(waiting.rows.map { $0[4] } == [.int8(1), .int8(1)])
        #expect(waiting.rows.allSatisfy { $0[5] == .text("move") && $0[6] == .bool(true) })
        #expect(waiting.rows.allSatisfy { $0[8] == .bool(true) && $0[9] == .bool(true) })
        let session = try db.execute("SELECT DISTINCT sessionid FROM get_rebalance_progress()")
        #expect(session.rows == [[.int4(job.session.backendID)]])

        try writer.execute("ROLLBACK")
        try db.execute("SELECT citus_sim.advance('1 second')")
        #expect(job.status == .finished)
        #expect(try db.execute(progressQuery).rows.isEmpty)
    }

    @Test func aBackgroundRebalanceListsItsRunningMove() throws {
        let cluster = try unbalancedCluster()
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        let writer = db.connect()
        try writer.execute("BEGIN; DELETE FROM c1 WHERE a > 0")
        try db.execute("SELECT citus_rebalance_start(shard_transfer_mode := 'block_writes')")
        try db.execute("SELECT citus_sim.advance('1 second')")
        let moving = try db.execute(progressQuery)
        #expect(moving.rows.map { $0[4] } == [.int8(1), .int8(1)])
        #expect(moving.rows.map { $0[0] } == [.text("c1"), .text("c2")])
        try writer.execute("ROLLBACK")
        try db.execute("SELECT citus_rebalance_wait()")
        #expect(try db.execute(progressQuery).rows.isEmpty)
    }
}
