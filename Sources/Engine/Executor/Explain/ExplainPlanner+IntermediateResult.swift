// A distributed subplan's result under EXPLAIN. A Citus task reads it as
// `(SELECT .. FROM read_intermediate_result('N_M', 'binary')
// intermediate_result(..)) alias`; PostgreSQL pulls that subquery up, so
// the plan scans the function itself: `Function Scan on
// read_intermediate_result intermediate_result`, its columns named after
// the function's alias.
//
// Estimates are PostgreSQL's for a set-returning C function without a
// support function (Citus declares read_intermediate_result with neither
// ROWS nor COST, so prorows 1000 and procost 1): 1000 rows, one call of
// the function (cpu_operator_cost) at startup and cpu_tuple_cost plus the
// quals per row. Citus replaces the row count by one from the result's
// file size when the file is there (AdjustReadIntermediateResultCost in
// its distributed_planner.c); under plain EXPLAIN the subplans do not run,
// so the file is not there and PostgreSQL's defaults stand, as Citus'
// documentation shows (`cost=0.00..10.00 rows=1000`).
import SQLParser

/// PostgreSQL's row estimate for a set-returning function (prorows).
private let functionRows = 1000.0

extension ScannedRelation {
    /// The name EXPLAIN qualifies the relation's columns with.
    var label: String { isIntermediateResult ? "intermediate_result" : refName }
}

extension ExplainPlanner {
    /// The relation a query reads a subplan's result by: a table of the
    /// result's columns that no storage backs, named `alias` in the query.
    func intermediateResultRelation(_ result: IntermediateResult, alias: String?)
        -> ScannedRelation
    {
        let columns = result.columns.map { ColumnDefinition(name: $0.name, type: $0.type) }
        let table = TableDefinition(
            oid: 0, schema: "pg_catalog", name: "read_intermediate_result", columns: columns)
        let refName = alias ?? "intermediate_result"
        let scope = QueryScope(parent: nil, parameters: executor.parameters)
        let live = table.liveColumns
        let entry = scope.addEntry(
            refName: refName, schema: nil,
            columns: live.map { (table.columns[$0].name, table.columns[$0].type) },
            physical: live, table: table, rowWidth: table.columns.count, usage: ColumnUsage())
        var relation = ScannedRelation(
            table: table, refName: refName, leaves: [table], scope: scope, entry: entry)
        relation.isIntermediateResult = true
        return relation
    }

    /// The Function Scan of a subplan's result with its conditions
    /// (`conjuncts`, printed as `filter`).
    func functionScan(_ conjuncts: [Expr], filter: String?, width: Int) -> ExplainNode {
        var node = ExplainNode("Function Scan on read_intermediate_result intermediate_result")
        if let filter { node.details.append("Filter: \(filter)") }
        let selectivity = conjuncts.reduce(1.0) { $0 * estimateSelectivity($1) }
        let qualCost = Double(conjuncts.reduce(0) { $0 + operatorCount($1) }) * cpuOperatorCost
        // One call of the function, then each row it returns.
        node.startupCost = cpuOperatorCost
        node.totalCost = node.startupCost + functionRows * (cpuTupleCost + qualCost)
        node.rows = clampRows(functionRows * selectivity)
        node.width = width
        return node
    }
}
