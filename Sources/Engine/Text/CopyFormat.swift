// COPY's text and CSV formats (PostgreSQL's copyfromparse.c and copyto.c):
// the options as ProcessCopyOptions checks them, a line of data split
// into fields, and rows written back as lines.
//
// Text format: fields separated by the delimiter (a tab), `\N` for NULL,
// backslash escapes (`\t`, `\n`, `\\`, octal `\123`, hex `\x41`) and `\.`
// alone on a line ending the data. CSV: fields separated by a comma,
// quoted with `"` when they hold the delimiter, a quote or a newline (a
// quoted field may span lines), a doubled quote inside quotes for a quote,
// and an unquoted empty field for NULL; so `1,"a ""b""",` is 1, `a "b"`,
// NULL.
import SQLParser

/// COPY's options once checked, with PostgreSQL's defaults filled in.
package struct CopyOptions {
    package var csv = false
    package var header = false
    package var headerMatch = false
    package var delimiter: Character = "\t"
    package var null = "\\N"
    package var quote: Character = "\""
    package var escape: Character = "\""
    package var forceQuoteAll = false
    package var forceQuote: [String] = []
    package var forceNotNull: [String] = []
    package var forceNull: [String] = []

    /// Reads `options` as ProcessCopyOptions does, with its errors.
    package init(_ options: [CopyOption], isFrom: Bool) throws {
        var seen: Set<String> = []
        var format: String?
        var delimiter: String?
        var null: String?
        var quote: String?
        var escape: String?
        var forceQuote = false
        func conflicting(_ option: CopyOption) -> SQLError {
            SQLError(
                SQLState.syntaxError, "conflicting or redundant options",
                position: option.location + 1)
        }
        func string(_ option: CopyOption) throws -> String {
            guard case .text(let value)? = option.value else {
                throw SQLError(
                    SQLState.syntaxError, "\(option.name) requires a parameter",
                    position: option.location + 1)
            }
            return value
        }
        func names(_ option: CopyOption) throws -> [String] {
            guard case .list(let names)? = option.value else {
                throw SQLError(
                    SQLState.syntaxError,
                    "argument to option \"\(option.name)\" must be a list of column names",
                    position: option.location + 1)
            }
            return names
        }
        for option in options {
            let known = [
                "format", "freeze", "delimiter", "null", "header", "quote", "escape",
                "force_quote", "force_not_null", "force_null", "encoding",
            ]
            guard known.contains(option.name) else {
                throw SQLError(
                    SQLState.syntaxError, "option \"\(option.name)\" not recognized",
                    position: option.location + 1)
            }
            guard seen.insert(option.name).inserted else { throw conflicting(option) }
            switch option.name {
            case "format":
                let value = try string(option)
                guard ["text", "csv", "binary"].contains(value) else {
                    throw SQLError(
                        SQLState.invalidParameterValue, "COPY format \"\(value)\" not recognized",
                        position: option.location + 1)
                }
                format = value
            case "freeze":
                _ = try Self.boolean(option)
            case "delimiter": delimiter = try string(option)
            case "null": null = try string(option)
            case "quote": quote = try string(option)
            case "escape": escape = try string(option)
            case "header":
                if case .text(let value)? = option.value, value.lowercased() == "match" {
                    guard isFrom else {
                        throw SQLError(
                            SQLState.syntaxError,
                            "cannot use \"\(value)\" with HEADER in COPY TO",
                            position: option.location + 1)
                    }
                    header = true
                    headerMatch = true
                } else {
                    header = try Self.boolean(option, orMatch: true)
                }
            case "force_quote":
                forceQuote = true
                if case .star? = option.value { forceQuoteAll = true } else {
                    self.forceQuote = try names(option)
                }
            case "force_not_null": forceNotNull = try names(option)
            case "force_null": forceNull = try names(option)
            default:
                let value = try string(option).lowercased().replacingOccurrences(
                    of: "-", with: "")
                guard ["utf8", "sqlascii", "latin1", "unicode"].contains(value) else {
                    throw SQLError(
                        SQLState.invalidParameterValue,
                        "argument to option \"encoding\" must be a valid encoding name",
                        position: option.location + 1)
                }
            }
        }
        if format == "binary" {
            // TODO(#6): COPY's binary format.
            throw SQLError.notSupported("COPY BINARY is not supported yet")
        }
        csv = format == "csv"
        let delim = delimiter ?? (csv ? "," : "\t")
        self.null = null ?? (csv ? "" : "\\N")
        guard delim.utf8.count == 1, let d = delim.first else {
            throw SQLError(
                SQLState.featureNotSupported, "COPY delimiter must be a single one-byte character")
        }
        self.delimiter = d
        if d == "\n" || d == "\r" {
            throw SQLError(
                SQLState.invalidParameterValue,
                "COPY delimiter cannot be newline or carriage return")
        }
        if self.null.contains("\n") || self.null.contains("\r") {
            throw SQLError(
                SQLState.invalidParameterValue,
                "COPY null representation cannot use newline or carriage return")
        }
        if !csv, "\\.abcdefghijklmnopqrstuvwxyz0123456789".contains(d) {
            throw SQLError(SQLState.invalidParameterValue, "COPY delimiter cannot be \"\(delim)\"")
        }
        if !csv, quote != nil {
            throw SQLError(SQLState.featureNotSupported, "COPY quote available only in CSV mode")
        }
        if csv {
            let q = quote ?? "\""
            guard q.utf8.count == 1, let qc = q.first else {
                throw SQLError(
                    SQLState.featureNotSupported, "COPY quote must be a single one-byte character")
            }
            self.quote = qc
            if qc == d {
                throw SQLError(
                    SQLState.invalidParameterValue, "COPY delimiter and quote must be different")
            }
        }
        if !csv, escape != nil {
            throw SQLError(SQLState.featureNotSupported, "COPY escape available only in CSV mode")
        }
        if csv {
            let e = escape ?? String(self.quote)
            guard e.utf8.count == 1, let ec = e.first else {
                throw SQLError(
                    SQLState.featureNotSupported, "COPY escape must be a single one-byte character")
            }
            self.escape = ec
        }
        if forceQuote {
            guard csv else {
                throw SQLError(
                    SQLState.featureNotSupported, "COPY force quote available only in CSV mode")
            }
            guard !isFrom else {
                throw SQLError(
                    SQLState.featureNotSupported, "COPY force quote only available using COPY TO")
            }
        }
        if !forceNotNull.isEmpty {
            guard csv else {
                throw SQLError(
                    SQLState.featureNotSupported, "COPY force not null available only in CSV mode")
            }
            guard isFrom else {
                throw SQLError(
                    SQLState.featureNotSupported,
                    "COPY force not null only available using COPY FROM")
            }
        }
        if !forceNull.isEmpty {
            guard csv else {
                throw SQLError(
                    SQLState.featureNotSupported, "COPY force null available only in CSV mode")
            }
            guard isFrom else {
                throw SQLError(
                    SQLState.featureNotSupported, "COPY force null only available using COPY FROM")
            }
        }
        if self.null.contains(d) {
            throw SQLError(
                SQLState.featureNotSupported,
                "COPY delimiter must not appear in the NULL specification")
        }
        if csv, self.null.contains(self.quote) {
            throw SQLError(
                SQLState.featureNotSupported,
                "CSV quote character must not appear in the NULL specification")
        }
    }

    /// defGetBoolean (or, for HEADER, its Boolean-or-"match" variant).
    private static func boolean(_ option: CopyOption, orMatch: Bool = false) throws -> Bool {
        guard let value = option.value else { return true }
        if case .text(let text) = value {
            switch text.lowercased() {
            case "true", "on", "1", "yes", "t", "y": return true
            case "false", "off", "0", "no", "f", "n": return false
            default: break
            }
        }
        let expected = orMatch ? "a Boolean value or \"match\"" : "a Boolean value"
        throw SQLError(
            SQLState.syntaxError, "\(option.name) requires \(expected)",
            position: option.location + 1)
    }
}

/// One record of COPY FROM's input: its fields (nil for NULL) and the raw
/// text it was read from, for error messages.
package struct CopyRecord {
    package var fields: [String?]
    package var raw: String
    /// The input line the record starts on, from 1.
    package var line: Int
}

/// Reads records from COPY FROM's lines.
package struct CopyReader {
    let options: CopyOptions
    let nextLine: () -> String?
    /// Input lines read so far.
    private(set) var lineNumber = 0
    /// Set once the end-of-data marker or the end of input was met.
    private(set) var finished = false

    package init(options: CopyOptions, nextLine: @escaping () -> String?) {
        self.options = options
        self.nextLine = nextLine
    }

    /// The next record; nil at the end of the data.
    package mutating func next(table: String) throws -> CopyRecord? {
        guard !finished, let line = nextLine() else {
            finished = true
            return nil
        }
        lineNumber += 1
        if line == "\\." {
            finished = true
            return nil
        }
        if options.csv { return try csvRecord(line, table: table) }
        return CopyRecord(fields: textFields(line), raw: line, line: lineNumber)
    }

    /// Reads and drops what is left of the input.
    package mutating func drain() {
        while !finished {
            guard let line = nextLine() else { break }
            lineNumber += 1
            if line == "\\." { break }
        }
        finished = true
    }

    // MARK: - Text

    private func textFields(_ line: String) -> [String?] {
        var fields: [String?] = []
        var field = ""
        var raw = ""
        var scalars = Array(line.unicodeScalars)
        scalars.append("\n")
        var i = 0
        let delimiter = options.delimiter.unicodeScalars.first ?? "\t"
        func finish() {
            fields.append(raw == options.null ? nil : field)
            field = ""
            raw = ""
        }
        while i < scalars.count - 1 {
            let c = scalars[i]
            if c == delimiter {
                finish()
                i += 1
                continue
            }
            guard c == "\\", i + 1 < scalars.count - 1 else {
                field.unicodeScalars.append(c)
                raw.unicodeScalars.append(c)
                i += 1
                continue
            }
            let n = scalars[i + 1]
            raw.unicodeScalars.append(c)
            raw.unicodeScalars.append(n)
            i += 2
            switch n {
            case "b": field.append("\u{08}")
            case "f": field.append("\u{0C}")
            case "n": field.append("\n")
            case "r": field.append("\r")
            case "t": field.append("\t")
            case "v": field.append("\u{0B}")
            case "0"..."7":
                var value = n.value - 48
                var digits = 1
                while digits < 3, i < scalars.count - 1, ("0"..."7").contains(scalars[i]) {
                    value = value * 8 + scalars[i].value - 48
                    raw.unicodeScalars.append(scalars[i])
                    i += 1
                    digits += 1
                }
                if let scalar = Unicode.Scalar(value & 0xFF) { field.unicodeScalars.append(scalar) }
            case "x":
                var value: UInt32 = 0
                var digits = 0
                while digits < 2, i < scalars.count - 1, scalars[i].properties.isASCIIHexDigit {
                    value = value * 16 + UInt32(Int(String(scalars[i]), radix: 16) ?? 0)
                    raw.unicodeScalars.append(scalars[i])
                    i += 1
                    digits += 1
                }
                if digits == 0 {
                    field.append("x")
                } else if let scalar = Unicode.Scalar(value) {
                    field.unicodeScalars.append(scalar)
                }
            default:
                field.unicodeScalars.append(n)
            }
        }
        finish()
        return fields
    }

    // MARK: - CSV

    private mutating func csvRecord(_ first: String, table: String) throws -> CopyRecord {
        let start = lineNumber
        var raw = first
        var line = Array(first.unicodeScalars)
        var fields: [String?] = []
        var field = ""
        var quoted = false
        var inQuotes = false
        var i = 0
        let delimiter = options.delimiter.unicodeScalars.first ?? ","
        let quote = options.quote.unicodeScalars.first ?? "\""
        let escape = options.escape.unicodeScalars.first ?? "\""
        while true {
            if i == line.count {
                guard inQuotes else { break }
                // A quoted field goes on over the next line.
                guard let next = nextLine() else {
                    finished = true
                    throw SQLError(
                        SQLState.badCopyFileFormat, "unterminated CSV quoted field",
                        context: "COPY \(table), line \(start): \"\(raw)\n\"")
                }
                lineNumber += 1
                raw += "\n" + next
                field.append("\n")
                line = Array(next.unicodeScalars)
                i = 0
                continue
            }
            let c = line[i]
            if inQuotes {
                if c == escape, i + 1 < line.count, line[i + 1] == quote || line[i + 1] == escape,
                    !(c == quote && escape == quote && line[i + 1] != quote)
                {
                    field.unicodeScalars.append(line[i + 1])
                    i += 2
                    continue
                }
                if c == quote {
                    inQuotes = false
                    i += 1
                    continue
                }
                field.unicodeScalars.append(c)
                i += 1
                continue
            }
            if c == quote {
                inQuotes = true
                quoted = true
                i += 1
                continue
            }
            if c == delimiter {
                fields.append(!quoted && field == options.null ? nil : field)
                field = ""
                quoted = false
                i += 1
                continue
            }
            field.unicodeScalars.append(c)
            i += 1
        }
        fields.append(!quoted && field == options.null ? nil : field)
        return CopyRecord(fields: fields, raw: raw, line: start)
    }
}

extension SQLState {
    /// 22P04: COPY input that is not in the format asked for.
    package static let badCopyFileFormat = "22P04"
}

/// Writes rows in COPY TO's format.
package struct CopyWriter {
    let options: CopyOptions

    package init(options: CopyOptions) { self.options = options }

    /// The header line of `names`.
    package func header(_ names: [String]) -> String {
        names.map { options.csv ? csvField($0, forceQuote: false, single: false) : textField($0) }
            .joined(separator: String(options.delimiter)) + "\n"
    }

    /// One row, each value already in its output form (nil for NULL);
    /// `forceQuote` marks the columns FORCE_QUOTE names.
    package func line(_ values: [String?], forceQuote: [Bool]) -> String {
        var parts: [String] = []
        parts.reserveCapacity(values.count)
        for (i, value) in values.enumerated() {
            guard let value else {
                parts.append(options.null)
                continue
            }
            if options.csv {
                let force = options.forceQuoteAll || (i < forceQuote.count && forceQuote[i])
                parts.append(csvField(value, forceQuote: force, single: values.count == 1))
            } else {
                parts.append(textField(value))
            }
        }
        return parts.joined(separator: String(options.delimiter)) + "\n"
    }

    private func textField(_ value: String) -> String {
        var out = ""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            case "\u{0B}": out += "\\v"
            default:
                if Character(scalar) == options.delimiter {
                    out += "\\"
                }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    private func csvField(_ value: String, forceQuote: Bool, single: Bool) -> String {
        var quote = forceQuote || value == options.null || (single && value == "\\.")
        if !quote {
            for c in value
            where c == options.delimiter || c == options.quote || c == "\n" || c == "\r"
                || c == "\r\n"
            {
                quote = true
                break
            }
        }
        guard quote else { return value }
        var out = String(options.quote)
        for c in value {
            if c == options.quote || c == options.escape { out.append(options.escape) }
            out.append(c)
        }
        out.append(options.quote)
        return out
    }
}
