// One lexical token of PostgreSQL's SQL dialect, as scan.l delivers them to
// gram.y: names (keywords included), constants, operators and punctuation.

/// A token: its class and span in the source, and where its decoded text
/// lives. Tokens hold no strings, so the parser copies them freely;
/// `Lexer.text(of:)` (or `Parser.text(_:)`) builds the text when a
/// production needs it.
public struct Token: Hashable, Sendable {
    /// The lexical class of a token.
    public enum Kind: Hashable, Sendable {
        /// A name or keyword. Unquoted names are folded to lower case;
        /// `keyword` is set when the unquoted word is a keyword.
        case identifier
        /// A string constant of any style; its text is the decoded value.
        case string
        /// `B'0101'` or `X'1F'`: the text is the prefix letter (`b` or `x`)
        /// followed by the digits as written.
        case bitString
        /// Digits only.
        case integer
        /// Digits with a point or an exponent.
        case numeric
        /// `$1`: the text holds the digits.
        case parameter
        /// An operator: `+`, `<=`, `||`, `@>`. `!=` is reported as `<>`.
        case op
        /// One of `( ) [ ] , ; . :` (and a lone `$`).
        case punctuation
        /// `::`
        case typecast
        /// `:=`
        case colonEquals
        /// `=>`
        case equalsGreater
        /// `..`
        case dotDot
        /// End of the text.
        case end
    }

    /// The token's class.
    public var kind: Kind
    /// True for `"quoted"` names and dollar-quoted strings; such names are
    /// never keywords.
    public var isQuoted: Bool
    /// `Keyword.rawValue` when the token is an unquoted keyword, else 0.
    package var keywordCode: UInt16
    /// Index into the lexer's decoded texts when the text is not a slice of
    /// the source (escapes, doubled quotes, truncation, `!=`), else -1.
    var decoded: Int32
    /// 0-based offset (in Unicode scalars) of the token's first character.
    public var location: Int
    /// Offset one past the token's last character.
    public var end: Int
    /// An operator or punctuation's spelling packed by `Token.pack`, so that
    /// `isSymbol` compares one integer; 0 for other tokens.
    var symbol: UInt64
    /// Scalars at the start of the span that are not part of the text (the
    /// quote of `'abc'`, the `$` of `$1`, a dollar quote's opening tag).
    var leadingSkip: UInt8
    /// Scalars at the end of the span that are not part of the text.
    var trailingSkip: UInt8
    /// True for unquoted names, whose text is the folded source.
    var foldsCase: Bool

    /// Where the text starts when it is a slice of the source.
    var textStart: Int { location + Int(leadingSkip) }
    /// One past the last scalar of the text slice.
    var textEnd: Int { end - Int(trailingSkip) }

    /// Creates a token whose text is its span less `leadingSkip` scalars
    /// at the start and `trailingSkip` at the end.
    init(
        kind: Kind, location: Int, end: Int, leadingSkip: UInt8 = 0, trailingSkip: UInt8 = 0,
        foldsCase: Bool = false
    ) {
        self.kind = kind
        self.isQuoted = false
        self.keywordCode = 0
        self.decoded = -1
        self.location = location
        self.end = end
        self.symbol = 0
        self.leadingSkip = leadingSkip
        self.trailingSkip = trailingSkip
        self.foldsCase = foldsCase
    }

    /// Packs up to eight ASCII bytes into an integer, first byte lowest;
    /// longer spellings give `UInt64.max`, which no token carries.
    ///
    /// `<=` packs to `0x3D3C`: `<` (0x3C) in the low byte, `=` above it.
    @inline(__always)
    static func pack(_ symbol: StaticString) -> UInt64 {
        guard symbol.utf8CodeUnitCount <= 8 else { return UInt64.max }
        var packed: UInt64 = 0
        let bytes = symbol.utf8Start
        for index in 0..<symbol.utf8CodeUnitCount {
            packed |= UInt64(bytes[index]) << UInt64(8 * index)
        }
        return packed
    }

    /// The keyword's category when an unquoted identifier is a keyword.
    package var keyword: KeywordInfo? {
        keywordCode == 0 ? nil : Keywords.infos[Int(keywordCode)]
    }

    /// True when the token is an unquoted keyword (reserved or not).
    public var isKeyword: Bool { keywordCode != 0 }

    /// True when the token is the unquoted keyword `keyword`.
    @inline(__always)
    package func isKeyword(_ keyword: Keyword) -> Bool {
        keywordCode == keyword.rawValue
    }

    /// True when the token is the unquoted keyword `word` (lower case).
    public func isKeyword(_ word: String) -> Bool {
        keywordCode != 0 && Keywords.words[Int(keywordCode)] == word
    }

    /// True for the keywords that open a query: SELECT, VALUES, WITH, TABLE.
    public var startsQuery: Bool {
        switch keywordCode {
        case Keyword.select.rawValue, Keyword.values.rawValue, Keyword.with.rawValue,
            Keyword.table.rawValue:
            return true
        default:
            return false
        }
    }

    /// True for punctuation or an operator spelled `symbol`.
    @inline(__always)
    public func isSymbol(_ symbol: StaticString) -> Bool {
        (kind == .punctuation || kind == .op) && self.symbol == Token.pack(symbol)
    }
}
