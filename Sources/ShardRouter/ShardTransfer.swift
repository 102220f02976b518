// citus_move_shard_placement: moving a shard, and every shard colocated
// with it, from one worker to another, as Citus' shard transfer does. The
// shard tables are created on the target (a partitioned table's shard
// before its partitions' shards), the rows are copied, the source tables
// are dropped, and pg_dist_placement on the coordinator and on every worker
// with metadata points at the target. Everything happens in the calling
// session's transaction, so a failed or rolled-back move leaves no trace.
import Engine

/// A shard transfer mode (citus.shard_transfer_mode).
enum ShardTransferMode: String {
    case auto
    case forceLogical = "force_logical"
    case blockWrites = "block_writes"

    /// The mode named by `label`, with the error enum input gives.
    init(label: String) throws {
        guard let mode = Self(rawValue: label) else {
            throw SQLError(
                SQLState.invalidTextRepresentation,
                "invalid input value for enum citus.shard_transfer_mode: \"\(label)\"")
        }
        self = mode
    }
}

extension CitusLibrary {
    /// citus_move_shard_placement(shard_id, source_node_name,
    /// source_node_port, target_node_name, target_node_port,
    /// shard_transfer_mode).
    func moveShardPlacement(_ call: NativeCall) throws -> Value {
        let arguments = call.arguments
        guard let shardID = intArgument(arguments[0]), let sourceName = textArgument(arguments[1]),
            let sourcePort = intArgument(arguments[2]),
            let targetName = textArgument(arguments[3]),
            let targetPort = intArgument(arguments[4]), let label = textArgument(arguments[5])
        else { return .void }
        let mode = try ShardTransferMode(label: label)
        try ensureReferenceTablesOnAllNodes(call.session)
        // A move of its own is watched by a monitor of its own; the
        // rebalancer's moves are steps of the rebalancer's monitor.
        let monitor = monitorOfMove(
            Int64(shardID), from: (sourceName, sourcePort), to: (targetName, targetPort),
            session: call.session)
        defer { monitor.map(finishMonitor) }
        try moveShardGroup(
            Int64(shardID), from: (sourceName, sourcePort), to: (targetName, targetPort),
            mode: mode, session: call.session)
        return .void
    }

    /// A monitor of one move at progress 1, when both nodes exist.
    private func monitorOfMove(
        _ shardID: Int64, from source: (name: String, port: Int),
        to target: (name: String, port: Int), session: Session
    ) -> RebalanceMonitor? {
        guard let from = node(source), let to = node(target) else { return nil }
        let move = PlannedMove(shardID: shardID, source: from, target: to)
        return startMonitor([move], progress: 1, session: session)
    }

    /// Raises Citus' error when a node lacks a reference table's
    /// placement, which a move requires first.
    private func ensureReferenceTablesOnAllNodes(_ session: Session) throws {
        guard !nodesMissingReferenceTables().isEmpty else { return }
        throw SQLError(
            SQLState.internalError, "there are missing reference tables on some nodes",
            hint: "Copy reference tables first with replicate_reference_tables() or use "
                + "citus_rebalance_start() that will do it automatically.")
    }

    /// Primary nodes without a placement of some reference table.
    func nodesMissingReferenceTables() -> [NodeRecord] {
        let references = metadata.tables.values.filter { $0.method == .none }
        return metadata.nodes.filter { node in
            references.contains { record in
                !record.shards[0].placements.contains { $0.groupID == node.groupID }
            }
        }
    }

    /// Moves the shard group of `shardID` from the node at `source` to the
    /// node at `target`, checking what Citus checks, in its order.
    func moveShardGroup(
        _ shardID: Int64, from source: (name: String, port: Int),
        to target: (name: String, port: Int), mode: ShardTransferMode, session: Session
    ) throws {
        if source == target {
            throw SQLError(SQLState.invalidParameterValue, "cannot move shard to the same node")
        }
        guard
            let owner = metadata.tables.values.first(where: { record in
                record.shards.contains { $0.shardID == shardID }
            }), let index = owner.shards.firstIndex(where: { $0.shardID == shardID })
        else {
            throw SQLError(
                SQLState.internalError, "could not find valid entry for shard \(shardID)")
        }
        guard owner.method == .hash else {
            throw SQLError(
                SQLState.featureNotSupported,
                "table \(owner.schema).\(owner.name) is a reference table, moving shard of a "
                    + "reference table is not supported")
        }
        let targetNode = try transferTarget(target)
        let group = colocatedTables(owner)
        guard let sourceNode = node(source) else {
            throw SQLError(
                SQLState.featureNotSupported,
                "Moving shards to a non-existing node is not supported")
        }
        let shards = group.map { ($0, $0.shards[index]) }
        func onNode(_ node: NodeRecord) -> Bool {
            shards.allSatisfy { _, shard in shard.placements.contains { $0.groupID == node.groupID }
            }
        }
        if onNode(targetNode), !onNode(sourceNode) {
            var warning = SQLError.notice(
                "shard is already present on node \(target.name):\(target.port)",
                detail: "Move may have already completed.")
            warning.severity = .warning
            warning.sqlState = SQLState.warning
            session.emitNotice(warning)
            return
        }
        for (_, shard) in shards.sorted(by: { $0.1.shardID < $1.1.shardID }) {
            guard shard.placements.contains(where: { $0.groupID == sourceNode.groupID }) else {
                throw SQLError(
                    SQLState.dataException,
                    "could not find placement matching \"\(source.name):\(source.port)\"",
                    hint: "Confirm the placement still exists and try again.")
            }
            if shard.placements.contains(where: { $0.groupID == targetNode.groupID }) {
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "shard \(shard.shardID) already exists in the target node")
            }
        }
        if mode == .auto { try verifyReplicaIdentity(group, catalog: session.catalog) }
        try ensureNoOpenWrites(shards.map(\.1), session: session)
        try transfer(shards, from: sourceNode, to: targetNode, session: session)
    }

    /// The node a shard may move to, or Citus' error for a node that
    /// does not exist or should not have shards.
    private func transferTarget(_ target: (name: String, port: Int)) throws -> NodeRecord {
        guard let node = node(target) else {
            throw SQLError(
                SQLState.featureNotSupported,
                "Moving shards to a non-existing node is not supported",
                hint: "Add the target node via SELECT citus_add_node('\(target.name)', "
                    + "\(target.port));")
        }
        guard node.shouldHaveShards else {
            throw SQLError(
                SQLState.featureNotSupported,
                "Moving shards to a node that shouldn't have a shard is not supported",
                hint: "Allow shards on the target node via SELECT * FROM citus_set_node_property"
                    + "('\(target.name)', \(target.port), 'shouldhaveshards', true);")
        }
        return node
    }

    /// The row of pg_dist_node for `address`.
    func node(_ address: (name: String, port: Int)) -> NodeRecord? {
        metadata.nodes.first { $0.name == address.name && $0.port == address.port }
    }

    /// The tables of `record`'s colocation group, in the order they were
    /// distributed (by their first shard id).
    func colocatedTables(_ record: DistributedTableRecord) -> [DistributedTableRecord] {
        metadata.tables.values
            .filter { $0.colocationID == record.colocationID }
            .sorted { $0.shards[0].shardID < $1.shards[0].shardID }
    }

    /// In auto mode Citus moves shards with logical replication, which
    /// needs a replica identity (here: a primary key) on every table of
    /// the group that holds rows itself; a partitioned table holds none.
    private func verifyReplicaIdentity(_ group: [DistributedTableRecord], catalog: Catalog) throws {
        for record in group {
            guard let table = catalog.table(record.relation), !table.isPartitioned else { continue }
            let hasKey = table.constraints.contains {
                if case .primaryKey = $0.kind { return true }
                return false
            }
            guard !hasKey else { continue }
            throw SQLError(
                SQLState.featureNotSupported,
                "cannot use logical replication to transfer shards of the relation \(record.name) "
                    + "since it doesn't have a REPLICA IDENTITY or PRIMARY KEY",
                detail: "UPDATE and DELETE commands on the shard will error out during logical "
                    + "replication unless there is a REPLICA IDENTITY or PRIMARY KEY.",
                hint: "If you wish to continue without a replica identity set the "
                    + "shard_transfer_mode to 'force_logical' or 'block_writes'.")
        }
    }

    /// Fails when another session's open transaction wrote one of
    /// `shards`. Citus' move waits for that transaction's shard lock; a
    /// background session waits here too (on a virtual clock while the
    /// clock moves), but a session the user drives fails instead of
    /// waiting (as the engine does for row conflicts), with PostgreSQL's
    /// error for a lock taken NOWAIT.
    private func ensureNoOpenWrites(_ shards: [ShardRecord], session: Session) throws {
        let background = session.engine.allBackgroundJobs.contains { $0.session === session }
        while background, openWriter(of: shards, besides: session) != nil {
            try session.sleep(seconds: 0.1)
        }
        if let (record, shard) = openWriter(of: shards, besides: session) {
            throw SQLError(
                SQLState.lockNotAvailable,
                "could not obtain lock on relation \"\(record.shardName(shard))\"")
        }
    }

    /// The first of `shards` another session's open transaction wrote.
    private func openWriter(of shards: [ShardRecord], besides session: Session)
        -> (DistributedTableRecord, ShardRecord)?
    {
        let ids = Set(shards.map(\.shardID))
        let own = ObjectIdentifier(session)
        for (key, written) in shardsWrittenInTransaction where key != own {
            guard let shardID = written.intersection(ids).min(),
                let record = metadata.tables.values.first(where: { record in
                    record.shards.contains { $0.shardID == shardID }
                }),
                let shard = record.shards.first(where: { $0.shardID == shardID })
            else { continue }
            return (record, shard)
        }
        return nil
    }

    /// Copies the shards to `target`, drops them at `source` and points
    /// their placements at `target`.
    private func transfer(
        _ shards: [(DistributedTableRecord, ShardRecord)], from source: NodeRecord,
        to target: NodeRecord, session: Session
    ) throws {
        let ordered = shards.sorted { $0.1.shardID < $1.1.shardID }
        let catalog = session.catalog

        // Create every shard table on the target, parents first.
        for (record, shard) in ordered {
            guard let table = catalog.table(record.relation) else { continue }
            if record.schema != "public" {
                try run(
                    "CREATE SCHEMA IF NOT EXISTS \(quoted(record.schema))",
                    onGroup: target.groupID, for: session)
            }
            try run(
                shardTableCommand(record, shard, table: table, catalog: catalog),
                onGroup: target.groupID, for: session)
        }

        // Copy the rows of the shards that hold rows themselves.
        for (record, shard) in ordered {
            guard let table = catalog.table(record.relation), !table.isPartitioned else { continue }
            try copyRows(record, shard, table: table, from: source, to: target, session: session)
        }

        // The foreign keys of the shards, once their rows are all there
        // (CopyShardForeignConstraintCommandList): the colocated shards
        // they reference moved with them, reference tables are on every
        // node.
        for (record, shard) in ordered {
            guard let table = catalog.table(record.relation) else { continue }
            for key in outgoingForeignKeys(of: table) {
                guard
                    let sql = shardForeignKeyCommand(
                        key, of: record, shard: shard, table: table, catalog: catalog)
                else { continue }
                try run(sql, onGroup: target.groupID, for: session)
            }
        }

        // TODO(#3): Citus defers dropping the source shards to its
        // background cleaner (pg_dist_cleanup); they go at once here.
        for (record, shard) in ordered.reversed() {
            let name = quoted(record.schema) + "." + quoted(record.shardName(shard))
            try run(
                "DROP TABLE IF EXISTS \(name) CASCADE", onGroup: source.groupID, for: session)
        }
        try movePlacements(ordered.map(\.1), from: source, to: target, session: session)
    }

    /// Copies one shard's rows from `source` to `target`, in batches.
    private func copyRows(
        _ record: DistributedTableRecord, _ shard: ShardRecord, table: TableDefinition,
        from source: NodeRecord, to target: NodeRecord, session: Session
    ) throws {
        let name = quoted(record.schema) + "." + quoted(record.shardName(shard))
        let columns = table.liveColumns.map { table.columns[$0] }
        let list = columns.map { quoted($0.name) }.joined(separator: ", ")
        let rows = try run("SELECT \(list) FROM \(name)", onGroup: source.groupID, for: session)
        let batchSize = 1000
        for start in stride(from: 0, to: rows.rows.count, by: batchSize) {
            let batch = rows.rows[start..<min(start + batchSize, rows.rows.count)]
            let values = batch.map { row in
                "(" + zip(row, columns).map { sqlLiteral($0, $1.type) }.joined(separator: ", ")
                    + ")"
            }
            try run(
                "INSERT INTO \(name) (\(list)) VALUES " + values.joined(separator: ", "),
                onGroup: target.groupID, for: session)
        }
    }

    /// Replaces each shard's placement on `source` by a new placement on
    /// `target` (a new placement id, as Citus inserts a new row and
    /// deletes the old one), here and on every worker with metadata.
    private func movePlacements(
        _ shards: [ShardRecord], from source: NodeRecord, to target: NodeRecord,
        session: Session
    ) throws {
        willChangeMetadata(session)
        var sql = ""
        for moved in shards {
            guard let (relation, index) = locate(moved.shardID),
                let slot = metadata.tables[relation]?.shards[index].placements.firstIndex(where: {
                    $0.groupID == source.groupID
                }),
                let old = metadata.tables[relation]?.shards[index].placements[slot]
            else { continue }
            let placement = Placement(
                placementID: metadata.nextPlacementID, groupID: target.groupID)
            metadata.nextPlacementID += 1
            metadata.tables[relation]?.shards[index].placements[slot] = placement
            sql +=
                "INSERT INTO pg_catalog.pg_dist_placement VALUES (\(placement.placementID), "
                + "\(moved.shardID), 1, 0, \(target.groupID));"
                + "DELETE FROM pg_catalog.pg_dist_placement "
                + "WHERE placementid = \(old.placementID);"
        }
        try session.executeInternal(sql)
        try syncPlacementMove(
            shards.map(\.shardID), from: source.groupID, to: target.groupID, session: session)
    }

    /// The table and shard index of `shardID`.
    private func locate(_ shardID: Int64) -> (RelationID, Int)? {
        for (relation, record) in metadata.tables {
            if let index = record.shards.firstIndex(where: { $0.shardID == shardID }) {
                return (relation, index)
            }
        }
        return nil
    }
}
