// The SQL scanner: turns text into tokens by PostgreSQL 15's scan.l rules
// (standard_conforming_strings on). Whitespace and comments are skipped;
// string forms and quoted names live in Lexer+Strings.swift.

/// Scans PostgreSQL SQL text into `Token`s.
///
/// The text is held as an array of Unicode scalars so that offsets are
/// plain integers, as PostgreSQL's error positions are (counted in
/// characters). Identifiers are folded to lower case unless quoted and
/// truncated to 63 bytes with a NOTICE, as PostgreSQL does.
public struct Lexer {
    /// The source, one element per Unicode scalar.
    public let scalars: [Unicode.Scalar]
    /// Offset of the next character to scan.
    public internal(set) var offset: Int
    /// True when every scalar is ASCII, so strings are built byte by byte.
    let isASCII: Bool
    /// NOTICEs raised so far (identifier truncation).
    public internal(set) var notices: [ParseNotice] = []
    /// Texts of the tokens whose text is not a slice of the source, indexed
    /// by `Token.decoded`.
    var decodedTexts: [String] = []

    /// Longest identifier PostgreSQL keeps: NAMEDATALEN - 1 bytes.
    static let maxIdentifierBytes = 63

    /// Creates a lexer over `text`.
    public init(_ text: String) {
        self.init(scalars: Lexer.scalars(of: text))
    }

    /// The Unicode scalars of `text`, decoded from its UTF-8 storage in one
    /// pass (faster than `Array(text.unicodeScalars)`, which counts first).
    public static func scalars(of text: String) -> [Unicode.Scalar] {
        decode(text).scalars
    }

    /// `scalars(of:)` and whether every scalar is ASCII, found in the same
    /// pass.
    static func decode(_ text: String) -> (scalars: [Unicode.Scalar], isASCII: Bool) {
        var text = text
        return text.withUTF8 { bytes in
            var high: UInt8 = 0
            for byte in bytes { high |= byte }
            if high < 0x80 {
                let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) {
                    buffer, count in
                    for index in 0..<bytes.count { buffer[index] = Unicode.Scalar(bytes[index]) }
                    count = bytes.count
                }
                return (scalars, true)
            }
            let scalars = [Unicode.Scalar](unsafeUninitializedCapacity: bytes.count) {
                buffer, count in
                var index = 0
                count = 0
                while index < bytes.count {
                    let lead = UInt32(bytes[index])
                    if lead < 0x80 {
                        buffer[count] = Unicode.Scalar(UInt8(truncatingIfNeeded: lead))
                        count += 1
                        index += 1
                        continue
                    }
                    let width = lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2
                    var value = lead & (width == 4 ? 0x07 : width == 3 ? 0x0F : 0x1F)
                    for offset in 1..<width where index + offset < bytes.count {
                        value = (value << 6) | (UInt32(bytes[index + offset]) & 0x3F)
                    }
                    buffer[count] = Unicode.Scalar(value) ?? "\u{FFFD}"
                    count += 1
                    index += width
                }
            }
            return (scalars, false)
        }
    }

    /// Creates a lexer over already split scalars, starting at `offset`.
    public init(scalars: [Unicode.Scalar], offset: Int = 0) {
        let isASCII = scalars.withUnsafeBufferPointer { source in
            var high: UInt32 = 0
            for scalar in source { high |= scalar.value }
            return high < 0x80
        }
        self.init(scalars: scalars, isASCII: isASCII, offset: offset)
    }

    /// Creates a lexer over scalars already known to be (or not to be)
    /// all ASCII.
    init(scalars: [Unicode.Scalar], isASCII: Bool, offset: Int = 0) {
        self.scalars = scalars
        self.offset = offset
        self.isASCII = isASCII
    }

    /// Scans the whole text; the last token has kind `.end`.
    public static func tokenize(_ text: String) throws -> [Token] {
        var lexer = Lexer(text)
        return try lexer.tokenizeAll()
    }

    /// Scans from the current offset to the end; the last token is `.end`.
    public mutating func tokenizeAll() throws -> [Token] {
        var tokens: [Token] = []
        tokens.reserveCapacity(scalars.count / 3 + 2)
        while true {
            let token = try nextToken()
            let isEnd = token.kind == .end
            tokens.append(token)
            if isEnd { return tokens }
        }
    }

    /// The source text between two offsets, as written.
    public func text(from start: Int, to end: Int) -> String {
        makeString(from: start, to: end, foldingCase: false)
    }

    /// A token's decoded text: the folded name, the string's value, the
    /// digits or the operator. Keywords share one spelling; other texts are
    /// built from the source here, so scanning itself makes no strings.
    @inline(__always)
    public func text(of token: Token) -> String {
        if token.keywordCode != 0 { return Keywords.words[Int(token.keywordCode)] }
        if token.decoded >= 0 { return decodedTexts[Int(token.decoded)] }
        return makeString(from: token.textStart, to: token.textEnd, foldingCase: token.foldsCase)
    }

    /// A token whose text is `text` rather than a slice of the source.
    mutating func token(
        _ kind: Token.Kind, text: String, location: Int, end: Int
    ) -> Token {
        var token = Token(kind: kind, location: location, end: end)
        token.decoded = Int32(truncatingIfNeeded: decodedTexts.count)
        decodedTexts.append(text)
        return token
    }

    /// The scalars between two offsets as a String, written straight into
    /// the string's UTF-8 storage (the scanner's hot path); `foldingCase`
    /// lower-cases ASCII letters as PostgreSQL's downcase_identifier does.
    func makeString(from start: Int, to end: Int, foldingCase: Bool) -> String {
        let lower = max(0, min(start, scalars.count))
        let upper = max(lower, min(end, scalars.count))
        if isASCII { return makeASCIIString(from: lower, to: upper, foldingCase: foldingCase) }
        return scalars.withUnsafeBufferPointer { source in
            var byteCount = 0
            for index in lower..<upper {
                let value = source[index].value
                byteCount += value < 0x80 ? 1 : value < 0x800 ? 2 : value < 0x10000 ? 3 : 4
            }
            return String(unsafeUninitializedCapacity: byteCount) { buffer in
                var written = 0
                for index in lower..<upper {
                    var value = source[index].value
                    if value < 0x80 {
                        if foldingCase && value >= 0x41 && value <= 0x5A { value += 32 }
                        buffer[written] = UInt8(truncatingIfNeeded: value)
                        written += 1
                    } else if value < 0x800 {
                        buffer[written] = UInt8(truncatingIfNeeded: 0xC0 | (value >> 6))
                        buffer[written + 1] = UInt8(truncatingIfNeeded: 0x80 | (value & 0x3F))
                        written += 2
                    } else if value < 0x10000 {
                        buffer[written] = UInt8(truncatingIfNeeded: 0xE0 | (value >> 12))
                        buffer[written + 1] = UInt8(
                            truncatingIfNeeded: 0x80 | ((value >> 6) & 0x3F))
                        buffer[written + 2] = UInt8(truncatingIfNeeded: 0x80 | (value & 0x3F))
                        written += 3
                    } else {
                        buffer[written] = UInt8(truncatingIfNeeded: 0xF0 | (value >> 18))
                        buffer[written + 1] = UInt8(
                            truncatingIfNeeded: 0x80 | ((value >> 12) & 0x3F))
                        buffer[written + 2] = UInt8(
                            truncatingIfNeeded: 0x80 | ((value >> 6) & 0x3F))
                        buffer[written + 3] = UInt8(truncatingIfNeeded: 0x80 | (value & 0x3F))
                        written += 4
                    }
                }
                return written
            }
        }
    }

    /// `makeString` for an all-ASCII source: one byte per scalar.
    private func makeASCIIString(from lower: Int, to upper: Int, foldingCase: Bool) -> String {
        scalars.withUnsafeBufferPointer { source in
            let count = upper - lower
            return String(unsafeUninitializedCapacity: count) { buffer in
                if foldingCase {
                    for index in 0..<count {
                        let value = UInt8(truncatingIfNeeded: source[lower &+ index].value)
                        buffer[index] = value &- 0x41 < 26 ? value | 0x20 : value
                    }
                } else {
                    for index in 0..<count {
                        buffer[index] = UInt8(truncatingIfNeeded: source[lower &+ index].value)
                    }
                }
                return count
            }
        }
    }

    /// The scalar value at `index`, or `Lexer.none` past the end.
    @inline(__always)
    func at(_ index: Int) -> UInt32 {
        index < scalars.count ? scalars[index].value : Lexer.none
    }

    /// Sentinel for "past the end"; no scalar has this value.
    static let none: UInt32 = 0xFFFF_FFFF

    /// Scans and returns the next token.
    public mutating func nextToken() throws -> Token {
        // Most tokens follow one space or none; anything that might open
        // a comment or run on goes through the full skip.
        var c = at(offset)
        if c == 0x20 {
            offset += 1
            c = at(offset)
        }
        if c <= 0x2F && (Lexer.mayStartSkip >> UInt64(c)) & 1 != 0 {
            try skipWhitespaceAndComments()
            c = at(offset)
        }
        let start = offset
        if c == Lexer.none {
            return Token(kind: .end, location: start, end: start)
        }
        if Lexer.isIdentifierStart(c) {
            let next = at(start + 1)
            if next == 0x27 || next == 0x26, let token = try scanPrefixedLiteral(start, c) {
                return token
            }
            return scanIdentifier(start)
        }
        if Lexer.isDigit(c) || (c == 0x2E && Lexer.isDigit(at(start + 1))) {
            return try scanNumber(start)
        }
        switch c {
        case 0x27: return try scanQuotedString(start, bodyStart: start + 1, style: .standard)
        case 0x22: return try scanQuotedIdentifier(start, bodyStart: start + 1, unicode: false)
        case 0x24: return try scanDollar(start)
        default: break
        }
        return try scanPunctuationOrOperator(start, c)
    }

    // MARK: - Whitespace and comments

    /// Skips spaces, `--` comments and nested `/* */` comments.
    mutating func skipWhitespaceAndComments() throws {
        while true {
            let c = at(offset)
            if Lexer.isSpace(c) {
                offset += 1
            } else if c == 0x2D && at(offset + 1) == 0x2D {
                offset += 2
                while offset < scalars.count, !Lexer.isNewline(at(offset)) { offset += 1 }
            } else if c == 0x2F && at(offset + 1) == 0x2A {
                try skipBlockComment()
            } else {
                return
            }
        }
    }

    /// Skips one `/* ... */` comment, which may nest.
    private mutating func skipBlockComment() throws {
        let start = offset
        var depth = 0
        while offset < scalars.count {
            let c = at(offset)
            if c == 0x2F && at(offset + 1) == 0x2A {
                depth += 1
                offset += 2
            } else if c == 0x2A && at(offset + 1) == 0x2F {
                depth -= 1
                offset += 2
                if depth == 0 { return }
            } else {
                offset += 1
            }
        }
        throw unterminated("unterminated /* comment", start)
    }

    /// An error for a construct that runs to the end of the text; PostgreSQL
    /// quotes everything from its start.
    func unterminated(_ message: String, _ start: Int) -> ParseError {
        let rest = text(from: start, to: scalars.count)
        return .syntax("\(message) at or near \"\(rest)\"", at: start)
    }

    // MARK: - Names and numbers

    /// Scans an unquoted name, folding ASCII letters to lower case. The
    /// keyword hash is computed on the way, so a keyword costs no string:
    /// its text is the shared spelling from `Keywords.words`.
    private mutating func scanIdentifier(_ start: Int) -> Token {
        let (end, hash, nameIsASCII) = scalars.withUnsafeBufferPointer {
            source -> (Int, UInt32, Bool) in
            var end = start
            var hash = Keywords.hashSeed
            var nameIsASCII = true
            while end < source.count {
                var value = source[end].value
                guard Lexer.isIdentifierContinue(value) else { break }
                if value >= 0x80 {
                    nameIsASCII = false
                } else {
                    if value >= 0x41 && value <= 0x5A { value += 32 }
                    hash = Keywords.mix(hash, UInt8(truncatingIfNeeded: value))
                }
                end += 1
            }
            return (end, hash, nameIsASCII)
        }
        offset = end
        if nameIsASCII {
            let code = scalars.withUnsafeBufferPointer {
                Keywords.code(folded: $0, from: start, to: end, hash: hash)
            }
            if code != 0 {
                var token = Token(kind: .identifier, location: start, end: end)
                token.keywordCode = code
                return token
            }
        }
        // An ASCII name has one byte per character, so a short one needs
        // no byte count; a long one is cut now, as its NOTICE is raised
        // while scanning.
        if (!nameIsASCII || end - start > Lexer.maxIdentifierBytes)
            && utf8Count(from: start, to: end) > Lexer.maxIdentifierBytes
        {
            let word = makeString(from: start, to: end, foldingCase: true)
            let truncated = truncateIdentifier(word, at: start)
            return token(.identifier, text: truncated, location: start, end: end)
        }
        return Token(kind: .identifier, location: start, end: end, foldsCase: true)
    }

    /// The UTF-8 length of the scalars between two offsets.
    func utf8Count(from start: Int, to end: Int) -> Int {
        var count = 0
        for index in start..<end { count += UTF8.width(scalars[index]) }
        return count
    }

    /// Cuts a name to 63 bytes on a character boundary, noting it as
    /// PostgreSQL's truncate_identifier does.
    mutating func truncateIdentifier(_ name: String, at location: Int) -> String {
        guard name.utf8.count > Lexer.maxIdentifierBytes else { return name }
        var bytes = 0
        var view = String.UnicodeScalarView()
        for scalar in name.unicodeScalars {
            let width = UTF8.width(scalar)
            if bytes + width > Lexer.maxIdentifierBytes { break }
            bytes += width
            view.append(scalar)
        }
        let truncated = String(view)
        notices.append(
            ParseNotice(
                message: "identifier \"\(name)\" will be truncated to \"\(truncated)\"",
                position: location))
        return truncated
    }

    /// Scans `123`, `1.5`, `.5`, `1e10`; `1..2` stops before the `..`.
    ///
    /// As in PostgreSQL 15, a number may not run into a name (`12abc`,
    /// `0x1F`, `1e5x`) nor end in a bare exponent sign (`1e+`): scan.l's
    /// junk rules report the whole run as trailing junk.
    private mutating func scanNumber(_ start: Int) throws -> Token {
        var end = start
        var isNumeric = false
        while Lexer.isDigit(at(end)) { end += 1 }
        if at(end) == 0x2E && at(end + 1) != 0x2E {
            isNumeric = true
            end += 1
            while Lexer.isDigit(at(end)) { end += 1 }
        }
        let e = at(end)
        if e == 0x45 || e == 0x65 {
            var probe = end + 1
            let sign = at(probe)
            if sign == 0x2B || sign == 0x2D { probe += 1 }
            if Lexer.isDigit(at(probe)) {
                isNumeric = true
                end = probe
                while Lexer.isDigit(at(end)) { end += 1 }
            } else if probe > end + 1 {
                throw numericJunk(from: start, to: probe)
            }
        }
        if Lexer.isIdentifierStart(at(end)) {
            var junkEnd = end + 1
            while Lexer.isIdentifierContinue(at(junkEnd)) { junkEnd += 1 }
            throw numericJunk(from: start, to: junkEnd)
        }
        offset = end
        return Token(kind: isNumeric ? .numeric : .integer, location: start, end: end)
    }

    /// PostgreSQL 15's error for a number that runs into other characters.
    private func numericJunk(from start: Int, to end: Int) -> ParseError {
        let junk = text(from: start, to: end)
        return .syntax("trailing junk after numeric literal at or near \"\(junk)\"", at: start)
    }

    // MARK: - Operators and punctuation

    /// Scans punctuation, `::`, `:=`, `..`, `=>` and operators, applying
    /// scan.l's rule that a multi-character operator may not end in `+` or
    /// `-` unless it contains one of `~ ! @ # % ^ & | \` ?`.
    private mutating func scanPunctuationOrOperator(_ start: Int, _ c: UInt32) throws -> Token {
        let next = at(start + 1)
        switch c {
        case 0x28, 0x29, 0x5B, 0x5D, 0x2C, 0x3B:
            return single(start, .punctuation)
        case 0x3A:
            if next == 0x3A { return pair(start, .typecast) }
            if next == 0x3D { return pair(start, .colonEquals) }
            return single(start, .punctuation)
        case 0x2E:
            if next == 0x2E { return pair(start, .dotDot) }
            return single(start, .punctuation)
        default:
            break
        }
        guard Lexer.isOperatorChar(c) else {
            return single(start, .punctuation)
        }
        var end = start
        while Lexer.isOperatorChar(at(end)) {
            if end > start {
                let previous = at(end - 1)
                let current = at(end)
                if (previous == 0x2D && current == 0x2D) || (previous == 0x2F && current == 0x2A) {
                    end -= 1
                    break
                }
            }
            end += 1
        }
        if end - start > 1 {
            var hasSpecial = false
            for index in start..<end where Lexer.allowsTrailingSign(at(index)) {
                hasSpecial = true
            }
            if !hasSpecial {
                while end - start > 1, at(end - 1) == 0x2B || at(end - 1) == 0x2D { end -= 1 }
            }
        }
        offset = end
        let length = end - start
        if length == 2 && at(start) == 0x3D && at(start + 1) == 0x3E {
            return Token(kind: .equalsGreater, location: start, end: end)
        }
        if length > Lexer.maxIdentifierBytes {
            let text = text(from: start, to: end)
            throw ParseError.syntax("operator too long at or near \"\(text)\"", at: start)
        }
        if length == 2 && at(start) == 0x21 && at(start + 1) == 0x3D {
            var token = self.token(.op, text: "<>", location: start, end: end)
            token.symbol = Token.pack("<>")
            return token
        }
        var token = Token(kind: .op, location: start, end: end)
        token.symbol = packedSymbol(from: start, to: end)
        return token
    }

    /// The operator characters between two offsets packed as `Token.pack`
    /// packs a spelling; 0 past eight characters.
    private func packedSymbol(from start: Int, to end: Int) -> UInt64 {
        guard end - start <= 8 else { return 0 }
        var packed: UInt64 = 0
        for index in start..<end {
            packed |= UInt64(scalars[index].value & 0xFF) << UInt64(8 * (index - start))
        }
        return packed
    }

    /// A one-character punctuation token (any character scan.l passes
    /// through as itself).
    private mutating func single(_ start: Int, _ kind: Token.Kind) -> Token {
        offset = start + 1
        var token = Token(kind: kind, location: start, end: start + 1)
        let value = scalars[start].value
        token.symbol = value < 0x80 ? UInt64(value) : 0
        return token
    }

    private mutating func pair(_ start: Int, _ kind: Token.Kind) -> Token {
        offset = start + 2
        return Token(kind: kind, location: start, end: start + 2)
    }

    // MARK: - Character classes (scan.l's definitions)

    @inline(__always)
    static func isSpace(_ c: UInt32) -> Bool {
        c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C
    }

    @inline(__always)
    static func isNewline(_ c: UInt32) -> Bool { c == 0x0A || c == 0x0D }

    @inline(__always)
    static func isDigit(_ c: UInt32) -> Bool { c &- 0x30 < 10 }

    /// `[A-Za-z\200-\377_]`: letters, underscore and any non-ASCII scalar.
    @inline(__always)
    static func isIdentifierStart(_ c: UInt32) -> Bool {
        if c >= 0x80 { return c != Lexer.none }
        return c >= 0x40 && (letterBits >> UInt64(c &- 0x40)) & 1 != 0
    }

    /// Identifier characters after the first: also digits and `$`.
    @inline(__always)
    static func isIdentifierContinue(_ c: UInt32) -> Bool {
        if c >= 0x80 { return c != Lexer.none }
        if c >= 0x40 { return (letterBits >> UInt64(c &- 0x40)) & 1 != 0 }
        return (digitDollarBits >> UInt64(c)) & 1 != 0
    }

    /// Bit `c - 0x40` is set for `A-Z`, `_` and `a-z`.
    private static var letterBits: UInt64 { 0x07FF_FFFE_87FF_FFFE }

    /// Bit `c` is set for the characters that begin whitespace or a
    /// comment: tab, newline, form feed, carriage return, space, `-`, `/`.
    private static var mayStartSkip: UInt64 { 0x0000_A001_0000_3600 }

    /// Bit `c` is set for `$` and `0-9`.
    private static var digitDollarBits: UInt64 { 0x03FF_0010_0000_0000 }

    /// scan.l's `op_chars`: `~ ! @ # ^ & | \` ? + - * / % < > =`.
    static func isOperatorChar(_ c: UInt32) -> Bool {
        switch c {
        case 0x7E, 0x21, 0x40, 0x23, 0x5E, 0x26, 0x7C, 0x60, 0x3F, 0x2B, 0x2D, 0x2A, 0x2F,
            0x25, 0x3C, 0x3E, 0x3D:
            return true
        default:
            return false
        }
    }

    /// Characters that let a multi-character operator end in `+` or `-`.
    static func allowsTrailingSign(_ c: UInt32) -> Bool {
        switch c {
        case 0x7E, 0x21, 0x40, 0x23, 0x5E, 0x26, 0x7C, 0x60, 0x3F, 0x25: return true
        default: return false
        }
    }
}
