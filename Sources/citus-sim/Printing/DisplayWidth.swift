// Display width of text as psql measures it, and the cell formatting of
// pg_wcsformat: newlines split a value into lines, tabs expand to
// 8-column stops, control characters print as `\r`, `\xHH` or `\uHHHH`.

import Engine

extension DisplayWidth {
    /// The width of `text` on one line, counting control characters as 1
    /// (how libpq's reportErrorPosition counts columns).
    static func columns(_ text: Substring.UnicodeScalarView) -> Int {
        var total = 0
        for scalar in text { total += max(of(scalar), 1) }
        return total
    }
}

/// A value as psql prints it inside a table: its lines after escaping,
/// each with its display width.
struct FormattedCell {
    /// One display line of the cell.
    struct Line {
        /// The text with tabs expanded and control characters escaped.
        var text: String
        /// Its width in terminal columns.
        var width: Int
    }

    /// The lines, at least one.
    var lines: [Line]

    /// The widest line's width.
    var width: Int { lines.reduce(0) { max($0, $1.width) } }

    /// Formats `value` as pg_wcsformat does.
    init(_ value: String) {
        if value.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) {
            lines = [Line(text: value, width: value.utf8.count)]
            return
        }
        var result: [Line] = []
        var text = ""
        var width = 0
        for scalar in value.unicodeScalars {
            let columns = DisplayWidth.of(scalar)
            switch scalar.value {
            case 0x0A:
                result.append(Line(text: text, width: width))
                text = ""
                width = 0
            case 0x0D:
                text += "\\r"
                width += 2
            case 0x09:
                repeat {
                    text.append(" ")
                    width += 1
                } while width % 8 != 0
            default:
                if columns >= 0 {
                    text.unicodeScalars.append(scalar)
                    width += columns
                } else if scalar.isASCII {
                    text += "\\x" + FormattedCell.hex(scalar.value, digits: 2)
                    width += 4
                } else {
                    text += "\\u" + FormattedCell.hex(scalar.value, digits: 4)
                    width += 6
                }
            }
        }
        result.append(Line(text: text, width: width))
        lines = result
    }

    /// Upper-case hexadecimal, zero-padded to `digits`.
    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }
}
