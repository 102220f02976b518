// Planning a query (PostgreSQL's transformSelectStmt plus the planner):
// WITH lists, VALUES, set operations and plain SELECTs with their FROM,
// WHERE, GROUP BY, HAVING, select list, DISTINCT, ORDER BY and
// LIMIT/OFFSET, turned into a PlanNode tree whose output columns are
// described for RowDescription.
import SQLParser

/// A planned query: its operator tree and output columns.
struct QueryPlan {
    var root: PlanNode
    var columns: [ColumnDescription]
}

/// A WITH query as FROM items see it.
struct CommonTableEntry {
    var node: PlanNode
    var columns: [ColumnDescription]
}

extension Executor {
    /// Plans `query`; `outer` is the enclosing level's scope for a
    /// subquery.
    func planQuery(_ query: SelectStatement, outer: ColumnScope?) throws -> QueryPlan {
        if let with = query.with {
            try pushCommonTables(with, outer: outer)
        }
        defer { if query.with != nil { cteFrames.removeLast() } }
        switch query.body {
        case .select(let select):
            return try planSimpleSelect(select, query: query, outer: outer)
        case .values(let rows):
            let plan = try planValues(rows, outer: outer)
            return try finishOutputQuery(plan, query: query, outer: outer)
        case .setOperation(let op, let all, let left, let right):
            let plan = try planSetOperation(op, all: all, left, right, outer: outer)
            return try finishOutputQuery(plan, query: query, outer: outer)
        }
    }

    func pushCommonTables(_ with: WithClause, outer: ColumnScope?) throws {
        cteFrames.append([:])
        for cte in with.queries {
            guard case .select(let select) = cte.statement else {
                throw SQLError.notSupported(
                    "data-modifying statements in WITH are not supported yet",
                    position: cte.location + 1)
            }
            if cteFrames[cteFrames.count - 1][cte.name] != nil {
                throw SQLError(
                    SQLState.duplicateAlias,
                    "WITH query name \"\(cte.name)\" specified more than once",
                    position: cte.location + 1)
            }
            if with.isRecursive, Self.reads(cte.name, in: select) {
                try pushRecursiveTable(cte, select, outer: outer)
                continue
            }
            let plan: QueryPlan
            do {
                plan = try planQuery(select, outer: outer)
            } catch var error as SQLError {
                // A WITH query reading itself or a later one, as PostgreSQL
                // explains.
                let later = with.queries.drop { $0.name != cte.name }.map(\.name)
                if error.sqlState == SQLState.undefinedTable, error.detail == nil,
                    let name = later.first(where: {
                        error.message == "relation \"\($0)\" does not exist"
                    })
                {
                    error.detail =
                        "There is a WITH item named \"\(name)\", but it cannot be referenced "
                        + "from this part of the query."
                    error.hint =
                        "Use WITH RECURSIVE, or re-order the WITH items to remove forward "
                        + "references."
                }
                throw error
            }
            var columns = plan.columns
            if cte.columnNames.count > columns.count {
                throw SQLError(
                    SQLState.invalidColumnReference,
                    "WITH query \"\(cte.name)\" has \(columns.count) columns available but \(cte.columnNames.count) columns specified",
                    position: cte.location + 1)
            }
            for (i, name) in cte.columnNames.enumerated() { columns[i].name = name }
            cteFrames[cteFrames.count - 1][cte.name] = CommonTableEntry(
                node: MaterializeNode(input: plan.root), columns: columns)
        }
    }

    /// The WITH query `name` in scope, innermost first.
    func commonTable(_ name: String) -> CommonTableEntry? {
        for frame in cteFrames.reversed() {
            if let entry = frame[name] { return entry }
        }
        if let result = session.intermediateResults[name] {
            return CommonTableEntry(
                node: MaterializeNode(input: RowsNode(rows: result.rows)), columns: result.columns)
        }
        return nil
    }

    /// The distributed subplan's result an unqualified `name` reads, when
    /// no WITH query in scope has that name.
    func intermediateResult(_ name: QualifiedName) -> IntermediateResult? {
        guard name.parts.count == 1,
            !cteFrames.contains(where: { $0[name.name] != nil })
        else { return nil }
        return session.intermediateResults[name.name]
    }

    /// VALUES (...), (...): columns typed by their common type.
    func planValues(_ rows: [[Expr]], outer: ColumnScope?) throws -> QueryPlan {
        guard let width = rows.first?.count else {
            throw SQLError(SQLState.syntaxError, "VALUES must have at least one row")
        }
        for row in rows where row.count != width {
            throw SQLError(
                SQLState.syntaxError, "VALUES lists must all be the same length",
                position: (row.first?.location).map { $0 + 1 })
        }
        // A level of its own, so an outer column reads the enclosing row.
        let level = outer.map { QueryScope(parent: $0, parameters: parameters) }
        var analyser = analyzer(level)
        analyser.clause = "VALUES"
        let types = try rows.map { row in try row.map { try analyser.analyse($0).type } }
        var compiled: [[CompiledExpr]] = rows.map { _ in [] }
        var columns: [ColumnDescription] = []
        for c in 0..<width {
            let locations = rows.map { $0[c].location }
            let common = try commonType(
                types.map { $0[c] }, locations: locations, construct: "VALUES")
            for r in 0..<rows.count {
                compiled[r].append(
                    types[r][c] == common
                        ? try analyser.compile(rows[r][c])
                        : try analyser.compile(rows[r][c], as: common, what: "VALUES"))
            }
            columns.append(ColumnDescription(name: "column\(c + 1)", type: common))
        }
        return QueryPlan(root: ValuesNode(rows: compiled), columns: columns)
    }

    private func planSetOperation(
        _ op: SetOperator, all: Bool, _ left: SelectStatement, _ right: SelectStatement,
        outer: ColumnScope?
    ) throws -> QueryPlan {
        let l = try planQuery(left, outer: outer)
        let r = try planQuery(right, outer: outer)
        guard l.columns.count == r.columns.count else {
            throw SQLError(
                SQLState.syntaxError,
                "each \(op.rawValue) query must have the same number of columns",
                position: Self.firstTargetLocation(right).map { $0 + 1 })
        }
        var types: [PGType] = []
        for (a, b) in zip(l.columns, r.columns) {
            types.append(try commonType([a.type, b.type], locations: [], construct: op.rawValue))
        }
        let leftNode = try coerceColumns(l, to: types)
        let rightNode = try coerceColumns(r, to: types)
        let columns = zip(l.columns, types).map { ColumnDescription(name: $0.0.name, type: $0.1) }
        return QueryPlan(
            root: SetOperationNode(op: op, all: all, left: leftNode, right: rightNode),
            columns: columns)
    }

    /// A projection casting `plan`'s columns to `types` where they differ.
    func coerceColumns(_ plan: QueryPlan, to types: [PGType]) throws -> PlanNode {
        let sources = plan.columns.map(\.type)
        guard sources != types else { return plan.root }
        let exprs = zip(sources, types).enumerated().map { slot, pair in
            let (from, to) = pair
            if from == to { return CompiledExpr(type: to) { row, _ in row[slot] } }
            return CompiledExpr(type: to) { row, _ in
                let v = row[slot]
                return v.isNull ? v : try castValue(v, from: from, to: to)
            }
        }
        return ProjectNode(input: plan.root, exprs: exprs)
    }

    /// ORDER BY / LIMIT / OFFSET over a VALUES or set-operation result,
    /// whose ORDER BY sees only the output columns.
    private func finishOutputQuery(_ plan: QueryPlan, query: SelectStatement, outer: ColumnScope?)
        throws -> QueryPlan
    {
        var root = plan.root
        if !query.orderBy.isEmpty {
            let scope = QueryScope(parent: outer, parameters: parameters)
            scope.addEntry(
                refName: "", schema: nil, columns: plan.columns.map { ($0.name, $0.type) })
            let analyser = analyzer(scope)
            var keys: [SortKey] = []
            var extra: [CompiledExpr] = []
            for item in query.orderBy {
                if let slot = try outputOrdinal(
                    item.expr, count: plan.columns.count, clause: "ORDER BY")
                {
                    try requireOrdering(plan.columns[slot].type, location: item.expr.location)
                    keys.append(SortKey(item: item, type: plan.columns[slot].type, slot: slot))
                    continue
                }
                let compiled = try analyser.compile(item.expr)
                try requireOrdering(compiled.type, location: item.expr.location)
                keys.append(
                    SortKey(item: item, type: compiled.type, slot: plan.columns.count + extra.count)
                )
                extra.append(compiled)
            }
            if !extra.isEmpty {
                let width = plan.columns.count
                let passThrough = plan.columns.enumerated().map { slot, c in
                    CompiledExpr(type: c.type) { row, _ in row[slot] }
                }
                root = ProjectNode(input: root, exprs: passThrough + extra)
                root = SortNode(input: root, keys: keys)
                root = TrimNode(input: root, count: width)
            } else {
                root = SortNode(input: root, keys: keys)
            }
        }
        root = try applyLimit(root, query: query, outer: outer)
        return QueryPlan(root: root, columns: plan.columns)
    }

    /// `ORDER BY 2`: the 0-based output column, nil when `e` is not an
    /// integer constant.
    func outputOrdinal(_ e: Expr, count: Int, clause: String) throws -> Int? {
        guard case .literal(.integer(let digits)) = e.kind else { return nil }
        guard let n = Int(digits), n >= 1, n <= count else {
            throw SQLError(
                SQLState.invalidColumnReference,
                "\(clause) position \(digits) is not in select list",
                position: e.location + 1)
        }
        return n - 1
    }

    /// LIMIT and OFFSET (bigint expressions without column references).
    func applyLimit(_ root: PlanNode, query: SelectStatement, outer: ColumnScope?) throws
        -> PlanNode
    {
        guard query.limit != nil || query.offset != nil else { return root }
        let analyser = analyzer(outer)
        let limit =
            try query.limit.map { e -> CompiledExpr? in
                if case .literal(.null) = e.kind { return nil }
                return try analyser.compile(e, as: .int8, what: "LIMIT")
            } ?? nil
        let offset = try query.offset.map { try analyser.compile($0, as: .int8, what: "OFFSET") }
        return LimitNode(input: root, limit: limit, offset: offset)
    }
}
