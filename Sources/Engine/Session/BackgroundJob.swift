// Query strings running in sessions of their own while the user goes on:
// the REPL's `\bg`, citus_sim.start_background() and the embedding API.
// Each runs on a thread the clock starts; on a virtual clock it runs only
// while the clock moves.
import Foundation

/// A query string running, or run, in a background session.
public final class BackgroundJob {
    /// Where a background job stands.
    public enum Status: Equatable, Sendable {
        case running
        case finished
        case failed(SQLError)
    }

    /// The job's number, from 1, as `\jobs` lists it.
    public let number: Int
    /// The session the job runs in.
    public let session: Session
    /// The query string.
    public let query: String
    private let lock = NSLock()
    private var currentStatus = Status.running
    private var events: [SessionEvent] = []
    private var endTime: Int64?

    init(number: Int, session: Session, query: String) {
        self.number = number
        self.session = session
        self.query = query
    }

    /// Running, finished, or failed with the error that stopped it.
    public var status: Status {
        lock.lock()
        defer { lock.unlock() }
        return currentStatus
    }

    /// Notices, results and the error the job reported so far, in order.
    public var output: [SessionEvent] {
        lock.lock()
        defer { lock.unlock() }
        return events
    }

    func record(_ event: SessionEvent) {
        lock.lock()
        events.append(event)
        // A long-running job keeps only its latest output.
        if events.count > 1000 { events.removeFirst(events.count - 1000) }
        if case .error(let error) = event { currentStatus = .failed(error) }
        lock.unlock()
    }

    /// When the query string ended, on the node's clock; nil while it runs.
    public var finishedAt: Int64? {
        lock.lock()
        defer { lock.unlock() }
        return endTime
    }

    func finish(at time: Int64) {
        lock.lock()
        if currentStatus == .running { currentStatus = .finished }
        endTime = time
        lock.unlock()
    }
}

/// The background jobs of one engine.
final class BackgroundJobList {
    private let lock = NSLock()
    private var jobs: [BackgroundJob] = []

    func add(session: Session, query: String) -> BackgroundJob {
        lock.lock()
        defer { lock.unlock() }
        let job = BackgroundJob(number: jobs.count + 1, session: session, query: query)
        jobs.append(job)
        return job
    }

    var all: [BackgroundJob] {
        lock.lock()
        defer { lock.unlock() }
        return jobs
    }
}

extension Engine {
    /// Starts `query` in a new session of `user` on `database`; `prepare`
    /// sets the session up (application_name, ...) before it runs, and
    /// `finished` runs on the job's thread once the query string ended.
    package func startBackground(
        _ query: String, user: String, database: String,
        prepare: (Session) throws -> Void = { _ in },
        finished: @escaping (BackgroundJob) -> Void = { _ in }
    ) rethrows -> BackgroundJob {
        let session = Session(engine: self, user: user, database: database)
        try prepare(session)
        let job = backgroundJobs.add(session: session, query: query)
        clock.startBackground(named: "background \(session.backendID)") {
            session.run(query) { job.record($0) }
            job.finish(at: self.clock.now())
            finished(job)
        }
        return job
    }

    /// Every background job started on this node, oldest first.
    package var allBackgroundJobs: [BackgroundJob] { backgroundJobs.all }
}

extension Database {
    /// Starts `query` in a new session of its own, running in the
    /// background (on a virtual clock, while the clock moves).
    @discardableResult
    public func startBackground(
        _ query: String, user: String = "postgres", database: String = "citus",
        applicationName: String? = nil
    ) throws -> BackgroundJob {
        try engine.startBackground(query, user: user, database: database) { session in
            if let applicationName {
                try session.setStartupParameter("application_name", applicationName)
            }
        }
    }

    /// Every background job started on this node, oldest first.
    public var backgroundJobs: [BackgroundJob] { engine.allBackgroundJobs }

    /// The node's clock reading, in microseconds since 2000-01-01 UTC.
    public var clockNow: Int64 { engine.clock.now() }
}
