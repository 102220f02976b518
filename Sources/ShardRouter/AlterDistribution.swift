// undistribute_table and alter_distributed_table: a Citus table becomes a
// local table again, or is distributed anew with another shard count or
// colocation. Citus does both by building a new table and moving the rows
// over, and says so step by step in NOTICEs; the simulator gathers the
// shards' rows into the coordinator's table, drops the shards and the
// metadata, and (for alter) distributes the table again, with the same
// NOTICEs.
import Engine
import Foundation
import SQLParser

extension CitusLibrary {
    func undistributeTable(_ call: NativeCall) throws -> Value {
        guard case .int4(let oid) = call.arguments[0] else { return .void }
        let session = call.session
        let record = try undistributable(oid, session: session)
        if case .bool(true) = call.arguments[1] {
            // TODO(#3): cascade_via_foreign_keys, which undistributes every
            // table connected to this one by foreign keys.
            throw SQLError.notSupported("cascade_via_foreign_keys is not supported yet")
        }
        if let table = session.catalog.table(oid) {
            try checkUndistributeForeignKeys(table, catalog: session.catalog)
        }
        try convert(record, session: session) { _ in }
        return .void
    }

    func alterDistributedTable(_ call: NativeCall) throws -> Value {
        guard case .int4(let oid) = call.arguments[0] else { return .void }
        let session = call.session
        let record = try undistributable(oid, session: session)
        if let table = session.catalog.table(oid),
            !outgoingForeignKeys(of: table).isEmpty
                || !referencingTables(of: oid, in: session.catalog).isEmpty
        {
            // TODO(#3): Citus recreates foreign keys to reference tables and
            // converts colocated tables with cascade_to_colocated.
            throw SQLError.notSupported(
                "alter_distributed_table on a table with foreign keys is not supported yet")
        }
        let column = textArgument(call.arguments[1]) ?? record.column?.name
        let shardCount = intArgument(call.arguments[2])
        let colocateWith = textArgument(call.arguments[3])
        guard record.method == .hash, let column else {
            throw SQLError(
                SQLState.featureNotSupported,
                "cannot alter table because the table is not distributed")
        }
        let current = metadata.colocations.first { $0.colocationID == record.colocationID }
        if column == record.column?.name, shardCount == nil || shardCount == current?.shardCount,
            colocateWith == nil
        {
            throw SQLError(
                SQLState.invalidParameterValue,
                "this call doesn't change any properties of the table",
                hint: "check citus_tables view to see current properties of the table")
        }
        let count = shardCount ?? current?.shardCount ?? 32
        try convert(record, session: session) { table in
            func string(_ text: String) -> String {
                "'" + text.replacingOccurrences(of: "'", with: "''") + "'"
            }
            var arguments = "\(string(self.qualifiedName(record))), \(string(column)), "
                + "colocate_with => \(string(colocateWith ?? "default"))"
            if colocateWith == nil { arguments += ", shard_count => \(count)" }
            self.quietCopy = true
            defer { self.quietCopy = false }
            try session.executeInternal("SELECT create_distributed_table(\(arguments))")
        }
        return .void
    }

    private func qualifiedName(_ record: DistributedTableRecord) -> String {
        quoted(record.schema) + "." + quoted(record.name)
    }

    private func undistributable(_ oid: RelationID, session: Session) throws
        -> DistributedTableRecord
    {
        guard let record = metadata.tables[oid], let table = session.catalog.table(oid) else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "cannot undistribute table because the table is not distributed")
        }
        if let parent = table.parent.flatMap({ session.catalog.table($0) }) {
            throw SQLError(
                SQLState.featureNotSupported,
                "cannot complete operation because table is a partition",
                hint: "the parent table is \"\(parent.name)\"")
        }
        return record
    }

    /// Brings `record`'s rows (and its partitions') back into the
    /// coordinator's tables, drops the shards and the metadata, then runs
    /// `redistribute` on the table.
    private func convert(
        _ record: DistributedTableRecord, session: Session,
        redistribute: (TableDefinition) throws -> Void
    ) throws {
        let catalog = session.catalog
        guard let table = catalog.table(record.relation) else { return }
        let partitions = table.partitions.compactMap { oid in metadata.tables[oid] }
        if !partitions.isEmpty {
            session.emitNotice(.notice("converting the partitions of \(qualifiedName(record))"))
        }
        var doomed: [DistributedTableRecord] = []
        for partition in partitions {
            try gather(partition, session: session, moving: true)
            doomed.append(partition)
        }
        try gather(record, session: session, moving: !table.isPartitioned)
        doomed.append(record)
        try dropShards(doomed, session: session)
        try redistribute(table)
    }

    /// The NOTICEs of one table's conversion, and its rows copied from
    /// the shards into the coordinator's table.
    private func gather(_ record: DistributedTableRecord, session: Session, moving: Bool) throws
    {
        let name = qualifiedName(record)
        session.emitNotice(.notice("creating a new table for \(name)"))
        if moving {
            session.emitNotice(.notice("moving the data of \(name)"))
            guard let table = session.catalog.table(record.relation) else { return }
            let columns = table.liveColumns.map { quoted(table.columns[$0].name) }
                .joined(separator: ", ")
            var rows: [String] = []
            for shard in record.shards {
                let result = try run(
                    "SELECT \(columns) FROM \(quoted(record.schema))."
                        + quoted(record.shardName(shard)),
                    onGroup: shard.groupID, for: session)
                let types = result.columns?.map(\.type) ?? []
                rows += result.rows.map { row in
                    "(" + zip(row, types).map { sqlLiteral($0, $1) }.joined(separator: ", ")
                        + ")"
                }
            }
            // The rows the table held before it was distributed are gone.
            try session.executeInternal("TRUNCATE \(name)", local: true)
            if !rows.isEmpty {
                try session.executeInternal(
                    "INSERT INTO \(name) (\(columns)) VALUES " + rows.joined(separator: ", "),
                    local: true)
            }
        }
        session.emitNotice(.notice("dropping the old \(name)"))
        session.emitNotice(.notice("renaming the new table to \(name)"))
    }
}
