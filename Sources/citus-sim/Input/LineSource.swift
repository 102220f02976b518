// Where input lines come from: a file or a pipe read whole (psql's
// gets_fromFile), or a person at the terminal through the line editor.

#if canImport(Glibc)
    import Glibc
#endif

/// A supplier of input lines without their newline.
protocol LineSource: AnyObject {
    /// The next line, shown `prompt` first when interactive; nil at end of
    /// input.
    func readLine(prompt: String) -> String?

    /// Whether the last read ended with Ctrl-C (the REPL then drops the
    /// statement typed so far); consumes the report.
    func takeInterrupt() -> Bool
}

extension LineSource {
    /// Streams are never interrupted.
    func takeInterrupt() -> Bool { false }
}

/// Lines of a byte stream: a file, or standard input when it is not a
/// terminal.
final class StreamLineSource: LineSource {
    private let bytes: [UInt8]
    private var offset = 0

    /// Lines of `bytes`.
    init(bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Lines of the file at `path`, or nil with errno set when it cannot
    /// be read.
    convenience init?(path: String) {
        guard let bytes = StreamLineSource.readAll(path: path) else { return nil }
        self.init(bytes: bytes)
    }

    /// The next line; a last line without a newline counts as a line.
    func readLine(prompt: String) -> String? {
        guard offset < bytes.count else { return nil }
        var end = offset
        while end < bytes.count && bytes[end] != 0x0A { end += 1 }
        let line = String(decoding: bytes[offset..<end], as: UTF8.self)
        offset = min(end + 1, bytes.count)
        return line
    }

    /// Reads a whole file (or `-` for standard input).
    static func readAll(path: String) -> [UInt8]? {
        let descriptor = path == "-" ? 0 : open(path, O_RDONLY)
        guard descriptor >= 0 else { return nil }
        defer { if descriptor != 0 { close(descriptor) } }
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                return nil
            }
            if count == 0 { break }
            result.append(contentsOf: chunk[0..<count])
        }
        return result
    }
}
