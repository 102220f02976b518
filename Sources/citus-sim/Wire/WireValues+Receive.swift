// Binary parameter values read back into their text form (the type's
// receive function followed by its output function), so that Bind can
// hand them to the statement as literals.

import Engine

extension WireValues {
    /// The text of the binary `bytes` of a value of type `oid`; nil when
    /// the bytes do not fit the type or the type has no binary form here.
    static func text(fromBinary bytes: [UInt8], type oid: Int32) -> String? {
        var reader = MessageReader(bytes)
        guard let text = try? scalar(&reader, oid), reader.atEnd else { return nil }
        return text
    }

    private static func scalar(_ reader: inout MessageReader, _ oid: Int32) throws -> String? {
        let type = PGType(oid: oid)
        switch oid {
        case 16:
            let byte = try reader.int8()
            return byte == 0 ? "f" : "t"
        case 21: return String(try reader.int16())
        case 23: return String(try reader.int32())
        case 26: return String(UInt32(bitPattern: try reader.int32()))
        case 20: return String(try int64(&reader))
        case 700:
            let bits = UInt32(bitPattern: try reader.int32())
            return formatValue(.float4(Float(bitPattern: bits)), type: type)
        case 701:
            let bits = UInt64(bitPattern: try int64(&reader))
            return formatValue(.float8(Double(bitPattern: bits)), type: type)
        case 1700: return try numeric(&reader)
        case 0, 18, 19, 25, 114, 705, 1042, 1043:
            return String(decoding: reader.rest(), as: UTF8.self)
        case 3802:
            guard try reader.int8() == 1 else { return nil }
            return String(decoding: reader.rest(), as: UTF8.self)
        case 17: return formatValue(.bytea(reader.rest()), type: type)
        case 1082: return formatValue(.date(try reader.int32()), type: type)
        case 1114: return formatValue(.timestamp(try int64(&reader)), type: type)
        case 1184: return formatValue(.timestamptz(try int64(&reader)), type: type)
        case 1186:
            let microseconds = try int64(&reader)
            let days = try reader.int32()
            let months = try reader.int32()
            let interval = Interval(months: months, days: days, microseconds: microseconds)
            return formatValue(.interval(interval), type: type)
        case 2950:
            let hex = try reader.bytes(16).map {
                String($0 >> 4, radix: 16) + String($0 & 15, radix: 16)
            }
            let groups = [0..<4, 4..<6, 6..<8, 8..<10, 10..<16].map { hex[$0].joined() }
            return groups.joined(separator: "-")
        default:
            guard let element = TypeCatalog.info(oid)?.elementOID, element != 0 else { return nil }
            return try array(&reader, element)
        }
    }

    private static func int64(_ reader: inout MessageReader) throws -> Int64 {
        let high = Int64(try reader.int32())
        let low = Int64(UInt32(bitPattern: try reader.int32()))
        return high << 32 | low
    }

    /// numeric_recv: base-10000 digits with weight, sign and scale.
    private static func numeric(_ reader: inout MessageReader) throws -> String? {
        let count = Int(try reader.int16())
        let weight = Int(try reader.int16())
        let sign = UInt16(bitPattern: try reader.int16())
        let scale = Int(try reader.int16())
        switch sign {
        case 0xC000: return "NaN"
        case 0xD000: return "Infinity"
        case 0xF000: return "-Infinity"
        case 0, 0x4000: break
        default: return nil
        }
        var digits: [Int] = []
        for _ in 0..<max(count, 0) {
            let digit = Int(try reader.int16())
            guard (0..<10000).contains(digit) else { return nil }
            digits.append(digit)
        }
        guard scale >= 0 else { return nil }
        // Digit group i stands for digits[i] * 10000^(weight - i).
        var integer = ""
        for group in 0...max(weight, 0) {
            let value = group < digits.count && weight >= 0 ? digits[group] : 0
            integer += integer.isEmpty ? String(value) : pad(value)
        }
        var fraction = ""
        var group = weight + 1
        while fraction.count < scale {
            let value = group >= 0 && group < digits.count ? digits[group] : 0
            fraction += pad(value)
            group += 1
        }
        fraction = String(fraction.prefix(scale))
        let body = scale > 0 ? integer + "." + fraction : integer
        return sign == 0x4000 ? "-" + body : body
    }

    private static func pad(_ value: Int) -> String {
        let text = String(value)
        return String(repeating: "0", count: 4 - text.count) + text
    }

    /// array_recv, written out as an array literal.
    private static func array(_ reader: inout MessageReader, _ element: Int32) throws -> String? {
        let dimensions = Int(try reader.int32())
        _ = try reader.int32()
        guard try reader.int32() == element, (0...6).contains(dimensions) else { return nil }
        var lengths: [Int] = []
        var bounds = ""
        for _ in 0..<dimensions {
            let length = Int(try reader.int32())
            let lower = Int(try reader.int32())
            guard length >= 0 else { return nil }
            lengths.append(length)
            bounds += "[\(lower):\(lower + length - 1)]"
        }
        guard dimensions > 0 else { return "{}" }
        var items: [String] = []
        for _ in 0..<lengths.reduce(1, *) {
            let length = Int(try reader.int32())
            if length < 0 {
                items.append("NULL")
                continue
            }
            var inner = MessageReader(try reader.bytes(length))
            guard let text = try scalar(&inner, element), inner.atEnd else { return nil }
            items.append(quoteElement(text))
        }
        var index = 0
        let literal = nest(items, lengths[...], &index)
        let defaultBounds = lengths.map { "[1:\($0)]" }.joined()
        return bounds == defaultBounds ? literal : bounds + "=" + literal
    }

    private static func nest(_ items: [String], _ lengths: ArraySlice<Int>, _ index: inout Int)
        -> String
    {
        guard let first = lengths.first else {
            defer { index += 1 }
            return items[index]
        }
        var parts: [String] = []
        for _ in 0..<first { parts.append(nest(items, lengths.dropFirst(), &index)) }
        return "{" + parts.joined(separator: ",") + "}"
    }

    /// An array element as array_out writes it: quoted when empty, NULL
    /// or holding a delimiter, brace, quote, backslash or space.
    private static func quoteElement(_ text: String) -> String {
        let special: Set<Character> = ["{", "}", ",", "\"", "\\", " ", "\t", "\n", "\r"]
        guard text.isEmpty || text.uppercased() == "NULL" || text.contains(where: special.contains)
        else { return text }
        var quoted = "\""
        for c in text {
            if c == "\"" || c == "\\" { quoted.append("\\") }
            quoted.append(c)
        }
        return quoted + "\""
    }
}
