// ALTER TABLE: ADD/DROP COLUMN (a new column's DEFAULT fills existing
// rows by rewriting the table's storage, as PostgreSQL's table rewrite
// does), SET/DROP DEFAULT, SET/DROP NOT NULL, ADD/DROP CONSTRAINT,
// RENAME, ATTACH/DETACH PARTITION. Changes to a partitioned table apply
// to all its partitions.
import SQLParser

extension Executor {
    func executeAlterTable(_ alter: AlterTableStatement) throws -> QueryResult {
        let schemaMissing = alter.name.schema.map { !catalog.schemas.contains($0) } ?? false
        guard let found = schemaMissing && alter.ifExists ? nil : try lookupRelation(alter.name),
            catalog.table(found.oid) != nil
        else {
            if alter.ifExists {
                session.report(.notice("relation \"\(alter.name.name)\" does not exist, skipping"))
                return QueryResult(commandTag: "ALTER TABLE")
            }
            throw SQLError(
                SQLState.undefinedTable,
                "relation \"\(alter.name.parts.joined(separator: "."))\" does not exist")
        }
        var updated = catalog
        for command in alter.commands {
            try apply(command, to: found.oid, in: &updated)
        }
        session.updateCatalog { $0 = updated }
        return QueryResult(commandTag: "ALTER TABLE")
    }

    private func apply(_ command: AlterTableCommand, to oid: RelationID, in updated: inout Catalog)
        throws
    {
        guard var table = updated.table(oid) else { return }
        switch command {
        case .addColumn(let def, let ifNotExists):
            if table.columnIndex(def.name) != nil {
                if ifNotExists {
                    session.report(
                        .notice(
                            "column \"\(def.name)\" of relation \"\(table.name)\" already exists, skipping"
                        ))
                    return
                }
                throw SQLError(
                    SQLState.duplicateColumn,
                    "column \"\(def.name)\" of relation \"\(table.name)\" already exists")
            }
            var constraints: [TableConstraint] = []
            for c in def.constraints {
                let at = c.location >= 0 ? c.location + 1 : nil
                switch c.kind {
                case .notNull, .null, .defaultValue: continue
                case .check(let e, let noInherit):
                    constraints.append(
                        TableConstraint(
                            name: c.name, kind: .check(e, noInherit: noInherit),
                            location: c.location))
                case .primaryKey:
                    constraints.append(
                        TableConstraint(
                            name: c.name, kind: .primaryKey([def.name]), location: c.location))
                case .unique(let nnd):
                    constraints.append(
                        TableConstraint(
                            name: c.name, kind: .unique([def.name], nullsNotDistinct: nnd),
                            location: c.location))
                case .references:
                    throw SQLError.notSupported("foreign keys are not supported yet", position: at)
                case .generated:
                    throw SQLError.notSupported(
                        "generated columns are not supported yet", position: at)
                case .identity:
                    throw SQLError.notSupported(
                        "identity columns are not supported yet", position: at)
                }
            }
            try addColumn(def, to: oid, in: &updated)
            for constraint in constraints {
                try addConstraint(constraint, to: oid, in: &updated, column: def.name)
            }
        case .dropColumn(let name, let ifExists, _):
            guard let index = table.columnIndex(name) else {
                if ifExists {
                    session.report(
                        .notice(
                            "column \"\(name)\" of relation \"\(table.name)\" does not exist, skipping"
                        ))
                    return
                }
                throw SQLError(
                    SQLState.undefinedColumn,
                    "column \"\(name)\" of relation \"\(table.name)\" does not exist")
            }
            try dropColumn(index, name: name, of: oid, in: &updated)
        case .setDefault(let name, let e):
            let index = try existingColumn(name, table)
            if let e {
                _ = try analyzer(nil).compileAssignment(
                    e, to: table.columns[index].type, column: name)
            }
            forEachInTree(oid, &updated) { t in t.columns[index].defaultExpr = e }
        case .setNotNull(let name):
            let index = try existingColumn(name, table)
            for target in scanTargets(table, in: updated) {
                try target.storage.scan(
                    snapshot: session.currentSnapshot, columns: [index],
                    limit: target.storage.versionCount
                ) { _, row in
                    if row[index].isNull {
                        throw SQLError(
                            SQLState.notNullViolation,
                            "column \"\(name)\" of relation \"\(target.table.name)\" contains null values"
                        )
                    }
                    return true
                }
            }
            forEachInTree(oid, &updated) { t in t.columns[index].notNull = true }
        case .dropNotNull(let name):
            let index = try existingColumn(name, table)
            if table.primaryKey?.keyColumns?.contains(index) == true {
                throw SQLError(
                    SQLState.invalidTableDefinition, "column \"\(name)\" is in a primary key")
            }
            forEachInTree(oid, &updated) { t in t.columns[index].notNull = false }
        case .addConstraint(let constraint):
            try addConstraint(constraint, to: oid, in: &updated)
        case .dropConstraint(let name, let ifExists, _):
            guard let c = table.constraints.first(where: { $0.name == name }) else {
                if ifExists {
                    session.report(
                        .notice(
                            "constraint \"\(name)\" of relation \"\(table.name)\" does not exist, skipping"
                        ))
                    return
                }
                throw SQLError(
                    SQLState.undefinedObject,
                    "constraint \"\(name)\" of relation \"\(table.name)\" does not exist")
            }
            updated.unregisterConstraint(c, of: table)
            forEachInTree(oid, &updated) { t in
                if let columns = c.keyColumns {
                    t.constraints.removeAll { $0.keyColumns == columns }
                    t.storage?.removeUniqueIndex(columns: columns)
                } else {
                    t.constraints.removeAll { $0.name == name }
                }
            }
        case .renameColumn(let old, let new):
            let index = try existingColumn(old, table)
            if table.columnIndex(new) != nil {
                throw SQLError(
                    SQLState.duplicateColumn,
                    "column \"\(new)\" of relation \"\(table.name)\" already exists")
            }
            forEachInTree(oid, &updated) { t in t.columns[index].name = new }
        case .renameTable(let new):
            if updated.relation(named: new, in: table.schema) != nil {
                throw SQLError(SQLState.duplicateTable, "relation \"\(new)\" already exists")
            }
            updated.relationNames[table.schema]?[table.name] = nil
            table.name = new
            updated.relationNames[table.schema, default: [:]][new] = oid
            updated.updateTable(table)
        case .renameConstraint(let old, let new):
            guard let index = table.constraints.firstIndex(where: { $0.name == old }) else {
                throw SQLError(
                    SQLState.undefinedObject,
                    "constraint \"\(old)\" for table \"\(table.name)\" does not exist")
            }
            updated.unregisterConstraint(table.constraints[index], of: table)
            table.constraints[index].name = new
            updated.registerConstraint(table.constraints[index], of: table)
            updated.updateTable(table)
        case .attachPartition(let name, let bound):
            try attachPartition(name, bound: bound, to: oid, in: &updated)
        case .detachPartition(let name, _):
            let child = try resolveTable(name, positioned: false)
            guard child.parent == oid, var c = updated.table(child.oid) else {
                throw SQLError(
                    SQLState.undefinedTable,
                    "relation \"\(child.name)\" is not a partition of relation \"\(table.name)\"")
            }
            table.partitions.removeAll { $0 == child.oid }
            updated.updateTable(table)
            c.parent = nil
            c.bound = nil
            updated.updateTable(c)
        case .alterColumnType, .setSchema, .ownerTo:
            throw SQLError.notSupported("this form of ALTER TABLE is not supported yet")
        }
    }

    private func existingColumn(_ name: String, _ table: TableDefinition) throws -> Int {
        guard let index = table.columnIndex(name) else {
            throw SQLError(
                SQLState.undefinedColumn,
                "column \"\(name)\" of relation \"\(table.name)\" does not exist")
        }
        return index
    }

    /// Applies `change` to a table and every partition below it.
    private func forEachInTree(
        _ oid: RelationID, _ updated: inout Catalog, _ change: (inout TableDefinition) -> Void
    ) {
        guard var table = updated.table(oid) else { return }
        change(&table)
        updated.updateTable(table)
        for child in table.partitions { forEachInTree(child, &updated, change) }
    }

    private func addColumn(_ def: ColumnDef, to oid: RelationID, in updated: inout Catalog) throws {
        guard let table = updated.table(oid) else { return }
        let column = try definedColumn(def, table: table.name)
        var fill: Value = .null
        var perRow: CompiledExpr?
        if let e = column.defaultExpr {
            let compiled = try analyzer(nil).compileAssignment(
                e, to: column.type, column: column.name)
            if containsVolatileCall(e) {
                perRow = compiled
            } else {
                fill = try compiled.evaluate([], makeContext())
            }
        }
        if column.notNull && fill.isNull && perRow == nil {
            for target in scanTargets(table, in: updated)
            where target.storage.count(snapshot: session.currentSnapshot) > 0 {
                throw SQLError(
                    SQLState.notNullViolation,
                    "column \"\(column.name)\" of relation \"\(target.table.name)\" contains null values"
                )
            }
        }
        let ctx = makeContext()
        try forEachInTreeThrowing(oid, &updated) { t in
            t.columns.append(column)
            if let old = t.storage {
                t.storage = try rewrite(old, types: t.columns.map(\.type)) { row in
                    row + [try perRow?.evaluate([], ctx) ?? fill]
                }
            }
        }
    }

    private func definedColumn(_ def: ColumnDef, table: String) throws -> ColumnDefinition {
        var column = ColumnDefinition(name: def.name, type: try resolveTypeName(def.type))
        for c in def.constraints {
            switch c.kind {
            case .notNull, .primaryKey: column.notNull = true
            case .defaultValue(let e): column.defaultExpr = e
            default: continue
            }
        }
        return column
    }

    private func containsVolatileCall(_ e: Expr) -> Bool {
        var found = false
        ExprWalker.visit(e) { node in
            if case .function(let call) = node.kind,
                ["random", "clock_timestamp", "gen_random_uuid", "nextval", "timeofday"].contains(
                    call.name.name)
            {
                found = true
            }
            return !found
        }
        return found
    }

    private func forEachInTreeThrowing(
        _ oid: RelationID, _ updated: inout Catalog,
        _ change: (inout TableDefinition) throws -> Void
    ) throws {
        guard var table = updated.table(oid) else { return }
        try change(&table)
        updated.updateTable(table)
        for child in table.partitions { try forEachInTreeThrowing(child, &updated, change) }
    }

    /// A copy of `old` with every version (MVCC headers kept) transformed.
    private func rewrite(_ old: TableStorage, types: [PGType], _ transform: (Row) throws -> Row)
        throws -> TableStorage
    {
        let fresh = HeapStorage(columnTypes: types)
        for index in old.uniqueIndexes {
            _ = fresh.addUniqueIndex(
                columns: index.columns, nullsNotDistinct: index.nullsNotDistinct)
        }
        for id in 0..<old.versionCount {
            let header = old.header(id)
            fresh.insertVersion(try transform(old.fetch(id)), xmin: header.xmin, xmax: header.xmax)
        }
        return fresh
    }

    private func dropColumn(
        _ index: Int, name: String, of oid: RelationID, in updated: inout Catalog
    ) throws {
        guard let table = updated.table(oid) else { return }
        if let key = table.partitionKey, key.columns.contains(index) {
            throw SQLError(
                SQLState.invalidTableDefinition,
                "cannot drop column \"\(name)\" because it is part of the partition key of relation \"\(table.name)\""
            )
        }
        if table.parent != nil {
            throw SQLError(
                SQLState.invalidTableDefinition, "cannot drop inherited column \"\(name)\"")
        }
        let dependent = table.constraints.filter { c in
            if let cols = c.keyColumns { return cols.contains(index) }
            if case .check(let e) = c.kind { return references(e, name) }
            return false
        }
        for c in dependent { updated.unregisterConstraint(c, of: table) }
        let names = Set(dependent.map(\.name))
        forEachInTree(oid, &updated) { t in
            t.columns[index].isDropped = true
            t.columns[index].notNull = false
            t.columns[index].defaultExpr = nil
            for c in t.constraints where c.keyColumns?.contains(index) == true {
                if let cols = c.keyColumns { t.storage?.removeUniqueIndex(columns: cols) }
            }
            t.constraints.removeAll {
                names.contains($0.name) || $0.keyColumns?.contains(index) == true
            }
        }
    }

    private func references(_ e: Expr, _ column: String) -> Bool {
        var found = false
        ExprWalker.visit(e) { node in
            if case .columnRef(let parts) = node.kind, parts.last == column { found = true }
            return !found
        }
        return found
    }

    /// ADD CONSTRAINT, or a constraint written on the `column` ADD COLUMN
    /// adds (which names a CHECK: `t_column_check`).
    private func addConstraint(
        _ constraint: TableConstraint, to oid: RelationID, in updated: inout Catalog,
        column: String? = nil
    ) throws {
        guard let table = updated.table(oid) else { return }
        var probe = table
        probe.storage = nil
        let before = probe.constraints.count
        let at = constraint.location
        switch constraint.kind {
        case .check(let e, _):
            let check = PendingCheck(
                name: constraint.name, expr: e, column: column ?? singleColumn(e, table))
            try addCheck(check, to: &probe, in: updated)
        case .primaryKey(let columns):
            if table.primaryKey != nil {
                throw SQLError(
                    SQLState.invalidTableDefinition,
                    "multiple primary keys for table \"\(table.name)\" are not allowed",
                    position: at >= 0 ? at + 1 : nil)
            }
            let key = PendingKey(
                name: constraint.name, columns: columns, isPrimary: true, nullsNotDistinct: false,
                location: at)
            try addKeys([key], to: &probe, in: updated)
        case .unique(let columns, let nnd):
            let key = PendingKey(
                name: constraint.name, columns: columns, isPrimary: false, nullsNotDistinct: nnd,
                location: at)
            try addKeys([key], to: &probe, in: updated)
        case .foreignKey:
            throw SQLError.notSupported(
                "foreign keys are not supported yet", position: at >= 0 ? at + 1 : nil)
        }
        guard probe.constraints.count > before, let c = probe.constraints.last else { return }
        try validate(c, on: table, in: updated)
        updated.registerConstraint(c, of: table)
        forEachInTree(oid, &updated) { t in
            t.constraints.append(c)
            if let columns = c.keyColumns {
                let nnd: Bool
                if case .unique(_, let n) = c.kind { nnd = n } else { nnd = false }
                _ = t.storage?.addUniqueIndex(columns: columns, nullsNotDistinct: nnd)
                if case .primaryKey = c.kind { for i in columns { t.columns[i].notNull = true } }
            }
        }
    }

    /// Existing rows must satisfy a constraint added by ALTER TABLE.
    private func validate(
        _ c: ConstraintDefinition, on table: TableDefinition, in updated: Catalog
    ) throws {
        let snapshot = session.currentSnapshot
        let ctx = makeContext()
        switch c.kind {
        case .check(let e):
            for target in scanTargets(table, in: updated) {
                let predicate = try analyzer(tableScope(target.table, refName: target.table.name))
                    .compileCondition(e, clause: "CHECK")
                try target.storage.scan(
                    snapshot: snapshot, columns: Array(0..<target.storage.columnCount),
                    limit: target.storage.versionCount
                ) { _, row in
                    if case .bool(false) = try predicate.evaluate(row, ctx) {
                        throw SQLError(
                            SQLState.checkViolation,
                            "check constraint \"\(c.name)\" of relation \"\(target.table.name)\" is violated by some row"
                        )
                    }
                    return true
                }
            }
        case .primaryKey(let columns), .unique(let columns, _):
            for target in scanTargets(table, in: updated) {
                var seen: Set<GroupingKey> = []
                try target.storage.scan(
                    snapshot: snapshot, columns: columns, limit: target.storage.versionCount
                ) { _, row in
                    let key = columns.map { row[$0] }
                    if case .primaryKey = c.kind, let i = columns.first(where: { row[$0].isNull }) {
                        throw SQLError(
                            SQLState.notNullViolation,
                            "column \"\(table.columns[i].name)\" of relation \"\(target.table.name)\" contains null values"
                        )
                    }
                    if key.contains(where: \.isNull) { return true }
                    if !seen.insert(GroupingKey(key)).inserted {
                        let names = columns.map { table.columns[$0].name }.joined(separator: ", ")
                        let values = zip(columns, key).map {
                            formatValue($1, type: table.columns[$0].type)
                        }
                        throw SQLError(
                            SQLState.uniqueViolation, "could not create unique index \"\(c.name)\"",
                            detail:
                                "Key (\(names))=(\(values.joined(separator: ", "))) is duplicated.")
                    }
                    return true
                }
            }
        }
    }

    private func attachPartition(
        _ name: QualifiedName, bound: PartitionBound, to oid: RelationID, in updated: inout Catalog
    ) throws {
        guard let parent = updated.table(oid) else { return }
        guard parent.isPartitioned else {
            throw SQLError(SQLState.wrongObjectType, "table \"\(parent.name)\" is not partitioned")
        }
        var child = try resolveTable(name, positioned: false)
        if child.parent != nil {
            throw SQLError(SQLState.objectInUse, "\"\(child.name)\" is already a partition")
        }
        let parentLive = parent.liveColumns.map {
            (parent.columns[$0].name, parent.columns[$0].type)
        }
        let childLive = child.liveColumns.map { (child.columns[$0].name, child.columns[$0].type) }
        guard parentLive.count == childLive.count,
            zip(parentLive, childLive).allSatisfy({ $0.0 == $1.0 && $0.1 == $1.1 }),
            parent.columns.count == child.columns.count
        else {
            throw SQLError.notSupported(
                "ATTACH PARTITION of a table whose columns differ in layout is not supported yet")
        }
        let resolved = try resolveBound(
            bound, parent: parent, partition: child.name, after: name.location)
        try checkNewBound(
            resolved, parent: parent, partition: child.name, bound: bound, after: name.location)
        if let key = parent.partitionKey {
            let types = key.columns.map { parent.columns[$0].type }
            for target in scanTargets(child) {
                try target.storage.scan(
                    snapshot: session.currentSnapshot, columns: key.columns,
                    limit: target.storage.versionCount
                ) { _, row in
                    let values = key.columns.map { row[$0] }
                    if case .default = resolved { return true }
                    if !PartitionRouter.contains(resolved, key: values, types: types) {
                        throw SQLError(
                            SQLState.checkViolation,
                            "partition constraint of relation \"\(child.name)\" is violated by some row"
                        )
                    }
                    return true
                }
            }
        }
        child.parent = oid
        child.bound = resolved
        updated.updateTable(child)
        var p = parent
        p.partitions.append(child.oid)
        updated.updateTable(p)
    }
}
