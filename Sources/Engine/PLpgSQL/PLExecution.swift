// One running call of a PL/pgSQL function or DO block, as pl_exec.c's
// PLpgSQL_execstate: the values of its datums, FOUND and ROW_COUNT, the
// errors its handlers caught, and the walk over the statement tree with
// the CONTEXT line (`PL/pgSQL function f() line 3 at RAISE`) that
// PostgreSQL's error callback adds to whatever fails inside a statement.
import SQLParser

/// How a statement list ended.
enum PLControl {
    case normal
    case exit(label: String?)
    case continueLoop(label: String?)
    case returned(Value, PGType)
}

/// An error that already carries this call's CONTEXT line; statements
/// further out in the same call pass it on unchanged.
struct PLFrameError: Error {
    var error: SQLError
}

/// The state of one call.
final class PLExecution {
    let function: PLFunction
    let spi: SPIConnection
    let context: ExecContext
    /// False for a DO block or procedure allowed to COMMIT.
    let atomic: Bool
    /// Datum values; a record datum holds `.record(fields)`.
    var values: [Value]
    /// The current type of each datum (`.record` for records).
    var types: [PGType]
    /// The columns of each record datum's current row; nil while the
    /// record is not assigned yet.
    var shapes: [[(name: String, type: PGType)]?]
    /// Bumped whenever a record changes shape or a CASE variable changes
    /// type, so prepared expressions are prepared again.
    var generation = 0
    var prepared: [PLPrepared]
    /// SPI_processed of the last SQL statement (GET DIAGNOSTICS).
    var rowCount = 0
    /// Errors being handled, innermost last (RAISE; and GET STACKED).
    var caughtErrors: [SQLError] = []
    /// Number of EXCEPTION blocks (subtransactions) around the statement.
    var subtransactionDepth = 0
    /// An error found while a query resolved names, raised once the SPI
    /// call returns.
    var pendingError: SQLError?
    /// The statement running now, for notice contexts.
    var currentLine = 0
    var currentAction = ""
    /// The SPI context line of the query running now, if any.
    var currentQueryContext: String?
    private var interruptCounter = 0

    init(function: PLFunction, spi: SPIConnection, atomic: Bool) {
        self.function = function
        self.spi = spi
        self.atomic = atomic
        context = ExecContext(evaluation: spi.evaluation)
        let count = function.body.variables.count
        values = Array(repeating: .null, count: count)
        types = function.datumTypes.map { $0 ?? .record }
        shapes = Array(repeating: nil, count: count)
        prepared = Array(repeating: PLPrepared(), count: function.body.expressionCount)
        for (datum, variable) in function.body.variables.enumerated()
        where variable.kind == .scalar && function.datumTypes[datum] == nil {
            types[datum] = .unknown
        }
        values[function.body.foundDatum] = .bool(false)
    }

    /// `record "r" is not assigned yet` (55000).
    static func unassignedRecord(_ name: String) -> SQLError {
        SQLError(
            SQLState.objectNotInPrerequisiteState, "record \"\(name)\" is not assigned yet",
            detail: "The tuple structure of a not-yet-assigned record is indeterminate.")
    }

    /// A field of a record datum, nil when it has no such field.
    func field(_ name: String, of datum: Int) -> Value? {
        guard let shape = shapes[datum], let index = shape.firstIndex(where: { $0.name == name }),
            case .record(let fields) = values[datum], index < fields.count
        else { return nil }
        return fields[index]
    }

    // MARK: - Running statements

    /// Runs `statements` in order, stopping at EXIT, CONTINUE or RETURN.
    func run(_ statements: [PLStatement]) throws -> PLControl {
        for statement in statements {
            currentLine = statement.line
            currentAction = PLExecution.action(of: statement.kind)
            let control: PLControl
            do {
                control = try execute(statement)
            } catch let framed as PLFrameError {
                throw framed
            } catch let error as SQLError {
                throw PLFrameError(error: contextualized(error, line: statement.line, statement))
            } catch {
                let wrapped = SQLError(SQLState.internalError, "\(error)")
                throw PLFrameError(error: contextualized(wrapped, line: statement.line, statement))
            }
            if case .normal = control { continue }
            return control
        }
        return .normal
    }

    /// Runs a loop body once; nil to go on looping, otherwise how the
    /// loop ends (`.normal` for an EXIT aimed at this loop).
    func iterate(_ body: [PLStatement], label: String?) throws -> PLControl? {
        try checkInterrupts()
        switch try run(body) {
        case .normal: return nil
        case .exit(let target):
            return target == nil || target == label ? .normal : .exit(label: target)
        case .continueLoop(let target):
            return target == nil || target == label ? nil : .continueLoop(label: target)
        case .returned(let value, let type):
            return .returned(value, type)
        }
    }

    /// Checks for a cancel request every so many loop iterations, as the
    /// CHECK_FOR_INTERRUPTS in PostgreSQL's loops does.
    func checkInterrupts() throws {
        interruptCounter &+= 1
        if interruptCounter & 255 == 0, let session = spi.evaluation as? Session {
            try session.checkInterrupts()
        }
    }

    /// Appends `PL/pgSQL function f() line N at X` to an error.
    func contextualized(_ error: SQLError, line: Int, _ statement: PLStatement) -> SQLError {
        let text = "PL/pgSQL function \(function.signature) line \(line) at "
            + PLExecution.action(of: statement.kind)
        return PLExecution.appending(text, to: error)
    }

    /// Appends a CONTEXT line (contexts run innermost first).
    static func appending(_ line: String, to error: SQLError) -> SQLError {
        var error = error
        if let existing = error.context, !existing.isEmpty {
            error.context = existing + "\n" + line
        } else {
            error.context = line
        }
        return error
    }

    /// plpgsql_stmt_typename: how CONTEXT lines name a statement.
    static func action(of kind: PLStatementKind) -> String {
        switch kind {
        case .block: return "statement block"
        case .assign: return "assignment"
        case .ifThen: return "IF"
        case .caseStatement: return "CASE"
        case .loop: return "LOOP"
        case .whileLoop: return "WHILE"
        case .forInteger: return "FOR with integer loop variable"
        case .forQuery(_, _, let query, _):
            if case .dynamic = query { return "FOR over EXECUTE statement" }
            return "FOR over SELECT rows"
        case .forEach: return "FOREACH over array"
        case .exit: return "EXIT"
        case .continue: return "CONTINUE"
        case .return: return "RETURN"
        case .returnNext: return "RETURN NEXT"
        case .returnQuery: return "RETURN QUERY"
        case .perform: return "PERFORM"
        case .sql: return "SQL statement"
        case .call(_, _, let isDo): return isDo ? "DO" : "CALL"
        case .execute: return "EXECUTE"
        case .raise: return "RAISE"
        case .assert: return "ASSERT"
        case .getDiagnostics(let stacked, _):
            return stacked ? "GET STACKED DIAGNOSTICS" : "GET DIAGNOSTICS"
        case .commit: return "COMMIT"
        case .rollback: return "ROLLBACK"
        case .null: return "NULL"
        }
    }

    // MARK: - Blocks

    /// exec_stmt_block: initialise the declarations, then run the body,
    /// inside a subtransaction when the block has handlers.
    func runBlock(_ block: PLBlock) throws -> PLControl {
        try initialize(block.declarations)
        let control: PLControl
        if block.handlers.isEmpty {
            control = try run(block.body)
        } else {
            control = try runProtected(block)
        }
        if case .exit(let target) = control, target != nil, target == block.label {
            return .normal
        }
        return control
    }

    /// Gives each declared variable its initial value, in order.
    func initialize(_ declarations: [PLDeclaration]) throws {
        for declaration in declarations where declaration.aliasFor == nil {
            let datum = declaration.datum
            do {
                if function.body.variables[datum].kind == .record {
                    shapes[datum] = nil
                    values[datum] = .null
                    continue
                }
                guard let initial = declaration.initialValue else {
                    values[datum] = .null
                    continue
                }
                let (value, type) = try evaluate(initial)
                try store(value, type: type, into: datum)
            } catch let error as SQLError {
                let text = "PL/pgSQL function \(function.signature) line \(declaration.line) "
                    + "during statement block local variable initialization"
                throw PLFrameError(error: PLExecution.appending(text, to: error))
            }
        }
    }

    /// The body of a block with handlers, run in a subtransaction; a
    /// matching handler runs after the subtransaction rolled back.
    func runProtected(_ block: PLBlock) throws -> PLControl {
        do {
            subtransactionDepth += 1
            defer { subtransactionDepth -= 1 }
            return try spi.subtransaction { try run(block.body) }
        } catch let framed as PLFrameError {
            let error = framed.error
            guard let handler = block.handlers.first(where: { matches($0, error) }) else {
                throw framed
            }
            values[handler.sqlStateDatum] = .text(error.sqlState)
            values[handler.sqlErrmDatum] = .text(error.message)
            caughtErrors.append(error)
            defer { caughtErrors.removeLast() }
            return try run(handler.body)
        }
    }

    /// exception_matches_conditions: a class code matches its class;
    /// OTHERS matches all but query_canceled and assert_failure.
    func matches(_ handler: PLExceptionHandler, _ error: SQLError) -> Bool {
        for condition in handler.conditions {
            switch condition {
            case .others:
                if error.sqlState != SQLState.queryCanceled
                    && error.sqlState != SQLState.assertFailure
                {
                    return true
                }
            case .sqlState(let code):
                if code == error.sqlState { return true }
                if code.hasSuffix("000"), code.prefix(2) == error.sqlState.prefix(2) {
                    return true
                }
            }
        }
        return false
    }
}

/// An expression's prepared form within one call.
struct PLPrepared {
    /// 0: not prepared; 1: simple (`compiled` set); 2: needs a query.
    var state: UInt8 = 0
    var compiled: CompiledExpr?
    var generation = 0
}
