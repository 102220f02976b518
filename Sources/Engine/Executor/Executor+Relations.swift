// Finding relations by name the way PostgreSQL's RangeVarGetRelid does:
// a qualified name looks in its schema (which must exist), an unqualified
// one walks the search path; and the leaf partitions a scan of a table
// covers.
import SQLParser

extension Session {
    /// Existing schemas of the search path, in order (`$user` is the
    /// session user's schema when it exists).
    package func searchPathSchemas(_ catalog: Catalog) -> [String] {
        let names: [String]
        if let cached = searchPathCache, cached.stamp == settings.stamp {
            names = cached.names
        } else {
            names = parseSearchPath(settings.value("search_path") ?? "public")
            searchPathCache = (settings.stamp, names)
        }
        // pg_catalog is searched first unless the path places it.
        var result: [String] = names.contains("pg_catalog") ? [] : ["pg_catalog"]
        for name in names {
            let schema = name == "$user" ? user : name
            if catalog.schemas.contains(schema) && !result.contains(schema) {
                result.append(schema)
            }
        }
        return result
    }

    /// The schema an unqualified CREATE puts its object in.
    func creationSchema(_ catalog: Catalog) throws -> String {
        guard let first = searchPathSchemas(catalog).first(where: { $0 != "pg_catalog" }) else {
            throw SQLError(SQLState.invalidSchemaName, "no schema has been selected to create in")
        }
        return first
    }

    /// The snapshot of the statement running now.
    var currentSnapshot: Snapshot {
        snapshots.last ?? engine.log.snapshot(own: transaction?.xid)
    }

    /// Takes a snapshot for a statement that starts.
    func pushSnapshot() {
        snapshots.append(engine.log.snapshot(own: transaction?.xid))
    }

    /// Drops the finished statement's snapshot.
    func popSnapshot() {
        if !snapshots.isEmpty { snapshots.removeLast() }
    }
}

extension Executor {
    /// 1-based position of a name, nil when it has none.
    func position(_ name: QualifiedName) -> Int? {
        name.location >= 0 ? name.location + 1 : nil
    }

    /// The schema `name` is (or would be) in, checking it exists.
    func schemaFor(_ name: QualifiedName) throws -> String {
        if let schema = name.schema {
            guard catalog.schemas.contains(schema) else {
                throw SQLError(
                    SQLState.invalidSchemaName, "schema \"\(schema)\" does not exist",
                    position: position(name))
            }
            return schema
        }
        return try session.creationSchema(catalog)
    }

    /// The relation `name` refers to: (schema, table oid) or nil; a
    /// qualified name's schema must exist (RangeVarGetRelid's error, which
    /// has no position).
    func lookupRelation(_ name: QualifiedName) throws -> (schema: String, oid: RelationID)? {
        let catalog = catalog
        if let schema = name.schema {
            guard catalog.schemas.contains(schema) else {
                throw SQLError(
                    SQLState.invalidSchemaName, "schema \"\(schema)\" does not exist")
            }
            return catalog.relation(named: name.name, in: schema).map { (schema, $0) }
        }
        for schema in session.searchPathSchemas(catalog) {
            if let oid = catalog.relation(named: name.name, in: schema) { return (schema, oid) }
        }
        return nil
    }

    /// The table `name` names, with PostgreSQL's errors. Queries
    /// (`positioned`) point at the name and report a missing schema as a
    /// missing relation, as parserOpenTable does; utility statements
    /// (TRUNCATE, ALTER TABLE, PARTITION OF) report neither position nor
    /// relation for a missing schema.
    func resolveTable(_ name: QualifiedName, positioned: Bool = true) throws -> TableDefinition {
        let missing = SQLError(
            SQLState.undefinedTable,
            "relation \"\(name.parts.joined(separator: "."))\" does not exist",
            position: positioned ? position(name) : nil)
        let catalog = catalog
        if let schema = name.schema, !catalog.schemas.contains(schema) {
            if positioned { throw missing }
            throw SQLError(SQLState.invalidSchemaName, "schema \"\(schema)\" does not exist")
        }
        guard let (schema, oid) = try lookupRelation(name) else { throw missing }
        guard let table = catalog.table(oid) else {
            guard catalog.view(oid) != nil else { throw missing }
            throw SQLError(SQLState.wrongObjectType, "\"\(name.name)\" is not a table")
        }
        if catalog.isIndex(name.name, in: schema) {
            throw SQLError(
                SQLState.wrongObjectType, "\"\(name.name)\" is an index",
                position: positioned ? position(name) : nil)
        }
        return table
    }

    /// The storages a scan of `table` reads: itself, or every leaf
    /// partition below it with the bounds on the way down. Partitions
    /// come from `source` (a catalog being changed) or the statement's.
    func scanTargets(_ table: TableDefinition, in source: Catalog? = nil) -> [ScanTarget] {
        var result: [ScanTarget] = []
        collectTargets(table, bounds: [], catalog: source ?? catalog, into: &result)
        return result
    }

    private func collectTargets(
        _ table: TableDefinition,
        bounds: [(key: PartitionKey, bound: ResolvedBound, keyTypes: [PGType])],
        catalog: Catalog, into result: inout [ScanTarget]
    ) {
        if let storage = table.storage {
            result.append(ScanTarget(table: table, storage: storage, bounds: bounds))
            return
        }
        guard let key = table.partitionKey else { return }
        let types = key.columns.map { table.columns[$0].type }
        for oid in table.partitions {
            guard let child = catalog.table(oid), let bound = child.bound else { continue }
            collectTargets(
                child, bounds: bounds + [(key, bound, types)], catalog: catalog, into: &result)
        }
    }
}
