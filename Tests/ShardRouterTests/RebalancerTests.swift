// Shard moves, the rebalancer, draining and removing nodes. Expected
// values come from: Fixtures/citus-reference/15_reference_rebalance.out
// (a balanced 2-worker Citus 12.1.12 cluster: the empty plan, the NOTICE
// of citus_rebalance_start and its NULL result, the empty
// citus_rebalance_status); Citus' source for the messages
// (operations/shard_transfer.c: the move checks and the replica identity
// error; operations/shard_rebalancer.c: "Moving shard %lu from %s:%u to
// %s:%u ...", the greedy plan and by_disk_size's default threshold 0.1;
// metadata/node_metadata.c: citus_remove_node's error); and counts and
// sums read before each change, which a move must keep.
import Engine
import Testing

@testable import ShardRouter

@Suite struct RebalancerTests {
    static let schema = """
        CREATE TABLE items (id int PRIMARY KEY, v int);
        SELECT create_distributed_table('items', 'id', shard_count => 8);
        CREATE TABLE events (id int, at date, n int, PRIMARY KEY (id, at))
            PARTITION BY RANGE (at);
        CREATE TABLE events_1 PARTITION OF events FOR VALUES FROM ('2024-01-01') TO ('2024-02-01');
        CREATE TABLE events_2 PARTITION OF events FOR VALUES FROM ('2024-02-01') TO ('2024-03-01');
        SELECT create_distributed_table('events', 'id', colocate_with => 'items');
        INSERT INTO items SELECT g, g * 3 FROM generate_series(1, 200) g;
        INSERT INTO events SELECT g, date '2024-01-01' + (g % 50), g FROM generate_series(1, 300) g;
        """

    /// Per shard index: (count, sum) of items and events, read through
    /// the coordinator with the shard's distribution values.
    static func perShard(_ db: Database) throws -> [String] {
        let items = try db.execute(
            "SELECT get_shard_id_for_distribution_column('items', id) - 102008 AS s, count(*), "
                + "sum(v) FROM items GROUP BY 1 ORDER BY 1")
        let events = try db.execute(
            "SELECT count(*), sum(n), count(DISTINCT id) FROM events")
        return ClusterTests.texts(items).map { $0.joined(separator: "|") }
            + ClusterTests.texts(events).map { $0.joined(separator: "|") }
    }

    /// Runs `sql` in `session`, returning its notices' messages and its
    /// last result; rethrows its error.
    static func run(_ session: Session, _ sql: String) throws -> ([String], QueryResult?) {
        var notices: [String] = []
        var result: QueryResult?
        var failure: SQLError?
        session.run(sql) { event in
            switch event {
            case .notice(let notice): notices.append(notice.message)
            case .result(let r): result = r
            case .error(let e): failure = e
            }
        }
        if let failure { throw failure }
        return (notices, result)
    }

    static func placementsPerPort(_ db: Database) throws -> [[String]] {
        ClusterTests.texts(
            try db.execute(
                "SELECT n.nodeport, count(*) FROM pg_dist_placement p JOIN pg_dist_node n "
                    + "USING (groupid) GROUP BY 1 ORDER BY 1"))
    }

    @Test func balancedClusterHasTheReferencesEmptyPlan() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(Self.schema)
        let plan = try db.execute("SELECT * FROM get_rebalance_table_shards_plan()")
        // 15_reference_rebalance.out: the header and (0 rows).
        #expect(
            plan.columns?.map(\.name) == [
                "table_name", "shardid", "shard_size", "sourcename", "sourceport", "targetname",
                "targetport",
            ])
        #expect(plan.rows.isEmpty)
        let session = db.connect()
        let (notices, start) = try Self.run(session, "SELECT citus_rebalance_start()")
        #expect(notices == ["No moves available for rebalancing"])
        #expect(start?.rows.first?.first == .null)
        #expect(try session.execute("SELECT * FROM citus_rebalance_status()").rows.isEmpty)
        #expect(try Self.run(session, "SELECT rebalance_table_shards()").0.isEmpty)
    }

    @Test func moveKeepsEveryRowAndRoutesToTheTarget() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(Self.schema)
        let before = try Self.perShard(db)
        let items1 = "102008"
        try db.execute(
            "SELECT citus_move_shard_placement(\(items1), 'localhost', 9701, 'localhost', 9702)")
        #expect(try Self.perShard(db) == before)

        // The whole shard group moved: items' shard and events' shards of
        // index 0 (the partitioned table's and both partitions').
        let moved = try db.execute(
            "SELECT s.shardid, p.groupid FROM pg_dist_shard s JOIN pg_dist_placement p "
                + "USING (shardid) WHERE s.shardminvalue = '-2147483648' ORDER BY 1")
        #expect(ClusterTests.texts(moved).allSatisfy { $0[1] == "2" })
        #expect(moved.rows.count == 4)
        let worker2 = cluster.workers[1].connect()
        try worker2.execute("SET citus.override_table_visibility TO off")
        #expect((try worker2.execute("SELECT count(*) FROM items_102008").int(0, 0) ?? 0) > 0)
        let worker1 = cluster.workers[0].connect()
        try worker1.execute("SET citus.override_table_visibility TO off")
        #expect(throws: SQLError.self) { try worker1.execute("SELECT * FROM items_102008") }

        // Writes and reads after the move reach the new placement.
        let id =
            try db.execute(
                "SELECT id FROM items WHERE get_shard_id_for_distribution_column('items', id) = "
                    + "\(items1) LIMIT 1"
            ).int(0, 0) ?? 0
        try db.execute("UPDATE items SET v = -1 WHERE id = \(id)")
        #expect(try db.execute("SELECT v FROM items WHERE id = \(id)").int(0, 0) == -1)
        #expect(
            try worker2.execute("SELECT v FROM items_102008 WHERE id = \(id)").int(0, 0) == -1)
    }

    @Test func moveChecksFollowCitus() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(Self.schema)
        try db.execute("CREATE TABLE plain (a int); SELECT create_distributed_table('plain', 'a')")
        func error(_ sql: String) -> SQLError? {
            do { try db.execute(sql) } catch let e as SQLError { return e } catch { return nil }
            return nil
        }
        #expect(
            error(
                "SELECT citus_move_shard_placement(102008, 'localhost', 9701, 'localhost', 9701)")?
                .message == "cannot move shard to the same node")
        // The group is on the target and not on the source: a WARNING.
        let (warnings, _) = try Self.run(
            db.connect(),
            "SELECT citus_move_shard_placement(102008, 'localhost', 9702, 'localhost', 9701)")
        #expect(warnings == ["shard is already present on node localhost:9701"])
        let missing = error(
            "SELECT citus_move_shard_placement(102008, 'localhost', 9701, 'localhost', 9709)")
        #expect(missing?.message == "Moving shards to a non-existing node is not supported")
        #expect(
            missing?.hint == "Add the target node via SELECT citus_add_node('localhost', 9709);")
        let plain =
            try db.execute(
                "SELECT min(shardid) FROM pg_dist_shard WHERE logicalrelid = 'plain'::regclass"
            ).text(row: 0, column: 0) ?? ""
        let identity = error(
            "SELECT citus_move_shard_placement(\(plain), 'localhost', 9701, 'localhost', 9702)")
        #expect(identity?.sqlState == "0A000")
        #expect(identity?.message.hasPrefix("cannot use logical replication") == true)
        try db.execute(
            "SELECT citus_move_shard_placement(\(plain), 'localhost', 9701, 'localhost', 9702, "
                + "'block_writes')")
    }

    @Test func moveWaitsForNoOpenWriter() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(Self.schema)
        let writer = db.connect()
        try writer.execute("BEGIN")
        // id 1 hashes to one shard; move that shard's group.
        try writer.execute("INSERT INTO items VALUES (100001, 5)")
        let shard =
            try db.execute(
                "SELECT get_shard_id_for_distribution_column('items', 100001)"
            ).text(row: 0, column: 0) ?? ""
        let node =
            try db.execute(
                "SELECT n.nodeport FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid) "
                    + "WHERE shardid = \(shard)"
            ).int(0, 0) ?? 0
        let target = node == 9701 ? 9702 : 9701
        let move =
            "SELECT citus_move_shard_placement(\(shard), 'localhost', \(node), 'localhost', "
            + "\(target))"
        #expect(throws: SQLError.self) { try db.execute(move) }
        try writer.execute("COMMIT")
        try db.execute(move)
        #expect(try db.execute("SELECT v FROM items WHERE id = 100001").int(0, 0) == 5)
        #expect(try db.execute("SELECT count(*) FROM items").int(0, 0) == 201)
    }

    @Test func rebalancingAfterAddingANodeSpreadsShardGroups() throws {
        let cluster = try Cluster(workers: 3, addedWorkers: 2)
        let db = cluster.coordinator
        try db.execute(Self.schema)
        try db.execute("CREATE TABLE countries (code text PRIMARY KEY, name text)")
        try db.execute("INSERT INTO countries VALUES ('US', 'USA'), ('IN', 'India')")
        try db.execute("SELECT create_reference_table('countries')")
        let before = try Self.perShard(db)
        try db.execute("SELECT citus_add_node('localhost', 9703)")

        // The new node has metadata (shell tables) but no shards yet.
        #expect(cluster.node(port: 9703)?.library.metadata.tables.count == 5)
        let plan = try db.execute("SELECT * FROM get_rebalance_table_shards_plan()")
        // 8 groups on 2+1 nodes, threshold 0.1: 3, 3, 2 after two moves,
        // each moving items', events' and its two partitions' shards.
        #expect(plan.rows.count == 8)
        #expect(ClusterTests.texts(plan).allSatisfy { $0[6] == "9703" })

        let (notices, _) = try Self.run(db.connect(), "SELECT rebalance_table_shards()")
        #expect(notices.first == "replicating reference table 'countries' to localhost:9703 ...")
        #expect(notices.dropFirst().allSatisfy { $0.hasPrefix("Moving shard ") })
        #expect(notices.count == 3)
        #expect(try Self.perShard(db) == before)
        let items = try db.execute(
            "SELECT n.nodeport, count(*) FROM pg_dist_shard s JOIN pg_dist_placement p "
                + "USING (shardid) JOIN pg_dist_node n USING (groupid) "
                + "WHERE logicalrelid = 'items'::regclass GROUP BY 1 ORDER BY 1")
        #expect(ClusterTests.texts(items) == [["9701", "3"], ["9702", "3"], ["9703", "2"]])
        #expect(try db.execute("SELECT * FROM get_rebalance_table_shards_plan()").rows.isEmpty)
        #expect(
            try db.execute("SELECT count(*) FROM countries c JOIN items i ON i.id = length(c.code)")
                .int(0, 0) == 2)
    }

    @Test func removeAndDrain() throws {
        let cluster = try Cluster()
        let db = cluster.coordinator
        try db.execute(Self.schema)
        let before = try Self.perShard(db)
        do {
            try db.execute("SELECT citus_remove_node('localhost', 9702)")
            Issue.record("citus_remove_node succeeded on a node with placements")
        } catch let error as SQLError {
            #expect(
                error.message
                    == "cannot remove or disable the node localhost:9702 because because it "
                    + "contains the only shard placement for shard 102009")
            #expect(
                error.detail
                    == "One of the table(s) that prevents the operation complete successfully is "
                    + "public.items")
        }
        let (notices, _) = try Self.run(db.connect(), "SELECT citus_drain_node('localhost', 9702)")
        #expect(notices.count == 4)
        #expect(notices.first == "Moving shard 102009 from localhost:9702 to localhost:9701 ...")
        #expect(try Self.placementsPerPort(db) == [["9701", "32"]])
        #expect(
            try db.execute("SELECT shouldhaveshards FROM pg_dist_node WHERE nodeport = 9702")
                .text(row: 0, column: 0) == "f")
        try db.execute("SELECT citus_remove_node('localhost', 9702)")
        #expect(try db.execute("SELECT count(*) FROM pg_dist_node").int(0, 0) == 2)
        #expect(try Self.perShard(db) == before)
        #expect(cluster.node(port: 9701)?.library.metadata.nodes.count == 2)
    }
}
