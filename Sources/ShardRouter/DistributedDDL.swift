// DDL on Citus tables reaches their shards, as Citus propagates it: ALTER
// TABLE and TRUNCATE run on the coordinator's table and on every shard
// (CREATE and DROP INDEX in DistributedIndexes.swift);
// DROP TABLE drops the shards and the metadata; a partition created on a
// distributed partitioned table is distributed with it, and one detached
// from it stays distributed, its shards detached from the parent's.
import Engine
import SQLParser

extension CitusLibrary {
    /// The result of a utility statement on Citus tables, or nil when it
    /// touches none.
    func planUtility(_ statement: Statement, context: StatementContext) throws -> QueryResult? {
        switch statement {
        case .createTable(let create):
            guard let parentName = create.partitionOf,
                let parent = citusTable(parentName, context)
            else { return nil }
            let result = try context.executeLocally(statement)
            guard let oid = relationID(create.name, context),
                let table = context.catalog.table(oid)
            else { return result }
            try distributePartition(table, of: parent, session: context.session)
            return result
        case .alterTable(let alter):
            guard let record = citusTable(alter.name, context) else { return nil }
            return try alterTable(alter, record, context)
        case .truncate(let truncate):
            let records = truncate.tables.compactMap { citusTable($0, context) }
            guard !records.isEmpty else { return nil }
            // TODO(#3): citus.log_remote_commands does not report TRUNCATE
            // (Citus' truncate trigger and TruncateTaskList) nor DROP
            // TABLE (citus_drop_all_shards and the workers' metadata
            // cleanup): their command texts and order were not verified
            // against Citus 12.1.
            let result = try context.executeLocally(statement)
            for record in records {
                for shard in record.shards {
                    var shardTruncate = truncate
                    shardTruncate.tables = [QualifiedName([record.schema, record.shardName(shard)])]
                    try runOnPlacements(
                        deparse(.truncate(shardTruncate)), shard, for: context.session)
                }
            }
            return result
        case .createIndex(let create):
            guard let record = citusTable(create.table, context) else { return nil }
            return try createIndex(create, record, context)
        case .drop(let drop) where drop.kind == .index:
            return try dropIndex(drop, context)
        case .drop(let drop) where drop.kind == .table:
            let records = drop.names.compactMap { citusTable($0, context) }
            guard !records.isEmpty else { return nil }
            // The tables and their partitions, as DROP will remove them.
            var doomed: [DistributedTableRecord] = []
            func collect(_ oid: RelationID) {
                guard let table = context.catalog.table(oid) else { return }
                if let record = metadata.tables[oid] { doomed.append(record) }
                table.partitions.forEach(collect)
            }
            records.forEach { collect($0.relation) }
            let result = try context.executeLocally(statement)
            try dropShards(doomed, session: context.session)
            return result
        default:
            return nil
        }
    }

    private func alterTable(
        _ alter: AlterTableStatement, _ record: DistributedTableRecord,
        _ context: StatementContext
    ) throws -> QueryResult {
        if alter.commands.count == 1, case .detachPartition(let child, false) = alter.commands[0],
            let childRecord = citusTable(child, context)
        {
            return try detachPartition(alter, record, childRecord, context)
        }
        for command in alter.commands {
            switch command {
            case .dropColumn(let name, _, _), .alterColumnType(let name, _, _):
                if name == record.column?.name {
                    throw SQLError(
                        SQLState.featureNotSupported,
                        "cannot execute ALTER TABLE command involving partition column")
                }
            case .renameTable, .setSchema, .attachPartition, .detachPartition:
                // TODO(#3): renaming, moving and attaching distributed
                // tables (and DETACH CONCURRENTLY), which renames or
                // re-distributes shards.
                throw SQLError.notSupported(
                    "this ALTER TABLE command on a distributed table is not supported yet")
            default:
                break
            }
        }
        let result = try context.executeLocally(.alterTable(alter))
        try logDDLJob(record, session: context.session)
        for shard in record.shards {
            var shardAlter = alter
            shardAlter.name = QualifiedName([record.schema, record.shardName(shard)])
            try runOnPlacements(deparse(.alterTable(shardAlter)), shard, for: context.session)
        }
        try syncAlterTable(alter, record, session: context.session)
        return result
    }

    /// ALTER TABLE parent DETACH PARTITION child on distributed tables:
    /// each of the parent's shards lets go of the child's shard of the
    /// same index, and the child stays a distributed table, as in Citus.
    private func detachPartition(
        _ alter: AlterTableStatement, _ parent: DistributedTableRecord,
        _ child: DistributedTableRecord, _ context: StatementContext
    ) throws -> QueryResult {
        let result = try context.executeLocally(.alterTable(alter))
        for (index, shard) in parent.shards.enumerated() where index < child.shards.count {
            let parentShard = quoted(parent.schema) + "." + quoted(parent.shardName(shard))
            let childShard =
                quoted(child.schema) + "." + quoted(child.shardName(child.shards[index]))
            try runOnPlacements(
                "ALTER TABLE \(parentShard) DETACH PARTITION \(childShard)", shard,
                for: context.session)
        }
        var shellAlter = alter
        shellAlter.commands = [
            .detachPartition(QualifiedName([child.schema, child.name]), concurrently: false)
        ]
        try syncAlterTable(shellAlter, parent, session: context.session)
        return result
    }

    /// Removes the shards and metadata of tables being dropped or
    /// undistributed, here and on the workers.
    func dropShards(_ records: [DistributedTableRecord], session: Session) throws {
        willChangeMetadata(session)
        try unsyncTableMetadata(records, session: session)
        for record in records {
            for shard in record.shards {
                let name = quoted(record.schema) + "." + quoted(record.shardName(shard))
                try runOnPlacements("DROP TABLE IF EXISTS \(name)", shard, for: session)
            }
            metadata.tables[record.relation] = nil
            try session.executeInternal(
                "DELETE FROM pg_catalog.pg_dist_placement WHERE shardid IN (SELECT shardid FROM "
                    + "pg_catalog.pg_dist_shard WHERE logicalrelid = \(record.relation));"
                    + "DELETE FROM pg_catalog.pg_dist_shard "
                    + "WHERE logicalrelid = \(record.relation);"
                    + "DELETE FROM pg_catalog.pg_dist_partition "
                    + "WHERE logicalrelid = \(record.relation)")
        }
        // A colocation group no table belongs to any more goes too.
        let used = Set(metadata.tables.values.map(\.colocationID))
        for group in metadata.colocations where !used.contains(group.colocationID) {
            try session.executeInternal(
                "DELETE FROM pg_catalog.pg_dist_colocation "
                    + "WHERE colocationid = \(group.colocationID)")
        }
        metadata.colocations.removeAll { !used.contains($0.colocationID) }
    }
}
