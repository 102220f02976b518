// psql's list commands as psql 15 runs them (describe.c): the same
// catalog queries, sent over the connection like any query, and their
// results printed with psql's titles: `\d` without a pattern and `\dt`,
// `\di`, `\dv`, `\ds` (listTables), each with `+`; `\df` and `\df+`
// (describeFunctions); `\dn+` (listSchemas);
// `\l` (listAllDbs); `\du` and `\dg` (describeRoles), whose Attributes
// column psql composes from the role's flags.

extension PsqlShell {
    /// Which relations a listTables command shows.
    struct RelationKinds {
        var tables = false
        var indexes = false
        var views = false
        var sequences = false
        /// `\d`: every kind but indexes (foreign tables and materialized
        /// views included).
        var all = false
    }

    /// Runs `sql` for a describe command: its single result, nil after an
    /// error (printed as psql prints the errors of its own queries).
    func describeQuery(_ sql: String) -> ResultSet? {
        var result: ResultSet?
        var failed = false
        connection.run(sql) { event in
            switch event {
            case .notice(let message):
                logInfo(messageFormatter.format(message, query: sql, isError: false))
            case .error(let message):
                failed = true
                logInfo(messageFormatter.format(message, query: sql, isError: true))
            case .result(let set):
                result = set
            }
        }
        return failed ? nil : result
    }

    /// Prints a describe query's result under `title`; `defaultFooter`
    /// false leaves out `(N rows)` (printTable instead of printQuery).
    func printDescribeResult(
        _ result: ResultSet, title: String, defaultFooter: Bool = true,
        cells: (([String]) -> [String])? = nil, headers: [String]? = nil
    ) {
        var content = TableContent(result: result, options: printOptions)
        content.title = title
        if let cells { content.rows = content.rows.map(cells) }
        if let headers {
            content.headers = headers
            content.alignments = headers.map { _ in .left }
        }
        if !defaultFooter { content.footers = [] }
        printDescribeTable(content)
    }

    /// listTables: `\d`, `\dt`, `\di`, `\dv`, `\ds` and their `+` forms.
    func listTables(_ kinds: RelationKinds, verbose: Bool, pattern: DescribePattern?)
        -> SlashResult
    {
        let tables = kinds.tables || kinds.all
        let views = kinds.views || kinds.all
        let sequences = kinds.sequences || kinds.all
        let matViews = kinds.all
        let accessMethods = tables || matViews || kinds.indexes
        var sql = """
            SELECT n.nspname as "Schema",
              c.relname as "Name",
              CASE c.relkind WHEN 'r' THEN 'table' WHEN 'v' THEN 'view' \
            WHEN 'm' THEN 'materialized view' WHEN 'i' THEN 'index' WHEN 'S' THEN 'sequence' \
            WHEN 't' THEN 'TOAST table' WHEN 'f' THEN 'foreign table' \
            WHEN 'p' THEN 'partitioned table' WHEN 'I' THEN 'partitioned index' END as "Type",
              pg_catalog.pg_get_userbyid(c.relowner) as "Owner"
            """
        if kinds.indexes { sql += ",\n  c2.relname as \"Table\"" }
        if verbose {
            sql += ",\n  CASE c.relpersistence WHEN 'p' THEN 'permanent' WHEN 't' THEN "
            sql += "'temporary' WHEN 'u' THEN 'unlogged' END as \"Persistence\""
            if accessMethods { sql += ",\n  am.amname as \"Access method\"" }
            sql += ",\n  pg_catalog.pg_size_pretty(pg_catalog.pg_table_size(c.oid)) as \"Size\""
            sql += ",\n  pg_catalog.obj_description(c.oid, 'pg_class') as \"Description\""
        }
        sql += "\nFROM pg_catalog.pg_class c"
        sql += "\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        if accessMethods { sql += "\n     LEFT JOIN pg_catalog.pg_am am ON am.oid = c.relam" }
        if kinds.indexes {
            sql += "\n     LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = c.oid"
            sql += "\n     LEFT JOIN pg_catalog.pg_class c2 ON i.indrelid = c2.oid"
        }
        var relkinds: [String] = []
        if tables { relkinds += ["'r'", "'p'"] + (pattern != nil ? ["'t'"] : []) }
        if views { relkinds.append("'v'") }
        if matViews { relkinds.append("'m'") }
        if kinds.indexes { relkinds += ["'i'", "'I'"] }
        if sequences { relkinds.append("'S'") }
        if pattern != nil { relkinds.append("'s'") }
        if kinds.all { relkinds.append("'f'") }
        sql += "\nWHERE c.relkind IN (" + (relkinds + ["''"]).joined(separator: ",") + ")\n"
        if pattern == nil {
            sql += "      AND n.nspname <> 'pg_catalog'\n"
            sql += "      AND n.nspname !~ '^pg_toast'\n"
            sql += "      AND n.nspname <> 'information_schema'\n"
            sql += "  AND pg_catalog.pg_table_is_visible(c.oid)\n"
        } else if let pattern {
            sql += pattern.conditions(
                hasWhere: true, schemaColumn: "n.nspname", nameColumn: "c.relname",
                visibility: "pg_catalog.pg_table_is_visible(c.oid)")
        }
        sql += "ORDER BY 1,2;"
        guard let result = describeQuery(sql) else { return .error }
        if result.rows.isEmpty && !quiet {
            if let pattern {
                logError("Did not find any relation named \"\(pattern.text)\".")
            } else {
                logError("Did not find any relations.")
            }
            return .skip
        }
        printDescribeResult(result, title: "List of relations")
        return .skip
    }

    /// listSchemas with `+`: owners, access privileges and comments.
    func listSchemasVerbose(_ pattern: DescribePattern?) -> SlashResult {
        var sql = """
            SELECT n.nspname AS "Name",
              pg_catalog.pg_get_userbyid(n.nspowner) AS "Owner",
              pg_catalog.array_to_string(n.nspacl, E'\\n') AS "Access privileges",
              pg_catalog.obj_description(n.oid, 'pg_namespace') AS "Description"
            FROM pg_catalog.pg_namespace n

            """
        if let pattern {
            sql += pattern.conditions(
                hasWhere: false, schemaColumn: nil, nameColumn: "n.nspname", visibility: nil)
        } else {
            sql += "WHERE n.nspname !~ '^pg_' AND n.nspname <> 'information_schema'\n"
        }
        sql += "ORDER BY 1;"
        guard let result = describeQuery(sql) else { return .error }
        printDescribeResult(result, title: "List of schemas")
        return .skip
    }

    /// describeFunctions: `\df [PATTERN]` and `\df+`, every kind of
    /// function, system schemas left out unless a pattern names them.
    func listFunctions(_ pattern: DescribePattern?, verbose: Bool) -> SlashResult {
        var sql = """
            SELECT n.nspname as "Schema",
              p.proname as "Name",
              pg_catalog.pg_get_function_result(p.oid) as "Result data type",
              pg_catalog.pg_get_function_arguments(p.oid) as "Argument data types",
             CASE p.prokind
              WHEN 'a' THEN 'agg'
              WHEN 'w' THEN 'window'
              WHEN 'p' THEN 'proc'
              ELSE 'func'
             END as "Type"
            """
        if verbose {
            sql += """
                ,
                 CASE
                  WHEN p.provolatile = 'i' THEN 'immutable'
                  WHEN p.provolatile = 's' THEN 'stable'
                  WHEN p.provolatile = 'v' THEN 'volatile'
                 END as "Volatility",
                 CASE
                  WHEN p.proparallel = 'r' THEN 'restricted'
                  WHEN p.proparallel = 's' THEN 'safe'
                  WHEN p.proparallel = 'u' THEN 'unsafe'
                 END as "Parallel",
                 pg_catalog.pg_get_userbyid(p.proowner) as "Owner",
                 CASE WHEN prosecdef THEN 'definer' ELSE 'invoker' END AS "Security",
                 pg_catalog.array_to_string(p.proacl, E'\\n') AS "Access privileges",
                 l.lanname as "Language",
                 COALESCE(pg_catalog.pg_get_function_sqlbody(p.oid), p.prosrc) as "Source code",
                 pg_catalog.obj_description(p.oid, 'pg_proc') as "Description"
                """
        }
        sql += "\nFROM pg_catalog.pg_proc p"
        sql += "\n     LEFT JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace\n"
        if verbose { sql += "     LEFT JOIN pg_catalog.pg_language l ON l.oid = p.prolang\n" }
        let visibility = "pg_catalog.pg_function_is_visible(p.oid)"
        if let pattern {
            sql += pattern.conditions(
                hasWhere: false, schemaColumn: "n.nspname", nameColumn: "p.proname",
                visibility: visibility)
        } else {
            sql += "WHERE " + visibility + "\n"
            sql += "      AND n.nspname <> 'pg_catalog'\n"
            sql += "      AND n.nspname <> 'information_schema'\n"
        }
        sql += "ORDER BY 1, 2, 4;"
        guard let result = describeQuery(sql) else { return .error }
        printDescribeResult(result, title: "List of functions")
        return .skip
    }

    /// listAllDbs: `\l [PATTERN]`.
    func listDatabases(_ pattern: DescribePattern?) -> SlashResult {
        var sql = """
            SELECT d.datname as "Name",
                   pg_catalog.pg_get_userbyid(d.datdba) as "Owner",
                   pg_catalog.pg_encoding_to_char(d.encoding) as "Encoding",
                   d.datcollate as "Collate",
                   d.datctype as "Ctype",
                   d.daticulocale as "ICU Locale",
                   CASE d.datlocprovider WHEN 'c' THEN 'libc' WHEN 'i' THEN 'icu' END \
            AS "Locale Provider",
                   pg_catalog.array_to_string(d.datacl, E'\\n') AS "Access privileges"
            FROM pg_catalog.pg_database d

            """
        if let pattern {
            sql += pattern.conditions(
                hasWhere: false, schemaColumn: nil, nameColumn: "d.datname", visibility: nil)
        }
        sql += "ORDER BY 1;"
        guard let result = describeQuery(sql) else { return .error }
        printDescribeResult(result, title: "List of databases")
        return .skip
    }

    /// describeRoles: `\du` / `\dg`, each role's flags spelt out as psql
    /// does (Superuser, No inheritance, Create role, Create DB, Cannot
    /// login, Replication, Bypass RLS; then the connection limit and the
    /// password's expiry on lines of their own).
    func listRoles(_ pattern: DescribePattern?, verbose: Bool) -> SlashResult {
        var sql = """
            SELECT r.rolname, r.rolsuper, r.rolinherit,
              r.rolcreaterole, r.rolcreatedb, r.rolcanlogin,
              r.rolconnlimit, r.rolvaliduntil,
              ARRAY(SELECT b.rolname
                    FROM pg_catalog.pg_auth_members m
                    JOIN pg_catalog.pg_roles b ON (m.roleid = b.oid)
                    WHERE m.member = r.oid) as memberof

            """
        if verbose { sql += ", pg_catalog.shobj_description(r.oid, 'pg_authid') AS description\n" }
        sql += ", r.rolreplication\n, r.rolbypassrls\nFROM pg_catalog.pg_roles r\n"
        if let pattern {
            sql += pattern.conditions(
                hasWhere: false, schemaColumn: nil, nameColumn: "r.rolname", visibility: nil)
        } else {
            sql += "WHERE r.rolname !~ '^pg_'\n"
        }
        sql += "ORDER BY 1;"
        guard let result = describeQuery(sql) else { return .error }
        var headers = ["Role name", "Attributes", "Member of"]
        if verbose { headers.append("Description") }
        printDescribeResult(
            result, title: "List of roles", defaultFooter: false,
            cells: { row in
                var cells = [row[0], PsqlShell.roleAttributes(row, verbose: verbose), row[8]]
                if verbose { cells.append(row[9]) }
                return cells
            }, headers: headers)
        return .skip
    }

    /// The Attributes cell of describeRoles from one row of its query.
    static func roleAttributes(_ row: [String], verbose: Bool) -> String {
        var flags: [String] = []
        if row[1] == "t" { flags.append("Superuser") }
        if row[2] != "t" { flags.append("No inheritance") }
        if row[3] == "t" { flags.append("Create role") }
        if row[4] == "t" { flags.append("Create DB") }
        if row[5] != "t" { flags.append("Cannot login") }
        if row[verbose ? 10 : 9] == "t" { flags.append("Replication") }
        if row[verbose ? 11 : 10] == "t" { flags.append("Bypass RLS") }
        var text = flags.joined(separator: ", ")
        if let connections = Int(row[6]), connections >= 0 {
            if !text.isEmpty { text += "\n" }
            text +=
                connections == 0
                ? "No connections"
                : connections == 1 ? "1 connection" : "\(connections) connections"
        }
        if !row[7].isEmpty {
            if !text.isEmpty { text += "\n" }
            text += "Password valid until " + row[7]
        }
        return text
    }
}
