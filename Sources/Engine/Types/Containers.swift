// Values that hold other values: arrays (any number of dimensions, with
// PostgreSQL's lower bounds) and ranges.

/// An array datum, stored flat in row-major order.
public struct ArrayValue: Hashable, Sendable {
    public var elementType: PGType
    public var elements: [Value]
    /// Length of each dimension; empty for the empty array `{}`.
    public var dimensions: [Int]
    /// Lower bound of each dimension (1 unless written `[0:2]={...}`).
    public var lowerBounds: [Int]

    public init(elementType: PGType, elements: [Value], dimensions: [Int]? = nil, lowerBounds: [Int]? = nil) {
        self.elementType = elementType
        self.elements = elements
        let dims = dimensions ?? (elements.isEmpty ? [] : [elements.count])
        self.dimensions = dims
        self.lowerBounds = lowerBounds ?? Array(repeating: 1, count: dims.count)
    }
}

/// A range datum such as tstzrange. Empty ranges have no bounds.
public struct RangeValue: Hashable, Sendable {
    public var elementType: PGType
    public var isEmpty: Bool
    /// nil means unbounded on that side.
    public var lower: Value?
    public var upper: Value?
    public var lowerInclusive: Bool
    public var upperInclusive: Bool

    public init(
        elementType: PGType, isEmpty: Bool = false, lower: Value?, upper: Value?,
        lowerInclusive: Bool, upperInclusive: Bool
    ) {
        self.elementType = elementType
        self.isEmpty = isEmpty
        self.lower = lower
        self.upper = upper
        self.lowerInclusive = lowerInclusive
        self.upperInclusive = upperInclusive
    }
}
