// A shard move while the lab's load generator writes: on the virtual
// clock the generator runs in a background session between the moves; on
// the real clock it runs on a thread of its own while they run. Either
// way every row it inserted is on the shards exactly once afterwards.
import Engine
import Foundation
import Testing

@testable import ShardRouter

@Suite struct MoveUnderLoadTests {
    @Test func movesWhileLoadingLoseAndDuplicateNothing() throws {
        // 2026-12-03 18:00 UTC.
        let cluster = try Cluster(clock: .virtual(start: 849_636_000_000_000), seed: 3)
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE http_request (site_id int, n int, ingest_time timestamptz);
            SELECT create_distributed_table('http_request', 'site_id');
            """)
        let job = try db.startBackground(
            """
            DO $$ DECLARE i int := 0; BEGIN LOOP
                i := i + 1;
                INSERT INTO http_request VALUES (trunc(random() * 32), i, clock_timestamp());
                COMMIT;
                PERFORM pg_sleep(random() * 0.25);
            END LOOP; END $$
            """)
        let shards = try db.execute(
            """
            SELECT shardid, nodeport FROM pg_dist_shard JOIN pg_dist_placement USING (shardid)
                JOIN pg_dist_node USING (groupid)
            WHERE logicalrelid = 'http_request'::regclass ORDER BY shardid LIMIT 6
            """)
        for row in shards.rows {
            guard case .int8(let shard) = row[0], case .int4(let port) = row[1] else { continue }
            try db.execute("SELECT citus_sim.advance('3 seconds')")
            let target = port == 9701 ? 9702 : 9701
            try db.execute(
                """
                SELECT citus_move_shard_placement(\(shard), 'localhost', \(port),
                    'localhost', \(target), shard_transfer_mode := 'block_writes')
                """)
        }
        try db.execute("SELECT citus_sim.advance('3 seconds')")
        try db.execute("SELECT pg_cancel_backend(\(job.session.backendID)); SELECT pg_sleep(0)")
        let counts = try db.execute(
            "SELECT count(*), count(DISTINCT n), max(n) FROM http_request")
        #expect(counts.rows.count == 1)
        let row = counts.rows.first ?? []
        #expect(row.count == 3 && row[0] == row[1])
        if case .int8(let total) = row[0], case .int4(let last) = row[2] {
            #expect(total == Int64(last))
            #expect(total > 100)
        } else {
            Issue.record("unexpected counts \(row)")
        }
    }

    @Test func movesBesideARealTimeWriterLoseAndDuplicateNothing() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE events (site_id int, n int);
            SELECT create_distributed_table('events', 'site_id');
            """)
        let job = try db.startBackground(
            """
            DO $$ DECLARE i int := 0; BEGIN LOOP
                i := i + 1;
                INSERT INTO events VALUES (i % 32, i);
                COMMIT;
                PERFORM pg_sleep(0.0005);
            END LOOP; END $$
            """)
        let shards = try db.execute(
            """
            SELECT shardid, nodeport FROM pg_dist_shard JOIN pg_dist_placement USING (shardid)
                JOIN pg_dist_node USING (groupid)
            WHERE logicalrelid = 'events'::regclass ORDER BY shardid LIMIT 4
            """)
        for row in shards.rows {
            guard case .int8(let shard) = row[0], case .int4(let port) = row[1] else { continue }
            usleep(20_000)
            try db.execute(
                """
                SELECT citus_move_shard_placement(\(shard), 'localhost', \(port),
                    'localhost', \(port == 9701 ? 9702 : 9701),
                    shard_transfer_mode := 'block_writes')
                """)
        }
        job.session.cancel()
        for _ in 0..<500 where job.status == .running { usleep(10_000) }
        #expect(job.status != .running)
        let counts = try db.execute("SELECT count(*), count(DISTINCT n), max(n) FROM events")
        let row = counts.rows.first ?? []
        #expect(row.count == 3 && row[0] == row[1])
        if case .int8(let total) = row[0], case .int4(let last) = row[2] {
            #expect(total == Int64(last))
            #expect(total > 10)
        } else {
            Issue.record("unexpected counts \(row)")
        }
    }
}
