// PostgreSQL's arbitrary-precision numeric.

/// A numeric datum: sign, base-10 digits and a display scale, like
/// PostgreSQL's NumericVar (which keeps base-10000 digits). NaN and the
/// infinities are special values.
public struct Numeric: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case finite, nan, positiveInfinity, negativeInfinity }
    public var kind: Kind
    public var isNegative: Bool
    /// The unscaled magnitude's decimal digits, most significant first, with
    /// no leading zeros (empty for zero).
    public var digits: [UInt8]
    /// Digits after the decimal point that `digits` includes.
    public var scale: Int

    public init(kind: Kind = .finite, isNegative: Bool = false, digits: [UInt8] = [], scale: Int = 0) {
        self.kind = kind
        self.isNegative = isNegative
        self.digits = digits
        self.scale = scale
    }
}
