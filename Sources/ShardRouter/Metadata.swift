// The cluster's distribution metadata as the coordinator holds it: nodes,
// distributed and reference tables with their shards and placements, and
// colocation groups. The coordinator's citus library keeps it in memory for
// planning and mirrors every change into the pg_dist_* tables, where users
// read it with SQL as on a real cluster.
import Engine

/// A row of pg_dist_node.
struct NodeRecord {
    var nodeID: Int32
    var groupID: Int32
    var name: String
    var port: Int
    var shouldHaveShards: Bool
}

/// A copy of a shard on one node (a row of pg_dist_placement).
struct Placement {
    var placementID: Int64
    var groupID: Int32
}

/// One shard of a distributed table and where it is placed.
struct ShardRecord {
    var shardID: Int64
    /// The shard's position in its colocation group (0-based).
    var index: Int
    /// Hash tokens the shard holds; nil for a reference table's shard.
    var range: ClosedRange<Int32>?
    /// One placement for a distributed table's shard; one on every node,
    /// the coordinator first, for a reference table's. Reads use the
    /// first, writes go to all.
    var placements: [Placement]

    var placementID: Int64 { placements[0].placementID }
    var groupID: Int32 { placements[0].groupID }
}

/// A table known to Citus (a row of pg_dist_partition).
struct DistributedTableRecord {
    enum Method: String {
        case hash = "h"
        case none = "n"
    }

    var relation: RelationID
    var schema: String
    var name: String
    var method: Method
    /// The distribution column's physical index, name and type (nil for a
    /// reference table).
    var column: (index: Int, name: String, type: PGType)?
    var colocationID: Int32
    var shards: [ShardRecord]

    /// The shard table's name: the table's name and the shard id.
    func shardName(_ shard: ShardRecord) -> String {
        Self.shardName(name, shard.shardID)
    }

    static func shardName(_ table: String, _ shardID: Int64) -> String {
        let suffix = "_\(shardID)"
        // Shard names are truncated to leave room for the suffix, as
        // relation names are kept within 63 bytes.
        var base = table
        while base.utf8.count + suffix.utf8.count > 63 { base.removeLast() }
        return base + suffix
    }
}

/// A row of pg_dist_colocation.
struct ColocationRecord {
    var colocationID: Int32
    var shardCount: Int
    var replicationFactor: Int
    var columnType: Int32
}

/// Everything the coordinator knows about the cluster's layout.
struct ClusterMetadata {
    var nodes: [NodeRecord] = []
    var tables: [RelationID: DistributedTableRecord] = [:]
    var colocations: [ColocationRecord] = []
    /// pg_dist_shardid_seq starts here in Citus 12.1.
    var nextShardID: Int64 = 102_008
    var nextPlacementID: Int64 = 1
    var nextNodeID: Int32 = 1
    var nextGroupID: Int32 = 1
    var nextColocationID: Int32 = 1

    /// Nodes that receive shards, in Citus' order (by name, then port).
    var shardNodes: [NodeRecord] {
        nodes.filter(\.shouldHaveShards).sorted {
            ($0.name, $0.port) < ($1.name, $1.port)
        }
    }

    /// The node of group `groupID`.
    func node(group groupID: Int32) -> NodeRecord? {
        nodes.first { $0.groupID == groupID }
    }
}

/// Shards a query's filter on the distribution column leaves.
struct ShardFilter {
    /// Shard indexes, ascending.
    var indexes: [Int]
    /// The distribution column values the filter names.
    var values: [Value]
    /// True for one `column = constant`.
    var isEquality: Bool

    /// Both filters at once.
    func intersection(_ other: ShardFilter) -> ShardFilter {
        ShardFilter(
            indexes: indexes.filter(other.indexes.contains),
            values: values.filter { other.values.contains($0) },
            isEquality: isEquality || other.isEquality)
    }
}

/// The coordinator's group in pg_dist_node (Citus' COORDINATOR_GROUP_ID).
let coordinatorGroupID: Int32 = 0
