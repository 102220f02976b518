// ALTER TABLE on a distributed table under citus.log_remote_commands. The
// reference cluster's outputs do not cover it; the commands and their
// order come from Citus' source: commands/utility_hook.c
// (ExecuteDistributedDDLJob: DISABLE_DDL_PROPAGATION, "SET LOCAL
// search_path TO %s;" with CurrentSearchPath(), the query string for the
// workers with metadata, then the shard tasks), commands/table.c
// (PreprocessAlterTableStmt relays the query string) and
// coordinator_protocol.h (WORKER_APPLY_SHARD_DDL_COMMAND "SELECT
// worker_apply_shard_ddl_command (%lu, %s, %s)" with quote_literal'd
// schema and command), and the BEGIN and SET lines on every worker
// connection as Citus' flaky-test guide (src/test/regress/README) shows
// them for a propagated utility command.
import Engine
import Testing

@testable import ShardRouter

@Suite struct DDLRemoteCommandLogTests {
    @Test func alterTableLogsTheShellCommandsAndTheShardTasks() throws {
        let (cluster, session) = try RemoteCommandLogTests.cluster()
        defer { cluster.shutdown() }
        try session.execute("SET citus.log_remote_commands TO on")
        let lines = try RemoteCommandLogTests.log(session, "ALTER TABLE t ADD COLUMN d int;")
            .map(RemoteCommandLogTests.masked)
        let on1 = " | on server postgres@localhost:9701 connectionId: 1"
        let on2 = " | on server postgres@localhost:9702 connectionId: 2"
        let begin =
            "issuing BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED;"
            + "SELECT assign_distributed_transaction_id(0, 1, 'TS');"
        let shards = try session.execute(
            "SELECT shardid, nodeport FROM pg_dist_shard JOIN pg_dist_placement USING (shardid) "
                + "JOIN pg_dist_node USING (groupid) WHERE logicalrelid = 't'::regclass "
                + "ORDER BY shardid")
        let tasks = shards.rows.compactMap { row -> String? in
            guard case .int8(let shard) = row[0], case .int4(let port) = row[1] else {
                return nil
            }
            return "issuing SELECT worker_apply_shard_ddl_command (\(shard), 'public', "
                + "'ALTER TABLE t ADD COLUMN d int;')" + (port == 9701 ? on1 : on2)
        }
        #expect(tasks.count == 4)
        let expected =
            [
                begin + on1, begin + on2,
                "issuing SET citus.enable_ddl_propagation TO 'off'" + on1,
                "issuing SET citus.enable_ddl_propagation TO 'off'" + on2,
                "issuing SET LOCAL search_path TO public;" + on1,
                "issuing SET LOCAL search_path TO public;" + on2,
                "issuing ALTER TABLE t ADD COLUMN d int;" + on1,
                "issuing ALTER TABLE t ADD COLUMN d int;" + on2,
            ] + tasks + [
                "issuing PREPARE TRANSACTION 'citus_0_PID_1_0'" + on1,
                "issuing PREPARE TRANSACTION 'citus_0_PID_1_1'" + on2,
                "issuing COMMIT PREPARED 'citus_0_PID_1_0'" + on1,
                "issuing COMMIT PREPARED 'citus_0_PID_1_1'" + on2,
            ]
        #expect(lines == expected)
        // The column reached every shard: a multi-shard query reads it.
        try session.execute("SET citus.log_remote_commands TO off")
        let columns = try session.execute("SELECT count(d) FROM t")
        #expect(columns.rows == [[.int8(0)]])
    }

    @Test func theRelayedSearchPathKeepsExistingSchemas() throws {
        let (cluster, session) = try RemoteCommandLogTests.cluster()
        defer { cluster.shutdown() }
        try session.execute(
            "CREATE SCHEMA \"My Schema\"; SET search_path TO nosuch, \"My Schema\", public;"
                + "SET citus.log_remote_commands TO on")
        let lines = try RemoteCommandLogTests.log(session, "ALTER TABLE t ADD COLUMN e int;")
        let path = "issuing SET LOCAL search_path TO \"My Schema\",public;"
        #expect(lines.contains { $0.hasPrefix(path) })
    }
}
