// create_parent and create_partition_time for native, time-based sets:
// the checks 4.7.2 makes and their messages, the template table, the
// first partitions (premake intervals either side of now(), or from
// p_start_partition), the part_config row and the default partition.

/// The PL/pgSQL signature errors of create_parent name.
private let createParentSignature =
    "create_parent(text,text,text,text,text[],integer,text,text,boolean,text,text,text[],"
    + "boolean,text,boolean,text)"

/// The named intervals 4.7.2 accepts besides any interval text.
private let namedIntervals: [String: String] = [
    "yearly": "1 year", "quarterly": "3 months", "monthly": "1 month", "weekly": "1 week",
    "daily": "1 day", "hourly": "1 hour", "half-hour": "30 mins", "quarter-hour": "15 mins",
]

/// create_parent's arguments (in the order of its signature).
private struct CreateParentArguments {
    var parent: String
    var control: String
    var type: String
    var interval: String
    var premake: Int
    var automaticMaintenance: String
    var startPartition: String?
    var inheritFK: Bool
    var epoch: String
    var upsert: String
    var template: String?
    var jobmon: Bool
    var dateTruncInterval: String?
}

extension PartmanCall {
    /// create_parent(p_parent_table, p_control, p_type, p_interval, ...).
    func createParent() throws -> Value {
        let args = CreateParentArguments(
            parent: text(0) ?? "", control: text(1) ?? "", type: text(2) ?? "",
            interval: text(3) ?? "", premake: int(5) ?? 4,
            automaticMaintenance: text(6) ?? "on", startPartition: text(7),
            inheritFK: bool(8) ?? true, epoch: text(9) ?? "none", upsert: text(10) ?? "",
            template: text(13), jobmon: bool(14) ?? true, dateTruncInterval: text(15))
        return try raising(createParentSignature, rethrowLine: 807) {
            .bool(try createParent(args))
        }
    }

    private func createParent(_ args: CreateParentArguments) throws -> Bool {
        let parent = try checkParent(args)
        let interval = try timeInterval(args)
        let template = try templateTable(args, parent: parent)
        let (base, datetimeString) = try baseTimestamp(args, interval: interval)
        var times = [base]
        let limit = try DateTime.add(now, interval.multiplied(by: Double(args.premake)))
        var count = 1.0
        while true {
            let next = try DateTime.add(base, interval.multiplied(by: count))
            guard next < limit else { break }
            times.append(next)
            count += 1
        }
        try insertConfig(
            args, interval: interval, datetimeString: datetimeString, template: template)
        guard try createPartitions(args.parent, times) else {
            session.emitNotice(
                SQLError(
                    SQLState.warning,
                    "No child tables created. Check that all child tables did not already "
                        + "exist and may not have been part of partition set. Given parent "
                        + "has still been configured with pg_partman, but may not have "
                        + "expected children. Please review schema and config to confirm "
                        + "things are ok.", severity: .warning))
            return false
        }
        let fallback = checkNameLength(parent.name, "_default", partition: false)
        try run(
            "CREATE TABLE \(quoteIdentifier(parent.schema)).\(quoteIdentifier(fallback)) "
                + "PARTITION OF \(qualified(parent)) DEFAULT")
        return true
    }

    /// The parent named by p_parent_table after 4.7.2's checks of it,
    /// its control column and the partitioning type.
    private func checkParent(_ args: CreateParentArguments) throws -> TableDefinition {
        let pieces = args.parent.split(separator: ".", omittingEmptySubsequences: false)
        if pieces.count < 2 {
            throw PartmanRaise(message: "Parent table must be schema qualified", line: 65)
        }
        if pieces.count > 2 {
            throw PartmanRaise(
                message: "pg_partman does not support objects with periods in their names",
                line: 67)
        }
        if !args.upsert.isEmpty && args.type == "native" {
            throw PartmanRaise(
                message: "The pg_partman upsert feature is not supported with native "
                    + "partitioning in PG11+. Use the built-in support for INSERT ON "
                    + "CONFLICT with native partitioning instead.", line: 75)
        }
        guard let parent = table(String(pieces[0]), String(pieces[1])) else {
            throw PartmanRaise(
                message: "Unable to find given parent table in system catalogs. Please "
                    + "create parent table first: \(args.parent)", line: 87)
        }
        let column = parent.columnIndex(args.control).map { parent.columns[$0] }
        if args.type != "native" && !(column?.notNull ?? false) {
            throw PartmanRaise(
                message: "Control column given (\(args.control)) for parent table "
                    + "(\(args.parent)) does not exist or must be set to NOT NULL", line: 98)
        }
        let (general, exact) = controlType(parent, args.control)
        guard let general else {
            throw PartmanRaise(
                message: "pg_partman only supports partitioning of data types that are "
                    + "integer or date/timestamp. Supplied column is of type "
                    + (exact ?? "<NULL>"), line: 105)
        }
        if args.epoch != "none" && general != "id" {
            throw PartmanRaise(
                message: "p_epoch can only be used with an integer based control column and "
                    + "does not work for native partitioning", line: 109)
        }
        guard ["partman", "time-custom", "native"].contains(args.type) else {
            throw PartmanRaise(
                message: "\(args.type) is not a valid partitioning type for pg_partman",
                line: 114)
        }
        try checkNative(args, parent: parent, exact: exact)
        if general == "id" {
            // TODO(#6): integer (id) partition sets.
            throw SQLError.notSupported(
                "pg_partman partition sets on integer control columns are not supported yet")
        }
        return parent
    }

    /// The checks of a native set: a ranged parent on the control column.
    private func checkNative(_ args: CreateParentArguments, parent: TableDefinition, exact: String?)
        throws
    {
        guard args.type == "native" else {
            // TODO(#6): trigger-based (non-native) partition sets.
            throw SQLError.notSupported(
                "pg_partman partition type \"\(args.type)\" is not supported yet")
        }
        guard let key = parent.partitionKey, key.strategy == .range else {
            throw PartmanRaise(
                message: "When using native partitioning, you must have created the given "
                    + "parent table as ranged (not list) partitioned already. Ex: CREATE "
                    + "TABLE ... PARTITION BY RANGE ...)", line: 131)
        }
        if key.columns.count > 1 {
            session.emitNotice(
                .notice(
                    "pg_partman only supports single column native partitioning at this "
                        + "time. Found \(key.columns.count) columns in given parent definition."))
        }
        guard let first = key.columns.first else { return }
        let keyColumn = parent.columns[first]
        let keyType = TypeCatalog.info(keyColumn.type.oid)?.typname ?? ""
        if args.control != keyColumn.name || exact != keyType {
            throw PartmanRaise(
                message: "Control column and type given in arguments (\(args.control), "
                    + "\(exact ?? "<NULL>")) does not match the control column and type of the "
                    + "given native partition set (\(keyColumn.name), \(keyType))", line: 149)
        }
    }

    /// p_interval as an interval: a named one or the text cast.
    private func timeInterval(_ args: CreateParentArguments) throws -> Interval {
        let text = namedIntervals[args.interval] ?? args.interval
        let interval = try Interval(parsing: text)
        if interval.comparable < 1_000_000 {
            throw PartmanRaise(
                message: "Partitioning interval must be 1 second or greater", line: 381)
        }
        return interval
    }

    /// The template table's qualified name, created as 4.7.2 creates it
    /// (`template_SCHEMA_TABLE`, LIKE the parent) when none was given.
    private func templateTable(_ args: CreateParentArguments, parent: TableDefinition) throws
        -> String
    {
        if let given = args.template {
            let (schema, name) = splitQualified(given)
            guard table(schema, name) != nil else {
                throw PartmanRaise(
                    message: "Unable to find given template table in system catalogs "
                        + "(\(args.parent)). Please create template table first or leave "
                        + "parameter NULL to have a default one created for you.", line: 180)
            }
            return schema + "." + name
        }
        let name = checkNameLength(
            "template_" + parent.schema + "_" + parent.name, nil, partition: false)
        try run(
            "CREATE TABLE IF NOT EXISTS \(quoteIdentifier(schema)).\(quoteIdentifier(name)) "
                + "(LIKE \(qualified(parent)))")
        return schema + "." + name
    }

    /// The first partition's start (truncated to the interval's unit) and
    /// the suffix format, as create_parent chooses them.
    private func baseTimestamp(_ args: CreateParentArguments, interval: Interval) throws
        -> (Int64, String)
    {
        let start: Int64
        if let given = args.startPartition {
            guard case .timestamptz(let t) = try value("SELECT \(quoteLiteral(given))::timestamptz")
            else { return (now, "YYYY") }
            start = t
        } else {
            start = try DateTime.add(now, interval.multiplied(by: -Double(args.premake)))
        }
        let (unit, format) = truncation(args, interval: interval)
        guard case .timestamptz(let base) = try value(
            "SELECT date_trunc(\(quoteLiteral(unit)), \(timestampLiteral(start)))")
        else { return (start, format) }
        return (base, format)
    }

    /// The date_trunc unit and suffix format for an interval.
    private func truncation(_ args: CreateParentArguments, interval: Interval) -> (String, String)
    {
        let span = interval.comparable
        let day: Int64 = 86_400_000_000
        if let unit = args.dateTruncInterval {
            return (unit, span >= day ? "YYYY_MM_DD" : "YYYY_MM_DD_HH24MISS")
        }
        let year: Int64 = 360 * day
        if span >= year {
            if span >= 1000 * year { return ("millennium", "YYYY") }
            if span >= 100 * year { return ("century", "YYYY") }
            if span >= 10 * year { return ("decade", "YYYY") }
            return ("year", "YYYY")
        }
        if span >= 30 * day {
            if args.interval == "quarterly" { return ("quarter", "YYYY\"q\"Q") }
            return ("month", "YYYY_MM")
        }
        let prefix = args.interval == "quarterly" ? "YYYY\"q\"Q" : "YYYY_MM"
        if span >= day {
            if args.interval == "weekly" { return ("week", "IYYY\"w\"IW") }
            return ("day", prefix + "_DD")
        }
        let dayFormat = args.interval == "weekly" ? "IYYY\"w\"IW" : prefix + "_DD"
        if span >= 60_000_000 { return ("hour", dayFormat + "_HH24MI") }
        return ("minute", dayFormat + "_HH24MISS")
    }

    /// The set's part_config row.
    private func insertConfig(
        _ args: CreateParentArguments, interval: Interval, datetimeString: String,
        template: String
    ) throws {
        let intervalText = formatValue(.interval(interval), type: .interval)
        let values: [String] = [
            quoteLiteral(args.parent), quoteLiteral(args.type), quoteLiteral(intervalText),
            quoteLiteral(args.epoch), quoteLiteral(args.control), String(args.premake),
            quoteLiteral(datetimeString), quoteLiteral(args.automaticMaintenance),
            String(args.inheritFK), String(args.jobmon), quoteLiteral(args.upsert),
            quoteLiteral(template),
        ]
        try run(
            "INSERT INTO \(configTable) (parent_table, partition_type, partition_interval, "
                + "epoch, control, premake, datetime_string, automatic_maintenance, "
                + "inherit_fk, jobmon, upsert, template_table, inherit_privileges) VALUES ("
                + values.joined(separator: ", ") + ", false)")
    }

    /// create_partition_time: a child per start time that has none yet;
    /// true when one was created.
    func createPartitions(_ parentName: String, _ times: [Int64]) throws -> Bool {
        guard let config = try config(parentName) else {
            throw PartmanRaise(message: "ERROR: no config found for \(parentName)", line: 84)
        }
        let (schema, name) = config.parentParts
        guard let parent = table(schema, name) else { return false }
        let interval = try Interval(parsing: config.partitionInterval)
        var created = false
        for start in times {
            let suffix = try suffixText(start, config.datetimeString)
            let child = checkNameLength(parent.name, suffix, partition: true)
            if table(parent.schema, child) != nil { continue }
            let end = try DateTime.add(start, interval)
            try run(
                "CREATE TABLE \(quoteIdentifier(parent.schema)).\(quoteIdentifier(child)) "
                    + "PARTITION OF \(qualified(parent)) FOR VALUES FROM ("
                    + quoteLiteral(DateTime.formatTimestampTZ(start)) + ") TO ("
                    + quoteLiteral(DateTime.formatTimestampTZ(end)) + ")")
            created = true
        }
        return created
    }

    /// to_char(time, format): a child's name suffix.
    func suffixText(_ time: Int64, _ format: String) throws -> String {
        let result = try value(
            "SELECT to_char(\(timestampLiteral(time)), \(quoteLiteral(format)))")
        if case .text(let s) = result { return s }
        return ""
    }

    /// `schema.table`, quoted.
    func qualified(_ table: TableDefinition) -> String {
        quoteIdentifier(table.schema) + "." + quoteIdentifier(table.name)
    }
}
