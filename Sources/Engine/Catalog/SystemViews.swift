// The system views a new database has in pg_catalog, as PostgreSQL's
// system_views.sql defines them over its built-in functions: for now
// pg_stat_activity over pg_stat_get_activity(pid), which reads the
// backend status of every session of the node (SessionRegistry).
import SQLParser

/// Installs the engine's own system views and the functions they read.
enum SystemViews {
    /// The library the built-in functions of system views live in.
    static let libraryName = "postgres"

    /// pg_stat_get_activity's result columns: pg_stat_activity's, in its
    /// order and with its types.
    // TODO(#6): PostgreSQL's function leaves datname and usename to joins
    // with pg_database and pg_authid; until those catalogs exist it
    // returns the names itself.
    static let activityColumns: [(name: String, type: PGType)] = [
        ("datid", .oid), ("datname", .name), ("pid", .int4), ("leader_pid", .int4),
        ("usesysid", .oid), ("usename", .name), ("application_name", .text),
        ("client_addr", .inet), ("client_hostname", .text), ("client_port", .int4),
        ("backend_start", .timestamptz), ("xact_start", .timestamptz),
        ("query_start", .timestamptz), ("state_change", .timestamptz),
        ("wait_event_type", .text), ("wait_event", .text), ("state", .text),
        ("backend_xid", .xid), ("backend_xmin", .xid), ("query_id", .int8),
        ("query", .text), ("backend_type", .text),
    ]

    /// Adds pg_stat_get_activity and pg_stat_activity to `catalog`.
    static func install(into catalog: inout Catalog) {
        let function = UserFunctionDefinition(
            schema: "pg_catalog", name: "pg_stat_get_activity",
            parameters: [FunctionParameter(name: "pid", type: TypeName(["int4"]))],
            parameterTypes: [.int4], returnType: .record, returnsSet: true,
            resultColumns: activityColumns, language: "c", body: "pg_stat_get_activity",
            volatility: .stable)
        var withLibrary = function
        withLibrary.library = libraryName
        catalog.functions["pg_catalog.pg_stat_get_activity"] = [withLibrary]
        let names = activityColumns.map(\.name).joined(separator: ", ")
        let sql = "SELECT \(names) FROM pg_catalog.pg_stat_get_activity(NULL::integer) s"
        var parser = Parser(sql)
        guard case .select(let query)? = try? parser.parseStatements().first?.statement else {
            return
        }
        let view = ViewDefinition(
            oid: catalog.allocateOID(), schema: "pg_catalog", name: "pg_stat_activity",
            columns: activityColumns, query: query, dependencies: [], isSystem: true)
        catalog.addView(view)
    }
}

/// The built-in functions system views read, as a native library.
final class SystemViewLibrary: NativeLibrary {
    func function(_ symbol: String) -> NativeFunction? { nil }

    func setFunction(_ symbol: String) -> NativeSetFunction? {
        symbol == "pg_stat_get_activity" ? { try Self.activity($0) } : nil
    }

    /// One row per client backend (or only `pid`'s), by pid.
    private static func activity(_ call: NativeCall) throws -> [Row] {
        var pid: Int32?
        if case .int4(let wanted)? = call.arguments.first { pid = wanted }
        return call.session.engine.sessions.sessions
            .map(\.activity)
            .filter { pid == nil || $0.pid == pid }
            .map(row)
    }

    /// A session's row. Connections are local (Unix socket: no address,
    /// port -1); an idle backend waits on its client.
    // TODO(#6): backend_xid and backend_xmin, and the wait event of a
    // sleeping backend.
    private static func row(_ a: SessionActivity) -> Row {
        let idle = a.state != .active
        let optionalTime: (Int64?) -> Value = { $0.map { .timestamptz($0) } ?? .null }
        return [
            .int4(databaseOID), .text(a.database), .int4(a.pid), .null,
            a.user == "postgres" ? .int4(superuserOID) : .null, .text(a.user),
            .text(a.applicationName),
            .null, .null, .int4(-1),
            .timestamptz(a.backendStart), optionalTime(a.transactionStart),
            optionalTime(a.queryStart), .timestamptz(a.stateChange),
            idle ? .text("Client") : a.waitEvent.map { .text($0.type) } ?? .null,
            idle ? .text("ClientRead") : a.waitEvent.map { .text($0.name) } ?? .null,
            .text(a.state.rawValue), .null, .null, .null,
            .text(a.query), .text(a.backendType),
        ]
    }

    /// The database's OID: the first one left for databases created
    /// after initdb's.
    // TODO(#6): pg_database and pg_authid (roles other than the
    // bootstrap superuser have no OID until then).
    static let databaseOID: Int32 = 16384
    /// The bootstrap superuser's OID (BOOTSTRAP_SUPERUSERID).
    static let superuserOID: Int32 = 10
}
