// READ COMMITTED's write rules (PostgreSQL's EvalPlanQual): an UPDATE,
// DELETE or SELECT .. FOR UPDATE that reaches a row version another
// running transaction wrote or locked waits for that transaction; if it
// rolled back, the statement goes on with the version it found; if it
// committed, the statement follows the row to its newest version, checks
// the WHERE clause again on it and changes (or locks) that one, or skips
// the row when it no longer qualifies or was deleted.
//
// Example: session A runs `UPDATE t SET v = v + 10 WHERE id = 1` (v was
// 10) in an open transaction. Session B's `UPDATE t SET v = v * 2 WHERE
// id = 1 AND v < 15` finds the version with v = 10 and waits. A commits:
// B follows the row to v = 20, which fails `v < 15`, so B reports UPDATE
// 0. Had A rolled back, B would have set v = 20 from the original.
import SQLParser

/// What a statement does to the rows it reaches, for the CONTEXT line of
/// an error raised while it waits and for the 40001 of a moved row.
enum RowAction {
    case update, delete, lock

    /// The verb of `while updating tuple (0,1) in relation "t"`.
    var gerund: String {
        switch self {
        case .update: return "updating"
        case .delete: return "deleting"
        case .lock: return "locking"
        }
    }

    /// The participle of `tuple to be updated was already moved ...`.
    var participle: String {
        switch self {
        case .update: return "updated"
        case .delete: return "deleted"
        case .lock: return "locked"
        }
    }
}

/// What to do when a row is held by another transaction (SELECT's
/// NOWAIT and SKIP LOCKED; everything else waits).
enum LockWaitPolicy {
    case wait, noWait, skipLocked
}

extension Executor {
    /// Locks (`.lock`) or deletes version `id` of `table`, waiting for the
    /// transactions holding it and following committed updates to the
    /// row's newest version, which `recheck` must accept (the WHERE
    /// clause). Returns the version claimed and its row, nil when the row
    /// is skipped (deleted, no longer qualifying, changed by this
    /// transaction already, or locked under SKIP LOCKED).
    func claimRow(
        _ id: RowID, row: Row, of table: TableDefinition, storage: TableStorage,
        action: RowAction, mode: RowLockMode, policy: LockWaitPolicy = .wait,
        recheck: (Row) throws -> Bool
    ) throws -> (id: RowID, row: Row)? {
        let xid = try writeXid
        let log = session.engine.log
        var id = id
        var row = row
        // The tuple lock taken before waiting for the row's transaction,
        // held until this version is dealt with.
        var tupleLock: LockWaits.TupleKey?
        defer { if let tupleLock { session.releaseTupleLock(tupleLock) } }
        while true {
            let result =
                action == .lock
                ? storage.lock(id, mode: mode, xid: xid, log: log)
                : storage.delete(id, mode: mode, xid: xid, log: log)
            switch result {
            case .locked:
                return (id, row)
            case .selfModified:
                return nil
            case .blocked(let holder):
                switch policy {
                case .skipLocked: return nil
                case .noWait:
                    throw SQLError(
                        SQLState.lockNotAvailable,
                        "could not obtain lock on row in relation \"\(table.name)\"")
                case .wait:
                    let version = id
                    if tupleLock == nil {
                        let key = LockWaits.TupleKey(
                            storage: ObjectIdentifier(storage), version: version)
                        try session.acquireTupleLock(key, mode: mode) {
                            "\(mode.tupleLockName) on tuple \(table.tupleLocation(version)) of relation \(table.oid) of database \(SystemViewLibrary.databaseOID)"
                        }
                        tupleLock = key
                        // The holder may have ended while this one queued.
                        continue
                    }
                    try session.waitForTransaction(holder) {
                        "while \(action.gerund) tuple \(table.tupleLocation(version)) in relation \"\(table.name)\""
                    }
                }
            case .updated(let next):
                if let key = tupleLock {
                    session.releaseTupleLock(key)
                    tupleLock = nil
                }
                guard let next else { return nil }
                id = next
                row = storage.fetch(next)
                guard try recheck(row) else { return nil }
            case .moved:
                throw SQLError(
                    SQLState.serializationFailure,
                    "tuple to be \(action.participle) was already moved to another partition due to concurrent update"
                )
            }
        }
    }

    /// True when `row` passes `predicate` (a WHERE clause; none passes
    /// every row).
    func passes(_ predicate: CompiledExpr?, _ row: Row, _ ctx: ExecContext) throws -> Bool {
        guard let predicate else { return true }
        return isTrue(try predicate.evaluate(row, ctx))
    }

    /// The lock an UPDATE takes on the rows it changes: FOR NO KEY UPDATE
    /// unless it assigns a column of a unique key.
    func updateLockMode(_ table: TableDefinition, assigned: [Int]) -> RowLockMode {
        let keyColumns = Set(table.uniqueKeys.flatMap(\.columns))
        return assigned.contains(where: keyColumns.contains) ? .update : .noKeyUpdate
    }
}

extension Executor {
    /// SELECT .. FOR UPDATE / NO KEY UPDATE / SHARE / KEY SHARE over one
    /// table: the rows passing WHERE are locked first (waiting, NOWAIT or
    /// SKIP LOCKED, each followed to its newest version and checked
    /// again), then the query runs over the locked versions. With LIMIT,
    /// rows are locked in ORDER BY order until OFFSET + LIMIT of them are
    /// locked, as PostgreSQL's LockRows under its Limit does.
    // TODO(#6): joins, subqueries and WITH queries under FOR UPDATE.
    func executeLockingSelect(_ query: SelectStatement) throws -> QueryResult? {
        let clause = query.locking.max { strength($0) < strength($1) } ?? query.locking[0]
        let label = "FOR \(clause.strength.rawValue)"
        guard case .select(let simple) = query.body else {
            throw SQLError.notSupported("\(label) is not allowed with UNION/INTERSECT/EXCEPT")
        }
        if simple.distinct != .none {
            throw SQLError.notSupported("\(label) is not allowed with DISTINCT clause")
        }
        if !simple.groupBy.isEmpty {
            throw SQLError.notSupported("\(label) is not allowed with GROUP BY clause")
        }
        if simple.having != nil
            || simple.targets.contains(where: {
                Analyzer.containsAggregate($0.expr)
            })
        {
            throw SQLError.notSupported("\(label) is not allowed with aggregate functions")
        }
        guard !simple.from.isEmpty else { return nil }
        guard simple.from.count == 1, case .table(let name, let alias, _) = simple.from[0],
            name.parts.count > 1 || commonTable(name.name) == nil
        else {
            throw SQLError.notSupported(
                "\(label) is supported on a single table only, not on joins, subqueries or WITH queries"
            )
        }
        let refName = alias?.name ?? name.name
        for locked in query.locking {
            if let other = locked.tables.first(where: { $0.name != refName }) {
                throw SQLError(
                    SQLState.undefinedTable,
                    "relation \"\(other.name)\" in \(label) clause not found in FROM clause",
                    position: other.location >= 0 ? other.location + 1 : nil)
            }
        }
        let table = try resolveTable(name)
        let locked = try lockRows(query, simple, table, refName: refName, clause: clause)
        return try selectLocked(query, simple, table: table, rows: locked, alias: alias)
    }

    private func strength(_ clause: LockingClause) -> RowLockMode {
        switch clause.strength {
        case .update: return .update
        case .noKeyUpdate: return .noKeyUpdate
        case .share: return .share
        case .keyShare: return .keyShare
        }
    }

    /// Locks the rows of `table` passing the WHERE clause of `simple`
    /// (in ORDER BY order up to OFFSET + LIMIT of them when `query` has a
    /// LIMIT); returns their newest versions (physical rows).
    private func lockRows(
        _ query: SelectStatement, _ simple: SimpleSelect, _ table: TableDefinition,
        refName: String, clause: LockingClause
    ) throws -> [Row] {
        let (scope, scan, _) = try modifyScope(table, refName: refName, from: [])
        let (candidates, predicate) = try modifyCandidates(
            simple.whereClause, scope: scope, scan: scan, from: nil)
        let quota = try lockQuota(query)
        var order = Array(candidates.indices)
        if quota != nil, !query.orderBy.isEmpty {
            order = try candidateOrder(query, simple, table, candidates.map(\.row))
        }
        let policy: LockWaitPolicy
        switch clause.wait {
        case .wait: policy = .wait
        case .noWait: policy = .noWait
        case .skipLocked: policy = .skipLocked
        }
        let ctx = makeContext()
        var rows: [Row] = []
        for position in order {
            if let quota, rows.count >= quota { break }
            let c = candidates[position]
            guard
                let (_, row) = try claimRow(
                    c.id, row: c.row, of: c.target.table, storage: c.target.storage,
                    action: .lock, mode: strength(clause), policy: policy,
                    recheck: { try self.passes(predicate, $0, ctx) })
            else { continue }
            rows.append(row)
        }
        return rows
    }

    /// OFFSET + LIMIT of `query`: how many rows to lock; nil without a
    /// LIMIT (or LIMIT NULL / ALL).
    private func lockQuota(_ query: SelectStatement) throws -> Int? {
        guard let limitExpr = query.limit else { return nil }
        let analyser = analyzer(nil)
        let ctx = makeContext()
        guard
            case .int8(let limit) = try analyser.compile(limitExpr, as: .int8, what: "LIMIT")
                .evaluate([], ctx)
        else { return nil }
        var offset: Int64 = 0
        if let offsetExpr = query.offset,
            case .int8(let n) = try analyser.compile(offsetExpr, as: .int8, what: "OFFSET")
                .evaluate([], ctx)
        {
            offset = n
        }
        return Int(clamping: max(0, limit).addingReportingOverflow(max(0, offset)).partialValue)
    }

    /// The positions of `rows` (physical rows of `table`) in the order
    /// the query's ORDER BY puts them: the query runs over them with
    /// each row's position as a last column no query can name.
    private func candidateOrder(
        _ query: SelectStatement, _ simple: SimpleSelect, _ table: TableDefinition, _ rows: [Row]
    ) throws -> [Int] {
        let live = table.liveColumns
        let position = " position"
        var columns = live.map {
            ColumnDescription(name: table.columns[$0].name, type: table.columns[$0].type)
        }
        columns.append(ColumnDescription(name: position, type: .int8))
        let numbered = rows.enumerated().map { i, row in live.map { row[$0] } + [.int8(Int64(i))] }
        var body = simple
        body.targets.append(ResultTarget(expr: Expr(.columnRef([position]))))
        var ordering = query
        ordering.limit = nil
        ordering.offset = nil
        let result = try runOverRows(ordering, body, table: table, columns: columns, rows: numbered)
        return result.rows.compactMap { row in
            if case .int8(let i)? = row.last { return Int(i) }
            return nil
        }
    }

    /// Runs `query` with its table replaced by the locked `rows`, read as
    /// a WITH query of the table's name (or alias) is.
    private func selectLocked(
        _ query: SelectStatement, _ simple: SimpleSelect, table: TableDefinition, rows: [Row],
        alias: Alias?
    ) throws -> QueryResult {
        let live = table.liveColumns
        let columns = live.map {
            ColumnDescription(name: table.columns[$0].name, type: table.columns[$0].type)
        }
        let liveRows = rows.map { row in live.map { row[$0] } }
        return try runOverRows(query, simple, table: table, columns: columns, rows: liveRows)
    }

    /// Runs `query` (its body `simple`, whose FROM is `table`) over
    /// `rows` of `columns` in place of the table's.
    private func runOverRows(
        _ query: SelectStatement, _ simple: SimpleSelect, table: TableDefinition,
        columns: [ColumnDescription], rows: [Row]
    ) throws -> QueryResult {
        guard case .table(let name, let alias, _) = simple.from.first else {
            throw SQLError(SQLState.internalError, "locking query without its table")
        }
        // A name no query can spell, so that it shadows nothing.
        let source = " locked rows of \(table.name)"
        cteFrames.append([
            source: CommonTableEntry(
                node: MaterializeNode(input: RowsNode(rows: rows)), columns: columns)
        ])
        defer { cteFrames.removeLast() }
        var rewritten = query
        var body = simple
        body.from = [
            .table(QualifiedName([source]), alias: alias ?? Alias(name: name.name), only: false)
        ]
        rewritten.body = .select(body)
        rewritten.locking = []
        let plan = try planQuery(rewritten, outer: nil)
        let result = try plan.root.collect(makeContext())
        return QueryResult(
            commandTag: "SELECT \(result.count)", columns: plan.columns, rows: result)
    }
}
