// Recursive planning, as Citus plans what it cannot push down to the
// shards: a CTE, a FROM subquery or an uncorrelated subquery in WHERE,
// HAVING or the select list that cannot run shard by shard is planned and
// run as a query of its own (a distributed subplan), and the outer query
// reads its rows as an intermediate result. A local table joined with
// Citus tables is wrapped into such a subquery too. With the subqueries
// replaced, what remains is planned as usual.
//
// Every distributed statement a session plans takes the next plan id
// (Citus' NextPlanId, from 1 per backend); subplan `N_M` is the M-th
// subplan of plan N. At DEBUG1 the planner reports, as Citus does:
//
//     DEBUG:  CTE c is going to be inlined via distributed planning
//     DEBUG:  Wrapping relation "latest_rollup" "l" to a subquery
//     DEBUG:  generating subplan 5_1 for subquery SELECT ...
//     DEBUG:  generating subplan 5_2 for CTE c: SELECT ...
//     DEBUG:  Plan 5 query after replacing subqueries and CTEs: SELECT ...
//
// The messages follow Citus 12.1's recursive_planning.c, cte_inline.c and
// local_distributed_join_planner.c and the examples of its technical
// documentation. The queries in them are printed by the engine's
// ruleutils-style printer where it knows the shape, and as the deparser
// writes them otherwise.
import Engine
import Foundation
import SQLParser

/// A subquery or CTE planned and run on its own, whose rows the outer
/// query reads as intermediate result `id`.
struct DistributedSubPlan {
    /// Citus' result id, `<plan id>_<n>`.
    var id: String
    /// The name the outer query reads the rows by.
    var resultName: String { "citus_intermediate_result_" + id }
}

/// One statement's recursive planning: the subplans made so far, run as
/// they are made, and their rows.
final class RecursivePlanning {
    let planID: Int64
    let context: StatementContext
    var subPlans: [DistributedSubPlan] = []
    var results: [String: IntermediateResult] = [:]
    var references: [String: IntermediateResultReference] = [:]
    /// The sessions the results were sent to.
    var receivers: [Session] = []

    init(planID: Int64, context: StatementContext) {
        self.planID = planID
        self.context = context
    }

    /// Takes this statement's results back from every session they went
    /// to (an enclosing statement's stay).
    func clear() {
        for receiver in receivers {
            for name in results.keys { receiver.intermediateResults[name] = nil }
        }
    }
}

/// An UPDATE's or DELETE's parts after recursive planning.
struct RecursiveModification {
    var expressions: [Expr]
    var whereClause: Expr?
    var from: [TableRef]
    /// The planning whose results went to the nodes; the caller clears
    /// them when the statement is done.
    var planning: RecursivePlanning
}

/// A session's plan id counter.
final class PlanCounter {
    weak var owner: Session?
    var last: Int64 = 0

    init(owner: Session) { self.owner = owner }
}

extension CitusLibrary {
    /// The next plan id of `session`, as Citus numbers distributed plans.
    func nextPlanID(_ session: Session) -> Int64 {
        let key = ObjectIdentifier(session)
        if let counter = planCounters[key], counter.owner === session {
            counter.last += 1
            return counter.last
        }
        // A new session (perhaps at a gone one's address): drop the
        // counters of sessions that ended.
        planCounters = planCounters.filter { $0.value.owner != nil && $0.key != key }
        let counter = PlanCounter(owner: session)
        counter.last = 1
        planCounters[key] = counter
        return 1
    }

    /// The plan id `session` took last.
    func currentPlanID(_ session: Session) -> Int64 {
        planCounters[ObjectIdentifier(session)]?.last ?? 0
    }

    /// Runs `query` with the parts Citus plans recursively replaced by
    /// their results; nil when it has no such part.
    func planRecursively(_ query: SelectStatement, context: StatementContext) throws
        -> QueryResult?
    {
        // A query over Citus tables alone, without subqueries or CTEs,
        // has nothing to plan on its own.
        if query.with == nil, case .select(let simple) = query.body,
            let tables = fromTables(simple.from, context),
            TableRewriter.tables(in: query).count == tables.count
        {
            return nil
        }
        // Citus' router planner takes a query whose every level is pinned
        // to one shard group before recursive planning is tried.
        if query.with == nil, try pinnedShard(of: query, context) != nil { return nil }
        let planning = RecursivePlanning(
            planID: currentPlanID(context.session), context: context)
        defer { planning.clear() }
        let replaced = try recursivelyPlan(query, planning, level: 0)
        guard !planning.subPlans.isEmpty else { return nil }
        let session = context.session
        let capture = explainCapture(for: session)
        if let capture {
            // The tasks' plans read the results when the EXPLAIN is drawn.
            capture.results.merge(planning.results) { _, new in new }
            capture.outerQuery = replaced
        }
        reportReplaced(.select(replaced), planning)
        let remaining = TableRewriter.tables(in: replaced).contains {
            citusTable($0, context) != nil
        }
        guard remaining else {
            // Citus runs such a query as one task on the coordinator.
            capture?.tasks = [(deparse(.select(replaced)), coordinatorGroupID)]
            return try context.executeLocally(replaced, results: planning.results)
        }
        guard !outerJoinsAResult(replaced) else {
            // TODO(#3): Citus plans the distributed side of an outer join
            // with a recurring relation recursively too; here the shards'
            // rows come to the coordinator.
            return try pullUp(replaced, context: context, results: planning.results)
        }
        // The results went to every node as they were made, as Citus
        // broadcasts them, and are taken back when the statement ends.
        return try planSelect(replaced, context: context)
    }

    /// Sends a result to this node's session and to its connection on
    /// every node that holds shards, before anything reads it.
    private func broadcast(
        _ name: String, _ result: IntermediateResult, _ planning: RecursivePlanning
    ) throws {
        let session = planning.context.session
        if planning.receivers.isEmpty {
            planning.receivers.append(session)
            for node in metadata.shardNodes where node.port != port {
                planning.receivers.append(try connection(for: session, port: node.port))
            }
        }
        for receiver in planning.receivers { receiver.intermediateResults[name] = result }
    }

    /// Sends `results` to this node's session and to its connection on
    /// every node that holds shards; returns each session with the names
    /// it did not have before, which the caller takes back.
    func broadcast(_ results: [String: IntermediateResult], for session: Session)
        throws -> [(session: Session, added: [String])]
    {
        var receivers = [session]
        for node in metadata.shardNodes where node.port != port {
            receivers.append(try connection(for: session, port: node.port))
        }
        return receivers.map { receiver in
            let added = results.keys.filter { receiver.intermediateResults[$0] == nil }
            receiver.intermediateResults.merge(results) { _, new in new }
            return (receiver, added)
        }
    }

    /// Takes back the results `broadcast` sent.
    func takeBack(_ sent: [(session: Session, added: [String])]) {
        for (receiver, names) in sent {
            for name in names { receiver.intermediateResults[name] = nil }
        }
    }

    /// Runs `body` with `results` sent to every node, as Citus sends each
    /// subplan's result before the next subplan, which may read it, runs.
    func withResults<T>(
        _ results: [String: IntermediateResult], for session: Session, _ body: () throws -> T
    ) throws -> T {
        guard !results.isEmpty else { return try body() }
        let sent = try broadcast(results, for: session)
        defer { takeBack(sent) }
        return try body()
    }

    /// True when a join of `query`'s FROM clause other than an inner or
    /// cross join reads a subplan's result.
    private func outerJoinsAResult(_ query: SelectStatement) -> Bool {
        guard case .select(let simple) = query.body else { return true }
        func walk(_ item: TableRef) -> Bool {
            guard case .join(let join) = item else { return false }
            if join.kind != .inner && join.kind != .cross {
                let scope = SelectStatement(body: .select(SimpleSelect(from: [item])))
                let names = TableRewriter.tables(in: scope)
                if names.contains(where: isIntermediateResult) { return true }
            }
            return walk(join.left) || walk(join.right)
        }
        return simple.from.contains(where: walk)
    }

    /// UPDATE's or DELETE's parts that Citus plans on their own: subqueries
    /// in its expressions (over Citus or local tables) and local tables in
    /// its FROM or USING list, replaced by their subplans' results, which
    /// go to every node. Nil when nothing was planned.
    func planModificationRecursively(
        expressions: [Expr], whereClause: Expr?, from: [TableRef], context: StatementContext
    ) throws -> RecursiveModification? {
        let planning = RecursivePlanning(
            planID: currentPlanID(context.session), context: context)
        let planned = try expressions.map { try planSublinks($0, planning, all: true) }
        let filter = try whereClause.map { try planSublinks($0, planning, all: true) }
        let scope = SimpleSelect(
            targets: planned.map { ResultTarget(expr: $0) }, from: from, whereClause: filter)
        let wrapped = try wrapLocalTables(scope, planning, joinsCitusTable: true)
        guard !planning.subPlans.isEmpty else { return nil }
        if explainCapture(for: context.session) != nil {
            planning.clear()
            // TODO(#3): EXPLAIN's `Distributed Subplan N_M` sections.
            throw SQLError.notSupported("EXPLAIN of distributed subplans is not supported yet")
        }
        return RecursiveModification(
            expressions: planned, whereClause: filter, from: wrapped, planning: planning)
    }

    /// Reports at DEBUG1 the statement that remains once `planning`'s
    /// subplans replaced their parts of it.
    func reportReplaced(_ statement: Statement, _ planning: RecursivePlanning) {
        let session = planning.context.session
        guard session.wouldSend(.debug, debugLevel: 1) else { return }
        debug1(
            "Plan \(planning.planID) query after replacing subqueries and CTEs: "
                + printed(statement, planning),
            session)
    }

    /// True when `query` reads a table that is neither a Citus table nor a
    /// subplan's result (nor a catalog: those are on every node).
    func readsLocalTables(_ query: SelectStatement, _ context: StatementContext) -> Bool {
        TableRewriter.tables(in: query).contains { name in
            guard citusTable(name, context) == nil, !isIntermediateResult(name),
                let relation = relationID(name, context),
                let table = context.catalog.table(relation)
            else { return false }
            return table.schema != "pg_catalog" && table.schema != "information_schema"
        }
    }

    // MARK: - The walk

    /// `query` with its CTEs, subqueries and local tables that Citus plans
    /// on their own replaced by intermediate results; inner levels first.
    private func recursivelyPlan(
        _ query: SelectStatement, _ planning: RecursivePlanning, level: Int
    ) throws -> SelectStatement {
        var query = try planCTEs(query, planning)
        guard case .select(var simple) = query.body else {
            // TODO(#3): set operations, whose leaves Citus plans
            // recursively at the top level.
            return query
        }
        let recurring = !fromReads(simple.from, planning.context) { $0.method == .hash }
        simple.targets = try simple.targets.map {
            ResultTarget(
                expr: try planSublinks($0.expr, planning, all: recurring), alias: $0.alias)
        }
        simple.whereClause = try simple.whereClause.map {
            try planSublinks($0, planning, all: recurring)
        }
        simple.having = try simple.having.map { try planSublinks($0, planning, all: true) }
        simple.from = try simple.from.map { try planFromItem($0, planning, level: level) }
        simple.from = try wrapLocalTables(simple, planning)
        query.body = .select(simple)
        return query
    }

    /// CTEs: inlined where PostgreSQL would inline them (referenced once,
    /// not MATERIALIZED), subplans otherwise.
    private func planCTEs(_ query: SelectStatement, _ planning: RecursivePlanning) throws
        -> SelectStatement
    {
        guard let with = query.with else { return query }
        let context = planning.context
        if with.isRecursive {
            let names = TableRewriter.tables(in: query)
            if names.contains(where: { citusTable($0, context)?.method == .hash }) {
                throw SQLError(
                    SQLState.featureNotSupported,
                    "recursive CTEs are only supported when they contain a filter on the "
                        + "distribution column")
            }
            return query
        }
        var query = query
        query.with = nil
        for cte in with.queries {
            guard case .select(let cteQuery) = cte.statement else {
                // TODO(#3): data-modifying CTEs on Citus tables.
                throw SQLError.notSupported(
                    "data-modifying CTEs over distributed tables are not supported yet")
            }
            let uses = TableRewriter.tables(in: query).filter {
                $0.schema == nil && $0.name == cte.name
            }.count
            if uses == 0 { continue }
            let session = context.session
            if cte.materialized == .notMaterialized
                || (cte.materialized == .default && uses == 1)
            {
                debug1("CTE \(cte.name) is going to be inlined via distributed planning", session)
                query = replacingTable(named: cte.name, in: query) { alias in
                    .subquery(cteQuery, alias: Self.cteAlias(cte, alias), lateral: false)
                }
                continue
            }
            let inner = try recursivelyPlan(cteQuery, planning, level: 1)
            let subPlan = try makeSubPlan(inner, planning, describe: "CTE \(cte.name):")
            query = replacingTable(named: cte.name, in: query) { alias in
                .table(
                    QualifiedName([subPlan.resultName]), alias: Self.cteAlias(cte, alias),
                    only: false)
            }
        }
        return query
    }

    private static func cteAlias(_ cte: CommonTableExpr, _ alias: Alias?) -> Alias {
        var alias = alias ?? Alias(name: cte.name)
        if alias.columnNames.isEmpty { alias.columnNames = cte.columnNames }
        return alias
    }

    private func replacingTable(
        named name: String, in query: SelectStatement, with make: @escaping (Alias?) -> TableRef
    ) -> SelectStatement {
        TableRewriter { table, alias, _ in
            table.schema == nil && table.name == name ? make(alias) : nil
        }.query(query)
    }

    /// A FROM item with its subqueries planned: inner levels first, then
    /// the subquery itself when it cannot run shard by shard.
    private func planFromItem(_ item: TableRef, _ planning: RecursivePlanning, level: Int)
        throws -> TableRef
    {
        switch item {
        case .subquery(let subquery, let alias, let lateral):
            let context = planning.context
            guard readsCitusTables(subquery, context), !lateral,
                !refersToOuterQuery(subquery, context)
            else { return item }
            let inner = try recursivelyPlan(subquery, planning, level: level + 1)
            if isPushable(inner, context) {
                return .subquery(inner, alias: alias, lateral: lateral)
            }
            let subPlan = try makeSubPlan(inner, planning, describe: "subquery")
            return .table(
                QualifiedName([subPlan.resultName]),
                alias: alias ?? Alias(name: "unnamed_subquery"), only: false)
        case .join(var join):
            join.left = try planFromItem(join.left, planning, level: level)
            join.right = try planFromItem(join.right, planning, level: level)
            return .join(join)
        case .table, .function:
            return item
        }
    }

    /// Subqueries in an expression: each uncorrelated one that reads Citus
    /// tables and cannot run shard by shard (any, when `all`: the FROM
    /// clause around it holds no distributed table) becomes a subplan.
    private func planSublinks(_ e: Expr, _ planning: RecursivePlanning, all: Bool) throws
        -> Expr
    {
        var failure: Error?
        let context = planning.context
        func replaced(_ subquery: SelectStatement) -> SelectStatement? {
            guard failure == nil else { return nil }
            let citus = readsCitusTables(subquery, context)
            // A subquery over local tables is planned on its own too, as
            // the workers do not have them.
            guard citus || readsLocalTables(subquery, context),
                !refersToOuterQuery(subquery, context)
            else { return nil }
            do {
                let inner = citus ? try recursivelyPlan(subquery, planning, level: 1) : subquery
                if citus && !all && isPushable(inner, context) { return inner }
                let subPlan = try makeSubPlan(inner, planning, describe: "subquery")
                return SelectStatement(
                    body: .select(
                        SimpleSelect(
                            targets: [ResultTarget(expr: Expr(.star))],
                            from: [
                                .table(
                                    QualifiedName([subPlan.resultName]),
                                    alias: Alias(name: "intermediate_result"), only: false)
                            ])))
            } catch {
                failure = error
                return nil
            }
        }
        let rewriter = TableRewriter(
            node: { e in
                switch e.kind {
                case .subquery(let q):
                    return replaced(q).map { Expr(.subquery($0), location: e.location) }
                case .exists(let q):
                    return replaced(q).map { Expr(.exists($0), location: e.location) }
                case .arraySubquery(let q):
                    return replaced(q).map { Expr(.arraySubquery($0), location: e.location) }
                case .inSubquery(let x, let q, let negated):
                    return replaced(q).map {
                        Expr(.inSubquery(x, $0, negated: negated), location: e.location)
                    }
                case .quantifiedSubquery(let op, let x, let quantifier, let q):
                    return replaced(q).map {
                        Expr(.quantifiedSubquery(op: op, x, quantifier, $0), location: e.location)
                    }
                default:
                    return nil
                }
            }, replace: { _, _, _ in nil })
        let result = rewriter.expr(e)
        if let failure { throw failure }
        return result
    }

    /// Local tables joined with Citus tables, each wrapped into a subquery
    /// over the columns the query reads and planned on its own.
    private func wrapLocalTables(
        _ simple: SimpleSelect, _ planning: RecursivePlanning, joinsCitusTable: Bool = false
    ) throws -> [TableRef] {
        let context = planning.context
        guard joinsCitusTable || fromReads(simple.from, context, matching: { _ in true }) else {
            return simple.from
        }
        // TODO(#3): citus.local_table_join_policy, and the auto policy's
        // preference for a distributed table pinned on a unique column.
        func wrap(_ item: TableRef) throws -> TableRef {
            switch item {
            case .table(let name, let alias, _):
                guard citusTable(name, context) == nil, !isIntermediateResult(name),
                    let relation = relationID(name, context),
                    let table = context.catalog.table(relation)
                else { return item }
                let refName = alias?.name ?? name.name
                var described = "\"\(table.name)\""
                if let alias { described += " \"\(alias.name)\"" }
                debug1("Wrapping relation \(described) to a subquery", context.session)
                let used = table.liveColumns.map { table.columns[$0].name }.filter {
                    readsColumn($0, of: refName, in: simple)
                }
                let targets = used.map {
                    ResultTarget(expr: Expr(.columnRef([$0])))
                }
                let wrapped = SelectStatement(
                    body: .select(
                        SimpleSelect(
                            targets: targets.isEmpty
                                ? [ResultTarget(expr: Expr(.literal(.null)))] : targets,
                            from: [.table(name, alias: alias, only: false)],
                            whereClause: restriction(of: refName, in: simple)
                                ?? Expr(.literal(.boolean(true))))))
                let subPlan = try makeSubPlan(wrapped, planning, describe: "subquery")
                return .table(
                    QualifiedName([subPlan.resultName]), alias: Alias(name: refName),
                    only: false)
            case .join(var join):
                join.left = try wrap(join.left)
                join.right = try wrap(join.right)
                return .join(join)
            case .subquery, .function:
                return item
            }
        }
        return try simple.from.map(wrap)
    }

    // MARK: - Subplans

    /// Plans and runs `query` as the next subplan, reporting it.
    private func makeSubPlan(
        _ query: SelectStatement, _ planning: RecursivePlanning, describe: String
    ) throws -> DistributedSubPlan {
        let context = planning.context
        let id = "\(planning.planID)_\(planning.subPlans.count + 1)"
        let subPlan = DistributedSubPlan(id: id)
        let result: QueryResult
        if let capture = explainCapture(for: context.session) {
            let explained = try explainSubPlan(query, planning, capture)
            result = explained.result
            capture.subPlans.append((id, explained.lines))
        } else if readsCitusTables(query, context) {
            _ = nextPlanID(context.session)
            result = try withResults(planning.results, for: context.session) {
                try planRecursively(query, context: context)
                    ?? planSelect(query, context: context, allowsFastPath: true)
            }
        } else {
            result = try context.executeLocally(query, results: planning.results)
        }
        if context.session.wouldSend(.debug, debugLevel: 1) {
            debug1(
                "generating subplan \(id) for \(describe) \(printed(.select(query), planning))",
                context.session)
        }
        let columns = result.columns ?? []
        planning.subPlans.append(subPlan)
        let intermediate = IntermediateResult(columns: columns, rows: result.rows, resultID: id)
        planning.results[subPlan.resultName] = intermediate
        try broadcast(subPlan.resultName, intermediate, planning)
        planning.references[subPlan.resultName] = IntermediateResultReference(
            resultID: id, columns: columns)
        return subPlan
    }

    /// `query` as Citus prints it in its messages: ruleutils' form where
    /// the printer knows the shape, else the deparser's text with each
    /// intermediate result read as Citus reads it.
    private func printed(_ statement: Statement, _ planning: RecursivePlanning) -> String {
        var sql = deparse(statement)
        if let text = try? planning.context.session.shardQueryText(
            sql, kind: .router, results: planning.references)
        {
            return text
        }
        // TODO(#3): ruleutils' form of the shapes the printer lacks (USING,
        // subqueries in expressions, ordinals in ORDER BY, ...).
        for (name, reference) in planning.references {
            sql = sql.replacingOccurrences(
                of: "SELECT * FROM \(name) AS intermediate_result", with: reference.selectText)
            sql = sql.replacingOccurrences(of: name + " AS ", with: reference.subqueryText + " ")
        }
        return sql
    }

    // MARK: - Shapes

    /// The shard index every level of `query` is pinned to, when each
    /// level that reads distributed tables pins them (colocated) to the
    /// same one; nil otherwise.
    private func pinnedShard(of query: SelectStatement, _ context: StatementContext) throws
        -> Int?
    {
        var pinned: Int?
        var colocation: Int32?
        var ok = true
        func visit(_ q: SelectStatement) throws {
            guard ok else { return }
            guard q.with == nil, case .select(let simple) = q.body else {
                ok = false
                return
            }
            var filter: ShardFilter?
            var hashed = false
            func walk(_ item: TableRef) throws {
                switch item {
                case .table(let name, let alias, _):
                    guard let record = citusTable(name, context), record.method == .hash else {
                        return
                    }
                    hashed = true
                    if colocation == nil { colocation = record.colocationID }
                    if colocation != record.colocationID { ok = false }
                    let found = try shardFilter(
                        record, whereClause: simple.whereClause, alias: alias?.name ?? name.name,
                        context)
                    if let found { filter = filter.map { $0.intersection(found) } ?? found }
                case .join(let join):
                    try walk(join.left)
                    try walk(join.right)
                case .subquery(let inner, _, _):
                    try visit(inner)
                case .function:
                    break
                }
            }
            for item in simple.from { try walk(item) }
            if hashed {
                guard let indexes = filter?.indexes, indexes.count == 1,
                    pinned == nil || pinned == indexes[0]
                else {
                    ok = false
                    return
                }
                pinned = indexes[0]
            }
            let sublinks = (simple.targets.map(\.expr) + [simple.whereClause, simple.having]
                .compactMap { $0 })
            for e in sublinks {
                ExprWalker.visit(e) { node in
                    switch node.kind {
                    case .subquery(let q), .exists(let q), .arraySubquery(let q),
                        .inSubquery(_, let q, _), .quantifiedSubquery(_, _, _, let q):
                        do { try visit(q) } catch { ok = false }
                    default: break
                    }
                    return ok
                }
            }
        }
        try visit(query)
        return ok ? pinned : nil
    }

    /// True for the name by which a query reads a subplan's result.
    func isIntermediateResult(_ name: QualifiedName) -> Bool {
        name.schema == nil && name.name.hasPrefix("citus_intermediate_result_")
    }

    /// True when `from` reads, directly, through joins or in a FROM
    /// subquery, a Citus table `matching` accepts.
    private func fromReads(
        _ from: [TableRef], _ context: StatementContext,
        matching: (DistributedTableRecord) -> Bool
    ) -> Bool {
        let scope = SelectStatement(body: .select(SimpleSelect(from: from)))
        return TableRewriter.tables(in: scope).contains {
            citusTable($0, context).map(matching) ?? false
        }
    }

    /// True when `query` reads columns of an enclosing query: analysed on
    /// its own it names something unknown.
    private func refersToOuterQuery(_ query: SelectStatement, _ context: StatementContext)
        -> Bool
    {
        do {
            try context.analyzeLocally(query)
            return false
        } catch let error as SQLError {
            return error.sqlState == SQLState.undefinedColumn
                || error.sqlState == SQLState.undefinedTable
        } catch {
            return true
        }
    }

    /// True when Citus could run `query` shard by shard as a subquery: one
    /// level over colocated tables joined on their distribution columns,
    /// no LIMIT or OFFSET, and grouping, DISTINCT and windows that keep
    /// each group within a shard.
    private func isPushable(_ query: SelectStatement, _ context: StatementContext) -> Bool {
        guard query.limit == nil, query.offset == nil, query.with == nil,
            case .select(let simple) = query.body,
            let tables = fromTables(simple.from, context),
            TableRewriter.tables(in: query).count == tables.count
        else { return false }
        guard tables.contains(where: { $0.record.method == .hash }) else { return true }
        let conditions = joinConditions(simple.from, whereClause: simple.whereClause)
        guard joinedOnDistributionColumns(tables, conditions) else { return false }
        func keysHoldDistributionColumn(_ keys: [Expr]) -> Bool {
            keys.contains { distributionColumnOwner(simple.outputExpression($0), tables) != nil }
        }
        let aggregates = (simple.targets.map(\.expr) + [simple.having].compactMap { $0 })
            .contains { !Analyzer.aggregateCalls(in: $0).isEmpty }
        if aggregates || !simple.groupBy.isEmpty {
            let keys = simple.groupBy.compactMap { element -> Expr? in
                if case .expr(let e) = element { return e }
                return nil
            }
            guard keysHoldDistributionColumn(keys) else { return false }
        }
        switch simple.distinct {
        case .none: break
        case .all:
            guard keysHoldDistributionColumn(simple.targets.map(\.expr)) else { return false }
        case .on(let keys):
            guard keysHoldDistributionColumn(keys) else { return false }
        }
        var windowsStayInShards = true
        for target in simple.targets {
            ExprWalker.visit(target.expr) { node in
                if case .function(let call) = node.kind, let window = call.over {
                    let partition = window.partitionBy
                    if !keysHoldDistributionColumn(partition) { windowsStayInShards = false }
                }
                return windowsStayInShards
            }
        }
        return windowsStayInShards
    }

    /// True when `simple` reads column `name` of the FROM item `refName`
    /// (qualified, or unqualified where that item is the only one).
    private func readsColumn(_ name: String, of refName: String, in simple: SimpleSelect)
        -> Bool
    {
        var found = false
        let query = SelectStatement(body: .select(simple))
        _ = TableRewriter(
            column: { parts in
                if parts.last == name || parts.last == "*" {
                    if parts.count == 1 || parts[parts.count - 2] == refName { found = true }
                }
                return nil
            }, replace: { _, _, _ in nil }
        ).query(query)
        let star = simple.targets.contains {
            if case .star = $0.expr.kind { return true }
            return false
        }
        return found || star
    }

    /// The WHERE conjuncts that read only the FROM item `refName`, which
    /// Citus pushes into the wrapped relation's subquery.
    private func restriction(of refName: String, in simple: SimpleSelect) -> Expr? {
        guard let whereClause = simple.whereClause else { return nil }
        let own = conjuncts(whereClause).filter { conjunct in
            var onlyOwn = true
            var any = false
            ExprWalker.visit(conjunct) { node in
                switch node.kind {
                case .columnRef(let parts):
                    any = true
                    if parts.count < 2 || parts[parts.count - 2] != refName { onlyOwn = false }
                case .subquery, .exists, .inSubquery, .quantifiedSubquery, .arraySubquery:
                    onlyOwn = false
                default: break
                }
                return onlyOwn
            }
            return onlyOwn && any
        }
        guard var result = own.first else { return nil }
        for next in own.dropFirst() { result = Expr(.and(result, next)) }
        return result
    }
}
