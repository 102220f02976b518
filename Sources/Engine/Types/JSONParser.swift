// json_in's lexer and recursive-descent parser, with PostgreSQL's error
// reports: the DETAIL names what was expected and the token found, the
// CONTEXT shows the input line up to the end of that token.

/// The tokens of JSON text.
private enum JSONToken: Equatable {
    case objectStart, objectEnd, arrayStart, arrayEnd, comma, colon
    case string, number, trueWord, falseWord, nullWord, end
}

/// A parser over the UTF-8 bytes of one json or jsonb input. The lexer
/// runs one token ahead of the parser, as PostgreSQL's does.
struct JSONParser {
    private let bytes: [UInt8]
    /// jsonb input: strings must be valid text (no \u0000), numbers are
    /// normalised and objects sorted.
    private let isJSONB: Bool
    /// Text jsonb_out printed: already sorted, deduplicated, normalised.
    private let isNormalised: Bool
    private var position = 0
    private var token = JSONToken.end
    private var tokenStart = 0
    private var tokenEnd = 0
    /// Where the last consumed token ended.
    private var consumedEnd = 0
    private var tokenText: [UInt8] = []
    private var line = 1
    private var lineStart = 0

    init(_ text: String, jsonb: Bool, normalised: Bool = false) {
        bytes = Array(text.utf8)
        isJSONB = jsonb
        isNormalised = normalised
    }

    /// Parses the whole input as one JSON value.
    mutating func document() throws -> JSONText.Node {
        try advance()
        let node = try value(depth: 0)
        try expectEnd()
        return node
    }

    /// The top-level value's children with the byte ranges of their text
    /// (json's operators return sub-values verbatim).
    mutating func children() throws -> JSONChildren {
        try advance()
        let result: JSONChildren
        switch token {
        case .objectStart: result = .object(try objectSpans())
        case .arrayStart: result = .array(try arraySpans())
        default: result = .scalar(try value(depth: 0))
        }
        try expectEnd()
        return result
    }

    private mutating func expectEnd() throws {
        guard token == .end else {
            throw failure("Expected end of input, but found \"\(found)\".")
        }
    }

    // MARK: - Parser

    private mutating func value(depth: Int) throws -> JSONText.Node {
        // TODO(#6): PostgreSQL nests as deep as its stack allows (about
        // 6000 levels and more); here 1000, as for SQL expressions.
        guard depth < 1000 else {
            throw SQLError(
                SQLState.statementTooComplex, "stack depth limit exceeded",
                hint: "Increase the configuration parameter \"max_stack_depth\" (currently "
                    + "2048kB), after ensuring the platform's stack depth limit is adequate.")
        }
        switch token {
        case .objectStart: return try object(depth: depth)
        case .arrayStart: return try array(depth: depth)
        case .string:
            let s = String(decoding: tokenText, as: UTF8.self)
            try advance()
            return .string(s)
        case .number:
            let n = String(decoding: bytes[tokenStart..<tokenEnd], as: UTF8.self)
            try advance()
            return .number(isJSONB && !isNormalised ? (Numeric(parsing: n)?.text ?? n) : n)
        case .trueWord, .falseWord, .nullWord:
            let t = token
            try advance()
            return t == .nullWord ? .null : .bool(t == .trueWord)
        default:
            throw failure("Expected JSON value, but found \"\(found)\".")
        }
    }

    private mutating func object(depth: Int) throws -> JSONText.Node {
        var pairs: [(String, JSONText.Node)] = []
        try objectFields { key, parser in
            pairs.append((key, try parser.value(depth: depth + 1)))
        }
        return .object(isJSONB && !isNormalised ? JSONText.sortedPairs(pairs) : pairs)
    }

    /// Walks `{ "k": v, ... }` from its `{`, calling `field` at each value.
    private mutating func objectFields(
        _ field: (String, inout JSONParser) throws -> Void
    ) throws {
        try advance()
        if token == .objectEnd { return try advance() }
        var first = true
        while true {
            guard token == .string else {
                let wanted = first ? "Expected string or \"}\"" : "Expected string"
                throw failure("\(wanted), but found \"\(found)\".")
            }
            first = false
            let key = String(decoding: tokenText, as: UTF8.self)
            try advance()
            guard token == .colon else {
                throw failure("Expected \":\", but found \"\(found)\".")
            }
            try advance()
            try field(key, &self)
            if token == .comma {
                try advance()
            } else if token == .objectEnd {
                return try advance()
            } else {
                throw failure("Expected \",\" or \"}\", but found \"\(found)\".")
            }
        }
    }

    private mutating func array(depth: Int) throws -> JSONText.Node {
        var items: [JSONText.Node] = []
        try arrayElements { parser in items.append(try parser.value(depth: depth + 1)) }
        return .array(items)
    }

    /// Walks `[ v, ... ]` from its `[`, calling `element` at each value.
    private mutating func arrayElements(_ element: (inout JSONParser) throws -> Void) throws {
        try advance()
        if token == .arrayEnd { return try advance() }
        while true {
            try element(&self)
            if token == .comma {
                try advance()
            } else if token == .arrayEnd {
                return try advance()
            } else {
                throw failure("Expected \",\" or \"]\", but found \"\(found)\".")
            }
        }
    }

    private mutating func objectSpans() throws -> [(String, JSONSpan)] {
        var pairs: [(String, JSONSpan)] = []
        try objectFields { key, parser in
            let start = parser.tokenStart
            let node = try parser.value(depth: 1)
            pairs.append((key, JSONSpan(node: node, range: start..<parser.consumedEnd)))
        }
        return pairs
    }

    private mutating func arraySpans() throws -> [JSONSpan] {
        var items: [JSONSpan] = []
        try arrayElements { parser in
            let start = parser.tokenStart
            let node = try parser.value(depth: 1)
            items.append(JSONSpan(node: node, range: start..<parser.consumedEnd))
        }
        return items
    }

    // MARK: - Errors

    /// The text of the current token, for "but found" messages.
    private var found: String { String(decoding: bytes[tokenStart..<tokenEnd], as: UTF8.self) }

    /// A syntax error at the current token (or the end of input).
    private func failure(_ detail: String) -> SQLError {
        if token == .end {
            return syntaxError("The input string ended unexpectedly.", end: tokenEnd, atEnd: true)
        }
        return syntaxError(detail, end: tokenEnd, atEnd: false)
    }

    private func syntaxError(_ detail: String, end: Int, atEnd: Bool = false) -> SQLError {
        SQLError(
            SQLState.invalidTextRepresentation, "invalid input syntax for type json",
            detail: detail, context: context(end: end, atEnd: atEnd))
    }

    /// report_json_context: the line up to `end`, at most about 50 bytes,
    /// with "..." where it was cut.
    private func context(end: Int, atEnd: Bool) -> String {
        var start = lineStart
        while end - start >= 50 {
            start = min(end, start + utf8Length(bytes[start]))
        }
        if start - lineStart <= 3 { start = lineStart }
        let excerpt = String(decoding: bytes[start..<end], as: UTF8.self)
        let prefix = start > lineStart ? "..." : ""
        let cut = !atEnd && end < bytes.count && bytes[end] != 10 && bytes[end] != 13
        return "JSON data, line \(line): \(prefix)\(excerpt)\(cut ? "..." : "")"
    }

    private func utf8Length(_ lead: UInt8) -> Int {
        switch lead {
        case 0xF0...: return 4
        case 0xE0...: return 3
        case 0xC0...: return 2
        default: return 1
        }
    }

    // MARK: - Lexer

    private static func isAlphanumeric(_ b: UInt8) -> Bool {
        (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95
            || b >= 0x80
    }

    /// Reads the next token into `token`.
    private mutating func advance() throws {
        consumedEnd = tokenEnd
        while position < bytes.count {
            let b = bytes[position]
            if b == 10 {
                line += 1
                lineStart = position + 1
            } else if b != 32 && b != 9 && b != 13 {
                break
            }
            position += 1
        }
        tokenStart = position
        guard position < bytes.count else {
            token = .end
            tokenEnd = position
            return
        }
        let b = bytes[position]
        if let t = Self.punctuation(b) {
            position += 1
            token = t
        } else if b == 34 {
            try lexString()
            token = .string
        } else if b == 45 || (b >= 48 && b <= 57) {
            try lexNumber()
            token = .number
        } else {
            token = try lexWord()
        }
        tokenEnd = position
    }

    private static func punctuation(_ b: UInt8) -> JSONToken? {
        switch b {
        case 123: return .objectStart
        case 125: return .objectEnd
        case 91: return .arrayStart
        case 93: return .arrayEnd
        case 44: return .comma
        case 58: return .colon
        default: return nil
        }
    }

    private mutating func invalidToken(end: Int) -> SQLError {
        let text = String(decoding: bytes[tokenStart..<end], as: UTF8.self)
        return syntaxError("Token \"\(text)\" is invalid.", end: end)
    }

    private mutating func lexWord() throws -> JSONToken {
        var p = position
        while p < bytes.count, Self.isAlphanumeric(bytes[p]) { p += 1 }
        guard p > position else { throw invalidToken(end: position + 1) }
        let t: JSONToken
        switch String(decoding: bytes[position..<p], as: UTF8.self) {
        case "true": t = .trueWord
        case "false": t = .falseWord
        case "null": t = .nullWord
        default: throw invalidToken(end: p)
        }
        position = p
        return t
    }

    private mutating func lexNumber() throws {
        var s = position
        var bad = false
        func digits() -> Int {
            let from = s
            while s < bytes.count, bytes[s] >= 48 && bytes[s] <= 57 { s += 1 }
            return s - from
        }
        if bytes[s] == 45 { s += 1 }
        if s < bytes.count, bytes[s] == 48 {
            s += 1
        } else if digits() == 0 {
            bad = true
        }
        if s < bytes.count, bytes[s] == 46 {
            s += 1
            if digits() == 0 { bad = true }
        }
        if s < bytes.count, bytes[s] == 101 || bytes[s] == 69 {
            s += 1
            if s < bytes.count, bytes[s] == 43 || bytes[s] == 45 { s += 1 }
            if digits() == 0 { bad = true }
        }
        var p = s
        while p < bytes.count, Self.isAlphanumeric(bytes[p]) { p += 1 }
        if bad || p > s { throw invalidToken(end: p) }
        position = p
    }
}

/// A json sub-value with the byte range of its text.
struct JSONSpan {
    var node: JSONText.Node
    var range: Range<Int>
}

/// The top level of a json text, its children located.
enum JSONChildren {
    case object([(String, JSONSpan)])
    case array([JSONSpan])
    case scalar(JSONText.Node)
}

extension JSONParser {
    /// Reads a string token from its opening quote, unescaping it into
    /// `tokenText`.
    fileprivate mutating func lexString() throws {
        var s = position + 1
        var out: [UInt8] = []
        var highSurrogate: UInt32? = nil
        func lowMissing(_ end: Int) -> SQLError {
            syntaxError("Unicode low surrogate must follow a high surrogate.", end: end)
        }
        while true {
            guard s < bytes.count else { throw invalidToken(end: s) }
            let b = bytes[s]
            if b == 34 {
                if highSurrogate != nil { throw lowMissing(s + 1) }
                position = s + 1
                tokenText = out
                return
            }
            if b < 0x20 {
                let hex = String(b, radix: 16)
                let code = (hex.count < 2 ? "0" : "") + hex
                throw syntaxError("Character with value 0x\(code) must be escaped.", end: s)
            }
            guard b == 92 else {
                if highSurrogate != nil { throw lowMissing(s + 1) }
                out.append(b)
                s += 1
                continue
            }
            s += 1
            guard s < bytes.count else { throw invalidToken(end: s) }
            if bytes[s] == 117 {
                s = try unicodeEscape(at: s, high: &highSurrogate, into: &out)
                continue
            }
            if highSurrogate != nil { throw lowMissing(s + 1) }
            guard let plain = Self.simpleEscape(bytes[s]) else {
                let length = utf8Length(bytes[s])
                let end = min(bytes.count, s + length)
                let char = String(decoding: bytes[s..<end], as: UTF8.self)
                throw syntaxError("Escape sequence \"\\\(char)\" is invalid.", end: end)
            }
            out.append(plain)
            s += 1
        }
    }

    /// A `\uXXXX` escape whose `u` is at `u`; returns where scanning goes
    /// on. Surrogate pairs combine; a lone surrogate is an error.
    private mutating func unicodeEscape(
        at u: Int, high: inout UInt32?, into out: inout [UInt8]
    ) throws -> Int {
        var code: UInt32 = 0
        var s = u
        for _ in 0..<4 {
            s += 1
            guard s < bytes.count else { throw invalidToken(end: s) }
            guard let digit = hexDigit(bytes[s]) else {
                let end = min(bytes.count, s + utf8Length(bytes[s]))
                throw syntaxError("\"\\u\" must be followed by four hexadecimal digits.", end: end)
            }
            code = code * 16 + digit
        }
        let end = s + 1
        switch code {
        case 0xD800...0xDBFF:
            if high != nil {
                throw syntaxError(
                    "Unicode high surrogate must not follow a high surrogate.", end: end)
            }
            high = code
            return end
        case 0xDC00...0xDFFF:
            guard let h = high else {
                throw syntaxError("Unicode low surrogate must follow a high surrogate.", end: end)
            }
            high = nil
            code = 0x10000 + ((h - 0xD800) << 10) + (code - 0xDC00)
        default:
            if high != nil {
                throw syntaxError("Unicode low surrogate must follow a high surrogate.", end: end)
            }
        }
        if code == 0 && isJSONB {
            throw SQLError(
                SQLState.untranslatableCharacter, "unsupported Unicode escape sequence",
                detail: "\\u0000 cannot be converted to text.",
                context: context(end: end, atEnd: false))
        }
        if let scalar = Unicode.Scalar(code) {
            out += Array(String(Character(scalar)).utf8)
        }
        return end
    }

    /// The byte `\b`, `\n`, ... stand for (`\"`, `\\` and `\/` themselves).
    private static func simpleEscape(_ b: UInt8) -> UInt8? {
        switch b {
        case 34, 92, 47: return b
        case 98: return 8
        case 102: return 12
        case 110: return 10
        case 114: return 13
        case 116: return 9
        default: return nil
        }
    }

    private func hexDigit(_ b: UInt8) -> UInt32? {
        switch b {
        case 48...57: return UInt32(b - 48)
        case 97...102: return UInt32(b - 87)
        case 65...70: return UInt32(b - 55)
        default: return nil
        }
    }
}
