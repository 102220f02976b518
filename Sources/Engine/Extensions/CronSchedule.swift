// pg_cron 1.4's schedules: five cron fields (minute, hour, day of month,
// month, day of week) with `*`, numbers, names (jan, mon), ranges, steps
// and lists, or one of the @ macros. Times are UTC, as pg_cron 1.4 reads
// them. What pg_cron rejects (six fields, `N seconds`, `L`) is rejected
// with its message.

import Foundation

/// A parsed schedule.
package struct CronSchedule: Equatable {
    /// Allowed values of each field, as bit sets.
    var minutes: UInt64 = 0
    var hours: UInt64 = 0
    var daysOfMonth: UInt64 = 0
    var months: UInt64 = 0
    var daysOfWeek: UInt64 = 0
    /// Whether the day fields were `*`: cron matches a day when both
    /// match if either is `*`, and when either matches otherwise.
    var dayOfMonthIsStar = false
    var dayOfWeekIsStar = false
    /// `@reboot`: runs once when the scheduler starts.
    package var atStart = false

    private static let macros: [String: String] = [
        "@yearly": "0 0 1 1 *", "@annually": "0 0 1 1 *", "@monthly": "0 0 1 * *",
        "@weekly": "0 0 * * 0", "@daily": "0 0 * * *", "@midnight": "0 0 * * *",
        "@hourly": "0 * * * *",
    ]
    private static let monthNames: [String] = [
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
    ]
    private static let dayNames: [String] = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"]

    /// Parses `text`, throwing pg_cron's `invalid schedule` error.
    package init(_ text: String) throws {
        let invalid = SQLError(SQLState.invalidParameterValue, "invalid schedule: \(text)")
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed == "@reboot" {
            atStart = true
            return
        }
        let expanded = Self.macros[trimmed] ?? trimmed
        let fields = expanded.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
        guard fields.count == 5 else { throw invalid }
        guard let minutes = Self.field(fields[0], 0...59, names: []),
            let hours = Self.field(fields[1], 0...23, names: []),
            let days = Self.field(fields[2], 1...31, names: []),
            let months = Self.field(fields[3], 1...12, names: Self.monthNames, firstName: 1),
            var weekdays = Self.field(fields[4], 0...7, names: Self.dayNames)
        else { throw invalid }
        // Sunday is 0 and 7.
        if weekdays & (1 << 7) != 0 { weekdays |= 1 }
        self.minutes = minutes
        self.hours = hours
        daysOfMonth = days
        self.months = months
        daysOfWeek = weekdays
        dayOfMonthIsStar = fields[2].hasPrefix("*")
        dayOfWeekIsStar = fields[4].hasPrefix("*")
    }

    /// One field's values as a bit set, nil when it does not parse.
    private static func field(
        _ text: String, _ range: ClosedRange<Int>, names: [String], firstName: Int = 0
    ) -> UInt64? {
        var bits: UInt64 = 0
        for item in text.split(separator: ",", omittingEmptySubsequences: false) {
            var spec = Substring(item)
            var step = 1
            if let slash = spec.firstIndex(of: "/") {
                guard let n = Int(spec[spec.index(after: slash)...]), n > 0 else { return nil }
                step = n
                spec = spec[..<slash]
            }
            var low = range.lowerBound
            var high = range.upperBound
            if spec != "*" {
                let bounds = spec.split(separator: "-", omittingEmptySubsequences: false)
                guard (1...2).contains(bounds.count),
                    let first = value(bounds[0], range, names, firstName)
                else { return nil }
                low = first
                high = first
                if bounds.count == 2 {
                    guard let last = value(bounds[1], range, names, firstName), last >= first
                    else { return nil }
                    high = last
                } else if step != 1 {
                    // `N/step` runs from N to the field's end.
                    high = range.upperBound
                }
            }
            for v in stride(from: low, through: high, by: step) { bits |= 1 << UInt64(v) }
        }
        return bits
    }

    private static func value(
        _ text: Substring, _ range: ClosedRange<Int>, _ names: [String], _ firstName: Int
    ) -> Int? {
        if let n = Int(text), text.allSatisfy(\.isNumber) {
            return range.contains(n) ? n : nil
        }
        guard let index = names.firstIndex(of: text.lowercased()) else { return nil }
        return index + firstName
    }

    /// Whether the schedule fires at `timestamp` (microseconds since
    /// 2000-01-01 UTC; only its minute counts).
    package func fires(at timestamp: Int64) -> Bool {
        guard !atStart else { return false }
        let c = DateTime.civil(timestamp: timestamp)
        var days = timestamp / 86_400_000_000
        if timestamp % 86_400_000_000 < 0 { days -= 1 }
        // 2000-01-01 was a Saturday.
        let weekday = Int(((days % 7) + 13) % 7)
        func has(_ bits: UInt64, _ v: Int) -> Bool { bits & (1 << UInt64(v)) != 0 }
        guard has(minutes, c.minute), has(hours, c.hour), has(months, c.month)
        else { return false }
        let dom = has(daysOfMonth, c.day)
        let dow = has(daysOfWeek, weekday)
        return dayOfMonthIsStar || dayOfWeekIsStar ? dom && dow : dom || dow
    }
}
