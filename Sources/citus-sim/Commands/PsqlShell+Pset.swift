// psql's `\pset` (do_pset and printPsetInfo) and the shortcuts that set
// one printing option: `\a`, `\C`, `\f`, `\H`, `\t`, `\T`, `\x`.

extension PsqlShell {
    /// The printing options `\pset` knows, in the order `\pset` lists them.
    static let psetNames: [String] = [
        "border", "columns", "csv_fieldsep", "expanded", "fieldsep", "fieldsep_zero",
        "footer", "format", "linestyle", "null", "numericlocale", "pager",
        "pager_min_lines", "recordsep", "recordsep_zero", "tableattr", "title",
        "tuples_only", "unicode_border_linestyle", "unicode_column_linestyle",
        "unicode_header_linestyle",
    ]

    /// Runs a printing-setting command.
    func printSettingCommand(_ name: String, _ arguments: inout SlashArguments) -> SlashResult {
        switch name {
        case "a":
            let format = printOptions.format == .aligned ? "unaligned" : "aligned"
            return pset("format", format, quiet: quiet) ? .skip : .error
        case "C":
            return pset("title", arguments.next(.normal), quiet: quiet) ? .skip : .error
        case "f":
            return pset("fieldsep", arguments.next(.normal), quiet: quiet) ? .skip : .error
        case "t":
            let value = arguments.next(.normal, stripSemicolons: true)
            return pset("tuples_only", value, quiet: quiet) ? .skip : .error
        case "x":
            let value = arguments.next(.normal, stripSemicolons: true)
            return pset("expanded", value, quiet: quiet) ? .skip : .error
        case "H", "html", "T":
            // TODO(#6): HTML output is not simulated.
            logError("\\\(name): HTML output is not supported by citus-sim")
            return .error
        default:
            guard let option = arguments.next(.normal) else {
                for name in PsqlShell.psetNames {
                    let padded = name + String(repeating: " ", count: max(0, 24 - name.count))
                    console.write(padded + " " + psetValue(name) + "\n")
                }
                return .skip
            }
            let value = arguments.next(.normal)
            return pset(option, value, quiet: quiet) ? .skip : .error
        }
    }

    /// Sets printing option `name` (nil `value` toggles or shows it) and
    /// reports the new setting unless `quiet`.
    @discardableResult
    func pset(_ name: String, _ value: String?, quiet: Bool) -> Bool {
        var options = printOptions
        switch name {
        case "format":
            if let value {
                guard let format = parseFormat(value) else { return false }
                options.format = format
            }
        case "border":
            if let value { options.border = Int(value.prefix { $0.isNumber }) ?? 0 }
        case "expanded", "x":
            if let value {
                if value.lowercased() == "auto" {
                    options.expanded = .auto
                } else if let flag = Variables.parseBool(value) {
                    options.expanded = flag ? .on : .off
                } else {
                    logError("unrecognized value \"\(value)\" for \"expanded\"")
                    logDetail("Available values are: on, off, auto.")
                    return false
                }
            } else {
                options.expanded = options.expanded == .off ? .on : .off
            }
        case "tuples_only", "t", "footer", "fieldsep_zero", "recordsep_zero", "numericlocale":
            guard setBooleanOption(name, value, in: &options) else { return false }
        case "null":
            if let value { options.nullString = value }
        case "fieldsep":
            if let value {
                options.fieldSeparator = value
                options.fieldSeparatorZero = false
            }
        case "recordsep":
            if let value {
                options.recordSeparator = value
                options.recordSeparatorZero = false
            }
        case "csv_fieldsep":
            if let value {
                guard value.utf8.count == 1, let character = value.first,
                    character != "\"", character != "\n", character != "\r"
                else {
                    logError("\\pset: csv_fieldsep must be a single one-byte character")
                    return false
                }
                options.csvFieldSeparator = character
            }
        case "title", "C":
            options.title = value
        case "linestyle":
            if let value {
                switch value.lowercased() {
                case "ascii": options.lineStyle = .ascii
                case "unicode": options.lineStyle = .unicode
                default:
                    logError("\\pset: allowed line styles are ascii, old-ascii, unicode")
                    return false
                }
            }
        case "columns":
            if let value { options.columns = Int(value) ?? 0 }
        case "pager", "pager_min_lines", "tableattr", "T", "unicode_border_linestyle",
            "unicode_column_linestyle", "unicode_header_linestyle":
            // Accepted and ignored: the simulator never pages and draws
            // single unicode lines.
            break
        default:
            logError("\\pset: unknown option: \(name)")
            return false
        }
        printOptions = options
        // psql 15 prints no confirmation for `footer`.
        if !quiet && name != "footer" { console.write(psetInfo(name) + "\n") }
        return true
    }

    /// A boolean printing option: set from `value`, or toggled.
    private func setBooleanOption(
        _ name: String, _ value: String?, in options: inout PrintOptions
    ) -> Bool {
        func apply(_ current: Bool) -> Bool? {
            toggle(value, current: current, name: name == "t" ? "tuples_only" : name)
        }
        switch name {
        case "tuples_only", "t":
            guard let flag = apply(options.tuplesOnly) else { return false }
            options.tuplesOnly = flag
        case "footer":
            guard let flag = apply(options.showFooter) else { return false }
            options.showFooter = flag
        case "fieldsep_zero":
            guard let flag = apply(options.fieldSeparatorZero) else { return false }
            options.fieldSeparatorZero = flag
            if flag { options.fieldSeparator = "" }
        case "recordsep_zero":
            guard let flag = apply(options.recordSeparatorZero) else { return false }
            options.recordSeparatorZero = flag
            if flag { options.recordSeparator = "" }
        default:
            guard apply(false) != nil else { return false }
        }
        return true
    }

    /// A format name or unique prefix of one.
    private func parseFormat(_ value: String) -> PrintOptions.Format? {
        let all = [
            "aligned", "asciidoc", "csv", "html", "latex", "latex-longtable", "troff-ms",
            "unaligned", "wrapped",
        ]
        let lower = value.lowercased()
        let matches = all.filter { $0.hasPrefix(lower) }
        let chosen = all.contains(lower) ? lower : (matches.count == 1 ? matches.first : nil)
        if matches.count > 1 && !all.contains(lower) {
            logError(
                "\\pset: ambiguous abbreviation \"\(value)\" matches both \"\(matches[0])\" "
                    + "and \"\(matches[1])\"")
            return nil
        }
        guard let chosen else {
            logError("\\pset: allowed formats are \(all.joined(separator: ", "))")
            return nil
        }
        guard let format = PrintOptions.Format(rawValue: chosen) else {
            // TODO(#6): html, asciidoc, latex and troff-ms output.
            logError("\\pset: format \(chosen) is not supported by citus-sim")
            return nil
        }
        return format
    }

    /// psql's printPsetInfo sentence for option `name`.
    private func psetInfo(_ name: String) -> String {
        let options = printOptions
        switch name {
        case "border": return "Border style is \(options.border)."
        case "columns":
            return options.columns == 0
                ? "Target width is unset." : "Target width is \(options.columns)."
        case "expanded", "x":
            switch options.expanded {
            case .auto: return "Expanded display is used automatically."
            case .on: return "Expanded display is on."
            case .off: return "Expanded display is off."
            }
        case "csv_fieldsep":
            return "Field separator for CSV is \"\(options.csvFieldSeparator)\"."
        case "fieldsep", "fieldsep_zero":
            return options.fieldSeparatorZero
                ? "Field separator is zero byte."
                : "Field separator is \"\(options.fieldSeparator)\"."
        case "format": return "Output format is \(options.format.rawValue)."
        case "linestyle": return "Line style is \(options.lineStyle.name)."
        case "null": return "Null display is \"\(options.nullString)\"."
        case "numericlocale": return "Locale-adjusted numeric output is off."
        case "pager": return "Pager is used for long output."
        case "pager_min_lines": return "Pager won't be used for less than 0 lines."
        case "recordsep", "recordsep_zero":
            if options.recordSeparatorZero { return "Record separator is zero byte." }
            if options.recordSeparator == "\n" { return "Record separator is <newline>." }
            return "Record separator is \"\(options.recordSeparator)\"."
        case "tableattr", "T": return "Table attributes unset."
        case "title", "C":
            if let title = options.title { return "Title is \"\(title)\"." }
            return "Title is unset."
        case "tuples_only", "t":
            return options.tuplesOnly ? "Tuples only is on." : "Tuples only is off."
        default:
            return "Unicode \(name.dropFirst(8).prefix { $0 != "_" }) line style is \"single\"."
        }
    }

    /// The value column of `\pset` with no arguments.
    private func psetValue(_ name: String) -> String {
        let options = printOptions
        func quoted(_ text: String) -> String {
            "'" + text.replacingNewlines() + "'"
        }
        switch name {
        case "border": return String(options.border)
        case "columns": return String(options.columns)
        case "csv_fieldsep": return quoted(String(options.csvFieldSeparator))
        case "expanded":
            switch options.expanded {
            case .auto: return "auto"
            case .on: return "on"
            case .off: return "off"
            }
        case "fieldsep": return quoted(options.fieldSeparator)
        case "fieldsep_zero": return options.fieldSeparatorZero ? "on" : "off"
        case "footer": return options.showFooter ? "on" : "off"
        case "format": return options.format.rawValue
        case "linestyle": return options.lineStyle.name
        case "null": return quoted(options.nullString)
        case "numericlocale": return "off"
        case "pager": return "1"
        case "pager_min_lines": return "0"
        case "recordsep": return quoted(options.recordSeparator)
        case "recordsep_zero": return options.recordSeparatorZero ? "on" : "off"
        case "tableattr": return ""
        case "title": return options.title ?? ""
        case "tuples_only": return options.tuplesOnly ? "on" : "off"
        default: return "single"
        }
    }
}

extension String {
    /// The text with newlines written as `\n`, as `\pset` lists values.
    func replacingNewlines() -> String {
        var out = ""
        for scalar in unicodeScalars {
            if scalar == "\n" {
                out += "\\n"
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
