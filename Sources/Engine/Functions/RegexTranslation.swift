// PostgreSQL's advanced regular expressions (ARE) translated to ICU's
// syntax for NSRegularExpression. ARE picks the leftmost-longest match
// where ICU picks the first alternative that succeeds; the two agree on
// whether a pattern matches at all, so `~` accepts every translatable
// pattern, while functions that report the match itself accept only
// patterns where the matched text cannot differ and raise 0A000 for the
// rest.
import Foundation

/// How much of a translated pattern's behaviour a caller depends on.
package enum RegexUse {
    /// Only whether a match exists (`~`, regexp_like).
    case existence
    /// The matched text and groups (regexp_replace, regexp_match, ...).
    case matchedText
}

/// A translated pattern.
struct TranslatedRegex {
    var icuPattern: String
    var groupCount: Int
    /// False when ARE's longest-match rule could pick other text than
    /// ICU's first-match rule.
    var matchIsUnambiguous: Bool
}

private func invalidRegex(_ detail: String) -> SQLError {
    SQLError(SQLState.invalidRegularExpression, "invalid regular expression: \(detail)")
}

private func unsupportedRegex(_ what: String) -> SQLError {
    SQLError.notSupported("regular expression feature \(what) is not supported")
}

/// Recursive-descent translator over the pattern's code points.
private struct RegexTranslator {
    let chars: [Unicode.Scalar]
    var i = 0
    var groupCount = 0
    var unambiguous = true
    var greedyQuantifiers = 0
    var lazyQuantifiers = 0

    init(_ pattern: String) { chars = Array(pattern.unicodeScalars) }

    /// alternation := sequence ('|' sequence)*
    mutating func alternation(depth: Int) throws -> String {
        var branches: [(text: String, literal: String?)] = [try sequence(depth: depth)]
        while i < chars.count, chars[i] == "|" {
            i += 1
            branches.append(try sequence(depth: depth))
        }
        if branches.count > 1 {
            // Literal alternatives none of which is a prefix of another
            // match the same text under both rules.
            let literals = branches.compactMap(\.literal)
            let prefixFree =
                literals.count == branches.count
                && !literals.enumerated().contains { a in
                    literals.enumerated().contains { b in
                        a.offset != b.offset && b.element.hasPrefix(a.element)
                    }
                }
            if !prefixFree { unambiguous = false }
        }
        return branches.map(\.text).joined(separator: "|")
    }

    /// A run of quantified atoms; `literal` is its text when it has no
    /// metacharacters at all.
    mutating func sequence(depth: Int) throws -> (text: String, literal: String?) {
        var out = ""
        var literal: String? = ""
        while i < chars.count, chars[i] != "|", !(chars[i] == ")" && depth > 0) {
            if chars[i] == ")" { throw invalidRegex("parentheses () not balanced") }
            let (atom, atomLiteral, isGroup) = try self.atom(depth: depth)
            let quantifier = try self.quantifier()
            if !quantifier.isEmpty {
                literal = nil
                if isGroup { unambiguous = false }
            } else if let l = atomLiteral, literal != nil {
                literal! += l
            } else {
                literal = nil
            }
            out += atom + quantifier
        }
        return (out, literal)
    }

    /// One atom: its ICU text, its literal text if it is one, and whether
    /// it is a parenthesised group.
    mutating func atom(depth: Int) throws -> (String, String?, Bool) {
        let c = chars[i]
        i += 1
        switch c {
        case "(":
            var prefix = "("
            if i < chars.count, chars[i] == "?" {
                guard i + 1 < chars.count else { throw invalidRegex("quantifier operand invalid") }
                let kind = chars[i + 1]
                switch kind {
                case ":", "=", "!":
                    prefix = "(?" + String(kind)
                    i += 2
                case "<":
                    guard i + 2 < chars.count, chars[i + 2] == "=" || chars[i + 2] == "!" else {
                        throw unsupportedRegex("\"(?<\"")
                    }
                    prefix = "(?<" + String(chars[i + 2])
                    i += 3
                default:
                    throw unsupportedRegex("\"(?\(kind)\"")
                }
            } else {
                groupCount += 1
            }
            let inner = try alternation(depth: depth + 1)
            guard i < chars.count, chars[i] == ")" else {
                throw invalidRegex("parentheses () not balanced")
            }
            i += 1
            return (prefix + inner + ")", nil, true)
        case ".": return (".", nil, false)
        case "^": return ("^", nil, false)
        case "$": return ("\\z", nil, false)
        case "[": return (try bracket(), nil, false)
        case "\\": return try escape()
        case "*", "+", "?", "{":
            throw invalidRegex("quantifier operand invalid")
        default:
            return (icuLiteral(c), String(c), false)
        }
    }

    /// A quantifier after an atom ("" when none). Non-greedy quantifiers
    /// follow ARE's whole-pattern preference rules, which ICU lacks.
    mutating func quantifier() throws -> String {
        guard i < chars.count else { return "" }
        var q = ""
        switch chars[i] {
        case "*", "+", "?":
            q = String(chars[i])
            i += 1
        case "{":
            var j = i + 1
            var body = ""
            while j < chars.count, chars[j] != "}" {
                body.unicodeScalars.append(chars[j])
                j += 1
            }
            let parts = body.split(separator: ",", omittingEmptySubsequences: false)
            let valid =
                j < chars.count && !body.isEmpty && parts.count <= 2
                && parts.allSatisfy { $0.allSatisfy(\.isASCIIDigit) }
                && !(parts.first?.isEmpty ?? true)
            guard valid else { throw invalidRegex("invalid repetition count(s)") }
            let counts = parts.compactMap { Int($0) }
            let reversed = counts.count == 2 && counts[0] > counts[1]
            if counts.contains(where: { $0 > 255 }) || reversed {
                throw invalidRegex("invalid repetition count(s)")
            }
            q = "{" + body + "}"
            i = j + 1
        default:
            return ""
        }
        // A non-greedy quantifier: ARE then prefers the shortest match for
        // the whole pattern, as ICU's lazy quantifiers do when every
        // quantifier in the pattern is lazy.
        if i < chars.count, chars[i] == "?" {
            i += 1
            q += "?"
            lazyQuantifiers += 1
        } else {
            greedyQuantifiers += 1
        }
        if i < chars.count, chars[i] == "*" || chars[i] == "+" || chars[i] == "{" {
            throw invalidRegex("quantifier operand invalid")
        }
        return q
    }

    /// A backslash escape outside brackets.
    mutating func escape() throws -> (String, String?, Bool) {
        guard i < chars.count else { throw invalidRegex("invalid escape \\ sequence") }
        let c = chars[i]
        i += 1
        switch c {
        case "d": return ("[0-9]", nil, false)
        case "D": return ("[^0-9]", nil, false)
        case "s": return ("\\s", nil, false)
        case "S": return ("\\S", nil, false)
        case "w": return ("[\\p{Alphabetic}\\p{Nd}_]", nil, false)
        case "W": return ("[^\\p{Alphabetic}\\p{Nd}_]", nil, false)
        case "y": return ("\\b", nil, false)
        case "Y": return ("\\B", nil, false)
        case "m": return ("\\b(?=[\\p{Alphabetic}\\p{Nd}_])", nil, false)
        case "M": return ("\\b(?<=[\\p{Alphabetic}\\p{Nd}_])", nil, false)
        case "A": return ("\\A", nil, false)
        case "Z": return ("\\z", nil, false)
        case "1"..."9":
            let n = Int(c.value - 48)
            guard n <= groupCount else { throw invalidRegex("invalid backreference number") }
            unambiguous = false
            return ("\\\(n)", nil, false)
        default:
            let scalar = try characterEscape(c)
            return (icuLiteral(scalar), String(scalar), false)
        }
    }

    /// Escapes that stand for one character (\n, \t, \x41, \u00e9, \.).
    mutating func characterEscape(_ c: Unicode.Scalar) throws -> Unicode.Scalar {
        switch c {
        case "n": return "\n"
        case "t": return "\t"
        case "r": return "\r"
        case "f": return "\u{0C}"
        case "v": return "\u{0B}"
        case "a": return "\u{07}"
        case "e": return "\u{1B}"
        case "x", "u", "U":
            let limit = c == "x" ? 8 : (c == "u" ? 4 : 8)
            var value: UInt32 = 0
            var count = 0
            while count < limit, i < chars.count, let d = UInt32(String(chars[i]), radix: 16) {
                value = value * 16 + d
                count += 1
                i += 1
            }
            guard count > 0, let scalar = Unicode.Scalar(value) else {
                throw invalidRegex("invalid escape \\ sequence")
            }
            return scalar
        default:
            let isAlnum = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
            if isAlnum { throw invalidRegex("invalid escape \\ sequence") }
            return c
        }
    }

    /// A bracket expression, after its '['.
    mutating func bracket() throws -> String {
        var out = "["
        if i < chars.count, chars[i] == "^" {
            out += "^"
            i += 1
        }
        var first = true
        while true {
            guard i < chars.count else { throw invalidRegex("brackets [] not balanced") }
            let c = chars[i]
            if c == "]" && !first {
                i += 1
                break
            }
            first = false
            if c == "[", i + 1 < chars.count, chars[i + 1] == ":" {
                out += try characterClass()
                continue
            }
            if c == "[", i + 1 < chars.count, chars[i + 1] == "=" || chars[i + 1] == "." {
                throw unsupportedRegex("collating elements and equivalence classes")
            }
            var low = c
            i += 1
            if c == "\\" {
                guard i < chars.count else { throw invalidRegex("brackets [] not balanced") }
                let e = chars[i]
                i += 1
                switch e {
                case "d": out += "0-9"; continue
                case "s": out += "\\s"; continue
                case "w": out += "\\p{Alphabetic}\\p{Nd}_"; continue
                case "D", "S", "W": throw unsupportedRegex("negated class escapes in brackets")
                default: low = try characterEscape(e)
                }
            }
            if i + 1 < chars.count, chars[i] == "-", chars[i + 1] != "]" {
                var high = chars[i + 1]
                i += 2
                if high == "\\" {
                    guard i < chars.count else { throw invalidRegex("brackets [] not balanced") }
                    high = try characterEscape(chars[i])
                    i += 1
                }
                guard low.value <= high.value else { throw invalidRegex("invalid character range") }
                out += icuSetLiteral(low) + "-" + icuSetLiteral(high)
            } else {
                out += icuSetLiteral(low)
            }
        }
        return out + "]"
    }

    /// [:name:] inside brackets, with glibc's C.UTF-8 meaning for digits.
    mutating func characterClass() throws -> String {
        var j = i + 2
        var name = ""
        while j + 1 < chars.count, !(chars[j] == ":" && chars[j + 1] == "]") {
            name.unicodeScalars.append(chars[j])
            j += 1
        }
        guard j + 1 < chars.count else { throw invalidRegex("brackets [] not balanced") }
        i = j + 2
        switch name {
        case "digit": return "0-9"
        case "xdigit": return "0-9A-Fa-f"
        case "alpha": return "\\p{Alphabetic}"
        case "alnum": return "\\p{Alphabetic}0-9"
        case "upper": return "\\p{Uppercase}"
        case "lower": return "\\p{Lowercase}"
        case "space": return "\\s"
        case "blank": return " \\t"
        case "punct": return "\\p{P}\\p{S}"
        case "word": return "\\p{Alphabetic}0-9_"
        default: throw invalidRegex("invalid character class")
        }
    }
}

/// A character ICU reads literally outside brackets.
private func icuLiteral(_ c: Unicode.Scalar) -> String {
    if "\\^$.|?*+()[]{}".unicodeScalars.contains(c) { return "\\" + String(c) }
    if c.value < 0x20 || c.value == 0x7F { return String(format: "\\x{%X}", c.value) }
    return String(c)
}

/// A character ICU reads literally inside brackets.
private func icuSetLiteral(_ c: Unicode.Scalar) -> String {
    if "\\^[]-&".unicodeScalars.contains(c) { return "\\" + String(c) }
    if c.value < 0x20 || c.value == 0x7F || c == " " { return String(format: "\\x{%X}", c.value) }
    return String(c)
}

/// Translates an ARE pattern, raising 2201B for invalid ones and 0A000
/// for constructs outside the translated subset.
func translateRegex(_ pattern: String) throws -> TranslatedRegex {
    var t = RegexTranslator(pattern)
    let body = try t.alternation(depth: 0)
    if t.i < t.chars.count { throw invalidRegex("parentheses () not balanced") }
    let mixed = t.greedyQuantifiers > 0 && t.lazyQuantifiers > 0
    return TranslatedRegex(
        icuPattern: body, groupCount: t.groupCount,
        matchIsUnambiguous: t.unambiguous && !mixed)
}
