// libpq's connection strings (fe-connect.c): `key=value` lists with
// single-quoted values, and `postgresql://user@host:port/dbname?key=value`
// URIs. The keys that choose a node (host, port, dbname, user) and
// application_name are used; libpq's other keys are accepted and have no
// effect on an embedded node.

/// Parsing of libpq connection strings.
enum ConnectionString {
    /// libpq's keywords.
    private static let keywords: Set<String> = [
        "host", "hostaddr", "port", "dbname", "user", "password", "passfile",
        "channel_binding", "connect_timeout", "client_encoding", "options",
        "application_name", "fallback_application_name", "keepalives", "keepalives_idle",
        "keepalives_interval", "keepalives_count", "tcp_user_timeout", "replication",
        "gssencmode", "sslmode", "requiressl", "sslcompression", "sslcert", "sslkey",
        "sslpassword", "sslrootcert", "sslcrl", "sslcrldir", "sslsni", "requirepeer",
        "ssl_min_protocol_version", "ssl_max_protocol_version", "krbsrvname", "gsslib",
        "service", "target_session_attrs",
    ]

    /// psql's recognized_connection_string: a URI, or text with an `=`.
    static func isConnectionString(_ text: String) -> Bool {
        text.hasPrefix("postgresql://") || text.hasPrefix("postgres://") || text.contains("=")
    }

    /// Sets what `text` says on `target`; throws `ConnectionFailure` with
    /// libpq's message for a malformed string or an unknown key.
    static func apply(_ text: String, to target: inout ConnectionTarget) throws {
        let pairs = try text.contains("://") ? uriPairs(text) : keywordPairs(text)
        for (key, value) in pairs {
            switch key {
            case "host": target.host = value
            case "port": target.port = value
            case "dbname": target.database = value
            case "user": target.user = value
            case "application_name": target.applicationName = value
            default: break
            }
        }
    }

    /// `key = value ...`; a value may be single-quoted, with `\'` and
    /// `\\` inside.
    private static func keywordPairs(_ text: String) throws -> [(String, String)] {
        var pairs: [(String, String)] = []
        var rest = Substring(text)
        func skipSpaces() { rest = rest.drop { $0.isWhitespace } }
        skipSpaces()
        while !rest.isEmpty {
            let key = String(rest.prefix { $0 != "=" && !$0.isWhitespace })
            rest = rest.dropFirst(key.count)
            skipSpaces()
            guard rest.first == "=" else {
                throw ConnectionFailure(
                    message: "missing \"=\" after \"\(key)\" in connection info string")
            }
            rest.removeFirst()
            skipSpaces()
            var value = ""
            if rest.first == "'" {
                rest.removeFirst()
                var closed = false
                while let character = rest.popFirst() {
                    if character == "'" {
                        closed = true
                        break
                    }
                    if character == "\\", let escaped = rest.popFirst() {
                        value.append(escaped)
                    } else {
                        value.append(character)
                    }
                }
                guard closed else {
                    throw ConnectionFailure(
                        message: "unterminated quoted string in connection info string")
                }
            } else {
                while let character = rest.first, !character.isWhitespace {
                    rest.removeFirst()
                    if character == "\\", let escaped = rest.popFirst() {
                        value.append(escaped)
                    } else {
                        value.append(character)
                    }
                }
            }
            guard keywords.contains(key) else {
                throw ConnectionFailure(message: "invalid connection option \"\(key)\"")
            }
            pairs.append((key, value))
            skipSpaces()
        }
        return pairs
    }

    /// `postgresql://[user[:password]@][host][:port][/dbname][?key=value&...]`.
    private static func uriPairs(_ text: String) throws -> [(String, String)] {
        var rest = Substring(text.drop { $0 != "/" }.dropFirst(2))
        var pairs: [(String, String)] = []
        let authority = rest.prefix { $0 != "/" && $0 != "?" }
        rest = rest.dropFirst(authority.count)
        var hostPort = authority
        if let at = authority.lastIndex(of: "@") {
            let userInfo = authority[..<at]
            let user = userInfo.prefix { $0 != ":" }
            if !user.isEmpty { pairs.append(("user", try decoded(user))) }
            hostPort = authority[authority.index(after: at)...]
        }
        let host = hostPort.prefix { $0 != ":" }
        if !host.isEmpty { pairs.append(("host", try decoded(host))) }
        if host.count < hostPort.count {
            let port = hostPort.dropFirst(host.count + 1)
            if !port.isEmpty { pairs.append(("port", try decoded(port))) }
        }
        if rest.first == "/" {
            rest.removeFirst()
            let database = rest.prefix { $0 != "?" }
            rest = rest.dropFirst(database.count)
            if !database.isEmpty { pairs.append(("dbname", try decoded(database))) }
        }
        if rest.first == "?" {
            for parameter in rest.dropFirst().split(separator: "&") {
                let key = String(parameter.prefix { $0 != "=" })
                guard key.count < parameter.count else {
                    throw ConnectionFailure(
                        message: "missing key/value separator \"=\" in URI query parameter: "
                            + "\"\(parameter)\"")
                }
                guard keywords.contains(key) else {
                    throw ConnectionFailure(message: "invalid URI query parameter: \"\(key)\"")
                }
                pairs.append((key, try decoded(parameter.dropFirst(key.count + 1))))
            }
        }
        return pairs
    }

    /// `part` with its `%XX` escapes decoded.
    private static func decoded(_ part: Substring) throws -> String {
        var bytes: [UInt8] = []
        var index = part.utf8.startIndex
        let utf8 = part.utf8
        while index < utf8.endIndex {
            let byte = utf8[index]
            index = utf8.index(after: index)
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            let end = utf8.index(index, offsetBy: 2, limitedBy: utf8.endIndex) ?? utf8.endIndex
            guard let value = UInt8(String(decoding: utf8[index..<end], as: UTF8.self), radix: 16),
                utf8.distance(from: index, to: end) == 2
            else {
                throw ConnectionFailure(
                    message: "invalid percent-encoded token: \"\(part)\"")
            }
            bytes.append(value)
            index = end
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
