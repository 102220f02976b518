// INSERT: target columns, VALUES rows with DEFAULT, INSERT ... SELECT and
// DEFAULT VALUES, assignment coercion to the columns' types, tuple
// routing and constraints (TableWriter), ON CONFLICT DO NOTHING / DO
// UPDATE with `excluded`, and RETURNING.
import SQLParser

extension Executor {
    /// A scope showing `table`'s live columns at their physical slots.
    func tableScope(_ table: TableDefinition, refName: String, parent: ColumnScope? = nil)
        -> QueryScope
    {
        let scope = QueryScope(parent: parent, parameters: parameters)
        let live = table.liveColumns
        scope.addEntry(
            refName: refName, schema: nil,
            columns: live.map { (table.columns[$0].name, table.columns[$0].type) },
            physical: live, table: table, rowWidth: table.columns.count)
        return scope
    }

    func executeInsert(_ insert: InsertStatement) throws -> QueryResult {
        if let with = insert.with { try pushCommonTables(with, outer: nil) }
        defer { if insert.with != nil { cteFrames.removeLast() } }
        return try runInsert(try planInsert(insert))
    }

    /// Analyses and plans an INSERT: its target, columns, DEFAULTs, the
    /// source rows, ON CONFLICT and RETURNING. The plan reads the
    /// statement's parameters and the snapshot only when it runs, so a
    /// plan kept by SPI runs again for as long as what it was planned
    /// against (the catalog, the settings, the variables' types) holds.
    func planInsert(_ insert: InsertStatement) throws -> InsertPlan {
        var insert = insert
        if case .values(let rows) = insert.source, rows.count == 1,
            !rows[0].contains(where: { $0.kind == .defaultValue }),
            rows[0].contains(where: { Analyzer.containsSetFunction($0, environment: self) })
        {
            // A single VALUES row is a select list, where set-returning
            // calls may stand (PostgreSQL plans it as one).
            let select = SimpleSelect(targets: rows[0].map { ResultTarget(expr: $0) })
            insert.source = .select(SelectStatement(body: .select(select)))
        }
        let table = try resolveInsertTarget(insert.table)
        let targets = try insertTargetColumns(insert, table)
        let defaults = try compileDefaults(table)
        let ignored = try identityOverrides(insert, table: table, targets: targets)
        let source = try insertSource(
            insert, table: table, targets: targets, defaults: defaults, ignored: ignored)
        let conflict = try insert.onConflict.map {
            try planOnConflict($0, insert: insert, table: table)
        }
        let refName = insert.alias ?? table.name
        let returning = try returningPlan(insert.returning, table: table, refName: refName)
        return InsertPlan(table: table, source: source, conflict: conflict, returning: returning)
    }

    /// Runs a planned INSERT under the statement's snapshot and xid.
    func runInsert(_ plan: InsertPlan) throws -> QueryResult {
        let writer = TableWriter(executor: self, table: plan.table)
        let ctx = makeContext()
        let xid = try writeXid
        var count = 0
        var returned: [Row] = []
        let checksKeys = hasForeignKeys(plan.table)
        var written: [Row] = []
        for row in try plan.source.collect(ctx) {
            try session.checkInterrupts()
            guard
                let stored = try insertRow(
                    row, writer: writer, conflict: plan.conflict, ctx: ctx, xid: xid)
            else {
                continue
            }
            if checksKeys {
                if plan.conflict != nil {
                    // TODO(#6): ON CONFLICT on a table with foreign keys.
                    throw SQLError.notSupported(
                        "ON CONFLICT on a table with foreign keys is not supported yet")
                }
                written.append(stored)
            }
            count += 1
            if let returning = plan.returning {
                returned.append(try returning.exprs.map { try $0.value(stored, ctx) })
            }
        }
        try foreignKeysAfterInsert(written, into: plan.table)
        return QueryResult(
            commandTag: "INSERT 0 \(count)", columns: plan.returning?.columns, rows: returned)
    }

    /// The table an INSERT writes, remembered by the session per name
    /// while the committed catalog and search_path stay the same (a
    /// transaction with its own catalog copy always resolves afresh).
    private func resolveInsertTarget(_ name: QualifiedName) throws -> TableDefinition {
        guard session.transaction?.catalog == nil else {
            return try resolveWriteTarget(name, .insert)
        }
        let version = session.engine.catalog.version
        let stamp = session.settings.stamp
        if let entry = session.relationCache[name.parts], entry.catalogVersion == version,
            entry.settingsStamp == stamp, let table = session.engine.catalog.table(entry.oid)
        {
            return table
        }
        let table = try resolveWriteTarget(name, .insert)
        if session.relationCache.count > 256 { session.relationCache.removeAll() }
        session.relationCache[name.parts] = RelationCacheEntry(
            catalogVersion: version, settingsStamp: stamp, oid: table.oid)
        return table
    }

    /// The physical columns the inserted values go to, in order; a
    /// column list the session resolved for the same table under the same
    /// committed catalog is reused.
    private func insertTargetColumns(_ insert: InsertStatement, _ table: TableDefinition) throws
        -> [Int]
    {
        if insert.columns.isEmpty { return table.liveColumns }
        guard session.transaction?.catalog == nil else {
            return try resolveTargetColumns(insert, table)
        }
        let version = session.engine.catalog.version
        if let entry = session.targetColumnsCache[table.oid], entry.catalogVersion == version,
            entry.names == insert.columns, entry.matches(table)
        {
            return entry.columns
        }
        let columns = try resolveTargetColumns(insert, table)
        if session.targetColumnsCache.count > 256 { session.targetColumnsCache.removeAll() }
        session.targetColumnsCache[table.oid] = TargetColumnsCacheEntry(
            catalogVersion: version, names: insert.columns, columns: columns)
        return columns
    }

    /// Looks up each named target column, with PostgreSQL's errors for an
    /// unknown or repeated one.
    private func resolveTargetColumns(_ insert: InsertStatement, _ table: TableDefinition) throws
        -> [Int]
    {
        var result: [Int] = []
        result.reserveCapacity(insert.columns.count)
        for name in insert.columns {
            guard let index = table.columnIndex(name) else {
                throw SQLError(
                    SQLState.undefinedColumn,
                    "column \"\(name)\" of relation \"\(table.name)\" does not exist",
                    position: locateName(name, after: insert.table.location + 1))
            }
            if result.contains(index) {
                let first = locateName(name, after: insert.table.location + 1) ?? 0
                throw SQLError(
                    SQLState.duplicateColumn, "column \"\(name)\" specified more than once",
                    position: locateName(name, after: first - textOffset))
            }
            result.append(index)
        }
        return result
    }

    /// Each live column's DEFAULT compiled for assignment, reusing the
    /// session's copy from an earlier statement when nothing it depends on
    /// changed (the table's columns, the catalog, the settings that name
    /// resolution and literal input read).
    func compileDefaults(_ table: TableDefinition) throws -> [Int: CompiledExpr] {
        let cacheable = parameters == nil && session.transaction?.catalog == nil
        let stamp = session.settings.stamp
        let version = session.engine.catalog.version
        if cacheable, let entry = session.defaultsCache[table.oid],
            entry.matches(catalogVersion: version, settingsStamp: stamp, table: table)
        {
            return entry.defaults
        }
        let hits = environmentHits
        let defaults = try compileDefaultsUncached(table)
        if cacheable && environmentHits == hits && parameterHits == 0 {
            if session.defaultsCache.count > 256 { session.defaultsCache.removeAll() }
            session.defaultsCache[table.oid] = DefaultsCacheEntry(
                catalogVersion: version, settingsStamp: stamp,
                columns: table.columns.map { ($0.type, $0.defaultExpr, $0.isDropped) },
                defaults: defaults)
        }
        return defaults
    }

    private func compileDefaultsUncached(_ table: TableDefinition) throws
        -> [Int: CompiledExpr]
    {
        var result: [Int: CompiledExpr] = [:]
        let analyser = analyzer(nil)
        for (i, column) in table.columns.enumerated() where !column.isDropped {
            if let e = column.defaultExpr {
                result[i] = try analyser.compileAssignment(e, to: column.type, column: column.name)
            }
        }
        return result
    }

    /// A plan producing complete physical rows for the table.
    private func insertSource(
        _ insert: InsertStatement, table: TableDefinition, targets: [Int],
        defaults: [Int: CompiledExpr], ignored: Set<Int> = []
    ) throws -> PlanNode {
        // NULL for every column, then the DEFAULTs over it: one pass over
        // the (few) defaults rather than a lookup per column.
        var fallback = table.columns.map { CompiledExpr(type: $0.type, constant: .null) }
        for (i, expr) in defaults { fallback[i] = expr }
        func fill(_ assigned: [Int: CompiledExpr]) -> [CompiledExpr] {
            var row = fallback
            for (i, expr) in assigned { row[i] = expr }
            return row
        }
        if let supplied = suppliedRows, case .values = insert.source {
            return try suppliedSource(supplied, table: table, targets: targets, fallback: fallback)
        }
        switch insert.source {
        case .defaultValues:
            return ValuesNode(rows: [fallback])
        case .values(let rows):
            var analyser = analyzer(nil)
            analyser.clause = "VALUES"
            var compiled: [[CompiledExpr]] = []
            compiled.reserveCapacity(rows.count)
            for row in rows {
                try checkInsertArity(row.count, targets.count, exprs: row, insert: insert)
                if row.count != rows[0].count {
                    throw SQLError(
                        SQLState.syntaxError, "VALUES lists must all be the same length",
                        position: (row.first?.location).map { $0 + 1 })
                }
                var filled = fallback
                for (e, column) in zip(row, targets) {
                    if case .defaultValue = e.kind { continue }
                    let value = try analyser.compileAssignment(
                        e, to: table.columns[column].type, column: table.columns[column].name)
                    // OVERRIDING USER VALUE: checked, then the default wins.
                    if !ignored.contains(column) { filled[column] = value }
                }
                compiled.append(filled)
            }
            return ValuesNode(rows: compiled)
        case .select(let query):
            assignmentTargets = targets.map { (table.columns[$0].type, table.columns[$0].name) }
            let plan = try planQuery(query, outer: nil)
            assignmentTargets = nil
            var targetExprs: [Expr] = []
            if case .select(let simple) = query.body { targetExprs = simple.targets.map(\.expr) }
            try checkInsertArity(
                plan.columns.count, targets.count, exprs: targetExprs, insert: insert)
            var assigned: [Int: CompiledExpr] = [:]
            for (slot, column) in targets.prefix(plan.columns.count).enumerated()
            where !ignored.contains(column) {
                let def = table.columns[column]
                let from = plan.columns[slot].type
                let location = slot < targetExprs.count ? targetExprs[slot].location : -1
                assigned[column] = try assignmentCast(
                    slot: slot, from: from, to: def.type, column: def.name, location: location)
            }
            return ProjectNode(input: plan.root, exprs: fill(assigned))
        }
    }

    /// The source of an INSERT whose rows came computed: each value of the
    /// target columns, cast by assignment when its type is not the
    /// column's, over the defaults of the other columns.
    private func suppliedSource(
        _ supplied: SuppliedRows, table: TableDefinition, targets: [Int],
        fallback: [CompiledExpr]
    ) throws -> PlanNode {
        guard supplied.types.count == targets.count else {
            throw SQLError(
                SQLState.syntaxError, "INSERT has more target columns than expressions")
        }
        var compiled: [[CompiledExpr]] = []
        compiled.reserveCapacity(supplied.rows.count)
        for row in supplied.rows {
            guard row.count == targets.count else {
                throw SQLError(
                    SQLState.syntaxError, "INSERT has more target columns than expressions")
            }
            var filled = fallback
            for (index, column) in targets.enumerated() {
                let type = table.columns[column].type
                let from = supplied.types[index]
                let value =
                    from == type ? row[index] : try castValue(row[index], from: from, to: type)
                filled[column] = CompiledExpr(type: type, constant: value)
            }
            compiled.append(filled)
        }
        return ValuesNode(rows: compiled)
    }

    /// Reads `slot` of the input row, cast to `to` by assignment rules.
    func assignmentCast(slot: Int, from: PGType, to: PGType, column: String, location: Int) throws
        -> CompiledExpr
    {
        if from == to || from.withoutModifier == to && to.typmod < 0 {
            return CompiledExpr(type: to) { row, _ in row[slot] }
        }
        guard let context = castContext(from: from, to: to), context != .explicit else {
            throw SQLError(
                SQLState.datatypeMismatch,
                "column \"\(column)\" is of type \(formatType(to)) but expression is of type \(formatType(from))",
                hint: "You will need to rewrite or cast the expression.",
                position: location >= 0 ? location + 1 : nil)
        }
        return CompiledExpr(type: to) { row, _ in
            let v = row[slot]
            return v.isNull ? v : try castValue(v, from: from, to: to)
        }
    }

    private func checkInsertArity(
        _ expressions: Int, _ columns: Int, exprs: [Expr], insert: InsertStatement
    ) throws {
        if expressions > columns {
            let location = columns < exprs.count ? exprs[columns].location : -1
            throw SQLError(
                SQLState.syntaxError, "INSERT has more expressions than target columns",
                position: location >= 0 ? location + 1 : nil)
        }
        if expressions < columns && !insert.columns.isEmpty {
            var at: Int?
            if !insert.columns.isEmpty, expressions < insert.columns.count {
                at = locateName(insert.columns[expressions], after: insert.table.location + 1)
            }
            throw SQLError(
                SQLState.syntaxError, "INSERT has more target columns than expressions",
                position: at)
        }
    }

    /// Inserts one row (or resolves its conflict); returns the stored
    /// physical row, nil when nothing was stored.
    private func insertRow(
        _ row: Row, writer: TableWriter, conflict: ConflictPlan?, ctx: ExecContext,
        xid: TransactionID
    ) throws -> Row? {
        let leaf = try writer.route(row)
        try writer.checkConstraints(row, leaf: leaf, ctx: ctx)
        guard let conflict, let storage = leaf.storage else {
            let id = try writer.store(row, leaf: leaf, xid: xid)
            touchedRows.insert(TouchedRow(relation: leaf.oid, row: id))
            return row
        }
        // As ExecOnConflictUpdate: lock the conflicting row, waiting for a
        // transaction that holds it; one that changed it sends the
        // statement back to look for the conflict again.
        while true {
            guard
                let existing = try conflictingRow(
                    row, leaf: leaf, storage: storage, conflict: conflict, xid: xid)
            else {
                let id = try writer.store(row, leaf: leaf, xid: xid)
                touchedRows.insert(TouchedRow(relation: leaf.oid, row: id))
                return row
            }
            guard case .update(let assignments, let condition) = conflict.action else { return nil }
            let touched = TouchedRow(relation: leaf.oid, row: existing)
            if touchedRows.contains(touched) {
                throw SQLError(
                    SQLState.cardinalityViolation,
                    "ON CONFLICT DO UPDATE command cannot affect row a second time",
                    hint:
                        "Ensure that no rows proposed for insertion within the same command have duplicate constrained values."
                )
            }
            switch storage.lock(existing, mode: .update, xid: xid, log: session.engine.log) {
            case .locked: break
            case .selfModified: return nil
            case .updated, .moved: continue
            case .blocked(let holder):
                try session.waitForTransaction(holder) {
                    "while locking tuple \(leaf.tupleLocation(existing)) in relation \"\(leaf.name)\""
                }
                continue
            }
            let old = storage.fetch(existing)
            let combined = old + row
            if let condition, !isTrue(try condition.value(combined, ctx)) { return nil }
            var updated = old
            for (column, expr) in assignments { updated[column] = try expr.value(combined, ctx) }
            try writer.checkConstraints(updated, leaf: leaf, ctx: ctx)
            let mode = updateLockMode(leaf, assigned: assignments.map(\.0))
            guard storage.delete(existing, mode: mode, xid: xid, log: session.engine.log) == .locked
            else { return nil }
            try writer.checkUnique(updated, leaf: leaf, storage: storage, xid: xid, skipping: nil)
            let id = try storage.insert(updated, xid: xid)
            storage.link(existing, to: id)
            touchedRows.insert(TouchedRow(relation: leaf.oid, row: id))
            return updated
        }
    }

    private func conflictingRow(
        _ row: Row, leaf: TableDefinition, storage: TableStorage, conflict: ConflictPlan,
        xid: TransactionID
    ) throws -> RowID? {
        let log = session.engine.log
        for unique in leaf.uniqueKeys {
            if let arbiter = conflict.arbiter, Set(unique.columns) != arbiter { continue }
            guard let index = storage.index(for: unique), let key = index.key(of: row) else {
                continue
            }
            // A key a running transaction inserted or deleted waits for it.
            while true {
                switch storage.conflictingVersions(index, key: key, xid: xid, log: log) {
                case .conflicts(let versions):
                    if let id = versions.first { return id }
                case .inProgress(let holder, let version):
                    try session.waitForTransaction(holder) {
                        "while inserting index tuple \(leaf.tupleLocation(version)) in relation \"\(leaf.name)\""
                    }
                    continue
                }
                break
            }
        }
        return nil
    }

    /// `name`'s 1-based position in the statement after `location` (the
    /// AST keeps no position for INSERT's column names).
    func locateName(_ name: String, after location: Int) -> Int? {
        guard location >= 0 else { return nil }
        let base = textOffset
        let scalars = Array(text.unicodeScalars)
        let target = Array(name.unicodeScalars)
        var i = max(0, location - base)
        while i + target.count <= scalars.count {
            if Array(scalars[i..<i + target.count]).map({ Character($0).lowercased() })
                == target.map({ Character($0).lowercased() })
            {
                let before = i == 0 ? " " : Character(scalars[i - 1])
                let after =
                    i + target.count < scalars.count ? Character(scalars[i + target.count]) : " "
                if !(before.isLetter || before.isNumber || before == "_")
                    && !(after.isLetter || after.isNumber || after == "_")
                {
                    return base + i + 1
                }
            }
            i += 1
        }
        return nil
    }
}

/// An INSERT analysed and planned: everything but the rows' values,
/// which its compiled expressions compute each time it runs.
final class InsertPlan {
    let table: TableDefinition
    /// Complete physical rows for the table.
    let source: PlanNode
    let conflict: ConflictPlan?
    let returning: ReturningPlan?

    init(
        table: TableDefinition, source: PlanNode, conflict: ConflictPlan?,
        returning: ReturningPlan?
    ) {
        self.table = table
        self.source = source
        self.conflict = conflict
        self.returning = returning
    }
}

/// A table's compiled DEFAULT expressions kept by a session between
/// statements, with what they were compiled against: the catalog, the
/// settings (literal input and name resolution read several) and the
/// columns.
struct DefaultsCacheEntry {
    var catalogVersion: Int
    var settingsStamp: UInt64
    var columns: [(type: PGType, defaultExpr: Expr?, isDropped: Bool)]
    var defaults: [Int: CompiledExpr]

    /// True when the defaults still apply to `table` under the settings
    /// stamped `settingsStamp`.
    func matches(catalogVersion: Int, settingsStamp: UInt64, table: TableDefinition) -> Bool {
        guard catalogVersion == self.catalogVersion, settingsStamp == self.settingsStamp,
            columns.count == table.columns.count
        else { return false }
        for (cached, column) in zip(columns, table.columns) {
            guard cached.type == column.type, cached.isDropped == column.isDropped,
                cached.defaultExpr == column.defaultExpr
            else { return false }
        }
        return true
    }
}

/// The table an INSERT target name resolved to, kept by a session with
/// what the resolution depended on.
struct RelationCacheEntry {
    var catalogVersion: Int
    /// The settings' stamp (search_path decides the resolution).
    var settingsStamp: UInt64
    var oid: RelationID
}

/// An INSERT's named target columns as resolved against one table, kept
/// by a session with the catalog version they were resolved under.
struct TargetColumnsCacheEntry {
    var catalogVersion: Int
    var names: [String]
    var columns: [Int]

    /// True when `table` still has each named column, live, where it was.
    func matches(_ table: TableDefinition) -> Bool {
        for (name, index) in zip(names, columns) {
            guard index < table.columns.count, !table.columns[index].isDropped,
                table.columns[index].name == name
            else { return false }
        }
        return true
    }
}

/// An INSERT's rows as values already computed, one per target column,
/// of the given types.
package struct SuppliedRows {
    package var rows: [Row]
    package var types: [PGType]

    package init(rows: [Row], types: [PGType]) {
        self.rows = rows
        self.types = types
    }
}
