// psql's variables (`\set`, `-v`): a sorted name-to-value map in which the
// special variables (ON_ERROR_STOP, ECHO, VERBOSITY, ...) are checked and
// applied when assigned, as psql's variable hooks do.

/// psql's variable store.
struct Variables {
    /// The values by name.
    private(set) var values: [String: String] = [:]

    /// The value of `name`, if set.
    subscript(name: String) -> String? { values[name] }

    /// Every variable in name order (what `\set` with no argument lists).
    var sorted: [(name: String, value: String)] {
        values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    /// Sets `name` without running hooks.
    mutating func setRaw(_ name: String, _ value: String?) {
        values[name] = value
    }

    /// Whether `name` is a valid variable name: letters, digits and `_`
    /// (and non-ASCII characters), as psql's valid_variable_name checks.
    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.unicodeScalars.allSatisfy(StatementScanner.isVariableCharacter)
    }

    /// psql's ParseVariableBool: on/off, true/false, yes/no (any unique
    /// prefix, case-insensitive) and 1/0.
    static func parseBool(_ value: String) -> Bool? {
        let lower = value.lowercased()
        guard !lower.isEmpty else { return nil }
        if "true".hasPrefix(lower) || "yes".hasPrefix(lower) || lower == "1" { return true }
        if "false".hasPrefix(lower) || "no".hasPrefix(lower) || lower == "0" { return false }
        if lower.count >= 2 {
            if "on".hasPrefix(lower) { return true }
            if "off".hasPrefix(lower) { return false }
        }
        return nil
    }

    /// Quotes `value` as a SQL literal, as PQescapeLiteral does: a value
    /// with backslashes becomes ` E'...'` with them doubled.
    static func quoteLiteral(_ value: String) -> String {
        var out = value.contains("\\") ? " E'" : "'"
        for scalar in value.unicodeScalars {
            if scalar == "'" || scalar == "\\" { out.unicodeScalars.append(scalar) }
            out.unicodeScalars.append(scalar)
        }
        return out + "'"
    }

    /// Quotes `value` as a SQL identifier, as PQescapeIdentifier does.
    static func quoteIdentifier(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            if scalar == "\"" { out += "\"" }
            out.unicodeScalars.append(scalar)
        }
        return out + "\""
    }
}
