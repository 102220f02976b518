// GROUPING SETS, ROLLUP and CUBE on distributed tables, as Citus 12.1
// plans them. The behaviour comes from Citus' source, not the reference
// cluster: multi_logical_planner.c's DeferErrorIfQueryNotSupported sets
// "could not run distributed query with GROUPING SETS, CUBE, or ROLLUP"
// with the hint "Consider using an equality filter on the distributed
// table's partition column." whenever the query tree has grouping sets,
// and its SQL reference says grouping sets work in single-shard queries
// only; a router query runs whole on one worker, grouping sets included.
import Engine
import Testing

@testable import ShardRouter

@Suite struct GroupingSetsDistributedTests {
    static let setup = """
        CREATE TABLE dt (a int, b text, c int);
        SELECT create_distributed_table('dt', 'a');
        INSERT INTO dt VALUES (1, 'x', 10), (1, 'y', 20), (2, 'x', 30), (2, 'y', 40);
        """

    @Test func multiShardGroupingSetsAreRefused() throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        try db.execute(Self.setup)
        let statements = [
            "SELECT a, b, sum(c) FROM dt GROUP BY ROLLUP (a, b)",
            "SELECT a, b, sum(c) FROM dt GROUP BY CUBE (a, b)",
            "SELECT b, sum(c) FROM dt GROUP BY GROUPING SETS ((b), ())",
            "SELECT count(*) FROM dt GROUP BY ()",
        ]
        for sql in statements {
            #expect {
                try db.execute(sql)
            } throws: { error in
                guard let error = error as? SQLError else { return false }
                return error.sqlState == SQLState.featureNotSupported
                    && error.message
                        == "could not run distributed query with GROUPING SETS, CUBE, or ROLLUP"
                    && error.hint
                        == "Consider using an equality filter on the distributed table's partition column."
            }
        }
    }

    @Test func routerQueriesRunGroupingSetsOnTheirWorker() throws {
        let cluster = try Cluster()
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        try db.execute(Self.setup)
        let result = try db.execute(
            """
            SELECT b, sum(c), grouping(b) FROM dt WHERE a = 2
            GROUP BY ROLLUP (b) ORDER BY 1
            """)
        #expect(result.rows.count == 3)
        #expect(result.string(0, 0) == "x" && result.int(0, 1) == 30 && result.int(0, 2) == 0)
        #expect(result.string(1, 0) == "y" && result.int(1, 1) == 40)
        #expect(result.string(2, 0) == nil && result.int(2, 1) == 70 && result.int(2, 2) == 1)
    }
}
