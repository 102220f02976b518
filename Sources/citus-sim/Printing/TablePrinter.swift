// Draws a `TableContent` in the format `PrintOptions` asks for, byte for
// byte as psql's print.c does; the aligned and expanded layouts live in
// TablePrinter+Aligned.swift and TablePrinter+Vertical.swift.

/// Renders tables as psql's printTable does.
struct TablePrinter {
    /// The settings in force.
    var options: PrintOptions
    /// The width of the terminal the output goes to, 0 when it is not a
    /// terminal; used by wrapped and auto-expanded output.
    var terminalColumns = 0

    /// The target width: `\pset columns`, else the terminal's.
    var outputColumns: Int {
        options.columns > 0 ? options.columns : terminalColumns
    }

    /// Appends `table`, drawn in the current format, to `out`.
    func print(_ table: TableContent, to out: inout String) {
        switch options.format {
        case .unaligned:
            if options.expanded == .on {
                printUnalignedVertical(table, to: &out)
            } else {
                printUnaligned(table, to: &out)
            }
        case .aligned, .wrapped:
            if options.expanded == .on {
                printAlignedVertical(table, to: &out)
            } else {
                printAligned(table, to: &out)
            }
        case .csv:
            if options.expanded == .on {
                printCSVVertical(table, to: &out)
            } else {
                printCSV(table, to: &out)
            }
        }
    }

    /// The field separator of unaligned output.
    private var fieldSeparator: String {
        options.fieldSeparatorZero ? "\0" : options.fieldSeparator
    }

    /// The record separator of unaligned output.
    private var recordSeparator: String {
        options.recordSeparatorZero ? "\0" : options.recordSeparator
    }

    /// Ends unaligned output: a newline, or NUL with `recordsep_zero`.
    private func finishUnaligned(needRecordSeparator: Bool, to out: inout String) {
        if needRecordSeparator {
            out += options.recordSeparatorZero ? "\0" : "\n"
        }
    }

    /// `\pset format unaligned`: fields joined by the field separator.
    func printUnaligned(_ table: TableContent, to out: inout String) {
        var needRecordSeparator = false
        if !options.tuplesOnly {
            if let title = table.title {
                out += title
                out += recordSeparator
            }
            out += table.headers.joined(separator: fieldSeparator)
            needRecordSeparator = true
        }
        for row in table.rows {
            if needRecordSeparator { out += recordSeparator }
            out += row.joined(separator: fieldSeparator)
            needRecordSeparator = true
        }
        if !options.tuplesOnly, let footers = table.footersWithDefault(options) {
            for footer in footers {
                if needRecordSeparator { out += recordSeparator }
                out += footer
                needRecordSeparator = true
            }
        }
        finishUnaligned(needRecordSeparator: needRecordSeparator, to: &out)
    }

    /// Unaligned and expanded: `name|value` lines, a blank record between
    /// rows.
    func printUnalignedVertical(_ table: TableContent, to out: inout String) {
        var needRecordSeparator = false
        if !options.tuplesOnly, let title = table.title {
            out += title
            needRecordSeparator = true
        }
        for row in table.rows {
            if needRecordSeparator {
                out += recordSeparator
                out += recordSeparator
            }
            for (index, value) in row.enumerated() {
                if index > 0 { out += recordSeparator }
                out += table.headers[index]
                out += fieldSeparator
                out += value
            }
            needRecordSeparator = true
        }
        if !options.tuplesOnly, let footers = table.footers {
            out += recordSeparator
            for footer in footers {
                out += recordSeparator
                out += footer
            }
        }
        finishUnaligned(needRecordSeparator: needRecordSeparator, to: &out)
    }

    /// `\pset format csv`: RFC 4180 quoting, header unless tuples-only.
    func printCSV(_ table: TableContent, to out: inout String) {
        let separator = options.csvFieldSeparator
        if !options.tuplesOnly {
            appendCSVRecord(table.headers, separator: separator, to: &out)
        }
        for row in table.rows {
            appendCSVRecord(row, separator: separator, to: &out)
        }
    }

    /// CSV and expanded: one `name,value` line per field.
    func printCSVVertical(_ table: TableContent, to out: inout String) {
        let separator = options.csvFieldSeparator
        for row in table.rows {
            for (index, value) in row.enumerated() {
                appendCSVRecord([table.headers[index], value], separator: separator, to: &out)
            }
        }
    }

    /// One CSV line.
    private func appendCSVRecord(_ fields: [String], separator: Character, to out: inout String) {
        for (index, field) in fields.enumerated() {
            if index > 0 { out.append(separator) }
            appendCSVField(field, separator: separator, to: &out)
        }
        out += "\n"
    }

    /// A field, quoted when it holds the separator, a quote, CR or LF, is
    /// exactly `\.`, or the separator is `\` or `.` (COPY's end marker).
    private func appendCSVField(_ field: String, separator: Character, to out: inout String) {
        let mustQuote =
            field.contains(separator)
            || field.utf8.contains(where: { $0 == 0x0D || $0 == 0x0A || $0 == 0x22 })
            || field == "\\." || separator == "\\" || separator == "."
        guard mustQuote else {
            out += field
            return
        }
        out += "\""
        for character in field.unicodeScalars {
            if character == "\"" { out += "\"" }
            out.unicodeScalars.append(character)
        }
        out += "\""
    }
}

extension String {
    /// `count` spaces appended, as printf's `%*s` pads.
    mutating func appendSpaces(_ count: Int) {
        if count > 0 { append(String(repeating: " ", count: count)) }
    }
}
