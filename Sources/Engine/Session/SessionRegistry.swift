// Every session of a node, as PostgreSQL's backend status array has them:
// what pg_stat_activity lists and what pg_cancel_backend and
// pg_terminate_backend reach. Sessions run on threads of their own
// (background sessions, cron jobs), so their activity is read under a
// lock.
import Foundation

/// What pg_stat_activity shows of one session.
package struct SessionActivity {
    package enum State: String {
        case active
        case idle
        case idleInTransaction = "idle in transaction"
        case idleInFailedTransaction = "idle in transaction (aborted)"
    }

    package var pid: Int32
    package var user: String
    package var database: String
    package var applicationName: String
    package var backendType: String
    package var backendStart: Int64
    package var transactionStart: Int64?
    package var queryStart: Int64?
    package var stateChange: Int64
    package var state: State
    /// What the backend waits for while its statement is blocked
    /// (wait_event_type and wait_event: `Lock`, `transactionid`).
    package var waitEvent: (type: String, name: String)?
    /// The query string running, or the last one run: its text, or how to
    /// write it out when someone asks (a statement another node handed
    /// over parsed, with its text only made for pg_stat_activity).
    package var query: String {
        get { queryText() }
        set { queryText = { newValue } }
    }
    private var queryText: () -> String = { "" }

    package init(
        pid: Int32, user: String, database: String, applicationName: String,
        backendType: String, backendStart: Int64, transactionStart: Int64? = nil,
        queryStart: Int64? = nil, stateChange: Int64, state: State, query: String
    ) {
        self.pid = pid
        self.user = user
        self.database = database
        self.applicationName = applicationName
        self.backendType = backendType
        self.backendStart = backendStart
        self.transactionStart = transactionStart
        self.queryStart = queryStart
        self.stateChange = stateChange
        self.state = state
        self.query = query
    }

    /// Sets the query to the text `text` makes, made only when read.
    mutating func setQuery(_ text: @escaping () -> String) {
        queryText = text
    }
}

/// The sessions of one engine, by backend pid.
package final class SessionRegistry {
    private struct Entry {
        weak var session: Session?
    }

    private let lock = NSLock()
    private var entries: [Int32: Entry] = [:]

    func add(_ session: Session) {
        lock.lock()
        entries[session.backendID] = Entry(session: session)
        lock.unlock()
    }

    func remove(_ pid: Int32) {
        lock.lock()
        entries[pid] = nil
        lock.unlock()
    }

    /// The live session with backend `pid`.
    package func session(pid: Int32) -> Session? {
        lock.lock()
        defer { lock.unlock() }
        return entries[pid]?.session
    }

    /// Every live session, by pid.
    package var sessions: [Session] {
        lock.lock()
        let live = entries.values.compactMap(\.session)
        lock.unlock()
        return live.sorted { $0.backendID < $1.backendID }
    }
}

/// A session's activity, written by its own thread and read by others.
final class ActivityRecord {
    private let lock = NSLock()
    private var value: SessionActivity

    init(_ value: SessionActivity) {
        self.value = value
    }

    var snapshot: SessionActivity {
        lock.lock()
        defer { lock.unlock() }
        return value
    }

    func update(_ change: (inout SessionActivity) -> Void) {
        lock.lock()
        change(&value)
        lock.unlock()
    }
}

extension Session {
    /// What pg_stat_activity shows of this session now.
    package var activity: SessionActivity { activityRecord.snapshot }

    /// Marks the session active on `query` (a whole query string).
    func beginActivity(_ query: String) {
        beginActivity(lazily: { query })
    }

    /// Marks the session active on the query string `query` makes when
    /// pg_stat_activity reads it.
    func beginActivity(lazily query: @escaping () -> String) {
        let now = engine.clock.now()
        activityRecord.update {
            $0.state = .active
            $0.setQuery(query)
            $0.queryStart = now
            $0.stateChange = now
            if $0.transactionStart == nil { $0.transactionStart = now }
        }
        publishApplicationName()
    }

    /// Marks the session idle (or idle in a transaction block) once its
    /// query string is done.
    func endActivity() {
        let now = engine.clock.now()
        let state: SessionActivity.State
        switch transactionStatus {
        case .idle: state = .idle
        case .inTransaction: state = .idleInTransaction
        case .failed: state = .idleInFailedTransaction
        }
        activityRecord.update {
            $0.state = state
            $0.stateChange = now
            if state == .idle { $0.transactionStart = nil }
        }
        publishApplicationName()
    }

    /// Copies application_name where other threads can read it.
    func publishApplicationName() {
        // Settings with the same stamp hold the same values.
        guard publishedNameStamp != settings.stamp else { return }
        publishedNameStamp = settings.stamp
        let name = settings.value("application_name") ?? ""
        activityRecord.update { $0.applicationName = name }
    }
}
