// run_maintenance and drop_partition_time for native, time-based sets:
// retention first, then enough future partitions that `premake` of them
// lie ahead of the newest data (or of now() with infinite_time_partitions).

/// The PL/pgSQL signatures errors of these functions name.
private let maintenanceSignature = "run_maintenance(text,boolean,boolean)"
private let dropSignature =
    "drop_partition_time(text,interval,boolean,boolean,text,timestamp with time zone)"

extension PartmanCall {
    /// run_maintenance(p_parent_table, p_analyze, p_jobmon).
    func runMaintenance() throws -> Value {
        let parent = text(0)
        try raising(maintenanceSignature, rethrowLine: 413) {
            for config in try allConfigs() where !config.undoInProgress {
                if let parent, config.parentTable != parent { continue }
                if parent == nil && config.automaticMaintenance != "on" { continue }
                // Retention may have removed a sub-partition's config.
                guard let current = try self.config(config.parentTable) else { continue }
                try maintain(current)
            }
        }
        return .void
    }

    /// One set's maintenance.
    private func maintain(_ config: PartmanConfig) throws {
        let (schema, name) = config.parentParts
        guard let parent = table(schema, name) else { return }
        guard controlType(parent, config.control).0 == "time" else {
            // TODO(#6): integer (id) partition sets.
            throw SQLError.notSupported(
                "pg_partman partition sets on integer control columns are not supported yet")
        }
        if config.retention != nil {
            _ = try dropPartitions(config, retention: nil, reference: now)
        }
        if config.subPartitionSetFull { return }
        guard let refreshed = table(schema, name) else { return }
        let (ranged, fallback) = children(of: refreshed)
        guard let lastStart = ranged.last?.start else { return }
        let interval = try Interval(parsing: config.partitionInterval)
        var current: Int64?
        if config.infiniteTimePartitions {
            current = now
        } else {
            current = try newestData(config, ranged)
        }
        if !config.ignoreDefaultData, let fallback,
            case .timestamptz(let max) = try value(
                "SELECT max(\(quoteIdentifier(config.control)))::timestamptz FROM ONLY "
                    + quoteIdentifier(fallback.schema) + "." + quoteIdentifier(fallback.name)),
            current.map({ max > $0 }) ?? true
        {
            current = try suffixTimestamp(config, parent: refreshed, value: max)
        }
        guard let current else { return }
        try premake(config, from: lastStart, current: current, interval: interval)
    }

    /// The start of the partition holding the newest row of the set,
    /// looking from the newest partition down.
    private func newestData(_ config: PartmanConfig, _ ranged: [PartmanChild]) throws -> Int64? {
        let (schema, name) = config.parentParts
        guard let parent = table(schema, name) else { return nil }
        for child in ranged.reversed() {
            let max = try value(
                "SELECT max(\(quoteIdentifier(config.control)))::timestamptz FROM "
                    + quoteIdentifier(child.schema) + "." + quoteIdentifier(child.name))
            if case .timestamptz(let t) = max {
                return try suffixTimestamp(config, parent: parent, value: t)
            }
        }
        return nil
    }

    /// Creates partitions after `lastStart` until `premake` of them lie
    /// ahead of `current`, counting as 4.7.2 does (the rounded number of
    /// intervals between the two).
    private func premake(
        _ config: PartmanConfig, from lastStart: Int64, current: Int64, interval: Interval
    ) throws {
        func premade(_ start: Int64) throws -> Int {
            let age = try DateTime.age(start, current)
            return Int((age.epochSeconds / interval.epochSeconds).rounded())
        }
        var next = lastStart
        var count = try premade(next)
        while count < config.premake {
            next = try DateTime.add(next, interval)
            _ = try createPartitions(config.parentTable, [next])
            count = try premade(next)
        }
    }

    /// drop_partition_time(p_parent_table, p_retention, p_keep_table,
    /// p_keep_index, p_retention_schema, p_reference_timestamp).
    func dropPartitionTime() throws -> Value {
        let parent = text(0) ?? ""
        return try raising(dropSignature, rethrowLine: 308) {
            let retention: Interval?
            if case .interval(let i)? = arguments.count > 1 ? arguments[1] : nil {
                retention = i
            } else {
                retention = nil
            }
            guard var config = try config(parent), retention != nil || config.retention != nil
            else {
                let message =
                    retention == nil
                    ? "Configuration for given parent table with a retention period not found: "
                    : "Configuration for given parent table not found: "
                throw PartmanRaise(message: message + parent, line: retention == nil ? 79 : 107)
            }
            if let keep = bool(2) { config.retentionKeepTable = keep }
            if let keep = bool(3) { config.retentionKeepIndex = keep }
            if let target = text(4) { config.retentionSchema = target }
            var reference = now
            if arguments.count > 5, case .timestamptz(let t) = arguments[5] { reference = t }
            let dropped = try dropPartitions(config, retention: retention, reference: reference)
            return .int4(Int32(dropped))
        }
    }

    /// Detaches, drops or moves every partition whose whole range is older
    /// than `reference` minus the retention; the count it removed.
    private func dropPartitions(
        _ config: PartmanConfig, retention given: Interval?, reference: Int64
    ) throws -> Int {
        let (schema, name) = config.parentParts
        guard let parent = table(schema, name) else { return 0 }
        let retention = try given ?? Interval(parsing: config.retention ?? "")
        let interval = try Interval(parsing: config.partitionInterval)
        let cutoff = try DateTime.add(reference, retention.multiplied(by: -1))
        var remaining = children(of: parent).ranged
        var dropped = 0
        for child in remaining {
            guard let start = child.start, try DateTime.add(start, interval) < cutoff else {
                continue
            }
            if remaining.count == 1 {
                session.emitNotice(
                    SQLError(
                        SQLState.warning,
                        "Attempt to drop final partition in partition set "
                            + "\(config.parentTable) as part of retention policy. If you see "
                            + "this message multiple times for the same table, advise "
                            + "reviewing retention policy and/or data entry into the "
                            + "partition set. Also consider setting "
                            + "\"infinite_time_partitions = true\" if there are large gaps in "
                            + "data insertion.).", severity: .warning))
                continue
            }
            try retire(child, of: parent, config)
            remaining.removeAll { $0.name == child.name && $0.schema == child.schema }
            dropped += 1
        }
        return dropped
    }

    /// Applies the retention policy to one partition.
    private func retire(_ child: PartmanChild, of parent: TableDefinition, _ config: PartmanConfig)
        throws
    {
        let childName = quoteIdentifier(child.schema) + "." + quoteIdentifier(child.name)
        if config.retentionKeepTable || config.retentionSchema != nil {
            try run("ALTER TABLE \(qualified(parent)) DETACH PARTITION \(childName)")
        }
        if let target = config.retentionSchema {
            try run("ALTER TABLE \(childName) SET SCHEMA \(quoteIdentifier(target))")
        } else if !config.retentionKeepTable {
            try run("DROP TABLE \(childName)" + (config.dropCascadeFK ? " CASCADE" : ""))
        }
        // retention_keep_index = false drops nothing on native sets in
        // PostgreSQL 11 and later, where a partition's indexes cannot be
        // dropped: 4.7.2 skips it there too.
        try run(
            "DELETE FROM \(configTable) WHERE parent_table = "
                + quoteLiteral(child.schema + "." + child.name))
    }
}
