// The engine's pg_operator: arithmetic on the numeric types with
// PostgreSQL's result types and overflow errors, comparisons for every
// type (cross-type among the integers, among the floats, and among date,
// timestamp and timestamptz), date/time arithmetic, string, array and
// range operators. Prefix operators receive their operand as the second
// argument (the first is .null).
import Foundation

/// All built-in operators, grouped by symbol for the analyser's lookup.
package let builtinOperators: [BuiltinOperator] =
    arithmeticOperators + comparisonOperators + dateTimeOperators + textOperators
    + containerOperators + hllOperators + jsonOperators

private let operatorsBySymbol: [String: [BuiltinOperator]] = Dictionary(
    grouping: builtinOperators, by: { $0.symbol })

/// An operator's symbol and its operands' type OIDs (0 on the left of a
/// prefix operator).
private struct OperatorSignature: Hashable {
    var symbol: String
    var left: Int32
    var right: Int32
}

private let operatorsBySignature: [OperatorSignature: BuiltinOperator] = Dictionary(
    builtinOperators.map {
        (OperatorSignature(symbol: $0.symbol, left: $0.left?.oid ?? 0, right: $0.right.oid), $0)
    },
    uniquingKeysWith: { first, _ in first })

/// The overload of `symbol` declared for exactly these operand types, which
/// parse_oper.c takes before weighing any conversion.
package func exactBuiltinOperator(_ symbol: String, left: PGType?, right: PGType)
    -> BuiltinOperator?
{
    operatorsBySignature[OperatorSignature(symbol: symbol, left: left?.oid ?? 0, right: right.oid)]
}

/// The overloads of `symbol`; prefix ones have `left == nil`.
package func builtinOperators(named symbol: String) -> [BuiltinOperator] {
    operatorsBySymbol[symbol] ?? []
}

// MARK: - Errors

func integerOutOfRangeError(_ t: PGType) -> SQLError {
    let name: String
    switch t.oid {
    case PGType.int2.oid: name = "smallint"
    case PGType.int8.oid: name = "bigint"
    default: name = "integer"
    }
    return SQLError(SQLState.numericValueOutOfRange, "\(name) out of range")
}

let divideByZeroError = SQLError(SQLState.divisionByZero, "division by zero")
let floatOverflowError = SQLError(SQLState.numericValueOutOfRange, "value out of range: overflow")
let floatUnderflowError = SQLError(SQLState.numericValueOutOfRange, "value out of range: underflow")

// MARK: - Integer and float arithmetic

/// An integer of any width as Int64.
func argInt64(_ v: Value) -> Int64? {
    switch v {
    case .int2(let i): return Int64(i)
    case .int4(let i): return Int64(i)
    case .int8(let i): return i
    default: return nil
    }
}

/// Any numeric value as Double (numerics rounded to the nearest double).
func argDouble(_ v: Value) -> Double? {
    switch v {
    case .float8(let d): return d
    case .float4(let f): return Double(f)
    case .int2(let i): return Double(i)
    case .int4(let i): return Double(i)
    case .int8(let i): return Double(i)
    case .numeric(let n): return n.doubleValue
    default: return nil
    }
}

/// Any numeric value as Numeric.
func argNumeric(_ v: Value) -> Numeric? {
    switch v {
    case .numeric(let n): return n
    case .int2(let i): return Numeric(Int64(i))
    case .int4(let i): return Numeric(Int64(i))
    case .int8(let i): return Numeric(i)
    default: return nil
    }
}

/// Wraps an Int64 result in the integer type `t`, raising t's range error.
func integerValue(_ x: Int64, _ t: PGType) throws -> Value {
    switch t.oid {
    case PGType.int2.oid:
        guard let r = Int16(exactly: x) else { throw integerOutOfRangeError(t) }
        return .int2(r)
    case PGType.int4.oid:
        guard let r = Int32(exactly: x) else { throw integerOutOfRangeError(t) }
        return .int4(r)
    default:
        return .int8(x)
    }
}

/// Integer arithmetic in Int64 with the overflow check of the result type.
/// The operation is chosen once, when the catalog is built, and int4 pairs
/// get a path without widening: these run once per row.
private func integerOperator(
    _ symbol: String, _ l: PGType, _ r: PGType, _ result: PGType
) -> BuiltinOperator {
    if l.oid == PGType.int4.oid && r.oid == PGType.int4.oid,
        let op = int4Operation(symbol)
    {
        return BuiltinOperator(symbol, l, r, returns: result) { a, b in
            guard case .int4(let x) = a, case .int4(let y) = b else { return .null }
            let (value, overflow) = op(x, y)
            if overflow { throw integerOutOfRangeError(result) }
            return .int4(value)
        }
    }
    let compute = int64Operation(symbol)
    return BuiltinOperator(symbol, l, r, returns: result) { a, b in
        guard let x = argInt64(a), let y = argInt64(b) else { return .null }
        let (value, overflow) = try compute(x, y)
        if overflow { throw integerOutOfRangeError(result) }
        return try integerValue(value, result)
    }
}

/// int4 + - * without widening (division keeps the general path).
private func int4Operation(_ symbol: String) -> ((Int32, Int32) -> (Int32, Bool))? {
    switch symbol {
    case "+": return { $0.addingReportingOverflow($1) }
    case "-": return { $0.subtractingReportingOverflow($1) }
    case "*": return { $0.multipliedReportingOverflow(by: $1) }
    default: return nil
    }
}

/// The Int64 operation for an arithmetic symbol, with PostgreSQL's
/// division-by-zero error and INT_MIN % -1 = 0.
private func int64Operation(_ symbol: String) -> (Int64, Int64) throws -> (Int64, Bool) {
    switch symbol {
    case "+": return { $0.addingReportingOverflow($1) }
    case "-": return { $0.subtractingReportingOverflow($1) }
    case "*": return { $0.multipliedReportingOverflow(by: $1) }
    case "/":
        return { x, y in
            guard y != 0 else { throw divideByZeroError }
            return x.dividedReportingOverflow(by: y)
        }
    default:
        return { x, y in
            guard y != 0 else { throw divideByZeroError }
            return y == -1 ? (0, false) : (x % y, false)
        }
    }
}

/// float4/float8 arithmetic with PostgreSQL's overflow, underflow and
/// division-by-zero checks.
private func floatOperator(
    _ symbol: String, _ l: PGType, _ r: PGType, _ result: PGType
) -> BuiltinOperator {
    BuiltinOperator(symbol, l, r, returns: result) { a, b in
        guard let x = argDouble(a), let y = argDouble(b) else { return .null }
        let z: Double
        switch symbol {
        case "+": z = x + y
        case "-": z = x - y
        case "*": z = x * y
        default:
            guard y != 0 else { throw divideByZeroError }
            z = x / y
        }
        if result.oid == PGType.float4.oid {
            let f = Float(z)
            if f.isInfinite && !x.isInfinite && !y.isInfinite { throw floatOverflowError }
            if f == 0 && z != 0 { throw floatUnderflowError }
            return .float4(f)
        }
        if z.isInfinite && !x.isInfinite && !y.isInfinite { throw floatOverflowError }
        if z == 0 && symbol == "*" && x != 0 && y != 0 { throw floatUnderflowError }
        if z == 0 && symbol == "/" && x != 0 && !y.isInfinite { throw floatUnderflowError }
        return .float8(z)
    }
}

private func numericOperator(_ symbol: String) -> BuiltinOperator {
    BuiltinOperator(symbol, .numeric, .numeric, returns: .numeric) { a, b in
        guard let x = argNumeric(a), let y = argNumeric(b) else { return .null }
        switch symbol {
        case "+": return .numeric(x + y)
        case "-": return .numeric(x - y)
        case "*": return .numeric(x * y)
        case "/": return .numeric(try Numeric.divide(x, y))
        case "%": return .numeric(try Numeric.remainder(x, y))
        default: return .numeric(try x.power(y))
        }
    }
}

/// float8 `^`: pow with PostgreSQL's domain errors.
func floatPower(_ x: Double, _ y: Double) throws -> Double {
    if x == 0 && y < 0 {
        throw SQLError(
            SQLState.invalidArgumentForPowerFunction,
            "zero raised to a negative power is undefined")
    }
    if x < 0 && y.rounded(.towardZero) != y && y.isFinite {
        throw SQLError(
            SQLState.invalidArgumentForPowerFunction,
            "a negative number raised to a non-integer power yields a complex result")
    }
    let r = pow(x, y)
    if r.isInfinite && x.isFinite && y.isFinite { throw floatOverflowError }
    if r == 0 && x != 0 && x.isFinite && y.isFinite { throw floatUnderflowError }
    return r
}

private let integerTypes: [PGType] = [.int2, .int4, .int8]

/// The wider of two integer types (int2 < int4 < int8).
private func widerInteger(_ a: PGType, _ b: PGType) -> PGType {
    integerTypes.firstIndex(of: a) ?? 0 >= integerTypes.firstIndex(of: b) ?? 0 ? a : b
}

private let arithmeticOperators: [BuiltinOperator] = {
    var ops: [BuiltinOperator] = []
    for symbol in ["+", "-", "*", "/"] {
        for l in integerTypes {
            for r in integerTypes {
                ops.append(integerOperator(symbol, l, r, widerInteger(l, r)))
            }
        }
        ops.append(floatOperator(symbol, .float4, .float4, .float4))
        ops.append(floatOperator(symbol, .float8, .float8, .float8))
        ops.append(floatOperator(symbol, .float4, .float8, .float8))
        ops.append(floatOperator(symbol, .float8, .float4, .float8))
        ops.append(numericOperator(symbol))
    }
    for t in integerTypes { ops.append(integerOperator("%", t, t, t)) }
    ops.append(numericOperator("%"))
    ops.append(numericOperator("^"))
    ops.append(
        BuiltinOperator("^", .float8, .float8, returns: .float8) { a, b in
            guard let x = argDouble(a), let y = argDouble(b) else { return .null }
            return .float8(try floatPower(x, y))
        })
    // Prefix operators: - + @ and the float roots |/ ||/.
    for t in integerTypes {
        ops.append(
            BuiltinOperator("-", nil, t, returns: t) { _, v in
                guard let x = argInt64(v) else { return .null }
                return try integerValue(x == Int64.min ? try throwOverflow(t) : -x, t)
            })
        ops.append(BuiltinOperator("+", nil, t, returns: t) { _, v in v })
        ops.append(
            BuiltinOperator("@", nil, t, returns: t) { _, v in
                guard let x = argInt64(v) else { return .null }
                return try integerValue(x == Int64.min ? try throwOverflow(t) : abs(x), t)
            })
    }
    ops.append(
        BuiltinOperator("-", nil, .float4, returns: .float4) { _, v in
            if case .float4(let f) = v { return .float4(-f) }
            return .null
        })
    ops.append(
        BuiltinOperator("-", nil, .float8, returns: .float8) { _, v in
            if case .float8(let d) = v { return .float8(-d) }
            return .null
        })
    ops.append(
        BuiltinOperator("-", nil, .numeric, returns: .numeric) { _, v in
            if case .numeric(let n) = v { return .numeric(-n) }
            return .null
        })
    for t in [PGType.float4, .float8, .numeric] {
        ops.append(BuiltinOperator("+", nil, t, returns: t) { _, v in v })
    }
    ops.append(
        BuiltinOperator("@", nil, .float4, returns: .float4) { _, v in
            if case .float4(let f) = v { return .float4(abs(f)) }
            return .null
        })
    ops.append(
        BuiltinOperator("@", nil, .float8, returns: .float8) { _, v in
            if case .float8(let d) = v { return .float8(abs(d)) }
            return .null
        })
    ops.append(
        BuiltinOperator("@", nil, .numeric, returns: .numeric) { _, v in
            if case .numeric(let n) = v { return .numeric(n.magnitudeValue) }
            return .null
        })
    ops.append(
        BuiltinOperator("|/", nil, .float8, returns: .float8) { _, v in
            guard let d = argDouble(v) else { return .null }
            return .float8(try floatSquareRoot(d))
        })
    ops.append(
        BuiltinOperator("||/", nil, .float8, returns: .float8) { _, v in
            guard let d = argDouble(v) else { return .null }
            return .float8(cbrt(d))
        })
    ops += bitwiseOperators
    return ops
}()

private func throwOverflow(_ t: PGType) throws -> Int64 { throw integerOutOfRangeError(t) }

/// sqrt(float8) with PostgreSQL's error for negative input.
func floatSquareRoot(_ d: Double) throws -> Double {
    if d < 0 {
        throw SQLError(
            SQLState.invalidArgumentForPowerFunction,
            "cannot take square root of a negative number")
    }
    return d.squareRoot()
}

/// & | # << >> and prefix ~ on the integer types.
private let bitwiseOperators: [BuiltinOperator] = {
    var ops: [BuiltinOperator] = []
    for t in integerTypes {
        for symbol in ["&", "|", "#"] {
            ops.append(
                BuiltinOperator(symbol, t, t, returns: t) { a, b in
                    guard let x = argInt64(a), let y = argInt64(b) else { return .null }
                    switch symbol {
                    case "&": return try integerValue(x & y, t)
                    case "|": return try integerValue(x | y, t)
                    default: return try integerValue(x ^ y, t)
                    }
                })
        }
        for symbol in ["<<", ">>"] {
            ops.append(
                BuiltinOperator(symbol, t, .int4, returns: t) { a, b in
                    guard let x = argInt64(a), let y = argInt64(b) else { return .null }
                    let width = Int64(
                        t.oid == PGType.int8.oid ? 64 : (t.oid == PGType.int4.oid ? 32 : 16))
                    // C shifts by the count modulo the width on x86.
                    let count = ((y % width) + width) % width
                    if symbol == ">>" { return try integerValue(truncate(x >> count, t), t) }
                    return try integerValue(truncate(x << count, t), t)
                })
        }
        ops.append(
            BuiltinOperator("~", nil, t, returns: t) { _, v in
                guard let x = argInt64(v) else { return .null }
                return try integerValue(~x, t)
            })
    }
    return ops
}()

/// Keeps the low bits of a shift result, as C's fixed-width shift does.
private func truncate(_ x: Int64, _ t: PGType) -> Int64 {
    switch t.oid {
    case PGType.int2.oid: return Int64(Int16(truncatingIfNeeded: x))
    case PGType.int4.oid: return Int64(Int32(truncatingIfNeeded: x))
    default: return x
    }
}

// MARK: - Comparisons

private let comparisonSymbols = ["=", "<>", "<", "<=", ">", ">="]

/// Whether a comparison result satisfies the operator.
func comparisonHolds(_ symbol: String, _ c: Int) -> Bool {
    switch symbol {
    case "=": return c == 0
    case "<>", "!=": return c != 0
    case "<": return c < 0
    case "<=": return c <= 0
    case ">": return c > 0
    default: return c >= 0
    }
}

/// The predicate of a comparison symbol on two ordered values, picked once
/// per operator rather than per row.
private func orderedPredicate<T: Comparable>(_ symbol: String) -> (T, T) -> Bool {
    switch symbol {
    case "=": return { $0 == $1 }
    case "<>", "!=": return { $0 != $1 }
    case "<": return { $0 < $1 }
    case "<=": return { $0 <= $1 }
    case ">": return { $0 > $1 }
    default: return { $0 >= $1 }
    }
}

private func comparison(_ symbol: String, _ l: PGType, _ r: PGType) -> BuiltinOperator {
    let holds: (Int, Int) -> Bool = orderedPredicate(symbol)
    let general: (Value, Value) -> Value = { a, b in
        .bool(holds(compareValues(a, b, type: l), 0))
    }
    // Fast paths for the types compared most often; other pairs (and the
    // integer types compared with one another) use compareValues.
    if l == r {
        switch l.oid {
        case PGType.timestamptz.oid, PGType.timestamp.oid:
            let p: (Int64, Int64) -> Bool = orderedPredicate(symbol)
            return BuiltinOperator(symbol, l, r, returns: .bool) { a, b in
                switch (a, b) {
                case (.timestamptz(let x), .timestamptz(let y)),
                    (.timestamp(let x), .timestamp(let y)):
                    return .bool(p(x, y))
                default: return general(a, b)
                }
            }
        case PGType.int4.oid:
            let p: (Int32, Int32) -> Bool = orderedPredicate(symbol)
            return BuiltinOperator(symbol, l, r, returns: .bool) { a, b in
                guard case .int4(let x) = a, case .int4(let y) = b else { return general(a, b) }
                return .bool(p(x, y))
            }
        case PGType.int8.oid:
            let p: (Int64, Int64) -> Bool = orderedPredicate(symbol)
            return BuiltinOperator(symbol, l, r, returns: .bool) { a, b in
                guard case .int8(let x) = a, case .int8(let y) = b else { return general(a, b) }
                return .bool(p(x, y))
            }
        default: break
        }
    }
    return BuiltinOperator(symbol, l, r, returns: .bool, general)
}

/// date vs timestamp(tz) comparisons convert the date to midnight.
private func dateTimeComparison(_ symbol: String, _ l: PGType, _ r: PGType) -> BuiltinOperator {
    BuiltinOperator(symbol, l, r, returns: .bool) { a, b in
        guard let x = try zonedTimestampOf(a, other: b), let y = try zonedTimestampOf(b, other: a)
        else { return .null }
        return .bool(comparisonHolds(symbol, x < y ? -1 : (x == y ? 0 : 1)))
    }
}

/// date vs timestamp(tz) comparisons convert the date to midnight, and
/// timestamp vs timestamptz the timestamp to an instant, both in the
/// session's zone when the other side is a timestamptz.
private func zonedTimestampOf(_ v: Value, other: Value) throws -> Int64? {
    guard case .timestamptz = other else { return try timestampOf(v) }
    switch v {
    case .date(let d): return try localToUTC(try dateToTimestamp(d))
    case .timestamp(let t): return try localToUTC(t)
    default: return try timestampOf(v)
    }
}

/// A date, timestamp or timestamptz as microseconds (dates at midnight).
func timestampOf(_ v: Value) throws -> Int64? {
    switch v {
    case .date(let d): return try dateToTimestamp(d)
    case .timestamp(let t), .timestamptz(let t): return t
    default: return nil
    }
}

private let comparisonOperators: [BuiltinOperator] = {
    var ops: [BuiltinOperator] = []
    let sameType: [PGType] = [
        .bool, .float4, .float8, .numeric, .text, .name, .bpchar, .bytea, .date, .time,
        .timestamp, .timestamptz, .interval, .inet, .uuid, .oid, .jsonb, .char, .anyArray,
        .anyRange, .macaddr, .macaddr8, .pgLSN,
    ]
    for symbol in comparisonSymbols {
        for t in sameType { ops.append(comparison(symbol, t, t)) }
        for l in integerTypes {
            for r in integerTypes { ops.append(comparison(symbol, l, r)) }
        }
        ops.append(comparison(symbol, .float4, .float8))
        ops.append(comparison(symbol, .float8, .float4))
        let times: [PGType] = [.date, .timestamp, .timestamptz]
        for l in times {
            for r in times where l != r { ops.append(dateTimeComparison(symbol, l, r)) }
        }
    }
    return ops
}()

// MARK: - Date and time

private func dateTimeOperator(
    _ symbol: String, _ l: PGType?, _ r: PGType, _ result: PGType,
    _ body: @escaping (Value, Value) throws -> Value
) -> BuiltinOperator {
    BuiltinOperator(symbol, l, r, returns: result, body)
}

private func interval(_ v: Value) -> Interval? {
    if case .interval(let i) = v { return i }
    return nil
}

private func timestampResult(_ t: Int64, _ type: PGType) -> Value {
    type.oid == PGType.timestamptz.oid ? .timestamptz(t) : .timestamp(t)
}

private let dateTimeOperators: [BuiltinOperator] = {
    var ops: [BuiltinOperator] = []
    // date +/- integer, date - date.
    ops.append(
        dateTimeOperator("+", .date, .int4, .date) { a, b in
            guard case .date(let d) = a, let n = argInt64(b) else { return .null }
            return .date(try addDays(d, n))
        })
    ops.append(
        dateTimeOperator("+", .int4, .date, .date) { a, b in
            guard case .date(let d) = b, let n = argInt64(a) else { return .null }
            return .date(try addDays(d, n))
        })
    ops.append(
        dateTimeOperator("-", .date, .int4, .date) { a, b in
            guard case .date(let d) = a, let n = argInt64(b) else { return .null }
            return .date(try addDays(d, -n))
        })
    ops.append(
        dateTimeOperator("-", .date, .date, .int4) { a, b in
            guard case .date(let x) = a, case .date(let y) = b else { return .null }
            guard !isInfiniteDate(x), !isInfiniteDate(y) else {
                throw SQLError(SQLState.datetimeFieldOverflow, "cannot subtract infinite dates")
            }
            return .int4(x &- y)
        })
    // date + time -> timestamp.
    ops.append(
        dateTimeOperator("+", .date, .time, .timestamp) { a, b in
            guard case .date(let d) = a, case .int8(let t) = b else { return .null }
            return .timestamp(try DateTime.add(try dateToTimestamp(d), Interval(microseconds: t)))
        })
    // timestamp(tz)/date +/- interval.
    for t in [PGType.timestamp, .timestamptz] {
        // timestamptz moves by days and months in the session's zone.
        let zoned = t == .timestamptz
        func add(_ x: Int64, _ i: Interval) throws -> Int64 {
            try DateTime.add(x, i, zone: zoned ? SessionTimeZone.current : nil)
        }
        ops.append(
            dateTimeOperator("+", t, .interval, t) { a, b in
                guard let x = try timestampOf(a), let i = interval(b) else { return .null }
                return timestampResult(try add(x, i), t)
            })
        ops.append(
            dateTimeOperator("+", .interval, t, t) { a, b in
                guard let x = try timestampOf(b), let i = interval(a) else { return .null }
                return timestampResult(try add(x, i), t)
            })
        ops.append(
            dateTimeOperator("-", t, .interval, t) { a, b in
                guard let x = try timestampOf(a), let i = interval(b) else { return .null }
                guard let n = i.negated else { throw Interval.outOfRange }
                return timestampResult(try add(x, n), t)
            })
        ops.append(
            dateTimeOperator("-", t, t, .interval) { a, b in
                guard let x = try timestampOf(a), let y = try timestampOf(b) else { return .null }
                return .interval(try DateTime.subtract(x, y))
            })
    }
    ops.append(
        dateTimeOperator("+", .date, .interval, .timestamp) { a, b in
            guard let x = try timestampOf(a), let i = interval(b) else { return .null }
            return .timestamp(try DateTime.add(x, i))
        })
    ops.append(
        dateTimeOperator("+", .interval, .date, .timestamp) { a, b in
            guard let x = try timestampOf(b), let i = interval(a) else { return .null }
            return .timestamp(try DateTime.add(x, i))
        })
    ops.append(
        dateTimeOperator("-", .date, .interval, .timestamp) { a, b in
            guard let x = try timestampOf(a), let i = interval(b)?.negated else { return .null }
            return .timestamp(try DateTime.add(x, i))
        })
    // time +/- interval, time - time.
    ops.append(
        dateTimeOperator("+", .time, .interval, .time) { a, b in
            guard case .int8(let t) = a, let i = interval(b) else { return .null }
            return .int8(wrapTime(t &+ i.microseconds))
        })
    ops.append(
        dateTimeOperator("-", .time, .interval, .time) { a, b in
            guard case .int8(let t) = a, let i = interval(b) else { return .null }
            return .int8(wrapTime(t &- i.microseconds))
        })
    ops.append(
        dateTimeOperator("-", .time, .time, .interval) { a, b in
            guard case .int8(let x) = a, case .int8(let y) = b else { return .null }
            return .interval(Interval(microseconds: x - y))
        })
    // interval arithmetic.
    ops.append(
        dateTimeOperator("+", .interval, .interval, .interval) { a, b in
            guard let x = interval(a), let y = interval(b) else { return .null }
            return .interval(try x + y)
        })
    ops.append(
        dateTimeOperator("-", .interval, .interval, .interval) { a, b in
            guard let x = interval(a), let y = interval(b) else { return .null }
            return .interval(try x - y)
        })
    ops.append(
        dateTimeOperator("-", nil, .interval, .interval) { _, b in
            guard let x = interval(b) else { return .null }
            guard let n = x.negated else { throw Interval.outOfRange }
            return .interval(n)
        })
    ops.append(BuiltinOperator("+", nil, .interval, returns: .interval) { _, v in v })
    ops.append(
        dateTimeOperator("*", .interval, .float8, .interval) { a, b in
            guard let x = interval(a), let f = argDouble(b) else { return .null }
            return .interval(try x.multiplied(by: f))
        })
    ops.append(
        dateTimeOperator("*", .float8, .interval, .interval) { a, b in
            guard let x = interval(b), let f = argDouble(a) else { return .null }
            return .interval(try x.multiplied(by: f))
        })
    ops.append(
        dateTimeOperator("/", .interval, .float8, .interval) { a, b in
            guard let x = interval(a), let f = argDouble(b) else { return .null }
            return .interval(try x.divided(by: f))
        })
    return ops
}()

private func isInfiniteDate(_ d: Int32) -> Bool {
    d == DateTime.dateInfinity || d == DateTime.dateNegativeInfinity
}

/// date_pli: infinite dates stay infinite; otherwise 22008 out of range.
private func addDays(_ d: Int32, _ n: Int64) throws -> Int32 {
    if isInfiniteDate(d) { return d }
    let r = Int64(d) + n
    guard r >= Int64(DateTime.minDate), r < Int64(DateTime.endDate) else {
        throw SQLError(SQLState.datetimeFieldOverflow, "date out of range")
    }
    return Int32(r)
}

private func wrapTime(_ t: Int64) -> Int64 {
    let r = t % DateTime.microsecondsPerDay
    return r < 0 ? r + DateTime.microsecondsPerDay : r
}

// MARK: - Text

private func text(_ v: Value) -> String? {
    if case .text(let s) = v { return s }
    return nil
}

private let textOperators: [BuiltinOperator] = {
    var ops: [BuiltinOperator] = []
    ops.append(
        BuiltinOperator("||", .text, .text, returns: .text) { a, b in
            guard let x = text(a), let y = text(b) else { return .null }
            return .text(x + y)
        })
    // textanycat / anytextcat: the other side printed by its output
    // function (the value's own kind decides which).
    ops.append(
        BuiltinOperator("||", .anyNonArray, .text, returns: .text) { a, b in
            guard let y = text(b) else { return .null }
            return .text(formatValue(a, type: naturalType(of: a)) + y)
        })
    ops.append(
        BuiltinOperator("||", .text, .anyNonArray, returns: .text) { a, b in
            guard let x = text(a) else { return .null }
            return .text(x + formatValue(b, type: naturalType(of: b)))
        })
    ops.append(
        BuiltinOperator("||", .bytea, .bytea, returns: .bytea) { a, b in
            guard case .bytea(let x) = a, case .bytea(let y) = b else { return .null }
            return .bytea(x + y)
        })
    for (symbol, caseInsensitive, negated) in [
        ("~~", false, false), ("!~~", false, true), ("~~*", true, false), ("!~~*", true, true),
    ] {
        for t in [PGType.text, .bpchar, .name] {
            ops.append(
                BuiltinOperator(symbol, t, .text, returns: .bool) { a, b in
                    guard var s = text(a), let p = text(b) else { return .null }
                    if t.oid == PGType.bpchar.oid { s = trimSpaces(s) }
                    let m = try likeMatch(s, p, caseInsensitive: caseInsensitive)
                    return .bool(m != negated)
                })
        }
    }
    for (symbol, caseInsensitive, negated) in [
        ("~", false, false), ("!~", false, true), ("~*", true, false), ("!~*", true, true),
    ] {
        ops.append(
            BuiltinOperator(symbol, .text, .text, returns: .bool) { a, b in
                guard let s = text(a), let p = text(b) else { return .null }
                let m = try regexMatch(s, p, caseInsensitive: caseInsensitive)
                return .bool(m != negated)
            })
    }
    ops.append(
        BuiltinOperator("^@", .text, .text, returns: .bool) { a, b in
            guard let s = text(a), let p = text(b) else { return .null }
            return .bool(s.utf8.starts(with: p.utf8))
        })
    return ops
}()

// MARK: - Arrays and ranges

private let containerOperators: [BuiltinOperator] = {
    var ops: [BuiltinOperator] = []
    ops.append(
        BuiltinOperator("||", .anyArray, .anyArray, returns: .anyArray) { a, b in
            try concatenateArrays(a, b)
        })
    ops.append(
        BuiltinOperator("||", .anyArray, .anyElement, returns: .anyArray) { a, b in
            try appendElement(a, b)
        })
    ops.append(
        BuiltinOperator("||", .anyElement, .anyArray, returns: .anyArray) { a, b in
            try prependElement(a, b)
        })
    ops.append(
        BuiltinOperator("@>", .anyArray, .anyArray, returns: .bool) { a, b in
            guard case .array(let x) = a, case .array(let y) = b else { return .null }
            return .bool(arrayContains(x, y))
        })
    ops.append(
        BuiltinOperator("<@", .anyArray, .anyArray, returns: .bool) { a, b in
            guard case .array(let x) = a, case .array(let y) = b else { return .null }
            return .bool(arrayContains(y, x))
        })
    ops.append(
        BuiltinOperator("&&", .anyArray, .anyArray, returns: .bool) { a, b in
            guard case .array(let x) = a, case .array(let y) = b else { return .null }
            let overlap = x.elements.contains { e in
                !e.isNull && y.elements.contains { valuesEqual(e, $0, type: x.elementType) }
            }
            return .bool(overlap)
        })
    ops.append(
        BuiltinOperator("@>", .anyRange, .anyElement, returns: .bool) { a, b in
            guard case .range(let r) = a else { return .null }
            return .bool(rangeContains(r, b))
        })
    ops.append(
        BuiltinOperator("<@", .anyElement, .anyRange, returns: .bool) { a, b in
            guard case .range(let r) = b else { return .null }
            return .bool(rangeContains(r, a))
        })
    ops.append(
        BuiltinOperator("@>", .anyRange, .anyRange, returns: .bool) { a, b in
            guard case .range(let x) = a, case .range(let y) = b else { return .null }
            return .bool(rangeContainsRange(x, y))
        })
    ops.append(
        BuiltinOperator("<@", .anyRange, .anyRange, returns: .bool) { a, b in
            guard case .range(let x) = a, case .range(let y) = b else { return .null }
            return .bool(rangeContainsRange(y, x))
        })
    ops.append(
        BuiltinOperator("&&", .anyRange, .anyRange, returns: .bool) { a, b in
            guard case .range(let x) = a, case .range(let y) = b else { return .null }
            return .bool(rangesOverlap(x, y))
        })
    return ops
}()

/// array_cat: one-dimensional concatenation (or appending a sub-array).
func concatenateArrays(_ a: Value, _ b: Value) throws -> Value {
    switch (a, b) {
    case (.null, .null): return .null
    case (.null, _): return b
    case (_, .null): return a
    case (.array(let x), .array(let y)):
        if x.elements.isEmpty { return b }
        if y.elements.isEmpty { return a }
        if x.dimensions.count == y.dimensions.count {
            guard x.dimensions.dropFirst() == y.dimensions.dropFirst() else {
                throw SQLError(
                    SQLState.arraySubscriptError, "cannot concatenate incompatible arrays",
                    detail:
                        "Arrays with differing element dimensions are not compatible for concatenation."
                )
            }
            var dims = x.dimensions
            dims[0] += y.dimensions[0]
            return .array(
                ArrayValue(
                    elementType: x.elementType, elements: x.elements + y.elements,
                    dimensions: dims, lowerBounds: x.lowerBounds))
        }
        throw SQLError.notSupported("concatenating arrays of different dimensions is not supported")
    default:
        return .null
    }
}

/// array_append: NULL arrays become one-element arrays.
func appendElement(_ a: Value, _ e: Value) throws -> Value {
    switch a {
    case .null:
        return .array(ArrayValue(elementType: naturalType(of: e), elements: [e]))
    case .array(var x):
        guard x.dimensions.count <= 1 else {
            throw SQLError(
                SQLState.dataException, "argument must be empty or one-dimensional array")
        }
        x.elements.append(e)
        x.dimensions = [x.elements.count]
        if x.lowerBounds.isEmpty { x.lowerBounds = [1] }
        return .array(x)
    default:
        return .null
    }
}

/// array_prepend: the element becomes the first one.
func prependElement(_ e: Value, _ a: Value) throws -> Value {
    switch a {
    case .null:
        return .array(ArrayValue(elementType: naturalType(of: e), elements: [e]))
    case .array(var x):
        guard x.dimensions.count <= 1 else {
            throw SQLError(
                SQLState.dataException, "argument must be empty or one-dimensional array")
        }
        x.elements.insert(e, at: 0)
        x.dimensions = [x.elements.count]
        x.lowerBounds = [x.lowerBounds.first.map { $0 - 1 } ?? 1]
        return .array(x)
    default:
        return .null
    }
}

/// arraycontains: every non-null element of `b` equals some element of
/// `a` (NULL elements never match).
private func arrayContains(_ a: ArrayValue, _ b: ArrayValue) -> Bool {
    b.elements.allSatisfy { e in
        !e.isNull && a.elements.contains { !$0.isNull && valuesEqual($0, e, type: a.elementType) }
    }
}

/// range_contains_elem.
func rangeContains(_ r: RangeValue, _ v: Value) -> Bool {
    if r.isEmpty || v.isNull { return false }
    if let lo = r.lower {
        let c = compareValues(lo, v, type: r.elementType)
        if c > 0 || (c == 0 && !r.lowerInclusive) { return false }
    }
    if let hi = r.upper {
        let c = compareValues(v, hi, type: r.elementType)
        if c > 0 || (c == 0 && !r.upperInclusive) { return false }
    }
    return true
}

/// range_contains: `b` lies within `a` (the empty range is in every range).
func rangeContainsRange(_ a: RangeValue, _ b: RangeValue) -> Bool {
    if b.isEmpty { return true }
    if a.isEmpty { return false }
    let lower = compareRangeBounds(
        a.lower, a.lowerInclusive, b.lower, b.lowerInclusive, isLower: true, a.elementType)
    let upper = compareRangeBounds(
        a.upper, a.upperInclusive, b.upper, b.upperInclusive, isLower: false, a.elementType)
    return lower <= 0 && upper >= 0
}

/// range_overlaps: one range's lower bound lies within the other.
func rangesOverlap(_ a: RangeValue, _ b: RangeValue) -> Bool {
    if a.isEmpty || b.isEmpty { return false }
    let t = a.elementType
    func lowerInside(_ x: RangeValue, _ y: RangeValue) -> Bool {
        compareBounds(
            x.lower, x.lowerInclusive, lower1: true, y.lower, y.lowerInclusive, lower2: true, t)
            >= 0
            && compareBounds(
                x.lower, x.lowerInclusive, lower1: true, y.upper, y.upperInclusive, lower2: false, t
            ) <= 0
    }
    return lowerInside(a, b) || lowerInside(b, a)
}
