// Distributed EXPLAIN (COSTS OFF) against what a real Citus 12.1 cluster
// printed: the expected plans are the blocks of
// Fixtures/citus-reference/13_explain.out that follow each query. The
// lab's tables are built as they stood then by
// Fixtures/citus-setup/14_errors_setup.sql, less the partition of
// 2026-11-29 that pg_partman had dropped by the time 13_explain.sql ran
// (its shard ids stay taken, so the later partitions' shard ids agree).
import Engine
import Foundation
import Testing

@testable import ShardRouter

@Suite struct DistributedExplainTests {
    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    /// The plan lines of the reference's QUERY PLAN block after `query`.
    static func referencePlan(after query: String) throws -> [String] {
        let text = try String(
            contentsOf: fixtures.appendingPathComponent("citus-reference/13_explain.out"),
            encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == query }) else { return [] }
        var plan: [String] = []
        for line in lines[(start + 3)...] {
            if line.hasPrefix("(") { break }
            plan.append(String(line.dropFirst()))
        }
        return plan
    }

    static func labCluster() throws -> Cluster {
        let cluster = try Cluster()
        let setup = try String(
            contentsOf: fixtures.appendingPathComponent("citus-setup/14_errors_setup.sql"),
            encoding: .utf8)
        try cluster.coordinator.execute(setup)
        try cluster.coordinator.execute("DROP TABLE http_request_p2026_11_29")
        return cluster
    }

    static func plan(_ result: QueryResult) -> [String] {
        result.rows.indices.map { result.text(row: $0, column: 0) ?? "" }
    }

    @Test(arguments: [
        "EXPLAIN (COSTS OFF) SELECT count(*) FROM http_request;",
        "EXPLAIN (COSTS OFF) SELECT * FROM http_request WHERE site_id = 3 LIMIT 1;",
        "EXPLAIN (COSTS OFF) SELECT site_id, ingest_time as minute, request_count "
            + "FROM http_request_1min WHERE ingest_time > date_trunc('minute', now()) "
            + "- '5 minutes'::interval LIMIT 15;",
    ])
    func matchesTheReferenceCluster(query: String) throws {
        let cluster = try Self.labCluster()
        let expected = try Self.referencePlan(after: query)
        #expect(!expected.isEmpty)
        #expect(Self.plan(try cluster.coordinator.execute(query)) == expected)
    }

    @Test func showsEveryTaskWhenAsked() throws {
        let cluster = try Self.labCluster()
        let db = cluster.coordinator
        try db.execute("SET citus.explain_all_tasks = on")
        let lines = Self.plan(
            try db.execute("EXPLAIN (COSTS OFF) SELECT count(*) FROM http_request"))
        #expect(lines.filter { $0.hasSuffix("->  Task") }.count == 32)
        #expect(lines.contains("        Tasks Shown: All"))
        #expect(lines.contains("              Node: host=localhost port=9702 dbname=citus"))
    }

    @Test func multiShardScanCarriesCitusEstimate() throws {
        let cluster = try Self.labCluster()
        let lines = Self.plan(
            try cluster.coordinator.execute("EXPLAIN SELECT count(*) FROM http_request"))
        // The custom scan line of the reference's costed plan.
        let expected = try Self.referencePlan(after: "EXPLAIN SELECT count(*) FROM http_request;")
        #expect(lines.count == expected.count && lines[1] == expected[1])
    }

    @Test func unsupportedShapesRaiseFeatureNotSupported() throws {
        let cluster = try Self.labCluster()
        let query = "EXPLAIN (COSTS OFF) SELECT h.site_id, count(*) FROM http_request h "
            + "JOIN http_request_1min m ON h.site_id = m.site_id GROUP BY h.site_id"
        #expect(throws: SQLError.self) { try cluster.coordinator.execute(query) }
        do {
            _ = try cluster.coordinator.execute(query)
        } catch let error as SQLError {
            #expect(error.sqlState == "0A000")
        }
    }
}
