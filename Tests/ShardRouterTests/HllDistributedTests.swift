// hll aggregates over a distributed table: each shard builds its sketch
// and the coordinator unions them, as Citus pushes hll_add_agg and
// hll_union_agg down (Citus' documentation on HyperLogLog); the result
// must equal the same query on one node, byte for byte.
import Engine
import Testing

@testable import ShardRouter

@Suite struct HllDistributedTests {
    static let setup = """
        CREATE EXTENSION hll;
        CREATE TABLE visits (id int, page int, h hll);
        INSERT INTO visits SELECT i, i % 7, hll_add_agg(hll_hash_integer(i * 1000 + k))
        FROM generate_series(1, 60) i, generate_series(1, 40) k GROUP BY i;
        """

    static let queries: [String] = [
        "SELECT hll_union_agg(h)::text FROM visits",
        "SELECT page, hll_union_agg(h)::text FROM visits GROUP BY page ORDER BY page",
        "SELECT hll_add_agg(hll_hash_integer(page))::text FROM visits",
        "SELECT hll_add_agg(hll_hash_integer(id), 12)::text FROM visits WHERE id > 10",
        "SELECT hll_union_agg(h)::text FROM visits WHERE id < 0",
    ]

    @Test func aggregatesMatchOneNode() throws {
        let single = Database(engine: Engine())
        try single.execute(Self.setup)
        let cluster = try Cluster()
        try cluster.coordinator.execute(Self.setup)
        try cluster.coordinator.execute("SELECT create_distributed_table('visits', 'id')")
        for sql in Self.queries {
            let a = try single.execute(sql)
            let b = try cluster.coordinator.execute(sql)
            #expect(a.rows.count == b.rows.count, "\(sql)")
            for row in 0..<a.rows.count {
                for column in 0..<2 {
                    #expect(a.string(row, column) == b.string(row, column), "\(sql)")
                }
            }
        }
        let card = try cluster.coordinator.execute(
            "SELECT hll_cardinality(hll_union_agg(h)) FROM visits")
        #expect(card.double(0, 0) ?? 0 > 2300)
    }
}
