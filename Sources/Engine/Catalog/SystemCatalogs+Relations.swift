// pg_class and pg_attribute as computed from the catalog: one entry per
// table, index (a key constraint's or CREATE INDEX's), view and sequence,
// with the columns each has, and the values PostgreSQL 15 gives a new
// relation of that kind (measured on a fresh server: a table has relam 2
// (heap) and reltuples -1, a btree index relpages 1, a view relhasrules,
// replica identity 'n' for all but tables).
import SQLParser

/// One pg_attribute row's facts.
struct AttributeEntry {
    var name: String
    var type: PGType
    var notNull = false
    var hasDefault = false
    /// attidentity: "a", "d", or "" for a column that is no identity.
    var identity = ""
    var isDropped = false
    /// False for the inherited columns of a partition.
    var isLocal = true
}

/// One pg_class row's facts.
struct ClassEntry {
    var oid: RelationID
    var schema: String
    var name: String
    /// pg_class.relkind: r, p, i, I, v, S.
    var kind: String
    var attributes: [AttributeEntry]
    /// The table an index belongs to.
    var table: TableDefinition?
    var checks = 0
    var hasIndex = false
    var hasSubclass = false
    /// A foreign key's triggers sit on both of its tables.
    var hasTriggers = false
    var isPartition = false
    var partitionBound: String?
}

/// The access methods of a new database (pg_am), by OID.
private let heapAM: RelationID = 2
private let btreeAM: RelationID = 403

extension CatalogRows {
    /// The OID of `schema` in pg_namespace.
    func namespaceOID(_ schema: String) -> Value {
        .int4(catalog.schemaOIDs[schema] ?? 0)
    }

    /// Every relation pg_class lists, by OID.
    func classEntries() -> [ClassEntry] {
        var out: [ClassEntry] = []
        // The tables foreign keys point at carry the keys' triggers too.
        var referenced: Set<RelationID> = []
        for table in tables {
            for c in table.constraints {
                if case .foreignKey(let fk) = c.kind { referenced.insert(fk.referenced) }
            }
        }
        for table in tables {
            out.append(tableEntry(table, referenced: referenced))
            out += indexEntries(table)
        }
        for view in catalog.views.values {
            out.append(
                ClassEntry(
                    oid: view.oid, schema: view.schema, name: view.name,
                    kind: view.isCatalogTable ? "r" : "v",
                    attributes: view.columns.map { AttributeEntry(name: $0.name, type: $0.type) }
                ))
        }
        for sequence in catalog.sequences.values {
            let columns: [AttributeEntry] = [
                AttributeEntry(name: "last_value", type: .int8, notNull: true),
                AttributeEntry(name: "log_cnt", type: .int8, notNull: true),
                AttributeEntry(name: "is_called", type: .bool, notNull: true),
            ]
            out.append(
                ClassEntry(
                    oid: sequence.oid, schema: sequence.schema, name: sequence.name, kind: "S",
                    attributes: columns))
        }
        return out.sorted { $0.oid < $1.oid }
    }

    /// A table's entry.
    private func tableEntry(_ table: TableDefinition, referenced: Set<RelationID>)
        -> ClassEntry
    {
        let attributes = table.columns.enumerated().map { number, column in
            var entry = AttributeEntry(
                name: column.name, type: column.type, notNull: column.notNull,
                hasDefault: column.defaultExpr != nil && defaultText(table, number) != nil,
                isDropped: column.isDropped, isLocal: table.parent == nil)
            entry.identity = column.identity?.code ?? ""
            if column.isDropped {
                entry.name = "........pg.dropped.\(number + 1)........"
            }
            return entry
        }
        var entry = ClassEntry(
            oid: table.oid, schema: table.schema, name: table.name,
            kind: table.isPartitioned ? "p" : "r", attributes: attributes)
        entry.checks = table.checkConstraints.count
        entry.hasIndex =
            table.constraints.contains { $0.keyColumns != nil } || !table.indexes.isEmpty
        entry.hasSubclass = !table.partitions.isEmpty
        entry.hasTriggers =
            referenced.contains(table.oid)
            || table.constraints.contains {
                if case .foreignKey = $0.kind { return true }
                return false
            }
        if let parentOID = table.parent, let parent = catalog.table(parentOID),
            let bound = table.bound
        {
            entry.isPartition = true
            entry.partitionBound = Session.boundText(bound, parent: parent)
        }
        return entry
    }

    /// The indexes of `table`: its key constraints', then CREATE INDEX's.
    private func indexEntries(_ table: TableDefinition) -> [ClassEntry] {
        let kind = table.isPartitioned ? "I" : "i"
        var out: [ClassEntry] = []
        for c in table.constraints {
            guard let keys = c.keyColumns, let oid = catalog.indexOID(c.name, in: table.schema)
            else { continue }
            let attributes = keys.map {
                AttributeEntry(name: table.columns[$0].name, type: table.columns[$0].type)
            }
            var entry = ClassEntry(
                oid: oid, schema: table.schema, name: c.name, kind: kind, attributes: attributes)
            entry.table = table
            entry.isPartition = catalog.parentKeyConstraint(of: c, in: table) != nil
            out.append(entry)
        }
        for index in table.indexes {
            guard let oid = catalog.indexOID(index.name, in: table.schema) else { continue }
            var attributes = index.keys.map { key -> AttributeEntry in
                switch key {
                case .column(let c):
                    return AttributeEntry(name: table.columns[c].name, type: table.columns[c].type)
                case .expression(let e):
                    let node = try? deparser(table).analyse(e)
                    var name = "expr"
                    if case .function(let call) = e.kind { name = call.name.name }
                    return AttributeEntry(name: name, type: node?.type ?? .text)
                }
            }
            attributes += index.include.map {
                AttributeEntry(name: table.columns[$0].name, type: table.columns[$0].type)
            }
            var entry = ClassEntry(
                oid: oid, schema: table.schema, name: index.name, kind: kind,
                attributes: attributes)
            entry.table = table
            entry.isPartition = index.parentIndex != nil
            out.append(entry)
        }
        return out
    }

    /// A deparser for expressions over `table`'s live columns.
    func deparser(_ table: TableDefinition) -> CatalogDeparser {
        let live = table.liveColumns.map { table.columns[$0] }
        return CatalogDeparser(
            columns: live.map { ($0.name, $0.type) }, catalog: catalog, searchPath: path)
    }

    /// pg_get_expr(adbin) of column `number`'s default, nil without one
    /// (a NULL default is not stored).
    func defaultText(_ table: TableDefinition, _ number: Int) -> String? {
        let column = table.columns[number]
        // An identity column's sequence is no default of pg_attrdef's.
        guard column.identity == nil, let e = column.defaultExpr else { return nil }
        return deparser(table).defaultText(e, columnType: column.type)
    }

    /// pg_class.
    // TODO(#6): row types (reltype), TOAST tables, relpages and reltuples
    // as ANALYZE would set them, relfrozenxid, composite types ('c').
    func classRows() -> [Values] {
        classEntries().map { e in
            let isTable = e.kind == "r" && catalog.table(e.oid) != nil
            let isIndex = e.kind == "i" || e.kind == "I"
            var am: RelationID = 0
            if isTable { am = heapAM } else if isIndex { am = btreeAM }
            let stored = isTable || e.kind == "i" || e.kind == "S"
            var pages: Int32 = 0
            var tuples: Float = -1
            if e.kind == "i" || e.kind == "S" { pages = 1 }
            if isIndex { tuples = 0 } else if e.kind == "S" { tuples = 1 }
            return [
                "oid": .int4(e.oid), "relname": .text(e.name),
                "relnamespace": namespaceOID(e.schema), "reltype": .int4(0),
                "reloftype": .int4(0), "relowner": .int4(SystemTables.superuser),
                "relam": .int4(am), "relfilenode": .int4(stored ? e.oid : 0),
                "reltablespace": .int4(0), "relpages": .int4(pages),
                "reltuples": .float4(tuples), "relallvisible": .int4(0),
                "reltoastrelid": .int4(0), "relhasindex": .bool(e.hasIndex),
                "relisshared": .bool(false), "relpersistence": .text("p"),
                "relkind": .text(e.kind), "relnatts": .int2(Int16(e.attributes.count)),
                "relchecks": .int2(Int16(e.checks)), "relhasrules": .bool(e.kind == "v"),
                "relhastriggers": .bool(e.hasTriggers), "relhassubclass": .bool(e.hasSubclass),
                "relrowsecurity": .bool(false), "relforcerowsecurity": .bool(false),
                "relispopulated": .bool(true),
                "relreplident": .text(e.kind == "r" || e.kind == "p" ? "d" : "n"),
                "relispartition": .bool(e.isPartition), "relrewrite": .int4(0),
                "relfrozenxid": .int8(0), "relminmxid": .int8(0),
                "relpartbound": e.partitionBound.map { .text($0) } ?? .null,
            ]
        }
    }

    /// The system columns of relations with storage, by attnum (-1 on).
    private static let systemColumns: [(name: String, type: PGType)] = [
        ("ctid", PGType(oid: 27)), ("xmin", .xid), ("cmin", PGType(oid: 29)), ("xmax", .xid),
        ("cmax", PGType(oid: 29)), ("tableoid", .oid),
    ]

    /// pg_attribute: the columns of every relation, and the system
    /// columns of tables and sequences.
    func attributeRows() -> [Values] {
        var out: [Values] = []
        for e in classEntries() {
            if e.kind == "r" || e.kind == "p" || e.kind == "S" {
                for (index, column) in CatalogRows.systemColumns.enumerated() {
                    let traits = TypeTraits(column.type)
                    out.append([
                        "attrelid": .int4(e.oid), "attname": .text(column.name),
                        "atttypid": .int4(column.type.oid), "attstattarget": .int4(0),
                        "attlen": .int2(traits.length), "attnum": .int2(Int16(-1 - index)),
                        "attndims": .int4(0), "attcacheoff": .int4(-1), "atttypmod": .int4(-1),
                        "attbyval": .bool(traits.byValue), "attalign": .text(traits.align),
                        "attstorage": .text(traits.storage), "attcompression": .text(""),
                        "attnotnull": .bool(true), "atthasdef": .bool(false),
                        "atthasmissing": .bool(false), "attidentity": .text(""),
                        "attgenerated": .text(""), "attisdropped": .bool(false),
                        "attislocal": .bool(true), "attinhcount": .int4(0),
                        "attcollation": .int4(0),
                    ])
                }
            }
            for (index, a) in e.attributes.enumerated() {
                let traits = TypeTraits(a.isDropped ? PGType(oid: 0) : a.type)
                out.append([
                    "attrelid": .int4(e.oid), "attname": .text(a.name),
                    "atttypid": .int4(a.isDropped ? 0 : a.type.oid), "attstattarget": .int4(-1),
                    "attlen": .int2(traits.length), "attnum": .int2(Int16(index + 1)),
                    "attndims": .int4(a.type.isArray ? 1 : 0), "attcacheoff": .int4(-1),
                    "atttypmod": .int4(a.type.typmod), "attbyval": .bool(traits.byValue),
                    "attalign": .text(traits.align), "attstorage": .text(traits.storage),
                    "attcompression": .text(""), "attnotnull": .bool(a.notNull),
                    "atthasdef": .bool(a.hasDefault), "atthasmissing": .bool(false),
                    "attidentity": .text(a.identity), "attgenerated": .text(""),
                    "attisdropped": .bool(a.isDropped), "attislocal": .bool(a.isLocal),
                    "attinhcount": .int4(a.isLocal ? 0 : 1),
                    "attcollation": .int4(traits.collation),
                ])
            }
        }
        return out
    }
}

/// The storage facts of a type, as pg_type has them for the built-in
/// ones (measured: typbyval, typtype, typalign, typstorage, typcollation).
struct TypeTraits {
    var length: Int16
    var byValue: Bool
    var typeKind: String
    var align: String
    var storage: String
    var collation: RelationID

    init(_ type: PGType) {
        let info = type.info
        length = info?.length ?? -1
        let code = Array(TypeTraits.measured[type.oid] ?? "fbdx0")
        byValue = code[0] == "t"
        typeKind = String(code[1])
        align = String(code[2])
        storage = String(code[3])
        switch code[4] {
        case "D": collation = 100
        case "C": collation = 950
        default: collation = 0
        }
        if type.recordDescriptor != nil || info?.category == "C" { typeKind = "c" }
    }

    /// By OID: typbyval (t/f), typtype, typalign, typstorage and the
    /// collation (D default, C "C", 0 none).
    private static let measured: [Int32: String] = [
        16: "tbcp0", 17: "fbix0", 18: "tbcp0", 19: "fbcpC", 20: "tbdp0", 21: "tbsp0",
        22: "fbip0", 23: "tbip0", 24: "tbip0", 25: "fbixD", 26: "tbip0", 28: "tbip0",
        30: "fbip0", 114: "fbix0", 199: "fbix0", 700: "tbip0", 701: "tbdp0", 705: "fpcp0",
        774: "fbip0", 775: "fbix0", 829: "fbip0", 869: "fbim0", 1000: "fbix0", 1001: "fbix0",
        1002: "fbix0", 1003: "fbixC", 1005: "fbix0", 1007: "fbix0", 1008: "fbix0",
        1009: "fbixD", 1011: "fbix0", 1014: "fbixD", 1015: "fbixD", 1016: "fbdx0",
        1021: "fbix0", 1022: "fbdx0", 1028: "fbix0", 1040: "fbix0", 1041: "fbix0",
        1042: "fbixD", 1043: "fbixD", 1082: "tbip0", 1083: "tbdp0", 1114: "tbdp0",
        1115: "fbdx0", 1182: "fbix0", 1183: "fbdx0", 1184: "tbdp0", 1185: "fbdx0",
        1186: "fbdp0", 1187: "fbdx0", 1231: "fbix0", 1263: "fbix0", 1700: "fbim0",
        2205: "tbip0", 2206: "tbip0", 2210: "fbix0", 2211: "fbix0", 2249: "fpdx0",
        2275: "fpcp0", 2276: "tpip0", 2277: "fpdx0", 2278: "tpip0", 2279: "tpip0",
        2283: "tpip0", 2776: "tpip0", 2950: "fbcp0", 2951: "fbix0", 3220: "tbdp0",
        3221: "fbdx0", 3802: "fbix0", 3807: "fbix0", 3831: "fpdx0", 3904: "frix0",
        3905: "fbix0", 3906: "frix0", 3907: "fbix0", 3908: "frdx0", 3909: "fbdx0",
        3910: "frdx0", 3911: "fbdx0", 3912: "frix0", 3913: "fbix0", 3926: "frdx0",
        3927: "fbdx0", 27: "fbsp0", 29: "tbip0",
    ]
}
