// The wait-for graph of one node, what PostgreSQL's lock manager and
// deadlock detector (deadlock.c) know of transaction locks: which backend
// runs each transaction, and which transaction each waiting transaction
// waits for. PostgreSQL looks for a cycle once a wait has lasted
// deadlock_timeout (1s); here the wait that closes a cycle finds it at
// once, and that waiter fails, as PostgreSQL's does when the cycle
// closes more than deadlock_timeout after the other waits began.
//
// Example: transaction 7 (pid 1001) updated row 1, transaction 8 (pid
// 1002) row 2. 7 waits for 8 to update row 2: no cycle. 8 then waits for
// 7 over row 1: 8 -> 7 -> 8 is a cycle, and 8's statement fails with
// "Process 1002 waits for ShareLock on transaction 7; blocked by process
// 1001." and "Process 1001 waits for ShareLock on transaction 8; blocked
// by process 1002." as its DETAIL.
import Foundation

/// Transactions of one node, the tuple locks of their waiters and their
/// waits; used under the node's statement lock.
///
/// A session that must wait for a row's transaction first takes the
/// row's tuple lock (PostgreSQL's heap_acquire_tuplock), so that later
/// waiters queue behind it in arrival order and go on one at a time.
final class LockWaits {
    /// One wait in a deadlock cycle, as DETAIL shows it: `Process 1001
    /// waits for ShareLock on transaction 7; blocked by process 1002.`
    struct Edge: Equatable {
        var waiterPID: Int32
        /// `ShareLock on transaction 7`, `ExclusiveLock on tuple (0,1) of
        /// relation 16385 of database 16384`.
        var lock: String
        var holderPID: Int32

        /// The DETAIL line.
        var line: String {
            "Process \(waiterPID) waits for \(lock); blocked by process \(holderPID)."
        }
    }

    /// A row version's tuple lock.
    struct TupleKey: Hashable {
        var storage: ObjectIdentifier
        var version: RowID
    }

    /// A transaction holding or queued for a tuple lock.
    private struct TupleLocker {
        var xid: TransactionID
        var mode: RowLockMode
    }

    /// Backend pid of each running top-level transaction, and the
    /// distributed transaction it belongs to (see DistributedWaits).
    private var owners: [TransactionID: (pid: Int32, root: ObjectIdentifier)] = [:]
    /// What each waiting top-level transaction waits for: the xid whose
    /// end it waits for (a row's writer or locker, maybe a
    /// subtransaction, or a tuple lock's holder), and the lock as DETAIL
    /// names it.
    private var waits: [TransactionID: (target: TransactionID, lock: String)] = [:]
    private var tupleHolders: [TupleKey: [TupleLocker]] = [:]
    private var tupleQueues: [TupleKey: [TupleLocker]] = [:]

    /// Records that backend `pid` runs top-level transaction `xid` as
    /// part of distributed transaction `root`.
    func began(_ xid: TransactionID, pid: Int32, root: ObjectIdentifier) {
        owners[xid] = (pid, root)
    }

    /// Forgets top-level transaction `xid` once it ended.
    func ended(_ xid: TransactionID) {
        owners[xid] = nil
        waits[xid] = nil
    }

    /// Records that top-level `waiter` waits for `holder` over `lock`;
    /// returns the cycle this wait closes (starting with `waiter`'s
    /// wait), nil when there is none and the wait may begin.
    func startWaiting(
        _ waiter: TransactionID, for holder: TransactionID, lock: String, log: TransactionLog
    ) -> [Edge]? {
        var edges: [Edge] = []
        var current = waiter
        var target = (target: holder, lock: lock)
        // Follows waits from the holder on until they end or come back.
        while edges.count <= owners.count {
            let top = log.topLevel(of: target.target)
            guard let waiterPID = owners[current]?.pid, let holderPID = owners[top]?.pid else {
                break
            }
            edges.append(Edge(waiterPID: waiterPID, lock: target.lock, holderPID: holderPID))
            if top == waiter { return edges }
            guard let next = waits[top] else { break }
            current = top
            target = next
        }
        waits[waiter] = (holder, lock)
        return nil
    }

    /// The wait of `waiter` ended.
    func stopWaiting(_ waiter: TransactionID) {
        waits[waiter] = nil
    }

    /// The backend that the transaction of backend `pid` waits for, if
    /// it waits.
    func blocker(ofBackend pid: Int32, log: TransactionLog) -> Int32? {
        guard let waiter = owners.first(where: { $0.value.pid == pid })?.key,
            let wait = waits[waiter]
        else { return nil }
        return owners[log.topLevel(of: wait.target)]?.pid
    }

    /// The distributed transaction top-level transaction `xid` belongs
    /// to, while it runs.
    func root(of xid: TransactionID) -> ObjectIdentifier? {
        owners[xid]?.root
    }

    /// Takes tuple lock `key` in `mode` for top-level `xid` when no
    /// running holder conflicts and no conflicting waiter came first;
    /// returns nil then, else the transaction to wait behind (and queues
    /// `xid`).
    func acquireTupleLock(
        _ key: TupleKey, mode: RowLockMode, xid: TransactionID, log: TransactionLog
    ) -> TransactionID? {
        tupleHolders[key]?.removeAll { !log.isRunning($0.xid) }
        tupleQueues[key]?.removeAll { !log.isRunning($0.xid) }
        let holder = tupleHolders[key]?.first { $0.xid != xid && $0.mode.conflicts(with: mode) }
        let earlier = tupleQueues[key]?.prefix { $0.xid != xid }
            .first { $0.mode.conflicts(with: mode) }
        if let blocker = holder ?? earlier {
            if tupleQueues[key]?.contains(where: { $0.xid == xid }) != true {
                tupleQueues[key, default: []].append(TupleLocker(xid: xid, mode: mode))
            }
            return blocker.xid
        }
        leaveQueue(key, xid: xid)
        tupleHolders[key, default: []].append(TupleLocker(xid: xid, mode: mode))
        return nil
    }

    /// True when top-level `xid` holds tuple lock `key`.
    func holdsTupleLock(_ key: TupleKey, xid: TransactionID) -> Bool {
        tupleHolders[key]?.contains { $0.xid == xid } == true
    }

    /// Gives up `xid`'s place in the queue for tuple lock `key`.
    func leaveQueue(_ key: TupleKey, xid: TransactionID) {
        tupleQueues[key]?.removeAll { $0.xid == xid }
        if tupleQueues[key]?.isEmpty == true { tupleQueues[key] = nil }
    }

    /// Releases `xid`'s tuple lock `key`.
    func releaseTupleLock(_ key: TupleKey, xid: TransactionID) {
        tupleHolders[key]?.removeAll { $0.xid == xid }
        if tupleHolders[key]?.isEmpty == true { tupleHolders[key] = nil }
    }
}

/// The waits between distributed transactions across every node of the
/// process, Citus' distributed deadlock detection: a coordinator's
/// session and its connections to the workers form one distributed
/// transaction (its root), and a wait on any node is an edge from the
/// waiter's root to the holder's. A cycle no single node sees (a waits
/// for b on one worker, b for a on another) fails the session whose wait
/// closes it with Citus' error; Citus' maintenance daemon finds it after
/// 2 x deadlock_timeout and cancels the youngest transaction instead.
final class DistributedWaits {
    /// The one graph of the process.
    static let shared = DistributedWaits()

    private let lock = NSLock()
    private var edges: [ObjectIdentifier: ObjectIdentifier] = [:]

    /// Records that `waiter` waits for `holder`; false (and nothing
    /// recorded) when that closes a cycle.
    func startWaiting(_ waiter: ObjectIdentifier, for holder: ObjectIdentifier) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        var current = holder
        var steps = 0
        while steps <= edges.count {
            if current == waiter { return false }
            guard let next = edges[current] else { break }
            current = next
            steps += 1
        }
        edges[waiter] = holder
        return true
    }

    /// The wait of `waiter` ended.
    func stopWaiting(_ waiter: ObjectIdentifier) {
        lock.lock()
        edges[waiter] = nil
        lock.unlock()
    }
}
