// The system views a new database has in pg_catalog, as PostgreSQL's
// system_views.sql defines them over its built-in functions: for now
// pg_stat_activity over pg_stat_get_activity(pid), which reads the
// backend status of every session of the node (SessionRegistry), and
// pg_timezone_names / pg_timezone_abbrevs over the tz database and the
// timezone_abbreviations table.
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

    /// pg_timezone_names' and pg_timezone_abbrevs' columns.
    static let zoneNameColumns: [(name: String, type: PGType)] = [
        ("name", .text), ("abbrev", .text), ("utc_offset", .interval), ("is_dst", .bool),
    ]
    static let zoneAbbreviationColumns = Array(zoneNameColumns.dropFirst())

    /// Adds pg_timezone_names() and pg_timezone_abbrevs() and their views,
    /// with PostgreSQL 15's OIDs (outside the range user objects take).
    static func installTimeZoneViews(into catalog: inout Catalog) {
        let views: [(name: String, oid: RelationID, columns: [(name: String, type: PGType)])] = [
            ("pg_timezone_names", 12126, zoneNameColumns),
            ("pg_timezone_abbrevs", 12122, zoneAbbreviationColumns),
        ]
        for (name, oid, columns) in views {
            var function = UserFunctionDefinition(
                schema: "pg_catalog", name: name, parameters: [], parameterTypes: [],
                returnType: .record, returnsSet: true, resultColumns: columns, language: "c",
                body: name, volatility: .stable)
            function.library = libraryName
            catalog.functions["pg_catalog.\(name)"] = [function]
            let list = columns.map { "\(name).\($0.name)" }.joined(separator: ", ")
            let sql = "SELECT \(list) FROM pg_catalog.\(name)() \(name)"
            var parser = Parser(sql)
            guard case .select(let query)? = try? parser.parseStatements().first?.statement
            else { continue }
            catalog.addView(
                ViewDefinition(
                    oid: oid, schema: "pg_catalog", name: name, columns: columns, query: query,
                    dependencies: [], isSystem: true))
        }
    }

    /// Adds pg_stat_get_activity and pg_stat_activity to `catalog`.
    static func install(into catalog: inout Catalog) {
        installTimeZoneViews(into: &catalog)
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
        switch symbol {
        case "pg_stat_get_activity": return { try Self.activity($0) }
        case "pg_timezone_names": return { Self.zoneNames($0) }
        case "pg_timezone_abbrevs": return { Self.zoneAbbreviations($0) }
        default: return nil
        }
    }

    /// One row per zone of the tz database (leap-second zones left out,
    /// as pg_tzenumerate_next leaves them), as it stands at the
    /// transaction's start.
    private static func zoneNames(_ call: NativeCall) -> [Row] {
        let now = call.session.transactionTimestamp
        return ZoneRules.allZoneNames().compactMap { name -> Row? in
            guard let zone = ZoneRules.named(name), zone.isAcceptable else { return nil }
            let type = zone.type(atUTC: now)
            return [
                .text(name), .text(type.abbreviation),
                .interval(Interval(microseconds: type.offset * 1_000_000)),
                .bool(type.isDaylightSaving),
            ]
        }
    }

    /// One row per abbreviation of timezone_abbreviations, a dynamic one
    /// with the meaning it has in its zone now.
    private static func zoneAbbreviations(_ call: NativeCall) -> [Row] {
        let now = call.session.transactionTimestamp
        let sorted = ZoneAbbreviations.table.sorted {
            Array($0.abbreviation.uppercased().utf8).lexicographicallyPrecedes(
                Array($1.abbreviation.uppercased().utf8))
        }
        return sorted.compactMap { entry -> Row? in
            let offset: Int64
            let daylight: Bool
            switch entry.meaning {
            case .fixed(let seconds, let isDaylightSaving):
                (offset, daylight) = (seconds, isDaylightSaving)
            case .dynamic:
                guard
                    let zone = ZoneAbbreviations.rules(entry.meaning, named: entry.abbreviation)
                else { return nil }
                let type = zone.type(atUTC: now)
                (offset, daylight) = (type.offset, type.isDaylightSaving)
            }
            return [
                .text(entry.abbreviation.uppercased()),
                .interval(Interval(microseconds: offset * 1_000_000)), .bool(daylight),
            ]
        }
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
    // TODO(#6): backend_xid and backend_xmin, and the wait events of a
    // sleeping or lock-waiting backend.
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
            idle ? .text("Client") : .null, idle ? .text("ClientRead") : .null,
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
