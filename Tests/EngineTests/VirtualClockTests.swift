// Background sessions on the virtual clock: they run one at a time in
// wake-up order as the foreground session's pg_sleep (or
// citus_sim.advance) moves the clock, and the driver's own checks
// (statement_timeout) stop the clock where they fail, whether a task
// handed the turn back at each pause or went on by itself.
import Foundation
import Testing

@testable import Engine

@Suite("virtual clock")
struct VirtualClockTests {
    /// A node whose clock reads 2026-12-03 18:00 UTC and moves only when
    /// told to, with a table of events.
    private func node() throws -> Database {
        let db = Database(engine: Engine(clock: try stoppedClock("2026-12-03 18:00:00")))
        try db.execute("CREATE TABLE ev (job text, at timestamptz)")
        return db
    }

    /// Starts a background loop recording `job` every `interval` seconds.
    private func startLoop(_ db: Database, _ job: String, every interval: String) throws {
        try db.execute(
            "SELECT citus_sim.start_background($j$DO $$ BEGIN LOOP "
                + "INSERT INTO ev VALUES ('\(job)', clock_timestamp()); COMMIT; "
                + "PERFORM pg_sleep(\(interval)); END LOOP; END $$$j$)")
    }

    /// Per job: its count and latest time, as `job|count|max`.
    private func summary(_ db: Database) throws -> [String] {
        let result = try db.execute(
            "SELECT job, count(*), max(at) FROM ev GROUP BY job ORDER BY job")
        return (0..<result.rows.count).map { row in
            (0..<3).map { result.text(row: row, column: $0) ?? "" }.joined(separator: "|")
        }
    }

    @Test func loopsRunInWakeUpOrderUpToTheEnd() throws {
        let db = try node()
        try startLoop(db, "a", every: "1")
        try startLoop(db, "b", every: "0.7")
        try db.execute("SELECT pg_sleep(10)")
        // a at 0, 1, .., 10 (a wake-up at the end runs); b at 0, 0.7, .., 9.8.
        #expect(
            try summary(db) == [
                "a|11|2026-12-03 18:00:10+00", "b|15|2026-12-03 18:00:09.8+00",
            ])
        try db.execute("SELECT citus_sim.advance('2 seconds')")
        #expect(
            try summary(db) == [
                "a|13|2026-12-03 18:00:12+00", "b|18|2026-12-03 18:00:11.9+00",
            ])
    }

    /// One loop alone never waits for another's turn; the driver's
    /// statement_timeout still stops it where handing the turn back and
    /// forth would: the check between tasks reads the clock where the
    /// last task left it (0.9 s passes, 1.2 s fails after its task ran).
    @Test func aLoneLoopStopsAtTheDriversTimeout() throws {
        let db = try node()
        try startLoop(db, "a", every: "0.3")
        let session = db.defaultSession
        try session.execute("SET statement_timeout = '1000ms'")
        #expect(throws: SQLError.self) { try session.execute("SELECT pg_sleep(100)") }
        try session.execute("RESET statement_timeout")
        #expect(try summary(db) == ["a|5|2026-12-03 18:00:01.2+00"])
        try session.execute("SELECT pg_sleep(0.95)")
        #expect(try summary(db) == ["a|8|2026-12-03 18:00:02.1+00"])
        let now = try db.execute("SELECT citus_sim.now()")
        #expect(now.text(row: 0, column: 0) == "2026-12-03 18:00:02.15+00")
    }
}
