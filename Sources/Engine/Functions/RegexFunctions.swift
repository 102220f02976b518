// regexp_replace, regexp_match, regexp_like and regexp_count over the ARE
// subset that RegexTranslation accepts, with PostgreSQL's flag letters
// and replacement escapes (\1 ... \9, \&, \\).
// regexp_matches and regexp_split_to_table return sets, and
// regexp_split_to_array the same pieces as an array.
import Foundation

/// The flags argument: g (all matches), i / c (case), s / t (defaults).
private struct RegexFlags {
    var global = false
    var caseInsensitive = false
    var literal = false

    init(_ text: String?, function: String, allowsGlobal: Bool) throws {
        for c in (text ?? "").unicodeScalars {
            switch c {
            case "g":
                guard allowsGlobal else {
                    throw SQLError(
                        SQLState.invalidParameterValue,
                        "\(function)() does not support the \"global\" option",
                        hint: function == "regexp_match"
                            ? "Use the regexp_matches function instead." : nil)
                }
                global = true
            case "i": caseInsensitive = true
            case "c": caseInsensitive = false
            case "q": literal = true
            case "s", "t": break
            case "b", "e", "m", "n", "p", "w", "x":
                throw SQLError.notSupported("regular expression option \"\(c)\" is not supported")
            default:
                throw SQLError(
                    SQLState.invalidParameterValue,
                    "invalid regular expression option: \"\(c)\"")
            }
        }
    }
}

/// A pattern compiled for its flags ('q' makes every character literal).
private func regex(_ pattern: String, _ flags: RegexFlags, use: RegexUse) throws
    -> CompiledRegex
{
    var source = pattern
    if flags.literal {
        source = ""
        for c in pattern.unicodeScalars {
            let alnum = (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9")
            if !alnum && c.value < 128 { source += "\\" }
            source.unicodeScalars.append(c)
        }
    }
    return try compiledRegex(source, caseInsensitive: flags.caseInsensitive, use: use)
}

/// The matches of `r` in `text`, all or only the first.
private func matches(_ r: CompiledRegex, _ text: String, all: Bool, from start: Int = 0)
    -> [NSTextCheckingResult]
{
    let ns = text as NSString
    let range = NSRange(location: start, length: ns.length - start)
    if all { return r.regex.matches(in: text, options: [], range: range) }
    return r.regex.firstMatch(in: text, options: [], range: range).map { [$0] } ?? []
}

/// The text of group `n` of a match, nil when the group did not take part.
private func group(_ m: NSTextCheckingResult, _ n: Int, _ ns: NSString) -> String? {
    let range = m.range(at: n)
    guard range.location != NSNotFound else { return nil }
    return ns.substring(with: range)
}

/// The replacement with \1-\9, \& and \\ expanded.
private func expand(_ replacement: [Unicode.Scalar], _ m: NSTextCheckingResult, _ ns: NSString)
    -> String
{
    var out = ""
    var i = 0
    while i < replacement.count {
        let c = replacement[i]
        if c == "\\", i + 1 < replacement.count {
            let next = replacement[i + 1]
            if next >= "1" && next <= "9" {
                let n = Int(next.value - 48)
                if n < m.numberOfRanges { out += group(m, n, ns) ?? "" }
                i += 2
                continue
            }
            if next == "&" {
                out += group(m, 0, ns) ?? ""
                i += 2
                continue
            }
            if next == "\\" {
                out += "\\"
                i += 2
                continue
            }
        }
        out.unicodeScalars.append(c)
        i += 1
    }
    return out
}

/// regexp_replace(source, pattern, replacement [, flags]).
private func regexpReplace(_ args: [Value]) throws -> Value {
    guard let source = argString(args[0]), let pattern = argString(args[1]),
        let replacement = argString(args[2])
    else { return .null }
    let flagText = args.count > 3 ? argString(args[3]) : nil
    if args.count > 3 && flagText == nil { return .null }
    let flags = try RegexFlags(flagText, function: "regexp_replace", allowsGlobal: true)
    let r = try regex(pattern, flags, use: .matchedText)
    let ns = source as NSString
    let template = Array(replacement.unicodeScalars)
    var out = ""
    var last = 0
    for m in matches(r, source, all: flags.global) {
        out += ns.substring(with: NSRange(location: last, length: m.range.location - last))
        out += expand(template, m, ns)
        last = m.range.location + m.range.length
    }
    out += ns.substring(from: last)
    return .text(out)
}

/// regexp_match(string, pattern [, flags]): the groups of the first
/// match (the whole match when there are none), NULL without a match.
private func regexpMatch(_ args: [Value]) throws -> Value {
    guard let text = argString(args[0]), let pattern = argString(args[1]) else { return .null }
    let flagText = args.count > 2 ? argString(args[2]) : nil
    if args.count > 2 && flagText == nil { return .null }
    let flags = try RegexFlags(flagText, function: "regexp_match", allowsGlobal: false)
    let r = try regex(pattern, flags, use: .matchedText)
    guard let m = matches(r, text, all: false).first else { return .null }
    let ns = text as NSString
    let groups = r.translated.groupCount
    let elements: [Value] =
        groups == 0
        ? [.text(group(m, 0, ns) ?? "")]
        : (1...groups).map { n in group(m, n, ns).map { .text($0) } ?? .null }
    return .array(ArrayValue(elementType: .text, elements: elements))
}

/// regexp_like(string, pattern [, flags]).
private func regexpLike(_ args: [Value]) throws -> Value {
    guard let text = argString(args[0]), let pattern = argString(args[1]) else { return .null }
    let flagText = args.count > 2 ? argString(args[2]) : nil
    if args.count > 2 && flagText == nil { return .null }
    let flags = try RegexFlags(flagText, function: "regexp_like", allowsGlobal: false)
    let r = try regex(pattern, flags, use: .existence)
    return .bool(!matches(r, text, all: false).isEmpty)
}

/// regexp_count(string, pattern [, start [, flags]]).
private func regexpCount(_ args: [Value]) throws -> Value {
    guard let text = argString(args[0]), let pattern = argString(args[1]) else { return .null }
    var start = 1
    if args.count > 2 {
        guard let s = argInt(args[2]) else { return .null }
        start = s
    }
    guard start > 0 else {
        throw SQLError(
            SQLState.invalidParameterValue,
            "invalid value for parameter \"start\": \(start)")
    }
    let flagText = args.count > 3 ? argString(args[3]) : nil
    if args.count > 3 && flagText == nil { return .null }
    let flags = try RegexFlags(flagText, function: "regexp_count", allowsGlobal: false)
    let r = try regex(pattern, flags, use: .matchedText)
    // The start counts characters; NSString offsets count UTF-16 units.
    let prefix = text.unicodeScalars.prefix(start - 1)
    let offset = prefix.reduce(0) { $0 + ($1.value > 0xFFFF ? 2 : 1) }
    guard start - 1 <= text.unicodeScalars.count else { return .int4(0) }
    return .int4(Int32(clamping: matches(r, text, all: true, from: offset).count))
}

/// The built-in regular-expression functions.
let regexFunctions: [BuiltinFunction] = [
    makeFunction("regexp_replace", [.text, .text, .text], .text) { try regexpReplace($0) },
    makeFunction("regexp_replace", [.text, .text, .text, .text], .text) {
        try regexpReplace($0)
    },
    makeFunction("regexp_match", [.text, .text], .textArray) { try regexpMatch($0) },
    makeFunction("regexp_match", [.text, .text, .text], .textArray) { try regexpMatch($0) },
    makeFunction("regexp_like", [.text, .text], .bool) { try regexpLike($0) },
    makeFunction("regexp_like", [.text, .text, .text], .bool) { try regexpLike($0) },
    makeFunction("regexp_count", [.text, .text], .int4) { try regexpCount($0) },
    makeFunction("regexp_count", [.text, .text, .int4], .int4) { try regexpCount($0) },
    makeFunction("regexp_count", [.text, .text, .int4, .text], .int4) { try regexpCount($0) },
    makeFunction("regexp_split_to_array", [.text, .text], .textArray) {
        try splitArray($0)
    },
    makeFunction("regexp_split_to_array", [.text, .text, .text], .textArray) {
        try splitArray($0)
    },
]

/// The set-returning regular-expression functions.
let regexSetFunctions: [BuiltinSetFunction] = [
    BuiltinSetFunction(
        name: "regexp_matches", argumentTypes: [.text, .text], returnType: .textArray
    ) { try regexpMatches($0) },
    BuiltinSetFunction(
        name: "regexp_matches", argumentTypes: [.text, .text, .text], returnType: .textArray
    ) { try regexpMatches($0) },
    BuiltinSetFunction(
        name: "regexp_split_to_table", argumentTypes: [.text, .text], returnType: .text
    ) { try regexpSplit($0, function: "regexp_split_to_table").map { .text($0) } },
    BuiltinSetFunction(
        name: "regexp_split_to_table", argumentTypes: [.text, .text, .text], returnType: .text
    ) { try regexpSplit($0, function: "regexp_split_to_table").map { .text($0) } },
]

/// regexp_matches(string, pattern [, flags]): one array per match (all of
/// them with the g flag), of the groups or, without groups, the match.
private func regexpMatches(_ args: [Value]) throws -> [Value] {
    guard let text = argString(args[0]), let pattern = argString(args[1]) else { return [] }
    let flagText = args.count > 2 ? argString(args[2]) : nil
    if args.count > 2 && flagText == nil { return [] }
    let flags = try RegexFlags(flagText, function: "regexp_matches", allowsGlobal: true)
    let r = try regex(pattern, flags, use: .matchedText)
    let ns = text as NSString
    let groups = r.translated.groupCount
    return matches(r, text, all: flags.global).map { m in
        let elements: [Value] =
            groups == 0
            ? [.text(group(m, 0, ns) ?? "")]
            : (1...groups).map { n in group(m, n, ns).map { .text($0) } ?? .null }
        return .array(ArrayValue(elementType: .text, elements: elements))
    }
}

/// The pieces between the pattern's matches, as regexp_split_to_table
/// and regexp_split_to_array cut them: a zero-length match at either end
/// of the string or right after the previous match cuts nothing.
/// `regexp_split_to_table('a1b22c', '[0-9]+')` is a, b, c.
private func regexpSplit(_ args: [Value], function: String) throws -> [String] {
    guard let text = argString(args[0]), let pattern = argString(args[1]) else { return [] }
    let flagText = args.count > 2 ? argString(args[2]) : nil
    let flags = try RegexFlags(flagText, function: function, allowsGlobal: false)
    if pattern.isEmpty {
        // The empty pattern matches between every two characters.
        guard !text.isEmpty else { return [""] }
        return text.unicodeScalars.map { String($0) }
    }
    let r = try regex(pattern, flags, use: .matchedText)
    let ns = text as NSString
    var pieces: [String] = []
    var start = 0
    var previousEnd = -1
    for m in matches(r, text, all: true) {
        let range = m.range
        if range.length == 0
            && (range.location == 0 || range.location == ns.length || range.location == previousEnd)
        {
            continue
        }
        pieces.append(ns.substring(with: NSRange(location: start, length: range.location - start)))
        start = range.location + range.length
        previousEnd = start
    }
    pieces.append(ns.substring(from: start))
    return pieces
}

/// regexp_split_to_array(string, pattern [, flags]).
private func splitArray(_ args: [Value]) throws -> Value {
    guard argString(args[0]) != nil, argString(args[1]) != nil else { return .null }
    if args.count > 2 && argString(args[2]) == nil { return .null }
    let pieces = try regexpSplit(args, function: "regexp_split_to_array")
    return .array(ArrayValue(elementType: .text, elements: pieces.map { .text($0) }))
}
