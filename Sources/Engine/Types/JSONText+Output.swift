// Printing JSON trees: jsonb_out's spaced form, jsonb_pretty's indented
// form, and the compact form json functions print.

extension JSONText {
    /// jsonb_out: `{"a": 1, "b": [1, 2]}`.
    package static func render(_ node: Node) -> String {
        var out = ""
        write(node, to: &out)
        return out
    }

    /// jsonb_out of `node` appended to `out`.
    package static func write(_ node: Node, to out: inout String) {
        switch node {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .number(let n): out += n
        case .string(let s): writeString(s, to: &out)
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += ", " }
                write(item, to: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (k, pair) in pairs.enumerated() {
                if k > 0 { out += ", " }
                writeString(pair.0, to: &out)
                out += ": "
                write(pair.1, to: &out)
            }
            out += "}"
        }
    }

    /// jsonb_pretty: one element per line, four spaces per level.
    package static func pretty(_ node: Node) -> String {
        var out = ""
        writePretty(node, level: 0, to: &out)
        return out
    }

    private static func writePretty(_ node: Node, level: Int, to out: inout String) {
        let inner = String(repeating: " ", count: 4 * (level + 1))
        switch node {
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                out += (k > 0 ? ",\n" : "\n") + inner
                writePretty(item, level: level + 1, to: &out)
            }
            out += "\n" + String(repeating: " ", count: 4 * level) + "]"
        case .object(let pairs):
            out += "{"
            for (k, pair) in pairs.enumerated() {
                out += (k > 0 ? ",\n" : "\n") + inner
                writeString(pair.0, to: &out)
                out += ": "
                writePretty(pair.1, level: level + 1, to: &out)
            }
            out += "\n" + String(repeating: " ", count: 4 * level) + "}"
        default:
            write(node, to: &out)
        }
    }

    /// The compact form (json_strip_nulls): `{"a":1,"b":[1,2]}`.
    package static func compact(_ node: Node) -> String {
        var out = ""
        writeCompact(node, to: &out)
        return out
    }

    private static func writeCompact(_ node: Node, to out: inout String) {
        switch node {
        case .array(let items):
            out += "["
            for (k, item) in items.enumerated() {
                if k > 0 { out += "," }
                writeCompact(item, to: &out)
            }
            out += "]"
        case .object(let pairs):
            out += "{"
            for (k, pair) in pairs.enumerated() {
                if k > 0 { out += "," }
                writeString(pair.0, to: &out)
                out += ":"
                writeCompact(pair.1, to: &out)
            }
            out += "}"
        default:
            write(node, to: &out)
        }
    }

    /// escape_json: a JSON string literal.
    package static func quoted(_ s: String) -> String {
        var out = ""
        writeString(s, to: &out)
        return out
    }

    /// escape_json appended to `out`.
    package static func writeString(_ s: String, to out: inout String) {
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
}
