// The types' input and output functions (PostgreSQL's typinput and
// typoutput) for DateStyle ISO, MDY, TimeZone UTC, IntervalStyle postgres
// and extra_float_digits 1: `parseValue` reads text into a `Value`,
// `formatValue` prints it as psql shows it.
import Foundation

/// Reads `text` as a value of `type` (the type's input function), raising
/// PostgreSQL's errors (22P02 invalid syntax, 22003 out of range, 22008
/// date/time field out of range, ...). `context` supplies the transaction
/// timestamp for `now` / `today`; without one the wall clock is used.
package func parseValue(
    _ text: String, as type: PGType, context: EvaluationContext? = nil
) throws -> Value {
    func syntax() -> SQLError {
        SQLError(
            SQLState.invalidTextRepresentation,
            "invalid input syntax for type \(typeNameForMessage(type)): \"\(text)\"")
    }
    if let descriptor = type.enumDescriptor { return try parseEnum(text, descriptor) }
    switch type.oid {
    case PGType.bool.oid:
        guard let b = parseBool(text) else { throw syntax() }
        return .bool(b)
    case PGType.int2.oid:
        return .int2(
            Int16(try parseInteger(text, min: Int64(Int16.min), max: Int64(Int16.max), type)))
    case PGType.int4.oid, PGType.oid.oid, PGType.regclass.oid, PGType.regtype.oid,
        PGType.regproc.oid, PGType.regnamespace.oid:
        return .int4(
            Int32(try parseInteger(text, min: Int64(Int32.min), max: Int64(Int32.max), type)))
    case PGType.int8.oid:
        return .int8(try parseInteger(text, min: Int64.min, max: Int64.max, type))
    case PGType.xid.oid:
        // Transaction ids are unsigned 32-bit; kept as int8 values.
        return .int8(try parseInteger(text, min: 0, max: Int64(UInt32.max), type))
    case PGType.float4.oid:
        let d = try parseFloat(text, type)
        let f = Float(d)
        if f.isInfinite && !d.isInfinite || f == 0 && d != 0 {
            throw SQLError(
                SQLState.numericValueOutOfRange, "\"\(text)\" is out of range for type real")
        }
        return .float4(f)
    case PGType.float8.oid:
        return .float8(try parseFloat(text, type))
    case PGType.numeric.oid:
        guard let n = Numeric(parsing: text) else { throw syntax() }
        return .numeric(try n.applyingTypmod(of: type))
    case PGType.json.oid:
        return .text(try JSONText.validate(text))
    case PGType.text.oid, PGType.name.oid, PGType.unknown.oid, PGType.cstring.oid, 18:
        return .text(type.oid == PGType.name.oid ? truncateName(text) : text)
    case PGType.varchar.oid, PGType.bpchar.oid:
        return .text(try coerceCharacter(text, to: type, explicit: false))
    case PGType.jsonb.oid:
        return .text(try JSONText.normalize(text))
    case PGType.bytea.oid:
        return .bytea(try parseBytea(text))
    case PGType.uuid.oid:
        guard let u = canonicalUUID(text) else { throw syntax() }
        return .text(u)
    case PGType.date.oid:
        let order = DateOrder(dateStyle: context?.setting("datestyle"))
        let now = context?.transactionTimestamp ?? wallClockTimestamp()
        return .date(Int32(try DateTime.parse(text, as: .date, now: now, order: order)))
    case PGType.time.oid:
        let order = DateOrder(dateStyle: context?.setting("datestyle"))
        let now = context?.transactionTimestamp ?? wallClockTimestamp()
        return .int8(try DateTime.parse(text, as: .time, now: now, order: order))
    case PGType.timestamp.oid:
        let order = DateOrder(dateStyle: context?.setting("datestyle"))
        let now = context?.transactionTimestamp ?? wallClockTimestamp()
        let t = try DateTime.parse(text, as: .timestamp, now: now, order: order)
        return .timestamp(roundTimestamp(t, type))
    case PGType.timestamptz.oid:
        let order = DateOrder(dateStyle: context?.setting("datestyle"))
        let now = context?.transactionTimestamp ?? wallClockTimestamp()
        let t = try DateTime.parse(text, as: .timestamptz, now: now, order: order)
        return .timestamptz(roundTimestamp(t, type))
    case PGType.interval.oid:
        return .interval(try Interval(parsing: text))
    case PGType.macaddr.oid, PGType.macaddr8.oid:
        guard let bytes = MACAddress.parse(text, eightBytes: type.oid == PGType.macaddr8.oid)
        else { throw syntax() }
        return .bytea(bytes)
    case PGType.pgLSN.oid:
        guard let lsn = parseLSN(text) else {
            throw SQLError(
                SQLState.invalidTextRepresentation,
                "invalid input syntax for type pg_lsn: \"\(text)\"")
        }
        return .int8(lsn)
    case PGType.inet.oid:
        guard let inet = Inet(parsing: text) else { throw syntax() }
        return .inet(inet)
    case PGType.void.oid:
        return .void
    case PGType.hll.oid:
        // Kept as given once it reads back (output shows the same bytes).
        let bytes = try parseBytea(text)
        _ = try HllMultiset(bytes: bytes)
        return .bytea(bytes)
    case PGType.hllHashval.oid:
        return try parseValue(text, as: .int8, context: context)
    default:
        if let element = type.elementType {
            return .array(try ArrayValue(parsing: text, elementType: element, context: context))
        }
        if let subtype = type.rangeSubtype {
            return .range(
                try RangeValue(parsing: text, rangeType: type, subtype: subtype, context: context))
        }
        if type.isRecord { return try parseRecord(text, type: type, context: context) }
        throw SQLError.notSupported("input of type \(formatType(type)) is not supported")
    }
}

/// Prints `v` with the output function of `type`, as psql shows it.
/// NULL prints as the empty string (psql's default null display).
package func formatValue(_ v: Value, type: PGType) -> String {
    switch v {
    case .null: return ""
    case .bool(let b): return b ? "t" : "f"
    case .int2(let i): return String(i)
    case .int4(let i):
        if type.oid == PGType.regtype.oid { return i == 0 ? "-" : formatType(PGType(oid: i)) }
        return String(i)
    case .int8(let i):
        if type.oid == PGType.time.oid { return DateTime.formatTimeOfDay(i) }
        if type.oid == PGType.pgLSN.oid { return formatLSN(i) }
        return String(i)
    case .float4(let f): return formatFloat4(f)
    case .float8(let d): return formatFloat8(d)
    case .numeric(let n): return n.text
    case .text(let s): return s
    case .bytea(let bytes) where type.oid == PGType.macaddr.oid || type.oid == PGType.macaddr8.oid:
        return MACAddress.text(bytes)
    case .bytea(let bytes):
        let hex: [Character] = Array("0123456789abcdef")
        var out = "\\x"
        for b in bytes {
            out.append(hex[Int(b >> 4)])
            out.append(hex[Int(b & 15)])
        }
        return out
    case .date(let d): return DateTime.formatDate(d)
    case .timestamp(let t): return DateTime.formatTimestamp(t)
    case .timestamptz(let t): return DateTime.formatTimestampTZ(t)
    case .interval(let i): return i.text
    case .inet(let inet): return inet.text
    case .array(let a):
        if type.isVector {
            return a.elements.map { formatValue($0, type: a.elementType) }.joined(separator: " ")
        }
        return a.text
    case .range(let r): return r.text
    case .record(let fields):
        return formatRecord(fields, type: type)
    case .void: return ""
    }
}

/// The type a bare datum most plausibly has (used where no type is known).
package func naturalType(of v: Value) -> PGType {
    switch v {
    case .null, .text: return .text
    case .bool: return .bool
    case .int2: return .int2
    case .int4: return .int4
    case .int8: return .int8
    case .float4: return .float4
    case .float8: return .float8
    case .numeric: return .numeric
    case .bytea: return .bytea
    case .date: return .date
    case .timestamp: return .timestamp
    case .timestamptz: return .timestamptz
    case .interval: return .interval
    case .inet: return .inet
    case .array(let a): return a.elementType.arrayType ?? .textArray
    case .range(let r): return r.elementType.rangeType ?? .tstzrange
    case .record: return .record
    case .void: return .void
    }
}

/// The type name as input-syntax errors spell it (`integer`,
/// `double precision`, `timestamp with time zone`), without modifiers.
private func typeNameForMessage(_ type: PGType) -> String {
    formatType(type.withoutModifier)
}

/// The current wall-clock time as microseconds since 2000-01-01 UTC.
package func wallClockTimestamp() -> Int64 {
    let seconds = Foundation.Date().timeIntervalSince1970
    return Int64(seconds * 1e6) + DateTime.unixEpochDays * DateTime.microsecondsPerDay
}

/// Rounds a timestamp to the precision of timestamp(p).
package func roundTimestamp(_ t: Int64, _ type: PGType) -> Int64 {
    guard let p = type.secondsPrecision, p < 6, !DateTime.isInfinite(timestamp: t) else {
        return t
    }
    var unit: Int64 = 1
    for _ in p..<6 { unit *= 10 }
    let (q, r) = t.quotientAndRemainder(dividingBy: unit)
    if r >= unit / 2 { return (q + 1) * unit }
    if r <= -unit / 2 { return (q - 1) * unit }
    return q * unit
}

// MARK: - Scalar input helpers

/// boolin: t/true/yes/on/1 and f/false/no/off/0, any unique prefix, any
/// case, surrounding spaces.
package func parseBool(_ text: String) -> Bool? {
    let s = text.trimmed(" \t\n\r").lowercased()
    guard !s.isEmpty else { return nil }
    if "true".hasPrefix(s) || "yes".hasPrefix(s) || s == "1" || s == "on" { return true }
    if "false".hasPrefix(s) || s == "no" || s == "n" || s == "0" || s == "off" || s == "of" {
        return false
    }
    return nil
}

/// int2in/int4in/int8in: optional sign, decimal digits, surrounding
/// spaces (PostgreSQL 15 has no underscores or hex).
private func parseInteger(_ text: String, min: Int64, max: Int64, _ type: PGType) throws -> Int64 {
    let s = text.trimmed(" \t\n\r")
    var bytes = Substring(s).utf8[...]
    var negative = false
    if let first = bytes.first, first == UInt8(ascii: "-") || first == UInt8(ascii: "+") {
        negative = first == UInt8(ascii: "-")
        bytes = bytes.dropFirst()
    }
    guard !bytes.isEmpty, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) else {
        throw SQLError(
            SQLState.invalidTextRepresentation,
            "invalid input syntax for type \(typeNameForMessage(type)): \"\(text)\"")
    }
    var value: Int64 = 0
    var overflow = false
    for b in bytes {
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let digit = Int64(b - 48)
        let (r, o2) =
            negative ? m.subtractingReportingOverflow(digit) : m.addingReportingOverflow(digit)
        if o1 || o2 {
            overflow = true
            break
        }
        value = r
    }
    guard !overflow, value >= min, value <= max else {
        throw SQLError(
            SQLState.numericValueOutOfRange,
            "value \"\(text)\" is out of range for type \(typeNameForMessage(type))")
    }
    return value
}

/// float8in/float4in: decimal or exponent notation, NaN, [+-]Infinity,
/// [+-]inf, surrounding spaces.
private func parseFloat(_ text: String, _ type: PGType) throws -> Double {
    let s = text.trimmed(" \t\n\r")
    let lower = s.lowercased()
    switch lower {
    case "nan": return .nan
    case "infinity", "+infinity", "inf", "+inf": return .infinity
    case "-infinity", "-inf": return -.infinity
    default: break
    }
    let allowed = lower.allSatisfy { $0.isASCIIDigit || "+-.e".contains($0) }
    guard allowed, lower.contains(where: \.isASCIIDigit), let d = Double(lower) else {
        throw SQLError(
            SQLState.invalidTextRepresentation,
            "invalid input syntax for type \(typeNameForMessage(type)): \"\(text)\"")
    }
    if d.isInfinite || (d == 0 && !isZeroMantissa(lower)) {
        throw SQLError(
            SQLState.numericValueOutOfRange,
            "\"\(text)\" is out of range for type \(typeNameForMessage(type))")
    }
    return d
}

/// True when the digits before any exponent are all zero (`0.000e5`).
private func isZeroMantissa(_ s: String) -> Bool {
    let mantissa = s.split(separator: "e").first ?? ""
    return !mantissa.contains { $0 >= "1" && $0 <= "9" }
}

/// Names are truncated to 63 bytes (NAMEDATALEN - 1), on a character
/// boundary.
private func truncateName(_ s: String) -> String {
    guard s.utf8.count > 63 else { return s }
    var out = ""
    for ch in s.unicodeScalars {
        if out.utf8.count + String(ch).utf8.count > 63 { break }
        out.unicodeScalars.append(ch)
    }
    return out
}

/// Applies varchar(n)/char(n) length rules. On assignment a longer value
/// is an error unless the excess is spaces; an explicit cast truncates.
/// char(n) pads with spaces.
package func coerceCharacter(_ s: String, to type: PGType, explicit: Bool) throws -> String {
    guard let n = type.characterLength else { return s }
    // Lengths count code points, as PostgreSQL's character types do.
    let scalars = s.unicodeScalars
    let count = scalars.count
    var result = s
    if count > n {
        let prefix = String(String.UnicodeScalarView(scalars.prefix(n)))
        if !explicit {
            let rest = scalars.dropFirst(n)
            guard rest.allSatisfy({ $0 == " " }) else {
                throw SQLError(
                    SQLState.stringDataRightTruncation,
                    "value too long for type \(formatType(type))")
            }
        }
        result = prefix
    }
    let resultCount = count > n ? n : count
    if type.oid == PGType.bpchar.oid, resultCount < n {
        result += String(repeating: " ", count: n - resultCount)
    }
    return result
}

/// byteain: `\x0102` hex format or the escape format with `\\` and `\ooo`.
private func parseBytea(_ text: String) throws -> [UInt8] {
    let bytes = Array(text.utf8)
    if bytes.count >= 2, bytes[0] == UInt8(ascii: "\\"), bytes[1] == UInt8(ascii: "x") {
        var out: [UInt8] = []
        var i = 2
        func hexValue(_ b: UInt8) -> UInt8? {
            switch b {
            case 48...57: return b - 48
            case 97...102: return b - 87
            case 65...70: return b - 55
            default: return nil
            }
        }
        while i < bytes.count {
            if bytes[i] == 32 || bytes[i] == 10 || bytes[i] == 9 || bytes[i] == 13 {
                i += 1
                continue
            }
            guard let hi = hexValue(bytes[i]) else {
                let ch = String(decoding: [bytes[i]], as: UTF8.self)
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "invalid hexadecimal digit: \"\(ch)\"")
            }
            guard i + 1 < bytes.count else {
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "invalid hexadecimal data: odd number of digits")
            }
            guard let lo = hexValue(bytes[i + 1]) else {
                let ch = String(decoding: [bytes[i + 1]], as: UTF8.self)
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "invalid hexadecimal digit: \"\(ch)\"")
            }
            out.append(hi << 4 | lo)
            i += 2
        }
        return out
    }
    var out: [UInt8] = []
    var i = 0
    while i < bytes.count {
        if bytes[i] != UInt8(ascii: "\\") {
            out.append(bytes[i])
            i += 1
        } else if i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "\\") {
            out.append(UInt8(ascii: "\\"))
            i += 2
        } else if i + 3 < bytes.count + 0, (48...51).contains(bytes[i + 1]),
            (48...55).contains(bytes[i + 2]), (48...55).contains(bytes[i + 3])
        {
            out.append((bytes[i + 1] - 48) << 6 | (bytes[i + 2] - 48) << 3 | (bytes[i + 3] - 48))
            i += 4
        } else {
            throw SQLError(
                SQLState.invalidTextRepresentation, "invalid input syntax for type bytea")
        }
    }
    return out
}

/// uuid_in: 32 hex digits, optionally in braces, with a hyphen allowed
/// after any group of four; output form is lower-case 8-4-4-4-12.
private func canonicalUUID(_ text: String) -> String? {
    var s = Substring(text)
    if s.first == "{" {
        guard s.last == "}" else { return nil }
        s = s.dropFirst().dropLast()
    }
    var hex: [Character] = []
    var sinceHyphen = 0
    var previousHyphen = false
    for ch in s {
        if ch == "-" {
            guard !hex.isEmpty, sinceHyphen % 4 == 0, !previousHyphen else { return nil }
            previousHyphen = true
            continue
        }
        guard ch.isHexDigit, ch.isASCII else { return nil }
        hex.append(Character(ch.lowercased()))
        sinceHyphen += 1
        previousHyphen = false
    }
    guard hex.count == 32, !previousHyphen else { return nil }
    let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32]
    return groups.map { String(hex[$0]) }.joined(separator: "-")
}

// MARK: - Float output

/// float8out with extra_float_digits 1: the shortest digits that read
/// back exactly, in exponent form below 1e-4 or from 1e15 up.
package func formatFloat8(_ d: Double) -> String {
    // A whole number below 10^15 prints as its digits (what the general
    // path gives it, without re-laying Swift's text).
    if d.rounded(.towardZero) == d, abs(d) < 1e15, !(d == 0 && d.sign == .minus) {
        return String(Int64(d))
    }
    return formatShortest(d.isNaN, d.isInfinite, d < 0 || (d == 0 && d.sign == .minus), "\(d)", 15)
}

/// float4out: as float8out but switching to exponent form from 1e6 up.
package func formatFloat4(_ f: Float) -> String {
    formatShortest(f.isNaN, f.isInfinite, f < 0 || (f == 0 && f.sign == .minus), "\(f)", 6)
}

/// Re-lays Swift's shortest round-trip digits (`1.2345e+17`, `0.001`) the
/// way PostgreSQL's float output does.
private func formatShortest(
    _ isNaN: Bool, _ isInfinite: Bool, _ negative: Bool, _ swiftText: String,
    _ maxExponent: Int
) -> String {
    if isNaN { return "NaN" }
    if isInfinite { return negative ? "-Infinity" : "Infinity" }
    var text = Substring(swiftText)
    if text.first == "-" { text = text.dropFirst() }
    var exponent = 0
    if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
        exponent = Int(text[text.index(after: e)...]) ?? 0
        text = text[..<e]
    }
    // Split into digits and the decimal exponent of the first digit.
    var intPart = text
    var fracPart: Substring = ""
    if let dot = text.firstIndex(of: ".") {
        intPart = text[..<dot]
        fracPart = text[text.index(after: dot)...]
    }
    var digits = Array(intPart + fracPart)
    var pointPosition = intPart.count + exponent
    while let first = digits.first, first == "0", digits.count > 1 {
        digits.removeFirst()
        pointPosition -= 1
    }
    while let last = digits.last, last == "0", digits.count > 1 { digits.removeLast() }
    let sign = negative ? "-" : ""
    if digits == ["0"] { return sign + "0" }
    let leadExponent = pointPosition - 1
    if leadExponent < -4 || leadExponent >= maxExponent {
        var mantissa = String(digits[0])
        if digits.count > 1 { mantissa += "." + String(digits[1...]) }
        let expSign = leadExponent < 0 ? "-" : "+"
        let expDigits = DateTime.pad(abs(leadExponent), 2)
        return sign + mantissa + "e" + expSign + expDigits
    }
    if pointPosition <= 0 {
        return sign + "0." + String(repeating: "0", count: -pointPosition) + String(digits)
    }
    if pointPosition >= digits.count {
        return sign + String(digits) + String(repeating: "0", count: pointPosition - digits.count)
    }
    return sign + String(digits[..<pointPosition]) + "." + String(digits[pointPosition...])
}

/// Reads a pg_lsn: two hexadecimal numbers of at most 8 digits around a
/// slash, the high and low 32 bits. Example: `16/B374D848` is
/// 0x16_B374_D848.
func parseLSN(_ text: String) -> Int64? {
    let halves = text.split(separator: "/", omittingEmptySubsequences: false)
    guard halves.count == 2, halves.allSatisfy({ (1...8).contains($0.count) }),
        let high = UInt32(halves[0], radix: 16), let low = UInt32(halves[1], radix: 16)
    else { return nil }
    return Int64(bitPattern: UInt64(high) << 32 | UInt64(low))
}

/// Prints a pg_lsn as PostgreSQL does: upper-case hex halves, no padding.
func formatLSN(_ lsn: Int64) -> String {
    let bits = UInt64(bitPattern: lsn)
    let high = String(bits >> 32, radix: 16, uppercase: true)
    return high + "/" + String(bits & 0xFFFF_FFFF, radix: 16, uppercase: true)
}
