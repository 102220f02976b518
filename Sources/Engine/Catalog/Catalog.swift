// The system catalogs of one database as a value: schemas (pg_namespace),
// tables (pg_class with pg_attribute and pg_constraint), index names,
// user functions (pg_proc) and extensions (pg_extension). A transaction
// that runs DDL works on its own copy, so ROLLBACK simply drops the copy
// and COMMIT publishes it, as PostgreSQL's transactional catalog does.
import Foundation
import SQLParser

/// One database's catalog. Value semantics: copying is cheap (the
/// dictionaries are copy-on-write) and makes DDL transactional.
package struct Catalog {
    /// Schema names; pg_catalog, public and information_schema always
    /// exist.
    package var schemas: Set<String> = ["pg_catalog", "public", "information_schema"]
    /// pg_namespace's OIDs, as a new PostgreSQL 15 database has them.
    package var schemaOIDs: [String: RelationID] = [
        "pg_catalog": 11, "public": 2200, "information_schema": 13207,
    ]
    package var tables: [RelationID: TableDefinition] = [:]
    /// Sequences (pg_class entries of relkind 'S' with pg_sequence's row).
    package var sequences: [RelationID: SequenceDefinition] = [:]
    /// Views (pg_class entries of relkind 'v' with their rules).
    package var views: [RelationID: ViewDefinition] = [:]
    /// How many of `views` users created, so statements skip looking for
    /// views to write through when there are none.
    package var userViewCount = 0
    /// Relation names (tables and indexes share pg_class's namespace) per
    /// schema; an index maps to the table it belongs to.
    package var relationNames: [String: [String: RelationID]] = [:]
    /// Names of indexes per schema (also listed in `relationNames`).
    package var indexNames: [String: Set<String>] = [:]
    /// Constraint names per schema, for choosing fresh names.
    package var constraintNames: [String: Set<String>] = [:]
    /// User functions keyed by `schema.name`; each gets an OID (pg_proc's)
    /// when it is added.
    package var functions: [String: [UserFunctionDefinition]] = [:] {
        didSet { assignFunctionOIDs() }
    }
    /// OIDs of the catalog entries that have no definition of their own:
    /// indexes (pg_class) by `schema.name` and constraints (pg_constraint)
    /// by `tableOID.name` (see Catalog+ObjectIDs.swift).
    package var objectOIDs: [String: RelationID] = [:]
    /// COMMENT ON's descriptions (pg_description).
    package var comments: [CommentKey: String] = [:]
    /// Installed extensions (pg_extension's rows are their mirror).
    package var extensions: [String: InstalledExtension] = [
        "plpgsql": InstalledExtension(
            oid: 13559, version: "1.0", schema: "pg_catalog",
            comment: "PL/pgSQL procedural language")
    ]
    /// Composite types made by CREATE TYPE .. AS, per schema by name.
    package var compositeTypes: [String: [String: CompositeTypeDefinition]] = [:]
    /// Enum types made by CREATE TYPE .. AS ENUM, per schema by name.
    package var enumTypes: [String: [String: EnumDescriptor]] = [:]
    package var nextOID: RelationID = 16384
    /// Bumped by every change, so cached plans can tell they are stale.
    package var version: Int = 0

    /// An empty database's catalog.
    package init() {}

    /// Marks a change: the version becomes a number no catalog has had,
    /// so catalogs changed by concurrent transactions never share one.
    package mutating func bumpVersion() {
        version = CatalogVersions.next()
    }

    /// Allocates an OID.
    package mutating func allocateOID() -> RelationID {
        let oid = nextOID
        nextOID += 1
        return oid
    }

    /// The table with `oid`.
    package func table(_ oid: RelationID) -> TableDefinition? {
        tables[oid]
    }

    /// The relation (table or index owner) named `name` in `schema`.
    package func relation(named name: String, in schema: String) -> RelationID? {
        relationNames[schema]?[name]
    }

    /// True when `name` is an index in `schema`.
    package func isIndex(_ name: String, in schema: String) -> Bool {
        indexNames[schema]?.contains(name) ?? false
    }

    /// Adds a table and records its name.
    package mutating func addTable(_ table: TableDefinition) {
        tables[table.oid] = table
        relationNames[table.schema, default: [:]][table.name] = table.oid
        bumpVersion()
    }

    /// Replaces a table's definition.
    package mutating func updateTable(_ table: TableDefinition) {
        tables[table.oid] = table
        bumpVersion()
    }

    /// Removes a table, its indexes' and constraints' names.
    package mutating func removeTable(_ oid: RelationID) {
        guard let table = tables[oid] else { return }
        relationNames[table.schema]?[table.name] = nil
        forgetComments(of: oid)
        for c in table.constraints {
            forgetConstraintOID(c, of: table)
            constraintNames[table.schema]?.remove(c.name)
            if c.keyColumns != nil {
                relationNames[table.schema]?[c.name] = nil
                indexNames[table.schema]?.remove(c.name)
            }
        }
        for index in table.indexes {
            forgetIndexOID(index.name, in: table.schema)
            relationNames[table.schema]?[index.name] = nil
            indexNames[table.schema]?.remove(index.name)
        }
        tables[oid] = nil
        // Sequences owned by the table's columns go with it.
        for (id, sequence) in sequences where sequence.ownedBy?.table == oid {
            removeSequence(id)
        }
        bumpVersion()
    }

    /// Records a constraint's name (and, for keys, its index's name).
    package mutating func registerConstraint(_ c: ConstraintDefinition, of table: TableDefinition) {
        constraintNames[table.schema, default: []].insert(c.name)
        assignConstraintOID(c, of: table)
        if c.keyColumns != nil {
            relationNames[table.schema, default: [:]][c.name] = table.oid
            indexNames[table.schema, default: []].insert(c.name)
        }
        bumpVersion()
    }

    /// Forgets a constraint's name.
    package mutating func unregisterConstraint(_ c: ConstraintDefinition, of table: TableDefinition)
    {
        constraintNames[table.schema]?.remove(c.name)
        forgetConstraintOID(c, of: table)
        if c.keyColumns != nil {
            relationNames[table.schema]?[c.name] = nil
            indexNames[table.schema]?.remove(c.name)
        }
        bumpVersion()
    }

    /// Records the name of an index of `table` (pg_class shares it with
    /// relations).
    package mutating func registerIndex(_ name: String, of table: TableDefinition) {
        assignIndexOID(name, in: table.schema)
        relationNames[table.schema, default: [:]][name] = table.oid
        indexNames[table.schema, default: []].insert(name)
        bumpVersion()
    }

    /// Forgets the name of an index of `table`.
    package mutating func unregisterIndex(_ name: String, of table: TableDefinition) {
        forgetIndexOID(name, in: table.schema)
        relationNames[table.schema]?[name] = nil
        indexNames[table.schema]?.remove(name)
        bumpVersion()
    }

    /// Tables of `schema`.
    package func tables(in schema: String) -> [TableDefinition] {
        tables.values.filter { $0.schema == schema }.sorted { $0.oid < $1.oid }
    }

    /// User functions named `name` in `schema`.
    package func functions(named name: String, in schema: String) -> [UserFunctionDefinition] {
        functions["\(schema).\(name)"] ?? []
    }
}

/// Hands out catalog versions, unique across all catalogs.
private enum CatalogVersions {
    private static let lock = NSLock()
    private static var last = 0

    static func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        last += 1
        return last
    }
}
