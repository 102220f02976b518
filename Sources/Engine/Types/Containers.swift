// Values that hold other values: arrays (any number of dimensions, with
// PostgreSQL's lower bounds) and ranges, with their text forms as
// array_in/array_out and range_in/range_out read and print them.

/// An array datum, stored flat in row-major order.
public struct ArrayValue: Hashable, Sendable {
    public var elementType: PGType
    public var elements: [Value]
    /// Length of each dimension; empty for the empty array `{}`.
    public var dimensions: [Int]
    /// Lower bound of each dimension (1 unless written `[0:2]={...}`).
    public var lowerBounds: [Int]

    public init(
        elementType: PGType, elements: [Value], dimensions: [Int]? = nil,
        lowerBounds: [Int]? = nil
    ) {
        self.elementType = elementType
        self.elements = elements
        let dims = dimensions ?? (elements.isEmpty ? [] : [elements.count])
        self.dimensions = dims
        self.lowerBounds = lowerBounds ?? Array(repeating: 1, count: dims.count)
    }

    /// array_out: `{a,"b c",NULL}`, nested braces per dimension, and a
    /// `[lo:hi]=` prefix when a lower bound is not 1.
    package var text: String {
        guard !dimensions.isEmpty, !elements.isEmpty else { return "{}" }
        var out = ""
        if lowerBounds.contains(where: { $0 != 1 }) {
            for (lo, len) in zip(lowerBounds, dimensions) { out += "[\(lo):\(lo + len - 1)]" }
            out += "="
        }
        var index = 0
        func emit(_ dim: Int) {
            out += "{"
            for i in 0..<dimensions[dim] {
                if i > 0 { out += "," }
                if dim + 1 < dimensions.count {
                    emit(dim + 1)
                } else if index < elements.count {
                    out += ArrayValue.quoted(elements[index], elementType)
                    index += 1
                }
            }
            out += "}"
        }
        emit(0)
        return out
    }

    /// One element as array_out prints it: NULL bare, otherwise quoted
    /// when empty, `NULL`-like, or containing braces, commas, quotes,
    /// backslashes or white space.
    private static func quoted(_ v: Value, _ type: PGType) -> String {
        if case .null = v { return "NULL" }
        let text = formatValue(v, type: type)
        let needs =
            text.isEmpty || text.lowercased() == "null"
            || text.unicodeScalars.contains { c in
                c == "{" || c == "}" || c == "," || c == "\"" || c == "\\" || c == " "
                    || c == "\t" || c == "\n" || c == "\r" || c == "\u{0B}" || c == "\u{0C}"
            }
        guard needs else { return text }
        var out = "\""
        for ch in text.unicodeScalars {
            if ch == "\"" || ch == "\\" { out += "\\" }
            out.unicodeScalars.append(ch)
        }
        return out + "\""
    }

    /// array_in: `{1,2}`, `{{1,2},{3,4}}`, `[0:2]={1,2,3}`, `{"a b",NULL}`.
    package init(parsing text: String, elementType: PGType, context: EvaluationContext?) throws {
        var parser = ArrayLiteralParser(text: text)
        let (items, dims, lower) = try parser.parse()
        var values: [Value] = []
        values.reserveCapacity(items.count)
        for item in items {
            if let raw = item {
                values.append(try parseValue(raw, as: elementType, context: context))
            } else {
                values.append(.null)
            }
        }
        self.init(
            elementType: elementType, elements: values, dimensions: dims,
            lowerBounds: lower ?? Array(repeating: 1, count: dims.count))
    }
}

/// A recursive-descent reader of array literals producing raw element
/// texts (nil for NULL) and the dimensions.
private struct ArrayLiteralParser {
    let text: String
    let chars: [Unicode.Scalar]
    var i = 0

    init(text: String) {
        self.text = text
        self.chars = Array(text.unicodeScalars)
    }

    func malformed(_ detail: String) -> SQLError {
        SQLError(
            SQLState.invalidTextRepresentation, "malformed array literal: \"\(text)\"",
            detail: detail)
    }

    mutating func skipSpace() {
        while i < chars.count, chars[i].properties.isWhitespace { i += 1 }
    }

    mutating func parse() throws -> ([String?], [Int], [Int]?) {
        skipSpace()
        var explicitBounds: [(Int, Int)]?
        if i < chars.count, chars[i] == "[" {
            explicitBounds = try parseBounds()
        }
        guard i < chars.count, chars[i] == "{" else {
            throw malformed("Array value must start with \"{\" or dimension information.")
        }
        var items: [String?] = []
        var dims: [Int] = []
        try parseLevel(depth: 0, items: &items, dims: &dims)
        skipSpace()
        guard i == chars.count else { throw malformed("Junk after closing right brace.") }
        if items.isEmpty && dims.count <= 1 { dims = [] }
        if let bounds = explicitBounds {
            guard bounds.count == dims.count,
                zip(bounds, dims).allSatisfy({ $0.0.1 - $0.0.0 + 1 == $0.1 })
            else {
                throw SQLError(
                    SQLState.arraySubscriptError,
                    "malformed array literal: \"\(text)\"",
                    detail: "Specified array dimensions do not match array contents.")
            }
            return (items, dims, bounds.map { $0.0 })
        }
        return (items, dims, nil)
    }

    mutating func parseBounds() throws -> [(Int, Int)] {
        var bounds: [(Int, Int)] = []
        while i < chars.count, chars[i] == "[" {
            i += 1
            func number() -> Int? {
                var s = ""
                if i < chars.count, chars[i] == "-" || chars[i] == "+" {
                    s.unicodeScalars.append(chars[i])
                    i += 1
                }
                while i < chars.count, chars[i] >= "0" && chars[i] <= "9" {
                    s.unicodeScalars.append(chars[i])
                    i += 1
                }
                return Int(s)
            }
            guard let first = number() else {
                throw malformed("\"[\" must introduce explicitly-specified array dimensions.")
            }
            var lo = 1
            var hi = first
            if i < chars.count, chars[i] == ":" {
                i += 1
                guard let second = number() else {
                    throw malformed("Missing array dimension value.")
                }
                lo = first
                hi = second
            }
            guard i < chars.count, chars[i] == "]" else {
                throw malformed("Missing \"]\" after array dimensions.")
            }
            i += 1
            guard hi >= lo - 1 else {
                throw SQLError(
                    SQLState.arraySubscriptError,
                    "upper bound cannot be less than lower bound")
            }
            bounds.append((lo, hi))
        }
        skipSpace()
        guard i < chars.count, chars[i] == "=" else {
            throw malformed("Missing \"=\" after array dimensions.")
        }
        i += 1
        skipSpace()
        return bounds
    }

    /// Parses `{...}` at `depth`, checking sub-array lengths agree.
    mutating func parseLevel(depth: Int, items: inout [String?], dims: inout [Int]) throws {
        i += 1  // the "{"
        guard depth < 6 else {
            throw SQLError(
                SQLState.programLimitExceeded,
                "number of array dimensions (7) exceeds the maximum allowed (6)")
        }
        var count = 0
        var sawScalar = false
        var sawSubArray = false
        skipSpace()
        if i < chars.count, chars[i] == "}" {
            i += 1
            try record(depth: depth, count: 0, dims: &dims)
            return
        }
        while true {
            skipSpace()
            guard i < chars.count else { throw malformed("Unexpected end of input.") }
            if chars[i] == "{" {
                guard !sawScalar else { throw malformed("Unexpected \"{\" character.") }
                sawSubArray = true
                try parseLevel(depth: depth + 1, items: &items, dims: &dims)
            } else {
                guard !sawSubArray, dims.count <= depth + 1 else {
                    throw malformed("Unexpected array element.")
                }
                sawScalar = true
                items.append(try parseElement())
            }
            count += 1
            skipSpace()
            guard i < chars.count else { throw malformed("Unexpected end of input.") }
            if chars[i] == "," {
                i += 1
            } else if chars[i] == "}" {
                i += 1
                break
            } else {
                throw malformed("Unexpected array element.")
            }
        }
        try record(depth: depth, count: count, dims: &dims)
    }

    mutating func record(depth: Int, count: Int, dims: inout [Int]) throws {
        if dims.count <= depth {
            while dims.count < depth { dims.append(-1) }
            dims.append(count)
        } else if dims[depth] == -1 {
            dims[depth] = count
        } else if dims[depth] != count {
            throw malformed(
                "Multidimensional arrays must have sub-arrays with matching dimensions.")
        }
    }

    /// One element: quoted (backslash escapes), or bare up to `,` or `}`
    /// with surrounding white space dropped; bare NULL is nil.
    mutating func parseElement() throws -> String? {
        var out = ""
        if chars[i] == "\"" {
            i += 1
            while true {
                guard i < chars.count else { throw malformed("Unexpected end of input.") }
                let c = chars[i]
                if c == "\\" {
                    i += 1
                    guard i < chars.count else { throw malformed("Unexpected end of input.") }
                    out.unicodeScalars.append(chars[i])
                } else if c == "\"" {
                    i += 1
                    break
                } else {
                    out.unicodeScalars.append(c)
                }
                i += 1
            }
            skipSpace()
            guard i < chars.count, chars[i] == "," || chars[i] == "}" else {
                throw malformed(
                    i < chars.count ? "Unexpected array element." : "Unexpected end of input.")
            }
            return out
        }
        var trailingSpace = ""
        var sawEscape = false
        while i < chars.count {
            let c = chars[i]
            if c == "," || c == "}" { break }
            if c == "{" || c == "\"" { throw malformed("Unexpected array element.") }
            if c == "\\" {
                i += 1
                guard i < chars.count else { throw malformed("Unexpected end of input.") }
                out += trailingSpace
                trailingSpace = ""
                out.unicodeScalars.append(chars[i])
                sawEscape = true
            } else if c.properties.isWhitespace {
                trailingSpace.unicodeScalars.append(c)
            } else {
                out += trailingSpace
                trailingSpace = ""
                out.unicodeScalars.append(c)
            }
            i += 1
        }
        if out.isEmpty && !sawEscape {
            throw malformed("Unexpected \"\(i < chars.count ? String(chars[i]) : "")\" character.")
        }
        if !sawEscape && out.lowercased() == "null" { return nil }
        return out
    }
}

/// A range datum such as tstzrange. Empty ranges have no bounds.
public struct RangeValue: Hashable, Sendable {
    public var elementType: PGType
    public var isEmpty: Bool
    /// nil means unbounded on that side.
    public var lower: Value?
    public var upper: Value?
    public var lowerInclusive: Bool
    public var upperInclusive: Bool

    public init(
        elementType: PGType, isEmpty: Bool = false, lower: Value?, upper: Value?,
        lowerInclusive: Bool, upperInclusive: Bool
    ) {
        self.elementType = elementType
        self.isEmpty = isEmpty
        self.lower = lower
        self.upper = upper
        self.lowerInclusive = lowerInclusive
        self.upperInclusive = upperInclusive
    }

    /// The empty range of a subtype.
    package static func empty(_ elementType: PGType) -> RangeValue {
        RangeValue(
            elementType: elementType, isEmpty: true, lower: nil, upper: nil,
            lowerInclusive: false, upperInclusive: false)
    }

    /// Builds a range as the range constructors and range_in do:
    /// canonicalises discrete ranges to `[)`, checks lower <= upper and
    /// collapses `[x,x)` to empty. NULL bounds mean unbounded.
    package static func make(
        _ elementType: PGType, lower: Value?, upper: Value?, lowerInclusive: Bool,
        upperInclusive: Bool
    ) throws -> RangeValue {
        var lo = lower.flatMap { $0.isNull ? nil : $0 }
        var hi = upper.flatMap { $0.isNull ? nil : $0 }
        var loInc = lo == nil ? false : lowerInclusive
        var hiInc = hi == nil ? false : upperInclusive
        // Discrete subtypes: [a, b] becomes [a, b+1), (a, b) becomes [a+1, b).
        if let l = lo, !loInc, let next = discreteSuccessor(l) {
            lo = next
            loInc = true
        }
        if let h = hi, hiInc, let next = discreteSuccessor(h) {
            hi = next
            hiInc = false
        }
        if let l = lo, let h = hi {
            let order = compareValues(l, h, type: elementType)
            if order > 0 {
                throw SQLError(
                    SQLState.dataException,
                    "range lower bound must be less than or equal to range upper bound")
            }
            if order == 0 && !(loInc && hiInc) { return .empty(elementType) }
        }
        return RangeValue(
            elementType: elementType, lower: lo, upper: hi, lowerInclusive: loInc,
            upperInclusive: hiInc)
    }

    /// The next value of a discrete subtype (int4, int8, date), nil for
    /// continuous ones or at the top of the domain.
    private static func discreteSuccessor(_ v: Value) -> Value? {
        switch v {
        case .int4(let i): return i < Int32.max ? .int4(i + 1) : nil
        case .int8(let i): return i < Int64.max ? .int8(i + 1) : nil
        case .date(let d): return d < DateTime.dateInfinity - 1 ? .date(d + 1) : nil
        default: return nil
        }
    }

    /// range_out: `[1,6)`, `(,"2026-12-05 00:00:00+00")`, `empty`.
    package var text: String {
        if isEmpty { return "empty" }
        var out = lowerInclusive ? "[" : "("
        if let l = lower { out += RangeValue.quoted(formatValue(l, type: elementType)) }
        out += ","
        if let u = upper { out += RangeValue.quoted(formatValue(u, type: elementType)) }
        out += upperInclusive ? "]" : ")"
        return out
    }

    private static func quoted(_ text: String) -> String {
        let needs =
            text.isEmpty
            || text.unicodeScalars.contains { c in
                c == "\"" || c == "\\" || c == "(" || c == ")" || c == "[" || c == "]"
                    || c == "," || c.properties.isWhitespace
            }
        guard needs else { return text }
        var out = "\""
        for ch in text.unicodeScalars {
            if ch == "\"" || ch == "\\" { out.unicodeScalars.append(ch) }
            out.unicodeScalars.append(ch)
        }
        return out + "\""
    }

    /// range_in: `[a,b)`, `(,b]`, `empty`, bounds optionally quoted.
    package init(
        parsing text: String, rangeType: PGType, subtype: PGType, context: EvaluationContext?
    ) throws {
        let malformed = SQLError(
            SQLState.invalidTextRepresentation, "malformed range literal: \"\(text)\"")
        let trimmed = text.trimmed(" \t\n\r")
        if trimmed.lowercased() == "empty" {
            self = .empty(subtype)
            return
        }
        let chars = Array(trimmed.unicodeScalars)
        guard let open = chars.first, open == "[" || open == "(", let close = chars.last,
            close == "]" || close == ")", chars.count >= 3
        else {
            throw SQLError(
                SQLState.invalidTextRepresentation, "malformed range literal: \"\(text)\"",
                detail: "Missing left parenthesis or bracket.")
        }
        var i = 1
        func bound() throws -> String? {
            var out = ""
            var quotedAny = false
            while i < chars.count - 1, chars[i] != "," {
                let c = chars[i]
                if c == "\"" {
                    quotedAny = true
                    i += 1
                    while i < chars.count - 1 {
                        if chars[i] == "\\", i + 1 < chars.count - 1 {
                            i += 1
                            out.unicodeScalars.append(chars[i])
                        } else if chars[i] == "\"" {
                            if i + 1 < chars.count - 1, chars[i + 1] == "\"" {
                                out += "\""
                                i += 1
                            } else {
                                break
                            }
                        } else {
                            out.unicodeScalars.append(chars[i])
                        }
                        i += 1
                    }
                    guard i < chars.count - 1 else { throw malformed }
                    i += 1
                } else if c == "\\" {
                    i += 1
                    guard i < chars.count - 1 else { throw malformed }
                    out.unicodeScalars.append(chars[i])
                    i += 1
                } else {
                    out.unicodeScalars.append(c)
                    i += 1
                }
            }
            return out.isEmpty && !quotedAny ? nil : out
        }
        let lowerText = try bound()
        guard i < chars.count - 1, chars[i] == "," else {
            throw SQLError(
                SQLState.invalidTextRepresentation, "malformed range literal: \"\(text)\"",
                detail: "Missing comma after lower bound.")
        }
        i += 1
        let upperText = try bound()
        guard i == chars.count - 1 else {
            throw SQLError(
                SQLState.invalidTextRepresentation, "malformed range literal: \"\(text)\"",
                detail: "Too many commas.")
        }
        let lo = try lowerText.map { try parseValue($0, as: subtype, context: context) }
        let hi = try upperText.map { try parseValue($0, as: subtype, context: context) }
        self = try RangeValue.make(
            subtype, lower: lo, upper: hi, lowerInclusive: open == "[",
            upperInclusive: close == "]")
    }
}
