// Set-returning functions and composite values over a distributed table,
// in the shapes of Lab 6's dashboard queries (06i_lab6_dashboard_topn,
// 06j_lab6_top10_urls, 08_lab6_replay_rollup_static): the select list's
// `(topn(..)).*` runs in the shard tasks of a multi-shard SELECT with
// LIMIT, and `(topn(topn_agg, 10)).item` runs on the coordinator over a
// subquery aggregating the distributed table. Each must give the rows the
// same query gives on one node.
import Engine
import Testing

@testable import ShardRouter

@Suite struct CompositeDistributedTests {
    static let setup = """
        CREATE EXTENSION IF NOT EXISTS hll;
        CREATE EXTENSION IF NOT EXISTS topn;
        CREATE TABLE http_request_1min (
            site_id int, ingest_time timestamptz, request_country text,
            request_count bigint, success_count bigint, error_count bigint,
            sum_response_time_msec bigint, distinct_ip_addresses hll, top_urls_1000 jsonb);
        INSERT INTO http_request_1min
        SELECT s, '2026-12-03 18:00:00+00'::timestamptz - (m || ' minutes')::interval,
            'c' || (s % 3), 10 * s + m, s, m, 100 * s, hll_add_agg(hll_hash_integer(k)),
            topn_add_agg('/page/' || (k % (s + 2)) ORDER BY k)
        FROM generate_series(1, 6) s, generate_series(0, 7) m, generate_series(1, 40) k
        WHERE k <= s * 5 + m GROUP BY s, m;
        """

    /// The lab's queries, with now() fixed at the data's last minute.
    static let queries: [String] = [
        """
        SELECT site_id, ingest_time as minute, request_count, success_count,
        error_count, sum_response_time_msec/request_count as average_response_time_msec,
        hll_cardinality(distinct_ip_addresses)::bigint AS distinct_ip_address_count
        ,(topn(http_request_1min.top_urls_1000,1)).*
        FROM http_request_1min
        WHERE ingest_time > '2026-12-03 18:00:00+00'::timestamptz - interval '2 minutes' LIMIT 15
        """,
        """
        SELECT (topn(topn_agg,10)).item as top_urls from (
        SELECT topn_union_agg(http_request_1min.top_urls_1000) topn_agg
        FROM http_request_1min
        WHERE ingest_time > '2026-12-03 18:00:00+00'::timestamptz - '5 minutes'::interval) a
        """,
        """
        SELECT (topn(topn_agg,10)).* from (
        SELECT topn_union_agg(http_request_1min.top_urls_1000) topn_agg
        FROM http_request_1min WHERE ingest_time > '2026-12-03 19:00:00+00') a
        """,
        """
        SELECT site_id, ingest_time, request_country, request_count,
        hll_cardinality(distinct_ip_addresses) AS card, (topn(top_urls_1000, 1)).*
        FROM http_request_1min WHERE ingest_time = '2026-12-03 17:58:00+00'
        ORDER BY 1, 2, 3 LIMIT 3
        """,
        """
        SELECT site_id, (topn(top_urls_1000, 2)).item, generate_series(1, 3) AS g
        FROM http_request_1min WHERE site_id = 4 AND ingest_time = '2026-12-03 18:00:00+00'
        """,
        """
        SELECT site_id, unnest(array[request_count, error_count]) FROM http_request_1min
        ORDER BY 1, 2 LIMIT 7
        """,
        """
        SELECT count(*), generate_series(1, 2), (topn(topn_union_agg(top_urls_1000), 1)).*
        FROM http_request_1min
        """,
        """
        SELECT row_to_json(t)::text FROM (SELECT site_id, request_count FROM http_request_1min
        WHERE ingest_time = '2026-12-03 18:00:00+00') t ORDER BY 1
        """,
    ]

    /// The rows of `result` as text, sorted when the query has no ORDER
    /// BY of its own (a multi-shard LIMIT keeps any rows).
    static func rows(_ result: QueryResult, sorted: Bool) -> [String] {
        let lines = (0..<result.rows.count).map { row in
            (0..<(result.columns?.count ?? 0)).map { result.string(row, $0) ?? "NULL" }
                .joined(separator: "|")
        }
        return sorted ? lines.sorted() : lines
    }

    @Test func labQueriesMatchOneNode() throws {
        let single = Database(engine: Engine())
        try single.execute(Self.setup)
        let cluster = try Cluster()
        try cluster.coordinator.execute(Self.setup)
        try cluster.coordinator.execute(
            "SELECT create_distributed_table('http_request_1min', 'site_id')")
        for sql in Self.queries {
            let a = try single.execute(sql)
            let b = try cluster.coordinator.execute(sql)
            let sorted = !sql.contains("ORDER BY 1") && !sql.contains("topn_agg,10")
            #expect(a.columns?.map(\.name) == b.columns?.map(\.name), "\(sql)")
            #expect(Self.rows(a, sorted: sorted) == Self.rows(b, sorted: sorted), "\(sql)")
            #expect(!a.rows.isEmpty || sql.contains("19:00"), "\(sql)")
        }
    }

    /// 06i's shape runs whole in the shard tasks: the select list, its
    /// set-returning call included, and the LIMIT reach the workers (as
    /// Citus pushes a LIMIT without ORDER BY or aggregates).
    @Test func selectListSetFunctionIsPushedToTheShards() throws {
        let cluster = try Cluster()
        try cluster.coordinator.execute(Self.setup)
        try cluster.coordinator.execute(
            "SELECT create_distributed_table('http_request_1min', 'site_id')")
        let session = cluster.coordinator.connect()
        try session.execute("SET citus.log_remote_commands TO on")
        let sql = "SELECT site_id, (topn(top_urls_1000, 1)).* FROM http_request_1min LIMIT 15"
        let notices = try RemoteCommandLogTests.log(session, sql)
        #expect(notices.count == 32)
        #expect(notices.allSatisfy { $0.contains("(topn(top_urls_1000, 1)).* FROM public.") })
        #expect(notices.allSatisfy { $0.contains(" LIMIT 15 | on server") })
        let result = try session.execute(sql)
        #expect(result.columns?.map(\.name) == ["site_id", "item", "frequency"])
        #expect(result.rows.count == 15)
    }

    /// CREATE TYPE reaches the workers (Citus propagates composite types,
    /// commands/type.c), so a distributed table can have a column of the
    /// type; its values and fields read the same as on one node, and DROP
    /// TYPE leaves no worker with it.
    @Test func compositeTypeColumnsOnADistributedTable() throws {
        let setup = """
            CREATE TYPE pair AS (k text, n bigint);
            CREATE TABLE tp (id int, p pair, ps pair[]);
            INSERT INTO tp VALUES (1, '(a,1)'), (2, ROW('b', 2)), (3, NULL), (4, '("c d",4)');
            """
        let single = Database(engine: Engine())
        try single.execute(setup)
        let cluster = try Cluster()
        try cluster.coordinator.execute(setup)
        try cluster.coordinator.execute("SELECT create_distributed_table('tp', 'id')")
        for worker in cluster.workers {
            #expect(try worker.execute("SELECT ('(x,7)'::pair).n").string(0, 0) == "7")
        }
        // INSERT .. SELECT of composite and array-of-composite values.
        let more = """
            INSERT INTO tp SELECT s, ROW('k' || s, s)::pair, ARRAY[ROW('e', s)::pair]
            FROM generate_series(5, 6) s
            """
        try single.execute(more)
        try cluster.coordinator.execute(more)
        let queries = [
            "SELECT * FROM tp ORDER BY id",
            "SELECT id, (p).k, (p).* FROM tp ORDER BY id",
            "SELECT (p).n, count(*) FROM tp GROUP BY 1 ORDER BY 1",
            "SELECT row_to_json(tp) FROM tp WHERE id = 2",
            "SELECT p, to_jsonb(p) FROM tp WHERE p IS NOT NULL ORDER BY p DESC",
            "SELECT id, ps, (ps[1]).n FROM tp WHERE ps IS NOT NULL ORDER BY id",
        ]
        for sql in queries {
            let a = try single.execute(sql)
            let b = try cluster.coordinator.execute(sql)
            #expect(a.columns?.map(\.name) == b.columns?.map(\.name), "\(sql)")
            #expect(Self.rows(a, sorted: false) == Self.rows(b, sorted: false), "\(sql)")
        }
        try cluster.coordinator.execute("DROP TABLE tp; DROP TYPE pair")
        for worker in cluster.workers {
            #expect(throws: SQLError.self) { try worker.execute("SELECT '(x,7)'::pair") }
        }
    }
}
