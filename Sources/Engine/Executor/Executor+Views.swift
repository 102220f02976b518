// CREATE [OR REPLACE] VIEW and DROP VIEW, with PostgreSQL's checks
// (DefineView, checkViewTupleDesc) and its dependency errors: a view
// depends on the relations its query reads, and dropping one of them
// needs CASCADE, which drops the dependent views too.
import SQLParser

extension Executor {
    /// `statement` with every view it reads replaced by the view's query
    /// (PostgreSQL's rewriter), before the planner hook and the planner
    /// see it. INSERT .. VALUES, the hot path, is left alone: the FROM
    /// planner expands a view it meets there itself.
    func expandViews(_ statement: Statement) throws -> Statement {
        if catalog.views.isEmpty { return statement }
        var statement = statement
        if case .insert(let insert) = statement, let rewritten = try rewriteViewInsert(insert) {
            statement = .insert(rewritten)
        }
        if case .insert(let insert) = statement, case .values = insert.source,
            insert.with == nil
        {
            return statement
        }
        var expander = ViewExpander(
            catalog: catalog, searchPath: session.searchPathSchemas(catalog), mode: .expand)
        let result = try expander.statement(statement)
        return expander.changed ? result : statement
    }

    /// The view `name` resolves to, if it names one.
    /// A missing schema is left for the caller to report.
    func lookupView(_ name: QualifiedName) throws -> ViewDefinition? {
        let catalog = catalog
        if catalog.views.isEmpty { return nil }
        if let schema = name.schema, !catalog.schemas.contains(schema) { return nil }
        guard let (_, oid) = try lookupRelation(name) else { return nil }
        return catalog.view(oid)
    }

    /// A FROM item for the view `view`: its query as an aliased subquery.
    func viewSubquery(_ view: ViewDefinition, alias: Alias?) throws -> TableRef {
        var expander = ViewExpander(
            catalog: catalog, searchPath: session.searchPathSchemas(catalog), mode: .expand)
        return try expander.expandReference(view, alias: alias)
    }

    // MARK: CREATE VIEW

    /// CREATE [OR REPLACE] VIEW.
    func executeCreateView(_ create: CreateViewStatement) throws -> QueryResult {
        if create.isTemporary {
            throw SQLError.notSupported(
                "temporary views are not supported yet", position: position(create.name))
        }
        let schema = try viewSchema(create.name)
        let existing = try existingView(create, schema: schema)
        viewColumnUsage = []
        let columns = try viewColumns(create)
        let columnDependencies = collectColumnUsage()
        if let existing { try checkReplacement(existing, columns) }
        var binder = ViewExpander(
            catalog: catalog, searchPath: session.searchPathSchemas(catalog), mode: .bind)
        let query = try binder.query(create.query)
        let oid = existing?.oid ?? RelationID(0)
        session.updateCatalog { catalog in
            let view = ViewDefinition(
                oid: oid == 0 ? catalog.allocateOID() : oid, schema: schema,
                name: create.name.name, columns: columns, query: query,
                dependencies: binder.dependencies, selectsStar: Self.selectsStar(create.query),
                columnDependencies: columnDependencies, owningExtension: extensionScript)
            catalog.addView(view)
        }
        return QueryResult(commandTag: "CREATE VIEW")
    }

    /// The schema the view goes in; a missing one is reported without a
    /// position, as RangeVarGetCreationNamespace does.
    private func viewSchema(_ name: QualifiedName) throws -> String {
        guard let schema = name.schema else { return try session.creationSchema(catalog) }
        guard catalog.schemas.contains(schema) else {
            throw SQLError(SQLState.invalidSchemaName, "schema \"\(schema)\" does not exist")
        }
        return schema
    }

    /// The columns each table scan of the view's query read, merged per
    /// table.
    private func collectColumnUsage() -> [RelationID: Set<Int>] {
        var result: [RelationID: Set<Int>] = [:]
        for (oid, usage) in viewColumnUsage ?? [] {
            let count = catalog.table(oid)?.columns.count ?? 0
            result[oid, default: []].formUnion(usage.needed(of: count))
        }
        viewColumnUsage = nil
        return result
    }

    /// The view OR REPLACE replaces, nil for a new name; any other
    /// relation of that name is an error.
    private func existingView(_ create: CreateViewStatement, schema: String) throws
        -> ViewDefinition?
    {
        guard let oid = catalog.relation(named: create.name.name, in: schema) else { return nil }
        guard create.orReplace else {
            throw SQLError(
                SQLState.duplicateTable, "relation \"\(create.name.name)\" already exists")
        }
        guard let view = catalog.view(oid), !catalog.isIndex(create.name.name, in: schema) else {
            throw SQLError(SQLState.wrongObjectType, "\"\(create.name.name)\" is not a view")
        }
        return view
    }

    /// The new view's columns: the query's, renamed by the column list.
    private func viewColumns(_ create: CreateViewStatement) throws -> [(name: String, type: PGType)]
    {
        session.pushSnapshot()
        defer { session.popSnapshot() }
        let plan = try planQuery(create.query, outer: nil)
        guard create.columnNames.count <= plan.columns.count else {
            throw SQLError(
                SQLState.syntaxError, "CREATE VIEW specifies more column names than columns")
        }
        var columns: [(name: String, type: PGType)] = []
        var seen: Set<String> = []
        for (index, column) in plan.columns.enumerated() {
            let name = index < create.columnNames.count ? create.columnNames[index] : column.name
            guard seen.insert(name).inserted else {
                throw SQLError(
                    SQLState.duplicateColumn, "column \"\(name)\" specified more than once")
            }
            // PostgreSQL 15 stores an unknown-typed output column as text.
            let type = column.type == .unknown ? PGType.text : column.type
            columns.append((name, type))
        }
        return columns
    }

    /// True when the query's select list has a `*` or `t.*`, which
    /// PostgreSQL expands once, when the view is created.
    static func selectsStar(_ query: SelectStatement) -> Bool {
        switch query.body {
        case .select(let select):
            return select.targets.contains { target in
                if case .star = target.expr.kind { return true }
                if case .columnRef(let parts) = target.expr.kind { return parts.last == "*" }
                return false
            }
        case .values: return false
        case .setOperation(_, _, let left, let right):
            return selectsStar(left) || selectsStar(right)
        }
    }

    /// checkViewTupleDesc: OR REPLACE may only add columns at the end.
    private func checkReplacement(
        _ old: ViewDefinition, _ new: [(name: String, type: PGType)]
    ) throws {
        guard new.count >= old.columns.count else {
            throw SQLError(SQLState.invalidTableDefinition, "cannot drop columns from view")
        }
        for (before, after) in zip(old.columns, new) {
            if before.name != after.name {
                throw SQLError(
                    SQLState.invalidTableDefinition,
                    "cannot change name of view column \"\(before.name)\" to \"\(after.name)\"",
                    hint:
                        "Use ALTER VIEW ... RENAME COLUMN ... to change name of view column "
                        + "instead.")
            }
            if before.type != after.type {
                throw SQLError(
                    SQLState.invalidTableDefinition,
                    "cannot change data type of view column \"\(before.name)\" from "
                        + "\(formatType(before.type)) to \(formatType(after.type))"
                )
            }
        }
    }
}
