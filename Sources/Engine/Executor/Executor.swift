// Runs one statement against a session, PostgreSQL's path from a raw
// parse tree to results in numbered steps:
//   1. analyse: resolve names against the catalog, compile expressions
//      (Analyzer) into closures;
//   2. plan: build a tree of operators (PlanNode): scans with pushed-down
//      filters and partition pruning, index lookups, joins, aggregation,
//      sort, limit, projection;
//   3. execute: run the tree under the statement's snapshot.
// DDL and utility statements are executed directly on the catalog.
import SQLParser

/// Executes statements for one session; also the analyser's view of the
/// executor (CompileEnvironment): subqueries, user functions, variables.
final class Executor: CompileEnvironment {
    unowned let session: Session
    /// The statement's source text (the query string's part), for SPI.
    let text: String
    /// Where `text` starts in the query string (AST locations count from
    /// the query string's start).
    let textOffset: Int
    /// INSERT ... SELECT's target column types, so the select list's
    /// untyped literals are coerced to them directly, as PostgreSQL does.
    var assignmentTargets: [(type: PGType, column: String)]?
    private let variableScope: CountingParameterScope?
    /// Rows of the statement touched so far (ON CONFLICT's "cannot affect
    /// row a second time").
    var touchedRows: Set<TouchedRow> = []
    /// The extension whose script the statement belongs to.
    var extensionScript: String?
    /// Set while CREATE VIEW plans its query: the column usage of every
    /// table scan, which become the view's column dependencies.
    var viewColumnUsage: [(table: RelationID, usage: ColumnUsage)]?
    /// WITH queries in scope while planning, innermost last.
    var cteFrames: [[String: CommonTableEntry]] = []
    /// How many times compiling reached beyond built-in objects (user
    /// functions, subqueries), which makes compiled expressions unsafe to
    /// cache across statements.
    private(set) var environmentHits = 0
    /// The planner hook's form of the statement kept from an earlier
    /// execution of the same PL/pgSQL statement (StatementContext.keptPlan).
    var keptPlan: AnyObject?
    /// Whether the statement's plan may be kept, and the hook's form to
    /// keep (StatementContext.keep(_:)).
    var acceptsPlanToKeep = false
    var planToKeep: AnyObject?
    /// An INSERT .. VALUES's rows supplied already computed
    /// (Session.executeInsert), which stand in for its VALUES lists.
    var suppliedRows: SuppliedRows?

    init(session: Session, text: String, textOffset: Int = 0, parameters: ParameterScope? = nil) {
        self.session = session
        self.text = text
        self.textOffset = textOffset
        self.variableScope = parameters.map(CountingParameterScope.init)
    }

    var parameters: ParameterScope? { variableScope }

    /// How many times statement parameters were read while compiling.
    var parameterHits: Int { variableScope?.hits ?? 0 }

    /// The catalog the statement sees.
    var catalog: Catalog { session.catalog }

    /// A fresh analyser over `scope`.
    func analyzer(_ scope: ColumnScope?) -> Analyzer {
        Analyzer(environment: self, scope: scope)
    }

    /// The xid writes of this statement carry.
    var writeXid: TransactionID {
        get throws {
            guard let tx = session.transaction else {
                throw SQLError(SQLState.internalError, "no transaction is active")
            }
            return tx.currentXid
        }
    }

    /// A context for one execution of a plan.
    func makeContext() -> ExecContext {
        ExecContext(evaluation: session)
    }

    /// Runs `statement` under a new snapshot (READ COMMITTED).
    func execute(_ statement: Statement, hooked: Bool = true) throws -> QueryResult {
        let statement = try expandViews(statement)
        if hooked, let hook = session.engine.plannerHook, let result = try hook(statement, self) {
            return result
        }
        session.pushSnapshot()
        defer { session.popSnapshot() }
        switch statement {
        case .select(let query):
            return try executeSelect(query)
        case .insert(let insert):
            return try executeInsert(insert)
        case .update(let update):
            return try executeUpdate(update)
        case .delete(let delete):
            return try executeDelete(delete)
        case .createTable(let create):
            return try executeCreateTable(create)
        case .createSchema(let name, let ifNotExists, _):
            return try executeCreateSchema(name, ifNotExists: ifNotExists)
        case .createExtension(let create):
            return try executeCreateExtension(create)
        case .createFunction(let create):
            return try executeCreateFunction(create)
        case .createView(let create):
            return try executeCreateView(create)
        case .createSequence(let create):
            return try executeCreateSequence(create)
        case .alterSequence(let alter):
            return try executeAlterSequence(alter)
        case .createType(let create):
            return try executeCreateType(create)
        case .alterTable(let alter):
            return try executeAlterTable(alter)
        case .createIndex(let create):
            return try executeCreateIndex(create)
        case .drop(let drop):
            return try executeDrop(drop)
        case .truncate(let truncate):
            return try executeTruncate(truncate)
        case .transaction(let t):
            return try session.executeTransactionStatement(t)
        case .set(let set):
            return try executeSet(set)
        case .show(let name):
            return try executeShow(name)
        case .reset(let name):
            return try executeReset(name)
        case .doBlock(let body, let language, let bodyLocation):
            return try executeDo(body: body, language: language, bodyLocation: bodyLocation)
        case .call(let call):
            return try executeCall(call)
        case .explain(let explain):
            return try executeExplain(explain)
        case .copy(let copy):
            return try executeCopy(copy)
        case .prepare(let prepare):
            return try executePrepare(prepare)
        case .execute(let name, let arguments):
            return try executeExecute(name: name, arguments: arguments)
        case .deallocate(let name):
            return try executeDeallocate(name)
        case .comment(let comment):
            return try executeComment(comment)
        }
    }

    /// SELECT: plan, run, collect.
    private func executeSelect(_ query: SelectStatement) throws -> QueryResult {
        if case .select(let simple) = query.body, simple.into != nil {
            throw SQLError.notSupported("SELECT ... INTO is not supported yet")
        }
        if !query.locking.isEmpty, let result = try executeLockingSelect(query) {
            return result
        }
        let plan = try planQuery(query, outer: nil)
        let rows = try plan.root.collect(makeContext())
        return QueryResult(commandTag: "SELECT \(rows.count)", columns: plan.columns, rows: rows)
    }

    /// Rows returned or affected, as SPI reports them.
    static func rowsProcessed(_ result: QueryResult) -> Int {
        if result.columns != nil { return result.rows.count }
        let parts = result.commandTag.split(separator: " ")
        guard parts.count >= 2, let n = Int(parts[parts.count - 1]) else { return 0 }
        return n
    }

    // MARK: CompileEnvironment

    func hasExtension(_ name: String) -> Bool { catalog.extensions[name] != nil }

    func planSubquery(_ query: SelectStatement, outer: ColumnScope?) throws -> SubqueryPlan {
        environmentHits += 1
        let before = outerHits(outer) + parameterHits
        let plan = try planQuery(query, outer: outer)
        let correlated = outerHits(outer) + parameterHits != before
        let root = plan.root
        return SubqueryPlan(
            columnTypes: plan.columns.map(\.type), isCorrelated: correlated,
            run: { ctx in try root.collect(ctx) })
    }

    /// Total resolutions answered by `scope` and its ancestors.
    private func outerHits(_ scope: ColumnScope?) -> Int {
        var total = 0
        var current = scope
        while let s = current {
            total += levelHits(s)
            current = s.parent
        }
        return total
    }

    /// Resolutions answered by the FROM items of `scope`'s own level, seen
    /// through grouping and windowing.
    private func levelHits(_ scope: ColumnScope) -> Int {
        switch scope {
        case let q as QueryScope: q.hits
        case let g as GroupedScope: g.input.hits
        case let w as WindowedScope: levelHits(w.input)
        default: 0
        }
    }

    func userFunctions(named name: QualifiedName) -> [UserFunctionDefinition] {
        if let schema = name.schema {
            let found = catalog.functions(named: name.name, in: schema)
            if !found.isEmpty { environmentHits += 1 }
            return found
        }
        var found: [UserFunctionDefinition] = []
        for schema in session.searchPathSchemas(catalog) {
            found += catalog.functions(named: name.name, in: schema)
        }
        if !found.isEmpty { environmentHits += 1 }
        return found
    }

    func callUserFunction(
        _ function: UserFunctionDefinition, arguments: [Value], context: ExecContext
    ) throws -> Value {
        try invokeFunction(function, arguments: arguments)
    }

    func callSetFunction(
        _ function: UserFunctionDefinition, arguments: [Value], context: ExecContext
    ) throws -> [Row] {
        guard function.language == "c", let library = function.library,
            let native = session.engine.libraries[library]?.setFunction(function.body)
        else {
            // TODO(#6): set-returning PL/pgSQL and SQL functions.
            throw SQLError.notSupported(
                "set-returning function \(function.name) is not supported yet")
        }
        session.loadLibrary(library)
        return try native(NativeCall(session: session, function: function, arguments: arguments))
    }
}

/// A row version touched by the running statement.
struct TouchedRow: Hashable {
    var relation: RelationID
    var row: RowID
}

/// Wraps the PL/pgSQL variables to count how often a query reads them, so
/// a subquery that does is re-run rather than cached.
final class CountingParameterScope: ParameterScope {
    let inner: ParameterScope
    private(set) var hits = 0

    init(_ inner: ParameterScope) { self.inner = inner }

    func resolveVariable(_ parts: [String]) -> (slot: Int, type: PGType)? {
        let found = inner.resolveVariable(parts)
        if found != nil { hits += 1 }
        return found
    }

    func resolvePositional(_ number: Int) -> (slot: Int, type: PGType)? {
        let found = inner.resolvePositional(number)
        if found != nil { hits += 1 }
        return found
    }

    func value(ofSlot slot: Int) -> Value {
        inner.value(ofSlot: slot)
    }
}
