// A cluster as the lab starts it, distribution of the lab's tables, and
// routing. Expected values come from Fixtures/citus-reference (a real
// Citus 12.1.12 cluster: 10_metadata.out, 11_hashing.out); the error texts
// of the routing checks are Citus' own messages (its planner's
// "modifying the partition value of rows is not allowed" and "cannot
// perform an INSERT with NULL in the partition column"), and the
// single-node comparisons use the simulator's own PostgreSQL engine.
import Engine
import Foundation
import Testing

@testable import ShardRouter

@Suite struct ClusterTests {
    static let labTables = """
        CREATE TABLE http_request (
          site_id INT, ingest_time TIMESTAMPTZ DEFAULT now(), url TEXT, request_country TEXT,
          ip_address TEXT, status_code INT, response_time_msec INT
        ) PARTITION BY RANGE (ingest_time);
        CREATE TABLE http_request_1min (
          site_id INT, ingest_time TIMESTAMPTZ, request_country TEXT, error_count INT,
          success_count INT, request_count INT, sum_response_time_msec INT,
          CHECK (request_count = error_count + success_count),
          CHECK (ingest_time = date_trunc('minute', ingest_time)),
          PRIMARY KEY (site_id, ingest_time, request_country));
        """

    /// The rows of the reference's `SELECT ...` block that follows `query`.
    static func referenceRows(_ file: String, after query: String) throws -> [[String]] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/citus-reference/\(file)")
        let lines = try String(contentsOf: url, encoding: .utf8).split(
            separator: "\n", omittingEmptySubsequences: false)
        guard let start = lines.firstIndex(where: { $0 == query }) else { return [] }
        var rows: [[String]] = []
        for line in lines[(start + 3)...] {
            if line.hasPrefix("(") { break }
            rows.append(
                line.split(separator: "|", omittingEmptySubsequences: false).map {
                    $0.trimmingCharacters(in: .whitespaces)
                })
        }
        return rows
    }

    static func texts(_ result: QueryResult) -> [[String]] {
        result.rows.indices.map { row in
            (result.columns ?? []).indices.map { result.text(row: row, column: $0) ?? "" }
        }
    }

    @Test func startsAsTheLabsCluster() throws {
        let cluster = try Cluster()
        let nodes = try cluster.coordinator.execute("SELECT * FROM pg_dist_node ORDER BY nodeid")
        let expected = try Self.referenceRows(
            "10_metadata.out", after: "SELECT * FROM pg_dist_node;")
        #expect(expected.count == 3)
        #expect(Self.texts(nodes) == expected)
        let version = try cluster.coordinator.execute("SELECT citus_version()")
        #expect(version.text(row: 0, column: 0)?.hasPrefix("Citus 12.1.12 on x86_64") == true)
    }

    @Test func distributesTheLabsTablesAsCitusDoes() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(Self.labTables)
        try db.execute("SELECT create_distributed_table('http_request', 'site_id')")
        try db.execute("SELECT create_distributed_table('http_request_1min', 'site_id')")
        let shards = try db.execute(
            "SELECT * FROM pg_dist_shard WHERE logicalrelid = 'http_request'::regclass "
                + "ORDER BY shardid")
        let reference = try Self.referenceRows(
            "10_metadata.out", after: "SELECT * FROM pg_dist_shard ORDER BY shardid;")
        #expect(reference.count > 32 && shards.rows.count == 32)
        #expect(Self.texts(shards) == Array(reference.prefix(32)))
        let placements = try db.execute(
            "SELECT * FROM pg_dist_placement ORDER BY placementid LIMIT 32")
        let referencePlacements = try Self.referenceRows(
            "10_metadata.out", after: "SELECT * FROM pg_dist_placement;")
        #expect(referencePlacements.count > 32)
        #expect(Self.texts(placements) == Array(referencePlacements.prefix(32)))
        let colocation = try db.execute("SELECT * FROM pg_dist_colocation")
        #expect(
            Self.texts(colocation)
                == (try Self.referenceRows(
                    "10_metadata.out", after: "SELECT * FROM pg_dist_colocation;")))
        let partition = try db.execute(
            "SELECT logicalrelid, partmethod, partkey, colocationid, repmodel, autoconverted "
                + "FROM pg_dist_partition ORDER BY logicalrelid")
        let referencePartitions = try Self.referenceRows(
            "10_metadata.out", after: "SELECT * FROM pg_dist_partition;")
        #expect(referencePartitions.count == 12 && partition.rows.count == 2)
        #expect(Self.texts(partition).first == referencePartitions.first)
        #expect(Self.texts(partition).last == referencePartitions.last)
        // Each worker holds the shard tables of its placements.
        let onWorker = try cluster.workers[0].execute(
            "SELECT count(*) FROM http_request_102008")
        #expect(onWorker.int(0, 0) == 0)
        #expect(throws: SQLError.self) {
            try cluster.workers[1].execute("SELECT count(*) FROM http_request_102008")
        }
    }

    @Test func shardIDsAgreeWithTheReference() throws {
        let cluster = try Cluster()
        try cluster.coordinator.execute(Self.labTables)
        try cluster.coordinator.execute(
            "SELECT create_distributed_table('http_request', 'site_id')")
        let ids = try cluster.coordinator.execute(
            "SELECT get_shard_id_for_distribution_column('http_request', s) FROM "
                + "(VALUES " + (0...40).map { "(\($0))" }.joined(separator: ", ") + ") v(s)")
        let expected = try Self.referenceRows(
            "11_hashing.out",
            after: "SELECT get_shard_id_for_distribution_column('http_request', s) "
                + "FROM generate_series(0,40) s;")
        #expect(expected.count == 41)
        #expect(Self.texts(ids) == expected)
    }

    /// Random rows in a distributed table and in a local one answer the
    /// same queries with the same rows.
    @Test func multiShardQueriesMatchASingleNode() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            "CREATE TABLE events (site_id int, kind text, amount int, at timestamptz);"
                + "CREATE TABLE local_events (site_id int, kind text, amount int, at timestamptz);"
                + "SELECT create_distributed_table('events', 'site_id')")
        var generator = SystemRandomNumberGenerator()
        let kinds = ["view", "click", "buy", "NULL"]
        for _ in 0..<10 {
            let rows = (0..<25).map { _ -> String in
                let site = Int.random(in: 0..<40, using: &generator)
                let kind = kinds.randomElement(using: &generator)!
                let amount = Int.random(in: -50...500, using: &generator)
                let second = Int.random(in: 0..<7200, using: &generator)
                let kindText = kind == "NULL" ? "NULL" : "'\(kind)'"
                return "(\(site), \(kindText), \(amount), "
                    + "'2026-12-03 10:00:00+00'::timestamptz + interval '\(second) seconds')"
            }.joined(separator: ", ")
            try db.execute("INSERT INTO events VALUES \(rows)")
            try db.execute("INSERT INTO local_events VALUES \(rows)")
        }
        let queries = [
            "SELECT count(*), sum(amount), min(at), max(at) FROM T",
            "SELECT site_id, count(*), avg(amount) FROM T GROUP BY site_id ORDER BY site_id",
            "SELECT kind, count(DISTINCT site_id) FROM T GROUP BY kind ORDER BY kind NULLS FIRST",
            "SELECT * FROM T WHERE site_id = 7 ORDER BY at, amount, kind",
            "SELECT date_trunc('minute', at) AS m, count(*) FROM T WHERE amount > 100 "
                + "GROUP BY m ORDER BY m LIMIT 5",
            "SELECT site_id, amount FROM T WHERE site_id IN (1, 2, 3) AND kind IS NOT NULL "
                + "ORDER BY amount DESC, site_id LIMIT 7",
            "SELECT kind, avg(amount), count(*) AS n, max(at) FROM T GROUP BY 1 "
                + "HAVING count(*) > 3 ORDER BY n DESC, kind LIMIT 3",
            "SELECT count(DISTINCT kind), count(DISTINCT site_id), sum(amount) FROM T",
            "SELECT site_id, count(*) FILTER (WHERE amount > 0), avg(amount) FROM T "
                + "GROUP BY site_id HAVING sum(amount) > 100 ORDER BY 3 DESC, 1 OFFSET 2 LIMIT 5",
            "SELECT DISTINCT kind FROM T ORDER BY kind",
            "SELECT amount % 7 AS bucket, count(*) FROM T GROUP BY bucket ORDER BY bucket",
            "SELECT site_id + 1, kind FROM T ORDER BY 1, 2, at OFFSET 10 LIMIT 10",
            "SELECT count(*) FROM T WHERE kind = 'none'",
            "SELECT site_id, count(*) FROM T WHERE site_id IN (4, 39, 11) GROUP BY 1 ORDER BY 1",
            "SELECT count(*) FROM T WHERE site_id IN (4, 40) AND site_id = 4",
            "SELECT count(*) FROM T WHERE site_id = NULL",
            "SELECT kind FROM T WHERE site_id IN (NULL) ORDER BY 1",
            "SELECT sum(amount), avg(amount) FROM T WHERE kind = 'none'",
            "SELECT kind, count(*) FROM T WHERE kind = 'none' GROUP BY kind",
        ]
        for query in queries {
            let distributed = try db.execute(query.replacingOccurrences(of: " T", with: " events"))
            let local = try db.execute(query.replacingOccurrences(of: " T", with: " local_events"))
            #expect(Self.texts(distributed) == Self.texts(local), "\(query)")
            #expect(distributed.columns == local.columns, "\(query)")
        }
        try db.execute("UPDATE events SET amount = amount + 1 WHERE kind = 'buy'")
        try db.execute("UPDATE local_events SET amount = amount + 1 WHERE kind = 'buy'")
        try db.execute("DELETE FROM events WHERE site_id = 3")
        try db.execute("DELETE FROM local_events WHERE site_id = 3")
        let after = "SELECT site_id, sum(amount) FROM T GROUP BY 1 ORDER BY 1"
        #expect(
            Self.texts(try db.execute(after.replacingOccurrences(of: " T", with: " events")))
                == Self.texts(
                    try db.execute(after.replacingOccurrences(of: " T", with: " local_events"))))
    }

    /// Writes on several workers commit or roll back with the
    /// coordinator's transaction; a failure on one shard leaves none of the
    /// statement's rows anywhere.
    @Test func writesAreAtomicAcrossWorkers() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            "CREATE TABLE t (a int, b int CHECK (b > 0));"
                + "SELECT create_distributed_table('t', 'a')")
        let keys = (1...20).map { "(\($0), 1)" }.joined(separator: ", ")
        #expect(throws: SQLError.self) {
            try db.execute("INSERT INTO t VALUES \(keys), (21, -1)")
        }
        #expect(try db.execute("SELECT count(*) FROM t").int(0, 0) == 0)
        try db.execute("BEGIN; INSERT INTO t VALUES \(keys); ROLLBACK")
        #expect(try db.execute("SELECT count(*) FROM t").int(0, 0) == 0)
        let other = cluster.coordinator.connect()
        try db.execute("BEGIN; INSERT INTO t VALUES \(keys)")
        #expect(try other.execute("SELECT count(*) FROM t").int(0, 0) == 0)
        #expect(try db.execute("SELECT count(*) FROM t").int(0, 0) == 20)
        try db.execute("COMMIT")
        #expect(try other.execute("SELECT count(*) FROM t").int(0, 0) == 20)
    }

    /// DDL reaches the shards: a new partition is distributed with its
    /// parent, added columns exist on every shard, DROP removes shards and
    /// metadata.
    @Test func ddlReachesTheShards() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            "CREATE TABLE r (site_id int, at timestamptz) PARTITION BY RANGE (at);"
                + "SELECT create_distributed_table('r', 'site_id');"
                + "CREATE TABLE r_p1 PARTITION OF r "
                + "FOR VALUES FROM ('2026-12-03') TO ('2026-12-04');"
                + "ALTER TABLE r ADD COLUMN n int;"
                + "INSERT INTO r VALUES (1, '2026-12-03 10:00', 5), (2, '2026-12-03 11:00', 6)")
        #expect(try db.execute("SELECT sum(n) FROM r_p1").int(0, 0) == 11)
        let colocated = try db.execute(
            "SELECT count(DISTINCT colocationid), count(*) FROM pg_dist_partition")
        #expect(colocated.int(0, 0) == 1 && colocated.int(0, 1) == 2)
        // Shard 102040 is r_p1's first shard, on the first worker.
        let shardColumns = try cluster.workers[0].execute("SELECT n FROM r_p1_102040").columns
        #expect(shardColumns?.map(\.name) == ["n"])
        try db.execute("DROP TABLE r")
        #expect(try db.execute("SELECT count(*) FROM pg_dist_shard").int(0, 0) == 0)
        #expect(throws: SQLError.self) {
            try cluster.workers[0].execute("SELECT 1 FROM r_102008")
        }
    }

    /// A reference table has a placement on every node, the coordinator
    /// first (as 15_reference_rebalance.out shows), and every write
    /// reaches all of them.
    @Test func referenceTablesLiveOnEveryNode() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            "CREATE TABLE countries (code text PRIMARY KEY, name text);"
                + "INSERT INTO countries VALUES ('CN', 'China'), ('IN', 'India');"
                + "SELECT create_reference_table('countries');"
                + "INSERT INTO countries VALUES ('US', 'USA')")
        let groups = try db.execute(
            "SELECT groupid FROM pg_dist_placement ORDER BY groupid")
        #expect(Self.texts(groups) == [["0"], ["1"], ["2"]])
        let shard = try #require(
            try db.execute("SELECT shardid FROM pg_dist_shard").int(0, 0))
        for node in [db] + cluster.workers {
            let count = try node.execute("SELECT count(*) FROM countries_\(shard)")
            #expect(count.int(0, 0) == 3)
        }
        try db.execute(
            "CREATE TABLE h (site_id int, country text);"
                + "SELECT create_distributed_table('h', 'site_id');"
                + "INSERT INTO h VALUES (1, 'China'), (2, 'India'), (3, 'China'), (4, 'Peru')")
        let joined = try db.execute(
            "SELECT c.code, count(*) FROM h JOIN countries c ON c.name = h.country "
                + "GROUP BY 1 ORDER BY 1")
        #expect(Self.texts(joined) == [["CN", "2"], ["IN", "1"]])
    }

    /// Citus' parameters exist with their defaults (01_versions_settings.out)
    /// and steer distribution.
    @Test func citusSettings() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        #expect(try db.execute("SHOW citus.shard_count").text(row: 0, column: 0) == "32")
        #expect(
            try db.execute("SHOW citus.multi_shard_modify_mode").text(row: 0, column: 0)
                == "parallel")
        try db.execute(
            "SET citus.shard_count = 4; SET citus.next_shard_id = 7000;"
                + "CREATE TABLE t (a int); SELECT create_distributed_table('t', 'a')")
        let ids = try db.execute("SELECT shardid FROM pg_dist_shard ORDER BY 1")
        #expect(Self.texts(ids) == [["7000"], ["7001"], ["7002"], ["7003"]])
        #expect(throws: SQLError.self) { try db.execute("SET citus.shard_count = 0") }
    }

    /// The workers as citus_get_active_worker_nodes() and
    /// run_command_on_workers() list them (01_versions_settings.out shows
    /// the latter's columns and order).
    @Test func functionsOverTheWorkers() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        let nodes = try db.execute("SELECT * FROM citus_get_active_worker_nodes()")
        #expect(Self.texts(nodes) == [["localhost", "9701"], ["localhost", "9702"]])
        let ran = try db.execute("SELECT * FROM run_command_on_workers('SELECT 40 + 2')")
        #expect(ran.columns?.map(\.name) == ["nodename", "nodeport", "success", "result"])
        #expect(
            Self.texts(ran) == [["localhost", "9701", "t", "42"], ["localhost", "9702", "t", "42"]])
        let failed = try db.execute("SELECT success, result FROM run_command_on_workers('SELEC')")
        #expect(Self.texts(failed).first == ["f", "syntax error at or near \"SELEC\""])
    }

    /// Colocated tables joined on their distribution columns run shard by
    /// shard and agree with a single node; other joins of distributed
    /// tables need a repartition, which Citus refuses by default
    /// (13_explain.out shows the error and its hint).
    @Test func colocatedJoinsRunShardByShard() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        var setup = ""
        for suffix in ["", "_local"] {
            setup +=
                "CREATE TABLE req\(suffix) (site_id int, country text, ms int);"
                + "CREATE TABLE agg\(suffix) (site_id int, country text, n int);"
                + "INSERT INTO req\(suffix) SELECT s % 13, (ARRAY['CN','IN','US'])[1 + s % 3], s "
                + "FROM generate_series(1, 300) s;"
                + "INSERT INTO agg\(suffix) SELECT s % 17, (ARRAY['CN','IN','US'])[1 + s % 3], s "
                + "FROM generate_series(1, 60) s;"
        }
        try db.execute(
            setup + "SELECT create_distributed_table('req', 'site_id');"
                + "SELECT create_distributed_table('agg', 'site_id')")
        let queries = [
            "SELECT r.site_id, count(*), sum(a.n) FROM R r JOIN A a ON r.site_id = a.site_id "
                + "GROUP BY r.site_id ORDER BY 1",
            "SELECT r.country, count(*) FROM R r, A a WHERE a.site_id = r.site_id "
                + "AND a.n > 10 GROUP BY 1 ORDER BY 1",
            "SELECT count(*) FROM R r LEFT JOIN A a ON r.site_id = a.site_id AND a.n < 5",
            "SELECT r.ms, a.n FROM R r JOIN A a ON r.site_id = a.site_id WHERE r.site_id = 3 "
                + "ORDER BY 1, 2 LIMIT 5",
            "SELECT site_id, count(*) FROM R r JOIN A a USING (site_id) GROUP BY 1 ORDER BY 1",
            "SELECT count(*) FROM R r JOIN A a USING (site_id, country)",
        ]
        for query in queries {
            let distributed = query.replacingOccurrences(of: "R r", with: "req r")
                .replacingOccurrences(of: "A a", with: "agg a")
            let local = query.replacingOccurrences(of: "R r", with: "req_local r")
                .replacingOccurrences(of: "A a", with: "agg_local a")
            let d = try db.execute(distributed)
            let l = try db.execute(local)
            #expect(Self.texts(d) == Self.texts(l), "\(query)")
            #expect(d.columns == l.columns, "\(query)")
        }
        let repartition =
            "SELECT count(*) FROM req r JOIN agg a ON r.country = a.country"
        #expect {
            try db.execute(repartition)
        } throws: { error in
            let error = error as? SQLError
            return error?.message == "the query contains a join that requires repartitioning"
                && error?.hint
                    == "Set citus.enable_repartition_joins to on to enable repartitioning"
        }
        try db.execute("SET citus.enable_repartition_joins = on")
        let joined = try db.execute(repartition)
        let local = try db.execute(
            "SELECT count(*) FROM req_local r JOIN agg_local a ON r.country = a.country")
        #expect(Self.texts(joined) == Self.texts(local))
    }

    /// At DEBUG2 the planner says what it chose, in Citus' words (its
    /// multi_router_planner_fast_path regression output).
    @Test func plannerDecisionsAtDebug2() throws {
        let cluster = try Cluster()
        let session = cluster.coordinator.connect()
        try session.execute(
            "CREATE TABLE t (a int, b int); SELECT create_distributed_table('t', 'a');"
                + "SET client_min_messages TO debug2")
        func debugMessages(_ sql: String) -> [String] {
            var messages: [String] = []
            session.run(sql) { event in
                if case .notice(let notice) = event, notice.severity == .debug {
                    messages.append(notice.message)
                }
            }
            return messages
        }
        #expect(
            debugMessages("INSERT INTO t VALUES (10, 1)")
                == ["Creating router plan", "query has a single distribution column value: 10"])
        #expect(
            debugMessages("SELECT * FROM t WHERE a = 10")
                == [
                    "Distributed planning for a fast-path router query", "Creating router plan",
                    "query has a single distribution column value: 10",
                ])
        #expect(
            debugMessages("SELECT count(*) FROM t")
                == ["Router planner cannot handle multi-shard select queries"])
        // Sites 11 and 12 share a shard (11_hashing.out).
        #expect(debugMessages("SELECT * FROM t WHERE a IN (11, 12)") == ["Creating router plan"])
        try session.execute("RESET client_min_messages")
        #expect(debugMessages("SELECT * FROM t WHERE a = 10").isEmpty)
    }

    /// undistribute_table and alter_distributed_table keep every row and
    /// report their steps as Citus does (its undistribute_table regression
    /// output gives the NOTICE texts).
    @Test func undistributeAndAlter() throws {
        let cluster = try Cluster()
        let session = cluster.coordinator.connect()
        try session.execute(
            "SET citus.shard_count TO 4; CREATE TABLE d (id int, a int);"
                + "SELECT create_distributed_table('d', 'id');"
                + "INSERT INTO d SELECT s, s * 2 FROM generate_series(1, 50) s")
        var notices: [String] = []
        session.run("SELECT undistribute_table('d')") { event in
            if case .notice(let notice) = event { notices.append(notice.message) }
        }
        #expect(
            notices == [
                "creating a new table for public.d", "moving the data of public.d",
                "dropping the old public.d", "renaming the new table to public.d",
            ])
        #expect(try session.execute("SELECT count(*) FROM pg_dist_partition").int(0, 0) == 0)
        #expect(try session.execute("SELECT sum(a) FROM d").int(0, 0) == 2550)
        let shells = try session.execute(
            "SELECT result FROM run_command_on_workers('SELECT count(*) FROM pg_dist_shard')")
        #expect(Self.texts(shells) == [["0"], ["0"]])
        try session.execute(
            "SELECT create_distributed_table('d', 'id');"
                + "SELECT alter_distributed_table('d', shard_count := 6)")
        #expect(try session.execute("SELECT count(*) FROM pg_dist_shard").int(0, 0) == 6)
        #expect(try session.execute("SELECT sum(a) FROM d").int(0, 0) == 2550)
        #expect {
            try session.execute("SELECT alter_distributed_table('d', shard_count := 6)")
        } throws: { error in
            (error as? SQLError)?.message == "this call doesn't change any properties of the table"
        }
    }

    /// A modification's stable functions are evaluated once, on the
    /// coordinator (Citus' behaviour, from its documentation of function
    /// evaluation for modifications): every shard compares with the same
    /// now().
    @Test func modificationsSeeOneNow() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            "CREATE TABLE e (site_id int, at timestamptz);"
                + "SELECT create_distributed_table('e', 'site_id')")
        // In one transaction now() is the coordinator's transaction start;
        // the workers' own transactions start a little later, so a now()
        // left to them would find the rows older than it.
        try db.execute(
            "BEGIN; INSERT INTO e SELECT s, now() FROM generate_series(1, 40) s")
        let none = try db.execute("DELETE FROM e WHERE at < now()")
        #expect(none.commandTag == "DELETE 0")
        let all = try db.execute("DELETE FROM e WHERE at <= now()")
        #expect(all.commandTag == "DELETE 40")
        try db.execute("ROLLBACK")
    }

    @Test func rejectsWhatCitusRejects() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute("CREATE TABLE t (a int, b int); SELECT create_distributed_table('t', 'a')")
        #expect {
            try db.execute("UPDATE t SET a = 1")
        } throws: { error in
            (error as? SQLError)?.message == "modifying the partition value of rows is not allowed"
        }
        #expect {
            try db.execute("INSERT INTO t (b) VALUES (1)")
        } throws: { error in
            (error as? SQLError)?.message
                == "cannot perform an INSERT with NULL in the partition column"
        }
        #expect {
            try db.execute("SELECT create_distributed_table('t', 'a')")
        } throws: { error in
            (error as? SQLError)?.message == "table \"t\" is already distributed"
        }
        // The coordinator analyses modifications, so errors keep their
        // positions and carry no worker CONTEXT (PostgreSQL's own texts).
        #expect {
            try db.execute("UPDATE t SET b = nope")
        } throws: { error in
            let error = error as? SQLError
            return error?.message == "column \"nope\" does not exist" && error?.position == 18
                && error?.context == nil
        }
        #expect {
            try db.execute("DELETE FROM t WHERE b = 'x'")
        } throws: { error in
            let error = error as? SQLError
            return error?.message == "invalid input syntax for type integer: \"x\""
                && error?.position == 25 && error?.context == nil
        }
    }
}
