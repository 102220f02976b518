// String functions: length, case mapping, substring, replace, split_part,
// padding and trimming, concat/concat_ws (arguments printed by their
// output functions, NULLs skipped), md5, quoting, to_hex, chr/ascii.
// Positions count characters, as PostgreSQL does for UTF-8 text.
import SQLParser

private func text1(_ name: String, _ body: @escaping (String) throws -> Value) -> BuiltinFunction {
    makeFunction(name, [.text], .text) { args in
        guard let s = argString(args[0]) else { return .null }
        return try body(s)
    }
}

/// substring(s from start for count) with SQL's clipping rules.
func substring(_ s: String, _ start: Int, _ count: Int?) throws -> String {
    let chars = Array(s.unicodeScalars)
    if let n = count, n < 0 {
        throw SQLError("22011", "negative substring length not allowed")
    }
    var from = start
    var to =
        count.map { start.addingReportingOverflow($0).overflow ? Int.max : start + $0 }
        ?? Int.max
    from = max(from, 1)
    to = min(to, chars.count + 1)
    guard from < to else { return "" }
    return String(String.UnicodeScalarView(chars[(from - 1)..<(to - 1)]))
}

private func trimSet(_ s: String, _ set: String, leading: Bool, trailing: Bool) -> String {
    let chars = Set(set.unicodeScalars)
    var t = Substring(s).unicodeScalars
    if leading { while let f = t.first, chars.contains(f) { t = t.dropFirst() } }
    if trailing { while let l = t.last, chars.contains(l) { t = t.dropLast() } }
    return String(t)
}

/// lpad/rpad: pad with `fill` repeated, or truncate to `length`.
private func pad(_ s: String, _ length: Int, _ fill: String, left: Bool) -> String {
    let chars = Array(s.unicodeScalars)
    guard length > 0 else { return "" }
    if chars.count >= length { return scalarString(chars[0..<length]) }
    let fillChars = Array(fill.unicodeScalars)
    guard !fillChars.isEmpty else { return s }
    var padding: [Unicode.Scalar] = []
    while padding.count < length - chars.count {
        padding.append(fillChars[padding.count % fillChars.count])
    }
    return left ? scalarString(padding[...]) + s : s + scalarString(padding[...])
}

/// concat's rendering of one argument: its output function's text.
private func concatText(_ v: Value, _ type: PGType) -> String? {
    if case .null = v { return nil }
    return formatValue(v, type: type)
}

let stringFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = []
    for name in ["length", "char_length", "character_length"] {
        fns.append(
            makeFunction(name, [.text], .int4) { args in
                guard let s = argString(args[0]) else { return .null }
                return .int4(Int32(s.unicodeScalars.count))
            })
        fns.append(
            makeFunction(name, [.bpchar], .int4) { args in
                guard let s = argString(args[0]) else { return .null }
                return .int4(Int32(trimSpaces(s).unicodeScalars.count))
            })
    }
    fns.append(
        makeFunction("length", [.bytea], .int4) { args in
            guard case .bytea(let b) = args[0] else { return .null }
            return .int4(Int32(b.count))
        })
    fns.append(
        makeFunction("octet_length", [.text], .int4) { args in
            guard let s = argString(args[0]) else { return .null }
            return .int4(Int32(s.utf8.count))
        })
    fns.append(
        makeFunction("octet_length", [.bytea], .int4) { args in
            guard case .bytea(let b) = args[0] else { return .null }
            return .int4(Int32(b.count))
        })
    fns.append(
        makeFunction("bit_length", [.text], .int4) { args in
            guard let s = argString(args[0]) else { return .null }
            return .int4(Int32(s.utf8.count * 8))
        })
    // Case mapping as glibc's C.UTF-8 locale does it.
    fns.append(text1("lower") { .text(UnicodeCase.lowercased($0)) })
    fns.append(text1("upper") { .text(UnicodeCase.uppercased($0)) })
    fns.append(text1("initcap") { .text(initcap($0)) })
    fns.append(
        text1("reverse") { .text(String(String.UnicodeScalarView($0.unicodeScalars.reversed()))) })
    fns.append(
        text1("md5") { s in .text(MD5.hexDigest(utf8: s)) })
    fns.append(
        makeFunction("md5", [.bytea], .text) { args in
            guard case .bytea(let b) = args[0] else { return .null }
            return .text(MD5.hexDigest(b))
        })
    for name in ["substring", "substr"] {
        fns.append(
            makeFunction(name, [.text, .int4], .text) { args in
                guard let s = argString(args[0]), let start = argInt(args[1]) else { return .null }
                return .text(try substring(s, start, nil))
            })
        fns.append(
            makeFunction(name, [.text, .int4, .int4], .text) { args in
                guard let s = argString(args[0]), let start = argInt(args[1]),
                    let n = argInt(args[2])
                else { return .null }
                return .text(try substring(s, start, n))
            })
    }
    fns.append(
        makeFunction("replace", [.text, .text, .text], .text) { args in
            guard let s = argString(args[0]), let from = argString(args[1]),
                let to = argString(args[2])
            else { return .null }
            guard !from.isEmpty else { return .text(s) }
            return .text(s.replacingAll(from, with: to))
        })
    fns.append(
        makeFunction("split_part", [.text, .text, .int4], .text) { args in
            guard let s = argString(args[0]), let sep = argString(args[1]), let n = argInt(args[2])
            else { return .null }
            guard n != 0 else {
                throw SQLError(SQLState.invalidParameterValue, "field position must not be zero")
            }
            let parts = sep.isEmpty ? [s] : s.splitAll(sep)
            let index = n > 0 ? n - 1 : parts.count + n
            return .text(index >= 0 && index < parts.count ? parts[index] : "")
        })
    for name in ["strpos", "position"] {
        fns.append(
            makeFunction(name, [.text, .text], .int4) { args in
                guard let s = argString(args[0]), let sub = argString(args[1]) else { return .null }
                return .int4(Int32(s.characterPosition(of: sub)))
            })
    }
    fns.append(
        makeFunction("starts_with", [.text, .text], .bool) { args in
            guard let s = argString(args[0]), let p = argString(args[1]) else { return .null }
            return .bool(s.utf8.starts(with: p.utf8))
        })
    fns.append(
        makeFunction("left", [.text, .int4], .text) { args in
            guard let s = argString(args[0]), let n = argInt(args[1]) else { return .null }
            let chars = Array(s.unicodeScalars)
            let count = n >= 0 ? min(n, chars.count) : max(chars.count + n, 0)
            return .text(scalarString(chars[0..<count]))
        })
    fns.append(
        makeFunction("right", [.text, .int4], .text) { args in
            guard let s = argString(args[0]), let n = argInt(args[1]) else { return .null }
            let chars = Array(s.unicodeScalars)
            let count = n >= 0 ? min(n, chars.count) : max(chars.count + n, 0)
            return .text(scalarString(chars[(chars.count - count)...]))
        })
    for (name, left) in [("lpad", true), ("rpad", false)] {
        fns.append(
            makeFunction(name, [.text, .int4], .text) { args in
                guard let s = argString(args[0]), let n = argInt(args[1]) else { return .null }
                return .text(pad(s, n, " ", left: left))
            })
        fns.append(
            makeFunction(name, [.text, .int4, .text], .text) { args in
                guard let s = argString(args[0]), let n = argInt(args[1]),
                    let f = argString(args[2])
                else { return .null }
                return .text(pad(s, n, f, left: left))
            })
    }
    for (name, leading, trailing) in [
        ("btrim", true, true), ("ltrim", true, false), ("rtrim", false, true),
    ] {
        fns.append(
            text1(name) { .text(trimSet($0, " ", leading: leading, trailing: trailing)) })
        fns.append(
            makeFunction(name, [.text, .text], .text) { args in
                guard let s = argString(args[0]), let set = argString(args[1]) else { return .null }
                return .text(trimSet(s, set, leading: leading, trailing: trailing))
            })
    }
    fns.append(
        makeFunction("repeat", [.text, .int4], .text) { args in
            guard let s = argString(args[0]), let n = argInt(args[1]) else { return .null }
            guard n > 0 else { return .text("") }
            guard s.utf8.count.multipliedReportingOverflow(by: n).partialValue < 1 << 30 else {
                throw SQLError(SQLState.programLimitExceeded, "requested length too large")
            }
            return .text(String(repeating: s, count: n))
        })
    fns.append(
        makeFunction("translate", [.text, .text, .text], .text) { args in
            guard let s = argString(args[0]), let from = argString(args[1]),
                let to = argString(args[2])
            else { return .null }
            let f = Array(from.unicodeScalars)
            let t = Array(to.unicodeScalars)
            var out = String.UnicodeScalarView()
            for ch in s.unicodeScalars {
                if let i = f.firstIndex(of: ch) {
                    if i < t.count { out.append(t[i]) }
                } else {
                    out.append(ch)
                }
            }
            return .text(String(out))
        })
    for t in [PGType.int4, .int8] {
        fns.append(
            makeFunction("to_hex", [t], .text) { args in
                guard let x = argInt64(args[0]) else { return .null }
                let bits =
                    t.oid == PGType.int4.oid
                    ? UInt64(UInt32(truncatingIfNeeded: x)) : UInt64(bitPattern: x)
                return .text(String(bits, radix: 16))
            })
    }
    fns.append(
        makeFunction("chr", [.int4], .text) { args in
            guard let n = argInt(args[0]) else { return .null }
            guard n != 0 else {
                throw SQLError(SQLState.programLimitExceeded, "null character not permitted")
            }
            guard n > 0, let scalar = Unicode.Scalar(UInt32(clamping: n)) else {
                throw SQLError(
                    SQLState.programLimitExceeded,
                    "requested character too large for encoding: \(n)")
            }
            return .text(String(Character(scalar)))
        })
    fns.append(
        makeFunction("ascii", [.text], .int4) { args in
            guard let s = argString(args[0]) else { return .null }
            return .int4(Int32(s.unicodeScalars.first.map { Int($0.value) } ?? 0))
        })
    fns.append(
        BuiltinFunction(
            "concat", [], returns: .text, variadic: .any, strict: false, volatility: .stable
        ) { _, args, types in
            var out = ""
            for (i, v) in args.enumerated() {
                if let s = concatText(v, i < types.count ? types[i] : naturalType(of: v)) {
                    out += s
                }
            }
            return .text(out)
        })
    fns.append(
        BuiltinFunction(
            "concat_ws", [.text], returns: .text, variadic: .any, strict: false,
            volatility: .stable
        ) { _, args, types in
            guard let sep = args.first.flatMap(argString) else { return .null }
            var parts: [String] = []
            for (i, v) in args.enumerated().dropFirst() {
                if let s = concatText(v, i < types.count ? types[i] : naturalType(of: v)) {
                    parts.append(s)
                }
            }
            return .text(parts.joined(separator: sep))
        })
    fns.append(text1("quote_ident") { .text(quoteIdentifier($0)) })
    fns.append(text1("quote_literal") { .text(quoteLiteral($0)) })
    fns.append(
        makeFunction("quote_nullable", [.text], .text, strict: false) { args in
            guard let s = argString(args[0]) else { return .text("NULL") }
            return .text(quoteLiteral(s))
        })
    fns.append(
        makeFunction("like_escape", [.text, .text], .text) { args in
            guard let p = argString(args[0]), let e = argString(args[1]) else { return .null }
            return .text(try likeEscape(p, e))
        })
    return fns
}()

/// quote_ident: bare when the name is a lower-case letter or `_` followed
/// by lower-case letters, digits and `_`, and is not a keyword other than
/// an unreserved one; double-quoted otherwise.
package func quoteIdentifier(_ s: String) -> String {
    var safe = !s.isEmpty && !(s.first?.isASCIIDigit ?? true)
    for c in s.unicodeScalars where safe {
        safe = (c >= "a" && c <= "z") || (c >= "0" && c <= "9") || c == "_"
    }
    if safe, let keyword = Keywords.lookup(s), keyword.category != .unreserved { safe = false }
    if safe { return s }
    return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
}

/// quote_literal: single quotes doubled, and an E prefix when the text
/// has backslashes (which are doubled).
package func quoteLiteral(_ s: String) -> String {
    var out = s.replacingAll("'", with: "''")
    if s.contains("\\") { return "E'" + out.replacingAll("\\", with: "\\\\") + "'" }
    out = "'" + out + "'"
    return out
}

func asciiLowercased(_ s: String) -> String {
    String(
        String.UnicodeScalarView(
            s.unicodeScalars.map { c in
                c >= "A" && c <= "Z" ? Unicode.Scalar(c.value + 32) ?? c : c
            }))
}


/// initcap: each letter after a non-alphanumeric character is upper-cased
/// and every other letter lower-cased, with C.UTF-8's classification.
private func initcap(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    var inWord = false
    for c in s.unicodeScalars {
        let mapped = inWord ? UnicodeCase.lower(c) : UnicodeCase.upper(c)
        out.append(mapped)
        inWord = UnicodeCase.isAlphanumeric(mapped)
    }
    return String(out)
}

/// A string of the given code points.
func scalarString(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
    String(String.UnicodeScalarView(scalars))
}

extension String {
    /// Every occurrence of `target` replaced, matching bytes exactly.
    func replacingAll(_ target: String, with replacement: String) -> String {
        splitAll(target).joined(separator: replacement)
    }

    /// Splits on every occurrence of a nonempty `separator`, comparing
    /// UTF-8 bytes as PostgreSQL does (no canonical equivalence).
    func splitAll(_ separator: String) -> [String] {
        let s = Array(utf8)
        let sep = Array(separator.utf8)
        guard let first = sep.first, s.count >= sep.count else { return [self] }
        var parts: [String] = []
        var start = 0
        var i = 0
        while i + sep.count <= s.count {
            if s[i] == first && s[i..<(i + sep.count)].elementsEqual(sep) {
                parts.append(String(decoding: s[start..<i], as: UTF8.self))
                i += sep.count
                start = i
            } else {
                i += 1
            }
        }
        parts.append(String(decoding: s[start...], as: UTF8.self))
        return parts
    }

    /// 1-based code point position of `sub`, 0 when absent (strpos).
    func characterPosition(of sub: String) -> Int {
        let s = Array(utf8)
        let p = Array(sub.utf8)
        guard let first = p.first else { return 1 }
        guard s.count >= p.count else { return 0 }
        for i in 0...(s.count - p.count)
        where s[i] == first && s[i..<(i + p.count)].elementsEqual(p) {
            // Count the code points before the match (non-continuation bytes).
            return s[0..<i].reduce(1) { $0 + ($1 & 0xC0 == 0x80 ? 0 : 1) }
        }
        return 0
    }
}
