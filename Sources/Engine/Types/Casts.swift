// Casts between types, as pg_cast lists them (with the context each cast
// may be applied in) plus PostgreSQL's automatic I/O conversion casts, and
// their conversion functions with PostgreSQL's rounding and range errors.

/// Where a coercion may happen, as pg_cast.castcontext: implicitly in
/// expressions, in assignment (INSERT/UPDATE, PL/pgSQL `:=`), or only
/// when written as a cast.
package enum CoercionContext: Int, Comparable, Sendable {
    case implicit = 0
    case assignment = 1
    case explicit = 2

    package static func < (a: CoercionContext, b: CoercionContext) -> Bool {
        a.rawValue < b.rawValue
    }
}

/// pg_cast rows between the supported types, measured with `select
/// castsource::int, casttarget::int, castcontext from pg_cast where ...`.
private let castTable: [Int64: CoercionContext] = {
    let rows: [(Int32, Int32, CoercionContext)] = [
        (1042, 1043, .implicit), (1042, 18, .assignment), (1042, 19, .implicit),
        (1042, 25, .implicit), (1043, 1042, .implicit), (1043, 18, .assignment),
        (1043, 19, .implicit), (1043, 2205, .implicit), (1043, 25, .implicit),
        (26, 2206, .implicit), (2206, 26, .implicit), (23, 2206, .implicit),
        (26, 4089, .implicit), (4089, 26, .implicit), (23, 4089, .implicit),
        (26, 24, .implicit), (24, 26, .implicit),
        (1082, 1114, .implicit), (1082, 1184, .implicit), (1083, 1186, .implicit),
        (1114, 1082, .assignment), (1114, 1083, .assignment), (1114, 1184, .implicit),
        (114, 3802, .assignment), (1184, 1082, .assignment), (1184, 1083, .assignment),
        (1184, 1114, .assignment), (1186, 1083, .assignment), (16, 1042, .assignment),
        (16, 1043, .assignment), (16, 23, .explicit), (16, 25, .assignment),
        (1700, 20, .assignment), (1700, 21, .assignment), (1700, 23, .assignment),
        (1700, 700, .implicit), (1700, 701, .implicit), (18, 1042, .assignment),
        (18, 1043, .assignment), (18, 23, .explicit), (18, 25, .implicit),
        (19, 1042, .assignment), (19, 1043, .assignment), (19, 25, .implicit),
        (20, 1700, .implicit), (20, 21, .assignment), (20, 2205, .implicit),
        (20, 23, .assignment), (20, 26, .implicit), (20, 700, .implicit),
        (20, 701, .implicit), (21, 1700, .implicit), (21, 20, .implicit),
        (21, 2205, .implicit), (21, 23, .implicit), (21, 26, .implicit),
        (21, 700, .implicit), (21, 701, .implicit), (2205, 20, .assignment),
        (2205, 23, .assignment), (2205, 26, .implicit), (23, 16, .explicit),
        (23, 1700, .implicit), (23, 18, .explicit), (23, 20, .implicit),
        (23, 21, .assignment), (23, 2205, .implicit), (23, 26, .implicit),
        (23, 700, .implicit), (23, 701, .implicit), (25, 1042, .implicit),
        (25, 1043, .implicit), (25, 18, .assignment), (25, 19, .implicit),
        (25, 2205, .implicit), (26, 20, .assignment), (26, 2205, .implicit),
        (26, 23, .assignment), (3802, 114, .assignment), (3802, 16, .explicit),
        (3802, 1700, .explicit), (3802, 20, .explicit), (3802, 21, .explicit),
        (3802, 23, .explicit), (3802, 700, .explicit), (3802, 701, .explicit),
        (700, 1700, .assignment), (700, 20, .assignment), (700, 21, .assignment),
        (700, 23, .assignment), (700, 701, .implicit), (701, 1700, .assignment),
        (701, 20, .assignment), (701, 21, .assignment), (701, 23, .assignment),
        (701, 700, .assignment), (869, 1042, .assignment), (869, 1043, .assignment),
        (869, 25, .assignment), (829, 774, .implicit), (774, 829, .implicit),
        (17, 8800, .explicit), (23, 8802, .explicit), (20, 8802, .explicit),
    ]
    var table: [Int64: CoercionContext] = [:]
    for (source, target, context) in rows { table[castKey(source, target)] = context }
    return table
}()

private func castKey(_ a: Int32, _ b: Int32) -> Int64 { Int64(a) << 32 | Int64(UInt32(b)) }

/// The least restrictive context in which `from` converts to `to`, nil if
/// no cast exists. Same-type casts (typmod coercion) are implicit; the
/// unknown type of string literals converts to anything implicitly; any
/// type converts to a string type by its output function in assignment
/// and from one by its input function only explicitly.
package func castContext(from: PGType, to: PGType) -> CoercionContext? {
    if from.oid == to.oid { return .implicit }
    if from.oid == PGType.unknown.oid { return .implicit }
    if to.oid == PGType.any.oid || to.oid == PGType.anyElement.oid { return .implicit }
    if let context = castTable[castKey(from.oid, to.oid)] { return context }
    if let source = from.elementType, let target = to.elementType {
        return castContext(from: source, to: target)
    }
    if from.isArray, to.oid == PGType.anyArray.oid { return .implicit }
    if from.isRange, to.oid == PGType.anyRange.oid { return .implicit }
    guard from.info != nil, to.info != nil, from.category != "P", to.category != "P" else {
        return nil
    }
    if to.isStringType { return .assignment }
    if from.isStringType { return .explicit }
    return nil
}

/// Converts `v` of type `from` to `to`, as the cast function (or I/O
/// conversion) does, applying the target's typmod. `context` matters for
/// varchar(n): an explicit cast truncates, assignment raises 22001.
package func castValue(
    _ v: Value, from: PGType, to: PGType, context: CoercionContext = .explicit,
    evaluation: EvaluationContext? = nil
) throws -> Value {
    if case .null = v { return .null }
    if from == to { return v }
    let explicit = context == .explicit
    if from.oid == to.oid {
        return try applyTypmod(v, to, explicit: explicit)
    }
    if isOIDAlias(to.oid) {
        switch v {
        case .int4: if isOIDAlias(from.oid) || from.oid == PGType.int4.oid { return v }
        case .int2(let x): return .int4(Int32(x))
        case .int8(let x):
            guard (0...Int64(UInt32.max)).contains(x) else {
                throw SQLError(SQLState.numericValueOutOfRange, "OID out of range")
            }
            return .int4(Int32(bitPattern: UInt32(x)))
        default: break
        }
    }
    if let result = try numericCast(v, to) {
        return try applyTypmod(result, to, explicit: explicit)
    }
    switch (v, to.oid) {
    case (.bytea(let bytes), PGType.macaddr8.oid) where from.oid == PGType.macaddr.oid:
        return .bytea(Array(bytes[0..<3]) + [0xff, 0xfe] + Array(bytes[3...]))
    case (.bytea(let bytes), PGType.macaddr.oid) where from.oid == PGType.macaddr8.oid:
        guard bytes[3] == 0xff, bytes[4] == 0xfe else {
            throw SQLError(
                SQLState.numericValueOutOfRange,
                "macaddr8 data out of range to convert to macaddr",
                hint: "Only addresses that have FF and FE as values in the 4th and 5th bytes "
                    + "from the left, for example xx:xx:xx:ff:fe:xx:xx:xx, are eligible to be "
                    + "converted from macaddr8 to macaddr.")
        }
        return .bytea(Array(bytes[0..<3]) + Array(bytes[5...]))
    case (.bytea(let bytes), PGType.hll.oid) where from.oid == PGType.bytea.oid:
        _ = try HllMultiset(bytes: bytes)
        return v
    case (.int4(let i), PGType.hllHashval.oid): return .int8(Int64(i))
    case (.int8, PGType.hllHashval.oid): return v
    case (.bool(let b), PGType.int4.oid): return .int4(b ? 1 : 0)
    case (.int4(let i), PGType.bool.oid): return .bool(i != 0)
    case (.bool(let b), _) where to.isStringType:
        return .text(try coerceCharacter(b ? "true" : "false", to: to, explicit: explicit))
    case (.inet(let inet), _) where to.isStringType:
        // text(inet) always shows the netmask length.
        let text = inet.bits == inet.maxBits ? inet.text + "/\(inet.bits)" : inet.text
        return .text(try coerceCharacter(text, to: to, explicit: explicit))
    case (.text(let s), _) where to.isStringType:
        let source = from.oid == PGType.bpchar.oid ? trimSpaces(s) : s
        if to.oid == PGType.char.oid { return .text(String(source.prefix(1))) }
        return try parseValue(source, as: to.withoutModifier, context: evaluation)
            .coercedString(to, explicit: explicit)
    case (.date(let d), PGType.timestamp.oid):
        return .timestamp(try dateToTimestamp(d))
    case (.date(let d), PGType.timestamptz.oid):
        // Midnight of the day in the session's zone.
        let t = try localToUTC(try dateToTimestamp(d))
        return .timestamptz(roundTimestamp(t, to))
    case (.timestamp(let t), PGType.timestamptz.oid):
        return .timestamptz(roundTimestamp(try localToUTC(t), to))
    case (.timestamptz(let t), PGType.timestamp.oid):
        return .timestamp(roundTimestamp(try utcToLocal(t), to))
    case (.timestamp(let t), PGType.date.oid):
        return .date(timestampToDate(t))
    case (.timestamptz(let t), PGType.date.oid):
        return .date(timestampToDate(try utcToLocal(t)))
    case (.timestamp(let t), PGType.time.oid), (.timestamptz(let t), PGType.time.oid):
        let wall = from.oid == PGType.timestamptz.oid ? try utcToLocal(t) : t
        var time = wall % DateTime.microsecondsPerDay
        if time < 0 { time += DateTime.microsecondsPerDay }
        return .int8(time)
    case (.int8(let time), PGType.interval.oid) where from.oid == PGType.time.oid:
        return .interval(Interval(microseconds: time))
    case (.interval(let i), PGType.time.oid):
        var time = i.microseconds % DateTime.microsecondsPerDay
        if time < 0 { time += DateTime.microsecondsPerDay }
        return .int8(time)
    case (.text(let s), PGType.jsonb.oid) where from.oid == PGType.json.oid:
        return .text(try JSONText.normalize(s))
    case (.text, PGType.json.oid) where from.oid == PGType.jsonb.oid:
        return v
    case (.text, _) where from.oid == PGType.jsonb.oid && jsonbScalarTargets.contains(to.oid):
        let scalar = try JSONText.scalar(JSONText.stored(v), castTo: to)
        if case .bool = scalar { return scalar }
        return try castValue(
            scalar, from: .numeric, to: to, context: context, evaluation: evaluation)
    case (.array(let a), _):
        guard let target = to.elementType else { break }
        var out = a
        out.elementType = target
        out.elements = try a.elements.map {
            try castValue(
                $0, from: a.elementType, to: target, context: context, evaluation: evaluation)
        }
        return .array(out)
    default:
        break
    }
    if to.isStringType {
        let text = formatValue(v, type: from)
        return .text(try coerceCharacter(text, to: to, explicit: explicit))
    }
    if from.isStringType, case .text(let s) = v {
        let source = from.oid == PGType.bpchar.oid ? trimSpaces(s) : s
        return try parseValue(source, as: to, context: evaluation)
    }
    throw SQLError(
        SQLState.cannotCoerce, "cannot cast type \(formatType(from)) to \(formatType(to))")
}

extension Value {
    /// Applies varchar(n)/char(n) length rules to a string value.
    fileprivate func coercedString(_ to: PGType, explicit: Bool) throws -> Value {
        guard case .text(let s) = self else { return self }
        return .text(try coerceCharacter(s, to: to, explicit: explicit))
    }
}

/// Coerces a value to its own type's modifier: varchar(n) length,
/// numeric(p,s) rounding and overflow, timestamp(p) precision, and the
/// elements of an array of such a type.
package func applyTypmod(_ v: Value, _ type: PGType, explicit: Bool) throws -> Value {
    guard type.typmod >= 0 else { return v }
    switch v {
    case .bytea(let bytes) where type.oid == PGType.hll.oid:
        try checkHllTypmod(bytes, type.typmod)
        return v
    case .text(let s):
        guard type.oid == PGType.varchar.oid || type.oid == PGType.bpchar.oid else { return v }
        return .text(try coerceCharacter(s, to: type, explicit: explicit))
    case .numeric(let n):
        return .numeric(try n.applyingTypmod(of: type))
    case .timestamp(let t): return .timestamp(roundTimestamp(t, type))
    case .timestamptz(let t): return .timestamptz(roundTimestamp(t, type))
    case .array(var a):
        guard let element = type.elementType else { return v }
        a.elements = try a.elements.map { try applyTypmod($0, element, explicit: explicit) }
        a.elementType = element
        return .array(a)
    default:
        return v
    }
}

/// date_timestamp: midnight of the day; the infinities carry over.
package func dateToTimestamp(_ d: Int32) throws -> Int64 {
    if d == DateTime.dateInfinity { return DateTime.timestampInfinity }
    if d == DateTime.dateNegativeInfinity { return DateTime.timestampNegativeInfinity }
    let t = Int64(d) * DateTime.microsecondsPerDay
    guard t >= DateTime.minTimestamp, t < DateTime.endTimestamp else {
        throw SQLError(SQLState.datetimeFieldOverflow, "date out of range for timestamp")
    }
    return t
}

/// timestamp_timestamptz: the instant a wall-clock time in the session's
/// TimeZone names (infinities stay).
package func localToUTC(_ t: Int64, zone: ZoneRules = SessionTimeZone.current) throws -> Int64 {
    guard !DateTime.isInfinite(timestamp: t) else { return t }
    let utc = zone.utc(fromLocal: t)
    guard utc >= DateTime.minTimestamp, utc < DateTime.endTimestamp else {
        throw SQLError(SQLState.datetimeFieldOverflow, "timestamp out of range")
    }
    return utc
}

/// timestamptz_timestamp: the wall-clock time of an instant in the
/// session's TimeZone (infinities stay).
package func utcToLocal(_ t: Int64, zone: ZoneRules = SessionTimeZone.current) throws -> Int64 {
    guard !DateTime.isInfinite(timestamp: t) else { return t }
    let local = zone.local(fromUTC: t)
    guard local >= DateTime.minTimestamp, local < DateTime.endTimestamp else {
        throw SQLError(SQLState.datetimeFieldOverflow, "timestamp out of range")
    }
    return local
}

/// timestamp_date: the day containing the timestamp.
package func timestampToDate(_ t: Int64) -> Int32 {
    if t == DateTime.timestampInfinity { return DateTime.dateInfinity }
    if t == DateTime.timestampNegativeInfinity { return DateTime.dateNegativeInfinity }
    return Int32(DateTime.floorDivide(t, DateTime.microsecondsPerDay))
}

/// Conversions among int2, int4, int8, float4, float8 and numeric; nil
/// when `v` or `to` is not numeric.
private func numericCast(_ v: Value, _ to: PGType) throws -> Value? {
    switch to.oid {
    case PGType.int2.oid:
        guard let i = try integerResult(v, "smallint") else { return nil }
        guard let r = Int16(exactly: i) else { throw outOfRange("smallint") }
        return .int2(r)
    case PGType.int4.oid:
        guard let i = try integerResult(v, "integer") else { return nil }
        guard let r = Int32(exactly: i) else { throw outOfRange("integer") }
        return .int4(r)
    case PGType.int8.oid:
        guard let i = try integerResult(v, "bigint") else { return nil }
        return .int8(i)
    case PGType.float8.oid:
        switch v {
        case .int2(let i): return .float8(Double(i))
        case .int4(let i): return .float8(Double(i))
        case .int8(let i): return .float8(Double(i))
        case .float4(let f): return .float8(Double(f))
        case .numeric(let n):
            // numeric_float8 goes through numeric_out and float8in.
            let d = n.doubleValue
            if n.isFinite && (d.isInfinite || (d == 0 && !n.isZero)) {
                throw floatRangeError(n.text, "double precision")
            }
            return .float8(d)
        default: return nil
        }
    case PGType.float4.oid:
        switch v {
        case .int2(let i): return .float4(Float(i))
        case .int4(let i): return .float4(Float(i))
        case .int8(let i): return .float4(Float(i))
        case .float8(let d): return .float4(try narrow(d, sourceIsFinite: d.isFinite))
        case .numeric(let n):
            // numeric_float4 goes through numeric_out and float4in.
            guard n.isFinite else { return .float4(Float(n.doubleValue)) }
            let f = Float(n.text) ?? Float(n.doubleValue)
            if f.isInfinite || (f == 0 && !n.isZero) { throw floatRangeError(n.text, "real") }
            return .float4(f)
        default: return nil
        }
    case PGType.numeric.oid:
        switch v {
        case .int2(let i): return .numeric(Numeric(Int64(i)))
        case .int4(let i): return .numeric(Numeric(Int64(i)))
        case .int8(let i): return .numeric(Numeric(i))
        case .float4(let f): return .numeric(Numeric(Double(f), significantDigits: 6))
        case .float8(let d): return .numeric(Numeric(d, significantDigits: 15))
        default: return nil
        }
    default:
        return nil
    }
}

/// float8 to float4 with PostgreSQL's overflow and underflow errors.
private func narrow(_ d: Double, sourceIsFinite: Bool) throws -> Float {
    let f = Float(d)
    if f.isInfinite && sourceIsFinite { throw floatOverflowError }
    if f == 0 && d != 0 {
        throw SQLError(SQLState.numericValueOutOfRange, "value out of range: underflow")
    }
    return f
}

/// float8in's and float4in's error for text beyond the type's range.
private func floatRangeError(_ text: String, _ typeName: String) -> SQLError {
    SQLError(SQLState.numericValueOutOfRange, "\"\(text)\" is out of range for type \(typeName)")
}

private func outOfRange(_ name: String) -> SQLError {
    SQLError(SQLState.numericValueOutOfRange, "\(name) out of range")
}

/// The integer a numeric value converts to: floats round half to even
/// (rint), numerics half away from zero. Nil for non-numeric values.
private func integerResult(_ v: Value, _ name: String) throws -> Int64? {
    switch v {
    case .int2(let i): return Int64(i)
    case .int4(let i): return Int64(i)
    case .int8(let i): return i
    case .float4(let f): return try floatToInteger(Double(f), name)
    case .float8(let d): return try floatToInteger(d, name)
    case .numeric(let n):
        if n.isNaN { throw SQLError(SQLState.featureNotSupported, "cannot convert NaN to \(name)") }
        if n.isInfinite {
            throw SQLError(SQLState.featureNotSupported, "cannot convert infinity to \(name)")
        }
        guard let i = n.roundedInt64 else { throw outOfRange(name) }
        return i
    default:
        return nil
    }
}

private func floatToInteger(_ d: Double, _ name: String) throws -> Int64 {
    let r = d.rounded(.toNearestOrEven)
    guard r.isFinite, r >= -9.223372036854775808e18, r < 9.223372036854775808e18 else {
        throw outOfRange(name)
    }
    return Int64(r)
}

/// oid and the reg* types share one representation, so casts between them
/// are binary coercions.
private func isOIDAlias(_ oid: Int32) -> Bool {
    oid == PGType.oid.oid || oid == PGType.regclass.oid || oid == PGType.regtype.oid
        || oid == PGType.regproc.oid || oid == PGType.regnamespace.oid
}
