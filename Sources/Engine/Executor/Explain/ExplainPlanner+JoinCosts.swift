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

/// One ordering of a join's inputs and what its paths share.
struct JoinContext {
    var shape: JoinShape
    var kind: PlanJoinKind
    var outer: Int
    var printer: ExplainExprPrinter
    var rows: Double
    var width: Int
    /// The order of an output sorted on the join column, if useful.
    var order: [String]
    /// The semi-join factors when the inner side is unique on the join.
    var unique: (matchFraction: Double, matchCount: Double)?

    var inner: Int { 1 - outer }

    /// The equalities with the outer side's column first, as EXPLAIN
    /// prints hash and merge conditions.
    var conds: [Expr] {
        shape.equalities.map { Expr(.binary(op: "=", $0.columns[outer], $0.columns[inner])) }
    }

    /// What the other join conditions cost per row.
    var filterCost: Double

    /// The Join Filter line of the other conditions, if any.
    func filterLines() throws -> [String] {
        guard !shape.filters.isEmpty else { return [] }
        let all = shape.filters.dropFirst().reduce(shape.filters[0]) { Expr(.and($0, $1)) }
        return ["Join Filter: " + (try printer.text(all))]
    }

    /// The node with the join's rows and width.
    func finish(_ node: ExplainNode) -> ExplainNode {
        var node = node
        node.rows = rows
        node.width = width
        return node
    }
}

/// work_mem's default, 4MB.
private let workMemBytes = 4.0 * 1024 * 1024

extension ExplainPlanner {
    /// The join's candidate plans with relation `outer` as the outer input,
    /// in the order add_paths_to_joinrel makes them: merge joins of the
    /// cheapest inputs, then for each outer path nested loops (over the
    /// inner as it is, its parameterised index scan, a Materialize of it)
    /// and merge joins using the outer path's order, then a hash join.
    func joinCandidates(
        _ shape: JoinShape, outer: Int, _ outerRel: BasePaths, _ innerRel: BasePaths,
        rows: Double, width: Int, usefulKey: Int?, _ printer: ExplainExprPrinter
    ) throws -> [JoinPath] {
        let kind = outer == 0 ? shape.kind : shape.kind.swapped
        let inner = 1 - outer
        let join = JoinContext(
            shape: shape, kind: kind, outer: outer, printer: printer, rows: rows, width: width,
            order: usefulKey == 0 ? ["=0"] : [],
            unique: try innerUniqueness(shape, inner: inner, innerRel),
            filterCost: Double(shape.filters.reduce(0) { $0 + operatorCount($1) })
                * cpuOperatorCost)
        let outerCheapest = outerRel.cheapest
        let innerCheapest = innerRel.cheapest
        var out: [JoinPath] = []
        if !shape.equalities.isEmpty {
            out.append(try mergeJoin(join, outerCheapest, innerCheapest))
        }
        for outerPath in outerRel.paths.sorted(by: { $0.node.totalCost < $1.node.totalCost }) {
            if kind == .inner || kind == .left {
                out.append(try nestedLoop(join, outerPath, innerCheapest.node, material: false))
                if let index = innerRel.index {
                    out.append(try parameterisedLoop(join, outerPath, index))
                }
                if !keepsItsRows(innerCheapest.node) {
                    out.append(
                        try nestedLoop(join, outerPath, innerCheapest.node, material: true))
                }
            }
            guard !outerPath.sortedOn.isEmpty else { continue }
            out.append(try mergeJoin(join, outerPath, innerCheapest))
            if innerCheapest.sortedOn.isEmpty, let sorted = innerRel.sorted {
                out.append(try mergeJoin(join, outerPath, sorted))
            }
        }
        if !shape.equalities.isEmpty {
            out.append(try hashJoin(join, outerCheapest.node, innerCheapest.node))
        }
        return out
    }

    /// The semi-join factors of a unique inner side: the share of outer
    /// rows with a match (the join's selectivity, as eqjoinsel computes it
    /// for an inner join) and the matches each finds.
    private func innerUniqueness(_ shape: JoinShape, inner: Int, _ innerRel: BasePaths) throws
        -> (matchFraction: Double, matchCount: Double)?
    {
        guard let index = innerRel.index, index.uniqueOnJoinColumn else { return nil }
        let selectivity = try joinSelectivity(shape)
        let innerRows = innerRel.paths[0].node.rows
        return (selectivity, max(1, selectivity * innerRows / selectivity))
    }

    /// A nested loop over the inner's index scan for each outer row.
    private func parameterisedLoop(_ join: JoinContext, _ outerPath: JoinPath, _ index: JoinIndex)
        throws -> JoinPath
    {
        let inner = 1 - join.outer
        let equality = join.shape.equalities[0]
        let input = join.shape.inputs[inner]
        guard case .columnRef(let parts) = equality.columns[inner].kind,
            let name = parts.last
        else { throw notSupported() }
        let selectivity =
            index.uniqueOnJoinColumn
            ? 1 / relationTuples(input) : 1 / (try distinctCount(input, equality.physical[inner]))
        let restriction = input.restrictions.reduce(1.0) { $0 * estimateSelectivity($1) }
        let rows = min(
            clampRows(relationTuples(input) * (selectivity * restriction)),
            clampRows(relationTuples(input) * restriction))
        let column =
            (options.verbose ? quoteIdentifier(input.relation.refName) + "." : "")
            + quoteIdentifier(name)
        var scan = try indexScan(
            input, index,
            param: (column, try join.printer.text(equality.columns[join.outer])),
            loops: max(outerPath.node.rows, 1), rows: rows)
        scan.joinInput = inner
        return try nestedLoop(join, outerPath, scan, material: false, parameterised: true)
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

    func conjunction(_ exprs: [Expr]) -> Expr {
        exprs.dropFirst().reduce(exprs[0]) { Expr(.and($0, $1)) }
    }

    /// PostgreSQL's distinct count of a column without statistics: the
    /// table's tuples when a one-column key makes it unique or when fewer
    /// than 200, else the default 200.
    func distinctCount(_ input: JoinInput, _ column: Int) throws -> Double {
        let tuples = relationTuples(input)
        if isUniqueColumn(input, column) { return max(1, tuples.rounded(.toNearestOrEven)) }
        return tuples < 200 ? max(1, tuples.rounded(.toNearestOrEven)) : 200
    }

    /// True when the distinct count is PostgreSQL's default guess.
    func isDefaultDistinct(_ input: JoinInput, _ column: Int) -> Bool {
        !isUniqueColumn(input, column) && relationTuples(input) >= 200
    }

    private func isUniqueColumn(_ input: JoinInput, _ column: Int) -> Bool {
        input.relation.table.constraints.contains { $0.keyColumns == [column] }
    }

    /// The tuples PostgreSQL assumes the relation holds before its
    /// conditions (the partitions' sum for a partitioned table).
    func relationTuples(_ input: JoinInput) -> Double {
        input.relation.leaves.reduce(0) { $0 + pagesAndTuples($1).1 }
    }

    // MARK: - Merge join

    /// A merge join of the two paths, each sorted first unless its order
    /// is the join column's already.
    private func mergeJoin(_ join: JoinContext, _ outerPath: JoinPath, _ innerPath: JoinPath)
        throws -> JoinPath
    {
        let shape = join.shape
        let (outer, inner) = (outerPath.node, innerPath.node)
        let printer = join.printer
        let outerKeys = try shape.equalities.map { try printer.keyText($0.columns[join.outer]) }
        let innerKeys = try shape.equalities.map { try printer.keyText($0.columns[join.inner]) }
        var outerSort = outer
        if outerPath.sortedOn.isEmpty {
            try requireInMemory(outer)
            outerSort = sort(outer, keys: outerKeys, limit: nil)
        }
        var innerSort = inner
        if innerPath.sortedOn.isEmpty {
            try requireInMemory(inner)
            innerSort = sort(inner, keys: innerKeys, limit: nil)
        }
        let innerRows = max(inner.rows, 1)
        let matchedRows = clampRows(
            try equalitySelectivity(shape) * outer.rows * inner.rows)
        let startup = outerSort.startupCost + innerSort.startupCost
        var run = outerSort.totalCost - outerSort.startupCost
        let innerRun = innerSort.totalCost - innerSort.startupCost
        // A unique inner needs no mark and restore: nothing is rescanned.
        let rescanned = join.unique != nil ? 0 : max(0, matchedRows - innerRows)
        let ratio = 1 + rescanned / innerRows
        let bare = innerRun * ratio
        let materialized = innerRun + cpuOperatorCost * innerRows * ratio
        if join.unique == nil && materialized < bare {
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
        let clauseCost = cpuOperatorCost * Double(shape.equalities.count)
        run += clauseCost * (max(outer.rows, 1) + innerRows * ratio)
        run += (cpuTupleCost + join.filterCost) * matchedRows
        var node = ExplainNode("Merge \(join.kind.suffix)", children: [outerSort, innerSort])
        node.innerUnique = join.unique != nil
        node.details = ["Merge Cond: " + (try join.printer.text(conjunction(join.conds)))]
        node.details += try join.filterLines()
        node.startupCost = startup
        node.totalCost = startup + run
        return JoinPath(node: join.finish(node), sortedOn: join.order)
    }

    /// Raises 0A000 for a sort or Materialize that would spill to disk,
    /// whose costs the planner does not model.
    private func requireInMemory(_ node: ExplainNode) throws {
        let bytes = node.rows * Double(((node.width + 7) / 8) * 8 + 24)
        // TODO(#3): external sorts and materializations.
        guard bytes <= workMemBytes else { throw notSupported() }
    }

    /// True for a node that stores its output for rescans itself (a
    /// Function Scan: ExecMaterializesOutput), which a nested loop does
    /// not wrap in a Materialize.
    // TODO(#3): Sort, which stores its output too.
    private func keepsItsRows(_ node: ExplainNode) -> Bool {
        node.title.hasPrefix("Function Scan on ")
    }

    // MARK: - Nested loop

    /// A nested loop rescanning `inner` (through a Materialize when
    /// `material`) for each row of the outer path; a `parameterised` inner
    /// applies the equality itself.
    private func nestedLoop(
        _ join: JoinContext, _ outerPath: JoinPath, _ inner: ExplainNode, material: Bool,
        parameterised: Bool = false
    ) throws -> JoinPath {
        let outer = outerPath.node
        var innerNode = inner
        // A function's rows are kept after its one call: a rescan rereads
        // them without calling it again.
        var rescanStartup = keepsItsRows(inner) ? 0 : inner.startupCost
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
        let clauses = parameterised ? join.shape.filters : nestedLoopClauses(join.shape)
        let qualCost = Double(clauses.reduce(0) { $0 + operatorCount($1) }) * cpuOperatorCost
        let outerRows = max(outer.rows, 1)
        let innerRows = max(inner.rows, 1)
        let innerRun = innerNode.totalCost - innerNode.startupCost
        let startup = outer.startupCost + innerNode.startupCost
        var run = outer.totalCost - outer.startupCost
        if outerRows > 1 { run += (outerRows - 1) * rescanStartup }
        var tuples = outerRows * innerRows
        if let unique = join.unique {
            var matched = (outerRows * unique.matchFraction).rounded(.toNearestOrEven)
            var unmatched = outerRows - matched
            let scanFraction = 2 / (unique.matchCount + 1)
            tuples = matched * innerRows * scanFraction
            if parameterised {
                run += innerRun * scanFraction
                if matched > 1 { run += (matched - 1) * rescanRun * scanFraction }
                run += unmatched * rescanRun / innerRows
            } else {
                tuples += unmatched * innerRows
                run += innerRun
                if unmatched >= 1 { unmatched -= 1 } else { matched -= 1 }
                if matched > 0 { run += matched * rescanRun * scanFraction }
                if unmatched > 0 { run += unmatched * rescanRun }
            }
        } else {
            run += innerRun
            if outerRows > 1 { run += (outerRows - 1) * rescanRun }
        }
        run += (cpuTupleCost + qualCost) * tuples
        let kind = join.kind
        let title = kind == .inner ? "Nested Loop" : "Nested Loop \(kind.suffix)"
        var node = ExplainNode(title, children: [outer, innerNode])
        node.innerUnique = join.unique != nil
        if !clauses.isEmpty {
            node.details = [
                "Join Filter: "
                    + (try join.printer.text(
                        orderedQual(
                            conjunction(clauses), equivalences: join.shape.kind == .inner)))
            ]
        }
        node.startupCost = startup
        node.totalCost = startup + run
        return JoinPath(
            node: join.finish(node), sortedOn: outerPath.sortedOn.isEmpty ? [] : join.order)
    }

    // MARK: - Hash join

    /// A hash join hashing the inner path.
    private func hashJoin(_ join: JoinContext, _ outer: ExplainNode, _ inner: ExplainNode)
        throws -> JoinPath
    {
        let shape = join.shape
        let clauses = Double(join.conds.count)
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
        let input = shape.inputs[join.inner]
        for equality in shape.equalities {
            let column = equality.physical[join.inner]
            var fraction = 0.1
            if !isDefaultDistinct(input, column) {
                let distinct = try distinctCount(input, column)
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
        let clauseCost = cpuOperatorCost * clauses
        var tuples: Double
        if let unique = join.unique {
            let matched = (outerRows * unique.matchFraction).rounded(.toNearestOrEven)
            let scanFraction = 2 / (unique.matchCount + 1)
            run += clauseCost * matched * clampRows(innerRows * bucketFraction * scanFraction) * 0.5
            run += clauseCost * (outerRows - matched) * clampRows(innerRows / buckets) * 0.05
            tuples = matched
        } else {
            run += clauseCost * outerRows * clampRows(innerRows * bucketFraction) * 0.5
            tuples = clampRows(try equalitySelectivity(shape) * outer.rows * inner.rows)
        }
        run += (cpuTupleCost + join.filterCost) * tuples
        var node = ExplainNode("Hash \(join.kind.suffix)", children: [outer, hash])
        node.innerUnique = join.unique != nil
        node.details = ["Hash Cond: " + (try join.printer.text(conjunction(join.conds)))]
        node.details += try join.filterLines()
        node.startupCost = startup
        node.totalCost = startup + run
        return JoinPath(node: join.finish(node))
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
