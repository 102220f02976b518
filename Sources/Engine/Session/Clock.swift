// The engine's source of time. clock_timestamp(), now() and pg_sleep()
// read it through this protocol, and background work (background
// sessions, pg_cron's scheduler) is started through it, so that a virtual
// clock can replace the real one and run all of it deterministically.
import Foundation

/// Microseconds between 1970-01-01 and PostgreSQL's epoch 2000-01-01.
let postgresEpochOffsetMicroseconds: Int64 = 946_684_800_000_000

/// Lets a session blocked in `EngineClock.pause` be woken early, for a
/// cancel or a terminate. The clock sets `wake` while the session waits.
package final class ClockWaker {
    private let lock = NSLock()
    private var action: (() -> Void)?

    package init() {}

    /// Installs what `wake()` does while a pause lasts; nil removes it.
    func setAction(_ action: (() -> Void)?) {
        lock.lock()
        self.action = action
        lock.unlock()
    }

    /// Wakes the session if it is pausing; otherwise does nothing.
    package func wake() {
        lock.lock()
        let action = self.action
        lock.unlock()
        action?()
    }
}

/// A clock in PostgreSQL's representation.
package protocol EngineClock: AnyObject {
    /// Now, in microseconds since 2000-01-01 00:00:00 UTC.
    func now() -> Int64
    /// Blocks until the clock reads `end`, calling `check` whenever the
    /// wait is interrupted or a while has passed; an error thrown by
    /// `check` ends the pause. `waker` wakes the pause early.
    func pause(until end: Int64, waker: ClockWaker, check: () throws -> Void) throws
    /// Runs `body` in the background, on a thread of its own, as the
    /// clock schedules it.
    func startBackground(named name: String, _ body: @escaping () -> Void)
    /// True when the clock only moves when told to.
    var isVirtual: Bool { get }
}

/// Stack size of background threads: PL/pgSQL and the executor recurse.
let backgroundStackSize = 16 << 20

/// The real clock.
package final class SystemClock: EngineClock {
    /// A clock reading the system time.
    package init() {}

    package var isVirtual: Bool { false }

    package func now() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Int64(ts.tv_sec) * 1_000_000 + Int64(ts.tv_nsec) / 1000
            - postgresEpochOffsetMicroseconds
    }

    /// Sleeps in slices of at most 10 ms, checking for interrupts
    /// between them.
    package func pause(until end: Int64, waker: ClockWaker, check: () throws -> Void) throws {
        while true {
            try check()
            let left = end - now()
            if left <= 0 { return }
            usleep(UInt32(min(left, 10_000)))
        }
    }

    package func startBackground(named name: String, _ body: @escaping () -> Void) {
        let thread = Thread { body() }
        thread.name = name
        thread.stackSize = backgroundStackSize
        thread.start()
    }
}

/// Which clock a simulated node or cluster runs on.
public enum ClockOption: Equatable, Sendable {
    /// The system's time.
    case real
    /// A clock that starts at the given time (microseconds since
    /// 2000-01-01 UTC) and moves only when told to.
    case virtual(start: Int64)

    /// A new clock of this kind.
    package func makeClock() -> EngineClock {
        switch self {
        case .real: return SystemClock()
        case .virtual(let start): return VirtualClock(start: start)
        }
    }

    /// Reads `--clock`'s value: `real`, `virtual`, or
    /// `virtual=TIMESTAMP` (any timestamptz input, UTC unless it says).
    /// A virtual clock without a time starts at the system's time.
    public static func parse(_ text: String) throws -> ClockOption {
        if text == "real" { return .real }
        if text == "virtual" { return .virtual(start: SystemClock().now()) }
        guard text.hasPrefix("virtual=") else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "invalid clock \"\(text)\": expected real, virtual or virtual=TIMESTAMP")
        }
        let stamp = String(text.dropFirst("virtual=".count))
        let start = try DateTime.parse(stamp, as: .timestamptz, now: SystemClock().now())
        return .virtual(start: start)
    }
}
