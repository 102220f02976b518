// Input of date, time, timestamp and timestamptz as PostgreSQL's
// ParseDateTime/DecodeDateTime read them with DateStyle 'ISO, MDY': ISO
// dates, `10-10-1901` (month first), month names, `T` separators, time
// zones as offsets, abbreviations or names, AM/PM, BC, and the special
// words now, today, tomorrow, yesterday, epoch and infinity.
import Foundation

/// Which input function is reading the text.
package enum DateTimeTarget {
    case date, time, timestamp, timestamptz

    var type: PGType {
        switch self {
        case .date: return .date
        case .time: return .time
        case .timestamp: return .timestamp
        case .timestamptz: return .timestamptz
        }
    }
}

/// One field of a date/time string, as ParseDateTime splits it.
private enum DateField {
    case number(String)
    case date(parts: [String])
    case time(String)
    case offset(negative: Bool, String)
    case word(String)
}

/// Why decoding failed, mapped to PostgreSQL's DTERR_* codes.
private enum DateDecodeError: Error {
    case syntax, fieldOverflow, monthDayOverflow, dateOutOfRange, timestampOutOfRange
}

private let monthNames: [String: Int] = [
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3,
    "apr": 4, "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7,
    "aug": 8, "august": 8, "sep": 9, "sept": 9, "september": 9, "oct": 10,
    "october": 10, "nov": 11, "november": 11, "dec": 12, "december": 12,
]

private let weekdayNames: Set<String> = [
    "sun", "sunday", "mon", "monday", "tue", "tues", "tuesday", "wed", "wednesday",
    "thu", "thur", "thurs", "thursday", "fri", "friday", "sat", "saturday",
]

/// DateStyle's order for dates written as three numbers.
package enum DateOrder: Sendable {
    case mdy, dmy, ymd

    /// The order a DateStyle setting such as "ISO, DMY" names (MDY when it
    /// names none).
    package init(dateStyle: String?) {
        let upper = (dateStyle ?? "").uppercased()
        if upper.contains("DMY") || upper.contains("EURO") {
            self = .dmy
        } else if upper.contains("YMD") {
            self = .ymd
        } else {
            self = .mdy
        }
    }
}

extension DateTime {
    /// Reads a date/time string. For `.date` the result is a day count,
    /// for `.time` microseconds since midnight, otherwise microseconds
    /// since 2000-01-01 (UTC for timestamptz). `now` is the transaction
    /// timestamp that `now`, `today`, `tomorrow` and `yesterday` refer to.
    package static func parse(
        _ text: String, as target: DateTimeTarget, now: Int64, order: DateOrder = .mdy
    ) throws -> Int64 {
        do {
            let fields = try tokenize(text)
            return try decode(fields, target: target, now: now, order: order)
        } catch let error as DateDecodeError {
            switch error {
            case .syntax:
                throw SQLError(
                    SQLState.invalidDatetimeFormat,
                    "invalid input syntax for type \(formatType(target.type)): \"\(text)\"")
            case .fieldOverflow:
                throw SQLError(
                    SQLState.datetimeFieldOverflow,
                    "date/time field value out of range: \"\(text)\"")
            case .dateOutOfRange:
                throw SQLError(SQLState.datetimeFieldOverflow, "date out of range: \"\(text)\"")
            case .timestampOutOfRange:
                throw SQLError(
                    SQLState.datetimeFieldOverflow, "timestamp out of range: \"\(text)\"")
            case .monthDayOverflow:
                throw SQLError(
                    SQLState.datetimeFieldOverflow,
                    "date/time field value out of range: \"\(text)\"",
                    hint: "Perhaps you need a different \"datestyle\" setting.")
            }
        }
    }

    // MARK: - Splitting into fields

    private static func tokenize(_ text: String) throws -> [DateField] {
        let chars = Array(text.lowercased().unicodeScalars)
        var fields: [DateField] = []
        var i = 0
        func isDigit(_ c: Unicode.Scalar) -> Bool { c >= "0" && c <= "9" }
        func isAlpha(_ c: Unicode.Scalar) -> Bool { c >= "a" && c <= "z" }
        func take(while pred: (Unicode.Scalar) -> Bool) -> String {
            var s = ""
            while i < chars.count, pred(chars[i]) {
                s.unicodeScalars.append(chars[i])
                i += 1
            }
            return s
        }
        while i < chars.count {
            let c = chars[i]
            if c == " " || c == "\t" || c == "\n" || c == "\r" || c == "," {
                i += 1
            } else if isDigit(c) {
                let digits = take(while: isDigit)
                guard i < chars.count else {
                    fields.append(.number(digits))
                    break
                }
                let next = chars[i]
                if next == ":" {
                    let rest = take { isDigit($0) || $0 == ":" || $0 == "." }
                    fields.append(.time(digits + rest))
                } else if next == "-" || next == "/" || next == "." {
                    let delimiter = next
                    var parts = [digits]
                    while i < chars.count, chars[i] == delimiter {
                        i += 1
                        let startsWithDigit = i < chars.count && isDigit(chars[i])
                        parts.append(startsWithDigit ? take(while: isDigit) : take(while: isAlpha))
                    }
                    if delimiter == ".", parts.count == 2 {
                        // `12.5`: a number with a fraction, not a date.
                        fields.append(.number(parts[0] + "." + parts[1]))
                    } else {
                        fields.append(.date(parts: parts))
                        // ISO 8601's `T` between the date and the time.
                        if i + 1 < chars.count, chars[i] == "t", isDigit(chars[i + 1]) { i += 1 }
                    }
                } else {
                    fields.append(.number(digits))
                    if isAlpha(next), next == "t" { i += 1 }
                }
            } else if isAlpha(c) {
                let word = take { isAlpha($0) || $0 == "/" || $0 == "_" }
                if monthNames[word] != nil, i < chars.count, chars[i] == "-" || chars[i] == "/" {
                    let delimiter = chars[i]
                    var parts = [word]
                    while i < chars.count, chars[i] == delimiter {
                        i += 1
                        parts.append(take { isDigit($0) || isAlpha($0) })
                    }
                    fields.append(.date(parts: parts))
                } else if word == "t", i < chars.count, isDigit(chars[i]) {
                    continue
                } else {
                    fields.append(.word(word))
                }
            } else if c == "+" || c == "-" {
                i += 1
                if i < chars.count, isDigit(chars[i]) {
                    let rest = take { isDigit($0) || $0 == ":" }
                    fields.append(.offset(negative: c == "-", rest))
                } else if i < chars.count, isAlpha(chars[i]) {
                    let word = take(while: isAlpha)
                    fields.append(.word((c == "-" ? "-" : "") + word))
                } else {
                    throw DateDecodeError.syntax
                }
            } else {
                throw DateDecodeError.syntax
            }
        }
        return fields
    }

    // MARK: - Decoding

    /// Field values collected while decoding.
    private struct Decoded {
        var year: Int?
        var month: Int?
        var day: Int?
        var twoDigitYear = false
        var hour: Int?
        var minute = 0
        var second = 0
        var microsecond = 0
        var offsetSeconds: Int?
        /// A tz database zone named in the text (`America/New_York`).
        var zoneRules: ZoneRules?
        /// The instant `now` stood for, to keep its offset exact.
        var nowInstant: Int64?
        var meridiem: Int?
        var isBC = false
        var special: Int64?
        var pendingNumbers: [String] = []
        var order = DateOrder.mdy
    }

    private static func decode(
        _ fields: [DateField], target: DateTimeTarget, now: Int64, order: DateOrder
    ) throws -> Int64 {
        var d = Decoded()
        d.order = order
        var sawTimeSeparator = false
        for (index, field) in fields.enumerated() {
            switch field {
            case .number(let digits):
                if digits.contains(".") { throw DateDecodeError.syntax }
                if d.hour == nil, d.year != nil || d.special != nil, sawTimeSeparator,
                    digits.count == 4 || digits.count == 6
                {
                    // ISO basic time after `T`: hhmm or hhmmss.
                    try setTime(&d, compactTime(digits))
                } else if d.year == nil, d.month == nil, digits.count == 8 || digits.count == 6,
                    index == 0
                {
                    try setCompactDate(&d, digits)
                } else {
                    d.pendingNumbers.append(digits)
                }
            case .date(let parts):
                guard d.year == nil, d.month == nil else { throw DateDecodeError.syntax }
                try setDate(&d, parts)
                sawTimeSeparator = true
            case .time(let value):
                guard d.hour == nil else { throw DateDecodeError.syntax }
                try setTime(&d, value)
            case .offset(let negative, let value):
                guard d.offsetSeconds == nil, d.hour != nil || d.year != nil else {
                    throw DateDecodeError.syntax
                }
                d.offsetSeconds = try parseOffset(value) * (negative ? -1 : 1)
            case .word(let word):
                try decodeWord(word, &d, target: target, now: now)
            }
        }
        try assignPendingNumbers(&d)
        return try finish(d, target: target)
    }

    private static func decodeWord(
        _ word: String, _ d: inout Decoded, target: DateTimeTarget, now: Int64
    ) throws {
        if let month = monthNames[word] {
            guard d.month == nil else { throw DateDecodeError.syntax }
            d.month = month
            return
        }
        if weekdayNames.contains(word) { return }
        switch word {
        case "am", "a.m.": d.meridiem = 0
        case "pm", "p.m.": d.meridiem = 12
        case "bc": d.isBC = true
        case "ad": d.isBC = false
        case "z", "zulu", "utc", "gmt", "ut":
            guard d.offsetSeconds == nil else { throw DateDecodeError.syntax }
            d.offsetSeconds = 0
        case "now":
            // Special values are wall-clock times in the session's zone.
            d.special = SessionTimeZone.current.local(fromUTC: now)
            d.nowInstant = now
        case "today", "tomorrow", "yesterday":
            let shift: Int64 = word == "today" ? 0 : (word == "tomorrow" ? 1 : -1)
            let local = SessionTimeZone.current.local(fromUTC: now)
            let days = floorDivide(local, microsecondsPerDay) + shift
            d.special = days * microsecondsPerDay
        case "epoch":
            d.special = unixEpochDays * microsecondsPerDay
        case "infinity", "+infinity":
            d.special = timestampInfinity
        case "-infinity":
            d.special = timestampNegativeInfinity
        case "allballs":
            guard target == .time else { throw DateDecodeError.syntax }
            d.hour = 0
        default:
            guard d.offsetSeconds == nil, d.zoneRules == nil else {
                throw DateDecodeError.syntax
            }
            // An abbreviation of timezone_abbreviations first, then a zone
            // of the tz database, as DecodeDateTime tries them.
            if let meaning = ZoneAbbreviations.lookup(word) {
                switch meaning {
                case .fixed(let offset, _): d.offsetSeconds = Int(offset)
                case .dynamic:
                    guard let rules = ZoneAbbreviations.rules(meaning, named: word) else {
                        throw DateDecodeError.syntax
                    }
                    d.zoneRules = rules
                }
                return
            }
            guard word.contains("/"), let rules = ZoneRules.named(word) else {
                throw DateDecodeError.syntax
            }
            d.zoneRules = rules
        }
    }

    static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let q = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q
    }

    /// `hhmm` / `hhmmss` as `hh:mm[:ss]`.
    private static func compactTime(_ digits: String) -> String {
        let chars = Array(digits)
        var parts: [String] = []
        var i = 0
        while i < chars.count {
            parts.append(String(chars[i..<min(i + 2, chars.count)]))
            i += 2
        }
        return parts.joined(separator: ":")
    }

    /// `20261204` or `261204`.
    private static func setCompactDate(_ d: inout Decoded, _ digits: String) throws {
        let chars = Array(digits)
        let yearLength = chars.count - 4
        guard let y = Int(String(chars[0..<yearLength])),
            let m = Int(String(chars[yearLength..<yearLength + 2])),
            let day = Int(String(chars[(yearLength + 2)...]))
        else { throw DateDecodeError.syntax }
        d.year = y
        d.twoDigitYear = yearLength == 2
        d.month = m
        d.day = day
    }

    /// A date written with separators: `2026-12-04`, `10/10/1901`,
    /// `04-Dec-2026`, `Dec-04-2026`.
    private static func setDate(_ d: inout Decoded, _ parts: [String]) throws {
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw DateDecodeError.syntax
        }
        var numbers: [String] = []
        for part in parts {
            if let month = monthNames[part] {
                guard d.month == nil else { throw DateDecodeError.syntax }
                d.month = month
            } else if part.allSatisfy(\.isASCIIDigit) {
                numbers.append(part)
            } else {
                throw DateDecodeError.syntax
            }
        }
        let values = numbers.compactMap { Int($0) }
        guard values.count == numbers.count else { throw DateDecodeError.syntax }
        if d.month != nil {
            guard values.count == 2 else { throw DateDecodeError.syntax }
            let yearFirst = numbers[0].count >= 3
            d.year = yearFirst ? values[0] : values[1]
            d.day = yearFirst ? values[1] : values[0]
            d.twoDigitYear = (yearFirst ? numbers[0] : numbers[1]).count <= 2
        } else if numbers[0].count >= 3 {
            (d.year, d.month, d.day) = (values[0], values[1], values[2])
        } else {
            try setOrderedDate(&d, values, numbers)
        }
    }

    /// Three numbers in DateStyle's field order (MDY, DMY or YMD).
    private static func setOrderedDate(
        _ d: inout Decoded, _ values: [Int], _ numbers: [String]
    ) throws {
        guard values.count == 3, numbers.count == 3 else { throw DateDecodeError.syntax }
        switch d.order {
        case .mdy:
            (d.month, d.day, d.year) = (values[0], values[1], values[2])
            d.twoDigitYear = numbers[2].count <= 2
        case .dmy:
            (d.day, d.month, d.year) = (values[0], values[1], values[2])
            d.twoDigitYear = numbers[2].count <= 2
        case .ymd:
            (d.year, d.month, d.day) = (values[0], values[1], values[2])
            d.twoDigitYear = numbers[0].count <= 2
        }
    }

    /// `hh:mm[:ss[.ffffff]]`.
    private static func setTime(_ d: inout Decoded, _ text: String) throws {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, let hour = Int(parts[0]) else {
            throw DateDecodeError.syntax
        }
        var minuteText = Substring(parts[1])
        var secondText: Substring = "0"
        if parts.count == 3 { secondText = parts[2] }
        var fraction: Substring = ""
        let last = parts.count == 3 ? secondText : minuteText
        if let dot = last.firstIndex(of: ".") {
            fraction = last[last.index(after: dot)...]
            if parts.count == 3 {
                secondText = last[..<dot]
            } else {
                minuteText = last[..<dot]
            }
        }
        guard let minute = Int(minuteText), let second = Int(secondText),
            fraction.allSatisfy(\.isASCIIDigit)
        else { throw DateDecodeError.syntax }
        // Round the fraction to microseconds.
        var micro = 0
        var digits = Array(fraction)
        if parts.count == 2, !digits.isEmpty {
            // `mm.fff` means fractional minutes: not accepted here.
            throw DateDecodeError.syntax
        }
        while digits.count < 7 { digits.append("0") }
        for ch in digits.prefix(6) { micro = micro * 10 + (ch.wholeNumberValue ?? 0) }
        if digits[6] >= "5" { micro += 1 }
        guard hour >= 0, minute >= 0, minute < 60, second >= 0, second <= 60 else {
            throw DateDecodeError.fieldOverflow
        }
        guard hour < 24 || (hour == 24 && minute == 0 && second == 0 && micro == 0) else {
            throw DateDecodeError.fieldOverflow
        }
        d.hour = hour
        d.minute = minute
        d.second = second
        d.microsecond = micro
    }

    /// `hh`, `hhmm`, `hh:mm`, `hh:mm:ss` as seconds east of UTC.
    private static func parseOffset(_ text: String) throws -> Int {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        var hours = 0
        var minutes = 0
        var seconds = 0
        if parts.count == 1 {
            let digits = Array(parts[0])
            if digits.count <= 2 {
                hours = Int(String(digits)) ?? -1
            } else if digits.count == 4 {
                hours = Int(String(digits[0..<2])) ?? -1
                minutes = Int(String(digits[2..<4])) ?? -1
            } else {
                throw DateDecodeError.syntax
            }
        } else {
            guard parts.count <= 3, let h = Int(parts[0]), let m = Int(parts[1]) else {
                throw DateDecodeError.syntax
            }
            hours = h
            minutes = m
            if parts.count == 3 {
                guard let s = Int(parts[2]) else { throw DateDecodeError.syntax }
                seconds = s
            }
        }
        guard hours >= 0, hours <= 15, minutes >= 0, minutes < 60, seconds >= 0, seconds < 60
        else {
            throw DateDecodeError.fieldOverflow
        }
        return hours * 3600 + minutes * 60 + seconds
    }

    /// Bare numbers next to a month name: `Dec 4 2026`, `4 December 2026`.
    private static func assignPendingNumbers(_ d: inout Decoded) throws {
        guard !d.pendingNumbers.isEmpty else { return }
        if d.month == nil, d.year == nil, d.pendingNumbers.count == 3 {
            let values = d.pendingNumbers.compactMap { Int($0) }
            guard values.count == 3 else { throw DateDecodeError.syntax }
            if d.pendingNumbers[0].count >= 3 {
                (d.year, d.month, d.day) = (values[0], values[1], values[2])
            } else {
                try setOrderedDate(&d, values, d.pendingNumbers)
            }
            return
        }
        guard d.month != nil else { throw DateDecodeError.syntax }
        for digits in d.pendingNumbers {
            guard let value = Int(digits) else { throw DateDecodeError.syntax }
            if d.day == nil, digits.count <= 2 {
                d.day = value
            } else if d.year == nil {
                d.year = value
                d.twoDigitYear = digits.count <= 2
            } else {
                throw DateDecodeError.syntax
            }
        }
    }

    private static func finish(_ input: Decoded, target: DateTimeTarget) throws -> Int64 {
        var d = input
        if let special = d.special {
            guard d.year == nil, d.month == nil else { throw DateDecodeError.syntax }
            if isInfinite(timestamp: special) {
                guard d.hour == nil, target != .time else { throw DateDecodeError.syntax }
                if target == .date {
                    return Int64(special == timestampInfinity ? dateInfinity : dateNegativeInfinity)
                }
                return special
            }
            var c = civil(timestamp: special)
            if let hour = d.hour {
                (c.hour, c.minute, c.second, c.microsecond) =
                    (hour, d.minute, d.second, d.microsecond)
                d.nowInstant = nil
            }
            d.year = c.year
            d.month = c.month
            d.day = c.day
            if d.hour == nil {
                (d.hour, d.minute, d.second, d.microsecond) =
                    (c.hour, c.minute, c.second, c.microsecond)
            }
        }
        if let meridiem = d.meridiem {
            guard let hour = d.hour, hour <= 12 else { throw DateDecodeError.fieldOverflow }
            d.hour = hour % 12 + meridiem
        }
        if target == .time {
            guard let hour = d.hour else { throw DateDecodeError.syntax }
            return Int64(hour) * microsecondsPerHour + Int64(d.minute) * microsecondsPerMinute
                + Int64(d.second) * microsecondsPerSecond + Int64(d.microsecond)
        }
        guard var year = d.year, let month = d.month, let day = d.day else {
            throw DateDecodeError.syntax
        }
        if d.twoDigitYear, !d.isBC, year < 100 { year += year < 70 ? 2000 : 1900 }
        if d.isBC {
            guard year > 0 else { throw DateDecodeError.fieldOverflow }
            year = 1 - year
        } else if year == 0 {
            throw DateDecodeError.fieldOverflow
        }
        guard month >= 1, month <= 12 else { throw DateDecodeError.monthDayOverflow }
        guard day >= 1, day <= 31 else { throw DateDecodeError.monthDayOverflow }
        guard day <= daysInMonth(year: year, month: month) else {
            throw DateDecodeError.fieldOverflow
        }
        let dayCount = days(year: year, month: month, day: day)
        if target == .date {
            guard dayCount >= Int64(minDate), dayCount < Int64(endDate) else {
                throw DateDecodeError.dateOutOfRange
            }
            return dayCount
        }
        let time =
            Int64(d.hour ?? 0) * microsecondsPerHour + Int64(d.minute) * microsecondsPerMinute
            + Int64(d.second) * microsecondsPerSecond + Int64(d.microsecond)
        var local = dayCount &* microsecondsPerDay &+ time
        if target == .timestamptz {
            let offset: Int
            if let o = d.offsetSeconds {
                offset = o
            } else if let rules = d.zoneRules {
                offset = Int(rules.offset(forLocal: local).offset)
            } else if let instant = d.nowInstant {
                offset = Int(SessionTimeZone.current.offset(atUTC: instant))
            } else {
                // No zone in the text: the session's TimeZone.
                offset = Int(SessionTimeZone.current.offset(forLocal: local).offset)
            }
            local -= Int64(offset) * microsecondsPerSecond
        }
        guard dayCount > -3_000_000, dayCount < 110_000_000, local >= minTimestamp,
            local < endTimestamp
        else {
            throw DateDecodeError.timestampOutOfRange
        }
        return local
    }
}

extension Character {
    /// True for 0-9 only (not other scripts' digits).
    var isASCIIDigit: Bool { self >= "0" && self <= "9" }
}
