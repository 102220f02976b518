// The program's flow, after psql's startup.c: parse the command line,
// connect, apply -v/-P and the format flags, read ~/.psqlrc unless -X, then
// run the -c/-f actions in order, or the REPL, or standard input.

#if canImport(Glibc)
    import Glibc
#endif

/// citus-sim's entry point.
enum CommandLineTool {
    /// Runs the program with `arguments` (without the program name) and
    /// returns its exit status. `connect` opens a connection (throwing
    /// `ConnectionFailure` with libpq's message when nothing listens
    /// there); `input` replaces standard input; `interrupts` turns
    /// Ctrl-C into cancels; relative file names are looked up in
    /// `directory` when given.
    static func run(
        _ arguments: [String], console: Console, input: LineSource? = nil,
        interrupts: InterruptHandler? = nil, directory: String? = nil,
        connect: @escaping (ConnectionTarget) throws -> QueryConnection
    ) -> Int32 {
        let options: CommandLineOptions
        do {
            options = try CommandLineOptions.parse(arguments)
        } catch let error as CommandLineOptions.UsageError {
            console.writeError("citus-sim: \(error.message)\n")
            console.writeError("Try \"citus-sim --help\" for more information.\n")
            return PsqlExitCode.failure.rawValue
        } catch {
            return PsqlExitCode.failure.rawValue
        }
        if options.help != nil {
            console.write(HelpText.usage)
            console.flush()
            return PsqlExitCode.success.rawValue
        }
        if options.version {
            console.write(HelpText.version)
            console.flush()
            return PsqlExitCode.success.rawValue
        }

        var target = PsqlShell.defaultTarget
        let connection: QueryConnection
        do {
            if let user = options.user { target.user = user }
            if let host = options.host { target.host = host }
            if let port = options.port { target.port = port }
            // A connection string given as the database name overrides
            // the other options, as libpq's expand_dbname does.
            if let database = options.database, ConnectionString.isConnectionString(database) {
                try ConnectionString.apply(database, to: &target)
            } else if let database = options.database {
                target.database = database
            }
            connection = try connect(target)
        } catch let failure as ConnectionFailure {
            console.writeError("psql: error: \(failure.message)\n")
            return PsqlExitCode.badConnection.rawValue
        } catch {
            console.writeError("psql: error: could not start the embedded node: \(error)\n")
            return PsqlExitCode.badConnection.rawValue
        }
        let shell = PsqlShell(connection: connection, console: console)
        shell.target = target
        shell.interruptHandler = interrupts
        shell.connector = connect
        shell.baseDirectory = directory
        defer { console.flush() }
        guard configure(shell, options) else { return PsqlExitCode.failure.rawValue }
        for extra in options.extraOperands {
            shell.logWarning("extra command-line argument \"\(extra)\" ignored")
        }
        if options.list {
            // TODO(#6): \l needs the engine's catalog of databases.
            shell.logFatal("-l is not supported yet")
            return PsqlExitCode.failure.rawValue
        }
        if !options.noPsqlrc { readPsqlrc(shell) }
        if !options.actions.isEmpty {
            return runActions(shell, options).rawValue
        }

        let interactive = input == nil && isatty(0) == 1 && console.outputIsTerminal
        let source: LineSource
        if let input {
            source = input
        } else if interactive {
            source = InteractiveSession(shell: shell)
        } else {
            source = StreamLineSource(bytes: StreamLineSource.readAll(path: "-") ?? [])
        }
        if interactive && !shell.quiet { console.write(HelpText.banner) }
        shell.terseLogging = true
        return shell.mainLoop(source, interactive: interactive).rawValue
    }

    /// Applies variables, print settings and format flags; false when one
    /// is rejected.
    private static func configure(_ shell: PsqlShell, _ options: CommandLineOptions) -> Bool {
        for (name, value) in options.variables {
            if value == nil, !Variables.isValidName(name) {
                shell.logFatal("could not set variable \"\(name)\"")
                return false
            }
            if !shell.setVariable(name, value) { return false }
        }
        if options.singleLine { shell.setVariable("SINGLELINE", "on") }
        var print = shell.printOptions
        if options.unaligned { print.format = .unaligned }
        if options.csv { print.format = .csv }
        if options.tuplesOnly { print.tuplesOnly = true }
        if options.expanded { print.expanded = .on }
        if let separator = options.fieldSeparator { print.fieldSeparator = separator }
        if let separator = options.recordSeparator { print.recordSeparator = separator }
        if options.fieldSeparatorZero { print.fieldSeparatorZero = true }
        if options.recordSeparatorZero { print.recordSeparatorZero = true }
        shell.printOptions = print
        for (name, value) in options.printSettings {
            if !shell.pset(name, value, quiet: true) { return false }
        }
        return true
    }

    /// Runs ~/.psqlrc-15.18, ~/.psqlrc-15 or ~/.psqlrc, the first that
    /// exists, as psql's process_psqlrc does.
    private static func readPsqlrc(_ shell: PsqlShell) {
        guard let home = getenv("HOME").map({ String(cString: $0) }) else { return }
        for name in [".psqlrc-15.18", ".psqlrc-15", ".psqlrc"] {
            let path = home + "/" + name
            if access(path, R_OK) == 0 {
                _ = shell.runFile(path)
                return
            }
        }
    }

    /// Runs the -c and -f actions in order, inside BEGIN/COMMIT with -1.
    private static func runActions(
        _ shell: PsqlShell, _ options: CommandLineOptions
    ) -> PsqlExitCode {
        if options.singleTransaction { _ = shell.runHidden("BEGIN") }
        var status = PsqlExitCode.success
        for action in options.actions {
            switch action {
            case .command(let sql):
                shell.terseLogging = true
                if shell.echo == .all { shell.console.write(sql + "\n") }
                status = shell.sendQuery(sql) ? .success : .failure
            case .slashCommand(let text):
                shell.terseLogging = true
                if shell.echo == .all { shell.console.write(text + "\n") }
                var scanner = StatementScanner()
                scanner.setLine(text)
                var buffer = ""
                let result = shell.handleSlashCommand(
                    &scanner, queryBuffer: &buffer, previousBuffer: "")
                status = result == .error ? .failure : .success
                if result == .send, !buffer.isEmpty {
                    status = shell.sendQuery(buffer) ? .success : .failure
                }
            case .file(let path):
                status = shell.runFile(path)
            }
            if status != .success && shell.onErrorStop { break }
        }
        if options.singleTransaction {
            let failed = status != .success && shell.onErrorStop
            if !shell.runHidden(failed ? "ROLLBACK" : "COMMIT") && shell.onErrorStop {
                status = .user
            }
        }
        return status
    }
}

extension PsqlShell {
    /// Runs a query psql issues on its own (PSQLexec): no echo and no
    /// output but errors. Returns false on error.
    func runHidden(_ sql: String) -> Bool {
        guard checkConnected() else { return false }
        var success = true
        connection.run(sql) { event in
            switch event {
            case .error(let message):
                success = false
                logInfo(messageFormatter.format(message, query: sql, isError: true))
            case .notice(let message):
                logInfo(messageFormatter.format(message, query: sql, isError: false))
            case .result:
                break
            }
        }
        return success
    }
}
