// A statement as PostgreSQL's ruleutils prints an analysed query, in the
// form Citus' deparser gives the queries it sends workers: relations
// schema-qualified, operators as `OPERATOR(pg_catalog.=)`, `*` expanded,
// untyped literals labelled with the type they were read as, every
// computed select-list item named with `AS`, and columns qualified when
// the query reads more than one relation. Shapes it does not know raise
// 0A000 rather than print a query PostgreSQL would print differently.
import SQLParser

/// How Citus built the query being printed.
package enum ShardQueryKind: Sendable {
    /// Planned by Citus' router planner: the query as the user wrote it.
    case router
    /// A multi-shard task built by Citus' logical planner: an empty WHERE
    /// clause printed `WHERE true`, the GROUP BY keys that ORDER BY starts
    /// with moved first (as PostgreSQL's planner reorders them) and LIMIT
    /// as the bigint constant Citus computes.
    case multiShard
    /// The rows of a multi-row INSERT that go to one shard: Citus keeps
    /// them a VALUES list, which ruleutils prints without spaces between
    /// a row's values.
    case multiRowInsert
    /// An INSERT .. SELECT pushed down to colocated shards: Citus deparses
    /// the planned query, whose constant expressions are folded
    /// (`tstzrange('..', '..', '(]')` becomes a tstzrange constant).
    case insertSelect
}

extension Session {
    /// `sql` (one statement on this node's tables) as Citus' deparser
    /// prints it: the Query line of EXPLAIN VERBOSE and the commands
    /// `citus.log_remote_commands` shows.
    /// `names` renames select-list items (Citus names a task's columns
    /// after the query's own where they compute them).
    /// `results` names the FROM items that stand for distributed
    /// subplans' results, printed as Citus' read_intermediate_result
    /// subqueries.
    package func shardQueryText(
        _ sql: String, kind: ShardQueryKind, names: [String: String] = [:],
        results: [String: IntermediateResultReference] = [:]
    ) throws -> String {
        let printer = QueryTextPrinter(
            executor: Executor(session: self, text: sql), kind: kind, names: names,
            results: results)
        return try printer.statement(try onlyStatement(sql))
    }

    /// The names of the columns the query `sql` returns.
    package func resultColumnNames(_ sql: String) throws -> [String] {
        guard case .select(let query) = try onlyStatement(sql) else { return [] }
        let plan = try Executor(session: self, text: sql).planQuery(query, outer: nil)
        return plan.columns.map(\.name)
    }

    private func onlyStatement(_ sql: String) throws -> Statement {
        var parser = Parser(sql)
        let statements: [ParsedStatement]
        do {
            statements = try parser.parseStatements()
        } catch let error as ParseError {
            throw sqlError(from: error)
        }
        guard statements.count == 1 else { throw QueryTextPrinter.unsupported() }
        return statements[0].statement
    }
}

/// A FROM item that reads a distributed subplan's result: Citus prints it
/// as a subquery over `read_intermediate_result`, e.g. for result `3_1`
/// with one integer column `a`,
/// `(SELECT intermediate_result.a FROM read_intermediate_result('3_1'::text,
/// 'binary'::citus_copy_format) intermediate_result(a integer))`.
package struct IntermediateResultReference {
    package var resultID: String
    package var columns: [ColumnDescription]

    package init(resultID: String, columns: [ColumnDescription]) {
        self.resultID = resultID
        self.columns = columns
    }

    /// The query that reads the result.
    package var selectText: String {
        let names = columns.map { quoteIdentifier($0.name) }
        let definitions = zip(names, columns).map { $0 + " " + formatType($1.type) }
        return "SELECT " + names.map { "intermediate_result." + $0 }.joined(separator: ", ")
            + " FROM read_intermediate_result(" + quoteLiteral(resultID)
            + "::text, 'binary'::citus_copy_format) intermediate_result("
            + definitions.joined(separator: ", ") + ")"
    }

    /// The FROM item's text, without the alias that follows it.
    package var subqueryText: String { "(" + selectText + ")" }
}

struct QueryTextPrinter {
    let executor: Executor
    let kind: ShardQueryKind
    var names: [String: String] = [:]
    var results: [String: IntermediateResultReference] = [:]

    /// The subplan result `name` stands for, given or sent to the session.
    private func result(_ name: QualifiedName) -> IntermediateResultReference? {
        guard name.schema == nil else { return nil }
        if let given = results[name.name] { return given }
        guard let sent = executor.session.intermediateResults[name.name],
            let id = sent.resultID
        else { return nil }
        return IntermediateResultReference(resultID: id, columns: sent.columns)
    }

    /// The schema of the function `name` outside pg_catalog: an
    /// extension's schema for its functions and aggregates, the schema of
    /// a function CREATE FUNCTION made; nil for pg_catalog's own.
    static func functionSchema(_ name: String, _ catalog: Catalog) -> String? {
        let builtins =
            builtinFunctions(named: name).map(\.extensionName)
            + builtinAggregates(named: name).map(\.extensionName)
        if !builtins.isEmpty {
            guard let owner = builtins.compactMap({ $0 }).first,
                builtins.allSatisfy({ $0 != nil }),
                let schema = catalog.extensions[owner]?.schema, schema != "pg_catalog"
            else { return nil }
            return schema
        }
        let key = catalog.functions.keys.sorted().first { $0.hasSuffix("." + name) }
        guard let key, let dot = key.firstIndex(of: ".") else { return nil }
        let schema = String(key[..<dot])
        return schema == "pg_catalog" ? nil : schema
    }

    static func unsupported() -> SQLError {
        // TODO(#3): the remaining statement shapes of Citus' deparser.
        SQLError.notSupported("deparsing this shard query is not supported yet")
    }

    func statement(_ statement: Statement) throws -> String {
        switch statement {
        case .select(let query): return try select(query, qualified: false)
        case .update(let update): return try self.update(update)
        case .delete(let delete): return try self.delete(delete)
        case .insert(let insert): return try self.insert(insert)
        default: throw Self.unsupported()
        }
    }

    // MARK: - Range

    /// The relations a FROM list reads, each with its name in the query.
    private struct Range {
        var scope = QueryScope(parent: nil, parameters: nil)
        var tables: [(refName: String, table: TableDefinition)] = []
        /// Range-table entries, counting joins (PostgreSQL qualifies the
        /// columns of a query with more than one).
        var entries = 0
    }

    private func addTable(_ name: QualifiedName, alias: String?, to range: inout Range) throws {
        let table = try executor.resolveTable(name)
        addEntry(table, refName: alias ?? table.name, schema: alias == nil, to: &range)
    }

    private func addEntry(
        _ table: TableDefinition, refName: String, schema: Bool, to range: inout Range
    ) {
        let live = table.liveColumns
        range.scope.addEntry(
            refName: refName, schema: schema ? table.schema : nil,
            columns: live.map { (table.columns[$0].name, table.columns[$0].type) },
            physical: live, table: table, rowWidth: table.columns.count, usage: ColumnUsage())
        range.tables.append((refName, table))
        range.entries += 1
    }

    private func collect(_ item: TableRef, into range: inout Range) throws {
        switch item {
        case .table(let name, let alias, only: false):
            guard alias?.columnNames.isEmpty ?? true else { throw Self.unsupported() }
            if let result = result(name) {
                let columns = result.columns.map { ColumnDefinition(name: $0.name, type: $0.type) }
                let table = TableDefinition(oid: 0, schema: "", name: name.name, columns: columns)
                addEntry(table, refName: alias?.name ?? name.name, schema: false, to: &range)
                return
            }
            try addTable(name, alias: alias?.name, to: &range)
        case .join(let join):
            guard join.alias == nil else { throw Self.unsupported() }
            try collect(join.left, into: &range)
            try collect(join.right, into: &range)
            range.entries += 1
        default:
            throw Self.unsupported()
        }
    }

    private func printer(_ range: Range) -> ExplainExprPrinter {
        var printer = ExplainExprPrinter(analyzer: executor.analyzer(range.scope), qualifier: nil)
        printer.qualifiesOperators = true
        let catalog = executor.catalog
        printer.functionSchema = { name in Self.functionSchema(name, catalog) }
        printer.foldsConstants = kind == .insertSelect
        if range.entries > 1 {
            let tables = range.tables
            printer.columnQualifier = { parts in
                if parts.count >= 2 { return parts[parts.count - 2] }
                guard let name = parts.last else { return nil }
                return tables.first { $0.table.columnIndex(name) != nil }?.refName
            }
        }
        return printer
    }

    private func relation(_ table: TableDefinition, refName: String) -> String {
        let name = quoteIdentifier(table.schema) + "." + quoteIdentifier(table.name)
        return refName == table.name ? name : name + " " + quoteIdentifier(refName)
    }

    private func fromItem(_ item: TableRef, _ range: Range, _ p: ExplainExprPrinter) throws
        -> String
    {
        switch item {
        case .table(let name, let alias, _):
            if let result = result(name) {
                return result.subqueryText + " " + quoteIdentifier(alias?.name ?? name.name)
            }
            let table = try executor.resolveTable(name)
            return relation(table, refName: alias?.name ?? table.name)
        case .join(let join):
            var text =
                "(" + (try fromItem(join.left, range, p)) + " \(join.kind.rawValue) "
                + (try fromItem(join.right, range, p))
            switch join.condition {
            case .on(let e): text += " ON (\(try p.text(e)))"
            case .none: break
            case .using, .natural: throw Self.unsupported()
            }
            return text + ")"
        default:
            throw Self.unsupported()
        }
    }

    // MARK: - SELECT

    /// `qualified` qualifies every column, as in a subquery of an INSERT.
    private func select(_ query: SelectStatement, qualified: Bool = false) throws -> String {
        guard query.with == nil, query.locking.isEmpty, !query.limitWithTies,
            case .select(let select) = query.body, select.into == nil,
            select.distinct == .none, select.having == nil, select.namedWindows.isEmpty,
            !select.from.isEmpty
        else { throw Self.unsupported() }
        var range = Range()
        for item in select.from { try collect(item, into: &range) }
        if qualified { range.entries += 1 }
        let p = printer(range)
        var text = "SELECT " + (try targetList(select, range, p))
        text += " FROM " + (try select.from.map { try fromItem($0, range, p) })
            .joined(separator: ", ")
        if let whereClause = select.whereClause {
            text += " WHERE " + (try p.text(whereClause))
        } else if kind == .multiShard {
            text += " WHERE true"
        }
        let keys = try groupKeys(select, query)
        if !keys.isEmpty {
            text += " GROUP BY " + (try keys.map { try sortGroupText($0, p) })
                .joined(separator: ", ")
        }
        if !query.orderBy.isEmpty {
            text += " ORDER BY " + (try query.orderBy.map { try sortItem($0, select, p) })
                .joined(separator: ", ")
        }
        if let limit = query.limit { text += " LIMIT " + (try count(limit, p)) }
        if let offset = query.offset { text += " OFFSET " + (try count(offset, p)) }
        return text
    }

    /// The select list: `*` expanded, and every item whose name differs
    /// from the column it reads named with AS.
    private func targetList(_ select: SimpleSelect, _ range: Range, _ p: ExplainExprPrinter)
        throws -> String
    {
        var items: [String] = []
        for target in select.targets {
            if let star = starTables(target.expr, range) {
                for (refName, table) in star {
                    for column in table.liveColumns {
                        let name = table.columns[column].name
                        items.append(try p.text(Expr(.columnRef([refName, name]))))
                    }
                }
                continue
            }
            let text = try p.text(target.expr)
            var name = target.alias ?? Self.columnName(target.expr)
            name = names[name] ?? name
            var e = target.expr
            while case .paren(let inner) = e.kind { e = inner }
            if case .columnRef(let parts) = e.kind, parts.last == name {
                items.append(text)
            } else if range.entries == 1 && name == "?column?" {
                items.append(text)
            } else {
                items.append(text + " AS " + quoteIdentifier(name))
            }
        }
        return items.joined(separator: ", ")
    }

    /// The tables `*` or `t.*` expands to; nil for other targets.
    private func starTables(_ e: Expr, _ range: Range)
        -> [(refName: String, table: TableDefinition)]?
    {
        switch e.kind {
        case .star: return range.tables
        case .columnRef(let parts) where parts.last == "*":
            guard parts.count >= 2 else { return range.tables }
            return range.tables.filter { $0.refName == parts[parts.count - 2] }
        default: return nil
        }
    }

    /// The name PostgreSQL gives a select-list item without an alias.
    static func columnName(_ e: Expr) -> String {
        switch e.kind {
        case .columnRef(let parts): return parts.last ?? "?column?"
        case .function(let call): return call.name.name
        case .paren(let inner): return columnName(inner)
        case .caseWhen: return "case"
        case .cast(let inner, let type, _):
            let name = columnName(inner)
            return name == "?column?" ? (type.names.last ?? name) : name
        default: return "?column?"
        }
    }

    /// GROUP BY as expressions; a multi-shard task has the keys ORDER BY
    /// starts with first.
    private func groupKeys(_ select: SimpleSelect, _ query: SelectStatement) throws -> [Expr] {
        var keys: [Expr] = try select.groupBy.map { element in
            guard case .expr(let e) = element else { throw Self.unsupported() }
            return select.outputExpression(e)
        }
        guard kind == .multiShard else { return keys }
        var ordered: [Expr] = []
        for item in query.orderBy {
            let e = select.outputExpression(item.expr)
            guard let index = keys.firstIndex(where: { deparse($0) == deparse(e) }) else { break }
            ordered.append(keys.remove(at: index))
        }
        return ordered + keys
    }

    /// A GROUP BY or ORDER BY key: function calls parenthesised, as
    /// ruleutils does so they cannot be read as something else.
    private func sortGroupText(_ e: Expr, _ p: ExplainExprPrinter) throws -> String {
        var inner = e
        while case .paren(let x) = inner.kind { inner = x }
        if case .function = inner.kind { return "(\(try p.text(inner)))" }
        if case .literal = inner.kind { throw Self.unsupported() }
        return try p.text(inner)
    }

    private func sortItem(_ item: SortItem, _ select: SimpleSelect, _ p: ExplainExprPrinter)
        throws -> String
    {
        guard item.usingOperator == nil else { throw Self.unsupported() }
        var text = try sortGroupText(select.outputExpression(item.expr), p)
        let descending = item.direction == .descending
        if descending { text += " DESC" }
        switch (item.nulls, descending) {
        case (.first?, false): text += " NULLS FIRST"
        case (.last?, true): text += " NULLS LAST"
        default: break
        }
        return text
    }

    /// LIMIT or OFFSET: as written for a router query, the computed bigint
    /// for a multi-shard task.
    private func count(_ e: Expr, _ p: ExplainExprPrinter) throws -> String {
        guard kind == .multiShard else { return try p.text(e) }
        let compiled = try executor.analyzer(nil).compile(e, as: .int8, what: "LIMIT")
        let value = try compiled.evaluate([], executor.makeContext())
        return ExplainExprPrinter.constant(value, type: .int8)
    }

    // MARK: - UPDATE and DELETE

    private func update(_ update: UpdateStatement) throws -> String {
        guard update.with == nil, update.from.isEmpty, update.returning.isEmpty,
            !update.only
        else { throw Self.unsupported() }
        var range = Range()
        try addTable(update.table, alias: update.alias, to: &range)
        let p = printer(range)
        let (refName, table) = range.tables[0]
        var assignments: [String] = []
        for clause in update.set {
            guard clause.subscripts.isEmpty, clause.multiAssign == nil,
                let index = table.columnIndex(clause.column)
            else { throw Self.unsupported() }
            let value = try p.assignedText(clause.value, type: table.columns[index].type)
            assignments.append(quoteIdentifier(clause.column) + " = " + value)
        }
        var text = "UPDATE " + relation(table, refName: refName) + " SET "
        text += assignments.joined(separator: ", ")
        if let whereClause = update.whereClause { text += " WHERE " + (try p.text(whereClause)) }
        return text
    }

    private func delete(_ delete: DeleteStatement) throws -> String {
        guard delete.with == nil, delete.using.isEmpty, delete.returning.isEmpty else {
            throw Self.unsupported()
        }
        var range = Range()
        try addTable(delete.table, alias: delete.alias, to: &range)
        let p = printer(range)
        let (refName, table) = range.tables[0]
        var text = "DELETE FROM " + relation(table, refName: refName)
        if let whereClause = delete.whereClause { text += " WHERE " + (try p.text(whereClause)) }
        return text
    }

    // MARK: - INSERT

    /// INSERT with its column list, its VALUES or SELECT and its ON
    /// CONFLICT clause (whose SET list ruleutils prints in column order).
    private func insert(_ insert: InsertStatement) throws -> String {
        guard insert.with == nil, insert.returning.isEmpty else { throw Self.unsupported() }
        let table = try executor.resolveTable(insert.table)
        let names =
            insert.columns.isEmpty
            ? table.liveColumns.map { table.columns[$0].name } : insert.columns
        let columns = try names.map { name -> Int in
            guard let index = table.columnIndex(name) else { throw Self.unsupported() }
            return index
        }
        var text = "INSERT INTO " + relation(table, refName: table.name)
        if let alias = insert.alias { text += " AS " + quoteIdentifier(alias) }
        text += " (" + names.map(quoteIdentifier).joined(separator: ", ") + ")"
        switch insert.source {
        case .values(let rows):
            let p = printer(Range())
            let printed = try rows.map { row -> [String] in
                guard row.count == columns.count else { throw Self.unsupported() }
                return try zip(row, columns).map { value, column in
                    try p.assignedText(value, type: table.columns[column].type)
                }
            }
            if kind == .multiRowInsert {
                text += " VALUES " + printed.map { "(" + $0.joined(separator: ",") + ")" }
                    .joined(separator: ", ")
            } else {
                guard printed.count == 1 else { throw Self.unsupported() }
                text += " VALUES (" + printed[0].joined(separator: ", ") + ")"
            }
        case .select(let query):
            text += " " + (try select(query, qualified: true))
        case .defaultValues:
            text += " DEFAULT VALUES"
        }
        if let conflict = insert.onConflict {
            text += try onConflict(conflict, table, refName: insert.alias ?? table.name)
        }
        return text
    }

    private func onConflict(_ conflict: OnConflict, _ table: TableDefinition, refName: String)
        throws -> String
    {
        var text = " ON CONFLICT"
        switch conflict.target {
        case .none: break
        case .columns(let elements, whereClause: nil):
            let names = try elements.map { e -> String in
                guard case .columnRef(let parts) = e.kind, parts.count == 1 else {
                    throw Self.unsupported()
                }
                return quoteIdentifier(parts[0])
            }
            text += "(" + names.joined(separator: ", ") + ")"
        default:
            throw Self.unsupported()
        }
        switch conflict.action {
        case .nothing:
            return text + " DO NOTHING"
        case .update(let set, let whereClause):
            var range = Range()
            addEntry(table, refName: refName, schema: false, to: &range)
            addEntry(table, refName: "excluded", schema: false, to: &range)
            let p = printer(range)
            var assignments: [(Int, String)] = []
            for clause in set {
                guard clause.subscripts.isEmpty, clause.multiAssign == nil,
                    let index = table.columnIndex(clause.column)
                else { throw Self.unsupported() }
                let value = try p.assignedText(clause.value, type: table.columns[index].type)
                assignments.append((index, quoteIdentifier(clause.column) + " = " + value))
            }
            text += " DO UPDATE SET "
                + assignments.sorted { $0.0 < $1.0 }.map(\.1).joined(separator: ", ")
            if let whereClause { text += " WHERE " + (try p.text(whereClause)) }
            return text
        }
    }
}
