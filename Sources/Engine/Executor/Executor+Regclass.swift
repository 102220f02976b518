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
                if let oid = catalog.relation(named: parts[0], in: schema) { return oid }
            }
            throw missing
        case 2:
            guard catalog.schemas.contains(parts[0]) else {
                throw SQLError(SQLState.invalidSchemaName, "schema \"\(parts[0])\" does not exist")
            }
            guard let oid = catalog.relation(named: parts[1], in: parts[0]) else { throw missing }
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
        guard let table = catalog.table(oid) else { return String(oid) }
        let found = searchPathSchemas(catalog).first {
            catalog.relation(named: table.name, in: $0) != nil
        }
        let name = ruleQuoteIdentifier(table.name)
        return found == table.schema ? name : ruleQuoteIdentifier(table.schema) + "." + name
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
