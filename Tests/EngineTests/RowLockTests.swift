// READ COMMITTED between concurrent sessions: writers of one row wait for
// each other, re-check the newest version (EvalPlanQual), go on with the
// original after a rollback, and a wait cycle fails with 40P01. Each test
// drives two or three sessions of one node from threads of their own.
//
// Measured on PostgreSQL 15.18 with two psql sessions (background psql
// processes coordinated by pg_sleep), table t(id int primary key, v int)
// holding (1,10),(2,20):
// - S1 `BEGIN; UPDATE t SET v = v + 10 WHERE id = 1`; S2 `UPDATE t SET v =
//   v * 2 WHERE id = 1 AND v < 15 RETURNING *` waits, and after S1's
//   COMMIT reports `UPDATE 0` (v is 20 now); with `v < 25` it doubles 20.
//   An UPDATE of a row S1 deleted reports `UPDATE 0` after the commit.
// - S1 updates row 1, S2 row 2, S1 then waits for row 2 and S2, more than
//   deadlock_timeout later, for row 1: S2 fails with
//     ERROR:  40P01: deadlock detected
//     DETAIL:  Process 17761 waits for ShareLock on transaction 727; blocked by process 17760.
//     Process 17760 waits for ShareLock on transaction 726; blocked by process 17761.
//     HINT:  See server log for query details.
//     CONTEXT:  while updating tuple (0,1) in relation "t"
//   and S1's UPDATE completes. When S2 closes the cycle within
//   deadlock_timeout of S1's wait, S1's check runs first and S1 fails
//   instead (`while updating tuple (0,2)`); the simulator detects the
//   cycle when it closes, as in the first case.
// - lock_timeout = '100ms' while S1 holds the rows: `canceling statement
//   due to lock timeout` (55P03) with CONTEXT `while deleting tuple (0,1)
//   in relation "t"`, `while locking tuple (0,1) ...` for FOR UPDATE and
//   FOR SHARE (FOR KEY SHARE does not wait for S1's UPDATE of a non-key
//   column), `while updating tuple (0,2) ...` for a row S1 holds FOR
//   SHARE (which another FOR SHARE does not wait for), `while inserting
//   index tuple (0,5) in relation "t_pkey"` for a plain INSERT of a key S1
//   inserted (the new tuple's place, the index's name) and `while
//   inserting index tuple (0,4) in relation "t"` for INSERT .. ON
//   CONFLICT (the conflicting tuple, the table's name);
//   statement_timeout: `canceling statement due to statement timeout`
//   (57014) with the same CONTEXT. FOR UPDATE NOWAIT: `could not obtain
//   lock on row in relation "t"` (55P03); SKIP LOCKED returns no row.
// - Three sessions: S1 holds row 1, S2's UPDATE of it waits for S1's
//   transaction, S3's queues behind S2 for the tuple lock (a lock_timeout
//   there has no CONTEXT line). With S3 holding row 2, S1's UPDATE of row
//   2 closes the cycle and fails with
//     DETAIL:  Process 10009 waits for ShareLock on transaction 785; blocked by process 10011.
//     Process 10011 waits for ExclusiveLock on tuple (0,1) of relation 16425 of database 5; blocked by process 10010.
//     Process 10010 waits for ShareLock on transaction 784; blocked by process 10009.
//     CONTEXT:  while updating tuple (0,2) in relation "t"
//   after which S2, then S3 update row 1 (v 110, then 1110). The
//   simulator's database oid is 16384.
// - Job queue: two sessions' `SELECT id FROM jobs WHERE NOT done ORDER BY
//   id LIMIT 1 FOR UPDATE SKIP LOCKED` get 1 and 2; `ORDER BY id DESC
//   LIMIT 1 OFFSET 1 FOR UPDATE NOWAIT` returns 4 and locks 5 as well
//   (another session's NOWAIT on 5 fails).
// - Foreign keys: while S1 deletes p's row 1, S2's INSERT into c of a
//   row referencing it waits (lock_timeout: CONTEXT `while locking tuple
//   (0,1) in relation "p"` and `SQL statement "SELECT 1 FROM ONLY
//   "public"."p" x WHERE "id" OPERATOR(pg_catalog.=) $1 FOR KEY SHARE OF
//   x"`), and fails with 23503 after S1's COMMIT; a DELETE of a row S2's
//   open transaction references waits (`while deleting tuple (0,2)`).
// - pg_stat_activity shows the first waiter with wait_event_type Lock,
//   wait_event transactionid, the second with Lock, tuple; each has one
//   pid in pg_blocking_pids.
// - INSERT .. ON CONFLICT DO NOTHING of a key whose row another
//   transaction is updating waits too (`while inserting index tuple (0,1)
//   in relation "t"`, the row's old version).
import Foundation
import Testing

@testable import Engine

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

    /// True while the statement is still running after `seconds`.
    func isBlocked(for seconds: Double = 0.15) -> Bool {
        wait(seconds) == nil
    }

    /// The statement's result; fails the test on an error or a hang.
    func result() -> QueryResult? {
        switch wait(10) {
        case .success(let r): return r
        case .failure(let e):
            Issue.record("unexpected error: \(e.message)")
            return nil
        case nil:
            Issue.record("statement still blocked")
            return nil
        }
    }

    /// The statement's error; fails the test if it succeeded or hangs.
    func error() -> SQLError? {
        switch wait(10) {
        case .failure(let e): return e
        case .success(let r):
            Issue.record("unexpected success: \(r.commandTag)")
            return nil
        case nil:
            Issue.record("statement still blocked")
            return nil
        }
    }
}

/// Errors threads ran into.
private final class ErrorLog: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [String] = []

    func add(_ error: Error) {
        lock.lock()
        list.append("\(error)")
        lock.unlock()
    }

    var messages: [String] {
        lock.lock()
        defer { lock.unlock() }
        return list
    }
}

@Suite("Row locks")
struct RowLockTests {
    /// A node with t(id int primary key, v int) = (1,10), (2,20).
    private func setUp() throws -> Database {
        let db = try Database()
        try db.execute(
            "create table t (id int primary key, v int); insert into t values (1,10),(2,20)")
        return db
    }

    private func value(_ db: Database, id: Int) throws -> Int? {
        try db.execute("select v from t where id = \(id)").int(0, 0)
    }

    @Test func updateWaitsAndRechecksTheNewestVersion() throws {
        let db = try setUp()
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin")
        try s1.execute("update t set v = v + 10 where id = 1")
        let failing = Pending(s2, "update t set v = v * 2 where id = 1 and v < 15 returning v")
        #expect(failing.isBlocked())
        try s1.execute("commit")
        #expect(failing.result()?.commandTag == "UPDATE 0")
        #expect(try value(db, id: 1) == 20)

        try s1.execute("begin")
        try s1.execute("update t set v = v + 10 where id = 1")
        let passing = Pending(s2, "update t set v = v * 2 where id = 1 and v < 35 returning v")
        #expect(passing.isBlocked())
        try s1.execute("commit")
        let result = passing.result()
        #expect(result?.commandTag == "UPDATE 1")
        #expect(result?.int(0, 0) == 60)
    }

    @Test func rollbackLetsTheWaiterUseTheOriginal() throws {
        let db = try setUp()
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin")
        try s1.execute("update t set v = 100 where id = 1")
        let waiter = Pending(s2, "update t set v = v + 1 where id = 1")
        #expect(waiter.isBlocked())
        try s1.execute("rollback")
        #expect(waiter.result()?.commandTag == "UPDATE 1")
        #expect(try value(db, id: 1) == 11)
    }

    @Test func deletedRowIsSkipped() throws {
        let db = try setUp()
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin")
        try s1.execute("delete from t where id = 2")
        let update = Pending(s2, "update t set v = 0 where id = 2")
        #expect(update.isBlocked())
        try s1.execute("commit")
        #expect(update.result()?.commandTag == "UPDATE 0")
        #expect(try db.execute("select count(*) from t").int(0, 0) == 1)
    }

    @Test func rollbackToSavepointReleasesTheRow() throws {
        let db = try setUp()
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin; savepoint a; update t set v = 0 where id = 1")
        let waiter = Pending(s2, "update t set v = v + 5 where id = 1")
        #expect(waiter.isBlocked())
        try s1.execute("rollback to a")
        #expect(waiter.result()?.commandTag == "UPDATE 1")
        try s1.execute("commit")
        #expect(try value(db, id: 1) == 15)
    }

    @Test func deadlockFailsTheSessionThatClosesTheCycle() throws {
        let db = try setUp()
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin; update t set v = v + 1 where id = 1")
        try s2.execute("begin; update t set v = v + 100 where id = 2")
        let first = Pending(s1, "update t set v = v + 1 where id = 2")
        #expect(first.isBlocked())
        let error = #expect(throws: SQLError.self) {
            try s2.execute("update t set v = v + 100 where id = 1")
        }
        #expect(error?.sqlState == "40P01")
        #expect(error?.message == "deadlock detected")
        #expect(error?.hint == "See server log for query details.")
        #expect(error?.context == "while updating tuple (0,1) in relation \"t\"")
        let p1 = s1.backendID
        let p2 = s2.backendID
        let lines = error?.detail?.split(separator: "\n").map(String.init) ?? []
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("Process \(p2) waits for ShareLock on transaction ") == true)
        #expect(lines.first?.hasSuffix("; blocked by process \(p1).") == true)
        #expect(lines.last?.hasPrefix("Process \(p1) waits for ShareLock on transaction ") == true)
        #expect(lines.last?.hasSuffix("; blocked by process \(p2).") == true)
        // The failed transaction let go of its rows at once, before ROLLBACK.
        #expect(first.result()?.commandTag == "UPDATE 1")
        #expect(s2.transactionStatus == .failed)
        try s2.execute("rollback")
        try s1.execute("commit")
        #expect(try value(db, id: 1) == 11)
        #expect(try value(db, id: 2) == 21)
    }

    @Test func threeSessionCycle() throws {
        let db = try Database()
        try db.execute(
            "create table t (id int primary key, v int); insert into t values (1,0),(2,0),(3,0)")
        let s = [db.connect(), db.connect(), db.connect()]
        for (i, session) in s.enumerated() {
            try session.execute("begin; update t set v = 1 where id = \(i + 1)")
        }
        let a = Pending(s[0], "update t set v = 2 where id = 2")
        #expect(a.isBlocked())
        let b = Pending(s[1], "update t set v = 2 where id = 3")
        #expect(b.isBlocked())
        let error = #expect(throws: SQLError.self) {
            try s[2].execute("update t set v = 2 where id = 1")
        }
        #expect(error?.sqlState == "40P01")
        #expect(error?.detail?.split(separator: "\n").count == 3)
        #expect(b.result()?.commandTag == "UPDATE 1")
        try s[1].execute("commit")
        #expect(a.result()?.commandTag == "UPDATE 1")
        try s[0].execute("commit")
        try s[2].execute("rollback")
        #expect(
            try db.execute("select string_agg(v::text, ',' order by id) from t").text(
                row: 0, column: 0) == "1,2,2")
    }

    /// Waiters of one row go on in arrival order: the first waits for the
    /// transaction holding the tuple lock, later ones queue for that lock
    /// (and a lock_timeout there carries no CONTEXT, as measured).
    @Test func waitersQueueInArrivalOrder() throws {
        let db = try setUp()
        let s = [db.connect(), db.connect(), db.connect(), db.connect()]
        try s[0].execute("begin; update t set v = v + 1 where id = 1")
        let second = Pending(s[1], "update t set v = v * 10 where id = 1 returning v")
        #expect(second.isBlocked())
        let third = Pending(s[2], "update t set v = v + 1000 where id = 1 returning v")
        #expect(third.isBlocked())
        // As PostgreSQL shows them: Lock/transactionid, then Lock/tuple.
        let activity = try s[3].execute(
            """
            select wait_event_type, wait_event, pg_blocking_pids(pid)::text
            from pg_stat_activity where pid in (\(s[1].backendID), \(s[2].backendID))
            order by pid
            """)
        let waits = activity.rows.indices.map { row in
            (0..<3).map { activity.text(row: row, column: $0) ?? "" }.joined(separator: "|")
        }
        #expect(
            waits == [
                "Lock|transactionid|{\(s[0].backendID)}", "Lock|tuple|{\(s[1].backendID)}",
            ])
        try s[3].execute("set lock_timeout = '50ms'")
        let timeout = #expect(throws: SQLError.self) {
            try s[3].execute("update t set v = 0 where id = 1")
        }
        #expect(timeout?.message == "canceling statement due to lock timeout")
        #expect(timeout?.context == nil)
        try s[0].execute("commit")
        #expect(second.result()?.int(0, 0) == 110)
        #expect(third.result()?.int(0, 0) == 1110)
    }

    /// A cycle through a tuple lock, as measured on PostgreSQL: S2 waits
    /// for S1's row holding its tuple lock, S3 queues for that lock, S1
    /// waits for S3's row.
    @Test func deadlockThroughATupleLock() throws {
        let db = try setUp()
        let oid = try db.execute("select 't'::regclass::oid").int(0, 0) ?? 0
        let s = [db.connect(), db.connect(), db.connect()]
        try s[0].execute("begin; update t set v = v + 1 where id = 1")
        let second = Pending(s[1], "update t set v = v + 100 where id = 1 returning v")
        #expect(second.isBlocked())
        try s[2].execute("begin; update t set v = v + 1000 where id = 2")
        let third = Pending(s[2], "update t set v = v + 1000 where id = 1 returning v")
        #expect(third.isBlocked())
        let error = #expect(throws: SQLError.self) {
            try s[0].execute("update t set v = v + 1 where id = 2")
        }
        #expect(error?.sqlState == "40P01")
        #expect(error?.context == "while updating tuple (0,2) in relation \"t\"")
        let (p1, p2, p3) = (s[0].backendID, s[1].backendID, s[2].backendID)
        let lines = error?.detail?.split(separator: "\n").map(String.init) ?? []
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix("Process \(p1) waits for ShareLock on transaction ") == true)
        #expect(lines.first?.hasSuffix("; blocked by process \(p3).") == true)
        #expect(
            lines.dropFirst().first
                == "Process \(p3) waits for ExclusiveLock on tuple (0,1) of relation \(oid) of database 16384; blocked by process \(p2)."
        )
        #expect(lines.last?.hasPrefix("Process \(p2) waits for ShareLock on transaction ") == true)
        #expect(lines.last?.hasSuffix("; blocked by process \(p1).") == true)
        #expect(second.result()?.int(0, 0) == 110)
        #expect(third.result()?.int(0, 0) == 1110)
        try s[2].execute("commit")
        try s[0].execute("rollback")
    }

    @Test func selectForUpdateAndShare() throws {
        let db = try setUp()
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin; select * from t where id = 1 for share")
        // FOR SHARE does not conflict with FOR SHARE or FOR KEY SHARE.
        #expect(try s2.execute("select v from t where id = 1 for share").int(0, 0) == 10)
        #expect(try s2.execute("select v from t where id = 1 for key share").int(0, 0) == 10)
        let noWait = #expect(throws: SQLError.self) {
            try s2.execute("select * from t where id = 1 for update nowait")
        }
        #expect(noWait?.sqlState == "55P03")
        #expect(noWait?.message == "could not obtain lock on row in relation \"t\"")
        #expect(try s2.execute("select id from t for update skip locked").int(0, 0) == 2)
        let update = Pending(s2, "update t set v = v + 1 where id = 1 returning v")
        #expect(update.isBlocked())
        try s1.execute("commit")
        #expect(update.result()?.int(0, 0) == 11)

        // A locking SELECT waits for a writer and returns the newest version.
        try s1.execute("begin; update t set v = 50 where id = 1")
        let locking = Pending(s2, "select id, v from t where v >= 11 order by id for update")
        #expect(locking.isBlocked())
        try s1.execute("commit")
        let rows = locking.result()
        #expect(rows?.rows.count == 2)
        #expect(rows?.int(0, 1) == 50)
    }

    /// The job queue pattern: with LIMIT only the rows the limit lets
    /// through are locked, in ORDER BY order, so SKIP LOCKED hands each
    /// worker the next free job.
    @Test func limitLocksOnlyTheRowsItReturns() throws {
        let db = try Database()
        try db.execute(
            "create table jobs (id int primary key, done bool); "
                + "insert into jobs select g, false from generate_series(1, 5) g")
        let workers = [db.connect(), db.connect(), db.connect()]
        let claim = "select id from jobs where not done order by id limit 1 for update skip locked"
        var claimed: [Int?] = []
        for worker in workers {
            try worker.execute("begin")
            claimed.append(try worker.execute(claim).int(0, 0))
        }
        #expect(claimed == [1, 2, 3])
        // OFFSET's rows are locked too, as measured on PostgreSQL.
        let second = try workers[0].execute(
            "select id from jobs order by id desc limit 1 offset 1 for update nowait")
        #expect(second.int(0, 0) == 4)
        let offsetRow = #expect(throws: SQLError.self) {
            try workers[1].execute("select id from jobs where id = 5 for update nowait")
        }
        #expect(offsetRow?.sqlState == "55P03")
        try workers[1].execute("rollback")
        for worker in workers { try worker.execute("commit") }
    }

    /// A foreign key check locks the referenced row FOR KEY SHARE, as
    /// RI_FKey_check does: it waits for a transaction deleting the row,
    /// and a DELETE of a referenced row waits for the inserting one.
    @Test func foreignKeyChecksLockTheReferencedRow() throws {
        let db = try Database()
        try db.execute(
            "create table p (id int primary key, v int); "
                + "create table c (id int, pid int references p (id)); "
                + "insert into p values (1, 1), (2, 2)")
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin; delete from p where id = 1")
        try s2.execute("set lock_timeout = '50ms'")
        let timeout = #expect(throws: SQLError.self) {
            try s2.execute("insert into c values (1, 1)")
        }
        #expect(
            timeout?.context == """
                while locking tuple (0,1) in relation "p"
                SQL statement "SELECT 1 FROM ONLY "public"."p" x WHERE "id" OPERATOR(pg_catalog.=) $1 FOR KEY SHARE OF x"
                """)
        try s2.execute("set lock_timeout = 0")
        let insert = Pending(s2, "insert into c values (2, 1)")
        #expect(insert.isBlocked())
        try s1.execute("commit")
        #expect(insert.error()?.sqlState == "23503")

        try s2.execute("begin; insert into c values (3, 2)")
        try s1.execute("set lock_timeout = '50ms'")
        let delete = #expect(throws: SQLError.self) {
            try s1.execute("delete from p where id = 2")
        }
        #expect(delete?.context == "while deleting tuple (0,2) in relation \"p\"")
        #expect(try s1.execute("update p set v = 20 where id = 2").commandTag == "UPDATE 1")
        try s2.execute("commit")
    }

    @Test func keyShareDoesNotBlockNonKeyUpdates() throws {
        let db = try setUp()
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin; select * from t where id = 1 for key share")
        #expect(try s2.execute("update t set v = 0 where id = 1").commandTag == "UPDATE 1")
        let keyUpdate = Pending(s2, "update t set id = 10 where id = 1")
        #expect(keyUpdate.isBlocked())
        try s1.execute("commit")
        #expect(keyUpdate.result()?.commandTag == "UPDATE 1")
    }

    @Test func lockingSelectErrors() throws {
        let db = try setUp()
        let cases: [(String, String)] = [
            (
                "select count(*) from t for update",
                "FOR UPDATE is not allowed with aggregate functions"
            ),
            (
                "select distinct v from t for update",
                "FOR UPDATE is not allowed with DISTINCT clause"
            ),
            (
                "select v from t group by v for share",
                "FOR SHARE is not allowed with GROUP BY clause"
            ),
            (
                "select * from t union select * from t for update",
                "FOR UPDATE is not allowed with UNION/INTERSECT/EXCEPT"
            ),
            (
                "select * from t for update of x",
                "relation \"x\" in FOR UPDATE clause not found in FROM clause"
            ),
        ]
        for (sql, message) in cases {
            let error = #expect(throws: SQLError.self) { try db.execute(sql) }
            #expect(error?.message == message)
        }
        #expect(try db.execute("select 1 for update").int(0, 0) == 1)
    }

    @Test func uniqueInsertWaitsForTheInserter() throws {
        let db = try setUp()
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin; insert into t values (3, 30)")
        let duplicate = Pending(s2, "insert into t values (3, 0)")
        #expect(duplicate.isBlocked())
        try s1.execute("commit")
        #expect(duplicate.error()?.sqlState == "23505")

        try s1.execute("begin; insert into t values (4, 40)")
        let retried = Pending(s2, "insert into t values (4, 0)")
        #expect(retried.isBlocked())
        try s1.execute("rollback")
        #expect(retried.result()?.commandTag == "INSERT 0 1")

        try s1.execute("begin; insert into t values (5, 50)")
        let upsert = Pending(
            s2, "insert into t values (5, 1) on conflict (id) do update set v = t.v + excluded.v")
        #expect(upsert.isBlocked())
        try s1.execute("commit")
        #expect(upsert.result()?.commandTag == "INSERT 0 1")
        #expect(try value(db, id: 5) == 51)

        try s1.execute("begin; update t set v = 0 where id = 5")
        // The key's row being updated makes even DO NOTHING wait.
        let nothing = Pending(s2, "insert into t values (5, 1) on conflict do nothing")
        #expect(nothing.isBlocked())
        try s1.execute("commit")
        #expect(nothing.result()?.commandTag == "INSERT 0 0")
        try s1.execute("begin; select * from t where id = 5 for update")
        let locked = Pending(
            s2, "insert into t values (5, 1) on conflict (id) do update set v = excluded.v")
        #expect(locked.isBlocked())
        try s1.execute("commit")
        #expect(locked.result()?.commandTag == "INSERT 0 1")
        #expect(try value(db, id: 5) == 1)
    }

    @Test func timeoutsWhileWaiting() throws {
        let db = try setUp()
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin; update t set v = 0 where id = 1; insert into t values (3, 3)")
        try s2.execute("set lock_timeout = '50ms'")
        let cases: [(String, String)] = [
            ("delete from t where id = 1", "while deleting tuple (0,1) in relation \"t\""),
            (
                "select * from t where id = 1 for update",
                "while locking tuple (0,1) in relation \"t\""
            ),
            (
                "insert into t values (3, 0)",
                "while inserting index tuple (0,5) in relation \"t_pkey\""
            ),
            (
                "insert into t values (3, 0) on conflict (id) do nothing",
                "while inserting index tuple (0,4) in relation \"t\""
            ),
        ]
        for (sql, context) in cases {
            let error = #expect(throws: SQLError.self) { try s2.execute(sql) }
            #expect(error?.sqlState == "55P03")
            #expect(error?.message == "canceling statement due to lock timeout")
            #expect(error?.context == context)
        }
        try s2.execute("set lock_timeout = 0; set statement_timeout = '50ms'")
        let error = #expect(throws: SQLError.self) {
            try s2.execute("update t set v = 5 where id = 1")
        }
        #expect(error?.sqlState == "57014")
        #expect(error?.message == "canceling statement due to statement timeout")
        #expect(error?.context == "while updating tuple (0,1) in relation \"t\"")
        try s1.execute("commit")
    }

    @Test func cancelWhileWaiting() throws {
        let db = try setUp()
        let s1 = db.connect()
        let s2 = db.connect()
        try s1.execute("begin; update t set v = 0 where id = 1")
        let waiter = Pending(s2, "update t set v = 1 where id = 1")
        #expect(waiter.isBlocked())
        s2.cancel()
        let error = waiter.error()
        #expect(error?.message == "canceling statement due to user request")
        #expect(error?.context == "while updating tuple (0,1) in relation \"t\"")
        try s1.execute("commit")
    }

    /// On the virtual clock a background session waiting for the
    /// driver's row pauses the clock's turn instead of holding it, and a
    /// driver waiting for a background session's row moves the clock
    /// until that session commits.
    @Test func waitsOnTheVirtualClock() throws {
        let db = Database(engine: Engine(clock: try stoppedClock("2026-12-03 18:00:00")))
        try db.execute("create table t (id int primary key, v int); insert into t values (1, 0)")
        let driver = db.connect()
        try driver.execute("begin; update t set v = 10 where id = 1")
        try driver.execute(
            "select citus_sim.start_background('update t set v = v + 1 where id = 1')")
        try driver.execute("select pg_sleep(1)")
        #expect(try db.execute("select v from t").int(0, 0) == 0)
        try driver.execute("commit; select pg_sleep(1)")
        #expect(try db.execute("select v from t").int(0, 0) == 11)

        try driver.execute(
            "select citus_sim.start_background($$begin; update t set v = 0 where id = 1; "
                + "select pg_sleep(5); commit$$)")
        try driver.execute("select pg_sleep(0.5)")
        let result = try driver.execute(
            "update t set v = v + 100 where id = 1 returning v, clock_timestamp()::text")
        #expect(result.int(0, 0) == 100)
        #expect(result.text(row: 0, column: 1) == "2026-12-03 18:00:07+00")
    }

    @Test func concurrentIncrementsLoseNothing() throws {
        let db = try Database()
        try db.execute(
            "create table counter (id int primary key, n int); insert into counter values (1, 0)")
        let sessions = (0..<8).map { _ in db.connect() }
        let group = DispatchGroup()
        let errors = ErrorLog()
        for session in sessions {
            group.enter()
            let thread = Thread {
                for _ in 0..<1000 {
                    do {
                        try session.execute(
                            "begin; update counter set n = n + 1 where id = 1; commit")
                    } catch {
                        errors.add(error)
                    }
                }
                group.leave()
            }
            thread.stackSize = 16 << 20
            thread.start()
        }
        group.wait()
        #expect(errors.messages.isEmpty)
        #expect(try db.execute("select n from counter").int(0, 0) == 8000)
        #expect(try db.execute("select count(*) from counter").int(0, 0) == 1)
    }
}
