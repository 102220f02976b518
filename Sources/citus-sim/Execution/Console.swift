// Where the CLI writes: standard output (buffered, like stdio when it is
// not a terminal) and standard error (unbuffered). Standard output is
// flushed before anything goes to standard error, so a file that receives
// both (`2>&1`) gets them in the order psql produces them.

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The CLI's two output streams.
final class Console {
    /// Which stream a write goes to.
    enum Stream {
        case output, error
    }

    /// Receives flushed bytes; the default writes to file descriptors 1
    /// and 2.
    typealias Sink = (Stream, [UInt8]) -> Void

    private let sink: Sink
    private var pending: [UInt8] = []
    /// Whether standard output is a terminal (psql then sizes wrapped
    /// output to it).
    let outputIsTerminal: Bool

    /// A console writing to the process's standard output and error.
    init() {
        outputIsTerminal = isatty(1) == 1
        sink = { stream, bytes in
            Console.writeAll(bytes, to: stream == .output ? 1 : 2)
        }
    }

    /// A console handing its output to `sink` (tests, embedding).
    init(outputIsTerminal: Bool = false, sink: @escaping Sink) {
        self.outputIsTerminal = outputIsTerminal
        self.sink = sink
    }

    /// Writes to standard output.
    func write(_ text: String) {
        pending.append(contentsOf: text.utf8)
        if pending.count >= 65536 { flush() }
    }

    /// Writes to standard error, after flushing standard output.
    func writeError(_ text: String) {
        flush()
        sink(.error, Array(text.utf8))
    }

    /// Sends buffered standard output on.
    func flush() {
        guard !pending.isEmpty else { return }
        let bytes = pending
        pending.removeAll(keepingCapacity: true)
        sink(.output, bytes)
    }

    /// The terminal's width in columns, or 0 when standard output is not
    /// a terminal.
    var terminalColumns: Int {
        guard outputIsTerminal else { return 0 }
        var size = winsize()
        guard ioctl(1, UInt(TIOCGWINSZ), &size) == 0 else { return 0 }
        return Int(size.ws_col)
    }

    /// write(2) until every byte is out or the descriptor fails.
    static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                Glibc.write(descriptor, buffer.baseAddress, buffer.count)
            }
            if written < 0 {
                if errno == EINTR { continue }
                return
            }
            offset += written
        }
    }
}
