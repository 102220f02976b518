// What the CLI needs from a server connection, in libpq's terms: send one
// query string (simple-query protocol), receive notices, results and an
// error in order, know the transaction status, and cancel from any thread.

/// A connection psql-style code talks to; `EngineConnection` implements it
/// on an embedded node.
protocol QueryConnection: AnyObject {
    /// The role name, as `%n` in a prompt and `\conninfo` show it.
    var user: String { get }
    /// The database name, as `%/` in a prompt shows it.
    var database: String { get }
    /// Where the connection was made (PQhost, PQhostaddr, PQport).
    var endpoint: ConnectionEndpoint { get }
    /// Whether the role is a superuser (`#` in the prompt, else `>`).
    var isSuperuser: Bool { get }
    /// PQtransactionStatus: idle, in a block, or in a failed block.
    var transactionStatus: TransactionState { get }

    /// Runs `sql` (possibly several statements) with simple-query
    /// semantics, handing each notice, result and error to `handler` in
    /// the order the server produced them.
    func run(_ sql: String, handler: (ServerEvent) -> Void)

    /// Where COPY FROM STDIN reads its data while a query runs: the next
    /// line without its newline, nil at the end (psql's PQputCopyData).
    var copyInReader: (() -> String?)? { get set }

    /// Asks the running statement to stop (PQcancel); safe from any thread.
    func cancel()

    /// Starts `sql` in a new session of the same node, in the background.
    func startBackground(_ sql: String) throws -> BackgroundJobInfo
    /// The background sessions started on the node, oldest first.
    var backgroundJobs: [BackgroundJobInfo] { get }
}

/// A background session as `\bg` and `\jobs` show it.
struct BackgroundJobInfo {
    var number: Int
    var pid: Int32
    /// running, done, or failed.
    var state: String
    var query: String
    /// The error that stopped a failed job, as `SEVERITY:  message`.
    var error: String?
}

/// The transaction state the server reports after each query.
enum TransactionState {
    case idle
    case inTransaction
    case failed
}

/// One message from the server while a query string runs.
enum ServerEvent {
    case notice(ServerMessage)
    case result(ResultSet)
    case error(ServerMessage)
}

/// An error or notice with the fields of PostgreSQL's ErrorResponse that
/// psql prints.
struct ServerMessage: Equatable {
    /// `ERROR`, `NOTICE`, `WARNING`, ...
    var severity: String
    /// The five-character SQLSTATE.
    var sqlState: String
    /// The primary message.
    var message: String
    /// The DETAIL line, if any.
    var detail: String?
    /// The HINT line, if any.
    var hint: String?
    /// 1-based character position in the query string sent.
    var position: Int?
    /// 1-based character position in `internalQuery`.
    var internalPosition: Int?
    /// The query a PL/pgSQL error happened in (psql's QUERY line).
    var internalQuery: String?
    /// The CONTEXT lines, joined by newlines.
    var context: String?
}

/// The outcome of one statement: a command tag, and for row-returning
/// statements the column descriptions and the rows as text (nil for NULL).
struct ResultSet {
    /// `SELECT 3`, `INSERT 0 1`, `CREATE TABLE`; empty for an empty query.
    var commandTag: String
    /// Column names and type OIDs; nil when the statement returns no rows.
    var columns: [ResultColumn]?
    /// Each row's values in text form, nil for SQL NULL.
    var rows: [[String?]]
    /// COPY TO STDOUT's data (PQgetCopyData's), printed as it is.
    var copyData: String?
}

/// One column of a result: its name and the OID of its type.
struct ResultColumn: Equatable {
    /// The column name as the server reports it (`?column?` if none).
    var name: String
    /// The type OID, which decides the alignment (numbers go right).
    var typeOID: Int32
}

/// Connections that cannot start sessions of their own.
struct BackgroundUnavailable: Error, CustomStringConvertible {
    var description: String { "this connection cannot start background sessions" }
}

extension QueryConnection {
    func startBackground(_ sql: String) throws -> BackgroundJobInfo {
        throw BackgroundUnavailable()
    }

    var backgroundJobs: [BackgroundJobInfo] { [] }
}
