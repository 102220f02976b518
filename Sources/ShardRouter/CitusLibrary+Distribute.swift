// create_distributed_table and create_reference_table: choose the
// colocation group, allocate shard ids in creation order (a partitioned
// table, then its partitions), create the shard tables on the workers,
// move rows the table already had, and record it all in pg_dist_*.
import Engine
import SQLParser

extension CitusLibrary {
    func createDistributedTable(_ call: NativeCall) throws -> Value {
        guard case .int4(let oid) = call.arguments[0], let column = textArgument(call.arguments[1])
        else { return .void }
        let method = textArgument(call.arguments[2]) ?? "hash"
        guard method == "hash" else {
            // TODO(#3): append and range distribution.
            throw SQLError.notSupported("distribution type \"\(method)\" is not supported yet")
        }
        let colocateWith = textArgument(call.arguments[3]) ?? "default"
        let requestedCount = intArgument(call.arguments[4])
        if requestedCount != nil, colocateWith != "default", colocateWith != "none" {
            throw SQLError(
                SQLState.invalidParameterValue,
                "Cannot use colocate_with with a table and shard_count at the same time")
        }
        let session = call.session
        let table = try distributableTable(oid, session: session)
        guard let columnIndex = table.columnIndex(column) else {
            throw SQLError(
                SQLState.undefinedColumn,
                "column \"\(column)\" of relation \"\(table.name)\" does not exist")
        }
        let type = table.columns[columnIndex].type
        guard PostgresHash.isHashable(type) else {
            throw SQLError(
                SQLState.undefinedFunction,
                "could not identify a hash function for type \(formatType(type))",
                detail: "Partition column types must have a hash function defined to use hash "
                    + "partitioning.")
        }
        let shardCount = try requestedCount ?? configuredShardCount(session)
        guard (1...64_000).contains(shardCount) else {
            throw SQLError(
                SQLState.invalidParameterValue, "\(shardCount) is outside the valid range for "
                    + "parameter \"shard_count\" (1 .. 64000)")
        }
        willChangeMetadata(session)
        let group = try colocationGroup(
            colocateWith, shardCount: shardCount, type: type, session: session)
        // Foreign keys are checked before the other constraints, as
        // ErrorIfUnsupportedConstraint checks them.
        try checkForeignKeysBeforeDistributing(
            table,
            shape: DistributionShape(
                method: .hash, column: columnIndex, colocationID: group.colocationID),
            catalog: session.catalog)
        try checkUniqueConstraints(table, distributionColumn: columnIndex)
        try distribute(
            table, method: .hash, column: (columnIndex, column, type), group: group,
            session: session)
        return .void
    }

    func createReferenceTable(_ call: NativeCall) throws -> Value {
        guard case .int4(let oid) = call.arguments[0] else { return .void }
        let session = call.session
        let table = try distributableTable(oid, session: session)
        willChangeMetadata(session)
        // Reference tables share one colocation group of one shard.
        let existing = metadata.colocations.first { $0.shardCount == 1 && $0.columnType == 0 }
        let group = try existing ?? newColocationGroup(shardCount: 1, type: 0, session: session)
        try checkForeignKeysBeforeDistributing(
            table,
            shape: DistributionShape(method: .none, column: nil, colocationID: group.colocationID),
            catalog: session.catalog)
        try distribute(table, method: .none, column: nil, group: group, session: session)
        return .void
    }

    /// Empties the coordinator's own copy of a table whose rows were
    /// copied into its shards.
    func truncateLocalData(_ call: NativeCall) throws -> Value {
        guard case .int4(let oid) = call.arguments[0] else { return .void }
        guard let record = metadata.tables[oid] else {
            throw SQLError(
                SQLState.invalidParameterValue, "supplied parameter is not a distributed relation",
                detail: "This UDF only truncates local records of distributed tables.")
        }
        // EnsureLocalTableCanBeTruncated: a local table's key would lose
        // its rows.
        let catalog = call.session.catalog
        if let local = referencingTables(of: oid, in: catalog).first(where: {
            metadata.tables[$0.oid] == nil
        }) {
            throw SQLError(
                SQLState.internalError,
                "cannot truncate a table referenced in a foreign key constraint by a local table",
                detail: "Table \"\(local.name)\" references \"\(record.name)\"")
        }
        try call.session.executeInternal(
            "TRUNCATE \(quoted(record.schema)).\(quoted(record.name)) CASCADE", local: true)
        return .void
    }

    func shardIDForValue(_ call: NativeCall) throws -> Value {
        guard case .int4(let oid) = call.arguments[0] else { return .null }
        guard let record = metadata.tables[oid] else {
            let name = call.session.regclassText(oid, catalog: call.session.catalog)
            throw SQLError(
                SQLState.invalidParameterValue,
                "relation \(name) is not distributed")
        }
        guard let column = record.column else { return .int8(record.shards[0].shardID) }
        let value = call.arguments[1]
        if case .null = value {
            throw SQLError(
                SQLState.invalidParameterValue,
                "distribution value cannot be NULL for tables other than reference tables.")
        }
        let typed = try coerce(value, to: column.type)
        return .int8(try shard(of: typed, in: record).shardID)
    }

    /// A value of the distribution column's type, from a literal's text
    /// or another integer width.
    func coerce(_ value: Value, to type: PGType) throws -> Value {
        if case .text(let text) = value, type.oid != PGType.text.oid,
            type.oid != PGType.varchar.oid, type.oid != PGType.bpchar.oid
        {
            return try parseValue(text, as: type)
        }
        switch (value, type.oid) {
        case (.int2(let v), PGType.int4.oid): return .int4(Int32(v))
        case (.int2(let v), PGType.int8.oid): return .int8(Int64(v))
        case (.int4(let v), PGType.int8.oid): return .int8(Int64(v))
        case (.int4(let v), PGType.int2.oid):
            guard let narrow = Int16(exactly: v) else {
                throw SQLError(SQLState.numericValueOutOfRange, "smallint out of range")
            }
            return .int2(narrow)
        case (.int8(let v), PGType.int4.oid):
            guard let narrow = Int32(exactly: v) else {
                throw SQLError(SQLState.numericValueOutOfRange, "integer out of range")
            }
            return .int4(narrow)
        default: return value
        }
    }

    /// The shard of `record` that holds the non-null `value`.
    func shard(of value: Value, in record: DistributedTableRecord) throws -> ShardRecord {
        guard let column = record.column else { return record.shards[0] }
        let ranges = HashRanges(shardCount: record.shards.count)
        guard let index = ranges.index(of: value, type: column.type) else {
            throw SQLError.notSupported(
                "hashing type \(formatType(column.type)) is not supported yet")
        }
        return record.shards[index]
    }

    /// Distributes a partition created on a distributed partitioned table,
    /// colocated with its parent.
    func distributePartition(
        _ table: TableDefinition, of parent: DistributedTableRecord, session: Session
    ) throws {
        guard
            let group = metadata.colocations.first(where: {
                $0.colocationID == parent.colocationID
            })
        else { return }
        willChangeMetadata(session)
        let column = parent.column.flatMap { column in
            table.columnIndex(column.name).map { (index: $0, name: column.name, type: column.type) }
        }
        try distribute(table, method: parent.method, column: column, group: group, session: session)
    }

    // MARK: - Checks

    private func distributableTable(_ oid: RelationID, session: Session) throws
        -> TableDefinition
    {
        let catalog = session.catalog
        guard let table = catalog.table(oid) else {
            throw SQLError(SQLState.undefinedTable, "relation with OID \(oid) does not exist")
        }
        if let parentOID = table.parent, let parent = catalog.table(parentOID),
            metadata.tables[parentOID] == nil
        {
            throw SQLError(
                SQLState.featureNotSupported,
                "cannot distribute relation \"\(table.name)\" which is partition of "
                    + "\"\(parent.name)\"",
                detail: "Citus does not support distributing partitions if their parent is not "
                    + "distributed table.",
                hint: "Distribute the partitioned table \"\(parent.name)\" instead.")
        }
        if metadata.tables[oid] != nil {
            throw SQLError(
                SQLState.invalidTableDefinition, "table \"\(table.name)\" is already distributed")
        }
        if let column = table.columns.first(where: { $0.identity != nil && !$0.isDropped }) {
            // TODO(#3): Citus gives bigint identity columns a sequence range
            // per node; the shells and shards here would miss the sequence.
            throw SQLError.notSupported(
                "distributing a table with an identity column (\"\(column.name)\") is not "
                    + "supported yet")
        }
        return table
    }

    private func checkUniqueConstraints(_ table: TableDefinition, distributionColumn: Int) throws
    {
        for constraint in table.constraints {
            guard let keys = constraint.keyColumns, !keys.contains(distributionColumn) else {
                continue
            }
            throw SQLError(
                SQLState.featureNotSupported,
                "cannot create constraint on \"\(table.name)\"",
                detail: "Distributed relations cannot have UNIQUE, EXCLUDE, or PRIMARY KEY "
                    + "constraints that do not include the partition column (with an equality "
                    + "operator if EXCLUDE).")
        }
    }

    private func configuredShardCount(_ session: Session) throws -> Int {
        guard let text = session.setting("citus.shard_count") else { return 32 }
        guard let count = Int(text) else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "invalid value for parameter \"citus.shard_count\": \"\(text)\"")
        }
        return count
    }

    // MARK: - Colocation

    private func colocationGroup(
        _ colocateWith: String, shardCount: Int, type: PGType, session: Session
    ) throws -> ColocationRecord {
        switch colocateWith.lowercased() {
        case "default":
            if let existing = metadata.colocations.first(where: {
                $0.shardCount == shardCount && $0.columnType == type.oid
                    && $0.replicationFactor == 1
            }) {
                return existing
            }
            return try newColocationGroup(shardCount: shardCount, type: type.oid, session: session)
        case "none":
            return try newColocationGroup(shardCount: shardCount, type: type.oid, session: session)
        default:
            let oid = try session.regclassOID(colocateWith, catalog: session.catalog)
            guard let other = metadata.tables[oid], other.method == .hash,
                let group = metadata.colocations.first(where: {
                    $0.colocationID == other.colocationID
                })
            else {
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "relation \(colocateWith) should be a hash distributed table")
            }
            guard group.columnType == type.oid else {
                throw SQLError(
                    SQLState.datatypeMismatch,
                    "cannot colocate tables \(other.name) and "
                        + "\(session.regclassText(oid, catalog: session.catalog))",
                    detail: "Distribution column types don't match for \(other.name) and the "
                        + "new table.")
            }
            return group
        }
    }

    private func newColocationGroup(shardCount: Int, type: Int32, session: Session) throws
        -> ColocationRecord
    {
        let group = ColocationRecord(
            colocationID: metadata.nextColocationID, shardCount: shardCount,
            replicationFactor: 1, columnType: type)
        metadata.nextColocationID += 1
        metadata.colocations.append(group)
        try session.executeInternal(
            "INSERT INTO pg_catalog.pg_dist_colocation VALUES (\(group.colocationID), "
                + "\(shardCount), 1, \(type), 0)")
        return group
    }

    // MARK: - Creating the shards

    /// The next shard id: from citus.next_shard_id when it is set (which
    /// then moves on, as Citus moves it), else from pg_dist_shardid_seq.
    private func allocateShardID(_ session: Session) throws -> Int64 {
        if let text = session.setting("citus.next_shard_id"), let next = Int64(text), next > 0 {
            try session.setSetting("citus.next_shard_id", String(next + 1), isLocal: false)
            return next
        }
        defer { metadata.nextShardID += 1 }
        return metadata.nextShardID
    }

    /// Distributes `table` and, for a partitioned table, its partitions.
    private func distribute(
        _ table: TableDefinition, method: DistributedTableRecord.Method,
        column: (index: Int, name: String, type: PGType)?, group: ColocationRecord,
        session: Session
    ) throws {
        // Placements follow the group's first table, or go round the nodes.
        let groupMate = metadata.tables.values
            .filter { $0.colocationID == group.colocationID }
            .min { $0.shards[0].shardID < $1.shards[0].shardID }
        let nodes = metadata.shardNodes
        guard groupMate != nil || !nodes.isEmpty else {
            throw SQLError(
                SQLState.objectNotInPrerequisiteState,
                "couldn't find any node with shouldhaveshards = true")
        }
        var shards: [ShardRecord] = []
        let ranges = HashRanges(shardCount: group.shardCount)
        for index in 0..<group.shardCount {
            let groups: [Int32]
            if method == .none {
                groups = metadata.nodes.map(\.groupID).sorted()
            } else {
                groups = [groupMate?.shards[index].groupID ?? nodes[index % nodes.count].groupID]
            }
            let shardID = try allocateShardID(session)
            let placements = groups.map { groupID -> Placement in
                defer { metadata.nextPlacementID += 1 }
                return Placement(placementID: metadata.nextPlacementID, groupID: groupID)
            }
            shards.append(
                ShardRecord(
                    shardID: shardID, index: index,
                    range: method == .hash ? ranges.range(of: index) : nil,
                    placements: placements))
        }
        let record = DistributedTableRecord(
            relation: table.oid, schema: table.schema, name: table.name, method: method,
            column: column, colocationID: group.colocationID, shards: shards)
        metadata.tables[table.oid] = record
        try createShards(record, table: table, session: session)
        try recordMetadata(record, table: table, session: session)
        try syncTableMetadata(record, table: table, session: session)
        try moveLocalRows(record, table: table, session: session)
        try createShardForeignKeys(record, table: table, session: session)
        try syncShellForeignKeys(record, table: table, session: session)
        let catalog = session.catalog
        for partition in catalog.partitionsInBoundOrder(of: table) {
            guard let child = catalog.table(partition) else { continue }
            try distribute(child, method: method, column: column, group: group, session: session)
        }
    }

    private func createShards(
        _ record: DistributedTableRecord, table: TableDefinition, session: Session
    ) throws {
        for shard in record.shards {
            if record.schema != "public" {
                try runOnPlacements(
                    "CREATE SCHEMA IF NOT EXISTS \(quoted(record.schema))", shard, for: session)
            }
            let sql = shardTableCommand(record, shard, table: table, catalog: session.catalog)
            try runOnPlacements(sql, shard, for: session)
        }
    }

    /// The CREATE TABLE command of one shard of `table`: PARTITION OF the
    /// parent's shard of the same index for a partition; the names of
    /// primary keys and unique constraints (which name their indexes)
    /// extended with the shard id, as Citus extends index names.
    func shardTableCommand(
        _ record: DistributedTableRecord, _ shard: ShardRecord, table: TableDefinition,
        catalog: Catalog
    ) -> String {
        var parent: (name: String, table: TableDefinition)?
        if let parentRecord = table.parent.flatMap({ metadata.tables[$0] }),
            let parentTable = table.parent.flatMap(catalog.table)
        {
            let parentShard = parentRecord.shards[shard.index]
            parent = (
                quoted(parentRecord.schema) + "." + quoted(parentRecord.shardName(parentShard)),
                parentTable
            )
        }
        return tableCommand(
            table, name: quoted(record.schema) + "." + quoted(record.shardName(shard)),
            parent: parent
        ) { DistributedTableRecord.shardName($0, shard.shardID) }
    }

    /// CREATE TABLE for a copy of `table` called `name`: PARTITION OF
    /// `parent` with the partition's bound, or the columns with their
    /// defaults and NOT NULL, the constraints (primary keys and unique
    /// constraints named by `indexName`, check constraints under their own
    /// names) and the partition key.
    func tableCommand(
        _ table: TableDefinition, name: String, parent: (name: String, table: TableDefinition)?,
        indexName: (String) -> String
    ) -> String {
        if let parent, let bound = table.bound {
            return "CREATE TABLE \(name) PARTITION OF \(parent.name) "
                + Session.boundText(bound, parent: parent.table)
        }
        var items: [String] = table.liveColumns.map { index in
            let column = table.columns[index]
            var text = quoted(column.name) + " " + formatType(column.type)
            if let expr = column.defaultExpr { text += " DEFAULT " + deparse(expr) }
            if column.notNull { text += " NOT NULL" }
            return text
        }
        func keyList(_ keys: [Int]) -> String {
            "(" + keys.map { quoted(table.columns[$0].name) }.joined(separator: ", ") + ")"
        }
        for constraint in table.constraints {
            let index = "CONSTRAINT \(quoted(indexName(constraint.name))) "
            switch constraint.kind {
            case .foreignKey:
                continue
            case .primaryKey(let keys):
                items.append(index + "PRIMARY KEY " + keyList(keys))
            case .unique(let keys, let nullsNotDistinct):
                items.append(
                    index + "UNIQUE " + (nullsNotDistinct ? "NULLS NOT DISTINCT " : "")
                        + keyList(keys))
            case .check(let expr):
                items.append(
                    "CONSTRAINT \(quoted(constraint.name)) CHECK (" + deparse(expr) + ")")
            }
        }
        var sql = "CREATE TABLE \(name) (" + items.joined(separator: ", ") + ")"
        if let key = table.partitionKey {
            let columns = key.columns.map { quoted(table.columns[$0].name) }
            sql += " PARTITION BY \(key.strategy.rawValue.uppercased()) ("
                + columns.joined(separator: ", ") + ")"
        }
        return sql
    }

    private func recordMetadata(
        _ record: DistributedTableRecord, table: TableDefinition, session: Session
    ) throws {
        let partkey = record.column.map { column -> String in
            let attribute = column.index + 1
            let collation = [PGType.text.oid, PGType.varchar.oid, PGType.bpchar.oid]
                .contains(column.type.oid) ? 100 : 0
            return "{VAR :varno 1 :varattno \(attribute) :vartype \(column.type.oid) "
                + ":vartypmod \(column.type.typmod) :varcollid \(collation) :varlevelsup 0 "
                + ":varnosyn 1 :varattnosyn \(attribute) :location -1}"
        }
        let repmodel = record.method == .hash ? "s" : "t"
        var sql =
            "INSERT INTO pg_catalog.pg_dist_partition VALUES (\(record.relation), "
            + "'\(record.method.rawValue)', "
            + "\(partkey.map { sqlLiteral(.text($0), .text) } ?? "NULL"), "
            + "\(record.colocationID), '\(repmodel)', false);"
        for shard in record.shards {
            let low = shard.range.map { "'\($0.lowerBound)'" } ?? "NULL"
            let high = shard.range.map { "'\($0.upperBound)'" } ?? "NULL"
            sql +=
                "INSERT INTO pg_catalog.pg_dist_shard VALUES (\(record.relation), "
                + "\(shard.shardID), 't', \(low), \(high));"
            for placement in shard.placements {
                sql +=
                    "INSERT INTO pg_catalog.pg_dist_placement VALUES (\(placement.placementID), "
                    + "\(shard.shardID), 1, 0, \(placement.groupID));"
            }
        }
        try session.executeInternal(sql)
    }

    /// Copies rows the table held before it was distributed into its
    /// shards, as Citus does (the local rows stay on disk, invisible).
    private func moveLocalRows(
        _ record: DistributedTableRecord, table: TableDefinition, session: Session
    ) throws {
        guard !table.isPartitioned else { return }
        let qualified = quoted(table.schema) + "." + quoted(table.name)
        let local = try session.executeInternal("SELECT * FROM \(qualified)", local: true)
        guard !local.rows.isEmpty, let columns = local.columns else { return }
        if !quietCopy { session.emitNotice(.notice("Copying data from local table...")) }
        _ = try send(
            local.rows, columns: columns,
            like: InsertStatement(table: QualifiedName([record.name]), source: .values([])),
            into: record, session: session)
        var done = SQLError.notice("copying the data has completed")
        done.detail = "The local data in the table is no longer visible, but is still on disk."
        done.hint =
            "To remove the local data, run: SELECT "
            + "truncate_local_data_after_distributing_table($$\(table.schema).\(table.name)$$)"
        if !quietCopy { session.emitNotice(done) }
    }

}
