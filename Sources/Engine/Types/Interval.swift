// PostgreSQL's interval: months, days and microseconds kept apart, because a
// month has no fixed number of days and a day no fixed number of seconds
// across a daylight-saving change.

/// An interval as PostgreSQL stores it.
public struct Interval: Hashable, Sendable {
    public var months: Int32
    public var days: Int32
    public var microseconds: Int64

    public init(months: Int32 = 0, days: Int32 = 0, microseconds: Int64 = 0) {
        self.months = months
        self.days = days
        self.microseconds = microseconds
    }
}
