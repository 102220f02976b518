// What pg_partman's functions read: a parent's part_config row, the
// parent's child tables with their range bounds, and interval arithmetic
// as PostgreSQL does it for timestamptz in UTC.

/// The part_config columns maintenance uses.
struct PartmanConfig {
    var parentTable: String
    var control: String
    var partitionType: String
    var partitionInterval: String
    var premake: Int
    var epoch: String
    var retention: String?
    var retentionSchema: String?
    var retentionKeepTable: Bool
    var retentionKeepIndex: Bool
    var infiniteTimePartitions: Bool
    var datetimeString: String
    var automaticMaintenance: String
    var undoInProgress: Bool
    var subPartitionSetFull: Bool
    var ignoreDefaultData: Bool
    var dropCascadeFK: Bool

    /// The select list, in the order `init(row:)` reads it.
    static let columns: String =
        "parent_table, control, partition_type, partition_interval, premake, epoch, "
        + "retention, retention_schema, retention_keep_table, retention_keep_index, "
        + "infinite_time_partitions, datetime_string, automatic_maintenance, "
        + "undo_in_progress, sub_partition_set_full, ignore_default_data, drop_cascade_fk"

    /// A row of `SELECT columns FROM part_config`.
    init(row: [Value]) {
        func text(_ i: Int) -> String? {
            if case .text(let s) = row[i] { return s }
            return nil
        }
        func bool(_ i: Int) -> Bool {
            if case .bool(let b) = row[i] { return b }
            return false
        }
        parentTable = text(0) ?? ""
        control = text(1) ?? ""
        partitionType = text(2) ?? ""
        partitionInterval = text(3) ?? ""
        if case .int4(let p) = row[4] { premake = Int(p) } else { premake = 4 }
        epoch = text(5) ?? "none"
        retention = text(6)
        retentionSchema = text(7)
        retentionKeepTable = bool(8)
        retentionKeepIndex = bool(9)
        infiniteTimePartitions = bool(10)
        datetimeString = text(11) ?? ""
        automaticMaintenance = text(12) ?? "on"
        undoInProgress = bool(13)
        subPartitionSetFull = bool(14)
        ignoreDefaultData = bool(15)
        dropCascadeFK = bool(16)
    }

    /// The parent's schema and name (`schema.table` split at its dot).
    var parentParts: (schema: String, name: String) {
        splitQualified(parentTable)
    }
}

/// `schema.table` split at the first dot, as split_part does it.
func splitQualified(_ name: String) -> (schema: String, name: String) {
    let parts = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
    let schema = parts.first.map(String.init) ?? ""
    let table = parts.count > 1 ? String(parts[1]) : ""
    return (schema, String(table.split(separator: ".").first ?? ""))
}

/// One child of a partition set.
struct PartmanChild {
    let schema: String
    let name: String
    /// The range's lower bound, nil for the default partition.
    let start: Int64?
}

extension PartmanCall {
    /// The part_config row of `parent`, nil when it has none.
    func config(_ parent: String) throws -> PartmanConfig? {
        let result = try run(
            "SELECT \(PartmanConfig.columns) FROM \(configTable) "
                + "WHERE parent_table = \(quoteLiteral(parent))")
        return result.rows.first.map(PartmanConfig.init(row:))
    }

    /// Every part_config row, in the table's order.
    func allConfigs() throws -> [PartmanConfig] {
        try run("SELECT \(PartmanConfig.columns) FROM \(configTable)").rows.map(
            PartmanConfig.init(row:))
    }

    /// The table `schema.name` in the caller's catalog.
    func table(_ schema: String, _ name: String) -> TableDefinition? {
        let catalog = session.catalog
        return catalog.relation(named: name, in: schema).flatMap(catalog.table)
            .flatMap { catalog.isIndex(name, in: schema) ? nil : $0 }
    }

    /// pg_partman's general type of `column` of `table`: "time" for
    /// timestamptz, timestamp and date, "id" for the integers, nil for
    /// anything else; and the exact typname.
    func controlType(_ table: TableDefinition, _ column: String) -> (String?, String?) {
        guard let index = table.columnIndex(column) else { return (nil, nil) }
        let typname = TypeCatalog.info(table.columns[index].type.oid)?.typname
        switch typname {
        case "timestamptz", "timestamp", "date": return ("time", typname)
        case "int2", "int4", "int8": return ("id", typname)
        default: return (nil, typname)
        }
    }

    /// The children of `parent` with their lower bounds, the ranged ones
    /// in ascending order of their bounds (pg_partman orders them by the
    /// time their names' suffixes stand for, which is the same for the
    /// partitions it creates).
    func children(of parent: TableDefinition) -> (ranged: [PartmanChild], fallback: PartmanChild?)
    {
        let catalog = session.catalog
        var ranged: [PartmanChild] = []
        var fallback: PartmanChild?
        for oid in parent.partitions {
            guard let child = catalog.table(oid) else { continue }
            if case .default? = child.bound {
                fallback = PartmanChild(schema: child.schema, name: child.name, start: nil)
            } else {
                let start = lowerBound(child.bound)
                ranged.append(PartmanChild(schema: child.schema, name: child.name, start: start))
            }
        }
        ranged.sort { ($0.start ?? Int64.min) < ($1.start ?? Int64.min) }
        return (ranged, fallback)
    }

    /// A range partition's lower bound as a timestamptz.
    func lowerBound(_ bound: ResolvedBound?) -> Int64? {
        guard case .range(let from, _)? = bound, case .value(let v)? = from.first else {
            return nil
        }
        switch v {
        case .timestamptz(let t), .timestamp(let t): return t
        case .date(let d): return Int64(d) * 86_400_000_000
        default: return nil
        }
    }
}

extension Interval {
    /// EXTRACT(epoch FROM interval): a year of 365.25 days, a month of 30.
    var epochSeconds: Double {
        let years = Double(months / 12) * 365.25 * 86_400
        let rest = Double(months % 12) * 30 * 86_400
        return years + rest + Double(days) * 86_400 + Double(microseconds) / 1e6
    }

    /// interval_cmp's measure: months of 30 days, days of 24 hours.
    var comparable: Int64 {
        (Int64(months) * 30 + Int64(days)) * 86_400_000_000 + microseconds
    }
}
