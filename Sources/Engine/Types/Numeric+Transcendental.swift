// numeric's ln, exp and log with PostgreSQL's result scales (numeric_ln,
// numeric_exp, log_var and their estimate_ln_dweight rule). Values are
// computed in fixed point with guard digits and then rounded half away
// from zero to the chosen scale, as ln_var and exp_var finish.
import Foundation

extension Numeric {
    /// Digits carried beyond the ones a result needs.
    static let guardDigits = 12

    /// ln(10) as a double, for estimates.
    private static let ln10Double = 2.302585092994046

    /// PostgreSQL's base-10^4 form of a finite value: the weight of the
    /// first digit and the digits without trailing zero digits (empty for
    /// zero), as a NumericVar holds them.
    var nbaseDigits: (weight: Int, digits: [Int]) {
        guard kind == .finite, !isZero else { return (0, []) }
        let decimal = Array(coefficientDigits.utf8)
        let exponent = decimal.count - 1 - scale
        let weight = exponent >= 0 ? exponent / 4 : -((-exponent + 3) / 4)
        var digits: [Int] = []
        var current = 0
        var filled = 3 - (exponent - 4 * weight)
        for byte in decimal {
            current = current * 10 + Int(byte - 48)
            filled += 1
            if filled == 4 {
                digits.append(current)
                current = 0
                filled = 0
            }
        }
        if filled > 0 {
            for _ in filled..<4 { current *= 10 }
            digits.append(current)
        }
        while digits.last == 0 { digits.removeLast() }
        return (weight, digits)
    }

    /// Decimal digits before the point of a finite value (0 below 1).
    var integerDigitCount: Int { max(coefficientDigits.count - scale, 0) }

    /// estimate_ln_dweight: the decimal weight of ln(self) for a positive
    /// value (0 otherwise).
    var estimatedLnDecimalWeight: Int {
        guard kind == .finite, signum > 0 else { return 0 }
        let nearOne = Numeric(isNegative: false, small: 9, scale: 1)
        let upper = Numeric(isNegative: false, small: 11, scale: 1)
        if compare(nearOne) >= 0 && compare(upper) <= 0 {
            let (weight, digits) = (self - Numeric(1)).nbaseDigits
            guard let first = digits.first else { return 0 }
            return weight * 4 + Numeric.truncatedInt(Foundation.log10(Double(first)))
        }
        let (weight, digits) = nbaseDigits
        guard let first = digits.first else { return 0 }
        var leading = Double(first)
        var dweight = weight * 4
        if digits.count > 1 {
            leading = leading * 10_000 + Double(digits[1])
            dweight -= 4
        }
        let estimate = Foundation.log(leading) + Double(dweight) * Numeric.ln10Double
        return Numeric.truncatedInt(Foundation.log10(abs(estimate)))
    }

    /// A double truncated toward zero to an Int, clamped to +-10^9 (0 for
    /// NaN), as C's (int) cast of an estimate that cannot overflow.
    static func truncatedInt(_ d: Double) -> Int {
        guard !d.isNaN else { return 0 }
        return Int(min(max(d, -1e9), 1e9))
    }

    /// Clamps a result scale to numeric's display range.
    static func clampedScale(_ scale: Int) -> Int {
        min(max(scale, 0), maxDisplayScale)
    }

    private static func logError(_ message: String) -> SQLError {
        SQLError(SQLState.invalidArgumentForLogarithm, message)
    }

    /// ln_var's argument checks.
    private func checkLogarithmArgument() throws {
        if isZero { throw Numeric.logError("cannot take logarithm of zero") }
        if signum < 0 { throw Numeric.logError("cannot take logarithm of a negative number") }
    }

    /// ln(numeric): scale max(16 - estimated weight, dscale).
    package func naturalLogarithm() throws -> Numeric {
        switch kind {
        case .nan, .positiveInfinity: return self
        case .negativeInfinity:
            throw Numeric.logError("cannot take logarithm of a negative number")
        case .finite: break
        }
        try checkLogarithmArgument()
        let rscale = Numeric.clampedScale(max(16 - estimatedLnDecimalWeight, scale))
        return Numeric.lnApproximation(self, digits: rscale + Numeric.guardDigits)
            .rounded(scale: rscale)
    }

    /// exp(numeric): scale max(16 - decimal weight of the result, dscale).
    package func exponential() throws -> Numeric {
        switch kind {
        case .nan, .positiveInfinity: return self
        case .negativeInfinity: return .zero
        case .finite: break
        }
        let weight = min(max(doubleValue * 0.434294481903252, -2000), 2000)
        let rscale = Numeric.clampedScale(max(16 - Numeric.truncatedInt(weight), scale))
        return try Numeric.exponentialRounded(self, scale: rscale)
    }

    /// log(base, x): at least 16 significant digits and no less than
    /// either input's scale, as log_var.
    package static func logarithm(base b: Numeric, _ x: Numeric) throws -> Numeric {
        if b.isNaN || x.isNaN { return .nan }
        if !b.isFinite || !x.isFinite {
            if b.signum < 0 || x.signum < 0 {
                throw logError("cannot take logarithm of a negative number")
            }
            if b.isZero || x.isZero { throw logError("cannot take logarithm of zero") }
            if b.isInfinite { return x.isInfinite ? .nan : .zero }
            return .infinity
        }
        try b.checkLogarithmArgument()
        try x.checkLogarithmArgument()
        let baseWeight = b.estimatedLnDecimalWeight
        let xWeight = x.estimatedLnDecimalWeight
        let resultWeight = xWeight - baseWeight
        let rscale = clampedScale(max(16 - resultWeight, b.scale, x.scale))
        let significant = max(rscale + resultWeight + 1, 1) + guardDigits
        let lnBase = lnApproximation(b, digits: max(significant - baseWeight, 1))
        let lnX = lnApproximation(x, digits: max(significant - xWeight, 1))
        if lnBase.isZero { throw divisionByZero }
        return try divide(lnX, lnBase, scale: rscale, rounding: .halfAwayFromZero)
    }

    /// exp_var: e^t rounded to `rscale`, zero below 10^-rscale, and
    /// "value overflows numeric format" for t >= 6000.
    static func exponentialRounded(_ t: Numeric, scale rscale: Int) throws -> Numeric {
        let estimate = t.doubleValue
        if abs(estimate) >= 6000 {
            if estimate > 0 {
                throw SQLError(SQLState.numericValueOutOfRange, "value overflows numeric format")
            }
            return Numeric.zero.rescaled(to: rscale)
        }
        let weight = truncatedInt(estimate * 0.434294481903252)
        let significant = max(1 + weight + rscale, 1) + guardDigits
        return expApproximation(t, significantDigits: significant).rounded(scale: rscale)
    }

    /// ln(x) for a finite positive x, within a few units of 10^-digits;
    /// the result is unrounded.
    static func lnApproximation(_ x: Numeric, digits: Int) -> Numeric {
        // x = m * 10^k with m in [1, 10), unless x is already near 1.
        var k = 0
        var m = x
        let half = Numeric(isNegative: false, small: 5, scale: 1)
        if x.compare(half) < 0 || x.compare(Numeric(2)) > 0 {
            let count = x.coefficientDigits.count
            k = count - 1 - x.scale
            m = Numeric(isNegative: false, limbs: x.limbs, scale: count - 1)
        }
        let p = FixedPrecision(digits: digits + 6 + String(k.magnitude).count)
        let one = p.integer(1)

        // Square roots bring m into [0.99, 1.01]; each doubles the factor.
        var v = p.fixed(m)
        let upper = p.fixed(Numeric(isNegative: false, small: 101, scale: 2))
        let lower = p.fixed(Numeric(isNegative: false, small: 99, scale: 2))
        var factor: UInt32 = 2
        while BigMagnitude.compare(v.magnitude, upper.magnitude) > 0
            || BigMagnitude.compare(v.magnitude, lower.magnitude) < 0
        {
            v = p.squareRoot(v)
            factor *= 2
        }

        // ln(v) = 2 * atanh((v - 1) / (v + 1)).
        let z = p.divide(p.subtract(v, one), p.add(v, one))
        var result = p.multiply(atanhSeries(z, p), small: factor)
        if k != 0 {
            var shift = p.multiply(ln10(p), small: UInt32(k.magnitude))
            if k < 0 { shift = shift.negated }
            result = p.add(result, shift)
        }
        return p.numeric(result)
    }

    /// z + z^3/3 + z^5/5 + ... for |z| well below 1.
    private static func atanhSeries(_ z: FixedPoint, _ p: FixedPrecision) -> FixedPoint {
        let square = p.multiply(z, z)
        var power = z
        var sum = z
        var n: UInt32 = 1
        while true {
            power = p.multiply(power, square)
            n += 2
            let term = p.divide(power, small: n)
            if term.isZero { return sum }
            sum = p.add(sum, term)
        }
    }

    /// atanh(1/n) for a small integer n > 1.
    private static func atanhReciprocal(_ n: UInt32, _ p: FixedPrecision) -> FixedPoint {
        var power = p.divide(p.integer(1), small: n)
        var sum = power
        var k: UInt32 = 1
        while true {
            power = p.divide(p.divide(power, small: n), small: n)
            k += 2
            let term = p.divide(power, small: k)
            if term.isZero { return sum }
            sum = p.add(sum, term)
        }
    }

    /// ln(10) = 6 atanh(1/3) + 2 atanh(1/9), since ln 2 = 2 atanh(1/3) and
    /// ln 1.25 = 2 atanh(1/9).
    private static func ln10(_ p: FixedPrecision) -> FixedPoint {
        let a = p.multiply(atanhReciprocal(3, p), small: 6)
        return p.add(a, p.multiply(atanhReciprocal(9, p), small: 2))
    }

    /// e^t for a finite t, with about `significantDigits` correct
    /// significant digits; the result is unrounded.
    static func expApproximation(_ t: Numeric, significantDigits: Int) -> Numeric {
        // e^t = e^r * 10^k with |r| <= ln(10) / 2.
        let k = truncatedInt((t.doubleValue / ln10Double).rounded())
        let p = FixedPrecision(digits: significantDigits + 6 + String(k.magnitude).count)
        var r = p.fixed(t)
        if k != 0 {
            var shift = p.multiply(ln10(p), small: UInt32(k.magnitude))
            if k < 0 { shift = shift.negated }
            r = p.subtract(r, shift)
        }

        // Taylor series of e^(r / 256), then square eight times.
        r = p.divide(r, small: 256)
        let one = p.integer(1)
        var sum = p.add(one, r)
        var term = r
        var n: UInt32 = 1
        while true {
            n += 1
            term = p.divide(p.multiply(term, r), small: n)
            if term.isZero { break }
            sum = p.add(sum, term)
        }
        for _ in 0..<8 { sum = p.multiply(sum, sum) }

        let resultScale = p.digits - k
        if resultScale >= 0 {
            return Numeric(isNegative: false, limbs: sum.magnitude, scale: resultScale)
        }
        let shifted = BigMagnitude.shiftedLeft(sum.magnitude, digits: -resultScale)
        return Numeric(isNegative: false, limbs: shifted, scale: 0)
    }
}
