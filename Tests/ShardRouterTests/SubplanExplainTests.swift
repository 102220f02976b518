// EXPLAIN of statements with distributed subplans: each subplan's plan
// under `Distributed Subplan N_M` at the custom scan's level, before its
// tasks (Citus' ExplainSubPlans in multi_explain.c), and the tasks'
// worker plans reading the results as PostgreSQL plans Citus'
// read_intermediate_result.
import Engine
import Foundation
import Testing

@testable import ShardRouter

@Suite struct SubplanExplainTests {
    static let reference =
        "EXPLAIN (COSTS OFF) SELECT * FROM http_request h, latest_rollup l "
        + "WHERE h.ingest_time > l.minute LIMIT 1;"

    /// A session of the lab cluster that ran 13_explain.sql's statements
    /// before `target`, as psql sent them (some fail here), so the plan
    /// ids agree with the reference's.
    static func replayed(_ cluster: Cluster, upTo target: String) throws -> Session {
        let session = cluster.coordinator.connect()
        let url = DistributedExplainTests.fixtures.appendingPathComponent(
            "citus-reference/13_explain.sql")
        let script = try String(contentsOf: url, encoding: .utf8)
        guard let range = script.range(of: target) else {
            Issue.record("13_explain.sql changed")
            return session
        }
        for statement in script[..<range.lowerBound].components(separatedBy: ";\n") {
            session.run(statement) { _ in }
        }
        return session
    }

    static func plan(_ session: Session, _ sql: String) throws -> [String] {
        DistributedExplainTests.plan(try session.execute(sql))
    }

    /// The reference's local table join: subplan 20_1 reads latest_rollup
    /// on the coordinator, and each task joins its shard's partitions with
    /// the result in a Nested Loop whose outer side is the Function Scan,
    /// the partitions' Append under a Materialize.
    @Test func localTableJoinMatchesTheReference() throws {
        let cluster = try DistributedExplainTests.labCluster()
        let session = try Self.replayed(cluster, upTo: Self.reference)
        let expected = try DistributedExplainTests.referencePlan(after: Self.reference)
        #expect(expected.count == 24)
        #expect(try Self.plan(session, Self.reference) == expected)
        withExtendedLifetime(cluster) {}
    }

    /// With COSTS on, the numbers PostgreSQL 15 printed for the same
    /// statements (the worker's query over a table partitioned like the
    /// shard, never analysed, and a C-like function declared as Citus
    /// declares read_intermediate_result: ROWS 1000, COST 1): the Function
    /// Scan's 1000 rows, the Materialize over the Append, and the subplan's
    /// scan of latest_rollup, whose `WHERE true` folds away.
    @Test func localTableJoinCostsAreThoseOfPostgreSQL() throws {
        let cluster = try DistributedExplainTests.labCluster()
        let lines = DistributedExplainTests.plan(
            try cluster.coordinator.execute(
                "EXPLAIN SELECT * FROM http_request h, latest_rollup l "
                    + "WHERE h.ingest_time > l.minute LIMIT 1"))
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        for line in [
            "->  Seq Scan on latest_rollup l  (cost=0.00..32.60 rows=2260 width=8)",
            "->  Limit  (cost=0.00..0.05 rows=1 width=124)",
            "->  Nested Loop  (cost=0.00..84208.00 rows=1866667 width=124)",
            "->  Function Scan on read_intermediate_result intermediate_result  "
                + "(cost=0.00..10.00 rows=1000 width=8)",
            "->  Materialize  (cost=0.00..212.00 rows=5600 width=116)",
            "->  Append  (cost=0.00..184.00 rows=5600 width=116)",
        ] {
            #expect(trimmed.contains(line), "\(line)")
        }
        #expect(lines.first?.hasPrefix("Limit  (cost=") == true)
    }

    /// More of the worker's plans over a result, each line as PostgreSQL
    /// 15 printed it for the same query: an equality join sorts both
    /// sides for a Merge Join, and a condition on the result filters the
    /// Function Scan (a third of its 1000 rows).
    @Test(arguments: [
        (
            "EXPLAIN SELECT * FROM http_request h JOIN latest_rollup l "
                + "ON h.ingest_time = l.minute",
            [
                "->  Merge Join  (cost=592.47..1017.47 rows=28000 width=124)",
                "Merge Cond: (intermediate_result.minute = h.ingest_time)",
                "->  Sort  (cost=59.83..62.33 rows=1000 width=8)",
                "->  Sort  (cost=532.63..546.63 rows=5600 width=116)",
            ]
        ),
        (
            "EXPLAIN SELECT count(*) FROM (SELECT * FROM http_request LIMIT 1) foo "
                + "WHERE ingest_time > now()",
            [
                "->  Aggregate  (cost=15.83..15.84 rows=1 width=8)",
                "->  Function Scan on read_intermediate_result intermediate_result  "
                    + "(cost=0.00..15.00 rows=333 width=0)",
                "Filter: (ingest_time > now())",
            ]
        ),
    ])
    func workerPlansOverAResultAreThoseOfPostgreSQL(query: String, expected: [String]) throws {
        let cluster = try DistributedExplainTests.labCluster()
        let lines = DistributedExplainTests.plan(try cluster.coordinator.execute(query))
        let trimmed = lines.map { $0.trimmingCharacters(in: .whitespaces) }
        for line in expected { #expect(trimmed.contains(line), "\(line)") }
    }

    /// A subquery that reads an earlier subplan's result runs with that
    /// result on every node: the local table its inner level joins is
    /// subplan N_1, the subquery itself N_2.
    @Test func subplanReadsTheResultOfAnEarlierOne() throws {
        let cluster = try DistributedExplainTests.labCluster()
        let sql =
            "SELECT count(*) FROM (SELECT * FROM http_request h, latest_rollup l "
            + "WHERE h.ingest_time < l.minute LIMIT 1) x"
        #expect(try cluster.coordinator.execute(sql).int(0, 0) == 1)
        let plan = DistributedExplainTests.plan(
            try cluster.coordinator.execute("EXPLAIN (COSTS OFF) " + sql))
        let sections = plan.filter { $0.contains("Distributed Subplan") }
        #expect(sections.count == 2)
        #expect(sections.last?.hasSuffix("_2") == true)
        let filter = "Join Filter: (h.ingest_time < intermediate_result.minute)"
        #expect(plan.contains { $0.contains(filter) })
    }

    /// An outer query left with no Citus table runs as one task on the
    /// coordinator after its subplan: `Task Count: 1`, `Tasks Shown: All`
    /// and the coordinator's node, as in the EXPLAIN ANALYZE example of
    /// intermediate results in Citus' documentation (citusdata/citus_docs,
    /// performance/performance_tuning.rst), whose task is an Aggregate over
    /// the Function Scan. The costs are PostgreSQL 15's for that query.
    @Test func coordinatorTaskFollowsItsSubplan() throws {
        let cluster = try DistributedExplainTests.labCluster()
        let session = cluster.coordinator.connect()
        let sql = "SELECT count(*) FROM (SELECT * FROM http_request LIMIT 1) foo"
        let plan = try Self.plan(session, "EXPLAIN (COSTS OFF) " + sql)
        let planID = try #require(plan.indices.first { plan[$0].contains("Distributed Subplan") })
        #expect(plan[0] == "Custom Scan (Citus Adaptive)")
        #expect(plan[planID].hasPrefix("  ->  Distributed Subplan ") && planID == 1)
        #expect(plan[2] == "        ->  Limit")
        #expect(plan[3] == "              ->  Custom Scan (Citus Adaptive)")
        #expect(plan[4] == "                    Task Count: 32")
        #expect(
            Array(plan.suffix(6)) == [
                "  Task Count: 1",
                "  Tasks Shown: All",
                "  ->  Task",
                "        Node: host=localhost port=9700 dbname=citus",
                "        ->  Aggregate",
                "              ->  Function Scan on read_intermediate_result intermediate_result",
            ])
        let costed = try Self.plan(session, "EXPLAIN " + sql)
        #expect(
            Array(costed.suffix(2)) == [
                "        ->  Aggregate  (cost=12.50..12.51 rows=1 width=8)",
                "              ->  Function Scan on read_intermediate_result intermediate_result  "
                    + "(cost=0.00..10.00 rows=1000 width=0)",
            ])
        // The statement still runs as before.
        #expect(try cluster.coordinator.execute(sql).int(0, 0) == 1)
    }

    /// The plan ids EXPLAIN draws are those running the statement draws:
    /// two EXPLAINs in a row name consecutive plans.
    @Test func eachExplainTakesTheNextPlanID() throws {
        let cluster = try DistributedExplainTests.labCluster()
        let session = cluster.coordinator.connect()
        let sql =
            "EXPLAIN (COSTS OFF) SELECT * FROM http_request h, latest_rollup l "
            + "WHERE h.ingest_time > l.minute LIMIT 1"
        let first = try Self.plan(session, sql)
        let second = try Self.plan(session, sql)
        func id(_ lines: [String]) -> Int? {
            guard let line = lines.first(where: { $0.contains("Distributed Subplan ") }),
                let text = line.split(separator: " ").last?.split(separator: "_").first
            else { return nil }
            return Int(text)
        }
        let a = try #require(id(first))
        #expect(id(second) == a + 1)
        withExtendedLifetime(cluster) {}
    }
}
