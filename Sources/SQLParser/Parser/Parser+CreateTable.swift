// CREATE TABLE (gram.y's CreateStmt and CreateAsStmt): columns and their
// constraints, table constraints, LIKE, PARTITION BY, PARTITION OF .. FOR
// VALUES, INHERITS, USING, and CREATE TABLE .. AS.

extension Parser {
    /// The rest of `CREATE [TEMP | UNLOGGED] TABLE`, after TABLE.
    mutating func parseCreateTable(temporary: Bool, unlogged: Bool) throws -> CreateTableStatement {
        var statement = CreateTableStatement(
            name: QualifiedName([]), isTemporary: temporary, isUnlogged: unlogged)
        if current.isKeyword(.if) {
            advance()
            try expect(.not, .exists)
            statement.ifNotExists = true
        }
        statement.name = try parseQualifiedName()
        if accept(.partition) {
            try expect(.of)
            statement.partitionOf = try parseQualifiedName()
            if current.isSymbol("(") {
                throw notSupported("column options in PARTITION OF are not supported yet")
            }
            statement.partitionBound = try parsePartitionBound()
        } else if current.isKeyword(.of) {
            throw notSupported("CREATE TABLE OF is not supported yet")
        } else if current.isKeyword(.as) || isColumnNameListForAs() {
            if current.isSymbol("(") {
                throw notSupported("column names in CREATE TABLE AS are not supported yet")
            }
            return try parseCreateTableAs(statement)
        } else {
            try expectSymbol("(")
            if !current.isSymbol(")") {
                repeat {
                    statement.elements.append(try parseTableElement())
                } while acceptSymbol(",")
            }
            try expectSymbol(")")
            if accept(.inherits) {
                try expectSymbol("(")
                statement.inherits = try parseQualifiedNameList()
                try expectSymbol(")")
            }
        }
        try parseTableOptions(&statement)
        return statement
    }

    /// `(a, b) AS ...`: a name list rather than column definitions.
    private func isColumnNameListForAs() -> Bool {
        guard current.isSymbol("(") else { return false }
        var ahead = 1
        while peek(ahead).kind == .identifier,
            peek(ahead + 1).isSymbol(",") || peek(ahead + 1).isSymbol(")")
        {
            if peek(ahead + 1).isSymbol(")") { return peek(ahead + 2).isKeyword(.as) }
            ahead += 2
        }
        return false
    }

    /// `AS query [WITH [NO] DATA]`.
    private mutating func parseCreateTableAs(
        _ base: CreateTableStatement
    ) throws -> CreateTableStatement {
        var statement = base
        try expect(.as)
        if current.isKeyword(.execute) {
            throw notSupported("CREATE TABLE AS EXECUTE is not supported yet")
        }
        statement.asSelect = try parseSelect()
        if current.isKeyword(.with) && (peek().isKeyword(.data) || peek().isKeyword(.no)) {
            advance()
            statement.withData = !accept(.no)
            try expect(.data)
        }
        return statement
    }

    /// PARTITION BY, USING, WITH (..), ON COMMIT and TABLESPACE after the
    /// element list.
    private mutating func parseTableOptions(_ statement: inout CreateTableStatement) throws {
        if current.isKeyword(.partition) {
            let at = current.location
            advance()
            try expect(.by)
            statement.partitionBy = try parsePartitionSpec(at: at)
        }
        if accept(.using) { statement.accessMethod = try parseColId() }
        if current.isKeyword(.with) || current.isKeyword(.on) || current.isKeyword(.tablespace)
            || current.isKeyword(.without)
        {
            throw notSupported("storage options of CREATE TABLE are not supported yet")
        }
    }

    /// `RANGE | LIST | HASH (key, ...)`.
    private mutating func parsePartitionSpec(at: Int) throws -> PartitionSpec {
        let strategyToken = current
        let name = try parseColId()
        guard let strategy = PartitionSpec.Strategy(rawValue: name.uppercased()) else {
            throw ParseError(
                sqlState: "22023", message: "unrecognized partitioning strategy \"\(name)\"",
                position: strategyToken.location)
        }
        try expectSymbol("(")
        var keys: [Expr] = []
        repeat {
            if current.isSymbol("(") {
                advance()
                keys.append(try parseExpr())
                try expectSymbol(")")
            } else {
                keys.append(try parsePrimary())
            }
            if current.isKeyword(.collate) || current.kind == .identifier && !current.isSymbol(",")
            {
                throw notSupported(
                    "partition key collations and operator classes are not supported yet")
            }
        } while acceptSymbol(",")
        try expectSymbol(")")
        return PartitionSpec(strategy: strategy, keys: keys, location: at)
    }

    /// `FOR VALUES IN (..) | FROM (..) TO (..) | WITH (MODULUS m, REMAINDER
    /// r)` or `DEFAULT`.
    mutating func parsePartitionBound() throws -> PartitionBound {
        if accept(.default) { return .default }
        try expect(.for, .values)
        if accept(.in) {
            try expectSymbol("(")
            let values = try parseExprList()
            try expectSymbol(")")
            return .list(values)
        }
        if accept(.from) {
            try expectSymbol("(")
            let from = try parseExprList()
            try expectSymbol(")")
            try expect(.to)
            try expectSymbol("(")
            let to = try parseExprList()
            try expectSymbol(")")
            return .range(from: from, to: to)
        }
        try expect(.with)
        try expectSymbol("(")
        var modulus: Int?
        var remainder: Int?
        repeat {
            let word = current
            let name = try parseNonReservedWord()
            let value = try parseIntegerConstant()
            switch name {
            case "modulus" where modulus == nil: modulus = value
            case "remainder" where remainder == nil: remainder = value
            case "modulus", "remainder":
                throw ParseError.syntax(
                    "\(name) for hash partition provided more than once", at: word.location)
            default:
                throw ParseError.syntax(
                    "unrecognized hash partition bound specification \"\(name)\"", at: word.location
                )
            }
        } while acceptSymbol(",")
        try expectSymbol(")")
        guard let modulus else {
            throw ParseError.syntax(
                "modulus for hash partition must be specified", at: current.location)
        }
        guard let remainder else {
            throw ParseError.syntax(
                "remainder for hash partition must be specified", at: current.location)
        }
        return .hash(modulus: modulus, remainder: remainder)
    }

    // MARK: - Elements

    /// A column definition, a table constraint or `LIKE source [options]`.
    private mutating func parseTableElement() throws -> TableElement {
        if current.isKeyword(.like) {
            advance()
            let source = try parseQualifiedName()
            var options: [String] = []
            while current.isKeyword(.including) || current.isKeyword(.excluding) {
                let mode = text(current).uppercased()
                advance()
                options.append(mode + " " + (try parseColLabel()).uppercased())
            }
            return .like(source, options: options)
        }
        if startsTableConstraint() { return .constraint(try parseTableConstraint()) }
        return .column(try parseColumnDef())
    }

    /// True when the cursor is at a table constraint rather than a column.
    private func startsTableConstraint() -> Bool {
        let token = current
        guard token.keyword != nil else { return false }
        switch text(token) {
        case "constraint", "check", "unique", "primary", "foreign", "exclude": return true
        default: return false
        }
    }

    /// `name type [constraints]`.
    mutating func parseColumnDef() throws -> ColumnDef {
        let at = current.location
        let name = try parseColId()
        let type = try parseTypeName()
        var column = ColumnDef(name: name, type: type, location: at)
        while let constraint = try parseColumnConstraint() {
            column.constraints.append(constraint)
        }
        return column
    }

    /// One column constraint, or nil when none follows.
    private mutating func parseColumnConstraint() throws -> ColumnConstraint? {
        let at = current.location
        var name: String?
        if accept(.constraint) { name = try parseColId() }
        let kind: ColumnConstraint.Kind
        let token = current
        switch token.keyword != nil ? text(token) : "" {
        case "not":
            advance()
            try expect(.null)
            kind = .notNull
        case "null":
            advance()
            kind = .null
        case "default":
            advance()
            kind = .defaultValue(try parseBExpr())
        case "check":
            advance()
            let (condition, noInherit) = try parseCheckBody()
            kind = .check(condition, noInherit: noInherit)
        case "primary":
            advance()
            try expect(.key)
            try rejectIndexParameters()
            kind = .primaryKey
        case "unique":
            advance()
            let nullsNotDistinct = try parseNullsDistinct()
            try rejectIndexParameters()
            kind = .unique(nullsNotDistinct: nullsNotDistinct)
        case "references":
            kind = .references(try parseReferences())
        case "generated":
            kind = try parseGenerated()
        case "collate":
            throw notSupported("column collations are not supported yet")
        case "deferrable", "initially":
            throw notSupported("deferrable constraints are not supported yet")
        default:
            if name != nil { throw syntaxError() }
            return nil
        }
        try rejectConstraintAttributes()
        return ColumnConstraint(name: name, kind: kind, location: at)
    }

    /// `(expr) [NO INHERIT]` after CHECK.
    private mutating func parseCheckBody() throws -> (Expr, Bool) {
        try expectSymbol("(")
        let condition = try parseExpr()
        try expectSymbol(")")
        var noInherit = false
        if current.isKeyword(.no) && peek().isKeyword(.inherit) {
            advance()
            advance()
            noInherit = true
        }
        return (condition, noInherit)
    }

    /// `NULLS [NOT] DISTINCT` after UNIQUE: true for NOT DISTINCT.
    private mutating func parseNullsDistinct() throws -> Bool {
        guard accept(.nulls) else { return false }
        let negated = accept(.not)
        try expect(.distinct)
        return negated
    }

    /// Index options after UNIQUE or PRIMARY KEY are not modelled.
    private mutating func rejectIndexParameters() throws {
        if current.isKeyword(.include) || current.isKeyword(.with)
            || (current.isKeyword(.using) && peek().isKeyword(.index))
        {
            throw notSupported("index parameters of constraints are not supported yet")
        }
    }

    /// DEFERRABLE, INITIALLY DEFERRED and NOT VALID are not modelled.
    private mutating func rejectConstraintAttributes() throws {
        if current.isKeyword(.deferrable) || current.isKeyword(.initially)
            || (current.isKeyword(.not)
                && (peek().isKeyword(.deferrable) || peek().isKeyword(.valid)))
        {
            throw notSupported("deferrable constraints are not supported yet")
        }
    }

    /// `GENERATED ALWAYS AS (expr) STORED` or `GENERATED {ALWAYS | BY
    /// DEFAULT} AS IDENTITY`.
    private mutating func parseGenerated() throws -> ColumnConstraint.Kind {
        try expect(.generated)
        var always = true
        if accept(.by) {
            try expect(.default)
            always = false
        } else {
            try expect(.always)
        }
        try expect(.as)
        if accept(.identity) {
            var options: [SequenceOption] = []
            if acceptSymbol("(") {
                options = try parseSequenceOptions()
                try expectSymbol(")")
            }
            return .identity(always: always, options: options)
        }
        guard always else { throw syntaxError() }
        try expectSymbol("(")
        let expr = try parseExpr()
        try expectSymbol(")")
        try expect(.stored)
        return .generated(expr)
    }

    /// `REFERENCES t [(cols)] [MATCH ..] [ON DELETE a] [ON UPDATE a]`.
    private mutating func parseReferences() throws -> ForeignKeyReference {
        try expect(.references)
        var reference = ForeignKeyReference(table: try parseQualifiedName())
        if current.isSymbol("(") { reference.columns = try parseParenthesizedColIdList() }
        if accept(.match) {
            if !accept(.simple) {
                throw notSupported("MATCH FULL and MATCH PARTIAL are not supported yet")
            }
        }
        while current.isKeyword(.on) && (peek().isKeyword(.delete) || peek().isKeyword(.update)) {
            advance()
            let isDelete = text(current) == "delete"
            advance()
            let action = try parseReferentialAction()
            if isDelete {
                reference.onDelete = action
            } else {
                reference.onUpdate = action
            }
        }
        return reference
    }

    private mutating func parseReferentialAction() throws -> ForeignKeyReference.Action {
        if accept(.cascade) { return .cascade }
        if accept(.restrict) { return .restrict }
        if accept(.no) {
            try expect(.action)
            return .noAction
        }
        try expect(.set)
        if accept(.null) {
            if current.isSymbol("(") {
                throw notSupported("SET NULL column lists are not supported yet")
            }
            return .setNull
        }
        try expect(.default)
        if current.isSymbol("(") {
            throw notSupported("SET DEFAULT column lists are not supported yet")
        }
        return .setDefault
    }

    /// `[CONSTRAINT name] CHECK | UNIQUE | PRIMARY KEY | FOREIGN KEY ...`.
    mutating func parseTableConstraint() throws -> TableConstraint {
        let at = current.location
        var name: String?
        if accept(.constraint) { name = try parseColId() }
        let kind: TableConstraint.Kind
        switch current.keyword != nil ? text(current) : "" {
        case "check":
            advance()
            let (condition, noInherit) = try parseCheckBody()
            kind = .check(condition, noInherit: noInherit)
        case "unique":
            advance()
            let nullsNotDistinct = try parseNullsDistinct()
            let columns = try parseParenthesizedColIdList()
            try rejectIndexParameters()
            kind = .unique(columns, nullsNotDistinct: nullsNotDistinct)
        case "primary":
            advance()
            try expect(.key)
            let columns = try parseParenthesizedColIdList()
            try rejectIndexParameters()
            kind = .primaryKey(columns)
        case "foreign":
            advance()
            try expect(.key)
            let columns = try parseParenthesizedColIdList()
            kind = .foreignKey(columns: columns, try parseReferences())
        case "exclude":
            throw notSupported("EXCLUDE constraints are not supported yet")
        default:
            throw syntaxError()
        }
        try rejectConstraintAttributes()
        return TableConstraint(name: name, kind: kind, location: at)
    }
}
