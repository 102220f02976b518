// GROUP BY over one relation as PostgreSQL 15's add_paths_to_grouping_rel
// offers it: a GroupAggregate over the input sorted on the keys, and a
// HashAggregate over the input as it comes, both costed by cost_agg. The
// paths meet in add_path, whose 1% fuzz makes the two the same when the
// sort costs little next to the rest; then the sorted one wins, since its
// rows come out in key order. So a few hundred rows read from a
// never-analysed table are hashed, and the few a selective filter leaves
// are sorted and grouped.
//
// Worked example (the lab's rollup over five empty partitions, each
// 560 tuples of which `<@` keeps 0.5%): the Append returns 15 rows for
// 92.11; sorting them costs 2 x 0.0025 x 15 x log2(15) = 0.29 more; both
// aggregates then add (three keys + the transition calls) per row and a
// tuple per group. The GroupAggregate totals 93.04 and the HashAggregate
// 92.71, within 1% of each other: PostgreSQL keeps the GroupAggregate.
import Foundation
import SQLParser

/// What aggregation costs per input row and per group (cost_agg's
/// inputs).
struct AggregationCosts {
    /// Transition calls and their arguments, per input row.
    var transition: Double
    /// Final functions, per group.
    var final: Double
    /// The node's own target list (expressions over the aggregates and
    /// computed keys), per group.
    var output: Double
}

extension ExplainPlanner {
    /// The grouping node over `input` PostgreSQL keeps: GroupAggregate over
    /// a Sort on the keys, or HashAggregate. `ordered` is false when
    /// ORDER BY or LIMIT follows, where PostgreSQL also weighs the
    /// grouped rows' order, which is not modelled: those hash, as they do
    /// for rows enough.
    func groupingNode(
        _ input: ExplainNode, keys: [Expr], keyTexts: [String], _ select: SimpleSelect,
        _ relation: ScannedRelation, width: Int, ordered: Bool
    ) throws -> ExplainNode {
        let costs = try aggregationCosts(select, relation)
        let groups = groupCount(keys, relation, inputRows: input.rows)
        let perInput = costs.transition + cpuOperatorCost * Double(keys.count)
        let perGroup = costs.final + cpuTupleCost + costs.output
        var hash = ExplainNode("HashAggregate", children: [input])
        hash.details = ["Group Key: " + keyTexts.joined(separator: ", ")]
        hash.startupCost = input.totalCost + perInput * input.rows
        hash.totalCost = hash.startupCost + perGroup * groups
        hash.rows = groups
        hash.width = width
        guard !ordered else {
            // TODO(#3): sorted grouping that also serves ORDER BY, and the
            // fractional costs LIMIT compares.
            guard input.rows >= 100 else { throw notSupported() }
            return hash
        }
        // A key a WHERE equality pins to a constant needs no sorting.
        let pinned = Set(
            (select.whereClause.map(splitConjuncts) ?? []).compactMap {
                equatedColumn($0, relation)
            })
        let sortTexts = zip(keys, keyTexts).filter { key, _ in
            var bare = key
            while case .paren(let inner) = bare.kind { bare = inner }
            guard case .columnRef(let parts) = bare.kind, let name = parts.last,
                let column = relation.entry.column(name)?.physical
            else { return true }
            return !pinned.contains(column)
        }.map(\.1)
        // TODO(#3): grouping rows every key of which is pinned.
        guard !sortTexts.isEmpty else { throw notSupported() }
        let sorted = sort(input, keys: sortTexts, limit: nil)
        var group = ExplainNode("GroupAggregate", children: [sorted])
        group.details = hash.details
        group.startupCost = sorted.startupCost
        group.totalCost = sorted.totalCost + perInput * input.rows + perGroup * groups
        group.rows = groups
        group.width = width
        // add_paths_to_grouping_rel adds the sorted path first.
        var paths: [JoinPath] = []
        addPath(JoinPath(node: group, sortedOn: keyTexts), to: &paths, considerStartup: false)
        addPath(JoinPath(node: hash), to: &paths, considerStartup: false)
        return cheapestTotal(paths)?.node ?? hash
    }

    /// estimate_num_groups for keys over one relation: the product of the
    /// distinct counts of the columns the keys read (200 without
    /// statistics, a relation's rows when fewer), clamped to a tenth of the
    /// relation's tuples when there are several (but to no fewer than the
    /// largest count), thinned by the share of tuples the filter keeps, and
    /// at most the rows grouped. A partitioned table's tuples are its rows.
    func groupCount(_ keys: [Expr], _ relation: ScannedRelation, inputRows: Double) -> Double {
        let columns = referencedColumns(keys, relation)
        let tuples =
            relation.table.isPartitioned
            ? inputRows : relation.leaves.reduce(0) { $0 + pagesAndTuples($1).1 }
        guard !columns.isEmpty, tuples > 0 else { return 1 }
        let each = tuples < 200 ? clampRows(tuples) : 200
        var distinct = pow(each, Double(columns.count))
        var clamp = tuples
        if columns.count > 1 {
            clamp *= 0.1
            if clamp < each { clamp = min(each, tuples) }
        }
        distinct = min(distinct, clamp)
        if distinct > 0, inputRows < tuples {
            distinct *= 1 - pow((tuples - inputRows) / tuples, tuples / distinct)
        }
        return min(clampRows(distinct), max(inputRows, 1))
    }

    /// The per-row and per-group costs of the select list's aggregates
    /// (each distinct call once, as PostgreSQL shares equal Aggrefs): a
    /// transition call and its arguments per row, a final call per group
    /// for the aggregates that have one.
    func aggregationCosts(_ select: SimpleSelect, _ relation: ScannedRelation) throws
        -> AggregationCosts
    {
        let analyzer = executor.analyzer(relation.scope)
        var costs = AggregationCosts(transition: 0, final: 0, output: 0)
        var seen: Set<String> = []
        for target in select.targets {
            let calls = Analyzer.aggregateCalls(in: target.expr)
            costs.output += Double(computedCount(target.expr, calls: calls)) * cpuOperatorCost
            for call in calls where seen.insert(deparse(call)).inserted {
                guard case .function(let f) = call.kind else { throw notSupported() }
                var argumentOps = 0
                for argument in f.arguments { argumentOps += computedCount(argument.value) }
                costs.transition += Double(1 + argumentOps) * cpuOperatorCost
                if try hasFinalFunction(f, analyzer) { costs.final += cpuOperatorCost }
            }
        }
        return costs
    }

    /// The operators and functions `e` evaluates per row outside the
    /// aggregate `calls` it holds: none for a column or a constant.
    private func computedCount(_ e: Expr, calls: [Expr] = []) -> Int {
        var bare = e
        while case .paren(let inner) = bare.kind { bare = inner }
        switch bare.kind {
        case .columnRef, .literal: return 0
        default: break
        }
        if calls.count == 1, deparse(calls[0]) == deparse(bare) { return 0 }
        let inside = calls.reduce(0) { $0 + operatorCount($1) }
        return max(operatorCount(bare) - inside, 0)
    }

    /// True for the aggregates whose result a final function computes from
    /// the transition state (pg_aggregate.aggfinalfn).
    private func hasFinalFunction(_ call: FunctionCall, _ analyzer: Analyzer) throws -> Bool {
        switch call.name.name {
        case "count", "min", "max", "bool_and", "bool_or", "every", "bit_and", "bit_or":
            return false
        case "sum":
            guard let argument = call.arguments.first?.value else { return false }
            // int2, int4, float and money sums return the state itself;
            // int8 and numeric sums finish from a numeric accumulator.
            let type = try analyzer.analyse(argument).type
            return type == .int8 || type == .numeric
        case "avg", "hll_add_agg", "hll_union_agg", "topn_add_agg", "topn_union_agg",
            "array_agg", "string_agg", "json_agg", "jsonb_agg", "stddev", "variance":
            return true
        default:
            // TODO(#3): the final functions of the other aggregates.
            throw notSupported()
        }
    }
}
