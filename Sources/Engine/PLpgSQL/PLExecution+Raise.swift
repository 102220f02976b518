// RAISE, ASSERT and GET DIAGNOSTICS, as pl_exec.c's exec_stmt_raise,
// exec_stmt_assert and exec_stmt_getdiag: `%` substitution with each
// value's output function (NULL as `<NULL>`), the USING options, and the
// levels below ERROR sent to the session as notices.
import SQLParser

extension PLExecution {
    /// exec_stmt_raise.
    func runRaise(_ raise: PLRaise) throws {
        if raise.isRethrow {
            guard let caught = caughtErrors.last else {
                throw SQLError(
                    "0Z002",
                    "RAISE without parameters cannot be used outside an exception handler")
            }
            throw PLFrameError(error: caught)
        }
        var code = raise.conditionState
        var message = try raise.format.map { try substitute($0, raise.arguments) }
        var detail: String?
        var hint: String?
        var given: Set<String> = []
        for option in raise.options {
            let (value, type) = try evaluate(option.value)
            if value.isNull {
                throw SQLError(
                    SQLState.nullValueNotAllowed, "RAISE statement option cannot be null")
            }
            let text = try display(value, type: type)
            let duplicate: Bool
            switch option.name {
            case "ERRCODE":
                duplicate = code != nil
                code = try PLExecution.conditionCode(text)
            case "MESSAGE":
                duplicate = message != nil
                message = text
            case "DETAIL":
                duplicate = detail != nil
                detail = text
            case "HINT":
                duplicate = hint != nil
                hint = text
            default:
                duplicate = given.contains(option.name)
            }
            if duplicate {
                throw SQLError(
                    SQLState.syntaxError, "RAISE option already specified: \(option.name)")
            }
            given.insert(option.name)
        }
        let level = raise.level
        let state = code ?? (level == .exception ? SQLState.raiseException
            : level == .warning ? SQLState.warning : SQLState.successfulCompletion)
        let text = message ?? raise.condition ?? state
        if level == .exception {
            throw SQLError(state, text, detail: detail, hint: hint)
        }
        var notice = SQLError(
            state, text, severity: PLExecution.severity(level), detail: detail, hint: hint,
            context: noticeContext())
        if level == .debug { notice.debugLevel = 1 }
        spi.evaluation.emitNotice(notice)
    }

    /// The elog level of a RAISE below EXCEPTION.
    static func severity(_ level: PLRaise.Level) -> SQLError.Severity {
        switch level {
        case .debug: return .debug
        case .log: return .log
        case .info: return .info
        case .notice: return .notice
        case .warning: return .warning
        case .exception: return .error
        }
    }

    /// ERRCODE's value: five SQLSTATE characters or a condition name.
    static func conditionCode(_ text: String) throws -> String {
        let scalars = Array(text.unicodeScalars)
        if scalars.count == 5,
            scalars.allSatisfy({ ("0"..."9").contains($0) || ("A"..."Z").contains($0) })
        {
            return text
        }
        guard let state = PLpgSQLParser.conditionStates[text]?.first else {
            throw SQLError(
                SQLState.undefinedObject, "unrecognized exception condition \"\(text)\"")
        }
        return state
    }

    /// Replaces each `%` of a RAISE format by the next argument's text;
    /// `%%` is a percent sign.
    func substitute(_ format: String, _ arguments: [PLExpr]) throws -> String {
        var out = ""
        var next = 0
        var scalars = format.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "%" else {
                out.unicodeScalars.append(scalar)
                continue
            }
            var lookahead = scalars
            if lookahead.next() == "%" {
                scalars = lookahead
                out += "%"
                continue
            }
            guard next < arguments.count else {
                throw SQLError(SQLState.internalError, "unexpected RAISE parameter list length")
            }
            let (value, type) = try evaluate(arguments[next])
            next += 1
            out += value.isNull ? "<NULL>" : try display(value, type: type)
        }
        return out
    }

    /// The CONTEXT of a notice raised here: this call's line, then the
    /// calls that led to it.
    func noticeContext() -> String {
        var lines = ["PL/pgSQL function \(function.signature) line \(currentLine) at RAISE"]
        for outer in PLpgSQLLanguage.callers(of: self) {
            if let query = outer.currentQueryContext { lines.append(query) }
            lines.append(
                "PL/pgSQL function \(outer.function.signature) line \(outer.currentLine) at "
                    + outer.currentAction)
        }
        return lines.joined(separator: "\n")
    }

    // MARK: - ASSERT and GET DIAGNOSTICS

    /// exec_stmt_assert, skipped when plpgsql.check_asserts is off.
    func runAssert(_ condition: PLExpr, message: PLExpr?) throws {
        if spi.evaluation.setting("plpgsql.check_asserts") == "off" { return }
        let (value, _) = try evaluate(condition)
        if case .bool(true) = value { return }
        var text = "assertion failed"
        if let message {
            let (messageValue, messageType) = try evaluate(message)
            if !messageValue.isNull { text = try display(messageValue, type: messageType) }
        }
        throw SQLError(SQLState.assertFailure, text)
    }

    /// exec_stmt_getdiag.
    func runGetDiagnostics(stacked: Bool, items: [PLDiagnosticsItem]) throws {
        let caught = caughtErrors.last
        if stacked, caught == nil {
            throw SQLError(
                "0Z002", "GET STACKED DIAGNOSTICS cannot be used outside an exception handler")
        }
        for item in items {
            let value: Value
            let type: PGType
            switch item.item {
            case "ROW_COUNT":
                value = .int8(Int64(rowCount))
                type = .int8
            case "PG_CONTEXT":
                value = .text(diagnosticsContext(stacked: stacked))
                type = .text
            default:
                value = .text(PLExecution.stackedItem(item.item, of: caught))
                type = .text
            }
            try store(value, type: type, into: item.target)
        }
    }

    /// The call stack as PG_CONTEXT reports it.
    private func diagnosticsContext(stacked: Bool) -> String {
        let action = stacked ? "GET STACKED DIAGNOSTICS" : "GET DIAGNOSTICS"
        var lines = ["PL/pgSQL function \(function.signature) line \(currentLine) at \(action)"]
        for outer in PLpgSQLLanguage.callers(of: self) {
            if let query = outer.currentQueryContext { lines.append(query) }
            lines.append(
                "PL/pgSQL function \(outer.function.signature) line \(outer.currentLine) at "
                    + outer.currentAction)
        }
        return lines.joined(separator: "\n")
    }

    /// An item of GET STACKED DIAGNOSTICS for the error being handled.
    static func stackedItem(_ item: String, of error: SQLError?) -> String {
        guard let error else { return "" }
        switch item {
        case "RETURNED_SQLSTATE": return error.sqlState
        case "MESSAGE_TEXT": return error.message
        case "PG_EXCEPTION_DETAIL": return error.detail ?? ""
        case "PG_EXCEPTION_HINT": return error.hint ?? ""
        case "PG_EXCEPTION_CONTEXT": return error.context ?? ""
        default: return ""
        }
    }
}
