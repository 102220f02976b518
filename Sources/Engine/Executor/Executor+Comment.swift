// COMMENT ON: descriptions of tables, views, indexes, sequences, columns,
// schemas, functions, procedures, constraints and extensions, kept in the
// catalog as pg_description keys them (object OID, the catalog holding
// the object, column number), so they roll back with the transaction and
// go when the object is dropped. An empty text removes the comment.
import SQLParser

/// The catalogs objects live in (pg_description.classoid).
private enum ObjectClass {
    static let relation: RelationID = 1259
    static let function: RelationID = 1255
    static let namespace: RelationID = 2615
    static let constraint: RelationID = 2606
}

extension Executor {
    func executeComment(_ comment: CommentStatement) throws -> QueryResult {
        let key = try commentKey(comment.target)
        let text = comment.text.flatMap { $0.isEmpty ? nil : $0 }
        session.updateCatalog { catalog in
            catalog.comments[key] = text
            catalog.bumpVersion()
        }
        return QueryResult(commandTag: "COMMENT")
    }

    /// The pg_description key of the commented object, with PostgreSQL's
    /// errors for a missing or mistyped one.
    private func commentKey(_ target: CommentStatement.Target) throws -> CommentKey {
        switch target {
        case .object(let kind, let name):
            switch kind {
            case .schema:
                guard let oid = catalog.schemaOIDs[name.name] else {
                    throw SQLError(
                        SQLState.invalidSchemaName, "schema \"\(name.name)\" does not exist")
                }
                return CommentKey(objectOID: oid, classOID: ObjectClass.namespace)
            case .extension:
                guard let e = catalog.extensions[name.name] else {
                    throw SQLError(
                        SQLState.undefinedObject, "extension \"\(name.name)\" does not exist")
                }
                return CommentKey(objectOID: e.oid, classOID: SystemTables.extensionRelation)
            case .table, .view, .index, .sequence:
                let oid = try commentedRelation(name, kind: kind)
                return CommentKey(objectOID: oid, classOID: ObjectClass.relation)
            default:
                // TODO(#6): COMMENT ON TYPE and the other object kinds.
                throw SQLError.notSupported(
                    "COMMENT ON \(kind.rawValue) is not supported yet")
            }
        case .column(let name):
            var relationParts = name.parts
            let column = relationParts.removeLast()
            let relation = QualifiedName(relationParts, location: name.location)
            let oid = try commentedRelation(relation, kind: nil)
            let number: Int?
            if let table = catalog.table(oid) {
                number = table.columnIndex(column)
            } else {
                number = catalog.view(oid)?.columns.firstIndex { $0.name == column }
            }
            guard let number else {
                throw SQLError(
                    SQLState.undefinedColumn,
                    "column \"\(column)\" of relation \"\(relationParts.joined(separator: "."))\" does not exist"
                )
            }
            return CommentKey(
                objectOID: oid, classOID: ObjectClass.relation, subID: Int32(number + 1))
        case .routine(let kind, let name, let arguments):
            let oid = try commentedRoutine(name, kind: kind, arguments: arguments)
            return CommentKey(objectOID: oid, classOID: ObjectClass.function)
        case .constraint(let name, let tableName):
            let table = try resolveTable(tableName, positioned: false)
            guard let oid = catalog.constraintOID(name, of: table.oid) else {
                throw SQLError(
                    SQLState.undefinedObject,
                    "constraint \"\(name)\" for table \"\(table.name)\" does not exist")
            }
            return CommentKey(objectOID: oid, classOID: ObjectClass.constraint)
        case .database(let name):
            guard name == session.database else {
                throw SQLError("3D000", "database \"\(name)\" does not exist")
            }
            // TODO(#6): shared descriptions (pg_shdescription).
            throw SQLError.notSupported("COMMENT ON DATABASE is not supported yet")
        }
    }

    /// The OID of relation `name`, checked to be of `kind` (any relation
    /// with columns for nil).
    private func commentedRelation(_ name: QualifiedName, kind: ObjectKind?) throws -> RelationID {
        guard let (schema, found) = try lookupRelation(name) else {
            throw SQLError(
                SQLState.undefinedTable,
                "relation \"\(name.parts.joined(separator: "."))\" does not exist")
        }
        let isIndex = catalog.isIndex(name.name, in: schema)
        var oid = found
        if isIndex, let indexOID = catalog.indexOID(name.name, in: schema) { oid = indexOID }
        let actual: ObjectKind
        if isIndex {
            actual = .index
        } else if catalog.view(oid) != nil {
            actual = .view
        } else if catalog.sequence(oid) != nil {
            actual = .sequence
        } else {
            actual = .table
        }
        if let kind, kind != actual {
            let noun = kind == .index ? "an index" : "a " + kind.rawValue.lowercased()
            throw SQLError(SQLState.wrongObjectType, "\"\(name.name)\" is not \(noun)")
        }
        if kind == nil, actual == .index || actual == .sequence {
            throw SQLError(
                SQLState.wrongObjectType,
                "cannot set comment on relation \"\(name.name)\"",
                detail:
                    "This operation is not supported for \(actual == .index ? "indexes" : "sequences")."
            )
        }
        return oid
    }

    /// The OID of the function or procedure `name` (with `arguments` when
    /// written; then the one with those input types).
    private func commentedRoutine(
        _ name: QualifiedName, kind: ObjectKind, arguments: [FunctionParameter]?
    ) throws -> RelationID {
        let noun = kind == .procedure ? "procedure" : "function"
        let wanted = try arguments.map { list in
            try list.filter { $0.mode != .out }.map { try resolveTypeName($0.type).withoutModifier }
        }
        let schemas = name.schema.map { [$0] } ?? session.searchPathSchemas(catalog)
        for schema in schemas {
            let matches = catalog.functions(named: name.name, in: schema).filter {
                wanted == nil || inputTypes($0) == wanted
            }
            if matches.count > 1 {
                throw SQLError(
                    SQLState.ambiguousFunction, "\(noun) name \"\(name.name)\" is not unique",
                    hint: "Specify the argument list to select the \(noun) unambiguously.")
            }
            if let f = matches.first { return f.oid }
        }
        if let wanted {
            let shown = wanted.map(formatType).joined(separator: ", ")
            throw SQLError(
                SQLState.undefinedFunction,
                "\(noun) \(name.parts.joined(separator: "."))(\(shown)) does not exist")
        }
        throw SQLError(
            SQLState.undefinedFunction,
            "could not find a \(noun) named \"\(name.parts.joined(separator: "."))\"")
    }
}
