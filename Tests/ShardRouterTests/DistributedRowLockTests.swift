// Row locks on distributed tables: a write routed to a shard on a worker
// waits there for the coordinator session that holds the row, without
// holding up the rest of the cluster; a cycle on one worker fails with
// PostgreSQL's deadlock error (relayed with the worker's CONTEXT), one
// spanning two workers with Citus' distributed deadlock error.
import Dispatch
import Engine
import Foundation
import Testing

@testable import ShardRouter

/// A statement running on a thread of its own.
private final class Pending: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var outcome: Result<QueryResult, SQLError>?

    init(_ session: Session, _ sql: String) {
        let thread = Thread { [self] in
            let result: Result<QueryResult, SQLError>
            do {
                result = .success(try session.execute(sql))
            } catch {
                result = .failure(error as? SQLError ?? SQLError("XX000", "\(error)"))
            }
            lock.lock()
            outcome = result
            lock.unlock()
            done.signal()
        }
        thread.stackSize = 16 << 20
        thread.start()
    }

    /// The outcome once the statement ended within `seconds`, else nil.
    func wait(_ seconds: Double) -> Result<QueryResult, SQLError>? {
        guard done.wait(timeout: .now() + seconds) == .success else { return nil }
        done.signal()
        lock.lock()
        defer { lock.unlock() }
        return outcome
    }
}

@Suite struct DistributedRowLockTests {
    /// A cluster with t(a int primary key, b int) distributed by a.
    private func cluster() throws -> Cluster {
        let cluster = try Cluster()
        try cluster.coordinator.execute(
            """
            CREATE TABLE t (a int PRIMARY KEY, b int);
            SELECT create_distributed_table('t', 'a');
            INSERT INTO t SELECT g, 0 FROM generate_series(1, 20) g;
            """)
        return cluster
    }

    /// The port of the worker holding key `a`.
    private func port(_ cluster: Cluster, _ a: Int) throws -> Int? {
        try cluster.coordinator.execute(
            """
            SELECT nodeport FROM pg_dist_placement p JOIN pg_dist_node n USING (groupid)
            WHERE shardid = get_shard_id_for_distribution_column('t', \(a))
            """
        ).int(0, 0)
    }

    @Test func writersOfOneRowWaitOnTheWorker() throws {
        let cluster = try cluster()
        let s1 = cluster.coordinator.connect()
        let s2 = cluster.coordinator.connect()
        try s1.execute("BEGIN; UPDATE t SET b = b + 1 WHERE a = 1")
        let waiter = Pending(s2, "UPDATE t SET b = b * 10 WHERE a = 1 RETURNING b")
        #expect(waiter.wait(0.2) == nil)
        // Other rows and other sessions go on meanwhile.
        #expect(
            try cluster.coordinator.connect().execute("UPDATE t SET b = 5 WHERE a = 2")
                .commandTag == "UPDATE 1")
        try s1.execute("COMMIT")
        guard case .success(let result)? = waiter.wait(10) else {
            Issue.record("the waiting UPDATE did not complete")
            return
        }
        #expect(result.int(0, 0) == 10)
    }

    /// A router SELECT .. FOR UPDATE locks the row on its worker; a
    /// multi-shard one gets Citus' error (its planner's message and hint).
    @Test func selectForUpdateRoutesToTheShard() throws {
        let cluster = try cluster()
        let s1 = cluster.coordinator.connect()
        let s2 = cluster.coordinator.connect()
        try s1.execute("BEGIN; SELECT * FROM t WHERE a = 3 FOR UPDATE")
        let update = Pending(s2, "UPDATE t SET b = 1 WHERE a = 3")
        #expect(update.wait(0.2) == nil)
        try s1.execute("COMMIT")
        guard case .success? = update.wait(10) else {
            Issue.record("the UPDATE stayed blocked")
            return
        }
        let error = #expect(throws: SQLError.self) {
            try s2.execute("SELECT * FROM t ORDER BY a LIMIT 2 FOR UPDATE")
        }
        #expect(error?.sqlState == "0A000")
        #expect(error?.message == "could not run distributed query with FOR UPDATE/SHARE commands")
        #expect(
            error?.hint
                == "Consider using an equality filter on the distributed table's partition column.")
    }

    @Test func deadlocks() throws {
        let cluster = try cluster()
        // Keys on one worker, and a key on the other worker.
        let first = try port(cluster, 1)
        let keys = Array(1...20)
        let same = try keys.dropFirst().first { try port(cluster, $0) == first }
        let other = try keys.first { try port(cluster, $0) != first }
        guard let same, let other else {
            Issue.record("no keys spread over both workers")
            return
        }

        // One worker sees the whole cycle: PostgreSQL's error, relayed.
        let s1 = cluster.coordinator.connect()
        let s2 = cluster.coordinator.connect()
        try s1.execute("BEGIN; UPDATE t SET b = 1 WHERE a = 1")
        try s2.execute("BEGIN; UPDATE t SET b = 2 WHERE a = \(same)")
        let blocked = Pending(s1, "UPDATE t SET b = 1 WHERE a = \(same)")
        #expect(blocked.wait(0.2) == nil)
        let local = #expect(throws: SQLError.self) {
            try s2.execute("UPDATE t SET b = 2 WHERE a = 1")
        }
        #expect(local?.sqlState == "40P01")
        #expect(local?.message == "deadlock detected")
        #expect(
            local?.context?.hasSuffix("while executing command on localhost:\(first ?? 0)") == true)
        guard case .success? = blocked.wait(10) else {
            Issue.record("the first session stayed blocked")
            return
        }
        try s2.execute("ROLLBACK")
        try s1.execute("COMMIT")

        // Two workers each see half of it: Citus' error.
        try s1.execute("BEGIN; UPDATE t SET b = 3 WHERE a = 1")
        try s2.execute("BEGIN; UPDATE t SET b = 4 WHERE a = \(other)")
        let waiting = Pending(s1, "UPDATE t SET b = 3 WHERE a = \(other)")
        #expect(waiting.wait(0.2) == nil)
        let distributed = #expect(throws: SQLError.self) {
            try s2.execute("UPDATE t SET b = 4 WHERE a = 1")
        }
        #expect(distributed?.sqlState == "40P01")
        #expect(
            distributed?.message
                == "canceling the transaction since it was involved in a distributed deadlock")
        #expect(distributed?.context == nil)
        guard case .success? = waiting.wait(10) else {
            Issue.record("the first session stayed blocked")
            return
        }
        try s2.execute("ROLLBACK")
        try s1.execute("COMMIT")
        let rows = try cluster.coordinator.execute(
            "SELECT b FROM t WHERE a IN (1, \(other)) ORDER BY a = 1 DESC")
        #expect(rows.int(0, 0) == 3)
        #expect(rows.int(1, 0) == 3)
    }
}
