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

/// Transactions of one node and their waits; used under the node's
/// statement lock.
final class LockWaits {
    /// One wait in a deadlock cycle, as DETAIL shows it.
    struct Edge: Equatable {
        var waiterPID: Int32
        var transaction: TransactionID
        var holderPID: Int32
    }

    /// Backend pid of each running top-level transaction, and the
    /// distributed transaction it belongs to (see DistributedWaits).
    private var owners: [TransactionID: (pid: Int32, root: ObjectIdentifier)] = [:]
    /// What each waiting top-level transaction waits for (the xid of the
    /// row version's writer or locker, maybe a subtransaction).
    private var waits: [TransactionID: TransactionID] = [:]

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

    /// Records that top-level `waiter` waits for `holder`; returns the
    /// cycle this wait closes (starting with `waiter`'s wait), nil when
    /// there is none and the wait may begin.
    func startWaiting(
        _ waiter: TransactionID, for holder: TransactionID, log: TransactionLog
    ) -> [Edge]? {
        var edges: [Edge] = []
        var current = waiter
        var target = holder
        // Follows waits from the holder on until they end or come back.
        while edges.count <= owners.count {
            let top = log.topLevel(of: target)
            guard let waiterPID = owners[current]?.pid, let holderPID = owners[top]?.pid else {
                break
            }
            edges.append(Edge(waiterPID: waiterPID, transaction: target, holderPID: holderPID))
            if top == waiter { return edges }
            guard let next = waits[top] else { break }
            current = top
            target = next
        }
        waits[waiter] = holder
        return nil
    }

    /// The wait of `waiter` ended.
    func stopWaiting(_ waiter: TransactionID) {
        waits[waiter] = nil
    }

    /// The distributed transaction top-level transaction `xid` belongs
    /// to, while it runs.
    func root(of xid: TransactionID) -> ObjectIdentifier? {
        owners[xid]?.root
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
