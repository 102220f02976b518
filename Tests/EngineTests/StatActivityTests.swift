// pg_stat_activity, the system view over pg_stat_get_activity(pid): its
// columns and types as `\d pg_stat_activity` shows them on PostgreSQL 15,
// and the lab's query over it (Fixtures/citus-reference/
// 07_cancel_load_loop.sql) finding a background loop by application_name
// and cancelling it.
import Testing

@testable import Engine

@Suite struct StatActivityTests {
    static let loop = """
        DO $$ BEGIN LOOP
            INSERT INTO t VALUES (clock_timestamp()); COMMIT; PERFORM pg_sleep(1);
        END LOOP; END $$
        """

    /// Measured on PostgreSQL 15 with `\d pg_stat_activity`.
    static let columns: [(String, String)] = [
        ("datid", "oid"), ("datname", "name"), ("pid", "integer"), ("leader_pid", "integer"),
        ("usesysid", "oid"), ("usename", "name"), ("application_name", "text"),
        ("client_addr", "inet"), ("client_hostname", "text"), ("client_port", "integer"),
        ("backend_start", "timestamp with time zone"),
        ("xact_start", "timestamp with time zone"),
        ("query_start", "timestamp with time zone"),
        ("state_change", "timestamp with time zone"), ("wait_event_type", "text"),
        ("wait_event", "text"), ("state", "text"), ("backend_xid", "xid"),
        ("backend_xmin", "xid"), ("query_id", "bigint"), ("query", "text"),
        ("backend_type", "text"),
    ]

    @Test func hasPostgresColumns() throws {
        let db = try Database()
        let result = try db.execute("SELECT * FROM pg_stat_activity")
        let shape = (result.columns ?? []).map { ($0.name, formatType($0.type)) }
        #expect(shape.map(\.0) == Self.columns.map(\.0))
        #expect(shape.map(\.1) == Self.columns.map(\.1))
        let mine = try db.execute(
            """
            SELECT state, usename, backend_type, wait_event IS NULL
            FROM pg_stat_activity WHERE query LIKE '%usename, backend_type%'
            """)
        let row: [Value] = [
            .text("active"), .text("postgres"), .text("client backend"), .bool(true),
        ]
        #expect(mine.rows == [row])
    }

    @Test func theLabFindsAndCancelsItsLoop() throws {
        let db = Database(engine: Engine(clock: VirtualClock(start: CronTests.start)))
        try db.execute("CREATE TABLE t (at timestamptz)")
        let job = try db.startBackground(Self.loop, applicationName: "lab4_loop")
        try db.execute("SELECT citus_sim.advance('3 seconds')")
        let seen = try db.execute(
            """
            SELECT application_name, state, left(query, 30) AS query, pid
            FROM pg_stat_activity WHERE application_name = 'lab4_loop'
            """)
        let prefix = String(Self.loop.prefix(30))
        #expect(seen.rows.count == 1)
        let expected: [Value] = [.text("lab4_loop"), .text("active"), .text(prefix)]
        #expect(seen.rows.first.map { Array($0.prefix(3)) } == expected)
        #expect(seen.rows.first?.last == .int4(job.session.backendID))
        let cancelled = try db.execute(
            """
            SELECT pg_cancel_backend(pid) FROM pg_stat_activity
            WHERE application_name = 'lab4_loop' AND state <> 'idle'
            """)
        #expect(cancelled.rows == [[.bool(true)]])
        try db.execute("SELECT pg_sleep(0)")
        let after = try db.execute(
            "SELECT state FROM pg_stat_activity WHERE application_name = 'lab4_loop'")
        #expect(after.rows == [[.text("idle")]])
    }

    @Test func systemViewsCannotBeDropped() throws {
        let db = try Database()
        #expect(throws: SQLError.self) { try db.execute("DROP VIEW pg_stat_activity") }
        let one = try db.execute(
            "SELECT count(*) FROM pg_stat_get_activity(NULL) WHERE backend_type = 'client backend'"
        )
        #expect(one.rows == [[.int8(1)]])
    }
}
