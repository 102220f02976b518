// pg_cron's scheduler: it wakes at the start of every minute on the
// node's clock, reads cron.job, and runs each active job whose schedule
// fires then, one after another in jobid order, each in a session of its
// own. A job's outcome goes to cron.job_run_details, never to a user's
// screen: the rows a SELECT returned ("1 row"), a command's tag
// ("INSERT 0 5"), or the error that stopped it. On a virtual clock the
// scheduler is one of the clock's background tasks, so jobs run exactly
// at their minute and in the same order every time.
import Foundation

/// The scheduler of one node.
final class CronScheduler {
    private weak var engine: Engine?
    private unowned let library: CronLibrary
    private let waker = ClockWaker()

    private init(engine: Engine, library: CronLibrary) {
        self.engine = engine
        self.library = library
    }

    /// Starts the scheduler of `engine` in the background.
    static func start(engine: Engine, library: CronLibrary) -> CronScheduler {
        let scheduler = CronScheduler(engine: engine, library: library)
        engine.clock.startBackground(named: "pg_cron scheduler") { scheduler.run() }
        return scheduler
    }

    private struct Stopped: Error {}

    /// Minute after minute until the node goes away (or, on a virtual
    /// clock, is shut down).
    private func run() {
        guard let clock = engine?.clock else { return }
        var minute = clock.now() / 60_000_000 * 60_000_000
        while true {
            let next = minute + 60_000_000
            do {
                try clock.pause(until: next, waker: waker) {
                    if self.engine == nil { throw Stopped() }
                }
            } catch {
                return
            }
            minute = next
            guard let engine else { return }
            runJobs(due: minute, on: engine)
        }
    }

    private struct Job {
        var id: Int64
        var schedule: String
        var command: String
        var database: String
        var user: String
    }

    /// Runs every active job whose schedule fires at `minute`.
    private func runJobs(due minute: Int64, on engine: Engine) {
        let session = Session(engine: engine, user: "postgres", database: "citus")
        guard let jobs = try? activeJobs(session) else { return }
        for job in jobs {
            guard let schedule = try? CronSchedule(job.schedule), schedule.fires(at: minute)
            else { continue }
            run(job, session: session, engine: engine)
        }
    }

    private func activeJobs(_ session: Session) throws -> [Job] {
        let result = try session.execute(
            """
            SELECT jobid, schedule, command, database, username FROM cron.job
            WHERE active ORDER BY jobid
            """)
        return result.rows.compactMap { row in
            guard case .int8(let id) = row[0], case .text(let schedule) = row[1],
                case .text(let command) = row[2], case .text(let database) = row[3],
                case .text(let user) = row[4]
            else { return nil }
            return Job(id: id, schedule: schedule, command: command, database: database, user: user)
        }
    }

    /// Runs `job` in a new session, recording its run as pg_cron does.
    private func run(_ job: Job, session: Session, engine: Engine) {
        let runID = library.nextRunID()
        let jobSession = Session(engine: engine, user: job.user, database: job.database)
        try? jobSession.setStartupParameter("application_name", "pg_cron")
        let start = engine.clock.now()
        _ = try? session.execute(
            """
            INSERT INTO cron.job_run_details (jobid, runid, job_pid, database, username,
                command, status, start_time)
            VALUES (\(job.id), \(runID), \(jobSession.backendID), \(quoteLiteral(job.database)),
                \(quoteLiteral(job.user)), \(quoteLiteral(job.command)), 'running',
                '\(formatValue(.timestamptz(start), type: .timestamptz))')
            """)
        var status = "succeeded"
        var message = ""
        jobSession.run(job.command) { event in
            switch event {
            case .result(let result):
                message = Self.returnMessage(result)
            case .error(let error):
                status = "failed"
                message = Self.errorMessage(error, command: job.command)
            case .notice:
                break
            }
        }
        let end = engine.clock.now()
        _ = try? session.execute(
            """
            UPDATE cron.job_run_details
            SET status = '\(status)', return_message = \(quoteLiteral(message)),
                end_time = '\(formatValue(.timestamptz(end), type: .timestamptz))'
            WHERE runid = \(runID)
            """)
    }

    /// What pg_cron records of a statement's result: a row count for a
    /// query, the command tag otherwise.
    static func returnMessage(_ result: QueryResult) -> String {
        guard result.columns != nil else { return result.commandTag }
        return "\(result.rows.count) \(result.rows.count == 1 ? "row" : "rows")"
    }

    /// An error as libpq's PQresultErrorMessage spells it for `command`:
    /// the message, the `LINE n:` and caret lines of its position, then
    /// DETAIL, HINT, QUERY and CONTEXT.
    static func errorMessage(_ error: SQLError, command: String) -> String {
        var text = "\(error.severity.rawValue):  \(error.message)\n"
        if let position = error.position {
            text += errorPositionLines(query: command, position: position)
        } else if let position = error.internalPosition, let query = error.internalQuery {
            text += errorPositionLines(query: query, position: position)
        }
        if let detail = error.detail { text += "DETAIL:  \(detail)\n" }
        if let hint = error.hint { text += "HINT:  \(hint)\n" }
        if let query = error.internalQuery { text += "QUERY:  \(query)\n" }
        if let context = error.context { text += "CONTEXT:  \(context)\n" }
        return text
    }
}
