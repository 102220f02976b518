// psql's print_aligned_text: the default table layout with a centred
// header, `-+-` rules, right-aligned numbers, `+` marking values continued
// on the next line, and `.` marking values wrapped in `\pset format wrapped`.

import Engine

extension TablePrinter {
    /// How a column's current display line continues.
    private enum LineWrap {
        case none, wrap, newline
    }

    /// Appends `table` in aligned (or wrapped) format.
    func printAligned(_ table: TableContent, to out: inout String) {
        let style = options.lineStyle
        let border = min(options.border, 2)
        let columnCount = table.headers.count
        let headers = table.headers.map(FormattedCell.init)
        let cells: [[FormattedCell]] =
            columnCount == 0
            ? [] : table.rows.map { $0.map(FormattedCell.init) }

        // Measure headers and cells.
        let headerWidths = headers.map(\.width)
        var maxWidths = headerWidths
        var averages = [Int](repeating: 0, count: columnCount)
        for row in cells {
            for (column, cell) in row.enumerated() {
                let width = cell.width
                maxWidths[column] = max(maxWidths[column], width)
                averages[column] += width
            }
        }
        if !cells.isEmpty {
            averages = averages.map { $0 / cells.count }
        }
        var totalWidth: Int
        switch border {
        case 0: totalWidth = columnCount
        case 1: totalWidth = columnCount * 3 - (columnCount > 0 ? 1 : 0)
        default: totalWidth = columnCount * 3 + 1
        }
        let totalHeaderWidth = totalWidth + headerWidths.reduce(0, +)
        totalWidth += maxWidths.reduce(0, +)

        // Squeeze columns to the screen in wrapped format.
        var wrapWidths = maxWidths
        let screen = outputColumns
        if options.format == .wrapped, screen > 0, screen >= totalHeaderWidth {
            while totalWidth > screen {
                var maxRatio = 0.0
                var worst = -1
                for column in 0..<columnCount
                where averages[column] > 0 && wrapWidths[column] > headerWidths[column] {
                    let ratio =
                        Double(wrapWidths[column]) / Double(averages[column])
                        + Double(maxWidths[column]) * 0.01
                    if ratio > maxRatio {
                        maxRatio = ratio
                        worst = column
                    }
                }
                if worst < 0 { break }
                wrapWidths[worst] -= 1
                totalWidth -= 1
            }
        }
        if options.expanded == .auto, screen > 0, columnCount > 1,
            screen < totalHeaderWidth || screen < totalWidth
        {
            printAlignedVertical(table, to: &out)
            return
        }

        if let title = table.title, !options.tuplesOnly {
            let width = FormattedCell(title).width
            if width < totalWidth { out.appendSpaces((totalWidth - width) / 2) }
            out += title
            out += "\n"
        }
        if !options.tuplesOnly {
            if border == 2 {
                appendRule(style.top, widths: wrapWidths, border: border, to: &out)
            }
            appendHeaders(headers, widths: wrapWidths, border: border, to: &out)
            appendRule(style.middle, widths: wrapWidths, border: border, to: &out)
        }
        for row in cells {
            appendRow(row, table: table, widths: wrapWidths, border: border, to: &out)
        }
        if border == 2 {
            appendRule(style.bottom, widths: wrapWidths, border: border, to: &out)
        }
        if !options.tuplesOnly, let footers = table.footersWithDefault(options) {
            for footer in footers {
                out += footer
                out += "\n"
            }
        }
        out += "\n"
    }

    /// A horizontal rule (psql's _print_horizontal_line).
    private func appendRule(
        _ rule: LineStyle.Rule, widths: [Int], border: Int, to out: inout String
    ) {
        if border == 1 {
            out += rule.horizontal
        } else if border == 2 {
            out += rule.left + rule.horizontal
        }
        for (column, width) in widths.enumerated() {
            out += String(repeating: rule.horizontal, count: width)
            if column < widths.count - 1 {
                out += border == 0 ? " " : rule.horizontal + rule.middle + rule.horizontal
            }
        }
        if border == 2 {
            out += rule.horizontal + rule.right
        } else if border == 1 {
            out += rule.horizontal
        }
        out += "\n"
    }

    /// The header lines, each column's name centred.
    private func appendHeaders(
        _ headers: [FormattedCell], widths: [Int], border: Int, to out: inout String
    ) {
        let style = options.lineStyle
        var remaining = headers.count
        var done = [Bool](repeating: false, count: headers.count)
        var lineNumber = 0
        while remaining > 0 {
            if border == 2 { out += style.data.left }
            for (column, header) in headers.enumerated() {
                if border != 0 || (!style.wrapRightBorder && column > 0) {
                    out += lineNumber > 0 ? style.headerNewlineLeft : " "
                }
                if !done[column] {
                    let line = header.lines[lineNumber]
                    let spaces = widths[column] - line.width
                    out.appendSpaces(spaces / 2)
                    out += line.text
                    out.appendSpaces((spaces + 1) / 2)
                    if lineNumber + 1 >= header.lines.count {
                        remaining -= 1
                        done[column] = true
                    }
                } else {
                    out.appendSpaces(widths[column])
                }
                if border != 0 || style.wrapRightBorder {
                    out += done[column] ? " " : style.headerNewlineRight
                }
                if border != 0 && column < headers.count - 1 {
                    out += style.data.middle
                }
            }
            lineNumber += 1
            if border == 2 { out += style.data.right }
            out += "\n"
        }
    }

    /// The display lines of one row: several when a value holds newlines
    /// or wraps.
    private func appendRow(
        _ row: [FormattedCell], table: TableContent, widths: [Int], border: Int,
        to out: inout String
    ) {
        let style = options.lineStyle
        let columnCount = row.count
        var lineIndex = [Int](repeating: 0, count: columnCount)
        var offsets = [Int](repeating: 0, count: columnCount)
        var wraps = [LineWrap](repeating: .none, count: columnCount)
        var moreLines = true
        while moreLines {
            moreLines = false
            if border == 2 { out += style.data.left }
            for column in 0..<columnCount {
                let cell = row[column]
                let width = widths[column]
                var printed = width
                let finalSpaces = border == 2 || column < columnCount - 1
                if border != 0 {
                    switch wraps[column] {
                    case .wrap: out += style.wrapLeft
                    case .newline: out += style.newlineLeft
                    case .none: out += " "
                    }
                }
                if lineIndex[column] >= cell.lines.count {
                    if finalSpaces { out.appendSpaces(width) }
                } else {
                    let line = cell.lines[lineIndex[column]]
                    let piece = TablePrinter.prefix(
                        of: line, from: offsets[column], width: width)
                    printed = min(piece.width, width)
                    if table.alignments[column] == .right {
                        out.appendSpaces(width - printed)
                    }
                    out += piece.text
                    offsets[column] = piece.end
                    if piece.end < line.text.unicodeScalars.count {
                        moreLines = true
                    } else {
                        lineIndex[column] += 1
                        if lineIndex[column] < cell.lines.count { moreLines = true }
                        offsets[column] = 0
                    }
                }
                wraps[column] = .none
                if lineIndex[column] < cell.lines.count {
                    if offsets[column] != 0 {
                        wraps[column] = .wrap
                    } else if lineIndex[column] != 0 {
                        wraps[column] = .newline
                    }
                }
                if table.alignments[column] != .right,
                    finalSpaces || wraps[column] != .none
                {
                    out.appendSpaces(width - printed)
                }
                switch wraps[column] {
                case .wrap: out += style.wrapRight
                case .newline: out += style.newlineRight
                case .none: if finalSpaces { out += " " }
                }
                if border != 0 && column < columnCount - 1 {
                    let next = column + 1
                    switch wraps[next] {
                    case .wrap: out += style.midvruleWrap
                    case .newline: out += style.midvruleNewline
                    case .none:
                        out +=
                            lineIndex[next] >= row[next].lines.count
                            ? style.midvruleBlank : style.data.middle
                    }
                }
            }
            if border == 2 { out += style.data.right }
            out += "\n"
        }
    }

    /// The longest piece of `line` from scalar `start` that fits in
    /// `width` columns, at least one character (psql's strlen_max_width).
    static func prefix(
        of line: FormattedCell.Line, from start: Int, width: Int
    ) -> (text: String, width: Int, end: Int) {
        if start == 0 && line.width <= width {
            return (line.text, line.width, line.text.unicodeScalars.count)
        }
        let scalars = Array(line.text.unicodeScalars)
        var used = 0
        var index = start
        var text = ""
        while index < scalars.count {
            let columns = DisplayWidth.of(scalars[index])
            if width < used + columns && used != 0 { break }
            used += columns
            text.unicodeScalars.append(scalars[index])
            index += 1
        }
        return (text, used, index)
    }
}
