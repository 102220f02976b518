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
        // Until a background session picks the job up it is scheduled
        // (the first state of Citus' citus_job_status); the clock has not
        // moved yet.
        let scheduled = try db.execute("SELECT state FROM citus_rebalance_status()")
        #expect(scheduled.rows == [[.text("scheduled")]])
        let tasks = try db.execute(
            "SELECT job_id, task_id, status, pid IS NULL, nodes_involved::text "
                + "FROM pg_dist_background_task ORDER BY task_id")
        #expect(tasks.rows.count == 2)
        #expect(tasks.rows.allSatisfy { $0[0] == .int8(1) && $0[3] == .bool(true) })
        #expect(tasks.rows.first?[2] == .text("runnable"))
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
        let job = try db.execute(
            "SELECT state, job_type::text, description, started_at <= finished_at "
                + "FROM pg_dist_background_job")
        #expect(
            job.rows == [
                [
                    .text("finished"), .text("rebalance"),
                    .text("Rebalance all colocation groups"), .bool(true),
                ]
            ])
        let statuses = try db.execute("SELECT DISTINCT status FROM pg_dist_background_task")
        #expect(statuses.rows == [[.text("done")]])
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

    @Test func aStoppedRebalanceIsCancelledInTheJobTables() throws {
        let cluster = try Cluster(
            workers: 3, addedWorkers: 2, clock: .virtual(start: 849_636_000_000_000))
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE t (a int PRIMARY KEY);
            SELECT create_distributed_table('t', 'a', shard_count := 6);
            INSERT INTO t SELECT generate_series(1, 60);
            SELECT citus_add_node('localhost', 9703);
            """)
        // An open write keeps the first move waiting, as a lock does in
        // Citus' isolation tests.
        let writer = db.connect()
        try writer.execute("BEGIN; DELETE FROM t WHERE a > 0")
        try db.execute("SELECT citus_rebalance_start(shard_transfer_mode := 'block_writes')")
        try db.execute("SELECT citus_sim.advance('1 second')")
        let running = try db.execute(
            "SELECT state, details->'task_state_counts' FROM citus_rebalance_status()")
        #expect(running.rows.first?[0] == .text("running"))
        let counts = running.rows.first.map { formatValue($0[1], type: .jsonb) }
        #expect(counts == "{\"running\": 1, \"runnable\": 1}")
        let pid = try db.execute(
            "SELECT pid FROM pg_dist_background_task WHERE status = 'running'")
        let job = db.backgroundJobs.last
        #expect(pid.rows == [[.int4(job?.session.backendID ?? 0)]])

        try db.execute("SELECT citus_rebalance_stop()")
        try db.execute("SELECT citus_sim.advance('1 second')")
        try writer.execute("ROLLBACK")
        let stopped = try db.execute(
            "SELECT state, finished_at IS NOT NULL FROM pg_dist_background_job")
        #expect(stopped.rows == [[.text("cancelled"), .bool(true)]])
        let tasks = try db.execute(
            "SELECT DISTINCT status, pid IS NULL FROM pg_dist_background_task")
        #expect(tasks.rows == [[.text("cancelled"), .bool(true)]])
    }
}
