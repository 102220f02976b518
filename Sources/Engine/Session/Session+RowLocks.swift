// Waiting for another transaction over a row, PostgreSQL's
// XactLockTableWait: the session registers its wait in the node's
// wait-for graph (failing with 40P01 when the wait would close a cycle),
// then sleeps outside the statement locks until the transaction ends,
// giving up on lock_timeout, statement_timeout or a cancel with the
// CONTEXT line naming the row, as PostgreSQL's error context callback does.

extension Session {
    /// Waits until transaction `holder` (top-level or a subtransaction)
    /// ends. `context` makes the CONTEXT line of an error raised while
    /// waiting (`while updating tuple (0,1) in relation "t"`).
    func waitForTransaction(_ holder: TransactionID, context: () -> String) throws {
        guard let top = transaction?.xid else { return }
        let waits = engine.lockWaits
        if let cycle = waits.startWaiting(top, for: holder, log: engine.log) {
            throw Session.deadlockError(cycle, context: context())
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
        let started = engine.clock.now()
        let lockTimeout = microseconds(ofSetting: "lock_timeout")
        do {
            try engine.waitWhileRunning(holder, waker: waker) {
                try checkInterrupts()
                if let lockTimeout, engine.clock.now() - started >= lockTimeout {
                    throw SQLError(
                        SQLState.lockNotAvailable, "canceling statement due to lock timeout")
                }
            }
        } catch var error as SQLError {
            if error.context == nil { error.context = context() }
            throw error
        }
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
    static func deadlockError(_ cycle: [LockWaits.Edge], context: String) -> SQLError {
        let lines = cycle.map { edge in
            "Process \(edge.waiterPID) waits for ShareLock on transaction \(edge.transaction); blocked by process \(edge.holderPID)."
        }
        return SQLError(
            SQLState.deadlockDetected, "deadlock detected",
            detail: lines.joined(separator: "\n"), hint: "See server log for query details.",
            context: context)
    }
}
