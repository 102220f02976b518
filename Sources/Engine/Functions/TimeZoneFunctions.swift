// AT TIME ZONE (PostgreSQL's timezone(zone, value)): a timestamptz seen
// as the wall-clock time of a zone, or a timestamp read as a zone's wall
// clock. Zones are the IANA names of the system's tz database, matched
// without regard to case (`Europe/Berlin`, `america/new_york`), UTC and
// its aliases, POSIX-style offsets, where a positive number is west of
// Greenwich as in POSIX (`'+05'` is five hours behind UTC), and intervals
// (`INTERVAL '-08:00'`, east positive). `'2026-12-03 10:00+00'::timestamptz
// AT TIME ZONE 'Europe/Berlin'` is the timestamp 2026-12-03 11:00.
// Abbreviations (EST, CEST) come first, from timezone_abbreviations.

/// The zone a zone name stands for in AT TIME ZONE and date_trunc's third
/// argument, with PostgreSQL's error.
func atTimeZoneRules(named text: String) throws -> ZoneRules {
    let lower = text.lowercased()
    if ["utc", "gmt", "z", "zulu", "uct", "universal", "etc/utc", "etc/gmt"].contains(lower) {
        return .utc
    }
    if let meaning = ZoneAbbreviations.lookup(text),
        let zone = ZoneAbbreviations.rules(meaning, named: text)
    {
        return zone
    }
    if let offset = posixOffset(text) { return ZoneRules(fixedOffset: offset) }
    if let zone = ZoneRules.named(text) { return zone }
    throw SQLError(SQLState.invalidParameterValue, "time zone \"\(text)\" not recognized")
}

/// `[+-]hh[:mm[:ss]]` read as POSIX does: positive is west of Greenwich.
/// Returns seconds east of UTC.
private func posixOffset(_ text: String) -> Int64? {
    var rest = Substring(text)
    var sign: Int64 = 1
    if let first = rest.first, first == "+" || first == "-" {
        sign = first == "-" ? -1 : 1
        rest = rest.dropFirst()
    }
    let parts = rest.split(separator: ":", omittingEmptySubsequences: false)
    guard (1...3).contains(parts.count),
        parts.allSatisfy({ !$0.isEmpty && $0.count <= 2 && $0.allSatisfy(\.isNumber) })
    else { return nil }
    let numbers = parts.compactMap { Int64($0) }
    guard numbers.count == parts.count, numbers[0] <= 15 || parts.count > 1 else { return nil }
    let seconds = numbers[0] * 3600 + (numbers.count > 1 ? numbers[1] * 60 : 0)
        + (numbers.count > 2 ? numbers[2] : 0)
    return -sign * seconds
}

/// The zone an interval argument stands for (east positive).
private func zone(interval value: Value) throws -> ZoneRules {
    guard case .interval(let interval) = value else { return .utc }
    guard interval.months == 0, interval.days == 0 else {
        throw SQLError(
            SQLState.invalidParameterValue,
            "interval time zone \"\(formatValue(value, type: .interval))\" must not include "
                + "months or days")
    }
    return ZoneRules(fixedOffset: interval.microseconds / 1_000_000)
}

/// timezone(zone, timestamptz) -> timestamp and timezone(zone, timestamp)
/// -> timestamptz, for text and interval zones; date_trunc(unit,
/// timestamptz, zone).
let timeZoneFunctions: [BuiltinFunction] = {
    func convert(_ zone: ZoneRules, _ value: Value) throws -> Value {
        switch value {
        case .timestamptz(let utc):
            return .timestamp(try utcToLocal(utc, zone: zone))
        case .timestamp(let local):
            return .timestamptz(try localToUTC(local, zone: zone))
        default:
            return .null
        }
    }
    var fns: [BuiltinFunction] = []
    for (input, output) in [(PGType.timestamptz, PGType.timestamp), (.timestamp, .timestamptz)] {
        fns.append(
            makeFunction("timezone", [.text, input], output) { args in
                guard case .text(let name) = args[0] else { return .null }
                return try convert(try atTimeZoneRules(named: name), args[1])
            })
        fns.append(
            makeFunction("timezone", [.interval, input], output) { args in
                try convert(try zone(interval: args[0]), args[1])
            })
    }
    return fns
}()

/// date_bin(stride, source, origin): the start of the stride-long bin,
/// counted from origin, that source falls in. `date_bin('15 minutes',
/// '2026-12-03 10:07', '2000-01-01')` is 2026-12-03 10:00.
let dateBinFunctions: [BuiltinFunction] = [PGType.timestamp, .timestamptz].map { type in
    makeFunction("date_bin", [.interval, type, type], type) { args in
        guard case .interval(let stride) = args[0] else { return .null }
        func micros(_ v: Value) -> Int64? {
            switch v {
            case .timestamp(let t), .timestamptz(let t): return t
            default: return nil
            }
        }
        guard let source = micros(args[1]), let origin = micros(args[2]) else { return .null }
        guard stride.months == 0 else {
            throw SQLError(
                SQLState.featureNotSupported,
                "timestamps cannot be binned into intervals containing months or years")
        }
        let (days, overflow) = Int64(stride.days).multipliedReportingOverflow(
            by: DateTime.microsecondsPerDay)
        let (size, overflow2) = days.addingReportingOverflow(stride.microseconds)
        guard !overflow, !overflow2 else {
            throw SQLError(SQLState.datetimeFieldOverflow, "interval out of range")
        }
        guard size > 0 else {
            throw SQLError(SQLState.invalidParameterValue, "stride must be greater than zero")
        }
        let (difference, overflow3) = source.subtractingReportingOverflow(origin)
        guard !overflow3 else {
            throw SQLError(SQLState.datetimeFieldOverflow, "interval out of range")
        }
        var delta = difference - difference % size
        // Before the origin the bin starts one stride further back.
        if difference < 0, delta != difference { delta -= size }
        let bin = origin + delta
        return type == .timestamp ? .timestamp(bin) : .timestamptz(bin)
    }
}
