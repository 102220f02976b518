// The citus shared library one node loads: the C functions the extension's
// script declares, the planner hook, and, on the coordinator, the
// cluster's metadata and its connections to the workers.
import Engine
import Foundation
import SQLParser

/// The citus library of one node.
final class CitusLibrary: NativeLibrary {
    /// The node's port.
    let port: Int
    /// The cluster the node belongs to (set once every node exists).
    weak var cluster: Cluster?
    /// The layout of the cluster, as this node's metadata records it.
    var metadata = ClusterMetadata()
    /// Sessions this node opened on other nodes, per local session and
    /// port, as Citus keeps a connection per worker for a backend.
    var connections: [ObjectIdentifier: SessionConnections] = [:]
    /// Set while alter_distributed_table distributes a table anew, which
    /// copies its rows without create_distributed_table's NOTICEs.
    var quietCopy = false
    /// The metadata as it was before each session's running transaction
    /// changed it.
    private var savedMetadata: [ObjectIdentifier: ClusterMetadata] = [:]
    /// The shards each session's open transaction has written, which a
    /// shard move must not take from under it.
    private(set) var shardsWrittenInTransaction: [ObjectIdentifier: Set<Int64>] = [:]
    /// What the planner sends for each session's statement under EXPLAIN
    /// (DistributedExplain.swift), instead of sending it.
    var explainCaptures: [ObjectIdentifier: DistributedExplainCapture] = [:]
    /// Each session's distributed plan ids (RecursivePlanning.swift).
    var planCounters: [ObjectIdentifier: PlanCounter] = [:]
    /// What citus.log_remote_commands reports, per session
    /// (RemoteCommandLog.swift).
    var commandLogs: [ObjectIdentifier: RemoteCommandLog] = [:]
    /// Distributed transactions this node has started.
    var distributedTransactionCount: Int64 = 0
    /// Each session's active subtransactions, outermost first, as its
    /// worker connections know them (RemoteSavepoints.swift).
    var activeSubtransactions: [ObjectIdentifier: [TransactionID]] = [:]
    /// The metadata as each active subtransaction began, to put back when
    /// it rolls back.
    var metadataAtSubtransaction: [ObjectIdentifier: [ClusterMetadata]] = [:]
    /// Background rebalances, oldest first (citus_rebalance_start).
    var rebalanceJobs: [RebalanceJob] = []
    /// The progress monitors of the shard moves under way
    /// (RebalanceProgress.swift).
    var rebalanceMonitors: [RebalanceMonitor] = []

    init(port: Int) {
        self.port = port
    }

    /// The functions by link symbol.
    private lazy var functions: [String: NativeFunction] = [
        "citus_version": { _ in .text(citusVersionText) },
        "citus_set_coordinator_host": { [unowned self] in try self.setCoordinatorHost($0) },
        "citus_add_node": { [unowned self] in try self.addNode($0) },
        "create_distributed_table": { [unowned self] in try self.createDistributedTable($0) },
        "create_reference_table": { [unowned self] in try self.createReferenceTable($0) },
        "undistribute_table": { [unowned self] in try self.undistributeTable($0) },
        "alter_distributed_table": { [unowned self] in try self.alterDistributedTable($0) },
        "get_shard_id_for_distribution_column": { [unowned self] in try self.shardIDForValue($0) },
        "truncate_local_data_after_distributing_table": { [unowned self] in
            try self.truncateLocalData($0)
        },
        "citus_move_shard_placement": { [unowned self] in try self.moveShardPlacement($0) },
        "rebalance_table_shards": { [unowned self] in try self.rebalanceTableShards($0) },
        "citus_rebalance_start": { [unowned self] in try self.rebalanceStart($0) },
        "citus_rebalance_wait": { [unowned self] in try self.rebalanceWait($0) },
        "citus_rebalance_stop": { [unowned self] in try self.rebalanceStop($0) },
        "citus_drain_node": { [unowned self] in try self.drainNode($0) },
        "citus_remove_node": { [unowned self] in try self.removeNode($0) },
        "citus_set_node_property": { [unowned self] in try self.setNodeProperty($0) },
        "citus_relation_size": { [unowned self] in try self.citusSize($0, .relation) },
        "citus_table_size": { [unowned self] in try self.citusSize($0, .table) },
        "citus_total_relation_size": { [unowned self] in try self.citusSize($0, .total) },
        "shard_name": { [unowned self] in try self.shardNameFunction($0) },
        "column_to_column_name": { [unowned self] in try self.columnToColumnName($0) },
        "relation_access_method": { [unowned self] in try self.relationAccessMethod($0) },
    ]

    func function(_ symbol: String) -> NativeFunction? {
        functions[symbol]
    }

    /// The set-returning functions by link symbol.
    private lazy var setFunctions: [String: NativeSetFunction] = [
        "citus_get_active_worker_nodes": { [unowned self] _ in
            self.metadata.shardNodes.map { [.text($0.name), .int8(Int64($0.port))] }
        },
        "run_command_on_workers": { [unowned self] in try self.runCommandOnWorkers($0) },
        "get_rebalance_table_shards_plan": { [unowned self] in try self.rebalancePlan($0) },
        "citus_rebalance_status": { [unowned self] in try self.rebalanceStatus($0) },
        "get_rebalance_progress": { [unowned self] in try self.rebalanceProgress($0) },
        "citus_shard_sizes": { [unowned self] in try self.shardSizes($0) },
    ]

    func setFunction(_ symbol: String) -> NativeSetFunction? {
        setFunctions[symbol]
    }

    /// run_command_on_workers: the command's one value (as text) or its
    /// error message, per worker in node order.
    private func runCommandOnWorkers(_ call: NativeCall) throws -> [Row] {
        guard let command = textArgument(call.arguments[0]) else { return [] }
        return try metadata.shardNodes.map { node -> Row in
            let remote = try connection(for: call.session, port: node.port)
            // The command is the user's own text, read on the worker.
            remote.literalTimeZone = nil
            do {
                let result = try remote.execute(command)
                let text =
                    result.columns == nil
                    ? result.commandTag : (result.text(row: 0, column: 0) ?? "")
                return [.text(node.name), .int4(Int32(node.port)), .bool(true), .text(text)]
            } catch let error as SQLError {
                let port = Int32(node.port)
                return [.text(node.name), .int4(port), .bool(false), .text(error.message)]
            }
        }
    }

    /// A session on the node at `port` for `session`'s work there, inside a
    /// transaction block that ends when `session`'s transaction ends (so a
    /// statement's or a transaction's writes on every worker commit or
    /// roll back together with the coordinator's).
    func connection(for session: Session, port: Int) throws -> Session {
        let key = ObjectIdentifier(session)
        // An identifier may be reused by a later session once its session
        // is gone; that session's connections are not the new one's.
        if let entry = connections[key], entry.owner !== session { connections[key] = nil }
        let remote: Session
        if let open = connections[key]?.byPort[port] {
            remote = open
        } else {
            guard let node = cluster?.node(host: Cluster.host, port: port) else {
                throw SQLError(
                    "08001",
                    "connection to the remote node \(session.user)@\(Cluster.host):\(port) failed")
            }
            remote = node.database.connect(user: session.user, database: session.database)
            connections = connections.filter { $0.value.owner != nil }
            connections[key, default: SessionConnections(owner: session)].byPort[port] = remote
        }
        if remote.transactionStatus == .idle {
            try remote.execute(.transaction(.begin(modes: [])), text: "BEGIN")
            session.transactionEndCallbacks.append { [weak remote] committed in
                // TODO(#3): two-phase commit when several workers were written.
                let end: TransactionStatement =
                    committed ? .commit(chain: false) : .rollback(chain: false)
                _ = try? remote?.execute(
                    .transaction(end), text: committed ? "COMMIT" : "ROLLBACK")
            }
            try replaySavepoints(of: session, on: remote)
        }
        // The coordinator's constants reach the worker with their offsets.
        remote.literalTimeZone = session.timeZone
        return remote
    }

    /// Runs `sql` on the node of group `groupID` for `session`: in
    /// `session` itself when that is this node (Citus' local execution),
    /// else over the node's connection.
    @discardableResult
    func run(_ sql: String, onGroup groupID: Int32, for session: Session) throws -> QueryResult {
        if let capture = explainCapture(for: session) {
            capture.tasks.append((sql, groupID))
            return QueryResult(commandTag: "SELECT 0")
        }
        guard let node = metadata.node(group: groupID) else {
            throw SQLError(SQLState.internalError, "no node in group \(groupID)")
        }
        if node.port == port { return try session.executeInternal(sql, local: true) }
        let remote = try connection(for: session, port: node.port)
        return try Self.remote(node.port) { try remote.execute(sql) }
    }

    /// Runs a write on every placement of `shard`; returns the first
    /// placement's result.
    @discardableResult
    func runOnPlacements(_ sql: String, _ shard: ShardRecord, for session: Session) throws
        -> QueryResult
    {
        if let capture = explainCapture(for: session), let placement = shard.placements.first {
            capture.isWrite = true
            capture.tasks.append((sql, placement.groupID))
            capture.writtenShards.append(shard)
            return QueryResult(commandTag: String(sql.prefix { $0 != " " }).uppercased() + " 0")
        }
        noteWrite(of: shard, by: session)
        var first: QueryResult?
        for placement in shard.placements {
            let result = try run(sql, onGroup: placement.groupID, for: session)
            first = first ?? result
        }
        return first ?? QueryResult(commandTag: "")
    }

    /// Runs an INSERT .. VALUES on every placement of `shard`, as
    /// `runOnPlacements` runs its text (`text()`): a worker gets the rows'
    /// values and runs the statement as its text would run, without
    /// parsing it and reading the values back; this node and EXPLAIN's
    /// capture get the text.
    @discardableResult
    func runInsertOnPlacements(
        _ insert: InsertStatement, rows: SuppliedRows, text: @escaping () -> String,
        _ shard: ShardRecord, for session: Session
    ) throws -> QueryResult {
        let local = shard.placements.contains { metadata.node(group: $0.groupID)?.port == port }
        if explainCapture(for: session) != nil || local {
            return try runOnPlacements(text(), shard, for: session)
        }
        noteWrite(of: shard, by: session)
        var first: QueryResult?
        for placement in shard.placements {
            guard let node = metadata.node(group: placement.groupID) else {
                throw SQLError(SQLState.internalError, "no node in group \(placement.groupID)")
            }
            let remote = try connection(for: session, port: node.port)
            let result = try Self.remote(node.port) {
                try remote.executeInsert(insert, rows: rows, text: text)
            }
            first = first ?? result
        }
        return first ?? QueryResult(commandTag: "")
    }

    /// Records that `session`'s transaction wrote `shard`, until it ends.
    func noteWrite(of shard: ShardRecord, by session: Session) {
        let key = ObjectIdentifier(session)
        if shardsWrittenInTransaction[key] == nil {
            session.transactionEndCallbacks.append { [weak self] _ in
                self?.shardsWrittenInTransaction[key] = nil
            }
        }
        shardsWrittenInTransaction[key, default: []].insert(shard.shardID)
    }

    /// Runs `body`, adding to its errors the CONTEXT line Citus adds to
    /// errors a worker reported.
    static func remote<T>(_ port: Int, _ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch var error as SQLError {
            let line = "while executing command on \(Cluster.host):\(port)"
            error.context = error.context.map { $0 + "\n" + line } ?? line
            error.position = nil
            throw error
        }
    }

    // MARK: - Transactional metadata

    /// Saves the metadata before `session`'s transaction first changes
    /// it, to put it back if the transaction rolls back. Ids drawn from
    /// Citus' sequences stay drawn, as sequences do not roll back.
    func willChangeMetadata(_ session: Session) {
        let key = ObjectIdentifier(session)
        guard savedMetadata[key] == nil else { return }
        savedMetadata[key] = metadata
        session.transactionEndCallbacks.append { [weak self] committed in
            guard let self, let saved = self.savedMetadata.removeValue(forKey: key) else { return }
            guard !committed else { return }
            self.restoreMetadata(saved)
        }
    }

    /// Puts `saved` back as the metadata; ids drawn from Citus'
    /// sequences since stay drawn, as sequences do not roll back.
    func restoreMetadata(_ saved: ClusterMetadata) {
        var restored = saved
        restored.nextShardID = metadata.nextShardID
        restored.nextPlacementID = metadata.nextPlacementID
        restored.nextColocationID = metadata.nextColocationID
        restored.nextNodeID = metadata.nextNodeID
        restored.nextGroupID = metadata.nextGroupID
        metadata = restored
    }
}

/// citus_version()'s text for the release the simulator reproduces.
let citusVersionText =
    "Citus \(citusVersion) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) "
    + "12.2.0, 64-bit"

/// A value as an SQL constant of `type`, as the coordinator writes it into
/// the commands it sends.
func sqlLiteral(_ value: Value, _ type: PGType) -> String {
    if case .null = value { return "NULL" }
    let text = formatValue(value, type: type)
    return "'" + text.replacingOccurrences(of: "'", with: "''") + "'::" + formatType(type)
}

/// A name quoted as an identifier when it needs to be.
func quoted(_ name: String) -> String {
    ruleQuoteIdentifier(name)
}

/// The text of a text argument.
func textArgument(_ value: Value) -> String? {
    if case .text(let s) = value { return s }
    return nil
}

/// An integer argument of any width.
func intArgument(_ value: Value) -> Int? {
    switch value {
    case .int2(let v): return Int(v)
    case .int4(let v): return Int(v)
    case .int8(let v): return Int(v)
    default: return nil
    }
}

/// The sessions a local session opened on other nodes.
struct SessionConnections {
    weak var owner: Session?
    var byPort: [Int: Session] = [:]
}
