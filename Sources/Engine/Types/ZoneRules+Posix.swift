// POSIX TZ strings (POSIX.1-2017, 8.3, with tzcode's extensions): the
// rule a TZif file's footer gives for the years after its table, and what
// SET TIME ZONE reads when the value names no file. `EST5EDT,M3.2.0,
// M11.1.0` is standard time EST 5 hours west of Greenwich and daylight
// time EDT (an hour ahead unless given) from the second Sunday of March at
// 02:00 local to the first Sunday of November at 02:00.

/// A parsed POSIX TZ string.
struct PosixZoneRule: Sendable {
    var standard: LocalTimeType
    var daylight: LocalTimeType?
    var start = PosixTransitionDate.month(3, week: 2, weekday: 0)
    var startTime: Int64 = 7200
    var end = PosixTransitionDate.month(11, week: 1, weekday: 0)
    var endTime: Int64 = 7200

    /// nil when `text` is not a TZ string.
    init?(_ text: String) {
        var scanner = PosixScanner(Array(text.utf8))
        guard let stdName = scanner.name(), let stdWest = scanner.offset() else { return nil }
        standard = LocalTimeType(offset: -stdWest, isDaylightSaving: false, abbreviation: stdName)
        if scanner.atEnd { return }
        guard let dstName = scanner.name() else { return nil }
        var dstOffset = standard.offset + 3600
        if !scanner.atEnd && scanner.peek != UInt8(ascii: ",") {
            guard let west = scanner.offset() else { return nil }
            dstOffset = -west
        }
        daylight = LocalTimeType(offset: dstOffset, isDaylightSaving: true, abbreviation: dstName)
        if scanner.atEnd { return }
        guard scanner.take(","), let start = scanner.date() else { return nil }
        self.start = start
        if scanner.take("/") {
            guard let t = scanner.time() else { return nil }
            startTime = t
        }
        guard scanner.take(","), let end = scanner.date() else { return nil }
        self.end = end
        if scanner.take("/") {
            guard let t = scanner.time() else { return nil }
            endTime = t
        }
        guard scanner.atEnd else { return nil }
    }

    /// The type in force at `unix` and the next transition, counting only
    /// this rule's transitions after `tableEnd` (the last transition of a
    /// file's table); `fallback` holds between the two.
    func period(atUnix unix: Int64, after tableEnd: Int64?, fallback: LocalTimeType)
        -> (LocalTimeType, next: (Int64, LocalTimeType)?)
    {
        guard let daylight else { return (standard, nil) }
        let year = DateTime.civil(days: DateTime.floorDivide(unix, 86_400) - 10_957).year
        var changes: [(Int64, LocalTimeType)] = []
        for y in (year - 1)...(year + 1) {
            changes.append((instant(start, startTime, y, standard.offset), daylight))
            changes.append((instant(end, endTime, y, daylight.offset), standard))
        }
        changes.sort { $0.0 < $1.0 }
        if let tableEnd { changes.removeAll { $0.0 <= tableEnd } }
        var current = fallback
        for (at, type) in changes {
            if at <= unix {
                current = type
            } else {
                return (current, (at, type))
            }
        }
        return (current, nil)
    }

    /// Seconds since 1970 UTC of a rule's date and local time in `year`,
    /// the local time counted in the offset in force before the change.
    private func instant(_ date: PosixTransitionDate, _ time: Int64, _ year: Int, _ offset: Int64)
        -> Int64
    {
        let yearStart = DateTime.days(year: year, month: 1, day: 1)
        let day: Int64
        switch date {
        case .julianNoLeap(let n):
            let leapShift: Int64 = DateTime.isLeap(year) && n >= 60 ? 1 : 0
            day = yearStart + Int64(n) - 1 + leapShift
        case .zeroBased(let n):
            day = yearStart + Int64(n)
        case .month(let month, let week, let weekday):
            let first = DateTime.days(year: year, month: month, day: 1)
            // 2000-01-01 was a Saturday (weekday 6).
            let firstWeekday = Int(((first + 6) % 7 + 7) % 7)
            var dayOfMonth = 1 + (weekday - firstWeekday + 7) % 7 + (week - 1) * 7
            let length = DateTime.daysInMonth(year: year, month: month)
            while dayOfMonth > length { dayOfMonth -= 7 }
            day = first + Int64(dayOfMonth - 1)
        }
        return (day + 10_957) * 86_400 + time - offset
    }
}

/// When a POSIX rule changes the clock.
enum PosixTransitionDate: Sendable {
    /// `Jn`: day 1...365, February 29 never counted.
    case julianNoLeap(Int)
    /// `n`: day 0...365, February 29 counted.
    case zeroBased(Int)
    /// `Mm.w.d`: weekday d (0 is Sunday) of week w (5 is the last) of
    /// month m.
    case month(Int, week: Int, weekday: Int)
}

/// Reads the parts of a TZ string.
private struct PosixScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    var atEnd: Bool { index >= bytes.count }
    var peek: UInt8? { atEnd ? nil : bytes[index] }

    mutating func take(_ c: Character) -> Bool {
        guard let ascii = c.asciiValue, peek == ascii else { return false }
        index += 1
        return true
    }

    /// A zone abbreviation: letters, or `<...>` of anything but `>`.
    /// PostgreSQL takes abbreviations shorter than POSIX's three letters
    /// (`SET TIME ZONE 'xy5'` is accepted).
    mutating func name() -> String? {
        if take("<") {
            let start = index
            while let c = peek, c != UInt8(ascii: ">") { index += 1 }
            guard index > start, take(">") else { return nil }
            return String(decoding: bytes[start..<index - 1], as: UTF8.self)
        }
        let start = index
        while let c = peek, isAlpha(c) { index += 1 }
        guard index > start else { return nil }
        return String(decoding: bytes[start..<index], as: UTF8.self)
    }

    /// `[+-]hh[:mm[:ss]]` in seconds, positive west of Greenwich.
    mutating func offset() -> Int64? {
        var sign: Int64 = 1
        if take("-") {
            sign = -1
        } else {
            _ = take("+")
        }
        guard let seconds = clock(maxHours: 24 * 7 - 1) else { return nil }
        return sign * seconds
    }

    /// A rule's time of day, which tzcode lets be negative or past 24h.
    mutating func time() -> Int64? {
        var sign: Int64 = 1
        if take("-") {
            sign = -1
        } else {
            _ = take("+")
        }
        guard let seconds = clock(maxHours: 24 * 7 - 1) else { return nil }
        return sign * seconds
    }

    private mutating func clock(maxHours: Int64) -> Int64? {
        guard let h = number(max: maxHours) else { return nil }
        var seconds = h * 3600
        if take(":") {
            guard let m = number(max: 59) else { return nil }
            seconds += m * 60
            if take(":") {
                guard let s = number(max: 60) else { return nil }
                seconds += s
            }
        }
        return seconds
    }

    mutating func date() -> PosixTransitionDate? {
        if take("J") {
            guard let n = number(max: 365), n >= 1 else { return nil }
            return .julianNoLeap(Int(n))
        }
        if take("M") {
            guard let m = number(max: 12), m >= 1, take("."), let w = number(max: 5), w >= 1,
                take("."), let d = number(max: 6)
            else { return nil }
            return .month(Int(m), week: Int(w), weekday: Int(d))
        }
        guard let n = number(max: 365) else { return nil }
        return .zeroBased(Int(n))
    }

    private mutating func number(max: Int64) -> Int64? {
        let start = index
        var value: Int64 = 0
        while let c = peek, c >= 0x30, c <= 0x39, index - start < 4 {
            value = value * 10 + Int64(c - 0x30)
            index += 1
        }
        guard index > start, value <= max else { return nil }
        return value
    }

    private func isAlpha(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z")
    }
}
