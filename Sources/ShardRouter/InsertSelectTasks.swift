// The tasks of a pushed-down INSERT .. SELECT: one per target shard the
// SELECT is not pruned away from, each `INSERT INTO shard AS
// citus_table_alias (..) SELECT .. FROM colocated shards WHERE .. AND
// distcol IS NOT NULL [ON CONFLICT ..] [RETURNING ..]`, run on the shard's
// placements, the workers in parallel. Each worker runs its tasks in the
// transaction block the coordinator's session holds open there, so a task
// that fails leaves none of the statement's rows on any worker.
import Dispatch
import Engine
import Foundation
import SQLParser

/// One write task of a pushed-down statement.
struct WriteTask {
    var shard: ShardRecord
    var sql: String
}

extension CitusLibrary {
    /// Runs `insert` (its SELECT `query`, with coordinator-evaluated
    /// calls) as one task per target shard.
    func pushDown(
        _ insert: InsertStatement, _ query: SelectStatement, source: PushdownSource,
        targets: [Int], into record: DistributedTableRecord, context: StatementContext
    ) throws -> QueryResult {
        guard let table = context.catalog.table(record.relation) else {
            throw SQLError(SQLState.undefinedTable, "relation \"\(record.name)\" does not exist")
        }
        let alias = insert.alias ?? "citus_table_alias"
        var tasks: [WriteTask] = []
        for index in record.shards.indices {
            let shard = record.shards[index]
            if record.method == .hash, let filter = source.filter,
                !filter.indexes.contains(index)
            {
                debug2(
                    "Skipping target shard interval \(shard.shardID) since SELECT query for "
                        + "it pruned away", context.session)
                continue
            }
            let rewriter = try shardRewriter(index: index, colocatedWith: record, context: context)
            var statement = insert
            statement.table = QualifiedName([record.schema, record.shardName(shard)])
            statement.alias = alias
            let ordered = inColumnOrder(
                withNotNullFilter(rewriter.query(query), source), targets: targets)
            statement.columns = ordered.targets.map { table.columns[$0].name }
            statement.source = .select(ordered.query)
            let target = targetRewriter(record, alias: insert.alias, then: rewriter)
            statement.onConflict = insert.onConflict.map {
                conflict(bindParameters($0, context), target)
            }
            statement.returning = insert.returning.map {
                ResultTarget(expr: target.expr(bindParameters($0.expr, context)), alias: $0.alias)
            }
            // TODO(#3): DEBUG2 `distributed statement: ..` with the task's
            // query as Citus' deparser writes it.
            tasks.append(WriteTask(shard: shard, sql: deparse(.insert(statement))))
        }
        explainCapture(for: context.session)?.isInsertSelect = true
        let results = try runWriteTasks(tasks, session: context.session)
        var total = 0
        var rows: [Row] = []
        var columns: [ColumnDescription]?
        for result in results {
            total += Int(result.commandTag.split(separator: " ").last ?? "") ?? 0
            rows += result.rows
            columns = columns ?? result.columns
        }
        return QueryResult(
            commandTag: "INSERT 0 \(total)", columns: insert.returning.isEmpty ? nil : columns,
            rows: rows)
    }

    /// The shard query with `distcol IS NOT NULL` of its first distributed
    /// table added to the WHERE clause, as Citus adds it.
    private func withNotNullFilter(_ query: SelectStatement, _ source: PushdownSource)
        -> SelectStatement
    {
        guard case .select(var simple) = query.body,
            let anchor = source.tables.first(where: { $0.record.method == .hash }),
            let column = anchor.record.column
        else { return query }
        let notNull = Expr(
            .isNull(Expr(.columnRef([anchor.reference, column.name])), negated: true))
        simple.whereClause = simple.whereClause.map {
            Expr(.and(Expr(.paren($0)), notNull))
        } ?? notNull
        var query = query
        query.body = .select(simple)
        return query
    }

    /// The SELECT's columns in the order of the target columns they fill,
    /// as PostgreSQL's rewriter orders an INSERT's target list before
    /// Citus deparses the task: `INSERT INTO t (c, a) SELECT x, y` becomes
    /// `INSERT INTO t (a, c) SELECT y, x`. GROUP BY and ORDER BY ordinals
    /// follow their columns.
    private func inColumnOrder(_ query: SelectStatement, targets: [Int])
        -> (query: SelectStatement, targets: [Int])
    {
        guard case .select(var simple) = query.body, simple.targets.count == targets.count,
            !simple.targets.contains(where: { isStarTarget($0.expr) })
        else {
            // TODO(#3): `*` in the SELECT of a pushed-down INSERT, which
            // PostgreSQL expands before it orders the columns.
            return (query, targets)
        }
        let order = targets.indices.sorted { targets[$0] < targets[$1] }
        guard order != Array(targets.indices) else { return (query, targets) }
        // The new position (1-based) of each old column.
        var position: [Int: Int] = [:]
        for (new, old) in order.enumerated() { position[old + 1] = new + 1 }
        func renumbered(_ e: Expr) -> Expr {
            guard case .literal(.integer(let text)) = e.kind, let n = Int(text),
                let moved = position[n]
            else { return e }
            return Expr(.literal(.integer(String(moved))), location: e.location)
        }
        simple.targets = order.map { simple.targets[$0] }
        simple.groupBy = simple.groupBy.map { element in
            if case .expr(let e) = element { return .expr(renumbered(e)) }
            return element
        }
        var query = query
        query.orderBy = query.orderBy.map { item in
            var item = item
            item.expr = renumbered(item.expr)
            return item
        }
        query.body = .select(simple)
        return (query, order.map { targets[$0] })
    }

    private func isStarTarget(_ e: Expr) -> Bool {
        switch e.kind {
        case .star: return true
        case .columnRef(let parts): return parts.last == "*"
        default: return false
        }
    }

    /// Rewrites references to the target table by its name into references
    /// by the shard's alias, and Citus tables in subqueries to their
    /// shards.
    private func targetRewriter(
        _ record: DistributedTableRecord, alias: String?, then shards: TableRewriter
    ) -> TableRewriter {
        let shardAlias = alias ?? "citus_table_alias"
        return TableRewriter(column: { parts in
            guard alias == nil, parts.count >= 2, parts[parts.count - 2] == record.name,
                parts.count == 2 || parts[parts.count - 3] == record.schema
            else { return nil }
            return Expr(.columnRef([shardAlias, parts[parts.count - 1]]))
        }, replace: shards.replace)
    }

    private func conflict(_ conflict: OnConflict, _ rewriter: TableRewriter) -> OnConflict {
        var conflict = conflict
        if case .update(let clauses, let whereClause) = conflict.action {
            conflict.action = .update(
                clauses.map { clause in
                    var clause = clause
                    clause.value = rewriter.expr(clause.value)
                    return clause
                }, whereClause: whereClause.map(rewriter.expr))
        }
        return conflict
    }

    // MARK: - Running write tasks

    /// Runs each task on every placement of its shard: the tasks of one
    /// node in order, different nodes in parallel. Returns each task's
    /// first placement's result, in task order. Under EXPLAIN the tasks
    /// are recorded instead.
    func runWriteTasks(_ tasks: [WriteTask], session: Session) throws -> [QueryResult] {
        if let capture = explainCapture(for: session) {
            capture.isWrite = true
            for task in tasks {
                if let placement = task.shard.placements.first {
                    capture.tasks.append((task.sql, placement.groupID))
                }
            }
            return []
        }
        for task in tasks {
            try logShardWrite(
                task.sql, kind: .insertSelect, shard: task.shard, taskCount: tasks.count,
                session: session)
        }
        // (task, placement) pairs by node group.
        var byGroup: [Int32: [(task: Int, first: Bool)]] = [:]
        for (index, task) in tasks.enumerated() {
            for (number, placement) in task.shard.placements.enumerated() {
                byGroup[placement.groupID, default: []].append((index, number == 0))
            }
            noteWrite(of: task.shard, by: session)
        }
        let groups = byGroup.sorted { $0.key < $1.key }
        var remoteGroups: [(port: Int, session: Session, work: [(task: Int, first: Bool)])] = []
        var localWork: [(task: Int, first: Bool)] = []
        for (groupID, work) in groups {
            guard let node = metadata.node(group: groupID) else {
                throw SQLError(SQLState.internalError, "no node in group \(groupID)")
            }
            if node.port == port {
                localWork += work
            } else {
                let remote = try connection(for: session, port: node.port)
                remoteGroups.append((node.port, remote, work))
            }
        }
        let outcomes = WriteOutcomes(count: tasks.count)
        DispatchQueue.concurrentPerform(iterations: remoteGroups.count) { index in
            let group = remoteGroups[index]
            for item in group.work {
                do {
                    let result = try Self.remote(group.port) {
                        try group.session.execute(tasks[item.task].sql)
                    }
                    if item.first { outcomes.store(item.task, .success(result)) }
                } catch {
                    outcomes.store(item.task, .failure(error))
                    return
                }
            }
        }
        for item in localWork {
            let result = try session.executeInternal(tasks[item.task].sql, local: true)
            if item.first { outcomes.store(item.task, .success(result)) }
        }
        return try tasks.indices.compactMap { try outcomes.outcome($0)?.get() }
    }
}

/// Write task results stored from several threads.
private final class WriteOutcomes: @unchecked Sendable {
    private var outcomes: [Result<QueryResult, Error>?]
    private let lock = NSLock()

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ outcome: Result<QueryResult, Error>) {
        lock.lock()
        if case .failure = outcomes[index] {
        } else {
            outcomes[index] = outcome
        }
        lock.unlock()
    }

    func outcome(_ index: Int) -> Result<QueryResult, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return outcomes[index]
    }
}
