// A coordinator session's TimeZone and the shard queries it sends. Citus
// opens worker connections with the node's own settings (GetConnParams in
// connection_configuration.c passes host, port, dbname, user and
// client_encoding, no TimeZone) and propagates no session-level SET
// (ShouldPropagateSetCommand in commands/variableset.c: only SET LOCAL,
// and only with citus.propagate_set_commands = 'local'). So a function
// that reads the zone (ts::date, date_trunc) runs in the worker's TimeZone
// (UTC here), while the coordinator prints the timestamptz results it gets
// back in the session's zone. A literal is another matter: PostgreSQL's
// parser on the coordinator turns `'2026-07-01 00:00'` compared with a
// timestamptz into a constant in the session's zone, which Citus' deparse
// sends with its offset (`'2026-07-01 00:00:00-04'::timestamp with time
// zone`), so the rows selected are those a single node would select.
import Engine
import Testing

@testable import ShardRouter

@Suite struct SessionTimeZoneDistributedTests {
    private func cluster() throws -> Cluster {
        let cluster = try Cluster()
        try cluster.coordinator.execute(
            """
            CREATE TABLE events (id int, ts timestamptz);
            SELECT create_distributed_table('events', 'id');
            INSERT INTO events VALUES (1, '2026-07-01 02:00+00'), (2, '2026-07-01 12:00+00');
            """)
        return cluster
    }

    @Test func resultsPrintInTheCoordinatorSessionsZone() throws {
        let cluster = try cluster()
        defer { cluster.shutdown() }
        let session = cluster.coordinator.defaultSession
        try session.execute("SET TIME ZONE 'America/New_York'")
        let r = try session.execute("SELECT ts FROM events ORDER BY id")
        #expect(r.text(row: 0, column: 0) == "2026-06-30 22:00:00-04")
        #expect(r.text(row: 1, column: 0) == "2026-07-01 08:00:00-04")
    }

    @Test func workersComputeInTheirOwnZone() throws {
        let cluster = try cluster()
        defer { cluster.shutdown() }
        let session = cluster.coordinator.defaultSession
        try session.execute("SET TIME ZONE 'America/New_York'")
        // On a single node 02:00 UTC is June 30 in New York; the worker's
        // session is in UTC, so the pushed-down cast gives July 1.
        let router = try session.execute(
            "SELECT ts::date, date_trunc('day', ts) FROM events WHERE id = 1")
        #expect(router.text(row: 0, column: 0) == "2026-07-01")
        #expect(router.text(row: 0, column: 1) == "2026-06-30 20:00:00-04")
        let local = try session.execute(
            "SELECT '2026-07-01 02:00+00'::timestamptz::date")
        #expect(local.text(row: 0, column: 0) == "2026-06-30")
        let shown = try session.execute(
            "SELECT result FROM run_command_on_workers('SHOW TimeZone') ORDER BY nodeport")
        #expect(shown.rows == [[.text("UTC")], [.text("UTC")]])
    }

    @Test func literalsAreReadInTheCoordinatorSessionsZone() throws {
        let cluster = try cluster()
        defer { cluster.shutdown() }
        let session = cluster.coordinator.defaultSession
        try session.execute("SET TIME ZONE 'America/New_York'")
        // 02:00 UTC is 22:00 on June 30 in New York: before the bound.
        let multiShard = try session.execute(
            "SELECT id FROM events WHERE ts >= '2026-07-01 00:00' ORDER BY id")
        #expect(multiShard.rows == [[.int4(2)]])
        let router = try session.execute(
            "SELECT id FROM events WHERE ts >= '2026-07-01 00:00'::timestamptz AND id = 1")
        #expect(router.rows.isEmpty)
        // run_command_on_workers' text is the worker's own to read.
        let remote = try session.execute(
            "SELECT result FROM run_command_on_workers("
                + "$$SELECT '2026-07-01 00:00'::timestamptz::text$$) ORDER BY nodeport")
        #expect(remote.rows.first == [.text("2026-07-01 00:00:00+00")])
    }
}
