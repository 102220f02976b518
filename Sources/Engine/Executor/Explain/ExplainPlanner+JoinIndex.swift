// The index paths a join's relation offers when the join column leads its
// primary key or unique constraint, costed as PostgreSQL 15 costs btree
// scans of never-analysed tables (btcostestimate, genericcostestimate,
// cost_index): a full scan in key order, which a merge join needs no sort
// for, and a scan per outer row (a parameterised path) under a nested
// loop, the index's and the heap's page fetches spread over the loops by
// the Mackert-Lohman formula (index_pages_fetched). A correlation of zero
// (no statistics) charges every heap fetch as a random page.
import Foundation
import SQLParser

/// A btree of a join's relation whose leading column is a join column.
struct JoinIndex {
    var name: String
    var columns: [Int]
    /// Pages of the index (its metapage included) and its tree height.
    var pages: Double
    var height: Double
    /// Unique on the join column alone, so the inner side of the join
    /// matches each outer row at most once.
    var uniqueOnJoinColumn: Bool
}

/// The paths of one relation of a join.
struct BasePaths {
    var paths: [JoinPath]
    var index: JoinIndex?

    /// The path of least total cost.
    var cheapest: JoinPath { paths.min { $0.node.totalCost < $1.node.totalCost } ?? paths[0] }

    /// The full index scan, sorted on the join column, if kept.
    var sorted: JoinPath? { paths.first { !$0.sortedOn.isEmpty } }
}

private let randomPageCost = 4.0
private let cpuIndexTupleCost = 0.005
/// The order a full index scan delivers, as a merge join sees it.
let mergeOrder = "merge"

extension ExplainPlanner {
    /// The index of relation `rel` a join can use; nil when no key
    /// constraint names a join column. Shapes whose index paths are not
    /// modelled raise 0A000.
    func joinIndex(_ shape: JoinShape, _ rel: Int, upperKeys: [Expr]) throws -> JoinIndex? {
        let input = shape.inputs[rel]
        let table = input.relation.table
        // TODO(#6): join paths through indexes made by CREATE INDEX.
        guard table.indexes.isEmpty else { throw notSupported() }
        let keys = table.constraints.compactMap(\.keyColumns)
        let joinColumns = Set(shape.equalities.map { $0.physical[rel] })
        guard keys.contains(where: { !Set($0).isDisjoint(with: joinColumns) }) else { return nil }
        var restricted = shape
        var touchesKey = false
        for (i, e) in (input.restrictions + upperKeys).enumerated() {
            let isUpper = i >= input.restrictions.count
            try noteColumns(e, &restricted) { shape, owner, column in
                // An order on the join column is the merge order itself.
                if isUpper && joinColumns.contains(column) { return }
                if owner == rel, keys.contains(where: { $0.contains(column) }) {
                    touchesKey = true
                }
            }
        }
        // TODO(#3): index paths of outer joins, of several clauses or
        // indexes, on a non-leading column, with conditions on the key or
        // orders an index scan could give.
        guard shape.kind == .inner, keys.count == 1, shape.equalities.count == 1,
            let key = keys.first, key.first == shape.equalities[0].physical[rel],
            !touchesKey, !table.isPartitioned,
            let constraint = table.constraints.first(where: { $0.keyColumns == key })
        else { throw notSupported() }
        let pages = Double(max(1, table.diskSizes.indexes / 8192))
        guard pages <= 200 else { throw notSupported() }
        return JoinIndex(
            name: constraint.name, columns: key, pages: pages, height: pages <= 2 ? 0 : 1,
            uniqueOnJoinColumn: key.count == 1)
    }

    /// index_pages_fetched: the pages `tuples` fetches from a relation of
    /// `pages` pages, each fetched once while the cache holds them all.
    func indexPagesFetched(_ tuples: Double, pages: Double) -> Double {
        let t = pages > 1 ? pages : 1
        let fetched = (2 * t * tuples) / (2 * t + tuples)
        return fetched >= t ? t : ceil(fetched)
    }

    /// The index scan of `input` through `index`: the whole index in key
    /// order, or (`param` given) the rows equal to the outer row's value,
    /// once per loop of `loops`.
    func indexScan(
        _ input: JoinInput, _ index: JoinIndex, param: (column: String, outer: String)?,
        loops: Double, rows: Double
    ) throws -> ExplainNode {
        let table = input.relation.table
        let (heapPages, tuples) = pagesAndTuples(table)
        let selectivity =
            param == nil ? 1 : (index.uniqueOnJoinColumn ? 1 / tuples : 1 / distinct(input))
        var indexTuples = param != nil && index.uniqueOnJoinColumn ? 1 : (selectivity * tuples)
            .rounded(.toNearestOrEven)
        indexTuples = max(1, min(indexTuples, tuples))
        let indexPages =
            index.pages > 1 && tuples > 1 ? ceil(indexTuples * index.pages / tuples) : 1
        var indexCost: Double
        if loops > 1 {
            let fetched = indexPagesFetched(indexPages * loops, pages: index.pages)
            indexCost = fetched * randomPageCost / loops
        } else {
            indexCost = indexPages * randomPageCost
        }
        let qualOperators = param == nil ? 0.0 : 1.0
        indexCost += indexTuples * (cpuIndexTupleCost + cpuOperatorCost * qualOperators)
        var startup = tuples > 1 ? ceil(log2(tuples)) * cpuOperatorCost : 0
        startup += (index.height + 1) * 50 * cpuOperatorCost
        indexCost += startup
        let fetchedTuples = clampRows(selectivity * tuples)
        let io: Double
        if loops > 1 {
            let fetched = indexPagesFetched(fetchedTuples * loops, pages: heapPages)
            io = fetched * randomPageCost / loops
        } else {
            io = indexPagesFetched(fetchedTuples, pages: heapPages) * randomPageCost
        }
        let filterCost =
            Double(input.restrictions.reduce(0) { $0 + operatorCount($1) }) * cpuOperatorCost
        let onlyKey = input.needed.isSubset(of: Set(index.columns))
        var title = onlyKey ? "Index Only Scan" : "Index Scan"
        title += " using \(quoteIdentifier(index.name)) on \(relationName(table))"
        if input.relation.refName != table.name {
            title += " \(quoteIdentifier(input.relation.refName))"
        }
        var node = ExplainNode(title)
        if let param { node.details.append("Index Cond: (\(param.column) = \(param.outer))") }
        if !input.restrictions.isEmpty {
            let printer = ExplainExprPrinter(
                analyzer: executor.analyzer(input.relation.scope),
                qualifier: options.verbose ? input.relation.refName : nil)
            node.details.append(
                "Filter: " + (try printer.text(orderedQual(conjunction(input.restrictions)))))
        }
        node.startupCost = startup
        node.totalCost = indexCost + io + (cpuTupleCost + filterCost) * fetchedTuples
        node.rows = rows
        node.width = width(input.needed, input.relation)
        return node
    }

    /// The distinct count of the join column of `input` (its first
    /// equality's).
    private func distinct(_ input: JoinInput) -> Double {
        let tuples = relationTuples(input)
        return tuples < 200 ? max(1, tuples.rounded(.toNearestOrEven)) : 200
    }
}
