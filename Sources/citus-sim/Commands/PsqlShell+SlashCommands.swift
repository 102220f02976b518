// psql's backslash commands (command.c's HandleSlashCmds): read the name
// and arguments, run the command, warn about extra arguments, and keep
// `\if` branches honest. Printing settings live in PsqlShell+Pset.swift.

#if canImport(Glibc)
    import Glibc
#endif

extension PsqlShell {
    /// Runs the backslash command at the scanner's position.
    func handleSlashCommand(
        _ scanner: inout StatementScanner, queryBuffer: inout String, previousBuffer: String
    ) -> SlashResult {
        let name = scanner.scanSlashCommandName()
        var arguments = SlashArguments(scanner: scanner, shell: self)
        var status: SlashResult?
        if conditionals.isActive || ["if", "elif", "else", "endif"].contains(name) {
            status = runCommand(
                name, &arguments, queryBuffer: &queryBuffer, previousBuffer: previousBuffer,
                scanner: &scanner)
        } else {
            while arguments.next(.normal) != nil {}
            status = .skip
        }
        if status == nil {
            logError("invalid command \\\(name)")
            if interactive { logDetail("Try \\? for help.") }
            status = .error
        }
        while let extra = arguments.next(.normal) {
            if status != .error {
                logWarning("\\\(name): extra argument \"\(extra)\" ignored")
            }
        }
        scanner.position = arguments.scanner.position
        scanner.scanSlashCommandEnd()
        return status ?? .error
    }

    /// One command; nil when the name is unknown.
    private func runCommand(
        _ name: String, _ arguments: inout SlashArguments, queryBuffer: inout String,
        previousBuffer: String, scanner: inout StatementScanner
    ) -> SlashResult? {
        switch name {
        case "q", "quit":
            return .terminate
        case "bg":
            return backgroundCommand()
        case "jobs":
            return jobsCommand()
        case "echo", "qecho", "warn":
            return echoCommand(name, &arguments)
        case "set":
            return setCommand(&arguments)
        case "unset":
            guard let variable = arguments.next(.normal) else {
                logError("\\unset: missing required argument")
                return .error
            }
            return setVariable(variable, nil) ? .skip : .error
        case "i", "include", "ir", "include_relative":
            return includeCommand(name, &arguments)
        case "g", "gx", "gset":
            return sendCommand(name, &arguments)
        case "p", "print":
            let text = queryBuffer.isEmpty ? previousBuffer : queryBuffer
            if !text.isEmpty {
                console.write(text + "\n")
            } else {
                inform("Query buffer is empty.")
            }
            return .skip
        case "r", "reset":
            queryBuffer = ""
            scanner.reset()
            inform("Query buffer reset (cleared).")
            return .skip
        case "if", "elif", "else", "endif":
            return conditionalCommand(name, &arguments)
        case "timing":
            let value = arguments.next(.normal, stripSemicolons: true)
            guard let flag = toggle(value, current: timing, name: "\\timing") else {
                return .error
            }
            timing = flag
            inform(timing ? "Timing is on." : "Timing is off.")
            return .skip
        case "conninfo":
            guard isConnected else {
                console.write("You are currently not connected to a database.\n")
                return .skip
            }
            console.write("You are connected to " + connectionText(connection) + ".\n")
            return .skip
        case "?":
            console.write(HelpText.slashCommands)
            return .skip
        case "a", "C", "f", "H", "html", "t", "T", "x", "pset":
            return printSettingCommand(name, &arguments)
        case "c", "connect":
            return connectCommand(name, &arguments)
        case "d", "dt", "dn", "dx", "df", "di", "dv", "ds", "du", "dg", "d+", "dt+", "dn+",
            "df+", "di+", "dv+", "ds+", "du+", "dg+", "dx+", "l", "list", "l+", "list+":
            return describeCommand(name, &arguments)
        case "copy":
            return copyCommand(&arguments)
        case "sv", "sv+":
            return showViewCommand(name, &arguments)
        case "o", "out", "!", "e", "edit", "ef", "ev", "cd", "s", "w", "write",
            "gexec", "watch", "lo_import", "lo_export", "h", "help", "copyright",
            "encoding", "password", "prompt", "setenv", "sf", "errverbose",
            "bind", "crosstabview", "getenv":
            // TODO(#6): the remaining psql commands are not simulated.
            logError("\\\(name) is not supported by citus-sim")
            return .error
        default:
            return nil
        }
    }

    /// `\echo`, `\qecho`, `\warn`: the arguments joined by spaces; `-n`
    /// first drops the newline.
    private func echoCommand(_ name: String, _ arguments: inout SlashArguments) -> SlashResult {
        var words: [String] = []
        var newline = true
        var first = true
        while let word = arguments.next(.normal) {
            if first && word == "-n" && arguments.lastQuote == nil {
                newline = false
            } else {
                words.append(word)
            }
            first = false
        }
        let text = words.joined(separator: " ") + (newline ? "\n" : "")
        if name == "warn" {
            console.writeError(text)
        } else {
            console.write(text)
        }
        return .skip
    }

    /// `\set`: list every variable, or set one to its remaining arguments
    /// concatenated.
    private func setCommand(_ arguments: inout SlashArguments) -> SlashResult {
        guard let name = arguments.next(.normal) else {
            for (variable, value) in variables.sorted {
                console.write("\(variable) = '\(value)'\n")
            }
            return .skip
        }
        var value = ""
        while let part = arguments.next(.normal) { value += part }
        return setVariable(name, value) ? .skip : .error
    }

    /// `\i FILE` and `\ir FILE`: run a file's commands in place.
    private func includeCommand(_ name: String, _ arguments: inout SlashArguments) -> SlashResult {
        guard var path = arguments.next(.normal, stripSemicolons: true) else {
            logError("\\\(name): missing required argument")
            return .error
        }
        if name.hasPrefix("ir") || name == "include_relative", !path.hasPrefix("/"),
            path != "-", let current = inputFile, let slash = current.lastIndex(of: "/")
        {
            path = String(current[...slash]) + path
        }
        return runFile(path) == .success ? .skip : .error
    }

    /// Runs the file at `path` (`-` for standard input) as psql's
    /// process_file does, reporting a missing file.
    func runFile(_ path: String) -> PsqlExitCode {
        let source: LineSource
        if path == "-" {
            guard let bytes = StreamLineSource.readAll(path: "-") else { return .failure }
            source = StreamLineSource(bytes: bytes)
        } else {
            let located = baseDirectory.map { path.hasPrefix("/") ? path : $0 + "/" + path }
            guard let fileSource = StreamLineSource(path: located ?? path) else {
                logError("\(path): \(PsqlShell.errnoText())")
                return .failure
            }
            source = fileSource
        }
        let savedFile = inputFile
        inputFile = path == "-" ? "<stdin>" : path
        terseLogging = false
        defer {
            inputFile = savedFile
            terseLogging = savedFile == nil
        }
        return mainLoop(source, interactive: false)
    }

    /// `\g`, `\gx`, `\gset [prefix]`: send the buffer now.
    private func sendCommand(_ name: String, _ arguments: inout SlashArguments) -> SlashResult {
        switch name {
        case "gx":
            pendingExpanded = .on
        case "gset":
            pendingGsetPrefix = arguments.next(.normal) ?? ""
        default:
            if let target = arguments.next(.normal) {
                // TODO(#6): \g FILENAME and \g |COMMAND are not simulated.
                logError("\\g \(target): sending output to a file is not supported by citus-sim")
                return .error
            }
        }
        return .send
    }

    /// `\if EXPR`, `\elif EXPR`, `\else`, `\endif`.
    private func conditionalCommand(
        _ name: String, _ arguments: inout SlashArguments
    ) -> SlashResult {
        switch name {
        case "if":
            if conditionals.isActive {
                conditionals.push(evaluateCondition(&arguments) ? .active : .waiting)
            } else {
                while arguments.next(.normal) != nil {}
                conditionals.push(.ignored)
            }
        case "elif":
            switch conditionals.top {
            case .active?:
                while arguments.next(.normal) != nil {}
                conditionals.setTop(.ignored)
            case .waiting?:
                conditionals.setTop(evaluateCondition(&arguments) ? .active : .waiting)
            case .ignored?:
                while arguments.next(.normal) != nil {}
            case .elseActive?, .elseIgnored?:
                logError("\\elif: cannot occur after \\else")
                return .error
            case nil:
                logError("\\elif: no matching \\if")
                return .error
            }
        case "else":
            switch conditionals.top {
            case .active?, .ignored?: conditionals.setTop(.elseIgnored)
            case .waiting?: conditionals.setTop(.elseActive)
            case .elseActive?, .elseIgnored?:
                logError("\\else: cannot occur after \\else")
                return .error
            case nil:
                logError("\\else: no matching \\if")
                return .error
            }
        default:
            if !conditionals.pop() {
                logError("\\endif: no matching \\if")
                return .error
            }
        }
        return .skip
    }

    /// An `\if` expression: its arguments joined, read as a boolean.
    private func evaluateCondition(_ arguments: inout SlashArguments) -> Bool {
        var words: [String] = []
        while let word = arguments.next(.normal) { words.append(word) }
        let text = words.joined(separator: " ")
        guard let value = Variables.parseBool(text) else {
            logError("unrecognized value \"\(text)\" for \"\\if expression\": Boolean expected")
            return false
        }
        return value
    }

    /// `on`/`off` for a toggling command, or the opposite of `current`.
    func toggle(_ value: String?, current: Bool, name: String) -> Bool? {
        guard let value else { return !current }
        guard let flag = Variables.parseBool(value) else {
            logError("unrecognized value \"\(value)\" for \"\(name)\": Boolean expected")
            return nil
        }
        return flag
    }

    /// strerror(errno).
    static func errnoText() -> String {
        String(cString: strerror(errno))
    }
}

/// Reads a backslash command's arguments off the scanner.
struct SlashArguments {
    /// The scanner positioned after the command name.
    var scanner: StatementScanner
    /// The session, for variable values and error messages.
    unowned let shell: PsqlShell
    /// The quote character the last argument used, if any.
    private(set) var lastQuote: Unicode.Scalar?

    /// Arguments from `scanner`'s position.
    init(scanner: StatementScanner, shell: PsqlShell) {
        self.scanner = scanner
        self.shell = shell
    }

    /// The next argument, or nil at the end of the command.
    mutating func next(_ type: SlashOptionType, stripSemicolons: Bool = false) -> String? {
        var quote: Unicode.Scalar?
        let shell = self.shell
        let value = scanner.scanSlashOption(
            type, stripSemicolons: stripSemicolons, quote: &quote,
            variables: shell.lookupVariable, onError: { shell.logError($0) })
        lastQuote = quote
        return value
    }
}
