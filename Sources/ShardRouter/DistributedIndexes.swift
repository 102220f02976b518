// CREATE INDEX and DROP INDEX on Citus tables, as Citus' commands/index.c
// runs them: the index is made on the coordinator's table (its name chosen
// there when none is given), on the shells of the workers with metadata,
// and on every shard as `<index>_<shardid>` with the shard command
// deparse_shard_index_statement writes (`CREATE  INDEX   t_b_idx_102008 ON
// public.t_102008 USING btree (b )`, its spacing included). A unique index
// of a distributed table must include the distribution column.
import Engine
import SQLParser

extension CitusLibrary {
    /// CREATE INDEX on the Citus table `record`.
    func createIndex(
        _ create: CreateIndexStatement, _ record: DistributedTableRecord,
        _ context: StatementContext
    ) throws -> QueryResult {
        let before = Set(context.catalog.table(record.relation)?.indexes.map(\.name) ?? [])
        if let name = create.name, context.catalog.relation(named: name, in: record.schema) != nil {
            // IndexAlreadyExists: PostgreSQL raises the error or skips.
            return try context.executeLocally(.createIndex(create))
        }
        if create.concurrently {
            // TODO(#3): Citus' concurrent index build, which commits the
            // coordinator's transaction and runs each shard's command
            // outside a transaction block.
            throw SQLError.notSupported(
                "CREATE INDEX CONCURRENTLY on Citus tables is not supported yet")
        }
        if create.isUnique, let column = record.column,
            !create.elements.contains(where: { $0.column == column.name })
        {
            throw SQLError(
                SQLState.featureNotSupported,
                "creating unique indexes on non-partition columns is currently unsupported")
        }
        let result = try context.executeLocally(.createIndex(create))
        guard let table = context.session.catalog.table(record.relation),
            let name = table.indexes.map(\.name).first(where: { !before.contains($0) })
        else { return result }
        var named = create
        named.name = name
        named.table = QualifiedName([record.schema, record.name])
        named.ifNotExists = false
        try logDDLJob(record, session: context.session) { shard in
            Self.shardIndexCommand(named, record, shard)
        }
        // TODO(#3): on a partitioned table the partitions' shards get the
        // index under the names their workers choose; Citus 12.1 renames
        // them to `<partition index>_<shardid>` with
        // worker_fix_partition_shard_index_names, and logs those calls.
        for shard in record.shards {
            try runOnPlacements(
                Self.shardIndexCommand(named, record, shard), shard, for: context.session)
        }
        for (node, _) in metadataWorkers() {
            let worker = try internalConnection(for: context.session, port: node.port)
            try worker.execute(deparse(.createIndex(named)))
        }
        return result
    }

    /// deparse_shard_index_statement: `CREATE %s INDEX %s %s %s ON %s %s
    /// USING %s (` with each key `name ` or `(expr)`, then its order,
    /// elements joined by `,`, then `) `, INCLUDE, NULLS NOT DISTINCT and
    /// WHERE as it appends them.
    /// TODO(#3): expressions in PostgreSQL's deparse_expression form (the
    /// SQL deparser's text is used; it agrees for columns and plain calls).
    static func shardIndexCommand(
        _ create: CreateIndexStatement, _ record: DistributedTableRecord, _ shard: ShardRecord
    ) -> String {
        let index = DistributedTableRecord.shardName(create.name ?? "", shard.shardID)
        var text = "CREATE " + (create.isUnique ? "UNIQUE" : "") + " INDEX "
        text += (create.concurrently ? "CONCURRENTLY" : "") + " "
        text += (create.ifNotExists ? "IF NOT EXISTS" : "") + " "
        text += ruleQuoteIdentifier(index) + " ON " + (create.only ? "ONLY" : "") + " "
        text +=
            ruleQuoteIdentifier(record.schema) + "."
            + ruleQuoteIdentifier(record.shardName(shard))
        text += " USING " + (create.method ?? "btree") + " "
        func columns(_ elements: [IndexElement]) -> String {
            elements.map { element in
                var item = ""
                if let column = element.column {
                    item = ruleQuoteIdentifier(column) + " "
                } else if let expr = element.expr {
                    item = "(" + deparse(expr) + ")"
                }
                if let direction = element.direction {
                    item += direction == .ascending ? "ASC " : "DESC "
                }
                if let nulls = element.nulls {
                    item += nulls == .first ? "NULLS FIRST " : "NULLS LAST "
                }
                return item
            }
            .joined(separator: ",")
        }
        text += "(" + columns(create.elements) + ") "
        if !create.include.isEmpty {
            text += "INCLUDE (" + columns(create.include.map { IndexElement(column: $0) }) + ") "
        }
        if create.nullsNotDistinct { text += "NULLS NOT DISTINCT " }
        if let predicate = create.whereClause { text += "WHERE (" + deparse(predicate) + ")" }
        return text
    }

    /// DROP INDEX naming an index of a Citus table; nil when none does.
    func dropIndex(_ drop: DropStatement, _ context: StatementContext) throws -> QueryResult? {
        var found: (DistributedTableRecord, String)?
        for name in drop.names {
            guard let record = citusTable(name, context),
                context.catalog.isIndex(name.name, in: record.schema)
            else { continue }
            found = (record, name.name)
            break
        }
        guard let (record, index) = found else { return nil }
        if drop.concurrently {
            // TODO(#3): DROP INDEX CONCURRENTLY's tasks outside transactions.
            throw SQLError.notSupported(
                "DROP INDEX CONCURRENTLY on Citus tables is not supported yet")
        }
        if drop.names.count > 1 {
            throw SQLError(
                SQLState.featureNotSupported,
                "cannot drop multiple distributed objects in a single command",
                hint: "Try dropping each object in a separate DROP command.")
        }
        let result = try context.executeLocally(.drop(drop))
        let command = { (shard: ShardRecord) -> String in
            let name = DistributedTableRecord.shardName(index, shard.shardID)
            return "DROP INDEX " + (drop.concurrently ? "CONCURRENTLY" : "") + " "
                + (drop.ifExists ? "IF EXISTS" : "") + " " + ruleQuoteIdentifier(record.schema)
                + "." + ruleQuoteIdentifier(name) + (drop.cascade ? " CASCADE" : " RESTRICT")
        }
        try logDDLJob(record, session: context.session, shardCommand: command)
        for shard in record.shards {
            try runOnPlacements(command(shard), shard, for: context.session)
        }
        var shellDrop = drop
        shellDrop.names = [QualifiedName([record.schema, index])]
        for (node, _) in metadataWorkers() {
            let worker = try internalConnection(for: context.session, port: node.port)
            try worker.execute(deparse(.drop(shellDrop)))
        }
        return result
    }
}
