// get_rebalance_progress(): the shard moves under way. Citus keeps a
// progress monitor in shared memory per backend that moves shards:
// rebalance_table_shards sets one up for every shard its plan moves
// (colocated shards included, progress 0), citus_move_shard_placement
// called on its own (as a background rebalance's tasks call it) sets one
// up for the shards it moves (progress 1). A step goes 0 (waiting) ->
// 1 (moving) -> 2 (moved); the monitor goes away when its backend's
// operation ends, so nothing is listed when no move runs. Citus' source:
// operations/shard_rebalancer.c (SetupRebalanceMonitor,
// get_rebalance_progress, BuildShardSizesHash) and
// operations/shard_transfer.c (SetupRebalanceMonitorForShardTransfer).
import Engine

/// One shard of a monitored move.
struct ProgressStep {
    var relation: RelationID
    var shardID: Int64
    var source: NodeRecord
    var target: NodeRecord
    /// 0 waiting, 1 moving, 2 moved (Citus' REBALANCE_PROGRESS_*).
    var progress: Int64
}

/// The progress monitor of one backend's shard moves.
final class RebalanceMonitor {
    /// The backend that moves the shards (get_rebalance_progress'
    /// sessionid).
    let sessionID: Int32
    /// The steps, in the order the moves are made.
    var steps: [ProgressStep]

    init(sessionID: Int32, steps: [ProgressStep]) {
        self.sessionID = sessionID
        self.steps = steps
    }

    /// Sets the progress of the steps `move` makes: every colocated shard
    /// of its shard group leaving its source (Citus'
    /// UpdateColocatedShardPlacementProgress).
    func update(_ move: PlannedMove, to progress: Int64, shards: Set<Int64>) {
        for index in steps.indices
        where shards.contains(steps[index].shardID)
            && steps[index].source.port == move.source.port
            && steps[index].source.name == move.source.name
        {
            steps[index].progress = progress
        }
    }
}

extension CitusLibrary {
    /// Registers a monitor for `moves` (each expanded to its colocated
    /// shards) with every step at `progress`.
    func startMonitor(_ moves: [PlannedMove], progress: Int64, session: Session)
        -> RebalanceMonitor
    {
        let steps = moves.flatMap { move in
            colocatedShards(of: move.shardID).map { record, shard in
                ProgressStep(
                    relation: record.relation, shardID: shard.shardID, source: move.source,
                    target: move.target, progress: progress)
            }
        }
        let monitor = RebalanceMonitor(sessionID: session.backendID, steps: steps)
        rebalanceMonitors.append(monitor)
        return monitor
    }

    /// Removes `monitor` once its operation ended.
    func finishMonitor(_ monitor: RebalanceMonitor) {
        rebalanceMonitors.removeAll { $0 === monitor }
    }

    /// The shards colocated with `shardID` (itself included), by shard id.
    func colocatedShards(of shardID: Int64) -> [(DistributedTableRecord, ShardRecord)] {
        guard
            let owner = metadata.tables.values.first(where: { record in
                record.shards.contains { $0.shardID == shardID }
            }), let index = owner.shards.firstIndex(where: { $0.shardID == shardID })
        else { return [] }
        return colocatedTables(owner).map { ($0, $0.shards[index]) }
            .sorted { $0.1.shardID < $1.1.shardID }
    }

    /// get_rebalance_progress(): one row per step of every monitor.
    func rebalanceProgress(_ call: NativeCall) throws -> [Row] {
        var rows: [Row] = []
        for monitor in rebalanceMonitors {
            for step in monitor.steps {
                let sourceSize = try shardSize(step.shardID, on: step.source, call.session)
                let targetSize =
                    step.progress == 0
                    ? 0 : try shardSize(step.shardID, on: step.target, call.session)
                // The shard's size is its size where it is: the source
                // until the move is done, then the target; the other one
                // when that is 0 (BuildShardSizesHash).
                let (size, fallback) =
                    step.progress == 2 ? (targetSize, sourceSize) : (sourceSize, targetSize)
                // TODO(#3): source_lsn and target_lsn (the WAL positions
                // of a logical replication move) and status (the move's
                // stage name) are NULL: the engine keeps no WAL, and the
                // stage names could not be checked against Citus 12.1.
                rows.append([
                    .int4(monitor.sessionID), .int4(step.relation), .int8(step.shardID),
                    .int8(size == 0 ? fallback : size), .text(step.source.name),
                    .int4(Int32(step.source.port)), .text(step.target.name),
                    .int4(Int32(step.target.port)), .int8(step.progress), .int8(sourceSize),
                    .int8(targetSize), .text("move"), .null, .null, .null,
                ])
            }
        }
        return rows
    }

    /// pg_total_relation_size of the shard on `node`, or 0 when the node
    /// holds no placement of it.
    private func shardSize(_ shardID: Int64, on node: NodeRecord, _ session: Session) throws
        -> Int64
    {
        guard
            let record = metadata.tables.values.first(where: { record in
                record.shards.contains { $0.shardID == shardID }
            }), let shard = record.shards.first(where: { $0.shardID == shardID }),
            shard.placements.contains(where: { $0.groupID == node.groupID })
        else { return 0 }
        let name =
            ruleQuoteIdentifier(record.schema) + "." + ruleQuoteIdentifier(record.shardName(shard))
        let remote = try connection(for: session, port: node.port)
        let result = try remote.execute(
            "SELECT pg_total_relation_size(\(quoteLiteral(name)))")
        return Int64(result.text(row: 0, column: 0) ?? "0") ?? 0
    }
}
