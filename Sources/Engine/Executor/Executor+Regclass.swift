// The regclass type's input and output, which read the catalog: a
// relation name (qualified or not, quoted or not) becomes the relation's
// OID, and an OID prints as the name the search path finds it by.
import SQLParser

extension Session {
    /// regclassin: `name`, `schema.name`, `"Quoted"`, or an OID as digits.
    package func regclassOID(_ text: String, catalog: Catalog) throws -> Int32 {
        if let oid = Int32(text.trimmed(" \t\n\r")) { return oid }
        var parts = try Session.qualifiedNameParts(text)
        if parts.count == 3 {
            guard parts[0] == database else {
                throw SQLError.notSupported(
                    "cross-database references are not implemented: \"\(text)\"")
            }
            parts.removeFirst()
        }
        let missing = SQLError(
            SQLState.undefinedTable, "relation \"\(parts.joined(separator: "."))\" does not exist")
        switch parts.count {
        case 1:
            for schema in searchPathSchemas(catalog) {
                if let oid = catalog.relationOID(named: parts[0], in: schema) { return oid }
            }
            throw missing
        case 2:
            guard catalog.schemas.contains(parts[0]) else {
                throw SQLError(SQLState.invalidSchemaName, "schema \"\(parts[0])\" does not exist")
            }
            guard let oid = catalog.relationOID(named: parts[1], in: parts[0]) else {
                throw missing
            }
            return oid
        default:
            throw SQLError(
                SQLState.syntaxError,
                "improper relation name (too many dotted names): \(parts.joined(separator: "."))")
        }
    }

    /// regclassout: the relation's name, schema-qualified when the search
    /// path would find another relation (or none) by the bare name; the
    /// number when no relation has the OID.
    package func regclassText(_ oid: Int32, catalog: Catalog) -> String {
        guard let (schema, relation) = catalog.relationIdentity(oid) else { return String(oid) }
        let found = searchPathSchemas(catalog).first {
            catalog.relation(named: relation, in: $0) != nil
        }
        let name = ruleQuoteIdentifier(relation)
        return found == schema ? name : ruleQuoteIdentifier(schema) + "." + name
    }

    /// regnamespacein: a schema's name (or an OID as digits).
    package func regnamespaceOID(_ text: String, catalog: Catalog) throws -> Int32 {
        if let oid = Int32(text.trimmed(" \t\n\r")) { return oid }
        let parts = try Session.qualifiedNameParts(text)
        guard parts.count == 1 else {
            throw SQLError(SQLState.invalidName, "invalid name syntax")
        }
        guard let oid = catalog.schemaOIDs[parts[0]] else {
            throw SQLError(SQLState.invalidSchemaName, "schema \"\(parts[0])\" does not exist")
        }
        return oid
    }

    /// regtypein: a type name as written in SQL (or an OID as digits).
    package func regtypeOID(_ text: String) throws -> Int32 {
        if let oid = Int32(text.trimmed(" \t\n\r")) { return oid }
        return try resolveTypeName(Parser.parseTypeName(text)).oid
    }

    /// The reg* input functions that read the catalog: regclass,
    /// regnamespace, regtype; nil for other types.
    func catalogTypeInput(_ text: String, type: PGType, catalog: Catalog) throws -> Value? {
        switch type.oid {
        case PGType.regclass.oid: return .int4(try regclassOID(text, catalog: catalog))
        case PGType.regnamespace.oid: return .int4(try regnamespaceOID(text, catalog: catalog))
        case PGType.regtype.oid: return .int4(try regtypeOID(text))
        default: return nil
        }
    }

    /// A result whose regclass values are replaced by the text they print
    /// as, for callers that format values without a catalog.
    func printingRegclass(_ result: QueryResult) -> QueryResult {
        guard let columns = result.columns,
            columns.contains(where: { $0.type.oid == PGType.regclass.oid })
        else { return result }
        let current = catalog
        var copy = result
        for (index, column) in columns.enumerated() where column.type.oid == PGType.regclass.oid {
            for row in copy.rows.indices {
                if case .int4(let oid) = copy.rows[row][index] {
                    copy.rows[row][index] = .text(regclassText(oid, catalog: current))
                }
            }
        }
        return copy
    }

    /// Splits a name as stringToQualifiedNameList does.
    static func qualifiedNameParts(_ text: String) throws -> [String] {
        guard let parts = splitIdentifiers(text, separator: "."), !parts.isEmpty else {
            throw SQLError(SQLState.invalidName, "invalid name syntax")
        }
        return parts
    }
}
