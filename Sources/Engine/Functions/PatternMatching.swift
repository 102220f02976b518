// LIKE / ILIKE matching with PostgreSQL's rules (`%` any run, `_` one
// character, backslash escapes the next character), like_escape for the
// ESCAPE clause, and PostgreSQL's regular expressions for `~` (translated
// to ICU's syntax by RegexTranslation).
import Foundation

/// Whether `text` matches the LIKE `pattern` (backslash as escape).
/// Throws 22025 when the pattern ends with the escape character.
package func likeMatch(_ text: String, _ pattern: String, caseInsensitive: Bool) throws -> Bool {
    // Code points compared exactly; ILIKE lower-cases both sides first.
    let s = Array((caseInsensitive ? UnicodeCase.lowercased(text) : text).unicodeScalars)
    let p = Array((caseInsensitive ? UnicodeCase.lowercased(pattern) : pattern).unicodeScalars)
    var i = 0
    var j = 0
    // Where to resume after the most recent %: pattern index and text index.
    var starPattern = -1
    var starText = 0
    while i < s.count {
        if j < p.count {
            let c = p[j]
            if c == "%" {
                starPattern = j
                starText = i
                j += 1
                continue
            }
            if c == "\\" {
                guard j + 1 < p.count else { throw likeEscapeError }
                if p[j + 1] == s[i] {
                    i += 1
                    j += 2
                    continue
                }
            } else if c == "_" || c == s[i] {
                i += 1
                j += 1
                continue
            }
        }
        guard starPattern >= 0 else { return false }
        starText += 1
        i = starText
        j = starPattern + 1
    }
    while j < p.count, p[j] == "%" { j += 1 }
    if j < p.count, p[j] == "\\", j + 1 >= p.count { throw likeEscapeError }
    return j == p.count
}

private let likeEscapeError = SQLError(
    SQLState.invalidEscapeSequence, "LIKE pattern must not end with escape character")

/// like_escape(pattern, escape): rewrites a pattern that uses `escape` as
/// its escape character into one using backslash; an empty escape means
/// none, so backslashes become literal.
package func likeEscape(_ pattern: String, _ escape: String) throws -> String {
    let chars = Array(pattern)
    var out = ""
    if escape.isEmpty {
        for c in chars {
            if c == "\\" { out += "\\\\" } else { out.append(c) }
        }
        return out
    }
    guard escape.count == 1, let e = escape.first else {
        throw SQLError(
            SQLState.invalidEscapeSequence, "invalid escape string",
            hint: "Escape string must be empty or one character.")
    }
    var i = 0
    while i < chars.count {
        let c = chars[i]
        if c == e {
            guard i + 1 < chars.count else { throw likeEscapeError }
            out += "\\"
            out.append(chars[i + 1])
            i += 2
        } else {
            if c == "\\" { out += "\\" }
            out.append(c)
            i += 1
        }
    }
    return out
}

/// A compiled pattern: ICU's regex and what the translation learnt.
final class CompiledRegex: @unchecked Sendable {
    let regex: NSRegularExpression
    let translated: TranslatedRegex

    init(regex: NSRegularExpression, translated: TranslatedRegex) {
        self.regex = regex
        self.translated = translated
    }
}

/// Compiled regular expressions, shared by all sessions.
private final class RegexCache: @unchecked Sendable {
    private let lock = NSLock()
    private var entries: [String: CompiledRegex] = [:]

    func regex(_ pattern: String, caseInsensitive: Bool) throws -> CompiledRegex {
        let key = (caseInsensitive ? "i" : "c") + pattern
        lock.lock()
        defer { lock.unlock() }
        if let r = entries[key] { return r }
        let translated = try translateRegex(pattern)
        var options: NSRegularExpression.Options = [.dotMatchesLineSeparators]
        if caseInsensitive { options.insert(.caseInsensitive) }
        guard
            let r = try? NSRegularExpression(pattern: translated.icuPattern, options: options)
        else {
            throw SQLError.notSupported("regular expression \"\(pattern)\" is not supported")
        }
        if entries.count > 500 { entries.removeAll() }
        let compiled = CompiledRegex(regex: r, translated: translated)
        entries[key] = compiled
        return compiled
    }
}

private let regexCache = RegexCache()

/// The compiled form of an ARE pattern for `use`: functions that report
/// the matched text refuse (0A000) patterns whose match ARE's
/// longest-match rule could choose differently.
func compiledRegex(_ pattern: String, caseInsensitive: Bool, use: RegexUse) throws
    -> CompiledRegex
{
    let compiled = try regexCache.regex(pattern, caseInsensitive: caseInsensitive)
    if use == .matchedText && !compiled.translated.matchIsUnambiguous {
        throw SQLError.notSupported(
            "regular expression \"\(pattern)\" needs ARE's longest-match rule, which is not supported here")
    }
    return compiled
}

/// Whether `pattern` matches anywhere in `text` (`~`, `~*`).
package func regexMatch(_ text: String, _ pattern: String, caseInsensitive: Bool) throws -> Bool {
    let r = try compiledRegex(pattern, caseInsensitive: caseInsensitive, use: .existence)
    let range = NSRange(text.startIndex..<text.endIndex, in: text)
    return r.regex.firstMatch(in: text, options: [], range: range) != nil
}
