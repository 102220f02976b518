// `CREATE EXTENSION hll`: postgresql-hll 2.16 (library 2.17), as Debian
// ships it for PostgreSQL 15. Its types, functions, aggregates and
// operators are built into the engine (HllFunctions.swift,
// HllAggregates.swift); installing records the extension.
// The objects are seen only where the extension is installed.
// TODO(#6): DROP EXTENSION.

/// The hll extension package.
final class HllExtension: ExtensionPackage {
    let name = "hll"
    let version = "2.16"
    let comment = "type for storing hyperloglog data"

    func installScript() -> String { "" }
}
