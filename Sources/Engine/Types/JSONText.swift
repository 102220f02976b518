// A small JSON reader for json input checks and jsonb's normalised output:
// jsonb_out prints `{"a": 1, "b": [1, 2]}` with object keys sorted by
// length then bytes, the last of duplicate keys kept, numbers as numeric.

/// json/jsonb text helpers. The engine stores both types as text.
package enum JSONText {
    /// A parsed JSON value.
    indirect enum Node {
        case null, bool(Bool), number(String), string(String)
        case array([Node]), object([(String, Node)])
    }

    /// Checks `text` is valid JSON (json_in), returning it unchanged.
    package static func validate(_ text: String) throws -> String {
        _ = try parse(text)
        return text
    }

    /// jsonb_in followed by jsonb_out.
    package static func normalize(_ text: String) throws -> String {
        var out = ""
        write(try parse(text), to: &out)
        return out
    }

    static func parse(_ text: String) throws -> Node {
        var reader = Reader(bytes: Array(text.utf8), text: text)
        reader.skipSpace()
        let node = try reader.value(depth: 0)
        reader.skipSpace()
        guard reader.i == reader.bytes.count else { throw reader.error() }
        return node
    }

    private static func write(_ node: Node, to out: inout String) {
        switch node {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += (Numeric(parsing: n)?.text ?? n)
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += ", " }
                write(item, to: &out)
            }
            out += "]"
        case .object(let pairs):
            var unique: [String: Node] = [:]
            for (key, value) in pairs { unique[key] = value }
            let keys = unique.keys.sorted {
                $0.utf8.count != $1.utf8.count
                    ? $0.utf8.count < $1.utf8.count : compareBytes($0, $1) < 0
            }
            out += "{"
            for (k, key) in keys.enumerated() {
                if k > 0 { out += ", " }
                writeString(key, to: &out)
                out += ": "
                if let value = unique[key] { write(value, to: &out) }
            }
            out += "}"
        }
    }

    private static func writeString(_ s: String, to out: inout String) {
        out += "\""
        for c in s.unicodeScalars {
            switch c {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if c.value < 0x20 {
                    let hex = String(c.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(c)
                }
            }
        }
        out += "\""
    }

    /// A cursor over the UTF-8 bytes of a JSON text.
    private struct Reader {
        let bytes: [UInt8]
        let text: String
        var i = 0

        init(bytes: [UInt8], text: String) {
            self.bytes = bytes
            self.text = text
        }

        func error() -> SQLError {
            SQLError(SQLState.invalidTextRepresentation, "invalid input syntax for type json")
        }

        mutating func skipSpace() {
            while i < bytes.count, [32, 9, 10, 13].contains(bytes[i]) { i += 1 }
        }

        mutating func value(depth: Int) throws -> Node {
            guard depth < 6400 else {
                throw SQLError(SQLState.statementTooComplex, "stack depth limit exceeded")
            }
            guard i < bytes.count else { throw error() }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                i += 1
                var pairs: [(String, Node)] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "}") {
                    i += 1
                    return .object([])
                }
                while true {
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: "\"") else { throw error() }
                    let key = try string()
                    skipSpace()
                    guard i < bytes.count, bytes[i] == UInt8(ascii: ":") else { throw error() }
                    i += 1
                    skipSpace()
                    pairs.append((key, try value(depth: depth + 1)))
                    skipSpace()
                    guard i < bytes.count else { throw error() }
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                    } else if bytes[i] == UInt8(ascii: "}") {
                        i += 1
                        return .object(pairs)
                    } else {
                        throw error()
                    }
                }
            case UInt8(ascii: "["):
                i += 1
                var items: [Node] = []
                skipSpace()
                if i < bytes.count, bytes[i] == UInt8(ascii: "]") {
                    i += 1
                    return .array([])
                }
                while true {
                    skipSpace()
                    items.append(try value(depth: depth + 1))
                    skipSpace()
                    guard i < bytes.count else { throw error() }
                    if bytes[i] == UInt8(ascii: ",") {
                        i += 1
                    } else if bytes[i] == UInt8(ascii: "]") {
                        i += 1
                        return .array(items)
                    } else {
                        throw error()
                    }
                }
            case UInt8(ascii: "\""):
                return .string(try string())
            case UInt8(ascii: "t"): return try literal("true", .bool(true))
            case UInt8(ascii: "f"): return try literal("false", .bool(false))
            case UInt8(ascii: "n"): return try literal("null", .null)
            default:
                return .number(try number())
            }
        }

        mutating func literal(_ word: String, _ node: Node) throws -> Node {
            let w = Array(word.utf8)
            guard i + w.count <= bytes.count, Array(bytes[i..<i + w.count]) == w else {
                throw error()
            }
            i += w.count
            return node
        }

        mutating func number() throws -> String {
            let start = i
            if i < bytes.count, bytes[i] == UInt8(ascii: "-") { i += 1 }
            func digits() -> Int {
                let s = i
                while i < bytes.count, bytes[i] >= 48 && bytes[i] <= 57 { i += 1 }
                return i - s
            }
            let intDigits = digits()
            guard intDigits > 0, !(intDigits > 1 && bytes[i - intDigits] == 48) else {
                throw error()
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: ".") {
                i += 1
                guard digits() > 0 else { throw error() }
            }
            if i < bytes.count, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
                i += 1
                if i < bytes.count, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                    i += 1
                }
                guard digits() > 0 else { throw error() }
            }
            return String(decoding: bytes[start..<i], as: UTF8.self)
        }

        mutating func string() throws -> String {
            i += 1
            var out: [UInt8] = []
            while i < bytes.count {
                let b = bytes[i]
                if b == UInt8(ascii: "\"") {
                    i += 1
                    return String(decoding: out, as: UTF8.self)
                }
                guard b >= 0x20 else { throw error() }
                if b == UInt8(ascii: "\\") {
                    i += 1
                    guard i < bytes.count else { throw error() }
                    switch bytes[i] {
                    case UInt8(ascii: "\""): out.append(0x22)
                    case UInt8(ascii: "\\"): out.append(0x5C)
                    case UInt8(ascii: "/"): out.append(0x2F)
                    case UInt8(ascii: "b"): out.append(0x08)
                    case UInt8(ascii: "f"): out.append(0x0C)
                    case UInt8(ascii: "n"): out.append(0x0A)
                    case UInt8(ascii: "r"): out.append(0x0D)
                    case UInt8(ascii: "t"): out.append(0x09)
                    case UInt8(ascii: "u"):
                        guard i + 4 < bytes.count,
                            let code = UInt32(
                                String(decoding: bytes[(i + 1)...(i + 4)], as: UTF8.self),
                                radix: 16)
                        else { throw error() }
                        i += 4
                        var scalarValue = code
                        // A surrogate pair: \uD83D\uDE00.
                        if (0xD800..<0xDC00).contains(code), i + 6 < bytes.count,
                            bytes[i + 1] == UInt8(ascii: "\\"), bytes[i + 2] == UInt8(ascii: "u"),
                            let low = UInt32(
                                String(decoding: bytes[(i + 3)...(i + 6)], as: UTF8.self),
                                radix: 16), (0xDC00..<0xE000).contains(low)
                        {
                            scalarValue = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
                            i += 6
                        }
                        guard let scalar = Unicode.Scalar(scalarValue), scalarValue != 0 else {
                            throw error()
                        }
                        out += Array(String(Character(scalar)).utf8)
                    default:
                        throw error()
                    }
                    i += 1
                } else {
                    out.append(b)
                    i += 1
                }
            }
            throw error()
        }
    }
}
