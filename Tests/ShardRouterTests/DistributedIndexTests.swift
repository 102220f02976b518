// CREATE INDEX and DROP INDEX on Citus tables. The reference cluster's
// outputs do not cover them; the behaviour comes from Citus' source:
// commands/index.c (PreprocessIndexStmt chooses the default name on the
// coordinator, ErrorIfUnsupportedIndexStmt's "creating unique indexes on
// non-partition columns is currently unsupported",
// ErrorIfUnsupportedDropIndexStmt's "cannot drop multiple distributed
// objects in a single command", DropIndexTaskList's "DROP INDEX %s %s %s
// %s"), citus_ruleutils.c (deparse_shard_index_statement's "CREATE %s
// INDEX %s %s %s ON %s %s USING %s (" with deparse_index_columns' "name "
// joined by ","), and the shard command lines of citusdata/citus issue
// #4938's log (`issuing CREATE  INDEX   parent_index_102594 ON
// public.sensors_102594 USING btree (measureid ,eventdatetime ) `, from
// before `ON ONLY` added its slot).
import Engine
import Testing

@testable import ShardRouter

@Suite struct DistributedIndexTests {
    private func shards(_ session: Session, _ table: String) throws -> [(Int64, Int32)] {
        let result = try session.execute(
            "SELECT shardid, nodeport FROM pg_dist_shard JOIN pg_dist_placement USING (shardid) "
                + "JOIN pg_dist_node USING (groupid) WHERE logicalrelid = '\(table)'::regclass "
                + "ORDER BY shardid")
        return result.rows.compactMap { row in
            guard case .int8(let shard) = row[0], case .int4(let port) = row[1] else {
                return nil
            }
            return (shard, port)
        }
    }

    private func error(_ session: Session, _ sql: String) -> SQLError? {
        do {
            try session.execute(sql)
            return nil
        } catch let error as SQLError {
            return error
        } catch {
            return nil
        }
    }

    @Test func createIndexLogsTheShellCommandAndEachShardsIndex() throws {
        let (cluster, session) = try RemoteCommandLogTests.cluster()
        defer { cluster.shutdown() }
        try session.execute("SET citus.log_remote_commands TO on")
        let lines = try RemoteCommandLogTests.log(session, "CREATE INDEX ON t (b, c DESC);")
            .map(RemoteCommandLogTests.masked)
        let on1 = " | on server postgres@localhost:9701 connectionId: 1"
        let on2 = " | on server postgres@localhost:9702 connectionId: 2"
        let begin =
            "issuing BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED;"
            + "SELECT assign_distributed_transaction_id(0, 1, 'TS');"
        let tasks = try shards(session, "t").map { shard, port in
            "issuing CREATE  INDEX   t_b_c_idx_\(shard) ON  public.t_\(shard) "
                + "USING btree (b ,c DESC ) " + (port == 9701 ? on1 : on2)
        }
        #expect(tasks.count == 4)
        let expected =
            [
                begin + on1, begin + on2,
                "issuing SET citus.enable_ddl_propagation TO 'off'" + on1,
                "issuing SET citus.enable_ddl_propagation TO 'off'" + on2,
                "issuing SET LOCAL search_path TO public;" + on1,
                "issuing SET LOCAL search_path TO public;" + on2,
                "issuing CREATE INDEX ON t (b, c DESC);" + on1,
                "issuing CREATE INDEX ON t (b, c DESC);" + on2,
            ] + tasks + [
                "issuing PREPARE TRANSACTION 'citus_0_PID_1_0'" + on1,
                "issuing PREPARE TRANSACTION 'citus_0_PID_1_1'" + on2,
                "issuing COMMIT PREPARED 'citus_0_PID_1_0'" + on1,
                "issuing COMMIT PREPARED 'citus_0_PID_1_1'" + on2,
            ]
        #expect(lines == expected)
    }

    @Test func everyShardGetsItsIndexAndEveryShellTheIndex() throws {
        let (cluster, session) = try RemoteCommandLogTests.cluster()
        defer { cluster.shutdown() }
        try session.execute("CREATE UNIQUE INDEX t_a_c ON t (a, c)")
        for (shard, port) in try shards(session, "t") {
            let node = try #require(cluster.nodes.first { $0.port == port })
            let catalog = node.database.connect().catalog
            let table = try #require(
                catalog.relation(named: "t_\(shard)", in: "public").flatMap(catalog.table))
            #expect(table.indexes.map(\.name) == ["t_a_c_\(shard)"])
            let shell = try #require(
                catalog.relation(named: "t", in: "public").flatMap(catalog.table))
            #expect(shell.indexes.map(\.name) == ["t_a_c"])
        }
        // The unique index holds on the shards.
        let duplicate = error(session, "INSERT INTO t VALUES (1, 'again', 1)")
        #expect(duplicate?.sqlState == "23505")
        #expect(duplicate?.message.contains("\"t_a_c_") == true)
        try session.execute("DROP INDEX t_a_c")
        try session.execute("INSERT INTO t VALUES (1, 'again', 1)")
        for (shard, port) in try shards(session, "t") {
            let node = try #require(cluster.nodes.first { $0.port == port })
            let catalog = node.database.connect().catalog
            #expect(!catalog.isIndex("t_a_c_\(shard)", in: "public"))
        }
    }

    @Test func aUniqueIndexMustIncludeTheDistributionColumn() throws {
        let (cluster, session) = try RemoteCommandLogTests.cluster()
        defer { cluster.shutdown() }
        let failure = error(session, "CREATE UNIQUE INDEX ON t (b)")
        #expect(failure?.sqlState == "0A000")
        #expect(
            failure?.message
                == "creating unique indexes on non-partition columns is currently unsupported")
        #expect(!session.catalog.isIndex("t_b_idx", in: "public"))
        // A reference table has no distribution column: any unique index.
        try session.execute(
            "CREATE TABLE r (k int, v text); SELECT create_reference_table('r');"
                + "CREATE UNIQUE INDEX r_v ON r (v); INSERT INTO r VALUES (1, 'a')")
        let duplicate = error(session, "INSERT INTO r VALUES (2, 'a')")
        #expect(duplicate?.sqlState == "23505")
    }

    @Test func dropIndexLogsEachShardsDrop() throws {
        let (cluster, session) = try RemoteCommandLogTests.cluster()
        defer { cluster.shutdown() }
        try session.execute("CREATE INDEX t_b ON t (b); CREATE INDEX t_c ON t (c)")
        let multiple = error(session, "DROP INDEX t_b, t_c")
        #expect(multiple?.message == "cannot drop multiple distributed objects in a single command")
        #expect(multiple?.hint == "Try dropping each object in a separate DROP command.")
        try session.execute("SET citus.log_remote_commands TO on")
        let lines = try RemoteCommandLogTests.log(session, "DROP INDEX IF EXISTS t_b CASCADE")
        let drops = lines.filter { $0.hasPrefix("issuing DROP INDEX  IF EXISTS") }
        let expected = try shards(session, "t").map { shard, _ in
            "issuing DROP INDEX  IF EXISTS public.t_b_\(shard) CASCADE"
        }
        #expect(drops.map { String($0.prefix { $0 != "|" }.dropLast()) } == expected)
        #expect(lines.contains { $0.hasPrefix("issuing DROP INDEX IF EXISTS t_b CASCADE |") })
    }

    @Test func concurrentBuildsOnCitusTablesAreRefused() throws {
        let (cluster, session) = try RemoteCommandLogTests.cluster()
        defer { cluster.shutdown() }
        #expect(error(session, "CREATE INDEX CONCURRENTLY ON t (b)")?.sqlState == "0A000")
        #expect(!session.catalog.isIndex("t_b_idx", in: "public"))
    }
}
