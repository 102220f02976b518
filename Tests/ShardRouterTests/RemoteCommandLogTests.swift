// citus.log_remote_commands. The reference cluster's outputs do not use
// it, so the expectations come from Citus' source (remote_commands.c:
// the NOTICE "issuing %s" with DETAIL "on server %s@%s:%d connectionId:
// %ld"; remote_transaction.c: the BEGIN with
// assign_distributed_transaction_id, PREPARE TRANSACTION 'citus_%u_%u_%lu_%u',
// COMMIT PREPARED, COMMIT and ROLLBACK; multi_explain.c: the remote
// EXPLAIN's option list) and its regression outputs (connection ids
// numbered from 1 per backend); the shard queries' text is checked
// against the reference's EXPLAIN VERBOSE Query lines in
// DistributedExplainTests.
import Engine
import Foundation
import Testing

@testable import ShardRouter

@Suite struct RemoteCommandLogTests {
    /// A cluster with `t` distributed over 4 shards (two per worker).
    static func cluster() throws -> (Cluster, Session) {
        let cluster = try Cluster()
        let session = cluster.coordinator.connect()
        try session.execute(
            "SET citus.shard_count TO 4; CREATE TABLE t (a int, b text, c int DEFAULT 7);"
                + "SELECT create_distributed_table('t', 'a');"
                + "INSERT INTO t VALUES (1, 'x', 1), (2, 'y', 2), (3, 'z', 3)")
        return (cluster, session)
    }

    /// The notices `sql` raises, each message with its detail.
    static func log(_ session: Session, _ sql: String) throws -> [String] {
        var lines: [String] = []
        var failure: SQLError?
        session.run(sql) { event in
            switch event {
            case .notice(let notice):
                lines.append(notice.message + (notice.detail.map { " | " + $0 } ?? ""))
            case .error(let error): failure = error
            case .result: break
            }
        }
        if let failure { throw failure }
        return lines
    }

    /// `line` with the transaction's timestamp and the backend's pid
    /// replaced, which vary from run to run.
    static func masked(_ line: String) -> String {
        line.replacingOccurrences(
            of: #"'\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(\.\d+)?\+00'"#, with: "'TS'",
            options: .regularExpression
        ).replacingOccurrences(
            of: #"citus_0_\d+_"#, with: "citus_0_PID_", options: .regularExpression)
    }

    static func shardOf(_ session: Session, _ value: Int) throws -> String {
        let result = try session.execute(
            "SELECT get_shard_id_for_distribution_column('t', \(value))")
        return result.text(row: 0, column: 0) ?? ""
    }

    @Test func isARealSetting() throws {
        let (_, session) = try Self.cluster()
        #expect(try session.execute("SHOW citus.log_remote_commands").text(row: 0, column: 0)
            == "off")
        try session.execute("SET citus.log_remote_commands = on")
        #expect(try session.execute("SHOW citus.log_remote_commands").text(row: 0, column: 0)
            == "on")
        try session.execute("RESET citus.log_remote_commands")
        #expect(try Self.log(session, "SELECT * FROM t WHERE a = 1").isEmpty)
    }

    @Test func routerQueryIsSentBare() throws {
        let (_, session) = try Self.cluster()
        try session.execute("SET citus.log_remote_commands = on")
        let shard = try Self.shardOf(session, 1)
        let lines = try Self.log(session, "SELECT b FROM t WHERE a = 1")
        #expect(lines.count == 1)
        #expect(
            lines.first?.hasPrefix(
                "issuing SELECT b FROM public.t_\(shard) t WHERE (a OPERATOR(pg_catalog.=) 1)"
                    + " | on server postgres@localhost:970") == true)
        #expect(lines.first?.hasSuffix(" connectionId: 1") == true)
    }

    @Test func multiShardSelectUsesOneConnectionPerWorker() throws {
        let (_, session) = try Self.cluster()
        try session.execute("SET citus.log_remote_commands = on")
        let lines = try Self.log(session, "SELECT count(*) FROM t")
        #expect(lines.count == 4)
        #expect(lines.allSatisfy {
            $0.hasPrefix("issuing SELECT count(*) AS count FROM public.t_1020") && $0.contains(
                " t WHERE true | on server postgres@localhost:970")
        })
        let ids = Set(lines.compactMap { $0.split(separator: " ").last })
        #expect(ids == ["1", "2"])
        // A later statement reuses the connections.
        let again = try Self.log(session, "SELECT count(*) FROM t")
        #expect(again == lines)
    }

    @Test func multiShardWriteCommitsInTwoPhases() throws {
        let (_, session) = try Self.cluster()
        try session.execute("SET citus.log_remote_commands = on")
        let lines = try Self.log(session, "UPDATE t SET c = c + 1").map(Self.masked)
        let begins = lines.filter { $0.hasPrefix("issuing BEGIN") }
        #expect(begins.count == 2)
        #expect(
            begins.allSatisfy {
                $0.hasPrefix(
                    "issuing BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED;"
                        + "SELECT assign_distributed_transaction_id(0, ")
                    && $0.contains(", 'TS'); | on server")
            })
        #expect(lines.filter { $0.hasPrefix("issuing UPDATE public.t_") }.count == 4)
        #expect(lines.contains { $0.contains(" SET c = (c OPERATOR(pg_catalog.+) 1) | ") })
        let prepares = lines.filter { $0.hasPrefix("issuing PREPARE TRANSACTION 'citus_0_PID_") }
        let commits = lines.filter { $0.hasPrefix("issuing COMMIT PREPARED 'citus_0_PID_") }
        #expect(prepares.count == 2 && commits.count == 2)
        #expect(lines.suffix(4) == prepares + commits)
    }

    @Test func transactionBlockBeginsOnceAndCommitsOnePhase() throws {
        let (_, session) = try Self.cluster()
        try session.execute("SET citus.log_remote_commands = on; BEGIN")
        let first = try Self.log(session, "SELECT b FROM t WHERE a = 1").map(Self.masked)
        #expect(first.count == 2)
        #expect(first.first?.hasPrefix("issuing BEGIN TRANSACTION") == true)
        let second = try Self.log(session, "UPDATE t SET b = 'w' WHERE a = 1")
        #expect(second.count == 1)
        #expect(second.first?.hasPrefix("issuing UPDATE public.t_") == true)
        #expect(second.first?.contains(" SET b = 'w'::text WHERE ") == true)
        let commit = try Self.log(session, "COMMIT")
        #expect(commit.count == 1 && commit.first?.hasPrefix("issuing COMMIT | ") == true)
        try session.execute("BEGIN; DELETE FROM t WHERE a = 2")
        let rollback = try Self.log(session, "ROLLBACK")
        #expect(rollback.count == 1 && rollback.first?.hasPrefix("issuing ROLLBACK | ") == true)
    }

    @Test func insertsListAssignedAndDefaultedColumns() throws {
        let (_, session) = try Self.cluster()
        try session.execute("SET citus.log_remote_commands = on")
        let shard = try Self.shardOf(session, 5)
        let single = try Self.log(session, "INSERT INTO t (a, b) VALUES (5, 'v')")
        #expect(
            single.first?.hasPrefix(
                "issuing INSERT INTO public.t_\(shard) (a, b, c) VALUES (5, 'v'::text, 7) | ")
                == true)
        let upsert = try Self.log(
            session, "INSERT INTO t VALUES (5, 'u', 1) ON CONFLICT DO NOTHING")
        #expect(
            upsert.first?.hasPrefix(
                "issuing INSERT INTO public.t_\(shard) AS citus_table_alias (a, b, c) "
                    + "VALUES (5, 'u'::text, 1) ON CONFLICT DO NOTHING | ") == true)
        let rows = try Self.log(session, "INSERT INTO t VALUES (5, 'p', 1), (5, 'q', 2)")
            .map(Self.masked)
        #expect(
            rows.contains {
                $0.hasPrefix(
                    "issuing INSERT INTO public.t_\(shard) AS citus_table_alias (a, b, c) "
                        + "VALUES (5,'p'::text,1), (5,'q'::text,2) | ")
            })
    }

    @Test func pushedDownInsertSelectTasksAreReported() throws {
        let (_, session) = try Self.cluster()
        try session.execute(
            "CREATE TABLE d (a int PRIMARY KEY, total int);"
                + "SELECT create_distributed_table('d', 'a');"
                + "SET citus.log_remote_commands = on")
        let lines = try Self.log(
            session,
            "INSERT INTO d SELECT a, sum(c) FROM t GROUP BY a "
                + "ON CONFLICT (a) DO UPDATE SET total = d.total + excluded.total")
        let inserts = lines.filter { $0.hasPrefix("issuing INSERT INTO public.d_") }
        #expect(inserts.count == 4)
        #expect(
            inserts.allSatisfy {
                $0.contains(
                    " AS citus_table_alias (a, total) SELECT t.a, sum(t.c) AS sum FROM public.t_")
                    && $0.contains(
                        " t WHERE (t.a IS NOT NULL) GROUP BY t.a ON CONFLICT(a) DO UPDATE SET "
                            + "total = (citus_table_alias.total OPERATOR(pg_catalog.+) "
                            + "excluded.total) | ")
            })
        #expect(lines.filter { $0.hasPrefix("issuing PREPARE TRANSACTION") }.count == 2)
    }

    @Test func explainSendsEveryOption() throws {
        let (_, session) = try Self.cluster()
        try session.execute("SET citus.log_remote_commands = on")
        let lines = try Self.log(session, "EXPLAIN (COSTS OFF) SELECT count(*) FROM t")
        #expect(lines.count == 1)
        #expect(
            lines.first?.hasPrefix(
                "issuing EXPLAIN (ANALYZE FALSE, VERBOSE FALSE, COSTS FALSE, BUFFERS FALSE, "
                    + "WAL FALSE, TIMING FALSE, SUMMARY FALSE, FORMAT TEXT) "
                    + "SELECT count(*) AS count FROM public.t_") == true)
    }
}
