// Where a connection goes and where it arrived, in libpq's terms (dbname,
// user, host, port; PQhost, PQhostaddr, PQport), and the simulated
// machine's network: every node of the cluster listens on a port of
// localhost (127.0.0.1) and in the default socket directory, and an
// attempt anywhere else fails with libpq's message.

import Foundation

/// The connection parameters psql hands libpq.
struct ConnectionTarget: Equatable {
    var user: String
    var database: String
    /// A host name, an IP address or a socket directory (starting with
    /// `/`); nil for the default socket directory.
    var host: String?
    /// The port as given; nil for the default.
    var port: String?
    /// application_name, when the connection string sets one.
    var applicationName: String?
}

/// Where a connection was made, as PQhost, PQhostaddr and PQport report.
struct ConnectionEndpoint: Equatable {
    /// The host name, IP address or socket directory.
    var host: String
    /// The address a host name resolved to; nil for an IP address or a
    /// socket.
    var address: String?
    var port: Int

    /// True for a Unix-domain socket.
    var isSocket: Bool { host.hasPrefix("/") }
}

/// A connection attempt that failed, with libpq's message (which may span
/// lines).
struct ConnectionFailure: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// The simulated machine's network.
enum LocalNetwork {
    /// The socket directory of Debian's PostgreSQL packages, psql's
    /// default.
    static let socketDirectory = "/var/run/postgresql"
    /// The port psql uses when none is given: the coordinator's.
    static let defaultPort = 9700

    /// The endpoint `target` reaches and what listens there (`listener`
    /// maps a port to its node), or libpq's failure.
    static func connect<Node>(_ target: ConnectionTarget, listener: (Int) -> Node?) throws
        -> (ConnectionEndpoint, Node)
    {
        let port = try parsePort(target.port)
        let host = target.host.flatMap { $0.isEmpty ? nil : $0 } ?? socketDirectory
        let endpoint: ConnectionEndpoint
        if host.hasPrefix("/") {
            endpoint = ConnectionEndpoint(host: host, address: nil, port: port)
        } else if host == "localhost" {
            endpoint = ConnectionEndpoint(host: host, address: "127.0.0.1", port: port)
        } else if isIPv4(host) {
            endpoint = ConnectionEndpoint(host: host, address: nil, port: port)
        } else {
            throw ConnectionFailure(
                message: "could not translate host name \"\(host)\" to address: "
                    + "Name or service not known")
        }
        let reachable =
            endpoint.isSocket
            ? endpoint.host == socketDirectory : (endpoint.address ?? host).hasPrefix("127.")
        guard reachable, let node = listener(port) else { throw refusal(endpoint) }
        return (endpoint, node)
    }

    /// libpq's port parsing: an integer, surrounding spaces allowed,
    /// between 1 and 65535.
    private static func parsePort(_ text: String?) throws -> Int {
        guard let text else { return defaultPort }
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let value = Int(trimmed) else {
            throw ConnectionFailure(
                message: "invalid integer value \"\(text)\" for connection option \"port\"")
        }
        guard (1...65535).contains(value) else {
            throw ConnectionFailure(message: "invalid port number: \"\(text)\"")
        }
        return value
    }

    /// A dotted-quad IPv4 address.
    private static func isIPv4(_ host: String) -> Bool {
        let parts = host.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 4 && parts.allSatisfy { UInt8($0) != nil }
    }

    /// libpq's message when nothing listens at `endpoint`.
    private static func refusal(_ endpoint: ConnectionEndpoint) -> ConnectionFailure {
        if endpoint.isSocket {
            return ConnectionFailure(
                message: "connection to server on socket "
                    + "\"\(endpoint.host)/.s.PGSQL.\(endpoint.port)\" failed: "
                    + "No such file or directory\n"
                    + "\tIs the server running locally and accepting connections on that socket?")
        }
        let address = endpoint.address.map { " (\($0))" } ?? ""
        return ConnectionFailure(
            message: "connection to server at \"\(endpoint.host)\"\(address), port "
                + "\(endpoint.port) failed: Connection refused\n"
                + "\tIs the server running on that host and accepting TCP/IP connections?")
    }
}
