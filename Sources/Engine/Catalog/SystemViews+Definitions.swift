// The system views defined in SQL over the catalogs, as
// system_views.sql and information_schema.sql define them: pg_views and
// information_schema.views. They call pg_get_viewdef per row, so a scan
// that filters on the name only prints the views it keeps (the engine's
// own views, whose queries read row functions PostgreSQL does not have,
// raise 0A000 when their definition is asked for).
import SQLParser

extension SystemViews {
    /// Each view: schema, name, PostgreSQL's OID, columns and query.
    private static let definedViews:
        [(schema: String, name: String, oid: RelationID, columns: [String], sql: String)] = [
            (
                "pg_catalog", "pg_views", 12028,
                ["schemaname name, viewname name, viewowner name, definition text"],
                """
                SELECT n.nspname AS schemaname, c.relname AS viewname,
                    pg_catalog.pg_get_userbyid(c.relowner) AS viewowner,
                    pg_catalog.pg_get_viewdef(c.oid) AS definition
                FROM pg_catalog.pg_class c
                    LEFT JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
                WHERE c.relkind = 'v'
                """
            ),
            (
                "information_schema", "views", 13483,
                [
                    "table_catalog name, table_schema name, table_name name, ",
                    "view_definition varchar, check_option varchar, is_updatable varchar, ",
                    "is_insertable_into varchar, is_trigger_updatable varchar, ",
                    "is_trigger_deletable varchar, is_trigger_insertable_into varchar",
                ],
                // TODO(#6): CHECK OPTION and INSTEAD OF triggers (neither
                // exists in the engine: NONE and NO).
                """
                SELECT pg_catalog.current_database()::name AS table_catalog,
                    nc.nspname AS table_schema, c.relname AS table_name,
                    pg_catalog.pg_get_viewdef(c.oid)::varchar AS view_definition,
                    'NONE'::varchar AS check_option,
                    CASE WHEN pg_catalog.pg_relation_is_updatable(c.oid, false) & 20 = 20
                        THEN 'YES' ELSE 'NO' END::varchar AS is_updatable,
                    CASE WHEN pg_catalog.pg_relation_is_updatable(c.oid, false) & 8 = 8
                        THEN 'YES' ELSE 'NO' END::varchar AS is_insertable_into,
                    'NO'::varchar AS is_trigger_updatable,
                    'NO'::varchar AS is_trigger_deletable,
                    'NO'::varchar AS is_trigger_insertable_into
                FROM pg_catalog.pg_namespace nc, pg_catalog.pg_class c
                WHERE c.relnamespace = nc.oid AND c.relkind = 'v'
                """
            ),
        ]

    /// Adds the SQL-defined system views to `catalog`.
    static func installDefinedViews(into catalog: inout Catalog) {
        for spec in definedViews {
            var parser = Parser(spec.sql)
            guard case .select(let query)? = try? parser.parseStatements().first?.statement
            else { continue }
            var view = ViewDefinition(
                oid: spec.oid, schema: spec.schema, name: spec.name,
                columns: SystemCatalogs.columns(spec.columns), query: query, dependencies: [],
                isSystem: true)
            view.filtersFirst = true
            catalog.addView(view)
        }
    }
}
