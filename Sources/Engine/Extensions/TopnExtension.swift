// `CREATE EXTENSION topn`: postgresql-topn 2.7.0. The script declares the
// C functions of TopnLibrary; the aggregates are built into the engine
// (TopnAggregates.swift).

/// The topn extension package.
final class TopnExtension: ExtensionPackage {
    let name = "topn"
    let version = "2.7.0"
    let comment = "type for top-n JSONB"
    let libraryName: String? = TopnLibrary.name

    func installScript() -> String {
        """
        CREATE FUNCTION @extschema@.topn_add(jsonb, text) RETURNS jsonb
            LANGUAGE C IMMUTABLE AS 'MODULE_PATHNAME', 'topn_add';
        CREATE FUNCTION @extschema@.topn_union(jsonb, jsonb) RETURNS jsonb
            LANGUAGE C IMMUTABLE STRICT AS 'MODULE_PATHNAME', 'topn_union';
        CREATE TYPE @extschema@.topn_record AS (item text, frequency bigint);
        CREATE FUNCTION @extschema@.topn(jsonb, integer) RETURNS SETOF @extschema@.topn_record
            LANGUAGE C IMMUTABLE STRICT AS 'MODULE_PATHNAME', 'topn';
        """
    }
}
