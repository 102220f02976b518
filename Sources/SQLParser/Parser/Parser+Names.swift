// Names and labels: which words may stand where, by gram.y's ColId,
// type_function_name, NonReservedWord, ColLabel and BareColLabel.

extension Parser {
    /// True when `token` can be a ColId: a plain name or an unreserved or
    /// column-name keyword.
    func isColId(_ token: Token) -> Bool {
        guard token.kind == .identifier else { return false }
        guard let keyword = token.keyword else { return true }
        return keyword.category == .unreserved || keyword.category == .columnName
    }

    /// True when `token` can be a type_function_name: a plain name or an
    /// unreserved or type/function-name keyword.
    func isTypeFunctionName(_ token: Token) -> Bool {
        guard token.kind == .identifier else { return false }
        guard let keyword = token.keyword else { return true }
        return keyword.category == .unreserved || keyword.category == .typeFunctionName
    }

    /// True for NonReservedWord: any name or keyword that is not reserved.
    func isNonReservedWord(_ token: Token) -> Bool {
        guard token.kind == .identifier else { return false }
        return token.keyword?.category != .reserved
    }

    /// True when `token` may be a column label after AS (any word).
    func isColLabel(_ token: Token) -> Bool {
        token.kind == .identifier
    }

    /// True when `token` may be a column label without AS.
    func isBareLabel(_ token: Token) -> Bool {
        guard token.kind == .identifier else { return false }
        return token.keyword?.isBareLabel ?? true
    }

    /// Consumes a ColId.
    mutating func parseColId() throws -> String {
        guard isColId(current) else { throw syntaxError() }
        let name = text(current)
        advance()
        return name
    }

    /// Consumes a ColLabel (any word).
    mutating func parseColLabel() throws -> String {
        guard isColLabel(current) else { throw syntaxError() }
        let name = text(current)
        advance()
        return name
    }

    /// Consumes a NonReservedWord.
    mutating func parseNonReservedWord() throws -> String {
        guard isNonReservedWord(current) else { throw syntaxError() }
        let name = text(current)
        advance()
        return name
    }

    /// Consumes `name`, `a.b` or `a.b.c` (gram.y's qualified_name and
    /// any_name): a ColId followed by `.ColLabel` parts.
    mutating func parseQualifiedName() throws -> QualifiedName {
        let location = current.location
        var parts = [try parseColId()]
        while current.isSymbol("."), isColLabel(peek()) {
            advance()
            parts.append(try parseColLabel())
        }
        return QualifiedName(parts, location: location)
    }

    /// Consumes a comma-separated list of ColIds.
    mutating func parseColIdList() throws -> [String] {
        var names = [try parseColId()]
        while acceptSymbol(",") { names.append(try parseColId()) }
        return names
    }

    /// Consumes `(a, b, c)`.
    mutating func parseParenthesizedColIdList() throws -> [String] {
        try expectSymbol("(")
        let names = try parseColIdList()
        try expectSymbol(")")
        return names
    }

    /// Consumes a comma-separated list of qualified names.
    mutating func parseQualifiedNameList() throws -> [QualifiedName] {
        var names = [try parseQualifiedName()]
        while acceptSymbol(",") { names.append(try parseQualifiedName()) }
        return names
    }

    /// A constant integer (for COST n, MODULUS n and the like).
    mutating func parseIntegerConstant() throws -> Int {
        var negative = false
        if current.isSymbol("-") {
            negative = true
            advance()
        } else if current.isSymbol("+") {
            advance()
        }
        guard current.kind == .integer, let value = Int(text(current)) else {
            throw syntaxError()
        }
        advance()
        return negative ? -value : value
    }

    /// A string constant (`Sconst`).
    mutating func parseStringConstant() throws -> String {
        guard current.kind == .string else { throw syntaxError() }
        let value = text(current)
        advance()
        return value
    }
}
