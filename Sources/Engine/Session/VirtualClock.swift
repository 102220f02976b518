// A clock that moves only when told to, and runs the background work that
// falls due as it moves: one piece at a time, in timestamp order, so that
// a day of load generator and cron jobs runs in seconds and gives the
// same result every time.
//
// Background work runs as tasks, each on a thread of its own, but never
// two at once: a task runs only while the clock's driver (a session that
// called pg_sleep or citus_sim.advance outside any task) has handed it
// the turn, and gives the turn back when it pauses (its own pg_sleep) or
// ends. A task's pause does not move the clock; it asks to be run again
// when the driver moves the clock to its wake-up time. A task the driver
// would run next anyway (no other wake-up comes first) goes on without
// the hand-off, running the driver's check and moving the clock itself:
// the same order, without two thread switches per pause.
import Foundation

/// The virtual clock.
package final class VirtualClock: EngineClock {
    /// A piece of background work and where it stands.
    final class Task {
        enum State { case waiting, running, finished }
        var state = State.waiting
        /// Set by `shutdown`: the task's pauses throw from then on.
        var terminated = false
        weak var clock: VirtualClock?
        init(clock: VirtualClock) { self.clock = clock }
    }

    private struct Wakeup {
        var time: Int64
        var order: UInt64
        var task: Task
    }

    private let condition = NSCondition()
    private var time: Int64
    private var arrivals: UInt64 = 0
    /// Tasks waiting for their time, soonest first, ties by arrival.
    private var wakeups: [Wakeup] = []
    private var tasks: [ObjectIdentifier: Task] = [:]
    /// One driver at a time moves the clock.
    private let driverLock = NSRecursiveLock()
    /// While a driver moves the clock: where to, and its check between
    /// tasks, which a task runs for it when it goes on without handing the
    /// turn back (`continuesWithoutHandOff`).
    private var driverTarget: Int64?
    private var driverCheck: (() throws -> Void)?
    /// The driver's check as a task ran it: in progress, or the error it
    /// raised, which stops the driver.
    private var runningDriverCheck = false
    /// Set while a driver that is done waits for that check to end.
    private var awaitingDriverCheck = false
    private var driverError: Error?
    private static let taskKey = "citus-sim.VirtualClock.task"

    /// A clock reading `start` (microseconds since 2000-01-01 UTC).
    package init(start: Int64) {
        time = start
    }

    package var isVirtual: Bool { true }

    package func now() -> Int64 {
        condition.lock()
        defer { condition.unlock() }
        return time
    }

    /// The task the calling thread runs, if it runs one of this clock's.
    private var currentTask: Task? {
        guard let task = Thread.current.threadDictionary[Self.taskKey] as? Task,
            task.clock === self
        else { return nil }
        return task
    }

    package func pause(until end: Int64, waker: ClockWaker, check: () throws -> Void) throws {
        if let task = currentTask {
            try wait(task, until: end, waker: waker, check: check)
        } else {
            try advance(to: end, check: check)
        }
    }

    /// Moves the clock to `end`, running every task that falls due on the
    /// way in timestamp order; `check` runs between tasks, and an error
    /// from it stops the advance where it is.
    package func advance(to end: Int64, check: () throws -> Void) throws {
        driverLock.lock()
        defer { driverLock.unlock() }
        try withoutActuallyEscaping(check) { check in
            condition.lock()
            let outer = (driverTarget, driverCheck)
            (driverTarget, driverCheck) = (end, check)
            condition.unlock()
            defer { restoreDriver(outer) }
            try runTasks(until: end, check: check)
        }
    }

    /// The driver's loop: runs the tasks due by `end` one at a time.
    private func runTasks(until end: Int64, check: () throws -> Void) throws {
        while true {
            try check()
            condition.lock()
            guard let next = wakeups.first, next.time <= end else {
                time = max(time, end)
                condition.unlock()
                return
            }
            wakeups.removeFirst()
            time = max(time, next.time)
            next.task.state = .running
            condition.broadcast()
            condition.unlock()
            try waitForTurn(of: next.task, check: check)
        }
    }

    /// Puts back the driver state an advance replaced (a nested advance's
    /// caller's), once no task runs the replaced check any more.
    private func restoreDriver(_ outer: (Int64?, (() throws -> Void)?)) {
        condition.lock()
        (driverTarget, driverCheck) = outer
        awaitingDriverCheck = true
        while runningDriverCheck { condition.wait() }
        awaitingDriverCheck = false
        driverError = nil
        condition.unlock()
    }

    /// Waits until `task` gives the turn back, checking the driver's own
    /// interrupts now and then (a task that never pauses would otherwise
    /// hold the driver forever).
    private func waitForTurn(of task: Task, check: () throws -> Void) throws {
        condition.lock()
        while task.state == .running {
            if !condition.wait(until: Date(timeIntervalSinceNow: 0.05)) {
                condition.unlock()
                try check()
                condition.lock()
            }
        }
        let error = driverError
        driverError = nil
        condition.unlock()
        if let error { throw error }
    }

    /// A task's pause: it asks to run again at `end` and gives the turn
    /// back; woken early by `waker`, it runs `check` and goes on waiting.
    private func wait(
        _ task: Task, until end: Int64, waker: ClockWaker, check: () throws -> Void
    ) throws {
        waker.setAction { [weak self] in self?.wakeEarly(task) }
        defer { waker.setAction(nil) }
        while true {
            try throwIfTerminated(task)
            try check()
            condition.lock()
            if time >= end {
                condition.unlock()
                return
            }
            if continuesWithoutHandOff(task, until: end) {
                condition.unlock()
                continue
            }
            enqueue(task, at: end)
            task.state = .waiting
            condition.broadcast()
            while task.state != .running { condition.wait() }
            condition.unlock()
        }
    }

    /// A task pausing until `end` that the driver would run next anyway
    /// (no other wake-up before `end`, and the driver moves the clock at
    /// least that far) goes on without handing the turn back and forth: it
    /// runs the check the driver runs between tasks, then moves the clock
    /// to `end` itself. True when it did; false (the caller handing the
    /// turn back) when it may not, or when the driver's check failed, whose
    /// error then stops the driver. The caller holds the condition; it
    /// still does on return.
    private func continuesWithoutHandOff(_ task: Task, until end: Int64) -> Bool {
        guard let target = driverTarget, end <= target, let check = driverCheck,
            wakeups.first.map({ end < $0.time }) ?? true
        else { return false }
        runningDriverCheck = true
        condition.unlock()
        let failure: Error?
        do {
            try check()
            failure = nil
        } catch {
            failure = error
        }
        condition.lock()
        runningDriverCheck = false
        if awaitingDriverCheck { condition.broadcast() }
        // The driver may have stopped meanwhile (its own check failed):
        // then the clock stays where it left it.
        guard let still = driverTarget, end <= still else { return false }
        if let failure {
            driverError = failure
            return false
        }
        time = max(time, end)
        return true
    }

    private func throwIfTerminated(_ task: Task) throws {
        condition.lock()
        let terminated = task.terminated
        condition.unlock()
        if terminated {
            throw SQLError(
                SQLState.adminShutdown, "terminating connection due to administrator command",
                severity: .fatal)
        }
    }

    /// Moves a waiting task's wake-up to now, behind what is due now.
    private func wakeEarly(_ task: Task) {
        condition.lock()
        defer { condition.unlock() }
        guard let index = wakeups.firstIndex(where: { $0.task === task }),
            wakeups[index].time > time
        else { return }
        wakeups.remove(at: index)
        enqueue(task, at: time)
    }

    /// Inserts a wake-up in order; the caller holds the condition.
    private func enqueue(_ task: Task, at when: Int64) {
        arrivals += 1
        let wakeup = Wakeup(time: when, order: arrivals, task: task)
        let index = wakeups.firstIndex { ($0.time, $0.order) > (when, wakeup.order) }
        wakeups.insert(wakeup, at: index ?? wakeups.endIndex)
    }

    /// Starts `body` as a task due now: it first runs when a driver next
    /// moves the clock (by any amount, even none).
    package func startBackground(named name: String, _ body: @escaping () -> Void) {
        let task = Task(clock: self)
        condition.lock()
        tasks[ObjectIdentifier(task)] = task
        enqueue(task, at: time)
        condition.unlock()
        // The thread keeps the condition and the task, not the clock: a
        // clock dropped while its task still waits leaves the thread
        // waiting on a condition that stays valid (a spurious wake-up
        // finds the task still waiting) instead of reading a freed clock.
        let condition = self.condition
        let thread = Thread { [weak self] in
            Thread.current.threadDictionary[Self.taskKey] = task
            condition.lock()
            while task.state != .running { condition.wait() }
            condition.unlock()
            body()
            condition.lock()
            task.state = .finished
            self?.tasks[ObjectIdentifier(task)] = nil
            condition.broadcast()
            condition.unlock()
        }
        thread.name = name
        thread.stackSize = backgroundStackSize
        thread.start()
    }

    /// Ends every task: each is run once more and its pause throws
    /// PostgreSQL's terminate error, so its session ends.
    package func shutdown() {
        driverLock.lock()
        defer { driverLock.unlock() }
        for _ in 0..<100 {
            condition.lock()
            for task in tasks.values { task.terminated = true }
            guard !wakeups.isEmpty else {
                condition.unlock()
                return
            }
            let next = wakeups.removeFirst()
            next.task.state = .running
            condition.broadcast()
            condition.unlock()
            try? waitForTurn(of: next.task) {}
        }
    }

    /// Whether any task is waiting for the clock.
    package var hasWaitingTasks: Bool {
        condition.lock()
        defer { condition.unlock() }
        return !wakeups.isEmpty
    }
}
