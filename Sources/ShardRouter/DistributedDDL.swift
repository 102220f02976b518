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
            if referencesCitusTable(create.elements.flatMap(Self.references), context) {
                return try createLocalTableWithKeys(create, context)
            }
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
            guard let record = citusTable(alter.name, context) else {
                let added = alter.commands.flatMap(Self.references)
                guard referencesCitusTable(added, context) else { return nil }
                return try alterLocalTableWithKeys(alter, context)
            }
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
            // Each truncated table's trigger truncates its shards with
            // CASCADE (truncate.c's TruncateTaskList); TRUNCATE .. CASCADE
            // reaches the Citus tables referencing them.
            var truncated = records
            if truncate.cascade {
                var index = 0
                while index < truncated.count {
                    let oid = truncated[index].relation
                    index += 1
                    for other in referencingTables(of: oid, in: context.catalog) {
                        guard let record = metadata.tables[other.oid],
                            !truncated.contains(where: { $0.relation == other.oid })
                        else { continue }
                        truncated.append(record)
                    }
                }
            }
            for record in truncated {
                for shard in record.shards {
                    var shardTruncate = truncate
                    let name = QualifiedName([record.schema, record.shardName(shard)])
                    shardTruncate.tables = [name]
                    shardTruncate.cascade = true
                    try quietly(context.session) {
                        try runOnPlacements(
                            deparse(.truncate(shardTruncate)), shard, for: context.session)
                    }
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
        let addsKey = alter.commands.contains {
            if case .addConstraint(let c) = $0, case .foreignKey = c.kind { return true }
            return false
        }
        if addsKey {
            guard alter.commands.count == 1 else {
                throw SQLError(
                    SQLState.featureNotSupported,
                    "cannot execute ADD CONSTRAINT command with other subcommands",
                    hint: "You can issue each subcommand separately")
            }
            return try addForeignKey(alter, record, context)
        }
        for command in alter.commands {
            switch command {
            case .addColumn(let column, _) where !Self.columnReferences(column).isEmpty:
                // TODO(#3): ADD COLUMN .. REFERENCES on a Citus table, whose
                // shards need the key under the name the coordinator chose.
                throw SQLError.notSupported(
                    "ADD COLUMN .. REFERENCES on a distributed table is not supported yet")
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
        let table = context.catalog.table(record.relation)
        let result = try context.executeLocally(.alterTable(alter))
        try logDDLJob(record, session: context.session)
        for shard in record.shards {
            var shardAlter = alter
            shardAlter.name = QualifiedName([record.schema, record.shardName(shard)])
            // Constraints are named on the shards as Citus' worker
            // commands name them (RelayEventExtendNames).
            shardAlter.commands = alter.commands.map { command in
                guard case .dropConstraint(let name, let ifExists, let cascade) = command,
                    let table
                else { return command }
                let shardName = shardConstraintName(name, of: table, shardID: shard.shardID)
                return .dropConstraint(shardName, ifExists: ifExists, cascade: cascade)
            }
            try runOnPlacements(deparse(.alterTable(shardAlter)), shard, for: context.session)
        }
        try syncAlterTable(alter, record, session: context.session)
        return result
    }

    /// ALTER TABLE .. ADD FOREIGN KEY on a Citus table: the coordinator's
    /// table gets the key without checking its rows (they live in the
    /// shards), Citus' checks run on the key PostgreSQL defined, and each
    /// shard gets the key to its colocated shard, which its worker checks.
    private func addForeignKey(
        _ alter: AlterTableStatement, _ record: DistributedTableRecord,
        _ context: StatementContext
    ) throws -> QueryResult {
        let session = context.session
        let before = Set(context.catalog.table(record.relation)?.constraints.map(\.name) ?? [])
        session.skipsForeignKeyValidation = true
        defer { session.skipsForeignKeyValidation = false }
        let result = try context.executeLocally(.alterTable(alter))
        session.skipsForeignKeyValidation = false
        let catalog = context.catalog
        guard let table = catalog.table(record.relation),
            let added = table.constraints.first(where: { !before.contains($0.name) })
        else { return result }
        let shape = DistributionShape(
            method: record.method, column: record.column?.index,
            colocationID: record.colocationID)
        try checkForeignKeys(of: table, shape: shape, catalog: catalog, only: added.name)
        // A key's tasks name both shards (InterShardDDLTaskList).
        var target: DistributedTableRecord?
        if case .foreignKey(let fk) = added.kind { target = metadata.tables[fk.referenced] }
        let command = session.activity.query
        try logDDLJob(record, session: session) { shard in
            guard let target else { return "" }
            let other = target.method == .none ? target.shards[0] : target.shards[shard.index]
            return "SELECT worker_apply_inter_shard_ddl_command (\(shard.shardID), "
                + "\(quoteLiteral(record.schema)), \(other.shardID), "
                + "\(quoteLiteral(target.schema)), \(quoteLiteral(command)))"
        }
        try createShardForeignKeys(record, table: table, only: added.name, session: session)
        try syncAlterTable(alter, record, session: session)
        return result
    }

    /// The foreign key references of a CREATE TABLE element or an ALTER
    /// TABLE command.
    static func references(_ element: TableElement) -> [ForeignKeyReference] {
        switch element {
        case .column(let column): return columnReferences(column)
        case .constraint(let c):
            if case .foreignKey(_, let reference) = c.kind { return [reference] }
            return []
        case .like: return []
        }
    }

    static func references(_ command: AlterTableCommand) -> [ForeignKeyReference] {
        switch command {
        case .addColumn(let column, _): return columnReferences(column)
        case .addConstraint(let c):
            if case .foreignKey(_, let reference) = c.kind { return [reference] }
            return []
        default: return []
        }
    }

    static func columnReferences(_ column: ColumnDef) -> [ForeignKeyReference] {
        column.constraints.compactMap {
            if case .references(let reference) = $0.kind { return reference }
            return nil
        }
    }

    private func referencesCitusTable(
        _ references: [ForeignKeyReference], _ context: StatementContext
    ) -> Bool {
        references.contains { citusTable($0.table, context) != nil }
    }

    /// CREATE TABLE of a local table with keys to Citus tables: created
    /// as PostgreSQL creates it, then refused as Citus refuses the keys.
    private func createLocalTableWithKeys(
        _ create: CreateTableStatement, _ context: StatementContext
    ) throws -> QueryResult {
        let result = try context.executeLocally(.createTable(create))
        guard let oid = relationID(create.name, context),
            let table = context.catalog.table(oid)
        else { return result }
        try checkLocalTableForeignKeys(table, added: Set(table.constraints.map(\.name)))
        return result
    }

    /// ALTER TABLE on a local table adding keys to Citus tables.
    private func alterLocalTableWithKeys(
        _ alter: AlterTableStatement, _ context: StatementContext
    ) throws -> QueryResult {
        let oid = relationID(alter.name, context)
        let before = Set(oid.flatMap(context.catalog.table)?.constraints.map(\.name) ?? [])
        let result = try context.executeLocally(.alterTable(alter))
        guard let oid, let table = context.catalog.table(oid) else { return result }
        let added = Set(table.constraints.map(\.name)).subtracting(before)
        try checkLocalTableForeignKeys(table, added: added)
        return result
    }

    /// Runs `body` with `session`'s notices held back: the shards'
    /// cascades on this node are not the user's statement's.
    func quietly<T>(_ session: Session, _ body: () throws -> T) rethrows -> T {
        let saved = session.mutesNotices
        session.mutesNotices = true
        defer { session.mutesNotices = saved }
        return try body()
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
                // CASCADE, as Citus drops shards: keys of other shards to
                // this one go with it.
                let name = quoted(record.schema) + "." + quoted(record.shardName(shard))
                try quietly(session) {
                    try runOnPlacements("DROP TABLE IF EXISTS \(name) CASCADE", shard, for: session)
                }
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
