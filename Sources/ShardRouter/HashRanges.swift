// How a hash-distributed table splits the int32 hash space into shards:
// shard i of n covers an equal slice starting at INT32_MIN + i * (2^32 / n),
// the last shard running to INT32_MAX, and a value's shard is the slice
// that holds the standard hash of its distribution column.
import Engine

/// The hash slices of one shard count.
public struct HashRanges: Sendable, Equatable {
    public let shardCount: Int

    /// The hash space, 2^32 tokens.
    static let tokenCount: Int64 = 1 << 32

    public init(shardCount: Int) {
        precondition(shardCount > 0, "a distributed table has at least one shard")
        self.shardCount = shardCount
    }

    /// Tokens per slice; the last slice also takes the remainder.
    var increment: Int64 { Self.tokenCount / Int64(shardCount) }

    /// The smallest and largest hash of shard `index`, as pg_dist_shard's
    /// shardminvalue and shardmaxvalue hold them.
    public func range(of index: Int) -> ClosedRange<Int32> {
        let minimum = Int64(Int32.min) + Int64(index) * increment
        let maximum = index == shardCount - 1 ? Int64(Int32.max) : minimum + increment - 1
        return Int32(minimum)...Int32(maximum)
    }

    /// The index of the slice that holds `hash`.
    public func index(of hash: Int32) -> Int {
        let index = Int((Int64(hash) - Int64(Int32.min)) / increment)
        return min(index, shardCount - 1)
    }

    /// The index of the shard a non-null value of `type` goes to, or nil
    /// when the type has no standard hash function here.
    public func index(of value: Value, type: PGType) -> Int? {
        PostgresHash.standard(value, type: type).map { index(of: $0) }
    }
}
