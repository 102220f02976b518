// psql's SendQuery and result printing (common.c): echo the query under
// `-e`, run it, print notices and errors as they arrive, draw each result
// table or print its command tag, store `\gset` values, report `\timing`.

import Foundation

extension PsqlShell {
    /// Sends one query string; false when the server reported an error.
    @discardableResult
    func sendQuery(_ query: String) -> Bool {
        let expanded = pendingExpanded
        let gsetPrefix = pendingGsetPrefix
        pendingExpanded = nil
        pendingGsetPrefix = nil
        if pendingBackground {
            pendingBackground = false
            return sendBackgroundQuery(query)
        }
        guard checkConnected() else { return false }

        if echo == .queries {
            console.write(query + "\n")
            console.flush()
        }
        var options = printOptions
        if let expanded { options.expanded = expanded }

        interruptHandler?.begin(connection)
        defer { interruptHandler?.end() }
        connection.copyInReader = copyInput ?? scriptCopyReader()
        defer { connection.copyInReader = nil }
        let start = DispatchTime.now().uptimeNanoseconds
        var success = true
        var failure: ServerMessage?
        var lastRowCount = "0"
        connection.run(query) { event in
            switch event {
            case .notice(let message):
                logInfo(messageFormatter.format(message, query: query, isError: false))
            case .error(let message):
                success = false
                failure = message
                logInfo(messageFormatter.format(message, query: query, isError: true))
            case .result(let result):
                lastRowCount = rowCount(of: result)
                if let gsetPrefix, result.columns != nil {
                    if !storeRow(result, prefix: gsetPrefix) { success = false }
                } else {
                    printResult(result, options: options)
                }
            }
            console.flush()
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000

        if let failure {
            if echo == .errors { logInfo("STATEMENT:  " + query) }
            variables.setRaw("ERROR", "true")
            variables.setRaw("SQLSTATE", failure.sqlState)
            variables.setRaw("ROW_COUNT", "0")
            variables.setRaw("LAST_ERROR_MESSAGE", failure.message)
            variables.setRaw("LAST_ERROR_SQLSTATE", failure.sqlState)
        } else {
            variables.setRaw("ERROR", success ? "false" : "true")
            variables.setRaw("SQLSTATE", "00000")
            variables.setRaw("ROW_COUNT", lastRowCount)
        }
        if timing {
            console.write(PsqlShell.timingText(milliseconds: elapsed))
        }
        console.flush()
        return success
    }

    /// Prints one result as psql's PrintQueryResult does: a table for a
    /// row-returning statement (plus the tag for INSERT/UPDATE/DELETE
    /// RETURNING), the command tag otherwise, nothing for an empty query.
    private func printResult(_ result: ResultSet, options: PrintOptions) {
        if result.columns != nil {
            var printer = TablePrinter(options: options)
            printer.terminalColumns = console.terminalColumns
            var text = ""
            printer.print(TableContent(result: result, options: options), to: &text)
            console.write(text)
            let tag = result.commandTag
            if tag.hasPrefix("INSERT") || tag.hasPrefix("UPDATE") || tag.hasPrefix("DELETE") {
                if !quiet { console.write(tag + "\n") }
            }
        } else if !result.commandTag.isEmpty {
            if let data = result.copyData {
                if let copyOutput { copyOutput(data) } else { console.write(data) }
            }
            if !quiet { console.write(result.commandTag + "\n") }
        }
    }

    /// The ROW_COUNT psql sets: the tag's trailing number, else 0.
    private func rowCount(of result: ResultSet) -> String {
        if result.columns != nil && !result.commandTag.hasPrefix("INSERT")
            && !result.commandTag.hasPrefix("UPDATE") && !result.commandTag.hasPrefix("DELETE")
        {
            return String(result.rows.count)
        }
        guard let last = result.commandTag.split(separator: " ").last,
            last.allSatisfy(\.isNumber)
        else { return "0" }
        return String(last)
    }

    /// `\gset`: the single row's values become variables named
    /// prefix+column; NULL unsets.
    private func storeRow(_ result: ResultSet, prefix: String) -> Bool {
        let columns = result.columns ?? []
        guard result.rows.count == 1 else {
            logError(
                result.rows.isEmpty
                    ? "no rows returned for \\gset" : "more than one row returned for \\gset")
            return false
        }
        for (index, column) in columns.enumerated() {
            let name = prefix + column.name
            if !Variables.isValidName(name) {
                logError("invalid variable name: \"\(name)\"")
                return false
            }
            if !setVariable(name, result.rows[0][index]) { return false }
        }
        return true
    }

    /// psql's PrintTiming line.
    static func timingText(milliseconds: Double) -> String {
        if milliseconds < 1000 {
            return String(format: "Time: %.3f ms\n", milliseconds)
        }
        var seconds = milliseconds / 1000
        var minutes = (seconds / 60).rounded(.down)
        seconds -= 60 * minutes
        if minutes < 60 {
            return String(
                format: "Time: %.3f ms (%02d:%06.3f)\n", milliseconds, Int(minutes), seconds)
        }
        var hours = (minutes / 60).rounded(.down)
        minutes -= 60 * hours
        if hours < 24 {
            return String(
                format: "Time: %.3f ms (%02d:%02d:%06.3f)\n", milliseconds, Int(hours),
                Int(minutes), seconds)
        }
        let days = (hours / 24).rounded(.down)
        hours -= 24 * days
        return String(
            format: "Time: %.3f ms (%.0f d %02d:%02d:%06.3f)\n", milliseconds, days, Int(hours),
            Int(minutes), seconds)
    }
}
