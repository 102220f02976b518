// FOREIGN KEY constraints between local tables, as PostgreSQL's
// tablecmds.c defines them and ri_triggers.c enforces them (MATCH SIMPLE:
// a key with a NULL is not checked). After each INSERT, UPDATE or DELETE
// statement, the rows it wrote into a referencing table must find their
// key in the referenced table, and the keys it removed from a referenced
// table are acted on per the constraint: NO ACTION and RESTRICT refuse,
// CASCADE deletes or updates the referencing rows, SET NULL and SET
// DEFAULT change their key columns, each by a statement of its own whose
// constraints apply in turn.
import SQLParser

extension Executor {
    // MARK: - Definition

    /// A FOREIGN KEY clause of `table`, resolved and checked. `table` may
    /// be one being created (a table may reference itself).
    func defineForeignKey(
        name explicit: String?, columns: [String], reference: ForeignKeyReference,
        on table: TableDefinition, in updated: Catalog
    ) throws -> ConstraintDefinition {
        let referenced: TableDefinition
        if reference.table.name == table.name,
            reference.table.schema == nil || reference.table.schema == table.schema
        {
            referenced = updated.table(table.oid) ?? table
        } else {
            referenced = try resolveTable(reference.table, positioned: false)
        }
        if table.isPartitioned || referenced.isPartitioned || table.parent != nil
            || referenced.parent != nil
        {
            // TODO(#6): foreign keys on or to partitioned tables.
            throw SQLError.notSupported(
                "foreign keys on or to partitioned tables are not supported yet")
        }
        if reference.onDelete == .setDefault || reference.onUpdate == .setDefault {
            // TODO(#6): ON DELETE / ON UPDATE SET DEFAULT.
            throw SQLError.notSupported("SET DEFAULT foreign key actions are not supported yet")
        }
        let own = try columns.map { try foreignKeyColumn($0, of: table) }
        let target: [Int]
        if reference.columns.isEmpty {
            guard let primary = referenced.primaryKey?.keyColumns else {
                throw SQLError(
                    SQLState.invalidForeignKey,
                    "there is no primary key for referenced table \"\(referenced.name)\"")
            }
            target = primary
        } else {
            target = try reference.columns.map { try foreignKeyColumn($0, of: referenced) }
        }
        guard own.count == target.count else {
            throw SQLError(
                SQLState.invalidForeignKey,
                "number of referencing and referenced columns for foreign key disagree")
        }
        if !reference.columns.isEmpty {
            let wanted = Set(target)
            guard
                referenced.uniqueKeys.contains(where: {
                    Set($0.columns) == wanted && $0.columns.count == wanted.count
                })
            else {
                throw SQLError(
                    SQLState.invalidForeignKey,
                    "there is no unique constraint matching given keys for referenced table \"\(referenced.name)\""
                )
            }
        }
        let taken = Set(table.constraints.map(\.name))
        let name =
            explicit
            ?? updated.chooseConstraintName(
                table.name, columns.joined(separator: "_"), "fkey", schema: table.schema,
                taken: taken)
        if taken.contains(name) {
            throw SQLError(
                SQLState.duplicateObject,
                "constraint \"\(name)\" for relation \"\(table.name)\" already exists")
        }
        for (mine, theirs) in zip(own, target) {
            let from = table.columns[mine].type
            let to = referenced.columns[theirs].type
            let analyser = analyzer(nil)
            guard
                analyser.canCoerce(from, to: to, context: .implicit)
                    || analyser.canCoerce(to, to: from, context: .implicit)
            else {
                throw SQLError(
                    SQLState.datatypeMismatch,
                    "foreign key constraint \"\(name)\" cannot be implemented",
                    detail:
                        "Key columns \"\(table.columns[mine].name)\" and \"\(referenced.columns[theirs].name)\" are of incompatible types: \(formatType(from)) and \(formatType(to))."
                )
            }
        }
        let definition = ForeignKeyDefinition(
            columns: own, referenced: referenced.oid, referencedColumns: target,
            onDelete: reference.onDelete, onUpdate: reference.onUpdate)
        return ConstraintDefinition(name: name, kind: .foreignKey(definition))
    }

    private func foreignKeyColumn(_ name: String, of table: TableDefinition) throws -> Int {
        guard let index = table.columnIndex(name) else {
            throw SQLError(
                SQLState.undefinedColumn,
                "column \"\(name)\" referenced in foreign key constraint does not exist")
        }
        return index
    }

    /// ALTER TABLE .. ADD FOREIGN KEY: every existing row must find its key.
    func validateForeignKey(_ c: ConstraintDefinition, on table: TableDefinition) throws {
        guard case .foreignKey(let fk) = c.kind, let storage = table.storage,
            !session.skipsForeignKeyValidation
        else { return }
        var rows: [Row] = []
        try storage.scan(
            snapshot: session.currentSnapshot, columns: fk.columns, limit: storage.versionCount
        ) { _, row in
            rows.append(row)
            return true
        }
        try checkReferencingRows(rows, of: table, constraints: [(c.name, fk)])
    }

    // MARK: - Enforcement

    /// The foreign keys of `table` and those referencing it.
    private func foreignKeys(of table: TableDefinition) -> (
        outgoing: [(String, ForeignKeyDefinition)],
        incoming: [(TableDefinition, String, ForeignKeyDefinition)]
    ) {
        var outgoing: [(String, ForeignKeyDefinition)] = []
        for c in table.constraints {
            if case .foreignKey(let fk) = c.kind { outgoing.append((c.name, fk)) }
        }
        var incoming: [(TableDefinition, String, ForeignKeyDefinition)] = []
        for other in catalog.tables.values.sorted(by: { $0.oid < $1.oid }) {
            for c in other.constraints {
                if case .foreignKey(let fk) = c.kind, fk.referenced == table.oid {
                    incoming.append((other, c.name, fk))
                }
            }
        }
        return (outgoing, incoming)
    }

    /// True when any foreign key starts or ends at `table`.
    func hasForeignKeys(_ table: TableDefinition) -> Bool {
        let keys = foreignKeys(of: table)
        return !keys.outgoing.isEmpty || !keys.incoming.isEmpty
    }

    /// After an INSERT: the new rows' keys must exist.
    func foreignKeysAfterInsert(_ rows: [Row], into table: TableDefinition) throws {
        let outgoing = foreignKeys(of: table).outgoing
        guard !outgoing.isEmpty, !rows.isEmpty else { return }
        try checkReferencingRows(rows, of: table, constraints: outgoing)
    }

    /// After an UPDATE: keys removed from the table are acted on, then
    /// the new rows' keys must exist.
    func foreignKeysAfterUpdate(_ changes: [(old: Row, new: Row)], of table: TableDefinition)
        throws
    {
        guard !changes.isEmpty else { return }
        let (outgoing, incoming) = foreignKeys(of: table)
        for (child, name, fk) in incoming {
            let moved = changes.filter { change in
                fk.referencedColumns.contains {
                    !valuesEqual(change.old[$0], change.new[$0], type: table.columns[$0].type)
                }
            }
            try actOnRemovedKeys(
                moved.map(\.old), newRows: moved.map(\.new), from: table, child: child,
                name: name, fk: fk, isDelete: false)
        }
        let changed = changes.filter { change in
            outgoing.contains { _, fk in
                fk.columns.contains { change.old[$0] != change.new[$0] }
            }
        }
        if !outgoing.isEmpty {
            try checkReferencingRows(changed.map(\.new), of: table, constraints: outgoing)
        }
    }

    /// After a DELETE: the deleted keys are acted on.
    func foreignKeysAfterDelete(_ rows: [Row], from table: TableDefinition) throws {
        guard !rows.isEmpty else { return }
        for (child, name, fk) in foreignKeys(of: table).incoming {
            try actOnRemovedKeys(
                rows, newRows: nil, from: table, child: child, name: name, fk: fk, isDelete: true)
        }
    }

    /// RI_FKey_check: each row whose key has no NULL must find it in the
    /// referenced table.
    private func checkReferencingRows(
        _ rows: [Row], of table: TableDefinition, constraints: [(String, ForeignKeyDefinition)]
    ) throws {
        for (name, fk) in constraints {
            guard let parent = catalog.table(fk.referenced) else { continue }
            for row in rows {
                let key = fk.columns.map { row[$0] }
                if key.contains(where: \.isNull) { continue }
                if try keyExists(
                    key, types: fk.columns.map { table.columns[$0].type },
                    in: parent, columns: fk.referencedColumns)
                {
                    continue
                }
                throw SQLError(
                    SQLState.foreignKeyViolation,
                    "insert or update on table \"\(table.name)\" violates foreign key constraint \"\(name)\"",
                    detail:
                        "Key (\(keyText(fk.columns, of: table, row: row))) is not present in table \"\(parent.name)\"."
                )
            }
        }
    }

    /// True when a visible row of `table` has `key` in `columns`.
    private func keyExists(
        _ key: [Value], types: [PGType], in table: TableDefinition, columns: [Int]
    ) throws -> Bool {
        guard let storage = table.storage else { return false }
        let wanted = try zip(zip(key, types), columns).map { pair, column in
            try castValue(pair.0, from: pair.1, to: table.columns[column].type, context: .implicit)
        }
        let snapshot = session.currentSnapshot
        if let unique = table.uniqueKeys.first(where: { Set($0.columns) == Set(columns) }),
            let index = storage.index(for: unique)
        {
            let ordered = unique.columns.map { c in wanted[columns.firstIndex(of: c) ?? 0] }
            return index.lookup(ordered).contains { storage.isVisible($0, snapshot: snapshot) }
        }
        var found = false
        try storage.scan(snapshot: snapshot, columns: columns, limit: storage.versionCount) {
            _, row in
            found = zip(columns, wanted).allSatisfy { c, v in
                valuesEqual(row[c], v, type: table.columns[c].type)
            }
            return !found
        }
        return found
    }

    /// The referenced side: for each removed key still referenced (and,
    /// for NO ACTION, no longer present), refuse or cascade.
    private func actOnRemovedKeys(
        _ oldRows: [Row], newRows: [Row]?, from parent: TableDefinition,
        child: TableDefinition, name: String, fk: ForeignKeyDefinition, isDelete: Bool
    ) throws {
        let action = isDelete ? fk.onDelete : fk.onUpdate
        var seen: Set<GroupingKey> = []
        for (i, row) in oldRows.enumerated() {
            let key = fk.referencedColumns.map { row[$0] }
            if key.contains(where: \.isNull) || !seen.insert(GroupingKey(key)).inserted { continue }
            let types = fk.referencedColumns.map { parent.columns[$0].type }
            if action == .noAction,
                try keyExists(key, types: types, in: parent, columns: fk.referencedColumns)
            {
                continue
            }
            let condition = keyCondition(fk.columns, of: child, equalTo: key, types: types)
            switch action {
            case .noAction, .restrict:
                guard try referencingRowExists(child, condition) else { continue }
                let verb = "update or delete"
                throw SQLError(
                    SQLState.foreignKeyViolation,
                    "\(verb) on table \"\(parent.name)\" violates foreign key constraint \"\(name)\" on table \"\(child.name)\"",
                    detail:
                        "Key (\(keyText(fk.referencedColumns, of: parent, row: row))) is still referenced from table \"\(child.name)\"."
                )
            case .cascade where isDelete:
                _ = try executeDelete(
                    DeleteStatement(table: qualifiedName(child), whereClause: condition))
            case .cascade:
                guard let newRow = newRows?[i] else { continue }
                let sets = zip(fk.columns, fk.referencedColumns).map { mine, theirs in
                    SetClause(
                        column: child.columns[mine].name,
                        value: literal(newRow[theirs], type: parent.columns[theirs].type))
                }
                _ = try executeUpdate(
                    UpdateStatement(table: qualifiedName(child), set: sets, whereClause: condition))
            case .setNull, .setDefault:
                let sets = fk.columns.map { mine in
                    SetClause(
                        column: child.columns[mine].name,
                        value: Expr(action == .setNull ? .literal(.null) : .defaultValue))
                }
                _ = try executeUpdate(
                    UpdateStatement(table: qualifiedName(child), set: sets, whereClause: condition))
            }
        }
    }

    private func referencingRowExists(_ child: TableDefinition, _ condition: Expr) throws -> Bool {
        let select = SimpleSelect(
            targets: [ResultTarget(expr: Expr(.literal(.integer("1"))))],
            from: [.table(qualifiedName(child), alias: nil, only: true)],
            whereClause: condition)
        let plan = try planQuery(
            SelectStatement(body: .select(select), limit: Expr(.literal(.integer("1")))),
            outer: nil)
        return !(try plan.root.collect(makeContext())).isEmpty
    }

    /// `c1 = 'v1' AND c2 = 'v2'` over the referencing columns.
    private func keyCondition(
        _ columns: [Int], of table: TableDefinition, equalTo key: [Value], types: [PGType]
    ) -> Expr {
        let terms = zip(columns, zip(key, types)).map { column, pair in
            Expr(
                .binary(
                    op: "=", Expr(.columnRef([table.columns[column].name])),
                    literal(pair.0, type: pair.1)))
        }
        return terms.dropFirst().reduce(terms[0]) { Expr(.and($0, $1)) }
    }

    /// A value as an untyped literal of its text, which takes the type of
    /// the column it meets.
    private func literal(_ v: Value, type: PGType) -> Expr {
        if v.isNull { return Expr(.literal(.null)) }
        return Expr(.literal(.string(formatValue(v, type: type))))
    }

    private func qualifiedName(_ table: TableDefinition) -> QualifiedName {
        QualifiedName([table.schema, table.name])
    }

    /// `a, b)=(1, 2` inside the DETAIL's `Key (...)`.
    private func keyText(_ columns: [Int], of table: TableDefinition, row: Row) -> String {
        let names = columns.map { table.columns[$0].name }.joined(separator: ", ")
        let values = columns.map { c in
            row[c].isNull ? "null" : formatValue(row[c], type: table.columns[c].type)
        }
        return names + ")=(" + values.joined(separator: ", ")
    }
}

extension Executor {
    // MARK: - DROP TABLE and TRUNCATE

    /// The foreign keys of tables outside `victims` that reference them:
    /// refused without CASCADE, which drops them (with PostgreSQL's
    /// notices).
    func dependentForeignKeys(of victims: [RelationID], cascade: Bool) throws
        -> [(table: RelationID, name: String)]
    {
        let dropped = Set(victims)
        var found: [(table: RelationID, name: String, text: String)] = []
        for other in catalog.tables.values.sorted(by: { $0.oid < $1.oid })
        where !dropped.contains(other.oid) {
            for c in other.constraints {
                guard case .foreignKey(let fk) = c.kind, dropped.contains(fk.referenced),
                    let target = catalog.table(fk.referenced)
                else { continue }
                found.append(
                    (
                        other.oid, c.name,
                        "constraint \(c.name) on table \(other.name) depends on table \(target.name)"
                    ))
            }
        }
        guard !found.isEmpty else { return [] }
        guard cascade else {
            let first = found[0].text
            let target = first[first.range(of: "depends on table ")!.upperBound...]
            throw SQLError(
                SQLState.dependentObjectsStillExist,
                "cannot drop table \(target) because other objects depend on it",
                detail: found.map(\.text).joined(separator: "\n"),
                hint: "Use DROP ... CASCADE to drop the dependent objects too.")
        }
        let lines = found.map { item -> String in
            let text = item.text
            return String(text[..<(text.range(of: " depends on")?.lowerBound ?? text.endIndex)])
        }
        if lines.count == 1 {
            session.report(.notice("drop cascades to \(lines[0])"))
        } else {
            session.report(
                .notice(
                    "drop cascades to \(lines.count) other objects",
                    detail: lines.map { "drop cascades to \($0)" }.joined(separator: "\n")))
        }
        return found.map { ($0.table, $0.name) }
    }

    /// TRUNCATE of tables other tables reference: refused unless those
    /// are truncated too; CASCADE adds them (heap_truncate_check_FKs).
    func truncationWithReferencingTables(_ tables: [TableDefinition], cascade: Bool) throws
        -> [TableDefinition]
    {
        var result = tables
        var index = 0
        while index < result.count {
            let table = result[index]
            index += 1
            for other in catalog.tables.values.sorted(by: { $0.oid < $1.oid }) {
                let references = other.constraints.contains {
                    if case .foreignKey(let fk) = $0.kind { return fk.referenced == table.oid }
                    return false
                }
                guard references, !result.contains(where: { $0.oid == other.oid }) else {
                    continue
                }
                guard cascade else {
                    throw SQLError(
                        SQLState.featureNotSupported,
                        "cannot truncate a table referenced in a foreign key constraint",
                        detail: "Table \"\(other.name)\" references \"\(table.name)\".",
                        hint:
                            "Truncate table \"\(other.name)\" at the same time, or use TRUNCATE ... CASCADE."
                    )
                }
                session.report(.notice("truncate cascades to table \"\(other.name)\""))
                result.append(other)
            }
        }
        return result
    }
}

extension Executor {
    // MARK: - Dropping what foreign keys use

    /// A foreign key that goes when something it uses is dropped.
    struct DependentForeignKey {
        var table: TableDefinition
        var name: String

        /// As dependency messages name it: `constraint c_pid_fkey on table c`.
        var described: String { "constraint \(name) on table \(table.name)" }
    }

    /// The foreign keys whose referenced columns include `column` of
    /// `table`. A key of `table` whose own columns include it is left
    /// out: it goes with the column, silently (an automatic dependency).
    func foreignKeys(
        referencingColumn column: Int, of table: TableDefinition, in catalog: Catalog
    ) -> [DependentForeignKey] {
        dependentForeignKeys(on: table, in: catalog) { fk, owner in
            fk.referencedColumns.contains(column)
                && !(owner == table.oid && fk.columns.contains(column))
        }
    }

    /// The foreign keys that rest on key `name` of `table` (a primary
    /// key, unique constraint or unique index): the first unique key
    /// whose columns are the referenced ones, as PostgreSQL picks the
    /// index a foreign key depends on when it is defined.
    func foreignKeys(
        dependingOnKey name: String, of table: TableDefinition, in catalog: Catalog
    ) -> [DependentForeignKey] {
        let keys = table.uniqueKeys
        return dependentForeignKeys(on: table, in: catalog) { fk, _ in
            let wanted = Set(fk.referencedColumns)
            let first = keys.first { Set($0.columns) == wanted }
            return first?.name == name
        }
    }

    private func dependentForeignKeys(
        on table: TableDefinition, in catalog: Catalog,
        where test: (ForeignKeyDefinition, RelationID) -> Bool
    ) -> [DependentForeignKey] {
        var found: [DependentForeignKey] = []
        for other in catalog.tables.values.sorted(by: { $0.oid < $1.oid }) {
            for c in other.constraints {
                guard case .foreignKey(let fk) = c.kind, fk.referenced == table.oid,
                    test(fk, other.oid)
                else { continue }
                found.append(DependentForeignKey(table: other, name: c.name))
            }
        }
        return found
    }

    /// Dropping index or key `name` of `table` that foreign keys rest
    /// on: PostgreSQL's dependency error, or with CASCADE its notice;
    /// returns the keys to drop.
    func checkForeignKeys(
        dependingOnKey name: String, of table: TableDefinition, dropping what: String,
        cascade: Bool, in catalog: Catalog
    ) throws -> [DependentForeignKey] {
        let keys = foreignKeys(dependingOnKey: name, of: table, in: catalog)
        guard !keys.isEmpty else { return [] }
        guard cascade else {
            throw SQLError(
                SQLState.dependentObjectsStillExist,
                "cannot drop \(what) because other objects depend on it",
                detail: keys.map { "\($0.described) depends on index \(name)" }
                    .joined(separator: "\n"),
                hint: "Use DROP ... CASCADE to drop the dependent objects too.")
        }
        reportCascade(keys.map(\.described))
        return keys
    }

    /// Removes foreign keys from their tables.
    static func removeForeignKeys(_ keys: [DependentForeignKey], from catalog: inout Catalog) {
        for key in keys {
            guard var table = catalog.table(key.table.oid),
                let c = table.constraints.first(where: { $0.name == key.name })
            else { continue }
            catalog.unregisterConstraint(c, of: table)
            table.constraints.removeAll { $0.name == key.name }
            catalog.updateTable(table)
        }
    }
}
