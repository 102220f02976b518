// The system tables a new database has in pg_catalog that the engine keeps
// as real tables: for now pg_extension, one row per installed extension,
// which CREATE EXTENSION fills in the creating transaction, so it rolls
// back with it. The engine's own bookkeeping (Catalog.extensions) and the
// table change together.

/// An installed extension: pg_extension's facts about it.
package struct InstalledExtension {
    package var oid: RelationID
    package var version: String
    package var schema: String
    package var relocatable = false
    /// The control file's comment, which `\dx` shows as the description.
    package var comment: String

    package init(
        oid: RelationID, version: String, schema: String, relocatable: Bool = false,
        comment: String
    ) {
        self.oid = oid
        self.version = version
        self.schema = schema
        self.relocatable = relocatable
        self.comment = comment
    }
}

/// Installs the system tables and their bootstrap rows.
enum SystemTables {
    /// pg_extension's relation OID in PostgreSQL.
    static let extensionRelation: RelationID = 3079
    /// The bootstrap superuser's OID (extowner).
    static let superuser: Int32 = 10

    /// pg_extension's columns, as `\d pg_extension` lists them.
    static let extensionColumns: [ColumnDefinition] = [
        ColumnDefinition(name: "oid", type: .oid, notNull: true),
        ColumnDefinition(name: "extname", type: .name, notNull: true),
        ColumnDefinition(name: "extowner", type: .oid, notNull: true),
        ColumnDefinition(name: "extnamespace", type: .oid, notNull: true),
        ColumnDefinition(name: "extrelocatable", type: .bool, notNull: true),
        ColumnDefinition(name: "extversion", type: .text, notNull: true),
        ColumnDefinition(name: "extconfig", type: PGType.oid.arrayType ?? .text),
        ColumnDefinition(name: "extcondition", type: .textArray),
    ]

    /// Adds pg_extension, with a frozen row for each extension a new
    /// database has (plpgsql).
    // TODO(#6): its unique indexes on oid and extname.
    static func install(into catalog: inout Catalog) {
        var table = TableDefinition(
            oid: extensionRelation, schema: "pg_catalog", name: "pg_extension",
            columns: extensionColumns)
        let storage = HeapStorage(columnTypes: extensionColumns.map(\.type))
        table.storage = storage
        for (name, installed) in catalog.extensions {
            let row = extensionRow(name, installed, catalog: catalog)
            _ = try? storage.insert(row, xid: 1)
        }
        catalog.addTable(table)
    }

    /// The pg_extension row of `installed`.
    static func extensionRow(_ name: String, _ installed: InstalledExtension, catalog: Catalog)
        -> Row
    {
        [
            .int4(installed.oid), .text(name), .int4(superuser),
            .int4(catalog.schemaOIDs[installed.schema] ?? 0),
            .bool(installed.relocatable), .text(installed.version), .null, .null,
        ]
    }
}

extension Session {
    /// Records `name` as installed in this transaction: the catalog's
    /// entry and its pg_extension row.
    package func recordExtension(
        _ name: String, version: String, schema: String, relocatable: Bool = false,
        comment: String
    ) throws {
        var installed: InstalledExtension?
        updateCatalog { catalog in
            let record = InstalledExtension(
                oid: catalog.allocateOID(), version: version, schema: schema,
                relocatable: relocatable, comment: comment)
            catalog.extensions[name] = record
            catalog.bumpVersion()
            installed = record
        }
        guard let installed else { return }
        let row = SystemTables.extensionRow(name, installed, catalog: catalog)
        let values = row.map { value -> String in
            switch value {
            case .null: return "NULL"
            case .bool(let b): return b ? "true" : "false"
            case .int4(let n): return String(n)
            case .text(let t): return "'" + t.replacingAll("'", with: "''") + "'"
            default: return "NULL"
            }
        }
        _ = try executeInternal(
            "INSERT INTO pg_catalog.pg_extension VALUES (\(values.joined(separator: ", ")))",
            local: true)
    }
}
