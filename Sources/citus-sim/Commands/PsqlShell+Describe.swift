// psql's describe commands (describe.c). The list commands (`\d`, `\dt`,
// `\di`, `\dv`, `\ds` with `+`, `\dn+`, `\l`, `\du`) send psql's own catalog
// queries (PsqlShell+DescribeQueries.swift); `\dn`, `\dx` and
// `\d NAME` (describeTableDetails, in PsqlShell+DescribeTable.swift) still
// read the node's catalog summaries, laid out as psql lays out its
// queries' results.

import Engine

extension PsqlShell {
    /// Runs a describe command.
    func describeCommand(_ name: String, _ arguments: inout SlashArguments) -> SlashResult {
        let verbose = name.hasSuffix("+")
        let base = verbose ? String(name.dropLast()) : name
        let patternText = arguments.next(.normal, stripSemicolons: true)
        let unsupported = base == "l" || base == "list" || base == "dx"
        if verbose && unsupported {
            while arguments.next(.normal) != nil {}
            // TODO(#6): \dx+ (pg_describe_object of the extension's members) and
            // \l+ (pg_database_size) in the REPL.
            logError("\\\(name) is not supported by citus-sim")
            return .error
        }
        var pattern: DescribePattern?
        if let patternText {
            let maxParts = ["dn", "dx", "l", "list", "du", "dg"].contains(base) ? 1 : 2
            switch DescribePattern.parse(
                patternText, maxParts: maxParts, database: connection.database)
            {
            case .success(let parsed): pattern = parsed
            case .failure(let error):
                logError(error.message)
                return .error
            }
        }
        guard checkConnected() else { return .error }
        switch base {
        case "d" where pattern == nil:
            return listTables(RelationKinds(all: true), verbose: verbose, pattern: nil)
        case "dt":
            return listTables(RelationKinds(tables: true), verbose: verbose, pattern: pattern)
        case "di":
            return listTables(RelationKinds(indexes: true), verbose: verbose, pattern: pattern)
        case "dv":
            return listTables(RelationKinds(views: true), verbose: verbose, pattern: pattern)
        case "ds":
            return listTables(RelationKinds(sequences: true), verbose: verbose, pattern: pattern)
        case "dn" where verbose:
            return listSchemasVerbose(pattern)
        case "l", "list":
            return listDatabases(pattern)
        case "du", "dg":
            return listRoles(pattern, verbose: verbose)
        case "df":
            if arguments.next(.normal, stripSemicolons: true) != nil {
                while arguments.next(.normal) != nil {}
                // TODO(#6): argument type patterns of \df.
                logError("\\df with argument type patterns is not supported by citus-sim")
                return .error
            }
            return listFunctions(pattern, verbose: verbose)
        default:
            break
        }
        guard let session = (connection as? EngineConnection)?.session else {
            while arguments.next(.normal) != nil {}
            logError("\\\(name) needs an embedded node")
            return .error
        }
        do {
            switch base {
            case "d":
                guard let pattern else { return .skip }
                return try describeTableDetails(pattern, session: session, verbose: verbose)
            case "dn":
                return try listSchemas(pattern, session: session)
            default:
                return try listExtensions(pattern, session: session)
            }
        } catch let error as SQLError {
            logInfo(
                messageFormatter.format(EngineConnection.message(error), query: "", isError: true))
            return .error
        } catch {
            logError("\(error)")
            return .error
        }
    }

    /// Draws a describe result with the current print settings;
    /// `\d NAME` never uses the expanded layout.
    func printDescribeTable(_ table: TableContent, allowExpanded: Bool = true) {
        var options = printOptions
        if !allowExpanded { options.expanded = .off }
        var printer = TablePrinter(options: options)
        printer.terminalColumns = console.terminalColumns
        var text = ""
        printer.print(table, to: &text)
        console.write(text)
        console.flush()
    }

    /// Schema then name, in byte order (the `name` type's C collation).
    static func describeOrder(_ a: (String, String), _ b: (String, String)) -> Bool {
        if a.0 != b.0 { return a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
        return a.1.utf8.lexicographicallyPrecedes(b.1.utf8)
    }

    /// True for the schemas psql hides from unpatterned lists.
    private static func isSystemSchema(_ schema: String) -> Bool {
        schema == "pg_catalog" || schema == "information_schema" || schema.hasPrefix("pg_toast")
    }

    /// listSchemas: names and owners, system schemas only when a pattern
    /// asks for them.
    private func listSchemas(_ pattern: DescribePattern?, session: Session) throws -> SlashResult {
        let schemas = try session.describeSchemas().filter { s in
            guard let pattern else {
                return !s.name.hasPrefix("pg_") && s.name != "information_schema"
            }
            return pattern.matches(schema: "", name: s.name, isVisible: true)
        }
        .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        printDescribeTable(
            TableContent(
                headers: ["Name", "Owner"], alignments: [.left, .left],
                rows: schemas.map { [$0.name, $0.owner] }, title: "List of schemas"))
        return .skip
    }

    /// listExtensions: name, version, schema and comment, by name.
    private func listExtensions(_ pattern: DescribePattern?, session: Session) throws
        -> SlashResult
    {
        let extensions = try session.describeExtensions().filter { e in
            pattern?.matches(schema: "", name: e.name, isVisible: true) ?? true
        }
        .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
        if extensions.isEmpty, let pattern, !quiet {
            logError("Did not find any extension named \"\(pattern.text)\".")
            return .skip
        }
        printDescribeTable(
            TableContent(
                headers: ["Name", "Version", "Schema", "Description"],
                alignments: [.left, .left, .left, .left],
                rows: extensions.map { [$0.name, $0.version, $0.schema, $0.description] },
                title: "List of installed extensions"))
        return .skip
    }
}
