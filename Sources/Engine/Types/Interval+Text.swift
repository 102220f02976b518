// Interval input (DecodeInterval and ISO 8601 `P1DT2H`) and output in
// IntervalStyle postgres (`1 year 2 mons -3 days +04:05:06.5`).

/// Multipliers of the units interval input accepts.
private enum IntervalUnit {
    case microsecond, millisecond, second, minute, hour, day, week, month, year
    case decade, century, millennium

    init?(_ word: String) {
        switch word {
        case "microsecond", "microseconds", "us", "usec", "usecs", "useconds": self = .microsecond
        case "millisecond", "milliseconds", "ms", "msec", "msecs", "mseconds": self = .millisecond
        case "second", "seconds", "s", "sec", "secs": self = .second
        case "minute", "minutes", "m", "min", "mins": self = .minute
        case "hour", "hours", "h", "hr", "hrs": self = .hour
        case "day", "days", "d": self = .day
        case "week", "weeks", "w": self = .week
        case "month", "months", "mon", "mons": self = .month
        case "year", "years", "y", "yr", "yrs": self = .year
        case "decade", "decades", "dec", "decs": self = .decade
        case "century", "centuries", "c", "cent", "cents": self = .century
        case "millennium", "millennia", "millenniums", "mil", "mils": self = .millennium
        default: return nil
        }
    }
}

/// Accumulates interval fields, spilling fractions down as PostgreSQL does
/// (1.5 months is 1 month 15 days; 1.5 days is 1 day 12 hours).
private struct IntervalAccumulator {
    var months: Double = 0
    var days: Double = 0
    var microseconds: Double = 0

    mutating func add(_ value: Double, _ unit: IntervalUnit) {
        switch unit {
        case .microsecond: microseconds += value
        case .millisecond: microseconds += value * 1000
        case .second: microseconds += value * 1e6
        case .minute: microseconds += value * 6e7
        case .hour: microseconds += value * 3.6e9
        case .day: addDays(value)
        case .week: addDays(value * 7)
        case .month: addMonths(value)
        case .year: addMonths(value * 12)
        case .decade: addMonths(value * 120)
        case .century: addMonths(value * 1200)
        case .millennium: addMonths(value * 12000)
        }
    }

    mutating func addDays(_ value: Double) {
        let whole = value.rounded(.towardZero)
        days += whole
        microseconds += ((value - whole) * 86_400e6).rounded()
    }

    mutating func addMonths(_ value: Double) {
        let whole = value.rounded(.towardZero)
        months += whole
        let fractionDays = (value - whole) * 30
        addDays((fractionDays * 1e6).rounded() / 1e6)
    }

    func interval() -> Interval? {
        guard abs(months) <= Double(Int32.max), abs(days) <= Double(Int32.max),
            abs(microseconds) < 9.2e18
        else { return nil }
        return Interval(
            months: Int32(months), days: Int32(days), microseconds: Int64(microseconds.rounded()))
    }
}

extension Interval {
    /// interval_in: `5 minutes`, `1 day 02:00`, `@ 1 hour ago`, `P1D`,
    /// `-1 days +02:00:00`, a bare number of seconds.
    package init(parsing text: String) throws {
        let syntaxError = SQLError(
            SQLState.invalidDatetimeFormat, "invalid input syntax for type interval: \"\(text)\"")
        let lowered = text.lowercased().trimmed(" \t\n\r")
        if lowered.hasPrefix("p") {
            guard let value = Interval.parseISO(lowered) else { throw syntaxError }
            self = value
            return
        }
        var tokens = lowered.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "," })
            .map(String.init)
        if tokens.first == "@" { tokens.removeFirst() }
        var ago = false
        if tokens.last == "ago" {
            ago = true
            tokens.removeLast()
        }
        guard !tokens.isEmpty else { throw syntaxError }
        var acc = IntervalAccumulator()
        var seen: Set<String> = []
        var i = 0
        while i < tokens.count {
            var token = tokens[i]
            if token.contains(":") {
                guard !seen.contains("time"), let us = Interval.parseClock(token) else {
                    throw syntaxError
                }
                seen.insert("time")
                acc.microseconds += us
                i += 1
                continue
            }
            // A number glued to its unit: `5min`, `1day`.
            var unitWord: String?
            if let split = token.firstIndex(where: { $0.isLetter }), split != token.startIndex {
                unitWord = String(token[split...])
                token = String(token[..<split])
            }
            guard let value = Double(token), token.first != "." || token.count > 1,
                !token.contains("e"), !token.contains("n"), !token.contains("i")
            else { throw syntaxError }
            if unitWord == nil, i + 1 < tokens.count, IntervalUnit(tokens[i + 1]) != nil {
                unitWord = tokens[i + 1]
                i += 1
            }
            i += 1
            guard let word = unitWord else {
                // A bare number is seconds (`100`, `12 hours 30`).
                guard !seen.contains("second") else { throw syntaxError }
                seen.insert("second")
                acc.add(value, .second)
                continue
            }
            guard let unit = IntervalUnit(word) else { throw syntaxError }
            let key = "\(unit)"
            guard !seen.contains(key) else { throw syntaxError }
            seen.insert(key)
            acc.add(value, unit)
        }
        guard var result = acc.interval() else {
            throw SQLError(
                SQLState.datetimeFieldOverflow, "interval field value out of range: \"\(text)\"")
        }
        if ago { result = result.negated ?? result }
        self = result
    }

    /// `[-]hh:mm[:ss[.fff]]` as microseconds.
    private static func parseClock(_ token: String) -> Double? {
        var text = Substring(token)
        var sign = 1.0
        if text.first == "-" || text.first == "+" {
            sign = text.first == "-" ? -1 : 1
            text = text.dropFirst()
        }
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3 else { return nil }
        guard let hours = Int64(parts[0]), let minutes = Int64(parts[1]), minutes < 60 else {
            return nil
        }
        var seconds = 0.0
        if parts.count == 3 {
            guard let s = Double(parts[2]), s >= 0, s < 60, parts[2].first?.isNumber == true
            else { return nil }
            seconds = s
        }
        let total = Double(hours) * 3.6e9 + Double(minutes) * 6e7 + (seconds * 1e6).rounded()
        return sign * total
    }

    /// ISO 8601 durations: `P1Y2M3DT4H5M6.5S`, `P2W`, `PT1H`.
    private static func parseISO(_ text: String) -> Interval? {
        var acc = IntervalAccumulator()
        var inTime = false
        var number = ""
        var sawField = false
        for ch in text.dropFirst() {
            if ch == "t" {
                guard !inTime, number.isEmpty else { return nil }
                inTime = true
            } else if ch.isNumber || ch == "." || ch == "-" || ch == "+" {
                number.append(ch)
            } else {
                guard let value = Double(number) else { return nil }
                number = ""
                sawField = true
                switch (ch, inTime) {
                case ("y", false): acc.add(value, .year)
                case ("m", false): acc.add(value, .month)
                case ("w", false): acc.add(value, .week)
                case ("d", false): acc.add(value, .day)
                case ("h", true): acc.add(value, .hour)
                case ("m", true): acc.add(value, .minute)
                case ("s", true): acc.add(value, .second)
                default: return nil
                }
            }
        }
        guard number.isEmpty, sawField else { return nil }
        return acc.interval()
    }

    /// interval_out with IntervalStyle postgres.
    package var text: String {
        var out = ""
        var isZero = true
        var isBefore = false
        func part(_ value: Int64, _ unit: String) {
            guard value != 0 else { return }
            if !isZero { out += " " }
            if isBefore && value > 0 { out += "+" }
            out += "\(value) \(unit)" + (value != 1 ? "s" : "")
            isBefore = value < 0
            isZero = false
        }
        part(Int64(months / 12), "year")
        part(Int64(months % 12), "mon")
        part(Int64(days), "day")
        let us = microseconds
        if isZero || us != 0 {
            let minus = us < 0
            let magnitude = us.magnitude
            let hours = magnitude / 3_600_000_000
            let minutes = magnitude / 60_000_000 % 60
            let seconds = magnitude / 1_000_000 % 60
            let fraction = Int(magnitude % 1_000_000)
            out += isZero ? "" : " "
            out += minus ? "-" : (isBefore ? "+" : "")
            out += DateTime.pad(Int(hours), 2) + ":" + DateTime.pad(Int(minutes), 2) + ":"
            out += DateTime.pad(Int(seconds), 2) + DateTime.fraction(fraction)
        }
        return out
    }

    /// The negated interval, nil on overflow.
    package var negated: Interval? {
        guard months != Int32.min, days != Int32.min, microseconds != Int64.min else {
            return nil
        }
        return Interval(months: -months, days: -days, microseconds: -microseconds)
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    func trimmed(_ set: String) -> String {
        let chars = Set(set)
        var s = Substring(self)
        while let f = s.first, chars.contains(f) { s = s.dropFirst() }
        while let l = s.last, chars.contains(l) { s = s.dropLast() }
        return String(s)
    }
}
