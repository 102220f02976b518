// EXPLAIN on one node: the options, the plan ExplainPlanner chooses, and
// the result psql shows (one text column, QUERY PLAN, a row per line of
// the text format, or one row holding the JSON, YAML or XML document).
import SQLParser

extension Executor {
    func executeExplain(_ explain: ExplainStatement) throws -> QueryResult {
        let options = try ExplainOptions(explain.optionList)
        let planner = ExplainPlanner(executor: self, options: options)
        let plan = try planner.plan(explain.statement)
        if options.format == .text { return explainResult(plan.lines(options)) }
        return explainResult([try plan.structured(options)])
    }
}

/// EXPLAIN's result: a text column named QUERY PLAN, a row per line.
package func explainResult(_ lines: [String]) -> QueryResult {
    QueryResult(
        commandTag: "EXPLAIN", columns: [ColumnDescription(name: "QUERY PLAN", type: .text)],
        rows: lines.map { [.text($0)] })
}
