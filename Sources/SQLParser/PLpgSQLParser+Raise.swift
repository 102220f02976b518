// RAISE, as pl_gram.y's stmt_raise reads it: an optional level, then a
// format string with arguments, a condition name or `SQLSTATE 'xxxxx'`,
// then `USING option = expr, ...`; check_raise_parameters matches the
// format's `%` placeholders against the arguments.

extension PLpgSQLParser {
    /// The options RAISE ... USING accepts, upper case.
    static let raiseOptions: Set<String> = [
        "ERRCODE", "MESSAGE", "DETAIL", "HINT", "COLUMN", "CONSTRAINT", "DATATYPE", "TABLE",
        "SCHEMA",
    ]

    /// `RAISE [level] ['format' [, arg ...] | condition] [USING ...];` or
    /// the bare `RAISE;`.
    mutating func parseRaise() throws -> PLStatementKind {
        advance()
        if acceptSymbol(";") { return .raise(PLRaise(level: .exception)) }
        var raise = PLRaise(level: .exception)
        if current.kind == .identifier, !current.isQuoted,
            let level = PLRaise.Level(rawValue: text(current).uppercased())
        {
            raise.level = level
            advance()
        }
        if current.kind == .string {
            raise.format = text(current)
            advance()
            while acceptSymbol(",") {
                raise.arguments.append(
                    try readExpression(
                        until: [.symbol(","), .symbol(";"), .word("using")],
                        expected: ", or ; or USING"))
            }
        } else if !isWord(current, "using") {
            try parseRaiseCondition(&raise)
        }
        guard current.isSymbol(";") || isWord(current, "using") else {
            throw scanFailure() ?? syntaxError()
        }
        if accept("using") {
            repeat {
                raise.options.append(try parseRaiseOption())
            } while acceptSymbol(",")
        }
        let semicolon = current
        try expectSymbol(";")
        if let format = raise.format {
            let placeholders = countPlaceholders(format)
            if placeholders != raise.arguments.count {
                let message = placeholders > raise.arguments.count
                    ? "too few parameters specified for RAISE"
                    : "too many parameters specified for RAISE"
                throw PLCompileError(
                    sqlState: "42601", message: message, position: -1,
                    line: line(of: semicolon.location))
            }
        }
        return .raise(raise)
    }

    /// `condition_name` or `SQLSTATE 'xxxxx'` after RAISE's level.
    mutating func parseRaiseCondition(_ raise: inout PLRaise) throws {
        let token = current
        guard token.kind == .identifier else { throw scanFailure() ?? syntaxError() }
        advance()
        if isWord(token, "sqlstate") {
            guard current.kind == .string else { throw scanFailure() ?? syntaxError() }
            guard isSQLState(text(current)) else {
                throw failure("invalid SQLSTATE code", at: current)
            }
            raise.condition = text(current)
            raise.conditionState = text(current)
            advance()
            return
        }
        guard let state = PLpgSQLParser.conditionStates[text(token)]?.first else {
            throw PLCompileError(
                sqlState: "42704", message: "unrecognized exception condition \"\(text(token))\"",
                position: -1, line: line(of: token.location))
        }
        raise.condition = text(token)
        raise.conditionState = state
    }

    /// `NAME = expr` in RAISE's USING list.
    mutating func parseRaiseOption() throws -> PLRaiseOption {
        let name = text(current).uppercased()
        guard current.kind == .identifier, !current.isQuoted,
            PLpgSQLParser.raiseOptions.contains(name)
        else {
            throw failure("unrecognized RAISE statement option", at: current)
        }
        advance()
        guard current.isSymbol("=") || current.kind == .colonEquals else {
            throw failure("syntax error, expected \"=\"", at: current)
        }
        advance()
        let value = try readExpression(until: [.symbol(","), .symbol(";")], expected: ", or ;")
        return PLRaiseOption(name: name, value: value)
    }

    /// The `%` placeholders of a RAISE format; `%%` is a literal percent.
    func countPlaceholders(_ format: String) -> Int {
        var count = 0
        var scalars = format.unicodeScalars.makeIterator()
        while let scalar = scalars.next() {
            guard scalar == "%" else { continue }
            var lookahead = scalars
            if lookahead.next() == "%" {
                scalars = lookahead
            } else {
                count += 1
            }
        }
        return count
    }
}
