// The tz database reader and POSIX TZ rules behind the session TimeZone,
// checked against offsets PostgreSQL 15 printed for the same instants.
import Testing

@testable import Engine

@Suite struct ZoneRulesTests {
    /// Microseconds since 2000-01-01 of a UTC wall-clock time.
    private func utc(_ y: Int, _ m: Int, _ d: Int, _ h: Int = 0, _ mi: Int = 0) -> Int64 {
        DateTime.timestamp(CivilDateTime(year: y, month: m, day: d, hour: h, minute: mi)) ?? 0
    }

    @Test func aTZifFileGivesOffsetsAndAbbreviations() throws {
        let zone = try #require(ZoneRules.named("america/new_york"))
        #expect(zone.name == "America/New_York")
        #expect(zone.type(atUTC: utc(2026, 7, 1)).abbreviation == "EDT")
        #expect(zone.offset(atUTC: utc(2026, 1, 1)) == -18_000)
        // Local mean time before 1883: -04:56:02.
        #expect(zone.offset(atUTC: utc(1850, 1, 1)) == -17_762)
        // Past the file's table the footer's rule holds.
        #expect(zone.offset(atUTC: utc(2400, 7, 1)) == -14_400)
    }

    @Test func wallClockTimesInGapsAndOverlaps() throws {
        let zone = try #require(ZoneRules.named("America/New_York"))
        // 02:30 on 2026-03-08 never happened: read with the offset before
        // the jump (-05), it is 03:30 EDT.
        #expect(zone.utc(fromLocal: utc(2026, 3, 8, 2, 30)) == utc(2026, 3, 8, 7, 30))
        // 01:30 on 2026-11-01 happened twice: the second one (-05).
        #expect(zone.utc(fromLocal: utc(2026, 11, 1, 1, 30)) == utc(2026, 11, 1, 6, 30))
    }

    @Test func posixStringsAndFixedOffsets() throws {
        let posix = try #require(ZoneRules.named("foo3bar,M3.2.0,M11.1.0"))
        #expect(posix.name == "FOO3BAR,M3.2.0,M11.1.0")
        #expect(posix.offset(atUTC: utc(2026, 7, 1)) == -7_200)
        #expect(posix.offset(atUTC: utc(2026, 1, 1)) == -10_800)
        let southern = try #require(ZoneRules.named("Australia/Sydney"))
        #expect(southern.offset(atUTC: utc(2040, 1, 1)) == 39_600)
        #expect(ZoneRules(fixedOffset: 19_800).name == "<+05:30>-05:30")
        #expect(ZoneRules(fixedOffset: -25_200).name == "<-07>+07")
        #expect(ZoneRules.offsetAbbreviation(-17_762) == "-04:56:02")
        #expect(ZoneRules.named("Foo/Bar") == nil)
        #expect(ZoneRules.named("America/../Europe/Berlin") == nil)
    }

    @Test func timestamptzFollowsTheSessionZone() throws {
        let db = try Database()
        try db.execute("SET TIME ZONE 'Asia/Kolkata'")
        let r = try db.execute(
            "SELECT '2026-07-01 12:00'::timestamptz, current_setting('TimeZone')")
        #expect(r.text(row: 0, column: 0) == "2026-07-01 12:00:00+05:30")
        #expect(r.text(row: 0, column: 1) == "Asia/Kolkata")
        try db.execute("RESET TimeZone")
        let back = try db.execute("SELECT '2026-07-01 12:00'::timestamptz")
        #expect(back.text(row: 0, column: 0) == "2026-07-01 12:00:00+00")
    }
}
