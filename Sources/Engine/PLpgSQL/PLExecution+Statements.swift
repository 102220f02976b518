// The statements of pl_exec.c: exec_stmt_if, _case, _loop, _while,
// _fori, _fors, _foreach_a, _exit, _return, _perform, _execsql,
// _dynexecute, _commit and _rollback. RAISE, ASSERT and GET DIAGNOSTICS
// are in PLExecution+Raise.swift.
import SQLParser

extension PLExecution {
    /// Runs one statement.
    func execute(_ statement: PLStatement) throws -> PLControl {
        switch statement.kind {
        case .block(let block):
            return try runBlock(block)
        case .assign(let target, let value):
            try assign(value, to: target)
            return .normal
        case .ifThen(let condition, let then, let elsifs, let otherwise):
            if try evaluateCondition(condition) { return try run(then) }
            for arm in elsifs where try evaluateCondition(arm.condition) {
                return try run(arm.body)
            }
            return try otherwise.map { try run($0) } ?? .normal
        case .caseStatement(let operand, let datum, let whens, let otherwise):
            return try runCase(operand: operand, datum: datum, whens: whens, otherwise: otherwise)
        case .loop(let label, let body):
            while true {
                if let end = try iterate(body, label: label) { return end }
            }
        case .whileLoop(let label, let condition, let body):
            while try evaluateCondition(condition) {
                if let end = try iterate(body, label: label) { return end }
            }
            return .normal
        case .forInteger(let label, let datum, let reverse, let low, let high, let step, let body):
            return try runIntegerFor(
                label: label, variable: datum, reverse: reverse, low: low, high: high, step: step,
                body: body)
        case .forQuery(let label, let targets, let query, let body):
            return try runQueryFor(
                label: label, targets: targets, query: query, body: body, scope: statement.scope)
        case .forEach(let label, let targets, let slice, let array, let body):
            return try runForeach(
                label: label, targets: targets, slice: slice, array: array, body: body)
        case .exit(let label, let condition):
            if let condition, !(try evaluateCondition(condition)) { return .normal }
            return .exit(label: label)
        case .continue(let label, let condition):
            if let condition, !(try evaluateCondition(condition)) { return .normal }
            return .continueLoop(label: label)
        case .return(let value):
            guard let value else { return .returned(.void, .void) }
            let (result, type) = try evaluate(value)
            return .returned(result, type)
        case .returnNext, .returnQuery:
            throw SQLError.notSupported("set-returning PL/pgSQL functions are not supported")
        case .perform(let text, let parsed):
            let result = try runSQL(
                parsed, text: text, scope: statement.scope, location: statement.location)
            rowCount = result.rowsProcessed
            setFound(result.rowsProcessed > 0)
            return .normal
        case .sql(let text, let parsed, let into, let strict):
            try runStatement(
                parsed, text: text, into: into, strict: strict, scope: statement.scope,
                location: statement.location)
            return .normal
        case .call(let text, let parsed, _):
            let result = try runSQL(parsed, text: text, scope: statement.scope)
            rowCount = result.rowsProcessed
            return .normal
        case .execute(let command, let into, let strict, let using):
            try runDynamic(command, into: into, strict: strict, using: using)
            return .normal
        case .raise(let raise):
            try runRaise(raise)
            return .normal
        case .assert(let condition, let message):
            try runAssert(condition, message: message)
            return .normal
        case .getDiagnostics(let stacked, let items):
            try runGetDiagnostics(stacked: stacked, items: items)
            return .normal
        case .commit:
            try endTransaction(commit: true)
            return .normal
        case .rollback:
            try endTransaction(commit: false)
            return .normal
        case .null:
            return .normal
        }
    }

    /// Sets FOUND.
    func setFound(_ found: Bool) {
        values[function.body.foundDatum] = .bool(found)
    }

    // MARK: - CASE

    /// exec_stmt_case: a simple CASE stores its operand (with its type)
    /// in the hidden variable the WHEN tests compare with.
    func runCase(
        operand: PLExpr?, datum: Int?, whens: [PLCaseWhen], otherwise: [PLStatement]?
    ) throws -> PLControl {
        if let operand, let datum {
            let (value, type) = try evaluate(operand)
            if types[datum] != type {
                types[datum] = type
                generation += 1
            }
            values[datum] = value
        }
        for arm in whens where try evaluateCondition(arm.expr) {
            return try run(arm.body)
        }
        guard let otherwise else {
            throw SQLError(
                "20000", "case not found", hint: "CASE statement is missing ELSE part.")
        }
        return try run(otherwise)
    }

    // MARK: - Loops

    /// exec_stmt_fori: bounds and step are evaluated once, cast to
    /// integer; the loop stops before the variable would overflow.
    func runIntegerFor(
        label: String?, variable: Int, reverse: Bool, low: PLExpr, high: PLExpr, step: PLExpr?,
        body: [PLStatement]
    ) throws -> PLControl {
        func bound(_ expr: PLExpr, _ what: String) throws -> Int32 {
            let (value, type) = try evaluate(expr)
            guard case .int4(let number) = try cast(value, from: type, to: .int4) else {
                throw SQLError(SQLState.nullValueNotAllowed, "\(what) of FOR loop cannot be null")
            }
            return number
        }
        var current = try bound(low, "lower bound")
        let end = try bound(high, "upper bound")
        var increment: Int32 = 1
        if let step {
            increment = try bound(step, "BY value")
            guard increment > 0 else {
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "BY value of FOR loop must be greater than zero")
            }
        }
        var found = false
        var result = PLControl.normal
        while reverse ? current >= end : current <= end {
            values[variable] = .int4(current)
            found = true
            if let stop = try iterate(body, label: label) {
                result = stop
                break
            }
            if reverse {
                if current < Int32.min + increment { break }
                current -= increment
            } else {
                if current > Int32.max - increment { break }
                current += increment
            }
        }
        setFound(found)
        return result
    }

    /// exec_stmt_fors and exec_stmt_dynfors: the query's rows are
    /// assigned to the targets one by one.
    func runQueryFor(
        label: String?, targets: [PLTarget], query: PLQuery, body: [PLStatement], scope: Int
    ) throws -> PLControl {
        let result: SPIResult
        switch query {
        case .static(let text, let parsed):
            result = try runSQL(parsed, text: text, scope: scope)
        case .dynamic(let command, let using):
            result = try runDynamicQuery(command, using: using)
        }
        var outcome = PLControl.normal
        if result.rows.isEmpty {
            try storeRow(nil, columns: result.columns, into: targets)
        }
        for row in result.rows {
            try storeRow(row, columns: result.columns, into: targets)
            if let stop = try iterate(body, label: label) {
                outcome = stop
                break
            }
        }
        setFound(!result.rows.isEmpty)
        return outcome
    }

    /// exec_stmt_foreach_a over the elements of an array (SLICE 0).
    func runForeach(
        label: String?, targets: [PLTarget], slice: Int, array: PLExpr, body: [PLStatement]
    ) throws -> PLControl {
        let (value, type) = try evaluate(array)
        if value.isNull {
            throw SQLError(SQLState.nullValueNotAllowed, "FOREACH expression must not be null")
        }
        guard case .array(let elements) = value else {
            throw SQLError(
                SQLState.datatypeMismatch,
                "FOREACH expression must yield an array, not type \(formatType(type))")
        }
        guard slice == 0 else {
            throw SQLError.notSupported("FOREACH with SLICE is not supported")
        }
        let elementType = type.elementType ?? elements.elementType
        for element in elements.elements {
            try storeRow([element], columns: [("", elementType)], into: targets)
            if let stop = try iterate(body, label: label) { return stop }
        }
        return .normal
    }

    // MARK: - SQL

    /// exec_stmt_execsql: runs the statement, then fills the INTO targets
    /// (first row; STRICT or a DML statement wants exactly one) or checks
    /// that a SELECT has somewhere to put its rows.
    func runStatement(
        _ parsed: Statement, text: String, into: [PLTarget], strict: Bool, scope: Int,
        location: Int
    ) throws {
        if case .transaction = parsed {
            throw SQLError.notSupported("unsupported transaction command in PL/pgSQL")
        }
        let result = try runSQL(parsed, text: text, scope: scope, location: location)
        rowCount = result.rowsProcessed
        let modifies = PLExecution.isModification(parsed)
        if into.isEmpty {
            if !result.columns.isEmpty {
                throw SQLError(
                    SQLState.syntaxError, "query has no destination for result data",
                    hint: "If you want to discard the results of a SELECT, use PERFORM instead.")
            }
            if modifies { setFound(result.rowsProcessed > 0) }
            return
        }
        try storeResult(result, into: into, strict: strict, single: strict || modifies)
        if !strict, !modifies { rowCount = min(rowCount, 1) }
    }

    /// Stores the first row a query returned into `targets`. STRICT wants
    /// a row; `single` (STRICT, or INSERT/UPDATE/DELETE) wants no more
    /// than one.
    func storeResult(
        _ result: SPIResult, into targets: [PLTarget], strict: Bool, single: Bool
    ) throws {
        if result.rows.isEmpty, strict {
            throw SQLError(SQLState.noDataFound, "query returned no rows")
        }
        if result.rows.count > 1, single {
            throw SQLError(
                SQLState.tooManyRows, "query returned more than one row",
                hint: "Make sure the query returns a single row, or use LIMIT 1.")
        }
        try storeRow(result.rows.first, columns: result.columns, into: targets)
        setFound(!result.rows.isEmpty)
    }

    /// INSERT, UPDATE, DELETE (mod_stmt), which set FOUND.
    static func isModification(_ statement: Statement) -> Bool {
        switch statement {
        case .insert, .update, .delete: return true
        default: return false
        }
    }

    /// exec_stmt_dynexecute: EXECUTE 'text' [INTO ..] [USING ..].
    func runDynamic(
        _ command: PLExpr, into: [PLTarget], strict: Bool, using: [PLExpr]
    ) throws {
        let result = try runDynamicQuery(command, using: using)
        rowCount = result.rowsProcessed
        if !into.isEmpty {
            let found = values[function.body.foundDatum]
            try storeResult(result, into: into, strict: strict, single: strict)
            values[function.body.foundDatum] = found
        }
    }

    /// Evaluates EXECUTE's command string, parses it and runs it with the
    /// USING values as `$n`.
    func runDynamicQuery(_ command: PLExpr, using: [PLExpr]) throws -> SPIResult {
        let (value, type) = try evaluate(command)
        if value.isNull {
            throw SQLError(SQLState.nullValueNotAllowed, "query string argument of EXECUTE is null")
        }
        let text = try display(value, type: type)
        var arguments: [Value] = []
        var argumentTypes: [PGType] = []
        for argument in using {
            let (argumentValue, argumentType) = try evaluate(argument)
            arguments.append(argumentValue)
            argumentTypes.append(argumentType == .unknown ? .text : argumentType)
        }
        let scope = PLUsingScope(values: arguments, types: argumentTypes)
        return try withQueryContext("SQL statement \"\(text)\"", query: text, shift: 0) {
            var parser = Parser(text)
            let statements: [ParsedStatement]
            do {
                statements = try parser.parseStatements()
            } catch let failure as ParseError {
                throw SQLError(
                    failure.sqlState, failure.message, hint: failure.hint,
                    position: failure.position >= 0 ? failure.position + 1 : nil)
            }
            var last = SPIResult(columns: [], rows: [], rowsProcessed: 0, commandTag: "")
            for statement in statements {
                last = try spi.execute(statement.statement, text: text, parameters: scope)
            }
            return last
        }
    }

    /// Runs a statement through SPI with the statement's variables; with
    /// the statement's `location` in the body, through the plan SPI keeps
    /// for it (exec_stmt_execsql's saved plan).
    func runSQL(
        _ parsed: Statement, text: String, scope: Int, location: Int = -1
    ) throws -> SPIResult {
        let names = function.names(scope: scope)
        let plan =
            location >= 0
            ? function.plan(at: location, session: ObjectIdentifier(spi.evaluation)) : nil
        return try withQueryContext("SQL statement \"\(text)\"", query: text, shift: 0) {
            guard let plan else { return try spi.execute(parsed, text: text, parameters: names) }
            return try spi.execute(parsed, text: text, parameters: names, plan: plan)
        }
    }

    // MARK: - Transactions

    /// COMMIT or ROLLBACK inside a DO block or procedure.
    func endTransaction(commit: Bool) throws {
        if atomic {
            throw SQLError(
                SQLState.invalidTransactionTermination, "invalid transaction termination")
        }
        if subtransactionDepth > 0 {
            let verb = commit ? "commit" : "roll back"
            throw SQLError(
                SQLState.invalidTransactionTermination,
                "cannot \(verb) while a subtransaction is active")
        }
        if commit { try spi.commit() } else { try spi.rollback() }
    }
}
