// String constants and quoted names: '', E'' (backslash escapes), U&''
// with UESCAPE, B'' and X'' bit strings, $tag$ dollar quoting, "" and U&""
// identifiers, following scan.l's exclusive states xq, xe, xus, xb, xh,
// xdolq, xd and xui.

extension Lexer {
    /// How the body of a quoted string is decoded.
    enum StringStyle {
        /// `'...'`: only `''` is special.
        case standard
        /// `E'...'`: backslash escapes.
        case escape
        /// `U&'...'`: `\XXXX` and `\+XXXXXX` escapes (or UESCAPE's char).
        case unicode
        /// `B'...'` / `X'...'`: kept verbatim.
        case bits
    }

    /// Handles the literal forms introduced by a letter and a quote.
    mutating func scanPrefixedLiteral(_ start: Int, _ c: UInt32) throws -> Token? {
        let next = at(start + 1)
        switch c {
        case 0x62, 0x42, 0x78, 0x58:
            guard next == 0x27 else { return nil }
            let string = try scanQuotedString(start, bodyStart: start + 2, style: .bits)
            let prefix = c == 0x62 || c == 0x42 ? "b" : "x"
            return token(
                .bitString, text: prefix + text(of: string), location: start, end: string.end)
        case 0x65, 0x45:
            guard next == 0x27 else { return nil }
            return try scanQuotedString(start, bodyStart: start + 2, style: .escape)
        case 0x6E, 0x4E:
            // N'..' is the type name NCHAR followed by a plain string.
            guard next == 0x27 else { return nil }
            offset = start + 1
            var token = Token(kind: .identifier, location: start, end: start + 1)
            token.keywordCode = Keyword.nchar.rawValue
            return token
        case 0x75, 0x55:
            guard next == 0x26 else { return nil }
            let quote = at(start + 2)
            if quote == 0x27 {
                return try scanQuotedString(start, bodyStart: start + 3, style: .unicode)
            }
            if quote == 0x22 {
                return try scanQuotedIdentifier(start, bodyStart: start + 3, unicode: true)
            }
            return nil
        default:
            return nil
        }
    }

    // MARK: - Quoted strings

    /// Scans a quoted string whose opening quote is just before `bodyStart`,
    /// joining continuation segments separated by a newline.
    mutating func scanQuotedString(
        _ start: Int, bodyStart: Int, style: StringStyle
    ) throws -> Token {
        if style == .standard || style == .bits,
            let token = scanSimpleString(start, bodyStart: bodyStart)
        {
            return token
        }
        var chars: [(value: UInt32, offset: Int)] = []
        var index = bodyStart
        while true {
            guard index < scalars.count else {
                throw unterminated("unterminated quoted string", start)
            }
            let c = at(index)
            if c == 0x27 {
                if at(index + 1) == 0x27 {
                    chars.append((0x27, index))
                    index += 2
                    continue
                }
                index += 1
                if style != .bits, let resume = continuation(after: index) {
                    index = resume
                    continue
                }
                break
            }
            if c == 0x5C && style == .escape {
                // Keep the backslash and its escaped character together so an
                // escaped quote does not end the string.
                chars.append((c, index))
                if index + 1 < scalars.count {
                    chars.append((at(index + 1), index + 1))
                }
                index += 2
                continue
            }
            chars.append((c, index))
            index += 1
        }
        offset = index
        let closingQuote = index - 1
        let value: String
        switch style {
        case .standard, .bits:
            value = Lexer.string(chars.map(\.value))
        case .escape:
            value = try decodeEscapes(chars, closingQuote: closingQuote)
        case .unicode:
            let escape = try unicodeEscapeCharacter()
            value = try decodeUnicodeEscapes(chars, escape: escape, closingQuote: closingQuote)
        }
        return token(.string, text: value, location: start, end: index)
    }

    /// The common case of a quoted string without doubled quotes or
    /// continuation lines, sliced straight from the source; nil otherwise.
    private mutating func scanSimpleString(_ start: Int, bodyStart: Int) -> Token? {
        var index = bodyStart
        while index < scalars.count, scalars[index].value != 0x27 { index += 1 }
        guard index < scalars.count, at(index + 1) != 0x27, continuation(after: index + 1) == nil
        else { return nil }
        offset = index + 1
        return Token(
            kind: .string, location: start, end: index + 1,
            leadingSkip: UInt8(truncatingIfNeeded: bodyStart - start), trailingSkip: 1)
    }

    /// If a newline-separated continuation `'` follows `index`, the offset
    /// just after that quote (scan.l's `quotecontinue`).
    private func continuation(after index: Int) -> Int? {
        var probe = index
        var sawNewline = false
        while true {
            let c = at(probe)
            if Lexer.isNewline(c) {
                sawNewline = true
                probe += 1
            } else if Lexer.isSpace(c) {
                probe += 1
            } else if sawNewline && c == 0x2D && at(probe + 1) == 0x2D {
                while probe < scalars.count, !Lexer.isNewline(at(probe)) { probe += 1 }
            } else {
                break
            }
        }
        return sawNewline && at(probe) == 0x27 ? probe + 1 : nil
    }

    /// Builds a string from scalar values (invalid values are dropped; the
    /// lexer only produces valid ones).
    static func string(_ values: [UInt32]) -> String {
        var view = String.UnicodeScalarView()
        for value in values {
            if let scalar = Unicode.Scalar(value) { view.append(scalar) }
        }
        return String(view)
    }

    // MARK: - E'' escapes

    /// Decodes `\n`, `\t`, octal, `\xHH`, `\uXXXX` and `\UXXXXXXXX` escapes.
    /// Octal and hex escapes give bytes, which must form valid UTF-8.
    private func decodeEscapes(
        _ chars: [(value: UInt32, offset: Int)], closingQuote: Int
    ) throws -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chars.count)
        var pendingHighSurrogate: UInt32?
        var index = 0
        func append(_ value: UInt32) {
            if let scalar = Unicode.Scalar(value), let encoded = UTF8.encode(scalar) {
                bytes.append(contentsOf: encoded)
            }
        }
        while index < chars.count {
            let c = chars[index].value
            guard c == 0x5C, index + 1 < chars.count else {
                if pendingHighSurrogate != nil { throw surrogateError(at: chars[index].offset) }
                append(c)
                index += 1
                continue
            }
            let escapeOffset = chars[index].offset
            let e = chars[index + 1].value
            if e == 0x75 || e == 0x55 {
                let width = e == 0x75 ? 4 : 8
                guard let code = Lexer.hexValue(chars, from: index + 2, count: width) else {
                    throw ParseError(
                        sqlState: "22025", message: "invalid Unicode escape",
                        position: escapeOffset,
                        hint: "Unicode escapes must be \\uXXXX or \\UXXXXXXXX.")
                }
                index += 2 + width
                if let high = pendingHighSurrogate {
                    guard (0xDC00...0xDFFF).contains(code) else {
                        throw surrogateError(at: escapeOffset)
                    }
                    pendingHighSurrogate = nil
                    append(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))
                } else if (0xD800...0xDBFF).contains(code) {
                    pendingHighSurrogate = code
                } else if code == 0 || code > 0x10FFFF || (0xDC00...0xDFFF).contains(code) {
                    if (0xDC00...0xDFFF).contains(code) { throw surrogateError(at: escapeOffset) }
                    let raw = text(from: escapeOffset, to: escapeOffset + 2 + width)
                    throw ParseError.syntax(
                        "invalid Unicode escape value at or near \"\(raw)\"", at: escapeOffset)
                } else {
                    append(code)
                }
                continue
            }
            if pendingHighSurrogate != nil { throw surrogateError(at: escapeOffset) }
            index += 2
            switch e {
            case 0x62: bytes.append(0x08)
            case 0x66: bytes.append(0x0C)
            case 0x6E: bytes.append(0x0A)
            case 0x72: bytes.append(0x0D)
            case 0x74: bytes.append(0x09)
            case 0x30...0x37:
                var value = e - 0x30
                var digits = 1
                while digits < 3, index < chars.count, (0x30...0x37).contains(chars[index].value) {
                    value = value * 8 + chars[index].value - 0x30
                    index += 1
                    digits += 1
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
            case 0x78 where index < chars.count && Lexer.hexDigit(chars[index].value) != nil:
                var value: UInt32 = 0
                var digits = 0
                while digits < 2, index < chars.count,
                    let digit = Lexer.hexDigit(chars[index].value)
                {
                    value = value * 16 + digit
                    index += 1
                    digits += 1
                }
                bytes.append(UInt8(truncatingIfNeeded: value))
            default:
                append(e)
            }
        }
        if pendingHighSurrogate != nil { throw surrogateError(at: closingQuote) }
        return try Lexer.validUTF8(bytes)
    }

    private func surrogateError(at position: Int) -> ParseError {
        let near = text(from: position, to: min(position + 1, scalars.count))
        return .syntax("invalid Unicode surrogate pair at or near \"\(near)\"", at: position)
    }

    /// Decodes bytes as UTF-8, failing as PostgreSQL's pg_verifymbstr does.
    static func validUTF8(_ bytes: [UInt8]) throws -> String {
        var index = 0
        while index < bytes.count {
            let lead = bytes[index]
            let width: Int
            switch lead {
            case 0x01...0x7F: width = 1
            case 0xC2...0xDF: width = 2
            case 0xE0...0xEF: width = 3
            case 0xF0...0xF4: width = 4
            default: width = 0
            }
            var valid = width > 0 && index + width <= bytes.count
            if valid {
                for follower in bytes[(index + 1)..<(index + width)]
                where follower & 0xC0 != 0x80 {
                    valid = false
                }
            }
            if valid && width > 1 {
                valid =
                    String(decoding: bytes[index..<(index + width)], as: UTF8.self)
                    .unicodeScalars.first.map { $0.value != 0xFFFD } ?? false
            }
            guard valid else {
                let shown = bytes[index..<min(bytes.count, index + max(width, 1))]
                    .map { "0x" + String($0, radix: 16, uppercase: false).leftPadded(2) }
                    .joined(separator: " ")
                throw ParseError(
                    sqlState: "22021",
                    message: "invalid byte sequence for encoding \"UTF8\": \(shown)", position: -1)
            }
            index += width
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    // MARK: - U&'' escapes

    /// After a U&'' string, an optional `UESCAPE 'c'` names the escape
    /// character (default backslash).
    private mutating func unicodeEscapeCharacter() throws -> UInt32 {
        let saved = offset
        try skipWhitespaceAndComments()
        let wordStart = offset
        let word = text(from: wordStart, to: wordStart + 7).lowercased()
        guard word == "uescape", !Lexer.isIdentifierContinue(at(wordStart + 7)) else {
            offset = saved
            return 0x5C
        }
        offset = wordStart + 7
        try skipWhitespaceAndComments()
        let quote = offset
        let c = at(quote + 1)
        let valid =
            at(quote) == 0x27 && at(quote + 2) == 0x27 && c != Lexer.none
            && !Lexer.isHexDigitOrSign(c) && !Lexer.isSpace(c) && c != 0x27 && c != 0x22
        guard valid else {
            var end = quote + 1
            while end < scalars.count, at(end) != 0x27 { end += 1 }
            let near = text(from: quote, to: min(end + 1, scalars.count))
            throw ParseError.syntax(
                "invalid Unicode escape character at or near \"\(near)\"", at: quote)
        }
        offset = quote + 3
        return c
    }

    /// Decodes `\XXXX` and `\+XXXXXX` (with `escape` for the backslash).
    private func decodeUnicodeEscapes(
        _ chars: [(value: UInt32, offset: Int)], escape: UInt32, closingQuote: Int
    ) throws -> String {
        var values: [UInt32] = []
        var pendingHighSurrogate: UInt32?
        var index = 0
        while index < chars.count {
            let c = chars[index].value
            guard c == escape else {
                if pendingHighSurrogate != nil { throw plainSurrogateError(chars[index].offset) }
                values.append(c)
                index += 1
                continue
            }
            let escapeOffset = chars[index].offset
            if index + 1 < chars.count && chars[index + 1].value == escape {
                values.append(escape)
                index += 2
                continue
            }
            let plus = index + 1 < chars.count && chars[index + 1].value == 0x2B
            let width = plus ? 6 : 4
            let digitsStart = index + (plus ? 2 : 1)
            guard let code = Lexer.hexValue(chars, from: digitsStart, count: width) else {
                throw ParseError(
                    sqlState: "42601", message: "invalid Unicode escape", position: escapeOffset,
                    hint: "Unicode escapes must be \\XXXX or \\+XXXXXX.")
            }
            index = digitsStart + width
            if let high = pendingHighSurrogate {
                guard (0xDC00...0xDFFF).contains(code) else {
                    throw plainSurrogateError(escapeOffset)
                }
                pendingHighSurrogate = nil
                values.append(0x10000 + ((high - 0xD800) << 10) + (code - 0xDC00))
            } else if (0xD800...0xDBFF).contains(code) {
                pendingHighSurrogate = code
            } else if (0xDC00...0xDFFF).contains(code) {
                throw plainSurrogateError(escapeOffset)
            } else if code == 0 || code > 0x10FFFF {
                throw ParseError.syntax("invalid Unicode escape value", at: escapeOffset)
            } else {
                values.append(code)
            }
        }
        if pendingHighSurrogate != nil { throw plainSurrogateError(closingQuote) }
        return Lexer.string(values)
    }

    private func plainSurrogateError(_ position: Int) -> ParseError {
        .syntax("invalid Unicode surrogate pair", at: position)
    }

    static func hexDigit(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    static func isHexDigitOrSign(_ c: UInt32) -> Bool {
        hexDigit(c) != nil || c == 0x2B
    }

    static func hexValue(
        _ chars: [(value: UInt32, offset: Int)], from start: Int, count: Int
    ) -> UInt32? {
        guard start + count <= chars.count else { return nil }
        var value: UInt32 = 0
        for index in start..<(start + count) {
            guard let digit = hexDigit(chars[index].value) else { return nil }
            value = value * 16 + digit
        }
        return value
    }

    // MARK: - Dollar quotes and parameters

    /// Scans `$n`, `$tag$...$tag$`, or a lone `$`.
    mutating func scanDollar(_ start: Int) throws -> Token {
        var index = start + 1
        if Lexer.isDigit(at(index)) {
            while Lexer.isDigit(at(index)) { index += 1 }
            if Lexer.isIdentifierStart(at(index)) {
                while Lexer.isIdentifierContinue(at(index)) { index += 1 }
                let junk = text(from: start, to: index)
                throw ParseError.syntax(
                    "trailing junk after parameter at or near \"\(junk)\"", at: start)
            }
            offset = index
            return Token(kind: .parameter, location: start, end: index, leadingSkip: 1)
        }
        if Lexer.isIdentifierStart(at(index)) {
            while Lexer.isIdentifierStart(at(index)) || Lexer.isDigit(at(index)) { index += 1 }
        }
        guard at(index) == 0x24 else {
            offset = start + 1
            var token = Token(kind: .punctuation, location: start, end: start + 1)
            token.symbol = Token.pack("$")
            return token
        }
        let delimiter = Array(scalars[start...index])
        let bodyStart = index + 1
        var probe = bodyStart
        while probe < scalars.count {
            if at(probe) == 0x24 && probe + delimiter.count <= scalars.count
                && scalars[probe..<(probe + delimiter.count)].elementsEqual(delimiter)
            {
                offset = probe + delimiter.count
                let tag = delimiter.count
                var token =
                    tag <= Int(UInt8.max)
                    ? Token(
                        kind: .string, location: start, end: offset,
                        leadingSkip: UInt8(tag), trailingSkip: UInt8(tag))
                    : self.token(
                        .string, text: text(from: bodyStart, to: probe), location: start,
                        end: offset)
                token.isQuoted = true
                return token
            }
            probe += 1
        }
        throw unterminated("unterminated dollar-quoted string", start)
    }

    /// Where a dollar-quoted string token's body starts (just after the
    /// opening delimiter), or nil for other tokens.
    public func dollarBodyStart(of token: Token) -> Int? {
        guard token.kind == .string, at(token.location) == 0x24 else { return nil }
        var index = token.location + 1
        while index < token.end, at(index) != 0x24 { index += 1 }
        return index + 1
    }

    // MARK: - Quoted identifiers

    /// Scans `"name"` (or `U&"name"`), where `""` stands for one quote.
    mutating func scanQuotedIdentifier(
        _ start: Int, bodyStart: Int, unicode: Bool
    ) throws -> Token {
        var chars: [(value: UInt32, offset: Int)] = []
        var index = bodyStart
        while true {
            guard index < scalars.count else {
                throw unterminated("unterminated quoted identifier", start)
            }
            let c = at(index)
            if c == 0x22 {
                if at(index + 1) == 0x22 {
                    chars.append((0x22, index))
                    index += 2
                    continue
                }
                index += 1
                break
            }
            chars.append((c, index))
            index += 1
        }
        offset = index
        if chars.isEmpty {
            let shown = text(from: start, to: index)
            throw ParseError.syntax(
                "zero-length delimited identifier at or near \"\(shown)\"", at: start)
        }
        var name = Lexer.string(chars.map(\.value))
        if unicode {
            let escape = try unicodeEscapeCharacter()
            name = try decodeUnicodeEscapes(chars, escape: escape, closingQuote: index - 1)
        }
        name = truncateIdentifier(name, at: start)
        var token = self.token(.identifier, text: name, location: start, end: offset)
        token.isQuoted = true
        return token
    }
}

extension String {
    /// The string left-padded with zeros to `width` characters.
    fileprivate func leftPadded(_ width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
