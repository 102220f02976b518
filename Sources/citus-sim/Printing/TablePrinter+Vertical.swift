// psql's print_aligned_vertical: expanded output (`\x`, `-x`), one
// `-[ RECORD n ]` block per row with the column names on the left.

extension TablePrinter {
    /// Appends `table` in expanded aligned format.
    func printAlignedVertical(_ table: TableContent, to out: inout String) {
        let style = options.lineStyle
        let border = min(options.border, 2)
        let columnCount = table.headers.count
        if columnCount == 0 || table.rows.isEmpty {
            if !options.tuplesOnly, let footers = table.footersWithDefault(options) {
                for footer in footers {
                    out += footer
                    out += "\n"
                }
            }
            out += "\n"
            return
        }

        let headers = table.headers.map(FormattedCell.init)
        let cells = table.rows.map { $0.map(FormattedCell.init) }
        let headerWidth = headers.reduce(0) { max($0, $1.width) }
        let headerMultiline = headers.contains { $0.lines.count > 1 }
        var dataWidth = 0
        var dataMultiline = false
        for row in cells {
            for cell in row {
                dataWidth = max(dataWidth, cell.width)
                if cell.lines.count > 1 { dataMultiline = true }
            }
        }
        if !options.tuplesOnly, let title = table.title {
            out += title
            out += "\n"
        }
        dataWidth = verticalDataWidth(
            headerWidth: headerWidth, dataWidth: dataWidth, rows: table.rows.count,
            border: border, headerMultiline: headerMultiline,
            dataMultiline: &dataMultiline)

        for (rowNumber, row) in cells.enumerated() {
            let rule = rowNumber == 0 ? style.top : style.middle
            if !options.tuplesOnly {
                appendRecordLine(
                    rule, record: rowNumber + 1, headerWidth: headerWidth,
                    dataWidth: dataWidth, border: border, to: &out)
            } else if rowNumber != 0 || border == 2 {
                appendRecordLine(
                    rule, record: 0, headerWidth: headerWidth, dataWidth: dataWidth,
                    border: border, to: &out)
            }
            for (column, cell) in row.enumerated() {
                appendField(
                    header: headers[column], data: cell, headerWidth: headerWidth,
                    dataWidth: dataWidth, border: border, headerMultiline: headerMultiline,
                    dataMultiline: dataMultiline, to: &out)
            }
        }
        if border == 2 {
            appendRecordLine(
                style.bottom, record: 0, headerWidth: headerWidth, dataWidth: dataWidth,
                border: border, to: &out)
        }
        if !options.tuplesOnly, let footers = table.footers {
            if border < 2 { out += "\n" }
            for footer in footers {
                out += footer
                out += "\n"
            }
        }
        out += "\n"
    }

    /// The data column's width: the widest value, or in wrapped format
    /// what is left of the screen (psql 15 widens nothing in aligned
    /// format).
    private func verticalDataWidth(
        headerWidth: Int, dataWidth: Int, rows: Int, border: Int, headerMultiline: Bool,
        dataMultiline: inout Bool
    ) -> Int {
        let screen = outputColumns
        guard options.format == .wrapped, screen > 0 else { return dataWidth }
        var spacer: Int
        switch border {
        case 0: spacer = headerMultiline ? 2 : 1
        case 1: spacer = 3
        default: spacer = 7
        }
        if dataMultiline && border < 2 { spacer += 1 }
        var recordWidth = 0
        if !options.tuplesOnly {
            recordWidth = String(rows).count + [9, 12, 15][border]
        }
        while true {
            let width = headerWidth + spacer + dataWidth
            let minimum = max(headerWidth + spacer + 3, recordWidth)
            var newWidth: Int
            if screen >= width {
                newWidth = dataWidth
            } else if screen < minimum {
                newWidth = minimum - headerWidth - spacer
            } else {
                newWidth = screen - headerWidth - spacer
            }
            if newWidth < dataWidth && !dataMultiline && border < 2 {
                dataMultiline = true
                spacer += 1
            } else {
                return newWidth
            }
        }
    }

    /// A `-[ RECORD n ]-+-----` line (psql's print_aligned_vertical_line);
    /// `record` 0 draws a plain rule.
    private func appendRecordLine(
        _ rule: LineStyle.Rule, record: Int, headerWidth: Int, dataWidth: Int, border: Int,
        to out: inout String
    ) {
        if border == 2 {
            out += rule.left + rule.horizontal
        } else if border == 1 {
            out += rule.horizontal
        }
        var length = 0
        if record > 0 {
            let label = border == 0 ? "* Record \(record)" : "[ RECORD \(record) ]"
            out += label
            length = label.count
        }
        if border != 2 { length += 1 }
        let fill = border > 0 ? rule.horizontal : " "
        if length < headerWidth {
            out += String(repeating: fill, count: headerWidth - length)
        }
        length -= headerWidth
        if border > 0 {
            if length <= 0 { out += rule.horizontal }
            length -= 1
            if length <= 0 { out += rule.middle }
            length -= 1
            if length <= 0 { out += rule.horizontal }
            length -= 1
        } else {
            if length <= 0 { out += " " }
            length -= 1
        }
        if length < 0 { length = 0 }
        if length < dataWidth {
            out += String(repeating: fill, count: dataWidth - length)
        }
        if border == 2 { out += rule.horizontal + rule.right }
        out += "\n"
    }

    /// One field: the column name and its value, over as many lines as
    /// either needs.
    private func appendField(
        header: FormattedCell, data: FormattedCell, headerWidth: Int, dataWidth: Int,
        border: Int, headerMultiline: Bool, dataMultiline: Bool, to out: inout String
    ) {
        let style = options.lineStyle
        var headerLine = 0
        var dataLine = 0
        var headerComplete = false
        var dataComplete = false
        var offset = 0
        var remaining = data.lines[0].width
        while !dataComplete || !headerComplete {
            if border == 2 { out += style.data.left }
            if !headerComplete {
                if border == 2 {
                    out += headerLine > 0 ? style.headerNewlineLeft : " "
                }
                let line = header.lines[headerLine]
                out += line.text
                out.appendSpaces(headerWidth - line.width)
                if headerLine + 1 < header.lines.count {
                    if border > 0 || headerMultiline { out += style.headerNewlineRight }
                    headerLine += 1
                } else {
                    if border > 0 || headerMultiline { out += " " }
                    headerComplete = true
                }
            } else {
                var spaces = headerWidth + border
                if border == 0 && headerMultiline { spaces += 1 }
                out.appendSpaces(spaces)
            }
            if border > 0 {
                if offset > 0 {
                    out += style.midvruleWrap
                } else if dataLine == 0 {
                    out += style.data.middle
                } else {
                    out += style.midvruleNewline
                }
            }
            if !dataComplete {
                out += offset == 0 ? " " : style.wrapLeft
                let line = data.lines[dataLine]
                let piece = TablePrinter.prefix(of: line, from: offset, width: dataWidth)
                out += piece.text
                remaining -= piece.width
                offset = piece.end
                let spaces = dataWidth - piece.width
                if remaining > 0 {
                    if border > 1 || dataMultiline {
                        out.appendSpaces(spaces)
                        out += style.wrapRight
                    }
                } else if dataLine + 1 < data.lines.count {
                    if border > 1 || dataMultiline {
                        out.appendSpaces(spaces)
                        out += style.newlineRight
                    }
                    dataLine += 1
                    offset = 0
                    remaining = data.lines[dataLine].width
                } else {
                    if border > 1 {
                        out.appendSpaces(spaces)
                        out += " "
                    }
                    dataComplete = true
                }
                if border == 2 { out += style.data.right }
                out += "\n"
            } else if border < 2 {
                out += "\n"
            } else {
                out.appendSpaces(dataWidth)
                out += "  " + style.data.right + "\n"
            }
        }
    }
}
