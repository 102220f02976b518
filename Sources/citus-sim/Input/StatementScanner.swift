// psql's SQL lexer (psqlscan.l), reduced to what psql needs it for: find
// where a statement ends (a `;` outside quotes, comments, parentheses and
// BEGIN ... END function bodies), spot backslash commands, substitute
// `:name`, `:'name'` and `:"name"` variables, and tell the prompt what
// construct a line ends inside of.

/// How a scan of (part of) an input line ended.
enum ScanResult: Equatable {
    /// A statement-ending `;`; the buffer holds the statement.
    case semicolon
    /// A backslash command starts at the scanner's position.
    case backslash
    /// The line ended inside a quote or comment.
    case incomplete
    /// The line ended.
    case endOfLine
}

/// What the continuation prompt's `%R` shows.
enum PromptStatus: Character {
    case ready = "="
    case continuation = "-"
    case comment = "*"
    case singleQuote = "'"
    case doubleQuote = "\""
    case dollarQuote = "$"
    case parenthesis = "("
}

/// How the value of a variable reference is quoted.
enum VariableQuoting {
    /// `:name`: the value as it is, scanned again as SQL.
    case plain
    /// `:'name'`: a SQL string literal.
    case literal
    /// `:"name"`: a SQL identifier.
    case identifier
}

/// The lexer state carried across the lines of one statement.
struct StatementScanner {
    /// The lexical construct the scanner is inside of.
    enum State: Equatable {
        case normal
        /// A `/* */` comment; depth 0 is the outermost.
        case blockComment(depth: Int)
        /// A string literal; `escapes` for E'' strings.
        case singleQuote(escapes: Bool)
        /// A quoted identifier.
        case doubleQuote
        /// A dollar-quoted string with its tag, e.g. `$fn$`.
        case dollarQuote(tag: String)
    }

    /// Looks a variable up for substitution; nil leaves the reference as
    /// written.
    typealias VariableLookup = (_ name: String, _ quoting: VariableQuoting) -> String?

    /// Where the scanner is.
    private(set) var state = State.normal
    /// Open parentheses.
    private(set) var parenDepth = 0
    /// Open BEGIN blocks of a CREATE FUNCTION ... BEGIN ATOMIC body.
    private(set) var beginDepth = 0
    /// The words of the statement seen so far, up to `identifierLimit`.
    private var identifiers: [Character] = []
    /// How many words the statement has had.
    private var identifierCount = 0
    /// Only the first words matter for spotting CREATE FUNCTION.
    private let identifierLimit = 4

    /// The current line's characters.
    private(set) var line: [Unicode.Scalar] = []
    /// The position in `line`.
    var position = 0
    /// Regions of `line` inserted by variable substitution, with the
    /// variable's name, so a variable cannot expand inside itself.
    private var expansions: [(end: Int, name: String)] = []

    /// Creates a scanner in the initial state.
    init() {}

    /// Starts scanning a new input line.
    mutating func setLine(_ text: String) {
        line = Array(text.unicodeScalars)
        position = 0
        expansions = []
    }

    /// The rest of the current line, unscanned.
    var remainder: String {
        var text = ""
        text.unicodeScalars.append(contentsOf: line[min(position, line.count)...])
        return text
    }

    /// Forgets parenthesis nesting and quotes, as psql_scan_reset does.
    mutating func reset() {
        state = .normal
        parenDepth = 0
        beginDepth = 0
        identifiers = []
        identifierCount = 0
    }

    /// Whether the scanner is inside a quote or comment.
    var isInQuote: Bool { state != .normal }

    /// The `%R` prompt character for a statement whose text so far is
    /// `buffer`.
    func promptStatus(bufferIsEmpty: Bool) -> PromptStatus {
        switch state {
        case .blockComment: return .comment
        case .singleQuote: return .singleQuote
        case .doubleQuote: return .doubleQuote
        case .dollarQuote: return .dollarQuote
        case .normal:
            if parenDepth > 0 { return .parenthesis }
            return bufferIsEmpty ? .ready : .continuation
        }
    }

    /// Scans from the current position, appending statement text to
    /// `buffer`, until a statement ends, a backslash command starts or the
    /// line ends.
    mutating func scan(into buffer: inout String, variables: VariableLookup) -> ScanResult {
        while position < line.count {
            while let last = expansions.last, position >= last.end { expansions.removeLast() }
            switch state {
            case .normal:
                if let result = scanNormal(into: &buffer, variables: variables) {
                    return result
                }
            case .blockComment(let depth):
                scanComment(depth: depth, into: &buffer)
            case .singleQuote(let escapes):
                scanSingleQuote(escapes: escapes, into: &buffer)
            case .doubleQuote:
                scanDoubleQuote(into: &buffer)
            case .dollarQuote(let tag):
                scanDollarQuote(tag: tag, into: &buffer)
            }
        }
        return state == .normal ? .endOfLine : .incomplete
    }

    /// The character `offset` places ahead, if any.
    private func peek(_ offset: Int = 0) -> Unicode.Scalar? {
        let index = position + offset
        return index < line.count ? line[index] : nil
    }

    /// Appends the next `count` characters to `buffer` and moves on.
    private mutating func take(_ count: Int, into buffer: inout String) {
        let end = min(position + count, line.count)
        buffer.unicodeScalars.append(contentsOf: line[position..<end])
        position = end
    }

    /// One token in the normal state; returns a result when scanning must
    /// stop.
    private mutating func scanNormal(
        into buffer: inout String, variables: VariableLookup
    ) -> ScanResult? {
        guard let scalar = peek() else { return .endOfLine }
        let next = peek(1)
        switch scalar {
        case " ", "\t", "\n", "\r", "\u{0C}", "\u{0B}":
            skipOrKeep(1, into: &buffer)
        case "-" where next == "-":
            skipOrKeep(line.count - position, into: &buffer)
        case "/" where next == "*":
            state = .blockComment(depth: 0)
            take(2, into: &buffer)
        case "'":
            state = .singleQuote(escapes: false)
            take(1, into: &buffer)
        case "\"":
            state = .doubleQuote
            take(1, into: &buffer)
        case "$":
            scanDollar(into: &buffer)
        case "(":
            parenDepth += 1
            take(1, into: &buffer)
        case ")":
            if parenDepth > 0 { parenDepth -= 1 }
            take(1, into: &buffer)
        case ";":
            take(1, into: &buffer)
            if parenDepth == 0 && beginDepth == 0 {
                identifierCount = 0
                identifiers = []
                return .semicolon
            }
        case "\\":
            if next == ";" || next == ":" {
                if next == ";" {
                    identifierCount = 0
                    identifiers = []
                }
                position += 1
                take(1, into: &buffer)
            } else {
                position += 1
                return .backslash
            }
        case ":":
            scanColon(into: &buffer, variables: variables)
        default:
            if StatementScanner.isIdentifierStart(scalar) {
                scanWord(into: &buffer)
            } else if scalar.properties.numericType != nil, scalar.isASCII {
                var end = position
                while end < line.count, line[end].isASCII,
                    line[end].properties.numericType != nil
                {
                    end += 1
                }
                take(end - position, into: &buffer)
            } else {
                take(1, into: &buffer)
            }
        }
        return nil
    }

    /// Whitespace and `--` comments: dropped before a statement's first
    /// token, kept inside it.
    private mutating func skipOrKeep(_ count: Int, into buffer: inout String) {
        if buffer.isEmpty {
            position += count
        } else {
            take(count, into: &buffer)
        }
    }

    /// A word: an identifier or keyword, or the prefix of E'', U&'', B''
    /// or X'' strings and U&"" identifiers.
    private mutating func scanWord(into buffer: inout String) {
        let first = line[position]
        let next = peek(1)
        switch (first, next) {
        case ("e", "'"), ("E", "'"):
            state = .singleQuote(escapes: true)
            take(2, into: &buffer)
            return
        case ("b", "'"), ("B", "'"), ("x", "'"), ("X", "'"), ("n", "'"), ("N", "'"):
            state = .singleQuote(escapes: false)
            take(2, into: &buffer)
            return
        case ("u", "&"), ("U", "&"):
            if peek(2) == "'" {
                state = .singleQuote(escapes: false)
                take(3, into: &buffer)
                return
            }
            if peek(2) == "\"" {
                state = .doubleQuote
                take(3, into: &buffer)
                return
            }
        default:
            break
        }
        var end = position + 1
        while end < line.count, StatementScanner.isIdentifierPart(line[end]) { end += 1 }
        var word = ""
        word.unicodeScalars.append(contentsOf: line[position..<end])
        take(end - position, into: &buffer)
        noteWord(word.lowercased())
    }

    /// Tracks CREATE [OR REPLACE] FUNCTION|PROCEDURE ... BEGIN ... END so
    /// the semicolons of a BEGIN ATOMIC body do not end the statement.
    private mutating func noteWord(_ word: String) {
        if identifierCount == 0 { identifiers = [] }
        let tracked: Set<String> = ["create", "function", "procedure", "or", "replace"]
        if identifierCount < identifierLimit {
            identifiers.append(tracked.contains(word) ? word.first ?? " " : " ")
        }
        identifierCount += 1
        let prefix = identifiers + [Character](repeating: " ", count: identifierLimit)
        let isCreateRoutine =
            prefix[0] == "c"
            && (prefix[1] == "f" || prefix[1] == "p"
                || (prefix[1] == "o" && prefix[2] == "r"
                    && (prefix[3] == "f" || prefix[3] == "p")))
        guard isCreateRoutine && parenDepth == 0 else { return }
        switch word {
        case "begin": beginDepth += 1
        case "case": if beginDepth >= 1 { beginDepth += 1 }
        case "end": if beginDepth > 0 { beginDepth -= 1 }
        default: break
        }
    }

    /// `$`: a dollar-quote opener `$tag$`, a parameter `$1`, or itself.
    private mutating func scanDollar(into buffer: inout String) {
        if let tag = dollarTag(at: position) {
            state = .dollarQuote(tag: tag)
            take(tag.unicodeScalars.count, into: &buffer)
        } else {
            take(1, into: &buffer)
        }
    }

    /// The dollar-quote delimiter starting at `index`, e.g. `$$` or `$fn$`.
    private func dollarTag(at index: Int) -> String? {
        var end = index + 1
        if end < line.count, StatementScanner.isIdentifierStart(line[end]) {
            end += 1
            while end < line.count,
                StatementScanner.isIdentifierStart(line[end])
                    || (line[end].isASCII && line[end].properties.numericType != nil)
            {
                end += 1
            }
        }
        guard end < line.count, line[end] == "$" else { return nil }
        var tag = ""
        tag.unicodeScalars.append(contentsOf: line[index...end])
        return tag
    }

    /// Inside a dollar-quoted string: look for the closing tag.
    private mutating func scanDollarQuote(tag: String, into buffer: inout String) {
        if line[position] == "$", let candidate = dollarTag(at: position), candidate == tag {
            take(candidate.unicodeScalars.count, into: &buffer)
            state = .normal
        } else {
            take(1, into: &buffer)
        }
    }

    /// Inside a `/* */` comment, which nests.
    private mutating func scanComment(depth: Int, into buffer: inout String) {
        let scalar = line[position]
        let next = peek(1)
        if scalar == "/" && next == "*" {
            state = .blockComment(depth: depth + 1)
            take(2, into: &buffer)
        } else if scalar == "*" && next == "/" {
            state = depth <= 0 ? .normal : .blockComment(depth: depth - 1)
            take(2, into: &buffer)
        } else {
            take(1, into: &buffer)
        }
    }

    /// Inside a string literal: `''` and, in E'' strings, backslash escapes
    /// do not end it.
    private mutating func scanSingleQuote(escapes: Bool, into buffer: inout String) {
        let scalar = line[position]
        if scalar == "\\" && escapes {
            take(2, into: &buffer)
        } else if scalar == "'" {
            if peek(1) == "'" {
                take(2, into: &buffer)
            } else {
                take(1, into: &buffer)
                state = .normal
            }
        } else {
            take(1, into: &buffer)
        }
    }

    /// Inside a quoted identifier, where `""` stands for a quote.
    private mutating func scanDoubleQuote(into buffer: inout String) {
        if line[position] == "\"" {
            if peek(1) == "\"" {
                take(2, into: &buffer)
            } else {
                take(1, into: &buffer)
                state = .normal
            }
        } else {
            take(1, into: &buffer)
        }
    }

    /// `:`: a variable reference, `::`, or a colon.
    private mutating func scanColon(into buffer: inout String, variables: VariableLookup) {
        let next = peek(1)
        if next == ":" {
            take(2, into: &buffer)
            return
        }
        if let reference = variableReference(at: position) {
            let isCurrentSource = expansions.contains { $0.name == reference.name }
            if !isCurrentSource, let value = variables(reference.name, reference.quoting) {
                let end = position + reference.length
                if reference.quoting == .plain {
                    let inserted = Array(value.unicodeScalars)
                    line.replaceSubrange(position..<end, with: inserted)
                    let delta = inserted.count - reference.length
                    expansions = expansions.map { ($0.end + delta, $0.name) }
                    expansions.append((position + inserted.count, reference.name))
                } else {
                    buffer += value
                    position = end
                }
                return
            }
            take(reference.length, into: &buffer)
            return
        }
        take(1, into: &buffer)
    }

    /// A `:name`, `:'name'` or `:"name"` reference starting at `index`.
    func variableReference(
        at index: Int
    ) -> (name: String, quoting: VariableQuoting, length: Int)? {
        var cursor = index + 1
        var quoting = VariableQuoting.plain
        var closing: Unicode.Scalar?
        if cursor < line.count, line[cursor] == "'" || line[cursor] == "\"" {
            quoting = line[cursor] == "'" ? .literal : .identifier
            closing = line[cursor]
            cursor += 1
        }
        let start = cursor
        while cursor < line.count, StatementScanner.isVariableCharacter(line[cursor]) {
            cursor += 1
        }
        guard cursor > start else { return nil }
        var name = ""
        name.unicodeScalars.append(contentsOf: line[start..<cursor])
        if let closing {
            guard cursor < line.count, line[cursor] == closing else { return nil }
            cursor += 1
        }
        return (name, quoting, cursor - index)
    }

    /// Letters, `_` and non-ASCII characters start identifiers.
    static func isIdentifierStart(_ scalar: Unicode.Scalar) -> Bool {
        !scalar.isASCII || scalar == "_"
            || (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z")
    }

    /// Identifiers continue with digits and `$` too.
    static func isIdentifierPart(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || scalar == "$" || (scalar >= "0" && scalar <= "9")
    }

    /// Variable names: letters, digits, `_` and non-ASCII characters.
    static func isVariableCharacter(_ scalar: Unicode.Scalar) -> Bool {
        isIdentifierStart(scalar) || (scalar >= "0" && scalar <= "9")
    }
}
