// SET, SHOW and RESET of run-time parameters, with SET LOCAL lasting
// until the end of the transaction block.
import SQLParser

extension Executor {
    func executeSet(_ set: SetStatement) throws -> QueryResult {
        let name = set.name
        // Only a SET LOCAL typed at top level outside a block is useless;
        // in a function or DO block it lasts for the running transaction.
        if set.isLocal && session.transaction?.isBlock != true && session.routineDepth == 0 {
            session.report(
                SQLError(
                    SQLState.noActiveSQLTransaction,
                    "SET LOCAL can only be used in transaction blocks",
                    severity: .warning))
            return QueryResult(commandTag: "SET")
        }
        switch set.value {
        case .default:
            try session.settings.reset(name)
        case .values(let exprs):
            if name.lowercased() == "timezone", exprs.count == 1, let e = exprs.first,
                case .cast = e.kind
            {
                let zone = try intervalTimeZone(e)
                session.settings.setCanonical(name, zone, local: set.isLocal)
                return QueryResult(commandTag: "SET")
            }
            let items = try exprs.map(settingItem)
            try session.settings.set(name, items: items, local: set.isLocal)
        }
        return QueryResult(commandTag: "SET")
    }

    /// `SET TIME ZONE INTERVAL '..'`: an offset east of UTC without days
    /// or months, the zone `<+05:30>-05:30` for INTERVAL '+05:30'.
    private func intervalTimeZone(_ e: Expr) throws -> String {
        let value = try analyzer(nil).compile(e).evaluate([], makeContext())
        guard case .interval(let interval) = value else {
            throw SQLError(
                SQLState.syntaxError, "syntax error in SET value", position: e.location + 1)
        }
        let shown = "INTERVAL '\(formatValue(value, type: .interval))'"
        func invalid(_ detail: String) -> SQLError {
            SQLError(
                SQLState.invalidParameterValue,
                "invalid value for parameter \"TimeZone\": \"\(shown)\"", detail: detail)
        }
        if interval.months != 0 {
            throw invalid("Cannot specify months in time zone interval.")
        }
        if interval.days != 0 { throw invalid("Cannot specify days in time zone interval.") }
        let seconds = interval.microseconds / 1_000_000
        guard abs(seconds) < 168 * 3600 else {
            throw invalid("UTC timezone offset is out of range.")
        }
        return ZoneRules(fixedOffset: seconds).name
    }

    /// One value as written in SET: identifier, string or number.
    private func settingItem(_ e: Expr) throws -> SettingItem {
        switch e.kind {
        case .literal(.string(let s)), .literal(.integer(let s)), .literal(.numeric(let s)):
            return SettingItem(text: s)
        case .literal(.boolean(let b)):
            return SettingItem(text: b ? "true" : "false")
        case .columnRef(let parts):
            return SettingItem(text: parts.joined(separator: "."))
        case .unary("-", let inner):
            let item = try settingItem(inner)
            return SettingItem(text: "-" + item.text)
        case .unary("+", let inner):
            return try settingItem(inner)
        case .literal(.null):
            return SettingItem(text: "")
        default:
            throw SQLError(
                SQLState.syntaxError, "syntax error in SET value", position: e.location + 1)
        }
    }

    func executeShow(_ name: String) throws -> QueryResult {
        if name.lowercased() == "all" {
            throw SQLError.notSupported("SHOW ALL is not supported yet")
        }
        guard let value = session.settings.value(name) else { throw Settings.unrecognized(name) }
        let column = ColumnDescription(name: session.settings.canonicalName(name), type: .text)
        return QueryResult(commandTag: "SHOW", columns: [column], rows: [[.text(value)]])
    }

    func executeReset(_ name: String?) throws -> QueryResult {
        if let name {
            try session.settings.reset(name)
        } else {
            session.settings.resetAll()
        }
        return QueryResult(commandTag: "RESET")
    }
}
