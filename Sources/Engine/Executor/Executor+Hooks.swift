// What the planner hook sees of the statement it may take over: the
// session, the catalog the statement sees, expression evaluation with the
// statement's parameters (PL/pgSQL variables, `$n`) in scope, and local
// execution of queries over rows computed elsewhere, which the
// distribution layer uses to merge its workers' results as a Citus
// coordinator does.
import SQLParser

/// Rows computed elsewhere, read by name in a query's FROM as a WITH query
/// is.
package struct IntermediateResult {
    package var columns: [ColumnDescription]
    package var rows: [Row]

    package init(columns: [ColumnDescription], rows: [Row]) {
        self.columns = columns
        self.rows = rows
    }
}

/// The statement in progress, as the planner hook sees it.
package protocol StatementContext: AnyObject {
    var session: Session { get }
    /// The catalog the statement sees.
    var catalog: Catalog { get }
    /// PL/pgSQL variables or `$n` parameters in scope, if any.
    var parameters: ParameterScope? { get }
    /// Compiles and evaluates `expr`, outside any table's scope.
    func evaluate(_ expr: Expr) throws -> (value: Value, type: PGType)
    /// Evaluates `expr` for storing into a column of `type`, with INSERT's
    /// assignment coercion and errors.
    func evaluate(_ expr: Expr, assigningTo type: PGType, column: String) throws -> Value
    /// Runs `query` here, with `results` readable by name in its FROM.
    func executeLocally(_ query: SelectStatement, results: [String: IntermediateResult]) throws
        -> QueryResult
    /// Runs `statement` here without the hook.
    func executeLocally(_ statement: Statement) throws -> QueryResult
    /// Runs `statement` here without the hook, with `results` readable by
    /// name in the FROM of its queries.
    func executeLocally(_ statement: Statement, results: [String: IntermediateResult]) throws
        -> QueryResult
    /// The output columns of `query`, analysed and planned here without
    /// running it (with analyzeLocally's errors).
    func describeLocally(_ query: SelectStatement) throws -> [ColumnDescription]
    /// Analyses and plans `query` here without running it, raising the
    /// errors PostgreSQL's parse analysis and planning raise (unknown
    /// names, type mismatches, constant expressions that fail).
    func analyzeLocally(_ query: SelectStatement) throws
}

/// Emits fixed rows.
final class RowsNode: PlanNode {
    let rows: [Row]

    init(rows: [Row]) { self.rows = rows }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        for row in rows where try !emit(row) { return false }
        return true
    }
}

extension Executor: StatementContext {
    func evaluate(_ expr: Expr) throws -> (value: Value, type: PGType) {
        let compiled = try analyzer(nil).compile(expr)
        return (try compiled.evaluate([], makeContext()), compiled.type)
    }

    func evaluate(_ expr: Expr, assigningTo type: PGType, column: String) throws -> Value {
        let compiled = try analyzer(nil).compileAssignment(expr, to: type, column: column)
        return try compiled.evaluate([], makeContext())
    }

    func executeLocally(_ query: SelectStatement, results: [String: IntermediateResult]) throws
        -> QueryResult
    {
        session.pushSnapshot()
        defer { session.popSnapshot() }
        cteFrames.append(
            results.mapValues {
                CommonTableEntry(
                    node: MaterializeNode(input: RowsNode(rows: $0.rows)), columns: $0.columns)
            })
        defer { cteFrames.removeLast() }
        let plan = try planQuery(query, outer: nil)
        let rows = try plan.root.collect(makeContext())
        return QueryResult(commandTag: "SELECT \(rows.count)", columns: plan.columns, rows: rows)
    }

    func executeLocally(_ statement: Statement) throws -> QueryResult {
        try execute(statement, hooked: false)
    }

    func analyzeLocally(_ query: SelectStatement) throws {
        _ = try describeLocally(query)
    }

    func describeLocally(_ query: SelectStatement) throws -> [ColumnDescription] {
        session.pushSnapshot()
        defer { session.popSnapshot() }
        return try planQuery(query, outer: nil).columns
    }

    func executeLocally(_ statement: Statement, results: [String: IntermediateResult]) throws
        -> QueryResult
    {
        cteFrames.append(
            results.mapValues {
                CommonTableEntry(
                    node: MaterializeNode(input: RowsNode(rows: $0.rows)), columns: $0.columns)
            })
        defer { cteFrames.removeLast() }
        return try execute(statement, hooked: false)
    }
}
