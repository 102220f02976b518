// Date/time functions: now() and its siblings (fixed per transaction or
// statement, from the EvaluationContext), date_trunc, date_part (float8)
// and extract (numeric, PostgreSQL 15), age, make_interval, justify_*,
// isfinite, make_date/make_timestamp, to_timestamp, and the range
// constructors with their canonical bounds. A timestamptz is cut and
// taken apart as its wall-clock time in the session's TimeZone (or the
// zone date_trunc's third argument names).
import Foundation

/// The units date_trunc and extract accept, after case folding and
/// PostgreSQL's abbreviations (`min`, `hrs`, `mon`, ...).
private enum DateUnit: String {
    case microseconds, milliseconds, second, minute, hour, day, week, month, quarter, year
    case decade, century, millennium, epoch, dow, doy, isodow, isoyear, julian
    case timezone
    case timezoneHour = "timezone_hour"
    case timezoneMinute = "timezone_minute"

    init?(_ raw: String) {
        // Units are usually written in lower case: skip the copy then.
        let hasUpper = raw.utf8.contains { $0 >= 65 && $0 <= 90 }
        let word = hasUpper ? asciiLowercased(raw) : raw
        switch word {
        case "microsecond", "microseconds", "us", "usec", "usecs", "useconds": self = .microseconds
        case "millisecond", "milliseconds", "ms", "msec", "msecs", "mseconds": self = .milliseconds
        case "second", "seconds", "s", "sec", "secs": self = .second
        case "minute", "minutes", "m", "min", "mins": self = .minute
        case "hour", "hours", "h", "hr", "hrs": self = .hour
        case "day", "days", "d": self = .day
        case "week", "weeks", "w": self = .week
        case "month", "months", "mon", "mons": self = .month
        case "quarter", "qtr": self = .quarter
        case "year", "years", "y", "yr", "yrs": self = .year
        case "decade", "decades", "dec", "decs": self = .decade
        case "century", "centuries", "c", "cent": self = .century
        case "millennium", "millennia", "millenniums", "mil", "mils": self = .millennium
        case "j": self = .julian
        default:
            guard let unit = DateUnit(rawValue: word) else { return nil }
            self = unit
        }
    }
}

private func unitError(_ unit: String, _ type: PGType, recognized: Bool) -> SQLError {
    let what = recognized ? "not supported" : "not recognized"
    return SQLError(
        recognized ? SQLState.featureNotSupported : SQLState.invalidParameterValue,
        "unit \"\(unit)\" \(what) for type \(formatType(type))")
}

/// timestamptz_trunc: the wall-clock time in `zone` cut to the unit; a
/// cut to a day or more is read back in the zone (midnight's own offset),
/// a smaller one keeps the offset the time had, as PostgreSQL does.
private func truncate(_ unitText: String, _ t: Int64, zone: ZoneRules) throws -> Int64 {
    if DateTime.isInfinite(timestamp: t) {
        _ = try truncate(unitText, 0, .timestamptz)
        return t
    }
    let offset = zone.offset(atUTC: t) * DateTime.microsecondsPerSecond
    let cut = try truncate(unitText, t + offset, .timestamptz)
    switch DateUnit(unitText) {
    case .microseconds, .milliseconds, .second, .minute, .hour: return cut - offset
    default: return try localToUTC(cut, zone: zone)
    }
}

/// date_trunc on a timestamp's fields.
private func truncate(_ unitText: String, _ t: Int64, _ type: PGType) throws -> Int64 {
    guard let unit = DateUnit(unitText) else {
        throw unitError(unitText, type, recognized: false)
    }
    if DateTime.isInfinite(timestamp: t) { return t }
    // Units of a fixed length (UTC has no offsets) truncate arithmetically.
    let fixed: Int64
    switch unit {
    case .microseconds: return t
    case .milliseconds: fixed = 1000
    case .second: fixed = DateTime.microsecondsPerSecond
    case .minute: fixed = DateTime.microsecondsPerMinute
    case .hour: fixed = DateTime.microsecondsPerHour
    case .day: fixed = DateTime.microsecondsPerDay
    default: fixed = 0
    }
    if fixed > 0 {
        let r = t % fixed
        return r < 0 ? t - r - fixed : t - r
    }
    var c = DateTime.civil(timestamp: t)
    switch unit {
    case .microseconds: return t
    case .milliseconds: c.microsecond = c.microsecond / 1000 * 1000
    case .second: c.microsecond = 0
    case .minute: (c.second, c.microsecond) = (0, 0)
    case .hour: (c.minute, c.second, c.microsecond) = (0, 0, 0)
    case .day: (c.hour, c.minute, c.second, c.microsecond) = (0, 0, 0, 0)
    case .week:
        let days = DateTime.days(year: c.year, month: c.month, day: c.day)
        // 2000-01-03 was a Monday.
        let monday = days - (((days - 2) % 7) + 7) % 7
        return monday * DateTime.microsecondsPerDay
    case .month, .quarter, .year, .decade, .century, .millennium:
        (c.day, c.hour, c.minute, c.second, c.microsecond) = (1, 0, 0, 0, 0)
        switch unit {
        case .quarter: c.month = (c.month - 1) / 3 * 3 + 1
        case .year: c.month = 1
        case .decade:
            c.month = 1
            c.year = c.year > 0 ? c.year / 10 * 10 : -((8 - (c.year - 1)) / 10) * 10
        case .century:
            c.month = 1
            c.year =
                c.year > 0 ? (c.year + 99) / 100 * 100 - 99 : -((99 - (c.year - 1)) / 100) * 100 + 1
        case .millennium:
            c.month = 1
            c.year =
                c.year > 0
                ? (c.year + 999) / 1000 * 1000 - 999 : -((999 - (c.year - 1)) / 1000) * 1000 + 1
        default: break
        }
    default:
        throw unitError(unitText, type, recognized: true)
    }
    guard let r = DateTime.timestamp(c) else { throw DateTime.timestampOutOfRange }
    return r
}

/// date_trunc on an interval: zero the fields below the unit.
private func truncate(_ unitText: String, _ i: Interval) throws -> Interval {
    guard let unit = DateUnit(unitText) else {
        throw unitError(unitText, .interval, recognized: false)
    }
    var r = i
    let perHour = DateTime.microsecondsPerHour
    let perMinute = DateTime.microsecondsPerMinute
    switch unit {
    case .microseconds: break
    case .milliseconds: r.microseconds = i.microseconds / 1000 * 1000
    case .second: r.microseconds = i.microseconds / 1_000_000 * 1_000_000
    case .minute: r.microseconds = i.microseconds / perMinute * perMinute
    case .hour: r.microseconds = i.microseconds / perHour * perHour
    case .day: r.microseconds = 0
    case .month: (r.days, r.microseconds) = (0, 0)
    case .quarter: (r.months, r.days, r.microseconds) = (i.months / 3 * 3, 0, 0)
    case .year: (r.months, r.days, r.microseconds) = (i.months / 12 * 12, 0, 0)
    case .decade: (r.months, r.days, r.microseconds) = (i.months / 120 * 120, 0, 0)
    case .century: (r.months, r.days, r.microseconds) = (i.months / 1200 * 1200, 0, 0)
    case .millennium: (r.months, r.days, r.microseconds) = (i.months / 12000 * 12000, 0, 0)
    default: throw unitError(unitText, .interval, recognized: true)
    }
    return r
}

/// EXTRACT of a timestamp or date as an exact numeric (PostgreSQL 15's
/// extract; date_part converts the same value to float8).
private func extract(
    _ unitText: String, _ instant: Int64, _ type: PGType, zone: ZoneRules? = nil
) throws -> Numeric {
    guard let unit = DateUnit(unitText) else {
        throw unitError(unitText, type, recognized: false)
    }
    // A timestamptz's fields are those of its wall-clock time.
    let offset = DateTime.isInfinite(timestamp: instant) ? 0 : zone?.offset(atUTC: instant) ?? 0
    let t = instant + offset * DateTime.microsecondsPerSecond
    let isDate = type.oid == PGType.date.oid
    if DateTime.isInfinite(timestamp: t) {
        switch unit {
        case .epoch, .julian, .year, .isoyear, .decade, .century, .millennium:
            return t > 0 ? .infinity : .negativeInfinity
        default:
            throw SQLError.notSupported(
                "extract of this unit from an infinite value is not supported")
        }
    }
    let c = DateTime.civil(timestamp: t)
    let days = DateTime.days(year: c.year, month: c.month, day: c.day)
    let secondsMicro = Int64(c.second) * 1_000_000 + Int64(c.microsecond)
    func scaled(_ value: Int64, _ scale: Int) -> Numeric {
        Numeric(isNegative: value < 0, small: value.magnitude, scale: scale)
    }
    switch unit {
    case .microseconds, .milliseconds, .second, .minute, .hour:
        if isDate { throw unitError(unitText, type, recognized: true) }
        switch unit {
        case .microseconds: return Numeric(secondsMicro)
        case .milliseconds: return scaled(secondsMicro, 3)
        case .second: return scaled(secondsMicro, 6)
        case .minute: return Numeric(c.minute)
        default: return Numeric(c.hour)
        }
    case .day: return Numeric(c.day)
    case .month: return Numeric(c.month)
    case .quarter: return Numeric((c.month - 1) / 3 + 1)
    case .year: return Numeric(c.year > 0 ? c.year : c.year - 1)
    case .decade: return Numeric(c.year >= 0 ? c.year / 10 : -((8 - (c.year - 1)) / 10))
    case .century: return Numeric(c.year > 0 ? (c.year + 99) / 100 : -((99 - (c.year - 1)) / 100))
    case .millennium:
        return Numeric(c.year > 0 ? (c.year + 999) / 1000 : -((999 - (c.year - 1)) / 1000))
    case .dow: return Numeric(Int((((days + 6) % 7) + 7) % 7))
    case .isodow:
        let dow = Int((((days + 6) % 7) + 7) % 7)
        return Numeric(dow == 0 ? 7 : dow)
    case .doy: return Numeric(Int(days - DateTime.days(year: c.year, month: 1, day: 1)) + 1)
    case .week: return Numeric(isoWeek(days).week)
    case .isoyear:
        let y = isoWeek(days).year
        return Numeric(y > 0 ? y : y - 1)
    case .epoch:
        let micro = instant - DateTime.unixEpochDays * DateTime.microsecondsPerDay
        if isDate { return Numeric(micro / 1_000_000) }
        return scaled(micro, 6)
    case .julian:
        let julianDay = Numeric(days + 2_451_545)
        if isDate { return julianDay }
        let time = t - days * DateTime.microsecondsPerDay
        let fraction = try Numeric.divide(Numeric(time), Numeric(DateTime.microsecondsPerDay))
        return julianDay + fraction
    case .timezone, .timezoneHour, .timezoneMinute:
        guard type.oid == PGType.timestamptz.oid else {
            throw unitError(unitText, type, recognized: true)
        }
        switch unit {
        case .timezone: return Numeric(offset)
        case .timezoneHour: return Numeric(offset / 3600)
        default: return Numeric(offset / 60 % 60)
        }
    }
}

/// ISO 8601 week number and week-numbering year of a day count.
private func isoWeek(_ days: Int64) -> (week: Int, year: Int) {
    // Thursday of the same ISO week decides the year.
    let dow = Int((((days + 5) % 7) + 7) % 7)  // Monday = 0
    let thursday = days - Int64(dow) + 3
    let year = DateTime.civil(days: thursday).year
    let firstDay = DateTime.days(year: year, month: 1, day: 1)
    return (Int((thursday - firstDay) / 7) + 1, year)
}

/// EXTRACT of an interval.
private func extract(_ unitText: String, _ i: Interval) throws -> Numeric {
    guard let unit = DateUnit(unitText) else {
        throw unitError(unitText, .interval, recognized: false)
    }
    let micro = i.microseconds
    let year = Int(i.months / 12)
    func scaled(_ value: Int64, _ scale: Int) -> Numeric {
        Numeric(isNegative: value < 0, small: value.magnitude, scale: scale)
    }
    switch unit {
    case .microseconds: return Numeric(micro % 60_000_000)
    case .milliseconds: return scaled(micro % 60_000_000, 3)
    case .second: return scaled(micro % 60_000_000, 6)
    case .minute: return Numeric(micro / 60_000_000 % 60)
    case .hour: return Numeric(micro / 3_600_000_000)
    case .day: return Numeric(Int(i.days))
    case .month: return Numeric(Int(i.months % 12))
    case .quarter: return Numeric(Int(i.months % 12) / 3 + 1)
    case .year: return Numeric(year)
    case .decade: return Numeric(year / 10)
    case .century: return Numeric(year / 100)
    case .millennium: return Numeric(year / 1000)
    case .epoch:
        let quarterDays =
            Int64(1461) * Int64(i.months / 12) + Int64(120) * Int64(i.months % 12)
            + Int64(4) * Int64(i.days)
        return scaled(micro, 6) + Numeric(quarterDays * 21_600)
    default:
        throw unitError(unitText, .interval, recognized: true)
    }
}

private func timestampArg(_ v: Value) -> Int64? {
    switch v {
    case .timestamp(let t), .timestamptz(let t): return t
    default: return nil
    }
}

private func timestampValue(_ t: Int64, _ type: PGType) -> Value {
    type.oid == PGType.timestamp.oid ? .timestamp(t) : .timestamptz(t)
}

/// The range constructors: `tstzrange(a, b [, '[)'])`.
private func rangeConstructor(_ name: String, _ range: PGType, _ subtype: PGType)
    -> [BuiltinFunction]
{
    let two = makeFunction(name, [subtype, subtype], range, strict: false) { args in
        .range(
            try RangeValue.make(
                subtype, lower: args[0], upper: args[1], lowerInclusive: true,
                upperInclusive: false))
    }
    let three = makeFunction(name, [subtype, subtype, .text], range, strict: false) { args in
        guard let flags = argString(args[2]) else {
            throw SQLError(
                SQLState.dataException, "range constructor flags argument must not be null")
        }
        let chars = Array(flags)
        guard chars.count == 2, chars[0] == "[" || chars[0] == "(",
            chars[1] == "]" || chars[1] == ")"
        else {
            throw SQLError(
                SQLState.syntaxError, "invalid range bound flags",
                hint: "Valid values are \"[]\", \"[)\", \"(]\", and \"()\".")
        }
        return .range(
            try RangeValue.make(
                subtype, lower: args[0], upper: args[1], lowerInclusive: chars[0] == "[",
                upperInclusive: chars[1] == "]"))
    }
    return [two, three]
}

private func now(
    _ name: String, _ volatility: Volatility, _ pick: @escaping (EvaluationContext) -> Int64
)
    -> BuiltinFunction
{
    BuiltinFunction(name, [], returns: .timestamptz, volatility: volatility) { ctx, _, _ in
        .timestamptz(pick(ctx))
    }
}

let dateTimeFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = []
    fns.append(now("now", .stable) { $0.transactionTimestamp })
    fns.append(now("transaction_timestamp", .stable) { $0.transactionTimestamp })
    fns.append(now("statement_timestamp", .stable) { $0.statementTimestamp })
    fns.append(now("clock_timestamp", .volatile) { $0.clockTimestamp() })
    fns.append(
        BuiltinFunction("timeofday", [], returns: .text, volatility: .volatile) { ctx, _, _ in
            .text(DateTime.formatTimestampTZ(ctx.clockTimestamp()))
        })
    fns.append(
        BuiltinFunction("pg_sleep", [.float8], returns: .void, volatility: .volatile) {
            ctx, args, _ in
            guard let s = argDouble(args[0]) else { return .null }
            if s >= 0 { try ctx.sleep(seconds: s) }
            return .void
        })
    for t in [PGType.timestamp, .timestamptz] {
        fns.append(
            makeFunction(
                "date_trunc", [.text, t], t, volatility: t == .timestamptz ? .stable : .immutable
            ) {
                args in
                guard let unit = argString(args[0]), let ts = timestampArg(args[1]) else {
                    return .null
                }
                if t == .timestamptz {
                    return .timestamptz(try truncate(unit, ts, zone: SessionTimeZone.current))
                }
                return timestampValue(try truncate(unit, ts, t), t)
            })
        fns.append(
            makeFunction(
                "date_part", [.text, t], .float8,
                volatility: t == .timestamptz ? .stable : .immutable
            ) {
                args in
                guard let unit = argString(args[0]), let ts = timestampArg(args[1]) else {
                    return .null
                }
                let zone = t == .timestamptz ? SessionTimeZone.current : nil
                return .float8(try extract(unit, ts, t, zone: zone).doubleValue)
            })
        fns.append(
            makeFunction(
                "extract", [.text, t], .numeric,
                volatility: t == .timestamptz ? .stable : .immutable
            ) {
                args in
                guard let unit = argString(args[0]), let ts = timestampArg(args[1]) else {
                    return .null
                }
                let zone = t == .timestamptz ? SessionTimeZone.current : nil
                return .numeric(try extract(unit, ts, t, zone: zone))
            })
        fns.append(
            makeFunction("age", [t, t], .interval) { args in
                guard let a = timestampArg(args[0]), let b = timestampArg(args[1]) else {
                    return .null
                }
                // timestamptz_age compares the wall-clock fields.
                if t == .timestamptz {
                    return .interval(try DateTime.age(try utcToLocal(a), try utcToLocal(b)))
                }
                return .interval(try DateTime.age(a, b))
            })
        fns.append(
            BuiltinFunction("age", [t], returns: .interval, volatility: .stable) { ctx, args, _ in
                guard let a = timestampArg(args[0]) else { return .null }
                // Against midnight of current_date in the session's zone.
                let today = DateTime.floorDivide(
                    try utcToLocal(ctx.transactionTimestamp), DateTime.microsecondsPerDay)
                let midnight = today * DateTime.microsecondsPerDay
                let wall = t == .timestamptz ? try utcToLocal(a) : a
                return .interval(try DateTime.age(midnight, wall))
            })
        fns.append(
            makeFunction("isfinite", [t], .bool) { args in
                guard let a = timestampArg(args[0]) else { return .null }
                return .bool(!DateTime.isInfinite(timestamp: a))
            })
    }
    fns.append(
        makeFunction(
            "date_trunc", [.text, .timestamptz, .text], .timestamptz, volatility: .stable
        ) { args in
            guard let unit = argString(args[0]), let ts = timestampArg(args[1]),
                let name = argString(args[2])
            else { return .null }
            let zone = try atTimeZoneRules(named: name)
            return .timestamptz(try truncate(unit, ts, zone: zone))
        })
    fns.append(
        makeFunction("date_trunc", [.text, .interval], .interval) { args in
            guard let unit = argString(args[0]), case .interval(let i) = args[1] else {
                return .null
            }
            return .interval(try truncate(unit, i))
        })
    fns.append(
        makeFunction("date_part", [.text, .date], .float8) { args in
            guard let unit = argString(args[0]), case .date(let d) = args[1] else { return .null }
            return .float8(try extract(unit, try dateToTimestamp(d), .date).doubleValue)
        })
    fns.append(
        makeFunction("extract", [.text, .date], .numeric) { args in
            guard let unit = argString(args[0]), case .date(let d) = args[1] else { return .null }
            return .numeric(try extract(unit, try dateToTimestamp(d), .date))
        })
    fns.append(
        makeFunction("date_part", [.text, .interval], .float8) { args in
            guard let unit = argString(args[0]), case .interval(let i) = args[1] else {
                return .null
            }
            return .float8(try extract(unit, i).doubleValue)
        })
    fns.append(
        makeFunction("extract", [.text, .interval], .numeric) { args in
            guard let unit = argString(args[0]), case .interval(let i) = args[1] else {
                return .null
            }
            return .numeric(try extract(unit, i))
        })
    fns.append(
        makeFunction("isfinite", [.date], .bool) { args in
            guard case .date(let d) = args[0] else { return .null }
            return .bool(d != DateTime.dateInfinity && d != DateTime.dateNegativeInfinity)
        })
    fns.append(
        makeFunction("isfinite", [.interval], .bool) { args in
            args[0].isNull ? .null : .bool(true)
        })
    fns.append(
        makeFunction("justify_hours", [.interval], .interval) { args in
            guard case .interval(let i) = args[0] else { return .null }
            return .interval(i.justifiedHours)
        })
    fns.append(
        makeFunction("justify_days", [.interval], .interval) { args in
            guard case .interval(let i) = args[0] else { return .null }
            return .interval(i.justifiedDays)
        })
    fns.append(
        makeFunction("justify_interval", [.interval], .interval) { args in
            guard case .interval(let i) = args[0] else { return .null }
            return .interval(i.justifiedInterval)
        })
    var makeInterval = makeFunction(
        "make_interval", [.int4, .int4, .int4, .int4, .int4, .int4, .float8], .interval,
        optional: 7, names: ["years", "months", "weeks", "days", "hours", "mins", "secs"]
    ) { args in
        // PostgreSQL 15's int4 and int8 arithmetic here wraps; only an
        // infinite or NaN secs is refused.
        let ints = args.prefix(6).map { Int32(truncatingIfNeeded: argInt64($0) ?? 0) }
        guard case .float8(let secs) = args[6], secs.isFinite else { throw Interval.outOfRange }
        let micro = (secs * 1e6).rounded(.toNearestOrEven)
        // A double beyond int64 converts to its minimum, as the C cast does.
        let time = abs(micro) < 9.223_372_036_854_775_807e18 ? Int64(micro) : Int64.min
        let clock = Int64(ints[4]) &* 3_600_000_000 &+ Int64(ints[5]) &* 60_000_000 &+ time
        return .interval(
            Interval(
                months: ints[0] &* 12 &+ ints[1], days: ints[2] &* 7 &+ ints[3],
                microseconds: clock))
    }
    makeInterval.defaults = Array(repeating: .int4(0), count: 6) + [.float8(0)]
    fns.append(makeInterval)
    fns.append(
        makeFunction("make_date", [.int4, .int4, .int4], .date, names: ["year", "month", "day"]) {
            args in
            guard let y = argInt(args[0]), let m = argInt(args[1]), let d = argInt(args[2]) else {
                return .null
            }
            let year = y < 0 ? y + 1 : y
            guard y != 0, (1...12).contains(m), d >= 1,
                d <= DateTime.daysInMonth(year: year, month: m)
            else {
                throw SQLError(
                    SQLState.datetimeFieldOverflow,
                    "date field value out of range: \(y)-\(DateTime.pad(m, 2))-\(DateTime.pad(d, 2))"
                )
            }
            return .date(Int32(DateTime.days(year: year, month: m, day: d)))
        })
    let fieldNames = ["year", "month", "mday", "hour", "min", "sec"]
    let fieldTypes: [PGType] = [.int4, .int4, .int4, .int4, .int4, .float8]
    /// make_timestamp's fields, nil when one is NULL.
    func fields(_ args: [Value]) throws -> Int64? {
        let f = args.prefix(5).compactMap { argInt($0) }
        guard f.count == 5, case .float8(let sec) = args[5] else { return nil }
        return try makeTimestamp(f[0], f[1], f[2], f[3], f[4], sec)
    }
    fns.append(
        makeFunction(
            "make_timestamptz", fieldTypes, .timestamptz, volatility: .stable, names: fieldNames
        ) { args in
            guard let t = try fields(args) else { return .null }
            return .timestamptz(try localToUTC(t))
        })
    fns.append(
        makeFunction(
            "make_timestamptz", fieldTypes + [.text], .timestamptz, volatility: .stable,
            names: fieldNames + ["timezone"]
        ) { args in
            guard let t = try fields(args), let name = argString(args[6]) else { return .null }
            return .timestamptz(try localToUTC(t, zone: try madeTimestampZone(name)))
        })
    fns.append(
        makeFunction(
            "make_timestamp", [.int4, .int4, .int4, .int4, .int4, .float8], .timestamp,
            names: ["year", "month", "mday", "hour", "min", "sec"]
        ) { args in
            let f = args.prefix(5).map { argInt($0) ?? 0 }
            guard case .float8(let sec) = args[5] else { return .null }
            return .timestamp(try makeTimestamp(f[0], f[1], f[2], f[3], f[4], sec))
        })
    fns.append(
        makeFunction("to_timestamp", [.float8], .timestamptz) { args in
            guard let s = argDouble(args[0]) else { return .null }
            if s.isNaN {
                throw SQLError(SQLState.datetimeFieldOverflow, "timestamp cannot be NaN")
            }
            if s.isInfinite {
                return .timestamptz(
                    s > 0 ? DateTime.timestampInfinity : DateTime.timestampNegativeInfinity)
            }
            let micro =
                (s * 1e6).rounded() + Double(DateTime.unixEpochDays * DateTime.microsecondsPerDay)
            guard micro.isFinite, micro >= Double(DateTime.minTimestamp),
                micro < Double(DateTime.endTimestamp)
            else {
                throw SQLError(
                    SQLState.datetimeFieldOverflow,
                    "timestamp out of range: \"\(String(format: "%g", s))\"")
            }
            return .timestamptz(Int64(micro))
        })
    fns += rangeConstructor("tstzrange", .tstzrange, .timestamptz)
    fns += rangeConstructor("tsrange", .tsrange, .timestamp)
    fns += rangeConstructor("daterange", .daterange, .date)
    fns += rangeConstructor("int4range", .int4range, .int4)
    fns += rangeConstructor("int8range", .int8range, .int8)
    fns += rangeConstructor("numrange", .numrange, .numeric)
    return fns
}()

/// make_timestamp_internal: the fields checked as PostgreSQL checks them
/// (no year zero or BC, time up to 24:00:00), then the range.
private func makeTimestamp(
    _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ sec: Double
) throws -> Int64 {
    let date = "\(year)-\(DateTime.pad(month, 2))-\(DateTime.pad(day, 2))"
    guard year > 0, (1...12).contains(month), day >= 1,
        day <= DateTime.daysInMonth(year: year, month: month)
    else {
        throw SQLError(SQLState.datetimeFieldOverflow, "date field value out of range: \(date)")
    }
    let clock = "\(hour):\(DateTime.pad(minute, 2)):\(String(format: "%02g", sec))"
    let micros = (sec * 1e6).rounded(.toNearestOrEven)
    let time = Int64(hour) * 3_600_000_000 + Int64(minute) * 60_000_000
    guard (0...24).contains(hour), (0..<60).contains(minute), !sec.isNaN,
        micros >= 0, micros <= 60e6, time + Int64(micros) <= DateTime.microsecondsPerDay
    else {
        throw SQLError(SQLState.datetimeFieldOverflow, "time field value out of range: \(clock)")
    }
    let days = Int64(DateTime.days(year: year, month: month, day: day))
    let (scaled, overflow) = days.multipliedReportingOverflow(by: DateTime.microsecondsPerDay)
    let result = scaled &+ time &+ Int64(micros)
    guard !overflow, result >= DateTime.minTimestamp, result < DateTime.endTimestamp else {
        throw SQLError(
            SQLState.datetimeFieldOverflow, "timestamp out of range: \(date) \(clock)")
    }
    return result
}

/// make_timestamptz's zone argument: an ISO offset (`+05:30` east of
/// UTC) first, as parse_sane_timezone reads one, else a zone name.
private func madeTimestampZone(_ name: String) throws -> ZoneRules {
    if let sign = name.first, sign == "+" || sign == "-" {
        let parts = name.dropFirst().split(separator: ":", omittingEmptySubsequences: false)
        let numbers = parts.compactMap { Int64($0) }
        if (1...3).contains(parts.count), numbers.count == parts.count,
            parts.allSatisfy({ !$0.isEmpty && $0.allSatisfy(\.isASCIIDigit) })
        {
            let seconds = numbers[0] * 3600 + (numbers.count > 1 ? numbers[1] * 60 : 0)
                + (numbers.count > 2 ? numbers[2] : 0)
            return ZoneRules(fixedOffset: sign == "-" ? -seconds : seconds)
        }
    }
    return try atTimeZoneRules(named: name)
}
