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

    func installScript() -> String {
        Self.script
    }

    func didInstall(session: Session, schema: String) throws {
        session.updateCatalog { catalog in
            catalog.extensions["citus_columnar"] = "11.3-1"
        }
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
                name: "citus.enable_repartition_joins", kind: .boolean, defaultValue: "off"),
            SettingDefinition(
                name: "citus.show_shards_for_app_name_prefixes", kind: .string, defaultValue: ""),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.name, $0) })
    }()

    // TODO(#6): noderole and citus.distribution_type are enums in Citus;
    // they are text here until CREATE TYPE .. AS ENUM exists.
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
        CREATE FUNCTION pg_catalog.create_reference_table(table_name regclass) RETURNS void
            LANGUAGE C STRICT AS 'MODULE_PATHNAME', 'create_reference_table';
        CREATE FUNCTION pg_catalog.get_shard_id_for_distribution_column(
            table_name regclass, distribution_value "any" DEFAULT NULL) RETURNS bigint
            LANGUAGE C AS 'MODULE_PATHNAME', 'get_shard_id_for_distribution_column';
        """
}
