// GROUP BY and aggregates: GROUP BY items resolved as PostgreSQL does
// (an ordinal names a select-list entry; a bare name is an input column
// first, else a select-list alias; anything else is an expression), the
// aggregate calls of the select list, HAVING and ORDER BY compiled once
// each, and the scope the grouped row is seen through.
import SQLParser

/// The aggregation step of a query level.
struct GroupingPlan {
    var keys: [CompiledExpr]
    var aggregates: [AggregatePlan]
    /// No GROUP BY: exactly one output row.
    var isPlain: Bool
    /// Names as seen after grouping.
    var scope: GroupedScope
    /// Set-returning calls of the GROUP BY keys, evaluated on the input
    /// rows below the aggregation (`GROUP BY generate_series(1, 3)`).
    var inputSets: SetFunctionCollector
    /// GROUPING SETS, ROLLUP, CUBE or `()`: each set as indices into
    /// `keys`; nil for a plain GROUP BY.
    var sets: [[Int]]?
    /// The GROUPING() calls, each as indices into `keys`; their values
    /// follow the aggregates in the grouped row.
    var groupingCalls: [[Int]] = []

    /// Columns of the grouped row.
    var width: Int { keys.count + aggregates.count + groupingCalls.count }
}

extension Executor {
    func planGrouping(_ select: SimpleSelect, query: SelectStatement, scope: QueryScope) throws
        -> GroupingPlan
    {
        let analyser = analyzer(scope)
        var calls: [Expr] = []
        var seenCalls: Set<String> = []
        let sources =
            select.targets.map(\.expr) + (select.having.map { [$0] } ?? [])
            + query.orderBy.map(\.expr)
        for e in sources {
            for call in Analyzer.aggregateCalls(in: e)
            where seenCalls.insert(exprKey(call)).inserted {
                calls.append(call)
            }
        }
        let aggregates = try calls.map { try analyser.compileAggregate($0) }
        var groupingExprs: [Expr] = []
        var seenGrouping: Set<String> = []
        for e in sources {
            for call in Analyzer.groupingCalls(in: e)
            where seenGrouping.insert(exprKey(call)).inserted {
                groupingExprs.append(call)
            }
        }

        let usesSets =
            !groupingExprs.isEmpty
            || select.groupBy.contains { if case .expr = $0 { return false } else { return true } }
        var sets: [[Int]]?
        let keyExprs: [Expr]
        if usesSets {
            let expanded = try expandGroupingSets(select, scope: scope)
            (keyExprs, sets) = (expanded.keys, expanded.sets)
        } else {
            keyExprs = try groupKeys(select, scope: scope)
        }
        let inputSets = SetFunctionCollector()
        var keyAnalyser = analyser
        keyAnalyser.setFunctions = inputSets
        var keys: [CompiledExpr] = []
        var keyMap: [String: ResolvedColumn] = [:]
        var keyColumns: [Int: ResolvedColumn] = [:]
        for (i, e) in keyExprs.enumerated() {
            let compiled = try keyAnalyser.compile(e)
            try requireEquality(compiled.type, location: e.location)
            keys.append(compiled)
            let column = ResolvedColumn(slot: i, type: compiled.type)
            keyMap[exprKey(e)] = keyMap[exprKey(e)] ?? column
            if case .columnRef(let parts) = unparenthesized(e).kind,
                let input = try scope.resolveColumn(parts, location: e.location), input.depth == 0
            {
                keyColumns[input.slot] = keyColumns[input.slot] ?? column
            }
        }
        var aggregateMap: [String: ResolvedColumn] = [:]
        var orderedSets: [String: (ResolvedColumn, OrderedSetCall)] = [:]
        for (j, call) in calls.enumerated() {
            let column = ResolvedColumn(slot: keys.count + j, type: aggregates[j].resultType)
            if let orderedSet = aggregates[j].orderedSet {
                orderedSets[exprKey(call)] = (column, orderedSet)
            } else {
                aggregateMap[exprKey(call)] = column
            }
        }
        let groupingCalls = try groupingExprs.map {
            try groupingArguments($0, keys: keyExprs, scope: scope)
        }
        for (j, call) in groupingExprs.enumerated() {
            aggregateMap[exprKey(call)] = ResolvedColumn(
                slot: keys.count + calls.count + j, type: .int4)
        }
        let grouped = GroupedScope(
            input: scope, keys: keyMap, keyColumnSlots: keyColumns, aggregates: aggregateMap,
            orderedSets: orderedSets)
        return GroupingPlan(
            keys: keys, aggregates: aggregates, isPlain: select.groupBy.isEmpty, scope: grouped,
            inputSets: inputSets, sets: sets,
            groupingCalls: groupingCalls)
    }

    private func unparenthesized(_ e: Expr) -> Expr {
        if case .paren(let inner) = e.kind { return unparenthesized(inner) }
        return e
    }

    /// The GROUP BY items as expressions over the input rows.
    func groupKeys(_ select: SimpleSelect, scope: QueryScope) throws -> [Expr] {
        var keys: [Expr] = []
        for element in select.groupBy {
            switch element {
            case .empty:
                continue
            case .expr(let e):
                // `GROUP BY (a, b)` groups by a and b.
                if case .row(let items, explicitRow: false) = e.kind {
                    for item in items {
                        keys.append(try resolveGroupItem(item, select: select, scope: scope))
                    }
                    continue
                }
                keys.append(try resolveGroupItem(e, select: select, scope: scope))
            case .rollup, .cube, .groupingSets:
                throw SQLError.notSupported("ROLLUP, CUBE and GROUPING SETS are not supported yet")
            }
        }
        return keys
    }

    func resolveGroupItem(_ e: Expr, select: SimpleSelect, scope: QueryScope) throws -> Expr
    {
        if case .literal(.integer(let digits)) = e.kind {
            let plain = select.targets.filter { target in
                if case .star = target.expr.kind { return false }
                if case .columnRef(let parts) = target.expr.kind, parts.last == "*" { return false }
                return true
            }
            guard plain.count == select.targets.count else {
                throw SQLError.notSupported(
                    "GROUP BY position with * in the select list is not supported",
                    position: e.location + 1)
            }
            guard let n = Int(digits), n >= 1, n <= select.targets.count else {
                throw SQLError(
                    SQLState.invalidColumnReference,
                    "GROUP BY position \(digits) is not in select list",
                    position: e.location + 1)
            }
            let target = select.targets[n - 1].expr
            if Analyzer.containsAggregate(target) {
                throw SQLError(
                    SQLState.groupingError, "aggregate functions are not allowed in GROUP BY",
                    position: target.location + 1)
            }
            return target
        }
        if case .columnRef(let parts) = e.kind, parts.count == 1 {
            if (try? scope.resolveColumn(parts, location: e.location)) ?? nil != nil { return e }
            if let target = select.targets.first(where: { $0.alias == parts[0] }) {
                if Analyzer.containsAggregate(target.expr) {
                    throw SQLError(
                        SQLState.groupingError, "aggregate functions are not allowed in GROUP BY",
                        position: target.expr.location + 1)
                }
                return target.expr
            }
        }
        if Analyzer.containsAggregate(e) {
            throw SQLError(
                SQLState.groupingError, "aggregate functions are not allowed in GROUP BY",
                position: e.location + 1)
        }
        return e
    }
}
