// The engine's source of time. clock_timestamp(), now() and pg_sleep()
// read it through this protocol so that a virtual clock (for pg_cron and
// deterministic tests) can replace the real one.
import Foundation

/// Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01.
let postgresEpochOffsetMicroseconds: Int64 = 946_684_800_000_000

/// A clock in PostgreSQL's representation.
package protocol EngineClock: AnyObject {
    /// Now, in microseconds since 2000-01-01 00:00:00 UTC.
    func now() -> Int64
    /// Waits `microseconds` (a virtual clock just advances).
    func sleep(microseconds: Int64)
}

/// The real clock.
package final class SystemClock: EngineClock {
    /// A clock reading the system time.
    package init() {}

    package func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
            - postgresEpochOffsetMicroseconds
    }

    package func sleep(microseconds: Int64) {
        guard microseconds > 0 else { return }
        usleep(UInt32(min(microseconds, 1_000_000)))
    }
}
