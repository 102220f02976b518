// Utility statements: transaction control, SET/SHOW/RESET, DO, CALL and
// EXPLAIN (gram.y's TransactionStmt, VariableSetStmt, VariableShowStmt,
// VariableResetStmt, DoStmt, CallStmt, ExplainStmt).

extension Parser {
    // MARK: - Transactions

    /// BEGIN, START TRANSACTION, COMMIT, END, ROLLBACK, ABORT, SAVEPOINT,
    /// RELEASE [SAVEPOINT], ROLLBACK TO [SAVEPOINT].
    mutating func parseTransaction() throws -> TransactionStatement {
        let word = text(current)
        advance()
        switch word {
        case "begin":
            if !accept(.work) { _ = accept(.transaction) }
            return .begin(modes: try parseTransactionModes())
        case "start":
            try expect(.transaction)
            return .begin(modes: try parseTransactionModes())
        case "commit", "end":
            if !accept(.work) { _ = accept(.transaction) }
            return .commit(chain: try parseChain())
        case "savepoint":
            return .savepoint(try parseColId())
        case "release":
            _ = accept(.savepoint)
            return .release(try parseColId())
        default:
            if !accept(.work) { _ = accept(.transaction) }
            if accept(.to) {
                _ = accept(.savepoint)
                return .rollbackTo(try parseColId())
            }
            return .rollback(chain: try parseChain())
        }
    }

    /// `AND [NO] CHAIN`.
    private mutating func parseChain() throws -> Bool {
        guard accept(.and) else { return false }
        let negated = accept(.no)
        try expect(.chain)
        return !negated
    }

    /// `ISOLATION LEVEL ..`, `READ ONLY`, `READ WRITE`, `[NOT] DEFERRABLE`,
    /// each kept as its upper-case text.
    private mutating func parseTransactionModes() throws -> [String] {
        var modes: [String] = []
        while true {
            if accept(.isolation) {
                try expect(.level)
                if accept(.serializable) {
                    modes.append("ISOLATION LEVEL SERIALIZABLE")
                } else if accept(.repeatable) {
                    try expect(.read)
                    modes.append("ISOLATION LEVEL REPEATABLE READ")
                } else {
                    try expect(.read)
                    if accept(.committed) {
                        modes.append("ISOLATION LEVEL READ COMMITTED")
                    } else {
                        try expect(.uncommitted)
                        modes.append("ISOLATION LEVEL READ UNCOMMITTED")
                    }
                }
            } else if accept(.read) {
                if accept(.only) {
                    modes.append("READ ONLY")
                } else {
                    try expect(.write)
                    modes.append("READ WRITE")
                }
            } else if accept(.deferrable) {
                modes.append("DEFERRABLE")
            } else if current.isKeyword(.not) && peek().isKeyword(.deferrable) {
                advance()
                advance()
                modes.append("NOT DEFERRABLE")
            } else {
                return modes
            }
            _ = acceptSymbol(",")
        }
    }

    // MARK: - SET, SHOW, RESET

    /// `SET [SESSION | LOCAL] name {TO | =} value, ...`, `SET TIME ZONE`,
    /// `SET name TO DEFAULT`, `SET SCHEMA 'x'`, `SET NAMES 'x'`.
    mutating func parseSet() throws -> Statement {
        try expect(.set)
        var isLocal = false
        if accept(.local) {
            isLocal = true
        } else {
            _ = accept(.session)
        }
        if current.isKeyword(.transaction) || current.isKeyword(.characteristics)
            || (current.isKeyword(.session) && peek().isKeyword(.authorization))
            || current.isKeyword(.role) || current.isKeyword(.constraints)
        {
            throw notSupported("SET \(text(current).uppercased()) is not supported yet")
        }
        if current.isKeyword(.time) && peek().isKeyword(.zone) {
            advance()
            advance()
            return .set(
                SetStatement(name: "timezone", value: try parseTimeZoneValue(), isLocal: isLocal))
        }
        if accept(.schema) {
            let value = try parseSetItem()
            return .set(
                SetStatement(name: "search_path", value: .values([value]), isLocal: isLocal))
        }
        if accept(.names) {
            let value = try parseSetItem()
            return .set(
                SetStatement(name: "client_encoding", value: .values([value]), isLocal: isLocal))
        }
        let name = try parseVariableName()
        guard accept(.to) || acceptSymbol("=") else { throw syntaxError() }
        if accept(.default) {
            return .set(SetStatement(name: name, value: .default, isLocal: isLocal))
        }
        var values = [try parseSetItem()]
        while acceptSymbol(",") { values.append(try parseSetItem()) }
        return .set(SetStatement(name: name, value: .values(values), isLocal: isLocal))
    }

    /// A dotted configuration name: `search_path`, `citus.shard_count`.
    private mutating func parseVariableName() throws -> String {
        var name = try parseColId()
        while acceptSymbol(".") { name += "." + (try parseColId()) }
        return name
    }

    /// One value: a name or keyword, a string, or a signed number.
    private mutating func parseSetItem() throws -> Expr {
        let token = current
        switch token.kind {
        case .string, .integer, .numeric:
            return try parsePrimary()
        case .op where text(token) == "-" || text(token) == "+":
            advance()
            guard current.kind == .integer || current.kind == .numeric else { throw syntaxError() }
            let digits = text(current)
            let kind = current.kind
            advance()
            let signed = text(token) == "-" ? "-" + digits : digits
            let literal: Literal = kind == .integer ? .integer(signed) : .numeric(signed)
            return Expr(.literal(literal), location: token.location)
        case .identifier:
            guard
                isNonReservedWord(token) || token.isKeyword(.true) || token.isKeyword(.false)
                    || token.isKeyword(.on)
            else { throw syntaxError() }
            advance()
            return Expr(.columnRef([text(token)]), location: token.location)
        default:
            throw syntaxError()
        }
    }

    /// The value after SET TIME ZONE: a string, a number, LOCAL, DEFAULT or
    /// `INTERVAL '..'`.
    private mutating func parseTimeZoneValue() throws -> SetStatement.Value {
        if accept(.default) || accept(.local) { return .default }
        if current.isKeyword(.interval) {
            return .values([try parseTimeZoneInterval()])
        }
        return .values([try parseSetItem()])
    }

    /// `INTERVAL 'text' [HOUR | MINUTE | HOUR TO MINUTE]` after SET TIME
    /// ZONE (gram.y's zone_value). A qualifier makes a bare number count
    /// its last field and cuts what lies below it, as the interval typmod
    /// does: `INTERVAL '-08:30:15' HOUR TO MINUTE` is -08:30. The result
    /// is a cast to interval either way.
    private mutating func parseTimeZoneInterval() throws -> Expr {
        guard peek().kind == .string else { return try parsePrimary() }
        let at = current.location
        advance()
        var value = text(current)
        let literalAt = current.location
        advance()
        let interval = TypeName(["pg_catalog", "interval"], location: at)
        func field() -> String? {
            guard current.keyword != nil, Parser.intervalFields.contains(text(current)) else {
                return nil
            }
            return text(current)
        }
        let fieldAt = current.location
        guard let first = field() else {
            let literal = Expr(.literal(.string(value)), location: literalAt)
            return Expr(.cast(literal, interval, .typedLiteral), location: at)
        }
        advance()
        var fields = [first]
        if accept(.to) {
            guard let last = field() else { throw syntaxError() }
            fields.append(last)
            advance()
        }
        guard fields == ["hour"] || fields == ["minute"] || fields == ["hour", "minute"] else {
            throw ParseError.syntax(
                "time zone interval must be HOUR or HOUR TO MINUTE", at: fieldAt)
        }
        let unit = fields == ["hour"] ? "hour" : "minute"
        let bare = value.filter { $0 != " " }
        if !bare.isEmpty, Double(bare) != nil { value += " " + unit + "s" }
        let literal = Expr(.literal(.string(value)), location: literalAt)
        let cut = FunctionCall(
            name: QualifiedName(["pg_catalog", "date_trunc"], location: at),
            arguments: [
                FunctionArgument(value: Expr(.literal(.string(unit)), location: at)),
                FunctionArgument(
                    value: Expr(.cast(literal, interval, .typedLiteral), location: at)),
            ])
        let call = Expr(.function(cut), location: at)
        return Expr(.cast(call, interval, .castFunction), location: at)
    }

    /// `SHOW name`, `SHOW ALL`, `SHOW TIME ZONE`, `SHOW TRANSACTION
    /// ISOLATION LEVEL`.
    mutating func parseShow() throws -> Statement {
        try expect(.show)
        if accept(.all) { return .show("all") }
        if current.isKeyword(.time) && peek().isKeyword(.zone) {
            advance()
            advance()
            return .show("timezone")
        }
        if accept(.transaction) {
            try expect(.isolation, .level)
            return .show("transaction_isolation")
        }
        if accept(.session) {
            try expect(.authorization)
            return .show("session_authorization")
        }
        return .show(try parseVariableName())
    }

    /// `RESET name`, `RESET ALL`, `RESET TIME ZONE`.
    mutating func parseReset() throws -> Statement {
        try expect(.reset)
        if accept(.all) { return .reset(nil) }
        if current.isKeyword(.time) && peek().isKeyword(.zone) {
            advance()
            advance()
            return .reset("timezone")
        }
        return .reset(try parseVariableName())
    }

    // MARK: - DO, CALL, EXPLAIN

    /// `DO [LANGUAGE l] 'body'` (LANGUAGE may also follow the body).
    mutating func parseDo() throws -> Statement {
        try expect(.do)
        var language: String?
        var body: (String, Int)?
        guard current.kind == .string || current.isKeyword(.language) else { throw syntaxError() }
        while current.kind != .end && !current.isSymbol(";") {
            if accept(.language) {
                guard language == nil else { throw syntaxError() }
                language = try parseLanguageName()
            } else if current.kind == .string {
                guard body == nil else { throw syntaxError() }
                body = (text(current), bodyStart(of: current))
                advance()
            } else {
                throw syntaxError()
            }
        }
        guard let body else {
            throw ParseError.syntax("no inline code specified", at: -1)
        }
        return .doBlock(body: body.0, language: language ?? "plpgsql", bodyLocation: body.1)
    }

    /// A language name: a word or a string constant, folded to lower case
    /// like PostgreSQL's NonReservedWord_or_Sconst.
    mutating func parseLanguageName() throws -> String {
        if current.kind == .string {
            let name = text(current)
            advance()
            return name
        }
        return try parseNonReservedWord()
    }

    /// Offset of the first character of a string constant's value: after
    /// `$tag$`, after `'`, or after `E'`.
    func bodyStart(of token: Token) -> Int {
        let first = token.location < source.count ? source[token.location].value : 0
        if first == 0x24 {
            var index = token.location + 1
            while index < token.end, source[index].value != 0x24 { index += 1 }
            return index + 1
        }
        if first == 0x27 { return token.location + 1 }
        return token.location + 2
    }

    /// `CALL proc(args)`.
    mutating func parseCall() throws -> Statement {
        try expect(.call)
        let name = try parseQualifiedName()
        guard current.isSymbol("(") else { throw syntaxError() }
        let call = try parseFunctionCall(name: name, suffixes: false)
        return .call(call)
    }

    /// `EXPLAIN [ANALYZE] [VERBOSE] stmt` or `EXPLAIN (option [value], ..)
    /// stmt`.
    mutating func parseExplain() throws -> ExplainStatement {
        try expect(.explain)
        var options: [ExplainOption] = []
        if current.isSymbol("(") && !startsExplainedQuery() {
            advance()
            repeat {
                let location = current.location
                let name = try parseColLabel()
                var value: String?
                if current.kind == .string || current.kind == .integer || current.kind == .numeric {
                    value = text(current)
                    advance()
                } else if current.kind == .identifier && !current.isSymbol(",") {
                    value = text(current)
                    advance()
                }
                options.append(ExplainOption(name: name, value: value, location: location))
            } while acceptSymbol(",")
            try expectSymbol(")")
        } else {
            if accept(.analyze) || accept(.analyse) {
                options.append(ExplainOption(name: "analyze", value: nil))
            }
            if accept(.verbose) { options.append(ExplainOption(name: "verbose", value: nil)) }
        }
        let statement = try parseExplainable()
        return ExplainStatement(optionList: options, statement: statement)
    }

    /// True when EXPLAIN's `(` opens a parenthesised query instead of an
    /// option list.
    private func startsExplainedQuery() -> Bool {
        var ahead = 1
        while peek(ahead).isSymbol("(") { ahead += 1 }
        return peek(ahead).startsQuery
    }

    /// The statement EXPLAIN explains.
    private mutating func parseExplainable() throws -> Statement {
        switch current.keyword != nil ? text(current) : "" {
        case "select", "values", "table", "with", "insert", "update", "delete", "create",
            "execute", "declare", "merge", "refresh":
            return try parseNextStatement()
        default:
            if current.isSymbol("(") { return .select(try parseSelect()) }
            throw syntaxError()
        }
    }
}
