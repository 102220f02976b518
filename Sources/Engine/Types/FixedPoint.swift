// Signed fixed-point arithmetic on base-10^9 limbs, the working format of
// numeric's transcendental functions (ln, exp, power), which PostgreSQL
// computes in NumericVar with a local rscale of guard digits.

/// A signed value `(-1)^negative * magnitude / 10^(9 * fractionLimbs)` at
/// the precision of the `FixedPrecision` that made it.
struct FixedPoint {
    var negative: Bool
    var magnitude: [UInt32]

    init(negative: Bool, magnitude: [UInt32]) {
        self.negative = negative && !magnitude.isEmpty
        self.magnitude = magnitude
    }

    /// True for zero.
    var isZero: Bool { magnitude.isEmpty }

    /// The value negated.
    var negated: FixedPoint { FixedPoint(negative: !negative, magnitude: magnitude) }
}

/// Arithmetic at a fixed number of fraction limbs (9 decimal digits each);
/// products and quotients truncate beyond it.
struct FixedPrecision {
    /// Limbs after the point.
    let fractionLimbs: Int

    /// A precision of at least `digits` decimal digits after the point.
    init(digits: Int) {
        fractionLimbs = max(digits, 1) / 9 + 1
    }

    /// Decimal digits after the point.
    var digits: Int { fractionLimbs * 9 }

    /// The integer `n`.
    func integer(_ n: UInt64) -> FixedPoint {
        FixedPoint(negative: false, magnitude: shift(BigMagnitude.from(n)))
    }

    /// A finite numeric, truncated to this precision.
    func fixed(_ n: Numeric) -> FixedPoint {
        let magnitude: [UInt32]
        if n.scale <= digits {
            magnitude = BigMagnitude.shiftedLeft(n.limbs, digits: digits - n.scale)
        } else {
            magnitude = BigMagnitude.shiftedRight(n.limbs, digits: n.scale - digits)
        }
        return FixedPoint(negative: n.isNegative, magnitude: magnitude)
    }

    /// The value as a numeric of scale `digits` (exact).
    func numeric(_ x: FixedPoint) -> Numeric {
        Numeric(isNegative: x.negative, limbs: x.magnitude, scale: digits)
    }

    /// `x` moved to another precision, truncating digits it drops.
    func converted(_ x: FixedPoint, to other: FixedPrecision) -> FixedPoint {
        let k = other.fractionLimbs - fractionLimbs
        if k >= 0 { return FixedPoint(negative: x.negative, magnitude: shift(x.magnitude, by: k)) }
        return FixedPoint(negative: x.negative, magnitude: drop(x.magnitude, -k))
    }

    /// The value's approximate double.
    func double(_ x: FixedPoint) -> Double {
        var d = 0.0
        for limb in x.magnitude.reversed() { d = d * 1e9 + Double(limb) }
        for _ in 0..<fractionLimbs { d /= 1e9 }
        return x.negative ? -d : d
    }

    func add(_ a: FixedPoint, _ b: FixedPoint) -> FixedPoint {
        if a.negative == b.negative {
            return FixedPoint(
                negative: a.negative, magnitude: BigMagnitude.add(a.magnitude, b.magnitude))
        }
        if BigMagnitude.compare(a.magnitude, b.magnitude) >= 0 {
            return FixedPoint(
                negative: a.negative, magnitude: BigMagnitude.subtract(a.magnitude, b.magnitude))
        }
        return FixedPoint(
            negative: b.negative, magnitude: BigMagnitude.subtract(b.magnitude, a.magnitude))
    }

    func subtract(_ a: FixedPoint, _ b: FixedPoint) -> FixedPoint { add(a, b.negated) }

    func multiply(_ a: FixedPoint, _ b: FixedPoint) -> FixedPoint {
        let product = BigMagnitude.multiply(a.magnitude, b.magnitude)
        return FixedPoint(
            negative: a.negative != b.negative, magnitude: drop(product, fractionLimbs))
    }

    /// `a` times an exact numeric (any scale), truncated.
    func multiply(_ a: FixedPoint, exactly n: Numeric) -> FixedPoint {
        let product = BigMagnitude.multiply(a.magnitude, n.limbs)
        return FixedPoint(
            negative: a.negative != n.isNegative,
            magnitude: BigMagnitude.shiftedRight(product, digits: n.scale))
    }

    func multiply(_ a: FixedPoint, small m: UInt32) -> FixedPoint {
        FixedPoint(negative: a.negative, magnitude: BigMagnitude.multiply(a.magnitude, small: m))
    }

    /// `a / b` truncated; `b` must be nonzero.
    func divide(_ a: FixedPoint, _ b: FixedPoint) -> FixedPoint {
        let q = BigMagnitude.divide(shift(a.magnitude), b.magnitude).quotient
        return FixedPoint(negative: a.negative != b.negative, magnitude: q)
    }

    /// `a / d` truncated, for a nonzero limb-sized divisor.
    func divide(_ a: FixedPoint, small d: UInt32) -> FixedPoint {
        let q = BigMagnitude.divide(a.magnitude, small: d).quotient
        return FixedPoint(negative: a.negative, magnitude: q)
    }

    /// The square root of a nonnegative value, truncated.
    func squareRoot(_ a: FixedPoint) -> FixedPoint {
        FixedPoint(negative: false, magnitude: Numeric.integerSquareRoot(shift(a.magnitude)))
    }

    /// The magnitude times 10^(9 * k).
    private func shift(_ m: [UInt32], by k: Int? = nil) -> [UInt32] {
        let count = k ?? fractionLimbs
        if m.isEmpty || count == 0 { return m }
        return [UInt32](repeating: 0, count: count) + m
    }

    /// The magnitude divided by 10^(9 * k), truncated.
    private func drop(_ m: [UInt32], _ k: Int) -> [UInt32] {
        m.count > k ? Array(m[k...]) : []
    }
}

extension BigMagnitude {
    /// `a / 10^k`, truncated.
    static func shiftedRight(_ a: [UInt32], digits k: Int) -> [UInt32] {
        if k <= 0 { return a }
        let whole = k / 9
        guard a.count > whole else { return [] }
        var rest = Array(a[whole...])
        if k % 9 != 0 { rest = divide(rest, small: UInt32(smallPowers[k % 9])).quotient }
        return rest
    }
}
