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
                case .references(let reference):
                    constraints.append(
                        TableConstraint(
                            name: c.name, kind: .foreignKey(columns: [def.name], reference),
                            location: c.location))
                case .generated:
                    throw SQLError.notSupported(
                        "generated columns are not supported yet", position: at)
                case .identity:
                    // TODO(#6): ADD COLUMN .. GENERATED AS IDENTITY.
                    throw SQLError.notSupported(
                        "adding an identity column is not supported yet", position: at)
                }
            }
            try addColumn(def, to: oid, in: &updated)
            for constraint in constraints {
                try addConstraint(constraint, to: oid, in: &updated)
            }
        case .dropColumn(let name, let ifExists, let cascade):
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
            try dropDependentsOfColumn(
                index, name: name, of: table, cascade: cascade, in: &updated)
            try dropColumn(index, name: name, of: oid, in: &updated)
        case .setDefault(let name, let e):
            let index = try existingColumn(name, table)
            try refuseDefaultOnIdentity(table.columns[index], table: table.name, dropping: e == nil)
            if let e {
                var check = analyzer(nil)
                check.foldsConstants = false
                _ = try withoutPosition {
                    try check.compileAssignment(e, to: table.columns[index].type, column: name)
                }
            }
            forEachInTree(oid, &updated) { t in t.columns[index].defaultExpr = e }
        case .addIdentity(let name, let always, let options):
            try addIdentity(name, always: always, options: options, to: oid, in: &updated)
        case .setIdentity(let name, let always, let options):
            try alterIdentity(name, always: always, options: options, of: oid, in: &updated)
        case .dropIdentity(let name, let ifExists):
            try dropIdentity(name, ifExists: ifExists, of: oid, in: &updated)
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
        case .dropConstraint(let name, let ifExists, let cascade):
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
            if c.keyColumns != nil {
                let keys = try checkForeignKeys(
                    dependingOnKey: name, of: table,
                    dropping: "constraint \(name) on table \(table.name)", cascade: cascade,
                    in: updated)
                Executor.removeForeignKeys(keys, from: &updated)
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
            guard let index = table.columnIndex(old) else {
                throw SQLError(SQLState.undefinedColumn, "column \"\(old)\" does not exist")
            }
            if table.parent != nil {
                throw SQLError(
                    SQLState.invalidTableDefinition, "cannot rename inherited column \"\(old)\"")
            }
            if table.columnIndex(new) != nil {
                throw SQLError(
                    SQLState.duplicateColumn,
                    "column \"\(new)\" of relation \"\(table.name)\" already exists")
            }
            try checkRenameUnderViews(table, column: index, in: updated)
            forEachInTree(oid, &updated) { t in t.columns[index].name = new }
        case .renameTable(let new):
            if updated.relation(named: new, in: table.schema) != nil {
                throw SQLError(SQLState.duplicateTable, "relation \"\(new)\" already exists")
            }
            try checkRenameUnderViews(table, column: nil, in: updated)
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

    func existingColumn(_ name: String, _ table: TableDefinition) throws -> Int {
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
            let compiled = try withoutPosition {
                try analyzer(nil).compileAssignment(e, to: column.type, column: column.name)
            }
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
        var column = ColumnDefinition(name: def.name, type: try resolveType(def.type))
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
            switch c.kind {
            case .primaryKey(let cols), .unique(let cols, _): return cols.contains(index)
            case .check(let e): return references(e, name)
            case .foreignKey(let fk): return fk.columns.contains(index)
            }
        }
        for c in dependent { updated.unregisterConstraint(c, of: table) }
        for i in table.indexes where i.uses(index, in: table) {
            Executor.removeIndex(i.name, of: oid, from: &updated)
        }
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

    /// ADD CONSTRAINT, or a constraint written on a column ADD COLUMN
    /// adds. An unnamed CHECK is named after the one column it reads
    /// (`t_g_check`), as AddRelationNewConstraints does.
    private func addConstraint(
        _ constraint: TableConstraint, to oid: RelationID, in updated: inout Catalog
    ) throws {
        guard let table = updated.table(oid) else { return }
        var probe = table
        probe.storage = nil
        let before = probe.constraints.count
        if let name = constraint.name, table.constraints.contains(where: { $0.name == name }),
            case .check = constraint.kind
        {
            throw SQLError(
                SQLState.duplicateObject,
                "constraint \"\(name)\" for relation \"\(table.name)\" already exists")
        }
        try withoutPosition {
            try defineConstraint(constraint, on: table, into: &probe, in: updated)
        }
        guard probe.constraints.count > before, let c = probe.constraints.last else { return }
        try withoutPosition { try validate(c, on: table, in: updated) }
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

    /// Runs `body`, dropping the position of an error it raises: ALTER
    /// TABLE analyses its expressions without the statement's text, so
    /// PostgreSQL reports their errors without a position.
    private func withoutPosition<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as SQLError {
            error.position = nil
            throw error
        }
    }

    /// The new constraint on a copy of the table (`probe`), named.
    private func defineConstraint(
        _ constraint: TableConstraint, on table: TableDefinition,
        into probe: inout TableDefinition, in updated: Catalog
    ) throws {
        let at = constraint.location
        switch constraint.kind {
        case .check(let e, _):
            let check = PendingCheck(name: constraint.name, expr: e, column: singleColumn(e, table))
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
        case .foreignKey(let columns, let reference):
            probe.constraints.append(
                try defineForeignKey(
                    name: constraint.name, columns: columns, reference: reference, on: table,
                    in: updated))
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
        case .foreignKey:
            try validateForeignKey(c, on: table)
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

    /// ATTACH PARTITION as ATExecAttachPartition checks it: the table is
    /// not already a partition, has only the parent's columns with the
    /// same types and NOT NULL markings and the parent's CHECK constraints,
    /// its bound fits, and its rows satisfy the bound; the parent's keys
    /// get a matching unique index on it.
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
        var ancestor: TableDefinition? = parent
        while let a = ancestor {
            if a.oid == child.oid {
                throw SQLError(
                    SQLState.duplicateTable, "circular inheritance not allowed",
                    detail: "\"\(child.name)\" is already a child of \"\(parent.name)\".")
            }
            ancestor = a.parent.flatMap { updated.table($0) }
        }
        for i in child.liveColumns where parent.columnIndex(child.columns[i].name) == nil {
            throw SQLError(
                SQLState.datatypeMismatch,
                "table \"\(child.name)\" contains column \"\(child.columns[i].name)\" not found in parent \"\(parent.name)\"",
                detail: "The new partition may contain only the columns present in parent.")
        }
        let resolved = try resolveBound(
            bound, parent: parent, partition: child.name, after: name.location)
        try checkNewBound(
            resolved, parent: parent, partition: child.name, bound: bound, after: name.location)
        try checkInheritance(child, from: parent)
        let sameLayout =
            parent.columns.count == child.columns.count
            && zip(parent.columns, child.columns).allSatisfy {
                $0.isDropped == $1.isDropped && ($0.isDropped || $0.name == $1.name)
            }
        guard sameLayout else {
            // TODO(#6): map columns of a partition whose layout differs.
            throw SQLError.notSupported(
                "ATTACH PARTITION of a table whose columns differ in layout is not supported yet")
        }
        if let key = parent.partitionKey {
            let types = key.columns.map { parent.columns[$0].type }
            for target in scanTargets(child, in: updated) {
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
        try attachKeys(of: parent, to: &child, in: &updated)
        child.parent = oid
        child.bound = resolved
        updated.updateTable(child)
        var p = parent
        p.partitions.append(child.oid)
        updated.updateTable(p)
        // TODO(#6): reuse a matching index the partition has, as
        // AttachPartitionEnsureIndexes does.
        try inheritIndexes(of: p, to: child, in: &updated)
    }

    /// MergeAttributesIntoExisting and MergeConstraintsIntoExisting: the
    /// columns and CHECK constraints a partition must share with its
    /// parent.
    private func checkInheritance(_ child: TableDefinition, from parent: TableDefinition) throws {
        for i in parent.liveColumns {
            let column = parent.columns[i]
            guard let j = child.columnIndex(column.name) else {
                throw SQLError(
                    SQLState.datatypeMismatch, "child table is missing column \"\(column.name)\"")
            }
            if child.columns[j].type != column.type {
                throw SQLError(
                    SQLState.datatypeMismatch,
                    "child table \"\(child.name)\" has different type for column \"\(column.name)\"")
            }
            if column.notNull && !child.columns[j].notNull {
                throw SQLError(
                    SQLState.datatypeMismatch,
                    "column \"\(column.name)\" in child table must be marked NOT NULL")
            }
        }
        for constraint in parent.constraints {
            guard case .check(let e) = constraint.kind else { continue }
            guard let own = child.constraints.first(where: { $0.name == constraint.name }),
                case .check(let mine) = own.kind
            else {
                throw SQLError(
                    SQLState.datatypeMismatch,
                    "child table is missing constraint \"\(constraint.name)\"")
            }
            if exprKey(mine) != exprKey(e) {
                throw SQLError(
                    SQLState.datatypeMismatch,
                    "child table \"\(child.name)\" has different definition for check constraint \"\(constraint.name)\""
                )
            }
        }
    }

    /// AttachPartitionEnsureIndexes: every key of the parent gets a unique
    /// index on the new partition, reusing a matching one it has.
    private func attachKeys(
        of parent: TableDefinition, to child: inout TableDefinition, in updated: inout Catalog
    ) throws {
        for constraint in parent.constraints {
            guard let columns = constraint.keyColumns else { continue }
            let isPrimary: Bool
            if case .primaryKey = constraint.kind { isPrimary = true } else { isPrimary = false }
            let matches = child.constraints.contains { c in
                guard c.keyColumns == columns else { return false }
                if case .primaryKey = c.kind { return isPrimary }
                return !isPrimary
            }
            if matches { continue }
            let taken = Set(child.constraints.map(\.name))
            let joined = columns.map { child.columns[$0].name }.joined(separator: "_")
            let name =
                isPrimary
                ? updated.chooseRelationName(
                    child.name, nil, "pkey", schema: child.schema, taken: taken)
                : updated.chooseRelationName(
                    child.name, joined, "key", schema: child.schema, taken: taken)
            var nnd = false
            if case .unique(_, let n) = constraint.kind { nnd = n }
            let kind: ConstraintDefinition.Kind =
                isPrimary ? .primaryKey(columns) : .unique(columns, nullsNotDistinct: nnd)
            let added = ConstraintDefinition(name: name, kind: kind)
            try validate(added, on: child, in: updated)
            child.constraints.append(added)
            _ = child.storage?.addUniqueIndex(columns: columns, nullsNotDistinct: nnd)
            updated.updateTable(child)
            updated.registerConstraint(added, of: child)
        }
    }
}
