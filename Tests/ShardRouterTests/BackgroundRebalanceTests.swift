// citus_rebalance_start and friends. The reference cluster was balanced
// when it ran them, so the messages of a job with moves come from Citus'
// documentation (the `Scheduled N moves as job J` example) and its
// regression tests (`no ongoing rebalance that can be waited on`, `A
// rebalance is already running as job J`).
import Engine
import Testing

@testable import ShardRouter

@Suite struct BackgroundRebalanceTests {
    @Test func aScheduledRebalanceRunsInTheBackground() throws {
        let cluster = try Cluster(
            workers: 3, addedWorkers: 2, clock: .virtual(start: 849_636_000_000_000))
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE t (a int PRIMARY KEY);
            SELECT create_distributed_table('t', 'a', shard_count := 6);
            INSERT INTO t VALUES (1), (2), (3), (4), (5), (6), (7), (8);
            SELECT citus_add_node('localhost', 9703);
            """)
        var notices: [SQLError] = []
        db.defaultSession.run("SELECT citus_rebalance_start()") { event in
            if case .notice(let notice) = event { notices.append(notice) }
        }
        #expect(notices.map(\.message) == ["Scheduled 2 moves as job 1"])
        #expect(notices.first?.detail == "Rebalance scheduled as background job")
        #expect(throws: SQLError.self) { try db.execute("SELECT citus_rebalance_start()") }
        let running = try db.execute("SELECT state FROM citus_rebalance_status()")
        #expect(running.rows == [[.text("running")]])
        try db.execute("SELECT citus_rebalance_wait()")
        let done = try db.execute(
            "SELECT job_id, state, details::text FROM citus_rebalance_status()")
        #expect(
            done.rows == [
                [
                    .int8(1), .text("finished"),
                    .text("{\"tasks\": [], \"task_state_counts\": {\"done\": 2}}"),
                ]
            ])
        let spread = try db.execute(
            """
            SELECT nodeport, count(*) FROM pg_dist_placement JOIN pg_dist_node USING (groupid)
            GROUP BY 1 ORDER BY 1
            """)
        #expect(spread.rows.map { $0[1] } == [.int8(2), .int8(2), .int8(2)])
        #expect(try db.execute("SELECT count(*) FROM t").rows == [[.int8(8)]])
        var warnings: [String] = []
        db.defaultSession.run("SELECT citus_rebalance_wait()") { event in
            if case .notice(let notice) = event { warnings.append(notice.message) }
        }
        #expect(warnings == ["no ongoing rebalance that can be waited on"])
    }
}
