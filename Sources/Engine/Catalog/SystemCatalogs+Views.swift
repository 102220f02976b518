// The system views over the catalogs (pg_tables, pg_indexes,
// pg_sequences, pg_settings) and information_schema's tables, columns,
// schemata, routines, table_constraints and key_column_usage, computed
// as PostgreSQL's system_views.sql and information_schema.sql define
// them, for a superuser (who may see every object).
import SQLParser

extension CatalogRows {
    /// The owner of every relation: the bootstrap superuser.
    private var owner: Value { .text("postgres") }

    /// pg_get_indexdef(oid) of an index.
    func indexDefinition(_ e: IndexEntry) -> String? {
        if let c = e.constraint {
            return session.indexSummary(c, of: e.table, catalog: catalog)?.definition
        }
        guard let index = e.index else { return nil }
        return session.indexSummary(index, of: e.table, catalog: catalog, path: path, pretty: false)
            .definition
    }

    /// pg_tables: tables and partitioned tables.
    func tablesViewRows() -> [Values] {
        classEntries().filter { $0.kind == "r" || $0.kind == "p" }.map { e in
            [
                "schemaname": .text(e.schema), "tablename": .text(e.name), "tableowner": owner,
                "hasindexes": .bool(e.hasIndex), "hasrules": .bool(false),
                "hastriggers": .bool(false), "rowsecurity": .bool(false),
            ]
        }
    }

    /// pg_indexes: the indexes of tables (not of partitioned tables).
    func indexesViewRows() -> [Values] {
        var out: [Values] = []
        for table in tables where !table.isPartitioned {
            for e in catalog.indexEntries(of: table) {
                out.append([
                    "schemaname": .text(table.schema), "tablename": .text(table.name),
                    "indexname": .text(e.name),
                    "indexdef": indexDefinition(e).map { .text($0) } ?? .null,
                ])
            }
        }
        return out
    }

    /// pg_sequences, with last_value NULL until nextval is called.
    func sequencesViewRows() -> [Values] {
        catalog.sequences.values.sorted { $0.oid < $1.oid }.map { s in
            let state = session.engine.sequenceStates.state(s.oid, start: s.start)
            return [
                "schemaname": .text(s.schema), "sequencename": .text(s.name),
                "sequenceowner": owner, "data_type": .int4(s.type.oid),
                "start_value": .int8(s.start), "min_value": .int8(s.minValue),
                "max_value": .int8(s.maxValue), "increment_by": .int8(s.increment),
                "cycle": .bool(s.cycle), "cache_size": .int8(s.cache),
                "last_value": state.isCalled ? .int8(state.lastValue) : .null,
            ]
        }
    }

    /// pg_settings: each parameter's name, current value, unit and type.
    // TODO(#6): categories, descriptions, contexts, sources and bounds.
    func settingsRows() -> [Values] {
        let settings = session.settings
        return settings.names().compactMap { name in
            guard let value = settings.catalogValue(name) else { return nil }
            return [
                "name": .text(name), "setting": .text(value.setting),
                "unit": value.unit.map { .text($0) } ?? .null, "vartype": .text(value.type),
            ]
        }
    }

    // MARK: - information_schema

    private var databaseName: Value { .text(session.database) }

    private func yesNo(_ b: Bool) -> Value { .text(b ? "YES" : "NO") }

    /// information_schema.tables.
    func infoTables() -> [Values] {
        classEntries().compactMap { e in
            let type: String
            var insertable = true
            switch e.kind {
            case "r", "p": type = "BASE TABLE"
            case "v":
                type = "VIEW"
                insertable = relationUpdatableEvents(catalog, e.oid) & 8 == 8
            default: return nil
            }
            return [
                "table_catalog": databaseName, "table_schema": .text(e.schema),
                "table_name": .text(e.name), "table_type": .text(type),
                "is_insertable_into": yesNo(insertable), "is_typed": yesNo(false),
            ]
        }
    }

    /// information_schema.columns of tables and views.
    func infoColumns() -> [Values] {
        var out: [Values] = []
        for e in classEntries() where ["r", "p", "v"].contains(e.kind) {
            let table = catalog.table(e.oid)
            for (number, a) in e.attributes.enumerated() where !a.isDropped {
                var row = ColumnTypeFacts(a.type).values
                row["table_catalog"] = databaseName
                row["table_schema"] = .text(e.schema)
                row["table_name"] = .text(e.name)
                row["column_name"] = .text(a.name)
                row["ordinal_position"] = .int4(Int32(number + 1))
                row["column_default"] =
                    table.flatMap { defaultText($0, number) }.map { .text($0) } ?? .null
                row["is_nullable"] = yesNo(!a.notNull)
                row["udt_catalog"] = databaseName
                row["dtd_identifier"] = .text(String(number + 1))
                row["is_self_referencing"] = yesNo(false)
                row["is_identity"] = yesNo(false)
                row["identity_cycle"] = yesNo(false)
                row["is_generated"] = .text("NEVER")
                row["is_updatable"] = yesNo(e.kind != "v" || isUpdatableView(e.oid))
                out.append(row)
            }
        }
        return out
    }

    private func isUpdatableView(_ oid: RelationID) -> Bool {
        guard let query = catalog.view(oid)?.query else { return false }
        return Executor.notUpdatableReason(query) == nil
    }

    /// information_schema.schemata.
    func infoSchemata() -> [Values] {
        namespaceRows().map { row in
            let name = row["nspname"] ?? .null
            let owner = (row["nspowner"]).flatMap { value -> String? in
                guard case .int4(let oid) = value else { return nil }
                return CatalogRows.roleName(oid)
            }
            return [
                "catalog_name": databaseName, "schema_name": name,
                "schema_owner": owner.map { .text($0) } ?? .null,
            ]
        }
    }

    /// information_schema.routines of the user and extension functions.
    // TODO(#6): the built-in functions and the remaining columns.
    func infoRoutines() -> [Values] {
        functions().map { f in
            var row: Values = [
                "specific_catalog": databaseName, "specific_schema": .text(f.schema),
                "specific_name": .text("\(f.name)_\(f.oid)"), "routine_catalog": databaseName,
                "routine_schema": .text(f.schema), "routine_name": .text(f.name),
                "routine_type": .text(f.isProcedure ? "PROCEDURE" : "FUNCTION"),
                "routine_body": .text(f.language == "sql" ? "SQL" : "EXTERNAL"),
                "routine_definition": .text(f.body),
                "external_language": .text(f.language.uppercased()),
                "parameter_style": .text("GENERAL"),
                "is_deterministic": yesNo(f.volatility == .immutable),
                "sql_data_access": .text("MODIFIES"), "is_null_call": yesNo(f.isStrict),
                "schema_level_routine": yesNo(true), "max_dynamic_result_sets": .int4(0),
                "is_user_defined_cast": yesNo(false), "is_implicitly_invocable": yesNo(false),
                "security_type": .text("INVOKER"), "as_locator": yesNo(false),
                "is_udt_dependent": yesNo(false),
            ]
            if !f.isProcedure {
                for (key, value) in ColumnTypeFacts(f.returnType.withoutModifier).values {
                    row[key] = value
                }
                row["type_udt_catalog"] = databaseName
                row["type_udt_schema"] = row["udt_schema"] ?? .null
                row["type_udt_name"] = row["udt_name"] ?? .null
                row["dtd_identifier"] = .text("0")
            }
            for key in ["udt_schema", "udt_name", "udt_catalog"] { row[key] = nil }
            return row
        }
    }

    /// information_schema.table_constraints: keys, checks and the NOT NULL
    /// constraints PostgreSQL 15 reports as CHECK constraints.
    func infoTableConstraints() -> [Values] {
        var out: [Values] = []
        for table in tables {
            func row(_ name: String, _ type: String, nullsDistinct: Value) -> Values {
                [
                    "constraint_catalog": databaseName, "constraint_schema": .text(table.schema),
                    "constraint_name": .text(name), "table_catalog": databaseName,
                    "table_schema": .text(table.schema), "table_name": .text(table.name),
                    "constraint_type": .text(type), "is_deferrable": yesNo(false),
                    "initially_deferred": yesNo(false), "enforced": yesNo(true),
                    "nulls_distinct": nullsDistinct,
                ]
            }
            for c in table.constraints {
                switch c.kind {
                case .primaryKey: out.append(row(c.name, "PRIMARY KEY", nullsDistinct: yesNo(true)))
                case .unique(_, let nnd):
                    out.append(row(c.name, "UNIQUE", nullsDistinct: yesNo(!nnd)))
                case .check: out.append(row(c.name, "CHECK", nullsDistinct: .null))
                case .foreignKey: out.append(row(c.name, "FOREIGN KEY", nullsDistinct: .null))
                }
            }
            let schemaOID = catalog.schemaOIDs[table.schema] ?? 0
            for number in table.columns.indices {
                let column = table.columns[number]
                guard column.notNull, !column.isDropped else { continue }
                let name = "\(schemaOID)_\(table.oid)_\(number + 1)_not_null"
                out.append(row(name, "CHECK", nullsDistinct: .null))
            }
        }
        return out
    }

    /// information_schema.key_column_usage of primary keys, unique
    /// constraints and foreign keys.
    func infoKeyColumnUsage() -> [Values] {
        var out: [Values] = []
        for table in tables {
            for c in table.constraints {
                var keys = c.keyColumns
                var unique: Value = .null
                if case .foreignKey(let fk) = c.kind { keys = fk.columns }
                guard let keys else { continue }
                for (position, column) in keys.enumerated() {
                    if case .foreignKey(let fk) = c.kind {
                        // Where the referenced column sits in the referenced key.
                        let place = catalog.referencedKey(fk)?.columns.firstIndex(
                            of: fk.referencedColumns[position])
                        unique = place.map { .int4(Int32($0 + 1)) } ?? .null
                    }
                    out.append([
                        "position_in_unique_constraint": unique,
                        "constraint_catalog": databaseName,
                        "constraint_schema": .text(table.schema), "constraint_name": .text(c.name),
                        "table_catalog": databaseName, "table_schema": .text(table.schema),
                        "table_name": .text(table.name),
                        "column_name": .text(table.columns[column].name),
                        "ordinal_position": .int4(Int32(position + 1)),
                    ])
                }
            }
        }
        return out
    }
}

/// A column type's facts as information_schema.columns reports them.
struct ColumnTypeFacts {
    var values: CatalogRows.Values = [:]

    init(_ type: PGType) {
        let info = type.info
        if type.isArray {
            values["data_type"] = .text("ARRAY")
        } else if info == nil || info?.category == "U" && type.oid > 8000 {
            values["data_type"] = .text("USER-DEFINED")
        } else {
            values["data_type"] = .text(formatType(type.withoutModifier))
        }
        values["udt_schema"] = .text("pg_catalog")
        values["udt_name"] = .text(info?.typname ?? "")
        switch type.oid {
        case PGType.int2.oid: integer(16)
        case PGType.int4.oid: integer(32)
        case PGType.int8.oid: integer(64)
        case PGType.float4.oid: float(24)
        case PGType.float8.oid: float(53)
        case PGType.numeric.oid:
            values["numeric_precision_radix"] = .int4(10)
            if let ps = type.numericPrecisionScale {
                values["numeric_precision"] = .int4(Int32(ps.precision))
                values["numeric_scale"] = .int4(Int32(ps.scale))
            }
        case PGType.varchar.oid, PGType.bpchar.oid, PGType.text.oid:
            if let n = type.characterLength {
                values["character_maximum_length"] = .int4(Int32(n))
                values["character_octet_length"] = .int4(Int32(n * 4))
            } else if type.oid == PGType.bpchar.oid {
                values["character_maximum_length"] = .int4(1)
                values["character_octet_length"] = .int4(4)
            } else {
                values["character_octet_length"] = .int4(1_073_741_824)
            }
        case PGType.date.oid: values["datetime_precision"] = .int4(0)
        case PGType.time.oid, PGType.timestamp.oid, PGType.timestamptz.oid,
            PGType.interval.oid:
            values["datetime_precision"] = .int4(type.typmod >= 0 ? type.typmod : 6)
        default: break
        }
    }

    private mutating func integer(_ bits: Int32) {
        values["numeric_precision"] = .int4(bits)
        values["numeric_precision_radix"] = .int4(2)
        values["numeric_scale"] = .int4(0)
    }

    private mutating func float(_ bits: Int32) {
        values["numeric_precision"] = .int4(bits)
        values["numeric_precision_radix"] = .int4(2)
    }
}
