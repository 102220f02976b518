// Changing the cluster's nodes after it was built: citus_remove_node
// (refused while the node holds the only placement of a shard),
// citus_set_node_property (shouldhaveshards) and the copying of reference
// tables to nodes that lack them, which the rebalancer does before it
// moves shards. Every change reaches the workers with metadata.
import Engine

extension CitusLibrary {
    /// citus_remove_node(nodename, nodeport).
    func removeNode(_ call: NativeCall) throws -> Value {
        guard let name = textArgument(call.arguments[0]), let port = intArgument(call.arguments[1])
        else { return .void }
        let session = call.session
        let node = try modifiableNode(name, port)
        try refuseRemovingOnlyPlacements(node)
        willChangeMetadata(session)

        // Reference table placements on the node go with it.
        var sql = ""
        for (oid, record) in metadata.tables where record.method == .none {
            for index in record.shards.indices {
                metadata.tables[oid]?.shards[index].placements.removeAll {
                    $0.groupID == node.groupID
                }
            }
        }
        sql += "DELETE FROM pg_catalog.pg_dist_placement WHERE groupid = \(node.groupID);"
        sql += "DELETE FROM pg_catalog.pg_dist_node WHERE nodeid = \(node.nodeID);"
        try session.executeInternal(sql)
        metadata.nodes.removeAll { $0.nodeID == node.nodeID }
        for (worker, remote) in metadataWorkers() {
            let connection = try internalConnection(for: session, port: worker.port)
            try connection.execute(
                "DELETE FROM pg_catalog.pg_dist_placement WHERE groupid = \(node.groupID);"
                    + "DELETE FROM pg_catalog.pg_dist_node WHERE nodeid = \(node.nodeID)")
            remote.willChangeMetadata(connection)
            remote.metadata.nodes.removeAll { $0.nodeID == node.nodeID }
            for (oid, record) in remote.metadata.tables {
                for index in record.shards.indices {
                    remote.metadata.tables[oid]?.shards[index].placements.removeAll {
                        $0.groupID == node.groupID
                    }
                }
            }
        }
        return .void
    }

    /// The node at `name`:`port`, or Citus' error when there is none.
    func modifiableNode(_ name: String, _ port: Int) throws -> NodeRecord {
        guard let node = node((name, port)) else {
            throw SQLError(SQLState.internalError, "node at \"\(name):\(port)\" does not exist")
        }
        return node
    }

    /// Citus' error when a placement on `node` is the only one of its
    /// shard, naming the first such shard (by placement id).
    private func refuseRemovingOnlyPlacements(_ node: NodeRecord) throws {
        let candidates = metadata.tables.values.flatMap { record in
            record.shards.compactMap { shard -> (Int64, ShardRecord, DistributedTableRecord)? in
                guard let placement = shard.placements.first(where: { $0.groupID == node.groupID }),
                    !shard.placements.contains(where: { $0.groupID != node.groupID })
                else { return nil }
                return (placement.placementID, shard, record)
            }
        }
        guard let (_, shard, record) = candidates.min(by: { $0.0 < $1.0 }) else { return }
        throw SQLError(
            SQLState.internalError,
            "cannot remove or disable the node \(node.name):\(node.port) because because it "
                + "contains the only shard placement for shard \(shard.shardID)",
            detail: "One of the table(s) that prevents the operation complete successfully is "
                + "\(record.schema).\(record.name)",
            hint: "To proceed, either drop the tables or use undistribute_table() function to "
                + "convert them to local tables")
    }

    /// citus_set_node_property(nodename, nodeport, property, value).
    func setNodeProperty(_ call: NativeCall) throws -> Value {
        guard let name = textArgument(call.arguments[0]), let port = intArgument(call.arguments[1]),
            let property = textArgument(call.arguments[2]),
            case .bool(let value) = call.arguments[3]
        else { return .void }
        let node = try modifiableNode(name, port)
        guard property == "shouldhaveshards" else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "only the 'shouldhaveshards' property can be set using this function")
        }
        try setShouldHaveShards(node, value, session: call.session)
        return .void
    }

    /// Sets pg_dist_node.shouldhaveshards of `node`, here and on the
    /// workers with metadata.
    func setShouldHaveShards(_ node: NodeRecord, _ value: Bool, session: Session) throws {
        willChangeMetadata(session)
        guard let index = metadata.nodes.firstIndex(where: { $0.nodeID == node.nodeID }) else {
            return
        }
        metadata.nodes[index].shouldHaveShards = value
        try session.executeInternal(
            "UPDATE pg_catalog.pg_dist_node SET shouldhaveshards = \(value) "
                + "WHERE nodeid = \(node.nodeID)")
        try syncNodeMetadata(session: session, changed: true)
    }

    /// Copies the reference tables to every node that lacks them, as the
    /// rebalancer does first: one NOTICE per node, naming the first
    /// reference table; all reference tables share one shard group.
    func replicateReferenceTables(session: Session) throws {
        let references = metadata.tables.values.filter { $0.method == .none }
            .sorted { $0.shards[0].shardID < $1.shards[0].shardID }
        guard let first = references.first else { return }
        let catalog = session.catalog
        for node in metadata.nodes.sorted(by: { $0.nodeID < $1.nodeID })
        where !first.shards[0].placements.contains(where: { $0.groupID == node.groupID }) {
            session.emitNotice(
                .notice(
                    "replicating reference table '\(first.name)' to \(node.name):\(node.port) ..."))
            willChangeMetadata(session)
            var sql = ""
            for record in references {
                let shard = record.shards[0]
                guard let table = catalog.table(record.relation) else { continue }
                try run(
                    shardTableCommand(record, shard, table: table, catalog: catalog),
                    onGroup: node.groupID, for: session)
                let name = quoted(record.schema) + "." + quoted(record.shardName(shard))
                let columns = table.liveColumns.map { table.columns[$0] }
                let list = columns.map { quoted($0.name) }.joined(separator: ", ")
                let rows = try run(
                    "SELECT \(list) FROM \(name)", onGroup: shard.groupID, for: session)
                if !rows.rows.isEmpty {
                    let values = rows.rows.map { row in
                        "("
                            + zip(row, columns).map { sqlLiteral($0, $1.type) }
                            .joined(separator: ", ") + ")"
                    }
                    try run(
                        "INSERT INTO \(name) (\(list)) VALUES " + values.joined(separator: ", "),
                        onGroup: node.groupID, for: session)
                }
                let placement = Placement(
                    placementID: metadata.nextPlacementID, groupID: node.groupID)
                metadata.nextPlacementID += 1
                metadata.tables[record.relation]?.shards[0].placements.append(placement)
                sql +=
                    "INSERT INTO pg_catalog.pg_dist_placement VALUES (\(placement.placementID), "
                    + "\(shard.shardID), 1, 0, \(node.groupID));"
            }
            try session.executeInternal(sql)
            for (worker, remote) in metadataWorkers() {
                let connection = try internalConnection(for: session, port: worker.port)
                try connection.execute(sql)
                remote.willChangeMetadata(connection)
                for (oid, record) in remote.metadata.tables where record.method == .none {
                    guard
                        let placement = metadata.tables.values.first(where: {
                            $0.shards[0].shardID == record.shards[0].shardID
                        })?.shards[0].placements.last
                    else { continue }
                    remote.metadata.tables[oid]?.shards[0].placements.append(placement)
                }
            }
        }
    }
}
