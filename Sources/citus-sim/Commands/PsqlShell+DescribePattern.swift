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
        let schema = parts.count == 2 ? Matcher(parts[0]) : nil
        return .success(
            DescribePattern(text: text, schema: schema, name: Matcher(parts.last ?? "")))
    }

    private init(text: String, schema: Matcher?, name: Matcher) {
        self.text = text
        self.schema = schema
        self.name = name
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
