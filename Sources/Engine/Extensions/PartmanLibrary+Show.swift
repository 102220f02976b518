// pg_partman's reporting functions: show_partitions, show_partition_info,
// show_partition_name, check_default and check_name_length.

extension PartmanCall {
    /// show_partitions(p_parent_table, p_order, p_include_default).
    func showPartitions() throws -> [Row] {
        let parentName = text(0) ?? ""
        let order = (text(1) ?? "ASC").uppercased()
        let signature = "show_partitions(text,text,boolean)"
        return try raising(signature, qualified: false) {
            guard order == "ASC" || order == "DESC" else {
                // 4.7.2 resets search_path from a variable it never
                // declared before it raises its message, so this fails.
                let query =
                    "format('SELECT set_config(%L, %L, %L)', 'search_path', "
                    + "v_old_search_path, 'false')"
                throw SQLError(
                    SQLState.undefinedColumn, "column \"v_old_search_path\" does not exist",
                    internalPosition: 56, internalQuery: query,
                    context: "PL/pgSQL function \(signature) line 23 at EXECUTE")
            }
            let (_, parent) = try managedParent(parentName, lines: (41, 51))
            let (ranged, fallback) = children(of: parent)
            var rows: [Row] = []
            if bool(2) == true, let fallback {
                rows.append([.text(fallback.schema), .text(fallback.name)])
            }
            let ordered = order == "ASC" ? ranged : ranged.reversed()
            rows += ordered.map { [.text($0.schema), .text($0.name)] }
            return rows
        }
    }

    /// The config and table of a parent, raising 4.7.2's messages at
    /// `lines` (not managed, not found).
    private func managedParent(_ name: String, lines: (Int, Int)) throws
        -> (PartmanConfig, TableDefinition)
    {
        guard let config = try config(name) else {
            throw PartmanRaise(
                message: "Given parent table not managed by pg_partman: \(name)", line: lines.0)
        }
        let (schema, table) = config.parentParts
        guard let parent = self.table(schema, table) else {
            throw PartmanRaise(
                message: "Given parent table not found in system catalogs: \(name)",
                line: lines.1)
        }
        return (config, parent)
    }

    /// show_partition_info(p_child_table, p_partition_interval,
    /// p_parent_table): child_start_time, child_end_time, child_start_id,
    /// child_end_id, suffix.
    func partitionInfo() throws -> [Value] {
        let childName = text(0) ?? ""
        let signature = "show_partition_info(text,text,text)"
        return try raising(signature) {
            let (schema, name) = splitQualified(childName)
            guard let child = table(schema, name) else {
                throw PartmanRaise(
                    message: "Child table given does not exist (\(childName))", line: 34)
            }
            var parentName = text(2)
            if parentName == nil, let parentID = child.parent,
                let parent = session.catalog.table(parentID)
            {
                parentName = parent.schema + "." + parent.name
            }
            guard let parentName, let config = try config(parentName) else {
                throw PartmanRaise(
                    message: "Parent table of given child not managed by pg_partman: "
                        + (parentName ?? "<NULL>"), line: 59)
            }
            let interval = try Interval(parsing: text(1) ?? config.partitionInterval)
            let suffix = Self.suffix(of: name)
            guard let start = lowerBound(child.bound) else {
                // TODO(#6): integer (id) partition sets.
                throw SQLError.notSupported(
                    "show_partition_info on this partition set is not supported yet")
            }
            let end = try DateTime.add(start, interval)
            return [.timestamptz(start), .timestamptz(end), .null, .null, .text(suffix)]
        }
    }

    /// The text after the last `_p` of a child's name.
    static func suffix(of name: String) -> String {
        let chars = Array(name)
        var index = chars.count - 2
        while index >= 0 && !(chars[index] == "_" && chars[index + 1] == "p") { index -= 1 }
        return index < 0 ? "" : String(chars[(index + 2)...])
    }

    /// show_partition_name(p_parent_table, p_value): partition_schema,
    /// partition_table, suffix_timestamp, suffix_id, table_exists.
    func partitionName() throws -> [Value] {
        let parentName = text(0) ?? ""
        return try raising("show_partition_name(text,text)") {
            guard let config = try config(parentName) else {
                throw PartmanRaise(
                    message: "Parent table given is not managed by pg_partman (\(parentName))",
                    line: 43)
            }
            let (schema, name) = config.parentParts
            guard let parent = table(schema, name) else {
                throw PartmanRaise(
                    message: "Parent table given does not exist (\(parentName))", line: 52)
            }
            guard case .timestamptz(let given) = try value(
                "SELECT \(quoteLiteral(text(1) ?? ""))::timestamptz")
            else { return [.text(schema), .null, .null, .null, .bool(false)] }
            let start = try suffixTimestamp(config, parent: parent, value: given)
            let suffix = try suffixText(start, config.datetimeString)
            let child = checkNameLength(parent.name, suffix, partition: true)
            let exists = table(schema, child) != nil
            return [.text(schema), .text(child), .timestamptz(start), .null, .bool(exists)]
        }
    }

    /// The start of the interval of the set's partition grid that holds
    /// `value`, stepping from the newest partition as 4.7.2 does.
    func suffixTimestamp(_ config: PartmanConfig, parent: TableDefinition, value: Int64) throws
        -> Int64
    {
        let interval = try Interval(parsing: config.partitionInterval)
        let ranged = children(of: parent).ranged
        var start: Int64?
        for child in ranged.reversed() {
            guard let childStart = child.start else { continue }
            if value >= (try DateTime.add(childStart, interval)) {
                start = childStart
                break
            }
            if value >= childStart { return childStart }
            start = childStart
        }
        guard var start else {
            throw PartmanRaise(
                message: "Unexpected code path encountered in show_partition_name(). Please "
                    + "report this issue to author with relevant partition config info.",
                line: 87)
        }
        let back = try interval.multiplied(by: -1)
        while value < start { start = try DateTime.add(start, back) }
        while value >= (try DateTime.add(start, interval)) {
            start = try DateTime.add(start, interval)
        }
        return start
    }

    /// check_default(p_exact_count): each set's default partition that
    /// holds rows, with their count.
    func checkDefault() throws -> [Row] {
        var rows: [Row] = []
        for config in try allConfigs() where config.partitionType == "native" {
            let (schema, name) = config.parentParts
            guard let parent = table(schema, name),
                let fallback = children(of: parent).fallback
            else { continue }
            let source = quoteIdentifier(fallback.schema) + "." + quoteIdentifier(fallback.name)
            let sql =
                bool(0) == false
                ? "SELECT count(1) FROM (SELECT 1 FROM ONLY \(source) LIMIT 1) x"
                : "SELECT count(1) FROM ONLY \(source)"
            guard case .int8(let count) = try value(sql), count > 0 else { continue }
            rows.append([.text(fallback.schema + "." + fallback.name), .int8(count)])
        }
        return rows
    }

    /// check_name_length(p_object_name, p_suffix, p_table_partition).
    func checkNameLength() throws -> Value {
        let partition = bool(2) ?? false
        if partition && text(1) == nil {
            throw PartmanRaise(message: "Table partition name requires a suffix value", line: 14)
                .error(
                    signature: quoteIdentifier(schema) + ".check_name_length(text,text,boolean)",
                    rethrowLine: nil)
        }
        guard let name = text(0) else { return .null }
        return .text(checkNameLength(name, text(1), partition: partition))
    }

    /// A name of at most 63 characters ending in `suffix` (after `_p` for
    /// a partition), the object's name cut short to make room.
    func checkNameLength(_ name: String, _ suffix: String?, partition: Bool) -> String {
        let suffix = suffix ?? ""
        if partition {
            if name.count + suffix.count >= 61 {
                return String(name.prefix(max(61 - suffix.count, 0))) + "_p" + suffix
            }
            return name + "_p" + suffix
        }
        if name.count + suffix.count >= 63 {
            return String(name.prefix(max(63 - suffix.count, 0))) + suffix
        }
        return name + suffix
    }
}
