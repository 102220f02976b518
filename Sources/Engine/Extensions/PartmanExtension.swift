// `CREATE EXTENSION pg_partman SCHEMA partman`: pg_partman 4.7.2, the
// version Debian ships for PostgreSQL 15. Its configuration tables are
// real tables with 4.7.2's columns, defaults and checks, so updates to
// part_config take effect in the next maintenance run. Its functions,
// PL/pgSQL in pg_partman, are the native functions of PartmanLibrary
// here, declared with pg_partman's signatures so named arguments and
// defaults work as they do there.
// TODO(#6): trigger-based (non-native) partitioning, sub-partitioning,
// undo_partition, partition_data_*, the pg_jobmon integration and the
// background worker.

/// The pg_partman extension package.
final class PartmanExtension: ExtensionPackage {
    let name = "pg_partman"
    let version = "4.7.2"
    let comment = "Extension to manage partitioned tables by time or ID"
    let libraryName: String? = PartmanLibrary.name

    func installScript() -> String {
        Self.tables + Self.functions
    }

    // TODO(#6): part_config_sub's deferrable foreign key to part_config,
    // the GiST index on custom_time_partitions and the check_default_table
    // composite type (check_default returns its columns as a table).
    static let tables: String = """
        CREATE TABLE @extschema@.part_config (
            parent_table text NOT NULL, control text NOT NULL,
            partition_type text NOT NULL, partition_interval text NOT NULL,
            constraint_cols text[], premake int NOT NULL DEFAULT 4,
            optimize_trigger int NOT NULL DEFAULT 4,
            optimize_constraint int NOT NULL DEFAULT 30,
            epoch text NOT NULL DEFAULT 'none', inherit_fk boolean NOT NULL DEFAULT true,
            retention text, retention_schema text,
            retention_keep_table boolean NOT NULL DEFAULT true,
            retention_keep_index boolean NOT NULL DEFAULT true,
            infinite_time_partitions boolean NOT NULL DEFAULT false,
            datetime_string text, automatic_maintenance text NOT NULL DEFAULT 'on',
            jobmon boolean NOT NULL DEFAULT true,
            sub_partition_set_full boolean NOT NULL DEFAULT false,
            undo_in_progress boolean NOT NULL DEFAULT false,
            trigger_exception_handling BOOLEAN DEFAULT false,
            upsert text NOT NULL DEFAULT '', trigger_return_null boolean NOT NULL DEFAULT true,
            template_table text, publications text[],
            inherit_privileges boolean DEFAULT false,
            constraint_valid boolean DEFAULT true NOT NULL, subscription_refresh text,
            drop_cascade_fk BOOLEAN NOT NULL DEFAULT false,
            ignore_default_data boolean NOT NULL DEFAULT false,
            CONSTRAINT part_config_parent_table_pkey PRIMARY KEY (parent_table),
            CONSTRAINT positive_premake_check CHECK (premake > 0),
            CONSTRAINT publications_no_empty_set_chk CHECK (publications <> '{}'),
            CONSTRAINT control_constraint_col_chk
                CHECK ((constraint_cols @> ARRAY[control]) <> true),
            CONSTRAINT retention_schema_not_empty_chk CHECK (retention_schema <> ''));
        CREATE TABLE @extschema@.part_config_sub (
            sub_parent text, sub_partition_type text NOT NULL, sub_control text NOT NULL,
            sub_partition_interval text NOT NULL, sub_constraint_cols text[],
            sub_premake int NOT NULL DEFAULT 4, sub_optimize_trigger int NOT NULL DEFAULT 4,
            sub_optimize_constraint int NOT NULL DEFAULT 30,
            sub_epoch text NOT NULL DEFAULT 'none',
            sub_inherit_fk boolean NOT NULL DEFAULT true, sub_retention text,
            sub_retention_schema text,
            sub_retention_keep_table boolean NOT NULL DEFAULT true,
            sub_retention_keep_index boolean NOT NULL DEFAULT true,
            sub_infinite_time_partitions boolean NOT NULL DEFAULT false,
            sub_automatic_maintenance text NOT NULL DEFAULT 'on',
            sub_jobmon boolean NOT NULL DEFAULT true,
            sub_trigger_exception_handling BOOLEAN DEFAULT false,
            sub_upsert TEXT NOT NULL DEFAULT '',
            sub_trigger_return_null boolean NOT NULL DEFAULT true,
            sub_template_table text, sub_inherit_privileges boolean DEFAULT false,
            sub_constraint_valid boolean DEFAULT true NOT NULL,
            sub_subscription_refresh text, sub_date_trunc_interval TEXT,
            sub_ignore_default_data boolean NOT NULL DEFAULT false,
            CONSTRAINT part_config_sub_pkey PRIMARY KEY (sub_parent),
            CONSTRAINT positive_premake_check CHECK (sub_premake > 0),
            CONSTRAINT control_constraint_col_chk
                CHECK ((sub_constraint_cols @> ARRAY[sub_control]) <> true),
            CONSTRAINT retention_schema_not_empty_chk CHECK (sub_retention_schema <> ''));
        CREATE TABLE @extschema@.custom_time_partitions (
            parent_table text NOT NULL, child_table text NOT NULL,
            partition_range tstzrange NOT NULL, PRIMARY KEY (parent_table, child_table));

        """

    static let functions: String = """
        CREATE FUNCTION @extschema@.create_parent(
            p_parent_table text, p_control text, p_type text, p_interval text,
            p_constraint_cols text[] DEFAULT NULL, p_premake int DEFAULT 4,
            p_automatic_maintenance text DEFAULT 'on', p_start_partition text DEFAULT NULL,
            p_inherit_fk boolean DEFAULT true, p_epoch text DEFAULT 'none',
            p_upsert text DEFAULT '', p_publications text[] DEFAULT NULL,
            p_trigger_return_null boolean DEFAULT true, p_template_table text DEFAULT NULL,
            p_jobmon boolean DEFAULT true, p_date_trunc_interval text DEFAULT NULL)
            RETURNS boolean LANGUAGE C AS 'MODULE_PATHNAME', 'create_parent';
        CREATE FUNCTION @extschema@.run_maintenance(
            p_parent_table text DEFAULT NULL, p_analyze boolean DEFAULT NULL,
            p_jobmon boolean DEFAULT true) RETURNS void
            LANGUAGE C AS 'MODULE_PATHNAME', 'run_maintenance';
        CREATE FUNCTION @extschema@.show_partitions(
            p_parent_table text, p_order text DEFAULT 'ASC',
            p_include_default boolean DEFAULT false)
            RETURNS TABLE (partition_schemaname text, partition_tablename text)
            LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'show_partitions';
        CREATE FUNCTION @extschema@.show_partition_info(
            p_child_table text, p_partition_interval text DEFAULT NULL,
            p_parent_table text DEFAULT NULL, OUT child_start_time timestamptz,
            OUT child_end_time timestamptz, OUT child_start_id bigint,
            OUT child_end_id bigint, OUT suffix text) RETURNS record
            LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'show_partition_info';
        CREATE FUNCTION @extschema@.show_partition_name(
            p_parent_table text, p_value text, OUT partition_schema text,
            OUT partition_table text, OUT suffix_timestamp timestamptz, OUT suffix_id bigint,
            OUT table_exists boolean) RETURNS record
            LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'show_partition_name';
        CREATE FUNCTION @extschema@.drop_partition_time(
            p_parent_table text, p_retention interval DEFAULT NULL,
            p_keep_table boolean DEFAULT NULL, p_keep_index boolean DEFAULT NULL,
            p_retention_schema text DEFAULT NULL,
            p_reference_timestamp timestamptz DEFAULT CURRENT_TIMESTAMP) RETURNS int
            LANGUAGE C AS 'MODULE_PATHNAME', 'drop_partition_time';
        CREATE FUNCTION @extschema@.check_default(p_exact_count boolean DEFAULT true)
            RETURNS TABLE (default_table text, count bigint)
            LANGUAGE C STABLE AS 'MODULE_PATHNAME', 'check_default';
        CREATE FUNCTION @extschema@.check_name_length(
            p_object_name text, p_suffix text DEFAULT NULL,
            p_table_partition boolean DEFAULT false) RETURNS text
            LANGUAGE C IMMUTABLE AS 'MODULE_PATHNAME', 'check_name_length';
        """
}
