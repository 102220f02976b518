// pg_partman on the coordinator of a cluster, as Lab 3 uses it: the
// partitions create_parent made are distributed with their parent, and a
// partition run_maintenance creates later on the distributed parent is
// distributed too, colocated, with 32 shards (as 03c's pg_dist_shard
// shows on the reference cluster). The clock is stopped at the
// reference's afternoon, 2026-12-03 18:05 UTC.
import Engine
import Testing

@testable import ShardRouter

/// A virtual clock reading `text`, a UTC timestamp (`2026-12-03
/// 18:05:00`); only pg_sleep moves it.
func fixedClock(_ text: String) throws -> VirtualClock {
    guard case .timestamptz(let t) = try parseValue(text + "+00", as: .timestamptz) else {
        throw SQLError(SQLState.internalError, "not a timestamp: \(text)")
    }
    return VirtualClock(start: t)
}

@Suite struct PartmanDistributedTests {
    @Test func maintenancePartitionsAreDistributed() throws {
        let cluster = try Cluster(
            workers: 2, bare: false, addedWorkers: nil,
            clock: try fixedClock("2026-12-03 18:05:00"))
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE http_request (site_id int, ingest_time timestamptz DEFAULT now())
                PARTITION BY RANGE (ingest_time);
            SELECT partman.create_parent('public.http_request', 'ingest_time', 'native',
                'daily');
            UPDATE partman.part_config SET infinite_time_partitions = true;
            SELECT partman.run_maintenance(p_analyze := false);
            SELECT create_distributed_table('http_request', 'site_id');
            UPDATE partman.part_config SET premake = 5;
            SELECT partman.run_maintenance(p_analyze := false);
            """)
        let shards = try db.execute(
            "SELECT count(*) FROM pg_dist_shard "
                + "WHERE logicalrelid = 'http_request_p2026_12_09'::regclass")
        #expect(shards.int(0, 0) == 32)
        let groups = try db.execute(
            "SELECT logicalrelid::text, colocationid FROM pg_dist_partition "
                + "WHERE logicalrelid IN ('http_request'::regclass, "
                + "'http_request_p2026_12_09'::regclass) ORDER BY 1")
        #expect(groups.rows.count == 2)
        #expect(groups.int(0, 1) == groups.int(1, 1))
        try db.execute("INSERT INTO http_request VALUES (7, '2026-12-09 01:00+00')")
        let routed = try db.execute(
            "SELECT count(*) FROM http_request_p2026_12_09 WHERE site_id = 7")
        #expect(routed.int(0, 0) == 1)
    }

    /// Retention on the distributed set detaches (retention_keep_table)
    /// or drops old partitions; a detached one stays distributed.
    @Test func retentionDetachesAndDropsDistributedPartitions() throws {
        let cluster = try Cluster(
            workers: 2, bare: false, addedWorkers: nil,
            clock: try fixedClock("2026-12-03 18:05:00"))
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE http_request (site_id int, ingest_time timestamptz DEFAULT now())
                PARTITION BY RANGE (ingest_time);
            SELECT partman.create_parent('public.http_request', 'ingest_time', 'native',
                'daily');
            SELECT create_distributed_table('http_request', 'site_id');
            INSERT INTO http_request VALUES (1, '2026-11-30 12:00+00');
            UPDATE partman.part_config SET retention = '3 days';
            SELECT partman.run_maintenance();
            """)
        // 11-29 ended before 2026-11-30 18:05: detached, still distributed.
        let kept = try db.execute("SELECT count(*) FROM http_request_p2026_11_29")
        #expect(kept.int(0, 0) == 0)
        let shards = try db.execute(
            "SELECT count(*) FROM pg_dist_shard "
                + "WHERE logicalrelid = 'http_request_p2026_11_29'::regclass")
        #expect(shards.int(0, 0) == 32)
        try db.execute(
            "UPDATE partman.part_config SET retention = '2 days', retention_keep_table = false;"
                + "SELECT partman.run_maintenance()")
        // 11-30 went with its row.
        let rows = try db.execute("SELECT count(*) FROM http_request")
        #expect(rows.int(0, 0) == 0)
        #expect(throws: SQLError.self) {
            try db.execute("SELECT count(*) FROM http_request_p2026_11_30")
        }
    }
}
