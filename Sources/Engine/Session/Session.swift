// One connection to the node, PostgreSQL's backend: it runs query
// strings with simple-query semantics (parse the whole string, run each
// statement, stop at the first error), owns the transaction state and the
// session's settings, and reports notices as they are raised.
import Foundation
import SQLParser

/// A session (connection). Not safe to use from several threads at once,
/// except `cancel()`.
public final class Session {
    package let engine: Engine
    public let user: String
    public let database: String
    /// pg_backend_pid().
    public let backendID: Int32
    var settings = Settings()
    /// Shared libraries this backend has loaded (shared_preload_libraries
    /// are loaded in every session from the start).
    var loadedLibraries: Set<String> = []
    /// The last value nextval gave this session, per sequence (currval),
    /// and the sequence it last used (lastval).
    var sequenceValues: [RelationID: Int64] = [:]
    /// hll_set_defaults' parameters for this backend.
    var hllDefaults = HllParameters.builtinDefaults
    var lastSequence: RelationID?
    /// The transaction in progress, if any.
    var transaction: TransactionState?
    /// Called once when the running transaction ends, with true for a
    /// commit, as PostgreSQL's transaction callbacks are (the distribution
    /// layer commits or rolls back its work on the workers here).
    package var transactionEndCallbacks: [(Bool) -> Void] = []
    /// Rows a distribution layer sent this session for the statement in
    /// progress, readable by name in FROM as a WITH query is (Citus'
    /// intermediate results, which a coordinator broadcasts to the
    /// workers before their tasks run).
    package var intermediateResults: [String: IntermediateResult] = [:]
    /// Where COPY FROM STDIN reads its data: each call returns the next
    /// line (without its newline), nil at the end. The client's side sets
    /// it; without it COPY FROM STDIN reads no data.
    public var copyInReader: (() -> String?)?
    /// Told, with the number of columns, when COPY FROM STDIN is about to
    /// read the client's data (a wire server sends CopyInResponse here).
    public var copyInStarted: ((Int) -> Void)?
    /// Set by the client's side when the client abandons COPY FROM STDIN
    /// (CopyFail) before its reader returns nil: the COPY then fails with
    /// 57014 and this text, as PostgreSQL's does.
    public var copyInFailure: String?
    /// When set, ALTER TABLE .. ADD FOREIGN KEY does not check the rows
    /// already in the table, as PostgreSQL's skip_validation: Citus sets
    /// it for the coordinator's table, whose rows live in the shards,
    /// which check them.
    package var skipsForeignKeyValidation = false
    /// When set, notices go nowhere: a distribution layer's own commands
    /// on this node (a shard dropped with CASCADE) are not the client's.
    package var mutesNotices = false
    /// The session's prepared statements, by name.
    package var preparedStatements: [String: PreparedStatement] = [:]
    /// Receives notices of the query string being run.
    var eventHandler: ((SessionEvent) -> Void)?
    var randomGenerator = RandomGenerator()
    /// Snapshots of the statements running, innermost last.
    var snapshots: [Snapshot] = []
    /// When the current top-level statement started.
    var statementStart: Int64 = 0
    /// Nesting of function calls and DO blocks; COMMIT inside DO is only
    /// allowed when this is 1 and no transaction block is open.
    var routineDepth = 0
    /// Compiled column defaults of recently written tables.
    var defaultsCache: [RelationID: DefaultsCacheEntry] = [:]
    /// INSERT targets resolved by name in recent statements.
    var relationCache: [[String]: RelationCacheEntry] = [:]
    /// INSERT column lists resolved in recent statements, per table.
    var targetColumnsCache: [RelationID: TargetColumnsCacheEntry] = [:]
    /// statement_timeout as last parsed, with the settings stamp it
    /// belongs to.
    private var timeoutCache: (stamp: UInt64, timeout: Int64?)?
    /// search_path's names as last parsed, with the settings stamp they
    /// belong to (settings with the same stamp hold the same values).
    var searchPathCache: (stamp: UInt64, names: [String])?
    /// The TimeZone setting's zone as last read, with its settings stamp.
    private var timeZoneCache: (stamp: UInt64, zone: ZoneRules)?
    /// The zone this session reads date/time literals of its statements
    /// in, when another session sent them: a Citus coordinator's parser
    /// turns `'2026-07-01'` compared with a timestamptz into a constant in
    /// its own session's TimeZone and sends it with its offset, while
    /// functions run on the worker in the worker's zone. nil: the
    /// session's own TimeZone.
    package var literalTimeZone: ZoneRules?
    /// What timestamptz input and output read while this session runs.
    private(set) lazy var timeZoneSource = SessionTimeZone { [unowned self] in self.timeZone }
    /// The settings stamp application_name was last published under.
    var publishedNameStamp: UInt64?
    private let cancelLock = NSLock()
    private var cancelRequested = false
    private var terminateRequested = false
    /// Wakes the session from a pause for a cancel or terminate.
    let waker = ClockWaker()
    /// What pg_stat_activity shows of the session.
    let activityRecord: ActivityRecord

    init(engine: Engine, user: String, database: String) {
        self.engine = engine
        self.user = user
        self.database = database
        self.backendID = engine.allocateBackendID()
        settings.extensionDefinitions = engine.extensionSettings
        if let seed = engine.randomSeed {
            randomGenerator = RandomGenerator(simulatorSeed: seed, pid: backendID)
        }
        let now = engine.clock.now()
        activityRecord = ActivityRecord(
            SessionActivity(
                pid: backendID, user: user, database: database, applicationName: "",
                backendType: "client backend", backendStart: now, stateChange: now,
                state: .idle, query: ""))
        engine.sessions.add(self)
    }

    deinit {
        engine.sessions.remove(backendID)
    }

    /// The session's TimeZone.
    package var timeZone: ZoneRules {
        if let cached = timeZoneCache, cached.stamp == settings.stamp { return cached.zone }
        let zone = ZoneRules.forSetting(settings.value("timezone") ?? "UTC")
        timeZoneCache = (settings.stamp, zone)
        return zone
    }

    /// Runs `body` with this session's TimeZone as the one date/time
    /// input and output read.
    func withTimeZone<T>(_ body: () throws -> T) rethrows -> T {
        try SessionTimeZone.$source.withValue(timeZoneSource, operation: body)
    }

    /// The state ReadyForQuery would report.
    public var transactionStatus: TransactionStatus {
        guard let transaction, transaction.isBlock else { return .idle }
        return transaction.failed ? .failed : .inTransaction
    }

    /// Asks the running statement to stop; it fails with 57014. Safe to
    /// call from any thread.
    public func cancel() {
        cancelLock.lock()
        cancelRequested = true
        cancelLock.unlock()
        waker.wake()
    }

    /// Asks the session to end, as pg_terminate_backend does: the running
    /// statement fails with 57P01 and so does every later one. Safe to
    /// call from any thread.
    public func terminate() {
        cancelLock.lock()
        terminateRequested = true
        cancelLock.unlock()
        waker.wake()
    }

    /// True once `terminate()` was called.
    public var isTerminated: Bool {
        cancelLock.lock()
        defer { cancelLock.unlock() }
        return terminateRequested
    }

    /// Throws 57014 when a cancel arrived or the statement timed out.
    func checkInterrupts() throws {
        cancelLock.lock()
        let cancelled = cancelRequested
        let terminated = terminateRequested
        cancelRequested = false
        cancelLock.unlock()
        if terminated {
            throw SQLError(
                SQLState.adminShutdown, "terminating connection due to administrator command",
                severity: .fatal)
        }
        if cancelled {
            throw SQLError(SQLState.queryCanceled, "canceling statement due to user request")
        }
        if let timeout = statementTimeoutMicroseconds,
            engine.clock.now() - statementStart > timeout
        {
            throw SQLError(SQLState.queryCanceled, "canceling statement due to statement timeout")
        }
    }

    private func clearCancel() {
        cancelLock.lock()
        cancelRequested = false
        cancelLock.unlock()
    }

    /// statement_timeout in microseconds (nil when off), parsed once per
    /// settings stamp since every row of a statement asks for it.
    private var statementTimeoutMicroseconds: Int64? {
        if let cached = timeoutCache, cached.stamp == settings.stamp { return cached.timeout }
        let timeout = parseStatementTimeout()
        timeoutCache = (settings.stamp, timeout)
        return timeout
    }

    private func parseStatementTimeout() -> Int64? {
        timeoutMilliseconds("statement_timeout").map { $0 * 1000 }
    }

    /// A timeout setting in milliseconds (statement_timeout,
    /// idle_session_timeout, ...), nil when it is 0 (off).
    package func timeoutMilliseconds(_ name: String) -> Int64? {
        guard let text = settings.value(name), text != "0" else { return nil }
        var digits = ""
        var unit = ""
        for c in text { if c.isNumber { digits.append(c) } else { unit.append(c) } }
        guard let n = Int64(digits) else { return nil }
        let scale = SettingUnit.milliseconds.scale.first { $0.0 == unit }?.1 ?? 1
        return n * Int64(scale)
    }

    /// Runs every statement of `sql` in order (PostgreSQL's simple query
    /// protocol), reporting each notice, result and the first error (which
    /// stops the rest) through `handler` as it happens.
    public func run(_ sql: String, handler: (SessionEvent) -> Void) {
        withoutActuallyEscaping(handler) { handler in
            let previous = eventHandler
            eventHandler = handler
            defer { eventHandler = previous }
            runQueryString(sql)
        }
    }

    /// Runs `sql` and returns the last statement's result; throws the
    /// first error. Notices are dropped.
    @discardableResult
    public func execute(_ sql: String) throws -> QueryResult {
        var last = QueryResult(commandTag: "")
        var failure: SQLError?
        run(sql) { event in
            switch event {
            case .result(let r): last = r
            case .error(let e): failure = e
            case .notice: break
            }
        }
        if let failure { throw failure }
        return last
    }

    /// Runs `insert` as the query string its text would run, as a
    /// statement of its own in this session's transaction, with its
    /// VALUES given as `rows` already computed: nothing is parsed, and the
    /// values are not read back from text. `text` writes the statement out
    /// when pg_stat_activity asks for it. The planner hook sees it first,
    /// as it sees any statement. Throws the statement's error; notices are
    /// dropped, as `execute(_:)` drops them.
    @discardableResult
    package func executeInsert(
        _ insert: InsertStatement, rows: SuppliedRows, text: @escaping () -> String
    ) throws -> QueryResult {
        try executeParsed(.insert(insert), text: "", activity: text, supplying: rows)
    }

    /// Runs `statement`, parsed already, as the query string `text` (its
    /// one statement) would run; throws its error, drops its notices.
    @discardableResult
    package func execute(_ statement: Statement, text: String) throws -> QueryResult {
        try executeParsed(statement, text: text, activity: { text }, supplying: nil)
    }

    /// One parsed statement run as a query string of its own.
    private func executeParsed(
        _ statement: Statement, text: String, activity: @escaping () -> String,
        supplying rows: SuppliedRows?
    ) throws -> QueryResult {
        beginActivity(lazily: activity)
        defer { endActivity() }
        clearCancel()
        if isTerminated {
            throw SQLError(
                SQLState.adminShutdown, "terminating connection due to administrator command",
                severity: .fatal)
        }
        var result = try withTimeZone {
            try runTopLevel(
                statement, text: text, implicitBlock: false, isLast: true, supplying: rows)
        }
        result.timeZone = timeZone
        return result
    }

    private func runQueryString(_ sql: String) {
        beginActivity(sql)
        defer { endActivity() }
        clearCancel()
        if isTerminated {
            eventHandler?(
                .error(
                    SQLError(
                        SQLState.adminShutdown,
                        "terminating connection due to administrator command", severity: .fatal)))
            return
        }
        var parser = Parser(sql)
        let statements: [ParsedStatement]
        do {
            statements = try parser.parseStatements()
        } catch let error as ParseError {
            for notice in parser.notices { report(parseNotice(notice)) }
            failTransactionBlock()
            eventHandler?(.error(sqlError(from: error)))
            return
        } catch {
            eventHandler?(.error(SQLError(SQLState.internalError, "\(error)")))
            return
        }
        for notice in parser.notices { report(parseNotice(notice)) }
        var cursor = StatementCursor(sql, isASCII: parser.sourceIsASCII)
        for (index, parsed) in statements.enumerated() {
            let text = cursor.text(parsed)
            let isLast = index == statements.count - 1
            let implicitBlock = statements.count > 1
            do {
                var result = try withTimeZone {
                    try runTopLevel(
                        parsed.statement, text: text, implicitBlock: implicitBlock,
                        isLast: isLast)
                }
                result.timeZone = timeZone
                let handler = eventHandler
                withTimeZone { handler?(.result(result)) }
            } catch {
                eventHandler?(.error(asSQLError(error)))
                return
            }
        }
    }

    private func parseNotice(_ notice: ParseNotice) -> SQLError {
        SQLError(notice.sqlState, notice.message, severity: .notice)
    }

    /// A ParseError as the SQLError PostgreSQL would send (1-based
    /// position).
    func sqlError(from error: ParseError) -> SQLError {
        SQLError(
            error.sqlState, error.message, hint: error.hint,
            position: error.position >= 0 ? error.position + 1 : nil)
    }

    /// Any error as an SQLError.
    func asSQLError(_ error: Error) -> SQLError {
        if let e = error as? SQLError { return e }
        if let e = error as? ParseError { return sqlError(from: e) }
        return SQLError(SQLState.internalError, "\(error)")
    }

    /// Sends a notice to the client if client_min_messages lets it through.
    func report(_ notice: SQLError) {
        guard !mutesNotices, shouldSend(notice) else { return }
        eventHandler?(.notice(notice))
    }

    /// Whether a notice of `severity` (at `debugLevel` for debug) would
    /// reach the client, so a caller can skip building one that would not.
    package func wouldSend(_ severity: SQLError.Severity, debugLevel: Int? = nil) -> Bool {
        var probe = SQLError("00000", "", severity: severity)
        probe.debugLevel = debugLevel
        return shouldSend(probe)
    }

    private func shouldSend(_ notice: SQLError) -> Bool {
        let order = [
            "debug5", "debug4", "debug3", "debug2", "debug1", "log", "notice", "warning", "error",
        ]
        let minimum = order.firstIndex(of: settings.value("client_min_messages") ?? "notice") ?? 6
        let level: Int
        switch notice.severity {
        case .debug: level = 5 - min(max(notice.debugLevel ?? 1, 1), 5)
        case .log: level = 5
        case .info: return true
        case .notice: level = 6
        case .warning: level = 7
        default: level = 8
        }
        return level >= minimum
    }
}

/// Cuts statements' texts out of a query string by their scalar offsets,
/// walking its UTF-8 once (statements come in order) instead of copying
/// it into an array of scalars.
private struct StatementCursor {
    private let utf8: String.UTF8View
    private var index: String.UTF8View.Index
    private var offset = 0
    /// An ASCII string's scalar offsets are its byte offsets.
    private let isASCII: Bool

    init(_ sql: String, isASCII: Bool) {
        utf8 = sql.utf8
        index = utf8.startIndex
        self.isASCII = isASCII
    }

    /// The text of `parsed`, which must not start before the previous one.
    mutating func text(_ parsed: ParsedStatement) -> String {
        let start = advance(to: max(parsed.start, offset))
        let end = advance(to: max(parsed.end, offset))
        return String(decoding: utf8[start..<end], as: UTF8.self)
    }

    /// Moves to scalar offset `target` (clamped to the string's end): one
    /// scalar is a lead byte and its continuation bytes (10xxxxxx).
    private mutating func advance(to target: Int) -> String.UTF8View.Index {
        let end = utf8.endIndex
        if isASCII {
            let step = min(target, utf8.count) - offset
            if step > 0 {
                index = utf8.index(index, offsetBy: step)
                offset += step
            }
            return index
        }
        while offset < target && index < end {
            utf8.formIndex(after: &index)
            while index < end && utf8[index] & 0xC0 == 0x80 { utf8.formIndex(after: &index) }
            offset += 1
        }
        return index
    }
}
