// CREATE INDEX and DROP INDEX (PostgreSQL's DefineIndex and RemoveRelations
// for indexes). An index over plain columns without a WHERE clause is kept
// in storage as a hash of keys to row versions: it answers equality
// lookups and, when unique, is enforced on every write. Expression and
// partial indexes are recorded in the catalog (\d shows them) but not
// kept. An index on a partitioned table is created on every partition, each
// named after its own table, as PostgreSQL's partitioned indexes are.
import SQLParser

extension Executor {
    /// CREATE [UNIQUE] INDEX.
    func executeCreateIndex(_ create: CreateIndexStatement) throws -> QueryResult {
        if create.concurrently, session.transaction?.isBlock == true {
            throw SQLError(
                SQLState.activeSQLTransaction,
                "CREATE INDEX CONCURRENTLY cannot run inside a transaction block")
        }
        let table = try resolveTable(create.table, positioned: false)
        if let method = create.method, method != "btree" {
            // TODO(#6): hash, gin, gist and brin indexes.
            throw SQLError.notSupported("access method \"\(method)\" is not supported yet")
        }
        if table.isPartitioned && create.concurrently {
            throw SQLError(
                SQLState.featureNotSupported,
                "cannot create index on partitioned table \"\(table.name)\" concurrently")
        }
        if table.isPartitioned && create.only {
            // TODO(#6): invalid partitioned indexes completed by ATTACH.
            throw SQLError.notSupported("CREATE INDEX ON ONLY is not supported yet")
        }
        var index = try defineIndex(create, on: table)
        let columnNames = index.keyNames(in: table)
        if let name = create.name {
            if catalog.relation(named: name, in: table.schema) != nil {
                if create.ifNotExists {
                    session.report(.notice("relation \"\(name)\" already exists, skipping"))
                    return QueryResult(commandTag: "CREATE INDEX")
                }
                throw SQLError(SQLState.duplicateTable, "relation \"\(name)\" already exists")
            }
            index.name = name
        } else {
            index.name = catalog.chooseRelationName(
                table.name, columnNames, "idx", schema: table.schema, taken: [])
        }
        var updated = catalog
        var builds: [() -> Void] = []
        try addIndex(index, to: table, columnNames: columnNames, in: &updated, builds: &builds)
        for build in builds { build() }
        session.updateCatalog { $0 = updated }
        return QueryResult(commandTag: "CREATE INDEX")
    }

    /// The resolved keys, INCLUDE columns and predicate of `create` (the
    /// name is chosen later).
    private func defineIndex(_ create: CreateIndexStatement, on table: TableDefinition) throws
        -> IndexDefinition
    {
        var index = IndexDefinition(
            name: "", keys: [], options: [], include: [], isUnique: create.isUnique,
            nullsNotDistinct: create.nullsNotDistinct, predicate: create.whereClause)
        let scope = tableScope(table, refName: table.name)
        for element in create.elements {
            if let name = element.column {
                guard let column = table.columnIndex(name) else {
                    throw SQLError(SQLState.undefinedColumn, "column \"\(name)\" does not exist")
                }
                index.keys.append(.column(column))
            } else if let expr = element.expr {
                _ = try analyzer(scope).compile(expr)
                index.keys.append(.expression(expr))
            }
            let descending = element.direction == .descending
            index.options.append(
                (descending, element.nulls.map { $0 == .first }))
        }
        for name in create.include {
            guard let column = table.columnIndex(name) else {
                throw SQLError(SQLState.undefinedColumn, "column \"\(name)\" does not exist")
            }
            index.include.append(column)
        }
        if let predicate = create.whereClause {
            _ = try analyzer(scope).compileCondition(predicate, clause: "WHERE")
        }
        if create.isUnique {
            guard index.storedColumns != nil else {
                // TODO(#6): unique expression and partial indexes.
                throw SQLError.notSupported(
                    "unique indexes on expressions or with WHERE are not supported yet")
            }
            if let key = table.partitionKey, let columns = index.keyColumns {
                try checkKeyCoversPartitionKey("UNIQUE", columns, key, table)
            }
        }
        return index
    }

    /// Records `index` on `table` and, for a partitioned table, an index
    /// on each partition; `builds` gets the storage work, run once every
    /// check has passed so that a failure leaves storage untouched.
    private func addIndex(
        _ index: IndexDefinition, to table: TableDefinition, columnNames: String,
        in updated: inout Catalog, builds: inout [() -> Void]
    ) throws {
        var table = table
        if let columns = index.storedColumns, let storage = table.storage {
            if index.isUnique {
                try checkNoDuplicates(index, columns: columns, table: table, storage: storage)
            }
            let nnd = index.nullsNotDistinct
            builds.append { _ = storage.addUniqueIndex(columns: columns, nullsNotDistinct: nnd) }
        }
        table.indexes.append(index)
        updated.updateTable(table)
        updated.registerIndex(index.name, of: table)
        for childOID in updated.partitionsInBoundOrder(of: table) {
            guard let child = updated.table(childOID) else { continue }
            var childIndex = try index.mapped(from: table, to: child)
            childIndex.name = updated.chooseRelationName(
                child.name, columnNames, "idx", schema: child.schema, taken: [])
            childIndex.parentIndex = index.name
            try addIndex(
                childIndex, to: child, columnNames: columnNames, in: &updated, builds: &builds)
        }
    }

    /// Gives a new partition `child` an index for each of `parent`'s, as
    /// CREATE TABLE .. PARTITION OF and ATTACH PARTITION do.
    func inheritIndexes(
        of parent: TableDefinition, to child: TableDefinition, in updated: inout Catalog
    ) throws {
        var builds: [() -> Void] = []
        for index in parent.indexes {
            let columnNames = index.keyNames(in: parent)
            var childIndex = try index.mapped(from: parent, to: child)
            childIndex.name = updated.chooseRelationName(
                child.name, columnNames, "idx", schema: child.schema, taken: [])
            childIndex.parentIndex = index.name
            guard let current = updated.table(child.oid) else { continue }
            try addIndex(
                childIndex, to: current, columnNames: columnNames, in: &updated, builds: &builds)
        }
        for build in builds { build() }
    }

    /// Raises 23505 when visible rows of `storage` share a key of the
    /// unique `index`, naming the smallest such key as a btree build does.
    private func checkNoDuplicates(
        _ index: IndexDefinition, columns: [Int], table: TableDefinition, storage: TableStorage
    ) throws {
        var seen: Set<GroupingKey> = []
        var duplicates: [[Value]] = []
        try storage.scan(
            snapshot: session.currentSnapshot, columns: columns, limit: storage.versionCount
        ) { _, row in
            let key = columns.map { row[$0] }
            if !index.nullsNotDistinct && key.contains(where: \.isNull) { return true }
            if !seen.insert(GroupingKey(key)).inserted { duplicates.append(key) }
            return true
        }
        let types = columns.map { table.columns[$0].type }
        let smallest = duplicates.min { a, b in
            for (i, type) in types.enumerated() {
                let order = compareValues(a[i], b[i], type: type)
                if order != 0 { return order < 0 }
            }
            return false
        }
        guard let key = smallest else { return }
        let names = columns.map { table.columns[$0].name }.joined(separator: ", ")
        let values = zip(key, types).map { v, type in
            v.isNull ? "null" : formatValue(v, type: type)
        }
        throw SQLError(
            SQLState.uniqueViolation, "could not create unique index \"\(index.name)\"",
            detail: "Key (\(names))=(\(values.joined(separator: ", "))) is duplicated.")
    }

    /// DROP INDEX [CONCURRENTLY] [IF EXISTS] name, ... [CASCADE].
    func dropIndexes(_ drop: DropStatement) throws -> QueryResult {
        if drop.concurrently, session.transaction?.isBlock == true {
            throw SQLError(
                SQLState.activeSQLTransaction,
                "DROP INDEX CONCURRENTLY cannot run inside a transaction block")
        }
        var victims: [(table: RelationID, name: String)] = []
        var keys: [DependentForeignKey] = []
        for name in drop.names {
            if drop.ifExists, let schema = name.schema, !catalog.schemas.contains(schema) {
                session.report(.notice("schema \"\(schema)\" does not exist, skipping"))
                continue
            }
            guard let (schema, oid) = try lookupRelation(name),
                catalog.isIndex(name.name, in: schema), let table = catalog.table(oid)
            else {
                if let (schema, oid) = try lookupRelation(name),
                    !catalog.isIndex(name.name, in: schema)
                {
                    let hint =
                        catalog.view(oid) != nil
                        ? "Use DROP VIEW to remove a view." : "Use DROP TABLE to remove a table."
                    throw SQLError(
                        SQLState.wrongObjectType, "\"\(name.name)\" is not an index", hint: hint)
                }
                if drop.ifExists {
                    session.report(.notice("index \"\(name.name)\" does not exist, skipping"))
                    continue
                }
                throw SQLError(
                    SQLState.undefinedObject, "index \"\(name.name)\" does not exist")
            }
            guard let index = table.indexes.first(where: { $0.name == name.name }) else {
                throw SQLError(
                    SQLState.dependentObjectsStillExist,
                    "cannot drop index \(name.name) because constraint \(name.name) on table \(table.name) requires it",
                    hint: "You can drop constraint \(name.name) on table \(table.name) instead.")
            }
            if let parent = index.parentIndex {
                throw SQLError(
                    SQLState.dependentObjectsStillExist,
                    "cannot drop index \(name.name) because index \(parent) requires it",
                    hint: "You can drop index \(parent) instead.")
            }
            keys += try checkForeignKeys(
                dependingOnKey: name.name, of: table, dropping: "index \(name.name)",
                cascade: drop.cascade, in: catalog)
            victims.append((oid, name.name))
        }
        session.updateCatalog { catalog in
            Executor.removeForeignKeys(keys, from: &catalog)
            for victim in victims {
                Executor.removeIndex(victim.name, of: victim.table, from: &catalog)
            }
        }
        return QueryResult(commandTag: "DROP INDEX")
    }

    /// Removes index `name` of table `oid` with its partitions' indexes.
    static func removeIndex(_ name: String, of oid: RelationID, from catalog: inout Catalog) {
        guard var table = catalog.table(oid),
            let at = table.indexes.firstIndex(where: { $0.name == name })
        else { return }
        let index = table.indexes.remove(at: at)
        if let columns = index.storedColumns {
            table.storage?.removeUniqueIndex(
                columns: columns, nullsNotDistinct: index.nullsNotDistinct)
        }
        catalog.updateTable(table)
        catalog.unregisterIndex(name, of: table)
        for child in table.partitions {
            guard let partition = catalog.table(child),
                let childIndex = partition.indexes.first(where: { $0.parentIndex == name })
            else { continue }
            removeIndex(childIndex.name, of: child, from: &catalog)
        }
    }
}

extension IndexDefinition {
    /// The index for partition `child` of `parent`: columns found by name,
    /// since a partition's physical columns may differ from its parent's.
    func mapped(from parent: TableDefinition, to child: TableDefinition) throws
        -> IndexDefinition
    {
        func map(_ column: Int) throws -> Int {
            guard let c = child.columnIndex(parent.columns[column].name) else {
                throw SQLError(
                    SQLState.internalError,
                    "column \"\(parent.columns[column].name)\" of a partition is missing")
            }
            return c
        }
        var copy = self
        copy.keys = try keys.map { key in
            if case .column(let c) = key { return .column(try map(c)) }
            return key
        }
        copy.include = try include.map(map)
        return copy
    }

    /// ChooseIndexColumnNames joined by `_`, which index names are made
    /// of: each key column's name, a function call's name, `expr` for
    /// other expressions, then the INCLUDE columns.
    func keyNames(in table: TableDefinition) -> String {
        var names = keys.map { key -> String in
            switch key {
            case .column(let c): return table.columns[c].name
            case .expression(let e):
                if case .function(let call) = e.kind { return call.name.name }
                return "expr"
            }
        }
        names += include.map { table.columns[$0].name }
        return names.joined(separator: "_")
    }
}
