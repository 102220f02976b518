// psql's object-name patterns (string_utils.c processSQLNamePattern):
// `*` and `?` are wildcards, `.` separates the schema from the name,
// unquoted letters fold to lower case, double quotes keep text literally,
// other regular-expression characters keep their meaning outside quotes.
// The pattern becomes anchored regular expressions, as psql sends them.

import Foundation

/// A `\d`-style pattern split into its schema and name parts.
struct DescribePattern {
    /// The pattern as the user wrote it, for "Did not find" messages.
    let text: String
    /// The schema part, nil when the pattern has no schema.
    private let schema: Matcher?
    /// The name part.
    private let name: Matcher
    /// The translated regular expressions psql sends (`items`, `ev.*`).
    let schemaRegex: String?
    let nameRegex: String

    /// How one part of the pattern matches.
    private enum Matcher {
        /// `*`: anything.
        case any
        case regex(NSRegularExpression)
        /// An expression that does not compile, which fails on the server.
        case nothing

        /// The part for the translated expression `regex`.
        init(_ regex: String) {
            if regex == ".*" {
                self = .any
            } else if let compiled = try? NSRegularExpression(pattern: "^(" + regex + ")$") {
                self = .regex(compiled)
            } else {
                self = .nothing
            }
        }

        /// True when `text` matches.
        func matches(_ text: String) -> Bool {
            switch self {
            case .any: return true
            case .nothing: return false
            case .regex(let regex):
                let range = NSRange(text.startIndex..., in: text)
                return regex.firstMatch(in: text, options: [], range: range) != nil
            }
        }
    }

    /// Parses `text`; `maxParts` is 1 for schema patterns and 2 for
    /// relation and function patterns; `database` is the current database,
    /// which one more leading part may name. Returns psql's error text for
    /// a bad pattern.
    static func parse(_ text: String, maxParts: Int, database: String) -> Result<
        DescribePattern, PatternError
    > {
        var parts: [String] = [""]
        var literalParts: [String] = [""]
        var inQuotes = false
        let scalars = Array(text.unicodeScalars)
        var index = 0
        while index < scalars.count {
            let c = scalars[index]
            index += 1
            if c == "\"" {
                if inQuotes, index < scalars.count, scalars[index] == "\"" {
                    parts[parts.count - 1] += "\""
                    literalParts[literalParts.count - 1] += "\""
                    index += 1
                } else {
                    inQuotes.toggle()
                }
            } else if !inQuotes && c == "." {
                parts.append("")
                literalParts.append("")
            } else if !inQuotes && c == "*" {
                parts[parts.count - 1] += ".*"
                literalParts[literalParts.count - 1] += "*"
            } else if !inQuotes && c == "?" {
                parts[parts.count - 1] += "."
                literalParts[literalParts.count - 1] += "?"
            } else if !inQuotes && c == "$" {
                parts[parts.count - 1] += "\\$"
                literalParts[literalParts.count - 1] += "$"
            } else {
                var ch = c
                if !inQuotes, c >= "A", c <= "Z", let lower = Unicode.Scalar(c.value + 32) {
                    ch = lower
                }
                if inQuotes && "|*+?()[]{}.^$\\".unicodeScalars.contains(c) {
                    parts[parts.count - 1] += "\\"
                }
                parts[parts.count - 1].unicodeScalars.append(ch)
                literalParts[literalParts.count - 1].unicodeScalars.append(ch)
            }
        }
        if parts.count > maxParts + 1 {
            return .failure(.tooManyDots(text))
        }
        if parts.count == maxParts + 1 {
            if literalParts[0] != database {
                return .failure(.crossDatabase(text))
            }
            parts.removeFirst()
        }
        let schemaRegex = parts.count == 2 ? parts[0] : nil
        return .success(
            DescribePattern(text: text, schemaRegex: schemaRegex, nameRegex: parts.last ?? ""))
    }

    private init(text: String, schemaRegex: String?, nameRegex: String) {
        self.text = text
        self.schemaRegex = schemaRegex
        self.nameRegex = nameRegex
        self.schema = schemaRegex.map(Matcher.init)
        self.name = Matcher(nameRegex)
    }

    /// The conditions processSQLNamePattern adds for this pattern, each
    /// line starting with `WHERE ` or `  AND ` (`hasWhere`: a WHERE is
    /// already written): the name's and schema's regular expressions and,
    /// without a schema, `visibility`.
    func conditions(
        hasWhere: Bool, schemaColumn: String?, nameColumn: String, visibility: String?
    ) -> String {
        var out = ""
        var have = hasWhere
        func add(_ condition: String) {
            out += (have ? "  AND " : "WHERE ") + condition + "\n"
            have = true
        }
        func regex(_ column: String, _ pattern: String) {
            let literal = "'^(" + pattern.replacingOccurrences(of: "'", with: "''") + ")$'"
            add(column + " OPERATOR(pg_catalog.~) " + literal + " COLLATE pg_catalog.default")
        }
        if nameRegex != ".*" { regex(nameColumn, nameRegex) }
        if let schemaRegex, let schemaColumn {
            if schemaRegex != ".*" { regex(schemaColumn, schemaRegex) }
        } else if let visibility {
            add(visibility)
        }
        return out
    }

    /// True when `schema.name` matches; `isVisible` is consulted when the
    /// pattern names no schema, as psql adds pg_table_is_visible then.
    func matches(schema: String, name: String, isVisible: Bool) -> Bool {
        if let part = self.schema {
            guard part.matches(schema) else { return false }
        } else if !isVisible {
            return false
        }
        return self.name.matches(name)
    }
}

/// psql's complaints about a pattern.
enum PatternError: Error {
    case tooManyDots(String)
    case crossDatabase(String)

    /// The message psql prints.
    var message: String {
        switch self {
        case .tooManyDots(let p): return "improper qualified name (too many dotted names): \(p)"
        case .crossDatabase(let p): return "cross-database references are not implemented: \(p)"
        }
    }
}
