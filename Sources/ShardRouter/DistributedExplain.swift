// EXPLAIN of statements on Citus tables, in the shape Citus' explain hook
// prints: the coordinator's merge (Aggregate, HashAggregate, Sort, Limit)
// over a `Custom Scan (Citus Adaptive)` whose details count the tasks,
// and under it one task (every task with citus.explain_all_tasks) with
// the node it runs on and that worker's own EXPLAIN of the shard query.
//
// The statement is planned by the distributed planner as it would run,
// with the tasks captured on the way: a router query's one task, a
// multi-shard SELECT's tasks (which do run, since the coordinator's merge
// needs their columns), and the writes of INSERT, UPDATE and DELETE, which
// are recorded and not sent. A statement with distributed subplans shows
// each subplan's own plan under `Distributed Subplan N_M` before the
// tasks (Citus' ExplainSubPlans), the subplans planned and run on the way.
import Engine
import Foundation
import SQLParser

/// What the distributed planner did for a statement under EXPLAIN.
final class DistributedExplainCapture {
    /// Each task's query and the group of the node it runs on.
    var tasks: [(sql: String, groupID: Int32)] = []
    /// The columns the tasks return (multi-shard SELECT).
    var taskColumns: [ColumnDescription] = []
    /// How a multi-shard SELECT finishes on the coordinator: nil when the
    /// tasks ran the query whole, else whether it combines aggregates.
    var combinesAggregates: Bool?
    var isMultiShardSelect = false
    var isWrite = false
    /// Set for an INSERT .. SELECT pushed down to the target's shards,
    /// whose tasks Citus deparses from the planned query.
    var isInsertSelect = false
    /// The shard of each task of an UPDATE, DELETE or INSERT .. VALUES.
    var writtenShards: [ShardRecord] = []
    /// Set when the planner read whole tables to the coordinator, which
    /// Citus explains with subplans the simulation does not show yet.
    var pulledUp = false
    /// The names Citus gives the tasks' columns, by the planner's names
    /// (partial aggregates keep the name of the query's column).
    var citusColumnNames: [String: String] = [:]
    /// What the coordinator's Aggregate outputs over the partial
    /// aggregates, as EXPLAIN VERBOSE prints it; nil when not modelled.
    var combinedOutputs: [String]?
    /// The statement's EXPLAIN options, which its subplans' plans share.
    let options: ExplainOptions
    /// Each distributed subplan's id and the lines of its plan, in the
    /// order they run.
    var subPlans: [(id: String, lines: [String])] = []
    /// The subplans' results, which the tasks' plans read.
    var results: [String: IntermediateResult] = [:]
    /// The query the tasks and the merge carry out when recursive
    /// planning replaced parts of the statement.
    var outerQuery: SelectStatement?

    init(options: ExplainOptions) {
        self.options = options
    }

    /// The tasks' column names as Citus calls them.
    var taskColumnNames: [String] {
        taskColumns.map { citusColumnNames[$0.name] ?? $0.name }
    }
}

extension CitusLibrary {
    /// The capture of `session`'s statement under EXPLAIN, if any.
    func explainCapture(for session: Session) -> DistributedExplainCapture? {
        explainCaptures[ObjectIdentifier(session)]
    }

    /// EXPLAIN of a statement on Citus tables; nil when it names none.
    func explainDistributed(_ explain: ExplainStatement, context: StatementContext) throws
        -> QueryResult?
    {
        let session = context.session
        let key = ObjectIdentifier(session)
        guard explainCaptures[key] == nil else { return nil }
        let options = try ExplainOptions(explain.optionList)
        let capture = DistributedExplainCapture(options: options)
        explainCaptures[key] = capture
        let planned: QueryResult?
        do {
            defer { explainCaptures[key] = nil }
            planned = try plan(explain.statement, context: context)
        }
        guard let planned else { return nil }
        if options.format != .text {
            // TODO(#3): Citus' structured form (Distributed Query, Job, Tasks).
            throw SQLError.notSupported(
                "EXPLAIN (FORMAT \(options.format.rawValue.uppercased())) of queries on Citus "
                    + "tables is not supported yet")
        }
        return explainResult(try explainLines(capture, explain.statement, planned, session))
    }

    /// The plan of a subplan under EXPLAIN: the subplan planned and run
    /// with its own capture (a query on Citus tables, whose plan is
    /// Citus' custom scan), or the coordinator's own plan of it.
    func explainSubPlan(
        _ query: SelectStatement, _ planning: RecursivePlanning,
        _ capture: DistributedExplainCapture
    ) throws -> (result: QueryResult, lines: [String]) {
        if capture.options.analyze {
            // TODO(#3): Subplan Duration, Intermediate Data Size and
            // Result destination, and the tasks' plans over the files.
            throw SQLError.notSupported(
                "EXPLAIN ANALYZE of distributed subplans is not supported yet")
        }
        let context = planning.context
        let session = context.session
        let key = ObjectIdentifier(session)
        guard readsCitusTables(query, context) else {
            let saved = session.intermediateResults
            defer { session.intermediateResults = saved }
            session.intermediateResults.merge(planning.results) { _, new in new }
            let text = deparse(.select(query))
            let options = capture.options
            let verbose = options.verbose ? "VERBOSE, " : ""
            let explained = try session.executeInternal(
                "EXPLAIN (\(verbose)COSTS \(options.costs ? "ON" : "OFF")) " + text, local: true)
            let lines = explained.rows.indices.map { explained.text(row: $0, column: 0) ?? "" }
            return (try context.executeLocally(query, results: planning.results), lines)
        }
        let inner = DistributedExplainCapture(options: capture.options)
        // The subplan's tasks may read the results of those before it.
        inner.results = planning.results
        explainCaptures[key] = inner
        defer { explainCaptures[key] = capture }
        _ = nextPlanID(session)
        let result = try withResults(planning.results, for: session) {
            try planRecursively(query, context: context)
                ?? planSelect(query, context: context, allowsFastPath: true)
        }
        return (result, try explainLines(inner, .select(query), result, session))
    }

    /// The EXPLAIN lines of a statement the planner ran with `capture`.
    private func explainLines(
        _ capture: DistributedExplainCapture, _ statement: Statement, _ planned: QueryResult,
        _ session: Session
    ) throws -> [String] {
        let options = capture.options
        // The tasks' plans read the subplans' results, sent again to every
        // node while they are drawn.
        let sent = capture.results.isEmpty ? [] : try broadcast(capture.results, for: session)
        defer { takeBack(sent) }
        if options.analyze, capture.isWrite,
            capture.writtenShards.count != capture.tasks.count || Self.returns(statement)
        {
            // TODO(#3): ANALYZE of INSERT .. SELECT and of RETURNING.
            throw SQLError.notSupported(
                "EXPLAIN ANALYZE of this distributed query is not supported yet")
        }
        guard !capture.pulledUp, !capture.tasks.isEmpty else {
            // TODO(#3): distributed subplans and repartitioned joins.
            throw SQLError.notSupported(
                "EXPLAIN of this distributed query shape is not supported yet")
        }
        if options.verbose, case .insert = statement, !capture.isInsertSelect {
            // TODO(#3): the INSERT .. VALUES task as Citus deparses it (the
            // columns it assigns, citus_table_alias for multi-row INSERTs
            // and upserts) with the worker's plan of it.
            throw SQLError.notSupported(
                "EXPLAIN VERBOSE of INSERT on a distributed table is not supported yet")
        }
        let analyzed = options.analyze ? try analyzeTasks(capture, options, session) : nil
        var scan = try customScan(capture, options, session, analyzed: analyzed)
        // Citus' ExplainSubPlans: each subplan's plan under its id, after
        // the scan's Output and before its tasks.
        var sections: [String] = []
        for subPlan in capture.subPlans {
            sections.append("->  Distributed Subplan \(subPlan.id)")
            for (i, line) in subPlan.lines.enumerated() {
                sections.append((i == 0 ? "      ->  " : "          ") + line)
            }
        }
        let first = scan.details.first?.hasPrefix("Output: ") == true ? 1 : 0
        scan.details.insert(contentsOf: sections, at: first)
        if capture.isMultiShardSelect, case .select(var query) = statement {
            query = capture.outerQuery ?? query
            scan = try coordinatorMerge(query, over: scan, capture, verbose: options.verbose)
            if options.analyze {
                try annotateMerge(&scan, query: query, resultRows: planned.rows.count)
            }
        }
        return scan.lines(options)
    }

    // MARK: - The custom scan and its tasks

    private func customScan(
        _ capture: DistributedExplainCapture, _ options: ExplainOptions, _ session: Session,
        analyzed: [AnalyzedTask]?
    ) throws -> ExplainNode {
        var scan = ExplainNode("Custom Scan (Citus Adaptive)")
        let count = capture.tasks.count
        let showAll = count == 1 || session.setting("citus.explain_all_tasks") == "on"
        scan.details = [
            "Task Count: \(count)", "Tasks Shown: " + (showAll ? "All" : "One of \(count)"),
        ]
        if capture.isMultiShardSelect {
            // Citus' estimate for a multi-shard scan.
            scan.rows = 100_000
            scan.width = capture.taskColumns.reduce(0) { $0 + typeWidth($1.type) }
        }
        var order = Array(capture.tasks.indices)
        if let analyzed {
            scan.actualRows = analyzed.reduce(0) { $0 + $1.rows }
            if !capture.isWrite {
                let bytes = analyzed.reduce(0) { $0 + $1.bytes }
                scan.details.insert(
                    "Tuple data received from nodes: " + prettySize(Int64(bytes)), at: 1)
            }
            if session.setting("citus.explain_analyze_sort_method") != "taskId" {
                // The slowest task first, as Citus sorts them by default.
                order.sort { analyzed[$0].seconds > analyzed[$1].seconds }
            }
        }
        let shownIndexes = showAll ? order : Array(order.prefix(1))
        for taskIndex in shownIndexes {
            let task = capture.tasks[taskIndex]
            guard let node = placementNode(group: task.groupID) else {
                throw SQLError(SQLState.internalError, "no node in group \(task.groupID)")
            }
            var taskNode = ExplainNode(
                "Task", details: ["Node: host=\(node.name) port=\(node.port) dbname=citus"])
            taskNode.isPlanNode = false
            let worker =
                node.port == port ? session : try connection(for: session, port: node.port)
            let kind: ShardQueryKind =
                capture.isMultiShardSelect
                ? .multiShard : capture.isInsertSelect ? .insertSelect : .router
            if logsRemoteCommands(session), node.port != port {
                // Citus' remote EXPLAIN names every option.
                let query =
                    (try? worker.shardQueryText(
                        task.sql, kind: kind, names: capture.citusColumnNames)) ?? task.sql
                let flag = { (on: Bool) in on ? "TRUE" : "FALSE" }
                logRemoteCommand(
                    "EXPLAIN (ANALYZE FALSE, VERBOSE \(flag(options.verbose)), "
                        + "COSTS \(flag(options.costs)), BUFFERS FALSE, WAL FALSE, "
                        + "TIMING FALSE, SUMMARY FALSE, FORMAT TEXT) " + query,
                    port: node.port, session: session)
            }
            if options.verbose {
                let query = try Self.remote(node.port) {
                    try worker.shardQueryText(
                        task.sql, kind: kind, names: capture.citusColumnNames)
                }
                taskNode.details.insert("Query: " + query, at: 0)
                if taskIndex == shownIndexes[0], !capture.isWrite {
                    let names =
                        capture.isMultiShardSelect
                        ? capture.taskColumnNames
                        : try Self.remote(node.port) { try worker.resultColumnNames(task.sql) }
                    scan.details.insert(Self.remoteScanOutput(names), at: 0)
                }
            }
            let lines: [String]
            if let analyzed {
                lines = analyzed[taskIndex].lines
                if !capture.isWrite {
                    taskNode.details.insert(
                        "Tuple data received from node: "
                            + prettySize(Int64(analyzed[taskIndex].bytes)),
                        at: taskNode.details.count - 1)
                }
            } else {
                lines = try workerPlan(task.sql, options, node.port, worker, session)
            }
            taskNode.children = [.verbatim(lines)]
            scan.children.append(taskNode)
        }
        return scan
    }

    /// The node a task of group `groupID` runs on: the coordinator's
    /// group is this node even when pg_dist_node does not list it, as
    /// Citus' local placements name it (citus.local_hostname, the port).
    private func placementNode(group groupID: Int32) -> NodeRecord? {
        if let node = metadata.node(group: groupID) { return node }
        guard groupID == coordinatorGroupID else { return nil }
        return NodeRecord(
            nodeID: 0, groupID: groupID, name: "localhost", port: port, shouldHaveShards: false)
    }

    // MARK: - The coordinator's merge

    /// The custom scan's VERBOSE Output line: the tasks' columns.
    static func remoteScanOutput(_ names: [String]) -> String {
        "Output: " + names.map { "remote_scan." + quoteIdentifier($0) }.joined(separator: ", ")
    }

    /// The merge of a multi-shard SELECT: combining aggregates (Aggregate,
    /// or HashAggregate on the group keys), then Sort and Limit, over the
    /// tasks' columns (`remote_scan`).
    private func coordinatorMerge(
        _ query: SelectStatement, over scan: ExplainNode, _ capture: DistributedExplainCapture,
        verbose: Bool
    ) throws -> ExplainNode {
        var output = Self.remoteScanOutput(capture.taskColumnNames)
        if verbose, capture.combinesAggregates == true {
            guard let combined = capture.combinedOutputs, select(query)?.groupBy.isEmpty == true
            else {
                // TODO(#3): VERBOSE of the other combinations of partial aggregates.
                throw SQLError.notSupported(
                    "EXPLAIN VERBOSE of this distributed query shape is not supported yet")
            }
            output = "Output: " + combined.joined(separator: ", ")
        }
        guard case .select(let select) = query.body, select.having == nil else {
            throw SQLError.notSupported(
                "EXPLAIN of this distributed query shape is not supported yet")
        }
        var node = scan
        var groupNames: [String] = []
        if capture.combinesAggregates == true {
            let aggregates = select.targets.reduce(0) {
                $0 + Analyzer.aggregateCalls(in: $1.expr).count
            }
            for element in select.groupBy {
                guard case .expr(let e) = element, let name = outputName(of: e, select) else {
                    throw SQLError.notSupported(
                        "EXPLAIN of this distributed query shape is not supported yet")
                }
                groupNames.append(name)
            }
            var merged = ExplainNode(groupNames.isEmpty ? "Aggregate" : "HashAggregate")
            if !groupNames.isEmpty {
                merged.details = [
                    "Group Key: " + groupNames.map { "remote_scan.\($0)" }.joined(separator: ", ")
                ]
            }
            let perRow = 0.0025 * Double(aggregates + groupNames.count)
            merged.startupCost = node.totalCost + node.rows * perRow
            let groups = groupNames.isEmpty ? 1 : 200.0
            merged.rows = groups
            merged.totalCost = merged.startupCost + groups * 0.01
            merged.width = node.width
            merged.children = [node]
            if verbose { merged.details.insert(output, at: 0) }
            node = merged
        }
        if !query.orderBy.isEmpty {
            var keys: [String] = []
            for item in query.orderBy {
                guard item.usingOperator == nil, let name = outputName(of: item.expr, select),
                    capture.combinesAggregates != true || groupNames.contains(name)
                else {
                    throw SQLError.notSupported(
                        "EXPLAIN of this distributed query shape is not supported yet")
                }
                var key = "remote_scan.\(name)"
                let descending = item.direction == .descending
                if descending { key += " DESC" }
                switch (item.nulls, descending) {
                case (.first?, false): key += " NULLS FIRST"
                case (.last?, true): key += " NULLS LAST"
                default: break
                }
                keys.append(key)
            }
            var sort = ExplainNode("Sort", details: ["Sort Key: " + keys.joined(separator: ", ")])
            let n = max(node.rows, 2)
            let limit = constantLimit(query)
            let depth = limit.map { n > 2 * $0 ? log2(2 * $0) : log2(n) } ?? log2(n)
            sort.startupCost = node.totalCost + 2 * 0.0025 * n * depth
            sort.totalCost = sort.startupCost + 0.0025 * node.rows
            sort.rows = node.rows
            sort.width = node.width
            sort.children = [node]
            if verbose { sort.details.insert(output, at: 0) }
            node = sort
        }
        if query.limit != nil || query.offset != nil {
            var limitNode = ExplainNode("Limit", children: [node])
            let count = constantLimit(query) ?? node.rows
            let run = node.totalCost - node.startupCost
            limitNode.startupCost = node.startupCost
            limitNode.totalCost = node.startupCost + run * min(count, node.rows) / node.rows
            limitNode.rows = min(count, node.rows)
            limitNode.width = node.width
            if verbose { limitNode.details.insert(output, at: 0) }
            node = limitNode
        }
        return node
    }

    private func select(_ query: SelectStatement) -> SimpleSelect? {
        if case .select(let select) = query.body { return select }
        return nil
    }

    private func constantLimit(_ query: SelectStatement) -> Double? {
        guard let limit = query.limit, case .literal(.integer(let text)) = limit.kind else {
            return nil
        }
        return Double(text)
    }

    /// The name of the select-list column an ORDER BY or GROUP BY item
    /// names (ordinal, output name, or the same expression), as the
    /// tasks' result calls it.
    private func outputName(of e: Expr, _ select: SimpleSelect) -> String? {
        var index: Int?
        if case .literal(.integer(let text)) = e.kind, let n = Int(text) {
            index = n >= 1 && n <= select.targets.count ? n - 1 : nil
        } else {
            index = select.targets.firstIndex { target in
                if let alias = target.alias, case .columnRef([alias]) = e.kind { return true }
                return deparse(target.expr) == deparse(e)
            }
        }
        guard let index else { return nil }
        let target = select.targets[index]
        if let alias = target.alias { return alias }
        var expr = target.expr
        while case .paren(let inner) = expr.kind { expr = inner }
        switch expr.kind {
        case .columnRef(let parts): return parts.last
        case .function(let call): return call.name.name
        default: return nil
        }
    }
}
