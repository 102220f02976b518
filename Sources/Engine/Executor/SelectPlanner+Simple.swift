// A plain SELECT: FROM and WHERE (pushed into a single table's scan, with
// partition pruning and unique-index lookups), grouping with aggregates,
// HAVING, window functions (SelectPlanner+Window.swift), the select list
// with `*` expansion, DISTINCT [ON], ORDER BY by ordinal, output name or
// expression, and LIMIT/OFFSET.
import SQLParser

/// One select-list entry after `*` expansion.
struct TargetEntry {
    var name: String
    /// The expression as written (nil for a `*` column).
    var expr: Expr?
    var compiled: CompiledExpr
}

extension Executor {
    func planSimpleSelect(_ select: SimpleSelect, query: SelectStatement, outer: ColumnScope?)
        throws -> QueryPlan
    {
        if select.into != nil {
            throw SQLError.notSupported("SELECT ... INTO is not supported here")
        }
        let assignment = assignmentTargets
        assignmentTargets = nil
        let scope = QueryScope(parent: outer, parameters: parameters)
        let from = try planFromList(select.from, scope: scope, whereClause: select.whereClause)
        var source: PlanNode = from?.node ?? ResultNode()

        let grouped =
            !select.groupBy.isEmpty || select.having != nil
            || select.targets.contains { Analyzer.containsAggregate($0.expr) }
            || query.orderBy.contains { Analyzer.containsAggregate($0.expr) }
            || (select.targets.map(\.expr) + query.orderBy.map(\.expr)).contains {
                !Analyzer.groupingCalls(in: $0).isEmpty
            }
        var outputScope: ColumnScope = scope
        var grouping: GroupingPlan?
        if grouped {
            let plan = try planGrouping(select, query: query, scope: scope)
            grouping = plan
            outputScope = plan.scope
        }
        let windowing = try planWindows(
            select, query: query, scope: outputScope,
            width: grouping?.width ?? scope.width)
        if let windowing { outputScope = windowing.scope }
        let setFunctions = SetFunctionCollector()
        let targets = try compileTargets(
            select.targets, scope: outputScope, assignment: assignment, setFunctions: setFunctions)

        if let whereClause = select.whereClause {
            let predicate = try analyzer(scope).compileCondition(whereClause, clause: "WHERE")
            if let scan = from?.scan {
                source = try pushDown(whereClause, predicate, into: scan, scope: scope)
            } else {
                source = FilterNode(input: source, predicate: predicate)
            }
        }
        if let grouping, let sets = grouping.sets {
            source = GroupingSetsNode(
                input: source.projectingSets(grouping.inputSets), keys: grouping.keys,
                aggregates: grouping.aggregates, sets: sets,
                groupingCalls: grouping.groupingCalls, session: session)
        } else if let grouping {
            source = AggregateNode(
                input: source.projectingSets(grouping.inputSets), keys: grouping.keys,
                aggregates: grouping.aggregates,
                isPlainAggregate: grouping.isPlain, session: session)
        }
        if let grouping {
            if let having = select.having {
                let predicate = try analyzer(grouping.scope).compileCondition(
                    having, clause: "HAVING")
                source = FilterNode(input: source, predicate: predicate)
            }
        }
        if let windowing { source = WindowNode(input: source, calls: windowing.calls) }
        return try finishSelect(
            select, query: query, source: source, targets: targets, scope: outputScope,
            setFunctions: setFunctions)
    }

    /// The select list against `scope`, with `*` and `(expr).*`
    /// expanded. Set-returning calls register with `setFunctions`; without
    /// one they are refused.
    func compileTargets(
        _ targets: [ResultTarget], scope: ColumnScope,
        assignment: [(type: PGType, column: String)]? = nil,
        setFunctions: SetFunctionCollector? = nil, clause: String? = nil
    ) throws -> [TargetEntry] {
        var analyser = analyzer(scope)
        analyser.setFunctions = setFunctions
        analyser.clause = clause
        var entries: [TargetEntry] = []
        for (index, target) in targets.enumerated() {
            if let fields = try analyser.fieldStarExpansion(target.expr) {
                for field in fields {
                    entries.append(
                        TargetEntry(
                            name: field.name, expr: field.expr,
                            compiled: try analyser.compile(field.expr)))
                }
                continue
            }
            if let table = starQualifier(target.expr) {
                let columns = try scope.expandStar(
                    table: table.isEmpty ? nil : table, location: target.expr.location)
                for c in columns {
                    let slot = c.column.slot
                    entries.append(
                        TargetEntry(
                            name: c.name, expr: nil,
                            compiled: CompiledExpr(type: c.column.type) { row, _ in row[slot] }))
                }
                continue
            }
            let compiled: CompiledExpr
            if let assignment, index < assignment.count,
                try analyser.analyse(target.expr).type == .unknown
            {
                compiled = try analyser.compileAssignment(
                    target.expr, to: assignment[index].type, column: assignment[index].column)
            } else {
                compiled = try analyser.compile(target.expr)
            }
            let name = target.alias ?? Analyzer.outputName(for: target.expr)
            entries.append(TargetEntry(name: name, expr: target.expr, compiled: compiled))
        }
        return entries
    }

    /// `[]` for `*`, `["t"]` for `t.*`, nil for any other expression.
    private func starQualifier(_ e: Expr) -> [String]? {
        switch e.kind {
        case .star: return []
        case .paren(let inner): return starQualifier(inner)
        case .columnRef(let parts) where parts.last == "*": return Array(parts.dropLast())
        default: return nil
        }
    }

    /// DISTINCT, ORDER BY, LIMIT over the projected select list.
    private func finishSelect(
        _ select: SimpleSelect, query: SelectStatement, source: PlanNode, targets: [TargetEntry],
        scope: ColumnScope, setFunctions: SetFunctionCollector
    ) throws -> QueryPlan {
        let width = targets.count
        var hidden: [CompiledExpr] = []
        var hiddenKeys: [String] = []
        var keys: [SortKey] = []
        let isDistinct: Bool
        if case .all = select.distinct { isDistinct = true } else { isDistinct = false }
        var analyser = analyzer(scope)
        analyser.setFunctions = setFunctions
        for item in query.orderBy {
            if item.usingOperator != nil && item.usingOperator != "<" && item.usingOperator != ">" {
                throw SQLError.notSupported(
                    "ORDER BY USING is not supported yet", position: item.expr.location + 1)
            }
            var sortItem = item
            if item.usingOperator == ">" { sortItem.direction = .descending }
            if let slot = try targetSlot(item.expr, targets, clause: "ORDER BY") {
                try requireOrdering(targets[slot].compiled.type, location: item.expr.location)
                keys.append(SortKey(item: sortItem, type: targets[slot].compiled.type, slot: slot))
                continue
            }
            if isDistinct {
                throw SQLError(
                    SQLState.invalidColumnReference,
                    "for SELECT DISTINCT, ORDER BY expressions must appear in select list",
                    position: item.expr.location + 1)
            }
            let compiled = try analyser.compile(item.expr)
            try requireOrdering(compiled.type, location: item.expr.location)
            keys.append(SortKey(item: sortItem, type: compiled.type, slot: width + hidden.count))
            hidden.append(compiled)
            hiddenKeys.append(exprKey(item.expr))
        }
        var distinctOnSlots: [Int] = []
        if case .on(let exprs) = select.distinct {
            for e in exprs {
                if let slot = try targetSlot(e, targets, clause: "SELECT DISTINCT ON") {
                    distinctOnSlots.append(slot)
                } else if let existing = hiddenKeys.firstIndex(of: exprKey(e)) {
                    distinctOnSlots.append(width + existing)
                } else {
                    distinctOnSlots.append(width + hidden.count)
                    hidden.append(try analyser.compile(e))
                    hiddenKeys.append(exprKey(e))
                }
            }
            try checkDistinctOnOrder(exprs, distinctOnSlots, keys)
        }
        var root: PlanNode = ProjectNode(
            input: source.projectingSets(setFunctions), exprs: targets.map(\.compiled) + hidden)
        if isDistinct {
            for target in targets {
                try requireEquality(target.compiled.type, location: target.expr?.location)
            }
            let jsonb = Set(targets.indices.filter { targets[$0].compiled.type == .jsonb })
            root = DistinctNode(input: root, slots: Array(0..<width), jsonbSlots: jsonb)
        }
        if !keys.isEmpty { root = SortNode(input: root, keys: keys) }
        if !distinctOnSlots.isEmpty { root = DistinctNode(input: root, slots: distinctOnSlots) }
        root = try applyLimit(root, query: query, outer: scope.parent)
        if !hidden.isEmpty { root = TrimNode(input: root, count: width) }
        let columns = targets.map { ColumnDescription(name: $0.name, type: $0.compiled.type) }
        return QueryPlan(root: root, columns: columns)
    }

    /// The select-list slot an ORDER BY / DISTINCT ON item names: an
    /// ordinal, an output column name, or the same expression.
    private func targetSlot(_ e: Expr, _ targets: [TargetEntry], clause: String) throws -> Int? {
        if let ordinal = try outputOrdinal(e, count: targets.count, clause: clause) {
            return ordinal
        }
        if case .columnRef(let parts) = e.kind, parts.count == 1 {
            let matches = targets.indices.filter { targets[$0].name == parts[0] }
            if let first = matches.first {
                let distinct = Set(matches.map { targets[$0].expr.map(exprKey) ?? "*\($0)" })
                if distinct.count > 1 {
                    throw SQLError(
                        SQLState.ambiguousColumn, "\(clause) \"\(parts[0])\" is ambiguous",
                        position: e.location + 1)
                }
                return first
            }
        }
        let key = exprKey(e)
        return targets.firstIndex { $0.expr.map(exprKey) == key }
    }

    private func checkDistinctOnOrder(_ exprs: [Expr], _ slots: [Int], _ keys: [SortKey]) throws {
        let onSet = Set(slots)
        for (i, key) in keys.enumerated() where i < slots.count {
            if !onSet.contains(key.slot) {
                throw SQLError(
                    SQLState.invalidColumnReference,
                    "SELECT DISTINCT ON expressions must match initial ORDER BY expressions",
                    position: exprs.first.map { $0.location + 1 })
            }
        }
    }
}
