// The state of one psql session (psql's `pset`): the connection, the
// print settings, the variables and the flags they drive, and psql's way
// of reporting its own messages (`psql:FILE:LINE: error: ...`).

/// psql's ECHO settings.
enum EchoMode: String, CaseIterable {
    case none, errors, queries, all
}

/// One psql session over one connection.
final class PsqlShell {
    /// The server connection (the last one, once it is lost).
    private(set) var connection: QueryConnection
    /// False once a failed `\\connect` in a script dropped the connection.
    private(set) var isConnected = true
    /// The parameters `connection` was opened with.
    var target = ConnectionTarget(user: "postgres", database: "citus")
    /// Opens another connection for `\\connect`; throws
    /// `ConnectionFailure` with libpq's message.
    var connector: ((ConnectionTarget) throws -> QueryConnection)?
    /// Standard output and error.
    let console: Console
    /// Table layout settings.
    var printOptions = PrintOptions()
    /// psql variables.
    var variables = Variables()
    /// Error and notice formatting (VERBOSITY, SHOW_CONTEXT).
    var messageFormatter = MessageFormatter()

    /// QUIET: no command tags or informational messages.
    var quiet = false
    /// ECHO.
    var echo = EchoMode.none
    /// ON_ERROR_STOP.
    var onErrorStop = false
    /// SINGLELINE: end of line ends a statement.
    var singleLine = false
    /// AUTOCOMMIT.
    var autocommit = true
    /// `\timing`.
    var timing = false

    /// The file being run, for the `psql:FILE:LINE:` prefix; nil for
    /// `-c` and for standard input read without `-f`.
    var inputFile: String?
    /// The line of `inputFile` being read.
    var lineNumber = 0
    /// The input being read, where COPY FROM STDIN's data follows the
    /// statement.
    var currentSource: LineSource?
    /// `\copy`'s data source and destination while it runs (a file), in
    /// place of the script's lines and standard output.
    var copyInput: (() -> String?)?
    var copyOutput: ((String) -> Void)?
    /// Whether input comes from a person at a terminal.
    var interactive = false
    /// psql's PG_LOG_FLAG_TERSE: messages without the `psql:` and
    /// `error:` words.
    var terseLogging = false
    /// Set by Ctrl-C; checked between statements.
    var cancelPressed = false
    /// Where relative file names of `-f` and `\\i` are looked up; nil for
    /// the working directory. Messages still show the name as given.
    var baseDirectory: String?
    /// Cancels running statements on Ctrl-C; nil when embedded.
    var interruptHandler: InterruptHandler?
    /// The `\if` stack of the current input source.
    var conditionals = ConditionalStack()
    /// `\gx`: the expanded setting for the next query only.
    var pendingExpanded: PrintOptions.Expanded?
    /// `\gset`: store the next query's row in variables with this prefix.
    var pendingGsetPrefix: String?
    /// Set by `\bg`: the next query string starts a background session.
    var pendingBackground = false

    /// Creates a session with psql's default variables.
    init(connection: QueryConnection, console: Console) {
        self.connection = connection
        self.console = console
        let defaults: [(String, String)] = [
            ("AUTOCOMMIT", "on"), ("COMP_KEYWORD_CASE", "preserve-upper"),
            ("ECHO", "none"), ("ECHO_HIDDEN", "off"), ("ENCODING", "UTF8"),
            ("FETCH_COUNT", "0"), ("HIDE_TABLEAM", "off"),
            ("HIDE_TOAST_COMPRESSION", "off"), ("HISTCONTROL", "none"),
            ("HISTSIZE", "500"), ("IGNOREEOF", "0"), ("LAST_ERROR_MESSAGE", ""),
            ("LAST_ERROR_SQLSTATE", "00000"), ("ON_ERROR_ROLLBACK", "off"),
            ("ON_ERROR_STOP", "off"), ("PROMPT1", "%/%R%x%# "), ("PROMPT2", "%/%R%x%# "),
            ("PROMPT3", ">> "), ("QUIET", "off"), ("SHOW_ALL_RESULTS", "on"),
            ("SHOW_CONTEXT", "errors"), ("SINGLELINE", "off"), ("SINGLESTEP", "off"),
            ("VERBOSITY", "default"), ("VERSION", ServerIdentity.versionString),
            ("VERSION_NAME", ServerIdentity.versionName),
            ("VERSION_NUM", ServerIdentity.versionNumber),
        ]
        for (name, value) in defaults { variables.setRaw(name, value) }
        noteConnection()
    }

    /// Replaces the connection (`\\connect`).
    func replaceConnection(_ newConnection: QueryConnection, target newTarget: ConnectionTarget) {
        connection = newConnection
        target = newTarget
        isConnected = true
        noteConnection()
    }

    /// Forgets the connection, as psql does when `\\connect` fails in a
    /// script; queries then fail until the next `\\connect` succeeds.
    func dropConnection() {
        isConnected = false
    }

    /// psql's complaint about a query sent without a connection; true
    /// when there is one.
    func checkConnected() -> Bool {
        if !isConnected { logError("You are currently not connected to a database.") }
        return isConnected
    }

    /// Sets the variables that describe the connection.
    func noteConnection() {
        variables.setRaw("DBNAME", connection.database)
        variables.setRaw("USER", connection.user)
        variables.setRaw("HOST", connection.endpoint.host)
        variables.setRaw("PORT", String(connection.endpoint.port))
        variables.setRaw("SERVER_VERSION_NAME", ServerIdentity.versionName)
        variables.setRaw("SERVER_VERSION_NUM", ServerIdentity.versionNumber)
    }

    // MARK: - Variables with psql's hooks

    /// Assigns a variable as `\set` does, applying the special variables'
    /// meaning; nil unsets. Returns false (after reporting) when the value
    /// is not acceptable.
    @discardableResult
    func setVariable(_ name: String, _ value: String?) -> Bool {
        guard Variables.isValidName(name) else {
            logError("invalid variable name: \"\(name)\"")
            return false
        }
        switch name {
        case "ON_ERROR_STOP", "QUIET", "SINGLELINE", "AUTOCOMMIT", "SINGLESTEP",
            "ECHO_HIDDEN", "SHOW_ALL_RESULTS", "HIDE_TABLEAM", "HIDE_TOAST_COMPRESSION":
            return setBoolVariable(name, value)
        case "ECHO":
            return setEnumVariable(name, value, default: "none", EchoMode.self) {
                self.echo = $0
            }
        case "VERBOSITY":
            return setEnumVariable(name, value, default: "default", Verbosity.self) {
                self.messageFormatter.verbosity = $0
            }
        case "SHOW_CONTEXT":
            return setEnumVariable(name, value, default: "errors", ContextVisibility.self) {
                self.messageFormatter.showContext = $0
            }
        default:
            variables.setRaw(name, value)
            return true
        }
    }

    /// A boolean special variable; unsetting restores `off` (or `on` for
    /// AUTOCOMMIT and SHOW_ALL_RESULTS).
    private func setBoolVariable(_ name: String, _ value: String?) -> Bool {
        let fallback = name == "AUTOCOMMIT" || name == "SHOW_ALL_RESULTS"
        let stored = value ?? (fallback ? "on" : "off")
        guard let flag = Variables.parseBool(stored) else {
            logError("unrecognized value \"\(stored)\" for \"\(name)\": Boolean expected")
            return false
        }
        switch name {
        case "ON_ERROR_STOP": onErrorStop = flag
        case "QUIET": quiet = flag
        case "SINGLELINE": singleLine = flag
        case "AUTOCOMMIT": autocommit = flag
        default: break
        }
        variables.setRaw(name, stored)
        return true
    }

    /// A special variable with a fixed set of values.
    private func setEnumVariable<Setting: RawRepresentable & CaseIterable>(
        _ name: String, _ value: String?, default fallback: String, _ type: Setting.Type,
        apply: (Setting) -> Void
    ) -> Bool where Setting.RawValue == String {
        let stored = value ?? fallback
        guard let setting = Setting(rawValue: stored.lowercased()) else {
            let allowed = Setting.allCases.map(\.rawValue).joined(separator: ", ")
            logError("unrecognized value \"\(stored)\" for \"\(name)\"")
            logDetail("Available values are: \(allowed).")
            return false
        }
        apply(setting)
        variables.setRaw(name, stored)
        return true
    }

    /// Looks a variable up for the scanners, quoting as asked.
    func lookupVariable(_ name: String, _ quoting: VariableQuoting) -> String? {
        guard let value = variables[name] else { return nil }
        switch quoting {
        case .plain: return value
        case .literal: return Variables.quoteLiteral(value)
        case .identifier: return Variables.quoteIdentifier(value)
        }
    }

    // MARK: - psql's own messages

    /// The prefix of psql's messages: `psql:FILE:LINE: ` while a file
    /// runs, `psql: ` otherwise, nothing in terse mode (which psql uses
    /// for -c and for standard input, to keep regression output stable).
    private func messagePrefix() -> String {
        var prefix = terseLogging ? "" : "psql:"
        if let inputFile {
            prefix += lineNumber > 0 ? "\(inputFile):\(lineNumber):" : "\(inputFile):"
        }
        return prefix.isEmpty ? "" : prefix + " "
    }

    /// A server message or other text psql prints at INFO level.
    func logInfo(_ text: String) {
        var body = text
        if body.hasSuffix("\n") { body.removeLast() }
        console.writeError(messagePrefix() + body + "\n")
    }

    /// psql's `error: ...` message.
    func logError(_ text: String) {
        console.writeError(messagePrefix() + (terseLogging ? "" : "error: ") + text + "\n")
    }

    /// psql's `warning: ...` message.
    func logWarning(_ text: String) {
        console.writeError(messagePrefix() + (terseLogging ? "" : "warning: ") + text + "\n")
    }

    /// A detail line under a psql error, printed without a prefix.
    func logDetail(_ text: String) {
        console.writeError(text + "\n")
    }

    /// A fatal error before any script ran: `psql: error: ...`.
    func logFatal(_ text: String) {
        console.writeError("psql: error: " + text + "\n")
    }

    /// Prints informational output unless QUIET is set.
    func inform(_ text: String) {
        if !quiet { console.write(text + "\n") }
    }
}

/// What the simulated server reports about itself (psql's VERSION and
/// SERVER_VERSION variables, `\conninfo`).
enum ServerIdentity {
    /// The PostgreSQL release the engine reproduces.
    static let versionName = "15.18 (Debian 15.18-0+deb12u1)"
    /// server_version_num.
    static let versionNumber = "150018"
    /// `SELECT version()` of the reference server.
    static let versionString =
        "PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on "
        + "x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit"
}
