// CREATE [OR REPLACE] FUNCTION | PROCEDURE (gram.y's CreateFunctionStmt):
// parameters with modes, names and defaults; RETURNS type, SETOF or TABLE;
// the body and options in any order.

extension Parser {
    /// The rest of `CREATE [OR REPLACE]` for FUNCTION or PROCEDURE.
    mutating func parseCreateFunction(orReplace: Bool) throws -> CreateFunctionStatement {
        let isProcedure = text(current) == "procedure"
        advance()
        let name = try parseQualifiedName()
        let parameters = try parseFunctionParameters(forDrop: false)
        var returns = CreateFunctionStatement.Returns.none
        if !isProcedure && accept(.returns) {
            if accept(.table) {
                try expectSymbol("(")
                var columns: [FunctionParameter] = []
                repeat {
                    let columnName = try parseColId()
                    columns.append(
                        FunctionParameter(
                            name: columnName, type: try parseFunctionType(), mode: .out))
                } while acceptSymbol(",")
                try expectSymbol(")")
                returns = .table(columns)
            } else {
                let setOf = accept(.setof)
                var type = try parseFunctionType()
                type.isSetOf = setOf
                returns = .type(type)
            }
        }
        var language: String?
        var body: (text: String, location: Int)?
        var linkSymbol: String?
        var options: [String] = []
        while current.kind != .end && !current.isSymbol(";") {
            let token = current
            if accept(.language) {
                guard language == nil else { throw conflictingOptions(token) }
                language = try parseLanguageName()
            } else if accept(.as) {
                guard body == nil else { throw conflictingOptions(token) }
                guard current.kind == .string else { throw syntaxError() }
                body = (text(current), bodyStart(of: current))
                advance()
                if acceptSymbol(",") {
                    guard current.kind == .string else { throw syntaxError() }
                    linkSymbol = text(current)
                    advance()
                }
            } else if current.isKeyword(.begin) || current.isKeyword(.return) {
                throw notSupported("SQL-standard function bodies are not supported yet")
            } else {
                options.append(try parseFunctionOption())
            }
        }
        guard let body else {
            throw ParseError(sqlState: "42P13", message: "no function body specified", position: -1)
        }
        guard let language else {
            throw ParseError(sqlState: "42P13", message: "no language specified", position: -1)
        }
        return CreateFunctionStatement(
            orReplace: orReplace, isProcedure: isProcedure, name: name, parameters: parameters,
            returns: returns, language: language, body: body.text, bodyLocation: body.location,
            options: options, linkSymbol: linkSymbol)
    }

    /// One option other than LANGUAGE and AS, as canonical upper-case text.
    private mutating func parseFunctionOption() throws -> String {
        let token = current
        guard token.keyword != nil else { throw syntaxError() }
        advance()
        switch text(token) {
        case "immutable", "stable", "volatile", "strict", "leakproof", "window":
            return text(token).uppercased()
        case "called":
            try expect(.on, .null, .input)
            return "CALLED ON NULL INPUT"
        case "returns":
            try expect(.null, .on, .null, .input)
            return "STRICT"
        case "not":
            try expect(.leakproof)
            return "NOT LEAKPROOF"
        case "external", "security":
            if text(token) == "external" { try expect(.security) }
            if accept(.definer) { return "SECURITY DEFINER" }
            try expect(.invoker)
            return "SECURITY INVOKER"
        case "parallel":
            let mode = try parseColLabel()
            return "PARALLEL " + mode.uppercased()
        case "cost", "rows":
            guard current.kind == .integer || current.kind == .numeric else { throw syntaxError() }
            let value = text(current)
            advance()
            return text(token).uppercased() + " " + value
        case "support":
            return "SUPPORT " + (try parseQualifiedName()).parts.joined(separator: ".")
        case "set":
            index -= 1
            guard case .set(let set) = try parseSet() else { throw syntaxError(at: token) }
            return "SET " + deparseSetBody(set)
        case "reset":
            index -= 1
            guard case .reset(let name) = try parseReset() else { throw syntaxError(at: token) }
            return "RESET " + (name ?? "ALL")
        default:
            throw syntaxError(at: token)
        }
    }

    /// `(param, ...)` of CREATE FUNCTION or DROP FUNCTION.
    mutating func parseFunctionParameters(forDrop: Bool) throws -> [FunctionParameter] {
        try expectSymbol("(")
        var parameters: [FunctionParameter] = []
        if !current.isSymbol(")") {
            repeat {
                var parameter = try parseFunctionParameter()
                if !forDrop, accept(.default) || acceptSymbol("=") {
                    parameter.defaultValue = try parseExpr()
                }
                parameters.append(parameter)
            } while acceptSymbol(",")
        }
        try expectSymbol(")")
        return parameters
    }

    /// `[mode] [name] type` or `name mode type`.
    private mutating func parseFunctionParameter() throws -> FunctionParameter {
        var mode = parseParameterMode()
        var name: String?
        if isTypeFunctionName(current) && startsType(peek(), after: current) {
            name = text(current)
            advance()
            if mode == nil { mode = parseParameterMode() }
        }
        let type = try parseFunctionType()
        return FunctionParameter(name: name, type: type, mode: mode ?? .in)
    }

    /// IN, OUT, INOUT, IN OUT or VARIADIC, if present.
    private mutating func parseParameterMode() -> FunctionParameter.Mode? {
        if accept(.in) { return accept(.out) ? .inOut : .in }
        if accept(.out) { return .out }
        if accept(.inout) { return .inOut }
        if accept(.variadic) { return .variadic }
        return nil
    }

    /// True when `token` (following `previous`) can start a type, so that
    /// `previous` was a parameter name. `double precision` is one type.
    private func startsType(_ token: Token, after previous: Token) -> Bool {
        guard token.kind == .identifier else { return false }
        if previous.isKeyword(.double) && token.isKeyword(.precision) { return false }
        if token.keyword != nil {
            switch text(token) {
            case "in", "out", "inout", "variadic": return true
            case "default": return false
            default: break
            }
        }
        return isTypeFunctionName(token) || Parser.constantTypeKeywords.contains(text(token))
            || token.isKeyword(.interval) || token.isKeyword(.setof)
    }

    /// A parameter or result type; `table.column%TYPE` is not modelled.
    private mutating func parseFunctionType() throws -> TypeName {
        let type = try parseTypeName()
        if current.isSymbol("%") {
            throw notSupported("%TYPE in function signatures is not supported yet")
        }
        return type
    }

    /// `name = v1, v2` as text, for the SET option of CREATE FUNCTION.
    private func deparseSetBody(_ set: SetStatement) -> String {
        switch set.value {
        case .default: return set.name + " TO DEFAULT"
        case .values(let values):
            return set.name + " = " + values.map(deparse).joined(separator: ", ")
        }
    }
}
