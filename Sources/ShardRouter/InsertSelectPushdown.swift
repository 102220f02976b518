// Pushdown of INSERT .. SELECT, decided and run as Citus 12.1 does: the
// checks of its DistributedInsertSelectSupported (what the SELECT reads,
// volatile functions, the target's distribution column coming from a
// colocated source's, colocation), then one task per target shard whose
// SELECT reads the colocated shards, with `distcol IS NOT NULL` added to
// its WHERE clause, and the tasks of different workers run in parallel.
import Engine
import SQLParser

extension CitusLibrary {
    /// Whether and how `insert` can run shard by shard.
    func insertSelectStrategy(
        _ insert: InsertStatement, _ query: SelectStatement, _ targets: [Int],
        _ record: DistributedTableRecord, _ context: StatementContext
    ) throws -> InsertSelectStrategy {
        let cteNames = Set(query.with?.queries.map(\.name) ?? [])
        let names = TableRewriter.tables(in: query).filter {
            !($0.schema == nil && cteNames.contains($0.name))
        }
        let records = names.map { citusTable($0, context) }
        func refuse(_ message: String, _ detail: String? = nil, _ hint: String? = nil)
            -> InsertSelectStrategy
        {
            .viaCoordinator(InsertSelectRefusal(message: message, detail: detail, hint: hint))
        }
        guard records.contains(where: { $0 != nil }) else {
            return refuse("distributed INSERT ... SELECT can only select from distributed tables")
        }
        let readsLocal = records.contains { $0 == nil }
        if readsLocal, records.contains(where: { $0?.method == .hash }) {
            return refuse(
                "distributed INSERT ... SELECT cannot select from distributed tables and "
                    + "local tables at the same time")
        }
        if readsLocal {
            return refuse("distributed INSERT ... SELECT cannot select from a local table")
        }
        if try callsVolatileFunction(query, insert.onConflict, context) {
            return refuse(
                "volatile functions are not allowed in distributed INSERT ... SELECT queries")
        }
        // TODO(#3): subqueries, CTEs, set operations and window functions
        // that Citus pushes down; they run through the coordinator here.
        guard query.with == nil, query.locking.isEmpty, case .select(let simple) = query.body,
            simple.into == nil, simple.namedWindows.isEmpty,
            let tables = fromTables(simple.from, context), tables.count == names.count,
            selectExpressions(simple, query).allSatisfy(isShardLocal)
        else { return .viaCoordinator(nil) }
        let filter = try sourceFilter(simple, tables, context)
        let router = filter.map { $0.indexes.count <= 1 } ?? false
        if !router, !pushableShape(simple, query, tables) { return .viaCoordinator(nil) }
        let source = PushdownSource(select: simple, tables: tables, filter: filter)
        if record.method == .none {
            guard tables.allSatisfy({ $0.record.method == .none }) else {
                return refuse(
                    "only reference tables may be queried when targeting a reference table "
                        + "with distributed INSERT ... SELECT")
            }
            return .pushdown(source)
        }
        if let refusal = try partitionColumnRefusal(simple, targets, record, tables, context) {
            return .viaCoordinator(refusal)
        }
        let hashed = tables.filter { $0.record.method == .hash }
        guard hashed.allSatisfy({ $0.record.colocationID == record.colocationID }) else {
            return refuse(
                "INSERT target relation and all source relations of the SELECT must be "
                    + "colocated in distributed INSERT ... SELECT")
        }
        let conditions = joinConditions(simple.from, whereClause: simple.whereClause)
        guard router || joinedOnDistributionColumns(tables, conditions) else {
            return refuse(
                "complex joins are only supported when all distributed tables are "
                    + "co-located and joined on their distribution columns")
        }
        return .pushdown(source)
    }

    /// A multi-shard SELECT each shard can run alone: no LIMIT or OFFSET,
    /// no DISTINCT, and any grouping on a distribution column.
    private func pushableShape(
        _ simple: SimpleSelect, _ query: SelectStatement, _ tables: [FromTable]
    ) -> Bool {
        // TODO(#3): Citus' own messages for these shapes (its subquery
        // pushdown checks); they run through the coordinator unexplained.
        guard query.limit == nil, query.offset == nil, simple.distinct == .none else {
            return false
        }
        let aggregates = (simple.targets.map(\.expr) + [simple.having].compactMap { $0 })
            .contains { !Analyzer.aggregateCalls(in: $0).isEmpty }
        guard aggregates || !simple.groupBy.isEmpty else { return true }
        return simple.groupBy.contains { element in
            guard case .expr(let e) = element else { return false }
            return distributionColumnOwner(simple.outputExpression(e), tables) != nil
        }
    }

    // MARK: - The distribution column

    /// Why the SELECT's column in the target's distribution column's place
    /// is not a colocated table's distribution column, in Citus' words.
    private func partitionColumnRefusal(
        _ simple: SimpleSelect, _ targets: [Int], _ record: DistributedTableRecord,
        _ tables: [FromTable], _ context: StatementContext
    ) throws -> InsertSelectRefusal? {
        let message =
            "cannot perform distributed INSERT INTO ... SELECT because the partition columns "
            + "in the source table and subquery do not match"
        guard let column = record.column, let position = targets.firstIndex(of: column.index)
        else {
            return InsertSelectRefusal(
                message: message, detail: "the query doesn't include the target table's "
                    + "partition column")
        }
        let outputs = expandedTargets(simple, tables, context)
        guard let outputs, position < outputs.count else { return nil }
        var expr = outputs[position].expr
        while case .paren(let inner) = expr.kind { expr = inner }
        guard case .columnRef = expr.kind, let owner = columnOwner(expr, tables, context) else {
            return InsertSelectRefusal(
                message: message,
                detail: "Subquery contains \(describe(expr)) in the same position as the "
                    + "target table's partition column.",
                hint: "Ensure the target table's partition column has a corresponding simple "
                    + "column reference to a distributed table's partition column in the "
                    + "subquery.")
        }
        if owner.type != column.type {
            return InsertSelectRefusal(
                message: message,
                detail: "The data type of the target table's partition column should exactly "
                    + "match the data type of the corresponding simple column reference in "
                    + "the subquery.")
        }
        guard distributionColumnOwner(expr, tables) != nil else {
            return InsertSelectRefusal(
                message: message,
                detail: "The target table's partition column should correspond to a partition "
                    + "column in the subquery.")
        }
        return nil
    }

    /// The select list with `*` and `t.*` expanded to the FROM tables'
    /// columns; nil when a star cannot be resolved.
    private func expandedTargets(
        _ simple: SimpleSelect, _ tables: [FromTable], _ context: StatementContext
    ) -> [ResultTarget]? {
        func columns(of table: FromTable) -> [ResultTarget]? {
            guard let definition = context.catalog.table(table.record.relation) else {
                return nil
            }
            return definition.liveColumns.map {
                ResultTarget(expr: Expr(.columnRef([table.reference, definition.columns[$0].name])))
            }
        }
        var result: [ResultTarget] = []
        for target in simple.targets {
            switch target.expr.kind {
            case .star:
                for table in tables {
                    guard let expanded = columns(of: table) else { return nil }
                    result += expanded
                }
            case .columnRef(let parts) where parts.last == "*":
                let name = parts.count >= 2 ? parts[parts.count - 2] : ""
                guard let table = tables.first(where: { $0.reference == name }),
                    let expanded = columns(of: table)
                else { return nil }
                result += expanded
            default:
                result.append(target)
            }
        }
        return result
    }

    /// The type of the table column `e` names, if it names one.
    private func columnOwner(_ e: Expr, _ tables: [FromTable], _ context: StatementContext)
        -> (table: FromTable, type: PGType)?
    {
        guard case .columnRef(let parts) = e.kind, let name = parts.last else { return nil }
        let holders = tables.filter { table in
            table.columns.contains(name)
                && (parts.count == 1 || parts[parts.count - 2] == table.reference)
        }
        guard holders.count == 1,
            let definition = context.catalog.table(holders[0].record.relation),
            let index = definition.columnIndex(name)
        else { return nil }
        return (holders[0], definition.columns[index].type)
    }

    /// How Citus names the kind of expression in the distribution column's
    /// place.
    private func describe(_ e: Expr) -> String {
        switch e.kind {
        case .literal: return "a constant value"
        case .binary, .unary, .between, .like, .isDistinctFrom: return "an operator"
        case .function(let f):
            if Analyzer.isAggregateName(f.name) { return "an aggregation" }
            switch f.name.name {
            case "coalesce": return "a coalesce expression"
            case "greatest", "least": return "a min/max expression"
            default: return "a function call"
            }
        // TODO(#3): casts PostgreSQL resolves to I/O coercion or a
        // relabeling, which Citus names differently.
        case .cast: return "an explicit cast"
        case .caseWhen: return "a case expression"
        case .row: return "a row expression"
        default: return "an expression that is not a simple column reference"
        }
    }

    // MARK: - Volatility and ON CONFLICT

    /// True when the SELECT or the ON CONFLICT clause calls a volatile
    /// function.
    private func callsVolatileFunction(
        _ query: SelectStatement, _ conflict: OnConflict?, _ context: StatementContext
    ) throws -> Bool {
        var found = false
        var expressions: [Expr] = []
        let collector = TableRewriter(node: { e in
            expressions.append(e)
            return nil
        }) { _, _, _ in nil }
        _ = collector.query(query)
        if case .update(let clauses, let whereClause)? = conflict?.action {
            expressions += clauses.map(\.value) + [whereClause].compactMap { $0 }
        }
        for e in expressions where !found {
            if case .function(let call) = e.kind, isVolatile(call, context) { found = true }
        }
        return found
    }

    /// True when the function `call` names is volatile (an unknown name
    /// counts as not volatile; analysis reports it).
    func isVolatile(_ call: FunctionCall, _ context: StatementContext) -> Bool {
        let catalog = context.catalog
        let schemas = call.name.schema.map { [$0] } ?? context.session.searchPathSchemas(catalog)
        for schema in schemas {
            let functions = catalog.functions(named: call.name.name, in: schema)
            if !functions.isEmpty { return functions.contains { $0.volatility == .volatile } }
        }
        return builtinFunctions(named: call.name.name).contains { $0.volatility == .volatile }
    }

    /// Citus' restrictions on ON CONFLICT of a distributed table: DO
    /// UPDATE may not change the distribution column, and its SET and
    /// WHERE may call only immutable functions.
    func checkOnConflict(
        _ insert: InsertStatement, _ record: DistributedTableRecord, _ context: StatementContext
    ) throws {
        guard case .update(let clauses, let whereClause)? = insert.onConflict?.action else {
            return
        }
        for clause in clauses {
            if callsMutable(clause.value, context) {
                throw SQLError.notSupported(
                    "functions used in the DO UPDATE SET clause of INSERTs on distributed "
                        + "tables must be marked IMMUTABLE")
            }
        }
        if let whereClause, callsMutable(whereClause, context) {
            throw SQLError.notSupported(
                "functions used in the WHERE clause of the ON CONFLICT clause of INSERTs on "
                    + "distributed tables must be marked IMMUTABLE")
        }
        guard let column = record.column else { return }
        let alias = insert.alias ?? record.name
        for clause in clauses where clause.column == column.name {
            // `SET col = col` leaves the value as it is, which Citus allows.
            var value = clause.value
            while case .paren(let inner) = value.kind { value = inner }
            if case .columnRef(let parts) = value.kind, parts.last == column.name,
                parts.count == 1 || parts[parts.count - 2] == alias
            {
                continue
            }
            throw SQLError.notSupported("modifying the partition value of rows is not allowed")
        }
    }

    /// True when `e` calls a function that is not immutable.
    private func callsMutable(_ e: Expr, _ context: StatementContext) -> Bool {
        var mutable = false
        ExprWalker.visit(e) { node in
            if case .function(let call) = node.kind, !isImmutable(call, context) {
                mutable = true
            }
            return !mutable
        }
        return mutable
    }

    private func isImmutable(_ call: FunctionCall, _ context: StatementContext) -> Bool {
        let catalog = context.catalog
        let schemas = call.name.schema.map { [$0] } ?? context.session.searchPathSchemas(catalog)
        for schema in schemas {
            let functions = catalog.functions(named: call.name.name, in: schema)
            if !functions.isEmpty { return functions.allSatisfy { $0.volatility == .immutable } }
        }
        let builtins = builtinFunctions(named: call.name.name)
        return builtins.isEmpty || builtins.allSatisfy { $0.volatility == .immutable }
    }
}
