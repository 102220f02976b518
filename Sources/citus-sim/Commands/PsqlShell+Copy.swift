// COPY's client side, as psql handles it: the lines after a COPY FROM
// STDIN statement, up to `\.`, are its data (counted as input lines, not
// echoed), and `\copy` runs COPY FROM STDIN or TO STDOUT with a file of
// the client's in place of the script or the terminal.
import Foundation

extension PsqlShell {
    /// A reader of COPY FROM STDIN's data from the input being read: its
    /// lines up to and including `\.`, then nil (psql's handleCopyIn).
    func scriptCopyReader() -> () -> String? {
        var done = false
        var prompted = false
        return { [weak self] in
            guard let self, !done, let source = self.currentSource else { return nil }
            if self.interactive && !prompted {
                prompted = true
                self.console.write(
                    "Enter data to be copied followed by a newline.\n"
                        + "End with a backslash and a period on a line by itself, "
                        + "or an EOF signal.\n")
            }
            guard let line = source.readLine(prompt: self.interactive ? ">> " : "") else {
                done = true
                return nil
            }
            self.lineNumber += 1
            if line == "\\." { done = true }
            return line
        }
    }

    /// `\copy ...`: COPY with the client's file (or standard input and
    /// output) at its end of the connection.
    func copyCommand(_ arguments: inout SlashArguments) -> SlashResult {
        guard let text = arguments.next(.wholeLine), !text.isEmpty else {
            logError("\\copy: arguments required")
            return .error
        }
        guard let parsed = Self.parseCopyArguments(text) else {
            logError("\\copy: parse error at \"\(text)\"")
            return .error
        }
        let query = parsed.prefix + (parsed.isFrom ? " FROM STDIN" : " TO STDOUT") + parsed.suffix
        switch parsed.target {
        case .standard:
            return sendQuery(query) ? .skip : .error
        case .file(let path):
            if parsed.isFrom {
                guard let source = StreamLineSource(path: path) else {
                    logError("\(path): \(String(cString: strerror(errno)))")
                    return .error
                }
                copyInput = { source.readLine(prompt: "") }
                defer { copyInput = nil }
                return sendQuery(query) ? .skip : .error
            }
            guard FileManager.default.createFile(atPath: path, contents: nil),
                let handle = FileHandle(forWritingAtPath: path)
            else {
                logError("\(path): \(String(cString: strerror(errno)))")
                return .error
            }
            defer { try? handle.close() }
            copyOutput = { handle.write(Data($0.utf8)) }
            defer { copyOutput = nil }
            return sendQuery(query) ? .skip : .error
        }
    }

    /// Where `\copy` reads or writes.
    enum CopyTarget {
        case standard
        case file(String)
    }

    /// `\copy`'s arguments split around FROM or TO and the file: the
    /// COPY text before them, the direction, the file, and the options
    /// after (psql's parse_slash_copy, simplified to what COPY needs).
    static func parseCopyArguments(_ text: String)
        -> (prefix: String, isFrom: Bool, target: CopyTarget, suffix: String)?
    {
        let scalars = Array(text)
        var i = 0
        var depth = 0
        var inQuote: Character?
        var wordStart = -1
        func word(at start: Int, _ end: Int) -> String {
            String(scalars[start..<end]).lowercased()
        }
        while i <= scalars.count {
            let c: Character = i < scalars.count ? scalars[i] : " "
            if let q = inQuote {
                if c == q { inQuote = nil }
                i += 1
                continue
            }
            if c == "'" || c == "\"" {
                inQuote = c
            } else if c == "(" {
                depth += 1
            } else if c == ")" {
                depth -= 1
            }
            let isWordChar = c.isLetter || c.isNumber || c == "_"
            if isWordChar && wordStart < 0 { wordStart = i }
            if !isWordChar && wordStart >= 0 {
                let w = word(at: wordStart, i)
                if depth == 0, w == "from" || w == "to" {
                    let prefix = "COPY " + String(scalars[0..<wordStart])
                        .trimmingCharacters(in: .whitespaces)
                    let rest = String(scalars[i...].dropFirst(0)).trimmingCharacters(
                        in: .whitespaces)
                    guard let (target, suffix) = copyTarget(rest) else { return nil }
                    return (prefix, w == "from", target, suffix)
                }
                wordStart = -1
            }
            i += 1
        }
        return nil
    }

    /// The file (or stdin, stdout, pstdin, pstdout) at the start of
    /// `rest`, and what follows it.
    private static func copyTarget(_ rest: String) -> (CopyTarget, String)? {
        if rest.hasPrefix("'") {
            let body = rest.dropFirst()
            guard let end = body.firstIndex(of: "'") else { return nil }
            let path = String(body[..<end])
            return (.file(path), String(body[body.index(after: end)...]).isEmpty
                ? "" : " " + String(body[body.index(after: end)...])
                    .trimmingCharacters(in: .whitespaces))
        }
        let word = rest.prefix { !$0.isWhitespace }
        let after = rest.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        let suffix = after.isEmpty ? "" : " " + after
        switch word.lowercased() {
        case "stdin", "stdout", "pstdin", "pstdout": return (.standard, suffix)
        case "": return nil
        default: return (.file(String(word)), suffix)
        }
    }
}
