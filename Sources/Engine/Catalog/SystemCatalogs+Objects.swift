// The computed catalogs of objects other than relations: pg_namespace,
// pg_type, pg_proc, pg_sequence, pg_partitioned_table, and the shared
// catalogs of a cluster made by initdb (pg_database, pg_authid, pg_am,
// pg_collation, pg_tablespace) with the rows PostgreSQL 15 gives them
// (measured on a server initialised with -E UTF8 --locale=C.UTF-8).
import SQLParser

/// The bootstrap superuser and the predefined roles of PostgreSQL 15.
private let predefinedRoles: [(oid: RelationID, name: String)] = [
    (10, "postgres"), (3373, "pg_monitor"), (3374, "pg_read_all_settings"),
    (3375, "pg_read_all_stats"), (3377, "pg_stat_scan_tables"), (4200, "pg_signal_backend"),
    (4544, "pg_checkpoint"), (4569, "pg_read_server_files"), (4570, "pg_write_server_files"),
    (4571, "pg_execute_server_program"), (6171, "pg_database_owner"),
    (6181, "pg_read_all_data"), (6182, "pg_write_all_data"),
]

/// pg_database_owner's OID: the owner of schema public.
let databaseOwnerRole: RelationID = 6171

/// pg_language's OIDs.
private let languageOIDs: [String: RelationID] = [
    "internal": 12, "c": 13, "sql": 14, "plpgsql": 13563,
]

extension CatalogRows {
    /// The role named `oid`, as pg_get_userbyid finds it.
    static func roleName(_ oid: RelationID) -> String? {
        predefinedRoles.first { $0.oid == oid }?.name
    }

    /// pg_namespace: the schemas, with pg_toast as every database has it.
    func namespaceRows() -> [Values] {
        var schemas = catalog.schemaOIDs
        schemas["pg_toast"] = 99
        return schemas.sorted { $0.value < $1.value }.map { name, oid in
            var acl: Value = .null
            if name == "public" {
                acl = textArray(["pg_database_owner=UC/pg_database_owner", "=U/pg_database_owner"])
            } else if name == "pg_catalog" || name == "information_schema" {
                acl = textArray(["postgres=UC/postgres", "=U/postgres"])
            }
            return [
                "oid": .int4(oid), "nspname": .text(name),
                "nspowner": .int4(name == "public" ? databaseOwnerRole : SystemTables.superuser),
                "nspacl": acl,
            ]
        }
    }

    /// A text[] value.
    func textArray(_ items: [String]) -> Value {
        .array(ArrayValue(elementType: .text, elements: items.map { .text($0) }))
    }

    /// pg_language: the languages of a new database.
    static let languageRows: [Values] = [
        (12, "internal", false, false, 0, 0, 2246), (13, "c", false, false, 0, 0, 2247),
        (14, "sql", false, true, 0, 0, 2248), (13563, "plpgsql", true, true, 13560, 13561, 13562),
    ].map {
        (
            oid: RelationID, name: String, pl: Bool, trusted: Bool, handler: RelationID,
            inline: RelationID, validator: RelationID
        ) -> Values in
        [
            "oid": .int4(oid), "lanname": .text(name), "lanowner": .int4(SystemTables.superuser),
            "lanispl": .bool(pl), "lanpltrusted": .bool(trusted),
            "lanplcallfoid": .int4(handler), "laninline": .int4(inline),
            "lanvalidator": .int4(validator),
        ]
    }

    /// pg_depend: the sequences columns own (serial and OWNED BY) and the
    /// partitions of partitioned tables.
    // TODO(#6): the dependencies of indexes, constraints, views, types and
    // extension members.
    func dependRows() -> [Values] {
        let relation = Value.int4(SystemCatalogs.classRelation)
        var out: [Values] = []
        for s in catalog.sequences.values.sorted(by: { $0.oid < $1.oid }) {
            guard let owner = s.ownedBy, let table = catalog.table(owner.table),
                let column = table.columnIndex(owner.column)
            else { continue }
            out.append([
                "classid": relation, "objid": .int4(s.oid), "objsubid": .int4(0),
                "refclassid": relation, "refobjid": .int4(table.oid),
                "refobjsubid": .int4(Int32(column + 1)), "deptype": .text("a"),
            ])
        }
        for table in tables {
            guard let parent = table.parent else { continue }
            out.append([
                "classid": relation, "objid": .int4(table.oid), "objsubid": .int4(0),
                "refclassid": relation, "refobjid": .int4(parent), "refobjsubid": .int4(0),
                "deptype": .text("a"),
            ])
        }
        return out
    }

    /// pg_type: the built-in types.
    // TODO(#6): the row types of tables and views, composite and domain
    // types, and the I/O functions (typinput ...) as regproc.
    func typeRows() -> [Values] {
        TypeCatalog.all.map { info in
            let traits = TypeTraits(PGType(oid: info.oid))
            return [
                "oid": .int4(info.oid), "typname": .text(info.typname),
                "typnamespace": .int4(11), "typowner": .int4(SystemTables.superuser),
                "typlen": .int2(info.length), "typbyval": .bool(traits.byValue),
                "typtype": .text(traits.typeKind), "typcategory": .text(String(info.category)),
                "typispreferred": .bool(info.isPreferred), "typisdefined": .bool(true),
                "typdelim": .text(","), "typrelid": .int4(0), "typelem": .int4(info.elementOID),
                "typarray": .int4(info.arrayOID), "typalign": .text(traits.align),
                "typstorage": .text(traits.storage), "typnotnull": .bool(false),
                "typbasetype": .int4(0), "typtypmod": .int4(-1), "typndims": .int4(0),
                "typcollation": .int4(traits.collation),
            ]
        }
    }

    /// The user and extension functions, by OID.
    func functions() -> [UserFunctionDefinition] {
        catalog.functions.values.joined().filter { !SystemCatalogs.isRowFunction($0) }
            .sorted { $0.oid < $1.oid }
    }

    /// pg_proc: the functions and procedures users and extensions created.
    // TODO(#6): the built-in functions, aggregates and window functions.
    func procRows() -> [Values] {
        functions().map { f in
            let inputs = zip(f.parameters, f.parameterTypes).filter { $0.0.mode != .out }
            let hasModes = f.parameters.contains { $0.mode != .in }
            let names = f.parameters.map { $0.name ?? "" }
            let oidArray = { (types: [PGType]) in
                Value.array(ArrayValue(elementType: .oid, elements: types.map { .int4($0.oid) }))
            }
            var row: Values = [
                "oid": .int4(f.oid), "proname": .text(f.name),
                "pronamespace": namespaceOID(f.schema), "proowner": .int4(SystemTables.superuser),
                "prolang": .int4(languageOIDs[f.language] ?? 0),
                "procost": .float4(f.language == "c" ? 1 : 100),
                "prorows": .float4(f.returnsSet ? 1000 : 0), "provariadic": .int4(0),
                "prokind": .text(f.isProcedure ? "p" : "f"), "prosecdef": .bool(false),
                "proleakproof": .bool(false), "proisstrict": .bool(f.isStrict),
                "proretset": .bool(f.returnsSet), "provolatile": .text(volatilityCode(f)),
                "proparallel": .text("u"), "pronargs": .int2(Int16(inputs.count)),
                "pronargdefaults": .int2(
                    Int16(f.parameters.filter { $0.defaultValue != nil }.count)),
                "prorettype": .int4(f.isProcedure ? PGType.void.oid : f.returnType.oid),
                "proargtypes": vector(inputs.map { .int4($0.1.oid) }, of: .oid),
                "prosrc": .text(f.body),
                "probin": f.library.map { .text($0) } ?? .null,
            ]
            if hasModes {
                row["proallargtypes"] = oidArray(f.parameterTypes)
                let modes = f.parameters.map { p -> Value in
                    switch p.mode {
                    case .in: return .text("i")
                    case .out: return .text("o")
                    case .inOut: return .text("b")
                    case .variadic: return .text("v")
                    }
                }
                row["proargmodes"] = .array(ArrayValue(elementType: .char, elements: modes))
            }
            if names.contains(where: { !$0.isEmpty }) {
                row["proargnames"] = .array(
                    ArrayValue(elementType: .text, elements: names.map { .text($0) }))
            }
            return row
        }
    }

    private func volatilityCode(_ f: UserFunctionDefinition) -> String {
        switch f.volatility {
        case .immutable: return "i"
        case .stable: return "s"
        case .volatile: return "v"
        }
    }

    /// pg_sequence.
    func sequenceRows() -> [Values] {
        catalog.sequences.values.sorted { $0.oid < $1.oid }.map { s in
            [
                "seqrelid": .int4(s.oid), "seqtypid": .int4(s.type.oid),
                "seqstart": .int8(s.start), "seqincrement": .int8(s.increment),
                "seqmax": .int8(s.maxValue), "seqmin": .int8(s.minValue),
                "seqcache": .int8(s.cache), "seqcycle": .bool(s.cycle),
            ]
        }
    }

    /// pg_partitioned_table.
    // TODO(#6): partdefid, partclass and partcollation.
    func partitionedTableRows() -> [Values] {
        tables.compactMap { table in
            guard let key = table.partitionKey else { return nil }
            let strategy: String
            switch key.strategy {
            case .range: strategy = "r"
            case .list: strategy = "l"
            case .hash: strategy = "h"
            }
            return [
                "partrelid": .int4(table.oid), "partstrat": .text(strategy),
                "partnatts": .int2(Int16(key.columns.count)),
                "partattrs": vector(key.columns.map { .int2(Int16($0 + 1)) }, of: .int2),
            ]
        }
    }

    /// pg_database: the node's database beside the ones initdb makes.
    // TODO(#6): connecting to postgres, template0 and template1.
    func databaseRows() -> [Values] {
        let collate = session.setting("lc_collate") ?? "C.UTF-8"
        let ctype = session.setting("lc_ctype") ?? collate
        let templateACL = Value.array(
            ArrayValue(
                elementType: .text,
                elements: [.text("=c/postgres"), .text("postgres=CTc/postgres")]))
        let databases: [(RelationID, String, Bool, Bool, Value)] = [
            (5, "postgres", false, true, .null), (1, "template1", true, true, templateACL),
            (4, "template0", true, false, templateACL),
            (SystemViewLibrary.databaseOID, session.database, false, true, .null),
        ]
        return databases.map { oid, name, isTemplate, allowConnections, acl in
            [
                "oid": .int4(oid), "datname": .text(name),
                "datdba": .int4(SystemTables.superuser), "encoding": .int4(6),
                "datlocprovider": .text("c"), "datistemplate": .bool(isTemplate),
                "datallowconn": .bool(allowConnections), "datconnlimit": .int4(-1),
                "datfrozenxid": .int8(0), "datminmxid": .int8(1), "dattablespace": .int4(1663),
                "datcollate": .text(collate), "datctype": .text(ctype), "datacl": acl,
            ]
        }
    }

    /// pg_authid: the bootstrap superuser and the predefined roles.
    // TODO(#6): roles made by CREATE ROLE.
    func authidRows() -> [Values] {
        predefinedRoles.map { oid, name in
            let superuser = oid == SystemTables.superuser
            return [
                "oid": .int4(oid), "rolname": .text(name), "rolsuper": .bool(superuser),
                "rolinherit": .bool(true), "rolcreaterole": .bool(superuser),
                "rolcreatedb": .bool(superuser), "rolcanlogin": .bool(superuser),
                "rolreplication": .bool(superuser), "rolbypassrls": .bool(superuser),
                "rolconnlimit": .int4(-1),
            ]
        }
    }

    /// pg_roles: pg_authid with the password hidden.
    func rolesRows() -> [Values] {
        authidRows().map { row in
            var copy = row
            copy["rolpassword"] = .text("********")
            return copy
        }
    }

    /// pg_user: the roles that can log in.
    func userRows() -> [Values] {
        authidRows().filter { $0["rolcanlogin"] == .bool(true) }.map { row in
            let superuser = row["rolsuper"] ?? .bool(false)
            return [
                "usename": row["rolname"] ?? .null, "usesysid": row["oid"] ?? .null,
                "usecreatedb": row["rolcreatedb"] ?? .null, "usesuper": superuser,
                "userepl": row["rolreplication"] ?? .null,
                "usebypassrls": row["rolbypassrls"] ?? .null, "passwd": .text("********"),
            ]
        }
    }

    /// pg_am: the access methods of a new database.
    static let accessMethodRows: [Values] = [
        (2, "heap", "t"), (403, "btree", "i"), (405, "hash", "i"), (783, "gist", "i"),
        (2742, "gin", "i"), (4000, "spgist", "i"), (3580, "brin", "i"),
    ].map { (oid: RelationID, name: String, type: String) -> Values in
        ["oid": .int4(oid), "amname": .text(name), "amtype": .text(type)]
    }

    /// pg_collation: the collations every database has.
    // TODO(#6): the operating system's locales initdb imports.
    static let collationRows: [Values] = [
        (100, "default", "d", ""), (950, "C", "c", "C"), (951, "POSIX", "c", "POSIX"),
    ].map { (oid: RelationID, name: String, provider: String, locale: String) -> Values in
        [
            "oid": .int4(oid), "collname": .text(name), "collnamespace": .int4(11),
            "collowner": .int4(SystemTables.superuser), "collprovider": .text(provider),
            "collisdeterministic": .bool(true), "collencoding": .int4(-1),
            "collcollate": locale.isEmpty ? .null : .text(locale),
            "collctype": locale.isEmpty ? .null : .text(locale),
        ]
    }

    /// pg_tablespace.
    static let tablespaceRows: [Values] = [(1663, "pg_default"), (1664, "pg_global")].map {
        (oid: RelationID, name: String) -> Values in
        ["oid": .int4(oid), "spcname": .text(name), "spcowner": .int4(SystemTables.superuser)]
    }
}
