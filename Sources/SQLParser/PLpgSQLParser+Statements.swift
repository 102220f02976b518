// The statements of pl_gram.y's proc_stmt, recognised by their first
// token: PL/pgSQL keywords, assignments (a variable followed by `:=`, `=`
// or `[`), and everything else as a SQL statement.

extension PLpgSQLParser {
    /// Parses one statement, including its terminating `;`.
    mutating func parseStatement() throws -> PLStatement {
        let token = current
        let line = line(of: token.location)
        let scope = currentScope
        func make(_ kind: PLStatementKind) -> PLStatement {
            PLStatement(kind, line: line, location: token.location, scope: scope)
        }
        if token.isSymbol("<<") { return try parseLabeled() }
        if let assignment = try parseAssignmentIfPresent() { return make(assignment) }
        guard token.kind == .identifier else { throw scanFailure() ?? syntaxError() }
        let word = token.isQuoted ? "" : text(token)
        switch word {
        case "declare", "begin":
            let block = try parseBlock(label: nil, labelLocation: -1)
            try expectSymbol(";")
            return block
        case "loop", "while", "for", "foreach":
            return try parseLoop(label: nil, labelLocation: -1)
        case "if": return make(try parseIf())
        case "case": return make(try parseCase())
        case "exit", "continue": return make(try parseExit())
        case "return": return make(try parseReturn())
        case "raise": return make(try parseRaise())
        case "assert": return make(try parseAssert())
        case "execute": return make(try parseExecute())
        case "perform": return make(try parsePerform())
        case "get": return make(try parseGetDiagnostics())
        case "commit", "rollback": return make(try parseTransactionEnd())
        case "null":
            advance()
            try expectSymbol(";")
            return make(.null)
        case "call", "do":
            let span = try readConstruct(
                until: [.symbol(";")], expected: ";", isExpression: false)
            let text = trimmedText(from: span.start, to: span.end)
            let statement = try parseSQL(text, base: span.start, shift: 0)
            advance()
            return make(.call(text: text, statement: statement, isDo: word == "do"))
        case "open", "fetch", "move", "close":
            throw notSupported("cursor operations are not supported", at: token)
        default:
            if PLpgSQLParser.reservedWords.contains(word) { throw syntaxError() }
            let sql = try readSQLStatement()
            return make(
                .sql(text: sql.text, statement: sql.statement, into: sql.into, strict: sql.strict))
        }
    }

    /// A labelled block or loop.
    mutating func parseLabeled() throws -> PLStatement {
        let start = current.location
        guard let label = try parseLabel() else { throw syntaxError() }
        if isWord(current, "declare") || isWord(current, "begin") {
            let block = try parseBlock(label: label.name, labelLocation: start)
            try expectSymbol(";")
            return block
        }
        let loops: Set<String> = ["loop", "while", "for", "foreach"]
        guard current.kind == .identifier, !current.isQuoted, loops.contains(text(current)) else {
            throw scanFailure() ?? syntaxError()
        }
        return try parseLoop(label: label.name, labelLocation: start)
    }

    // MARK: - Assignment

    /// `target := expr;` when the statement starts with a name followed by
    /// `:=`, `=` or `[`; nil (and nothing consumed) otherwise.
    mutating func parseAssignmentIfPresent() throws -> PLStatementKind? {
        guard atVariableStart else { return nil }
        let saved = index
        let name = readVariableName()
        let follower = current
        let assigns = follower.kind == .colonEquals || follower.isSymbol("=")
        let isDatum = name.parts.count > 1 && resolve(name.parts) != nil
        guard assigns || follower.isSymbol("[") || isDatum else {
            index = saved
            return nil
        }
        if name.parts.count == 1, tokens[saved].kind == .identifier, !tokens[saved].isQuoted,
            PLpgSQLParser.reservedWords.contains(name.parts[0])
        {
            index = saved
            return nil
        }
        guard let target = target(for: name.parts, at: name.location) else {
            throw notVariable(name.parts, at: name.location)
        }
        guard assigns || follower.isSymbol("[") else {
            index = saved
            throw syntaxError()
        }
        if follower.isSymbol("[") {
            throw notSupported("assignment to an array element is not supported", at: follower)
        }
        if variables[target.datum].isConstant {
            throw error(
                "22005", "variable \"\(variables[target.datum].name)\" is declared CONSTANT",
                at: name.location)
        }
        advance()
        let span = try readConstruct(until: [.symbol(";")], expected: ";")
        let whole = trimmedText(from: name.location, to: span.end)
        let value = try makeExpression(
            from: span.start, to: span.end, sourceText: whole,
            sourceOffset: span.start - name.location)
        advance()
        return .assign(target: target, value: value)
    }

    // MARK: - Conditionals

    /// `IF c THEN .. [ELSIF c THEN ..]* [ELSE ..] END IF;`
    mutating func parseIf() throws -> PLStatementKind {
        advance()
        let condition = try readExpression(until: [.word("then")], expected: "THEN")
        advance()
        let arms: Set<String> = ["elsif", "elseif", "else", "end"]
        let then = try parseStatements(until: arms)
        var elsifs: [PLElsif] = []
        while isWord(current, "elsif") || isWord(current, "elseif") {
            let line = line(of: current.location)
            advance()
            let test = try readExpression(until: [.word("then")], expected: "THEN")
            advance()
            elsifs.append(
                PLElsif(condition: test, body: try parseStatements(until: arms), line: line))
        }
        var otherwise: [PLStatement]?
        if accept("else") { otherwise = try parseStatements(until: ["end"]) }
        try expect("end")
        try expect("if")
        try expectSymbol(";")
        return .ifThen(condition: condition, then: then, elsifs: elsifs, otherwise: otherwise)
    }

    /// `CASE [x] WHEN .. THEN .. [ELSE ..] END CASE;`. A simple CASE keeps
    /// its operand in a hidden variable and tests `var IN (values)`, as
    /// pl_gram.y's make_case does.
    mutating func parseCase() throws -> PLStatementKind {
        advance()
        var operand: PLExpr?
        var operandDatum: Int?
        var hiddenName = ""
        if !isWord(current, "when") {
            operand = try readExpression(until: [.word("when")], expected: "WHEN")
            hiddenName = "__Case__Variable_\(variables.count)__"
            let datum = addVariable(PLVariable(name: hiddenName))
            declare(hiddenName, datum: datum)
            operandDatum = datum
        }
        let arms: Set<String> = ["when", "else", "end"]
        var whens: [PLCaseWhen] = []
        repeat {
            try expect("when")
            var test = try readExpression(until: [.word("then")], expected: "THEN")
            if operand != nil {
                let prefix = "\"\(hiddenName)\" IN ("
                let text = prefix + test.text + ")"
                let shift = 7 + prefix.unicodeScalars.count
                test.query = try parseQuery("SELECT " + text, base: test.location, shift: shift)
                test.text = text
                test.sourceText = text
                test.scope = currentScope
                test.visibleItems = scopes[currentScope].items.count
            }
            advance()
            whens.append(PLCaseWhen(expr: test, body: try parseStatements(until: arms)))
        } while isWord(current, "when")
        var otherwise: [PLStatement]?
        if accept("else") { otherwise = try parseStatements(until: ["end"]) }
        try expect("end")
        try expect("case")
        try expectSymbol(";")
        return .caseStatement(
            operand: operand, operandDatum: operandDatum, whens: whens, otherwise: otherwise)
    }

    // MARK: - Loops

    /// LOOP, WHILE, FOR and FOREACH, each in its own namespace level that
    /// carries the loop's label.
    mutating func parseLoop(label: String?, labelLocation: Int) throws -> PLStatement {
        let first = current
        let outer = currentScope
        _ = pushScope(label: label, kind: .loop)
        defer { popScope() }
        let kind: PLStatementKind
        switch text(first) {
        case "loop":
            advance()
            kind = .loop(label: label, body: try parseLoopBody(label: label))
        case "while":
            advance()
            let condition = try readExpression(until: [.word("loop")], expected: "LOOP")
            advance()
            kind = .whileLoop(
                label: label, condition: condition, body: try parseLoopBody(label: label))
        case "for":
            kind = try parseFor(label: label)
        default:
            kind = try parseForeach(label: label)
        }
        return PLStatement(
            kind, line: line(of: first.location),
            location: labelLocation >= 0 ? labelLocation : first.location, scope: outer)
    }

    /// The statements of a loop through `END LOOP [label];`.
    mutating func parseLoopBody(label: String?) throws -> [PLStatement] {
        let body = try parseStatements(until: ["end"])
        try expect("end")
        try expect("loop")
        try parseEndLabel(matching: label)
        try expectSymbol(";")
        return body
    }

    /// `FOR i IN [REVERSE] a..b [BY s] LOOP`, `FOR targets IN query LOOP`
    /// or `FOR targets IN EXECUTE expr [USING ..] LOOP`.
    mutating func parseFor(label: String?) throws -> PLStatementKind {
        advance()
        guard atVariableStart else { throw scanFailure() ?? syntaxError() }
        var names = [readVariableName()]
        while acceptSymbol(",") {
            guard atVariableStart else { throw scanFailure() ?? syntaxError() }
            names.append(readVariableName())
        }
        try expect("in")
        if accept("execute") {
            let targets = try loopTargets(names)
            let command = try readExpression(
                until: [.word("loop"), .word("using")], expected: "LOOP")
            let using = try parseUsing(until: [.word("loop")], expected: "LOOP")
            advance()
            return .forQuery(
                label: label, targets: targets, query: .dynamic(command: command, using: using),
                body: try parseLoopBody(label: label))
        }
        var reverseLocation: Int?
        if isWord(current, "reverse") {
            reverseLocation = current.location
            advance()
        }
        let span = try readConstruct(until: [.dotDot, .word("loop")], expected: "LOOP")
        if current.kind == .dotDot {
            return try parseIntegerFor(
                label: label, names: names, low: span, reverse: reverseLocation != nil)
        }
        if let reverseLocation {
            throw error("42601", "cannot specify REVERSE in query FOR loop", at: reverseLocation)
        }
        let text = trimmedText(from: span.start, to: span.end)
        let statement = try parseSQL(text, base: span.start, shift: 0)
        let targets = try loopTargets(names)
        advance()
        return .forQuery(
            label: label, targets: targets, query: .static(text: text, statement: statement),
            body: try parseLoopBody(label: label))
    }

    /// The rest of an integer FOR after its lower bound.
    mutating func parseIntegerFor(
        label: String?, names: [(parts: [String], location: Int)],
        low span: (start: Int, end: Int), reverse: Bool
    ) throws -> PLStatementKind {
        let low = try makeExpression(from: span.start, to: span.end)
        guard names.count == 1, let name = names.first, name.parts.count == 1 else {
            let bad = names.first { resolve($0.parts) == nil } ?? names[0]
            throw notVariable(bad.parts, at: bad.location)
        }
        advance()
        let high = try readExpression(until: [.word("loop"), .word("by")], expected: "LOOP")
        var step: PLExpr?
        if accept("by") {
            step = try readExpression(until: [.word("loop")], expected: "LOOP")
        }
        advance()
        let variable = addVariable(
            PLVariable(name: name.parts[0], type: TypeName(["int4"]), location: name.location))
        declare(name.parts[0], datum: variable)
        return .forInteger(
            label: label, variable: variable, reverse: reverse, low: low, high: high, step: step,
            body: try parseLoopBody(label: label))
    }

    /// The targets of a loop over rows: one record variable or a list of
    /// scalars.
    func loopTargets(_ names: [(parts: [String], location: Int)]) throws -> [PLTarget] {
        if names.count == 1, let name = names.first {
            guard let target = target(for: name.parts, at: name.location) else {
                throw error(
                    "42601",
                    "loop variable of loop over rows must be a record variable or list of scalar variables",
                    at: name.location)
            }
            return [target]
        }
        var targets: [PLTarget] = []
        for name in names {
            guard let target = target(for: name.parts, at: name.location) else {
                throw notVariable(name.parts, at: name.location)
            }
            if target.field == nil, variables[target.datum].kind == .record {
                throw error(
                    "42601", "\"\(variables[target.datum].name)\" is not a scalar variable",
                    at: name.location)
            }
            targets.append(target)
        }
        return targets
    }

    /// `FOREACH target [SLICE n] IN ARRAY expr LOOP`.
    mutating func parseForeach(label: String?) throws -> PLStatementKind {
        advance()
        var targets = [try readTarget()]
        while acceptSymbol(",") { targets.append(try readTarget()) }
        var slice = 0
        if accept("slice") {
            guard current.kind == .integer, let value = Int(text(current)) else {
                throw scanFailure() ?? syntaxError()
            }
            slice = value
            advance()
        }
        try expect("in")
        try expect("array")
        let array = try readExpression(until: [.word("loop")], expected: "LOOP")
        advance()
        return .forEach(
            label: label, targets: targets, slice: slice, array: array,
            body: try parseLoopBody(label: label))
    }

    /// `EXIT|CONTINUE [label] [WHEN cond];`, checked against the loops
    /// and labels that enclose it.
    mutating func parseExit() throws -> PLStatementKind {
        let keyword = current
        let isExit = text(keyword) == "exit"
        advance()
        var label: String?
        if current.kind == .identifier, !isWord(current, "when") {
            let token = current
            label = text(token)
            advance()
            try checkExitLabel(token, isExit: isExit)
        } else if !insideLoop {
            let message = isExit
                ? "EXIT cannot be used outside a loop, unless it has a label"
                : "CONTINUE cannot be used outside a loop"
            throw error("42601", message, at: keyword.location)
        }
        var condition: PLExpr?
        if accept("when") {
            condition = try readExpression(until: [.symbol(";")], expected: ";")
        }
        try expectSymbol(";")
        if isExit { return .exit(label: label, when: condition) }
        return .continue(label: label, when: condition)
    }

    /// True when some enclosing namespace level is a loop.
    var insideLoop: Bool {
        var level: Int? = currentScope
        while let scope = level {
            if scopes[scope].labelKind == .loop { return true }
            level = scopes[scope].parent
        }
        return false
    }

    /// The label of EXIT or CONTINUE must enclose the statement; CONTINUE
    /// needs a loop's label.
    func checkExitLabel(_ token: Token, isExit: Bool) throws {
        var level: Int? = currentScope
        while let scope = level {
            if scopes[scope].label == text(token) {
                if !isExit, scopes[scope].labelKind != .loop {
                    throw error(
                        "42601", "block label \"\(text(token))\" cannot be used in CONTINUE",
                        at: token.location)
                }
                return
            }
            level = scopes[scope].parent
        }
        throw error(
            "42601",
            "there is no label \"\(text(token))\" attached to any block or loop enclosing "
                + "this statement",
            at: token.location)
    }

    // MARK: - RETURN

    /// RETURN, RETURN NEXT and RETURN QUERY, checked against the function's
    /// result type as make_return_stmt does.
    mutating func parseReturn() throws -> PLStatementKind {
        let keyword = current
        advance()
        if isWord(current, "next") {
            guard options.returnsSet else {
                throw error(
                    "42804", "cannot use RETURN NEXT in a non-SETOF function",
                    at: keyword.location)
            }
            advance()
            let value = try readExpression(until: [.symbol(";")], expected: ";")
            advance()
            return .returnNext(value)
        }
        if isWord(current, "query") {
            guard options.returnsSet else {
                throw error(
                    "42804", "cannot use RETURN QUERY in a non-SETOF function",
                    at: keyword.location)
            }
            advance()
            return .returnQuery(try parseReturnQuery())
        }
        if options.returnsSet || options.returnsVoid {
            guard current.isSymbol(";") else {
                if options.returnsSet {
                    throw error(
                        "42804", "RETURN cannot have a parameter in function returning set",
                        at: current.location, hint: "Use RETURN NEXT or RETURN QUERY.")
                }
                if options.isProcedure {
                    throw error(
                        "42601", "RETURN cannot have a parameter in a procedure",
                        at: current.location)
                }
                throw error(
                    "42804", "RETURN cannot have a parameter in function returning void",
                    at: current.location)
            }
            advance()
            return .return(nil)
        }
        let value = try readExpression(until: [.symbol(";")], expected: ";")
        advance()
        return .return(value)
    }

    /// The query of RETURN QUERY, static or EXECUTE.
    mutating func parseReturnQuery() throws -> PLQuery {
        if accept("execute") {
            let command = try readExpression(
                until: [.symbol(";"), .word("using")], expected: ";")
            let using = try parseUsing(until: [.symbol(";")], expected: ";")
            advance()
            return .dynamic(command: command, using: using)
        }
        let span = try readConstruct(until: [.symbol(";")], expected: ";", isExpression: false)
        let text = trimmedText(from: span.start, to: span.end)
        let statement = try parseSQL(text, base: span.start, shift: 0)
        advance()
        return .static(text: text, statement: statement)
    }

    /// `USING expr, ...` if present, each argument ending at `,` or one of
    /// `stops`.
    mutating func parseUsing(until stops: [Stop], expected: String) throws -> [PLExpr] {
        guard accept("using") else { return [] }
        var arguments: [PLExpr] = []
        repeat {
            arguments.append(
                try readExpression(until: [.symbol(",")] + stops, expected: expected))
        } while acceptSymbol(",")
        return arguments
    }

    // MARK: - Other statements

    /// `ASSERT cond [, message];`
    mutating func parseAssert() throws -> PLStatementKind {
        advance()
        let condition = try readExpression(
            until: [.symbol(","), .symbol(";")], expected: ", or ;")
        var message: PLExpr?
        if acceptSymbol(",") {
            message = try readExpression(until: [.symbol(";")], expected: ";")
        }
        try expectSymbol(";")
        return .assert(condition, message: message)
    }

    /// `EXECUTE expr [INTO [STRICT] targets] [USING args];`, clauses in
    /// either order.
    mutating func parseExecute() throws -> PLStatementKind {
        advance()
        let command = try readExpression(
            until: [.symbol(";"), .word("into"), .word("using")], expected: "INTO or USING or ;")
        var into: [PLTarget]?
        var strict = false
        var using: [PLExpr]?
        while !current.isSymbol(";") {
            if isWord(current, "into") {
                if into != nil { throw failure("INTO specified more than once", at: current) }
                advance()
                let read = try readIntoTarget()
                into = read.0
                strict = read.1
            } else if isWord(current, "using") {
                if using != nil { throw failure("USING specified more than once", at: current) }
                using = try parseUsing(
                    until: [.symbol(";"), .word("into"), .word("using")],
                    expected: ", or ; or INTO")
            } else {
                throw scanFailure() ?? syntaxError()
            }
        }
        advance()
        return .execute(command: command, into: into ?? [], strict: strict, using: using ?? [])
    }

    /// `PERFORM query;`, run as `SELECT query`.
    mutating func parsePerform() throws -> PLStatementKind {
        let keyword = current
        advance()
        let span = try readConstruct(until: [.symbol(";")], expected: ";", isExpression: false)
        let text = "SELECT" + trimmedText(from: keyword.end, to: span.end)
        let statement = try parseSQL(text, base: keyword.location + 1, shift: 0)
        advance()
        return .perform(text: text, statement: statement)
    }

    /// `COMMIT|ROLLBACK [AND [NO] CHAIN];`
    mutating func parseTransactionEnd() throws -> PLStatementKind {
        let isCommit = text(current) == "commit"
        advance()
        var chain = false
        if accept("and") {
            chain = !accept("no")
            try expect("chain")
        }
        try expectSymbol(";")
        return isCommit ? .commit(chain: chain) : .rollback(chain: chain)
    }

    /// `GET [CURRENT | STACKED] DIAGNOSTICS target = ITEM, ...;`
    mutating func parseGetDiagnostics() throws -> PLStatementKind {
        let keyword = current
        advance()
        var stacked = false
        if accept("stacked") {
            stacked = true
        } else {
            _ = accept("current")
        }
        try expect("diagnostics")
        var items: [PLDiagnosticsItem] = []
        repeat {
            let target = try readTarget()
            guard current.kind == .colonEquals || current.isSymbol("=") else {
                throw scanFailure() ?? syntaxError()
            }
            advance()
            let item = text(current).uppercased()
            guard current.kind == .identifier, !current.isQuoted,
                PLpgSQLParser.currentItems.contains(item)
                    || PLpgSQLParser.stackedItems.contains(item)
            else {
                throw failure("unrecognized GET DIAGNOSTICS item", at: current)
            }
            advance()
            items.append(PLDiagnosticsItem(target: target, item: item))
        } while acceptSymbol(",")
        try expectSymbol(";")
        for item in items {
            let allowed = stacked
                ? PLpgSQLParser.stackedItems.contains(item.item)
                : PLpgSQLParser.currentItems.contains(item.item)
            if !allowed {
                let form = stacked ? "STACKED" : "CURRENT"
                throw error(
                    "42601",
                    "diagnostics item \(item.item) is not allowed in GET \(form) DIAGNOSTICS",
                    at: keyword.location)
            }
        }
        return .getDiagnostics(stacked: stacked, items: items)
    }

    /// Items of GET [CURRENT] DIAGNOSTICS.
    static let currentItems: Set<String> = ["ROW_COUNT", "PG_CONTEXT"]

    /// Items of GET STACKED DIAGNOSTICS.
    static let stackedItems: Set<String> = [
        "PG_CONTEXT", "RETURNED_SQLSTATE", "MESSAGE_TEXT", "PG_EXCEPTION_DETAIL",
        "PG_EXCEPTION_HINT", "PG_EXCEPTION_CONTEXT", "COLUMN_NAME", "CONSTRAINT_NAME",
        "PG_DATATYPE_NAME", "TABLE_NAME", "SCHEMA_NAME",
    ]
}
