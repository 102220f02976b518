// pg_index, pg_constraint, pg_inherits, pg_attrdef and pg_description as
// computed from the catalog, and the lookups by OID that the catalog
// functions (pg_get_indexdef, pg_get_constraintdef) share with them.
import SQLParser

/// An index found by OID: a key constraint's or one made by CREATE INDEX.
struct IndexEntry {
    var oid: RelationID
    var table: TableDefinition
    var constraint: ConstraintDefinition?
    var index: IndexDefinition?

    var name: String { constraint?.name ?? index?.name ?? "" }
}

extension Catalog {
    /// Every index of `table`, constraints' first.
    func indexEntries(of table: TableDefinition) -> [IndexEntry] {
        var out: [IndexEntry] = []
        for c in table.constraints where c.keyColumns != nil {
            guard let oid = indexOID(c.name, in: table.schema) else { continue }
            out.append(IndexEntry(oid: oid, table: table, constraint: c))
        }
        for index in table.indexes {
            guard let oid = indexOID(index.name, in: table.schema) else { continue }
            out.append(IndexEntry(oid: oid, table: table, index: index))
        }
        return out
    }

    /// The index with OID `oid`.
    func indexEntry(_ oid: RelationID) -> IndexEntry? {
        for table in tables.values {
            if let e = indexEntries(of: table).first(where: { $0.oid == oid }) { return e }
        }
        return nil
    }

    /// The constraint with OID `oid` and its table.
    func constraint(withOID oid: RelationID) -> (ConstraintDefinition, TableDefinition)? {
        for table in tables.values {
            for c in table.constraints where constraintOID(c.name, of: table.oid) == oid {
                return (c, table)
            }
        }
        return nil
    }
}

extension CatalogRows {
    /// An int2vector or oidvector value: subscripts start at 0.
    func vector(_ values: [Value], of type: PGType) -> Value {
        .array(
            ArrayValue(
                elementType: type, elements: values, lowerBounds: values.isEmpty ? nil : [0]))
    }

    /// pg_index.
    // TODO(#6): indclass (operator classes) and indoption's DESC and
    // NULLS FIRST bits.
    func indexRows() -> [Values] {
        var out: [Values] = []
        for table in tables {
            for e in catalog.indexEntries(of: table) {
                var keys: [Value] = []
                var include: [Value] = []
                var unique = true
                var primary = false
                var nullsNotDistinct = false
                var expressions: [String] = []
                var predicate: String?
                var keyTypes: [PGType] = []
                if let c = e.constraint {
                    keys = (c.keyColumns ?? []).map { .int2(Int16($0 + 1)) }
                    keyTypes = (c.keyColumns ?? []).map { table.columns[$0].type }
                    if case .primaryKey = c.kind { primary = true }
                    if case .unique(_, let nnd) = c.kind { nullsNotDistinct = nnd }
                } else if let index = e.index {
                    unique = index.isUnique
                    nullsNotDistinct = index.nullsNotDistinct
                    for key in index.keys {
                        switch key {
                        case .column(let c):
                            keys.append(.int2(Int16(c + 1)))
                            keyTypes.append(table.columns[c].type)
                        case .expression(let x):
                            keys.append(.int2(0))
                            let node = try? deparser(table).analyse(x)
                            keyTypes.append(node?.type ?? .text)
                            expressions.append(node.map { RuleUtilsPrinter.print($0) } ?? "")
                        }
                    }
                    include = index.include.map { .int2(Int16($0 + 1)) }
                    if let p = index.predicate {
                        let node = try? deparser(table).analyse(p)
                        predicate = node.map { RuleUtilsPrinter.print($0) } ?? deparse(p)
                    }
                }
                let all = keys + include
                let collations = keyTypes.map { Value.int4(TypeTraits($0).collation) }
                out.append([
                    "indexrelid": .int4(e.oid), "indrelid": .int4(table.oid),
                    "indnatts": .int2(Int16(all.count)), "indnkeyatts": .int2(Int16(keys.count)),
                    "indisunique": .bool(unique), "indnullsnotdistinct": .bool(nullsNotDistinct),
                    "indisprimary": .bool(primary), "indisexclusion": .bool(false),
                    "indimmediate": .bool(unique), "indisclustered": .bool(false),
                    "indisvalid": .bool(true), "indcheckxmin": .bool(false),
                    "indisready": .bool(true), "indislive": .bool(true),
                    "indisreplident": .bool(false),
                    "indkey": vector(all, of: .int2),
                    "indcollation": vector(collations, of: .oid),
                    "indoption": vector(
                        Array(repeating: .int2(0), count: keys.count), of: .int2),
                    "indexprs": expressions.isEmpty
                        ? .null : .text(expressions.joined(separator: ", ")),
                    "indpred": predicate.map { .text($0) } ?? .null,
                ])
            }
        }
        return out
    }

    /// pg_constraint: primary keys, unique, check and foreign key
    /// constraints.
    // TODO(#6): conparentid of a partition's key constraints.
    func constraintRows() -> [Values] {
        var out: [Values] = []
        for table in tables {
            for c in table.constraints {
                guard let oid = catalog.constraintOID(c.name, of: table.oid) else { continue }
                var type = "c"
                var keys: [Int] = []
                var bin: Value = .null
                var foreign: ForeignKeyDefinition?
                switch c.kind {
                case .primaryKey(let k):
                    type = "p"
                    keys = k
                case .unique(let k, _):
                    type = "u"
                    keys = k
                case .check(let e):
                    keys = table.liveColumns.filter {
                        IndexDefinition.mentions(e, column: table.columns[$0].name)
                    }
                    let text = deparser(table).checkText(e, pretty: false)
                    bin = .text(String(text.dropFirst("CHECK (".count).dropLast()))
                case .foreignKey(let fk):
                    type = "f"
                    keys = fk.columns
                    foreign = fk
                }
                var index: RelationID = 0
                if let foreign {
                    index = catalog.referencedIndexOID(foreign) ?? 0
                } else if type != "c" {
                    index = catalog.indexOID(c.name, in: table.schema) ?? 0
                }
                func action(_ a: ForeignKeyReference.Action?) -> Value {
                    guard let a else { return .text(" ") }
                    switch a {
                    case .noAction: return .text("a")
                    case .restrict: return .text("r")
                    case .cascade: return .text("c")
                    case .setNull: return .text("n")
                    case .setDefault: return .text("d")
                    }
                }
                out.append([
                    "oid": .int4(oid), "conname": .text(c.name),
                    "connamespace": namespaceOID(table.schema), "contype": .text(type),
                    "condeferrable": .bool(false), "condeferred": .bool(false),
                    "convalidated": .bool(true), "conrelid": .int4(table.oid),
                    "contypid": .int4(0), "conindid": .int4(index), "conparentid": .int4(0),
                    "confrelid": .int4(foreign?.referenced ?? 0),
                    "confupdtype": action(foreign?.onUpdate),
                    "confdeltype": action(foreign?.onDelete),
                    "confmatchtype": .text(foreign == nil ? " " : "s"),
                    "confkey": foreign.map { fk in
                        .array(
                            ArrayValue(
                                elementType: .int2,
                                elements: fk.referencedColumns.map { .int2(Int16($0 + 1)) }))
                    } ?? .null,
                    "conislocal": .bool(true), "coninhcount": .int4(0),
                    "connoinherit": .bool(type != "c"),
                    "conkey": .array(
                        ArrayValue(elementType: .int2, elements: keys.map { .int2(Int16($0 + 1)) })
                    ),
                    "conbin": bin,
                ])
            }
        }
        return out
    }

    /// pg_inherits: each partition under its parent, each partition's
    /// index under its parent's index.
    func inheritsRows() -> [Values] {
        var out: [Values] = []
        func row(_ child: RelationID, _ parent: RelationID) {
            out.append([
                "inhrelid": .int4(child), "inhparent": .int4(parent), "inhseqno": .int4(1),
                "inhdetachpending": .bool(false),
            ])
        }
        for table in tables {
            guard let parentOID = table.parent, let parent = catalog.table(parentOID) else {
                continue
            }
            row(table.oid, parentOID)
            // A partition's indexes are partitions of its parent's indexes.
            var pairs: [(String, String)] = []
            for c in table.constraints {
                if let name = catalog.parentKeyConstraint(of: c, in: table) {
                    pairs.append((c.name, name))
                }
            }
            for index in table.indexes {
                if let name = index.parentIndex { pairs.append((index.name, name)) }
            }
            for (child, parentIndex) in pairs {
                guard let childOID = catalog.indexOID(child, in: table.schema),
                    let parentIndexOID = catalog.indexOID(parentIndex, in: parent.schema)
                else { continue }
                row(childOID, parentIndexOID)
            }
        }
        return out
    }

    /// pg_attrdef: the stored column defaults.
    // TODO(#6): pg_attrdef's own OIDs.
    func attrdefRows() -> [Values] {
        var out: [Values] = []
        for table in tables {
            for number in table.columns.indices where !table.columns[number].isDropped {
                guard let text = defaultText(table, number) else { continue }
                out.append([
                    "adrelid": .int4(table.oid), "adnum": .int2(Int16(number + 1)),
                    "adbin": .text(text),
                ])
            }
        }
        return out
    }

    /// pg_description: COMMENT ON's descriptions and the extensions'
    /// comments (their control files').
    func descriptionRows() -> [Values] {
        var out: [Values] = catalog.comments.map { key, text in
            [
                "objoid": .int4(key.objectOID), "classoid": .int4(key.classOID),
                "objsubid": .int4(key.subID), "description": .text(text),
            ]
        }
        for e in catalog.extensions.values {
            out.append([
                "objoid": .int4(e.oid), "classoid": .int4(SystemTables.extensionRelation),
                "objsubid": .int4(0), "description": .text(e.comment),
            ])
        }
        return out
    }
}
