// CREATE dispatch, CREATE SCHEMA, CREATE EXTENSION, ALTER TABLE, DROP and
// TRUNCATE (gram.y's CreateSchemaStmt, CreateExtensionStmt, AlterTableStmt
// and RenameStmt for tables, DropStmt, RemoveFuncStmt, TruncateStmt).

extension Parser {
    /// Any `CREATE ...` statement.
    mutating func parseCreate() throws -> Statement {
        let createToken = current
        try expect(.create)
        var orReplace = false
        if accept(.or) {
            try expect(.replace)
            orReplace = true
        }
        if current.isKeyword(.function) || current.isKeyword(.procedure) {
            return .createFunction(try parseCreateFunction(orReplace: orReplace))
        }
        var temporary = false
        var unlogged = false
        if accept(.global) || accept(.local) {
            guard accept(.temp) || accept(.temporary) else { throw syntaxError() }
            temporary = true
        } else if accept(.temp) || accept(.temporary) {
            temporary = true
        } else if accept(.unlogged) {
            unlogged = true
        }
        if accept(.table) {
            return .createTable(try parseCreateTable(temporary: temporary, unlogged: unlogged))
        }
        if !unlogged && accept(.view) {
            return .createView(try parseCreateView(orReplace: orReplace, temporary: temporary))
        }
        if !orReplace && !unlogged && accept(.sequence) {
            return .createSequence(try parseCreateSequence(temporary: temporary))
        }
        if !orReplace && !temporary && !unlogged {
            if accept(.schema) { return try parseCreateSchema() }
            if accept(.extension) { return .createExtension(try parseCreateExtension()) }
            if accept(.type) { return .createType(try parseCreateType(createToken.location)) }
            if current.isKeyword(.index)
                || (current.isKeyword(.unique) && peek().isKeyword(.index))
            {
                return .createIndex(try parseCreateIndex())
            }
        }
        let object = try unsupportedObjectName()
        throw ParseError.notSupported(
            "CREATE \(object) is not supported yet", at: createToken.location)
    }

    /// `[UNIQUE] INDEX [CONCURRENTLY] [IF NOT EXISTS] [name] ON [ONLY] table
    /// [USING method] (elements) [INCLUDE (columns)] [NULLS [NOT] DISTINCT]
    /// [WHERE predicate]` after CREATE.
    private mutating func parseCreateIndex() throws -> CreateIndexStatement {
        let isUnique = accept(.unique)
        try expect(.index)
        let concurrently = accept(.concurrently)
        var ifNotExists = false
        if current.isKeyword(.if) {
            advance()
            try expect(.not, .exists)
            ifNotExists = true
        }
        var name: String?
        if ifNotExists || !current.isKeyword(.on) { name = try parseColId() }
        try expect(.on)
        let only = accept(.only)
        let table = try parseQualifiedName()
        var method: String?
        if accept(.using) { method = try parseColId() }
        try expectSymbol("(")
        var elements: [IndexElement] = []
        repeat { elements.append(try parseIndexElement()) } while acceptSymbol(",")
        try expectSymbol(")")
        var statement = CreateIndexStatement(
            name: name, table: table, isUnique: isUnique, concurrently: concurrently,
            ifNotExists: ifNotExists, only: only, method: method, elements: elements)
        if accept(.include) { statement.include = try parseParenthesizedColIdList() }
        if current.isKeyword(.nulls) {
            advance()
            statement.nullsNotDistinct = accept(.not)
            try expect(.distinct)
        }
        if current.isKeyword(.with) || current.isKeyword(.tablespace) {
            throw notSupported("index storage parameters and tablespaces are not supported yet")
        }
        if accept(.where) { statement.whereClause = try parseExpr() }
        return statement
    }

    /// `column | function(...) | (expr)`, then `[ASC | DESC] [NULLS FIRST |
    /// LAST]` (gram.y's index_elem without collations and operator classes).
    private mutating func parseIndexElement() throws -> IndexElement {
        var element = IndexElement(location: current.location)
        if acceptSymbol("(") {
            element.expr = try parseExpr()
            try expectSymbol(")")
        } else if peek().isSymbol("(") {
            let start = current
            let call = try parseExpr()
            guard case .function = call.kind else { throw syntaxError(at: start) }
            element.expr = call
        } else {
            element.column = try parseColId()
        }
        if current.isKeyword(.collate) {
            throw notSupported("index collations are not supported yet")
        }
        if accept(.asc) {
            element.direction = .ascending
        } else if accept(.desc) {
            element.direction = .descending
        }
        if current.isKeyword(.nulls) && (peek().isKeyword(.first) || peek().isKeyword(.last)) {
            advance()
            element.nulls = accept(.first) ? .first : .last
            if element.nulls == .last { try expect(.last) }
        }
        return element
    }

    /// `name AS (attribute type, ...)` or `name AS ENUM ('label', ...)`
    /// after CREATE TYPE; the other forms (RANGE, base types) are not
    /// supported.
    private mutating func parseCreateType(_ location: Int) throws -> CreateTypeStatement {
        let name = try parseQualifiedName()
        guard accept(.as) else {
            throw ParseError.notSupported(
                "CREATE TYPE without AS is not supported yet", at: location)
        }
        if accept(.enum) {
            try expectSymbol("(")
            var labels: [String] = []
            if !current.isSymbol(")") {
                repeat { labels.append(try parseStringConstant()) } while acceptSymbol(",")
            }
            try expectSymbol(")")
            return CreateTypeStatement(name: name, attributes: [], enumLabels: labels)
        }
        guard current.isSymbol("(") else {
            throw ParseError.notSupported(
                "CREATE TYPE .. AS \(rawText(current).uppercased()) is not supported yet",
                at: location)
        }
        advance()
        var attributes: [CreateTypeStatement.Attribute] = []
        if !current.isSymbol(")") {
            repeat {
                let attribute = try parseColId()
                let type = try parseTypeName()
                if current.isKeyword(.collate) {
                    throw notSupported("attribute collations are not supported yet")
                }
                attributes.append(CreateTypeStatement.Attribute(name: attribute, type: type))
            } while acceptSymbol(",")
        }
        try expectSymbol(")")
        return CreateTypeStatement(name: name, attributes: attributes)
    }

    /// `name [(columns)] AS query` after CREATE [OR REPLACE] [TEMP] VIEW.
    private mutating func parseCreateView(orReplace: Bool, temporary: Bool) throws
        -> CreateViewStatement
    {
        let name = try parseQualifiedName()
        var columns: [String] = []
        if current.isSymbol("(") { columns = try parseParenthesizedColIdList() }
        if current.isKeyword(.with) {
            throw notSupported("view options are not supported yet")
        }
        try expect(.as)
        let query = try parseSelect()
        if current.isKeyword(.with) {
            throw notSupported("WITH CHECK OPTION is not supported yet")
        }
        return CreateViewStatement(
            name: name, columnNames: columns, query: query, orReplace: orReplace,
            isTemporary: temporary)
    }

    /// The object kind after CREATE, ALTER or DROP for the 0A000 message:
    /// `INDEX`, `MATERIALIZED VIEW`, `UNIQUE INDEX` is `INDEX`.
    private mutating func unsupportedObjectName() throws -> String {
        let token = current
        guard token.kind == .identifier else { throw syntaxError() }
        switch text(token) {
        case "unique":
            return peek().isKeyword(.index) ? "INDEX" : try failAtNext()
        case "materialized", "foreign", "text", "event", "access", "operator", "user":
            let next = peek()
            guard next.kind == .identifier else { throw syntaxError(at: next) }
            if text(token) == "text" || text(token) == "access" {
                return text(token).uppercased() + " " + text(next).uppercased()
                    + (peek(2).kind == .identifier ? " " + text(peek(2)).uppercased() : "")
            }
            if text(token) == "user" && !next.isKeyword(.mapping) { return "USER" }
            return text(token).uppercased() + " " + text(next).uppercased()
        case "recursive":
            return "VIEW"
        case "index", "view", "sequence", "type", "domain", "trigger", "role", "database",
            "aggregate", "cast", "collation", "conversion", "language", "policy", "publication",
            "rule", "server", "statistics", "subscription", "tablespace", "transform", "group",
            "default", "constraint", "trusted", "procedural":
            return text(token).uppercased()
        default:
            throw syntaxError()
        }
    }

    private func failAtNext() throws -> String {
        throw syntaxError(at: peek())
    }

    /// `CREATE SCHEMA [IF NOT EXISTS] name [AUTHORIZATION role]` or
    /// `CREATE SCHEMA AUTHORIZATION role`.
    private mutating func parseCreateSchema() throws -> Statement {
        var ifNotExists = false
        if current.isKeyword(.if) {
            advance()
            try expect(.not, .exists)
            ifNotExists = true
        }
        if accept(.authorization) {
            let role = try parseRoleName()
            return .createSchema(name: role, ifNotExists: ifNotExists, authorization: role)
        }
        let name = try parseColId()
        var authorization: String?
        if accept(.authorization) { authorization = try parseRoleName() }
        if current.kind != .end && !current.isSymbol(";") {
            throw notSupported("schema elements in CREATE SCHEMA are not supported yet")
        }
        return .createSchema(name: name, ifNotExists: ifNotExists, authorization: authorization)
    }

    /// A role name: a word, or CURRENT_USER / SESSION_USER / CURRENT_ROLE.
    private mutating func parseRoleName() throws -> String {
        let token = current
        if token.keyword != nil,
            ["current_user", "session_user", "current_role", "public"].contains(text(token))
        {
            advance()
            return text(token)
        }
        return try parseNonReservedWord()
    }

    /// `[IF NOT EXISTS] name [WITH] [SCHEMA s] [VERSION v] [CASCADE]`.
    private mutating func parseCreateExtension() throws -> CreateExtensionStatement {
        var ifNotExists = false
        if current.isKeyword(.if) {
            advance()
            try expect(.not, .exists)
            ifNotExists = true
        }
        var statement = CreateExtensionStatement(name: try parseColId(), ifNotExists: ifNotExists)
        _ = accept(.with)
        while true {
            let token = current
            if accept(.schema) {
                guard statement.schema == nil else { throw conflictingOptions(token) }
                statement.schema = try parseColId()
            } else if accept(.version) {
                guard statement.version == nil else { throw conflictingOptions(token) }
                statement.version =
                    current.kind == .string
                    ? try parseStringConstant() : try parseNonReservedWord()
            } else if accept(.cascade) {
                guard !statement.cascade else { throw conflictingOptions(token) }
                statement.cascade = true
            } else if current.isKeyword(.from) {
                throw notSupported("CREATE EXTENSION FROM is not supported yet")
            } else {
                return statement
            }
        }
    }

    /// PostgreSQL's error for an option given twice.
    func conflictingOptions(_ token: Token) -> ParseError {
        .syntax("conflicting or redundant options", at: token.location)
    }

    // MARK: - ALTER TABLE

    /// `ALTER TABLE [IF EXISTS] [ONLY] name command, ...`.
    mutating func parseAlter() throws -> Statement {
        let alterToken = current
        try expect(.alter)
        if accept(.sequence) { return .alterSequence(try parseAlterSequence()) }
        guard accept(.table) else {
            let object = try unsupportedAlterObject()
            throw ParseError.notSupported(
                "ALTER \(object) is not supported yet", at: alterToken.location)
        }
        var ifExists = false
        if current.isKeyword(.if) {
            advance()
            try expect(.exists)
            ifExists = true
        }
        if current.isKeyword(.all) {
            throw notSupported("ALTER TABLE ALL IN TABLESPACE is not supported yet")
        }
        let only = accept(.only)
        let name = try parseQualifiedName()
        _ = acceptSymbol("*")
        var commands: [AlterTableCommand] = []
        if current.isKeyword(.rename) {
            commands.append(try parseRename())
        } else {
            repeat {
                commands.append(try parseAlterTableCommand())
            } while acceptSymbol(",")
        }
        return .alterTable(
            AlterTableStatement(name: name, ifExists: ifExists, only: only, commands: commands))
    }

    /// The object word after ALTER for the 0A000 message.
    private mutating func unsupportedAlterObject() throws -> String {
        let token = current
        guard token.kind == .identifier, token.keyword != nil else { throw syntaxError() }
        let known: Set<String> = [
            "function", "procedure", "schema", "extension", "index", "view", "sequence", "type",
            "domain", "role", "user", "database", "system", "default", "aggregate", "trigger",
            "publication", "subscription", "server", "policy", "collation", "operator",
            "statistics", "tablespace", "event", "foreign", "language", "large", "routine",
            "rule", "text", "conversion", "group", "materialized",
        ]
        guard known.contains(text(token)) else { throw syntaxError() }
        if text(token) == "materialized" || text(token) == "foreign" {
            return text(token).uppercased() + " " + text(peek()).uppercased()
        }
        return text(token).uppercased()
    }

    /// `RENAME [COLUMN] a TO b`, `RENAME CONSTRAINT a TO b`, `RENAME TO b`.
    private mutating func parseRename() throws -> AlterTableCommand {
        try expect(.rename)
        if accept(.to) { return .renameTable(to: try parseColId()) }
        if accept(.constraint) {
            let old = try parseColId()
            try expect(.to)
            return .renameConstraint(old, to: try parseColId())
        }
        _ = accept(.column)
        let old = try parseColId()
        try expect(.to)
        return .renameColumn(old, to: try parseColId())
    }

    /// One ALTER TABLE action.
    private mutating func parseAlterTableCommand() throws -> AlterTableCommand {
        let token = current
        switch token.keyword != nil ? text(token) : "" {
        case "add":
            advance()
            if startsAddConstraint() { return .addConstraint(try parseTableConstraint()) }
            _ = accept(.column)
            var ifNotExists = false
            if current.isKeyword(.if) && peek().isKeyword(.not) {
                advance()
                advance()
                try expect(.exists)
                ifNotExists = true
            }
            return .addColumn(try parseColumnDef(), ifNotExists: ifNotExists)
        case "drop":
            advance()
            if accept(.constraint) {
                let ifExists = try parseIfExists()
                let name = try parseColId()
                return .dropConstraint(name, ifExists: ifExists, cascade: try parseDropBehavior())
            }
            _ = accept(.column)
            let ifExists = try parseIfExists()
            let name = try parseColId()
            return .dropColumn(name, ifExists: ifExists, cascade: try parseDropBehavior())
        case "alter":
            advance()
            _ = accept(.column)
            return try parseAlterColumn(try parseColId())
        case "attach":
            advance()
            try expect(.partition)
            let partition = try parseQualifiedName()
            return .attachPartition(partition, try parsePartitionBound())
        case "detach":
            advance()
            try expect(.partition)
            let partition = try parseQualifiedName()
            if current.isKeyword(.finalize) {
                throw notSupported("DETACH PARTITION FINALIZE is not supported yet")
            }
            return .detachPartition(partition, concurrently: accept(.concurrently))
        case "set":
            if peek().isKeyword(.schema) {
                advance()
                advance()
                return .setSchema(try parseColId())
            }
        case "owner":
            advance()
            try expect(.to)
            return .ownerTo(try parseRoleName())
        default:
            break
        }
        if token.kind == .identifier {
            throw notSupported("ALTER TABLE \(text(token).uppercased()) is not supported yet")
        }
        throw syntaxError()
    }

    /// True when ADD introduces a table constraint.
    private func startsAddConstraint() -> Bool {
        let token = current
        guard token.keyword != nil else { return false }
        return ["constraint", "check", "unique", "primary", "foreign", "exclude"].contains(
            text(token))
    }

    /// `IF EXISTS`, if present.
    mutating func parseIfExists() throws -> Bool {
        guard current.isKeyword(.if) else { return false }
        advance()
        try expect(.exists)
        return true
    }

    /// `CASCADE` (true), `RESTRICT` or nothing (false).
    mutating func parseDropBehavior() throws -> Bool {
        if accept(.cascade) { return true }
        _ = accept(.restrict)
        return false
    }

    /// `ALTER COLUMN c` actions: TYPE, SET/DROP DEFAULT, SET/DROP NOT NULL.
    private mutating func parseAlterColumn(_ column: String) throws -> AlterTableCommand {
        if accept(.add) {
            try expect(.generated)
            var always = true
            if accept(.by) {
                try expect(.default)
                always = false
            } else {
                try expect(.always)
            }
            try expect(.as, .identity)
            var options: [SequenceOption] = []
            if acceptSymbol("(") {
                options = try parseSequenceOptions()
                try expectSymbol(")")
            }
            return .addIdentity(column, always: always, options: options)
        }
        if current.isKeyword(.restart)
            || (current.isKeyword(.set) && Self.identityOptionWords.contains(text(peek())))
        {
            return try parseIdentityOptions(column)
        }
        if current.isKeyword(.drop) && peek().isKeyword(.identity) {
            advance()
            advance()
            var ifExists = false
            if accept(.if) {
                try expect(.exists)
                ifExists = true
            }
            return .dropIdentity(column, ifExists: ifExists)
        }
        if accept(.type) || (current.isKeyword(.set) && peek().isKeyword(.data)) {
            if accept(.set) {
                try expect(.data, .type)
            }
            let type = try parseTypeName()
            if current.isKeyword(.collate) {
                throw notSupported("column collations are not supported yet")
            }
            var using: Expr?
            if accept(.using) { using = try parseExpr() }
            return .alterColumnType(column, type, using: using)
        }
        if accept(.set) {
            if accept(.default) { return .setDefault(column, try parseExpr()) }
            if accept(.not) {
                try expect(.null)
                return .setNotNull(column)
            }
            guard current.kind == .identifier else { throw syntaxError() }
            let option = text(current).uppercased()
            throw notSupported("ALTER COLUMN SET \(option) is not supported yet")
        }
        if accept(.drop) {
            if accept(.default) { return .setDefault(column, nil) }
            if accept(.not) {
                try expect(.null)
                return .dropNotNull(column)
            }
            guard current.kind == .identifier else { throw syntaxError() }
            throw notSupported(
                "ALTER COLUMN DROP \(text(current).uppercased()) is not supported yet")
        }
        if current.kind == .identifier {
            throw notSupported("ALTER COLUMN \(text(current).uppercased()) is not supported yet")
        }
        throw syntaxError()
    }

    /// Words after SET that alter an identity column rather than the
    /// column itself.
    static let identityOptionWords: Set<String> = [
        "generated", "increment", "minvalue", "maxvalue", "no", "start", "cache", "cycle",
    ]

    /// `SET GENERATED ..`, `SET sequence-option` and `RESTART [WITH n]`,
    /// one or more.
    private mutating func parseIdentityOptions(_ column: String) throws -> AlterTableCommand {
        var always: Bool?
        var options: [SequenceOption] = []
        while true {
            if current.isKeyword(.restart) {
                options += try parseSequenceOptions()
            } else if current.isKeyword(.set) && text(peek()) == "generated" {
                advance()
                advance()
                if accept(.by) {
                    try expect(.default)
                    always = false
                } else {
                    try expect(.always)
                    always = true
                }
            } else if current.isKeyword(.set)
                && Self.identityOptionWords.contains(text(peek()))
            {
                advance()
                let before = index
                let parsed = try parseSequenceOptions()
                guard let first = parsed.first, parsed.count == 1 || index > before else {
                    throw syntaxError()
                }
                options.append(first)
                options += parsed.dropFirst()
            } else {
                break
            }
        }
        return .setIdentity(column, always: always, options: options)
    }

    // MARK: - DROP, TRUNCATE

    /// `DROP kind [CONCURRENTLY] [IF EXISTS] name, ... [CASCADE | RESTRICT]`.
    mutating func parseDrop() throws -> DropStatement {
        let dropToken = current
        try expect(.drop)
        let kind: ObjectKind
        let token = current
        switch token.keyword != nil ? text(token) : "" {
        case "table": kind = .table
        case "schema": kind = .schema
        case "function": kind = .function
        case "procedure": kind = .procedure
        case "extension": kind = .extension
        case "view": kind = .view
        case "index": kind = .index
        case "sequence": kind = .sequence
        case "type": kind = .type
        case "materialized":
            advance()
            guard current.isKeyword(.view) else { throw syntaxError() }
            kind = .materializedView
        default:
            let object = try unsupportedDropObject()
            throw ParseError.notSupported(
                "DROP \(object) is not supported yet", at: dropToken.location)
        }
        advance()
        var statement = DropStatement(kind: kind, names: [])
        if kind == .index { statement.concurrently = accept(.concurrently) }
        statement.ifExists = try parseIfExists()
        repeat {
            if kind == .schema || kind == .extension {
                let at = current.location
                statement.names.append(QualifiedName([try parseColId()], location: at))
            } else {
                statement.names.append(try parseQualifiedName())
            }
            if kind == .function || kind == .procedure {
                if current.isSymbol("(") {
                    statement.functionArguments.append(try parseFunctionParameters(forDrop: true))
                } else {
                    statement.functionArguments.append(nil)
                }
            }
        } while acceptSymbol(",")
        statement.cascade = try parseDropBehavior()
        return statement
    }

    /// The object word after DROP for the 0A000 message.
    private mutating func unsupportedDropObject() throws -> String {
        let token = current
        guard token.kind == .identifier, token.keyword != nil else { throw syntaxError() }
        let known: Set<String> = [
            "domain", "role", "user", "database", "aggregate", "trigger", "publication",
            "subscription", "server", "policy", "collation", "operator", "statistics",
            "tablespace", "event", "foreign", "language", "routine", "rule", "text",
            "conversion", "group", "owned", "cast", "access", "transform", "owned",
        ]
        guard known.contains(text(token)) else { throw syntaxError() }
        return text(token).uppercased()
    }

    /// `TRUNCATE [TABLE] name, ... [RESTART | CONTINUE IDENTITY] [CASCADE |
    /// RESTRICT]`.
    mutating func parseTruncate() throws -> TruncateStatement {
        try expect(.truncate)
        _ = accept(.table)
        var tables: [QualifiedName] = []
        repeat {
            if current.isKeyword(.only) {
                throw notSupported("TRUNCATE ONLY is not supported yet")
            }
            tables.append(try parseQualifiedName())
            _ = acceptSymbol("*")
        } while acceptSymbol(",")
        var restart = false
        if accept(.restart) {
            try expect(.identity)
            restart = true
        } else if accept(.continue) {
            try expect(.identity)
        }
        return TruncateStatement(
            tables: tables, restartIdentity: restart, cascade: try parseDropBehavior())
    }
}
