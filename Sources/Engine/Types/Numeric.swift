// PostgreSQL's arbitrary-precision numeric: an exact decimal with a display
// scale (dscale), plus NaN and the infinities. Values whose coefficient fits
// a UInt64 are kept inline; larger ones use base-10^9 limbs.

/// A numeric datum: `(-1)^isNegative * coefficient / 10^scale`, where
/// `scale` is PostgreSQL's display scale (digits printed after the point).
public struct Numeric: Sendable {
    /// Finite values and the special values numeric admits.
    public enum Kind: Hashable, Sendable { case finite, nan, positiveInfinity, negativeInfinity }

    /// The coefficient's magnitude: inline while it fits a UInt64.
    enum Magnitude: Sendable {
        case small(UInt64)
        case big([UInt32])
    }

    public var kind: Kind
    public var isNegative: Bool
    var magnitude: Magnitude
    /// Digits after the decimal point, 0...1000 (PostgreSQL's dscale).
    public var scale: Int

    init(kind: Kind = .finite, isNegative: Bool, magnitude: Magnitude, scale: Int) {
        self.kind = kind
        self.isNegative = isNegative
        self.magnitude = magnitude
        self.scale = scale
    }

    /// A finite value from limbs, normalising storage and the sign of zero.
    init(isNegative: Bool, limbs: [UInt32], scale: Int) {
        if let small = BigMagnitude.toUInt64(limbs) {
            self.init(isNegative: isNegative && small != 0, magnitude: .small(small), scale: scale)
        } else {
            self.init(isNegative: isNegative, magnitude: .big(limbs), scale: scale)
        }
    }

    /// A finite value from an inline magnitude.
    init(isNegative: Bool, small: UInt64, scale: Int) {
        self.init(isNegative: isNegative && small != 0, magnitude: .small(small), scale: scale)
    }

    /// An integer with scale 0.
    package init(_ value: Int64) {
        self.init(isNegative: value < 0, small: value.magnitude, scale: 0)
    }

    /// An integer with scale 0.
    package init(_ value: Int) { self.init(Int64(value)) }

    /// The special values.
    package static let nan = Numeric(kind: .nan, isNegative: false, magnitude: .small(0), scale: 0)
    package static let infinity = Numeric(
        kind: .positiveInfinity, isNegative: false, magnitude: .small(0), scale: 0)
    package static let negativeInfinity = Numeric(
        kind: .negativeInfinity, isNegative: true, magnitude: .small(0), scale: 0)
    package static let zero = Numeric(0)

    package var isNaN: Bool { kind == .nan }
    package var isInfinite: Bool { kind == .positiveInfinity || kind == .negativeInfinity }
    package var isFinite: Bool { kind == .finite }

    /// True for a finite zero (of any scale).
    package var isZero: Bool {
        guard kind == .finite else { return false }
        if case .small(let m) = magnitude { return m == 0 }
        return false
    }

    /// The coefficient's magnitude as limbs.
    var limbs: [UInt32] {
        switch magnitude {
        case .small(let m): return BigMagnitude.from(m)
        case .big(let l): return l
        }
    }

    /// The coefficient's decimal digits ("0" for zero).
    var coefficientDigits: String {
        switch magnitude {
        case .small(let m): return String(m)
        case .big(let l): return BigMagnitude.decimalString(l)
        }
    }

    /// -1, 0 or 1 (NaN counts as positive).
    package var signum: Int {
        switch kind {
        case .nan, .positiveInfinity: return 1
        case .negativeInfinity: return -1
        case .finite: return isZero ? 0 : (isNegative ? -1 : 1)
        }
    }

    /// The same value with its coefficient rescaled to `newScale`, which
    /// must not be below `scale` (no digits are lost).
    func rescaled(to newScale: Int) -> Numeric {
        let k = newScale - scale
        guard k > 0, kind == .finite else { return self }
        if case .small(let m) = magnitude, k < BigMagnitude.smallPowers.count {
            let (p, overflow) = m.multipliedReportingOverflow(by: BigMagnitude.smallPowers[k])
            if !overflow { return Numeric(isNegative: isNegative, small: p, scale: newScale) }
        }
        let shifted = BigMagnitude.shiftedLeft(limbs, digits: k)
        return Numeric(isNegative: isNegative, limbs: shifted, scale: newScale)
    }

    /// The same value with trailing fractional zeros dropped from the
    /// coefficient (the canonical form used for hashing).
    package var normalized: Numeric {
        guard kind == .finite, scale > 0 else { return self }
        if isZero { return Numeric.zero }
        var result = self
        if case .small(var m) = magnitude {
            while result.scale > 0, m % 10 == 0 {
                m /= 10
                result.scale -= 1
            }
            result.magnitude = .small(m)
            return result
        }
        var l = limbs
        while result.scale > 0 {
            let (q, r) = BigMagnitude.divide(l, small: 10)
            if r != 0 { break }
            l = q
            result.scale -= 1
        }
        return Numeric(isNegative: isNegative, limbs: l, scale: result.scale)
    }
}

extension Numeric: Hashable {
    /// Numerics are equal by value, as PostgreSQL's numeric_eq: 1.0 = 1.00,
    /// and NaN equals NaN.
    public static func == (a: Numeric, b: Numeric) -> Bool { a.compare(b) == 0 }

    public func hash(into hasher: inout Hasher) {
        let n = normalized
        hasher.combine(n.kind)
        hasher.combine(n.isNegative)
        hasher.combine(n.scale)
        switch n.magnitude {
        case .small(let m): hasher.combine(m)
        case .big(let l): hasher.combine(l)
        }
    }
}

extension Numeric: Comparable {
    public static func < (a: Numeric, b: Numeric) -> Bool { a.compare(b) < 0 }

    /// -1, 0 or 1, ordering NaN above +Infinity as PostgreSQL does.
    package func compare(_ other: Numeric) -> Int {
        func rank(_ k: Kind) -> Int {
            switch k {
            case .negativeInfinity: return 0
            case .finite: return 1
            case .positiveInfinity: return 2
            case .nan: return 3
            }
        }
        if kind != .finite || other.kind != .finite {
            let (ra, rb) = (rank(kind), rank(other.kind))
            return ra == rb ? 0 : (ra < rb ? -1 : 1)
        }
        let (sa, sb) = (signum, other.signum)
        if sa != sb { return sa < sb ? -1 : 1 }
        if sa == 0 { return 0 }
        let magnitudeOrder = Numeric.compareMagnitudes(self, other)
        return isNegative ? -magnitudeOrder : magnitudeOrder
    }

    /// Compares |a| and |b| of finite values.
    static func compareMagnitudes(_ a: Numeric, _ b: Numeric) -> Int {
        let s = max(a.scale, b.scale)
        let (x, y) = (a.rescaled(to: s), b.rescaled(to: s))
        if case .small(let p) = x.magnitude, case .small(let q) = y.magnitude {
            return p == q ? 0 : (p < q ? -1 : 1)
        }
        return BigMagnitude.compare(x.limbs, y.limbs)
    }
}
