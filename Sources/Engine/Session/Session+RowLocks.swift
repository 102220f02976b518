// Waiting for another transaction over a row, PostgreSQL's
// XactLockTableWait and tuple locks: the session registers its wait in
// the node's wait-for graph (failing with 40P01 when the wait would close
// a cycle), then sleeps outside the statement locks until the transaction
// ends or the tuple lock is free, giving up on lock_timeout,
// statement_timeout or a cancel; while it waits for a transaction, an
// error carries the CONTEXT line naming the row, as PostgreSQL's error
// context callback adds it.

extension Session {
    /// Waits until transaction `holder` (top-level or a subtransaction)
    /// ends. `context` makes the CONTEXT line of an error raised while
    /// waiting (`while updating tuple (0,1) in relation "t"`).
    func waitForTransaction(_ holder: TransactionID, context: () -> String) throws {
        let log = engine.log
        try withoutActuallyEscaping(context) { context in
            try waitFor(
                holder, lock: "ShareLock on transaction \(holder)", event: "transactionid",
                context: context
            ) { !log.isRunning(holder) }
        }
    }

    /// Takes the tuple lock `key` in `mode`, queueing behind the waiters
    /// that came first. `describe` names the lock for a deadlock's
    /// DETAIL (`ExclusiveLock on tuple (0,1) of relation 16385 of
    /// database 16384`). Errors raised while it waits carry no CONTEXT,
    /// as in PostgreSQL.
    func acquireTupleLock(
        _ key: LockWaits.TupleKey, mode: RowLockMode, describe: () -> String
    ) throws {
        guard let top = transaction?.xid else { return }
        let waits = engine.lockWaits
        let log = engine.log
        do {
            while let blocker = waits.acquireTupleLock(key, mode: mode, xid: top, log: log) {
                try waitFor(blocker, lock: describe(), event: "tuple", context: nil) {
                    !log.isRunning(blocker)
                        || waits.acquireTupleLock(
                            key, mode: mode, xid: top, log: log) == nil
                }
                // The test above may have granted the lock already.
                if waits.holdsTupleLock(key, xid: top) { return }
            }
        } catch {
            waits.leaveQueue(key, xid: top)
            throw error
        }
    }

    /// Releases the tuple lock `key` taken by `acquireTupleLock`.
    func releaseTupleLock(_ key: LockWaits.TupleKey) {
        guard let top = transaction?.xid else { return }
        engine.lockWaits.releaseTupleLock(key, xid: top)
        engine.transactionEnded()
    }

    /// Registers a wait for `holder` over `lock`, then waits until `done`
    /// (checked under the statement lock) holds.
    private func waitFor(
        _ holder: TransactionID, lock: String, event: String, context: (() -> String)?,
        until done: () -> Bool
    ) throws {
        guard let top = transaction?.xid else { return }
        let waits = engine.lockWaits
        if let cycle = waits.startWaiting(top, for: holder, lock: lock, log: engine.log) {
            throw Session.deadlockError(cycle, context: context?())
        }
        defer { waits.stopWaiting(top) }
        // A cycle through other nodes: Citus' distributed deadlock.
        let root = distributedRoot
        if let holderRoot = waits.root(of: engine.log.topLevel(of: holder)) {
            guard DistributedWaits.shared.startWaiting(root, for: holderRoot) else {
                throw SQLError(SQLState.deadlockDetected, Session.distributedDeadlockMessage)
            }
        }
        defer { DistributedWaits.shared.stopWaiting(root) }
        activityRecord.update { $0.waitEvent = ("Lock", event) }
        defer { activityRecord.update { $0.waitEvent = nil } }
        let started = engine.clock.now()
        let lockTimeout = microseconds(ofSetting: "lock_timeout")
        do {
            try engine.wait(until: done, waker: waker) {
                try checkInterrupts()
                if let lockTimeout, engine.clock.now() - started >= lockTimeout {
                    throw SQLError(
                        SQLState.lockNotAvailable, "canceling statement due to lock timeout")
                }
            }
        } catch var error as SQLError {
            if error.context == nil, let context { error.context = context() }
            throw error
        }
    }

    /// pg_blocking_pids: the backend whose transaction (or tuple lock)
    /// the session with backend `pid` waits for, if it waits.
    package func blockingPIDs(of pid: Int32) -> [Int32] {
        engine.lockWaits.blocker(ofBackend: pid, log: engine.log).map { [$0] } ?? []
    }

    /// Citus' error for a deadlock spanning nodes, which the coordinator
    /// raises itself (no worker's CONTEXT).
    package static let distributedDeadlockMessage =
        "canceling the transaction since it was involved in a distributed deadlock"

    /// The distributed transaction this session's transaction belongs to:
    /// its coordinator session's for a coordinator's connection to a
    /// worker, else its own.
    var distributedRoot: ObjectIdentifier {
        ObjectIdentifier(coordinatorSession ?? self)
    }

    /// PostgreSQL's deadlock report: one DETAIL line per wait of the
    /// cycle, the failing session's first.
    static func deadlockError(_ cycle: [LockWaits.Edge], context: String?) -> SQLError {
        SQLError(
            SQLState.deadlockDetected, "deadlock detected",
            detail: cycle.map(\.line).joined(separator: "\n"),
            hint: "See server log for query details.", context: context)
    }
}
