// Mathematical functions: trunc, round, ceil, floor, abs, sign, mod, div,
// power, sqrt, cbrt, exp, ln, log, pi, degrees/radians, trigonometry,
// gcd/lcm, factorial, scale, random and setseed. float8 rounding is rint
// (half to even); numeric rounding is half away from zero.
import Foundation

private func f8(_ name: String, _ body: @escaping (Double) throws -> Double) -> BuiltinFunction {
    makeFunction(name, [.float8], .float8) { args in
        guard let d = argDouble(args[0]) else { return .null }
        return .float8(try body(d))
    }
}

private func num(_ name: String, _ body: @escaping (Numeric) throws -> Numeric) -> BuiltinFunction {
    makeFunction(name, [.numeric], .numeric) { args in
        guard let n = argNumeric(args[0]) else { return .null }
        return .numeric(try body(n))
    }
}

/// round/trunc(numeric, int): the scale argument is clamped as
/// numeric_round does (to +-NUMERIC_MAX_RESULT_SCALE).
private func numWithScale(_ name: String, _ rounding: NumericRounding) -> BuiltinFunction {
    makeFunction(name, [.numeric, .int4], .numeric) { args in
        guard let n = argNumeric(args[0]), let s = argInt(args[1]) else { return .null }
        return .numeric(n.rounded(scale: max(min(s, 2000), -2000), rounding: rounding))
    }
}

private func logError(_ message: String) -> SQLError {
    SQLError(SQLState.invalidArgumentForLogarithm, message)
}

let mathFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = []
    fns.append(f8("trunc") { $0.rounded(.towardZero) })
    fns.append(num("trunc") { $0.rounded(scale: 0, rounding: .truncate) })
    fns.append(numWithScale("trunc", .truncate))
    // trunc(macaddr) and trunc(macaddr8) keep the manufacturer's part.
    for type in [PGType.macaddr, PGType.macaddr8] {
        let kept = 3
        fns.append(
            makeFunction("trunc", [type], type) { args in
                guard case .bytea(let bytes) = args[0] else { return .null }
                let zeros = [UInt8](repeating: 0, count: bytes.count - kept)
                return .bytea(Array(bytes.prefix(kept)) + zeros)
            })
    }
    fns.append(
        makeFunction("macaddr8_set7bit", [.macaddr8], .macaddr8) { args in
            guard case .bytea(var bytes) = args[0] else { return .null }
            bytes[0] |= 0x02
            return .bytea(bytes)
        })
    fns.append(f8("round") { $0.rounded(.toNearestOrEven) })
    fns.append(num("round") { $0.rounded(scale: 0) })
    fns.append(numWithScale("round", .halfAwayFromZero))
    for name in ["ceil", "ceiling"] {
        fns.append(f8(name) { $0.rounded(.up) })
        fns.append(num(name) { $0.rounded(scale: 0, rounding: .ceiling) })
    }
    fns.append(f8("floor") { $0.rounded(.down) })
    fns.append(num("floor") { $0.rounded(scale: 0, rounding: .floor) })
    fns.append(f8("sign") { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) })
    fns.append(num("sign") { n in n.isNaN ? n : Numeric(Int64(n.signum)) })
    // abs for every numeric type.
    for t in [PGType.int2, .int4, .int8] {
        fns.append(
            makeFunction("abs", [t], t) { args in
                guard let x = argInt64(args[0]) else { return .null }
                guard x != Int64.min else { throw integerOutOfRangeError(t) }
                return try integerValue(abs(x), t)
            })
    }
    fns.append(
        makeFunction("abs", [.float4], .float4) { args in
            if case .float4(let f) = args[0] { return .float4(abs(f)) }
            return .null
        })
    fns.append(f8("abs") { abs($0) })
    fns.append(num("abs") { $0.magnitudeValue })
    // mod and div.
    for t in [PGType.int2, .int4, .int8] {
        fns.append(
            makeFunction("mod", [t, t], t) { args in
                guard let x = argInt64(args[0]), let y = argInt64(args[1]) else { return .null }
                guard y != 0 else { throw divideByZeroError }
                return try integerValue(y == -1 ? 0 : x % y, t)
            })
    }
    fns.append(
        makeFunction("mod", [.numeric, .numeric], .numeric) { args in
            guard let x = argNumeric(args[0]), let y = argNumeric(args[1]) else { return .null }
            return .numeric(try Numeric.remainder(x, y))
        })
    fns.append(
        makeFunction("div", [.numeric, .numeric], .numeric) { args in
            guard let x = argNumeric(args[0]), let y = argNumeric(args[1]) else { return .null }
            return .numeric(try Numeric.integerQuotient(x, y))
        })
    // power, sqrt, cbrt, exp, ln, log.
    for name in ["power", "pow"] {
        fns.append(
            makeFunction(name, [.float8, .float8], .float8) { args in
                guard let x = argDouble(args[0]), let y = argDouble(args[1]) else { return .null }
                return .float8(try floatPower(x, y))
            })
        fns.append(
            makeFunction(name, [.numeric, .numeric], .numeric) { args in
                guard let x = argNumeric(args[0]), let y = argNumeric(args[1]) else { return .null }
                return .numeric(try x.power(y))
            })
    }
    fns.append(f8("sqrt") { try floatSquareRoot($0) })
    fns.append(num("sqrt") { try $0.squareRoot() })
    fns.append(f8("cbrt") { cbrt($0) })
    fns.append(
        f8("exp") { d in
            let r = Foundation.exp(d)
            if r.isInfinite && d.isFinite { throw floatOverflowError }
            if r == 0 && d.isFinite { throw floatUnderflowError }
            return r
        })
    fns.append(
        f8("ln") { d in
            if d == 0 { throw logError("cannot take logarithm of zero") }
            if d < 0 { throw logError("cannot take logarithm of a negative number") }
            return Foundation.log(d)
        })
    for name in ["log", "log10"] {
        fns.append(
            f8(name) { d in
                if d == 0 { throw logError("cannot take logarithm of zero") }
                if d < 0 { throw logError("cannot take logarithm of a negative number") }
                return Foundation.log10(d)
            })
    }
    fns.append(num("exp") { try $0.exponential() })
    fns.append(num("ln") { try $0.naturalLogarithm() })
    // log(numeric) and log10(numeric) are SQL functions calling log(10, x).
    for name in ["log", "log10"] {
        fns.append(num(name) { try Numeric.logarithm(base: Numeric(10), $0) })
    }
    fns.append(
        makeFunction("log", [.numeric, .numeric], .numeric) { args in
            guard let b = argNumeric(args[0]), let x = argNumeric(args[1]) else { return .null }
            return .numeric(try Numeric.logarithm(base: b, x))
        })
    fns.append(makeFunction("pi", [], .float8) { _ in .float8(Double.pi) })
    fns.append(f8("degrees") { $0 * 180 / Double.pi })
    fns.append(f8("radians") { $0 * Double.pi / 180 })
    fns.append(f8("sin") { Foundation.sin($0) })
    fns.append(f8("cos") { Foundation.cos($0) })
    fns.append(f8("tan") { Foundation.tan($0) })
    fns.append(f8("atan") { Foundation.atan($0) })
    fns.append(
        f8("asin") { d in
            guard d >= -1 && d <= 1 else {
                throw SQLError(SQLState.numericValueOutOfRange, "input is out of range")
            }
            return Foundation.asin(d)
        })
    fns.append(
        f8("acos") { d in
            guard d >= -1 && d <= 1 else {
                throw SQLError(SQLState.numericValueOutOfRange, "input is out of range")
            }
            return Foundation.acos(d)
        })
    fns.append(
        makeFunction("atan2", [.float8, .float8], .float8) { args in
            guard let y = argDouble(args[0]), let x = argDouble(args[1]) else { return .null }
            return .float8(Foundation.atan2(y, x))
        })
    for t in [PGType.int4, .int8] {
        fns.append(
            makeFunction("gcd", [t, t], t) { args in
                guard let x = argInt64(args[0]), let y = argInt64(args[1]) else { return .null }
                return try integerValue(try gcd(x, y, t), t)
            })
        fns.append(
            makeFunction("lcm", [t, t], t) { args in
                guard let x = argInt64(args[0]), let y = argInt64(args[1]) else { return .null }
                if x == 0 || y == 0 { return try integerValue(0, t) }
                let g = try gcd(x, y, t)
                let (p, o) = (x / g).multipliedReportingOverflow(by: y)
                guard !o, p != Int64.min else { throw integerOutOfRangeError(t) }
                return try integerValue(abs(p), t)
            })
    }
    fns.append(
        makeFunction("factorial", [.int8], .numeric) { args in
            guard let n = argInt64(args[0]) else { return .null }
            guard n >= 0 else {
                throw SQLError(
                    SQLState.numericValueOutOfRange,
                    "factorial of a negative number is undefined")
            }
            guard n <= 32177 else {
                throw SQLError(SQLState.numericValueOutOfRange, "value overflows numeric format")
            }
            var r = Numeric(1)
            if n > 1 { for i in 2...n { r = r * Numeric(i) } }
            return .numeric(r)
        })
    fns.append(
        makeFunction("scale", [.numeric], .int4) { args in
            guard let n = argNumeric(args[0]), n.isFinite else { return .null }
            return .int4(Int32(n.scale))
        })
    fns.append(
        makeFunction("min_scale", [.numeric], .int4) { args in
            guard let n = argNumeric(args[0]), n.isFinite else { return .null }
            return .int4(Int32(n.normalized.scale))
        })
    fns.append(num("trim_scale") { $0.normalized })
    fns.append(
        BuiltinFunction("random", [], returns: .float8, volatility: .volatile) { ctx, _, _ in
            .float8(ctx.random())
        })
    fns.append(
        BuiltinFunction("setseed", [.float8], returns: .void, volatility: .volatile) {
            ctx, args, _ in
            guard let d = argDouble(args[0]) else { return .null }
            guard d >= -1 && d <= 1 else {
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "setseed parameter \(formatFloat8(d)) is out of allowed range [-1,1]")
            }
            ctx.setSeed(d)
            return .void
        })
    fns.append(
        makeFunction("width_bucket", [.float8, .float8, .float8, .int4], .int4) { args in
            guard let x = argDouble(args[0]), let lo = argDouble(args[1]),
                let hi = argDouble(args[2]),
                let n = argInt(args[3])
            else { return .null }
            guard n > 0 else {
                throw SQLError("2201G", "count must be greater than zero")
            }
            guard lo != hi else {
                throw SQLError("2201G", "lower bound cannot equal upper bound")
            }
            if lo < hi {
                if x < lo { return .int4(0) }
                if x >= hi { return .int4(Int32(n + 1)) }
                return .int4(Int32(Double(n) * (x - lo) / (hi - lo)) + 1)
            }
            if x > lo { return .int4(0) }
            if x <= hi { return .int4(Int32(n + 1)) }
            return .int4(Int32(Double(n) * (lo - x) / (lo - hi)) + 1)
        })
    return fns
}()

/// Euclid's algorithm with PostgreSQL's overflow for gcd(MIN, MIN/0).
private func gcd(_ a: Int64, _ b: Int64, _ t: PGType) throws -> Int64 {
    var x = a
    var y = b
    while y != 0 {
        (x, y) = (y, x % y)
    }
    guard x != Int64.min else { throw integerOutOfRangeError(t) }
    if t.oid == PGType.int4.oid, abs(x) > Int64(Int32.max) { throw integerOutOfRangeError(t) }
    return abs(x)
}
