// numeric's sqrt and power with PostgreSQL's result scales (numeric_sqrt's
// sweight rule; power_var_int's 16 significant digits for integer
// exponents; power_var's estimated result weight otherwise).
import Foundation

extension Numeric {
    /// sqrt(numeric): rscale = max(16 - sweight, dscale) where sweight is
    /// half the argument's base-10^4 weight in decimal digits.
    package func squareRoot() throws -> Numeric {
        if isNaN { return self }
        if signum < 0 {
            throw SQLError(
                SQLState.invalidArgumentForPowerFunction,
                "cannot take square root of a negative number")
        }
        if isInfinite { return self }
        let weight = isZero ? 0 : nbaseWeightAndFirstDigit.weight
        let sweight = (weight + 1) * 4 / 2 - 1
        let rscale = min(max(16 - sweight, scale, 0), Numeric.maxDisplayScale)
        return try squareRoot(scale: rscale)
    }

    /// The square root rounded to `rscale` digits (sqrt_var).
    package func squareRoot(scale rscale: Int) throws -> Numeric {
        if isNaN || isInfinite { return self }
        // isqrt(A * 10^(2 * (rscale + 1) - scale)) has rscale + 1 decimals.
        let shift = 2 * (rscale + 1) - scale
        var radicand = limbs
        if shift >= 0 {
            radicand = BigMagnitude.shiftedLeft(radicand, digits: shift)
        } else {
            radicand = BigMagnitude.divide(radicand, BigMagnitude.power10(-shift)).quotient
        }
        let root = Numeric.integerSquareRoot(radicand)
        return Numeric(isNegative: false, limbs: root, scale: rscale + 1).rounded(scale: rscale)
    }

    /// floor(sqrt(n)) by Newton's iteration.
    static func integerSquareRoot(_ n: [UInt32]) -> [UInt32] {
        if n.isEmpty { return [] }
        // Start above the root: 10^ceil(digits / 2).
        let digits = BigMagnitude.decimalString(n).count
        var x = BigMagnitude.power10((digits + 1) / 2)
        while true {
            let q = BigMagnitude.divide(n, x).quotient
            let sum = BigMagnitude.add(x, q)
            let next = BigMagnitude.divide(sum, small: 2).quotient
            if BigMagnitude.compare(next, x) >= 0 { return x }
            x = next
        }
    }

    /// numeric_power: NaN and infinity rules as POSIX pow(), then
    /// power_var_int for int32-sized integral exponents and
    /// exp(exponent * ln(self)) otherwise.
    package func power(_ exponent: Numeric) throws -> Numeric {
        if isNaN || exponent.isNaN {
            if isNaN && exponent.isZero { return Numeric(1) }
            if exponent.isNaN && compare(Numeric(1)) == 0 { return Numeric(1) }
            return .nan
        }
        if isZero && exponent.signum < 0 {
            throw SQLError(
                SQLState.invalidArgumentForPowerFunction,
                "zero raised to a negative power is undefined")
        }
        if signum < 0 && !exponent.isIntegral && !exponent.isInfinite {
            throw SQLError(
                SQLState.invalidArgumentForPowerFunction,
                "a negative number raised to a non-integer power yields a complex result")
        }
        if !isFinite || !exponent.isFinite { return powerOfInfinity(exponent) }
        if exponent.isIntegral, let n = exponent.roundedInt64, let n32 = Int32(exactly: n) {
            return try powerInteger(Int(n32))
        }
        return try powerByLogarithm(exponent)
    }

    /// The special cases where an argument is infinite (and none is NaN).
    private func powerOfInfinity(_ exponent: Numeric) -> Numeric {
        if exponent.isInfinite {
            let order = Numeric.compareMagnitudes(self.isFinite ? self : Numeric(2), Numeric(1))
            if order == 0 { return Numeric(1) }
            let grows = (order > 0) == (exponent.signum > 0)
            return grows ? .infinity : .zero
        }
        if exponent.isZero { return Numeric(1) }
        if exponent.signum < 0 { return .zero }
        return kind == .negativeInfinity && exponent.isOddInteger ? .negativeInfinity : .infinity
    }

    /// power_var_int: scale max(16, dscale); the product is carried with
    /// enough significant digits for that scale and rounded once.
    private func powerInteger(_ n: Int) throws -> Numeric {
        let rscale = min(max(16, scale), Numeric.maxDisplayScale)
        switch n {
        case 0: return Numeric(1).rescaled(to: rscale)
        case 1: return rounded(scale: rscale)
        case -1:
            return try Numeric.divide(
                Numeric(1), self, scale: rscale, rounding: .halfAwayFromZero)
        default: break
        }
        if isZero { return Numeric.zero.rescaled(to: rscale) }

        // Decimal weight of the result, from up to four base-10^4 digits.
        let (weight, digits) = magnitudeValue.nbaseDigits
        var leading = 0.0
        var exponent10 = weight * 4
        for (i, d) in digits.prefix(4).enumerated() {
            leading = leading * 10_000 + Double(d)
            if i > 0 { exponent10 -= 4 }
        }
        let estimate = Double(n) * (Foundation.log10(leading) + Double(exponent10))
        if estimate > 131_073 {
            throw SQLError(SQLState.numericValueOutOfRange, "value overflows numeric format")
        }
        if estimate + 1 < Double(-rscale) { return Numeric.zero.rescaled(to: rscale) }

        // |self|^|n| by repeated squaring, keeping `keep` significant digits.
        let keep = max(1 + rscale + Numeric.truncatedInt(estimate), 1)
            + Numeric.guardDigits + String(n.magnitude).count
        var result = DecimalFloat(mantissa: [1], exponent: 0)
        var base = DecimalFloat(magnitudeValue)
        var e = n.magnitude
        while e > 0 {
            if e & 1 == 1 { result = result.times(base, keeping: keep) }
            e >>= 1
            if e > 0 { base = base.times(base, keeping: keep) }
        }
        var value = result.numeric
        if n < 0 {
            value = try Numeric.divide(
                Numeric(1), value, scale: rscale, rounding: .halfAwayFromZero)
        } else {
            value = value.rounded(scale: rscale)
        }
        if value.integerDigitCount > 131_072 {
            throw SQLError(SQLState.numericValueOutOfRange, "value overflows numeric format")
        }
        return signum < 0 && n % 2 != 0 ? -value : value
    }

    /// power_var's general case: exp(exponent * ln|self|), with the result
    /// scale chosen from a low-precision estimate of the result's weight.
    private func powerByLogarithm(_ exponent: Numeric) throws -> Numeric {
        if isZero { return Numeric.zero.rescaled(to: 16) }
        let base = magnitudeValue
        let negativeResult = signum < 0 && exponent.isOddInteger
        let lnWeight = base.estimatedLnDecimalWeight
        let lnEstimate = Numeric.lnApproximation(base, digits: max(16 - lnWeight, 1))
        let product = lnEstimate.isZero ? 0 : (lnEstimate * exponent).doubleValue
        if product.isNaN || abs(product) > 6020 {
            if product > 0 || product.isNaN {
                throw SQLError(SQLState.numericValueOutOfRange, "value overflows numeric format")
            }
            return Numeric.zero.rescaled(to: Numeric.maxDisplayScale)
        }
        let weight = Numeric.truncatedInt(product * 0.434294481903252)
        let rscale = Numeric.clampedScale(max(16 - weight, base.scale, exponent.scale))
        let significant = max(rscale + weight, 0) + Numeric.guardDigits
        let lnDigits = significant + exponent.integerDigitCount + 1
        let p = FixedPrecision(digits: lnDigits)
        let lnBase = p.fixed(Numeric.lnApproximation(base, digits: lnDigits))
        let t = p.numeric(p.multiply(lnBase, exactly: exponent))
        let result = try Numeric.exponentialRounded(t, scale: rscale)
        return negativeResult && !result.isZero ? -result : result
    }
}

extension Numeric {
    /// True for a finite odd integer (limbs are base 10^9, so the lowest
    /// limb's parity is the value's).
    var isOddInteger: Bool {
        guard isIntegral else { return false }
        return (rounded(scale: 0).limbs.first ?? 0) % 2 == 1
    }
}

/// A positive decimal `mantissa * 10^exponent` whose products keep a
/// chosen number of significant digits, for power_var_int's repeated
/// multiplication.
private struct DecimalFloat {
    var mantissa: [UInt32]
    var exponent: Int

    init(mantissa: [UInt32], exponent: Int) {
        self.mantissa = mantissa
        self.exponent = exponent
    }

    /// A finite numeric's magnitude.
    init(_ n: Numeric) {
        self.init(mantissa: n.limbs, exponent: -n.scale)
    }

    /// The product truncated to `keep` significant digits.
    func times(_ other: DecimalFloat, keeping keep: Int) -> DecimalFloat {
        var m = BigMagnitude.multiply(mantissa, other.mantissa)
        var e = exponent + other.exponent
        let digits = DecimalFloat.digitCount(m)
        if digits > keep {
            m = BigMagnitude.shiftedRight(m, digits: digits - keep)
            e += digits - keep
        }
        return DecimalFloat(mantissa: m, exponent: e)
    }

    /// The value as an exact numeric.
    var numeric: Numeric {
        if exponent >= 0 {
            let m = BigMagnitude.shiftedLeft(mantissa, digits: exponent)
            return Numeric(isNegative: false, limbs: m, scale: 0)
        }
        return Numeric(isNegative: false, limbs: mantissa, scale: -exponent)
    }

    /// Decimal digits of a magnitude.
    private static func digitCount(_ m: [UInt32]) -> Int {
        guard let top = m.last else { return 0 }
        var digits = (m.count - 1) * 9 + 1
        var t = top
        while t >= 10 {
            t /= 10
            digits += 1
        }
        return digits
    }
}
