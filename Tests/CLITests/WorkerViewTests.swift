// `\c` and the psql startup flags reaching the nodes of a cluster, and a
// worker's `\dt`. Expected texts: the `\dt` listings are
// Fixtures/citus-reference/17_worker_9701_view.out (a real Citus 12.1.12
// worker at localhost:9701); the connection messages are what psql 15.18
// printed on this machine against PostgreSQL 15 servers on
// localhost:9701 and 9702 (`\c - - localhost 9701`, `\c - - - 9702`,
// `\c - - - 9799`, `psql -h localhost -p 9799`).
import Foundation
import ShardRouter
import Testing

@testable import citus_sim

@Suite struct WorkerViewTests {
    /// The lab's tables with the partitions the reference worker listed.
    static let labTables = """
        CREATE TABLE http_request (
          site_id INT, ingest_time TIMESTAMPTZ DEFAULT now(), url TEXT, request_country TEXT,
          ip_address TEXT, status_code INT, response_time_msec INT
        ) PARTITION BY RANGE (ingest_time);
        \(partitions)
        CREATE TABLE http_request_default PARTITION OF http_request DEFAULT;
        CREATE TABLE http_request_1min (
          site_id INT, ingest_time TIMESTAMPTZ, request_country TEXT, error_count INT,
          success_count INT, request_count INT, sum_response_time_msec INT,
          CHECK (request_count = error_count + success_count),
          PRIMARY KEY (site_id, ingest_time, request_country));
        SELECT create_distributed_table('http_request', 'site_id');
        SELECT create_distributed_table('http_request_1min', 'site_id');
        """

    static var partitions: String {
        let days = ["2026-11-30"] + (1...9).map { String(format: "2026-12-%02d", $0) }
        return zip(days, days.dropFirst()).map { day, next in
            "CREATE TABLE http_request_p\(day.replacingOccurrences(of: "-", with: "_")) "
                + "PARTITION OF http_request FOR VALUES FROM ('\(day)') TO ('\(next)');"
        }.joined(separator: "\n")
    }

    /// The reference output's lines from `start` up to the blank line.
    static func referenceBlock(after start: String) throws -> String {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/citus-reference/17_worker_9701_view.out")
        let lines = try String(contentsOf: url, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        guard let index = lines.firstIndex(where: { $0 == start }) else { return "" }
        let block = lines[(index + 1)...].prefix { !$0.isEmpty }
        return block.joined(separator: "\n") + "\n\n"
    }

    static func labCluster() throws -> Cluster {
        let cluster = try Cluster()
        try cluster.coordinator.execute(labTables)
        return cluster
    }

    @Test func workerListsShellTablesAndHidesShards() throws {
        let cluster = try Self.labCluster()
        let outcome = EmbeddedCLI.run(
            ["-X", "-h", "localhost", "-p", "9701", "-c", "\\dt"], cluster: cluster)
        #expect(outcome.text == (try Self.referenceBlock(after: "\\dt")))
        #expect(outcome.status == 0)
    }

    @Test func workerShowsShardsAfterTheSetting() throws {
        let cluster = try Self.labCluster()
        let outcome = EmbeddedCLI.run(
            [
                "-X", "-h", "localhost", "-p", "9701", "-c",
                "SET citus.show_shards_for_app_name_prefixes = '*'", "-c", "\\dt http_request_1*",
            ], cluster: cluster)
        // The shards placed on 9701 (group 1), from the coordinator's metadata.
        let placed = try cluster.coordinator.execute(
            "SELECT shardid FROM pg_dist_placement WHERE groupid = 1")
        let onWorker = Set(placed.rows.indices.compactMap { placed.text(row: $0, column: 0) })
        let shards = try cluster.coordinator.execute(
            "SELECT logicalrelid, shardid FROM pg_dist_shard")
        var names = ["http_request_1min"]
        for row in shards.rows.indices {
            let table = shards.text(row: row, column: 0) ?? ""
            let shard = shards.text(row: row, column: 1) ?? ""
            if onWorker.contains(shard), ["http_request", "http_request_1min"].contains(table) {
                names.append(table + "_" + shard)
            }
        }
        names.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        let reference = try Self.referenceBlock(after: "\\dt http_request_1*")
        let referenceRows = reference.split(separator: "\n").dropFirst(3).dropLast()
        let lines = outcome.text.split(separator: "\n")
        #expect(lines.first == "SET")
        // Same header, the same number of rows (33) and the same kinds.
        #expect(
            Array(lines.dropFirst().prefix(3))
                == Array(reference.split(separator: "\n").prefix(3)))
        let rows = Array(lines.dropFirst(4).dropLast())
        #expect(rows.count == referenceRows.count)
        #expect(
            rows.map { $0.split(separator: "|")[1].trimmingCharacters(in: .whitespaces) }
                == names)
        #expect(
            rows.map { $0.split(separator: "|")[2] }
                == referenceRows.map {
                    $0.split(separator: "|")[2]
                })
        #expect(lines.last == "(\(referenceRows.count) rows)")
    }

    @Test func workerRefusesQueriesOnShellTables() throws {
        let cluster = try Self.labCluster()
        let outcome = EmbeddedCLI.run(
            ["-X", "-p", "9702", "-c", "SELECT count(*) FROM http_request_1min"],
            cluster: cluster)
        #expect(
            outcome.text
                == "ERROR:  querying distributed tables from a worker is not supported yet\n")
        #expect(outcome.status == 1)
    }

    @Test func connectMovesBetweenNodes() throws {
        let cluster = try Cluster()
        let outcome = EmbeddedCLI.run(
            [
                "-X", "-c", "\\c - - localhost 9701", "-c", "\\conninfo", "-c", "\\c - - - 9702",
                "-c", "\\c citus", "-c", "\\c postgresql://localhost:9700/citus",
                "-c", "\\c - - - 9799", "-c", "SELECT 1",
            ], cluster: cluster)
        #expect(
            outcome.text == """
                You are now connected to database "citus" as user "postgres" on host \
                "localhost" (address "127.0.0.1") at port "9701".
                You are connected to database "citus" as user "postgres" on host \
                "localhost" (address "127.0.0.1") at port "9701".
                You are now connected to database "citus" as user "postgres" on host \
                "localhost" (address "127.0.0.1") at port "9702".
                You are now connected to database "citus" as user "postgres".
                You are now connected to database "citus" as user "postgres" on host \
                "localhost" (address "127.0.0.1") at port "9700".
                \\connect: connection to server at "localhost" (127.0.0.1), port 9799 failed: \
                Connection refused
                \tIs the server running on that host and accepting TCP/IP connections?
                You are currently not connected to a database.

                """)
        #expect(outcome.status == 1)
    }

    /// citus-sim's shorthand for nodes (the issue's `\c localhost:9701`
    /// and `\c worker1`); the messages are psql's for the same moves.
    @Test func connectShorthandNamesNodes() throws {
        let cluster = try Cluster()
        let outcome = EmbeddedCLI.run(
            [
                "-X", "-c", "\\c localhost:9701", "-c", "\\c worker2", "-c", "\\c coordinator",
            ], cluster: cluster)
        #expect(
            outcome.text == """
                You are now connected to database "citus" as user "postgres" on host \
                "localhost" (address "127.0.0.1") at port "9701".
                You are now connected to database "citus" as user "postgres" on host \
                "localhost" (address "127.0.0.1") at port "9702".
                You are now connected to database "citus" as user "postgres" on host \
                "localhost" (address "127.0.0.1") at port "9700".

                """)
        #expect(outcome.status == 0)
    }

    @Test func startupFailsWhereNoNodeListens() throws {
        let outcome = EmbeddedCLI.run(
            ["-X", "-h", "localhost", "-p", "9799", "-c", "SELECT 1"], cluster: try Cluster())
        #expect(
            outcome.text == """
                psql: error: connection to server at "localhost" (127.0.0.1), port 9799 \
                failed: Connection refused
                \tIs the server running on that host and accepting TCP/IP connections?

                """)
        #expect(outcome.status == 2)
    }

    @Test func failedConnectEndsAScript() throws {
        let script = "SELECT 1 AS x;\n\\c - - - 9799\nSELECT 2 AS y;\n"
        let outcome = EmbeddedCLI.run(
            ["-X"], cluster: try Cluster(), standardInput: Array(script.utf8))
        // Without -h psql goes through the default socket directory.
        #expect(
            outcome.text.hasSuffix(
                "\\connect: connection to server on socket "
                    + "\"/var/run/postgresql/.s.PGSQL.9799\" failed: No such file or directory\n"
                    + "\tIs the server running locally and accepting connections on that socket?\n")
        )
        #expect(!outcome.text.contains(" y "))
        #expect(outcome.status == 2)
    }
}
