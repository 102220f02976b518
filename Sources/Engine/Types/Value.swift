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
