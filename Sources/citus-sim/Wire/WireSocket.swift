// The server's sockets over POSIX calls: a listening TCP socket on an
// IPv4 address, a listening Unix-domain socket (`/tmp/.s.PGSQL.5432`, as
// PostgreSQL names it), and the byte stream of one accepted connection.

import Dispatch

#if canImport(Glibc)
    import Glibc
#endif

/// A socket call that failed, with the system's message.
struct SocketError: Error, CustomStringConvertible {
    var description: String

    /// `what` failed with errno's text.
    init(_ what: String) {
        description = "\(what): \(String(cString: strerror(errno)))"
    }

    init(message: String) { description = message }
}

/// A listening socket.
final class ListeningSocket {
    let descriptor: Int32
    /// The TCP port (the one the kernel chose when asked for 0); 0 for a
    /// Unix socket.
    let port: Int
    /// The Unix socket's path, removed when the socket closes.
    let path: String?

    private init(descriptor: Int32, port: Int, path: String?) {
        self.descriptor = descriptor
        self.port = port
        self.path = path
    }

    /// Listens on `host` (an IPv4 address, `localhost`, or `*` for every
    /// address) at `port`, 0 for any free port.
    static func tcp(host: String, port: Int) throws -> ListeningSocket {
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let name = host == "localhost" ? "127.0.0.1" : host == "*" ? "0.0.0.0" : host
        guard inet_pton(AF_INET, name, &address.sin_addr) == 1 else {
            // TODO(#7): IPv6 addresses and host names other than localhost.
            throw SocketError(message: "could not parse listen address \"\(host)\"")
        }
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError("could not create socket") }
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let error = SocketError("could not bind IPv4 address \"\(name)\" port \(port)")
            Glibc.close(fd)
            throw error
        }
        var actual = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &actual) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                getsockname(fd, $0, &length)
            }
        }
        return ListeningSocket(
            descriptor: fd, port: Int(UInt16(bigEndian: actual.sin_port)), path: nil)
    }

    /// Listens on the Unix-domain socket at `path`, replacing a stale
    /// socket file left there.
    static func unix(path: String) throws -> ListeningSocket {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.utf8.count < capacity else {
            throw SocketError(
                message: "Unix-domain socket path \"\(path)\" is too long "
                    + "(maximum \(capacity - 1) bytes)")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
            raw[path.utf8.count] = 0
        }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw SocketError("could not create Unix-domain socket") }
        unlink(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard bound == 0, listen(fd, 128) == 0 else {
            let error = SocketError("could not bind Unix address \"\(path)\"")
            Glibc.close(fd)
            throw error
        }
        chmod(path, 0o777)
        return ListeningSocket(descriptor: fd, port: 0, path: path)
    }

    /// Waits for the next connection; nil once the socket is closed.
    func accept() -> Int32? {
        while true {
            let fd = Glibc.accept(descriptor, nil, nil)
            if fd >= 0 { return fd }
            if errno == EINTR || errno == ECONNABORTED { continue }
            return nil
        }
    }

    /// Stops listening (a blocked `accept` returns nil).
    func close() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        Glibc.close(descriptor)
        if let path { unlink(path) }
    }
}

/// One accepted connection's bytes, read through a buffer.
final class SocketStream {
    let descriptor: Int32
    private var chunk = [UInt8](repeating: 0, count: 65536)
    private var filled = 0
    private var position = 0

    init(descriptor: Int32) {
        self.descriptor = descriptor
        var on: Int32 = 1
        setsockopt(
            descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &on, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Exactly `count` bytes; nil when the peer closed first.
    func read(_ count: Int) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            if position == filled {
                guard fill() else { return nil }
            }
            let take = min(count - out.count, filled - position)
            out.append(contentsOf: chunk[position..<position + take])
            position += take
        }
        return out
    }

    /// True when bytes arrived and wait in the buffer (a pipelining
    /// client sent more), so a reply need not be flushed yet.
    var hasBufferedInput: Bool { position < filled }

    /// Waits up to `milliseconds` for input; false when none came.
    func awaitInput(milliseconds: Int64) -> Bool {
        if hasBufferedInput { return true }
        var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(milliseconds) * 1_000_000
        while true {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { return false }
            let left = Int32(clamping: (deadline - now + 999_999) / 1_000_000)
            let n = poll(&entry, 1, left)
            if n > 0 { return true }
            if n < 0 && errno != EINTR { return true }
        }
    }

    private func fill() -> Bool {
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                filled = n
                position = 0
                return true
            }
            if n < 0 && errno == EINTR { continue }
            return false
        }
    }

    /// Writes all of `bytes`; false when the peer is gone.
    @discardableResult
    func write(_ bytes: [UInt8]) -> Bool {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes { raw -> Int in
                guard let base = raw.baseAddress else { return -1 }
                return send(descriptor, base + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n > 0 {
                sent += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return false
            }
        }
        return true
    }

    func close() {
        shutdown(descriptor, Int32(SHUT_RDWR))
        Glibc.close(descriptor)
    }
}
