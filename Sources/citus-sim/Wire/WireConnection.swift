// One client connection, PostgreSQL's backend side of protocol 3.0: the
// startup packet (with SSLRequest and GSSENCRequest refused by 'N' and
// CancelRequest passed to the server), authentication, the session's
// ParameterStatus and BackendKeyData, then messages until Terminate.

import Engine

/// The server side of one connection.
final class WireConnection {
    let stream: SocketStream
    let server: WireServer
    /// Whether the client came through the Unix-domain socket.
    let isSocket: Bool
    /// The key a CancelRequest for this backend must carry.
    let secretKey = Int32.random(in: Int32.min...Int32.max)
    /// The session, once the client is authenticated.
    private(set) var session: Session?
    /// Backend messages not yet sent.
    var out = MessageWriter()
    /// ParameterStatus values the client was last told.
    var reported: [String: String] = [:]
    /// The extended protocol's prepared statements and portals.
    var extended = ExtendedState()

    init(stream: SocketStream, server: WireServer, isSocket: Bool) {
        self.stream = stream
        self.server = server
        self.isSocket = isSocket
    }

    /// Serves the connection until the client leaves or a FATAL error.
    func run() {
        defer { stream.close() }
        guard let startup = readStartup() else { return }
        guard server.admit() else {
            sendError(fatal("53300", "sorry, too many clients already"))
            flush()
            return
        }
        var pid: Int32?
        defer {
            // A transaction the client left open ends as PostgreSQL ends
            // it when a backend exits: rolled back.
            if let session, session.transactionStatus != .idle {
                _ = try? session.execute("ROLLBACK")
            }
            server.release(pid: pid)
        }
        guard authenticate(user: startup.user) else { return }
        // TODO(#7): databases other than citus, and roles, once the engine
        // has pg_database and pg_authid; every name reaches the one node.
        let session = server.database.connect(user: startup.user, database: startup.database)
        self.session = session
        pid = session.backendID
        do {
            for (name, value) in startup.settings {
                try session.setStartupParameter(name, value)
            }
        } catch let error as SQLError {
            var failure = error
            failure.severity = .fatal
            sendError(failure)
            flush()
            return
        } catch {
            return
        }
        server.register(self, pid: session.backendID)
        out.message(UInt8(ascii: "R")) { $0.int32(0) }
        reportParameters(session)
        out.message(UInt8(ascii: "K")) {
            $0.int32(session.backendID)
            $0.int32(secretKey)
        }
        sendReady(session)
        flush()
        serve(session)
    }

    /// The message loop of a ready session.
    private func serve(_ session: Session) {
        while true {
            if let timeout = idleTimeout(session),
                !stream.awaitInput(milliseconds: timeout.milliseconds)
            {
                sendError(timeout.error)
                flush()
                return
            }
            let message: (type: UInt8, body: [UInt8])
            do {
                guard let read = try readMessage() else { return }
                message = read
            } catch let violation as ProtocolViolation {
                sendError(fatal("08P01", violation.message))
                flush()
                return
            } catch {
                return
            }
            do {
                guard try dispatch(message.type, message.body, session) else { return }
            } catch let violation as ProtocolViolation {
                sendError(fatal("08P01", violation.message))
                flush()
                return
            } catch {
                return
            }
            if !stream.hasBufferedInput || out.bytes.count > 65536 { flush() }
        }
    }

    /// How long the session may wait for its next message, and the FATAL
    /// error that ends it after that: idle_in_transaction_session_timeout
    /// inside a transaction block, idle_session_timeout outside one.
    private func idleTimeout(_ session: Session) -> (milliseconds: Int64, error: SQLError)? {
        if session.transactionStatus != .idle {
            return session.timeoutMilliseconds("idle_in_transaction_session_timeout").map {
                ($0, fatal("25P03", "terminating connection due to idle-in-transaction timeout"))
            }
        }
        return session.timeoutMilliseconds("idle_session_timeout").map {
            ($0, fatal("57P05", "terminating connection due to idle-session timeout"))
        }
    }

    /// Handles one message; false when the connection should end.
    private func dispatch(_ type: UInt8, _ body: [UInt8], _ session: Session) throws -> Bool {
        switch type {
        case UInt8(ascii: "Q"):
            var reader = MessageReader(body)
            let sql = try reader.cString()
            try reader.finish()
            return simpleQuery(sql, session)
        case UInt8(ascii: "X"):
            return false
        case UInt8(ascii: "d"), UInt8(ascii: "c"), UInt8(ascii: "f"):
            // Left over from a COPY that already failed: dropped, as
            // PostgreSQL drops them.
            return true
        default:
            return try extendedMessage(type, body, session)
        }
    }

    // MARK: - Startup

    /// What the startup packet asked for.
    struct Startup {
        var user: String
        var database: String
        /// Parameters to set in the session (application_name, options'
        /// `-c name=value`, any other setting named in the packet).
        var settings: [(String, String)]
    }

    /// Reads startup packets until a protocol 3.0 one, answering SSL and
    /// GSSAPI encryption requests with 'N'; nil when the connection ends
    /// (a CancelRequest, an unusable packet, or an error sent).
    private func readStartup() -> Startup? {
        while true {
            guard let header = stream.read(4) else { return nil }
            var lengthReader = MessageReader(header)
            guard let length = try? lengthReader.int32(), length >= 8, length <= 10000,
                let body = stream.read(Int(length) - 4)
            else { return nil }
            var reader = MessageReader(body)
            guard let code = try? reader.int32() else { return nil }
            switch code {
            case 80_877_103, 80_877_104:
                // SSLRequest, GSSENCRequest: not offered.
                guard stream.write([UInt8(ascii: "N")]) else { return nil }
                continue
            case 80_877_102:
                if let pid = try? reader.int32(), let key = try? reader.int32() {
                    server.cancel(pid: pid, key: key)
                }
                return nil
            default:
                return startupParameters(code, &reader)
            }
        }
    }

    /// The parameters of a startup packet of protocol `code`.
    private func startupParameters(_ code: Int32, _ reader: inout MessageReader) -> Startup? {
        let major = UInt32(bitPattern: code) >> 16
        let minor = UInt32(bitPattern: code) & 0xFFFF
        guard major == 3 else {
            // Protocol 2's ErrorResponse: the whole text in one string.
            let text =
                "FATAL:  unsupported frontend protocol \(major).\(minor): "
                + "server supports 3.0 to 3.0\n"
            stream.write([UInt8(ascii: "E")] + Array(text.utf8) + [0])
            return nil
        }
        var pairs: [(String, String)] = []
        var unknownOptions: [String] = []
        while true {
            guard let name = try? reader.cString(),
                let value = name.isEmpty ? "" : try? reader.cString()
            else {
                sendError(
                    fatal(
                        "08P01", "invalid startup packet layout: expected terminator as last byte"))
                flush()
                return nil
            }
            if name.isEmpty { break }
            if name.hasPrefix("_pq_.") {
                unknownOptions.append(name)
            } else {
                pairs.append((name, value))
            }
        }
        if minor > 0 || !unknownOptions.isEmpty {
            // NegotiateProtocolVersion: 3.0 and none of the `_pq_` options.
            out.message(UInt8(ascii: "v")) {
                $0.int32(3 << 16)
                $0.int32(Int32(unknownOptions.count))
                for option in unknownOptions { $0.cString(option) }
            }
        }
        var user: String?
        var database: String?
        var settings: [(String, String)] = []
        for (name, value) in pairs {
            switch name {
            case "user": user = value
            case "database": database = value
            case "options": settings += Self.commandLineSettings(value)
            case "replication":
                // TODO(#7): replication connections.
                sendError(fatal("0A000", "replication connections are not supported"))
                flush()
                return nil
            default: settings.append((name, value))
            }
        }
        guard let user, !user.isEmpty else {
            sendError(fatal("28000", "no PostgreSQL user name specified in startup packet"))
            flush()
            return nil
        }
        let name = database.flatMap { $0.isEmpty ? nil : $0 } ?? user
        return Startup(user: user, database: name, settings: settings)
    }

    /// The settings of the `options` parameter: `-c name=value` and
    /// `--name=value`, words separated by spaces (a backslash keeps the
    /// next character, spaces included).
    static func commandLineSettings(_ options: String) -> [(String, String)] {
        var words: [String] = []
        var word = ""
        var escaped = false
        for c in options {
            if escaped {
                word.append(c)
                escaped = false
            } else if c == "\\" {
                escaped = true
            } else if c == " " || c == "\t" || c == "\n" {
                if !word.isEmpty { words.append(word) }
                word = ""
            } else {
                word.append(c)
            }
        }
        if !word.isEmpty { words.append(word) }
        var settings: [(String, String)] = []
        var index = 0
        while index < words.count {
            var item = words[index]
            index += 1
            if item == "-c", index < words.count {
                item = words[index]
                index += 1
            } else if item.hasPrefix("-c") {
                item.removeFirst(2)
            } else if item.hasPrefix("--") {
                item.removeFirst(2)
            } else {
                continue
            }
            guard let equals = item.firstIndex(of: "=") else { continue }
            let name = item[..<equals].replacingOccurrences(of: "-", with: "_")
            settings.append((name, String(item[item.index(after: equals)...])))
        }
        return settings
    }

    // MARK: - Messages

    /// The next message's type and body; nil when the client is gone or
    /// announced a length the server refuses (below 4, or above the
    /// message size limit): PostgreSQL only logs "invalid message length"
    /// and closes, and nothing of such a message is buffered.
    func readMessage() throws -> (type: UInt8, body: [UInt8])? {
        guard let header = stream.read(5) else { return nil }
        var reader = MessageReader(Array(header[1...]))
        let length = Int(try reader.int32())
        guard length >= 4, length - 4 <= server.options.maxMessageSize else { return nil }
        guard let body = stream.read(length - 4) else { return nil }
        return (header[0], body)
    }

    /// Sends what is buffered.
    func flush() {
        guard !out.bytes.isEmpty else { return }
        stream.write(out.bytes)
        out.removeAll()
    }

    /// A FATAL error with `sqlState` and `message`.
    func fatal(_ sqlState: String, _ message: String) -> SQLError {
        SQLError(sqlState, message, severity: .fatal)
    }

    /// ErrorResponse or NoticeResponse with every field the error has.
    func sendError(_ error: SQLError, notice: Bool = false) {
        out.message(UInt8(ascii: notice ? "N" : "E")) { m in
            let fields: [(Character, String?)] = [
                ("S", error.severity.rawValue), ("V", error.severity.rawValue),
                ("C", error.sqlState), ("M", error.message), ("D", error.detail),
                ("H", error.hint), ("P", error.position.map(String.init)),
                ("p", error.internalPosition.map(String.init)), ("q", error.internalQuery),
                ("W", error.context),
            ]
            for case (let code, let value?) in fields {
                m.int8(code.asciiValue ?? 0)
                m.cString(value)
            }
            m.int8(0)
        }
    }

    /// ParameterStatus for every reported parameter whose value the client
    /// has not seen.
    func reportParameters(_ session: Session) {
        for (name, value) in session.reportedParameters where reported[name] != value {
            reported[name] = value
            out.message(UInt8(ascii: "S")) {
                $0.cString(name)
                $0.cString(value)
            }
        }
    }

    /// ReadyForQuery with the transaction status.
    func sendReady(_ session: Session) {
        let status: Character
        switch session.transactionStatus {
        case .idle: status = "I"
        case .inTransaction: status = "T"
        case .failed: status = "E"
        }
        out.message(UInt8(ascii: "Z")) { $0.int8(status.asciiValue ?? 0) }
    }
}
