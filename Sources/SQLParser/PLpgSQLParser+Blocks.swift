// Blocks, declarations and exception handlers: pl_gram.y's pl_block,
// decl_sect, decl_statement, read_datatype and exception_sect.

extension PLpgSQLParser {
    /// `<<label>>`, if the current token opens one.
    mutating func parseLabel() throws -> (name: String, location: Int)? {
        guard current.isSymbol("<<") else { return nil }
        advance()
        guard current.kind == .identifier else { throw scanFailure() ?? syntaxError() }
        let label = (text(current), current.location)
        advance()
        try expectSymbol(">>")
        return label
    }

    /// `[DECLARE decls] BEGIN stmts [EXCEPTION handlers] END [label]`; the
    /// caller consumes the `;` that follows.
    mutating func parseBlock(label: String?, labelLocation: Int) throws -> PLStatement {
        let first = current
        let outer = currentScope
        let scope = pushScope(label: label, kind: .block)
        var declarations: [PLDeclaration] = []
        if accept("declare") { declarations = try parseDeclarations() }
        let begin = current
        try expect("begin")
        let body = try parseStatements(until: ["end", "exception"])
        var handlers: [PLExceptionHandler] = []
        if accept("exception") { handlers = try parseHandlers() }
        try expect("end")
        try parseEndLabel(matching: label)
        popScope()
        let block = PLBlock(
            label: label, declarations: declarations, body: body, handlers: handlers,
            scope: scope)
        return PLStatement(
            .block(block), line: line(of: begin.location),
            location: labelLocation >= 0 ? labelLocation : first.location, scope: outer)
    }

    /// check_labels: an optional end label must repeat the start label.
    mutating func parseEndLabel(matching label: String?) throws {
        guard current.kind == .identifier, !current.isSymbol(";") else { return }
        let end = current
        advance()
        guard let label else {
            throw error(
                "42601", "end label \"\(text(end))\" specified for unlabeled block",
                at: end.location)
        }
        if text(end) != label {
            throw error(
                "42601", "end label \"\(text(end))\" differs from block's label \"\(label)\"",
                at: end.location)
        }
    }

    /// Statements up to one of the unquoted words `until`.
    mutating func parseStatements(until words: Set<String>) throws -> [PLStatement] {
        var result: [PLStatement] = []
        while true {
            if current.kind == .end { throw scanFailure() ?? syntaxError() }
            if current.kind == .identifier, !current.isQuoted, words.contains(text(current)) {
                return result
            }
            result.append(try nested { try $0.parseStatement() })
        }
    }

    // MARK: - Declarations

    /// decl_stmts, up to BEGIN.
    mutating func parseDeclarations() throws -> [PLDeclaration] {
        var result: [PLDeclaration] = []
        while !isWord(current, "begin") {
            if accept("declare") { continue }
            if current.isSymbol("<<") {
                throw error(
                    "42601", "block label must be placed before DECLARE, not after",
                    at: current.location)
            }
            if current.kind == .end { throw scanFailure() ?? syntaxError() }
            result.append(try parseDeclaration())
        }
        return result
    }

    /// One decl_statement, through its `;`.
    mutating func parseDeclaration() throws -> PLDeclaration {
        let nameToken = current
        guard isName(nameToken) else { throw syntaxError() }
        let name = text(nameToken)
        if scopes[currentScope].items.contains(where: { $0.name == name }) {
            throw failure("duplicate declaration", at: nameToken)
        }
        advance()
        if accept("alias") { return try parseAlias(name, at: nameToken) }
        let isConstant = accept("constant")
        if isWord(current, "cursor") || isWord(current, "scroll")
            || (isWord(current, "no") && isWord(peek(), "scroll"))
        {
            throw notSupported("cursor variables are not supported", at: current)
        }
        let (type, kind) = try parseDeclaredType()
        if isWord(current, "collate") {
            throw notSupported("COLLATE in a variable declaration is not supported", at: current)
        }
        var notNullLocation: Int?
        if isWord(current, "not") {
            notNullLocation = current.location
            advance()
            try expect("null")
        }
        var initial: PLExpr?
        if current.kind == .colonEquals || current.isSymbol("=") || isWord(current, "default") {
            advance()
            initial = try readExpression(until: [.symbol(";")], expected: ";")
        }
        try expectSymbol(";")
        if let notNullLocation, initial == nil {
            throw error(
                "22004",
                "variable \"\(name)\" must have a default value, since it's declared NOT NULL",
                at: notNullLocation)
        }
        let datum = addVariable(
            PLVariable(
                name: name, kind: kind, type: kind == .record ? nil : type,
                isConstant: isConstant, isNotNull: notNullLocation != nil,
                location: nameToken.location))
        declare(name, datum: datum)
        return PLDeclaration(
            name: name, type: type, isConstant: isConstant, isNotNull: notNullLocation != nil,
            initialValue: initial, location: nameToken.location, datum: datum,
            line: line(of: nameToken.location))
    }

    /// `name ALIAS FOR {$n | variable};`.
    mutating func parseAlias(_ name: String, at nameToken: Token) throws -> PLDeclaration {
        try expect("for")
        guard atVariableStart else { throw scanFailure() ?? syntaxError() }
        let aliased = readVariableName()
        guard let resolved = resolve(aliased.parts), resolved.partsUsed == aliased.parts.count
        else {
            let written = aliased.parts.joined(separator: ".")
            throw error("42704", "variable \"\(written)\" does not exist", at: aliased.location)
        }
        try expectSymbol(";")
        declare(name, datum: resolved.datum)
        return PLDeclaration(
            name: name, type: variables[resolved.datum].type ?? TypeName(["record"]),
            aliasFor: aliased.parts.joined(separator: "."), location: nameToken.location,
            datum: resolved.datum, line: line(of: nameToken.location))
    }

    /// read_datatype: `var%TYPE`, or the type's text up to what may follow
    /// it in a declaration, parsed as a SQL type name.
    mutating func parseDeclaredType() throws -> (TypeName, PLVariableKind) {
        if let copied = try parseTypeReference() { return copied }
        let start = current
        let startIndex = index
        var level = 0
        while true {
            let token = current
            if token.kind == .end {
                if let failure = scanFailure() { throw failure }
                if level != 0 { throw failure("mismatched parentheses", at: token) }
                throw failure("incomplete data type declaration", at: token)
            }
            if level == 0,
                token.isSymbol(";") || token.kind == .colonEquals || token.isSymbol("=")
                    || isWord(token, "default") || isWord(token, "not")
                    || isWord(token, "collate")
            {
                break
            }
            if token.isSymbol("(") { level += 1 } else if token.isSymbol(")") { level -= 1 }
            advance()
        }
        if index == startIndex {
            throw failure("missing data type declaration", at: current)
        }
        let text = trimmedText(from: start.location, to: current.location)
        var type: TypeName
        do {
            type = try Parser.parseTypeName(text)
            if type.location >= 0 { type.location += start.location }
        } catch let failure as ParseError {
            var compileError = mapped(failure, base: start.location, shift: 0)
            compileError.context = "invalid type name \"\(text)\""
            throw compileError
        }
        let isRecord = type.names.last == "record" && type.arrayDimensions == 0
        return (type, isRecord ? .record : .scalar)
    }

    /// `name%TYPE` copies a variable's declared type; `%ROWTYPE` and column
    /// references are not modelled.
    mutating func parseTypeReference() throws -> (TypeName, PLVariableKind)? {
        guard atVariableStart else { return nil }
        let saved = index
        let name = readVariableName()
        guard current.isSymbol("%"), isWord(peek(), "type") || isWord(peek(), "rowtype") else {
            index = saved
            return nil
        }
        if isWord(peek(), "rowtype") {
            throw notSupported("%ROWTYPE declarations are not supported", at: tokens[saved])
        }
        guard let resolved = resolve(name.parts), resolved.partsUsed == name.parts.count else {
            throw notSupported("%TYPE of a table column is not supported", at: tokens[saved])
        }
        advance()
        advance()
        let variable = variables[resolved.datum]
        if variable.kind == .record { return (TypeName(["record"]), .record) }
        guard let type = variable.type else {
            throw notSupported("%TYPE of a parameter is not supported", at: tokens[saved])
        }
        return (type, .scalar)
    }

    // MARK: - Exception handlers

    /// `WHEN cond [OR cond] THEN stmts ...` after EXCEPTION, with the
    /// handler namespace holding SQLSTATE and SQLERRM.
    mutating func parseHandlers() throws -> [PLExceptionHandler] {
        _ = pushScope(label: nil, kind: .other)
        defer { popScope() }
        let sqlState = addVariable(PLVariable(name: "sqlstate", type: TypeName(["text"])))
        declare("sqlstate", datum: sqlState)
        let sqlErrm = addVariable(PLVariable(name: "sqlerrm", type: TypeName(["text"])))
        declare("sqlerrm", datum: sqlErrm)
        var handlers: [PLExceptionHandler] = []
        repeat {
            try expect("when")
            var conditions: [PLCondition] = []
            repeat {
                conditions += try parseCondition()
            } while accept("or")
            try expect("then")
            let body = try parseStatements(until: ["when", "end"])
            handlers.append(
                PLExceptionHandler(
                    conditions: conditions, body: body, sqlStateDatum: sqlState,
                    sqlErrmDatum: sqlErrm))
        } while isWord(current, "when")
        return handlers
    }

    /// One proc_condition: a condition name, OTHERS or `SQLSTATE 'xxxxx'`.
    mutating func parseCondition() throws -> [PLCondition] {
        let token = current
        guard token.kind == .identifier else { throw scanFailure() ?? syntaxError() }
        advance()
        if isWord(token, "sqlstate") {
            guard current.kind == .string else { throw scanFailure() ?? syntaxError() }
            let code = text(current)
            guard isSQLState(code) else { throw failure("invalid SQLSTATE code", at: current) }
            advance()
            return [.sqlState(code)]
        }
        if text(token) == "others" { return [.others] }
        guard let states = PLpgSQLParser.conditionStates[text(token)] else {
            throw PLCompileError(
                sqlState: "42704", message: "unrecognized exception condition \"\(text(token))\"",
                position: -1, line: line(of: token.location))
        }
        return states.map { .sqlState($0) }
    }

    /// Five characters from 0-9 and A-Z.
    func isSQLState(_ code: String) -> Bool {
        let scalars = Array(code.unicodeScalars)
        return scalars.count == 5
            && scalars.allSatisfy { ("0"..."9").contains($0) || ("A"..."Z").contains($0) }
    }
}
