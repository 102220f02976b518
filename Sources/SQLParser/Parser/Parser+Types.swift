// Type names (gram.y's Typename): generic names with modifiers, the SQL
// standard's keyword types mapped to PostgreSQL's internal names as gram.y
// maps them (`integer` is pg_catalog.int4, `character varying(20)` is
// pg_catalog.varchar(20), `char` is pg_catalog.bpchar(1)), and array
// suffixes `[]`, `[n]` and `ARRAY`.

extension Parser {
    /// A full type name with array suffixes.
    mutating func parseTypeName() throws -> TypeName {
        try nested { parser in
            var type = try parser.parseSimpleTypeName()
            while true {
                if parser.current.isSymbol("[") {
                    parser.advance()
                    if parser.current.kind == .integer { parser.advance() }
                    try parser.expectSymbol("]")
                    type.arrayDimensions += 1
                } else if parser.current.isKeyword(.array) {
                    parser.advance()
                    if parser.acceptSymbol("[") {
                        try parser.expect(kind: .integer)
                        try parser.expectSymbol("]")
                    }
                    type.arrayDimensions += 1
                    break
                } else {
                    break
                }
            }
            return type
        }
    }

    /// A type name without array suffixes.
    mutating func parseSimpleTypeName() throws -> TypeName {
        let token = current
        let at = token.location
        if token.keyword != nil, let type = try parseKeywordType(text(token), at: at) {
            return type
        }
        guard isTypeFunctionName(token) else { throw syntaxError() }
        advance()
        var names = [text(token)]
        while current.isSymbol("."), isColLabel(peek()) {
            advance()
            names.append(text(current))
            advance()
        }
        var type = TypeName(names, location: at)
        if acceptSymbol("(") {
            type.modifiers = try parseExprList()
            try expectSymbol(")")
        }
        return type
    }

    /// A system type: `pg_catalog.name` with optional modifiers.
    private func systemType(_ name: String, _ modifiers: [Expr] = [], at: Int) -> TypeName {
        TypeName(["pg_catalog", name], modifiers: modifiers, location: at)
    }

    /// `(n)` after a keyword type, if present.
    private mutating func parseOptionalLength() throws -> [Expr] {
        guard acceptSymbol("(") else { return [] }
        let modifiers = try parseExprList()
        try expectSymbol(")")
        return modifiers
    }

    /// The SQL-standard keyword types, or nil when `word` is not one.
    private mutating func parseKeywordType(_ word: String, at: Int) throws -> TypeName? {
        switch word {
        case "int", "integer":
            advance()
            return systemType("int4", at: at)
        case "smallint":
            advance()
            return systemType("int2", at: at)
        case "bigint":
            advance()
            return systemType("int8", at: at)
        case "real":
            advance()
            return systemType("float4", at: at)
        case "boolean":
            advance()
            return systemType("bool", at: at)
        case "float":
            advance()
            return try parseFloatType(at: at)
        case "double":
            guard peek().isKeyword(.precision) else { return nil }
            advance()
            advance()
            return systemType("float8", at: at)
        case "decimal", "dec", "numeric":
            advance()
            return systemType("numeric", try parseOptionalLength(), at: at)
        case "bit":
            advance()
            let varying = accept(.varying)
            var modifiers = try parseOptionalLength()
            if !varying && modifiers.isEmpty { modifiers = [Expr(.literal(.integer("1")))] }
            return systemType(varying ? "varbit" : "bit", modifiers, at: at)
        case "character", "char", "varchar", "nchar", "national":
            return try parseCharacterType(word, at: at)
        case "timestamp", "time":
            advance()
            let modifiers = try parseOptionalLength()
            var withZone = false
            if current.isKeyword(.with) && peek().isKeyword(.time) {
                advance()
                try expect(.time, .zone)
                withZone = true
            } else if current.isKeyword(.without) {
                advance()
                try expect(.time, .zone)
            }
            let name =
                word == "time"
                ? (withZone ? "timetz" : "time")
                : (withZone ? "timestamptz" : "timestamp")
            return systemType(name, modifiers, at: at)
        case "interval":
            advance()
            let modifiers = try parseOptionalLength()
            if current.keyword != nil && Parser.intervalFields.contains(text(current)) {
                throw notSupported("interval field qualifiers are not supported yet")
            }
            return systemType("interval", modifiers, at: at)
        default:
            return nil
        }
    }

    /// `FLOAT[(p)]`: float4 up to 24 bits of precision, else float8.
    private mutating func parseFloatType(at: Int) throws -> TypeName {
        guard acceptSymbol("(") else { return systemType("float8", at: at) }
        let precisionToken = current
        guard precisionToken.kind == .integer else { throw syntaxError() }
        advance()
        try expectSymbol(")")
        let bits = Int(text(precisionToken)) ?? Int.max
        if bits < 1 {
            throw ParseError(
                sqlState: "22023", message: "precision for type float must be at least 1 bit",
                position: precisionToken.location)
        }
        if bits > 53 {
            throw ParseError(
                sqlState: "22023", message: "precision for type float must be less than 54 bits",
                position: precisionToken.location)
        }
        return systemType(bits <= 24 ? "float4" : "float8", at: at)
    }

    /// CHARACTER [VARYING], CHAR, VARCHAR, NATIONAL CHARACTER, NCHAR.
    private mutating func parseCharacterType(_ word: String, at: Int) throws -> TypeName {
        advance()
        if word == "national" {
            guard accept(.character) || accept(.char) else { throw syntaxError() }
        }
        let varying = word == "varchar" || accept(.varying)
        var modifiers = try parseOptionalLength()
        if !varying && modifiers.isEmpty { modifiers = [Expr(.literal(.integer("1")))] }
        return systemType(varying ? "varchar" : "bpchar", modifiers, at: at)
    }
}
