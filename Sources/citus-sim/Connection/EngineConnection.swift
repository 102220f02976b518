// The CLI's connection to an embedded node: an Engine `Session`, with its
// events turned into the text form psql receives over the wire (each value
// through its type's output function).

import Engine

/// A `QueryConnection` on a `Session` of an in-process `Database`.
final class EngineConnection: QueryConnection {
    /// The node's session.
    let session: Session
    /// Where the session's node was reached.
    let endpoint: ConnectionEndpoint

    /// Wraps `session`, reached at `endpoint`, which gets psql's startup
    /// parameters: application_name `psql` unless the connection string
    /// named another.
    init(
        session: Session,
        endpoint: ConnectionEndpoint = ConnectionEndpoint(
            host: LocalNetwork.socketDirectory, address: nil, port: LocalNetwork.defaultPort),
        applicationName: String? = nil
    ) {
        self.session = session
        self.endpoint = endpoint
        try? session.setStartupParameter("application_name", applicationName ?? "psql")
    }

    /// The session's role.
    var user: String { session.user }
    /// The session's database.
    var database: String { session.database }
    /// The simulator has no roles yet: everyone is a superuser, as the
    /// lab's `postgres` user is.
    var isSuperuser: Bool { true }

    /// The session's transaction state.
    var transactionStatus: TransactionState {
        switch session.transactionStatus {
        case .idle: return .idle
        case .inTransaction: return .inTransaction
        case .failed: return .failed
        }
    }

    /// COPY FROM STDIN's data source, the session's.
    var copyInReader: (() -> String?)? {
        get { session.copyInReader }
        set { session.copyInReader = newValue }
    }

    /// Runs `sql` on the session.
    func run(_ sql: String, handler: (ServerEvent) -> Void) {
        session.run(sql) { event in
            switch event {
            case .notice(let notice):
                handler(.notice(EngineConnection.message(notice)))
            case .error(let error):
                handler(.error(EngineConnection.message(error)))
            case .result(let result):
                handler(.result(EngineConnection.resultSet(result)))
            }
        }
    }

    /// Cancels the running statement.
    func cancel() {
        session.cancel()
    }

    /// An engine error or notice as psql's error fields.
    static func message(_ error: SQLError) -> ServerMessage {
        ServerMessage(
            severity: error.severity.rawValue, sqlState: error.sqlState,
            message: error.message, detail: error.detail, hint: error.hint,
            position: error.position, internalPosition: error.internalPosition,
            internalQuery: error.internalQuery, context: error.context)
    }

    /// A result with every value in text form.
    static func resultSet(_ result: QueryResult) -> ResultSet {
        guard let columns = result.columns else {
            return ResultSet(
                commandTag: result.commandTag, columns: nil, rows: [], copyData: result.copyData)
        }
        var rows: [[String?]] = []
        rows.reserveCapacity(result.rows.count)
        for index in result.rows.indices {
            rows.append(columns.indices.map { result.text(row: index, column: $0) })
        }
        return ResultSet(
            commandTag: result.commandTag,
            columns: columns.map { ResultColumn(name: $0.name, typeOID: $0.type.oid) },
            rows: rows)
    }
}

extension EngineConnection {
    func startBackground(_ sql: String) throws -> BackgroundJobInfo {
        let job = try session.engine.startBackground(
            sql, user: session.user, database: session.database
        ) { background in
            try background.setStartupParameter("application_name", "psql")
        }
        return Self.info(job)
    }

    var backgroundJobs: [BackgroundJobInfo] {
        session.engine.allBackgroundJobs.map(Self.info)
    }

    private static func info(_ job: BackgroundJob) -> BackgroundJobInfo {
        var state = "running"
        var error: String?
        switch job.status {
        case .running: break
        case .finished: state = "done"
        case .failed(let failure):
            state = "failed"
            error = "\(failure.severity.rawValue):  \(failure.message)"
        }
        return BackgroundJobInfo(
            number: job.number, pid: job.session.backendID, state: state, query: job.query,
            error: error)
    }
}
