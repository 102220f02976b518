// One lexical token of PostgreSQL's SQL dialect, as scan.l delivers them to
// gram.y: names (keywords included), constants, operators and punctuation.

/// A token with its decoded text and its span in the source.
public struct Token: Hashable, Sendable {
    /// The lexical class of a token.
    public enum Kind: Hashable, Sendable {
        /// A name or keyword. Unquoted names are folded to lower case;
        /// `keyword` is set when the unquoted word is a keyword.
        case identifier
        /// A string constant of any style; `text` is the decoded value.
        case string
        /// `B'0101'` or `X'1F'`: `text` is the prefix letter (`b` or `x`)
        /// followed by the digits as written.
        case bitString
        /// Digits only.
        case integer
        /// Digits with a point or an exponent.
        case numeric
        /// `$1`: `text` holds the digits.
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
    /// Decoded text: folded name, string value, digits or operator.
    public var text: String
    /// 0-based offset (in Unicode scalars) of the token's first character.
    public var location: Int
    /// Offset one past the token's last character.
    public var end: Int
    /// True for `"quoted"` names; such names are never keywords.
    public var isQuoted: Bool
    /// `Keyword.rawValue` when the token is an unquoted keyword, else 0.
    package var keywordCode: UInt16

    /// Creates a token.
    public init(
        kind: Kind, text: String, location: Int, end: Int, isQuoted: Bool = false
    ) {
        self.kind = kind
        self.text = text
        self.location = location
        self.end = end
        self.isQuoted = isQuoted
        self.keywordCode = 0
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
        keywordCode != 0 && text == word
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
    public func isSymbol(_ symbol: String) -> Bool {
        (kind == .punctuation || kind == .op) && text == symbol
    }
}
