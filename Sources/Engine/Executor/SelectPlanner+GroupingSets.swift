// GROUPING SETS, ROLLUP, CUBE and GROUPING(), expanded as parse_agg.c's
// expand_grouping_sets does: each GROUP BY element stands for a list of
// sets, the clause for their cartesian product (`GROUP BY a, ROLLUP(b)` is
// the sets (a, b) and (a)); GROUP BY DISTINCT drops repeated sets.
import SQLParser

extension Analyzer {
    /// GROUPING() calls in `e` at this query level, outermost first, not
    /// descending into subqueries or aggregate calls.
    package static func groupingCalls(in e: Expr) -> [Expr] {
        var found: [Expr] = []
        ExprWalker.visit(e) { node in
            guard case .function(let call) = node.kind, call.over == nil else { return true }
            if isGroupingCall(call) {
                found.append(node)
                return false
            }
            return !isAggregateName(call.name)
        }
        return found
    }

    /// `GROUPING(...)`, the grammar's grouping operation.
    static func isGroupingCall(_ call: FunctionCall) -> Bool {
        call.name.parts == ["grouping"]
    }
}

extension Executor {
    /// PostgreSQL's limit on the sets one GROUP BY expands to.
    private static let maximumGroupingSets = 4096

    /// The distinct key expressions of a GROUP BY with grouping sets, and
    /// each set as indices into them, listed as the output reads them.
    func expandGroupingSets(_ select: SimpleSelect, scope: QueryScope) throws
        -> (keys: [Expr], sets: [[Int]])
    {
        var keys: [Expr] = []
        var keyIndex: [String: Int] = [:]
        func index(_ e: Expr) throws -> Int {
            let resolved = try resolveGroupItem(e, select: select, scope: scope)
            let key = exprKey(resolved)
            if let found = keyIndex[key] { return found }
            keys.append(resolved)
            keyIndex[key] = keys.count - 1
            return keys.count - 1
        }
        // An item inside ROLLUP, CUBE or GROUPING SETS: `(a, b)` is one set.
        func items(_ e: Expr) throws -> [Int] {
            switch e.kind {
            case .row(let list, explicitRow: false): return try list.map(index)
            case .paren(let inner): return try items(inner)
            default: return [try index(e)]
            }
        }
        func expand(_ element: GroupingElement, nested: Bool) throws -> [[Int]] {
            switch element {
            case .empty:
                return [[]]
            case .expr(let e):
                if case .row(let list, explicitRow: false) = e.kind {
                    return [try list.map(index)]
                }
                return [nested ? try items(e) : [try index(e)]]
            case .rollup(let parts):
                let resolved = try parts.map { try $0.map(index) }
                return (0...resolved.count).reversed().map {
                    Array(resolved.prefix($0).joined())
                }
            case .cube(let parts):
                let resolved = try parts.map { try $0.map(index) }
                guard resolved.count < 13 else { throw tooManySets() }
                // Every subset, the whole first, in the order of their masks
                // read from the most significant part down.
                let n = resolved.count
                return (0..<(1 << n)).reversed().map { mask in
                    resolved.indices.filter { mask & (1 << (n - 1 - $0)) != 0 }
                        .flatMap { resolved[$0] }
                }
            case .groupingSets(let inner):
                return try inner.flatMap { try expand($0, nested: true) }
            }
        }

        var sets: [[Int]] = [[]]
        for element in select.groupBy {
            let choices = try expand(element, nested: false)
            guard sets.count * max(choices.count, 1) <= Self.maximumGroupingSets else {
                throw tooManySets()
            }
            sets = sets.flatMap { prefix in choices.map { prefix + $0 } }
        }
        if select.groupByDistinct {
            var seen: Set<[Int]> = []
            sets = sets.filter { seen.insert(Array(Set($0)).sorted()).inserted }
        }
        // The planner reads the sets largest first, the empty set ahead.
        let size = sets.map { $0.isEmpty ? Int.max : Set($0).count }
        let order = sets.indices.sorted { (size[$0], $1) > (size[$1], $0) }
        return (keys, order.map { sets[$0] })
    }

    private func tooManySets() -> SQLError {
        SQLError(
            SQLState.statementTooComplex, "too many grouping sets present (maximum 4096)")
    }

    /// A GROUPING() call's arguments as indices into the GROUP BY keys,
    /// with PostgreSQL's errors for anything else.
    func groupingArguments(_ call: Expr, keys: [Expr], scope: QueryScope) throws -> [Int] {
        guard case .function(let fn) = call.kind else { return [] }
        if fn.arguments.count >= 32 {
            throw SQLError(
                SQLState.tooManyArguments, "GROUPING must have fewer than 32 arguments",
                position: call.location + 1)
        }
        let analyser = analyzer(scope)
        let keyTexts = keys.map(exprKey)
        return try fn.arguments.map { argument in
            let e = argument.value
            if let nested = Analyzer.aggregateCalls(in: e).first {
                throw SQLError(
                    SQLState.groupingError, "aggregate function calls cannot be nested",
                    position: nested.location + 1)
            }
            // Names that do not resolve are reported as such first.
            _ = try analyser.analyse(e)
            if let found = keyTexts.firstIndex(of: exprKey(e)) { return found }
            if case .columnRef(let parts) = e.kind,
                let column = try scope.resolveColumn(parts, location: e.location),
                let found = try keys.firstIndex(where: { key in
                    guard case .columnRef(let keyParts) = key.kind else { return false }
                    return try scope.resolveColumn(keyParts, location: key.location)?.slot
                        == column.slot
                })
            {
                return found
            }
            throw SQLError(
                SQLState.groupingError,
                "arguments to GROUPING must be grouping expressions of the associated query level",
                position: e.location + 1)
        }
    }
}
