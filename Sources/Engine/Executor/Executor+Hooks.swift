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
    /// The id of the distributed subplan whose result this is, printed in
    /// queries as Citus' `read_intermediate_result('<id>', ...)`.
    package var resultID: String?

    package init(columns: [ColumnDescription], rows: [Row], resultID: String? = nil) {
        self.columns = columns
        self.rows = rows
        self.resultID = resultID
    }
}

/// The statement in progress, as the planner hook sees it.
package protocol StatementContext: AnyObject {
    var session: Session { get }
    /// The catalog the statement sees.
    var catalog: Catalog { get }
    /// PL/pgSQL variables or `$n` parameters in scope, if any.
    var parameters: ParameterScope? { get }
    /// True for a statement of an extension's install script.
    var isExtensionScript: Bool { get }
    /// Compiles and evaluates `expr`, outside any table's scope.
    func evaluate(_ expr: Expr) throws -> (value: Value, type: PGType)
    /// Evaluates `expr` for storing into a column of `type`, with INSERT's
    /// assignment coercion and errors.
    func evaluate(_ expr: Expr, assigningTo type: PGType, column: String) throws -> Value
    /// Compiles `expr` as `evaluate(_:assigningTo:column:)` would, for
    /// `evaluate(_:)` to run now and, in a kept plan, at later executions.
    func compileAssignment(_ expr: Expr, to type: PGType, column: String) throws -> CompiledExpr
    /// Evaluates an expression from `compileAssignment`, reading the
    /// statement's parameters as they are now.
    func evaluate(_ compiled: CompiledExpr) throws -> Value
    /// What the hook kept (`keep(_:)`) at an earlier execution of the same
    /// PL/pgSQL statement, while nothing it was compiled against changed:
    /// the committed catalog, the settings and the variables' slots and
    /// types. Citus metadata is the hook's own to check.
    var keptPlan: AnyObject? { get }
    /// Keeps `plan` for later executions of this statement, as `keptPlan`;
    /// ignored where nothing is kept (outside PL/pgSQL, in a transaction
    /// with uncommitted DDL).
    func keep(_ plan: AnyObject)
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
    /// COPY FROM's rows for the table it names, every live column filled
    /// (defaults for the ones it leaves out), read from the client or the
    /// file with PostgreSQL's errors and CONTEXT lines.
    func readCopyRows(_ copy: CopyStatement) throws -> (TableDefinition, [Row])
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
    var isExtensionScript: Bool { extensionScript != nil }

    func evaluate(_ expr: Expr) throws -> (value: Value, type: PGType) {
        let compiled = try analyzer(nil).compile(expr)
        return (try compiled.evaluate([], makeContext()), compiled.type)
    }

    func evaluate(_ expr: Expr, assigningTo type: PGType, column: String) throws -> Value {
        let compiled = try analyzer(nil).compileAssignment(expr, to: type, column: column)
        return try compiled.evaluate([], makeContext())
    }

    func compileAssignment(_ expr: Expr, to type: PGType, column: String) throws -> CompiledExpr {
        try analyzer(nil).compileAssignment(expr, to: type, column: column)
    }

    func evaluate(_ compiled: CompiledExpr) throws -> Value {
        try compiled.value([], makeContext())
    }

    func keep(_ plan: AnyObject) {
        if acceptsPlanToKeep { planToKeep = plan }
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
