// Ordering and equality of datums as the types' btree comparison functions
// define them (text in the C collation, i.e. UTF-8 byte order; NaN above
// every float; numerics by value; intervals by their 30-day-month span),
// and a hashable key that groups exactly the values those functions call
// equal, for GROUP BY, DISTINCT and hash joins.

import Foundation

/// -1, 0 or 1 as `a` sorts before, equal to or after `b`. Both must be of
/// `type` (the integer types are also compared with one another). NULL
/// sorts after every other value, as in an ascending PostgreSQL sort.
package func compareValues(_ a: Value, _ b: Value, type: PGType) -> Int {
    switch (a, b) {
    case (.null, .null): return 0
    case (.null, _): return 1
    case (_, .null): return -1
    case (.bool(let x), .bool(let y)): return order(x ? 1 : 0, y ? 1 : 0)
    case (.float8(let x), .float8(let y)): return compareFloats(x, y)
    case (.float4(let x), .float4(let y)): return compareFloats(Double(x), Double(y))
    case (.numeric(let x), .numeric(let y)): return x.compare(y)
    case (.text(let x), .text(let y)):
        if type.oid == PGType.bpchar.oid { return compareBytes(trimSpaces(x), trimSpaces(y)) }
        if type.oid == PGType.jsonb.oid {
            return JSONText.compare(JSONText.stored(a), JSONText.stored(b))
        }
        if let descriptor = type.enumDescriptor { return compareEnum(x, y, descriptor) }
        return compareBytes(x, y)
    case (.bytea(let x), .bytea(let y)): return compareSequences(x, y)
    case (.date(let x), .date(let y)): return order(x, y)
    case (.timestamp(let x), .timestamp(let y)): return order(x, y)
    case (.timestamptz(let x), .timestamptz(let y)): return order(x, y)
    case (.interval(let x), .interval(let y)): return order(x.span, y.span)
    case (.inet(let x), .inet(let y)): return compareInet(x, y)
    case (.array(let x), .array(let y)): return compareArrays(x, y)
    case (.range(let x), .range(let y)): return compareRanges(x, y)
    case (.record(let x), .record(let y)):
        for (u, v) in zip(x, y) {
            let c = compareValues(u, v, type: naturalType(of: u))
            if c != 0 { return c }
        }
        return order(x.count, y.count)
    case (.void, .void): return 0
    default:
        if let x = integerValue(a), let y = integerValue(b) { return order(x, y) }
        if let x = floatValue(a), let y = floatValue(b) { return compareFloats(x, y) }
        return order(caseRank(a), caseRank(b))
    }
}

/// True when the btree equality of `type` holds (`compareValues == 0`).
package func valuesEqual(_ a: Value, _ b: Value, type: PGType) -> Bool {
    compareValues(a, b, type: type) == 0
}

private func order<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }

/// float8_cmp: NaN equals NaN and sorts above everything; -0 equals 0.
package func compareFloats(_ a: Double, _ b: Double) -> Int {
    if a.isNaN { return b.isNaN ? 0 : 1 }
    if b.isNaN { return -1 }
    return a < b ? -1 : (a > b ? 1 : 0)
}

/// C-collation comparison: UTF-8 bytes, shorter prefix first.
package func compareBytes(_ a: String, _ b: String) -> Int {
    var x = a
    var y = b
    return x.withUTF8 { p in
        y.withUTF8 { q in
            let n = min(p.count, q.count)
            if n > 0, let pa = p.baseAddress, let qa = q.baseAddress {
                let c = memcmp(pa, qa, n)
                if c != 0 { return c < 0 ? -1 : 1 }
            }
            return p.count == q.count ? 0 : (p.count < q.count ? -1 : 1)
        }
    }
}

private func compareSequences<C: Collection>(_ a: C, _ b: C) -> Int
where C.Element == UInt8 {
    var i = a.startIndex
    var j = b.startIndex
    while i != a.endIndex, j != b.endIndex {
        if a[i] != b[j] { return a[i] < b[j] ? -1 : 1 }
        i = a.index(after: i)
        j = b.index(after: j)
    }
    if i == a.endIndex { return j == b.endIndex ? 0 : -1 }
    return 1
}

/// char(n) ignores trailing spaces when comparing.
package func trimSpaces(_ s: String) -> String {
    var t = Substring(s)
    while t.last == " " { t = t.dropLast() }
    return String(t)
}

private func integerValue(_ v: Value) -> Int64? {
    switch v {
    case .int2(let i): return Int64(i)
    case .int4(let i): return Int64(i)
    case .int8(let i): return i
    default: return nil
    }
}

private func floatValue(_ v: Value) -> Double? {
    switch v {
    case .int2(let i): return Double(i)
    case .int4(let i): return Double(i)
    case .int8(let i): return Double(i)
    case .float4(let f): return Double(f)
    case .float8(let d): return d
    case .numeric(let n): return n.doubleValue
    default: return nil
    }
}

/// Orders values of different kinds deterministically (should not happen
/// for well-typed input).
private func caseRank(_ v: Value) -> Int {
    switch v {
    case .null: return 99
    case .bool: return 0
    case .int2, .int4, .int8: return 1
    case .float4, .float8: return 2
    case .numeric: return 3
    case .text: return 4
    case .bytea: return 5
    case .date: return 6
    case .timestamp: return 7
    case .timestamptz: return 8
    case .interval: return 9
    case .inet: return 10
    case .array: return 11
    case .range: return 12
    case .record: return 13
    case .void: return 14
    }
}

extension Interval {
    /// interval_cmp_value: months count as 30 days, days as 24 hours.
    package var span: Int128 {
        (Int128(months) * 30 + Int128(days)) * Int128(DateTime.microsecondsPerDay)
            + Int128(microseconds)
    }
}

/// network_cmp: IPv4 before IPv6, then the common network prefix, then
/// the netmask length, then the whole address.
private func compareInet(_ a: Inet, _ b: Inet) -> Int {
    if a.isIPv6 != b.isIPv6 { return a.isIPv6 ? 1 : -1 }
    let common = Int(min(a.bits, b.bits))
    let prefix = compareBits(a.bytes, b.bytes, bits: common)
    if prefix != 0 { return prefix }
    if a.bits != b.bits { return a.bits < b.bits ? -1 : 1 }
    return compareBits(a.bytes, b.bytes, bits: a.bytes.count * 8)
}

private func compareBits(_ a: [UInt8], _ b: [UInt8], bits: Int) -> Int {
    var remaining = bits
    for (x, y) in zip(a, b) where remaining > 0 {
        let mask: UInt8 = remaining >= 8 ? 0xFF : ~(0xFF >> UInt8(remaining))
        let (mx, my) = (x & mask, y & mask)
        if mx != my { return mx < my ? -1 : 1 }
        remaining -= 8
    }
    return 0
}

/// array_cmp: element by element, then by element count, then by
/// dimensions and lower bounds.
private func compareArrays(_ a: ArrayValue, _ b: ArrayValue) -> Int {
    for (x, y) in zip(a.elements, b.elements) {
        let c = compareValues(x, y, type: a.elementType)
        if c != 0 { return c }
    }
    if a.elements.count != b.elements.count { return order(a.elements.count, b.elements.count) }
    if a.dimensions != b.dimensions {
        return a.dimensions.lexicographicallyPrecedes(b.dimensions) ? -1 : 1
    }
    if a.lowerBounds != b.lowerBounds {
        return a.lowerBounds.lexicographicallyPrecedes(b.lowerBounds) ? -1 : 1
    }
    return 0
}

/// range_cmp: empty first, then by lower bound, then by upper bound.
private func compareRanges(_ a: RangeValue, _ b: RangeValue) -> Int {
    if a.isEmpty || b.isEmpty { return a.isEmpty == b.isEmpty ? 0 : (a.isEmpty ? -1 : 1) }
    let lower = compareRangeBounds(
        a.lower, a.lowerInclusive, b.lower, b.lowerInclusive, isLower: true, a.elementType)
    if lower != 0 { return lower }
    return compareRangeBounds(
        a.upper, a.upperInclusive, b.upper, b.upperInclusive, isLower: false, a.elementType)
}

/// Compares two lower or two upper range bounds, where nil is unbounded.
package func compareRangeBounds(
    _ x: Value?, _ xInclusive: Bool, _ y: Value?, _ yInclusive: Bool, isLower: Bool,
    _ type: PGType
) -> Int {
    compareBounds(x, xInclusive, lower1: isLower, y, yInclusive, lower2: isLower, type)
}

/// range_cmp_bounds: orders any two bounds. An unbounded lower bound is
/// -infinity and an unbounded upper one +infinity; at equal values an
/// exclusive lower bound `(x` sits just after x and an exclusive upper
/// bound `x)` just before it.
package func compareBounds(
    _ v1: Value?, _ inclusive1: Bool, lower1: Bool, _ v2: Value?, _ inclusive2: Bool,
    lower2: Bool, _ type: PGType
) -> Int {
    guard let x = v1 else {
        if v2 == nil, lower1 == lower2 { return 0 }
        return lower1 ? -1 : 1
    }
    guard let y = v2 else { return lower2 ? 1 : -1 }
    let c = compareValues(x, y, type: type)
    if c != 0 { return c }
    if !inclusive1 && !inclusive2 {
        if lower1 == lower2 { return 0 }
        return lower1 ? 1 : -1
    }
    if !inclusive1 { return lower1 ? 1 : -1 }
    if !inclusive2 { return lower2 ? -1 : 1 }
    return 0
}

/// A value wrapped so that `==` and `hash` follow the type's equality:
/// numerics by value, floats with NaN = NaN and -0 = 0, intervals by span.
/// NULLs group together, as GROUP BY and DISTINCT treat them. The key's
/// values are canonical forms: print the group's original values instead.
package struct GroupingKey: Hashable {
    package var values: [Value]

    package init(_ values: [Value]) {
        self.values = values.map(GroupingKey.canonical)
    }

    /// The representative form of a value: equal values map to identical
    /// `Value`s, so synthesised equality and hashing apply.
    package static func canonical(_ v: Value) -> Value {
        switch v {
        case .float8(let d):
            if d.isNaN { return .float8(.nan) }
            return .float8(d == 0 ? 0 : d)
        case .float4(let f):
            if f.isNaN { return .float4(.nan) }
            return .float4(f == 0 ? 0 : f)
        case .numeric(let n): return .numeric(n.normalized)
        case .interval(let i):
            let span = i.span
            let perDay = Int128(DateTime.microsecondsPerDay)
            let days = span / perDay
            let rest = span % perDay
            if let d = Int32(exactly: days / 30), let dd = Int32(exactly: days % 30) {
                return .interval(Interval(months: d, days: dd, microseconds: Int64(rest)))
            }
            return v
        case .array(var a):
            a.elements = a.elements.map(canonical)
            return .array(a)
        case .record(let fields): return .record(fields.map(canonical))
        default: return v
        }
    }

    package static func == (a: GroupingKey, b: GroupingKey) -> Bool {
        guard a.values.count == b.values.count else { return false }
        for (x, y) in zip(a.values, b.values) {
            switch (x, y) {
            case (.float8(let p), .float8(let q)) where p.isNaN && q.isNaN: continue
            case (.float4(let p), .float4(let q)) where p.isNaN && q.isNaN: continue
            default: if x != y { return false }
            }
        }
        return true
    }

    package func hash(into hasher: inout Hasher) {
        for v in values {
            switch v {
            case .float8(let d) where d.isNaN: hasher.combine(0x7FF8 as UInt16)
            case .float4(let f) where f.isNaN: hasher.combine(0x7FF8 as UInt16)
            default: hasher.combine(v)
            }
        }
    }
}
