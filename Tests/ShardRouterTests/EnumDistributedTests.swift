// Enum columns of distributed tables. CREATE TYPE .. AS ENUM reaches the
// workers as Citus propagates types (commands/type.c), so the shards hold
// the column with the same labels and order; the tasks' rows are merged
// by the coordinator in the enum's order, not the labels' text order.
import Engine
import Testing

@testable import ShardRouter

@Suite struct EnumDistributedTests {
    @Test func enumColumnsSortAndGroupByLabelPosition() throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');
            CREATE TABLE local_m (k int, m mood);
            INSERT INTO local_m
              SELECT i, (ARRAY['happy', 'sad', 'ok'])[1 + i % 3]::mood FROM generate_series(1, 60) i;
            CREATE TABLE dist_m AS SELECT * FROM local_m;
            SELECT create_distributed_table('dist_m', 'k');
            """)
        let queries = [
            "SELECT m, count(*) FROM TABLE_NAME GROUP BY m ORDER BY m",
            "SELECT k, m FROM TABLE_NAME WHERE m > 'sad' ORDER BY m DESC, k LIMIT 7",
            "SELECT min(m), max(m) FROM TABLE_NAME WHERE k > 30",
        ]
        for query in queries {
            let local = try db.execute(
                query.replacingOccurrences(of: "TABLE_NAME", with: "local_m"))
            let distributed = try db.execute(
                query.replacingOccurrences(of: "TABLE_NAME", with: "dist_m"))
            #expect(!local.rows.isEmpty)
            #expect(distributed.rows == local.rows)
        }
        let first = try db.execute("SELECT m FROM dist_m ORDER BY m LIMIT 1")
        #expect(first.string(0, 0) == "sad")
    }
}
