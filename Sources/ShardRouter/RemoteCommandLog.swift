// citus.log_remote_commands: the commands the coordinator sends workers
// for a statement, each reported as Citus reports it,
//
//     NOTICE:  issuing <command>
//     DETAIL:  on server <user>@<host>:<port> connectionId: <n>
//
// with the shard query in Citus' deparse (QueryTextPrinter). The formats
// and the transaction protocol follow Citus' remote_commands.c,
// remote_transaction.c and adaptive executor:
//
// - A backend numbers its connections from 1 in the order it opens them
//   and keeps one per worker across statements (the simulation runs a
//   node's tasks over one connection, as Citus does with
//   citus.max_adaptive_executor_pool_size = 1).
// - Inside a transaction block, and for a write with several tasks or
//   placements, each connection's first command of the transaction is
//   preceded by `BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED;SELECT
//   assign_distributed_transaction_id(<group>, <number>, '<timestamp>');`.
//   Other statements send their tasks bare (autocommit on the worker).
// - At the end, a transaction that wrote through several connections, or
//   ran a write with several tasks, commits in two phases: `PREPARE
//   TRANSACTION 'citus_<group>_<pid>_<number>_<n>'` on each connection that
//   wrote, then `COMMIT PREPARED` there and `COMMIT` on the read-only
//   ones; any other ends with `COMMIT`, and a rollback with `ROLLBACK`.
import Engine
import Foundation
import SQLParser

/// One coordinator session's connections and remote transaction, as
/// citus.log_remote_commands reports them.
final class RemoteCommandLog {
    weak var owner: Session?
    /// Citus' connection ids, by port.
    var connectionIDs: [Int: Int] = [:]
    /// Prepared transactions this backend has named (Citus numbers them
    /// across the backend's life, from 0).
    var preparedCount = 0
    /// The remote transaction of the coordinator transaction running.
    var transaction: LoggedTransaction?

    init(owner: Session) {
        self.owner = owner
    }
}

/// A coordinated transaction's remote transactions.
struct LoggedTransaction {
    /// The distributed transaction number and start time.
    var number: Int64
    var timestamp: String
    /// The ports whose remote transaction began, in order.
    var ports: [Int] = []
    var writtenPorts: Set<Int> = []
    /// Set by a write with several tasks or placements (two-phase commit).
    var needsTwoPhaseCommit = false
}

extension CitusLibrary {
    /// True when `session` logs the commands it sends workers.
    func logsRemoteCommands(_ session: Session) -> Bool {
        session.setting("citus.log_remote_commands") == "on"
            && explainCapture(for: session) == nil
    }

    /// The command log of `session`.
    private func commandLog(_ session: Session) -> RemoteCommandLog {
        let key = ObjectIdentifier(session)
        if let log = commandLogs[key], log.owner === session { return log }
        let log = RemoteCommandLog(owner: session)
        commandLogs = commandLogs.filter { $0.value.owner != nil }
        commandLogs[key] = log
        return log
    }

    /// Reports `command` as sent to the node at `port`.
    func logRemoteCommand(_ command: String, port: Int, session: Session) {
        let log = commandLog(session)
        let id = log.connectionIDs[port] ?? (log.connectionIDs.count + 1)
        log.connectionIDs[port] = id
        session.emitNotice(
            .notice(
                "issuing \(command)",
                detail: "on server \(session.user)@\(Cluster.host):\(port) connectionId: \(id)"))
    }

    /// Reports the shard query `sql` about to run on the node of
    /// `groupID` for a statement of `taskCount` tasks (a write's tasks
    /// counting each placement), with the BEGIN of its remote transaction
    /// when the statement needs one. `citusText` is the command as Citus
    /// deparses it, when the caller built it.
    func logShardQuery(
        _ sql: String, kind: ShardQueryKind, names: [String: String] = [:],
        groupID: Int32, write: Bool, taskCount: Int, session: Session
    ) throws {
        guard logsRemoteCommands(session), let node = metadata.node(group: groupID),
            node.port != port
        else { return }
        let coordinated = session.transactionStatus != .idle || (write && taskCount > 1)
        if coordinated { try beginRemoteTransaction(on: node.port, write: write, session) }
        if write && taskCount > 1 { commandLog(session).transaction?.needsTwoPhaseCommit = true }
        let worker = try connection(for: session, port: node.port)
        // TODO(#3): shapes Citus' deparse is not modelled for are reported
        // as the simulation sends them.
        let text = (try? worker.shardQueryText(sql, kind: kind, names: names)) ?? sql
        logRemoteCommand(text, port: node.port, session: session)
    }

    /// Reports the BEGIN of the remote transaction on `port`, once per
    /// coordinator transaction.
    private func beginRemoteTransaction(on port: Int, write: Bool, _ session: Session) throws {
        let log = commandLog(session)
        if log.transaction == nil {
            distributedTransactionCount += 1
            let now = try session.executeInternal("SELECT clock_timestamp()::text", local: true)
            log.transaction = LoggedTransaction(
                number: distributedTransactionCount, timestamp: now.text(row: 0, column: 0) ?? "")
            session.transactionEndCallbacks.append { [weak self, weak session] committed in
                guard let self, let session else { return }
                self.endRemoteTransaction(committed: committed, session)
            }
        }
        guard var transaction = log.transaction else { return }
        if write { transaction.writtenPorts.insert(port) }
        if !transaction.ports.contains(port) {
            transaction.ports.append(port)
            logRemoteCommand(
                "BEGIN TRANSACTION ISOLATION LEVEL READ COMMITTED;"
                    + "SELECT assign_distributed_transaction_id(\(localGroupID), "
                    + "\(transaction.number), '\(transaction.timestamp)');",
                port: port, session: session)
        }
        log.transaction = transaction
    }

    /// Reports how the remote transactions end with the coordinator's.
    private func endRemoteTransaction(committed: Bool, _ session: Session) {
        let log = commandLog(session)
        guard let transaction = log.transaction else { return }
        log.transaction = nil
        guard logsRemoteCommands(session) else { return }
        guard committed else {
            for port in transaction.ports {
                logRemoteCommand("ROLLBACK", port: port, session: session)
            }
            return
        }
        let twoPhase = transaction.needsTwoPhaseCommit || transaction.writtenPorts.count > 1
        var prepared: [Int: String] = [:]
        if twoPhase {
            for port in transaction.ports where transaction.writtenPorts.contains(port) {
                let name =
                    "citus_\(localGroupID)_\(session.backendID)_"
                    + "\(transaction.number)_\(log.preparedCount)"
                log.preparedCount += 1
                prepared[port] = name
                logRemoteCommand("PREPARE TRANSACTION '\(name)'", port: port, session: session)
            }
        }
        for port in transaction.ports {
            let command = prepared[port].map { "COMMIT PREPARED '\($0)'" } ?? "COMMIT"
            logRemoteCommand(command, port: port, session: session)
        }
    }
}

extension CitusLibrary {
    /// Reports a write task on every placement of `shard`.
    func logShardWrite(
        _ sql: String, kind: ShardQueryKind = .router, shard: ShardRecord, taskCount: Int,
        session: Session
    ) throws {
        guard logsRemoteCommands(session) else { return }
        for placement in shard.placements {
            try logShardQuery(
                sql, kind: kind, groupID: placement.groupID, write: true,
                taskCount: taskCount * shard.placements.count, session: session)
        }
    }

    /// Reports the INSERT of `statement` (the rows of `original` that go to
    /// `shard`, whole) in the form Citus sends: the columns the statement
    /// assigns and those with defaults, in column order, and the target
    /// aliased citus_table_alias in a multi-row INSERT or an upsert.
    func logShardInsert(
        _ statement: InsertStatement, original: InsertStatement,
        record: DistributedTableRecord, shard: ShardRecord, taskCount: Int, session: Session
    ) throws {
        guard logsRemoteCommands(session), let table = session.catalog.table(record.relation),
            case .values(let rows) = statement.source
        else { return }
        let live = table.liveColumns
        var assigned = Set(original.columns)
        if original.columns.isEmpty, case .values(let given) = original.source {
            assigned = Set(live.prefix(given.first?.count ?? 0).map { table.columns[$0].name })
        }
        let kept = statement.columns.indices.filter { i in
            guard let index = table.columnIndex(statement.columns[i]) else { return false }
            return assigned.contains(statement.columns[i])
                || table.columns[index].defaultExpr != nil
        }
        var shown = statement
        shown.columns = kept.map { statement.columns[$0] }
        shown.source = .values(rows.map { row in kept.map { row[$0] } })
        var multiRow = false
        if case .values(let given) = original.source { multiRow = given.count > 1 }
        shown.alias = original.alias
        if multiRow || original.onConflict != nil {
            shown.alias = original.alias ?? "citus_table_alias"
        }
        if let conflict = statement.onConflict, shown.alias != statement.alias {
            shown.onConflict = renamingTarget(
                conflict, from: statement.alias ?? record.name, to: shown.alias ?? record.name)
        }
        for placement in shard.placements {
            try logShardQuery(
                deparse(.insert(shown)), kind: multiRow ? .multiRowInsert : .router,
                groupID: placement.groupID, write: true,
                taskCount: taskCount * shard.placements.count, session: session)
        }
    }

    /// `conflict` with the columns qualified by `old` qualified by `new`.
    private func renamingTarget(_ conflict: OnConflict, from old: String, to new: String)
        -> OnConflict
    {
        let rewriter = TableRewriter(column: { parts in
            guard parts.count == 2, parts[0] == old else { return nil }
            return Expr(.columnRef([new, parts[1]]))
        }) { _, _, _ in nil }
        var conflict = conflict
        if case .update(let set, let whereClause) = conflict.action {
            conflict.action = .update(
                set.map { clause in
                    var clause = clause
                    clause.value = rewriter.expr(clause.value)
                    return clause
                }, whereClause: whereClause.map(rewriter.expr))
        }
        return conflict
    }
}

extension CitusLibrary {
    /// Reports a DDL job as Citus' ExecuteDistributedDDLJob sends it
    /// (commands/utility_hook.c): on every worker with metadata, inside
    /// the coordinated transaction, `SET citus.enable_ddl_propagation TO
    /// 'off'`, `SET LOCAL search_path TO <path>;` and the statement's
    /// query string for the shell table; then one task per shard,
    /// `SELECT worker_apply_shard_ddl_command (<shard>, '<schema>',
    /// '<query string>')` on the shard's placements (DDLTaskList). The
    /// transaction commits in two phases, every connection having
    /// written. `shardCommand` gives a job whose tasks send their own
    /// shard command instead (CREATE and DROP INDEX).
    func logDDLJob(
        _ record: DistributedTableRecord, session: Session,
        shardCommand: ((ShardRecord) -> String)? = nil
    ) throws {
        guard logsRemoteCommands(session) else { return }
        let command = session.activity.query
        var shellCommands = ["SET citus.enable_ddl_propagation TO 'off'"]
        if let path = citusSearchPath(session) {
            shellCommands.append("SET LOCAL search_path TO \(path);")
        }
        shellCommands.append(command)
        let workers = metadataWorkers().map(\.0).sorted { $0.nodeID < $1.nodeID }
        for shellCommand in shellCommands {
            for node in workers {
                try beginRemoteTransaction(on: node.port, write: true, session)
            }
            for node in workers {
                logRemoteCommand(shellCommand, port: node.port, session: session)
            }
        }
        commandLog(session).transaction?.needsTwoPhaseCommit = true
        for shard in record.shards {
            let task =
                shardCommand?(shard)
                ?? "SELECT worker_apply_shard_ddl_command (\(shard.shardID), "
                + "\(quoteLiteral(record.schema)), \(quoteLiteral(command)))"
            for placement in shard.placements {
                guard let node = metadata.node(group: placement.groupID), node.port != port
                else { continue }
                try beginRemoteTransaction(on: node.port, write: true, session)
                logRemoteCommand(task, port: node.port, session: session)
            }
        }
    }

    /// The search path as Citus' CurrentSearchPath() relays it: the
    /// schemas of search_path that exist, quoted, joined by commas
    /// (`$user` standing for the session's user); nil when none does.
    private func citusSearchPath(_ session: Session) -> String? {
        let setting = session.setting("search_path") ?? "\"$user\", public"
        let existing = session.catalog.schemas
        let names = setting.split(separator: ",").compactMap { item -> String? in
            var name = item.trimmingCharacters(in: .whitespaces)
            if name.hasPrefix("\""), name.hasSuffix("\""), name.count >= 2 {
                name = String(name.dropFirst().dropLast())
            } else {
                name = name.lowercased()
            }
            if name == "$user" { name = session.user }
            return existing.contains(name) ? ruleQuoteIdentifier(name) : nil
        }
        return names.isEmpty ? nil : names.joined(separator: ",")
    }
}
