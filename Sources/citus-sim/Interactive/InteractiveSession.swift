// Input from a person at the terminal: the line editor with a history
// kept in ~/.citus_sim_history, as psql keeps ~/.psql_history.

#if canImport(Glibc)
    import Glibc
#endif

/// The REPL's line source.
final class InteractiveSession: LineSource {
    private let editor = LineEditor()
    private let shell: PsqlShell
    private let historyPath: String?
    private var interrupted = false

    /// A line source for `shell`, with the saved history loaded.
    init(shell: PsqlShell) {
        self.shell = shell
        historyPath = getenv("HOME").map { String(cString: $0) + "/.citus_sim_history" }
        if let historyPath, let bytes = StreamLineSource.readAll(path: historyPath) {
            let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
            editor.history = lines.map(String.init)
        }
    }

    /// The next line typed; the shell's output is flushed first so the
    /// prompt follows it.
    func readLine(prompt: String) -> String? {
        shell.console.flush()
        switch editor.readLine(prompt: prompt) {
        case .line(let line):
            remember(line)
            return line
        case .interrupt:
            interrupted = true
            return ""
        case .end:
            return nil
        }
    }

    /// Whether the last read was abandoned with Ctrl-C.
    func takeInterrupt() -> Bool {
        defer { interrupted = false }
        return interrupted
    }

    /// Adds a line to the history and the history file (at most HISTSIZE
    /// entries are kept).
    private func remember(_ line: String) {
        guard !line.isEmpty, editor.history.last != line else { return }
        editor.history.append(line)
        let limit = Int(shell.variables["HISTSIZE"] ?? "") ?? 500
        if limit >= 0 && editor.history.count > limit {
            editor.history.removeFirst(editor.history.count - limit)
        }
        guard let historyPath else { return }
        let text = editor.history.joined(separator: "\n") + "\n"
        let descriptor = open(historyPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        guard descriptor >= 0 else { return }
        Console.writeAll(Array(text.utf8), to: descriptor)
        close(descriptor)
    }
}
