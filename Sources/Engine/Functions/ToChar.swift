// to_char(timestamp | timestamptz | interval, text): PostgreSQL's DCH
// formatting (formatting.c). The pattern is split into keywords (longest
// match, case-sensitive), FM/TM prefixes, TH/SP suffixes, double-quoted
// literals and plain characters; each keyword prints one field.

/// The broken-down value a pattern prints.
private struct DateTimeFields {
    /// Astronomical year (1 BC is 0) for timestamps; years for intervals.
    var year: Int
    var month: Int
    var day: Int
    var hour: Int
    var minute: Int
    var second: Int
    var microsecond: Int
    /// Day of the year, 1-based (for intervals: months * 30 + days).
    var dayOfYear: Int
    var isInterval: Bool
    /// The zone abbreviation TZ prints; nil for timestamp without zone.
    var zone: String?
    /// Seconds east of UTC that OF, TZH and TZM print (0 for timestamp).
    var offset: Int64 = 0
}

/// One piece of a parsed pattern.
private enum FormatNode {
    case literal(String)
    /// `fillMode` is FM; `translate` is TM, which prints names unpadded.
    case field(keyword: String, fillMode: Bool, translate: Bool, ordinal: OrdinalSuffix?)
}

/// The TH / th suffix.
private enum OrdinalSuffix { case upper, lower }

/// The DCH keywords, longest first so the first match is the longest.
private let dateKeywords: [String] = {
    let upper = [
        "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "CC", "DAY", "DDD", "DD", "DY", "Day", "Dy",
        "D", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "FX", "HH24", "HH12", "HH", "IDDD", "ID",
        "IW", "IYYY", "IYY", "IY", "I", "J", "MI", "MM", "MONTH", "MON", "MS", "Month", "Mon",
        "OF", "P.M.", "PM", "Q", "RM", "SSSSS", "SSSS", "SS", "TZH", "TZM", "TZ", "US", "WW",
        "W", "Y,YYY", "YYYY", "YYY", "YY", "Y",
    ]
    let lower = upper.filter { $0 != "Day" && $0 != "Dy" && $0 != "Month" && $0 != "Mon" }
        .map { $0.lowercased() }
    return (upper + lower).sorted { $0.count > $1.count }
}()

/// Keywords an interval cannot print.
private let calendarOnlyKeywords: Set<String> = [
    "A.D.", "A.M.", "AD", "AM", "B.C.", "BC", "DAY", "DY", "Day", "Dy", "D", "ID", "MONTH",
    "MON", "Month", "Mon", "OF", "P.M.", "PM", "TZH", "TZM", "TZ", "a.d.", "a.m.", "ad", "am",
    "b.c.", "bc", "day", "dy", "d", "id", "month", "mon", "of", "p.m.", "pm", "tzh", "tzm", "tz",
]

private let monthNames = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]

private let dayNames = [
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
]

private let romanMonths = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

/// Splits a pattern into nodes.
private func parseDatePattern(_ pattern: String) -> [FormatNode] {
    let chars = Array(pattern.unicodeScalars)
    var nodes: [FormatNode] = []
    var i = 0
    func matches(_ word: String, at index: Int) -> Bool {
        let w = Array(word.unicodeScalars)
        guard index + w.count <= chars.count else { return false }
        return chars[index..<(index + w.count)].elementsEqual(w)
    }
    func appendLiteral(_ c: Unicode.Scalar) {
        if case .literal(let s) = nodes.last {
            nodes[nodes.count - 1] = .literal(s + String(c))
        } else {
            nodes.append(.literal(String(c)))
        }
    }
    while i < chars.count {
        var fillMode = false
        var translate = false
        var j = i
        while matches("FM", at: j) || matches("fm", at: j) || matches("TM", at: j)
            || matches("tm", at: j)
        {
            if chars[j] == "F" || chars[j] == "f" { fillMode = true } else { translate = true }
            j += 2
        }
        if let keyword = dateKeywords.first(where: { matches($0, at: j) }) {
            j += keyword.unicodeScalars.count
            var ordinal: OrdinalSuffix?
            // TH / th add an ordinal; SP (spell mode) is accepted and ignored.
            while true {
                if matches("TH", at: j) {
                    ordinal = .upper
                } else if matches("th", at: j) {
                    ordinal = .lower
                } else if !matches("SP", at: j) {
                    break
                }
                j += 2
            }
            nodes.append(
                .field(
                    keyword: keyword, fillMode: fillMode, translate: translate, ordinal: ordinal))
            i = j
            continue
        }
        let c = chars[i]
        if c == "\"" {
            // Quoted text; a backslash takes the next character literally.
            i += 1
            while i < chars.count, chars[i] != "\"" {
                if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                appendLiteral(chars[i])
                i += 1
            }
            i += 1
        } else if c == "\\", i + 1 < chars.count, chars[i + 1] == "\"" {
            appendLiteral("\"")
            i += 2
        } else {
            appendLiteral(c)
            i += 1
        }
    }
    return nodes
}

/// C's "%0*d": the sign, then digits zero-padded to `width` characters in
/// all (FM passes 0).
private func zeroPadded(_ n: Int, _ width: Int) -> String {
    let digits = String(n.magnitude)
    let sign = n < 0 ? "-" : ""
    let pad = max(width - sign.count - digits.count, 0)
    return sign + String(repeating: "0", count: pad) + digits
}

/// The ordinal suffix of the number a field printed (its last digits).
private func ordinal(of text: String, _ suffix: OrdinalSuffix) -> String {
    let digits = text.unicodeScalars.filter { $0 >= "0" && $0 <= "9" }.map { Int($0.value - 48) }
    let last = digits.last ?? 0
    let tens = digits.count >= 2 ? digits[digits.count - 2] : 0
    let word: String
    if tens == 1 {
        word = "th"
    } else {
        switch last {
        case 1: word = "st"
        case 2: word = "nd"
        case 3: word = "rd"
        default: word = "th"
        }
    }
    return suffix == .upper ? word.uppercased() : word
}

/// A name in the keyword's case, padded to 9 characters unless FM.
private func styledName(_ name: String, _ keyword: String, pad: Bool) -> String {
    let first = keyword.unicodeScalars.first
    let second = keyword.unicodeScalars.dropFirst().first
    var text = name
    if first.map({ $0 >= "a" && $0 <= "z" }) == true {
        text = name.lowercased()
    } else if second.map({ $0 >= "A" && $0 <= "Z" }) == true {
        text = name.uppercased()
    }
    if pad && text.count < 9 { text += String(repeating: " ", count: 9 - text.count) }
    return text
}

/// Julian day number of a year, month and day, with date2j's arithmetic
/// (month 0 and day 0 count back, as intervals' fields need).
private func julianDay(_ year: Int, _ month: Int, _ day: Int) -> Int {
    var y = year
    var m = month
    if m > 2 {
        m += 1
        y += 4800
    } else {
        m += 13
        y += 4799
    }
    let century = y / 100
    return y * 365 - 32167 + y / 4 - century + century / 4 + 7834 * m / 256 + day
}

/// Day of the week of a Julian day, Sunday = 0.
private func weekday(_ julian: Int) -> Int {
    let d = (julian + 1) % 7
    return d < 0 ? d + 7 : d
}

/// The Julian day of the Monday starting ISO week 1 of `year`.
private func isoYearStart(_ year: Int) -> Int {
    let day4 = julianDay(year, 1, 4)
    return day4 - weekday(day4 - 1)
}

/// ISO 8601 week-numbering year and week of a date given by fields.
private func isoWeek(_ year: Int, _ month: Int, _ day: Int) -> (year: Int, week: Int) {
    let julian = julianDay(year, month, day)
    var isoYear = year
    var start = isoYearStart(year)
    if julian < start {
        isoYear -= 1
        start = isoYearStart(isoYear)
    }
    var week = (julian - start) / 7 + 1
    if week >= 52, julian >= isoYearStart(isoYear + 1) {
        isoYear += 1
        week = 1
    }
    return (isoYear, week)
}

/// The text one keyword prints.
private func fieldText(
    _ keyword: String, _ f: DateTimeFields, fillMode fm: Bool, translate: Bool
) throws -> String {
    if f.isInterval {
        if calendarOnlyKeywords.contains(keyword) {
            throw SQLError(
                SQLState.invalidDatetimeFormat,
                "invalid format specification for an interval value",
                hint: "Intervals are not tied to specific calendar dates.")
        }
    }
    let displayYear = f.isInterval || f.year > 0 ? f.year : 1 - f.year
    let julian = julianDay(f.year, f.month, f.day)
    func yearWidth(_ n: Int, _ width: Int) -> Int { fm ? 0 : (n >= 0 ? width : width + 1) }
    func signedWidth(_ n: Int) -> Int { fm ? 0 : (n >= 0 ? 2 : 3) }
    let upper = keyword.uppercased()
    let lowerCase = keyword.unicodeScalars.first.map { $0 >= "a" && $0 <= "z" } == true
    switch upper {
    case "AM", "PM", "A.M.", "P.M.":
        let morning = f.hour < 12
        let dotted = keyword.count == 4
        let text = dotted ? (morning ? "A.M." : "P.M.") : (morning ? "AM" : "PM")
        return lowerCase ? text.lowercased() : text
    case "AD", "BC", "A.D.", "B.C.":
        let bc = f.year <= 0
        let dotted = keyword.count == 4
        let text = dotted ? (bc ? "B.C." : "A.D.") : (bc ? "BC" : "AD")
        return lowerCase ? text.lowercased() : text
    case "HH", "HH12":
        // The width follows the raw hour: -12 hours prints 012.
        let h = f.hour % 12 == 0 ? 12 : f.hour % 12
        return zeroPadded(h, signedWidth(f.hour))
    case "HH24": return zeroPadded(f.hour, signedWidth(f.hour))
    case "MI": return zeroPadded(f.minute, signedWidth(f.minute))
    case "SS": return zeroPadded(f.second, signedWidth(f.second))
    case "MS": return zeroPadded(f.microsecond / 1000, 3)
    case "US": return zeroPadded(f.microsecond, 6)
    case "FF1", "FF2", "FF3", "FF4", "FF5", "FF6":
        let n = Int(upper.unicodeScalars.last.map { $0.value - 48 } ?? 6)
        var divisor = 1
        for _ in n..<6 { divisor *= 10 }
        return zeroPadded(f.microsecond / divisor, n)
    case "SSSS", "SSSSS": return String(f.hour * 3600 + f.minute * 60 + f.second)
    case "TZ":
        guard let zone = f.zone else { return "" }
        return lowerCase ? zone.lowercased() : zone.uppercased()
    case "OF":
        let magnitude = Int(abs(f.offset))
        var text = (f.offset >= 0 ? "+" : "-") + zeroPadded(magnitude / 3600, fm ? 0 : 2)
        if magnitude % 3600 != 0 { text += ":" + zeroPadded(magnitude % 3600 / 60, 2) }
        return text
    case "TZH": return (f.offset >= 0 ? "+" : "-") + zeroPadded(Int(abs(f.offset)) / 3600, 2)
    case "TZM": return zeroPadded(Int(abs(f.offset)) % 3600 / 60, 2)
    case "MONTH", "MON":
        guard f.month >= 1 && f.month <= 12 else { return "" }
        let name = monthNames[f.month - 1]
        return styledName(upper == "MON" ? String(name.prefix(3)) : name, keyword,
            pad: !fm && !translate && upper == "MONTH")
    case "DAY", "DY":
        let name = dayNames[weekday(julian)]
        return styledName(upper == "DY" ? String(name.prefix(3)) : name, keyword,
            pad: !fm && !translate && upper == "DAY")
    case "MM": return zeroPadded(f.month, signedWidth(f.month))
    case "DD": return zeroPadded(f.day, fm ? 0 : 2)
    case "DDD": return zeroPadded(f.dayOfYear, fm ? 0 : 3)
    case "D": return String(weekday(julian) + 1)
    case "ID":
        let dow = weekday(julian)
        return String(dow == 0 ? 7 : dow)
    case "IDDD":
        let iso = isoWeek(f.year, f.month, f.day).year
        return zeroPadded(julian - isoYearStart(iso) + 1, fm ? 0 : 3)
    case "WW": return zeroPadded((f.dayOfYear - 1) / 7 + 1, fm ? 0 : 2)
    case "IW": return zeroPadded(isoWeek(f.year, f.month, f.day).week, fm ? 0 : 2)
    case "W": return String((f.day - 1) / 7 + 1)
    case "Q":
        guard f.month != 0 else { return "" }
        return String((f.month - 1) / 3 + 1)
    case "J": return String(julian)
    case "CC":
        let century =
            f.isInterval
            ? f.year / 100 : (f.year > 0 ? (f.year + 99) / 100 : -((99 - (f.year - 1)) / 100))
        return zeroPadded(century, signedWidth(century))
    case "Y,YYY":
        return "\(displayYear / 1000),\(zeroPadded(displayYear % 1000, 3))"
    case "YYYY": return zeroPadded(displayYear, yearWidth(displayYear, 4))
    case "YYY": return zeroPadded(displayYear % 1000, fm ? 0 : 3)
    case "YY": return zeroPadded(displayYear % 100, fm ? 0 : 2)
    case "Y": return zeroPadded(displayYear % 10, fm ? 0 : 1)
    case "IYYY", "IYY", "IY", "I":
        let iso = isoWeek(f.year, f.month, f.day).year
        let isoDisplay = f.isInterval || iso > 0 ? iso : 1 - iso
        switch upper {
        // The width follows the value's own year, as formatting.c has it.
        case "IYYY": return zeroPadded(isoDisplay, yearWidth(displayYear, 4))
        case "IYY": return zeroPadded(isoDisplay % 1000, fm ? 0 : 3)
        case "IY": return zeroPadded(isoDisplay % 100, fm ? 0 : 2)
        default: return zeroPadded(isoDisplay % 10, fm ? 0 : 1)
        }
    case "RM":
        // Intervals: month 0 of whole years is XII (I when negative), and
        // negative months count back from December.
        guard f.month != 0 || f.year != 0 else { return "" }
        let month = f.month > 0 ? f.month : (f.month < 0 ? f.month + 13 : (f.year >= 0 ? 12 : 1))
        guard month >= 1 && month <= 12 else { return "" }
        var text = romanMonths[month - 1]
        if lowerCase { text = text.lowercased() }
        if !fm { text += String(repeating: " ", count: 4 - text.count) }
        return text
    default:
        return ""
    }
}

/// Formats the fields with a pattern.
private func formatDateTime(_ f: DateTimeFields, _ pattern: String) throws -> String {
    var out = ""
    for node in parseDatePattern(pattern) {
        switch node {
        case .literal(let s): out += s
        case .field(let keyword, let fm, let translate, let suffix):
            let text = try fieldText(keyword, f, fillMode: fm, translate: translate)
            out += text
            if let suffix, !text.isEmpty, text.last?.isASCIIDigit == true {
                out += ordinal(of: text, suffix)
            }
        }
    }
    return out
}

/// The fields of a timestamp (microseconds since 2000-01-01).
private func timestampFields(_ t: Int64, zone: String?) -> DateTimeFields {
    let c = DateTime.civil(timestamp: t)
    let dayOfYear = julianDay(c.year, c.month, c.day) - julianDay(c.year, 1, 1) + 1
    return DateTimeFields(
        year: c.year, month: c.month, day: c.day, hour: c.hour, minute: c.minute,
        second: c.second, microsecond: c.microsecond, dayOfYear: dayOfYear,
        isInterval: false, zone: zone)
}

/// The fields of an interval, as interval2tm splits it.
private func intervalFields(_ i: Interval) -> DateTimeFields {
    let micro = i.microseconds
    let hours = micro / DateTime.microsecondsPerHour
    var rest = micro % DateTime.microsecondsPerHour
    let minutes = rest / DateTime.microsecondsPerMinute
    rest %= DateTime.microsecondsPerMinute
    let year = Int(i.months / 12)
    let month = Int(i.months % 12)
    return DateTimeFields(
        year: year, month: month, day: Int(i.days), hour: Int(hours), minute: Int(minutes),
        second: Int(rest / DateTime.microsecondsPerSecond),
        microsecond: Int(rest % DateTime.microsecondsPerSecond),
        dayOfYear: (year * 12 + month) * 30 + Int(i.days), isInterval: true, zone: nil)
}

/// The to_char overloads for date/time values.
let dateTimeToCharFunctions: [BuiltinFunction] = [
    makeFunction("to_char", [.timestamp, .text], .text, volatility: .stable) { args in
        guard case .timestamp(let t) = args[0], let p = argString(args[1]), !p.isEmpty,
            !DateTime.isInfinite(timestamp: t)
        else { return .null }
        return .text(try formatDateTime(timestampFields(t, zone: nil), p))
    },
    makeFunction("to_char", [.timestamptz, .text], .text, volatility: .stable) { args in
        guard case .timestamptz(let t) = args[0], let p = argString(args[1]), !p.isEmpty,
            !DateTime.isInfinite(timestamp: t)
        else { return .null }
        // The wall-clock time and abbreviation in the session's zone.
        let type = SessionTimeZone.current.type(atUTC: t)
        var fields = timestampFields(
            t + type.offset * DateTime.microsecondsPerSecond, zone: type.abbreviation)
        fields.offset = type.offset
        return .text(try formatDateTime(fields, p))
    },
    makeFunction("to_char", [.interval, .text], .text, volatility: .stable) { args in
        guard case .interval(let i) = args[0], let p = argString(args[1]), !p.isEmpty
        else { return .null }
        return .text(try formatDateTime(intervalFields(i), p))
    },
]
