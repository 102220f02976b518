// The characters psql draws tables with: its printTextFormat for the
// `ascii` line style and for `unicode` with single lines.

/// The rule and marker strings of one `\pset linestyle`.
struct LineStyle {
    /// The strings of one horizontal rule (top, middle, bottom or data).
    struct Rule {
        /// The horizontal line character.
        var horizontal: String
        /// Where the rule meets the left border.
        var left: String
        /// Where the rule crosses a column separator.
        var middle: String
        /// Where the rule meets the right border.
        var right: String
    }

    /// The `\pset linestyle` name.
    var name: String
    /// Rules above the header, under the header, at the bottom, and the
    /// vertical bars of data lines.
    var top, middle, bottom, data: Rule
    /// Column separator beside a cell continued by a newline.
    var midvruleNewline: String
    /// Column separator beside a cell continued by wrapping.
    var midvruleWrap: String
    /// Column separator beside a cell that has no more lines.
    var midvruleBlank: String
    /// Markers left and right of header lines that continue.
    var headerNewlineLeft, headerNewlineRight: String
    /// Markers left and right of data lines split at a newline.
    var newlineLeft, newlineRight: String
    /// Markers left and right of data lines split by wrapping.
    var wrapLeft, wrapRight: String
    /// Whether markers go in the right border column (always here).
    var wrapRightBorder: Bool

    /// psql's default `ascii` style.
    static let ascii: LineStyle = {
        let rule = Rule(horizontal: "-", left: "+", middle: "+", right: "+")
        return LineStyle(
            name: "ascii", top: rule, middle: rule, bottom: rule,
            data: Rule(horizontal: "", left: "|", middle: "|", right: "|"),
            midvruleNewline: "|", midvruleWrap: "|", midvruleBlank: "|",
            headerNewlineLeft: " ", headerNewlineRight: "+",
            newlineLeft: " ", newlineRight: "+", wrapLeft: ".", wrapRight: ".",
            wrapRightBorder: true)
    }()

    /// psql's `unicode` style with its default single-line borders.
    static let unicode: LineStyle = {
        let horizontal = "\u{2500}"
        let vertical = "\u{2502}"
        return LineStyle(
            name: "unicode",
            top: Rule(
                horizontal: horizontal, left: "\u{250C}", middle: "\u{252C}",
                right: "\u{2510}"),
            middle: Rule(
                horizontal: horizontal, left: "\u{251C}", middle: "\u{253C}",
                right: "\u{2524}"),
            bottom: Rule(
                horizontal: horizontal, left: "\u{2514}", middle: "\u{2534}",
                right: "\u{2518}"),
            data: Rule(horizontal: "", left: vertical, middle: vertical, right: vertical),
            midvruleNewline: vertical, midvruleWrap: vertical, midvruleBlank: vertical,
            headerNewlineLeft: " ", headerNewlineRight: "\u{21B5}",
            newlineLeft: " ", newlineRight: "\u{21B5}",
            wrapLeft: "\u{2026}", wrapRight: "\u{2026}", wrapRightBorder: true)
    }()
}
