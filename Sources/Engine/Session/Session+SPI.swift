// The server programming interface procedural languages use (PostgreSQL's
// SPI): run a statement inside the calling session's transaction, keep a
// statement's plan between executions (SPI_prepare and the plan cache),
// prepare expressions for repeated evaluation, COMMIT inside DO,
// subtransactions for EXCEPTION blocks, and assignment coercion.
import SQLParser

/// SPI for one routine invocation.
package final class SessionSPI: SPIConnection {
    private unowned let session: Session
    /// False for a DO block or procedure called at top level outside a
    /// transaction block, where COMMIT and ROLLBACK are allowed.
    private let atomic: Bool

    init(session: Session, atomic: Bool) {
        self.session = session
        self.atomic = atomic
    }

    package var evaluation: EvaluationContext { session }

    package func execute(_ statement: Statement, text: String, parameters: ParameterScope?) throws
        -> SPIResult
    {
        try session.checkInterrupts()
        if case .transaction(let t) = statement {
            switch t {
            case .commit: try commit()
            case .rollback: try rollback()
            default:
                throw SQLError(
                    SQLState.invalidTransactionTermination,
                    "unsupported transaction command in PL/pgSQL")
            }
            return SPIResult(columns: [], rows: [], rowsProcessed: 0, commandTag: "")
        }
        let executor = Executor(session: session, text: text, parameters: parameters)
        return SPIConnectionResult.make(try executor.execute(statement))
    }

    package func execute(
        _ statement: Statement, text: String, parameters: ParameterScope?, plan: SPIPlan
    ) throws -> SPIResult {
        if case .select(let query) = statement {
            return try executeSelect(query, text: text, parameters: parameters, plan: plan)
        }
        guard case .insert(let insert) = statement, SPIPlan.canKeep(insert) else {
            return try execute(statement, text: text, parameters: parameters)
        }
        try session.checkInterrupts()
        // The distribution layer sees the statement first, every time; a
        // kept plan only stands in for the local planning it declined.
        let executor = Executor(session: session, text: text, parameters: parameters)
        if session.catalog.userViewCount > 0, try executor.lookupView(insert.table) != nil {
            // Writes through a view are rewritten for each execution.
            return try execute(statement, text: text, parameters: parameters)
        }
        if let result = try executeHooked(statement, text: text, parameters: parameters, plan: plan)
        {
            return SPIConnectionResult.make(result)
        }
        session.pushSnapshot()
        defer { session.popSnapshot() }
        if let kept = plan.reusable(in: session, parameters: parameters) {
            return SPIConnectionResult.make(try executor.runInsert(kept))
        }
        let keepable = session.transaction?.catalog == nil
        let version = session.engine.catalog.version
        let stamp = session.settings.stamp
        let recorder = parameters.map(RecordingParameterScope.init)
        let compiler = Executor(session: session, text: text, parameters: recorder)
        let prepared = try compiler.planInsert(insert)
        if keepable {
            plan.keep(
                .local(prepared), compiler: compiler, session: session, catalogVersion: version,
                settingsStamp: stamp, parameters: parameters, lookups: recorder?.lookups ?? [])
        } else {
            plan.discard()
        }
        return SPIConnectionResult.make(try compiler.runInsert(prepared))
    }

    /// A SELECT through the plan cache: a table-free one (PERFORM
    /// pg_sleep(...)) is kept compiled and evaluated directly; any other
    /// runs as an ordinary statement.
    private func executeSelect(
        _ query: SelectStatement, text: String, parameters: ParameterScope?, plan: SPIPlan
    ) throws -> SPIResult {
        let statement = Statement.select(query)
        try session.checkInterrupts()
        if let result = try executeHooked(statement, text: text, parameters: parameters, plan: plan)
        {
            return SPIConnectionResult.make(result)
        }
        if let kept = plan.reusableSelect(in: session, parameters: parameters) {
            return try kept.run(ExecContext(evaluation: session))
        }
        let keepable = session.transaction?.catalog == nil
        let version = session.engine.catalog.version
        let stamp = session.settings.stamp
        let recorder = parameters.map(RecordingParameterScope.init)
        let compiler = Executor(session: session, text: text, parameters: recorder)
        guard let prepared = compiler.prepareSimpleSelect(query) else {
            return try execute(statement, text: text, parameters: parameters)
        }
        if keepable {
            plan.keep(
                .select(prepared), compiler: compiler, session: session, catalogVersion: version,
                settingsStamp: stamp, parameters: parameters, lookups: recorder?.lookups ?? [])
        }
        return try prepared.run(compiler.makeContext())
    }

    /// The planner hook's result for `statement`, nil when it declines.
    /// The hook sees the form it kept in `plan` at an earlier execution,
    /// while still valid, and may keep a new one: then its compiling ran
    /// with the variables' lookups recorded, for `plan` to check later.
    private func executeHooked(
        _ statement: Statement, text: String, parameters: ParameterScope?, plan: SPIPlan
    ) throws -> QueryResult? {
        guard let hook = session.engine.plannerHook else { return nil }
        if let kept = plan.reusableHookPlan(in: session, parameters: parameters) {
            let executor = Executor(session: session, text: text, parameters: parameters)
            executor.keptPlan = kept
            return try hook(statement, executor)
        }
        let keepable = session.transaction?.catalog == nil
        let version = session.engine.catalog.version
        let stamp = session.settings.stamp
        let recorder = parameters.map(RecordingParameterScope.init)
        let compiler = Executor(session: session, text: text, parameters: recorder)
        compiler.acceptsPlanToKeep = keepable
        guard let result = try hook(statement, compiler) else { return nil }
        if let form = compiler.planToKeep {
            plan.keep(
                .hook(form), compiler: compiler, session: session, catalogVersion: version,
                settingsStamp: stamp, parameters: parameters, lookups: recorder?.lookups ?? [])
        } else {
            plan.discard()
        }
        return result
    }

    package func prepareExpression(_ query: SelectStatement, parameters: ParameterScope?) throws
        -> CompiledExpr?
    {
        let executor = Executor(session: session, text: "", parameters: parameters)
        return try executor.prepareSimpleExpression(query)
    }

    package func commit() throws {
        try requireNonAtomic()
        try session.endTransactionFromRoutine(commit: true)
    }

    package func rollback() throws {
        try requireNonAtomic()
        try session.endTransactionFromRoutine(commit: false)
    }

    private func requireNonAtomic() throws {
        if atomic || session.routineDepth > 1 {
            throw SQLError(
                SQLState.invalidTransactionTermination, "invalid transaction termination")
        }
    }

    package func subtransaction<T>(_ body: () throws -> T) throws -> T {
        try session.runInSubtransaction(body)
    }

    package func coerce(_ value: Value, from: PGType, to: PGType) throws -> Value {
        if from == to || value.isNull { return value }
        return try castValue(value, from: from, to: to)
    }

    package func resolveType(_ type: TypeName) throws -> PGType {
        try resolveTypeName(type)
    }
}

/// Turns a statement's result into what SPI reports.
private enum SPIConnectionResult {
    static func make(_ result: QueryResult) -> SPIResult {
        let columns = (result.columns ?? []).map { (name: $0.name, type: $0.type) }
        return SPIResult(
            columns: columns, rows: result.rows,
            rowsProcessed: Executor.rowsProcessed(result), commandTag: result.commandTag)
    }
}

/// One statement's plan as SPI keeps it for a routine between executions,
/// as PostgreSQL's plan cache keeps a PL/pgSQL statement's: planned once,
/// run again while nothing it was planned against changed. Invalidation
/// compares the committed catalog's version (DDL in any session), the
/// settings stamp (search_path and everything else analysis reads) and
/// every variable the analysis resolved, which must still resolve to the
/// same slot and type. A transaction with its own catalog copy (DDL not
/// yet committed) plans every time. Kept: INSERT ... VALUES, as the
/// engine plans it or as the planner hook compiled it for its own use,
/// and table-free SELECTs (PERFORM pg_sleep(...)).
package final class SPIPlan {
    /// What a plan keeps: the engine's own INSERT plan, or the form the
    /// planner hook compiled the statement to (opaque to the engine).
    enum Kept {
        case local(InsertPlan)
        case hook(AnyObject)
        case select(SimpleSelectPlan)
    }

    private weak var session: Session?
    private var catalogVersion = 0
    private var settingsStamp: UInt64 = 0
    private weak var parameters: ParameterScope?
    private var lookups: [ParameterLookup] = []
    private var kept: Kept?
    /// The executor the plan's compiled expressions were built by; they
    /// call back into it for user functions and subqueries.
    private var compiler: Executor?

    package init() {}

    /// True for the statements whose plans are kept.
    static func canKeep(_ insert: InsertStatement) -> Bool {
        guard insert.with == nil else { return false }
        switch insert.source {
        case .values, .defaultValues: return true
        case .select: return false
        }
    }

    /// The kept INSERT plan when it is still valid for `session` running
    /// the statement with `parameters`.
    func reusable(in session: Session, parameters: ParameterScope?) -> InsertPlan? {
        guard case .local(let insert) = kept, isValid(in: session, parameters: parameters)
        else { return nil }
        return insert
    }

    /// The kept table-free SELECT, when still valid for `session` running
    /// the statement with `parameters`.
    func reusableSelect(in session: Session, parameters: ParameterScope?) -> SimpleSelectPlan? {
        guard case .select(let select) = kept, isValid(in: session, parameters: parameters) else {
            return nil
        }
        return select
    }

    /// The planner hook's kept form, when still valid for `session`
    /// running the statement with `parameters`.
    func reusableHookPlan(in session: Session, parameters: ParameterScope?) -> AnyObject? {
        guard case .hook(let form) = kept, isValid(in: session, parameters: parameters) else {
            return nil
        }
        return form
    }

    /// True while nothing the plan was made against changed: the session,
    /// the routine's variables, the committed catalog, the settings.
    private func isValid(in session: Session, parameters: ParameterScope?) -> Bool {
        guard self.session === session, self.parameters === parameters,
            session.transaction?.catalog == nil,
            catalogVersion == session.engine.catalog.version,
            settingsStamp == session.settings.stamp
        else { return false }
        for lookup in lookups {
            let found: (slot: Int, type: PGType)?
            switch lookup.name {
            case .variable(let parts): found = parameters?.resolveVariable(parts)
            case .positional(let number): found = parameters?.resolvePositional(number)
            }
            guard let found, found.slot == lookup.slot, found.type == lookup.type else {
                return false
            }
        }
        return true
    }

    /// Keeps `kept`, planned by `compiler` against the given state.
    func keep(
        _ kept: Kept, compiler: Executor, session: Session, catalogVersion: Int,
        settingsStamp: UInt64, parameters: ParameterScope?, lookups: [ParameterLookup]
    ) {
        self.kept = kept
        self.compiler = compiler
        self.session = session
        self.catalogVersion = catalogVersion
        self.settingsStamp = settingsStamp
        self.parameters = parameters
        self.lookups = lookups
    }

    /// Forgets the kept plan.
    func discard() {
        kept = nil
        compiler = nil
        lookups = []
    }
}

/// A table-free SELECT compiled to its one row's expressions
/// (Executor.prepareSimpleSelect).
struct SimpleSelectPlan {
    var columns: [(name: String, type: PGType)]
    var exprs: [CompiledExpr]

    /// The query's one row, its expressions evaluated now.
    func run(_ ctx: ExecContext) throws -> SPIResult {
        let row = try exprs.map { try $0.value([], ctx) }
        return SPIResult(columns: columns, rows: [row], rowsProcessed: 1, commandTag: "SELECT 1")
    }
}

/// A variable or `$n` a statement's analysis resolved, and to what.
struct ParameterLookup {
    enum Name {
        case variable([String])
        case positional(Int)
    }
    var name: Name
    var slot: Int
    var type: PGType
}

/// Passes a routine's variables through to the analyser and writes down
/// every one it resolves, so a kept plan can tell whether they still
/// resolve the same way.
final class RecordingParameterScope: ParameterScope {
    let inner: ParameterScope
    private(set) var lookups: [ParameterLookup] = []

    init(_ inner: ParameterScope) { self.inner = inner }

    func resolveVariable(_ parts: [String]) -> (slot: Int, type: PGType)? {
        let found = inner.resolveVariable(parts)
        if let found {
            lookups.append(
                ParameterLookup(name: .variable(parts), slot: found.slot, type: found.type))
        }
        return found
    }

    func resolvePositional(_ number: Int) -> (slot: Int, type: PGType)? {
        let found = inner.resolvePositional(number)
        if let found {
            lookups.append(
                ParameterLookup(name: .positional(number), slot: found.slot, type: found.type))
        }
        return found
    }

    func value(ofSlot slot: Int) -> Value {
        inner.value(ofSlot: slot)
    }
}

extension Session {
    /// Runs `sql` inside the running statement's transaction, as an
    /// extension's C code runs queries through SPI; returns the last
    /// statement's result. With `local`, the planner hook is skipped and
    /// the statement reads this node's own tables.
    @discardableResult
    package func executeInternal(_ sql: String, local: Bool = false) throws -> QueryResult {
        var parser = Parser(sql)
        let statements: [ParsedStatement]
        do {
            statements = try parser.parseStatements()
        } catch let error as ParseError {
            throw sqlError(from: error)
        }
        var last = QueryResult(commandTag: "")
        for parsed in statements {
            last = try Executor(session: self, text: sql).execute(parsed.statement, hooked: !local)
        }
        return last
    }
}
