// The server programming interface procedural languages use (PostgreSQL's
// SPI): run a statement inside the calling session's transaction, prepare
// expressions for repeated evaluation, COMMIT inside DO, subtransactions
// for EXCEPTION blocks, and assignment coercion.
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
        let result = try executor.execute(statement)
        let columns = (result.columns ?? []).map { (name: $0.name, type: $0.type) }
        return SPIResult(
            columns: columns, rows: result.rows,
            rowsProcessed: Executor.rowsProcessed(result), commandTag: result.commandTag)
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
