// The background rebalancer: citus_rebalance_start plans the moves and
// schedules them as a job, a row of pg_dist_background_job with one row
// of pg_dist_background_task per move, that a background session of the
// coordinator runs, one citus_move_shard_placement after another, while
// the caller goes on. The session keeps the rows up to date as Citus'
// background task executors do (task: blocked -> runnable -> running ->
// done; job: scheduled -> running -> finished), and when it stops early
// the job is marked failed or cancelled. citus_rebalance_status reads the
// job from the tables, citus_rebalance_wait waits for it and
// citus_rebalance_stop cancels it. On a virtual clock the job runs as the
// clock moves, like every background session. The messages follow
// Citus 12.1 (its documentation's example and its regression tests'
// normalisation rules); the tables and states follow its
// citus--11.0-4--11.1-1.sql and background_jobs.c.
// TODO(#3): parallel moves per node, retries of a failed task
// (retry_count, not_before), a first replicate_reference_tables task,
// pg_dist_background_task_depend, the details' per-task entries.
import Engine
import Foundation

/// One background rebalance.
final class RebalanceJob {
    let id: Int64
    let background: BackgroundJob
    /// Set when citus_rebalance_stop cancelled it.
    var stopped = false

    init(id: Int64, background: BackgroundJob) {
        self.id = id
        self.background = background
    }

    var isRunning: Bool { background.status == .running }
}

/// One task of a scheduled job: a move and the tasks it waits for.
private struct ScheduledTask {
    var id: Int64
    var command: String
    var move: PlannedMove
    /// Earlier tasks that move a shard group onto this move's source.
    var dependsOn: [Int64]
}

extension CitusLibrary {
    /// Schedules `moves` as background job; prints Citus' NOTICE.
    func scheduleRebalance(
        _ moves: [PlannedMove], mode: String, session: Session
    ) throws -> Value {
        if let running = rebalanceJobs.last, running.isRunning {
            throw SQLError(
                SQLState.internalError, "A rebalance is already running as job \(running.id)",
                detail: "A rebalance was already scheduled as background job",
                hint: "To monitor progress, run: SELECT * FROM citus_rebalance_status();")
        }
        let id = try insertJob(session)
        let tasks = try insertTasks(moves, mode: mode, job: id, session)
        let background = try session.engine.startBackground(
            jobScript(tasks, job: id), user: session.user, database: session.database,
            prepare: { job in
                try job.setStartupParameter("application_name", "citus_rebalancer")
            },
            finished: { [weak self] job in self?.jobEnded(id, job) })
        rebalanceJobs.append(RebalanceJob(id: id, background: background))
        session.emitNotice(
            SQLError(
                SQLState.successfulCompletion, "Scheduled \(moves.count) moves as job \(id)",
                severity: .notice, detail: "Rebalance scheduled as background job",
                hint: "To monitor progress, run: SELECT * FROM citus_rebalance_status();"))
        return .int8(id)
    }

    /// The job's row, in the caller's transaction as Citus writes it; its
    /// id from the job_id sequence.
    private func insertJob(_ session: Session) throws -> Int64 {
        let result = try session.executeInternal(
            """
            INSERT INTO pg_catalog.pg_dist_background_job (job_type, description) \
            VALUES ('rebalance', 'Rebalance all colocation groups') RETURNING job_id
            """, local: true)
        guard let id = result.text(row: 0, column: 0).flatMap({ Int64($0) }) else {
            throw SQLError(SQLState.internalError, "could not schedule the rebalance job")
        }
        return id
    }

    /// One task row per move. A move waits (blocked) for the earlier
    /// moves that bring a shard group onto its source node.
    private func insertTasks(
        _ moves: [PlannedMove], mode: String, job: Int64, _ session: Session
    ) throws -> [ScheduledTask] {
        var tasks: [ScheduledTask] = []
        for move in moves {
            let command = """
                SELECT pg_catalog.citus_move_shard_placement(\(move.shardID), \
                \(quoteLiteral(move.source.name)), \(move.source.port), \
                \(quoteLiteral(move.target.name)), \(move.target.port), \
                shard_transfer_mode := \(quoteLiteral(mode)))
                """
            let dependsOn = tasks.filter { $0.move.target.nodeID == move.source.nodeID }
                .map(\.id)
            let status = dependsOn.isEmpty ? "runnable" : "blocked"
            let result = try session.executeInternal(
                """
                INSERT INTO pg_catalog.pg_dist_background_task \
                (job_id, status, command, nodes_involved) VALUES (\(job), \
                \(quoteLiteral(status)), \(quoteLiteral(command)), \
                ARRAY[\(move.source.nodeID), \(move.target.nodeID)]) RETURNING task_id
                """, local: true)
            guard let id = result.text(row: 0, column: 0).flatMap({ Int64($0) }) else {
                throw SQLError(SQLState.internalError, "could not schedule the rebalance job")
            }
            tasks.append(ScheduledTask(id: id, command: command, move: move, dependsOn: dependsOn))
        }
        return tasks
    }

    /// The background session's statements, one transaction per step so
    /// that other sessions see the job go on: each task marked running,
    /// then run and marked done (unblocking the tasks that waited only
    /// for done ones), and the job finished after the last.
    private func jobScript(_ tasks: [ScheduledTask], job: Int64) -> String {
        let jobTable = "pg_catalog.pg_dist_background_job"
        let taskTable = "pg_catalog.pg_dist_background_task"
        var steps: [[String]] = []
        var done = Set<Int64>()
        for (index, task) in tasks.enumerated() {
            var start = [
                "UPDATE \(taskTable) SET status = 'running', pid = pg_backend_pid() "
                    + "WHERE task_id = \(task.id)"
            ]
            if index == 0 {
                start.insert(
                    "UPDATE \(jobTable) SET state = 'running', started_at = now() "
                        + "WHERE job_id = \(job)", at: 0)
            }
            steps.append(start)
            var run = [
                task.command,
                "UPDATE \(taskTable) SET status = 'done', pid = NULL WHERE task_id = \(task.id)",
            ]
            done.insert(task.id)
            let unblocked = tasks.filter { other in
                other.dependsOn.contains(task.id) && other.dependsOn.allSatisfy(done.contains)
            }
            if !unblocked.isEmpty {
                let ids = unblocked.map { String($0.id) }.joined(separator: ", ")
                run.append("UPDATE \(taskTable) SET status = 'runnable' WHERE task_id IN (\(ids))")
            }
            if index == tasks.count - 1 {
                run.append(
                    "UPDATE \(jobTable) SET state = 'finished', finished_at = now() "
                        + "WHERE job_id = \(job)")
            }
            steps.append(run)
        }
        return steps.map { (["BEGIN"] + $0 + ["COMMIT"]).joined(separator: ";\n") + ";" }
            .joined(separator: "\n")
    }

    /// After the background session stopped: a job that did not finish
    /// is cancelled (citus_rebalance_stop) or failed, its running task
    /// cancelled or in error with the error's message, and the tasks
    /// that had not run cancelled or unscheduled.
    private func jobEnded(_ id: Int64, _ background: BackgroundJob) {
        guard case .failed(let error) = background.status,
            let job = rebalanceJobs.first(where: { $0.id == id })
        else { return }
        let taskTable = "pg_catalog.pg_dist_background_task"
        let (state, running, waiting) =
            job.stopped
            ? ("cancelled", "cancelled", "cancelled") : ("failed", "error", "unscheduled")
        let message = job.stopped ? "" : error.message
        // The job's own session writes the end, once the failed step's
        // transaction block is rolled back.
        _ = try? background.session.execute(
            """
            ROLLBACK;
            UPDATE \(taskTable) SET status = '\(running)', pid = NULL, \
            message = \(quoteLiteral(message)) WHERE job_id = \(id) AND status = 'running';
            UPDATE \(taskTable) SET status = '\(waiting)' \
            WHERE job_id = \(id) AND status IN ('blocked', 'runnable');
            UPDATE pg_catalog.pg_dist_background_job SET state = '\(state)', \
            finished_at = now() WHERE job_id = \(id);
            """)
    }

    /// citus_rebalance_status(): the latest rebalance job, as one row,
    /// read from pg_dist_background_job with its tasks' states counted.
    func rebalanceStatus(_ call: NativeCall) throws -> [Row] {
        let jobs = try call.session.executeInternal(
            """
            SELECT job_id, state, job_type, description, started_at, finished_at \
            FROM pg_catalog.pg_dist_background_job WHERE job_type = 'rebalance' \
            ORDER BY job_id DESC LIMIT 1
            """, local: true)
        guard let job = jobs.rows.first, job.count == 6, case .int8(let id) = job[0] else {
            return []
        }
        let counts = try call.session.executeInternal(
            """
            SELECT status, count(*) FROM pg_catalog.pg_dist_background_task \
            WHERE job_id = \(id) GROUP BY status ORDER BY status
            """, local: true)
        let entries = counts.rows.compactMap { row -> String? in
            guard row.count == 2, case .text(let status) = row[0] else { return nil }
            return "\"\(status)\": " + formatValue(row[1], type: .int8)
        }
        let details =
            "{\"tasks\": [], \"task_state_counts\": {\(entries.joined(separator: ", "))}}"
        return [Array(job[0...5]) + [try parseValue(details, as: .jsonb)]]
    }

    /// citus_rebalance_wait(): until the latest job ends (moving a
    /// virtual clock on meanwhile).
    func rebalanceWait(_ call: NativeCall) throws -> Value {
        guard let job = rebalanceJobs.last, job.isRunning else {
            call.session.emitNotice(
                SQLError(
                    SQLState.warning, "no ongoing rebalance that can be waited on",
                    severity: .warning))
            return .void
        }
        while job.isRunning {
            try call.session.sleep(seconds: 0.1)
        }
        return .void
    }

    /// citus_rebalance_stop(): cancels the latest job.
    func rebalanceStop(_ call: NativeCall) throws -> Value {
        guard let job = rebalanceJobs.last, job.isRunning else {
            throw SQLError(SQLState.internalError, "no ongoing rebalance that can be stopped")
        }
        job.stopped = true
        job.background.session.cancel()
        return .void
    }
}
