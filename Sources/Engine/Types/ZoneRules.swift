// Time zone rules as PostgreSQL's pg_tz holds them: the local time types
// of a zone (offset from UTC, daylight-saving flag, abbreviation) and the
// instants the zone switches between them, read from the system's tz
// database (TZif files under /usr/share/zoneinfo, as PostgreSQL built with
// --with-system-tzdata reads them), a POSIX TZ string (`EST5EDT`,
// `<+0330>-3:30`, `FOO3BAR,M3.2.0,M11.1.0`) or a fixed offset. Foundation's
// TimeZone is not used: on Linux it answers from ICU's own data, which
// differs from the system's before 1970 (Europe/Amsterdam's +00:19:32) and
// has no tz abbreviations.

import Foundation

/// One local time type of a zone: `EDT`, 4 hours behind UTC, daylight
/// saving.
package struct LocalTimeType: Equatable, Sendable {
    /// Seconds east of UTC (New York in winter: -18000).
    package var offset: Int64
    package var isDaylightSaving: Bool
    package var abbreviation: String
}

/// A zone's rules: `types[kinds[i]]` is in force from `transitions[i]`
/// (seconds since 1970-01-01 UTC) until the next transition; before the
/// first, `initial`; after the last, the POSIX rule of the file's footer
/// when there is one, else the last type.
package final class ZoneRules: Sendable {
    /// The name SHOW TimeZone prints: the tz database's spelling of a
    /// file's name, or the POSIX string upper-cased.
    package let name: String
    let transitions: [Int64]
    let kinds: [Int]
    let types: [LocalTimeType]
    let initial: LocalTimeType
    let rule: PosixZoneRule?
    /// True for a file with leap second records (the `right/` zones).
    let countsLeapSeconds: Bool

    init(
        name: String, transitions: [Int64], kinds: [Int], types: [LocalTimeType],
        initial: LocalTimeType, rule: PosixZoneRule?, countsLeapSeconds: Bool = false
    ) {
        self.countsLeapSeconds = countsLeapSeconds
        self.name = name
        self.transitions = transitions
        self.kinds = kinds
        self.types = types
        self.initial = initial
        self.rule = rule
    }

    /// A zone always `offset` seconds east of UTC, named as PostgreSQL's
    /// pg_tzset_offset names it: `<-07>+07`, `<+05:30>-05:30`.
    package convenience init(fixedOffset offset: Int64) {
        let abbreviation = ZoneRules.offsetAbbreviation(offset)
        let posix = (offset > 0 ? "-" : offset < 0 ? "+" : "-")
            + ZoneRules.offsetDigits(abs(offset))
        let type = LocalTimeType(
            offset: offset, isDaylightSaving: false, abbreviation: abbreviation)
        self.init(
            name: "<\(abbreviation)>\(posix)", transitions: [], kinds: [], types: [type],
            initial: type, rule: nil)
    }

    /// UTC: the default TimeZone.
    package static let utc = ZoneRules(
        name: "UTC", transitions: [], kinds: [], types: [],
        initial: LocalTimeType(offset: 0, isDaylightSaving: false, abbreviation: "UTC"),
        rule: nil)

    /// `+05:30`, `-04`, `+00:19:32`: hours, then minutes and seconds when
    /// not zero, as an abbreviation and as timestamptz output prints an
    /// offset.
    package static func offsetAbbreviation(_ offset: Int64) -> String {
        (offset < 0 ? "-" : "+") + offsetDigits(abs(offset))
    }

    private static func offsetDigits(_ seconds: Int64) -> String {
        let h = seconds / 3600
        let m = seconds / 60 % 60
        let s = seconds % 60
        var text = DateTime.pad(Int(h), 2)
        if m != 0 || s != 0 { text += ":" + DateTime.pad(Int(m), 2) }
        if s != 0 { text += ":" + DateTime.pad(Int(s), 2) }
        return text
    }

    /// True when the zone is UTC at every instant without a name of its
    /// own to print (lets callers skip the lookups).
    var isUTC: Bool { transitions.isEmpty && rule == nil && initial.offset == 0 }

    // MARK: - Lookups

    /// The local time type in force at `unix` (seconds since 1970 UTC) and
    /// the next transition after it, if any.
    func period(atUnix unix: Int64) -> (LocalTimeType, next: (Int64, LocalTimeType)?) {
        if let last = transitions.last, unix < last {
            // Binary search for the last transition at or before `unix`.
            var low = 0
            var high = transitions.count
            while low < high {
                let mid = (low + high) / 2
                if transitions[mid] <= unix { low = mid + 1 } else { high = mid }
            }
            let current = low == 0 ? initial : types[kinds[low - 1]]
            return (current, (transitions[low], types[kinds[low]]))
        }
        let tableType = transitions.isEmpty ? initial : types[kinds[kinds.count - 1]]
        guard let rule else { return (tableType, nil) }
        return rule.period(atUnix: unix, after: transitions.last, fallback: tableType)
    }

    /// The local time type in force at a timestamp (microseconds since
    /// 2000-01-01 UTC).
    package func type(atUTC utc: Int64) -> LocalTimeType {
        if isUTC { return initial }
        return period(atUnix: ZoneRules.unixSeconds(utc)).0
    }

    /// Seconds east of UTC at a timestamp.
    package func offset(atUTC utc: Int64) -> Int64 {
        isUTC ? 0 : type(atUTC: utc).offset
    }

    /// The offset (seconds east) that makes the wall-clock time `local`
    /// (microseconds since 2000-01-01) an instant, as PostgreSQL's
    /// DetermineTimeZoneOffset chooses it: where the clock jumps forward
    /// (a time that never happened) the offset before the jump, where it
    /// falls back (a time that happened twice) the offset after it.
    /// New York, 2026-03-08 02:30 is read as -05 (03:30 EDT); 2026-11-01
    /// 01:30 as -05 (the second 01:30).
    package func offset(forLocal local: Int64) -> (offset: Int64, type: LocalTimeType) {
        if isUTC { return (0, initial) }
        let wall = ZoneRules.unixSeconds(local)
        let (before, next) = period(atUnix: wall - 86_400)
        guard let (boundary, after) = next else { return (before.offset, before) }
        let beforeTime = wall - before.offset
        let afterTime = wall - after.offset
        if beforeTime < boundary && afterTime < boundary { return (before.offset, before) }
        if beforeTime >= boundary && afterTime >= boundary { return (after.offset, after) }
        return beforeTime > afterTime ? (before.offset, before) : (after.offset, after)
    }

    /// The instant whose wall-clock time in this zone is `local`.
    package func utc(fromLocal local: Int64) -> Int64 {
        local - offset(forLocal: local).offset * DateTime.microsecondsPerSecond
    }

    /// The wall-clock time of an instant.
    package func local(fromUTC utc: Int64) -> Int64 {
        utc + offset(atUTC: utc) * DateTime.microsecondsPerSecond
    }

    /// Seconds since 1970 of a timestamp, rounded down.
    static func unixSeconds(_ t: Int64) -> Int64 {
        DateTime.floorDivide(t, DateTime.microsecondsPerSecond) - DateTime.unixEpochDays * 86_400
    }
}

// MARK: - TZif files

extension ZoneRules {
    /// Reads a TZif file (RFC 8536), version 2 or later data when present.
    /// nil when `bytes` is not one.
    static func parseTZif(_ bytes: [UInt8], name: String) -> ZoneRules? {
        guard let first = TZifHeader(bytes, at: 0) else { return nil }
        var start = 0
        var header = first
        var timeSize = 4
        if first.version >= 2 {
            // Skip the version 1 block to the 64-bit one.
            start = 44 + first.dataLength(timeSize: 4)
            guard let second = TZifHeader(bytes, at: start) else { return nil }
            header = second
            timeSize = 8
        }
        var reader = ByteReader(bytes: bytes, position: start + 44)
        guard bytes.count >= start + 44 + header.dataLength(timeSize: timeSize) else { return nil }
        var transitions: [Int64] = []
        for _ in 0..<header.transitionCount {
            transitions.append(timeSize == 8 ? reader.int64() : Int64(reader.int32()))
        }
        var kinds: [Int] = []
        for _ in 0..<header.transitionCount { kinds.append(Int(reader.byte())) }
        var raw: [(Int64, Bool, Int)] = []
        for _ in 0..<header.typeCount {
            let offset = Int64(reader.int32())
            let dst = reader.byte() != 0
            raw.append((offset, dst, Int(reader.byte())))
        }
        let abbreviationBytes = reader.bytes(header.abbreviationLength)
        reader.skip(header.leapCount * (timeSize + 4) + header.standardCount + header.utcCount)
        let types = raw.map { offset, dst, index in
            LocalTimeType(
                offset: offset, isDaylightSaving: dst,
                abbreviation: cString(abbreviationBytes, from: index))
        }
        guard !types.isEmpty, kinds.allSatisfy({ $0 < types.count }) else { return nil }
        var rule: PosixZoneRule?
        if header.version >= 2, reader.position < bytes.count, bytes[reader.position] == 0x0A {
            let footer = bytes[(reader.position + 1)...].prefix { $0 != 0x0A }
            rule = PosixZoneRule(String(decoding: footer, as: UTF8.self))
        }
        // Before the first transition type 0 holds (RFC 8536, 3.2).
        return ZoneRules(
            name: name, transitions: transitions, kinds: kinds, types: types,
            initial: types[0], rule: rule, countsLeapSeconds: header.leapCount > 0)
    }

    private static func cString(_ bytes: [UInt8], from index: Int) -> String {
        guard index < bytes.count else { return "" }
        return String(decoding: bytes[index...].prefix { $0 != 0 }, as: UTF8.self)
    }
}

/// The counts a TZif header gives.
private struct TZifHeader {
    var version: Int
    var utcCount, standardCount, leapCount, transitionCount, typeCount: Int
    var abbreviationLength: Int

    init?(_ bytes: [UInt8], at start: Int) {
        guard bytes.count >= start + 44, bytes[start..<start + 4].elementsEqual("TZif".utf8)
        else { return nil }
        version = bytes[start + 4] == 0 ? 1 : Int(bytes[start + 4]) - 0x30
        var reader = ByteReader(bytes: bytes, position: start + 20)
        utcCount = Int(reader.int32())
        standardCount = Int(reader.int32())
        leapCount = Int(reader.int32())
        transitionCount = Int(reader.int32())
        typeCount = Int(reader.int32())
        abbreviationLength = Int(reader.int32())
        let counts = [utcCount, standardCount, leapCount, transitionCount, typeCount]
        guard counts.allSatisfy({ $0 >= 0 && $0 < 100_000 }), abbreviationLength >= 0 else {
            return nil
        }
    }

    /// Bytes of the data block after this header.
    func dataLength(timeSize: Int) -> Int {
        transitionCount * (timeSize + 1) + typeCount * 6 + abbreviationLength
            + leapCount * (timeSize + 4) + standardCount + utcCount
    }
}

/// Big-endian reads over a byte array; callers check the length first.
private struct ByteReader {
    let bytes: [UInt8]
    var position: Int

    mutating func byte() -> UInt8 {
        defer { position += 1 }
        return bytes[position]
    }

    mutating func int32() -> Int32 {
        var v: UInt32 = 0
        for _ in 0..<4 { v = v << 8 | UInt32(byte()) }
        return Int32(bitPattern: v)
    }

    mutating func int64() -> Int64 {
        var v: UInt64 = 0
        for _ in 0..<8 { v = v << 8 | UInt64(byte()) }
        return Int64(bitPattern: v)
    }

    mutating func bytes(_ n: Int) -> [UInt8] {
        defer { position += n }
        return Array(bytes[position..<position + n])
    }

    mutating func skip(_ n: Int) { position += n }
}
