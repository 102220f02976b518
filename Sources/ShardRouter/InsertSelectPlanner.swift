// INSERT .. SELECT on Citus tables, planned as Citus 12.1 plans it
// (its insert_select_planner):
//
// - Pushdown: when the SELECT reads only tables colocated with the target
//   and its distribution column lands in the target's, every target shard
//   gets one task, `INSERT INTO shard AS citus_table_alias .. SELECT ..
//   FROM colocated shards`, run on its worker; shards whose SELECT is
//   pruned away are skipped (InsertSelectPushdown.swift).
// - Otherwise the planner reports why at DEBUG1, the SELECT runs as any
//   distributed SELECT, and its rows are collected on the coordinator and
//   routed to the target's shards ("Collecting INSERT ... SELECT results on
//   coordinator"), or, for a multi-shard SELECT that needs no merge on the
//   coordinator, repartitioned between the workers.
// - A local target reads the distributed SELECT's rows and inserts them
//   here.
import Engine
import SQLParser

/// Why an INSERT .. SELECT cannot be pushed down, as Citus reports it at
/// DEBUG1 before it falls back to the coordinator.
struct InsertSelectRefusal {
    var message: String
    var detail: String?
    var hint: String?
}

/// How an INSERT .. SELECT into a Citus table runs.
enum InsertSelectStrategy {
    /// One task per target shard; `tables` are the SELECT's FROM tables.
    case pushdown(PushdownSource)
    /// The SELECT's rows come to the coordinator; the refusal is nil for
    /// shapes the simulation does not push down yet.
    case viaCoordinator(InsertSelectRefusal?)
}

/// The SELECT of a pushable INSERT .. SELECT.
struct PushdownSource {
    var select: SimpleSelect
    var tables: [FromTable]
    /// The shards the SELECT's WHERE clause leaves, nil for all.
    var filter: ShardFilter?
}

extension CitusLibrary {
    /// INSERT .. SELECT into the Citus table `record`.
    func planInsertSelect(
        _ insert: InsertStatement, _ query: SelectStatement, into record: DistributedTableRecord,
        context: StatementContext
    ) throws -> QueryResult {
        guard let table = context.catalog.table(record.relation) else {
            throw SQLError(SQLState.undefinedTable, "relation \"\(record.name)\" does not exist")
        }
        var targets = try insertTargets(insert, table)
        let query = bindParameters(query, context)
        let columns = try context.describeLocally(query)
        try checkAssignments(
            columns, targets, explicit: !insert.columns.isEmpty, table, query, context)
        // Without a column list the SELECT fills the first columns.
        targets = Array(targets.prefix(columns.count))
        try checkOnConflict(insert, record, context)
        let strategy = try insertSelectStrategy(insert, query, targets, record, context)
        switch strategy {
        case .pushdown(let source):
            let evaluated = try evaluatedOnCoordinator(query, context)
            return try pushDown(
                insert, evaluated, source: source, targets: targets, into: record,
                context: context)
        case .viaCoordinator(let refusal):
            if let refusal { debug1(refusal, context.session) }
            return try insertViaCoordinator(
                insert, query, targets: targets, table: table, into: record, context: context)
        }
    }

    /// The columns INSERT fills, as indexes into the table's columns.
    func insertTargets(_ insert: InsertStatement, _ table: TableDefinition) throws -> [Int] {
        guard !insert.columns.isEmpty else { return table.liveColumns }
        return try insert.columns.map { name in
            guard let index = table.columnIndex(name) else {
                throw SQLError(
                    SQLState.undefinedColumn,
                    "column \"\(name)\" of relation \"\(table.name)\" does not exist")
            }
            return index
        }
    }

    /// PostgreSQL's parse analysis of INSERT .. SELECT: no more SELECT
    /// columns than target columns, each assignable to its column.
    private func checkAssignments(
        _ columns: [ColumnDescription], _ targets: [Int], explicit: Bool,
        _ table: TableDefinition, _ query: SelectStatement, _ context: StatementContext
    ) throws {
        let selectTargets: [ResultTarget]
        if case .select(let simple) = query.body { selectTargets = simple.targets } else {
            selectTargets = []
        }
        func position(_ index: Int) -> Int? {
            guard index < selectTargets.count, selectTargets[index].expr.location >= 0 else {
                return nil
            }
            return selectTargets[index].expr.location + 1
        }
        guard columns.count <= targets.count else {
            throw SQLError(
                SQLState.syntaxError, "INSERT has more expressions than target columns",
                position: position(targets.count))
        }
        if explicit, columns.count < targets.count {
            throw SQLError(
                SQLState.syntaxError, "INSERT has more target columns than expressions",
                position: nil)
        }
        for (index, column) in columns.enumerated() {
            let definition = table.columns[targets[index]]
            // NULL of the column's type, named by its typname (`_text`
            // for text[]), which resolves where format_type's might not.
            let typname = TypeCatalog.info(column.type.oid)?.typname ?? formatType(column.type)
            var typed = Expr(.cast(Expr(.literal(.null)), TypeName([typname]), .doubleColon))
            // A quoted literal is of unknown type and takes its column's.
            if index < selectTargets.count, case .literal(.string) = selectTargets[index].expr.kind
            {
                typed = selectTargets[index].expr
            }
            do {
                _ = try context.evaluate(
                    typed, assigningTo: definition.type, column: definition.name)
            } catch var error as SQLError {
                error.position = position(index)
                throw error
            }
        }
    }

    // MARK: - Via the coordinator

    /// Runs the SELECT as a distributed SELECT and routes its rows to the
    /// target's shards from here.
    private func insertViaCoordinator(
        _ insert: InsertStatement, _ query: SelectStatement, targets: [Int],
        table: TableDefinition, into record: DistributedTableRecord, context: StatementContext
    ) throws -> QueryResult {
        if explainCapture(for: context.session) != nil {
            // TODO(#3): Citus' `Custom Scan (Citus INSERT ... SELECT)` with
            // its INSERT/SELECT method and the SELECT's plan.
            throw SQLError.notSupported(
                "EXPLAIN of INSERT ... SELECT via the coordinator is not supported yet")
        }
        let repartitioned = try isRepartitionable(query, target: record, context)
        let selected = try planSelect(query, context: context)
        let qualified = quoted(record.schema) + "." + quoted(record.name)
        if repartitioned {
            debug1("performing repartitioned INSERT ... SELECT", context.session)
            guard let column = record.column,
                let position = targets.sorted().firstIndex(of: column.index)
            else {
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "the partition column of table \(qualified) should have a value")
            }
            debug2(
                "partitioning SELECT query by column index \(position) with name "
                    + "'\(column.name)'", context.session)
        } else {
            debug1("Collecting INSERT ... SELECT results on coordinator", context.session)
        }
        let live = table.liveColumns
        let types = selected.columns?.map(\.type) ?? []
        var rows: [Row] = []
        rows.reserveCapacity(selected.rows.count)
        for source in selected.rows {
            var row = try live.map { column -> Value in
                targets.contains(column) ? .null : try columnDefault(table, column, context)
            }
            for (index, column) in targets.prefix(types.count).enumerated() {
                guard let slot = live.firstIndex(of: column) else { continue }
                row[slot] = try castValue(
                    source[index], from: types[index], to: table.columns[column].type,
                    context: .assignment)
            }
            if let column = record.column, let slot = live.firstIndex(of: column.index),
                row[slot].isNull
            {
                throw SQLError(
                    SQLState.nullValueNotAllowed,
                    "the partition column of table \(qualified) cannot be NULL")
            }
            rows.append(row)
        }
        let columns = live.map {
            ColumnDescription(name: table.columns[$0].name, type: table.columns[$0].type)
        }
        var template = insert
        template.onConflict = insert.onConflict.map { bindParameters($0, context) }
        template.returning = insert.returning.map {
            ResultTarget(expr: bindParameters($0.expr, context), alias: $0.alias)
        }
        return try send(
            rows, columns: columns, like: template, into: record, session: context.session,
            reportsRouting: false)
    }

    /// The value a column's DEFAULT gives it, or NULL.
    func columnDefault(_ table: TableDefinition, _ column: Int, _ context: StatementContext)
        throws -> Value
    {
        let definition = table.columns[column]
        guard let expr = definition.defaultExpr else { return .null }
        return try context.evaluate(expr, assigningTo: definition.type, column: definition.name)
    }

    /// True when Citus would repartition the SELECT's rows between the
    /// workers: a multi-shard SELECT whose coordinator step is a plain
    /// projection (no merged aggregates, sort, limit or DISTINCT) into a
    /// hash-distributed table.
    private func isRepartitionable(
        _ query: SelectStatement, target: DistributedTableRecord, _ context: StatementContext
    ) throws -> Bool {
        guard target.method == .hash, query.with == nil, query.orderBy.isEmpty,
            query.limit == nil, query.offset == nil, query.locking.isEmpty,
            case .select(let simple) = query.body, simple.distinct == .none,
            simple.namedWindows.isEmpty, let tables = fromTables(simple.from, context),
            TableRewriter.tables(in: query).count == tables.count,
            tables.contains(where: { $0.record.method == .hash }),
            joinedOnDistributionColumns(
                tables, joinConditions(simple.from, whereClause: simple.whereClause)),
            selectExpressions(simple, query).allSatisfy(isShardLocal)
        else { return false }
        let filter = try sourceFilter(simple, tables, context)
        if let filter, filter.indexes.count <= 1 { return false }
        let aggregates = (simple.targets.map(\.expr) + [simple.having].compactMap { $0 })
            .contains { !Analyzer.aggregateCalls(in: $0).isEmpty }
        guard aggregates || !simple.groupBy.isEmpty else { return true }
        // Grouping merges on the coordinator unless a distribution column
        // is one of the group keys.
        return simple.groupBy.contains { element in
            guard case .expr(let e) = element else { return false }
            return distributionColumnOwner(simple.outputExpression(e), tables) != nil
        }
    }

    /// Every expression of a simple SELECT.
    func selectExpressions(_ select: SimpleSelect, _ query: SelectStatement) -> [Expr] {
        var found = select.targets.map(\.expr)
        found += [select.whereClause, select.having].compactMap { $0 }
        found += query.orderBy.map(\.expr)
        for element in select.groupBy {
            if case .expr(let e) = element { found.append(e) }
        }
        return found
    }

    /// True when `e` reads nothing beyond its shard's row: no subquery and
    /// no window function.
    func isShardLocal(_ e: Expr) -> Bool {
        var local = true
        ExprWalker.visit(e) { node in
            switch node.kind {
            case .subquery, .exists, .arraySubquery, .inSubquery, .quantifiedSubquery:
                local = false
            case .function(let f) where f.over != nil:
                local = false
            default:
                break
            }
            return local
        }
        return local
    }

    /// The shards the WHERE clause leaves of the SELECT's distributed
    /// tables (joined tables share them); nil when it does not restrict
    /// them.
    func sourceFilter(_ select: SimpleSelect, _ tables: [FromTable], _ context: StatementContext)
        throws -> ShardFilter?
    {
        var filter: ShardFilter?
        for table in tables where table.record.method == .hash {
            guard
                let found = try shardFilter(
                    table.record, whereClause: select.whereClause, alias: table.reference,
                    context)
            else { continue }
            filter = filter.map { $0.intersection(found) } ?? found
        }
        return filter
    }

    // MARK: - A local target

    /// INSERT into a table of this node from a SELECT that reads Citus
    /// tables: the SELECT runs distributed, its rows are inserted here.
    func planInsertSelectIntoLocal(
        _ insert: InsertStatement, _ query: SelectStatement, context: StatementContext
    ) throws -> QueryResult {
        if explainCapture(for: context.session) != nil {
            // TODO(#3): EXPLAIN of a local INSERT over a distributed SELECT.
            throw SQLError.notSupported(
                "EXPLAIN of INSERT ... SELECT into a local table is not supported yet")
        }
        let selected = try planSelect(
            bindParameters(query, context), context: context, allowsFastPath: false)
        let name = "citus_insert_select_result"
        let result = IntermediateResult(columns: selected.columns ?? [], rows: selected.rows)
        var statement = insert
        statement.source = .select(
            SelectStatement(
                body: .select(
                    SimpleSelect(
                        targets: [ResultTarget(expr: Expr(.star))],
                        from: [.table(QualifiedName([name]), alias: nil, only: false)]))))
        statement.onConflict = insert.onConflict.map { bindParameters($0, context) }
        statement.returning = insert.returning.map {
            ResultTarget(expr: bindParameters($0.expr, context), alias: $0.alias)
        }
        return try context.executeLocally(.insert(statement), results: [name: result])
    }

    /// True when `query` reads a Citus table anywhere.
    func readsCitusTables(_ query: SelectStatement, _ context: StatementContext) -> Bool {
        TableRewriter.tables(in: query).contains { citusTable($0, context) != nil }
    }
}
