// SET, SHOW and RESET of run-time parameters, with SET LOCAL lasting
// until the end of the transaction block.
import SQLParser

extension Executor {
    func executeSet(_ set: SetStatement) throws -> QueryResult {
        let name = set.name
        if set.isLocal && session.transaction?.isBlock != true {
            session.report(SQLError(
                SQLState.noActiveSQLTransaction, "SET LOCAL can only be used in transaction blocks",
                severity: .warning))
            return QueryResult(commandTag: "SET")
        }
        switch set.value {
        case .default:
            try session.settings.reset(name)
        case .values(let exprs):
            let items = try exprs.map(settingItem)
            try session.settings.set(name, items: items, local: set.isLocal)
        }
        return QueryResult(commandTag: "SET")
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
            throw SQLError(SQLState.syntaxError, "syntax error in SET value", position: e.location + 1)
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
