// `\c[onnect] [-reuse-previous=on|off] [DBNAME [USER [HOST [PORT]]]]` and
// `\c CONNINFO` (command.c's exec_command_connect and do_connect): `-` or
// an omitted argument keeps the previous value, a connection string
// (`host=localhost port=9701`, `postgresql://localhost:9701/citus`) starts
// from the defaults instead. The message names host and port when either
// changed. A failed attempt keeps the old connection at a terminal and
// drops it in a script, which then ends with status 2.

extension PsqlShell {
    /// Runs `\c`.
    func connectCommand(_ name: String, _ arguments: inout SlashArguments) -> SlashResult {
        let prefix = "-reuse-previous="
        var first = Self.connectArgument(&arguments)
        var reuse: Bool?
        if let option = first, option.hasPrefix(prefix) {
            let value = String(option.dropFirst(prefix.count))
            guard let flag = Variables.parseBool(value) else {
                logError(
                    "unrecognized value \"\(value)\" for \"-reuse-previous\": Boolean expected")
                return .error
            }
            reuse = flag
            first = Self.connectArgument(&arguments)
        }
        let user = Self.connectArgument(&arguments)
        let host = Self.connectArgument(&arguments)
        let port = Self.connectArgument(&arguments)

        var next: ConnectionTarget
        if let first, ConnectionString.isConnectionString(first) {
            if user != nil || host != nil || port != nil {
                logError(
                    "Do not give user, host, or port separately when using a connection string")
                return .error
            }
            next = reuse == true ? target : Self.defaultTarget
            do {
                try ConnectionString.apply(first, to: &next)
            } catch {
                return connectFailed(String(describing: error))
            }
        } else if let first, user == nil, host == nil, port == nil,
            let node = Self.nodeShortcut(first)
        {
            next = reuse ?? true ? target : Self.defaultTarget
            next.host = node.host
            next.port = node.port
        } else {
            next = reuse ?? true ? target : Self.defaultTarget
            if let first { next.database = first }
            if let user { next.user = user }
            if let host { next.host = host }
            if let port { next.port = port }
        }
        return connect(to: next)
    }

    /// citus-sim's own shorthand for the cluster's nodes, in place of a
    /// database name: `localhost:9701`, `worker1` (the first worker) or
    /// `coordinator`. psql has no such form; the simulated cluster has no
    /// databases with these names, so nothing psql accepts changes meaning.
    static func nodeShortcut(_ word: String) -> (host: String, port: String)? {
        if word == "coordinator" { return ("localhost", "9700") }
        if word.hasPrefix("worker"), let n = Int(word.dropFirst("worker".count)), n >= 1 {
            return ("localhost", String(9700 + n))
        }
        let parts = word.split(separator: ":", omittingEmptySubsequences: false)
        if parts.count == 2, !parts[0].isEmpty, let port = Int(parts[1]), port > 0 {
            return (String(parts[0]), String(port))
        }
        return nil
    }

    /// The parameters psql uses for what a connection does not say: the
    /// simulator's user and database, the default socket and port.
    static let defaultTarget = ConnectionTarget(user: "postgres", database: "citus")

    /// psql's read_connect_arg: an argument, nil for `-` or an empty
    /// unquoted one.
    private static func connectArgument(_ arguments: inout SlashArguments) -> String? {
        guard let text = arguments.next(.sqlIdentifierKeepingCase) else { return nil }
        if arguments.lastQuote != nil { return text.isEmpty ? nil : text }
        return text.isEmpty || text == "-" ? nil : text
    }

    /// Opens the connection `next` describes and reports it.
    private func connect(to next: ConnectionTarget) -> SlashResult {
        guard let connector else {
            logError("\\connect: cannot open another connection here")
            return .error
        }
        let previous = isConnected ? connection.endpoint : nil
        let opened: QueryConnection
        do {
            opened = try connector(next)
        } catch {
            return connectFailed(String(describing: error))
        }
        replaceConnection(opened, target: next)
        if let previous, previous.host == opened.endpoint.host,
            previous.port == opened.endpoint.port
        {
            inform(
                "You are now connected to database \"\(opened.database)\" as user "
                    + "\"\(opened.user)\".")
        } else {
            inform("You are now connected to " + connectionText(opened) + ".")
        }
        return .skip
    }

    /// Reports a failed `\c`: at a terminal the old connection stays; in
    /// a script it is gone.
    private func connectFailed(_ message: String) -> SlashResult {
        if interactive {
            logInfo(message)
            if isConnected { logInfo("Previous connection kept") }
        } else {
            logError("\\connect: " + message)
            dropConnection()
        }
        return .error
    }

    /// `database "citus" as user "postgres" on host "localhost" (address
    /// "127.0.0.1") at port "9701"`, as `\conninfo` and `\c` word it.
    func connectionText(_ connection: QueryConnection) -> String {
        let endpoint = connection.endpoint
        let who = "database \"\(connection.database)\" as user \"\(connection.user)\""
        let port = "at port \"\(endpoint.port)\""
        if endpoint.isSocket {
            return who + " via socket in \"\(endpoint.host)\" " + port
        }
        if let address = endpoint.address, address != endpoint.host {
            return who + " on host \"\(endpoint.host)\" (address \"\(address)\") " + port
        }
        return who + " on host \"\(endpoint.host)\" " + port
    }
}
