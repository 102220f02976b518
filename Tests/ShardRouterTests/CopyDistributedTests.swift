// COPY FROM into distributed and reference tables: each row lands on the
// shard its distribution column value hashes to (every placement of a
// reference table), defaults are filled on the coordinator, and a row
// without a distribution column value is refused with the error of
// Citus' multi_copy.c ("the partition column of table %s cannot be
// NULL", the table schema-qualified). COPY TO of a distributed table
// reads every shard.
import Engine
import Foundation
import Testing

@testable import ShardRouter

@Suite struct CopyDistributedTests {
    static func copy(_ session: Session, _ sql: String, data: [String]) throws -> QueryResult {
        var lines = data[...]
        session.copyInReader = { lines.popFirst() }
        defer { session.copyInReader = nil }
        return try session.execute(sql)
    }

    @Test func rowsReachTheirShards() throws {
        let cluster = try Cluster()
        let session = cluster.coordinator.connect()
        try session.execute(
            """
            CREATE TABLE events (site_id int, kind text DEFAULT 'none', amount int);
            SELECT create_distributed_table('events', 'site_id');
            CREATE TABLE local_events (site_id int, kind text DEFAULT 'none', amount int);
            """)
        let data = (1...200).map { "\($0 % 37),\($0)" } + ["\\."]
        let copied = try Self.copy(
            session, "COPY events (site_id, amount) FROM STDIN WITH (FORMAT csv)", data: data)
        #expect(copied.commandTag == "COPY 200")
        _ = try Self.copy(
            session, "COPY local_events (site_id, amount) FROM STDIN WITH (FORMAT csv)",
            data: data)
        let check = "SELECT site_id, kind, sum(amount), count(*) FROM T GROUP BY 1, 2 ORDER BY 1"
        let distributed = try session.execute(
            check.replacingOccurrences(of: " T ", with: " events "))
        let local = try session.execute(
            check.replacingOccurrences(of: " T ", with: " local_events "))
        #expect(distributed.rows == local.rows)
        // Every row is on the shard its value hashes to, on the shard's
        // worker.
        var onShards = 0
        let shards = try session.execute(
            """
            SELECT s.shardid, p.nodeport FROM pg_dist_shard s JOIN pg_dist_placement pl
              USING (shardid) JOIN pg_dist_node p USING (groupid)
            WHERE s.logicalrelid = 'events'::regclass
            """)
        for row in shards.rows.indices {
            let id = shards.int(row, 0) ?? 0
            let node = try #require(cluster.node(host: "localhost", port: shards.int(row, 1) ?? 0))
            let held = try node.database.execute(
                "SELECT count(*), count(*) FILTER (WHERE "
                    + "get_shard_id_for_distribution_column('events', site_id) <> \(id)) "
                    + "FROM events_\(id)")
            #expect(held.int(0, 1) == 0)
            onShards += held.int(0, 0) ?? 0
        }
        #expect(onShards == 200)
        withExtendedLifetime(cluster) {}
    }

    @Test func aRowWithoutADistributionValueIsRefused() throws {
        let cluster = try Cluster()
        let session = cluster.coordinator.connect()
        try session.execute(
            "CREATE TABLE events (site_id int, amount int);"
                + "SELECT create_distributed_table('events', 'site_id')")
        #expect {
            try Self.copy(session, "COPY events (amount) FROM STDIN", data: ["5", "\\."])
        } throws: { error in
            (error as? SQLError)?.message
                == "the partition column of table public.events cannot be NULL"
        }
        #expect(try session.execute("SELECT count(*) FROM events").int(0, 0) == 0)
        withExtendedLifetime(cluster) {}
    }

    @Test func referenceTablesGetEveryRowOnEveryNode() throws {
        let cluster = try Cluster()
        let session = cluster.coordinator.connect()
        try session.execute(
            "CREATE TABLE kinds (kind text, weight int);"
                + "SELECT create_reference_table('kinds')")
        _ = try Self.copy(
            session, "COPY kinds FROM STDIN", data: ["view\t1", "buy\t20", "\\."])
        let shard = try session.execute(
            "SELECT shardid FROM pg_dist_shard WHERE logicalrelid = 'kinds'::regclass")
        let id = shard.int(0, 0) ?? 0
        #expect(cluster.nodes.count == 3)
        for node in cluster.nodes {
            let held = try node.database.execute(
                "SELECT string_agg(kind, ',' ORDER BY kind) FROM kinds_\(id)")
            #expect(held.string(0, 0) == "buy,view")
        }
        let out = try session.execute("COPY (SELECT * FROM kinds ORDER BY 1) TO STDOUT")
        #expect(out.copyData == "buy\t20\nview\t1\n")
        withExtendedLifetime(cluster) {}
    }
}
