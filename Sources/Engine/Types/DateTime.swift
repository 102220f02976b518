// Calendar arithmetic for date, timestamp and timestamptz: conversion
// between PostgreSQL's day and microsecond counts (from 2000-01-01) and
// civil fields in the proleptic Gregorian calendar, the infinities, and
// the ISO output of timestamp_out / date_out with DateStyle ISO;
// timestamptz prints in the session's TimeZone (`ZoneRules`).

/// Civil date-time fields of a timestamp. Years are astronomical (year 0
/// is 1 BC).
package struct CivilDateTime: Equatable, Sendable {
    package var year: Int
    package var month: Int
    package var day: Int
    package var hour: Int = 0
    package var minute: Int = 0
    package var second: Int = 0
    package var microsecond: Int = 0
}

/// Constants and conversions of PostgreSQL's timestamp representation.
package enum DateTime {
    package static let microsecondsPerSecond: Int64 = 1_000_000
    package static let microsecondsPerMinute: Int64 = 60_000_000
    package static let microsecondsPerHour: Int64 = 3_600_000_000
    package static let microsecondsPerDay: Int64 = 86_400_000_000
    /// Timestamps use Int64.min / Int64.max for -infinity / infinity.
    package static let timestampNegativeInfinity = Int64.min
    package static let timestampInfinity = Int64.max
    /// Dates use Int32.min / Int32.max.
    package static let dateNegativeInfinity = Int32.min
    package static let dateInfinity = Int32.max
    /// Days from 2000-01-01 to 1970-01-01 (the Unix epoch).
    package static let unixEpochDays: Int64 = -10_957

    /// Valid timestamps: 4714-11-24 BC 00:00 to 294277-01-01 00:00
    /// (exclusive), in microseconds from 2000-01-01.
    package static let minTimestamp: Int64 = -211_813_488_000_000_000
    package static let endTimestamp: Int64 = 9_223_371_331_200_000_000
    /// Valid dates: 4714-11-24 BC to 5874897-12-31.
    package static let minDate: Int32 = -2_451_545
    package static let endDate: Int32 = 2_145_031_949

    /// Days from 2000-01-01 to the given civil date (any year).
    package static func days(year: Int, month: Int, day: Int) -> Int64 {
        // Shift to a March-based year so the leap day ends the year.
        let y = Int64(month <= 2 ? year - 1 : year)
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let m = Int64(month)
        let dayOfYear = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + Int64(day) - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468 - 10_957
    }

    /// The civil date of a day count from 2000-01-01.
    package static func civil(days: Int64) -> (year: Int, month: Int, day: Int) {
        let z = days + 10_957 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        return (Int(year), Int(month), Int(day))
    }

    package static func isLeap(_ year: Int) -> Bool {
        year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
    }

    package static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Civil fields of a finite timestamp.
    package static func civil(timestamp: Int64) -> CivilDateTime {
        var days = timestamp / microsecondsPerDay
        var time = timestamp % microsecondsPerDay
        if time < 0 {
            time += microsecondsPerDay
            days -= 1
        }
        let (y, m, d) = civil(days: days)
        return CivilDateTime(
            year: y, month: m, day: d, hour: Int(time / microsecondsPerHour),
            minute: Int(time / microsecondsPerMinute % 60),
            second: Int(time / microsecondsPerSecond % 60),
            microsecond: Int(time % microsecondsPerSecond))
    }

    /// The timestamp of civil fields, nil when out of range.
    package static func timestamp(_ c: CivilDateTime) -> Int64? {
        let days = days(year: c.year, month: c.month, day: c.day)
        let time =
            Int64(c.hour) * microsecondsPerHour + Int64(c.minute) * microsecondsPerMinute
            + Int64(c.second) * microsecondsPerSecond + Int64(c.microsecond)
        let (product, o1) = days.multipliedReportingOverflow(by: microsecondsPerDay)
        let (sum, o2) = product.addingReportingOverflow(time)
        guard !o1, !o2, sum >= minTimestamp, sum < endTimestamp else { return nil }
        return sum
    }

    /// True when a timestamp is one of the infinities.
    package static func isInfinite(timestamp t: Int64) -> Bool {
        t == timestampInfinity || t == timestampNegativeInfinity
    }

    // MARK: - Output

    /// date_out: `2026-12-04`, `0044-03-15 BC`, `infinity`.
    package static func formatDate(_ days: Int32) -> String {
        if days == dateInfinity { return "infinity" }
        if days == dateNegativeInfinity { return "-infinity" }
        let (y, m, d) = civil(days: Int64(days))
        return formatYMD(y, m, d) + (y <= 0 ? " BC" : "")
    }

    /// timestamp_out: `2026-12-04 10:00:00.123`.
    package static func formatTimestamp(_ t: Int64) -> String {
        if t == timestampInfinity { return "infinity" }
        if t == timestampNegativeInfinity { return "-infinity" }
        let c = civil(timestamp: t)
        return formatYMD(c.year, c.month, c.day) + " " + formatTime(c)
            + (c.year <= 0 ? " BC" : "")
    }

    /// timestamptz_out: the wall-clock time in `zone` (the session's
    /// TimeZone unless given) and its offset, `2026-12-04 10:00:00.123+00`,
    /// `2026-07-01 08:00:00-04`, `1850-01-01 07:03:58-04:56:02`.
    package static func formatTimestampTZ(
        _ t: Int64, zone: ZoneRules = SessionTimeZone.current
    ) -> String {
        if t == timestampInfinity { return "infinity" }
        if t == timestampNegativeInfinity { return "-infinity" }
        let offset = zone.offset(atUTC: t)
        let c = civil(timestamp: t + offset * microsecondsPerSecond)
        return formatYMD(c.year, c.month, c.day) + " " + formatTime(c)
            + ZoneRules.offsetAbbreviation(offset) + (c.year <= 0 ? " BC" : "")
    }

    /// time_out: `10:00:00.5`.
    package static func formatTimeOfDay(_ microseconds: Int64) -> String {
        let c = CivilDateTime(
            year: 2000, month: 1, day: 1, hour: Int(microseconds / microsecondsPerHour),
            minute: Int(microseconds / microsecondsPerMinute % 60),
            second: Int(microseconds / microsecondsPerSecond % 60),
            microsecond: Int(microseconds % microsecondsPerSecond))
        return formatTime(c)
    }

    private static func formatYMD(_ year: Int, _ month: Int, _ day: Int) -> String {
        let y = year <= 0 ? 1 - year : year
        return pad(y, 4) + "-" + pad(month, 2) + "-" + pad(day, 2)
    }

    private static func formatTime(_ c: CivilDateTime) -> String {
        pad(c.hour, 2) + ":" + pad(c.minute, 2) + ":" + pad(c.second, 2)
            + fraction(c.microsecond)
    }

    /// `.5`, `.000123`: microseconds with trailing zeros removed.
    package static func fraction(_ microseconds: Int) -> String {
        guard microseconds != 0 else { return "" }
        var digits = pad(microseconds, 6)
        while digits.last == "0" { digits.removeLast() }
        return "." + digits
    }

    /// Zero-padded decimal, at least `width` digits.
    package static func pad(_ n: Int, _ width: Int) -> String {
        let s = String(n)
        return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
    }
}
