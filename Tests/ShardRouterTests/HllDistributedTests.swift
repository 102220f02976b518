// hll aggregates over a distributed table: each shard builds its sketch
// and the coordinator unions them, as Citus pushes hll_add_agg and
// hll_union_agg down (Citus' documentation on HyperLogLog); the result
// must equal the same query on one node, byte for byte.
import Engine
import Testing

@testable import ShardRouter

@Suite struct HllDistributedTests {
    static let setup = """
        CREATE EXTENSION IF NOT EXISTS hll;
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

    /// citus.count_distinct_error_rate, as Citus' multi_logical_optimizer.c
    /// plans it: each shard's hll_add_agg(hll_hash_<type>(x), log2m),
    /// log2m = round(log2((1.04 / rate)^2)) within 4...17, and the
    /// coordinator's hll_cardinality(hll_union_agg(..))::bigint, so the
    /// answer is the one-node sketch's cardinality of the same values.
    @Test(arguments: [("0.005", 15), ("0.1", 7), ("0.0001", 17), ("1", 4)])
    func countDistinctApproximation(rate: String, log2m: Int) throws {
        let rows = """
            CREATE TABLE hits (id int, tag text, big bigint);
            INSERT INTO hits SELECT i, md5((i % 3000)::text), (i % 2500)::bigint * 7
            FROM generate_series(1, 9000) i;
            """
        let single = Database(engine: Engine())
        try single.execute("CREATE EXTENSION hll;" + rows)
        let cluster = try Cluster()
        try cluster.coordinator.execute(rows)
        try cluster.coordinator.execute("SELECT create_distributed_table('hits', 'id')")
        try cluster.coordinator.execute("SET citus.count_distinct_error_rate = \(rate)")
        let shown = try cluster.coordinator.execute("SHOW citus.count_distinct_error_rate")
        #expect(shown.string(0, 0) == rate)
        for (column, hash) in [
            ("id % 4000", "hll_hash_any"), ("tag", "hll_hash_text"), ("big", "hll_hash_bigint"),
        ] {
            let approximate = try cluster.coordinator.execute(
                "SELECT count(DISTINCT \(column)) FROM hits")
            let sketch = try single.execute(
                "SELECT hll_cardinality(hll_add_agg(\(hash)(\(column)), \(log2m)))::bigint "
                    + "FROM hits")
            #expect(approximate.string(0, 0) == sketch.string(0, 0), "\(column)")
        }
        // Grouped by the distribution column, the count stays exact on
        // each shard; with the rate back at 0, every count is exact.
        let grouped = try cluster.coordinator.execute(
            "SELECT id, count(DISTINCT tag) FROM hits GROUP BY id ORDER BY id LIMIT 1")
        #expect(grouped.string(0, 1) == "1")
        try cluster.coordinator.execute("RESET citus.count_distinct_error_rate")
        let exact = try cluster.coordinator.execute("SELECT count(DISTINCT tag) FROM hits")
        #expect(exact.string(0, 0) == "3000")
    }
}
