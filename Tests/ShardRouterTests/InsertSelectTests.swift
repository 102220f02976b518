// INSERT .. SELECT on Citus tables: the lab's Lab 5 rollup gives the rows
// one node gives, over random data; the planner's DEBUG messages name the
// path it took in Citus' words; a task that fails on one shard leaves none
// of the statement's rows anywhere; EXPLAIN shows the pushed-down tasks.
//
// The DEBUG texts come from Citus 12.1's insert_select_planner and
// insert_select_executor sources and its insert_select_single_shard_table
// regression output, not from the reference cluster, which ran no script
// at DEBUG2.
import Engine
import Testing

@testable import ShardRouter

@Suite struct InsertSelectTests {
    /// Lab 3's tables (a daily partition and the default partition for
    /// http_request) and Lab 5's rollup function, verbatim.
    static let labSchema = """
        CREATE TABLE http_request (
        site_id INT,
        ingest_time TIMESTAMPTZ DEFAULT now(),
        url TEXT,
        request_country TEXT,
        ip_address TEXT,
        status_code INT,
        response_time_msec INT
        ) PARTITION BY RANGE (ingest_time);
        CREATE TABLE http_request_p2026_01_01 PARTITION OF http_request
          FOR VALUES FROM ('2026-01-01') TO ('2026-01-02');
        CREATE TABLE http_request_default PARTITION OF http_request DEFAULT;
        CREATE TABLE http_request_1min (
        site_id INT,
        ingest_time TIMESTAMPTZ,
        request_country TEXT,
        error_count INT,
        success_count INT,
        request_count INT,
        sum_response_time_msec INT,
        CHECK (request_count = error_count + success_count),
        CHECK (ingest_time = date_trunc('minute', ingest_time)),
        PRIMARY KEY (site_id, ingest_time,request_country)
        );
        CREATE TABLE latest_rollup (
        minute timestamptz PRIMARY KEY,
        CHECK (minute = date_trunc('minute', minute))
        );
        INSERT INTO latest_rollup VALUES ('10-10-1901');
        """

    static let rollupFunction = """
        CREATE OR REPLACE FUNCTION rollup_http_request() RETURNS void AS $$
        DECLARE
        curr_rollup_time timestamptz := date_trunc('minute', now());
        last_rollup_time timestamptz := minute from latest_rollup;
        BEGIN
        INSERT INTO http_request_1min (
            site_id, ingest_time, request_country, request_count,
            success_count, error_count, sum_response_time_msec
        ) SELECT
            site_id,
            date_trunc('minute', ingest_time),
            request_country,
            COUNT(1) as request_count,
            SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END) as success_count,
            SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END) as error_count,
            SUM(response_time_msec) AS sum_response_time_msec
        FROM http_request
        -- roll up only data new since last_rollup_time
        WHERE date_trunc('minute', ingest_time) <@
                tstzrange(last_rollup_time, curr_rollup_time, '(]')
        GROUP BY 1, 2,3
        ON CONFLICT (site_id,ingest_time,request_country)
        DO UPDATE
            SET request_count = http_request_1min.request_count + excluded.request_count,
            success_count = http_request_1min.success_count + excluded.success_count,
            error_count = http_request_1min.error_count + excluded.error_count,
            sum_response_time_msec = http_request_1min.sum_response_time_msec + \
        excluded.sum_response_time_msec;

        -- update the value in latest_rollup so that next time we run the
        -- rollup it will operate on data newer than curr_rollup_time
        UPDATE latest_rollup SET minute = curr_rollup_time;
        END;
        $$ LANGUAGE plpgsql;
        """

    /// The rollup statement over a fixed window, which conflicts with the
    /// rows an earlier run wrote.
    static let windowRollup = """
        INSERT INTO http_request_1min (
            site_id, ingest_time, request_country, request_count,
            success_count, error_count, sum_response_time_msec
        ) SELECT site_id, date_trunc('minute', ingest_time), request_country, COUNT(1),
            SUM(CASE WHEN (status_code between 200 and 299) THEN 1 ELSE 0 END),
            SUM(CASE WHEN (status_code between 200 and 299) THEN 0 ELSE 1 END),
            SUM(response_time_msec)
        FROM http_request
        WHERE date_trunc('minute', ingest_time) <@
                tstzrange('2026-01-01 00:30:00+00', '2026-01-01 02:00:00+00', '(]')
        GROUP BY 1, 2, 3
        ON CONFLICT (site_id, ingest_time, request_country) DO UPDATE
            SET request_count = http_request_1min.request_count + excluded.request_count,
            success_count = http_request_1min.success_count + excluded.success_count,
            error_count = http_request_1min.error_count + excluded.error_count,
            sum_response_time_msec =
                http_request_1min.sum_response_time_msec + excluded.sum_response_time_msec
        """

    /// For random request logs, the rollup function and a conflicting
    /// rollup over a window leave the same rollup rows on the cluster as
    /// on one node, and the cluster pushes them down (no DEBUG message
    /// says otherwise).
    @Test(arguments: [1, 2, 3] as [UInt64])
    func rollupMatchesOneNode(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        let batches = [Self.requestRows(&random), Self.requestRows(&random)]
        let cluster = try Cluster()
        let single = try Cluster(bare: true)
        let sessions = [cluster.coordinator.connect(), single.coordinator.connect()]
        for (index, session) in sessions.enumerated() {
            try session.execute(Self.labSchema)
            if index == 0 {
                try session.execute(
                    "SELECT create_distributed_table('http_request', 'site_id');"
                        + "SELECT create_distributed_table('http_request_1min', 'site_id')")
            }
            try session.execute(Self.rollupFunction)
            try session.execute(batches[0])
            try session.execute("SELECT rollup_http_request()")
            try session.execute(batches[1])
            try session.execute("SET client_min_messages TO debug2")
            var messages: [String] = []
            session.run(Self.windowRollup) { event in
                if case .notice(let notice) = event { messages.append(notice.message) }
            }
            #expect(messages.isEmpty)
            try session.execute("RESET client_min_messages")
            try session.execute("SELECT rollup_http_request()")
        }
        let query = "SELECT * FROM http_request_1min ORDER BY 1, 2, 3"
        let distributed = try sessions[0].execute(query)
        let local = try sessions[1].execute(query)
        #expect(distributed.rows.count > 0)
        #expect(Self.texts(distributed) == Self.texts(local))
    }

    /// INSERT statements of random request rows on 2026-01-01.
    static func requestRows(_ random: inout SplitMix64) -> String {
        let countries = ["China", "India", "USA", "Indonesia"]
        var values: [String] = []
        for _ in 0..<(150 + Int(random.next() % 150)) {
            let site = random.next() % 12
            let second = random.next() % (3 * 3600)
            let country = countries[Int(random.next() % 4)]
            let status = random.next() % 3 == 0 ? 404 : 200
            let time = 5 + random.next() % 150
            values.append(
                "(\(site), timestamptz '2026-01-01 00:00:00+00' + interval '\(second) seconds', "
                    + "'http://example.com/', '\(country)', '1.2.3.4', \(status), \(time))")
        }
        return "INSERT INTO http_request (site_id, ingest_time, url, request_country, "
            + "ip_address, status_code, response_time_msec) VALUES "
            + values.joined(separator: ", ")
    }

    static func texts(_ result: QueryResult) -> [[String]] {
        (0..<result.rows.count).map { row in
            (0..<(result.columns?.count ?? 0)).map { result.string(row, $0) ?? "NULL" }
        }
    }

    // MARK: - DEBUG messages

    /// Each path says at DEBUG2 what Citus says: pruned target shards are
    /// skipped, a SELECT that cannot be pushed down says why and is
    /// collected on the coordinator or repartitioned.
    @Test func debugMessagesNameThePath() throws {
        let cluster = try Cluster()
        let session = cluster.coordinator.connect()
        try session.execute(
            """
            SET citus.shard_count = 4;
            CREATE TABLE s (a int, b int); SELECT create_distributed_table('s', 'a');
            CREATE TABLE t (a int PRIMARY KEY, b int); SELECT create_distributed_table('t', 'a');
            CREATE TABLE other (a int, b int);
            SELECT create_distributed_table('other', 'a', colocate_with => 'none');
            CREATE TABLE r (a int, b int); SELECT create_reference_table('r');
            CREATE TABLE loc (a int, b int);
            INSERT INTO s SELECT i, i FROM generate_series(1, 20) i;
            SET client_min_messages TO debug2;
            """)
        func messages(_ sql: String) -> [String] {
            var found: [String] = []
            session.run(sql) { event in
                guard case .notice(let notice) = event, notice.severity == .debug else { return }
                found.append(
                    ([notice.message] + [notice.detail, notice.hint].compactMap { $0 })
                        .joined(separator: " | "))
            }
            return found
        }
        #expect(messages("INSERT INTO t SELECT a, b FROM s").isEmpty)
        // Site 3 hashes to the second of t's four shards, 102013.
        #expect(
            messages("INSERT INTO t SELECT a, b FROM s WHERE a = 3 ON CONFLICT DO NOTHING")
                == [102012, 102014, 102015].map {
                    "Skipping target shard interval \($0) since SELECT query for it pruned away"
                })
        let mismatch =
            "cannot perform distributed INSERT INTO ... SELECT because the partition columns "
            + "in the source table and subquery do not match"
        #expect(
            messages("INSERT INTO t SELECT b, a FROM s ON CONFLICT DO NOTHING") == [
                mismatch + " | The target table's partition column should correspond to a "
                    + "partition column in the subquery.",
                "Router planner cannot handle multi-shard select queries",
                "performing repartitioned INSERT ... SELECT",
                "partitioning SELECT query by column index 0 with name 'a'",
            ])
        #expect(
            messages("INSERT INTO t SELECT 100, b FROM s WHERE a = 1") == [
                mismatch + " | Subquery contains a constant value in the same position as the "
                    + "target table's partition column. | Ensure the target table's partition "
                    + "column has a corresponding simple column reference to a distributed "
                    + "table's partition column in the subquery.",
                "Distributed planning for a fast-path router query", "Creating router plan",
                "query has a single distribution column value: 1",
                "Collecting INSERT ... SELECT results on coordinator",
            ])
        #expect(
            messages("INSERT INTO t SELECT a, b FROM other")
                == [
                    "INSERT target relation and all source relations of the SELECT must be "
                        + "colocated in distributed INSERT ... SELECT",
                    "Router planner cannot handle multi-shard select queries",
                    "performing repartitioned INSERT ... SELECT",
                    "partitioning SELECT query by column index 0 with name 'a'",
                ])
        #expect(
            messages("INSERT INTO t SELECT a, b FROM loc") == [
                "distributed INSERT ... SELECT can only select from distributed tables",
                "Collecting INSERT ... SELECT results on coordinator",
            ])
        #expect(
            messages("INSERT INTO r SELECT a, b FROM s") == [
                "only reference tables may be queried when targeting a reference table with "
                    + "distributed INSERT ... SELECT",
                "Router planner cannot handle multi-shard select queries",
                "Collecting INSERT ... SELECT results on coordinator",
            ])
        #expect(
            messages("INSERT INTO t SELECT a, (random() * 10)::int FROM s WHERE a > 100") == [
                "volatile functions are not allowed in distributed INSERT ... SELECT queries",
                "Router planner cannot handle multi-shard select queries",
                "performing repartitioned INSERT ... SELECT",
                "partitioning SELECT query by column index 0 with name 'a'",
            ])
        #expect(
            messages("INSERT INTO loc SELECT a, b FROM s WHERE a = 5") == [
                "Creating router plan", "query has a single distribution column value: 5",
            ])
        let counts = try session.execute(
            "SELECT (SELECT count(*) FROM t), (SELECT count(*) FROM r), (SELECT sum(a) FROM loc)")
        #expect(counts.int(0, 0) == 21)
        #expect(counts.int(0, 1) == 20)
        #expect(counts.int(0, 2) == 5)
    }

    /// ON CONFLICT may not change the distribution column, nor call
    /// functions that are not immutable (Citus' texts).
    @Test func onConflictRestrictions() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            "CREATE TABLE t (a int PRIMARY KEY, b int); SELECT create_distributed_table('t', 'a');"
                + "INSERT INTO t VALUES (1, 1)")
        let cases: [(String, String)] = [
            (
                "INSERT INTO t SELECT a, b FROM t ON CONFLICT (a) DO UPDATE SET a = excluded.a + 1",
                "modifying the partition value of rows is not allowed"
            ),
            (
                "INSERT INTO t SELECT a, b FROM t ON CONFLICT (a) DO UPDATE SET b = random()::int",
                "functions used in the DO UPDATE SET clause of INSERTs on distributed tables "
                    + "must be marked IMMUTABLE"
            ),
        ]
        for (sql, message) in cases {
            #expect {
                try db.execute(sql)
            } throws: { error in
                (error as? SQLError)?.message == message
                    && (error as? SQLError)?.sqlState == SQLState.featureNotSupported
            }
        }
        try db.execute("INSERT INTO t SELECT a, b FROM t ON CONFLICT (a) DO UPDATE SET a = t.a")
        #expect(try db.execute("SELECT a, b FROM t").int(0, 0) == 1)
    }

    // MARK: - Atomicity

    /// A task that fails on one shard (a duplicate key) leaves none of the
    /// statement's rows on any shard, in and out of a transaction block.
    @Test func failingShardLeavesNoRows() throws {
        let cluster = try Cluster()
        let session = cluster.coordinator.connect()
        try session.execute(
            """
            CREATE TABLE s (a int, b int); SELECT create_distributed_table('s', 'a');
            CREATE TABLE t (a int PRIMARY KEY, b int); SELECT create_distributed_table('t', 'a');
            INSERT INTO s SELECT i, i FROM generate_series(1, 200) i;
            INSERT INTO t VALUES (7, 0);
            """)
        #expect(throws: SQLError.self) { try session.execute("INSERT INTO t SELECT a, b FROM s") }
        #expect(try session.execute("SELECT count(*) FROM t").int(0, 0) == 1)
        try session.execute("BEGIN")
        try session.execute("INSERT INTO t SELECT a, b FROM s WHERE a > 150")
        #expect(throws: SQLError.self) { try session.execute("INSERT INTO t SELECT a, b FROM s") }
        try session.execute("COMMIT")
        #expect(try session.execute("SELECT count(*) FROM t").int(0, 0) == 1)
        try session.execute("INSERT INTO t SELECT a, b FROM s WHERE a <> 7")
        #expect(try session.execute("SELECT count(*) FROM t").int(0, 0) == 200)
    }

    // MARK: - EXPLAIN

    /// EXPLAIN of a pushed-down INSERT .. SELECT: the custom scan counts
    /// the unpruned tasks and shows one task's INSERT on its shard, in the
    /// shape of the reference cluster's 13_explain.out.
    @Test func explainShowsTheTasks() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            "CREATE TABLE s (a int, b int); SELECT create_distributed_table('s', 'a');"
                + "CREATE TABLE t (a int PRIMARY KEY, b int);"
                + "SELECT create_distributed_table('t', 'a')")
        let plan = try db.execute(
            "EXPLAIN (COSTS OFF) INSERT INTO t SELECT a, b FROM s ON CONFLICT (a) DO NOTHING")
        let lines = (0..<plan.rows.count).compactMap { plan.string($0, 0) }
        #expect(
            lines == [
                "Custom Scan (Citus Adaptive)",
                "  Task Count: 32",
                "  Tasks Shown: One of 32",
                "  ->  Task",
                "        Node: host=localhost port=9701 dbname=citus",
                "        ->  Insert on t_102040 citus_table_alias",
                "              Conflict Resolution: NOTHING",
                "              Conflict Arbiter Indexes: t_pkey_102040",
                "              ->  Seq Scan on s_102008 s",
                "                    Filter: (a IS NOT NULL)",
            ])
        #expect(try db.execute("SELECT count(*) FROM t").int(0, 0) == 0)
    }
}

/// A seeded random number generator, so a failing case can be replayed.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
