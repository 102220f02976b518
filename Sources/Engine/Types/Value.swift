// The in-memory form of one datum. A `Value` carries no type: the analyser
// knows every expression's `PGType`, as PostgreSQL's executor does, and the
// same bits mean different things for `timestamp` and `timestamptz`.

/// One datum. Time values count from PostgreSQL's epoch, 2000-01-01
/// 00:00:00 (UTC for timestamptz), as PostgreSQL stores them.
public enum Value: Hashable, Sendable {
    case null
    case bool(Bool)
    case int2(Int16)
    case int4(Int32)
    case int8(Int64)
    case float4(Float)
    case float8(Double)
    indirect case numeric(Numeric)
    /// text, varchar, bpchar, name and unknown-type literals.
    case text(String)
    case bytea([UInt8])
    /// Days since 2000-01-01.
    case date(Int32)
    /// Microseconds since 2000-01-01 00:00:00 (no time zone).
    case timestamp(Int64)
    /// Microseconds since 2000-01-01 00:00:00 UTC.
    case timestamptz(Int64)
    case interval(Interval)
    indirect case inet(Inet)
    indirect case array(ArrayValue)
    indirect case range(RangeValue)
    /// A composite (row) value; the analyser knows its field types.
    indirect case record([Value])
    /// The single value of type void.
    case void

    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }
}

extension Value {
    /// Datums are equal when their bits are: text compares UTF-8 bytes, as
    /// PostgreSQL's deterministic collations do, so a precomposed "é" and
    /// "e" + U+0301 differ (Swift's String equality would merge them).
    public static func == (a: Value, b: Value) -> Bool {
        switch (a, b) {
        case (.null, .null), (.void, .void): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.int2(let x), .int2(let y)): return x == y
        case (.int4(let x), .int4(let y)): return x == y
        case (.int8(let x), .int8(let y)): return x == y
        case (.float4(let x), .float4(let y)): return x == y
        case (.float8(let x), .float8(let y)): return x == y
        case (.numeric(let x), .numeric(let y)): return x == y
        case (.text(let x), .text(let y)): return Self.sameBytes(x, y)
        case (.bytea(let x), .bytea(let y)): return x == y
        case (.date(let x), .date(let y)): return x == y
        case (.timestamp(let x), .timestamp(let y)): return x == y
        case (.timestamptz(let x), .timestamptz(let y)): return x == y
        case (.interval(let x), .interval(let y)): return x == y
        case (.inet(let x), .inet(let y)): return x == y
        case (.array(let x), .array(let y)): return x == y
        case (.range(let x), .range(let y)): return x == y
        case (.record(let x), .record(let y)): return x == y
        default: return false
        }
    }

    /// True when the two strings have the same UTF-8 bytes (text equality
    /// under a deterministic collation, unlike String's `==`, which
    /// equates canonically equivalent strings).
    @inline(__always)
    static func sameBytes(_ x: String, _ y: String) -> Bool {
        guard x.utf8.count == y.utf8.count else { return false }
        var (x, y) = (x, y)
        return x.withUTF8 { a in
            y.withUTF8 { b in a.elementsEqual(b) }
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .null: hasher.combine(0)
        case .void: hasher.combine(1)
        case .bool(let x): hasher.combine(x)
        case .int2(let x): hasher.combine(x)
        case .int4(let x): hasher.combine(x)
        case .int8(let x): hasher.combine(x)
        case .float4(let x): hasher.combine(x)
        case .float8(let x): hasher.combine(x)
        case .numeric(let x): hasher.combine(x)
        case .text(var s):
            hasher.combine(s.utf8.count)
            s.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        case .bytea(let x): hasher.combine(x)
        case .date(let x): hasher.combine(x)
        case .timestamp(let x): hasher.combine(x)
        case .timestamptz(let x): hasher.combine(x)
        case .interval(let x): hasher.combine(x)
        case .inet(let x): hasher.combine(x)
        case .array(let x): hasher.combine(x)
        case .range(let x): hasher.combine(x)
        case .record(let x): hasher.combine(x)
        }
    }
}
