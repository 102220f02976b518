// CREATE SCHEMA, CREATE EXTENSION, DROP (tables with their partitions,
// schemas with CASCADE, functions by signature) and TRUNCATE, with
// PostgreSQL's errors and IF [NOT] EXISTS notices. TRUNCATE swaps in
// empty storage, as PostgreSQL assigns a new relfilenode, so it rolls back.
import SQLParser

extension Executor {
    func executeCreateSchema(_ name: String, ifNotExists: Bool) throws -> QueryResult {
        if catalog.schemas.contains(name) {
            if ifNotExists {
                session.report(.notice("schema \"\(name)\" already exists, skipping"))
                return QueryResult(commandTag: "CREATE SCHEMA")
            }
            throw SQLError(SQLState.duplicateSchema, "schema \"\(name)\" already exists")
        }
        if name.hasPrefix("pg_") {
            throw SQLError(
                "42939", "unacceptable schema name \"\(name)\"",
                detail: "The prefix \"pg_\" is reserved for system schemas.")
        }
        session.updateCatalog { catalog in
            catalog.schemas.insert(name)
            catalog.schemaOIDs[name] = catalog.allocateOID()
            catalog.bumpVersion()
        }
        return QueryResult(commandTag: "CREATE SCHEMA")
    }

    func executeCreateExtension(_ create: CreateExtensionStatement) throws -> QueryResult {
        if catalog.extensions[create.name] != nil {
            if create.ifNotExists {
                session.report(.notice("extension \"\(create.name)\" already exists, skipping"))
                return QueryResult(commandTag: "CREATE EXTENSION")
            }
            throw SQLError(SQLState.duplicateObject, "extension \"\(create.name)\" already exists")
        }
        if let package = session.engine.extensionPackages[create.name] {
            return try install(package, create)
        }
        throw SQLError(
            "58P01", "extension \"\(create.name)\" is not available",
            detail:
                "Could not open extension control file \"/usr/share/postgresql/15/extension/\(create.name).control\": No such file or directory.",
            hint: "The extension must first be installed on the system where PostgreSQL is running."
        )
    }

    /// Runs an extension's install script in this transaction, as
    /// CREATE EXTENSION does, after the extensions it requires.
    private func install(_ package: ExtensionPackage, _ create: CreateExtensionStatement) throws
        -> QueryResult
    {
        for required in package.requires where catalog.extensions[required] == nil {
            guard create.cascade else {
                throw SQLError(
                    SQLState.undefinedObject, "required extension \"\(required)\" is not installed",
                    hint: "Use CREATE EXTENSION ... CASCADE to install required extensions too.")
            }
            session.report(.notice("installing required extension \"\(required)\""))
            _ = try executeCreateExtension(CreateExtensionStatement(name: required, cascade: true))
        }
        let schema = package.fixedSchema ?? create.schema ?? "public"
        guard catalog.schemas.contains(schema) else {
            throw SQLError("3F000", "schema \"\(schema)\" does not exist")
        }
        var script = package.installScript().replacingAll("@extschema@", with: schema)
        if let library = package.libraryName {
            script = script.replacingAll("MODULE_PATHNAME", with: "$libdir/" + library)
        }
        var parser = Parser(script)
        for parsed in try parser.parseStatements() {
            let executor = Executor(session: session, text: script)
            executor.extensionScript = package.name
            _ = try executor.execute(parsed.statement)
        }
        try package.didInstall(session: session, schema: schema)
        try session.recordExtension(
            package.name, version: package.version, schema: schema,
            relocatable: package.relocatable, comment: package.comment)
        return QueryResult(commandTag: "CREATE EXTENSION")
    }

    func executeDrop(_ drop: DropStatement) throws -> QueryResult {
        switch drop.kind {
        case .table:
            return try dropTables(drop)
        case .schema:
            return try dropSchemas(drop)
        case .function, .procedure:
            return try dropFunctions(drop)
        case .view:
            return try dropViews(drop)
        case .sequence:
            return try dropSequences(drop)
        case .type:
            return try dropTypes(drop)
        case .index:
            return try dropIndexes(drop)
        default:
            throw SQLError.notSupported("DROP \(drop.kind.rawValue) is not supported yet")
        }
    }

    private func dropTables(_ drop: DropStatement) throws -> QueryResult {
        var victims: [RelationID] = []
        for name in drop.names {
            if drop.ifExists, let schema = name.schema, !catalog.schemas.contains(schema) {
                session.report(.notice("schema \"\(schema)\" does not exist, skipping"))
                continue
            }
            guard let (schema, oid) = try lookupRelation(name) else {
                if drop.ifExists {
                    session.report(.notice("table \"\(name.name)\" does not exist, skipping"))
                    continue
                }
                throw SQLError(SQLState.undefinedTable, "table \"\(name.name)\" does not exist")
            }
            if catalog.isIndex(name.name, in: schema) {
                throw SQLError(
                    SQLState.wrongObjectType, "\"\(name.name)\" is not a table",
                    hint: "Use DROP INDEX to remove an index.")
            }
            if catalog.view(oid) != nil {
                throw SQLError(
                    SQLState.wrongObjectType, "\"\(name.name)\" is not a table",
                    hint: "Use DROP VIEW to remove a view.")
            }
            victims.append(oid)
        }
        let views = try dependentViews(of: tableTreeVictims(victims), cascade: drop.cascade)
        let keys = try dependentForeignKeys(of: victims, cascade: drop.cascade)
        session.updateCatalog { catalog in
            for oid in views { catalog.removeView(oid) }
            for (table, name) in keys {
                guard var t = catalog.table(table) else { continue }
                t.constraints.removeAll { $0.name == name }
                catalog.updateTable(t)
            }
            for oid in victims { Executor.removeTableTree(oid, from: &catalog) }
        }
        return QueryResult(commandTag: "DROP TABLE")
    }

    /// The tables DROP TABLE removes with `roots`: each with its
    /// partitions, as dependency messages name them.
    private func tableTreeVictims(_ roots: [RelationID]) -> [DropVictim] {
        var result: [DropVictim] = []
        func visit(_ oid: RelationID) {
            guard let table = catalog.table(oid) else { return }
            result.append(DropVictim(oid: oid, description: "table \(table.name)"))
            table.partitions.forEach(visit)
        }
        roots.forEach(visit)
        return result
    }

    /// Removes a table, its partitions, and its entry in its parent.
    static func removeTableTree(_ oid: RelationID, from catalog: inout Catalog) {
        guard let table = catalog.table(oid) else { return }
        for child in table.partitions { removeTableTree(child, from: &catalog) }
        if let parentID = table.parent, var parent = catalog.table(parentID) {
            parent.partitions.removeAll { $0 == oid }
            catalog.updateTable(parent)
        }
        catalog.removeTable(oid)
    }

    private func dropSchemas(_ drop: DropStatement) throws -> QueryResult {
        var names: [String] = []
        for name in drop.names {
            let schema = name.name
            guard catalog.schemas.contains(schema) else {
                if drop.ifExists {
                    session.report(.notice("schema \"\(schema)\" does not exist, skipping"))
                    continue
                }
                throw SQLError(SQLState.invalidSchemaName, "schema \"\(schema)\" does not exist")
            }
            names.append(schema)
        }
        var dependents: [String] = []
        for schema in names {
            let tables = catalog.tables(in: schema).filter { table in
                table.parent.flatMap { catalog.table($0) }?.schema != schema
            }
            dependents += tables.map { "table \(schema).\($0.name)" }
            for (key, functions) in catalog.functions.sorted(by: { $0.key < $1.key })
            where key.hasPrefix("\(schema).") {
                dependents += functions.map { "function \(schema).\(functionSignature($0))" }
            }
        }
        if !dependents.isEmpty {
            guard drop.cascade else {
                throw SQLError(
                    SQLState.dependentObjectsStillExist,
                    "cannot drop schema \(names[0]) because other objects depend on it",
                    detail: dependents.map { "\($0) depends on schema \(names[0])" }.joined(
                        separator: "\n"),
                    hint: "Use DROP ... CASCADE to drop the dependent objects too.")
            }
            if dependents.count == 1 {
                session.report(.notice("drop cascades to \(dependents[0])"))
            } else {
                session.report(
                    .notice(
                        "drop cascades to \(dependents.count) other objects",
                        detail: dependents.map { "drop cascades to \($0)" }.joined(separator: "\n"))
                )
            }
        }
        session.updateCatalog { catalog in
            for schema in names {
                for table in catalog.tables(in: schema) {
                    Executor.removeTableTree(table.oid, from: &catalog)
                }
                catalog.functions = catalog.functions.filter { !$0.key.hasPrefix("\(schema).") }
                catalog.schemas.remove(schema)
                if let oid = catalog.schemaOIDs[schema] { catalog.forgetComments(of: oid) }
                catalog.schemaOIDs[schema] = nil
                catalog.bumpVersion()
            }
        }
        return QueryResult(commandTag: "DROP SCHEMA")
    }

    func executeTruncate(_ truncate: TruncateStatement) throws -> QueryResult {
        var tables: [TableDefinition] = []
        for name in truncate.tables {
            tables.append(try resolveTable(name, positioned: false))
        }
        tables = try truncationWithReferencingTables(tables, cascade: truncate.cascade)
        session.updateCatalog { catalog in
            for table in tables { Executor.truncateTree(table.oid, in: &catalog) }
        }
        if truncate.restartIdentity {
            // The sequences the tables' serial and identity columns own.
            let owners = Set(tables.map(\.oid))
            for sequence in catalog.sequences.values {
                guard let owner = sequence.ownedBy, owners.contains(owner.table) else { continue }
                session.engine.sequenceStates.set(
                    sequence.oid,
                    SequenceState(lastValue: sequence.start, isCalled: false, logCount: 0))
            }
        }
        return QueryResult(commandTag: "TRUNCATE TABLE")
    }

    /// Gives a table (and its partitions) new, empty storage.
    private static func truncateTree(_ oid: RelationID, in catalog: inout Catalog) {
        guard var table = catalog.table(oid) else { return }
        for child in table.partitions { truncateTree(child, in: &catalog) }
        if let old = table.storage {
            let fresh = HeapStorage(columnTypes: table.columns.map(\.type))
            for index in old.uniqueIndexes {
                _ = fresh.addUniqueIndex(
                    columns: index.columns, nullsNotDistinct: index.nullsNotDistinct)
            }
            table.storage = fresh
            catalog.updateTable(table)
        }
    }
}
