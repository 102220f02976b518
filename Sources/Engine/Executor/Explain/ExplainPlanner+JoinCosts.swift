// The ways PostgreSQL 15 joins two relations and what each costs, by
// costsize.c's formulas over the estimates for never-analysed tables:
//
// - Merge Join: both inputs sorted on the join columns; rescans of the
//   inner's equal keys inflate its run cost (rescanned tuples are the
//   join's rows less the inner's), each compared row costs one operator
//   per clause and each joined row cpu_tuple_cost plus its Join Filter.
// - Nested Loop: the inner rescanned once per outer row, as it is or
//   through a Materialize (two operators per row to store, one to reread);
//   every pair evaluates the join's conditions.
// - Hash Join: the inner hashed at startup (one operator per clause and
//   cpu_tuple_cost per row), every outer row hashed and compared with half
//   a bucket, the bucket a tenth of the inner when the column's distinct
//   count is the default 200, else its share of the buckets.
//
// Join rows multiply the inputs by 1/max(ndistinct) per equality (200, or
// the table's tuples when fewer) and 1/3 per inequality, and an outer join
// keeps at least the rows of the side it preserves. Paths are kept as
// add_path keeps them (fuzzily by 1%), and the cheapest total wins.
import Foundation
import SQLParser

/// add_path's comparison of two paths' costs.
private enum CostComparison { case equal, better1, better2, different }

/// A plan with the order it delivers, as far as ORDER BY or GROUP BY can
/// use it: sort keys, "=k" for the columns of the join's kth equality.
struct JoinPath {
    var node: ExplainNode
    var sortedOn: [String] = []
}

/// work_mem's default, 4MB.
private let workMemBytes = 4.0 * 1024 * 1024

extension ExplainPlanner {
    /// The join's candidate plans with `outer` and `inner` as inputs.
    func joinCandidates(
        _ shape: JoinShape, outer: Int, _ outerPath: ExplainNode, _ innerPath: ExplainNode,
        rows: Double, width: Int, usefulKey: Int?, _ printer: ExplainExprPrinter
    ) throws -> [JoinPath] {
        let kind = outer == 0 ? shape.kind : shape.kind.swapped
        let inner = 1 - outer
        // The clauses with the outer side's column first, as EXPLAIN prints them.
        let conds = shape.equalities.map {
            Expr(.binary(op: "=", $0.columns[outer], $0.columns[inner]))
        }
        let filterCost =
            Double(shape.filters.reduce(0) { $0 + operatorCount($1) }) * cpuOperatorCost
        let equalitySel = try equalitySelectivity(shape)
        // approx_tuple_count's product, in its order.
        let pairRows = clampRows(equalitySel * outerPath.rows * innerPath.rows)
        var filterLines: [String] = []
        if !shape.filters.isEmpty {
            filterLines = ["Join Filter: " + (try printer.text(conjunction(shape.filters)))]
        }
        var out: [JoinPath] = []
        if !conds.isEmpty {
            var merge = try mergeJoin(
                kind, outerPath, innerPath, conds, shape, outer: outer, printer,
                matchedRows: pairRows, filterCost: filterCost)
            merge.details += filterLines
            // Sorted on the first clause's columns.
            out.append(
                JoinPath(
                    node: finish(merge, rows: rows, width: width),
                    sortedOn: usefulKey == 0 ? ["=0"] : []))
        }
        if kind == .inner || kind == .left {
            let clauses = nestedLoopClauses(shape)
            for material in [false, true] {
                var loop = try nestedLoop(
                    kind, outerPath, innerPath, material: material,
                    qualCost: Double(clauses.reduce(0) { $0 + operatorCount($1) })
                        * cpuOperatorCost)
                if !clauses.isEmpty {
                    loop.details = [
                        "Join Filter: " + (try printer.text(orderedQual(conjunction(clauses))))
                    ]
                }
                out.append(JoinPath(node: finish(loop, rows: rows, width: width)))
            }
        }
        if !conds.isEmpty {
            var hash = try hashJoin(
                kind, outerPath, innerPath, conds, shape, inner: inner, printer,
                matchedRows: pairRows, filterCost: filterCost)
            hash.details += filterLines
            out.append(JoinPath(node: finish(hash, rows: rows, width: width)))
        }
        return out
    }

    /// The selectivity of the equalities: a product of 1/max(ndistinct).
    func equalitySelectivity(_ shape: JoinShape) throws -> Double {
        var selectivity = 1.0
        for equality in shape.equalities {
            let distinct = max(
                try distinctCount(shape.inputs[0], equality.physical[0]),
                try distinctCount(shape.inputs[1], equality.physical[1]))
            selectivity *= 1.0 / distinct
        }
        return selectivity
    }

    /// A nested loop's Join Filter: for an inner join the other conditions
    /// then the equalities, which PostgreSQL rebuilds from their
    /// equivalence classes with the first relation's column first; for an
    /// outer join the conditions as written.
    private func nestedLoopClauses(_ shape: JoinShape) -> [Expr] {
        guard shape.kind == .inner else { return shape.joinClauses }
        return shape.filters
            + shape.equalities.map { Expr(.binary(op: "=", $0.columns[0], $0.columns[1])) }
    }

    /// The join's conditions in PostgreSQL's order (see nestedLoopClauses),
    /// equalities as written.
    func joinClauseOrder(_ shape: JoinShape) -> [Expr] {
        guard shape.kind == .inner else { return shape.joinClauses }
        return shape.filters + shape.equalities.map(\.expr)
    }

    private func finish(_ node: ExplainNode, rows: Double, width: Int) -> ExplainNode {
        var node = node
        node.rows = rows
        node.width = width
        return node
    }

    func conjunction(_ exprs: [Expr]) -> Expr {
        exprs.dropFirst().reduce(exprs[0]) { Expr(.and($0, $1)) }
    }

    /// PostgreSQL's distinct count of a column without statistics: the
    /// table's tuples when fewer than 200, else 200.
    func distinctCount(_ input: JoinInput, _ column: Int) throws -> Double {
        let tuples = relationTuples(input)
        return tuples < 200 ? max(1, tuples.rounded()) : 200
    }

    /// The tuples PostgreSQL assumes the relation holds before its
    /// conditions (the partitions' sum for a partitioned table).
    func relationTuples(_ input: JoinInput) -> Double {
        input.relation.leaves.reduce(0) { $0 + pagesAndTuples($1).1 }
    }

    // MARK: - Merge join

    private func mergeJoin(
        _ kind: PlanJoinKind, _ outer: ExplainNode, _ inner: ExplainNode, _ conds: [Expr],
        _ shape: JoinShape, outer outerIndex: Int, _ printer: ExplainExprPrinter,
        matchedRows: Double, filterCost: Double
    ) throws -> ExplainNode {
        let innerIndex = 1 - outerIndex
        let outerKeys = try shape.equalities.map { try printer.keyText($0.columns[outerIndex]) }
        let innerKeys = try shape.equalities.map { try printer.keyText($0.columns[innerIndex]) }
        try requireInMemory(outer)
        try requireInMemory(inner)
        let outerSort = sort(outer, keys: outerKeys, limit: nil)
        var innerSort = sort(inner, keys: innerKeys, limit: nil)
        let innerRows = max(inner.rows, 1)
        let startup = outerSort.startupCost + innerSort.startupCost
        var run = outerSort.totalCost - outerSort.startupCost
        let innerRun = innerSort.totalCost - innerSort.startupCost
        let rescanned = max(0, matchedRows - innerRows)
        let ratio = 1 + rescanned / innerRows
        let bare = innerRun * ratio
        let materialized = innerRun + cpuOperatorCost * innerRows * ratio
        if materialized < bare {
            run += materialized
            var node = ExplainNode("Materialize", children: [innerSort])
            node.startupCost = innerSort.startupCost
            node.totalCost = innerSort.totalCost + cpuOperatorCost * innerSort.rows
            node.rows = innerSort.rows
            node.width = innerSort.width
            innerSort = node
        } else {
            run += bare
        }
        let clauseCost = cpuOperatorCost * Double(conds.count)
        run += clauseCost * (max(outer.rows, 1) + innerRows * ratio)
        run += (cpuTupleCost + filterCost) * matchedRows
        var node = ExplainNode("Merge \(kind.suffix)", children: [outerSort, innerSort])
        node.details = ["Merge Cond: " + (try printer.text(conjunction(conds)))]
        node.startupCost = startup
        node.totalCost = startup + run
        return node
    }

    /// Raises 0A000 for a sort or Materialize that would spill to disk,
    /// whose costs the planner does not model.
    private func requireInMemory(_ node: ExplainNode) throws {
        let bytes = node.rows * Double(((node.width + 7) / 8) * 8 + 24)
        // TODO(#3): external sorts and materializations.
        guard bytes <= workMemBytes else { throw notSupported() }
    }

    // MARK: - Nested loop

    private func nestedLoop(
        _ kind: PlanJoinKind, _ outer: ExplainNode, _ inner: ExplainNode, material: Bool,
        qualCost: Double
    ) throws -> ExplainNode {
        var innerNode = inner
        var rescanStartup = inner.startupCost
        var rescanRun = inner.totalCost - inner.startupCost
        if material {
            try requireInMemory(inner)
            innerNode = ExplainNode("Materialize", children: [inner])
            innerNode.startupCost = inner.startupCost
            innerNode.totalCost = inner.totalCost + 2 * cpuOperatorCost * inner.rows
            innerNode.rows = inner.rows
            innerNode.width = inner.width
            rescanStartup = 0
            rescanRun = cpuOperatorCost * inner.rows
        }
        let outerRows = max(outer.rows, 1)
        let startup = outer.startupCost + innerNode.startupCost
        var run = outer.totalCost - outer.startupCost
        run += innerNode.totalCost - innerNode.startupCost
        if outerRows > 1 { run += (outerRows - 1) * (rescanStartup + rescanRun) }
        run += (cpuTupleCost + qualCost) * outerRows * max(inner.rows, 1)
        let title = kind == .inner ? "Nested Loop" : "Nested Loop \(kind.suffix)"
        var node = ExplainNode(title, children: [outer, innerNode])
        node.startupCost = startup
        node.totalCost = startup + run
        return node
    }

    // MARK: - Hash join

    private func hashJoin(
        _ kind: PlanJoinKind, _ outer: ExplainNode, _ inner: ExplainNode, _ conds: [Expr],
        _ shape: JoinShape, inner innerIndex: Int, _ printer: ExplainExprPrinter,
        matchedRows: Double, filterCost: Double
    ) throws -> ExplainNode {
        let clauses = Double(conds.count)
        let innerRows = max(inner.rows, 1)
        let outerRows = max(outer.rows, 1)
        let tupleBytes = Double(16 + 16 + ((inner.width + 7) / 8) * 8)
        var buckets = 1024.0
        while buckets < innerRows { buckets *= 2 }
        // TODO(#3): hash joins in several batches.
        guard innerRows * tupleBytes + buckets * 8 <= 2 * workMemBytes * 0.98 else {
            throw notSupported()
        }
        var bucketFraction = 1.0
        let input = shape.inputs[innerIndex]
        for equality in shape.equalities {
            let distinct = try distinctCount(input, equality.physical[innerIndex])
            var fraction = 0.1
            if relationTuples(input) < 200 {
                let tuples = relationTuples(input)
                let adjusted = clampRows(distinct * inner.rows / max(tuples, 1))
                fraction = adjusted > buckets ? 1 / buckets : 1 / adjusted
                fraction = min(max(fraction, 1e-6), 1)
            }
            bucketFraction = min(bucketFraction, fraction)
        }
        var hash = ExplainNode("Hash", children: [inner])
        hash.startupCost = inner.totalCost
        hash.totalCost = inner.totalCost
        hash.rows = inner.rows
        hash.width = inner.width
        let startup =
            outer.startupCost + inner.totalCost
            + (cpuOperatorCost * clauses + cpuTupleCost) * innerRows
        var run = outer.totalCost - outer.startupCost
        run += cpuOperatorCost * clauses * outerRows
        run += cpuOperatorCost * clauses * outerRows * clampRows(innerRows * bucketFraction) * 0.5
        run += (cpuTupleCost + filterCost) * matchedRows
        var node = ExplainNode("Hash \(kind.suffix)", children: [outer, hash])
        node.details = ["Hash Cond: " + (try printer.text(conjunction(conds)))]
        node.startupCost = startup
        node.totalCost = startup + run
        return node
    }

    // MARK: - Choosing

    /// Adds `new` to `paths` as add_path does: a path fuzzily (1%) worse
    /// than another on both costs and no better sorted is dropped; of two
    /// the same, the first stays unless the new one is cheaper at all.
    func addPath(_ new: JoinPath, to paths: inout [JoinPath], considerStartup: Bool) {
        var kept: [JoinPath] = []
        for (i, old) in paths.enumerated() {
            var removeOld = false
            var accept = true
            let keys = compareKeys(new.sortedOn, old.sortedOn)
            switch compareCosts(new.node, old.node, fuzz: 1.01, considerStartup: considerStartup)
            {
            case .equal:
                switch keys {
                case .better1: removeOld = true
                case .better2: accept = false
                case .different: break
                case .equal:
                    let exact = compareCosts(
                        new.node, old.node, fuzz: 1.0000000001, considerStartup: considerStartup)
                    if exact == .better1 { removeOld = true } else { accept = false }
                }
            case .better1: removeOld = keys != .better2
            case .better2: accept = keys == .better1
            case .different: break
            }
            if !removeOld { kept.append(old) }
            if !accept {
                paths = kept + paths[(i + 1)...]
                return
            }
        }
        paths = kept + [new]
    }

    /// compare_pathkeys: the same order, one a prefix of the other, or
    /// neither.
    private func compareKeys(_ a: [String], _ b: [String]) -> CostComparison {
        if a == b { return .equal }
        if a.starts(with: b) { return .better1 }
        if b.starts(with: a) { return .better2 }
        return .different
    }

    private func compareCosts(
        _ a: ExplainNode, _ b: ExplainNode, fuzz: Double, considerStartup: Bool
    ) -> CostComparison {
        if a.totalCost > b.totalCost * fuzz {
            if considerStartup && b.startupCost > a.startupCost * fuzz { return .different }
            return .better2
        }
        if b.totalCost > a.totalCost * fuzz {
            if considerStartup && a.startupCost > b.startupCost * fuzz { return .different }
            return .better1
        }
        if a.startupCost > b.startupCost * fuzz { return .better2 }
        if b.startupCost > a.startupCost * fuzz { return .better1 }
        return .equal
    }

    /// The path of least total cost (then startup cost), the first of equals.
    func cheapestTotal(_ paths: [JoinPath]) -> JoinPath? {
        var best: JoinPath?
        for path in paths {
            guard let current = best else {
                best = path
                continue
            }
            let (a, b) = (path.node, current.node)
            if a.totalCost < b.totalCost
                || (a.totalCost == b.totalCost && a.startupCost < b.startupCost)
            {
                best = path
            }
        }
        return best
    }
}
