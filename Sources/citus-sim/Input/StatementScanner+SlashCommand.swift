// psql's backslash-command lexer (psqlscanslash.l): the command name, its
// arguments with quoting and variable substitution, and the optional `\\`
// that ends a command on a line that goes on with SQL.

/// How a backslash command's argument is read.
enum SlashOptionType {
    /// Whitespace-separated; quotes and variables processed.
    case normal
    /// Like `normal`, then unquoted letters folded to lower case and
    /// double quotes removed.
    case sqlIdentifier
    /// Like `sqlIdentifier` without the folding: `\\connect`'s arguments
    /// (psql's OT_SQLIDHACK).
    case sqlIdentifierKeepingCase
    /// The rest of the line.
    case wholeLine
}

extension StatementScanner {
    /// Reads the command name after the backslash: everything up to
    /// whitespace or the next backslash.
    mutating func scanSlashCommandName() -> String {
        var name = ""
        while position < line.count {
            let scalar = line[position]
            if StatementScanner.isSlashSpace(scalar) || scalar == "\\" { break }
            name.unicodeScalars.append(scalar)
            position += 1
        }
        return name
    }

    /// Reads the next argument; nil at the end of the command. `quote` is
    /// set to the last quote character used (0 when none). Unquoted
    /// trailing semicolons are dropped when `stripSemicolons` is set.
    mutating func scanSlashOption(
        _ type: SlashOptionType, stripSemicolons: Bool = false,
        quote: inout Unicode.Scalar?, variables: VariableLookup,
        onError: (String) -> Void
    ) -> String? {
        quote = nil
        if type == .wholeLine {
            while position < line.count, StatementScanner.isSlashSpace(line[position]) {
                position += 1
            }
            let rest = remainder
            position = line.count
            return rest.isEmpty ? nil : rest
        }
        while position < line.count, StatementScanner.isSlashSpace(line[position]) {
            position += 1
        }
        var text = ""
        var unquotedTail = 0
        var inQuote: Unicode.Scalar?
        argument: while position < line.count {
            let scalar = line[position]
            if let open = inQuote {
                if open == "'" {
                    scanSlashQuoted(into: &text, closed: &inQuote)
                } else {
                    text.unicodeScalars.append(scalar)
                    position += 1
                    if scalar == open { inQuote = nil }
                }
                continue
            }
            switch scalar {
            case _ where StatementScanner.isSlashSpace(scalar), "\\":
                break argument
            case "'":
                quote = "'"
                inQuote = "'"
                unquotedTail = 0
                position += 1
            case "\"":
                quote = "\""
                inQuote = "\""
                unquotedTail = 0
                text.unicodeScalars.append(scalar)
                position += 1
            case ":":
                if let reference = variableReference(at: position),
                    let value = variables(reference.name, reference.quoting)
                {
                    text += value
                    quote = ":"
                    unquotedTail = 0
                    position += reference.length
                } else {
                    text.unicodeScalars.append(scalar)
                    unquotedTail += 1
                    position += 1
                }
            default:
                text.unicodeScalars.append(scalar)
                unquotedTail += 1
                position += 1
            }
        }
        if inQuote != nil {
            onError("unterminated quoted string")
            return nil
        }
        if stripSemicolons {
            while unquotedTail > 0, text.hasSuffix(";") {
                text.removeLast()
                unquotedTail -= 1
            }
        }
        if type == .sqlIdentifier || type == .sqlIdentifierKeepingCase {
            text = StatementScanner.dequoteIdentifier(text, fold: type == .sqlIdentifier)
        }
        if text.isEmpty && quote == nil { return nil }
        return text
    }

    /// Inside '...' of an argument: `''` is a quote, `\n \t \b \r \f`,
    /// octal `\NNN` and hex `\xHH` escapes, `\c` is c.
    private mutating func scanSlashQuoted(into text: inout String, closed: inout Unicode.Scalar?) {
        let scalar = line[position]
        if scalar == "'" {
            if position + 1 < line.count, line[position + 1] == "'" {
                text += "'"
                position += 2
            } else {
                closed = nil
                position += 1
            }
            return
        }
        guard scalar == "\\", position + 1 < line.count else {
            text.unicodeScalars.append(scalar)
            position += 1
            return
        }
        let escaped = line[position + 1]
        position += 2
        switch escaped {
        case "n": text += "\n"
        case "t": text += "\t"
        case "b": text += "\u{08}"
        case "r": text += "\r"
        case "f": text += "\u{0C}"
        case "0"..."7":
            var value = escaped.value - 48
            var digits = 1
            while digits < 3, position < line.count, ("0"..."7").contains(line[position]) {
                value = value * 8 + line[position].value - 48
                position += 1
                digits += 1
            }
            text.unicodeScalars.append(Unicode.Scalar(UInt8(truncatingIfNeeded: value)))
        case "x" where position < line.count && line[position].properties.isASCIIHexDigit:
            var value: UInt32 = 0
            var digits = 0
            while digits < 2, position < line.count, line[position].properties.isASCIIHexDigit,
                let digit = UInt32(String(line[position]), radix: 16)
            {
                value = value * 16 + digit
                position += 1
                digits += 1
            }
            text.unicodeScalars.append(Unicode.Scalar(UInt8(truncatingIfNeeded: value)))
        default:
            text.unicodeScalars.append(escaped)
        }
    }

    /// Eats a `\\` that ends the command, as psql_scan_slash_command_end.
    mutating func scanSlashCommandEnd() {
        if position + 1 < line.count, line[position] == "\\", line[position + 1] == "\\" {
            position += 2
        }
    }

    /// Removes double quotes and, with `fold`, folds unquoted letters to
    /// lower case (psql's dequote_downcase_identifier).
    static func dequoteIdentifier(_ text: String, fold: Bool = true) -> String {
        var out = ""
        var inQuotes = false
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\"" {
                if inQuotes && index + 1 < scalars.count && scalars[index + 1] == "\"" {
                    out += "\""
                    index += 2
                    continue
                }
                inQuotes.toggle()
            } else if fold && !inQuotes && scalar >= "A" && scalar <= "Z" {
                out.unicodeScalars.append(Unicode.Scalar(scalar.value + 32) ?? scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
            index += 1
        }
        return out
    }

    /// psql's slash-command whitespace: space, tab, newline, CR, FF.
    static func isSlashSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\t" || scalar == "\n" || scalar == "\r" || scalar == "\u{0C}"
    }
}
