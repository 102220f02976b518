// `citus-sim serve`: the cluster's coordinator reachable over
// PostgreSQL's protocol 3.0, on a TCP port and a Unix-domain socket, as a
// postmaster listens. Each accepted connection gets a thread of its own
// and a session of the coordinator; the engine's statement lock keeps
// their statements one at a time, as for the REPL's background sessions.

import Engine
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// How the server listens and whom it lets in.
struct ServeOptions {
    /// listen_addresses: an IPv4 address, `localhost` or `*`.
    var host = "127.0.0.1"
    /// The TCP port; 0 picks a free one.
    var port = 5432
    /// unix_socket_directories; nil for no Unix socket.
    var socketDirectory: String? = "/tmp"
    /// The password every role must give; nil for trust authentication.
    var password: String?
    /// How the password is checked.
    var authMethod = AuthMethod.scram
    /// max_connections.
    var maxConnections = 100
    /// The largest frontend message the server buffers, in bytes.
    var maxMessageSize = 64 << 20

    /// Whether `host` reaches beyond this machine.
    var isLoopbackOnly: Bool { host == "localhost" || host.hasPrefix("127.") }
}

/// pg_hba.conf's methods the server offers for `--password`.
enum AuthMethod: String, CaseIterable {
    case password, md5
    case scram = "scram-sha-256"
}

/// A listening server over one node of a cluster.
final class WireServer {
    let options: ServeOptions
    /// The node every connection opens a session on.
    let database: Database
    /// The TCP port listened on.
    let port: Int
    /// The Unix socket's path, when there is one.
    let socketPath: String?
    /// The password's SCRAM verifier, when SCRAM checks it.
    let scramVerifier: ScramVerifier?
    private let listeners: [ListeningSocket]
    private let lock = NSLock()
    private var connections: [Int32: WireConnection] = [:]
    private var admitted = 0
    private var stopped = false

    /// Starts listening (not yet accepting) as `options` says.
    init(database: Database, options: ServeOptions) throws {
        self.options = options
        self.database = database
        scramVerifier =
            options.authMethod == .scram
            ? options.password.map { ScramVerifier(password: $0) } : nil
        let tcp = try ListeningSocket.tcp(host: options.host, port: options.port)
        var listeners = [tcp]
        var socketPath: String?
        if let directory = options.socketDirectory {
            let path = "\(directory)/.s.PGSQL.\(tcp.port)"
            do {
                listeners.append(try ListeningSocket.unix(path: path))
            } catch {
                tcp.close()
                throw error
            }
            socketPath = path
        }
        self.listeners = listeners
        self.port = tcp.port
        self.socketPath = socketPath
        database.engine.serverPort = Int32(tcp.port)
    }

    /// Accepts connections on every socket, each on a thread of its own.
    func start() {
        for listener in listeners {
            let thread = Thread { [self] in acceptLoop(listener) }
            thread.name = "accept"
            thread.start()
        }
    }

    /// Stops listening; open connections run on until their clients leave.
    func stop() {
        lock.lock()
        stopped = true
        lock.unlock()
        for listener in listeners { listener.close() }
    }

    private func acceptLoop(_ listener: ListeningSocket) {
        while let fd = listener.accept() {
            lock.lock()
            let isStopped = stopped
            lock.unlock()
            if isStopped {
                close(fd)
                return
            }
            let connection = WireConnection(
                stream: SocketStream(descriptor: fd), server: self,
                isSocket: listener.path != nil)
            let thread = Thread { connection.run() }
            thread.name = "connection"
            thread.stackSize = 16 << 20
            thread.start()
        }
    }

    /// Takes one of max_connections' slots; false when all are in use.
    func admit() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard admitted < options.maxConnections else { return false }
        admitted += 1
        return true
    }

    /// Makes a backend reachable by CancelRequest.
    func register(_ connection: WireConnection, pid: Int32) {
        lock.lock()
        connections[pid] = connection
        lock.unlock()
    }

    /// Frees the slot of a connection that ended, and its backend's entry.
    func release(pid: Int32?) {
        lock.lock()
        admitted -= 1
        if let pid { connections[pid] = nil }
        lock.unlock()
    }

    /// A CancelRequest: cancels the backend's running statement when the
    /// key matches, and silently does nothing otherwise (as PostgreSQL).
    func cancel(pid: Int32, key: Int32) {
        lock.lock()
        let target = connections[pid]
        lock.unlock()
        guard let target, target.secretKey == key else { return }
        target.session?.cancel()
    }

    /// The number of connections holding a slot.
    var connectionCount: Int {
        lock.lock()
        defer { lock.unlock() }
        return admitted
    }
}
