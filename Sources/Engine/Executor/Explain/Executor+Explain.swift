// EXPLAIN on one node: the options, the plan ExplainPlanner chooses, and
// the result psql shows (one text column, QUERY PLAN, a row per line).
import SQLParser

extension Executor {
    func executeExplain(_ explain: ExplainStatement) throws -> QueryResult {
        let options = try ExplainOptions(explain.optionList)
        let planner = ExplainPlanner(executor: self, options: options)
        return explainResult(try planner.plan(explain.statement).lines(options))
    }
}

/// EXPLAIN's result: a text column named QUERY PLAN, a row per line.
package func explainResult(_ lines: [String]) -> QueryResult {
    QueryResult(
        commandTag: "EXPLAIN", columns: [ColumnDescription(name: "QUERY PLAN", type: .text)],
        rows: lines.map { [.text($0)] })
}
