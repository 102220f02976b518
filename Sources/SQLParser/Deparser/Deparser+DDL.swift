// DDL and utility statements back to SQL: CREATE TABLE with constraints
// and partitioning, CREATE EXTENSION, CREATE FUNCTION, ALTER TABLE, DROP,
// TRUNCATE, transaction control, SET and EXPLAIN.

func deparseCreateTable(_ create: CreateTableStatement) -> String {
    var text = "CREATE "
    if create.isTemporary { text += "TEMPORARY " }
    if create.isUnlogged { text += "UNLOGGED " }
    text += "TABLE " + (create.ifNotExists ? "IF NOT EXISTS " : "") + deparseName(create.name)
    if let query = create.asSelect {
        text += " AS " + deparseSelect(query)
        return text + (create.withData ? "" : " WITH NO DATA")
    }
    if let parent = create.partitionOf {
        text += " PARTITION OF " + deparseName(parent)
        if let bound = create.partitionBound { text += " " + deparsePartitionBound(bound) }
    } else {
        text += " (" + create.elements.map(deparseTableElement).joined(separator: ", ") + ")"
        if !create.inherits.isEmpty {
            text += " INHERITS (" + create.inherits.map(deparseName).joined(separator: ", ") + ")"
        }
    }
    if let spec = create.partitionBy {
        text +=
            " PARTITION BY " + spec.strategy.rawValue + " ("
            + spec.keys.map(deparsePartitionKey).joined(separator: ", ") + ")"
    }
    if let method = create.accessMethod { text += " USING " + quoteIdentifier(method) }
    return text
}

/// A partition key: a column or call as is, other expressions in
/// parentheses.
private func deparsePartitionKey(_ key: Expr) -> String {
    switch key.kind {
    case .columnRef(let parts) where parts.count == 1: return deparse(key)
    case .function: return deparse(key)
    default: return "(" + deparse(key) + ")"
    }
}

func deparsePartitionBound(_ bound: PartitionBound) -> String {
    switch bound {
    case .default:
        return "DEFAULT"
    case .list(let values):
        return "FOR VALUES IN (" + values.map(deparse).joined(separator: ", ") + ")"
    case .range(let from, let to):
        return "FOR VALUES FROM (" + from.map(deparse).joined(separator: ", ") + ") TO ("
            + to.map(deparse).joined(separator: ", ") + ")"
    case .hash(let modulus, let remainder):
        return "FOR VALUES WITH (MODULUS \(modulus), REMAINDER \(remainder))"
    }
}

private func deparseTableElement(_ element: TableElement) -> String {
    switch element {
    case .column(let column): return deparseColumnDef(column)
    case .constraint(let constraint): return deparseTableConstraint(constraint)
    case .like(let source, let options):
        return (["LIKE " + deparseName(source)] + options).joined(separator: " ")
    }
}

func deparseColumnDef(_ column: ColumnDef) -> String {
    var text = quoteIdentifier(column.name) + " " + deparseTypeName(column.type)
    for constraint in column.constraints {
        text += " "
        if let name = constraint.name { text += "CONSTRAINT " + quoteIdentifier(name) + " " }
        switch constraint.kind {
        case .notNull: text += "NOT NULL"
        case .null: text += "NULL"
        case .defaultValue(let value):
            text += "DEFAULT " + ExprDeparser.operand(value, minimum: .comparison.tighter)
        case .check(let condition, let noInherit):
            text += "CHECK (" + deparse(condition) + ")" + (noInherit ? " NO INHERIT" : "")
        case .primaryKey: text += "PRIMARY KEY"
        case .unique(let nullsNotDistinct):
            text += "UNIQUE" + (nullsNotDistinct ? " NULLS NOT DISTINCT" : "")
        case .references(let reference): text += deparseReference(reference)
        case .generated(let expr): text += "GENERATED ALWAYS AS (" + deparse(expr) + ") STORED"
        case .identity(let always, let options):
            text += "GENERATED " + (always ? "ALWAYS" : "BY DEFAULT") + " AS IDENTITY"
            if !options.isEmpty { text += " (" + deparseSequenceOptions(options).dropFirst() + ")" }
        }
    }
    return text
}

private func deparseReference(_ reference: ForeignKeyReference) -> String {
    var text = "REFERENCES " + deparseName(reference.table)
    if !reference.columns.isEmpty {
        text += " (" + reference.columns.map(quoteIdentifier).joined(separator: ", ") + ")"
    }
    if reference.onDelete != .noAction { text += " ON DELETE " + reference.onDelete.rawValue }
    if reference.onUpdate != .noAction { text += " ON UPDATE " + reference.onUpdate.rawValue }
    return text
}

func deparseTableConstraint(_ constraint: TableConstraint) -> String {
    var text = constraint.name.map { "CONSTRAINT " + quoteIdentifier($0) + " " } ?? ""
    let list = { (columns: [String]) in
        "(" + columns.map(quoteIdentifier).joined(separator: ", ") + ")"
    }
    switch constraint.kind {
    case .check(let condition, let noInherit):
        text += "CHECK (" + deparse(condition) + ")" + (noInherit ? " NO INHERIT" : "")
    case .primaryKey(let columns): text += "PRIMARY KEY " + list(columns)
    case .unique(let columns, let nullsNotDistinct):
        text += "UNIQUE " + (nullsNotDistinct ? "NULLS NOT DISTINCT " : "") + list(columns)
    case .foreignKey(let columns, let reference):
        text += "FOREIGN KEY " + list(columns) + " " + deparseReference(reference)
    }
    return text
}

func deparseCreateExtension(_ create: CreateExtensionStatement) -> String {
    var text =
        "CREATE EXTENSION " + (create.ifNotExists ? "IF NOT EXISTS " : "")
        + quoteIdentifier(create.name)
    if let schema = create.schema { text += " SCHEMA " + quoteIdentifier(schema) }
    if let version = create.version { text += " VERSION " + quoteString(version) }
    if create.cascade { text += " CASCADE" }
    return text
}

/// A parameter list entry: `[mode] [name] type [DEFAULT expr]`.
func deparseParameter(_ parameter: FunctionParameter) -> String {
    var parts: [String] = []
    if parameter.mode != .in { parts.append(parameter.mode.rawValue) }
    if let name = parameter.name { parts.append(quoteIdentifier(name)) }
    parts.append(deparseTypeName(parameter.type))
    if let value = parameter.defaultValue { parts.append("DEFAULT " + deparse(value)) }
    return parts.joined(separator: " ")
}

func deparseCreateFunction(_ create: CreateFunctionStatement) -> String {
    var text =
        "CREATE " + (create.orReplace ? "OR REPLACE " : "")
        + (create.isProcedure ? "PROCEDURE " : "FUNCTION ") + deparseName(create.name)
    text += "(" + create.parameters.map(deparseParameter).joined(separator: ", ") + ")"
    switch create.returns {
    case .none: break
    case .type(let type): text += " RETURNS " + deparseTypeName(type)
    case .table(let columns):
        text +=
            " RETURNS TABLE ("
            + columns.map {
                quoteIdentifier($0.name ?? "") + " " + deparseTypeName($0.type)
            }.joined(separator: ", ") + ")"
    }
    text += " LANGUAGE " + quoteIdentifier(create.language)
    for option in create.options { text += " " + option }
    if let symbol = create.linkSymbol {
        return text + " AS " + quoteString(create.body) + ", " + quoteString(symbol)
    }
    return text + " AS " + dollarQuote(create.body)
}

func deparseAlterTable(_ alter: AlterTableStatement) -> String {
    var text =
        "ALTER TABLE " + (alter.ifExists ? "IF EXISTS " : "") + (alter.only ? "ONLY " : "")
        + deparseName(alter.name) + " "
    text += alter.commands.map(deparseAlterCommand).joined(separator: ", ")
    return text
}

private func deparseAlterCommand(_ command: AlterTableCommand) -> String {
    func behavior(_ cascade: Bool) -> String { cascade ? " CASCADE" : "" }
    switch command {
    case .addColumn(let column, let ifNotExists):
        return "ADD COLUMN " + (ifNotExists ? "IF NOT EXISTS " : "") + deparseColumnDef(column)
    case .dropColumn(let name, let ifExists, let cascade):
        return "DROP COLUMN " + (ifExists ? "IF EXISTS " : "") + quoteIdentifier(name)
            + behavior(cascade)
    case .alterColumnType(let name, let type, let using):
        return "ALTER COLUMN " + quoteIdentifier(name) + " TYPE " + deparseTypeName(type)
            + (using.map { " USING " + deparse($0) } ?? "")
    case .setDefault(let name, let value):
        guard let value else { return "ALTER COLUMN " + quoteIdentifier(name) + " DROP DEFAULT" }
        return "ALTER COLUMN " + quoteIdentifier(name) + " SET DEFAULT " + deparse(value)
    case .addIdentity(let name, let always, let options):
        let kind = always ? "ALWAYS" : "BY DEFAULT"
        let list = options.isEmpty ? "" : " (" + deparseSequenceOptions(options).dropFirst() + ")"
        return "ALTER COLUMN " + quoteIdentifier(name) + " ADD GENERATED " + kind + " AS IDENTITY"
            + list
    case .setIdentity(let name, let always, let options):
        var text = "ALTER COLUMN " + quoteIdentifier(name)
        if let always { text += " SET GENERATED " + (always ? "ALWAYS" : "BY DEFAULT") }
        for option in options {
            let one = deparseSequenceOptions([option])
            text += option.isRestart ? one : " SET" + one
        }
        return text
    case .dropIdentity(let name, let ifExists):
        return "ALTER COLUMN " + quoteIdentifier(name) + " DROP IDENTITY"
            + (ifExists ? " IF EXISTS" : "")
    case .setNotNull(let name): return "ALTER COLUMN " + quoteIdentifier(name) + " SET NOT NULL"
    case .dropNotNull(let name): return "ALTER COLUMN " + quoteIdentifier(name) + " DROP NOT NULL"
    case .addConstraint(let constraint): return "ADD " + deparseTableConstraint(constraint)
    case .dropConstraint(let name, let ifExists, let cascade):
        return "DROP CONSTRAINT " + (ifExists ? "IF EXISTS " : "") + quoteIdentifier(name)
            + behavior(cascade)
    case .renameColumn(let old, let new):
        return "RENAME COLUMN " + quoteIdentifier(old) + " TO " + quoteIdentifier(new)
    case .renameTable(let new): return "RENAME TO " + quoteIdentifier(new)
    case .renameConstraint(let old, let new):
        return "RENAME CONSTRAINT " + quoteIdentifier(old) + " TO " + quoteIdentifier(new)
    case .attachPartition(let name, let bound):
        return "ATTACH PARTITION " + deparseName(name) + " " + deparsePartitionBound(bound)
    case .detachPartition(let name, let concurrently):
        return "DETACH PARTITION " + deparseName(name) + (concurrently ? " CONCURRENTLY" : "")
    case .setSchema(let schema): return "SET SCHEMA " + quoteIdentifier(schema)
    case .ownerTo(let role): return "OWNER TO " + quoteIdentifier(role)
    }
}

func deparseDrop(_ drop: DropStatement) -> String {
    var text =
        "DROP " + drop.kind.rawValue + (drop.concurrently ? " CONCURRENTLY" : "")
        + (drop.ifExists ? " IF EXISTS " : " ")
    text += drop.names.enumerated().map { offset, name in
        var item = deparseName(name)
        if offset < drop.functionArguments.count, let arguments = drop.functionArguments[offset] {
            item += "(" + arguments.map(deparseParameter).joined(separator: ", ") + ")"
        }
        return item
    }.joined(separator: ", ")
    return text + (drop.cascade ? " CASCADE" : "")
}

/// `COMMENT ON kind name IS 'text' | NULL`.
func deparseComment(_ comment: CommentStatement) -> String {
    var text = "COMMENT ON "
    switch comment.target {
    case .object(let kind, let name):
        text += kind.rawValue + " " + deparseName(name)
    case .column(let name):
        text += "COLUMN " + deparseName(name)
    case .routine(let kind, let name, let arguments):
        text += kind.rawValue + " " + deparseName(name)
        if let arguments {
            text += "(" + arguments.map(deparseParameter).joined(separator: ", ") + ")"
        }
    case .constraint(let name, let table):
        text += "CONSTRAINT " + quoteIdentifier(name) + " ON " + deparseName(table)
    case .database(let name):
        text += "DATABASE " + quoteIdentifier(name)
    }
    return text + " IS " + (comment.text.map(quoteString) ?? "NULL")
}

/// CREATE INDEX with every clause that was written.
public func deparseCreateIndex(_ create: CreateIndexStatement) -> String {
    var text = "CREATE " + (create.isUnique ? "UNIQUE " : "") + "INDEX "
    if create.concurrently { text += "CONCURRENTLY " }
    if create.ifNotExists { text += "IF NOT EXISTS " }
    if let name = create.name { text += quoteIdentifier(name) + " " }
    text += "ON " + (create.only ? "ONLY " : "") + deparseName(create.table)
    if let method = create.method { text += " USING " + quoteIdentifier(method) }
    let elements = create.elements.map { element in
        var item = element.column.map(quoteIdentifier) ?? ""
        if let expr = element.expr {
            if case .function = expr.kind {
                item = deparse(expr)
            } else {
                item = "(" + deparse(expr) + ")"
            }
        }
        switch element.direction {
        case .ascending?: item += " ASC"
        case .descending?: item += " DESC"
        case nil: break
        }
        switch element.nulls {
        case .first?: item += " NULLS FIRST"
        case .last?: item += " NULLS LAST"
        case nil: break
        }
        return item
    }
    text += " (" + elements.joined(separator: ", ") + ")"
    if !create.include.isEmpty {
        text += " INCLUDE (" + create.include.map(quoteIdentifier).joined(separator: ", ") + ")"
    }
    if create.nullsNotDistinct { text += " NULLS NOT DISTINCT" }
    if let predicate = create.whereClause { text += " WHERE " + deparse(predicate) }
    return text
}

func deparseCreateView(_ create: CreateViewStatement) -> String {
    var text = "CREATE " + (create.orReplace ? "OR REPLACE " : "")
    text += (create.isTemporary ? "TEMPORARY " : "") + "VIEW " + deparseName(create.name)
    if !create.columnNames.isEmpty {
        text += " (" + create.columnNames.map(quoteIdentifier).joined(separator: ", ") + ")"
    }
    return text + " AS " + deparseSelect(create.query)
}

func deparseTruncate(_ truncate: TruncateStatement) -> String {
    "TRUNCATE " + truncate.tables.map(deparseName).joined(separator: ", ")
        + (truncate.restartIdentity ? " RESTART IDENTITY" : "")
        + (truncate.cascade ? " CASCADE" : "")
}

func deparseTransaction(_ transaction: TransactionStatement) -> String {
    switch transaction {
    case .begin(let modes):
        return (["BEGIN"] + [modes.joined(separator: ", ")].filter { !$0.isEmpty }).joined(
            separator: " ")
    case .commit(let chain): return chain ? "COMMIT AND CHAIN" : "COMMIT"
    case .rollback(let chain): return chain ? "ROLLBACK AND CHAIN" : "ROLLBACK"
    case .savepoint(let name): return "SAVEPOINT " + quoteIdentifier(name)
    case .release(let name): return "RELEASE SAVEPOINT " + quoteIdentifier(name)
    case .rollbackTo(let name): return "ROLLBACK TO SAVEPOINT " + quoteIdentifier(name)
    }
}

func deparseSet(_ set: SetStatement) -> String {
    let prefix = "SET " + (set.isLocal ? "LOCAL " : "") + deparseVariableName(set.name)
    switch set.value {
    case .default: return prefix + " TO DEFAULT"
    case .values(let values):
        return prefix + " TO " + values.map(deparseSetValue).joined(separator: ", ")
    }
}

/// A SET value: names stand bare (quoted when needed), constants as is.
private func deparseSetValue(_ value: Expr) -> String {
    if case .columnRef(let parts) = value.kind, parts.count == 1, let name = parts.first {
        if name == "on" || name == "true" || name == "false" { return name }
        return quoteIdentifier(name)
    }
    return deparse(value)
}

func deparseExplain(_ explain: ExplainStatement) -> String {
    var text = "EXPLAIN "
    if !explain.optionList.isEmpty {
        text +=
            "("
            + explain.optionList.map { option in
                quoteIdentifier(option.name) + (option.value.map { " " + quoteString($0) } ?? "")
            }.joined(separator: ", ") + ") "
    }
    return text + deparse(explain.statement)
}

/// CREATE / ALTER SEQUENCE's options, each after a space.
func deparseSequenceOptions(_ options: [SequenceOption]) -> String {
    options.map { option -> String in
        switch option {
        case .asType(let type): return " AS " + deparseTypeName(type)
        case .increment(let n): return " INCREMENT BY \(n)"
        case .minValue(let n): return n.map { " MINVALUE \($0)" } ?? " NO MINVALUE"
        case .maxValue(let n): return n.map { " MAXVALUE \($0)" } ?? " NO MAXVALUE"
        case .start(let n): return " START WITH \(n)"
        case .restart(let n): return n.map { " RESTART WITH \($0)" } ?? " RESTART"
        case .cache(let n): return " CACHE \(n)"
        case .cycle(let on): return on ? " CYCLE" : " NO CYCLE"
        case .ownedBy(let owner): return " OWNED BY " + (owner.map(deparseName) ?? "NONE")
        }
    }.joined()
}

// MARK: - COPY

/// COPY with its options in the generic `WITH (...)` form.
func deparseCopy(_ copy: CopyStatement) -> String {
    var text = "COPY "
    switch copy.source {
    case .table(let name, let columns):
        text += deparseName(name)
        if !columns.isEmpty {
            text += " (" + columns.map(quoteIdentifier).joined(separator: ", ") + ")"
        }
    case .query(let query):
        text += "(" + deparseSelect(query) + ")"
    }
    text += copy.isFrom ? " FROM " : " TO "
    switch copy.endpoint {
    case .client: text += copy.isFrom ? "STDIN" : "STDOUT"
    case .file(let path): text += quoteString(path)
    case .program(let command): text += "PROGRAM " + quoteString(command)
    }
    if !copy.options.isEmpty {
        let options = copy.options.map { option -> String in
            var item = quoteIdentifier(option.name)
            switch option.value {
            case .text(let value)?: item += " " + quoteString(value)
            case .list(let names)?:
                item += " (" + names.map(quoteIdentifier).joined(separator: ", ") + ")"
            case .star?: item += " *"
            case nil: break
            }
            return item
        }
        text += " WITH (" + options.joined(separator: ", ") + ")"
    }
    if let whereClause = copy.whereClause { text += " WHERE " + deparse(whereClause) }
    return text
}
