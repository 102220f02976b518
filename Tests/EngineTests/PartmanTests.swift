// pg_partman 4.7.2 on one node with a clock stopped at the reference
// cluster's afternoon (2026-12-03 18:05 UTC): partitions made by
// create_parent and run_maintenance, and retention that drops or
// detaches. Expectations follow 4.7.2's SQL (create_parent premakes from
// now() - premake intervals; maintenance keeps the rounded count of
// intervals between the newest partition and the newest data, or now(),
// at premake).
import Testing

@testable import Engine

/// A virtual clock reading `text`, a UTC timestamp (`2026-12-03
/// 18:05:00`); only pg_sleep moves it.
func stoppedClock(_ text: String) throws -> VirtualClock {
    guard case .timestamptz(let t) = try parseValue(text + "+00", as: .timestamptz) else {
        throw SQLError(SQLState.internalError, "not a timestamp: \(text)")
    }
    return VirtualClock(start: t)
}

@Suite("pg_partman")
struct PartmanTests {
    /// A node at 2026-12-03 18:05 UTC with the lab's table under pg_partman.
    private func labNode() throws -> Database {
        let db = Database(engine: Engine(clock: try stoppedClock("2026-12-03 18:05:00")))
        try db.execute(
            """
            CREATE SCHEMA partman;
            CREATE EXTENSION pg_partman SCHEMA partman;
            CREATE TABLE http_request (site_id int, ingest_time timestamptz DEFAULT now())
                PARTITION BY RANGE (ingest_time);
            SELECT partman.create_parent('public.http_request', 'ingest_time', 'native',
                'daily');
            """)
        return db
    }

    /// The set's partitions, oldest first.
    private func partitions(_ db: Database) throws -> [String] {
        let r = try db.execute(
            "SELECT partition_tablename FROM partman.show_partitions('public.http_request')")
        return (0..<r.rows.count).compactMap { r.string($0, 0) }
    }

    @Test func createParentPremakesAroundNow() throws {
        let db = try labNode()
        let names = try partitions(db)
        #expect(names.first == "http_request_p2026_11_29")
        #expect(names.last == "http_request_p2026_12_07")
        #expect(names.count == 9)
    }

    @Test func maintenanceFollowsTheNewestDataOrNow() throws {
        let db = try labNode()
        // No data and finite partitions: nothing to do.
        try db.execute("SELECT partman.run_maintenance()")
        #expect(try partitions(db).count == 9)
        // A row in the newest partition asks for premake more after it.
        try db.execute("INSERT INTO http_request VALUES (1, '2026-12-07 10:00+00')")
        try db.execute("SELECT partman.run_maintenance()")
        #expect(try partitions(db).last == "http_request_p2026_12_11")
        try db.execute("UPDATE partman.part_config SET premake = 6")
        try db.execute("SELECT partman.run_maintenance('public.http_request')")
        #expect(try partitions(db).last == "http_request_p2026_12_13")
    }

    @Test func retentionDropsOrDetaches() throws {
        let db = try labNode()
        try db.execute(
            "UPDATE partman.part_config SET retention = '3 days', retention_keep_table = false")
        try db.execute("SELECT partman.run_maintenance()")
        // Ranges ending before 2026-11-30 18:05 go: 11-29 only.
        #expect(try partitions(db).first == "http_request_p2026_11_30")
        #expect(throws: SQLError.self) {
            try db.execute("SELECT count(*) FROM http_request_p2026_11_29")
        }
        try db.execute("UPDATE partman.part_config SET retention_keep_table = true")
        let dropped = try db.execute(
            "SELECT partman.drop_partition_time('public.http_request', interval '2 days')")
        #expect(dropped.int(0, 0) == 1)
        #expect(try partitions(db).first == "http_request_p2026_12_01")
        // A kept table is detached, not dropped: it still holds its rows.
        let kept = try db.execute("SELECT count(*) FROM http_request_p2026_11_30")
        #expect(kept.int(0, 0) == 0)
    }
}
