// `\sv[+] VIEW`: psql's exec_command_sf_sv for views. The name is looked
// up as regclass, the definition read with pg_get_viewdef(oid, true) and
// shown as the CREATE OR REPLACE VIEW statement that would recreate it
// (get_create_object_cmd), `+` numbering its lines.

import Engine

extension PsqlShell {
    /// `\sv` and `\sv+`.
    func showViewCommand(_ name: String, _ arguments: inout SlashArguments) -> SlashResult {
        guard let description = arguments.next(.wholeLine), !description.isEmpty else {
            logError("view name is required")
            return .error
        }
        let literal = "'" + description.replacingOccurrences(of: "'", with: "''") + "'"
        guard
            let found = minimalQuery(
                "SELECT \(literal)::pg_catalog.regclass::pg_catalog.oid"),
            case .some(.some(let oid)) = found.rows.first?.first
        else { return .error }
        let sql = """
            SELECT nspname, relname, relkind, pg_catalog.pg_get_viewdef(c.oid, true) \
            FROM pg_catalog.pg_class c LEFT JOIN pg_catalog.pg_namespace n \
            ON c.relnamespace = n.oid WHERE c.oid = \(oid)
            """
        guard let result = minimalQuery(sql), let row = result.rows.first, row.count == 4,
            case .some(let schema) = row[0], case .some(let relation) = row[1]
        else { return .error }
        guard row[2] == "v", case .some(var definition) = row[3] else {
            logError("\"\(schema).\(relation)\" is not a view")
            return .error
        }
        if definition.hasSuffix(";") { definition.removeLast() }
        let text =
            "CREATE OR REPLACE VIEW \(quoteIdentifier(schema)).\(quoteIdentifier(relation)) AS\n"
            + definition
        if name.hasSuffix("+") {
            for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false)
                .enumerated()
            {
                let number = String(index + 1)
                let padding = String(repeating: " ", count: max(7 - number.count, 0))
                console.write(number + padding + " " + line + "\n")
            }
        } else {
            console.write(text + "\n")
        }
        return .skip
    }

    /// Runs a query of psql's own and reports a failure as
    /// minimal_error_message does: `SEVERITY:  message` only.
    private func minimalQuery(_ sql: String) -> ResultSet? {
        var result: ResultSet?
        var failure: ServerMessage?
        connection.run(sql) { event in
            switch event {
            case .notice: break
            case .error(let message): failure = message
            case .result(let set): result = set
            }
        }
        if let failure {
            logError("\(failure.severity):  \(failure.message)")
            return nil
        }
        return result
    }
}
