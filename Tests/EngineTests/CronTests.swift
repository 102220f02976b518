// pg_cron 1.4 on the virtual clock. The messages and job_run_details
// values expected here were measured on PostgreSQL 15.18 with Debian's
// postgresql-15-cron 1.4.2 (shared_preload_libraries = 'pg_cron'), which
// the golden recorder's throwaway server does not preload.
import Testing

@testable import Engine

@Suite("pg_cron")
struct CronTests {
    /// 2026-12-03 18:00:30 UTC.
    static let start: Int64 = 849_636_030_000_000

    private func node() throws -> Database {
        let db = Database(engine: Engine(clock: VirtualClock(start: Self.start)))
        try db.execute("CREATE EXTENSION pg_cron")
        return db
    }

    @Test func schedulesPgCronRejects() {
        for text in ["5 seconds", "* * * *", "61 * * * *", "@every", "0 0 L * *", "$ 0 * * *"] {
            #expect(throws: SQLError(SQLState.invalidParameterValue, "invalid schedule: \(text)"))
            {
                try CronSchedule(text)
            }
        }
    }

    @Test func fieldsRangesStepsAndNames() throws {
        let schedule = try CronSchedule("*/15 1-5,7 * jan mon-fri")
        func at(_ text: String) throws -> Int64 {
            try DateTime.parse(text, as: .timestamptz, now: 0)
        }
        #expect(schedule.fires(at: try at("2027-01-04 07:45:00+00")))  // a Monday
        #expect(!schedule.fires(at: try at("2027-01-04 07:50:00+00")))
        #expect(!schedule.fires(at: try at("2027-01-04 06:00:00+00")))
        #expect(!schedule.fires(at: try at("2027-01-03 07:45:00+00")))  // a Sunday
        #expect(!schedule.fires(at: try at("2026-12-07 07:45:00+00")))  // December
        let daily = try CronSchedule("@daily")
        #expect(daily.fires(at: try at("2026-12-04 00:00:00+00")))
        #expect(!daily.fires(at: try at("2026-12-04 00:01:00+00")))
        // Both day fields restricted: either one matching is enough.
        let either = try CronSchedule("0 0 13 * 5")
        #expect(either.fires(at: try at("2026-12-04 00:00:00+00")))  // Friday the 4th
        #expect(either.fires(at: try at("2026-12-13 00:00:00+00")))  // Sunday the 13th
        #expect(!either.fires(at: try at("2026-12-05 00:00:00+00")))
    }

    @Test func functionsAndTheirErrors() throws {
        let db = try node()
        #expect(try db.execute("SELECT cron.schedule('@daily', 'SELECT 1')").rows == [[.int8(1)]])
        #expect(
            try db.execute("SELECT cron.schedule('myjob', '0 3 * * *', 'SELECT 2')").rows
                == [[.int8(2)]])
        // Scheduling a name again replaces the job; an id is drawn anyway.
        #expect(
            try db.execute("SELECT cron.schedule('myjob', '0 4 * * *', 'SELECT 3')").rows
                == [[.int8(2)]])
        #expect(try db.execute("SELECT cron.schedule('@hourly', 'SELECT 1')").rows == [[.int8(4)]])
        #expect(throws: SQLError(SQLState.internalError, "job_name can not be NULL")) {
            try db.execute("SELECT cron.schedule(NULL, '0 4 * * *', 'SELECT 3')")
        }
        #expect(throws: SQLError(SQLState.internalError, "could not find valid entry for job 99")) {
            try db.execute("SELECT cron.unschedule(99)")
        }
        #expect(
            throws: SQLError(SQLState.internalError, "could not find valid entry for job 'nosuch'")
        ) {
            try db.execute("SELECT cron.unschedule('nosuch')")
        }
        #expect(
            throws: SQLError(SQLState.internalError, "Job 99 does not exist or you don't own it")
        ) {
            try db.execute("SELECT cron.alter_job(99, schedule := '@weekly')")
        }
        try db.execute("SELECT cron.alter_job(1, active := false, command := 'SELECT 9')")
        try db.execute("SELECT cron.unschedule('myjob')")
        let jobs = try db.execute(
            "SELECT jobid, schedule, command, active FROM cron.job ORDER BY 1")
        #expect(
            jobs.rows == [
                [.int8(1), .text("@daily"), .text("SELECT 9"), .bool(false)],
                [.int8(4), .text("@hourly"), .text("SELECT 1"), .bool(true)],
            ])
    }

    @Test func jobsRunAtTheirMinuteAndRecordTheirOutcome() throws {
        let db = try node()
        try db.execute(
            """
            CREATE TABLE t (a int);
            SELECT cron.schedule('* * * * *', $$INSERT INTO t VALUES (1), (2)$$);
            SELECT cron.schedule('* * * * *', $$SELECT a FROM t; SELECT 1/0$$);
            SELECT cron.schedule('*/2 * * * *', $$BEGIN; INSERT INTO t VALUES (5); COMMIT;$$);
            SELECT cron.schedule('* * * * *', $$SELECT 1 WHERE false$$);
            SELECT cron.schedule('* * * * *', $$UPDATE t SET a = a$$);
            """)
        // 18:00:30 + 90 s: the jobs run at 18:01 and 18:02.
        try db.execute("SELECT pg_sleep(90)")
        let runs = try db.execute(
            """
            SELECT jobid, runid, status, return_message, start_time::text
            FROM cron.job_run_details ORDER BY runid
            """)
        let at1 = Value.text("2026-12-03 18:01:00+00")
        let at2 = Value.text("2026-12-03 18:02:00+00")
        #expect(
            runs.rows == [
                [.int8(1), .int8(1), .text("succeeded"), .text("INSERT 0 2"), at1],
                [.int8(2), .int8(2), .text("failed"), .text("ERROR:  division by zero\n"), at1],
                [.int8(4), .int8(3), .text("succeeded"), .text("0 rows"), at1],
                [.int8(5), .int8(4), .text("succeeded"), .text("UPDATE 2"), at1],
                [.int8(1), .int8(5), .text("succeeded"), .text("INSERT 0 2"), at2],
                [.int8(2), .int8(6), .text("failed"), .text("ERROR:  division by zero\n"), at2],
                [.int8(3), .int8(7), .text("succeeded"), .text("COMMIT"), at2],
                [.int8(4), .int8(8), .text("succeeded"), .text("0 rows"), at2],
                [.int8(5), .int8(9), .text("succeeded"), .text("UPDATE 5"), at2],
            ])
    }
}

extension CronTests {
    @Test func aFailedJobsMessageHasLibpqsPositionLines() throws {
        let db = try node()
        try db.execute("SELECT cron.schedule('* * * * *', $$SELECT * FROM nosuch$$)")
        try db.execute("SELECT pg_sleep(30)")
        let run = try db.execute("SELECT status, return_message FROM cron.job_run_details")
        #expect(
            run.rows == [
                [
                    .text("failed"),
                    .text(
                        "ERROR:  relation \"nosuch\" does not exist\n"
                            + "LINE 1: SELECT * FROM nosuch\n"
                            + "                      ^\n"),
                ]
            ])
    }
}

@Suite("background sessions on the virtual clock")
struct BackgroundSessionTests {
    static let loop = """
        DO $$ BEGIN LOOP
            INSERT INTO t VALUES (clock_timestamp()); COMMIT; PERFORM pg_sleep(1);
        END LOOP; END $$
        """

    private func node() throws -> Database {
        let db = Database(engine: Engine(clock: VirtualClock(start: CronTests.start)))
        try db.execute("CREATE TABLE t (at timestamptz)")
        return db
    }

    @Test func aBackgroundLoopRunsOnlyWhileTheClockMoves() throws {
        let db = try node()
        let job = try db.startBackground(Self.loop, applicationName: "loop")
        #expect(try db.execute("SELECT count(*) FROM t").rows == [[.int8(0)]])
        // Due at 18:00:30, then every second up to and including 18:00:40.
        try db.execute("SELECT citus_sim.advance('10 seconds')")
        let seen = try db.execute("SELECT count(*), min(at)::text, max(at)::text FROM t")
        #expect(
            seen.rows == [
                [.int8(11), .text("2026-12-03 18:00:30+00"), .text("2026-12-03 18:00:40+00")]
            ])
        #expect(job.status == .running)
        let activity = try db.execute(
            "SELECT pg_cancel_backend(\(job.session.backendID))")
        #expect(activity.rows == [[.bool(true)]])
        try db.execute("SELECT pg_sleep(0)")
        guard case .failed(let error) = job.status else {
            Issue.record("the job still runs")
            return
        }
        #expect(error.sqlState == SQLState.queryCanceled)
        #expect(error.message == "canceling statement due to user request")
        try db.execute("SELECT citus_sim.advance('10 seconds')")
        #expect(try db.execute("SELECT count(*) FROM t").rows == [[.int8(11)]])
    }

    @Test func terminatingEndsTheSession() throws {
        let db = try node()
        let job = try db.startBackground(Self.loop)
        try db.execute("SELECT citus_sim.advance('2 seconds')")
        try db.execute("SELECT pg_terminate_backend(\(job.session.backendID))")
        try db.execute("SELECT pg_sleep(0)")
        guard case .failed(let error) = job.status else {
            Issue.record("the job still runs")
            return
        }
        #expect(error.sqlState == SQLState.adminShutdown)
        #expect(throws: SQLError.self) { try job.session.execute("SELECT 1") }
    }

    @Test func signallingAnUnknownPidWarns() throws {
        let db = try node()
        #expect(try db.execute("SELECT pg_cancel_backend(1)").rows == [[.bool(false)]])
    }

    @Test func theRealClockRefusesToMove() throws {
        let db = try Database()
        #expect(throws: SQLError.self) { try db.execute("SELECT citus_sim.advance('1 minute')") }
    }
}
