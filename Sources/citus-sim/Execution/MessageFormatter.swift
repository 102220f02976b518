// The text psql prints for a server error or notice, as libpq's
// pqBuildErrorMessage3 builds it: severity and message, the `LINE n:` and
// caret lines of reportErrorPosition, then DETAIL, HINT, QUERY and CONTEXT.

import Engine

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
            out += errorPositionLines(query: positionQuery, position: position)
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
}
