// The text psql prints for a server error or notice, as libpq's
// pqBuildErrorMessage3 builds it: severity and message, the `LINE n:` and
// caret lines of reportErrorPosition, then DETAIL, HINT, QUERY and CONTEXT.

/// psql's VERBOSITY settings.
enum Verbosity: String, CaseIterable {
    case terse, `default`, verbose, sqlstate
}

/// psql's SHOW_CONTEXT settings.
enum ContextVisibility: String, CaseIterable {
    case never, errors, always
}

/// Builds libpq's error message text.
struct MessageFormatter {
    /// `\set VERBOSITY`.
    var verbosity = Verbosity.default
    /// `\set SHOW_CONTEXT`.
    var showContext = ContextVisibility.errors

    /// The message for `message`, which came back for `query`; ends with
    /// a newline.
    func format(_ message: ServerMessage, query: String, isError: Bool) -> String {
        var out = message.severity + ":  "
        if verbosity == .sqlstate {
            return out + message.sqlState + "\n"
        }
        if verbosity == .verbose { out += message.sqlState + ": " }
        out += message.message
        var positionQuery: String?
        var position = 0
        if let statementPosition = message.position {
            if verbosity != .terse {
                positionQuery = query
                position = statementPosition
            } else {
                out += " at character \(statementPosition)"
            }
        } else if let internalPosition = message.internalPosition {
            if verbosity != .terse, let internalText = message.internalQuery {
                positionQuery = internalText
                position = internalPosition
            } else {
                out += " at character \(internalPosition)"
            }
        }
        out += "\n"
        guard verbosity != .terse else { return out }
        if let positionQuery, position > 0 {
            out += MessageFormatter.positionLines(query: positionQuery, position: position)
        }
        if let detail = message.detail { out += "DETAIL:  \(detail)\n" }
        if let hint = message.hint { out += "HINT:  \(hint)\n" }
        if let internalText = message.internalQuery { out += "QUERY:  \(internalText)\n" }
        if showContext == .always || (showContext == .errors && isError),
            let context = message.context
        {
            out += "CONTEXT:  \(context)\n"
        }
        // TODO(#6): VERBOSITY verbose prints a LOCATION line naming the
        // server's source file; the simulator has none to name.
        return out
    }

    /// The `LINE n: ...` line and the caret under character `position`
    /// (1-based) of `query`, as libpq's reportErrorPosition draws them:
    /// only the line holding the position, tabs shown as spaces, cut to
    /// about 60 columns around the caret with `...` marking the cuts.
    static func positionLines(query: String, position: Int) -> String {
        let displaySize = 60
        let minRightCut = 10
        let location = position - 1
        let scalars = Array(query.unicodeScalars)
        guard location >= 0 else { return "" }

        // Screen column of each character; find the line holding it.
        var screenIndex: [Int] = []
        screenIndex.reserveCapacity(scalars.count + 1)
        var screen = 0
        var lineNumber = 1
        var begin = 0
        var end = -1
        var index = 0
        while index < scalars.count {
            let scalar = scalars[index]
            screenIndex.append(screen)
            if scalar == "\r" || scalar == "\n" {
                if index < location {
                    if scalar == "\r" || index == 0 || scalars[index - 1] != "\r" {
                        lineNumber += 1
                    }
                    begin = index + 1
                } else {
                    end = index
                    break
                }
            }
            screen += max(DisplayWidth.of(scalar), 1)
            index += 1
        }
        if end < 0 {
            end = index
            screenIndex.append(screen)
        }
        guard location <= index else { return "" }

        // Cut the line to the display size around the caret.
        var cutBegin = false
        var cutEnd = false
        if screenIndex[end] - screenIndex[begin] > displaySize {
            if screenIndex[begin] + displaySize >= screenIndex[location] + minRightCut {
                while screenIndex[end] - screenIndex[begin] > displaySize { end -= 1 }
                cutEnd = true
            } else {
                while screenIndex[location] + minRightCut < screenIndex[end] {
                    end -= 1
                    cutEnd = true
                }
                while screenIndex[end] - screenIndex[begin] > displaySize {
                    begin += 1
                    cutBegin = true
                }
            }
        }
        var prefix = "LINE \(lineNumber): "
        if cutBegin { prefix += "..." }
        var out = prefix
        for scalar in scalars[begin..<end] {
            out.unicodeScalars.append(scalar == "\t" ? " " : scalar)
        }
        if cutEnd { out += "..." }
        out += "\n"
        let caretColumn =
            prefix.unicodeScalars.count
            + screenIndex[location] - screenIndex[begin]
        out.appendSpaces(caretColumn)
        out += "^\n"
        return out
    }
}
