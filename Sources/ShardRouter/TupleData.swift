// How many bytes of tuple data a task sends the coordinator, as EXPLAIN
// ANALYZE's "Tuple data received from node(s)" counts them: Citus reads
// task results in PostgreSQL's binary format where the types allow, so
// each value counts its binary send form's length (8 for a bigint, the
// UTF-8 bytes of a text) and a NULL counts nothing.
import Engine

enum TupleData {
    /// The bytes of every value of `rows`.
    static func bytes(of rows: [[Value]], columns: [ColumnDescription]) -> Int {
        var total = 0
        for row in rows {
            for (index, value) in row.enumerated() {
                let type = index < columns.count ? columns[index].type : .text
                total += bytes(of: value, type: type)
            }
        }
        return total
    }

    /// One value's binary length.
    static func bytes(of value: Value, type: PGType) -> Int {
        switch value {
        case .null, .void: return 0
        case .bool: return 1
        case .int2: return 2
        case .int4, .float4, .date: return 4
        case .int8, .float8, .timestamp, .timestamptz: return 8
        case .interval: return 16
        case .text(let s): return s.utf8.count
        case .bytea(let b): return b.count
        case .inet(let address): return 4 + address.bytes.count
        case .numeric: return numericBytes(formatValue(value, type: type))
        default: return formatValue(value, type: type).utf8.count
        }
    }

    /// numeric_send: a header of four 16-bit words, then one word per
    /// base-10000 digit, leading and trailing zero digits left out.
    static func numericBytes(_ text: String) -> Int {
        let unsigned = text.hasPrefix("-") ? String(text.dropFirst()) : text
        guard unsigned.allSatisfy({ $0.isNumber || $0 == "." }) else { return 8 }
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        let whole = parts[0].drop { $0 == "0" }
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        // Groups of four digits either side of the point.
        var groups: [Substring] = []
        var head = String(repeating: "0", count: (4 - whole.count % 4) % 4) + whole
        while !head.isEmpty {
            groups.append(Substring(head.prefix(4)))
            head = String(head.dropFirst(4))
        }
        var tail = fraction + String(repeating: "0", count: (4 - fraction.count % 4) % 4)
        while !tail.isEmpty {
            groups.append(Substring(tail.prefix(4)))
            tail = String(tail.dropFirst(4))
        }
        while groups.first == "0000" { groups.removeFirst() }
        while groups.last == "0000" { groups.removeLast() }
        return 8 + 2 * groups.count
    }
}
