// Lab 6's dashboards do not depend on how many workers hold the shards:
// Labs 3, 5 and 6 as written (LabText) on clusters of 1, 2 and 4 workers
// with the same rows print the same results, LIMIT without ORDER BY
// included, since the rows come shard by shard in shard order and the 32
// shards and their hash ranges are the same whatever the workers.
import Engine
import ShardRouter
import Testing

@testable import citus_sim

@Suite struct LabWorkersTests {
    /// 2026-12-03 18:05 UTC.
    static let start: Int64 = 849_636_300_000_000

    /// Four minutes of rows, spread over sites, countries, URLs and IPs.
    static let rows = """
        INSERT INTO http_request (site_id, ingest_time, url, request_country, ip_address,
            status_code, response_time_msec)
        SELECT i % 32, now() - (i % 240) * interval '1 second',
            'http://example.com/' || md5((i % 97)::text),
            (ARRAY['China', 'India', 'USA', 'Indonesia'])[1 + i % 4],
            '10.0.' || (i % 50) || '.' || (i % 7), (ARRAY[200, 404])[1 + i % 2], 5 + i % 150
        FROM generate_series(1, 3000) i;
        """

    /// The dashboards' results on a cluster of `workers` workers.
    static func dashboards(workers: Int) throws -> [String] {
        let cluster = try Cluster(workers: workers, clock: .virtual(start: Self.start), seed: 3)
        defer { cluster.shutdown() }
        let db = cluster.coordinator
        for script in [
            LabText.lab3, rows, LabText.rollup, LabText.addHll, LabText.addTopn,
            LabText.rollupTopn,
            // The rollup replayed over every row, as the reference's 08 does.
            "TRUNCATE http_request_1min; UPDATE latest_rollup SET minute = '10-10-1901';"
                + "SELECT rollup_http_request();",
        ] {
            try db.execute(script)
        }
        return try [
            LabText.rollupDashboard, LabText.hllDashboard, LabText.distinctOverTime,
            LabText.topnDashboard, LabText.topUrls,
        ].map { query in
            let result = try db.execute(query)
            return result.rows.indices.map { row in
                (0..<(result.columns?.count ?? 0)).map { result.string(row, $0) ?? "NULL" }
                    .joined(separator: "|")
            }.joined(separator: "\n")
        }
    }

    @Test func dashboardsAreTheSameOnOneTwoAndFourWorkers() throws {
        let two = try Self.dashboards(workers: 2)
        #expect(two.count == 5)
        #expect(two.allSatisfy { !$0.isEmpty })
        // Fifteen rows with distinct-IP counts and each row's top URL.
        #expect(two[1].split(separator: "\n").count == 15)
        #expect(two[4].split(separator: "\n").count == 10)
        #expect(try Self.dashboards(workers: 1) == two)
        #expect(try Self.dashboards(workers: 4) == two)
    }
}
