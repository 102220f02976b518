// Read-only views of the catalog for psql's describe commands (`\d`,
// `\dt`, `\di`, `\d NAME`, `\df`, `\dn`). psql reads pg_class,
// pg_attribute, pg_constraint, pg_index, pg_proc and pg_namespace and asks
// the server's catalog functions (format_type, pg_get_expr,
// pg_get_constraintdef, pg_get_indexdef, pg_get_partkeydef,
// pg_get_function_arguments, pg_get_function_result) for their text; these
// summaries carry exactly those fields, and the CLI lays them out.
import SQLParser

/// The role owning every object: the simulator has no other roles.
private let bootstrapOwner = "postgres"

/// One pg_class entry as psql's relation lists show it.
package struct RelationSummary {
    /// pg_class.relkind, as far as the simulator has relations.
    package enum Kind {
        case table, partitionedTable, index, partitionedIndex, view, sequence
    }
    package var schema: String
    package var name: String
    package var kind: Kind
    package var owner: String
    /// For an index, the table it belongs to.
    package var table: String?
    /// pg_table_is_visible: found by its bare name through the search path.
    package var isVisible: Bool
}

/// One column as `\d NAME` shows it.
package struct ColumnSummary {
    package var name: String
    /// format_type(atttypid, atttypmod).
    package var type: String
    package var notNull: Bool
    /// pg_get_expr(adbin, adrelid, true), nil without a default.
    package var defaultText: String?
    /// attstorage as `\d+` spells it: plain, main, extended.
    package var storage = ""
    /// col_description, for `\d+`.
    package var description: String?
}

/// `\d+`'s Storage column for a type's attstorage.
func storageName(_ type: PGType) -> String {
    switch TypeTraits(type).storage {
    case "p": return "plain"
    case "m": return "main"
    case "e": return "external"
    default: return "extended"
    }
}

/// An index: a key constraint's or one made by CREATE INDEX.
package struct IndexSummary {
    package var schema: String
    package var name: String
    package var isPrimary: Bool
    package var isUnique: Bool
    /// True when a constraint owns the index (UNIQUE CONSTRAINT in `\d`).
    package var isConstraint: Bool
    /// UNIQUE NULLS NOT DISTINCT.
    package var nullsNotDistinct: Bool
    /// pg_get_indexdef(indexrelid, 0, true).
    package var definition: String
    /// The key columns: name, type, and pg_get_indexdef's text for it.
    package var columns: [(name: String, type: String, definition: String)]
    package var tableSchema: String
    package var tableName: String
    /// True for the index of a partitioned table.
    package var isPartitioned: Bool
    /// The partitioned index this one is a partition of.
    package var parentIndex: String?
    /// Number of partitions of a partitioned index.
    package var partitionCount: Int
    /// How many of `columns` are key columns (the rest are INCLUDE).
    package var keyColumnCount: Int
    /// pg_get_expr(indpred, indrelid, true) of a partial index.
    package var predicate: String?
    /// Each column's Storage for `\d+`.
    package var storage: [String] = []
}

/// One table as `\d NAME` describes it.
package struct TableDescription {
    package var schema: String
    package var name: String
    package var isPartitioned: Bool
    package var columns: [ColumnSummary]
    /// The parent of a partition, as its regclass prints.
    package var partitionOf: String?
    /// pg_get_expr(relpartbound): `FOR VALUES FROM (..) TO (..)`, `DEFAULT`.
    package var partitionBound: String?
    /// pg_get_partkeydef: `RANGE (ingest_time)`.
    package var partitionKey: String?
    /// Indexes, primary key first, then by name.
    package var indexes: [IndexSummary]
    /// CHECK constraints by name, with pg_get_constraintdef's text.
    package var checks: [(name: String, definition: String)]
    package var partitionCount: Int
    /// pg_get_partition_constraintdef, for `\d+` of a partition.
    package var partitionConstraint: String?
    /// `\d+`'s Partitions lines (`name FOR VALUES ...`).
    package var partitions: [String] = []
    /// FOREIGN KEY constraints by name, with pg_get_constraintdef's text.
    package var foreignKeys: [(name: String, definition: String)] = []
    /// Foreign keys of other tables that reference this one.
    package var referencedBy: [(table: String, name: String, definition: String)] = []
}

/// One row of `\dx`.
package struct ExtensionSummary {
    package var name: String
    package var version: String
    package var schema: String
    package var description: String
}

package struct SchemaSummary {
    package var name: String
    package var owner: String
}

extension Session {
    /// The catalog as the session's next statement would see it; in an
    /// aborted transaction block psql's catalog query fails as any would.
    private func describedCatalog() throws -> (Catalog, [String]) {
        engine.statementLock.lock()
        defer { engine.statementLock.unlock() }
        if let tx = transaction, tx.failed {
            throw SQLError(
                SQLState.inFailedSQLTransaction,
                "current transaction is aborted, commands ignored until end of transaction block")
        }
        let current = catalog
        return (current, searchPathSchemas(current))
    }

    /// The schemas psql's visibility rules walk: pg_catalog first unless
    /// the search path places it.
    private func effectivePath(_ path: [String]) -> [String] {
        path.contains("pg_catalog") ? path : ["pg_catalog"] + path
    }

    /// Every table and index, for `\d`, `\dt` and `\di`, but those the
    /// engine's `hiddenRelationHook` hides from this session.
    package func describeRelations() throws -> [RelationSummary] {
        let (catalog, path) = try describedCatalog()
        let searchPath = effectivePath(path)
        func visible(_ schema: String, _ name: String) -> Bool {
            searchPath.first { catalog.relation(named: name, in: $0) != nil } == schema
        }
        let hidden = engine.hiddenRelationHook
        var out: [RelationSummary] = []
        for table in catalog.tables.values where hidden?(table, self) != true {
            out.append(
                RelationSummary(
                    schema: table.schema, name: table.name,
                    kind: table.isPartitioned ? .partitionedTable : .table, owner: bootstrapOwner,
                    table: nil, isVisible: visible(table.schema, table.name)))
            for c in table.constraints where c.keyColumns != nil {
                out.append(
                    RelationSummary(
                        schema: table.schema, name: c.name,
                        kind: table.isPartitioned ? .partitionedIndex : .index,
                        owner: bootstrapOwner, table: table.name,
                        isVisible: visible(table.schema, c.name)))
            }
            for index in table.indexes {
                out.append(
                    RelationSummary(
                        schema: table.schema, name: index.name,
                        kind: table.isPartitioned ? .partitionedIndex : .index,
                        owner: bootstrapOwner, table: table.name,
                        isVisible: visible(table.schema, index.name)))
            }
        }
        for view in catalog.views.values {
            out.append(
                RelationSummary(
                    schema: view.schema, name: view.name, kind: .view, owner: bootstrapOwner,
                    table: nil, isVisible: visible(view.schema, view.name)))
        }
        for sequence in catalog.sequences.values {
            out.append(
                RelationSummary(
                    schema: sequence.schema, name: sequence.name, kind: .sequence,
                    owner: bootstrapOwner, table: nil,
                    isVisible: visible(sequence.schema, sequence.name)))
        }
        return out
    }

    /// The view `schema.name`'s columns as `\d NAME` lists them (a view's
    /// columns have no NOT NULL and no default), nil when it is no view.
    package func describeView(schema: String, name: String) throws -> [ColumnSummary]? {
        let (catalog, _) = try describedCatalog()
        guard let oid = catalog.relation(named: name, in: schema), let view = catalog.view(oid)
        else { return nil }
        return view.columns.enumerated().map { number, column in
            var summary = ColumnSummary(
                name: column.name, type: formatType(column.type), notNull: false)
            summary.storage = storageName(column.type)
            summary.description =
                catalog.comments[
                    CommentKey(
                        objectOID: oid, classOID: SystemCatalogs.classRelation,
                        subID: Int32(number + 1))]
            return summary
        }
    }

    /// The table `schema.name`, nil when it is no table; `verbose` adds
    /// what `\d+` shows (partition constraint, partitions).
    package func describeTable(schema: String, name: String, verbose: Bool = false) throws
        -> TableDescription?
    {
        let (catalog, path) = try describedCatalog()
        guard let oid = catalog.relation(named: name, in: schema), let table = catalog.table(oid),
            table.name == name
        else { return nil }
        let live = table.liveColumns.map { table.columns[$0] }
        let deparser = CatalogDeparser(
            columns: live.map { ($0.name, $0.type) }, catalog: catalog, searchPath: path)
        let columns = table.liveColumns.map { number in
            let column = table.columns[number]
            var summary = ColumnSummary(
                name: column.name, type: formatType(column.type), notNull: column.notNull,
                defaultText: column.identity.map {
                    $0 == .always
                        ? "generated always as identity" : "generated by default as identity"
                }
                    ?? column.defaultExpr.flatMap {
                        deparser.defaultText($0, columnType: column.type)
                    })
            summary.storage = storageName(column.type)
            summary.description =
                catalog.comments[
                    CommentKey(
                        objectOID: table.oid, classOID: SystemCatalogs.classRelation,
                        subID: Int32(number + 1))]
            return summary
        }
        var description = TableDescription(
            schema: table.schema, name: table.name, isPartitioned: table.isPartitioned,
            columns: columns, partitionOf: nil, partitionBound: nil, partitionKey: nil,
            indexes: [], checks: [], partitionCount: table.partitions.count)
        if let parentOID = table.parent, let parent = catalog.table(parentOID),
            let bound = table.bound
        {
            description.partitionOf = regclassText(parent, catalog: catalog, path: path)
            description.partitionBound = Session.boundText(bound, parent: parent)
        }
        if let key = table.partitionKey {
            let names = key.columns.map { ruleQuoteIdentifier(table.columns[$0].name) }
            description.partitionKey =
                key.strategy.rawValue + " (" + names.joined(separator: ", ") + ")"
        }
        description.indexes = table.constraints.compactMap {
            indexSummary($0, of: table, catalog: catalog)
        }
        description.indexes += table.indexes.map {
            indexSummary($0, of: table, catalog: catalog, path: path)
        }
        description.indexes = description.indexes.sorted { a, b in
            if a.isPrimary != b.isPrimary { return a.isPrimary }
            return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        description.checks = table.checkConstraints.map {
            (name: $0.name, definition: deparser.checkText($0.expr))
        }
        for c in table.constraints {
            guard case .foreignKey(let fk) = c.kind else { continue }
            let text = catalog.foreignKeyText(fk, of: table, path: path)
            description.foreignKeys.append((c.name, text))
        }
        description.foreignKeys.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        for other in catalog.tables.values {
            for c in other.constraints {
                guard case .foreignKey(let fk) = c.kind, fk.referenced == table.oid else {
                    continue
                }
                let text = catalog.foreignKeyText(fk, of: other, path: path)
                let name = path.contains(other.schema) ? other.name : other.schema + "." + other.name
                description.referencedBy.append((name, c.name, text))
            }
        }
        description.referencedBy.sort { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        if verbose {
            description.partitionConstraint = try partitionConstraintText(table, catalog: catalog)
            description.partitions = partitionLines(table, catalog: catalog, path: path)
        }
        return description
    }

    /// `\d+`'s Partitions lines: each partition with its bound, the
    /// default partition last, then by name as regclass prints it.
    private func partitionLines(_ table: TableDefinition, catalog: Catalog, path: [String])
        -> [String]
    {
        let partitions = table.partitions.compactMap { catalog.table($0) }.map {
            partition -> (name: String, bound: String, isDefault: Bool, partitioned: Bool) in
            let bound = partition.bound.map { Session.boundText($0, parent: table) } ?? ""
            return (
                regclassText(partition, catalog: catalog, path: path), bound,
                bound == "DEFAULT", partition.isPartitioned
            )
        }
        .sorted { a, b in
            if a.isDefault != b.isDefault { return !a.isDefault }
            return a.name.utf8.lexicographicallyPrecedes(b.name.utf8)
        }
        return partitions.map {
            $0.name + " " + $0.bound + ($0.partitioned ? ", PARTITIONED" : "")
        }
    }

    /// The index `schema.name`, nil when it is no index.
    package func describeIndex(schema: String, name: String) throws -> IndexSummary? {
        let (catalog, path) = try describedCatalog()
        guard catalog.isIndex(name, in: schema),
            let oid = catalog.relation(named: name, in: schema),
            let table = catalog.table(oid)
        else { return nil }
        if let index = table.indexes.first(where: { $0.name == name }) {
            return indexSummary(index, of: table, catalog: catalog, path: path)
        }
        guard let constraint = table.constraints.first(where: { $0.name == name }) else {
            return nil
        }
        return indexSummary(constraint, of: table, catalog: catalog)
    }

    /// The installed extensions, as `\dx` lists them.
    package func describeExtensions() throws -> [ExtensionSummary] {
        let (catalog, _) = try describedCatalog()
        return catalog.extensions.map { name, e in
            ExtensionSummary(
                name: name, version: e.version, schema: e.schema, description: e.comment)
        }
    }

    package func describeSchemas() throws -> [SchemaSummary] {
        let (catalog, _) = try describedCatalog()
        return catalog.schemas.union(["pg_toast"]).map { name in
            SchemaSummary(
                name: name, owner: name == "public" ? "pg_database_owner" : bootstrapOwner)
        }
    }

    // MARK: - The catalog functions' text

    /// A relation's name as regclass prints it: qualified only when the
    /// search path would not find it.
    private func regclassText(_ table: TableDefinition, catalog: Catalog, path: [String]) -> String
    {
        let found = effectivePath(path).first { catalog.relation(named: table.name, in: $0) != nil }
        let name = ruleQuoteIdentifier(table.name)
        return found == table.schema ? name : ruleQuoteIdentifier(table.schema) + "." + name
    }

    /// pg_get_expr of a partition bound.
    package static func boundText(_ bound: ResolvedBound, parent: TableDefinition) -> String {
        let keyTypes = parent.partitionKey?.columns.map { parent.columns[$0].type } ?? []
        func datum(_ value: Value, _ index: Int) -> String {
            let type = index < keyTypes.count ? keyTypes[index] : .text
            if case .null = value { return "NULL" }
            return RuleUtilsPrinter.constantText(
                formatValue(value, type: type), type.withoutModifier, showType: -1)
        }
        func range(_ datums: [RangeDatum]) -> String {
            datums.enumerated().map { index, d in
                switch d {
                case .minValue: return "MINVALUE"
                case .maxValue: return "MAXVALUE"
                case .value(let v): return datum(v, index)
                }
            }
            .joined(separator: ", ")
        }
        switch bound {
        case .range(let from, let to):
            return "FOR VALUES FROM (\(range(from))) TO (\(range(to)))"
        case .list(let values):
            return "FOR VALUES IN (" + values.map { datum($0, 0) }.joined(separator: ", ") + ")"
        case .hash(let modulus, let remainder):
            return "FOR VALUES WITH (modulus \(modulus), remainder \(remainder))"
        case .default:
            return "DEFAULT"
        }
    }

    /// The index behind a key constraint.
    func indexSummary(
        _ c: ConstraintDefinition, of table: TableDefinition, catalog: Catalog
    ) -> IndexSummary? {
        guard let keys = c.keyColumns else { return nil }
        var isPrimary = false
        var nullsNotDistinct = false
        switch c.kind {
        case .primaryKey: isPrimary = true
        case .unique(_, let nnd): nullsNotDistinct = nnd
        case .check, .foreignKey: return nil
        }
        let names = keys.map { table.columns[$0].name }
        var definition = "CREATE UNIQUE INDEX " + ruleQuoteIdentifier(c.name) + " ON "
        if table.isPartitioned { definition += "ONLY " }
        definition += ruleQuoteIdentifier(table.schema) + "." + ruleQuoteIdentifier(table.name)
        definition +=
            " USING btree (" + names.map(ruleQuoteIdentifier).joined(separator: ", ") + ")"
        if nullsNotDistinct { definition += " NULLS NOT DISTINCT" }
        let parentIndex = catalog.parentKeyConstraint(of: c, in: table).map {
            ruleQuoteIdentifier($0)
        }
        var summary = IndexSummary(
            schema: table.schema, name: c.name, isPrimary: isPrimary, isUnique: true,
            isConstraint: true, nullsNotDistinct: nullsNotDistinct, definition: definition,
            columns: keys.map {
                let column = table.columns[$0]
                return (column.name, formatType(column.type), ruleQuoteIdentifier(column.name))
            },
            tableSchema: table.schema, tableName: table.name, isPartitioned: table.isPartitioned,
            parentIndex: parentIndex,
            partitionCount: table.isPartitioned ? table.partitions.count : 0,
            keyColumnCount: keys.count, predicate: nil)
        summary.storage = keys.map { storageName(table.columns[$0].type) }
        return summary
    }

    /// The first schema of `path` with a function of `f`'s name and input
    /// types: `f`'s own when it is visible.
    static func visibleSchema(_ f: UserFunctionDefinition, catalog: Catalog, path: [String])
        -> String?
    {
        let signature = inputSignature(f)
        return path.first { schema in
            catalog.functions(named: f.name, in: schema).contains {
                inputSignature($0) == signature
            }
        }
    }

    /// pg_function_is_visible.
    static func functionIsVisible(
        _ f: UserFunctionDefinition, catalog: Catalog, session: Session
    ) -> Bool {
        visibleSchema(f, catalog: catalog, path: session.searchPathSchemas(catalog)) == f.schema
    }

    /// The input parameter types, which identify a function.
    static func inputSignature(_ f: UserFunctionDefinition) -> [Int32] {
        zip(f.parameters, f.parameterTypes).filter { $0.0.mode != .out }.map { $0.1.oid }
    }

    /// pg_get_function_result.
    static func resultText(_ f: UserFunctionDefinition) -> String {
        if f.isProcedure { return "" }
        let hasOutputs = f.parameters.contains { $0.mode == .out || $0.mode == .inOut }
        if !hasOutputs && !f.resultColumns.isEmpty {
            let columns = f.resultColumns.map {
                ruleQuoteIdentifier($0.name) + " " + formatType($0.type.withoutModifier)
            }
            return "TABLE(" + columns.joined(separator: ", ") + ")"
        }
        return (f.returnsSet ? "SETOF " : "") + formatType(f.returnType.withoutModifier)
    }

    /// pg_get_function_arguments: modes, names, types and defaults.
    static func argumentsText(
        _ f: UserFunctionDefinition, catalog: Catalog, path: [String]
    ) -> String {
        let deparser = CatalogDeparser(columns: [], catalog: catalog, searchPath: path)
        return zip(f.parameters, f.parameterTypes).map { parameter, type in
            var text = ""
            switch parameter.mode {
            case .in: text = f.isProcedure ? "IN " : ""
            case .out: text = "OUT "
            case .inOut: text = "INOUT "
            case .variadic: text = "VARIADIC "
            }
            if let name = parameter.name { text += ruleQuoteIdentifier(name) + " " }
            text += formatType(type.withoutModifier)
            if let value = parameter.defaultValue {
                text += " DEFAULT " + deparser.argumentDefaultText(value, type: type)
            }
            return text
        }
        .joined(separator: ", ")
    }
}

extension Catalog {
    /// pg_get_constraintdef of a foreign key: `FOREIGN KEY (a) REFERENCES
    /// t(b) ON UPDATE .. ON DELETE ..`.
    package func foreignKeyText(
        _ fk: ForeignKeyDefinition, of table: TableDefinition, path: [String]
    ) -> String {
        let own = fk.columns.map { ruleQuoteIdentifier(table.columns[$0].name) }
        var text = "FOREIGN KEY (" + own.joined(separator: ", ") + ") REFERENCES "
        if let target = self.table(fk.referenced) {
            let name = ruleQuoteIdentifier(target.name)
            text += path.contains(target.schema)
                ? name : ruleQuoteIdentifier(target.schema) + "." + name
            let theirs = fk.referencedColumns.map { ruleQuoteIdentifier(target.columns[$0].name) }
            text += "(" + theirs.joined(separator: ", ") + ")"
        }
        if fk.onUpdate != .noAction { text += " ON UPDATE " + fk.onUpdate.rawValue }
        if fk.onDelete != .noAction { text += " ON DELETE " + fk.onDelete.rawValue }
        return text
    }

    /// The parent table's key constraint whose index a partition's key
    /// constraint `c` is a partition of: the same kind over the same
    /// columns.
    package func parentKeyConstraint(of c: ConstraintDefinition, in table: TableDefinition)
        -> String?
    {
        guard let parentOID = table.parent, let parent = self.table(parentOID),
            let keys = c.keyColumns
        else { return nil }
        let names = keys.map { table.columns[$0].name }
        return parent.constraints.first { p in
            guard let parentKeys = p.keyColumns else { return false }
            let sameKind: Bool
            switch (p.kind, c.kind) {
            case (.primaryKey, .primaryKey), (.unique, .unique): sameKind = true
            default: sameKind = false
            }
            return sameKind && parentKeys.map { parent.columns[$0].name } == names
        }?.name
    }

    /// The unique index a foreign key rests on: the referenced table's
    /// first unique key over exactly the referenced columns.
    package func referencedIndexOID(_ fk: ForeignKeyDefinition) -> RelationID? {
        guard let target = table(fk.referenced), let key = referencedKey(fk) else { return nil }
        return indexOID(key.name, in: target.schema)
    }

    /// The referenced table's unique key a foreign key rests on.
    package func referencedKey(_ fk: ForeignKeyDefinition) -> UniqueKey? {
        let wanted = Set(fk.referencedColumns)
        return table(fk.referenced)?.uniqueKeys.first { Set($0.columns) == wanted }
    }
}
