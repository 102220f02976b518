// Ctrl-C while a statement runs, as psql's cancel handling does: the
// statement is cancelled (the engine then fails it with 57014) and
// "Cancel request sent" is printed; a script being run stops after it.

import Dispatch
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// Turns SIGINT into a cancel request for the running statement.
final class InterruptHandler {
    private let source: DispatchSourceSignal
    private let lock = NSLock()
    private var running: QueryConnection?
    private var pressed = false

    /// Starts listening for SIGINT (which no longer ends the process).
    init() {
        signal(SIGINT, SIG_IGN)
        source = DispatchSource.makeSignalSource(signal: SIGINT, queue: .global())
        source.setEventHandler { [weak self] in self?.interrupt() }
        source.resume()
    }

    /// Marks `connection` as running a statement until `end()`.
    func begin(_ connection: QueryConnection) {
        lock.lock()
        running = connection
        lock.unlock()
    }

    /// The statement finished.
    func end() {
        lock.lock()
        running = nil
        lock.unlock()
    }

    /// Whether Ctrl-C was pressed since the last call; clears the report.
    func takePressed() -> Bool {
        lock.lock()
        defer {
            pressed = false
            lock.unlock()
        }
        return pressed
    }

    /// The SIGINT handler, run on a dispatch queue.
    private func interrupt() {
        lock.lock()
        let connection = running
        pressed = true
        lock.unlock()
        guard let connection else { return }
        // Written first: the statement may fail, and the process go on,
        // as soon as the cancel lands.
        Console.writeAll(Array("Cancel request sent\n".utf8), to: 2)
        connection.cancel()
    }
}
