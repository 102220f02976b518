// The catalog functions client tools call on the system catalogs
// (ruleutils.c, namespace.c, format_type.c, misc.c): visibility by the
// search path, type names, expression and definition text, owners,
// descriptions. They read the catalog of the statement's session.

/// The session a catalog function reads, nil outside one.
private func catalogSession(_ ctx: EvaluationContext) -> Session? {
    ctx as? Session
}

/// An OID argument.
private func oidArgument(_ v: Value) -> RelationID? {
    if case .int4(let oid) = v { return oid }
    if case .int8(let oid) = v { return RelationID(truncatingIfNeeded: oid) }
    return nil
}

/// A catalog function of the given arguments.
private func catalogFunction(
    _ name: String, _ args: [PGType], _ result: PGType, strict: Bool = true,
    _ body: @escaping (Session, [Value]) throws -> Value
) -> BuiltinFunction {
    BuiltinFunction(name, args, returns: result, strict: strict, volatility: .stable) {
        ctx, values, _ in
        guard let session = catalogSession(ctx) else { return .null }
        return try body(session, values)
    }
}

/// True when the first schema of the search path holding a relation
/// named like `oid` is its schema (pg_table_is_visible).
private func relationIsVisible(_ session: Session, _ oid: RelationID) -> Value {
    let catalog = session.catalog
    guard let (schema, name) = catalog.relationIdentity(oid) else { return .null }
    let found = session.searchPathSchemas(catalog).first {
        catalog.relation(named: name, in: $0) != nil
    }
    return .bool(found == schema)
}

/// pg_get_indexdef's text of one column (1-based) of an index, or of the
/// whole index for column 0; `pretty` names the table without its schema
/// when the search path finds it.
private func indexDefinition(
    _ session: Session, _ oid: RelationID, column: Int, pretty: Bool = false
) -> Value {
    let catalog = session.catalog
    guard let e = catalog.indexEntry(oid) else { return .null }
    let summary: IndexSummary?
    if let c = e.constraint {
        summary = session.indexSummary(c, of: e.table, catalog: catalog)
    } else if let index = e.index {
        summary = session.indexSummary(
            index, of: e.table, catalog: catalog, path: session.searchPathSchemas(catalog),
            pretty: pretty)
    } else {
        summary = nil
    }
    guard let summary else { return .null }
    if column == 0 {
        let table = e.table
        guard pretty, relationIsVisible(session, table.oid) == .bool(true) else {
            return .text(summary.definition)
        }
        let qualified = ruleQuoteIdentifier(table.schema) + "." + ruleQuoteIdentifier(table.name)
        let bare = ruleQuoteIdentifier(table.name)
        var text = summary.definition
        for prefix in [" ON ONLY ", " ON "] {
            if let range = text.range(of: prefix + qualified + " ") {
                text.replaceSubrange(range, with: prefix + bare + " ")
                break
            }
        }
        return .text(text)
    }
    guard column > 0, column <= summary.columns.count else { return .text("") }
    return .text(summary.columns[column - 1].definition)
}

/// pg_get_constraintdef: `PRIMARY KEY (id)`, `UNIQUE (a, b)`,
/// `CHECK (expr)`.
private func constraintDefinition(
    _ session: Session, _ oid: RelationID, pretty: Bool = false
) -> Value {
    let catalog = session.catalog
    guard let (c, table) = catalog.constraint(withOID: oid) else { return .null }
    func columns(_ keys: [Int]) -> String {
        keys.map { ruleQuoteIdentifier(table.columns[$0].name) }.joined(separator: ", ")
    }
    switch c.kind {
    case .primaryKey(let keys): return .text("PRIMARY KEY (\(columns(keys)))")
    case .unique(let keys, let nnd):
        return .text("UNIQUE " + (nnd ? "NULLS NOT DISTINCT " : "") + "(\(columns(keys)))")
    case .check(let e):
        let rows = CatalogRows(session: session)
        return .text(rows.deparser(table).checkText(e, pretty: pretty))
    case .foreignKey(let fk):
        let path = session.searchPathSchemas(catalog)
        return .text(catalog.foreignKeyText(fk, of: table, path: path))
    }
}

/// pg_get_viewdef: the query of the view `oid` as ruleutils prints it;
/// NULL for any other relation. `wrap` is the wrap column of the select
/// and FROM lists (0: an item a line).
private func viewDefinition(
    _ session: Session, _ oid: RelationID, pretty: Bool, wrap: Int = 0
) throws -> Value {
    let catalog = session.catalog
    guard let view = catalog.view(oid), !view.isCatalogTable else { return .null }
    return .text(
        try ViewDeparser.definition(
            of: view, catalog: catalog, searchPath: session.searchPathSchemas(catalog),
            pretty: pretty, wrapColumn: wrap))
}

/// pg_relation_is_updatable: the writes a relation takes, as bits
/// 1 << CMD_INSERT (8), 1 << CMD_UPDATE (4) and 1 << CMD_DELETE (16). A
/// view takes them when it is automatically updatable, INSERT and UPDATE
/// only when one of its columns is a column of its base relation, and
/// only the writes a base view takes in turn.
func relationUpdatableEvents(_ catalog: Catalog, _ oid: RelationID, depth: Int = 0) -> Int32 {
    if catalog.table(oid) != nil { return 28 }
    guard depth < 100, let view = catalog.view(oid), !view.isSystem,
        Executor.notUpdatableReason(view.query) == nil,
        case .select(let select) = view.query.body,
        case .table(let name, _, _) = select.from.first,
        let schema = name.schema, let base = catalog.relation(named: name.name, in: schema)
    else { return 0 }
    let hasBaseColumn = select.targets.contains { target in
        switch target.expr.kind {
        case .star, .columnRef: return true
        default: return false
        }
    }
    let events: Int32 = hasBaseColumn ? 28 : 16
    return events & relationUpdatableEvents(catalog, base, depth: depth + 1)
}

/// obj_description(oid, catalog): the comment on an object.
private func description(
    _ session: Session, _ oid: RelationID, classOID: RelationID, subID: Int32 = 0
) -> Value {
    let catalog = session.catalog
    let key = CommentKey(objectOID: oid, classOID: classOID, subID: subID)
    if let text = catalog.comments[key] { return .text(text) }
    if classOID == SystemTables.extensionRelation, subID == 0,
        let e = catalog.extensions.values.first(where: { $0.oid == oid })
    {
        return .text(e.comment)
    }
    return .null
}

/// The OID of the catalog named `name` (`pg_class`), as regclass reads it.
private func catalogOID(_ session: Session, _ name: String) -> RelationID? {
    try? session.regclassOID(name, catalog: session.catalog)
}

let catalogFunctions: [BuiltinFunction] = [
    catalogFunction("pg_table_is_visible", [.oid], .bool) { s, a in
        oidArgument(a[0]).map { relationIsVisible(s, $0) } ?? .null
    },
    catalogFunction("pg_type_is_visible", [.oid], .bool) { _, a in
        oidArgument(a[0]).map { .bool(TypeCatalog.info($0) != nil) } ?? .null
    },
    catalogFunction("pg_function_is_visible", [.oid], .bool) { s, a in
        guard let oid = oidArgument(a[0]), let f = s.catalog.function(withOID: oid) else {
            return .null
        }
        return .bool(Session.functionIsVisible(f, catalog: s.catalog, session: s))
    },
    catalogFunction("format_type", [.oid, .int4], .text, strict: false) { _, a in
        guard let oid = oidArgument(a[0]) else { return .null }
        if oid == 0 { return .text("-") }
        guard TypeCatalog.info(oid) != nil else { return .text("???") }
        var typmod: Int32 = -1
        if case .int4(let m) = a[1] { typmod = m }
        return .text(formatType(PGType(oid: oid, typmod: typmod)))
    },
    catalogFunction("pg_get_expr", [.text, .oid], .text) { _, a in a[0] },
    catalogFunction("pg_get_expr", [.text, .oid, .bool], .text) { _, a in a[0] },
    catalogFunction("pg_get_indexdef", [.oid], .text) { s, a in
        oidArgument(a[0]).map { indexDefinition(s, $0, column: 0) } ?? .null
    },
    catalogFunction("pg_get_indexdef", [.oid, .int4, .bool], .text) { s, a in
        guard let oid = oidArgument(a[0]), case .int4(let column) = a[1] else { return .null }
        return indexDefinition(s, oid, column: Int(column), pretty: a[2] == .bool(true))
    },
    catalogFunction("pg_get_constraintdef", [.oid], .text) { s, a in
        oidArgument(a[0]).map { constraintDefinition(s, $0) } ?? .null
    },
    catalogFunction("pg_get_constraintdef", [.oid, .bool], .text) { s, a in
        oidArgument(a[0]).map { constraintDefinition(s, $0, pretty: a[1] == .bool(true)) }
            ?? .null
    },
    catalogFunction("pg_get_viewdef", [.oid], .text) { s, a in
        try oidArgument(a[0]).map { try viewDefinition(s, $0, pretty: false) } ?? .null
    },
    catalogFunction("pg_get_viewdef", [.oid, .bool], .text) { s, a in
        try oidArgument(a[0]).map { try viewDefinition(s, $0, pretty: a[1] == .bool(true)) }
            ?? .null
    },
    catalogFunction("pg_get_viewdef", [.oid, .int4], .text) { s, a in
        guard let oid = oidArgument(a[0]), case .int4(let wrap) = a[1] else { return .null }
        return try viewDefinition(s, oid, pretty: true, wrap: Int(wrap))
    },
    catalogFunction("pg_get_viewdef", [.text], .text) { s, a in
        guard case .text(let name) = a[0] else { return .null }
        return try viewDefinition(s, s.regclassOID(name, catalog: s.catalog), pretty: false)
    },
    catalogFunction("pg_get_viewdef", [.text, .bool], .text) { s, a in
        guard case .text(let name) = a[0] else { return .null }
        let oid = try s.regclassOID(name, catalog: s.catalog)
        return try viewDefinition(s, oid, pretty: a[1] == .bool(true))
    },
    catalogFunction("pg_relation_is_updatable", [.regclass, .bool], .int4) { s, a in
        oidArgument(a[0]).map { .int4(relationUpdatableEvents(s.catalog, $0)) } ?? .null
    },
    catalogFunction("pg_get_userbyid", [.oid], .name) { _, a in
        guard let oid = oidArgument(a[0]) else { return .null }
        return .text(CatalogRows.roleName(oid) ?? "unknown (OID=\(oid))")
    },
    catalogFunction("obj_description", [.oid, .name], .text) { s, a in
        guard let oid = oidArgument(a[0]), case .text(let name) = a[1],
            let classOID = catalogOID(s, "pg_catalog." + name)
        else { return .null }
        return description(s, oid, classOID: classOID)
    },
    catalogFunction("obj_description", [.oid], .text) { s, a in
        guard let oid = oidArgument(a[0]) else { return .null }
        let catalog = s.catalog
        let first = catalog.comments.keys.filter { $0.objectOID == oid && $0.subID == 0 }
            .min { $0.classOID < $1.classOID }
        return first.flatMap { catalog.comments[$0] }.map { .text($0) } ?? .null
    },
    catalogFunction("col_description", [.oid, .int4], .text) { s, a in
        guard let oid = oidArgument(a[0]), case .int4(let column) = a[1] else { return .null }
        return description(s, oid, classOID: SystemCatalogs.classRelation, subID: column)
    },
    catalogFunction("shobj_description", [.oid, .name], .text) { _, _ in
        // No shared object (database, role, tablespace) has a comment.
        // TODO(#6): COMMENT ON DATABASE, ROLE and TABLESPACE.
        .null
    },
    catalogFunction("pg_get_function_result", [.oid], .text) { s, a in
        guard let oid = oidArgument(a[0]), let f = s.catalog.function(withOID: oid) else {
            return .null
        }
        return f.isProcedure ? .null : .text(Session.resultText(f))
    },
    catalogFunction("pg_get_function_arguments", [.oid], .text) { s, a in
        guard let oid = oidArgument(a[0]), let f = s.catalog.function(withOID: oid) else {
            return .null
        }
        let path = s.searchPathSchemas(s.catalog)
        return .text(Session.argumentsText(f, catalog: s.catalog, path: path))
    },
    catalogFunction("pg_encoding_to_char", [.int4], .name) { _, a in
        guard case .int4(let code) = a[0] else { return .null }
        return .text(code == 6 ? "UTF8" : code == 0 ? "SQL_ASCII" : "")
    },
    catalogFunction("pg_relation_is_publishable", [.regclass], .bool) { s, a in
        guard let oid = oidArgument(a[0]) else { return .null }
        let catalog = s.catalog
        guard let table = catalog.table(oid) else { return .bool(false) }
        return .bool(table.schema != "pg_catalog" && table.schema != "information_schema")
    },
    // pg_trigger has no rows (see SystemCatalogs), so no OID names a trigger.
    catalogFunction("pg_get_triggerdef", [.oid], .text) { _, _ in .null },
    catalogFunction("pg_get_triggerdef", [.oid, .bool], .text) { _, _ in .null },
    catalogFunction("pg_get_partkeydef", [.oid], .text) { s, a in
        guard let oid = oidArgument(a[0]), let table = s.catalog.table(oid),
            let key = table.partitionKey
        else { return .null }
        let names = key.columns.map { ruleQuoteIdentifier(table.columns[$0].name) }
        return .text(key.strategy.rawValue + " (" + names.joined(separator: ", ") + ")")
    },
    catalogFunction("pg_get_partition_constraintdef", [.oid], .text) { s, a in
        guard let oid = oidArgument(a[0]), let table = s.catalog.table(oid) else { return .null }
        return try s.partitionConstraintText(table, catalog: s.catalog).map { .text($0) } ?? .null
    },
    catalogFunction("pg_get_function_sqlbody", [.oid], .text) { _, _ in
        // Only BEGIN ATOMIC bodies are kept as parsed SQL; the engine's
        // functions have string bodies, for which PostgreSQL returns NULL.
        .null
    },
    catalogFunction("pg_get_statisticsobjdef_columns", [.oid], .text) { _, _ in
        // No extended statistics object exists to describe.
        // TODO(#6): CREATE STATISTICS.
        .null
    },
]
