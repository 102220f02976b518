// UPDATE and DELETE: the target table's visible rows (scanned with the
// WHERE clause pushed down, partitions pruned, or looked up by key),
// joined with FROM / USING items when given (each target row is changed
// at most once, by its first match), then new versions written with the
// constraints checked, moving a row to another partition when its key
// changes, and RETURNING.
import SQLParser

/// A target row chosen for change, with the FROM row that matched it.
struct ModifyCandidate {
    var target: ScanTarget
    var id: RowID
    var row: Row
    var extra: Row
}

extension Executor {
    func executeUpdate(_ update: UpdateStatement) throws -> QueryResult {
        if let with = update.with { try pushCommonTables(with, outer: nil) }
        defer { if update.with != nil { cteFrames.removeLast() } }
        let table = try resolveWriteTarget(update.table, .update)
        let (scope, scan, fromNode) = try modifyScope(
            table, refName: update.alias ?? table.name, from: update.from)
        let assignments = try compileAssignments(update.set, table: table, scope: scope)
        let (candidates, predicate) = try modifyCandidates(
            update.whereClause, scope: scope, scan: scan, from: fromNode)
        let returning = try modifyReturning(update.returning, scope: scope)
        let writer = TableWriter(executor: self, table: table)
        let ctx = makeContext()
        let xid = try writeXid
        let mode = updateLockMode(table, assigned: assignments.map(\.0))
        var count = 0
        var returned: [Row] = []
        let checksKeys = hasForeignKeys(table)
        var changes: [(old: Row, new: Row)] = []
        for c in candidates {
            // The row's newest version, once no other transaction holds it.
            guard
                let (oldID, oldRow) = try claimRow(
                    c.id, row: c.row, of: c.target.table, storage: c.target.storage,
                    action: .update, mode: mode,
                    recheck: { try self.passes(predicate, $0 + c.extra, ctx) })
            else { continue }
            let combined = oldRow + c.extra
            var newRow = oldRow
            for (column, expr) in assignments { newRow[column] = try expr.evaluate(combined, ctx) }
            let leaf = table.isPartitioned ? try writer.route(newRow) : c.target.table
            try writer.checkConstraints(newRow, leaf: leaf, ctx: ctx)
            guard let storage = leaf.storage else { continue }
            try writer.checkUnique(newRow, leaf: leaf, storage: storage, xid: xid, skipping: nil)
            let id = try storage.insert(newRow, xid: xid)
            c.target.storage.link(oldID, to: storage === c.target.storage ? id : nil)
            touchedRows.insert(TouchedRow(relation: leaf.oid, row: id))
            if checksKeys { changes.append((oldRow, newRow)) }
            count += 1
            if let returning {
                let full = newRow + c.extra
                returned.append(try returning.exprs.map { try $0.evaluate(full, ctx) })
            }
        }
        try foreignKeysAfterUpdate(changes, of: table)
        return QueryResult(
            commandTag: "UPDATE \(count)", columns: returning?.columns, rows: returned)
    }

    func executeDelete(_ delete: DeleteStatement) throws -> QueryResult {
        if let with = delete.with { try pushCommonTables(with, outer: nil) }
        defer { if delete.with != nil { cteFrames.removeLast() } }
        let table = try resolveWriteTarget(delete.table, .delete)
        let (scope, scan, usingNode) = try modifyScope(
            table, refName: delete.alias ?? table.name, from: delete.using)
        let (candidates, predicate) = try modifyCandidates(
            delete.whereClause, scope: scope, scan: scan, from: usingNode)
        let returning = try modifyReturning(delete.returning, scope: scope)
        let ctx = makeContext()
        var count = 0
        var returned: [Row] = []
        let checksKeys = hasForeignKeys(table)
        var deleted: [Row] = []
        for c in candidates {
            guard
                let (_, row) = try claimRow(
                    c.id, row: c.row, of: c.target.table, storage: c.target.storage,
                    action: .delete, mode: .update,
                    recheck: { try self.passes(predicate, $0 + c.extra, ctx) })
            else { continue }
            if checksKeys { deleted.append(row) }
            count += 1
            if let returning {
                let full = row + c.extra
                returned.append(try returning.exprs.map { try $0.evaluate(full, ctx) })
            }
        }
        try foreignKeysAfterDelete(deleted, from: table)
        return QueryResult(
            commandTag: "DELETE \(count)", columns: returning?.columns, rows: returned)
    }

    /// The scope of an UPDATE/DELETE: the target table first (all of its
    /// columns read), then the FROM / USING items.
    func modifyScope(
        _ table: TableDefinition, refName: String, from: [TableRef]
    ) throws -> (QueryScope, SeqScanNode, PlanNode?) {
        let scope = QueryScope(parent: nil, parameters: parameters)
        let usage = ColumnUsage()
        usage.all = true
        let scan = SeqScanNode(
            session: session, targets: scanTargets(table), width: table.columns.count, usage: usage)
        let live = table.liveColumns
        scope.addEntry(
            refName: refName, schema: nil,
            columns: live.map { (table.columns[$0].name, table.columns[$0].type) },
            physical: live, table: table, rowWidth: table.columns.count, usage: usage)
        var fromNode: PlanNode?
        if !from.isEmpty {
            let fromScope = QueryScope(parent: nil, parameters: parameters)
            fromNode = try planFromList(from, scope: fromScope)?.node
            if let clash = fromScope.entries.first(where: { !$0.isHidden && $0.refName == refName })
            {
                throw SQLError(
                    SQLState.duplicateAlias,
                    "table name \"\(clash.refName)\" specified more than once")
            }
            scope.absorb(fromScope)
        }
        return (scope, scan, fromNode)
    }

    /// The target rows to change: WHERE pushed into the scan when there is
    /// no FROM, else each target row's first matching FROM row.
    func modifyCandidates(
        _ whereClause: Expr?, scope: QueryScope, scan: SeqScanNode, from: PlanNode?
    ) throws -> ([ModifyCandidate], CompiledExpr?) {
        let predicate = try whereClause.map {
            try analyzer(scope).compileCondition($0, clause: "WHERE")
        }
        let ctx = makeContext()
        var result: [ModifyCandidate] = []
        guard let from else {
            var source: RowSource = scan
            if let whereClause, let predicate {
                source =
                    (try pushDown(whereClause, predicate, into: scan, scope: scope) as? RowSource)
                    ?? scan
            }
            _ = try source.scanRows(ctx) { target, id, row in
                result.append(ModifyCandidate(target: target, id: id, row: row, extra: []))
                return true
            }
            return (result, predicate)
        }
        let fromRows = try from.collect(ctx)
        _ = try scan.scanRows(ctx) { target, id, row in
            for extra in fromRows {
                if let predicate, !isTrue(try predicate.evaluate(row + extra, ctx)) { continue }
                result.append(ModifyCandidate(target: target, id: id, row: row, extra: extra))
                break
            }
            return true
        }
        return (result, predicate)
    }

    private func modifyReturning(_ targets: [ResultTarget], scope: QueryScope) throws
        -> ReturningPlan?
    {
        guard !targets.isEmpty else { return nil }
        let entries = try compileTargets(targets, scope: scope, clause: "RETURNING")
        return ReturningPlan(
            exprs: entries.map(\.compiled),
            columns: entries.map { ColumnDescription(name: $0.name, type: $0.compiled.type) })
    }
}
