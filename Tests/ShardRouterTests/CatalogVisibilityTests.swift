// Distributed tables in the system catalogs, as Citus shows them: on the
// coordinator a distributed table is a pg_class row like any table and its
// shards are not there; on a worker the shard tables exist but are hidden
// from pg_class unless citus.show_shards_for_app_name_prefixes names the
// client (Citus' RelationIsAKnownShard filter), and then their OIDs agree
// across catalogs as any table's do.
import Engine
import Testing

@testable import ShardRouter

@Suite struct CatalogVisibilityTests {
    private func cluster() throws -> Cluster {
        let cluster = try Cluster()
        try cluster.coordinator.execute(
            """
            CREATE TABLE events (id bigint PRIMARY KEY, v text);
            SELECT create_distributed_table('events', 'id', shard_count := 4);
            """)
        return cluster
    }

    private let publicRelations = """
        SELECT relname, relkind FROM pg_class
        WHERE relnamespace = 'public'::regnamespace ORDER BY 1
        """

    @Test func aDistributedTableIsATableOnTheCoordinator() throws {
        let cluster = try cluster()
        let rows = try cluster.coordinator.execute(publicRelations)
        #expect(
            ClusterTests.texts(rows) == [["events", "r"], ["events_pkey", "i"]])
        let tables = try cluster.coordinator.execute(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'")
        #expect(ClusterTests.texts(tables) == [["events"]])
    }

    @Test func shardsShowOnAWorkerOnlyWhenAsked() throws {
        let cluster = try cluster()
        let worker = cluster.workers[0].connect()
        let hidden = try worker.execute(publicRelations)
        #expect(ClusterTests.texts(hidden) == [["events", "r"], ["events_pkey", "i"]])
        try worker.execute("SET citus.show_shards_for_app_name_prefixes = '*'")
        let shown = try worker.execute(publicRelations)
        #expect(
            ClusterTests.texts(shown) == [
                ["events", "r"], ["events_102008", "r"], ["events_102010", "r"],
                ["events_pkey", "i"], ["events_pkey_102008", "i"], ["events_pkey_102010", "i"],
            ])
        let same = try worker.execute(
            """
            SELECT c.oid = 'events_102008'::regclass, count(a.*)
            FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0
            WHERE c.relname = 'events_102008' GROUP BY c.oid
            """)
        #expect(ClusterTests.texts(same) == [["t", "2"]])
    }
}
