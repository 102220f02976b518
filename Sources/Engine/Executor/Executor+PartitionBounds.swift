// FOR VALUES ... / DEFAULT of CREATE TABLE ... PARTITION OF and ALTER
// TABLE ... ATTACH PARTITION: bound values coerced to the key's types,
// then PostgreSQL's checks (check_new_partition_bound): the strategy
// matches, a range is not empty, no sibling overlaps, at most one default
// partition, and the default partition holds no row the new one would.
import SQLParser

extension Executor {
    /// Adds `table` as a partition of `parentName` with `create`'s bound.
    func attachNewPartition(
        _ table: inout TableDefinition, parentName: QualifiedName, create: CreateTableStatement,
        catalog updated: inout Catalog
    ) throws {
        let parent = try resolveTable(parentName)
        guard let bound = create.partitionBound else {
            throw SQLError(SQLState.syntaxError, "partition bound is missing")
        }
        let resolved = try resolveBound(bound, parent: parent, partition: table.name, after: parentName.location)
        try checkNewBound(resolved, parent: parent, partition: table.name, bound: bound, after: parentName.location)
        table.parent = parent.oid
        table.bound = resolved
        updated.updateTable(table)
        var p = parent
        p.partitions.append(table.oid)
        updated.updateTable(p)
    }

    /// The bound's values as datums of the key's types.
    func resolveBound(_ bound: PartitionBound, parent: TableDefinition, partition: String, after: Int) throws -> ResolvedBound {
        guard let key = parent.partitionKey else {
            throw SQLError(SQLState.wrongObjectType, "\"\(parent.name)\" is not partitioned")
        }
        let types = key.columns.map { parent.columns[$0].type }
        let names = key.columns.map { parent.columns[$0].name }
        func mismatch() -> SQLError {
            SQLError(
                SQLState.invalidTableDefinition,
                "invalid bound specification for a \(key.strategy.rawValue.lowercased()) partition",
                position: boundPosition(bound, after: after))
        }
        switch bound {
        case .default:
            return .default
        case .range(let from, let to):
            guard key.strategy == .range else { throw mismatch() }
            guard from.count == types.count else {
                throw SQLError(SQLState.invalidTableDefinition, "FROM must specify exactly one value per partitioning column")
            }
            guard to.count == types.count else {
                throw SQLError(SQLState.invalidTableDefinition, "TO must specify exactly one value per partitioning column")
            }
            let lower = try rangeDatums(from, types: types, names: names)
            let upper = try rangeDatums(to, types: types, names: names)
            if PartitionRouter.compare(lower, upper, types: types) >= 0 {
                throw SQLError(
                    SQLState.invalidObjectDefinition,
                    "empty range bound specified for partition \"\(partition)\"",
                    detail: "Specified lower bound \(describe(lower, types)) is greater than or equal to upper bound \(describe(upper, types)).",
                    position: boundPosition(bound, after: after))
            }
            return .range(from: lower, to: upper)
        case .list(let values):
            guard key.strategy == .list, let type = types.first else { throw mismatch() }
            let analyser = analyzer(nil)
            return .list(try values.map { e in
                try analyser.compileAssignment(e, to: type, column: names[0]).evaluate([], makeContext())
            })
        case .hash(let modulus, let remainder):
            guard key.strategy == .hash else { throw mismatch() }
            if modulus <= 0 {
                throw SQLError(SQLState.invalidTableDefinition, "modulus for hash partition must be an integer value greater than zero")
            }
            if remainder < 0 || remainder >= modulus {
                throw SQLError(SQLState.invalidTableDefinition, "remainder for hash partition must be less than modulus")
            }
            return .hash(modulus: modulus, remainder: remainder)
        }
    }

    private func rangeDatums(_ exprs: [Expr], types: [PGType], names: [String]) throws -> [RangeDatum] {
        let analyser = analyzer(nil)
        return try zip(exprs, zip(types, names)).map { e, typed in
            if case .columnRef(let parts) = e.kind, parts.count == 1 {
                if parts[0] == "minvalue" { return .minValue }
                if parts[0] == "maxvalue" { return .maxValue }
            }
            let value = try analyser.compileAssignment(e, to: typed.0, column: typed.1).evaluate([], makeContext())
            return .value(value)
        }
    }

    /// `('2020-01-05 00:00:00+00')`, as the empty-range DETAIL prints it.
    private func describe(_ datums: [RangeDatum], _ types: [PGType]) -> String {
        let parts = zip(datums, types).map { d, t -> String in
            switch d {
            case .minValue: return "MINVALUE"
            case .maxValue: return "MAXVALUE"
            case .value(let v): return v.isNull ? "NULL" : "'\(formatValue(v, type: t))'"
            }
        }
        return "(\(parts.joined(separator: ", ")))"
    }

    /// Where PostgreSQL points for bound errors: the opening parenthesis
    /// of the values, or the DEFAULT keyword.
    private func boundPosition(_ bound: PartitionBound, after: Int) -> Int? {
        let first: Expr?
        switch bound {
        case .range(let from, _): first = from.first
        case .list(let values): first = values.first
        case .hash: return nil
        case .default: return locateName("default", after: after)
        }
        guard let e = first, e.location >= 0 else { return nil }
        let scalars = Array(text.unicodeScalars)
        var i = e.location - textOffset - 1
        while i >= 0, i < scalars.count, scalars[i] == " " || scalars[i] == "\n" || scalars[i] == "\t" { i -= 1 }
        if i >= 0, i < scalars.count, scalars[i] == "(" { return textOffset + i + 1 }
        return e.location + 1
    }

    /// Overlap with siblings, a second default, and rows already in the
    /// default partition that would belong to the new one.
    func checkNewBound(
        _ bound: ResolvedBound, parent: TableDefinition, partition: String, bound raw: PartitionBound,
        after: Int
    ) throws {
        guard let key = parent.partitionKey else { return }
        let types = key.columns.map { parent.columns[$0].type }
        let siblings = parent.partitions.compactMap { catalog.table($0) }
        for sibling in siblings {
            guard let other = sibling.bound else { continue }
            var overlaps = false
            switch (bound, other) {
            case (.default, .default):
                throw SQLError(
                    SQLState.invalidObjectDefinition,
                    "partition \"\(partition)\" conflicts with existing default partition \"\(sibling.name)\"",
                    position: boundPosition(raw, after: after))
            case (.range(let a1, let a2), .range(let b1, let b2)):
                overlaps = PartitionRouter.compare(a1, b2, types: types) < 0
                    && PartitionRouter.compare(b1, a2, types: types) < 0
            case (.list(let xs), .list(let ys)):
                let type = types.first ?? .text
                overlaps = xs.contains { x in
                    ys.contains { y in
                        x.isNull ? y.isNull : (!y.isNull && compareValues(x, y, type: type) == 0)
                    }
                }
            case (.hash(let m1, let r1), .hash(let m2, let r2)):
                overlaps = m1 == m2 && r1 == r2
            default:
                overlaps = false
            }
            if overlaps {
                throw SQLError(
                    SQLState.invalidObjectDefinition,
                    "partition \"\(partition)\" would overlap partition \"\(sibling.name)\"",
                    position: boundPosition(raw, after: after))
            }
        }
        if case .default = bound { return }
        guard let defaultPartition = siblings.first(where: { if case .default? = $0.bound { return true } else { return false } }) else {
            return
        }
        let snapshot = session.currentSnapshot
        for target in scanTargets(defaultPartition) {
            var violated = false
            try target.storage.scan(
                snapshot: snapshot, columns: key.columns, limit: target.storage.versionCount
            ) { _, row in
                let values = key.columns.map { row[$0] }
                if PartitionRouter.contains(bound, key: values, types: types) {
                    violated = true
                    return false
                }
                return true
            }
            if violated {
                throw SQLError(
                    SQLState.checkViolation,
                    "updated partition constraint for default partition \"\(defaultPartition.name)\" would be violated by some row")
            }
        }
    }
}
