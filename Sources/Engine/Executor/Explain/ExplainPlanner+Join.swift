// EXPLAIN of a SELECT over two joined tables: the scans of both (with
// their own conditions), the cheapest of PostgreSQL's join paths in both
// orders, and the nodes above it (Aggregate, HashAggregate, Sort, Limit).
// Shapes whose choice depends on paths the planner does not model (index
// scans on a join column, sorted outputs a merge join could supply for
// ORDER BY or GROUP BY, VERBOSE and ANALYZE) raise 0A000.
import SQLParser

extension ExplainPlanner {
    /// True when the FROM list is a join this planner handles.
    func isJoin(_ select: SimpleSelect) -> Bool {
        if select.from.count > 1 { return true }
        if case .join? = select.from.first { return true }
        return false
    }

    func planJoinSelect(_ query: SelectStatement, _ select: SimpleSelect) throws
        -> ExplainNode
    {
        // TODO(#3): VERBOSE and ANALYZE of joins.
        guard !options.verbose, !options.analyze else { throw notSupported() }
        var shape = try joinShape(select)
        let groupKeys = try orderedGroupKeys(select, query)
        let orderExprs = query.orderBy.map { select.outputExpression($0.expr) }
        try noteNeededColumns(&shape, select, upper: groupKeys + orderExprs)
        try requireNoIndexOnJoinColumns(shape)
        try requireUnsortedKeys(shape, groupKeys + orderExprs)
        let printer = joinPrinter(shape)
        let scans = try shape.inputs.map(joinScan)
        let rows = try joinRows(shape, scans)
        let width = shape.inputs.indices.reduce(0) {
            $0 + self.width(shape.inputs[$1].neededAbove, shape.inputs[$1].relation)
        }
        let considerStartup = query.limit != nil || query.offset != nil
        var paths: [ExplainNode] = []
        for outer in [0, 1] {
            for path in try joinCandidates(
                shape, outer: outer, scans[outer], scans[1 - outer], rows: rows, width: width,
                printer)
            {
                addPath(path, to: &paths, considerStartup: considerStartup)
            }
        }
        guard var node = cheapestTotal(paths) else { throw notSupported() }
        let aggregates = select.targets.flatMap { Analyzer.aggregateCalls(in: $0.expr) }
        if !groupKeys.isEmpty {
            node = try joinGrouping(node, shape, groupKeys, aggregates.count, select, printer)
        } else if !aggregates.isEmpty {
            guard query.orderBy.isEmpty else { throw notSupported() }
            node = aggregate(
                node, aggregates: aggregates.count, width: try joinTargetWidth(select, shape))
        }
        if !query.orderBy.isEmpty {
            let keys = try query.orderBy.map { try sortKeyText($0, select, printer) }
            node = sort(node, keys: keys, limit: try limitCount(query))
        }
        if considerStartup {
            if groupKeys.isEmpty, aggregates.isEmpty, query.orderBy.isEmpty {
                node = try cheapestLimited(paths, query)
            } else {
                node = try limit(node, query)
            }
        }
        // TODO(#3): the JIT lines PostgreSQL adds above jit_above_cost.
        guard !options.costs || node.totalCost <= 100_000 else { throw notSupported() }
        return node
    }

    /// Under LIMIT, the cheapest of the join's paths cut short.
    private func cheapestLimited(_ paths: [ExplainNode], _ query: SelectStatement) throws
        -> ExplainNode
    {
        var limited: [ExplainNode] = []
        for path in paths {
            addPath(try limit(path, query), to: &limited, considerStartup: true)
        }
        guard let best = cheapestTotal(limited) else { throw notSupported() }
        return best
    }

    /// GROUP BY over the join: a GroupAggregate when a constant pins every
    /// key (any order is sorted on them), else a HashAggregate.
    private func joinGrouping(
        _ input: ExplainNode, _ shape: JoinShape, _ keys: [Expr], _ aggregates: Int,
        _ select: SimpleSelect, _ printer: ExplainExprPrinter
    ) throws -> ExplainNode {
        let texts = try keys.map(printer.keyText)
        let width = try joinTargetWidth(select, shape)
        let pinned = keys.allSatisfy { key in
            guard case .columnRef(let parts) = stripParens(key).kind,
                let rel = owner(parts, shape.inputs),
                let column = shape.inputs[rel].relation.entry.column(parts.last ?? ""),
                let physical = column.physical
            else { return false }
            return shape.pinned[rel].contains(physical)
        }
        if pinned {
            // TODO(#3): the group count PostgreSQL estimates for keys a
            // constant pins, which COSTS ON prints.
            guard !options.costs else { throw notSupported() }
            var node = ExplainNode("GroupAggregate", children: [input])
            node.details = ["Group Key: " + texts.joined(separator: ", ")]
            node.width = width
            return node
        }
        // TODO(#3): sorting and grouping few rows, which PostgreSQL
        // prefers to hashing by costs the planner does not model.
        guard input.rows >= 100 else { throw notSupported() }
        return hashAggregate(input, keys: texts, aggregates: aggregates, width: width)
    }

    private func stripParens(_ e: Expr) -> Expr {
        var e = e
        while case .paren(let inner) = e.kind { e = inner }
        return e
    }

    /// The scan of one input with its own conditions.
    private func joinScan(_ input: JoinInput) throws -> ExplainNode {
        let whereClause = input.restrictions.isEmpty ? nil : conjunction(input.restrictions)
        var relation = input.relation
        if relation.table.isPartitioned {
            relation = try scannedRelation(input.name, alias: input.alias, whereClause)
        }
        return try scan(
            relation, whereClause: whereClause, width: width(input.needed, relation),
            indexOnly: input.needed, output: .none)
    }

    /// The join's rows: the inputs' product times the conditions'
    /// selectivities, at least the rows of a side an outer join keeps.
    private func joinRows(_ shape: JoinShape, _ scans: [ExplainNode]) throws -> Double {
        // clauselist_selectivity's product, in the join's clause order.
        var selectivity = 1.0
        for clause in joinClauseOrder(shape) {
            if let equality = shape.equalities.first(where: { $0.expr == stripParens(clause) }) {
                selectivity *= 1.0 / max(
                    try distinctCount(shape.inputs[0], equality.physical[0]),
                    try distinctCount(shape.inputs[1], equality.physical[1]))
                continue
            }
            guard case .binary(let op, _, _) = stripParens(clause).kind,
                ["<", "<=", ">", ">="].contains(op)
            else {
                // TODO(#3): selectivities of other join conditions.
                throw notSupported()
            }
            // DEFAULT_INEQ_SEL.
            selectivity *= 1.0 / 3.0
        }
        var rows = scans[0].rows * scans[1].rows * selectivity
        switch shape.kind {
        case .inner: break
        case .left: rows = max(rows, scans[0].rows)
        case .right: rows = max(rows, scans[1].rows)
        case .full: rows = max(rows, scans[0].rows, scans[1].rows)
        }
        return clampRows(rows)
    }

    /// Notes the columns each input's scan returns and those the join
    /// returns.
    private func noteNeededColumns(
        _ shape: inout JoinShape, _ select: SimpleSelect, upper: [Expr]
    ) throws {
        let above = select.targets.map(\.expr) + upper
        for e in above {
            try noteColumns(e, &shape) { shape, rel, column in
                shape.inputs[rel].neededAbove.insert(column)
            }
        }
        for input in shape.inputs.indices {
            shape.inputs[input].needed = shape.inputs[input].neededAbove
        }
        for e in shape.writtenJoinClauses {
            try noteColumns(e, &shape) { shape, rel, column in
                shape.inputs[rel].needed.insert(column)
            }
        }
    }

    private func noteColumns(
        _ e: Expr, _ shape: inout JoinShape, _ note: (inout JoinShape, Int, Int) -> Void
    ) throws {
        if isStar(e) {
            var rels = Array(shape.inputs.indices)
            if case .columnRef(let parts) = e.kind, parts.count >= 2 {
                rels = rels.filter { shape.inputs[$0].relation.refName == parts[parts.count - 2] }
            }
            for rel in rels {
                for column in shape.inputs[rel].relation.table.liveColumns {
                    note(&shape, rel, column)
                }
            }
            return
        }
        var found: [(Int, Int)] = []
        var unknown = false
        let inputs = shape.inputs
        ExprWalker.visit(e) { node in
            if case .columnRef(let parts) = node.kind {
                guard let rel = owner(parts, inputs),
                    let physical = inputs[rel].relation.entry.column(parts.last ?? "")?.physical
                else {
                    unknown = true
                    return false
                }
                found.append((rel, physical))
            }
            return true
        }
        guard !unknown else { throw notSupported() }
        for (rel, column) in found { note(&shape, rel, column) }
    }

    /// Raises 0A000 when a join column leads a relation's index: its
    /// parameterised index scans, sorted index scans and unique inner
    /// side are paths the planner does not model.
    private func requireNoIndexOnJoinColumns(_ shape: JoinShape) throws {
        for equality in shape.equalities {
            for rel in 0..<2 {
                let table = shape.inputs[rel].relation.table
                let indexed = table.constraints.contains {
                    $0.keyColumns?.contains(equality.physical[rel]) ?? false
                }
                // TODO(#3): index scans inside joins.
                guard !indexed else { throw notSupported() }
            }
        }
    }

    /// Raises 0A000 when ORDER BY or GROUP BY names a column of a join
    /// clause, whose order a merge join's output has: the planner does not
    /// weigh sorted paths against sorting.
    private func requireUnsortedKeys(_ shape: JoinShape, _ keys: [Expr]) throws {
        for key in keys {
            var shape = shape
            var hit = false
            try noteColumns(key, &shape) { shape, rel, column in
                if shape.equalities.contains(where: { $0.physical[rel] == column }) { hit = true }
            }
            // TODO(#3): sorted join paths under ORDER BY and GROUP BY.
            guard !hit else { throw notSupported() }
        }
    }

    /// A printer of the join's expressions, every column qualified with
    /// its relation's name.
    private func joinPrinter(_ shape: JoinShape) -> ExplainExprPrinter {
        let scope = QueryScope(parent: nil, parameters: executor.parameters)
        for input in shape.inputs {
            let table = input.relation.table
            let live = table.liveColumns
            scope.addEntry(
                refName: input.relation.refName, schema: input.alias == nil ? table.schema : nil,
                columns: live.map { (table.columns[$0].name, table.columns[$0].type) },
                physical: live, table: table, rowWidth: table.columns.count,
                usage: ColumnUsage())
        }
        var printer = ExplainExprPrinter(analyzer: executor.analyzer(scope), qualifier: nil)
        let inputs = shape.inputs
        printer.columnQualifier = { parts in
            self.owner(parts, inputs).map { inputs[$0].relation.refName }
        }
        return printer
    }

    /// The width of the SELECT's result over the join.
    private func joinTargetWidth(_ select: SimpleSelect, _ shape: JoinShape) throws -> Int {
        let analyzer = joinPrinter(shape).analyzer
        var total = 0
        for target in select.targets {
            if isStar(target.expr) { throw notSupported() }
            if !Analyzer.aggregateCalls(in: target.expr).isEmpty {
                total += try aggregateWidth(target.expr, analyzer)
            } else {
                total += typeWidth(try analyzer.analyse(target.expr).type)
            }
        }
        return total
    }
}
