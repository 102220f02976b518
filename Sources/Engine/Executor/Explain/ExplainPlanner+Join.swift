// EXPLAIN of a SELECT over two joined tables: the scans of both (with
// their own conditions), the cheapest of PostgreSQL's join paths in both
// orders, and the nodes above it (Aggregate, HashAggregate, Sort, Limit).
// Shapes whose choice depends on paths the planner does not model (index
// scans on a join column, sorted outputs a merge join could supply for
// ORDER BY or GROUP BY, VERBOSE and ANALYZE) raise 0A000.
import Foundation
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
        // TODO(#3): ANALYZE of joins.
        guard !options.analyze else { throw notSupported() }
        var shape = try joinShape(select)
        // TODO(#3): VERBOSE of a join with a subplan's result.
        if options.verbose, shape.inputs.contains(where: \.relation.isIntermediateResult) {
            throw notSupported()
        }
        let groupKeys = try orderedGroupKeys(select, query)
        let orderExprs = query.orderBy.map { select.outputExpression($0.expr) }
        try noteNeededColumns(&shape, select, upper: groupKeys + orderExprs)
        let printer = joinPrinter(shape)
        let groupSignature = try signature(
            groupKeys.map { ($0, nil) }, shape, printer)
        let orderSignature = try signature(
            query.orderBy.map { (select.outputExpression($0.expr), $0) }, shape, printer)
        let querySignature = groupKeys.isEmpty ? orderSignature : groupSignature
        let usefulKey = try requireSimpleOrder(querySignature, shape)
        var scans = try shape.inputs.map(joinScan)
        for rel in scans.indices { scans[rel].joinInput = rel }
        let rows = try joinRows(shape, scans)
        let considerStartup = query.limit != nil || query.offset != nil
        var bases: [BasePaths] = []
        for rel in 0..<2 {
            bases.append(
                try basePaths(
                    shape, rel, scans[rel], upperKeys: groupKeys + orderExprs,
                    considerStartup: considerStartup))
        }
        let width = shape.inputs.indices.reduce(0) {
            $0 + self.width(shape.inputs[$1].neededAbove, shape.inputs[$1].relation)
        }
        var paths: [JoinPath] = []
        for outer in [0, 1] {
            for path in try joinCandidates(
                shape, outer: outer, bases[outer], bases[1 - outer], rows: rows, width: width,
                usefulKey: usefulKey, printer)
            {
                addPath(path, to: &paths, considerStartup: considerStartup)
            }
        }
        let aggregates = select.targets.flatMap { Analyzer.aggregateCalls(in: $0.expr) }
        if !groupKeys.isEmpty {
            paths = try joinGrouping(
                paths, shape, groupKeys, groupSignature, scans, select, printer,
                considerStartup: considerStartup)
        } else if !aggregates.isEmpty {
            guard let cheapest = cheapestTotal(paths) else { throw notSupported() }
            try requireModelledAggregates(select, printer)
            paths = [
                JoinPath(
                    node: aggregate(
                        cheapest.node, aggregates: aggregates.count,
                        width: try joinTargetWidth(select, shape)))
            ]
        }
        if !query.orderBy.isEmpty {
            // A Sort names the key by its equivalence class's first member.
            let keys = try query.orderBy.map { item in
                var item = item
                item.expr = classMember(select.outputExpression(item.expr), shape)
                return try sortKeyText(item, select, printer)
            }
            paths = ordered(
                paths, keys: keys, signature: orderSignature, bound: try sortBound(query),
                considerStartup: considerStartup)
        }
        if considerStartup {
            var limited: [JoinPath] = []
            for path in paths {
                addPath(
                    JoinPath(node: try limit(path.node, query), sortedOn: path.sortedOn),
                    to: &limited, considerStartup: true)
            }
            paths = limited
        }
        guard var node = cheapestTotal(paths)?.node else { throw notSupported() }
        if options.verbose {
            try addVerboseOutputs(
                &node, shape, select, query, groupKeys: groupKeys,
                aggregates: !aggregates.isEmpty, printer)
        }
        // TODO(#3): the JIT lines PostgreSQL adds above jit_above_cost.
        guard !options.costs || node.totalCost <= 100_000 else { throw notSupported() }
        return node
    }

    /// The rows a bounded sort keeps: OFFSET plus LIMIT.
    private func sortBound(_ query: SelectStatement) throws -> Double? {
        guard let count = try limitCount(query) else { return nil }
        return count + (try constantCount(query.offset) ?? 0)
    }

    /// The sort step under ORDER BY: each path already in order as it is,
    /// the cheapest sorted, as create_ordered_paths offers them.
    private func ordered(
        _ paths: [JoinPath], keys: [String], signature: [String], bound: Double?,
        considerStartup: Bool
    ) -> [JoinPath] {
        let cheapest = cheapestIndex(paths)
        var out: [JoinPath] = []
        for (i, path) in paths.enumerated() {
            let sorted = path.sortedOn.starts(with: signature)
            guard sorted || i == cheapest else { continue }
            let node = sorted ? path.node : sort(path.node, keys: keys, limit: bound)
            addPath(
                JoinPath(node: node, sortedOn: signature), to: &out,
                considerStartup: considerStartup)
        }
        return out
    }

    /// The position of the cheapest path (see cheapestTotal).
    private func cheapestIndex(_ paths: [JoinPath]) -> Int? {
        var best: Int?
        for (i, path) in paths.enumerated() {
            guard let b = best else {
                best = i
                continue
            }
            let (x, y) = (path.node, paths[b].node)
            if x.totalCost < y.totalCost
                || (x.totalCost == y.totalCost && x.startupCost < y.startupCost)
            {
                best = i
            }
        }
        return best
    }

    /// The order ORDER BY or GROUP BY asks for, as the planner's pathkeys:
    /// a join column stands for its equality ("=k"), any other key for its
    /// text; a column a constant pins orders nothing and is left out.
    private func signature(
        _ items: [(Expr, SortItem?)], _ shape: JoinShape, _ printer: ExplainExprPrinter
    ) throws -> [String] {
        var out: [String] = []
        for (expr, item) in items {
            var key = try printer.keyText(expr)
            if let item {
                guard item.usingOperator == nil else { throw notSupported() }
                let descending = item.direction == .descending
                if descending { key += " DESC" }
                switch (item.nulls, descending) {
                case (.first?, false): key += " NULLS FIRST"
                case (.last?, true): key += " NULLS LAST"
                default: break
                }
            }
            if case .columnRef(let parts) = stripParens(expr).kind,
                let rel = owner(parts, shape.inputs),
                let physical = shape.inputs[rel].relation.entry.column(parts.last ?? "")?
                    .physical
            {
                if shape.pinned[rel].contains(physical) { continue }
                if let k = shape.equalities.firstIndex(where: { $0.physical[rel] == physical }) {
                    key = key.replacingOccurrences(of: try printer.keyText(expr), with: "=\(k)")
                }
            }
            if out.last != key { out.append(key) }
        }
        return out
    }

    /// The equality whose order the query can use from a merge join (0),
    /// nil when it asks for none; other orders over join columns raise
    /// 0A000.
    private func requireSimpleOrder(_ signature: [String], _ shape: JoinShape) throws -> Int? {
        guard signature.contains(where: { $0.hasPrefix("=") }) else { return nil }
        // TODO(#3): descending merge orders, incremental sorts, merge
        // clauses reordered for the query's order, outer joins' orders.
        guard shape.kind == .inner, shape.equalities.count == 1, signature == ["=0"] else {
            throw notSupported()
        }
        return 0
    }

    /// Raises 0A000 for aggregates whose costs (final functions, other
    /// transition functions) the planner does not model over joins.
    private func requireModelledAggregates(_ select: SimpleSelect, _ printer: ExplainExprPrinter)
        throws
    {
        for target in select.targets {
            for call in Analyzer.aggregateCalls(in: target.expr) {
                guard case .function(let f) = call.kind else { throw notSupported() }
                switch f.name.name {
                case "count", "min", "max": continue
                case "sum":
                    guard let argument = f.arguments.first?.value,
                        [.int2, .int4].contains(try printer.analyzer.analyse(argument).type)
                    else { throw notSupported() }
                default: throw notSupported()
                }
            }
        }
    }

    /// GROUP BY over the join, as add_paths_to_grouping_rel offers it: a
    /// GroupAggregate over each path in the keys' order and over the
    /// cheapest sorted, a HashAggregate over the cheapest. A key a constant
    /// pins leaves every path in order.
    private func joinGrouping(
        _ paths: [JoinPath], _ shape: JoinShape, _ keys: [Expr], _ signature: [String],
        _ scans: [ExplainNode], _ select: SimpleSelect, _ printer: ExplainExprPrinter,
        considerStartup: Bool
    ) throws -> [JoinPath] {
        // TODO(#3): several grouping keys and expressions as keys.
        guard keys.count == 1, case .columnRef(let parts) = stripParens(keys[0]).kind,
            let rel = owner(parts, shape.inputs),
            let column = shape.inputs[rel].relation.entry.column(parts.last ?? "")?.physical,
            let cheapest = cheapestIndex(paths)
        else { throw notSupported() }
        try requireModelledAggregates(select, printer)
        let texts = try keys.map(printer.keyText)
        // A Sort names the key by its equivalence class's first member.
        let sortTexts = try keys.map { try printer.keyText(classMember($0, shape)) }
        let width = try joinTargetWidth(select, shape)
        let aggregates = select.targets.reduce(0) {
            $0 + Analyzer.aggregateCalls(in: $1.expr).count
        }
        let groups = try groupCount(
            shape.inputs[rel], column, relationRows: scans[rel].rows,
            inputRows: paths[cheapest].node.rows)
        var out: [JoinPath] = []
        for (i, path) in paths.enumerated() {
            let sorted = path.sortedOn.starts(with: signature)
            guard sorted || i == cheapest else { continue }
            let input = sorted ? path.node : sort(path.node, keys: sortTexts, limit: nil)
            var node = ExplainNode("GroupAggregate", children: [input])
            node.details = ["Group Key: " + texts.joined(separator: ", ")]
            node.startupCost = input.startupCost
            node.totalCost =
                input.totalCost + cpuOperatorCost * Double(keys.count + aggregates) * input.rows
                + cpuTupleCost * groups
            node.rows = groups
            node.width = width
            addPath(
                JoinPath(node: node, sortedOn: signature), to: &out,
                considerStartup: considerStartup)
        }
        let input = paths[cheapest].node
        var hash = ExplainNode("HashAggregate", children: [input])
        hash.details = ["Group Key: " + texts.joined(separator: ", ")]
        hash.startupCost =
            input.totalCost + cpuOperatorCost * Double(keys.count + aggregates) * input.rows
        hash.totalCost = hash.startupCost + cpuTupleCost * groups
        hash.rows = groups
        hash.width = width
        addPath(JoinPath(node: hash), to: &out, considerStartup: considerStartup)
        return out
    }

    /// estimate_num_groups for one column: its distinct count (at most the
    /// table's tuples), thinned by the share of rows the relation's
    /// conditions keep, at most the rows grouped.
    func groupCount(
        _ input: JoinInput, _ column: Int, relationRows: Double, inputRows: Double
    ) throws -> Double {
        let tuples = relationTuples(input)
        var distinct = min(try distinctCount(input, column), tuples)
        if distinct > 0 && relationRows < tuples {
            distinct *= 1 - pow((tuples - relationRows) / tuples, tuples / distinct)
        }
        distinct = clampRows(distinct)
        return max(1, min(ceil(distinct), inputRows))
    }

    /// A join column as its equivalence class names it: the first column
    /// of its equality as written (the class's first member).
    private func classMember(_ e: Expr, _ shape: JoinShape) -> Expr {
        guard case .columnRef(let parts) = stripParens(e).kind,
            let rel = owner(parts, shape.inputs),
            let physical = shape.inputs[rel].relation.entry.column(parts.last ?? "")?.physical,
            let equality = shape.equalities.first(where: { $0.physical[rel] == physical }),
            case .binary(_, let first, _) = equality.expr.kind
        else { return e }
        return first
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

    /// The paths of relation `rel`: its scan and, when its key leads
    /// with the join column, the full index scan in that order (kept
    /// unless add_path finds it worse on both costs).
    private func basePaths(
        _ shape: JoinShape, _ rel: Int, _ scan: ExplainNode, upperKeys: [Expr],
        considerStartup: Bool
    ) throws -> BasePaths {
        var base = BasePaths(paths: [JoinPath(node: scan)])
        guard let index = try joinIndex(shape, rel, upperKeys: upperKeys) else { return base }
        // TODO(#3): Memoize, which PostgreSQL weighs when the other
        // side's join column has a known distinct count.
        let other = 1 - rel
        let column = shape.equalities[0].physical[other]
        let outerRows = try joinScan(shape.inputs[other]).rows
        let groups = try groupCount(
            shape.inputs[other], column, relationRows: outerRows, inputRows: outerRows)
        // A cache of inner rows pays when outer rows repeat a key.
        guard isDefaultDistinct(shape.inputs[other], column) || groups >= outerRows else {
            throw notSupported()
        }
        base.index = index
        var full = try indexScan(
            shape.inputs[rel], index, param: nil, loops: 1, rows: scan.rows)
        full.joinInput = rel
        addPath(
            JoinPath(node: full, sortedOn: [mergeOrder]), to: &base.paths,
            considerStartup: considerStartup)
        return base
    }

    /// The join's rows: the inputs' product times the conditions'
    /// selectivities, at least the rows of a side an outer join keeps.
    private func joinRows(_ shape: JoinShape, _ scans: [ExplainNode]) throws -> Double {
        var rows = scans[0].rows * scans[1].rows * (try joinSelectivity(shape))
        switch shape.kind {
        case .inner: break
        case .left: rows = max(rows, scans[0].rows)
        case .right: rows = max(rows, scans[1].rows)
        case .full: rows = max(rows, scans[0].rows, scans[1].rows)
        }
        return clampRows(rows)
    }

    /// clauselist_selectivity of the join's conditions: their product in
    /// PostgreSQL's clause order, 1/max(ndistinct) for an equality and
    /// DEFAULT_INEQ_SEL for an inequality.
    func joinSelectivity(_ shape: JoinShape) throws -> Double {
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
            selectivity *= 1.0 / 3.0
        }
        return selectivity
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

    func noteColumns(
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
            self.owner(parts, inputs).map { inputs[$0].relation.label }
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
