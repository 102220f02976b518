// Recursive planning: subqueries, CTEs and local tables that Citus plans
// on their own. The rows must equal what one node gives for the same
// query; the DEBUG1 messages follow Citus 12.1, whose texts come from its
// recursive_planning.c and cte_inline.c and the worked examples of its
// technical documentation (src/backend/distributed/README.md, "Recursive
// planning"), not from the reference cluster, which ran no such query at
// DEBUG1. The plan ids are checked against the reference's own count:
// 13_explain.sql's local-table join is its session's 20th distributed
// plan, `Distributed Subplan 20_1`.
import Engine
import Foundation
import Testing

@testable import ShardRouter

@Suite struct RecursivePlanningTests {
    /// A cluster with `events` distributed by site_id, `local_events` with
    /// the same rows on the coordinator alone, and a local `sites` table.
    static func cluster() throws -> Cluster {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(
            """
            CREATE TABLE events (site_id int, kind text, amount int);
            CREATE TABLE local_events (site_id int, kind text, amount int);
            CREATE TABLE sites (site_id int PRIMARY KEY, name text);
            SELECT create_distributed_table('events', 'site_id');
            INSERT INTO events SELECT i % 17, (ARRAY['view','click','buy'])[i % 3 + 1], i * 7 % 101
              FROM generate_series(1, 400) i;
            INSERT INTO local_events SELECT * FROM events;
            INSERT INTO sites SELECT i, 'site ' || i FROM generate_series(0, 9) i;
            """)
        return cluster
    }

    static func texts(_ result: QueryResult) -> [[String]] {
        result.rows.indices.map { row in
            (result.columns ?? []).indices.map { result.text(row: row, column: $0) ?? "" }
        }
    }

    static func debugMessages(_ session: Session, _ sql: String) -> [String] {
        var messages: [String] = []
        session.run(sql) { event in
            if case .notice(let notice) = event, notice.severity == .debug {
                messages.append(notice.message)
            }
        }
        return messages
    }

    @Test(arguments: [
        "SELECT count(*), sum(amount) FROM (SELECT * FROM T ORDER BY amount, site_id LIMIT 30) s",
        "SELECT kind, n FROM (SELECT kind, count(*) AS n FROM T GROUP BY kind) s ORDER BY kind",
        "WITH c AS (SELECT kind, max(amount) AS m FROM T GROUP BY kind) "
            + "SELECT a.kind, b.m FROM c a JOIN c b USING (kind) ORDER BY 1",
        "WITH top AS (SELECT site_id, sum(amount) AS total FROM T GROUP BY site_id "
            + "ORDER BY total DESC LIMIT 3) SELECT * FROM top ORDER BY site_id",
        "SELECT site_id, amount FROM T WHERE amount = (SELECT max(amount) FROM T) "
            + "ORDER BY site_id",
        "SELECT s.name, count(*) FROM T e JOIN sites s ON s.site_id = e.site_id "
            + "WHERE s.site_id < 5 GROUP BY s.name ORDER BY 1",
        "SELECT avg(total) FROM (SELECT site_id, sum(amount) AS total FROM T GROUP BY site_id) x",
        "SELECT name FROM sites WHERE site_id IN (SELECT site_id FROM T WHERE amount > 95) "
            + "ORDER BY 1",
        // A subplan whose query reads an earlier subplan's result.
        "SELECT (SELECT count(*) FROM T WHERE amount <= (SELECT max(site_id) FROM sites)), "
            + "(SELECT sum(amount) FROM T)",
    ])
    func rowsMatchASingleNode(query: String) throws {
        let cluster = try Self.cluster()
        let db = cluster.coordinator
        let distributed = try db.execute(query.replacingOccurrences(of: " T", with: " events"))
        let local = try db.execute(query.replacingOccurrences(of: " T", with: " local_events"))
        #expect(Self.texts(distributed) == Self.texts(local))
        #expect(!local.rows.isEmpty)
        withExtendedLifetime(cluster) {}
    }

    /// The outer query's tasks read a subplan's result on the workers, as
    /// Citus broadcasts it: the task queries name read_intermediate_result.
    @Test func tasksReadTheBroadcastResult() throws {
        let cluster = try Self.cluster()
        let session = cluster.coordinator.connect()
        try session.execute("SET citus.log_remote_commands TO on")
        var issued: [String] = []
        session.run(
            "SELECT s.name, count(*) FROM events e JOIN sites s ON s.site_id = e.site_id "
                + "GROUP BY s.name"
        ) { event in
            if case .notice(let notice) = event, notice.message.hasPrefix("issuing SELECT") {
                issued.append(notice.message)
            }
        }
        #expect(issued.count == 32)
        #expect(
            issued.allSatisfy {
                $0.contains("read_intermediate_result('1_1'::text, 'binary'::citus_copy_format)")
            })
        withExtendedLifetime(cluster) {}
    }

    /// UPDATE and DELETE plan their subqueries (over Citus or local
    /// tables) and the local tables of their FROM or USING list on their
    /// own, so a subquery sees the whole table, not one shard of it.
    @Test func modificationsPlanTheirSubqueriesFirst() throws {
        let cluster = try Self.cluster()
        let db = cluster.coordinator
        try db.execute("CREATE TABLE banned (site_id int); INSERT INTO banned VALUES (1), (2)")
        let statements = [
            "UPDATE T SET amount = 0 WHERE amount > (SELECT avg(amount) FROM T)",
            "DELETE FROM T WHERE site_id IN (SELECT site_id FROM banned)",
            "UPDATE T e SET amount = e.amount + b.site_id FROM banned b "
                + "WHERE b.site_id = e.site_id",
            "DELETE FROM T e USING banned b WHERE e.site_id = b.site_id + 5",
            "UPDATE T SET amount = (SELECT max(site_id) FROM banned) WHERE kind = 'buy'",
        ]
        let check = "SELECT site_id, kind, amount FROM T ORDER BY 1, 2, 3"
        func rows(_ table: String) throws -> [[String]] {
            Self.texts(try db.execute(check.replacingOccurrences(of: " T", with: " " + table)))
        }
        for statement in statements {
            let distributed = try db.execute(
                statement.replacingOccurrences(of: " T", with: " events"))
            let local = try db.execute(
                statement.replacingOccurrences(of: " T", with: " local_events"))
            #expect(distributed.commandTag == local.commandTag, "\(statement)")
            #expect(try rows("events") == rows("local_events"), "\(statement)")
        }
        withExtendedLifetime(cluster) {}
    }

    /// CREATE TABLE .. AS over a distributed table gets the shards' rows.
    @Test func createTableAsReadsTheShards() throws {
        let cluster = try Self.cluster()
        let db = cluster.coordinator
        try db.execute("CREATE TABLE copied AS SELECT * FROM events WHERE amount > 50")
        let copied = try db.execute("SELECT count(*), sum(amount) FROM copied")
        let local = try db.execute(
            "SELECT count(*), sum(amount) FROM local_events WHERE amount > 50")
        #expect(Self.texts(copied) == Self.texts(local))
        #expect(Self.texts(local) != [["0", ""]])
        withExtendedLifetime(cluster) {}
    }

    /// The first of Citus' documented examples: a subquery with LIMIT is
    /// not pushdown-safe, so it becomes subplan 1 of its statement's plan.
    @Test func subqueryWithLimitBecomesASubplan() throws {
        let cluster = try Self.cluster()
        let session = cluster.coordinator.connect()
        try session.execute("SET client_min_messages TO debug1")
        let messages = Self.debugMessages(
            session, "SELECT count(*) FROM (SELECT * FROM events LIMIT 1) AS foo")
        #expect(
            messages == [
                "push down of limit count: 1",
                "generating subplan 1_1 for subquery SELECT site_id, kind, amount "
                    + "FROM public.events LIMIT 1",
                "Plan 1 query after replacing subqueries and CTEs: SELECT count(*) AS count "
                    + "FROM (SELECT intermediate_result.site_id, intermediate_result.kind, "
                    + "intermediate_result.amount FROM read_intermediate_result('1_1'::text, "
                    + "'binary'::citus_copy_format) intermediate_result(site_id integer, "
                    + "kind text, amount integer)) foo",
            ])
        // The subplan was a distributed plan of its own (2): the next
        // statement's plan is 3.
        let next = Self.debugMessages(
            session, "SELECT count(*) FROM (SELECT max(amount) AS m FROM events) AS bar")
        #expect(next.first == "generating subplan 3_1 for subquery SELECT max(amount) AS m "
            + "FROM public.events")
        withExtendedLifetime(cluster) {}
    }

    /// A pushdown-safe subquery (grouped by the distribution column) runs
    /// shard by shard: no subplan.
    @Test func pushableSubqueryMakesNoSubplan() throws {
        let cluster = try Self.cluster()
        let session = cluster.coordinator.connect()
        try session.execute("SET client_min_messages TO debug1")
        let messages = Self.debugMessages(
            session,
            "SELECT count(*) FROM (SELECT site_id, sum(amount) FROM events GROUP BY site_id) s")
        #expect(messages.isEmpty)
        withExtendedLifetime(cluster) {}
    }

    /// A query whose every level is pinned to one shard is a router
    /// query, planned before recursive planning is tried.
    @Test func routerQueriesMakeNoSubplan() throws {
        let cluster = try Self.cluster()
        let session = cluster.coordinator.connect()
        try session.execute("SET client_min_messages TO debug1")
        let query =
            "SELECT count(*) FROM (SELECT * FROM events WHERE site_id = 3 LIMIT 2) s"
        #expect(Self.debugMessages(session, query).isEmpty)
        #expect(Self.texts(try session.execute(query)) == [["2"]])
        withExtendedLifetime(cluster) {}
    }

    @Test func ctesAreInlinedOrPlanned() throws {
        let cluster = try Self.cluster()
        let session = cluster.coordinator.connect()
        try session.execute("SET client_min_messages TO debug1")
        let once = Self.debugMessages(
            session, "WITH c AS (SELECT * FROM events WHERE site_id = 3) SELECT count(*) FROM c")
        #expect(once == ["CTE c is going to be inlined via distributed planning"])
        let twice = Self.debugMessages(
            session,
            "WITH c AS (SELECT max(amount) AS m FROM events) SELECT * FROM c a, c b")
        #expect(twice.first == "generating subplan 2_1 for CTE c: SELECT max(amount) AS m "
            + "FROM public.events")
        #expect(twice.count == 2)
        #expect(
            throws: SQLError.self,
            performing: {
                try session.execute(
                    "WITH RECURSIVE r(n) AS (SELECT site_id FROM events UNION ALL "
                        + "SELECT n + 1 FROM r WHERE n < 3) SELECT count(*) FROM r")
            })
        withExtendedLifetime(cluster) {}
    }

    /// 13_explain.sql's join of http_request with the local latest_rollup,
    /// after the nineteen distributed statements before it in that file:
    /// Citus wraps the local table and names the subplan 20_1.
    @Test func localTableJoinMatchesTheReferencePlanID() throws {
        let cluster = try DistributedExplainTests.labCluster()
        let session = cluster.coordinator.connect()
        let url = DistributedExplainTests.fixtures.appendingPathComponent(
            "citus-reference/13_explain.sql")
        let script = try String(contentsOf: url, encoding: .utf8)
        let target = "EXPLAIN (COSTS OFF) SELECT * FROM http_request h, latest_rollup l"
        guard let range = script.range(of: target) else {
            Issue.record("13_explain.sql changed")
            return
        }
        // Statement by statement, as psql sends them (some fail here).
        for statement in script[..<range.lowerBound].components(separatedBy: ";\n") {
            session.run(statement) { _ in }
        }
        try session.execute("SET client_min_messages TO debug1")
        let messages = Self.debugMessages(
            session,
            "SELECT * FROM http_request h, latest_rollup l WHERE h.ingest_time > l.minute LIMIT 1")
        #expect(
            Array(messages.prefix(2)) == [
                "Wrapping relation \"latest_rollup\" \"l\" to a subquery",
                "generating subplan 20_1 for subquery SELECT minute FROM public.latest_rollup l "
                    + "WHERE true",
            ])
        withExtendedLifetime(cluster) {}
    }
}
