// Numeric arithmetic with PostgreSQL's result scales: + and - keep the
// larger dscale, * adds them, / picks select_div_scale's scale and rounds
// half away from zero, as numeric.c does.

/// How digits dropped by a rounding step are resolved.
package enum NumericRounding {
    /// Half away from zero, as round() and typmod coercion do.
    case halfAwayFromZero
    /// Toward zero, as trunc().
    case truncate
    /// Toward +Infinity, as ceil().
    case ceiling
    /// Toward -Infinity, as floor().
    case floor
}

extension Numeric {
    /// The negated value.
    package static prefix func - (a: Numeric) -> Numeric {
        switch a.kind {
        case .nan: return a
        case .positiveInfinity: return .negativeInfinity
        case .negativeInfinity: return .infinity
        case .finite:
            var r = a
            r.isNegative = !a.isNegative && !a.isZero
            return r
        }
    }

    /// The absolute value.
    package var magnitudeValue: Numeric {
        switch kind {
        case .nan: return self
        case .positiveInfinity, .negativeInfinity: return .infinity
        case .finite:
            var r = self
            r.isNegative = false
            return r
        }
    }

    /// `a + b` with scale max(a.scale, b.scale).
    package static func + (a: Numeric, b: Numeric) -> Numeric {
        if a.kind != .finite || b.kind != .finite {
            if a.isNaN || b.isNaN { return .nan }
            if a.isInfinite && b.isInfinite { return a.kind == b.kind ? a : .nan }
            return a.isInfinite ? a : b
        }
        let s = max(a.scale, b.scale)
        let (x, y) = (a.rescaled(to: s), b.rescaled(to: s))
        if case .small(let p) = x.magnitude, case .small(let q) = y.magnitude {
            if x.isNegative == y.isNegative {
                let (sum, overflow) = p.addingReportingOverflow(q)
                if !overflow { return Numeric(isNegative: x.isNegative, small: sum, scale: s) }
            } else if p >= q {
                return Numeric(isNegative: x.isNegative, small: p - q, scale: s)
            } else {
                return Numeric(isNegative: y.isNegative, small: q - p, scale: s)
            }
        }
        let (lx, ly) = (x.limbs, y.limbs)
        if x.isNegative == y.isNegative {
            return Numeric(isNegative: x.isNegative, limbs: BigMagnitude.add(lx, ly), scale: s)
        }
        if BigMagnitude.compare(lx, ly) >= 0 {
            return Numeric(isNegative: x.isNegative, limbs: BigMagnitude.subtract(lx, ly), scale: s)
        }
        return Numeric(isNegative: y.isNegative, limbs: BigMagnitude.subtract(ly, lx), scale: s)
    }

    /// `a - b` with scale max(a.scale, b.scale).
    package static func - (a: Numeric, b: Numeric) -> Numeric { a + (-b) }

    /// `a * b` with scale a.scale + b.scale (capped at 1000 by rounding).
    package static func * (a: Numeric, b: Numeric) -> Numeric {
        if a.kind != .finite || b.kind != .finite {
            if a.isNaN || b.isNaN { return .nan }
            let sign = a.signum * b.signum
            if sign == 0 { return .nan }
            return sign > 0 ? .infinity : .negativeInfinity
        }
        let s = a.scale + b.scale
        let negative = a.isNegative != b.isNegative
        var product: Numeric
        if case .small(let p) = a.magnitude, case .small(let q) = b.magnitude,
            case (let m, false) = p.multipliedReportingOverflow(by: q)
        {
            product = Numeric(isNegative: negative, small: m, scale: s)
        } else {
            let limbs = BigMagnitude.multiply(a.limbs, b.limbs)
            product = Numeric(isNegative: negative, limbs: limbs, scale: s)
        }
        if s > Numeric.maxDisplayScale {
            product = product.rounded(scale: Numeric.maxDisplayScale)
        }
        return product
    }

    /// The largest display scale numeric produces (NUMERIC_MAX_DISPLAY_SCALE).
    package static let maxDisplayScale = 1000

    /// PostgreSQL's base-10^4 weight and leading digit of a finite nonzero
    /// value: 155 has weight 0 and first digit 155; 12345.6 has weight 1
    /// and first digit 1; 0.00042 has weight -1 and first digit 4.
    var nbaseWeightAndFirstDigit: (weight: Int, firstDigit: Int) {
        guard !isZero else { return (0, 0) }
        let digits = Array(coefficientDigits.utf8)
        let exponent = digits.count - 1 - scale
        let weight = exponent >= 0 ? exponent / 4 : -((-exponent + 3) / 4)
        let leading = exponent - 4 * weight + 1
        var first = 0
        for i in 0..<min(leading, digits.count) { first = first * 10 + Int(digits[i] - 48) }
        for _ in digits.count..<max(leading, digits.count) { first *= 10 }
        return (weight, first)
    }

    /// The result scale PostgreSQL chooses for `a / b` (select_div_scale):
    /// at least 16 significant digits and no less than either input's scale.
    package static func divisionScale(_ a: Numeric, _ b: Numeric) -> Int {
        let (w1, f1) = a.nbaseWeightAndFirstDigit
        let (w2, f2) = b.nbaseWeightAndFirstDigit
        var qweight = w1 - w2
        if f1 <= f2 { qweight -= 1 }
        var scale = 16 - qweight * 4
        scale = max(scale, a.scale, b.scale, 0)
        return min(scale, maxDisplayScale)
    }

    /// `a / b` at PostgreSQL's division scale; throws 22012 for b = 0.
    package static func divide(_ a: Numeric, _ b: Numeric) throws -> Numeric {
        if a.kind == .finite && b.kind == .finite {
            return try divide(a, b, scale: divisionScale(a, b), rounding: .halfAwayFromZero)
        }
        return try divideSpecial(a, b)
    }

    private static func divideSpecial(_ a: Numeric, _ b: Numeric) throws -> Numeric {
        if a.isNaN || b.isNaN { return .nan }
        if b.isZero { throw divisionByZero }
        if a.isInfinite {
            if b.isInfinite { return .nan }
            return a.signum * b.signum > 0 ? .infinity : .negativeInfinity
        }
        return .zero
    }

    static var divisionByZero: SQLError { SQLError(SQLState.divisionByZero, "division by zero") }

    /// `a / b` computed exactly to `scale` digits, then rounded.
    package static func divide(
        _ a: Numeric, _ b: Numeric, scale: Int, rounding: NumericRounding
    ) throws -> Numeric {
        if a.kind != .finite || b.kind != .finite { return try divideSpecial(a, b) }
        if b.isZero { throw divisionByZero }
        // a/b = (A * 10^(b.scale + scale)) / (B * 10^a.scale) / 10^scale
        let negative = a.isNegative != b.isNegative
        let shift = b.scale + max(scale, 0) - a.scale
        var numerator = a.limbs
        var denominator = b.limbs
        if shift >= 0 {
            numerator = BigMagnitude.shiftedLeft(numerator, digits: shift)
        } else {
            denominator = BigMagnitude.shiftedLeft(denominator, digits: -shift)
        }
        var (q, r) = BigMagnitude.divide(numerator, denominator)
        if !r.isEmpty && roundsAway(negative, rounding, remainder: r, divisor: denominator) {
            q = BigMagnitude.add(q, [1])
        }
        let result = Numeric(isNegative: negative, limbs: q, scale: max(scale, 0))
        return scale < 0 ? result.rounded(scale: scale, rounding: rounding) : result
    }

    /// Whether a nonzero remainder bumps the magnitude of the quotient.
    private static func roundsAway(
        _ negative: Bool, _ rounding: NumericRounding, remainder: [UInt32], divisor: [UInt32]
    ) -> Bool {
        switch rounding {
        case .truncate: return false
        case .ceiling: return !negative
        case .floor: return negative
        case .halfAwayFromZero:
            let twice = BigMagnitude.add(remainder, remainder)
            return BigMagnitude.compare(twice, divisor) >= 0
        }
    }

    /// The value rounded to `scale` digits after the point (negative: to
    /// tens, hundreds, ...). The result's display scale is max(scale, 0),
    /// as round(numeric, int) and trunc(numeric, int) produce.
    package func rounded(scale newScale: Int, rounding: NumericRounding = .halfAwayFromZero)
        -> Numeric
    {
        guard kind == .finite else { return self }
        let target = min(newScale, Numeric.maxDisplayScale)
        if target >= scale { return rescaled(to: target) }
        let drop = scale - target
        let resultScale = max(target, 0)
        if case .small(let m) = magnitude, drop < 19 {
            var p: UInt64 = 1
            for _ in 0..<drop { p *= 10 }
            var q = m / p
            let r = m % p
            if r != 0 && Numeric.smallRoundsAway(isNegative, rounding, r, p) { q += 1 }
            var result = Numeric(isNegative: isNegative, small: q, scale: 0)
            if target < 0 { result = result.rescaled(to: -target) }
            result.scale = resultScale
            return result
        }
        let divisor = BigMagnitude.power10(drop)
        var (q, r) = BigMagnitude.divide(limbs, divisor)
        if !r.isEmpty && Numeric.roundsAway(isNegative, rounding, remainder: r, divisor: divisor) {
            q = BigMagnitude.add(q, [1])
        }
        if target < 0 { q = BigMagnitude.shiftedLeft(q, digits: -target) }
        return Numeric(isNegative: isNegative, limbs: q, scale: resultScale)
    }

    private static func smallRoundsAway(
        _ negative: Bool, _ rounding: NumericRounding, _ r: UInt64, _ p: UInt64
    ) -> Bool {
        switch rounding {
        case .truncate: return false
        case .ceiling: return !negative
        case .floor: return negative
        case .halfAwayFromZero: return r >= p - r
        }
    }

    /// trunc(a / b) * b subtracted from a: the remainder with a's sign, as
    /// numeric's % operator; throws 22012 for b = 0.
    package static func remainder(_ a: Numeric, _ b: Numeric) throws -> Numeric {
        if a.isNaN || b.isNaN { return .nan }
        if b.isZero { throw divisionByZero }
        if a.isInfinite { return .nan }
        if b.isInfinite { return a }
        let q = try divide(a, b, scale: 0, rounding: .truncate)
        return a - q * b
    }

    /// The integer quotient trunc(a / b), as div(numeric, numeric).
    package static func integerQuotient(_ a: Numeric, _ b: Numeric) throws -> Numeric {
        if a.isNaN || b.isNaN { return .nan }
        if b.isZero { throw divisionByZero }
        if a.isInfinite {
            if b.isInfinite { return .nan }
            return a.signum * b.signum > 0 ? .infinity : .negativeInfinity
        }
        if b.isInfinite { return .zero }
        return try divide(a, b, scale: 0, rounding: .truncate)
    }

    /// True when the value has no fractional part.
    package var isIntegral: Bool {
        guard kind == .finite else { return false }
        return normalized.scale == 0
    }
}
