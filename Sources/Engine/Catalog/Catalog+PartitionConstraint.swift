// pg_get_partition_constraintdef: the implicit constraint a partition's
// bound puts on its rows (partbounds.c's get_qual_for_range, _for_list
// and _for_hash), ANDed with its ancestors', printed as ruleutils prints
// it without pretty mode: `((at IS NOT NULL) AND (at >= '2024-01-01'::date)
// AND (at < '2025-01-01'::date))`.

extension Session {
    /// The partition constraint of `table`, nil for a table that is no
    /// partition (or a default partition without siblings).
    // TODO(#6): multi-column range bounds.
    func partitionConstraintText(_ table: TableDefinition, catalog: Catalog) throws -> String? {
        var conditions: [String] = []
        var current = table
        while let parentOID = current.parent, let parent = catalog.table(parentOID),
            let bound = current.bound, let key = parent.partitionKey
        {
            let printer = BoundPrinter(parent: parent, key: key)
            let own: [String]
            if case .default = bound {
                let siblings = parent.partitions.compactMap { catalog.table($0)?.bound }
                own = try printer.defaultConditions(siblings: siblings)
            } else {
                own = try printer.conditions(bound)
            }
            conditions.insert(contentsOf: own, at: 0)
            current = parent
        }
        if conditions.isEmpty { return nil }
        if conditions.count == 1 { return conditions[0] }
        return "(" + conditions.joined(separator: " AND ") + ")"
    }
}

/// Prints the quals of bounds on one parent's partition key.
private struct BoundPrinter {
    let parent: TableDefinition
    let columns: [String]
    let types: [PGType]

    init(parent: TableDefinition, key: PartitionKey) {
        self.parent = parent
        columns = key.columns.map { ruleQuoteIdentifier(parent.columns[$0].name) }
        types = key.columns.map { parent.columns[$0].type }
    }

    func constant(_ value: Value, _ index: Int) -> String {
        RuleUtilsPrinter.constantText(
            formatValue(value, type: types[index]), types[index].withoutModifier, showType: 0)
    }

    /// An AND of `parts`, or the one part alone.
    static func and(_ parts: [String]) -> String {
        parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " AND ") + ")"
    }

    /// The conditions one bound puts on the key (ANDed by the caller).
    func conditions(_ bound: ResolvedBound) throws -> [String] {
        switch bound {
        case .range(let from, let to):
            let limits = try rangeLimits(from: from, to: to)
            return ["(\(columns[0]) IS NOT NULL)"] + limits
        case .list(let values):
            return listConditions(values)
        case .hash(let modulus, let remainder):
            let arguments = ["'\(parent.oid)'::oid", String(modulus), String(remainder)] + columns
            return ["satisfies_hash_partition(" + arguments.joined(separator: ", ") + ")"]
        case .default:
            return []
        }
    }

    /// `>=` the lower and `<` the upper bound of a one-column range, each
    /// left out when unbounded.
    private func rangeLimits(from: [RangeDatum], to: [RangeDatum]) throws -> [String] {
        guard columns.count == 1 else {
            throw SQLError.notSupported(
                "partition constraints of multi-column range bounds are not supported yet")
        }
        var parts: [String] = []
        if case .value(let v) = from[0] { parts.append("(\(columns[0]) >= \(constant(v, 0)))") }
        if case .value(let v) = to[0] { parts.append("(\(columns[0]) < \(constant(v, 0)))") }
        return parts
    }

    /// A list bound's conditions: NULL accepted or refused, then equality
    /// with the one value or `= ANY` of several.
    private func listConditions(_ values: [Value]) -> [String] {
        let column = columns[0]
        let present = values.filter { !$0.isNull }
        let acceptsNull = present.count < values.count
        if present.isEmpty { return acceptsNull ? ["(\(column) IS NULL)"] : [] }
        let list =
            present.count == 1
            ? "(\(column) = \(constant(present[0], 0)))"
            : "(\(column) = ANY (ARRAY["
                + present.map { constant($0, 0) }.joined(separator: ", ") + "]))"
        if acceptsNull { return ["((\(column) IS NULL) OR \(list))"] }
        return ["(\(column) IS NOT NULL)", list]
    }

    /// A default partition's condition: NOT the other partitions' bounds
    /// (their list values in sort order, or their ranges in bound order).
    func defaultConditions(siblings: [ResolvedBound]) throws -> [String] {
        var values: [Value] = []
        var ranges: [(from: [RangeDatum], to: [RangeDatum])] = []
        for bound in siblings {
            switch bound {
            case .list(let v): values += v
            case .range(let from, let to): ranges.append((from, to))
            case .hash, .default: break
            }
        }
        if !ranges.isEmpty {
            let ordered = ranges.sorted {
                PartitionRouter.compare($0.from, $1.from, types: types) < 0
            }
            let quals = try ordered.map { range -> String in
                let limits = try rangeLimits(from: range.from, to: range.to)
                return limits.isEmpty ? "true" : BoundPrinter.and(limits)
            }
            let others = quals.count == 1 ? quals[0] : "(" + quals.joined(separator: " OR ") + ")"
            return ["(NOT ((\(columns[0]) IS NOT NULL) AND \(others)))"]
        }
        let sorted = values.sorted { compareValues($0, $1, type: types[0]) < 0 }
        let others = listConditions(sorted)
        if others.isEmpty { return [] }
        return ["(NOT " + BoundPrinter.and(others) + ")"]
    }
}
