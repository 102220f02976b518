// A quick path for the commonest timestamptz literal, ISO 8601 with an
// explicit UTC offset (`2024-01-01 00:05:17.123456+00`), which loads and
// the lab's INSERTs write by the million. Anything else (other layouts,
// out-of-range fields, leap seconds, long fractions) returns nil and goes
// through the full datetime input routine, which owns every error.

extension Analyzer {
    /// Microseconds since 2000-01-01 UTC of `text` when it is exactly
    /// `YYYY-MM-DD HH:MM:SS[.f{1,6}]±HH[:MM]` with valid fields, else nil.
    static func quickTimestamptz(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8(quickTimestamptz(bytes:))
    }

    private static func quickTimestamptz(bytes b: UnsafeBufferPointer<UInt8>) -> Int64? {
        // Shortest form: "YYYY-MM-DD HH:MM:SS+HH" (22 bytes).
        guard b.count >= 22, b.count <= 35 else { return nil }
        func digits(_ at: Int, _ n: Int) -> Int? {
            var v = 0
            for i in at..<at + n {
                let d = Int(b[i]) - 48
                guard d >= 0 && d <= 9 else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-"), b[10] == UInt8(ascii: " "),
            b[13] == UInt8(ascii: ":"), b[16] == UInt8(ascii: ":"),
            let year = digits(0, 4), let month = digits(5, 2), let day = digits(8, 2),
            let hour = digits(11, 2), let minute = digits(14, 2), let second = digits(17, 2),
            year >= 1, month >= 1, month <= 12, day >= 1,
            day <= DateTime.daysInMonth(year: year, month: month),
            hour < 24, minute < 60, second < 60
        else { return nil }
        var i = 19
        var micros = 0
        if b[i] == UInt8(ascii: ".") {
            i += 1
            var n = 0
            while i < b.count, b[i] >= 48, b[i] <= 57 {
                guard n < 6 else { return nil }
                micros = micros * 10 + Int(b[i] - 48)
                n += 1
                i += 1
            }
            guard n > 0 else { return nil }
            for _ in n..<6 { micros *= 10 }
        }
        guard i + 3 <= b.count, b[i] == UInt8(ascii: "+") || b[i] == UInt8(ascii: "-"),
            let offsetHours = digits(i + 1, 2), offsetHours <= 14
        else { return nil }
        let sign = b[i] == UInt8(ascii: "+") ? 1 : -1
        i += 3
        var offsetMinutes = 0
        if i < b.count {
            guard i + 3 == b.count, b[i] == UInt8(ascii: ":"), let m = digits(i + 1, 2), m < 60
            else { return nil }
            offsetMinutes = m
        }
        let days = DateTime.days(year: year, month: month, day: day)
        let seconds = Int64(hour * 3600 + minute * 60 + second)
        let local = days * DateTime.microsecondsPerDay + seconds * 1_000_000 + Int64(micros)
        let offset = Int64(sign * (offsetHours * 3600 + offsetMinutes * 60)) * 1_000_000
        return local - offset
    }
}
