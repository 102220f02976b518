// numeric's sqrt and power with PostgreSQL's result scales (numeric_sqrt's
// sweight rule; power_var_int's 16 significant digits for integer
// exponents), computed exactly and rounded half away from zero.

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

    /// `self ^ exponent` for an integral exponent: at least 16 significant
    /// digits (scale max(16, dscale)), as power_var_int. Non-integral
    /// exponents raise 0A000 for now.
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
        if signum < 0 && !exponent.isIntegral && exponent.isFinite {
            throw SQLError(
                SQLState.invalidArgumentForPowerFunction,
                "a negative number raised to a non-integer power yields a complex result")
        }
        guard isFinite, exponent.isFinite else {
            throw SQLError.notSupported("numeric power with infinite arguments is not supported")
        }
        guard exponent.isIntegral, let n = exponent.roundedInt64, abs(n) <= 100_000 else {
            // TODO(#2): power_var's ln/exp path for non-integer exponents.
            throw SQLError.notSupported(
                "numeric power with a non-integer or huge exponent is not supported")
        }
        let rscale = min(max(16, scale, exponent.scale), Numeric.maxDisplayScale)
        if n == 0 { return Numeric(1).rescaled(to: rscale) }
        // Exact |self|^|n| by repeated squaring.
        var result = Numeric(1)
        var base = self.magnitudeValue
        var e = n.magnitude
        while e > 0 {
            if e & 1 == 1 { result = try Numeric.exactProduct(result, base) }
            e >>= 1
            if e > 0 { base = try Numeric.exactProduct(base, base) }
        }
        if signum < 0 && n % 2 != 0 { result = -result }
        if n < 0 {
            return try Numeric.divide(
                Numeric(1), result, scale: rscale, rounding: .halfAwayFromZero)
        }
        return result.rounded(scale: rscale)
    }

    /// A product without the display-scale cap, failing beyond numeric's
    /// range (131072 digits before the point).
    private static func exactProduct(_ a: Numeric, _ b: Numeric) throws -> Numeric {
        let limbs = BigMagnitude.multiply(a.limbs, b.limbs)
        let s = a.scale + b.scale
        guard limbs.count * 9 - s < 140_000, s < 20_000 else {
            throw SQLError(SQLState.numericValueOutOfRange, "value overflows numeric format")
        }
        return Numeric(isNegative: a.isNegative != b.isNegative, limbs: limbs, scale: s)
    }
}
