// A small line editor in the spirit of readline, the way psql's prompt
// behaves: cursor movement, deletion and kill commands, history recall,
// Ctrl-C to abandon the line, Ctrl-D on an empty line to end input.

import Engine

/// What reading one line produced.
enum EditorInput: Equatable {
    /// The line typed, without its newline.
    case line(String)
    /// Ctrl-C: the line was abandoned.
    case interrupt
    /// Ctrl-D on an empty line, or end of input.
    case end
}

/// Edits one line at a time on a raw terminal.
final class LineEditor {
    private let terminal = RawTerminal()
    /// Earlier lines, oldest first.
    var history: [String] = []
    private var text: [Character] = []
    private var cursor = 0
    private var prompt = ""

    /// Reads a line after showing `prompt`.
    func readLine(prompt: String) -> EditorInput {
        self.prompt = prompt
        text = []
        cursor = 0
        guard terminal.enable() else { return .end }
        defer { terminal.disable() }
        terminal.write(prompt)
        var historyIndex = history.count
        var draft: [Character] = []
        var pending: [UInt8] = []
        while let byte = terminal.readByte() {
            if !pending.isEmpty || byte >= 0x80 {
                pending.append(byte)
                let decoded = String(decoding: pending, as: UTF8.self)
                if decoded.unicodeScalars.first?.value != 0xFFFD || pending.count >= 4 {
                    pending = []
                    insert(decoded)
                }
                continue
            }
            switch byte {
            case 0x0D, 0x0A:
                terminal.write("\r\n")
                return .line(String(text))
            case 0x03:
                terminal.write("^C\r\n")
                return .interrupt
            case 0x04:
                if text.isEmpty {
                    terminal.write("\r\n")
                    return .end
                }
                deleteForward()
            case 0x01: moveTo(0)
            case 0x05: moveTo(text.count)
            case 0x02: moveTo(cursor - 1)
            case 0x06: moveTo(cursor + 1)
            case 0x08, 0x7F: deleteBackward()
            case 0x0B:
                text.removeSubrange(cursor...)
                redraw()
            case 0x15:
                text.removeSubrange(..<cursor)
                cursor = 0
                redraw()
            case 0x17: deleteWordBackward()
            case 0x0C:
                terminal.write("\u{1B}[H\u{1B}[2J")
                redraw()
            case 0x10, 0x0E:
                recall(up: byte == 0x10, index: &historyIndex, draft: &draft)
            case 0x1B:
                handleEscape(index: &historyIndex, draft: &draft)
            case 0x09:
                // TODO(#6): psql completes names on Tab; nothing happens yet.
                break
            default:
                if byte >= 0x20 { insert(String(UnicodeScalar(byte))) }
            }
        }
        return .end
    }

    /// An escape sequence: arrows, Home, End, Delete, Alt-b/f.
    private func handleEscape(index: inout Int, draft: inout [Character]) {
        guard let first = terminal.readByte() else { return }
        if first == UInt8(ascii: "b") { return moveTo(wordStart(before: cursor)) }
        if first == UInt8(ascii: "f") { return moveTo(wordEnd(after: cursor)) }
        guard first == UInt8(ascii: "[") || first == UInt8(ascii: "O"),
            var code = terminal.readByte()
        else { return }
        var parameter = 0
        while code >= UInt8(ascii: "0") && code <= UInt8(ascii: "9") {
            parameter = parameter * 10 + Int(code - UInt8(ascii: "0"))
            guard let next = terminal.readByte() else { return }
            code = next
        }
        switch code {
        case UInt8(ascii: "A"): recall(up: true, index: &index, draft: &draft)
        case UInt8(ascii: "B"): recall(up: false, index: &index, draft: &draft)
        case UInt8(ascii: "C"): moveTo(cursor + 1)
        case UInt8(ascii: "D"): moveTo(cursor - 1)
        case UInt8(ascii: "H"): moveTo(0)
        case UInt8(ascii: "F"): moveTo(text.count)
        case UInt8(ascii: "~"):
            switch parameter {
            case 1, 7: moveTo(0)
            case 4, 8: moveTo(text.count)
            case 3: deleteForward()
            default: break
            }
        default:
            break
        }
    }

    /// Up or down through the history; the line being typed is kept as
    /// a draft below the newest entry.
    private func recall(up: Bool, index: inout Int, draft: inout [Character]) {
        if up {
            guard index > 0 else { return }
            if index == history.count { draft = text }
            index -= 1
            text = Array(history[index])
        } else {
            guard index < history.count else { return }
            index += 1
            text = index == history.count ? draft : Array(history[index])
        }
        cursor = text.count
        redraw()
    }

    /// Inserts typed text at the cursor.
    private func insert(_ typed: String) {
        let characters = Array(typed)
        text.insert(contentsOf: characters, at: cursor)
        cursor += characters.count
        if cursor == text.count {
            terminal.write(typed)
        } else {
            redraw()
        }
    }

    private func deleteBackward() {
        guard cursor > 0 else { return }
        cursor -= 1
        text.remove(at: cursor)
        redraw()
    }

    private func deleteForward() {
        guard cursor < text.count else { return }
        text.remove(at: cursor)
        redraw()
    }

    private func deleteWordBackward() {
        let start = wordStart(before: cursor)
        text.removeSubrange(start..<cursor)
        cursor = start
        redraw()
    }

    /// Where the word before `position` starts (Ctrl-W, Alt-b).
    private func wordStart(before position: Int) -> Int {
        var index = position
        while index > 0 && text[index - 1] == " " { index -= 1 }
        while index > 0 && text[index - 1] != " " { index -= 1 }
        return index
    }

    /// Where the word after `position` ends (Alt-f).
    private func wordEnd(after position: Int) -> Int {
        var index = position
        while index < text.count && text[index] == " " { index += 1 }
        while index < text.count && text[index] != " " { index += 1 }
        return index
    }

    private func moveTo(_ position: Int) {
        let target = min(max(position, 0), text.count)
        guard target != cursor else { return }
        cursor = target
        redraw()
    }

    /// Draws the prompt and line again and puts the cursor in place.
    private func redraw() {
        var output = "\r" + prompt + String(text) + "\u{1B}[K"
        let tail = text[cursor...].reduce(0) { total, character in
            total + character.unicodeScalars.reduce(0) { $0 + max(DisplayWidth.of($1), 0) }
        }
        if tail > 0 { output += "\u{1B}[\(tail)D" }
        terminal.write(output)
    }
}
