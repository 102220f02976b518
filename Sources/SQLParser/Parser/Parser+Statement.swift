// The statement dispatcher: picks the production from the leading
// keywords, as gram.y's `stmt` alternatives do. Statements PostgreSQL has
// but citus-sim does not model are recognised and refused with 0A000.

extension Parser {
    /// One statement starting at the cursor.
    mutating func parseNextStatement() throws -> Statement {
        let token = current
        guard token.keyword != nil else {
            if token.isSymbol("(") { return .select(try parseSelect()) }
            throw syntaxError()
        }
        switch text(token) {
        case "select", "values", "table":
            return .select(try parseSelect())
        case "with":
            return try parseWithStatement()
        case "insert":
            return .insert(try parseInsert(with: nil))
        case "update":
            return .update(try parseUpdate(with: nil))
        case "delete":
            return .delete(try parseDelete(with: nil))
        case "create":
            return try parseCreate()
        case "alter":
            return try parseAlter()
        case "drop":
            return .drop(try parseDrop())
        case "truncate":
            return .truncate(try parseTruncate())
        case "begin", "start", "commit", "end", "rollback", "abort", "savepoint", "release":
            return .transaction(try parseTransaction())
        case "set":
            return try parseSet()
        case "show":
            return try parseShow()
        case "reset":
            return try parseReset()
        case "do":
            return try parseDo()
        case "call":
            return try parseCall()
        case "explain":
            return .explain(try parseExplain())
        case "copy":
            return .copy(try parseCopy())
        case "prepare":
            return try parsePrepare()
        case "execute":
            return try parseExecute()
        case "deallocate":
            return try parseDeallocate()
        case "comment":
            return .comment(try parseComment())
        default:
            if let name = Parser.unsupportedStatement(text(token), next: peek()) {
                throw notSupported("\(name) is not supported yet")
            }
            throw syntaxError()
        }
    }

    /// `COMMENT ON kind name IS 'text' | NULL` (gram.y's CommentStmt).
    private mutating func parseComment() throws -> CommentStatement {
        let start = current
        advance()
        try expect(.on)
        let word = current.keyword != nil || current.kind == .identifier ? text(current) : ""
        let kinds: [String: ObjectKind] = [
            "table": .table, "view": .view, "index": .index, "sequence": .sequence,
            "schema": .schema, "extension": .extension, "type": .type,
        ]
        let target: CommentStatement.Target
        if let kind = kinds[word] {
            advance()
            if kind == .schema || kind == .extension {
                let at = current.location
                target = .object(kind, QualifiedName([try parseColId()], location: at))
            } else {
                target = .object(kind, try parseQualifiedName())
            }
        } else {
            switch word {
            case "column":
                advance()
                let name = try parseQualifiedName()
                guard name.parts.count >= 2 else {
                    throw ParseError.syntax(
                        "column name must be qualified", at: name.location)
                }
                target = .column(name)
            case "function", "procedure":
                advance()
                let name = try parseQualifiedName()
                let arguments =
                    current.isSymbol("(") ? try parseFunctionParameters(forDrop: true) : nil
                target = .routine(word == "function" ? .function : .procedure, name, arguments)
            case "constraint":
                advance()
                let name = try parseColId()
                try expect(.on)
                target = .constraint(name, on: try parseQualifiedName())
            case "database":
                advance()
                target = .database(try parseColId())
            default:
                let object = word.isEmpty ? "this object" : word.uppercased()
                throw ParseError.notSupported(
                    "COMMENT ON \(object) is not supported yet", at: start.location)
            }
        }
        try expect(.is)
        if accept(.null) { return CommentStatement(target: target, text: nil) }
        return CommentStatement(target: target, text: try parseStringConstant())
    }

    /// `WITH ... SELECT | INSERT | UPDATE | DELETE`.
    private mutating func parseWithStatement() throws -> Statement {
        let with = try parseWithClause()
        switch current.keyword != nil ? text(current) : "" {
        case "insert": return .insert(try parseInsert(with: with))
        case "update": return .update(try parseUpdate(with: with))
        case "delete": return .delete(try parseDelete(with: with))
        default: return .select(try parseSelect(with: with))
        }
    }

    /// The name of a statement PostgreSQL accepts but the AST lacks, from
    /// its first keyword, or nil when the word starts no statement.
    static func unsupportedStatement(_ word: String, next: Token) -> String? {
        switch word {
        case "vacuum", "analyze", "analyse",
            "grant", "revoke", "comment", "lock", "listen", "notify", "unlisten", "cluster",
            "reindex", "checkpoint", "discard", "fetch", "move", "close", "declare", "load",
            "merge", "refresh", "security", "import", "reassign":
            return word.uppercased()
        default:
            return nil
        }
    }
}
