// Metadata sync: every worker with metadata (pg_dist_node.hasmetadata)
// holds the node list, a shell table for each Citus table (the table's
// definition under its own name, without rows) and the pg_dist_* rows that
// describe it, as Citus 12.1 leaves a worker after create_distributed_table.
// The coordinator sends the shell's DDL and copies of its catalog rows over
// its connection to the worker, and the worker's citus library takes the
// same records into its metadata cache. The worker's changes are part of
// the coordinator's transaction: they commit or roll back with it.
import Engine
import SQLParser

extension CitusLibrary {
    /// The node group this node belongs to, as pg_dist_local_group records
    /// it: 0 on the coordinator and on a node no coordinator has synced.
    var localGroupID: Int32 {
        metadata.nodes.first { $0.port == port && $0.groupID != 0 }?.groupID ?? 0
    }

    /// Copies the node list (pg_dist_node) to every worker with metadata
    /// whose copy lists other nodes, or to all of them when `changed` (a
    /// node's properties changed).
    func syncNodeMetadata(session: Session, changed: Bool = false) throws {
        let ids = metadata.nodes.map(\.nodeID)
        for (node, remote) in metadataWorkers()
        where changed || remote.metadata.nodes.map(\.nodeID) != ids {
            let rows = try session.executeInternal(
                "SELECT * FROM pg_catalog.pg_dist_node ORDER BY nodeid")
            let worker = try internalConnection(for: session, port: node.port)
            try worker.execute(
                "DELETE FROM pg_catalog.pg_dist_node;"
                    + insertCommand(rows, into: "pg_dist_node", relation: nil))
            remote.willChangeMetadata(worker)
            remote.metadata.nodes = metadata.nodes
        }
    }

    /// Creates `record`'s shell table on every worker with metadata and
    /// copies the rows of pg_dist_partition, pg_dist_shard,
    /// pg_dist_placement and pg_dist_colocation that describe it.
    func syncTableMetadata(
        _ record: DistributedTableRecord, table: TableDefinition, session: Session,
        onlyPort: Int? = nil
    ) throws {
        try syncNodeMetadata(session: session)
        let qualified = quoted(record.schema) + "." + quoted(record.name)
        let shardIDs = record.shards.map { String($0.shardID) }.joined(separator: ", ")
        let partition = try session.executeInternal(
            "SELECT * FROM pg_catalog.pg_dist_partition WHERE logicalrelid = \(record.relation)")
        let shards = try session.executeInternal(
            "SELECT * FROM pg_catalog.pg_dist_shard WHERE logicalrelid = \(record.relation) "
                + "ORDER BY shardid")
        let placements = try session.executeInternal(
            "SELECT * FROM pg_catalog.pg_dist_placement WHERE shardid IN (\(shardIDs)) "
                + "ORDER BY placementid")
        let colocation = try session.executeInternal(
            "SELECT * FROM pg_catalog.pg_dist_colocation "
                + "WHERE colocationid = \(record.colocationID)")
        let shell = shellTableCommand(table, catalog: session.catalog)

        for (node, remote) in metadataWorkers() where onlyPort == nil || node.port == onlyPort {
            let worker = try internalConnection(for: session, port: node.port)
            if record.schema != "public" {
                try worker.execute("CREATE SCHEMA IF NOT EXISTS \(quoted(record.schema))")
            }
            try worker.execute(shell)
            guard let oid = worker.catalog.relation(named: record.name, in: record.schema) else {
                throw SQLError(
                    SQLState.internalError,
                    "shell table \(qualified) is missing on node \(Cluster.host):\(node.port)")
            }
            var sql =
                insertCommand(partition, into: "pg_dist_partition", relation: oid)
                + insertCommand(shards, into: "pg_dist_shard", relation: oid)
                + insertCommand(placements, into: "pg_dist_placement", relation: nil)
            let known = remote.metadata.colocations.contains {
                $0.colocationID == record.colocationID
            }
            if !known,
                let group = metadata.colocations.first(where: {
                    $0.colocationID == record.colocationID
                })
            {
                sql += insertCommand(colocation, into: "pg_dist_colocation", relation: nil)
                remote.willChangeMetadata(worker)
                remote.metadata.colocations.append(group)
            }
            try worker.execute(sql)
            remote.willChangeMetadata(worker)
            var copy = record
            copy.relation = oid
            remote.metadata.tables[oid] = copy
        }
    }

    /// Gives a node just added the metadata of every Citus table, as
    /// Citus activates a node: shell tables (a partitioned table before
    /// its partitions) and their pg_dist_* rows.
    func syncAllTableMetadata(toPort port: Int, session: Session) throws {
        let records = metadata.tables.values.sorted { $0.shards[0].shardID < $1.shards[0].shardID }
        for record in records {
            guard let table = session.catalog.table(record.relation) else { continue }
            try syncTableMetadata(record, table: table, session: session, onlyPort: port)
        }
    }

    /// Removes the shells and pg_dist_* rows of tables that leave Citus
    /// (dropped or undistributed) from every worker with metadata.
    func unsyncTableMetadata(_ records: [DistributedTableRecord], session: Session) throws {
        for (node, remote) in metadataWorkers() {
            let worker = try internalConnection(for: session, port: node.port)
            for record in records {
                guard
                    let oid = remote.metadata.tables.first(where: {
                        $0.value.schema == record.schema && $0.value.name == record.name
                    })?.key
                else { continue }
                try worker.execute(
                    "DELETE FROM pg_catalog.pg_dist_placement WHERE shardid IN (SELECT shardid "
                        + "FROM pg_catalog.pg_dist_shard WHERE logicalrelid = \(oid));"
                        + "DELETE FROM pg_catalog.pg_dist_shard WHERE logicalrelid = \(oid);"
                        + "DELETE FROM pg_catalog.pg_dist_partition WHERE logicalrelid = \(oid)")
                remote.willChangeMetadata(worker)
                remote.metadata.tables[oid] = nil
            }
            // Dropping a partitioned shell drops its partitions' shells.
            for record in records {
                try worker.execute(
                    "DROP TABLE IF EXISTS \(quoted(record.schema)).\(quoted(record.name)) CASCADE")
            }
        }
    }

    /// Runs ALTER TABLE on the shells of every worker with metadata.
    func syncAlterTable(_ alter: AlterTableStatement, _ record: DistributedTableRecord,
        session: Session
    ) throws {
        var shellAlter = alter
        shellAlter.name = QualifiedName([record.schema, record.name])
        for (node, _) in metadataWorkers() {
            let worker = try internalConnection(for: session, port: node.port)
            try worker.execute(deparse(.alterTable(shellAlter)))
        }
    }

    /// Points the placements of `shardIDs` in group `source` at group
    /// `target` on every worker with metadata, as Citus updates a moved
    /// placement there (the worker's row keeps its placement id).
    func syncPlacementMove(
        _ shardIDs: [Int64], from source: Int32, to target: Int32, session: Session
    ) throws {
        guard !shardIDs.isEmpty else { return }
        let list = shardIDs.map(String.init).joined(separator: ", ")
        let moved = Set(shardIDs)
        for (node, remote) in metadataWorkers() {
            let worker = try internalConnection(for: session, port: node.port)
            try worker.execute(
                "UPDATE pg_catalog.pg_dist_placement SET groupid = \(target) "
                    + "WHERE groupid = \(source) AND shardid IN (\(list))")
            remote.willChangeMetadata(worker)
            for (oid, record) in remote.metadata.tables {
                for (index, shard) in record.shards.enumerated()
                where moved.contains(shard.shardID) {
                    for (slot, placement) in shard.placements.enumerated()
                    where placement.groupID == source {
                        remote.metadata.tables[oid]?.shards[index].placements[slot].groupID = target
                    }
                }
            }
        }
    }

    /// The connection to the node at `port` for `session`, marked with
    /// the application_name of Citus' connections (its global pid is the
    /// node id times 10^10 plus the backend's pid), so the worker lets its
    /// commands through.
    func internalConnection(for session: Session, port: Int) throws -> Session {
        let remote = try connection(for: session, port: port)
        let nodeID = Int64(metadata.nodes.first { $0.port == self.port }?.nodeID ?? 0)
        let gpid = nodeID * 10_000_000_000 + Int64(session.backendID)
        try remote.setStartupParameter(
            "application_name", Self.internalApplicationPrefix + String(gpid))
        return remote
    }

    /// The workers that hold metadata, with their citus libraries: every
    /// node outside the coordinator's group (each is added with
    /// hasmetadata = true).
    func metadataWorkers() -> [(NodeRecord, CitusLibrary)] {
        metadata.nodes.compactMap { node in
            guard node.groupID != 0, node.port != port,
                let remote = cluster?.node(host: Cluster.host, port: node.port)?.library
            else { return nil }
            return (node, remote)
        }
    }

    /// An INSERT of `rows` into the catalog table `name`; `relation`
    /// replaces the first column (logicalrelid) with the worker's OID of
    /// the table. Empty when there are no rows.
    private func insertCommand(_ rows: QueryResult, into name: String, relation: RelationID?)
        -> String
    {
        guard let columns = rows.columns, !rows.rows.isEmpty else { return "" }
        let values = rows.rows.map { row in
            let items = zip(row, columns).enumerated().map { index, item in
                if index == 0, let relation { return String(relation) }
                return sqlLiteral(item.0, item.1.type)
            }
            return "(" + items.joined(separator: ", ") + ")"
        }
        return "INSERT INTO pg_catalog.\(name) VALUES " + values.joined(separator: ", ") + ";"
    }

    /// The CREATE TABLE command of `table`'s shell: its definition under
    /// its own name, a partition PARTITION OF its parent's shell.
    private func shellTableCommand(_ table: TableDefinition, catalog: Catalog) -> String {
        let parent = table.parent.flatMap(catalog.table).map {
            (name: quoted($0.schema) + "." + quoted($0.name), table: $0)
        }
        return tableCommand(
            table, name: quoted(table.schema) + "." + quoted(table.name), parent: parent
        ) { $0 }
    }
}
