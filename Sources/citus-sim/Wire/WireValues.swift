// The binary format of the common types, as their send and receive
// functions lay them out (measured against PostgreSQL 15): big-endian
// integers and IEEE floats, numeric as base-10000 digits with weight, sign
// and display scale, dates and timestamps from 2000-01-01, interval as
// microseconds, days and months, uuid as 16 bytes, jsonb as a version
// byte and the text, arrays with their dimensions and element OID.
//
// Example: numeric 12345.60 is sent as ndigits 3, weight 1, sign 0,
// dscale 2 and the digits 1, 2345, 6000 (1·10000 + 2345 + 6000/10000).

import Engine

/// Binary send and receive for the wire.
enum WireValues {
    /// Whether `type` has a binary form here.
    static func hasBinary(_ type: PGType) -> Bool {
        if let element = TypeCatalog.info(type.oid)?.elementOID, element != 0 {
            return scalarOIDs.contains(element)
        }
        return scalarOIDs.contains(type.oid)
    }

    /// The types whose binary form is written and read here.
    private static let scalarOIDs: Set<Int32> = [
        16, 17, 18, 19, 20, 21, 23, 25, 26, 114, 700, 701, 705, 1042, 1043, 1082, 1114, 1184,
        1186, 1700, 2950, 3802,
    ]

    /// The binary form of a non-null `value` of `type`.
    static func binary(_ value: Value, type: PGType) -> [UInt8] {
        var out = MessageWriter()
        write(value, type: type, into: &out)
        return out.bytes
    }

    private static func write(_ value: Value, type: PGType, into out: inout MessageWriter) {
        switch value {
        case .null, .void: break
        case .bool(let b): out.int8(b ? 1 : 0)
        case .int2(let i): out.int16(i)
        case .int4(let i): out.int32(i)
        case .int8(let i): int64(i, &out)
        case .float4(let f): out.int32(Int32(bitPattern: f.bitPattern))
        case .float8(let d): int64(Int64(bitPattern: d.bitPattern), &out)
        case .numeric: numeric(formatValue(value, type: type), &out)
        case .text(let s):
            if type.oid == PGType.uuid.oid {
                out.append(uuidBytes(s))
            } else {
                if type.oid == PGType.jsonb.oid { out.int8(1) }
                out.append(s.utf8)
            }
        case .bytea(let bytes): out.append(bytes)
        case .date(let d): out.int32(d)
        case .timestamp(let t), .timestamptz(let t): int64(t, &out)
        case .interval(let i):
            int64(i.microseconds, &out)
            out.int32(i.days)
            out.int32(i.months)
        case .array(let array): write(array, into: &out)
        default: out.append(formatValue(value, type: type).utf8)
        }
    }

    private static func int64(_ value: Int64, _ out: inout MessageWriter) {
        out.int32(Int32(truncatingIfNeeded: value >> 32))
        out.int32(Int32(truncatingIfNeeded: value))
    }

    /// array_send: dimensions, a null flag, the element OID, each
    /// dimension's length and lower bound, then the elements.
    private static func write(_ array: ArrayValue, into out: inout MessageWriter) {
        out.int32(Int32(array.dimensions.count))
        out.int32(array.elements.contains { $0.isNull } ? 1 : 0)
        out.int32(array.elementType.oid)
        for (length, lower) in zip(array.dimensions, array.lowerBounds) {
            out.int32(Int32(length))
            out.int32(Int32(lower))
        }
        for element in array.elements {
            if element.isNull {
                out.int32(-1)
            } else {
                let bytes = binary(element, type: array.elementType)
                out.int32(Int32(bytes.count))
                out.append(bytes)
            }
        }
    }

    /// numeric_send from the value's text (`-12.50`, `NaN`, `Infinity`).
    private static func numeric(_ text: String, _ out: inout MessageWriter) {
        let special: [String: UInt16] = ["NaN": 0xC000, "Infinity": 0xD000, "-Infinity": 0xF000]
        if let sign = special[text] {
            out.append([0, 0, 0, 0])
            out.int16(Int16(bitPattern: sign))
            out.int16(0)
            return
        }
        let negative = text.hasPrefix("-")
        let unsigned = negative ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        var integer = String(parts[0].drop { $0 == "0" })
        let fraction = parts.count > 1 ? String(parts[1]) : ""
        // Pad to whole groups of four digits on both sides of the point.
        integer = String(repeating: "0", count: (4 - integer.count % 4) % 4) + integer
        let paddedFraction = fraction + String(repeating: "0", count: (4 - fraction.count % 4) % 4)
        var groups = chunks(integer) + chunks(paddedFraction)
        var weight = integer.count / 4 - 1
        while groups.first == 0 {
            groups.removeFirst()
            weight -= 1
        }
        while groups.last == 0 { groups.removeLast() }
        if groups.isEmpty { weight = 0 }
        out.int16(Int16(groups.count))
        out.int16(Int16(weight))
        out.int16(negative && !groups.isEmpty ? 0x4000 : 0)
        out.int16(Int16(fraction.count))
        for group in groups { out.int16(group) }
    }

    private static func chunks(_ digits: String) -> [Int16] {
        var groups: [Int16] = []
        var value: Int16 = 0
        for (i, c) in digits.enumerated() {
            value = value * 10 + Int16(c.wholeNumberValue ?? 0)
            if i % 4 == 3 {
                groups.append(value)
                value = 0
            }
        }
        return groups
    }

    private static func uuidBytes(_ text: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var high: UInt8?
        for c in text {
            guard let nibble = c.hexDigitValue.map(UInt8.init) else { continue }
            if let h = high {
                bytes.append(h << 4 | nibble)
                high = nil
            } else {
                high = nibble
            }
        }
        return bytes
    }
}
