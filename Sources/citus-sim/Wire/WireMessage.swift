// The byte layout of PostgreSQL's frontend/backend protocol 3.0: a
// message is a type byte, a big-endian Int32 length that counts itself,
// and a body of Int16, Int32, NUL-terminated strings and byte strings.
// `MessageWriter` builds backend messages; `MessageReader` takes a
// frontend message's body apart, failing on any field that runs past it.

/// A frontend message the server cannot make sense of: it answers with
/// PostgreSQL's FATAL protocol_violation (08P01) and closes.
struct ProtocolViolation: Error {
    /// The primary message, as PostgreSQL words it.
    var message: String
}

/// Appends backend messages to a byte buffer.
struct MessageWriter {
    /// The framed messages written so far.
    private(set) var bytes: [UInt8] = []
    /// Where the open message's length goes.
    private var lengthAt = -1

    /// Starts a message of `type` (a placeholder for its length follows).
    mutating func begin(_ type: UInt8) {
        bytes.append(type)
        lengthAt = bytes.count
        bytes.append(contentsOf: [0, 0, 0, 0])
    }

    /// Patches the open message's length.
    mutating func end() {
        let length = UInt32(bytes.count - lengthAt)
        for i in 0..<4 { bytes[lengthAt + i] = UInt8(truncatingIfNeeded: length >> (24 - 8 * i)) }
        lengthAt = -1
    }

    /// A whole message of `type` with `body` written by the closure.
    mutating func message(_ type: UInt8, _ body: (inout MessageWriter) -> Void = { _ in }) {
        begin(type)
        body(&self)
        end()
    }

    mutating func int8(_ value: UInt8) { bytes.append(value) }

    mutating func int16(_ value: Int16) {
        let v = UInt16(bitPattern: value)
        bytes.append(UInt8(v >> 8))
        bytes.append(UInt8(v & 0xFF))
    }

    mutating func int32(_ value: Int32) {
        let v = UInt32(bitPattern: value)
        bytes.append(contentsOf: [
            UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF),
        ])
    }

    /// A NUL-terminated string.
    mutating func cString(_ text: String) {
        bytes.append(contentsOf: text.utf8)
        bytes.append(0)
    }

    mutating func append<S: Sequence>(_ raw: S) where S.Element == UInt8 {
        bytes.append(contentsOf: raw)
    }

    /// Empties the buffer, keeping its storage.
    mutating func removeAll() { bytes.removeAll(keepingCapacity: true) }
}

/// Reads the fields of one frontend message's body in order.
struct MessageReader {
    let body: [UInt8]
    private(set) var offset = 0

    init(_ body: [UInt8]) { self.body = body }

    /// True when every byte was read.
    var atEnd: Bool { offset == body.count }

    mutating func int8() throws -> UInt8 {
        try need(1)
        defer { offset += 1 }
        return body[offset]
    }

    mutating func int16() throws -> Int16 {
        try need(2)
        defer { offset += 2 }
        return Int16(bitPattern: UInt16(body[offset]) << 8 | UInt16(body[offset + 1]))
    }

    mutating func int32() throws -> Int32 {
        try need(4)
        defer { offset += 4 }
        var v: UInt32 = 0
        for i in 0..<4 { v = v << 8 | UInt32(body[offset + i]) }
        return Int32(bitPattern: v)
    }

    /// A NUL-terminated string (UTF-8).
    mutating func cString() throws -> String {
        guard let end = body[offset...].firstIndex(of: 0) else {
            throw ProtocolViolation(message: "invalid string in message")
        }
        defer { offset = end + 1 }
        return String(decoding: body[offset..<end], as: UTF8.self)
    }

    /// `count` raw bytes.
    mutating func bytes(_ count: Int) throws -> [UInt8] {
        guard count >= 0 else {
            throw ProtocolViolation(message: "insufficient data left in message")
        }
        try need(count)
        defer { offset += count }
        return Array(body[offset..<offset + count])
    }

    /// The rest of the body.
    mutating func rest() -> [UInt8] {
        defer { offset = body.count }
        return Array(body[offset...])
    }

    /// Fails unless the whole body was read (pq_getmsgend).
    func finish() throws {
        guard atEnd else { throw ProtocolViolation(message: "invalid message format") }
    }

    private func need(_ count: Int) throws {
        guard count <= body.count - offset else {
            throw ProtocolViolation(message: "insufficient data left in message")
        }
    }
}
