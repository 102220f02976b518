// Reading embedded SQL out of a PL/pgSQL body, as pl_gram.y's
// read_sql_construct, make_execsql_stmt and read_into_target do: tokens are
// collected up to a terminator at parenthesis level 0, the source text in
// between becomes the expression or statement, and the SQL parser checks
// it (check_sql_expr).

extension PLpgSQLParser {
    /// A token that ends an embedded expression.
    enum Stop {
        case word(String)
        case symbol(StaticString)
        case dotDot
    }

    /// True when `token` is one of `stops`.
    func matches(_ token: Token, _ stops: [Stop]) -> Bool {
        for stop in stops {
            switch stop {
            case .word(let word): if isWord(token, word) { return true }
            case .symbol(let symbol): if token.isSymbol(symbol) { return true }
            case .dotDot: if token.kind == .dotDot { return true }
            }
        }
        return false
    }

    /// read_sql_construct: consumes tokens up to (not including) one of
    /// `stops` at parenthesis level 0 and returns the source span.
    /// `expected` names the terminator in `missing "X" at end of SQL
    /// expression`.
    mutating func readConstruct(
        until stops: [Stop], expected: String, isExpression: Bool = true
    ) throws -> (start: Int, end: Int) {
        let startIndex = index
        var level = 0
        while true {
            let token = current
            if level == 0, matches(token, stops) { break }
            if token.kind == .end || token.isSymbol(";") {
                if let failure = scanFailure() { throw failure }
                if level != 0 { throw failure("mismatched parentheses", at: token) }
                // Measured: a construct cut off by the end of the body ends
                // there, and the statement then fails at end of input.
                if token.kind == .end, index > startIndex { break }
                let what = isExpression ? "expression" : "statement"
                throw error(
                    "42601", "missing \"\(expected)\" at end of SQL \(what)",
                    at: token.location)
            }
            if token.isSymbol("(") || token.isSymbol("[") {
                level += 1
            } else if token.isSymbol(")") || token.isSymbol("]") {
                level -= 1
                if level < 0 { throw failure("mismatched parentheses", at: token) }
            }
            advance()
        }
        if index == startIndex {
            let message = isExpression ? "missing expression" : "missing SQL statement"
            throw failure(message, at: current)
        }
        return (tokens[startIndex].location, current.location)
    }

    /// Reads an expression up to `stops` and checks it as `SELECT expr`.
    mutating func readExpression(until stops: [Stop], expected: String) throws -> PLExpr {
        let span = try readConstruct(until: stops, expected: expected)
        return try makeExpression(from: span.start, to: span.end)
    }

    /// The expression whose source is `start..<end`.
    mutating func makeExpression(
        from start: Int, to end: Int, sourceText: String? = nil, sourceOffset: Int = 0
    ) throws -> PLExpr {
        let text = trimmedText(from: start, to: end)
        let query = try parseQuery("SELECT " + text, base: start, shift: 7)
        defer { expressionCount += 1 }
        return PLExpr(
            text: text, query: query, location: start, id: expressionCount,
            scope: currentScope, sourceText: sourceText, sourceOffset: sourceOffset,
            visibleItems: scopes[currentScope].items.count)
    }

    /// Parses `text` (whose character `shift` is body offset `base`) as
    /// one SELECT.
    func parseQuery(_ text: String, base: Int, shift: Int) throws -> SelectStatement {
        let statement = try parseSQL(text, base: base, shift: shift)
        guard case .select(let query) = statement else {
            throw error("42601", "syntax error", at: base)
        }
        return query
    }

    /// Parses `text` as exactly one SQL statement, mapping the SQL
    /// parser's error positions back into the body.
    func parseSQL(_ text: String, base: Int, shift: Int) throws -> Statement {
        var parser = Parser(text)
        let statements: [ParsedStatement]
        do {
            statements = try parser.parseStatements()
        } catch let failure as ParseError {
            throw mapped(failure, base: base, shift: shift)
        }
        guard let first = statements.first else {
            throw mapped(
                .syntax("syntax error at end of input", at: text.unicodeScalars.count),
                base: base, shift: shift)
        }
        if statements.count > 1 {
            let extra = statements[1].start
            let scalars = Array(text.unicodeScalars)
            var semicolon = extra
            while semicolon > 0, scalars[semicolon - 1] != ";" { semicolon -= 1 }
            throw mapped(
                .syntax("syntax error at or near \";\"", at: max(0, semicolon - 1)),
                base: base, shift: shift)
        }
        return first.statement
    }

    // MARK: - SQL statements

    /// make_execsql_stmt: reads a SQL statement that starts at the current
    /// token, through its `;`, blanking out a PL/pgSQL `INTO` clause.
    mutating func readSQLStatement() throws -> (
        text: String, start: Int, statement: Statement, into: [PLTarget], strict: Bool
    ) {
        let first = current
        let start = first.location
        var previous = first
        var parenDepth = 0
        var beginDepth = 0
        var leading: [String] = []
        var inRoutine = false
        var into: (start: Int, end: Int, targets: [PLTarget], strict: Bool)?
        advance()
        if isWord(first, "create") { leading.append("create") }
        while true {
            let token = current
            if !leading.isEmpty, leading.count < 4 {
                leading.append(token.kind == .identifier && !token.isQuoted ? text(token) : "")
                inRoutine = inRoutine || startsRoutine(leading)
            }
            if token.isSymbol("(") {
                parenDepth += 1
            } else if token.isSymbol(")"), parenDepth > 0 {
                parenDepth -= 1
            }
            if inRoutine, parenDepth == 0 {
                if isWord(token, "begin") || isWord(token, "case") {
                    beginDepth += 1
                } else if isWord(token, "end"), beginDepth > 0 {
                    beginDepth -= 1
                }
            }
            if token.isSymbol(";"), parenDepth == 0, beginDepth == 0 { break }
            if token.kind == .end {
                throw scanFailure() ?? failure("unexpected end of function definition", at: token)
            }
            if isWord(token, "into"), !isWord(previous, "insert"), !isWord(previous, "merge"),
                !isWord(first, "import")
            {
                if into != nil { throw failure("INTO specified more than once", at: token) }
                advance()
                let (targets, strict) = try readIntoTarget()
                into = (token.location, current.location, targets, strict)
                previous = tokens[index - 1]
                continue
            }
            previous = token
            advance()
        }
        let end = current.location
        var text: String
        if let into {
            text = self.text(from: start, to: into.start)
            text += String(repeating: " ", count: into.end - into.start)
            text += self.text(from: into.end, to: end)
            while let last = text.unicodeScalars.last, isSpace(last) {
                text.unicodeScalars.removeLast()
            }
        } else {
            text = trimmedText(from: start, to: end)
        }
        let statement = try parseSQL(text, base: start, shift: 0)
        advance()
        return (text, start, statement, into?.targets ?? [], into?.strict ?? false)
    }

    /// True when the leading words are `CREATE [OR REPLACE] FUNCTION` or
    /// `PROCEDURE`, whose BEGIN ATOMIC ... END hides semicolons.
    func startsRoutine(_ words: [String]) -> Bool {
        let routine: Set<String> = ["function", "procedure"]
        if words.count > 1, routine.contains(words[1]) { return true }
        return words.count > 3 && words[1] == "or" && words[2] == "replace"
            && routine.contains(words[3])
    }

    // MARK: - Targets

    /// A name as pl_scanner.c groups it: `a`, `a.b`, `a.b.c` or `$1`.
    mutating func readCompositeName() -> (parts: [String], location: Int) {
        let location = current.location
        var parts = [text(current)]
        advance()
        while current.isSymbol("."), peek().kind == .identifier, parts.count < 3 {
            advance()
            parts.append(text(current))
            advance()
        }
        return (parts, location)
    }

    /// True when the current token can start a variable reference.
    var atVariableStart: Bool {
        current.kind == .parameter || isName(current)
    }

    /// The parts of the name at the current token, for `$n` as `"$n"`.
    mutating func readVariableName() -> (parts: [String], location: Int) {
        if current.kind == .parameter {
            let location = current.location
            let name = "$" + text(current)
            advance()
            return ([name], location)
        }
        return readCompositeName()
    }

    /// Resolves a written name to an assignable target: a variable, or a
    /// field of a record variable.
    func target(for parts: [String], at location: Int) -> PLTarget? {
        guard let resolved = resolve(parts) else { return nil }
        let rest = parts.dropFirst(resolved.partsUsed)
        if rest.isEmpty { return PLTarget(datum: resolved.datum, location: location) }
        if rest.count == 1, variables[resolved.datum].kind == .record {
            return PLTarget(datum: resolved.datum, field: rest.first, location: location)
        }
        return nil
    }

    /// word_is_not_variable / cword_is_not_variable.
    func notVariable(_ parts: [String], at location: Int) -> PLCompileError {
        error(
            "42601", "\"\(parts.joined(separator: "."))\" is not a known variable",
            at: location)
    }

    /// read_into_target: `[STRICT] target [, target ...]`; a record
    /// variable must stand alone.
    mutating func readIntoTarget() throws -> ([PLTarget], Bool) {
        let strict = accept("strict")
        let first = try readTarget()
        guard first.field == nil, variables[first.datum].kind == .record else {
            var targets = [first]
            while current.isSymbol(",") {
                advance()
                let next = try readTarget()
                if next.field == nil, variables[next.datum].kind == .record {
                    throw error(
                        "42601",
                        "\"\(variables[next.datum].name)\" is not a scalar variable",
                        at: next.location)
                }
                targets.append(next)
            }
            return (targets, strict)
        }
        if current.isSymbol(",") {
            throw error(
                "42601", "record variable cannot be part of multiple-item INTO list",
                at: current.location)
        }
        return ([first], strict)
    }

    /// One variable or record field that a value is stored into.
    mutating func readTarget() throws -> PLTarget {
        guard atVariableStart else { throw scanFailure() ?? syntaxError() }
        let name = readVariableName()
        guard let target = target(for: name.parts, at: name.location) else {
            throw notVariable(name.parts, at: name.location)
        }
        return target
    }
}
