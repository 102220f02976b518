// psql's MainLoop: read lines, echo them under `-a`, feed them to the
// statement scanner, send each complete statement, run backslash commands,
// and decide the exit status (3 when ON_ERROR_STOP ends a script).

/// psql's exit statuses.
enum PsqlExitCode: Int32 {
    case success = 0
    case failure = 1
    case badConnection = 2
    case user = 3
}

/// What a backslash command asks the main loop to do next.
enum SlashResult {
    /// Carry on.
    case skip
    /// Send the query buffer now.
    case send
    /// The command failed.
    case error
    /// Stop reading input (`\q`).
    case terminate
}

extension PsqlShell {
    /// Runs every line of `source`; `interactive` when a person types.
    func mainLoop(_ source: LineSource, interactive isInteractive: Bool) -> PsqlExitCode {
        let savedInteractive = interactive
        let savedLine = lineNumber
        let savedConditionals = conditionals
        let savedSource = currentSource
        currentSource = source
        interactive = isInteractive
        lineNumber = 0
        conditionals = ConditionalStack()
        defer {
            interactive = savedInteractive
            lineNumber = savedLine
            conditionals = savedConditionals
            currentSource = savedSource
        }

        var scanner = StatementScanner()
        var queryBuffer = ""
        var previousBuffer = ""
        var status = PsqlExitCode.success
        var slashStatus = SlashResult.skip
        var dieOnError = false

        while status == .success {
            if interruptHandler?.takePressed() == true { cancelPressed = true }
            if cancelPressed {
                if !interactive {
                    status = .user
                    break
                }
                cancelPressed = false
            }
            console.flush()
            let prompt =
                interactive
                ? promptText(scanner.promptStatus(bufferIsEmpty: queryBuffer.isEmpty)) : ""
            guard let rawLine = source.readLine(prompt: prompt) else {
                if interactive {
                    console.write(quiet ? "\n" : "\\q\n")
                }
                break
            }
            if source.takeInterrupt() {
                scanner.reset()
                queryBuffer = ""
                continue
            }
            var line = rawLine
            lineNumber += 1
            if lineNumber == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            if line.isEmpty && !scanner.isInQuote { continue }
            if interactive, queryBuffer.isEmpty, isHelpRequest(line) {
                printHelpGreeting()
                continue
            }
            if echo == .all && !interactive {
                console.write(line + "\n")
            }
            console.flush()

            var addedNewlineAt = -1
            if !queryBuffer.isEmpty {
                queryBuffer += "\n"
                addedNewlineAt = queryBuffer.utf8.count
            }
            dieOnError = onErrorStop
            scanner.setLine(line)
            var success = true

            while success || !dieOnError {
                let result = scanner.scan(into: &queryBuffer, variables: lookupVariable)
                if result == .semicolon || (result == .endOfLine && singleLine) {
                    if conditionals.isActive {
                        success = sendQuery(queryBuffer)
                        slashStatus = success ? .send : .error
                        previousBuffer = queryBuffer
                    }
                    queryBuffer = ""
                    addedNewlineAt = -1
                } else if result == .backslash {
                    if queryBuffer.utf8.count == addedNewlineAt {
                        queryBuffer.removeLast()
                    }
                    addedNewlineAt = -1
                    slashStatus = handleSlashCommand(
                        &scanner, queryBuffer: &queryBuffer, previousBuffer: previousBuffer)
                    success = slashStatus != .error
                    if slashStatus == .send {
                        let query = queryBuffer.isEmpty ? previousBuffer : queryBuffer
                        success = sendQuery(query)
                        previousBuffer = query
                        queryBuffer = ""
                        scanner.reset()
                    } else if slashStatus == .terminate {
                        break
                    }
                }
                if result == .incomplete || result == .endOfLine { break }
            }

            if slashStatus == .terminate { break }
            if !interactive && !success && dieOnError {
                status = .user
            } else if !interactive && !isConnected {
                // A script's failed \connect leaves no connection.
                status = .badConnection
            }
        }

        if !queryBuffer.isEmpty && !interactive && status == .success {
            if conditionals.isActive {
                let success = sendQuery(queryBuffer)
                if !success && dieOnError { status = .user }
            }
        }
        if slashStatus != .terminate && status != .user && !conditionals.isEmpty {
            logError("reached EOF without finding closing \\endif(s)")
            if dieOnError && !interactive { status = .user }
        }
        return status
    }

    /// psql's "help" greeting check: the line is `help` alone or followed
    /// by `;` or whitespace.
    private func isHelpRequest(_ line: String) -> Bool {
        let scalars = Array(line.unicodeScalars)
        guard scalars.count >= 4,
            String(String.UnicodeScalarView(scalars[0..<4])).lowercased() == "help"
        else { return false }
        return scalars.count == 4 || scalars[4] == ";" || scalars[4] == " " || scalars[4] == "\t"
    }

    /// What psql prints when someone types `help`.
    private func printHelpGreeting() {
        console.write(
            """
            You are using psql, the command-line interface to PostgreSQL.
            Type:  \\copyright for distribution terms
                   \\h for help with SQL commands
                   \\? for help with psql commands
                   \\g or terminate with semicolon to execute query
                   \\q to quit

            """)
    }
}
