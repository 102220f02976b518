// PostgreSQL's declarative partitioning at run time and DDL time: finding
// the partition a row belongs to (tuple routing, with the default
// partition as the fallback), deciding whether a partition can hold rows
// matching a WHERE comparison (pruning), and checking a new partition's
// bound for emptiness and overlap.
//
// Range bounds compare column by column with MINVALUE below and MAXVALUE
// above every value; a range partition holds keys k with from <= k < to.
// Example: FOR VALUES FROM ('2020-01-01') TO ('2020-01-02') holds
// 2020-01-01 00:00 up to but excluding 2020-01-02 00:00.
import SQLParser

/// Partition bound arithmetic.
enum PartitionRouter {
    /// Compares a key (values) with a bound (datums), column by column.
    static func compare(_ key: [Value], _ bound: [RangeDatum], types: [PGType]) -> Int {
        for (i, datum) in bound.enumerated() where i < key.count {
            switch datum {
            case .minValue: return 1
            case .maxValue: return -1
            case .value(let v):
                let c = compareValues(key[i], v, type: i < types.count ? types[i] : .text)
                if c != 0 { return c }
            }
        }
        return 0
    }

    /// Compares two bounds.
    static func compare(_ a: [RangeDatum], _ b: [RangeDatum], types: [PGType]) -> Int {
        for i in 0..<min(a.count, b.count) {
            switch (a[i], b[i]) {
            case (.minValue, .minValue), (.maxValue, .maxValue): continue
            case (.minValue, _), (_, .maxValue): return -1
            case (.maxValue, _), (_, .minValue): return 1
            case (.value(let x), .value(let y)):
                let c = compareValues(x, y, type: i < types.count ? types[i] : .text)
                if c != 0 { return c }
            }
        }
        return 0
    }

    /// True when a row with `key` belongs in a partition with `bound`.
    static func contains(_ bound: ResolvedBound, key: [Value], types: [PGType]) -> Bool {
        switch bound {
        case .default:
            return false
        case .range(let from, let to):
            if key.contains(where: \.isNull) { return false }
            return compare(key, from, types: types) >= 0 && compare(key, to, types: types) < 0
        case .list(let values):
            guard let k = key.first else { return false }
            if k.isNull { return values.contains(where: \.isNull) }
            return values.contains {
                !$0.isNull && compareValues(k, $0, type: types.first ?? .text) == 0
            }
        case .hash(let modulus, let remainder):
            return hashPartition(key, types: types, modulus: modulus) == remainder
        }
    }

    /// The partition for `key` among `partitions` (the default one when
    /// no other fits), nil when none accepts it.
    static func route(_ key: [Value], types: [PGType], partitions: [TableDefinition])
        -> TableDefinition?
    {
        var fallback: TableDefinition?
        for p in partitions {
            guard let bound = p.bound else { continue }
            if case .default = bound {
                fallback = p
                continue
            }
            if contains(bound, key: key, types: types) { return p }
        }
        return fallback
    }

    /// The partition among `partitions` (looked up in `catalog` one at a
    /// time, only by bound until one matches) that holds `key`, as
    /// `route(_:types:partitions:)` chooses.
    static func route(
        _ key: [Value], types: [PGType], partitions: [RelationID], in catalog: Catalog
    ) -> TableDefinition? {
        var fallback: RelationID?
        for oid in partitions {
            guard let bound = catalog.tables[oid]?.bound else { continue }
            if case .default = bound {
                fallback = oid
                continue
            }
            if contains(bound, key: key, types: types) { return catalog.table(oid) }
        }
        return fallback.flatMap { catalog.table($0) }
    }

    /// A stable hash partition number.
    // TODO(#6): PostgreSQL's hash partitioning uses the types' extended
    // hash functions with a seed; rows land in different partitions here.
    static func hashPartition(_ key: [Value], types: [PGType], modulus: Int) -> Int {
        guard modulus > 0 else { return 0 }
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for (i, v) in key.enumerated() {
            let text = v.isNull ? "" : formatValue(v, type: i < types.count ? types[i] : .text)
            for b in text.utf8 {
                h = (h ^ UInt64(b)) &* 0x100_0000_01b3
            }
        }
        return Int(h % UInt64(modulus))
    }

    /// True when rows satisfying every condition could be in a partition
    /// with `bound` (a conservative answer).
    static func boundAdmits(
        _ bound: ResolvedBound, key: PartitionKey, keyTypes: [PGType],
        conditions: [PruningCondition], values: [Value]
    ) -> Bool {
        guard key.columns.count == 1, let column = key.columns.first else { return true }
        let type = keyTypes.first ?? .text
        for (condition, value) in zip(conditions, values) where condition.column == column {
            if value.isNull { return false }
            switch bound {
            case .default, .hash:
                continue
            case .list(let listed):
                if condition.op == .equal
                    && !listed.contains(where: {
                        !$0.isNull && compareValues($0, value, type: type) == 0
                    })
                {
                    return false
                }
            case .range(let from, let to):
                let fromCompare = compare([value], from, types: [type])
                let toCompare = compare([value], to, types: [type])
                switch condition.op {
                case .equal: if fromCompare < 0 || toCompare >= 0 { return false }
                case .less: if fromCompare <= 0 { return false }
                case .lessEqual: if fromCompare < 0 { return false }
                case .greater, .greaterEqual: if toCompare >= 0 { return false }
                }
            }
        }
        return true
    }
}
