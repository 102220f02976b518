// `CREATE EXTENSION hll`: postgresql-hll 2.16 (library 2.17), as Debian
// ships it for PostgreSQL 15. Its types, functions, aggregates and
// operators are built into the engine (HllFunctions.swift,
// HllAggregates.swift); installing records the extension.
// TODO(#5): make the hll objects appear only once the extension is
// installed, and drop them with DROP EXTENSION.

/// The hll extension package.
final class HllExtension: ExtensionPackage {
    let name = "hll"
    let version = "2.16"
    let comment = "type for storing hyperloglog data"

    func installScript() -> String { "" }
}
