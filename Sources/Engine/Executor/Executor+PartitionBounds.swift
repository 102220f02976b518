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
        let parent = try resolveTable(parentName, positioned: false)
        guard let bound = create.partitionBound else {
            throw SQLError(SQLState.syntaxError, "partition bound is missing")
        }
        let resolved = try resolveBound(
            bound, parent: parent, partition: table.name, after: parentName.location)
        try checkNewBound(
            resolved, parent: parent, partition: table.name, bound: bound,
            after: parentName.location)
        table.parent = parent.oid
        table.bound = resolved
        updated.updateTable(table)
        var p = parent
        p.partitions.append(table.oid)
        updated.updateTable(p)
    }

    /// The bound's values as datums of the key's types.
    func resolveBound(
        _ bound: PartitionBound, parent: TableDefinition, partition: String, after: Int
    ) throws -> ResolvedBound {
        guard let key = parent.partitionKey else {
            throw SQLError(SQLState.wrongObjectType, "\"\(parent.name)\" is not partitioned")
        }
        let types = key.columns.map { parent.columns[$0].type }
        let names = key.columns.map { parent.columns[$0].name }
        func mismatch() -> SQLError {
            SQLError(
                SQLState.invalidTableDefinition,
                "invalid bound specification for a \(key.strategy.rawValue.lowercased()) partition",
                position: specPosition(bound, after: after))
        }
        switch bound {
        case .default:
            return .default
        case .range(let from, let to):
            guard key.strategy == .range else { throw mismatch() }
            guard from.count == types.count else {
                throw SQLError(
                    SQLState.invalidTableDefinition,
                    "FROM must specify exactly one value per partitioning column")
            }
            guard to.count == types.count else {
                throw SQLError(
                    SQLState.invalidTableDefinition,
                    "TO must specify exactly one value per partitioning column")
            }
            let lower = try rangeDatums(from, types: types, names: names)
            let upper = try rangeDatums(to, types: types, names: names)
            try checkInfiniteBounds(lower, from)
            try checkInfiniteBounds(upper, to)
            let cmp = Executor.compareBounds(lower, isLower: true, upper, isLower: false, types)
            if cmp > 0 {
                throw SQLError(
                    SQLState.invalidObjectDefinition,
                    "empty range bound specified for partition \"\(partition)\"",
                    detail:
                        "Specified lower bound \(describe(lower, types)) is greater than or equal to upper bound \(describe(upper, types)).",
                    position: datumPosition(from, column: cmp))
            }
            return .range(from: lower, to: upper)
        case .list(let values):
            guard key.strategy == .list, let type = types.first else { throw mismatch() }
            let analyser = analyzer(nil)
            return .list(
                try values.map { e in
                    try analyser.compileAssignment(e, to: type, column: names[0]).evaluate(
                        [], makeContext())
                })
        case .hash(let modulus, let remainder):
            guard key.strategy == .hash else { throw mismatch() }
            if modulus <= 0 {
                throw SQLError(
                    SQLState.invalidTableDefinition,
                    "modulus for hash partition must be an integer value greater than zero")
            }
            if remainder < 0 || remainder >= modulus {
                throw SQLError(
                    SQLState.invalidTableDefinition,
                    "remainder for hash partition must be less than modulus")
            }
            return .hash(modulus: modulus, remainder: remainder)
        }
    }

    private func rangeDatums(_ exprs: [Expr], types: [PGType], names: [String]) throws
        -> [RangeDatum]
    {
        let analyser = analyzer(nil)
        return try zip(exprs, zip(types, names)).map { e, typed in
            if case .columnRef(let parts) = e.kind, parts.count == 1 {
                if parts[0] == "minvalue" { return .minValue }
                if parts[0] == "maxvalue" { return .maxValue }
            }
            let value = try analyser.compileAssignment(e, to: typed.0, column: typed.1).evaluate(
                [], makeContext())
            if value.isNull {
                throw SQLError(
                    SQLState.invalidTableDefinition, "cannot specify NULL in range bound")
            }
            return .value(value)
        }
    }

    /// After MINVALUE (MAXVALUE) every later column must be MINVALUE
    /// (MAXVALUE) too, as validateInfiniteBounds requires.
    private func checkInfiniteBounds(_ datums: [RangeDatum], _ exprs: [Expr]) throws {
        var infinite: RangeDatum?
        for (datum, e) in zip(datums, exprs) {
            switch (infinite, datum) {
            case (nil, .value), (.minValue?, .minValue), (.maxValue?, .maxValue):
                continue
            case (nil, _):
                infinite = datum
            case (.minValue?, _):
                throw SQLError(
                    SQLState.datatypeMismatch,
                    "every bound following MINVALUE must also be MINVALUE",
                    position: e.location >= 0 ? e.location + 1 : nil)
            default:
                throw SQLError(
                    SQLState.datatypeMismatch,
                    "every bound following MAXVALUE must also be MAXVALUE",
                    position: e.location >= 0 ? e.location + 1 : nil)
            }
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

    /// Where the bound specification starts (its FROM, IN or WITH keyword,
    /// or DEFAULT), which PostgreSQL points at for errors about the bound
    /// as a whole.
    private func specPosition(_ bound: PartitionBound, after: Int) -> Int? {
        switch bound {
        case .range: return locateName("from", after: after)
        case .list: return locateName("in", after: after)
        case .hash: return locateName("with", after: after)
        case .default: return locateName("default", after: after)
        }
    }

    /// The position of the datum in column `column` (1-based, the sign
    /// ignored) of a bound's values.
    private func datumPosition(_ exprs: [Expr], column: Int) -> Int? {
        let index = max(0, abs(column) - 1)
        guard index < exprs.count, exprs[index].location >= 0 else { return nil }
        return exprs[index].location + 1
    }

    /// partition_rbound_cmp: orders two range bounds; the sign gives the
    /// order and the magnitude the 1-based column where they differ. Equal
    /// values order an upper bound before a lower one.
    static func compareBounds(
        _ a: [RangeDatum], isLower aLower: Bool, _ b: [RangeDatum], isLower bLower: Bool,
        _ types: [PGType]
    ) -> Int {
        var column = 0
        var cmp = 0
        for i in 0..<min(a.count, b.count) {
            column += 1
            let kinds = (rank(a[i]), rank(b[i]))
            if kinds.0 < kinds.1 { return -column }
            if kinds.0 > kinds.1 { return column }
            guard case .value(let x) = a[i], case .value(let y) = b[i] else { break }
            cmp = compareValues(x, y, type: i < types.count ? types[i] : .text)
            if cmp != 0 { break }
        }
        if cmp == 0 && aLower != bLower { cmp = aLower ? 1 : -1 }
        return cmp == 0 ? 0 : (cmp < 0 ? -column : column)
    }

    private static func rank(_ d: RangeDatum) -> Int {
        switch d {
        case .minValue: return -1
        case .value: return 0
        case .maxValue: return 1
        }
    }

    /// Overlap with siblings, a second default, and rows already in the
    /// default partition that would belong to the new one.
    func checkNewBound(
        _ bound: ResolvedBound, parent: TableDefinition, partition: String,
        bound raw: PartitionBound,
        after: Int
    ) throws {
        guard let key = parent.partitionKey else { return }
        let types = key.columns.map { parent.columns[$0].type }
        let siblings = parent.partitions.compactMap { catalog.table($0) }
        var conflict: (with: String, position: Int?)?
        switch (bound, raw) {
        case (.default, _):
            if let existing = siblings.first(where: {
                if case .default? = $0.bound { return true } else { return false }
            }) {
                throw SQLError(
                    SQLState.invalidObjectDefinition,
                    "partition \"\(partition)\" conflicts with existing default partition \"\(existing.name)\"",
                    position: specPosition(raw, after: after))
            }
        case (.range(let lower, let upper), .range(let from, let to)):
            conflict = rangeOverlap(
                lower, upper, from: from, to: to, siblings: siblings, types: types)
        case (.list(let values), .list(let exprs)):
            conflict = listOverlap(values, exprs, siblings: siblings, type: types.first ?? .text)
        case (.hash(let modulus, let remainder), _):
            if let name = try hashOverlap(modulus, remainder, siblings: siblings) {
                conflict = (name, specPosition(raw, after: after))
            }
        default:
            break
        }
        if let conflict {
            throw SQLError(
                SQLState.invalidObjectDefinition,
                "partition \"\(partition)\" would overlap partition \"\(conflict.with)\"",
                position: conflict.position)
        }
        if case .default = bound { return }
        guard
            let defaultPartition = siblings.first(where: {
                if case .default? = $0.bound { return true } else { return false }
            })
        else {
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
                    "updated partition constraint for default partition \"\(defaultPartition.name)\" would be violated by some row"
                )
            }
        }
    }
}

extension Executor {
    /// One distinct bound of the existing range partitions, in order:
    /// an upper bound names its partition, a lower bound starts a gap's
    /// end (PartitionBoundInfo's datums and indexes).
    private struct SortedBound {
        var datums: [RangeDatum]
        var isLower: Bool
        var partition: String?
    }

    /// check_new_partition_bound for ranges: the partition the new lower
    /// bound falls in, or the next one when the new upper bound reaches
    /// into it, with the datum PostgreSQL points at.
    private func rangeOverlap(
        _ lower: [RangeDatum], _ upper: [RangeDatum], from: [Expr], to: [Expr],
        siblings: [TableDefinition], types: [PGType]
    ) -> (with: String, position: Int?)? {
        var all: [SortedBound] = []
        for sibling in siblings {
            guard case .range(let a, let b)? = sibling.bound else { continue }
            all.append(SortedBound(datums: a, isLower: true, partition: sibling.name))
            all.append(SortedBound(datums: b, isLower: false, partition: sibling.name))
        }
        all.sort {
            Executor.compareBounds(
                $0.datums, isLower: $0.isLower, $1.datums, isLower: $1.isLower, types)
                < 0
        }
        var bounds: [SortedBound] = []
        for b in all {
            if let last = bounds.last,
                Executor.compareBounds(last.datums, isLower: true, b.datums, isLower: true, types)
                    == 0
            {
                continue
            }
            bounds.append(b)
        }
        guard !bounds.isEmpty else { return nil }
        func upperOwner(_ i: Int) -> String? {
            i >= 0 && i < bounds.count && !bounds[i].isLower ? bounds[i].partition : nil
        }
        var lo = -1
        var hi = bounds.count - 1
        var cmp = 0
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            cmp = Executor.compareBounds(
                bounds[mid].datums, isLower: bounds[mid].isLower, lower, isLower: true, types)
            if cmp <= 0 {
                lo = mid
                if cmp == 0 { break }
            } else {
                hi = mid - 1
            }
        }
        if let inside = upperOwner(lo + 1) {
            return (inside, datumPosition(from, column: cmp == 0 ? 1 : cmp))
        }
        guard lo + 1 < bounds.count else { return nil }
        let next = bounds[lo + 1]
        let c = Executor.compareBounds(
            next.datums, isLower: next.isLower, upper, isLower: false, types)
        guard c < 0, let owner = upperOwner(lo + 2) else { return nil }
        return (owner, datumPosition(to, column: c))
    }

    /// The first new value an existing list partition already holds.
    private func listOverlap(
        _ values: [Value], _ exprs: [Expr], siblings: [TableDefinition], type: PGType
    ) -> (with: String, position: Int?)? {
        for (value, e) in zip(values, exprs) {
            for sibling in siblings {
                guard case .list(let existing)? = sibling.bound else { continue }
                let holds = existing.contains { y in
                    value.isNull
                        ? y.isNull : (!y.isNull && compareValues(value, y, type: type) == 0)
                }
                if holds { return (sibling.name, e.location >= 0 ? e.location + 1 : nil) }
            }
        }
        return nil
    }

    /// Hash partitions: every modulus must divide the next larger one,
    /// and no existing partition may take a remainder the new one would.
    private func hashOverlap(_ modulus: Int, _ remainder: Int, siblings: [TableDefinition])
        throws -> String?
    {
        var existing: [(modulus: Int, remainder: Int, name: String)] = []
        for sibling in siblings {
            if case .hash(let m, let r)? = sibling.bound { existing.append((m, r, sibling.name)) }
        }
        guard !existing.isEmpty else { return nil }
        existing.sort { ($0.modulus, $0.remainder) < ($1.modulus, $1.remainder) }
        func incompatible(_ detail: String) -> SQLError {
            SQLError(
                SQLState.invalidObjectDefinition,
                "every hash partition modulus must be a factor of the next larger modulus",
                detail: detail)
        }
        let offset = existing.lastIndex { ($0.modulus, $0.remainder) <= (modulus, remainder) }
        if let offset {
            let previous = existing[offset]
            if modulus % previous.modulus != 0 {
                throw incompatible(
                    "The new modulus \(modulus) is not divisible by \(previous.modulus), the modulus of existing partition \"\(previous.name)\"."
                )
            }
        }
        let nextIndex = (offset ?? -1) + 1
        if nextIndex < existing.count, existing[nextIndex].modulus % modulus != 0 {
            let next = existing[nextIndex]
            throw incompatible(
                "The new modulus \(modulus) is not a factor of \(next.modulus), the modulus of existing partition \"\(next.name)\"."
            )
        }
        // The remainders form slots 0..<greatest; a partition (m, r)
        // owns the slots r, r + m, ... The new one takes the slots from
        // `start` in steps of `modulus`; the first slot owned wins.
        let greatest = existing.map(\.modulus).max() ?? modulus
        let start = remainder % greatest
        var first: (slot: Int, name: String)?
        for e in existing {
            var slot: Int
            if modulus % e.modulus == 0 {
                guard start % e.modulus == e.remainder else { continue }
                slot = start
            } else {
                guard e.remainder % modulus == start % modulus else { continue }
                slot = e.remainder
                if slot < start { slot += (start - slot + e.modulus - 1) / e.modulus * e.modulus }
            }
            if slot < greatest, first.map({ slot < $0.slot }) ?? true { first = (slot, e.name) }
        }
        if let first { return first.name }
        return nil
    }
}
