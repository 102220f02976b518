// Multi-shard SELECT on one distributed table, planned as Citus plans it:
// one task per shard, run on the shard's worker, and a merge on the
// coordinator.
//
// - When every group lies in one shard (no grouping at all, or GROUP BY
//   includes the distribution column), each task runs the query whole,
//   with ORDER BY and LIMIT + OFFSET pushed into it; the coordinator sorts
//   the tasks' rows again and applies LIMIT and OFFSET.
// - Otherwise aggregates are split: tasks group by the same keys and
//   compute partial aggregates (count, sum, min, max, hll sketches; avg
//   as sum and count; count(DISTINCT x) by grouping on x too), and the
//   coordinator combines them, then applies HAVING, ORDER BY and LIMIT.
//
// Queries outside these shapes (joins, subqueries, window functions,
// other aggregates) return nil and are read whole by the caller.
import Dispatch
import Engine
import Foundation
import SQLParser

extension CitusLibrary {
    /// Marks a partial sum's cast until the tasks' column types are known.
    static let partialSumMarker = "citus partial sum"
}

/// One task's query and where it runs.
struct ShardTask {
    var shard: ShardRecord
    var sql: String
}

extension CitusLibrary {
    /// The merged result of `query` run shard by shard, or nil when its
    /// shape needs the whole table on the coordinator.
    func planMultiShard(
        _ query: SelectStatement, tables: [FromTable], anchor: FromTable, shards: [Int]?,
        context: StatementContext
    ) throws -> QueryResult? {
        let shardIndexes = shards ?? Array(anchor.record.shards.indices)
        let record = anchor.record
        guard query.with == nil, query.locking.isEmpty, !query.limitWithTies,
            case .select(let select) = query.body, select.into == nil,
            select.namedWindows.isEmpty
        else { return nil }
        if case .on = select.distinct { return nil }
        let columnNames = tables.reduce(into: Set<String>()) { $0.formUnion($1.columns) }
        let expressions =
            select.targets.map(\.expr) + [select.whereClause, select.having].compactMap { $0 }
            + query.orderBy.map(\.expr)
        guard expressions.allSatisfy(isPushable) else { return nil }
        guard let groupKeys = resolveGrouping(select, columnNames: columnNames) else { return nil }
        let groupsInOneShard =
            groupKeys.isEmpty && !hasAggregates(select)
            || groupKeys.contains { distributionColumnOwner($0, tables) != nil }
        if groupsInOneShard {
            return try pushDownWhole(query, select, record, shardIndexes, context: context)
        }
        return try splitAggregates(
            query, select, groupKeys, record, shardIndexes, context: context)
    }

    // MARK: - Whole query per shard

    private func pushDownWhole(
        _ query: SelectStatement, _ select: SimpleSelect, _ record: DistributedTableRecord,
        _ shardIndexes: [Int], context: StatementContext
    ) throws -> QueryResult? {
        // The coordinator re-sorts by output column positions.
        var positions: [SortItem] = []
        for item in query.orderBy {
            guard let position = outputPosition(of: item.expr, in: select.targets) else {
                return nil
            }
            var sort = item
            sort.expr = Expr(.literal(.integer(String(position))))
            positions.append(sort)
        }
        var task = query
        if let limit = query.limit {
            task.limit = query.offset.map { Expr(.binary(op: "+", limit, $0)) } ?? limit
            if let count = task.limit, context.session.wouldSend(.debug, debugLevel: 1),
                case let (value, type) = try context.evaluate(count), !value.isNull
            {
                let count = formatValue(value, type: type)
                debug1("push down of limit count: \(count)", context.session)
            }
        }
        task.offset = nil
        explainCapture(for: context.session)?.combinesAggregates = false
        let results = try runTasks(task, record, shardIndexes, context: context)
        var merge = SelectStatement(
            body: .select(
                SimpleSelect(
                    distinct: select.distinct == .all ? .all : .none,
                    targets: [ResultTarget(expr: Expr(.star))],
                    from: [.table(QualifiedName([results.name]), alias: nil, only: false)])),
            orderBy: positions, limit: query.limit, offset: query.offset)
        merge.location = query.location
        return try context.executeLocally(merge, results: [results.name: results.result])
    }

    // MARK: - Partial aggregates

    private func splitAggregates(
        _ query: SelectStatement, _ select: SimpleSelect, _ groupKeys: [Expr],
        _ record: DistributedTableRecord, _ shardIndexes: [Int], context: StatementContext
    ) throws -> QueryResult? {
        var workerTargets: [ResultTarget] = []
        var keyColumns: [String: String] = [:]
        func workerColumn(for e: Expr) -> String {
            let name = "worker_column_\(workerTargets.count + 1)"
            workerTargets.append(ResultTarget(expr: e, alias: name))
            return name
        }
        for key in groupKeys { keyColumns[deparse(key)] = workerColumn(for: key) }
        var distinctArguments: [String: String] = [:]
        var failed = false
        let approximation = try distinctApproximation(context)
        var missingHll = false
        func reference(_ name: String) -> Expr { Expr(.columnRef([name])) }
        func call(_ name: String, _ arguments: [Expr], distinct: Bool = false) -> Expr {
            Expr(
                .function(
                    FunctionCall(
                        name: QualifiedName([name]),
                        arguments: arguments.map { FunctionArgument(value: $0) },
                        isDistinct: distinct)))
        }
        func cast(_ e: Expr, _ type: String) -> Expr {
            Expr(.cast(Expr(.paren(e)), TypeName([type]), .doubleColon))
        }
        // Replaces aggregates by combinations of partial results and group
        // keys by their worker columns.
        let combiner = TableRewriter(node: { e in
            if let key = keyColumns[deparse(e)] { return reference(key) }
            guard case .function(let f) = e.kind, Analyzer.isAggregateName(f.name) else {
                if case .columnRef = e.kind { failed = true }
                return nil
            }
            guard f.orderBy.isEmpty, f.withinGroup.isEmpty, f.over == nil else {
                failed = true
                return e
            }
            var partial = f
            partial.isDistinct = false
            switch (f.name.name, f.isDistinct) {
            case ("count", false):
                let column = workerColumn(for: Expr(.function(partial)))
                let zero = Expr(.literal(.integer("0")))
                return cast(call("coalesce", [call("sum", [reference(column)]), zero]), "int8")
            case ("count", true) where approximation != nil:
                guard let log2m = approximation, f.filter == nil, f.arguments.count == 1 else {
                    failed = true
                    return e
                }
                if context.catalog.extensions["hll"] == nil { missingHll = true }
                // As Citus approximates: each shard's sketch of the hashed
                // values, their union's cardinality as count's bigint.
                let argument = f.arguments[0].value
                let hash = Self.hllHashFunction(argument, record, context)
                let sketch = call(
                    "hll_add_agg",
                    [call(hash, [argument]), Expr(.literal(.integer(String(log2m))))])
                let column = workerColumn(for: sketch)
                let union = call("hll_union_agg", [reference(column)])
                return cast(call("hll_cardinality", [union]), "int8")
            case ("count", true), ("sum", true), ("avg", true), ("min", true), ("max", true):
                guard f.filter == nil, f.arguments.count == 1 else {
                    failed = true
                    return e
                }
                let argument = f.arguments[0].value
                let key = deparse(argument)
                let column = distinctArguments[key] ?? workerColumn(for: argument)
                distinctArguments[key] = column
                return call(f.name.name, [reference(column)], distinct: true)
            case ("sum", false):
                // Cast back to the partial sum's type once the tasks have
                // told it: sum(int4) is bigint on the workers and would be
                // numeric when summed again.
                let column = workerColumn(for: Expr(.function(partial)))
                return Expr(
                    .cast(
                        Expr(.paren(call("sum", [reference(column)]))),
                        TypeName([Self.partialSumMarker, column]), .doubleColon))
            case ("min", false), ("max", false):
                let column = workerColumn(for: Expr(.function(partial)))
                return call(f.name.name, [reference(column)])
            case ("hll_add_agg", false), ("hll_union_agg", false):
                // As Citus does: each shard's sketch, then their union.
                let column = workerColumn(for: Expr(.function(partial)))
                return call("hll_union_agg", [reference(column)])
            case ("topn_add_agg", false), ("topn_union_agg", false):
                // Each shard's counters, then their union, as Citus
                // combines Top-N aggregates.
                let column = workerColumn(for: Expr(.function(partial)))
                return call("topn_union_agg", [reference(column)])
            case ("avg", false):
                var sum = partial
                sum.name = QualifiedName(["sum"])
                var count = partial
                count.name = QualifiedName(["count"])
                let sumColumn = workerColumn(for: Expr(.function(sum)))
                let countColumn = workerColumn(for: Expr(.function(count)))
                return Expr(
                    .paren(
                        Expr(
                            .binary(
                                op: "/", call("sum", [reference(sumColumn)]),
                                call("sum", [reference(countColumn)])))))
            default:
                // TODO(#3): Citus runs array_agg, json[b]_agg and
                // json[b]_object_agg per shard and concatenates the parts
                // (array_cat_agg, jsonb_cat_agg, ...); here their rows are
                // gathered to the coordinator.
                failed = true
                return e
            }
        }) { _, _, _ in nil }
        let targets = select.targets.map {
            ResultTarget(
                expr: combiner.expr($0.expr), alias: $0.alias ?? outputName($0.expr) ?? "?column?")
        }
        let having = select.having.map(combiner.expr)
        let orderBy = query.orderBy.map { item -> SortItem in
            var item = item
            if outputPosition(of: item.expr, in: select.targets) == nil {
                item.expr = combiner.expr(item.expr)
            }
            return item
        }
        if missingHll {
            throw SQLError(
                SQLState.internalError, "cannot compute count (distinct) approximation",
                hint: "You need to have the hll extension loaded.")
        }
        guard !failed else { return nil }
        // Grouping on count(DISTINCT) arguments makes each task's rows
        // distinct per key and argument.
        let workerGroups =
            groupKeys
            + distinctArguments.keys.sorted().compactMap { key in
                workerTargets.first { deparse($0.expr) == key }?.expr
            }
        if workerTargets.isEmpty {
            workerTargets.append(ResultTarget(expr: Expr(.literal(.integer("1")))))
        }
        var task = query
        task.orderBy = []
        task.limit = nil
        task.offset = nil
        task.body = .select(
            SimpleSelect(
                targets: workerTargets, from: select.from, whereClause: select.whereClause,
                groupBy: workerGroups.map { .expr($0) }))
        let (names, combined) = citusPartialNames(select, groupKeys, workerTargets)
        if let capture = explainCapture(for: context.session) {
            capture.combinesAggregates = true
            (capture.citusColumnNames, capture.combinedOutputs) = (names, combined)
        }
        let results = try runTasks(task, record, shardIndexes, names: names, context: context)
        let workerTypes = Dictionary(
            results.result.columns.map { ($0.name, $0.type) }, uniquingKeysWith: { a, _ in a })
        let typed = TableRewriter(node: { e in
            guard case .cast(let inner, let type, let syntax) = e.kind,
                type.names.count == 2, type.names[0] == Self.partialSumMarker,
                let workerType = workerTypes[type.names[1]],
                let typname = TypeCatalog.info(workerType.oid)?.typname
            else { return nil }
            return Expr(.cast(inner, TypeName([typname]), syntax))
        }) { _, _, _ in nil }
        let keyReferences = groupKeys.map { reference(keyColumns[deparse($0)]!) }
        let merge = SelectStatement(
            body: .select(
                SimpleSelect(
                    distinct: select.distinct == .all ? .all : .none,
                    targets: targets.map {
                        ResultTarget(expr: typed.expr($0.expr), alias: $0.alias)
                    },
                    from: [.table(QualifiedName([results.name]), alias: nil, only: false)],
                    groupBy: keyReferences.map { .expr($0) }, having: having.map(typed.expr))),
            orderBy: orderBy.map { item in
                var item = item
                item.expr = typed.expr(item.expr)
                return item
            }, limit: query.limit, offset: query.offset)
        return try context.executeLocally(merge, results: [results.name: results.result])
    }

    /// The hll log2m of count(DISTINCT) approximations under
    /// citus.count_distinct_error_rate, nil when they are off (rate 0):
    /// log2 of (1.04 / rate)^2, rounded and kept within 4...17, as Citus
    /// sizes the sketches.
    private func distinctApproximation(_ context: StatementContext) throws -> Int? {
        let text = context.session.setting("citus.count_distinct_error_rate") ?? "0"
        guard let rate = Double(text), rate > 0 else { return nil }
        let log2m = (log(pow(1.04 / rate, 2)) / log(2)).rounded(.toNearestOrEven)
        return min(max(Int(log2m), 4), 17)
    }

    /// The hll hash function Citus hashes a count(DISTINCT) argument
    /// with, by its type: hll_hash_integer, _bigint, _text, else _any.
    private static func hllHashFunction(
        _ argument: Expr, _ record: DistributedTableRecord, _ context: StatementContext
    ) -> String {
        guard case .columnRef(let parts) = argument.kind, let name = parts.last,
            let column = context.catalog.table(record.relation)?.columns.first(where: {
                $0.name == name && !$0.isDropped
            })
        else { return "hll_hash_any" }
        switch column.type.oid {
        case PGType.int4.oid: return "hll_hash_integer"
        case PGType.int8.oid: return "hll_hash_bigint"
        case PGType.text.oid, PGType.bpchar.oid, PGType.varchar.oid: return "hll_hash_text"
        default: return "hll_hash_any"
        }
    }

    /// Citus' names for the partial aggregates of a query without GROUP BY
    /// whose select list is count() calls (each task column keeps the
    /// query column's name), and the coordinator's combination of each as
    /// Citus' EXPLAIN VERBOSE prints it; nothing for other shapes.
    private func citusPartialNames(
        _ select: SimpleSelect, _ groupKeys: [Expr], _ workerTargets: [ResultTarget]
    ) -> ([String: String], [String]?) {
        guard groupKeys.isEmpty, workerTargets.count == select.targets.count else {
            // TODO(#3): Citus' names and combinations for the other shapes.
            return ([:], nil)
        }
        var names: [String: String] = [:]
        var outputs: [String] = []
        for (target, worker) in zip(select.targets, workerTargets) {
            guard case .function(let f) = target.expr.kind, f.name.name == "count",
                !f.isDistinct, f.filter == nil, let alias = worker.alias
            else { return ([:], nil) }
            let name = target.alias ?? "count"
            names[alias] = name
            outputs.append(
                "COALESCE((pg_catalog.sum(remote_scan.\(quoteIdentifier(name))))::bigint, "
                    + "'0'::bigint)")
        }
        return (names, outputs)
    }

    // MARK: - Running the tasks

    /// Runs `task` (the query on the distributed table) on every shard,
    /// the workers in parallel, and gathers the rows in shard order.
    /// `names` are Citus' names of the tasks' columns.
    private func runTasks(
        _ task: SelectStatement, _ record: DistributedTableRecord, _ shardIndexes: [Int],
        names: [String: String] = [:], context: StatementContext
    ) throws -> (name: String, result: IntermediateResult) {
        let tasks = try shardIndexes.map { index -> ShardTask in
            let rewriter = try shardRewriter(index: index, colocatedWith: record, context: context)
            return ShardTask(
                shard: record.shards[index], sql: deparse(.select(rewriter.query(task))))
        }
        for task in tasks {
            try logShardQuery(
                task.sql, kind: .multiShard, names: names, groupID: task.shard.groupID,
                write: false, taskCount: tasks.count, session: context.session)
        }
        let groups = Dictionary(grouping: tasks.indices) { tasks[$0].shard.groupID }
            .sorted { $0.key < $1.key }
        let sessions = try groups.map { group -> Session in
            guard let node = metadata.node(group: group.key) else {
                throw SQLError(SQLState.internalError, "no node in group \(group.key)")
            }
            return try connection(for: context.session, port: node.port)
        }
        let outcomes = TaskOutcomes(count: tasks.count)
        DispatchQueue.concurrentPerform(iterations: groups.count) { groupIndex in
            for taskIndex in groups[groupIndex].value {
                do {
                    let port = metadata.node(group: groups[groupIndex].key)?.port ?? 0
                    let result = try Self.remote(port) {
                        try sessions[groupIndex].execute(tasks[taskIndex].sql)
                    }
                    outcomes.store(taskIndex, .success(result))
                } catch {
                    outcomes.store(taskIndex, .failure(error))
                    return
                }
            }
        }
        var columns: [ColumnDescription] = []
        var rows: [Row] = []
        for index in tasks.indices {
            guard let outcome = outcomes.outcome(index) else { continue }
            let result = try outcome.get()
            if columns.isEmpty { columns = result.columns ?? [] }
            rows += result.rows
        }
        if let capture = explainCapture(for: context.session) {
            capture.isMultiShardSelect = true
            capture.tasks = tasks.map { ($0.sql, $0.shard.groupID) }
            capture.taskColumns = columns
        }
        return ("citus_task_results", IntermediateResult(columns: columns, rows: rows))
    }

    // MARK: - Shapes

    /// True when `e` can be sent to a shard as it is: no subqueries and no
    /// window functions.
    private func isPushable(_ e: Expr) -> Bool {
        var pushable = true
        ExprWalker.visit(e) { node in
            switch node.kind {
            case .subquery, .exists, .arraySubquery, .inSubquery, .quantifiedSubquery:
                pushable = false
            case .function(let f) where f.over != nil:
                pushable = false
            default:
                break
            }
            return pushable
        }
        return pushable
    }

    private func hasAggregates(_ select: SimpleSelect) -> Bool {
        (select.targets.map(\.expr) + [select.having].compactMap { $0 }).contains {
            !Analyzer.aggregateCalls(in: $0).isEmpty
        }
    }

    /// GROUP BY as expressions: ordinals and output names that are not
    /// input columns stand for their select-list expressions, as
    /// PostgreSQL reads them; nil for grouping sets.
    private func resolveGrouping(_ select: SimpleSelect, columnNames: Set<String>) -> [Expr]? {
        var keys: [Expr] = []
        for element in select.groupBy {
            guard case .expr(let e) = element else { return nil }
            if case .literal(.integer(let text)) = e.kind, let n = Int(text) {
                guard n >= 1, n <= select.targets.count else { return nil }
                keys.append(select.targets[n - 1].expr)
            } else if case .columnRef(let parts) = e.kind, parts.count == 1,
                !columnNames.contains(parts[0]),
                let target = select.targets.first(where: { $0.alias == parts[0] })
            {
                keys.append(target.expr)
            } else {
                keys.append(e)
            }
        }
        return keys
    }

    /// The 1-based position of the select-list entry an ORDER BY item
    /// names (by ordinal, output name or the same expression).
    private func outputPosition(of e: Expr, in targets: [ResultTarget]) -> Int? {
        if case .literal(.integer(let text)) = e.kind, let n = Int(text), n >= 1,
            n <= targets.count
        {
            return n
        }
        if case .columnRef(let parts) = e.kind, parts.count == 1,
            let index = targets.firstIndex(where: {
                ($0.alias ?? outputName($0.expr)) == parts[0]
            })
        {
            return index + 1
        }
        let text = deparse(e)
        return targets.firstIndex { deparse($0.expr) == text }.map { $0 + 1 }
    }

    /// The column name PostgreSQL gives an unaliased select-list entry
    /// (FigureColname), nil where it would be `?column?`.
    private func outputName(_ e: Expr) -> String? {
        let name = Analyzer.outputName(for: e)
        return name == "?column?" ? nil : name
    }
}

/// Task results written from several threads.
private final class TaskOutcomes: @unchecked Sendable {
    private var outcomes: [Result<QueryResult, Error>?]
    private let lock = NSLock()

    init(count: Int) { outcomes = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ outcome: Result<QueryResult, Error>) {
        lock.lock()
        outcomes[index] = outcome
        lock.unlock()
    }

    func outcome(_ index: Int) -> Result<QueryResult, Error>? {
        lock.lock()
        defer { lock.unlock() }
        return outcomes[index]
    }
}
