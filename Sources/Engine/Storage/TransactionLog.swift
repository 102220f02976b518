// Transaction ids and their fate, the engine's pg_xact (commit log) and
// procarray: which transactions are running, committed or aborted, and the
// snapshots that decide which row versions a statement sees.

/// A transaction or subtransaction id. 0 is invalid ("no xid"); 1 is the
/// frozen id of rows that are always visible.
package typealias TransactionID = UInt32

/// Records every transaction's status and hands out snapshots. Subxacts
/// (savepoints, EXCEPTION blocks) get their own ids so that rolling one
/// back invalidates exactly the row versions it wrote.
///
/// Example: top-level 7 opens savepoint 8 and inserts a row (xmin 8);
/// `ROLLBACK TO` marks 8 aborted, so the row disappears for everyone,
/// while rows with xmin 7 stay visible to transaction 7.
package final class TransactionLog {
    private enum Status: UInt8 {
        case inProgress, committed, aborted, subCommitted
    }

    /// Indexed by xid.
    private var status: [Status] = [.aborted, .committed]
    /// The top-level transaction of each subtransaction.
    private var topOf: [TransactionID: TransactionID] = [:]
    /// Subtransactions of each running top-level transaction.
    private var children: [TransactionID: [TransactionID]] = [:]
    /// Top-level transactions in progress.
    private var running: Set<TransactionID> = []
    /// The lowest `oldestRunning` of the snapshots each running top-level
    /// transaction took: what it may still see.
    private var snapshotFloors: [TransactionID: TransactionID] = [:]

    /// Creates a log where only the frozen id exists.
    package init() {}

    /// Starts a top-level transaction.
    package func begin() throws -> TransactionID {
        let xid = try allocate()
        running.insert(xid)
        return xid
    }

    /// Starts a subtransaction of top-level transaction `top`.
    package func beginSubtransaction(of top: TransactionID) throws -> TransactionID {
        let xid = try allocate()
        topOf[xid] = top
        children[top, default: []].append(xid)
        return xid
    }

    private func allocate() throws -> TransactionID {
        guard status.count < Int(TransactionID.max) else {
            throw SQLError(SQLState.programLimitExceeded, "transaction ID wraparound limit reached")
        }
        status.append(.inProgress)
        return TransactionID(status.count - 1)
    }

    /// A subtransaction ended successfully: its changes now live and die
    /// with its parent.
    package func commitSubtransaction(_ xid: TransactionID) {
        set(xid, .subCommitted)
    }

    /// Aborts subtransactions `xids` (a savepoint and everything opened
    /// after it).
    package func abortSubtransactions(_ xids: [TransactionID]) {
        for xid in xids { set(xid, .aborted) }
    }

    /// Commits a top-level transaction and its subcommitted children.
    package func commit(_ top: TransactionID) {
        for child in children[top] ?? [] where state(child) != .aborted {
            set(child, .committed)
        }
        set(top, .committed)
        finish(top)
    }

    /// Aborts a top-level transaction and all its subtransactions.
    package func abort(_ top: TransactionID) {
        for child in children[top] ?? [] { set(child, .aborted) }
        set(top, .aborted)
        finish(top)
    }

    private func finish(_ top: TransactionID) {
        running.remove(top)
        snapshotFloors[top] = nil
        for child in children[top] ?? [] { topOf[child] = nil }
        children[top] = nil
    }

    private func state(_ xid: TransactionID) -> Status {
        Int(xid) < status.count ? status[Int(xid)] : .aborted
    }

    private func set(_ xid: TransactionID, _ value: Status) {
        if Int(xid) < status.count { status[Int(xid)] = value }
    }

    /// A snapshot for a statement of transaction `own` (nil outside any
    /// transaction): everything committed now, plus `own`'s changes.
    package func snapshot(own: TransactionID?) -> Snapshot {
        var others = running
        if let own { others.remove(own) }
        let horizon = TransactionID(status.count)
        let oldest = others.min() ?? horizon
        if let own, running.contains(own) {
            snapshotFloors[own] = min(snapshotFloors[own] ?? oldest, oldest)
        }
        return Snapshot(
            log: self, own: own, horizon: horizon, oldestRunning: oldest, running: others)
    }

    /// True when `xid`'s effects count for `snapshot`.
    @inline(__always)
    fileprivate func counts(_ xid: TransactionID, for snapshot: Snapshot) -> Bool {
        let s = state(xid)
        if s == .committed {
            if xid < snapshot.oldestRunning { return true }
            return xid < snapshot.horizon && !snapshot.running.contains(xid)
        }
        if s == .aborted { return false }
        // In progress or subcommitted: only its own transaction sees it.
        guard let own = snapshot.own else { return false }
        return xid == own || topOf[xid] == own
    }

    /// The top-level transaction that wrote `xid`, while it runs.
    package func topLevel(of xid: TransactionID) -> TransactionID {
        topOf[xid] ?? xid
    }

    /// True when `xid` (or its top-level transaction) is still running.
    package func isRunning(_ xid: TransactionID) -> Bool {
        let s = state(xid)
        return s == .inProgress || s == .subCommitted
    }

    /// Transactions that committed below this id are visible to every
    /// snapshot in use and every later one, so a version they deleted is
    /// dead to all (PostgreSQL's global xmin, which VACUUM goes by).
    package var visibilityHorizon: TransactionID {
        var horizon = TransactionID(status.count)
        for xid in running { horizon = min(horizon, xid, snapshotFloors[xid] ?? xid) }
        return horizon
    }

    /// True when `xid` committed (with its top-level transaction).
    package func isCommitted(_ xid: TransactionID) -> Bool {
        state(xid) == .committed
    }

    /// True when `xid` aborted.
    package func isAborted(_ xid: TransactionID) -> Bool {
        state(xid) == .aborted
    }
}

/// Which row versions one statement sees: READ COMMITTED takes a new one
/// per statement.
package struct Snapshot {
    fileprivate unowned let log: TransactionLog
    /// The reading transaction (its own changes are visible).
    package let own: TransactionID?
    /// Ids at or above this started after the snapshot.
    fileprivate let horizon: TransactionID
    /// Committed ids below this are visible without a set lookup.
    fileprivate let oldestRunning: TransactionID
    fileprivate let running: Set<TransactionID>

    /// True when a row version created by `xmin` and deleted by `xmax`
    /// (0 if never) is visible.
    @inline(__always)
    package func isVisible(xmin: TransactionID, xmax: TransactionID) -> Bool {
        guard log.counts(xmin, for: self) else { return false }
        return xmax == 0 || !log.counts(xmax, for: self)
    }
}
