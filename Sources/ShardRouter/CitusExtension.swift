// `CREATE EXTENSION citus`: Citus 12.1's metadata tables in pg_catalog and
// its user-facing functions, declared as the extension's script declares
// them (C functions of the citus library). Citus also creates
// citus_columnar, which pg_extension lists beside it.
import Engine

/// The citus extension package.
final class CitusExtension: ExtensionPackage {
    let name = "citus"
    let version = "12.1-1"
    let fixedSchema: String? = "pg_catalog"
    let libraryName: String? = "citus"
    let comment = "Citus distributed database"

    func installScript() -> String {
        Self.script
    }

    func didInstall(session: Session, schema: String) throws {
        try session.recordExtension(
            "citus_columnar", version: "11.3-1", schema: "pg_catalog",
            comment: "Citus Columnar extension")
    }

    /// The parameters the citus library defines when it loads, with
    /// Citus 12.1's defaults.
    static let settings: [String: SettingDefinition] = {
        let list: [SettingDefinition] = [
            SettingDefinition(
                name: "citus.shard_count", kind: .integer(range: 1...64_000, unit: nil),
                defaultValue: "32"),
            SettingDefinition(
                name: "citus.shard_replication_factor", kind: .integer(range: 1...100, unit: nil),
                defaultValue: "1"),
            SettingDefinition(
                name: "citus.next_shard_id", kind: .integer(range: 0...Int(Int32.max), unit: nil),
                defaultValue: "0"),
            SettingDefinition(
                name: "citus.multi_shard_modify_mode",
                kind: .enumeration(["sequential", "parallel"]), defaultValue: "parallel"),
            SettingDefinition(
                name: "citus.log_remote_commands", kind: .boolean, defaultValue: "off"),
            SettingDefinition(name: "citus.explain_all_tasks", kind: .boolean, defaultValue: "off"),
            SettingDefinition(
                name: "citus.explain_analyze_sort_method",
                kind: .enumeration(["execution-time", "taskId"]), defaultValue: "execution-time"),
            SettingDefinition(
                name: "citus.enable_ddl_propagation", kind: .boolean, defaultValue: "on"),
            SettingDefinition(
                name: "citus.count_distinct_error_rate", kind: .real(range: 0...1),
                defaultValue: "0"),
            SettingDefinition(
                name: "citus.enable_repartition_joins", kind: .boolean, defaultValue: "off"),
            SettingDefinition(
                name: "citus.show_shards_for_app_name_prefixes", kind: .string, defaultValue: ""),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()

    // The citus_tables and citus_shards views follow Citus 12.1's
    // definitions (its udfs/citus_tables and udfs/citus_shards scripts)
    // without the parts for features the simulator lacks: schema-based
    // sharding (pg_dist_schema) and extension-owned tables (pg_depend).
    // TODO(#6): table_owner from pg_class.relowner once pg_class exists;
    // every relation belongs to the bootstrap superuser until then.
    // pg_dist_background_job and pg_dist_background_task have the columns
    // of Citus 11.1's script (citus--11.0-4--11.1-1.sql) and 11.3's
    // nodes_involved. TODO(#6): task.owner is a regrole and task.job_id
    // references the job in Citus; neither regrole nor foreign keys exist
    // in the engine yet, so owner is a name and the reference unchecked.
    // TODO(#6): noderole, citus.distribution_type and
    // citus.shard_transfer_mode are enums in Citus; they are text here
    // until CREATE TYPE .. AS ENUM exists (and citus_rebalance_status'
    // state and the background job's state and task's status, a
    // citus_job_status and a citus_task_status).
    static let script = """
        CREATE SCHEMA citus;
        CREATE SCHEMA citus_internal;
        CREATE TABLE pg_catalog.pg_dist_partition (
            logicalrelid regclass NOT NULL,
            partmethod "char" NOT NULL,
            partkey text,
            colocationid integer DEFAULT 0 NOT NULL,
            repmodel "char" DEFAULT 'c' NOT NULL,
            autoconverted boolean DEFAULT false);
        CREATE TABLE pg_catalog.pg_dist_shard (
            logicalrelid regclass NOT NULL,
            shardid bigint NOT NULL,
            shardstorage "char" NOT NULL,
            shardminvalue text,
            shardmaxvalue text);
        CREATE TABLE pg_catalog.pg_dist_placement (
            placementid bigint NOT NULL,
            shardid bigint NOT NULL,
            shardstate integer NOT NULL,
            shardlength bigint NOT NULL,
            groupid integer NOT NULL);
        CREATE TABLE pg_catalog.pg_dist_node (
            nodeid integer NOT NULL,
            groupid integer NOT NULL,
            nodename text NOT NULL,
            nodeport integer DEFAULT 5432 NOT NULL,
            noderack text DEFAULT 'default' NOT NULL,
            hasmetadata boolean DEFAULT false NOT NULL,
            isactive boolean DEFAULT true NOT NULL,
            noderole text DEFAULT 'primary' NOT NULL,
            nodecluster name DEFAULT 'default' NOT NULL,
            metadatasynced boolean DEFAULT false,
            shouldhaveshards boolean DEFAULT true NOT NULL);
        CREATE TABLE pg_catalog.pg_dist_colocation (
            colocationid integer NOT NULL,
            shardcount integer NOT NULL,
            replicationfactor integer NOT NULL,
            distributioncolumntype oid NOT NULL,
            distributioncolumncollation oid DEFAULT 0 NOT NULL);
        CREATE TABLE pg_catalog.pg_dist_background_job (
            job_id bigserial NOT NULL,
            state text DEFAULT 'scheduled' NOT NULL,
            job_type name NOT NULL,
            description text NOT NULL,
            started_at timestamptz,
            finished_at timestamptz,
            CONSTRAINT pg_dist_background_job_pkey PRIMARY KEY (job_id));
        CREATE TABLE pg_catalog.pg_dist_background_task (
            job_id bigint NOT NULL,
            task_id bigserial NOT NULL,
            owner name DEFAULT CURRENT_USER NOT NULL,
            pid integer,
            status text DEFAULT 'runnable' NOT NULL,
            command text NOT NULL,
            retry_count integer,
            not_before timestamptz,
            message text DEFAULT '' NOT NULL,
            nodes_involved integer[],
            CONSTRAINT pg_dist_background_task_pkey PRIMARY KEY (task_id),
            CONSTRAINT pg_dist_background_task_job_id_task_id UNIQUE (job_id, task_id));
        CREATE FUNCTION pg_catalog.citus_version() RETURNS text
            LANGUAGE C STABLE STRICT AS 'MODULE_PATHNAME', 'citus_version';
        CREATE FUNCTION pg_catalog.citus_set_coordinator_host(
            host text, port integer DEFAULT 5432, node_role text DEFAULT 'primary',
            node_cluster name DEFAULT 'default') RETURNS void
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_set_coordinator_host';
        CREATE FUNCTION pg_catalog.citus_add_node(
            nodename text, nodeport integer, groupid integer DEFAULT -1,
            noderole text DEFAULT 'primary', nodecluster name DEFAULT 'default')
            RETURNS integer LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_add_node';
        CREATE FUNCTION pg_catalog.citus_get_active_worker_nodes(
            OUT node_name text, OUT node_port bigint) RETURNS SETOF record
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_get_active_worker_nodes';
        CREATE FUNCTION pg_catalog.run_command_on_workers(
            command text, parallel boolean DEFAULT true, OUT nodename text,
            OUT nodeport integer, OUT success boolean, OUT result text) RETURNS SETOF record
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'run_command_on_workers';
        CREATE FUNCTION pg_catalog.create_distributed_table(
            table_name regclass, distribution_column text,
            distribution_type text DEFAULT 'hash', colocate_with text DEFAULT 'default',
            shard_count integer DEFAULT NULL) RETURNS void
            LANGUAGE C AS 'MODULE_PATHNAME', 'create_distributed_table';
        CREATE FUNCTION pg_catalog.truncate_local_data_after_distributing_table(
            function_name regclass) RETURNS void
            LANGUAGE C STRICT AS 'MODULE_PATHNAME',
            'truncate_local_data_after_distributing_table';
        CREATE FUNCTION pg_catalog.undistribute_table(
            table_name regclass, cascade_via_foreign_keys boolean DEFAULT false) RETURNS void
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'undistribute_table';
        CREATE FUNCTION pg_catalog.alter_distributed_table(
            table_name regclass, distribution_column text DEFAULT NULL,
            shard_count integer DEFAULT NULL, colocate_with text DEFAULT NULL,
            cascade_to_colocated boolean DEFAULT NULL) RETURNS void
            LANGUAGE C AS 'MODULE_PATHNAME', 'alter_distributed_table';
        CREATE FUNCTION pg_catalog.create_reference_table(table_name regclass) RETURNS void
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'create_reference_table';
        CREATE FUNCTION pg_catalog.get_shard_id_for_distribution_column(
            table_name regclass, distribution_value "any" DEFAULT NULL) RETURNS bigint
            LANGUAGE C AS 'MODULE_PATHNAME', 'get_shard_id_for_distribution_column';
        CREATE FUNCTION pg_catalog.citus_relation_size(logicalrelid regclass) RETURNS bigint
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_relation_size';
        CREATE FUNCTION pg_catalog.citus_table_size(logicalrelid regclass) RETURNS bigint
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_table_size';
        CREATE FUNCTION pg_catalog.citus_total_relation_size(
            logicalrelid regclass, fail_on_error boolean DEFAULT true) RETURNS bigint
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_total_relation_size';
        CREATE FUNCTION pg_catalog.citus_remove_node(nodename text, nodeport integer)
            RETURNS void LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_remove_node';
        CREATE FUNCTION pg_catalog.citus_set_node_property(
            nodename text, nodeport integer, property text, value boolean) RETURNS void
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_set_node_property';
        CREATE FUNCTION pg_catalog.citus_move_shard_placement(
            shard_id bigint, source_node_name text, source_node_port integer,
            target_node_name text, target_node_port integer,
            shard_transfer_mode text DEFAULT 'auto') RETURNS void
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_move_shard_placement';
        CREATE FUNCTION pg_catalog.get_rebalance_table_shards_plan(
            relation regclass DEFAULT NULL, threshold real DEFAULT NULL,
            max_shard_moves integer DEFAULT 1000000, excluded_shard_list bigint[] DEFAULT '{}',
            drain_only boolean DEFAULT false, rebalance_strategy name DEFAULT NULL,
            improvement_threshold real DEFAULT NULL, OUT table_name regclass,
            OUT shardid bigint, OUT shard_size bigint, OUT sourcename text,
            OUT sourceport integer, OUT targetname text, OUT targetport integer)
            RETURNS SETOF record
            LANGUAGE C AS 'MODULE_PATHNAME', 'get_rebalance_table_shards_plan';
        CREATE FUNCTION pg_catalog.rebalance_table_shards(
            relation regclass DEFAULT NULL, threshold real DEFAULT NULL,
            max_shard_moves integer DEFAULT 1000000, excluded_shard_list bigint[] DEFAULT '{}',
            shard_transfer_mode text DEFAULT 'auto', drain_only boolean DEFAULT false,
            rebalance_strategy name DEFAULT NULL) RETURNS void
            LANGUAGE C AS 'MODULE_PATHNAME', 'rebalance_table_shards';
        CREATE FUNCTION pg_catalog.citus_rebalance_start(
            rebalance_strategy name DEFAULT NULL, drain_only boolean DEFAULT false,
            shard_transfer_mode text DEFAULT 'auto') RETURNS bigint
            LANGUAGE C AS 'MODULE_PATHNAME', 'citus_rebalance_start';
        CREATE FUNCTION pg_catalog.citus_rebalance_status(
            raw boolean DEFAULT false, OUT job_id bigint, OUT state text, OUT job_type name,
            OUT description text, OUT started_at timestamp with time zone,
            OUT finished_at timestamp with time zone, OUT details jsonb) RETURNS SETOF record
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_rebalance_status';
        CREATE FUNCTION pg_catalog.get_rebalance_progress(
            OUT sessionid integer, OUT table_name regclass, OUT shardid bigint,
            OUT shard_size bigint, OUT sourcename text, OUT sourceport integer,
            OUT targetname text, OUT targetport integer, OUT progress bigint,
            OUT source_shard_size bigint, OUT target_shard_size bigint,
            OUT operation_type text, OUT source_lsn pg_lsn, OUT target_lsn pg_lsn,
            OUT status text) RETURNS SETOF record
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'get_rebalance_progress';
        CREATE FUNCTION pg_catalog.citus_rebalance_wait() RETURNS void
            LANGUAGE C AS 'MODULE_PATHNAME', 'citus_rebalance_wait';
        CREATE FUNCTION pg_catalog.citus_rebalance_stop() RETURNS void
            LANGUAGE C AS 'MODULE_PATHNAME', 'citus_rebalance_stop';
        CREATE FUNCTION pg_catalog.citus_drain_node(
            nodename text, nodeport integer, shard_transfer_mode text DEFAULT 'auto',
            rebalance_strategy name DEFAULT NULL) RETURNS void
            LANGUAGE C AS 'MODULE_PATHNAME', 'citus_drain_node';
        CREATE FUNCTION pg_catalog.shard_name(object_name regclass, shard_id bigint)
            RETURNS text LANGUAGE C STABLE STRICT AS 'MODULE_PATHNAME', 'shard_name';
        CREATE FUNCTION pg_catalog.column_to_column_name(
            table_name regclass, column_var_text text) RETURNS text
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'column_to_column_name';
        CREATE FUNCTION pg_catalog.citus_shard_sizes(OUT shard_id integer, OUT size bigint)
            RETURNS SETOF record
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'citus_shard_sizes';
        CREATE FUNCTION citus_internal.relation_access_method(relation regclass)
            RETURNS name LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'relation_access_method';
        CREATE VIEW pg_catalog.citus_shards AS
        SELECT s.logicalrelid AS table_name, s.shardid,
            shard_name(s.logicalrelid, s.shardid) AS shard_name,
            CASE WHEN p.partkey IS NOT NULL THEN 'distributed'
                WHEN p.repmodel = 't' THEN 'reference'
                WHEN p.colocationid = 0 THEN 'local'
                ELSE 'distributed' END AS citus_table_type,
            p.colocationid AS colocation_id, n.nodename, n.nodeport,
            sizes.size AS shard_size
        FROM pg_dist_shard s
        JOIN pg_dist_placement pl ON s.shardid = pl.shardid
        JOIN pg_dist_node n ON pl.groupid = n.groupid
        JOIN pg_dist_partition p ON p.logicalrelid = s.logicalrelid
        LEFT JOIN (SELECT shard_id, max(size) AS size FROM citus_shard_sizes()
            GROUP BY shard_id) sizes ON s.shardid = sizes.shard_id
        WHERE pl.shardstate = 1
        ORDER BY s.logicalrelid::text, s.shardid;
        CREATE VIEW pg_catalog.citus_tables AS
        SELECT p.logicalrelid AS table_name,
            CASE WHEN p.partkey IS NOT NULL THEN 'distributed'
                WHEN p.repmodel = 't' THEN 'reference'
                WHEN p.colocationid = 0 THEN 'local'
                ELSE 'distributed' END AS citus_table_type,
            coalesce(column_to_column_name(p.logicalrelid, p.partkey), '<none>')
                AS distribution_column,
            p.colocationid AS colocation_id,
            pg_size_pretty(sizes.table_size) AS table_size,
            (SELECT count(*) FROM pg_dist_shard s WHERE s.logicalrelid = p.logicalrelid)
                AS shard_count,
            'postgres'::name AS table_owner,
            citus_internal.relation_access_method(p.logicalrelid) AS access_method
        FROM pg_dist_partition p
        JOIN (SELECT s.logicalrelid AS table_id, sum(z.size) AS table_size
            FROM citus_shard_sizes() z, pg_dist_shard s WHERE z.shard_id = s.shardid
            GROUP BY s.logicalrelid) sizes ON sizes.table_id = p.logicalrelid
        ORDER BY p.logicalrelid::text;
        """
}
