// The system catalogs client tools read (pg_class, pg_attribute, pg_index,
// ...) and the system views over them (pg_tables, information_schema.*),
// computed from the engine's catalog each time a statement scans them, so
// they never go stale: each is a view over a set-returning C function of
// the built-in library "pg_catalog_rows", whose rows come from the
// catalog the scanning statement sees (its transaction's, with the
// relations the distribution layer hides left out). OIDs agree across
// them: pg_class.oid is the table's OID, regclass's and pg_attribute's
// attrelid; the catalogs keep PostgreSQL's own OIDs (pg_class 1259).
import SQLParser

/// Installs the computed system catalogs and produces their rows.
enum SystemCatalogs {
    /// pg_class's OID, the classoid of a relation's descriptions.
    static let classRelation: RelationID = 1259
    /// pg_namespace's OID.
    static let namespaceRelation: RelationID = 2615

    /// The library whose set-returning functions produce the rows.
    static let libraryName = "pg_catalog_rows"

    /// The catalogs PostgreSQL keeps as tables (relkind 'r'); the others
    /// of `columnSpecs` are views there too.
    static let tableNames: Set<String> = [
        "pg_class", "pg_namespace", "pg_attribute", "pg_type", "pg_proc", "pg_index",
        "pg_inherits", "pg_constraint", "pg_description", "pg_attrdef", "pg_am",
        "pg_database", "pg_authid", "pg_auth_members", "pg_collation", "pg_tablespace",
        "pg_policy", "pg_statistic_ext", "pg_publication", "pg_publication_namespace",
        "pg_publication_rel", "pg_sequence", "pg_partitioned_table", "pg_language",
        "pg_depend", "pg_trigger",
    ]

    /// The row function's name for the relation `schema.name`.
    static func functionName(_ qualified: String) -> String {
        "catalog_rows_" + qualified.replacingAll(".", with: "_")
    }

    /// Resolves a spec's type name (`oid`, `_text`, `name`).
    private static func type(_ name: String) -> PGType {
        guard let info = TypeCatalog.info(named: name) else { return .text }
        return PGType(oid: info.oid)
    }

    /// The columns of `spec`.
    static func columns(_ spec: [String]) -> [(name: String, type: PGType)] {
        spec.joined().split(separator: ",").map { pair in
            let parts = pair.split(separator: " ")
            return (String(parts[0]), type(String(parts[1])))
        }
    }

    /// Adds every computed catalog and its row function to `catalog`.
    static func install(into catalog: inout Catalog) {
        installPartitionAncestors(into: &catalog)
        // The schemas' descriptions initdb gives them.
        let schemaComments: [(RelationID, String)] = [
            (99, "reserved schema for TOAST tables"), (11, "system catalog schema"),
            (2200, "standard public schema"),
        ]
        for (oid, text) in schemaComments {
            catalog.comments[CommentKey(objectOID: oid, classOID: namespaceRelation)] = text
        }
        for spec in columnSpecs {
            let parts = spec.name.split(separator: ".").map(String.init)
            let columns = columns(spec.columns)
            var function = UserFunctionDefinition(
                schema: "pg_catalog", name: functionName(spec.name), parameters: [],
                parameterTypes: [], returnType: .record, returnsSet: true,
                resultColumns: columns, language: "c", body: spec.name,
                volatility: .stable)
            function.library = libraryName
            catalog.functions["pg_catalog.\(function.name)"] = [function]
            let names = columns.map { ruleQuoteIdentifier($0.name) }.joined(separator: ", ")
            let sql = "SELECT \(names) FROM pg_catalog.\(function.name)() s"
            var parser = Parser(sql)
            guard case .select(let query)? = try? parser.parseStatements().first?.statement
            else { continue }
            var view = ViewDefinition(
                oid: spec.oid, schema: parts[0], name: parts[1], columns: columns, query: query,
                dependencies: [], isSystem: true)
            view.isCatalogTable = tableNames.contains(parts[1])
            catalog.addView(view)
        }
    }

    /// pg_partition_ancestors(regclass): the relation and the tables above
    /// it, nearest first.
    static func installPartitionAncestors(into catalog: inout Catalog) {
        var function = UserFunctionDefinition(
            schema: "pg_catalog", name: "pg_partition_ancestors",
            parameters: [FunctionParameter(name: "partitionid", type: TypeName(["regclass"]))],
            parameterTypes: [.regclass], returnType: .regclass, returnsSet: true,
            resultColumns: [("relid", .regclass)], language: "c",
            body: "pg_partition_ancestors", isStrict: true, volatility: .volatile)
        function.library = libraryName
        catalog.functions["pg_catalog.pg_partition_ancestors"] = [function]
    }

    /// True for the functions behind the computed catalogs, which
    /// pg_proc does not list.
    static func isRowFunction(_ f: UserFunctionDefinition) -> Bool {
        f.library == libraryName
    }
}

/// The row functions of the computed catalogs, as a native library.
final class CatalogRowsLibrary: NativeLibrary {
    func function(_ symbol: String) -> NativeFunction? { nil }

    func setFunction(_ symbol: String) -> NativeSetFunction? {
        if symbol == "pg_partition_ancestors" { return Self.partitionAncestors }
        guard let produce = CatalogRows.producers[symbol] else { return nil }
        return { call in
            let rows = CatalogRows(session: call.session)
            let columns = call.function.resultColumns
            return produce(rows).map { values in
                columns.map { values[$0.name] ?? .null }
            }
        }
    }
}

extension CatalogRowsLibrary {
    /// pg_partition_ancestors: `oid` and its parents up the tree.
    static func partitionAncestors(_ call: NativeCall) throws -> [Row] {
        guard case .int4(let oid)? = call.arguments.first else { return [] }
        let catalog = call.session.catalog
        var rows: [Row] = []
        var current = catalog.table(oid)
        while let table = current {
            rows.append([.int4(table.oid)])
            current = table.parent.flatMap { catalog.table($0) }
        }
        return rows
    }
}

/// What one scan of a computed catalog sees: the session's catalog and
/// search path, and the tables it may see.
struct CatalogRows {
    let session: Session
    let catalog: Catalog
    let path: [String]
    /// The tables, but those the distribution layer hides from this
    /// session (shards on the coordinator), by OID.
    let tables: [TableDefinition]

    init(session: Session) {
        self.session = session
        catalog = session.catalog
        path = session.searchPathSchemas(catalog)
        let hidden = session.engine.hiddenRelationHook
        tables = catalog.tables.values.filter { hidden?($0, session) != true }
            .sorted { $0.oid < $1.oid }
    }

    /// One row as column name to value; absent columns are NULL.
    typealias Values = [String: Value]

    /// The producer of each relation's rows, by qualified name.
    static let producers: [String: (CatalogRows) -> [Values]] = [
        "pg_catalog.pg_class": { $0.classRows() },
        "pg_catalog.pg_namespace": { $0.namespaceRows() },
        "pg_catalog.pg_attribute": { $0.attributeRows() },
        "pg_catalog.pg_type": { $0.typeRows() },
        "pg_catalog.pg_proc": { $0.procRows() },
        "pg_catalog.pg_index": { $0.indexRows() },
        "pg_catalog.pg_inherits": { $0.inheritsRows() },
        "pg_catalog.pg_constraint": { $0.constraintRows() },
        "pg_catalog.pg_description": { $0.descriptionRows() },
        "pg_catalog.pg_attrdef": { $0.attrdefRows() },
        "pg_catalog.pg_am": { _ in CatalogRows.accessMethodRows },
        "pg_catalog.pg_database": { $0.databaseRows() },
        "pg_catalog.pg_authid": { $0.authidRows() },
        "pg_catalog.pg_roles": { $0.rolesRows() },
        "pg_catalog.pg_user": { $0.userRows() },
        "pg_catalog.pg_auth_members": { _ in [] },
        "pg_catalog.pg_collation": { _ in CatalogRows.collationRows },
        "pg_catalog.pg_tablespace": { _ in CatalogRows.tablespaceRows },
        "pg_catalog.pg_policy": { _ in [] },
        "pg_catalog.pg_statistic_ext": { _ in [] },
        "pg_catalog.pg_publication": { _ in [] },
        "pg_catalog.pg_publication_namespace": { _ in [] },
        "pg_catalog.pg_publication_rel": { _ in [] },
        "pg_catalog.pg_sequence": { $0.sequenceRows() },
        "pg_catalog.pg_partitioned_table": { $0.partitionedTableRows() },
        "pg_catalog.pg_settings": { $0.settingsRows() },
        "pg_catalog.pg_language": { _ in CatalogRows.languageRows },
        "pg_catalog.pg_depend": { $0.dependRows() },
        // TODO(#6): the internal triggers of foreign keys (RI_ConstraintTrigger_*).
        "pg_catalog.pg_trigger": { _ in [] },
        "pg_catalog.pg_tables": { $0.tablesViewRows() },
        "pg_catalog.pg_indexes": { $0.indexesViewRows() },
        "pg_catalog.pg_sequences": { $0.sequencesViewRows() },
        "information_schema.tables": { $0.infoTables() },
        "information_schema.columns": { $0.infoColumns() },
        "information_schema.schemata": { $0.infoSchemata() },
        "information_schema.routines": { $0.infoRoutines() },
        "information_schema.table_constraints": { $0.infoTableConstraints() },
        "information_schema.key_column_usage": { $0.infoKeyColumnUsage() },
    ]
}
