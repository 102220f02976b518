// Ordered-set aggregates on a distributed table. Citus 12.1 cannot split
// percentile_cont, percentile_disc or mode into per-shard parts:
// multi_logical_optimizer.c's GetAggregateType files every aggregate it
// does not know as AGGREGATE_CUSTOM_ROW_GATHER under the default
// citus.coordinator_aggregation_strategy ('row-gather'), so the workers
// send their rows and the coordinator aggregates them. The rows must be
// those the same query gives on a local table.
import Engine
import Testing

@testable import ShardRouter

@Suite struct OrderedSetDistributedTests {
    @Test func orderedSetAggregatesMatchALocalTable() throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE local_t (a int, b text, c float8);
            INSERT INTO local_t
              SELECT i % 7, chr(97 + i % 3), (i * 37) % 101 FROM generate_series(1, 200) i;
            CREATE TABLE dist_t AS SELECT * FROM local_t;
            SELECT create_distributed_table('dist_t', 'a');
            """)
        let queries = [
            """
            SELECT percentile_cont(0.3) WITHIN GROUP (ORDER BY c),
                   percentile_disc(ARRAY[0.1, 0.9]) WITHIN GROUP (ORDER BY c DESC),
                   mode() WITHIN GROUP (ORDER BY b) FROM TABLE_NAME
            """,
            """
            SELECT b, percentile_cont(0.5) WITHIN GROUP (ORDER BY c), count(*)
            FROM TABLE_NAME GROUP BY b ORDER BY b
            """,
            """
            SELECT a, mode() WITHIN GROUP (ORDER BY c) FROM TABLE_NAME
            WHERE c > 10 GROUP BY a ORDER BY a
            """,
        ]
        for query in queries {
            let local = try db.execute(
                query.replacingOccurrences(of: "TABLE_NAME", with: "local_t"))
            let distributed = try db.execute(
                query.replacingOccurrences(of: "TABLE_NAME", with: "dist_t"))
            #expect(!local.rows.isEmpty)
            #expect(distributed.rows == local.rows)
        }
    }
}
