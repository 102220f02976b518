// pg_cron 1.4's functions, native: they change cron.job with SQL run in
// the caller's transaction, with pg_cron's checks and messages, and make
// sure the node's scheduler runs.
import Foundation

/// The pg_cron library of one node.
final class CronLibrary: NativeLibrary {
    /// The library name MODULE_PATHNAME stands for.
    static let name = "pg_cron"

    /// Ids drawn so far, as pg_cron's jobid_seq and runid_seq would hand
    /// them out (never reused, not rolled back).
    private var lastJobID: Int64 = 0
    private var lastRunID: Int64 = 0
    private let lock = NSLock()
    /// The node's scheduler, once the extension was created.
    var scheduler: CronScheduler?

    func function(_ symbol: String) -> NativeFunction? {
        switch symbol {
        case "cron_schedule": return { try self.schedule($0) }
        case "cron_schedule_named": return { try self.scheduleNamed($0) }
        case "cron_unschedule": return { try self.unschedule($0) }
        case "cron_unschedule_named": return { try self.unscheduleNamed($0) }
        case "cron_alter_job": return { try self.alterJob($0) }
        default: return nil
        }
    }

    func nextJobID() -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        lastJobID += 1
        return lastJobID
    }

    func nextRunID() -> Int64 {
        lock.lock()
        defer { lock.unlock() }
        lastRunID += 1
        return lastRunID
    }

    /// cron.schedule(schedule, command): a new job of the caller's.
    private func schedule(_ call: NativeCall) throws -> Value {
        let schedule = try text(call, 0)
        let command = try text(call, 1)
        _ = try CronSchedule(schedule)
        let session = call.session
        let id = nextJobID()
        try session.executeInternal(
            """
            INSERT INTO cron.job (jobid, schedule, command, nodeport, database, username)
            VALUES (\(id), \(quoteLiteral(schedule)), \(quoteLiteral(command)),
                \(session.engine.serverPort),
                \(quoteLiteral(session.database)), \(quoteLiteral(session.user)))
            """, local: true)
        startScheduler(session)
        return .int8(id)
    }

    /// cron.schedule(job_name, schedule, command) and
    /// cron.schedule_in_database(..): a job with a name replaces the
    /// caller's job of that name (drawing an id all the same, as
    /// pg_cron's upsert does).
    private func scheduleNamed(_ call: NativeCall) throws -> Value {
        let session = call.session
        guard let name = optionalText(call, 0) else { throw nullArgument("job_name") }
        guard let schedule = optionalText(call, 1) else { throw nullArgument("schedule") }
        guard let command = optionalText(call, 2) else { throw nullArgument("command") }
        var database = session.database
        var user = session.user
        var active = true
        if call.arguments.count > 3 {
            guard let named = optionalText(call, 3) else { throw nullArgument("database") }
            database = named
            user = optionalText(call, 4) ?? user
            if case .bool(let flag) = call.arguments[5] { active = flag }
        }
        _ = try CronSchedule(schedule)
        guard database == session.database else {
            throw SQLError(
                SQLState.invalidCatalogName, "database \"\(database)\" does not exist")
        }
        let id = nextJobID()
        let result = try session.executeInternal(
            """
            INSERT INTO cron.job
                (jobid, schedule, command, nodeport, database, username, active, jobname)
            VALUES (\(id), \(quoteLiteral(schedule)), \(quoteLiteral(command)),
                \(session.engine.serverPort),
                \(quoteLiteral(database)), \(quoteLiteral(user)), \(active), \(quoteLiteral(name)))
            ON CONFLICT (jobname, username) DO UPDATE
                SET schedule = EXCLUDED.schedule, command = EXCLUDED.command,
                    database = EXCLUDED.database, active = EXCLUDED.active
            RETURNING jobid
            """, local: true)
        startScheduler(session)
        return result.rows.first?.first ?? .int8(id)
    }

    /// cron.unschedule(job_id).
    private func unschedule(_ call: NativeCall) throws -> Value {
        guard case .int8(let id) = call.arguments[0] else { return .null }
        let result = try call.session.executeInternal(
            """
            DELETE FROM cron.job WHERE jobid = \(id)
                AND username = \(quoteLiteral(call.session.user)) RETURNING jobid
            """, local: true)
        guard !result.rows.isEmpty else {
            throw SQLError(SQLState.internalError, "could not find valid entry for job \(id)")
        }
        return .bool(true)
    }

    /// cron.unschedule(job_name).
    private func unscheduleNamed(_ call: NativeCall) throws -> Value {
        let name = try text(call, 0)
        let result = try call.session.executeInternal(
            """
            DELETE FROM cron.job
            WHERE jobname = \(quoteLiteral(name)) AND username = \(quoteLiteral(call.session.user))
            RETURNING jobid
            """, local: true)
        guard !result.rows.isEmpty else {
            throw SQLError(
                SQLState.internalError, "could not find valid entry for job '\(name)'")
        }
        return .bool(true)
    }

    /// cron.alter_job(job_id, schedule, command, database, username,
    /// active): changes what is not NULL.
    private func alterJob(_ call: NativeCall) throws -> Value {
        let session = call.session
        guard case .int8(let id) = call.arguments[0] else {
            throw nullArgument("job_id")
        }
        var sets: [String] = []
        if let schedule = optionalText(call, 1) {
            _ = try CronSchedule(schedule)
            sets.append("schedule = \(quoteLiteral(schedule))")
        }
        if let command = optionalText(call, 2) { sets.append("command = \(quoteLiteral(command))") }
        if let database = optionalText(call, 3) {
            guard database == session.database else {
                throw SQLError(
                    SQLState.invalidCatalogName, "database \"\(database)\" does not exist")
            }
            sets.append("database = \(quoteLiteral(database))")
        }
        if let user = optionalText(call, 4) { sets.append("username = \(quoteLiteral(user))") }
        if case .bool(let active) = call.arguments[5] { sets.append("active = \(active)") }
        let owner = "jobid = \(id) AND username = \(quoteLiteral(session.user))"
        let found = try session.executeInternal(
            "SELECT 1 FROM cron.job WHERE \(owner)", local: true)
        guard !found.rows.isEmpty else {
            throw SQLError(
                SQLState.internalError, "Job \(id) does not exist or you don't own it")
        }
        if !sets.isEmpty {
            try session.executeInternal(
                "UPDATE cron.job SET \(sets.joined(separator: ", ")) WHERE \(owner)", local: true)
        }
        return .void
    }

    private func startScheduler(_ session: Session) {
        lock.lock()
        defer { lock.unlock() }
        guard scheduler == nil else { return }
        scheduler = CronScheduler.start(engine: session.engine, library: self)
    }

    private func optionalText(_ call: NativeCall, _ index: Int) -> String? {
        guard index < call.arguments.count, case .text(let s) = call.arguments[index] else {
            return nil
        }
        return s
    }

    private func text(_ call: NativeCall, _ index: Int) throws -> String {
        guard let s = optionalText(call, index) else { throw nullArgument("argument") }
        return s
    }

    private func nullArgument(_ name: String) -> SQLError {
        SQLError(SQLState.internalError, "\(name) can not be NULL")
    }
}
