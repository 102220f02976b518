// CREATE TYPE name AS (attribute type, ...) and DROP TYPE: composite types
// of the catalog, found by name (through the search path) wherever a type
// is written, next to the row types of tables, as pg_type holds both.
import SQLParser

/// A composite type made by CREATE TYPE .. AS (pg_type of typtype 'c').
package struct CompositeTypeDefinition: Sendable {
    package var schema: String
    package var name: String
    package var fields: [RecordField]

    /// The type values of this composite carry.
    package var type: PGType {
        RecordTypes.type(for: RecordDescriptor(typeName: name, fields: fields))
    }
}

extension Executor {
    /// A written type: a built-in, else a composite type or a table's
    /// row type of the catalog, with PostgreSQL's error when none exists.
    func resolveType(_ name: TypeName) throws -> PGType {
        do {
            return try visible(try resolveTypeName(name), name)
        } catch let error as SQLError where error.sqlState == SQLState.undefinedObject {
            guard let composite = compositeType(named: name) else { throw error }
            return composite
        }
    }

    /// The composite type (CREATE TYPE, or a table's row type) `name`
    /// names, looked up as pg_type is: its schema, else the search path.
    func compositeType(named name: TypeName) -> PGType? {
        guard name.modifiers.isEmpty, (1...2).contains(name.names.count),
            let last = name.names.last
        else { return nil }
        let schemas =
            name.names.count == 2 ? [name.names[0]] : session.searchPathSchemas(catalog)
        for schema in schemas {
            var found: PGType?
            if let composite = catalog.compositeTypes[schema]?[last] {
                found = composite.type
            } else if let enumType = catalog.enumTypes[schema]?[last] {
                found = EnumTypes.type(for: enumType)
            } else if let oid = catalog.relation(named: last, in: schema),
                let table = catalog.table(oid)
            {
                found = table.rowType
            }
            guard let found else { continue }
            if name.arrayDimensions > 0 { return found.arrayType }
            return found
        }
        if last.hasPrefix("_"), last.count > 1 {
            // The array type's typname: `_pair` is pair[].
            var element = name
            element.names[element.names.count - 1] = String(last.dropFirst())
            element.arrayDimensions += 1
            if let found = compositeType(named: element) { return found }
        }
        return nil
    }

    /// CREATE TYPE name AS (...).
    func executeCreateType(_ create: CreateTypeStatement) throws -> QueryResult {
        let schema: String
        if let written = create.name.schema {
            guard catalog.schemas.contains(written) else {
                throw SQLError(
                    SQLState.invalidSchemaName, "schema \"\(written)\" does not exist")
            }
            schema = written
        } else {
            schema = try session.creationSchema(catalog)
        }
        let name = create.name.name
        if catalog.compositeTypes[schema]?[name] != nil
            || catalog.enumTypes[schema]?[name] != nil
            || catalog.relation(named: name, in: schema) != nil
        {
            throw SQLError(SQLState.duplicateObject, "type \"\(name)\" already exists")
        }
        if let labels = create.enumLabels {
            return try createEnum(schema: schema, name: name, labels: labels)
        }
        var fields: [RecordField] = []
        for attribute in create.attributes {
            if fields.contains(where: { $0.name == attribute.name }) {
                throw SQLError(
                    SQLState.duplicateColumn,
                    "column \"\(attribute.name)\" specified more than once")
            }
            let type: PGType
            do {
                type = try resolveType(attribute.type)
            } catch var error as SQLError {
                // DefineCompositeType reports no position.
                error.position = nil
                throw error
            }
            fields.append(RecordField(name: attribute.name, type: type))
        }
        let definition = CompositeTypeDefinition(schema: schema, name: name, fields: fields)
        session.updateCatalog { catalog in
            catalog.compositeTypes[schema, default: [:]][name] = definition
        }
        return QueryResult(commandTag: "CREATE TYPE")
    }

    /// DROP TYPE [IF EXISTS] name, ...: refused while a table column has
    /// the type, and for a table's row type.
    func dropTypes(_ drop: DropStatement) throws -> QueryResult {
        var victims: [(schema: String, name: String)] = []
        for name in drop.names {
            if let found = lookupEnumType(name) {
                try checkNoColumnUses(
                    CompositeTypeDefinition(schema: found.schema, name: found.name, fields: []),
                    type: EnumTypes.type(for: found), cascade: drop.cascade)
                victims.append((found.schema, found.name))
                continue
            }
            guard let found = lookupCompositeType(name) else {
                if let table = try? lookupRelation(name), catalog.table(table.oid) != nil {
                    throw SQLError(
                        SQLState.dependentObjectsStillExist,
                        "cannot drop type \(name.name) because table \(name.name) requires it",
                        hint: "You can drop table \(name.name) instead.")
                }
                if drop.ifExists {
                    session.report(.notice("type \"\(name.name)\" does not exist, skipping"))
                    continue
                }
                let written = name.parts.joined(separator: ".")
                throw SQLError(
                    SQLState.undefinedObject, "type \"\(written)\" does not exist")
            }
            try checkNoColumnUses(found, cascade: drop.cascade)
            victims.append((found.schema, found.name))
        }
        if !victims.isEmpty {
            session.updateCatalog { catalog in
                for victim in victims {
                    catalog.compositeTypes[victim.schema]?[victim.name] = nil
                    catalog.enumTypes[victim.schema]?[victim.name] = nil
                }
            }
        }
        return QueryResult(commandTag: "DROP TYPE")
    }

    private func lookupCompositeType(_ name: QualifiedName) -> CompositeTypeDefinition? {
        let schemas = name.schema.map { [$0] } ?? session.searchPathSchemas(catalog)
        for schema in schemas {
            if let found = catalog.compositeTypes[schema]?[name.name] { return found }
        }
        return nil
    }

    /// Throws 2BP01 when an attribute of another composite type, a table
    /// column or a function's signature uses `composite` (or its array).
    private func checkNoColumnUses(
        _ composite: CompositeTypeDefinition, type: PGType? = nil, cascade: Bool
    ) throws {
        let type = type ?? composite.type
        func named(_ t: PGType) -> String? {
            if t.oid == type.oid { return composite.name }
            if t.oid == type.arrayType?.oid { return composite.name + "[]" }
            return nil
        }
        var uses: [String] = []
        let others = catalog.compositeTypes.values.flatMap(\.values).sorted { $0.name < $1.name }
        for other in others where other.name != composite.name {
            for field in other.fields.reversed() {
                guard let used = named(field.type) else { continue }
                uses.append(
                    "column \(field.name) of composite type \(other.name) depends on type \(used)")
            }
        }
        for table in catalog.tables.values.sorted(by: { $0.oid < $1.oid }) {
            for index in table.liveColumns {
                let column = table.columns[index]
                guard let used = named(column.type) else { continue }
                uses.append("column \(column.name) of table \(table.name) depends on type \(used)")
            }
        }
        for function in catalog.functions.values.flatMap({ $0 }).sorted(by: { $0.name < $1.name }) {
            let inputs = zip(function.parameters, function.parameterTypes).filter {
                $0.0.mode != .out
            }.map(\.1)
            guard let used = (inputs + [function.returnType]).lazy.compactMap(named).first
            else { continue }
            let list = inputs.map { formatType($0) }.joined(separator: ", ")
            uses.append("function \(function.name)(\(list)) depends on type \(used)")
        }
        guard !uses.isEmpty else { return }
        if cascade {
            // TODO(#6): DROP TYPE .. CASCADE.
            throw SQLError.notSupported("DROP TYPE .. CASCADE is not supported yet")
        }
        throw SQLError(
            SQLState.dependentObjectsStillExist,
            "cannot drop type \(composite.name) because other objects depend on it",
            detail: uses.joined(separator: "\n"),
            hint: "Use DROP ... CASCADE to drop the dependent objects too.")
    }
}

extension Executor {
    /// CREATE TYPE name AS ENUM (...): labels of at most 63 bytes, each
    /// once (pg_enum's unique index).
    func createEnum(schema: String, name: String, labels: [String]) throws -> QueryResult {
        var seen: Set<String> = []
        for label in labels {
            if label.utf8.count > 63 {
                throw SQLError(
                    SQLState.invalidName, "invalid enum label \"\(label)\"",
                    detail: "Labels must be 63 bytes or less.")
            }
            guard seen.insert(label).inserted else {
                throw SQLError(
                    SQLState.uniqueViolation,
                    "duplicate key value violates unique constraint \"pg_enum_typid_label_index\"",
                    detail: "Key (enumtypid, enumlabel)=(\(catalog.nextOID), \(label)) already exists.")
            }
        }
        let descriptor = EnumDescriptor(schema: schema, name: name, labels: labels)
        session.updateCatalog { catalog in
            catalog.enumTypes[schema, default: [:]][name] = descriptor
            catalog.bumpVersion()
        }
        return QueryResult(commandTag: "CREATE TYPE")
    }

    func lookupEnumType(_ name: QualifiedName) -> EnumDescriptor? {
        let schemas = name.schema.map { [$0] } ?? session.searchPathSchemas(catalog)
        for schema in schemas {
            if let found = catalog.enumTypes[schema]?[name.name] { return found }
        }
        return nil
    }
}
