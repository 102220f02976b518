// The background rebalancer: citus_rebalance_start plans the moves and
// schedules them as a job that a background session of the coordinator
// runs, one citus_move_shard_placement after another, while the caller
// goes on; citus_rebalance_status reports the job, citus_rebalance_wait
// waits for it and citus_rebalance_stop cancels it. On a virtual clock
// the job runs as the clock moves, like every background session.
// The messages follow Citus 12.1 (its documentation's example and its
// regression tests' normalisation rules).
// TODO(#3): pg_dist_background_job and pg_dist_background_task as
// tables, parallel moves per node, the details' per-task entries.
import Engine
import Foundation

/// One background rebalance.
final class RebalanceJob {
    let id: Int64
    let moves: [PlannedMove]
    let started: Int64
    let background: BackgroundJob
    /// Set when citus_rebalance_stop cancelled it.
    var stopped = false

    init(id: Int64, moves: [PlannedMove], started: Int64, background: BackgroundJob) {
        self.id = id
        self.moves = moves
        self.started = started
        self.background = background
    }

    /// Citus' job state: scheduled, running, finished, cancelled, failed.
    var state: String {
        switch background.status {
        case .running: return "running"
        case .finished: return "finished"
        case .failed: return stopped ? "cancelled" : "failed"
        }
    }

    var isRunning: Bool { background.status == .running }
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
        let id = Int64(rebalanceJobs.count + 1)
        let commands = moves.map { move in
            """
            SELECT pg_catalog.citus_move_shard_placement(\(move.shardID), \
            \(quoteLiteral(move.source.name)), \(move.source.port), \
            \(quoteLiteral(move.target.name)), \(move.target.port), \
            shard_transfer_mode := \(quoteLiteral(mode)));
            """
        }
        let background = try session.engine.startBackground(
            commands.joined(separator: "\n"), user: session.user, database: session.database
        ) { job in
            try job.setStartupParameter("application_name", "citus_rebalancer")
        }
        let job = RebalanceJob(
            id: id, moves: moves, started: session.clockTimestamp(), background: background)
        rebalanceJobs.append(job)
        session.emitNotice(
            SQLError(
                SQLState.successfulCompletion, "Scheduled \(moves.count) moves as job \(id)",
                severity: .notice, detail: "Rebalance scheduled as background job",
                hint: "To monitor progress, run: SELECT * FROM citus_rebalance_status();"))
        return .int8(id)
    }

    /// citus_rebalance_status(): the latest job, as one row.
    func rebalanceStatus(_ call: NativeCall) throws -> [Row] {
        guard let job = rebalanceJobs.last else { return [] }
        let finished = !job.isRunning
        let done = finished && job.state == "finished" ? job.moves.count : 0
        let counts = finished ? "{\"done\": \(done)}" : "{\"running\": 1}"
        let details = "{\"tasks\": [], \"task_state_counts\": \(counts)}"
        return [
            [
                .int8(job.id), .text(job.state), .text("rebalance"),
                .text("Rebalance all colocation groups"), .timestamptz(job.started),
                job.background.finishedAt.map(Value.timestamptz) ?? .null,
                try parseValue(details, as: .jsonb),
            ]
        ]
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
