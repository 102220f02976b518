// The shard rebalancer: get_rebalance_table_shards_plan,
// rebalance_table_shards, citus_drain_node, citus_rebalance_start and
// citus_rebalance_status. Each colocation group is balanced on its own,
// by one representative table (the group's first), and every move takes
// the whole shard group along (see ShardTransfer.swift).
//
// The plan follows Citus' greedy algorithm. Each node has a capacity (1,
// or 0 when it should not have shards) and a total cost of the shard
// groups it holds; utilization is cost / capacity. Shards on nodes they
// are not allowed on move first, to the emptiest allowed node. Then, while
// some node is outside [(1 - threshold) * average, (1 + threshold) *
// average], a shard moves from the fullest node to the emptiest one when
// that does not make the target fuller than the source was. Example: 32
// shard groups on 9701 and 9702 (16 each) and an empty 9703, costs equal,
// threshold 0.1: average 10.67, bounds 9.6 and 11.73; shards leave the
// fuller of 9701/9702 for 9703 until the nodes hold 11, 11 and 10.
import Engine

/// A rebalance strategy as Citus ships it in pg_dist_rebalance_strategy.
struct RebalanceStrategy {
    var name: String
    var defaultThreshold: Float
    var minimumThreshold: Float
    var improvementThreshold: Float
    /// True when a shard group's cost is its size on disk plus
    /// citus.rebalancer_by_disk_size_base_cost; else every group costs 1.
    var byDiskSize: Bool

    /// Citus 12.1's strategies; by_disk_size is the default.
    static let all = [
        RebalanceStrategy(
            name: "by_shard_count", defaultThreshold: 0, minimumThreshold: 0,
            improvementThreshold: 0, byDiskSize: false),
        RebalanceStrategy(
            name: "by_disk_size", defaultThreshold: 0.1, minimumThreshold: 0.01,
            improvementThreshold: 0.5, byDiskSize: true),
    ]

    /// The strategy called `name`, or the default one for nil.
    static func named(_ name: String?) throws -> RebalanceStrategy {
        guard let name else { return all[1] }
        guard let strategy = all.first(where: { $0.name == name }) else {
            throw SQLError(
                SQLState.internalError, "could not find rebalance strategy with name \(name)")
        }
        return strategy
    }
}

/// One planned move: the representative shard and its nodes.
struct PlannedMove {
    var shardID: Int64
    var source: NodeRecord
    var target: NodeRecord
}

/// The options of one rebalance.
struct RebalanceOptions {
    var relations: [RelationID]
    var threshold: Float
    var maxShardMoves: Int
    var excludedShards: Set<Int64>
    var drainOnly: Bool
    var improvementThreshold: Float
    var strategy: RebalanceStrategy
}

extension CitusLibrary {
    // MARK: - SQL functions

    /// get_rebalance_table_shards_plan(relation, threshold,
    /// max_shard_moves, excluded_shard_list, drain_only,
    /// rebalance_strategy, improvement_threshold): every shard each move
    /// would move, colocated shards included.
    func rebalancePlan(_ call: NativeCall) throws -> [Row] {
        let a = call.arguments
        let strategy = try RebalanceStrategy.named(textArgument(a[5]))
        var options = try rebalanceOptions(
            relation: a[0], threshold: a[1], maxMoves: a[2], excluded: a[3], drainOnly: a[4],
            strategy: strategy, session: call.session)
        if let improvement = floatArgument(a[6]) { options.improvementThreshold = improvement }
        let moves = try planMoves(options, session: call.session)
        return colocatedMoves(moves).map { record, shard, move in
            [
                .int4(record.relation), .int8(shard.shardID), .int8(0),
                .text(move.source.name), .int4(Int32(move.source.port)),
                .text(move.target.name), .int4(Int32(move.target.port)),
            ]
        }
    }

    /// rebalance_table_shards(relation, threshold, max_shard_moves,
    /// excluded_shard_list, shard_transfer_mode, drain_only,
    /// rebalance_strategy).
    func rebalanceTableShards(_ call: NativeCall) throws -> Value {
        let a = call.arguments
        let mode = try ShardTransferMode(label: textArgument(a[4]) ?? "auto")
        let options = try rebalanceOptions(
            relation: a[0], threshold: a[1], maxMoves: a[2], excluded: a[3], drainOnly: a[5],
            strategy: RebalanceStrategy.named(textArgument(a[6])), session: call.session)
        try rebalance(options, mode: mode, session: call.session)
        return .void
    }

    /// citus_drain_node(nodename, nodeport, shard_transfer_mode,
    /// rebalance_strategy): no more shards for the node, and its shards
    /// move to the others.
    func drainNode(_ call: NativeCall) throws -> Value {
        let a = call.arguments
        guard let name = textArgument(a[0]), let port = intArgument(a[1]) else { return .void }
        let mode = try ShardTransferMode(label: textArgument(a[2]) ?? "auto")
        let strategy = try RebalanceStrategy.named(textArgument(a[3]))
        let session = call.session
        // TODO(#3): Citus sets shouldhaveshards in a transaction of its own,
        // which stays committed when the moves fail.
        try setShouldHaveShards(try modifiableNode(name, port), false, session: session)
        let options = RebalanceOptions(
            relations: groupRepresentatives(), threshold: strategy.defaultThreshold,
            maxShardMoves: 0, excludedShards: [], drainOnly: true,
            improvementThreshold: strategy.improvementThreshold, strategy: strategy)
        try rebalance(options, mode: mode, session: session)
        return .void
    }

    /// citus_rebalance_start(rebalance_strategy, drain_only,
    /// shard_transfer_mode): schedules the moves as a background job.
    func rebalanceStart(_ call: NativeCall) throws -> Value {
        let a = call.arguments
        _ = try ShardTransferMode(label: textArgument(a[2]) ?? "auto")
        let strategy = try RebalanceStrategy.named(textArgument(a[0]))
        let relations = groupRepresentatives()
        guard !relations.isEmpty else {
            call.session.emitNotice(.notice("No tables to rebalance"))
            return .null
        }
        let drainOnly: Bool
        if case .bool(let value) = a[1] { drainOnly = value } else { drainOnly = false }
        let options = RebalanceOptions(
            relations: relations, threshold: strategy.defaultThreshold,
            maxShardMoves: 10_000_000, excludedShards: [], drainOnly: drainOnly,
            improvementThreshold: strategy.improvementThreshold, strategy: strategy)
        let moves = try planMoves(options, session: call.session)
        guard !moves.isEmpty else {
            call.session.emitNotice(.notice("No moves available for rebalancing"))
            return .null
        }
        let mode = textArgument(a[2]) ?? "auto"
        return try scheduleRebalance(moves, mode: mode, session: call.session)
    }

    // MARK: - Running a rebalance

    /// Copies missing reference tables, plans, and makes each move with a
    /// NOTICE before it, as rebalance_table_shards does.
    private func rebalance(_ options: RebalanceOptions, mode: ShardTransferMode, session: Session)
        throws
    {
        try replicateReferenceTables(session: session)
        guard !options.relations.isEmpty else { return }
        // TODO(#3): Citus makes each move in a transaction of its own on
        // a separate connection; here they are part of the caller's.
        let moves = try planMoves(options, session: session)
        guard !moves.isEmpty else { return }
        let monitor = startMonitor(moves, progress: 0, session: session)
        defer { finishMonitor(monitor) }
        for move in moves {
            session.emitNotice(
                .notice(
                    "Moving shard \(move.shardID) from \(move.source.name):\(move.source.port) "
                        + "to \(move.target.name):\(move.target.port) ..."))
            let shards = Set(colocatedShards(of: move.shardID).map(\.1.shardID))
            monitor.update(move, to: 1, shards: shards)
            try moveShardGroup(
                move.shardID, from: (move.source.name, move.source.port),
                to: (move.target.name, move.target.port), mode: mode, session: session)
            monitor.update(move, to: 2, shards: shards)
        }
    }

    /// The options from a call's arguments: one relation or every
    /// colocation group, and the strategy's threshold unless one is given.
    private func rebalanceOptions(
        relation: Value, threshold: Value, maxMoves: Value, excluded: Value, drainOnly: Value,
        strategy: RebalanceStrategy, session: Session
    ) throws -> RebalanceOptions {
        var relations = groupRepresentatives()
        if case .int4(let oid) = relation {
            guard let record = metadata.tables[oid], record.method == .hash else {
                let name = session.regclassText(oid, catalog: session.catalog)
                if let record = metadata.tables[oid] {
                    throw SQLError(
                        SQLState.featureNotSupported,
                        "table \(record.schema).\(record.name) is a reference table, moving "
                            + "shard of a reference table is not supported")
                }
                throw SQLError(
                    SQLState.featureNotSupported,
                    "table \(name) is a regular postgres table, you can only move shards of a "
                        + "citus table")
            }
            relations = [record.relation]
        }
        var excludedShards = Set<Int64>()
        if case .array(let array) = excluded {
            for element in array.elements {
                if let id = intArgument(element) { excludedShards.insert(Int64(id)) }
            }
        }
        var options = RebalanceOptions(
            relations: relations, threshold: floatArgument(threshold) ?? strategy.defaultThreshold,
            maxShardMoves: intArgument(maxMoves) ?? 1_000_000, excludedShards: excludedShards,
            drainOnly: drainOnly == .bool(true),
            improvementThreshold: strategy.improvementThreshold, strategy: strategy)
        if options.threshold < strategy.minimumThreshold {
            var warning = SQLError.notice(
                "the given threshold is lower than the minimum threshold allowed by the "
                    + "rebalance strategy, using the minimum allowed threshold instead",
                detail: "Using threshold of " + formatFixed(strategy.minimumThreshold))
            warning.severity = .warning
            warning.sqlState = SQLState.warning
            session.emitNotice(warning)
            options.threshold = strategy.minimumThreshold
        }
        return options
    }

    /// One distributed table per colocation group: the group's first.
    func groupRepresentatives() -> [RelationID] {
        var seen = Set<Int32>()
        return metadata.tables.values.filter { $0.method == .hash }
            .sorted { $0.shards[0].shardID < $1.shards[0].shardID }
            .filter { seen.insert($0.colocationID).inserted }
            .map(\.relation)
    }

    /// Each move expanded to the shards colocated with its shard, by
    /// shard id.
    private func colocatedMoves(_ moves: [PlannedMove])
        -> [(DistributedTableRecord, ShardRecord, PlannedMove)]
    {
        moves.flatMap { move -> [(DistributedTableRecord, ShardRecord, PlannedMove)] in
            guard
                let owner = metadata.tables.values.first(where: { record in
                    record.shards.contains { $0.shardID == move.shardID }
                }), let index = owner.shards.firstIndex(where: { $0.shardID == move.shardID })
            else { return [] }
            return colocatedTables(owner).map { ($0, $0.shards[index], move) }
                .sorted { $0.1.shardID < $1.1.shardID }
        }
    }

    // MARK: - Planning

    /// The moves that balance `options.relations`' colocation groups.
    func planMoves(_ options: RebalanceOptions, session: Session) throws -> [PlannedMove] {
        // Active nodes in Citus' order (name, port); the coordinator too,
        // with capacity 0 as it should have no shards.
        let nodes = metadata.nodes.sorted { ($0.name, $0.port) < ($1.name, $1.port) }
        var moves: [PlannedMove] = []
        var states = options.relations.compactMap { relation in
            metadata.tables[relation].map {
                RebalanceState(record: $0, nodes: nodes, options: options)
            }
        }
        for index in states.indices {
            states[index].moveAwayFromDisallowedNodes(&moves, session: session)
        }
        guard !options.drainOnly else { return moves }
        for index in states.indices {
            let average = states[index].totalCost / states[index].totalCapacity
            let lower = (1 - options.threshold) * average
            let upper = (1 + options.threshold) * average
            var more = true
            while moves.count < options.maxShardMoves, more {
                more = states[index].findAndMove(
                    lower: lower, upper: upper, improvement: options.improvementThreshold,
                    moves: &moves, session: session)
            }
            if more {
                session.emitNotice(
                    .notice(
                        "Stopped searching before we were out of moves. Please rerun the "
                            + "rebalancer after it's finished for a more optimal placement."))
                break
            }
        }
        return moves
    }
}

/// The shards of one colocation group's representative table on one node.
private struct FillState {
    var node: NodeRecord
    var capacity: Float
    var totalCost: Float = 0
    /// (shard id, cost), costliest first, then by shard id.
    var shards: [(id: Int64, cost: Float)] = []

    var utilization: Float { capacity <= 0 ? .infinity : totalCost / capacity }

    mutating func sortShards() {
        shards.sort { $0.cost != $1.cost ? $0.cost > $1.cost : $0.id < $1.id }
    }
}

/// The planning state of one colocation group.
private struct RebalanceState {
    var fills: [FillState]
    /// Shard ids per node port.
    var placements: Set<[Int64]>
    var totalCost: Float = 0
    var totalCapacity: Float = 0

    init(record: DistributedTableRecord, nodes: [NodeRecord], options: RebalanceOptions) {
        fills = nodes.map { FillState(node: $0, capacity: $0.shouldHaveShards ? 1 : 0) }
        placements = []
        totalCapacity = fills.reduce(0) { $0 + $1.capacity }
        // TODO(#6): by_disk_size adds each group's size on disk to the
        // base cost; relation sizes are not modelled, so every group
        // costs the base cost and ties fall to the lowest shard id.
        let cost: Float = options.strategy.byDiskSize ? 100 * 1024 * 1024 : 1
        for shard in record.shards where !options.excludedShards.contains(shard.shardID) {
            for placement in shard.placements {
                guard let slot = fills.firstIndex(where: { $0.node.groupID == placement.groupID })
                else { continue }
                fills[slot].shards.append((shard.shardID, cost))
                fills[slot].totalCost += cost
                totalCost += cost
                placements.insert([shard.shardID, Int64(fills[slot].node.port)])
            }
        }
        for slot in fills.indices { fills[slot].sortShards() }
    }

    /// Node slots from emptiest to fullest: by utilization, then larger
    /// capacity, then node id.
    var ascending: [Int] {
        fills.indices.sorted { a, b in
            let (x, y) = (fills[a], fills[b])
            if x.utilization != y.utilization { return x.utilization < y.utilization }
            if x.capacity != y.capacity { return x.capacity > y.capacity }
            return x.node.nodeID < y.node.nodeID
        }
    }

    func holds(_ shardID: Int64, _ slot: Int) -> Bool {
        placements.contains([shardID, Int64(fills[slot].node.port)])
    }

    mutating func move(
        _ shard: (id: Int64, cost: Float), from source: Int, to target: Int,
        _ moves: inout [PlannedMove]
    ) {
        moves.append(
            PlannedMove(shardID: shard.id, source: fills[source].node, target: fills[target].node))
        placements.remove([shard.id, Int64(fills[source].node.port)])
        placements.insert([shard.id, Int64(fills[target].node.port)])
        fills[source].shards.removeAll { $0.id == shard.id }
        fills[source].totalCost -= shard.cost
        fills[target].shards.append(shard)
        fills[target].totalCost += shard.cost
        fills[target].sortShards()
    }

    /// Moves shards off nodes that should have none, costliest first, to
    /// the emptiest node that may hold them.
    mutating func moveAwayFromDisallowedNodes(_ moves: inout [PlannedMove], session: Session) {
        var disallowed = fills.indices.flatMap { slot in
            fills[slot].node.shouldHaveShards ? [] : fills[slot].shards.map { (slot, $0) }
        }
        disallowed.sort { $0.1.cost != $1.1.cost ? $0.1.cost > $1.1.cost : $0.1.id < $1.1.id }
        for (slot, shard) in disallowed {
            guard
                let target = ascending.first(where: {
                    !holds(shard.id, $0) && fills[$0].node.shouldHaveShards
                })
            else {
                let node = fills[slot].node
                var warning = SQLError.notice(
                    "Not allowed to move shard \(shard.id) anywhere from \(node.name):\(node.port)")
                warning.severity = .warning
                warning.sqlState = SQLState.warning
                session.emitNotice(warning)
                continue
            }
            move(shard, from: slot, to: target, &moves)
        }
    }

    /// Makes the first move that improves the balance; false when none
    /// does.
    mutating func findAndMove(
        lower: Float, upper: Float, improvement: Float, moves: inout [PlannedMove],
        session: Session
    ) -> Bool {
        let order = ascending
        for source in order.reversed() {
            let from = fills[source]
            if from.utilization <= lower { return false }
            for target in order {
                let to = fills[target]
                if to.utilization >= upper { break }
                if to.utilization >= lower, from.utilization <= upper { break }
                for shard in from.shards {
                    guard !holds(shard.id, target), to.node.shouldHaveShards else { continue }
                    let newTarget = (to.totalCost + shard.cost) / to.capacity
                    let newSource =
                        from.capacity <= 0
                        ? .infinity : (from.totalCost - shard.cost) / from.capacity
                    if newTarget <= newSource {
                        move(shard, from: source, to: target, &moves)
                        return true
                    }
                    if newTarget > from.utilization { continue }
                    if newTarget == from.utilization, newSource <= to.utilization { continue }
                    let gained = max(from.utilization - newTarget, newSource - to.utilization)
                    let added = min(newTarget - to.utilization, from.utilization - newSource)
                    if gained / added < improvement {
                        // TODO(#3): Citus reports ignored moves in NOTICEs.
                        continue
                    }
                    move(shard, from: source, to: target, &moves)
                    return true
                }
            }
        }
        return false
    }
}

/// A real argument.
func floatArgument(_ value: Value) -> Float? {
    switch value {
    case .float4(let v): return v
    case .float8(let v): return Float(v)
    default: return intArgument(value).map(Float.init)
    }
}

/// A float4 as Citus prints it with %.2f.
private func formatFixed(_ value: Float) -> String {
    let hundredths = Int((value * 100).rounded())
    let fraction = String(hundredths % 100)
    return "\(hundredths / 100)." + (fraction.count == 1 ? "0" + fraction : fraction)
}
