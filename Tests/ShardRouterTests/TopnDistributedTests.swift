// topn aggregates over a distributed table, combined as Citus'
// multi_logical_optimizer.c combines Top-N aggregates: each shard task
// runs topn_add_agg (or topn_union_agg) and the coordinator unions the
// tasks' counters with topn_union_agg, in shard order. The expectation is
// rebuilt from the shards themselves: each shard table's own aggregate,
// read on its worker, then their union on a separate node.
import Engine
import Testing

@testable import ShardRouter

@Suite struct TopnDistributedTests {
    /// 4,000 distinct URLs with a skew, more than the 3,000 counters
    /// (3 x topn.number_of_counters) an aggregate keeps before pruning.
    static let rows = """
        CREATE TABLE clicks (id int, url text);
        INSERT INTO clicks SELECT i, 'u' || (i % 4000) FROM generate_series(1, 6000) i;
        INSERT INTO clicks SELECT i, 'hot' || (i % 5) FROM generate_series(1, 500) i;
        """

    @Test func tasksAreUnionedOnTheCoordinator() throws {
        let cluster = try Cluster()
        try cluster.coordinator.execute(Self.rows)
        try cluster.coordinator.execute("SELECT create_distributed_table('clicks', 'id')")
        let distributed = try cluster.coordinator.execute(
            "SELECT topn_add_agg(url)::text FROM clicks")
        let shards = try cluster.coordinator.execute(
            """
            SELECT s.shardid, n.nodeport FROM pg_dist_shard s
            JOIN pg_dist_placement p USING (shardid)
            JOIN pg_dist_node n USING (groupid)
            WHERE s.logicalrelid = 'clicks'::regclass ORDER BY s.shardminvalue::int
            """)
        var partials: [String] = []
        for row in 0..<shards.rows.count {
            let shard = shards.string(row, 0) ?? ""
            let port = Int(shards.string(row, 1) ?? "") ?? 0
            let worker = try #require(cluster.node(port: port)).database
            let partial = try worker.execute(
                "SELECT topn_add_agg(url)::text FROM clicks_\(shard)")
            if let text = partial.string(0, 0) { partials.append(text) }
        }
        #expect(partials.count == 32)
        let node = Database(engine: Engine())
        try node.execute("CREATE EXTENSION topn")
        let values = partials.enumerated().map { "(\($0.offset), '\($0.element)'::jsonb)" }
        let union = try node.execute(
            "SELECT topn_union_agg(j ORDER BY n)::text FROM (VALUES "
                + values.joined(separator: ", ") + ") v(n, j)")
        #expect(distributed.string(0, 0) == union.string(0, 0))
        // The five hot URLs lead either way.
        let top = try cluster.coordinator.execute(
            "SELECT item FROM topn((SELECT topn_add_agg(url) FROM clicks), 5) ORDER BY 1")
        #expect((0..<top.rows.count).map { top.string($0, 0) ?? "" }
            == ["hot0", "hot1", "hot2", "hot3", "hot4"])
    }
}
