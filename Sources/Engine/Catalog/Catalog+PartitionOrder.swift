// The order of a partitioned table's partitions in its partition
// descriptor (RelationGetPartitionDesc): range partitions by their lower
// bounds, list partitions by their smallest value, hash partitions by
// modulus and remainder, and the default partition last. Extensions that
// walk the partitions (Citus distributing them) go in this order.

extension Catalog {
    /// The partitions of `table` in partition-descriptor order.
    package func partitionsInBoundOrder(of table: TableDefinition) -> [RelationID] {
        let types = table.partitionKey?.columns.map { table.columns[$0].type } ?? []
        let children = table.partitions.compactMap { self.table($0) }
        return children.sorted { Self.precedes($0.bound, $1.bound, types: types) }.map(\.oid)
    }

    /// True when a partition bounded by `a` comes before one bounded by `b`.
    private static func precedes(_ a: ResolvedBound?, _ b: ResolvedBound?, types: [PGType])
        -> Bool
    {
        switch (a, b) {
        case (.default?, _): return false
        case (_, .default?): return true
        case (.range(let x, _)?, .range(let y, _)?):
            return PartitionRouter.compare(x, y, types: types) < 0
        case (.list(let x)?, .list(let y)?):
            let type = types.first ?? .text
            guard let lowX = smallest(x, type), let lowY = smallest(y, type) else {
                return smallest(x, type) != nil
            }
            return compareValues(lowX, lowY, type: type) < 0
        case (.hash(let m1, let r1)?, .hash(let m2, let r2)?):
            return (m1, r1) < (m2, r2)
        default:
            return false
        }
    }

    /// The smallest non-NULL value of a list bound (NULL sorts last).
    private static func smallest(_ values: [Value], _ type: PGType) -> Value? {
        values.filter { !$0.isNull }.min { compareValues($0, $1, type: type) < 0 }
    }
}
