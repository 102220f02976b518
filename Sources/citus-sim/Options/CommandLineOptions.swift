// psql's command line (startup.c's parse_psql_options), parsed the way
// getopt_long does it: bundled short options (`-Xaq`), attached or separate
// values (`-fFILE`, `-f FILE`, `--file=FILE`, `--file FILE`), options and
// operands in any order, `--` ending the options.

/// One `-c` or `-f`, kept in command-line order.
enum StartupAction: Equatable {
    /// `-c` with SQL, sent as one query string.
    case command(String)
    /// `-c` with a backslash command.
    case slashCommand(String)
    /// `-f FILE` (`-` is standard input).
    case file(String)
}

/// Everything the command line asks for.
struct CommandLineOptions {
    /// `-c` and `-f` in order.
    var actions: [StartupAction] = []
    /// `-d`, or the first operand.
    var database: String?
    /// `-U`, or the second operand.
    var user: String?
    /// `-h`: a host name, an IP address or a socket directory.
    var host: String?
    /// `-p`, as given.
    var port: String?
    /// `-v NAME=VALUE` and `--set`, in order; a nil value unsets.
    var variables: [(name: String, value: String?)] = []
    /// `-P NAME=VALUE`, in order.
    var printSettings: [(name: String, value: String?)] = []
    /// `-X`.
    var noPsqlrc = false
    /// `-1`.
    var singleTransaction = false
    /// `-A`.
    var unaligned = false
    /// `--csv`.
    var csv = false
    /// `-t`.
    var tuplesOnly = false
    /// `-x`.
    var expanded = false
    /// `-F`.
    var fieldSeparator: String?
    /// `-R`.
    var recordSeparator: String?
    /// `-z`.
    var fieldSeparatorZero = false
    /// `-0`.
    var recordSeparatorZero = false
    /// `-S`.
    var singleLine = false
    /// `-l`.
    var list = false
    /// `--help` (with its optional topic).
    var help: String?
    /// `-V`.
    var version = false
    /// Operands beyond the database and user, which psql ignores with a
    /// warning.
    var extraOperands: [String] = []

    /// A command-line mistake, reported getopt-style.
    struct UsageError: Error {
        /// The message after the program name.
        var message: String
    }

    /// Long options: name, whether a value is required (true), optional
    /// (nil) or not taken (false), and the short option it stands for.
    private static let longOptions: [(String, Bool?, Character)] = [
        ("echo-all", false, "a"), ("no-align", false, "A"), ("command", true, "c"),
        ("dbname", true, "d"), ("echo-queries", false, "e"), ("echo-errors", false, "b"),
        ("echo-hidden", false, "E"), ("file", true, "f"), ("field-separator", true, "F"),
        ("field-separator-zero", false, "z"), ("host", true, "h"), ("html", false, "H"),
        ("list", false, "l"), ("log-file", true, "L"), ("no-readline", false, "n"),
        ("single-transaction", false, "1"), ("output", true, "o"), ("port", true, "p"),
        ("pset", true, "P"), ("quiet", false, "q"), ("record-separator", true, "R"),
        ("record-separator-zero", false, "0"), ("single-step", false, "s"),
        ("single-line", false, "S"), ("tuples-only", false, "t"), ("table-attr", true, "T"),
        ("username", true, "U"), ("set", true, "v"), ("variable", true, "v"),
        ("version", false, "V"), ("no-password", false, "w"), ("password", false, "W"),
        ("expanded", false, "x"), ("no-psqlrc", false, "X"), ("help", nil, "?"),
        ("csv", false, "C"),
    ]

    /// Short options that take a value.
    private static let valued: Set<Character> = [
        "c", "d", "f", "F", "h", "L", "o", "p", "P", "R", "T", "U", "v",
    ]
    /// Short options that take none.
    private static let flags: Set<Character> = [
        "a", "A", "b", "e", "E", "H", "l", "n", "q", "s", "S", "t", "V", "w", "W", "x",
        "X", "z", "?", "0", "1",
    ]

    /// Parses `arguments` (without the program name).
    static func parse(_ arguments: [String]) throws -> CommandLineOptions {
        var options = CommandLineOptions()
        var operands: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                operands.append(contentsOf: arguments[index...])
                break
            }
            if argument.hasPrefix("--") {
                let body = argument.dropFirst(2)
                let name = String(body.prefix { $0 != "=" })
                let attached =
                    body.contains("=")
                    ? String(body.drop { $0 != "=" }.dropFirst()) : nil
                let candidates = longOptions.filter { $0.0.hasPrefix(name) }
                guard
                    let option = longOptions.first(where: { $0.0 == name })
                        ?? (candidates.count == 1 ? candidates.first : nil)
                else {
                    throw UsageError(
                        message: candidates.count > 1
                            ? "option '\(argument)' is ambiguous"
                            : "unrecognized option '\(argument)'")
                }
                var value = attached
                switch option.1 {
                case true?:
                    if value == nil {
                        guard index < arguments.count else {
                            throw UsageError(message: "option '--\(option.0)' requires an argument")
                        }
                        value = arguments[index]
                        index += 1
                    }
                case false?:
                    if attached != nil {
                        throw UsageError(
                            message: "option '--\(option.0)' doesn't allow an argument")
                    }
                case nil:
                    break
                }
                if option.2 == "?" {
                    options.help = value ?? "options"
                    continue
                }
                try options.apply(option.2, value)
                continue
            }
            guard argument.hasPrefix("-"), argument.count > 1 else {
                operands.append(argument)
                continue
            }
            var characters = Array(argument.dropFirst())
            while !characters.isEmpty {
                let letter = characters.removeFirst()
                if valued.contains(letter) {
                    var value = String(characters)
                    characters = []
                    if value.isEmpty {
                        guard index < arguments.count else {
                            throw UsageError(message: "option requires an argument -- '\(letter)'")
                        }
                        value = arguments[index]
                        index += 1
                    }
                    try options.apply(letter, value)
                } else if flags.contains(letter) {
                    if letter == "?" {
                        options.help = "options"
                    } else {
                        try options.apply(letter, nil)
                    }
                } else {
                    throw UsageError(message: "invalid option -- '\(letter)'")
                }
            }
        }
        for operand in operands {
            if options.database == nil {
                options.database = operand
            } else if options.user == nil {
                options.user = operand
            } else {
                options.extraOperands.append(operand)
            }
        }
        return options
    }

    /// Records one option.
    private mutating func apply(_ letter: Character, _ value: String?) throws {
        let text = value ?? ""
        switch letter {
        case "a": variables.append(("ECHO", "all"))
        case "A": unaligned = true
        case "b": variables.append(("ECHO", "errors"))
        case "c":
            actions.append(
                text.hasPrefix("\\")
                    ? .slashCommand(String(text.dropFirst())) : .command(text))
        case "C": csv = true
        case "d": database = text
        case "h": host = text
        case "p": port = text
        case "e": variables.append(("ECHO", "queries"))
        case "E": variables.append(("ECHO_HIDDEN", "on"))
        case "f": actions.append(.file(text))
        case "F": fieldSeparator = text
        case "l": list = true
        case "P":
            let name = String(text.prefix { $0 != "=" })
            let setting = text.contains("=") ? String(text.drop { $0 != "=" }.dropFirst()) : nil
            printSettings.append((name, setting))
        case "q": variables.append(("QUIET", "on"))
        case "R": recordSeparator = text
        case "S": singleLine = true
        case "t": tuplesOnly = true
        case "U": user = text
        case "v":
            if let equals = text.firstIndex(of: "=") {
                let value = String(text[text.index(after: equals)...])
                variables.append((String(text[..<equals]), value))
            } else {
                variables.append((text, nil))
            }
        case "V": version = true
        case "x": expanded = true
        case "X": noPsqlrc = true
        case "z": fieldSeparatorZero = true
        case "0": recordSeparatorZero = true
        case "1": singleTransaction = true
        case "o", "L", "H", "T", "s":
            // TODO(#6): output files, log files, HTML and single-step mode.
            throw UsageError(message: "option -\(letter) is not supported")
        default:
            // -w, -W and -n are accepted for compatibility: an embedded
            // node has no password, and line editing is citus-sim's own.
            break
        }
    }
}
