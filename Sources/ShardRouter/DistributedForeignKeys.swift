// Foreign keys on Citus tables, as Citus 12.1 supports them
// (commands/foreign_constraint.c, ErrorIfUnsupportedForeignConstraintExists):
// between colocated hash-distributed tables whose key holds the
// distribution column at the same position on both sides, from a
// distributed table to a reference table, and between reference tables.
// Each shard gets the key to its colocated shard (or to the reference
// table's one shard) under the constraint's name extended with the
// shard id, so the workers' engines enforce it and their errors name the
// shards, as a real cluster's do.
import Engine
import SQLParser

/// One foreign key of a table: its constraint name and definition.
struct TableForeignKey {
    var name: String
    var key: ForeignKeyDefinition
}

/// How a table is or is about to be distributed, as the checks see it.
struct DistributionShape {
    var method: DistributedTableRecord.Method
    /// The distribution column's index (nil for a reference table).
    var column: Int?
    var colocationID: Int32
}

extension CitusLibrary {
    // MARK: - Finding the keys

    /// The foreign keys `table` holds (pg_constraint rows with conrelid
    /// = table), in definition order.
    func outgoingForeignKeys(of table: TableDefinition) -> [TableForeignKey] {
        table.constraints.compactMap { c in
            if case .foreignKey(let fk) = c.kind { return TableForeignKey(name: c.name, key: fk) }
            return nil
        }
    }

    /// The tables other than `oid` with a foreign key to it, by oid.
    func referencingTables(of oid: RelationID, in catalog: Catalog) -> [TableDefinition] {
        catalog.tables.values.sorted { $0.oid < $1.oid }.filter { other in
            other.oid != oid
                && outgoingForeignKeys(of: other).contains { $0.key.referenced == oid }
        }
    }

    // MARK: - Citus' checks

    /// ErrorIfUnsupportedForeignConstraintExists: every foreign key of
    /// `table`, which has or is about to get `shape`, must be one Citus
    /// can enforce shard by shard.
    func checkForeignKeys(
        of table: TableDefinition, shape: DistributionShape, catalog: Catalog,
        only: String? = nil
    ) throws {
        for key in outgoingForeignKeys(of: table) where only == nil || key.name == only {
            try checkForeignKey(key.key, of: table, shape: shape, catalog: catalog)
        }
    }

    private func checkForeignKey(
        _ fk: ForeignKeyDefinition, of table: TableDefinition, shape: DistributionShape,
        catalog: Catalog
    ) throws {
        let referenced: DistributionShape
        if fk.referenced == table.oid {
            referenced = shape
        } else if let record = metadata.tables[fk.referenced] {
            referenced = DistributionShape(
                method: record.method, column: record.column?.index,
                colocationID: record.colocationID)
        } else {
            throw Self.referencedTableNotCitus(fk.referenced, catalog: catalog)
        }
        let referencingIsReference = shape.method == .none
        let referencedIsReference = referenced.method == .none
        if referencingIsReference && referencedIsReference { return }
        if referencingIsReference {
            throw Self.fromReferenceOrLocalTable
        }
        if !referencedIsReference && shape.colocationID != referenced.colocationID {
            throw SQLError(
                SQLState.featureNotSupported,
                "cannot create foreign key constraint since relations are not colocated or not referencing a reference table",
                detail:
                    "A distributed table can only have foreign keys if it is referencing another colocated hash distributed table or a reference table"
            )
        }
        // The distribution columns' positions in the key, as
        // ForeignConstraintFindDistKeys finds them.
        let referencingPosition = shape.column.flatMap { fk.columns.firstIndex(of: $0) }
        let referencedPosition = referenced.column.flatMap {
            fk.referencedColumns.firstIndex(of: $0)
        }
        if referencingPosition != nil {
            try checkActionsOnDistributionColumn(fk)
        }
        if !referencedIsReference
            && (referencingPosition == nil || referencingPosition != referencedPosition)
        {
            throw SQLError(
                SQLState.featureNotSupported, "cannot create foreign key constraint",
                detail:
                    "Foreign keys are supported in two cases, either in between two colocated tables including partition column in the same ordinal in the both tables or from distributed to reference tables"
            )
        }
    }

    /// EnsureSupportedFKeyOnDistKey: a key holding the distribution column
    /// may not set it to NULL or its default, nor cascade an update to it.
    private func checkActionsOnDistributionColumn(_ fk: ForeignKeyDefinition) throws {
        if fk.onDelete == .setNull || fk.onDelete == .setDefault {
            throw SQLError(
                SQLState.featureNotSupported, "cannot create foreign key constraint",
                detail:
                    "SET NULL or SET DEFAULT is not supported in ON DELETE operation when distribution key is included in the foreign key constraint"
            )
        }
        if [.setNull, .setDefault, .cascade].contains(fk.onUpdate) {
            throw SQLError(
                SQLState.featureNotSupported, "cannot create foreign key constraint",
                detail:
                    "SET NULL, SET DEFAULT or CASCADE is not supported in ON UPDATE operation when distribution key included in the foreign constraint."
            )
        }
    }

    /// A Citus table's key to a table Citus does not know.
    static func referencedTableNotCitus(_ oid: RelationID, catalog: Catalog) -> SQLError {
        let name = catalog.table(oid)?.name ?? "\(oid)"
        return SQLError(
            SQLState.invalidTableDefinition,
            "referenced table \"\(name)\" must be a distributed table or a reference table",
            detail:
                "To enforce foreign keys, the referencing and referenced rows need to be stored on the same node.",
            hint:
                "You could use SELECT create_reference_table('\(name)') to replicate the referenced table to all nodes or consider dropping the foreign key"
        )
    }

    /// A reference or local table's key to a distributed table.
    static let fromReferenceOrLocalTable = SQLError(
        SQLState.featureNotSupported,
        "cannot create foreign key constraint since foreign keys from reference tables and local tables to distributed tables are not supported",
        detail:
            "Reference tables and local tables can only have foreign keys to reference tables and local tables"
    )

    /// The checks before `table` is distributed with `shape`: its own keys
    /// (ErrorIfUnsupportedForeignConstraintExists) and, for a reference
    /// table, keys from local tables, which Citus 12.1 meets by turning
    /// those tables into Citus local tables.
    func checkForeignKeysBeforeDistributing(
        _ table: TableDefinition, shape: DistributionShape, catalog: Catalog
    ) throws {
        try checkForeignKeys(of: table, shape: shape, catalog: catalog)
        if shape.method == .none, let local = referencingTables(of: table.oid, in: catalog).first {
            // TODO(#3): Citus local tables (citus_add_local_table_to_metadata),
            // which Citus makes of local tables referencing reference tables.
            throw SQLError.notSupported(
                "a reference table referenced by a local table (\"\(local.name)\") is not supported yet"
            )
        }
    }

    /// A local table's new keys to Citus tables: to a distributed table
    /// Citus refuses them; to a reference table it would make the local
    /// table a Citus local table.
    func checkLocalTableForeignKeys(_ table: TableDefinition, added: Set<String>) throws {
        for key in outgoingForeignKeys(of: table) where added.contains(key.name) {
            guard let record = metadata.tables[key.key.referenced] else { continue }
            if record.method == .none {
                // TODO(#3): Citus local tables, which Citus 12.1 makes of
                // local tables that reference reference tables.
                throw SQLError.notSupported(
                    "foreign keys from local tables to reference tables are not supported yet")
            }
            throw Self.fromReferenceOrLocalTable
        }
    }

    // MARK: - The shards' keys

    /// ALTER TABLE .. ADD CONSTRAINT for the key `key` of `record`'s
    /// `shard`: named as Citus names shard constraints (the name and the
    /// shard id) and pointing at the colocated shard of the referenced
    /// table (its one shard for a reference table).
    func shardForeignKeyCommand(
        _ key: TableForeignKey, of record: DistributedTableRecord, shard: ShardRecord,
        table: TableDefinition, catalog: Catalog
    ) -> String? {
        let fk = key.key
        let target = fk.referenced == record.relation ? record : metadata.tables[fk.referenced]
        guard let target, let referenced = catalog.table(fk.referenced)
        else { return nil }
        let targetShard =
            target.method == .none ? target.shards[0] : target.shards[shard.index]
        func list(_ columns: [Int], _ of: TableDefinition) -> String {
            columns.map { quoted(of.columns[$0].name) }.joined(separator: ", ")
        }
        var sql =
            "ALTER TABLE \(quoted(record.schema)).\(quoted(record.shardName(shard))) "
            + "ADD CONSTRAINT \(quoted(DistributedTableRecord.shardName(key.name, shard.shardID))) "
            + "FOREIGN KEY (\(list(fk.columns, table))) REFERENCES "
            + "\(quoted(target.schema)).\(quoted(target.shardName(targetShard))) "
            + "(\(list(fk.referencedColumns, referenced)))"
        if fk.onDelete != .noAction { sql += " ON DELETE \(fk.onDelete.rawValue)" }
        if fk.onUpdate != .noAction { sql += " ON UPDATE \(fk.onUpdate.rawValue)" }
        return sql
    }

    /// Gives every shard of `record` its keys (all of them, or the one
    /// named `only`); each worker checks the rows its shards hold.
    func createShardForeignKeys(
        _ record: DistributedTableRecord, table: TableDefinition, only: String? = nil,
        session: Session
    ) throws {
        let keys = outgoingForeignKeys(of: table).filter { only == nil || $0.name == only }
        guard !keys.isEmpty else { return }
        for shard in record.shards {
            for key in keys {
                guard
                    let sql = shardForeignKeyCommand(
                        key, of: record, shard: shard, table: table, catalog: session.catalog)
                else { continue }
                try runOnPlacements(sql, shard, for: session)
            }
        }
    }

    /// The keys of the workers' shell tables, under the keys' own names,
    /// as Citus' metadata sync defines them.
    func syncShellForeignKeys(
        _ record: DistributedTableRecord, table: TableDefinition, session: Session
    ) throws {
        let keys = outgoingForeignKeys(of: table)
        guard !keys.isEmpty else { return }
        let catalog = session.catalog
        var commands: [String] = []
        for key in keys {
            guard let referenced = catalog.table(key.key.referenced) else { continue }
            let own = key.key.columns.map { quoted(table.columns[$0].name) }
            let theirs = key.key.referencedColumns.map { quoted(referenced.columns[$0].name) }
            var sql =
                "ALTER TABLE \(quoted(table.schema)).\(quoted(table.name)) "
                + "ADD CONSTRAINT \(quoted(key.name)) FOREIGN KEY ("
                + own.joined(separator: ", ") + ") REFERENCES "
                + "\(quoted(referenced.schema)).\(quoted(referenced.name)) ("
                + theirs.joined(separator: ", ") + ")"
            if key.key.onDelete != .noAction { sql += " ON DELETE \(key.key.onDelete.rawValue)" }
            if key.key.onUpdate != .noAction { sql += " ON UPDATE \(key.key.onUpdate.rawValue)" }
            commands.append(sql)
        }
        for (node, _) in metadataWorkers() {
            let worker = try internalConnection(for: session, port: node.port)
            for sql in commands { try worker.execute(sql) }
        }
    }

    /// The name a constraint of `table` has on the shard `shardID`: keys
    /// and unique constraints carry the shard id, checks keep their name.
    func shardConstraintName(_ name: String, of table: TableDefinition, shardID: Int64) -> String {
        guard let c = table.constraints.first(where: { $0.name == name }) else { return name }
        if case .check = c.kind { return name }
        return DistributedTableRecord.shardName(name, shardID)
    }

    // MARK: - undistribute_table

    /// EnsureTableNotReferencing and EnsureTableNotReferenced of
    /// undistribute_table without cascade_via_foreign_keys.
    func checkUndistributeForeignKeys(_ table: TableDefinition, catalog: Catalog) throws {
        let qualified = "\(table.schema).\(table.name)"
        let hint =
            "Use cascade option to undistribute all the relations involved in a foreign key relationship with \(qualified) by executing SELECT undistribute_table($$\(qualified)$$, cascade_via_foreign_keys=>true)"
        if !outgoingForeignKeys(of: table).isEmpty {
            throw SQLError(
                SQLState.internalError,
                "cannot complete operation because table \(table.name) has a foreign key",
                hint: hint)
        }
        if !referencingTables(of: table.oid, in: catalog).isEmpty {
            throw SQLError(
                SQLState.internalError,
                "cannot complete operation because table \(table.name) is referenced by a foreign key",
                hint: hint)
        }
    }
}
