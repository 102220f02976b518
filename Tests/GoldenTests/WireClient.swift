// A bare protocol 3.0 client for tests: it sends the bytes a test builds
// and reads back the server's messages one by one, so that tests can
// check fields psql never shows (type OIDs, typmods, error fields).

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// One backend message as the test received it.
struct BackendMessage {
    var type: Character
    var body: [UInt8]

    /// ErrorResponse and NoticeResponse fields by code.
    var fields: [Character: String] {
        var result: [Character: String] = [:]
        var index = 0
        while index < body.count, body[index] != 0 {
            let code = Character(UnicodeScalar(body[index]))
            guard let end = body[(index + 1)...].firstIndex(of: 0) else { break }
            result[code] = String(decoding: body[(index + 1)..<end], as: UTF8.self)
            index = end + 1
        }
        return result
    }

    /// The NUL-terminated strings of the body (ParameterStatus,
    /// CommandComplete).
    var strings: [String] {
        body.split(separator: 0, omittingEmptySubsequences: false).dropLast()
            .map { String(decoding: $0, as: UTF8.self) }
    }
}

/// A raw connection to a test server.
final class WireClient {
    let fd: Int32

    /// Connects to 127.0.0.1:`port`.
    init(port: Int) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            close(fd)
            throw CocoaError(.fileReadUnknown)
        }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit { close(fd) }

    /// Sends raw bytes.
    func send(_ bytes: [UInt8]) {
        var sent = 0
        while sent < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 { return }
            sent += n
        }
    }

    /// Tells the server nothing more will come (its reads then end).
    func finishSending() { shutdown(fd, Int32(SHUT_WR)) }

    /// Sends a message of `type` with `body`.
    func send(_ type: Character, _ body: [UInt8]) {
        send([type.asciiValue!] + Self.int32(Int32(body.count + 4)) + body)
    }

    /// Sends a startup packet for `user` on `database` with `extra`
    /// parameters.
    func startup(user: String = "postgres", database: String = "citus", _ extra: [String] = []) {
        var body = Self.int32(196_608)
        for item in ["user", user, "database", database] + extra { body += Self.cString(item) }
        body.append(0)
        send(Self.int32(Int32(body.count + 4)) + body)
    }

    /// Reads `count` bytes; nil when the server closed first.
    func read(_ count: Int) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: count)
        var got = 0
        while got < count {
            let n = out.withUnsafeMutableBytes { recv(fd, $0.baseAddress! + got, count - got, 0) }
            if n <= 0 { return nil }
            got += n
        }
        return out
    }

    /// The next message; nil when the connection closed.
    func receive() -> BackendMessage? {
        guard let header = read(5) else { return nil }
        let length =
            Int(header[1]) << 24 | Int(header[2]) << 16 | Int(header[3]) << 8
            | Int(header[4])
        // Not a protocol 3 message (protocol 2's error text): no body.
        guard length >= 4, length < 1 << 24, let body = read(length - 4) else { return nil }
        return BackendMessage(type: Character(UnicodeScalar(header[0])), body: body)
    }

    /// Messages up to and including ReadyForQuery (or the close).
    func untilReady() -> [BackendMessage] {
        var messages: [BackendMessage] = []
        while let message = receive() {
            messages.append(message)
            if message.type == "Z" { break }
        }
        return messages
    }

    /// Runs `sql` as a simple Query and returns the messages up to
    /// ReadyForQuery.
    func query(_ sql: String) -> [BackendMessage] {
        send("Q", Self.cString(sql))
        return untilReady()
    }

    static func int32(_ v: Int32) -> [UInt8] {
        let u = UInt32(bitPattern: v)
        return [UInt8(u >> 24), UInt8((u >> 16) & 0xFF), UInt8((u >> 8) & 0xFF), UInt8(u & 0xFF)]
    }

    static func int16(_ v: Int16) -> [UInt8] {
        let u = UInt16(bitPattern: v)
        return [UInt8(u >> 8), UInt8(u & 0xFF)]
    }

    static func cString(_ s: String) -> [UInt8] { Array(s.utf8) + [0] }

    /// The big-endian integer at `offset` of `bytes`, `width` bytes wide.
    static func integer(_ bytes: [UInt8], _ offset: Int, _ width: Int) -> Int64 {
        var v: Int64 = 0
        for i in 0..<width { v = v << 8 | Int64(bytes[offset + i]) }
        if width < 8, v >= Int64(1) << (8 * width - 1) { v -= Int64(1) << (8 * width) }
        return v
    }
}
