// The engine-wide statement lock and how a statement waits outside it.
// A statement runs holding its node's lock; a statement a coordinator
// sends to a worker runs on the same thread, holding the coordinator's
// lock and then the worker's. A session that must wait for another
// transaction (a row it wants to change is being changed) lets go of
// every statement lock its thread holds, so that the transaction it
// waits for can go on and end, and takes them back in the same order.
import Foundation

/// The statement locks one thread holds, outermost first.
private final class HeldStatementLocks {
    var engines: [Unmanaged<Engine>] = []
}

/// Thread-specific storage for each thread's `HeldStatementLocks`.
private let heldLocksKey: pthread_key_t = {
    var key = pthread_key_t()
    pthread_key_create(&key) { pointer in
        guard let pointer else { return }
        Unmanaged<HeldStatementLocks>.fromOpaque(pointer).release()
    }
    return key
}()

/// The calling thread's held locks, created on first use.
private var heldStatementLocks: HeldStatementLocks {
    if let pointer = pthread_getspecific(heldLocksKey) {
        return Unmanaged<HeldStatementLocks>.fromOpaque(pointer).takeUnretainedValue()
    }
    let held = HeldStatementLocks()
    pthread_setspecific(heldLocksKey, Unmanaged.passRetained(held).toOpaque())
    return held
}

extension Engine {
    /// Takes the statement lock for a statement of this thread.
    func lockStatements() {
        statementLock.lock()
        heldStatementLocks.engines.append(Unmanaged.passUnretained(self))
    }

    /// Gives back the lock `lockStatements` took.
    func unlockStatements() {
        let held = heldStatementLocks
        if let at = held.engines.lastIndex(where: { $0.takeUnretainedValue() === self }) {
            held.engines.remove(at: at)
        }
        statementLock.unlock()
    }

    /// Wakes the sessions whose wait (for a transaction of this node to
    /// end, a tuple lock to be released) is over; called under the
    /// statement lock after each such event. Only those wake, so that a
    /// row many sessions queue for is handed from one to the next without
    /// waking the rest.
    func transactionEnded() {
        for waiter in lockWaiters.values where waiter.isDone() {
            waiter.semaphore.signal()
        }
    }

    /// Blocks until `done` holds (it is asked under this node's statement
    /// lock), with every statement lock of the calling thread released
    /// meanwhile (this node's last), and calls `check` between waits of at
    /// most 10 ms; an error it throws ends the wait. On a virtual clock
    /// the wait is a pause of the clock, so that the background work
    /// holding the row can run.
    func wait(
        until done: () -> Bool, waker: ClockWaker, check: () throws -> Void
    ) throws {
        let outer = heldStatementLocks.engines.map { $0.takeUnretainedValue() }
            .filter { $0 !== self }
        for engine in outer.reversed() { engine.statementLock.unlock() }
        defer {
            // Back in the order they were taken, so that no other thread
            // holding the outer one waits for ours.
            if !outer.isEmpty {
                statementLock.unlock()
                for engine in outer { engine.statementLock.lock() }
                statementLock.lock()
            }
        }
        try withoutActuallyEscaping(done) { done in
            let waiter = LockWaiter(isDone: done)
            let key = ObjectIdentifier(waiter)
            lockWaiters[key] = waiter
            defer { lockWaiters[key] = nil }
            while !done() {
                try check()
                statementLock.unlock()
                defer { statementLock.lock() }
                if clock.isVirtual {
                    try clock.pause(until: clock.now() + 10_000, waker: waker, check: check)
                } else {
                    _ = waiter.semaphore.wait(timeout: .now() + .milliseconds(10))
                }
            }
        }
    }
}

/// A session blocked in `Engine.wait(until:)`: what ends its wait and
/// how to wake it.
final class LockWaiter {
    let isDone: () -> Bool
    let semaphore = DispatchSemaphore(value: 0)

    init(isDone: @escaping () -> Bool) {
        self.isDone = isDone
    }
}
