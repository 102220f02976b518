// to_char for numbers: PostgreSQL's NUM formatting (formatting.c). The
// pattern's 9/0 digits, decimal point, group separators, sign keywords
// (S, MI, PL, SG, PR), FM, TH, V, RN and EEEE are read into a description,
// the value is printed with that many fraction digits, and the pattern is
// then walked once, placing digits, padding and the sign.
import Foundation

/// The numeric pattern keywords, longest first.
private let numberKeywords: [String] = [
    "EEEE", "eeee", "FM", "fm", "MI", "mi", "PL", "pl", "PR", "pr", "RN", "rn", "SG", "sg",
    "SP", "sp", "TH", "th", ",", ".", "0", "9", "B", "b", "C", "c", "D", "d", "G", "g", "L",
    "l", "S", "s", "V", "v",
]

/// One element of a numeric pattern.
private enum NumberNode {
    case keyword(String)
    case literal(String)
}

/// Where an S keyword puts the sign.
private enum LocaleSign { case none, before, after }

/// What a numeric pattern asks for (NUMDesc).
private struct NumberFormat {
    var pre = 0
    var post = 0
    var hasDecimal = false
    var hasZero = false
    var zeroStart = 0
    var zeroEnd = 0
    var fillMode = false
    var localeSign = LocaleSign.none
    var preLocaleSign = 0
    var minus = false
    var plus = false
    var bracket = false
    var roman = false
    var multiply = false
    var multiplier = 0
    var scientific = false
    var nodes: [NumberNode] = []

    var hasLocaleSign: Bool { localeSign != .none }
}

private func patternError(_ message: String, detail: String? = nil) -> SQLError {
    SQLError(SQLState.syntaxError, message, detail: detail)
}

/// Reads a numeric pattern (NUMDesc_prepare), raising its 42601 errors.
private func parseNumberPattern(_ pattern: String) throws -> NumberFormat {
    let chars = Array(pattern.unicodeScalars)
    var f = NumberFormat()
    var i = 0
    func matches(_ word: String) -> Bool {
        let w = Array(word.unicodeScalars)
        guard i + w.count <= chars.count else { return false }
        return chars[i..<(i + w.count)].elementsEqual(w)
    }
    while i < chars.count {
        if let keyword = numberKeywords.first(where: matches) {
            i += keyword.unicodeScalars.count
            if f.scientific {
                throw patternError("\"EEEE\" must be the last pattern used")
            }
            try describe(keyword.uppercased(), &f)
            // TH/th and RN/rn keep their case: it picks the output's case.
            let upper = keyword.uppercased()
            f.nodes.append(.keyword(upper == "TH" || upper == "RN" ? keyword : upper))
            continue
        }
        var text = String(chars[i])
        if chars[i] == "\"" {
            // Quoted text; a backslash takes the next character literally.
            text = ""
            i += 1
            while i < chars.count, chars[i] != "\"" {
                if chars[i] == "\\", i + 1 < chars.count { i += 1 }
                text.unicodeScalars.append(chars[i])
                i += 1
            }
        } else if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "\"" {
            text = "\""
            i += 1
        }
        i += 1
        f.nodes.append(.literal(text))
    }
    return f
}

/// Adds one keyword to the description, checking combinations.
private func describe(_ keyword: String, _ f: inout NumberFormat) throws {
    switch keyword {
    case "9":
        if f.bracket { throw patternError("\"9\" must be ahead of \"PR\"") }
        if f.multiply {
            f.multiplier += 1
        } else if f.hasDecimal {
            f.post += 1
        } else {
            f.pre += 1
        }
    case "0":
        if f.bracket { throw patternError("\"0\" must be ahead of \"PR\"") }
        if !f.hasZero && !f.hasDecimal {
            f.hasZero = true
            f.zeroStart = f.pre + 1
        }
        if f.hasDecimal { f.post += 1 } else { f.pre += 1 }
        f.zeroEnd = f.pre + f.post
    case ".", "D":
        if f.hasDecimal { throw patternError("multiple decimal points") }
        if f.multiply { throw patternError("cannot use \"V\" and decimal point together") }
        f.hasDecimal = true
    case "FM": f.fillMode = true
    case "S":
        if f.hasLocaleSign { throw patternError("cannot use \"S\" twice") }
        if f.plus || f.minus || f.bracket {
            throw patternError("cannot use \"S\" and \"PL\"/\"MI\"/\"SG\"/\"PR\" together")
        }
        if !f.hasDecimal {
            f.localeSign = .before
            f.preLocaleSign = f.pre
        } else {
            f.localeSign = .after
        }
    case "MI":
        if f.hasLocaleSign { throw patternError("cannot use \"S\" and \"MI\" together") }
        f.minus = true
    case "PL":
        if f.hasLocaleSign { throw patternError("cannot use \"S\" and \"PL\" together") }
        f.plus = true
    case "SG":
        if f.hasLocaleSign { throw patternError("cannot use \"S\" and \"SG\" together") }
        f.minus = true
        f.plus = true
    case "PR":
        if f.hasLocaleSign || f.plus || f.minus {
            throw patternError("cannot use \"PR\" and \"S\"/\"PL\"/\"MI\"/\"SG\" together")
        }
        f.bracket = true
    case "RN": f.roman = true
    case "V":
        if f.hasDecimal { throw patternError("cannot use \"V\" and decimal point together") }
        f.multiply = true
    case "EEEE":
        if f.fillMode || f.hasLocaleSign || f.bracket || f.minus || f.plus || f.roman
            || f.multiply
        {
            throw patternError(
                "\"EEEE\" is incompatible with other formats",
                detail: "\"EEEE\" may only be used together with digit and decimal point patterns.")
        }
        f.scientific = true
    default:
        break
    }
}

/// The printed number NUM_processor lays out: digits with an optional
/// point and no sign, how many leading digit positions stay blank, and
/// the sign.
private struct NumberText {
    var digits: String
    var preSpaces: Int
    var negative: Bool
}

/// Pads or overflows the printed digits against the pattern's `pre`.
private func layout(_ digits: String, negative: Bool, _ f: NumberFormat) -> NumberText {
    let preLength =
        digits.firstIndex(of: ".").map { digits.distance(from: digits.startIndex, to: $0) }
        ?? digits.count
    if preLength < f.pre {
        return NumberText(digits: digits, preSpaces: f.pre - preLength, negative: negative)
    }
    if preLength > f.pre {
        let hashes = String(repeating: "#", count: f.pre) + "."
            + String(repeating: "#", count: f.post)
        return NumberText(digits: hashes, preSpaces: 0, negative: negative)
    }
    return NumberText(digits: digits, preSpaces: 0, negative: negative)
}

/// Roman numerals for 1...3999, else fifteen '#'.
private func romanNumeral(_ n: Int) -> String {
    guard n >= 1 && n <= 3999 else { return String(repeating: "#", count: 15) }
    let table: [(Int, String)] = [
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
        (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    ]
    var rest = n
    var out = ""
    for (value, letters) in table {
        while rest >= value {
            out += letters
            rest -= value
        }
    }
    return out
}

/// The roman-numeral output: RN right-aligns in 15 columns unless FM.
private func romanOutput(_ n: Int, _ f: NumberFormat) -> String {
    var out = ""
    let numeral = romanNumeral(n)
    for node in f.nodes {
        switch node {
        case .literal(let s): out += s
        case .keyword(let k) where k == "RN" || k == "rn":
            let cased = k == "rn" ? numeral.lowercased() : numeral
            out += f.fillMode ? cased : String(repeating: " ", count: 15 - cased.count) + cased
        default: break
        }
    }
    return out
}

/// Scientific notation as C's "%+.*e" prints it, a positive sign shown
/// as a space.
private func scientificDouble(_ d: Double, _ post: Int) -> String {
    var text = String(format: "%+.\(post)e", d)
    if text.hasPrefix("+") { text = " " + text.dropFirst() }
    return text
}

/// numeric_out_sci: a mantissa rounded to `post` digits, never adjusted
/// when rounding reaches 10, and a signed exponent of at least 2 digits.
private func scientificNumeric(_ n: Numeric, _ post: Int) -> String {
    if !n.isFinite { return "" }
    var exponent = 0
    if !n.isZero { exponent = n.coefficientDigits.count - 1 - n.scale }
    // n / 10^exponent has the coefficient's digits with one before the point.
    let mantissa = Numeric(
        isNegative: n.isNegative, limbs: n.limbs, scale: max(n.scale + exponent, 0)
    ).rounded(scale: post)
    let sign = exponent < 0 ? "-" : "+"
    let digits = String(exponent.magnitude)
    let text = mantissa.text + "e" + sign + (digits.count < 2 ? "0" + digits : digits)
    return n.isNegative ? text : " " + text
}

/// The ordinal suffix for the printed digits (get_th).
private func numberOrdinal(_ digits: String, upper: Bool) -> String {
    let scalars = Array(digits.unicodeScalars)
    var last = scalars.last
    if scalars.count > 1, scalars[scalars.count - 2] == "1" { last = "0" }
    let word: String
    switch last {
    case "1": word = "st"
    case "2": word = "nd"
    case "3": word = "rd"
    default: word = "th"
    }
    return upper ? word.uppercased() : word
}

/// NUM_processor for to_char: walks the pattern and places the digits.
private func processNumber(_ text: NumberText, _ format: NumberFormat) -> String {
    var f = format
    let number = Array(text.digits.unicodeScalars)
    let negative = text.negative
    if f.zeroStart > 0 { f.zeroStart -= 1 }

    // Whether the sign still has to be written inside the number.
    var signWrote: Bool
    if f.plus || f.minus {
        signWrote = !(f.plus && !f.minus)
    } else {
        if !negative && f.fillMode { f.bracket = false }
        signWrote = !negative && f.fillMode && !f.hasLocaleSign
        if f.localeSign == .before && f.pre == f.preLocaleSign { f.localeSign = .after }
    }
    var numCount = f.post + f.pre - 1
    let preSpaces = text.preSpaces

    // FM drops trailing fraction zeros after the last relevant digit,
    // keeping those that 0 positions ask for.
    var lastRelevant: Int?
    if f.fillMode && f.hasDecimal, let point = number.firstIndex(of: ".") {
        var result = point
        var p = point + 1
        while p < number.count {
            if number[p] != "0" { result = p }
            p += 1
        }
        lastRelevant = result
        if f.zeroEnd > preSpaces {
            let lastZero = min(number.count - 1, f.zeroEnd - preSpaces)
            if result < lastZero { lastRelevant = lastZero }
        }
    }
    if !signWrote && preSpaces == 0 { numCount += 1 }

    var out = ""
    var numberIndex = 0
    var numCurrent = 0
    var numIn = false
    var truncated = false
    let relevantIsPoint = lastRelevant.map { number[$0] == "." } ?? false
    var isZeroKeyword = false

    func isPredecimalSpace() -> Bool {
        !f.hasZero && numberIndex == 0 && number.first == "0" && f.post != 0
    }

    func writeSign() {
        if f.hasLocaleSign {
            if f.localeSign == .before {
                out += negative ? "-" : "+"
                signWrote = true
            }
        } else if f.bracket {
            out += negative ? "<" : " "
            signWrote = true
        } else if !negative {
            if !f.fillMode { out += " " }
            signWrote = true
        } else {
            out += "-"
            signWrote = true
        }
    }

    func numberPart() {
        if !signWrote
            && (numCurrent >= preSpaces || (f.hasZero && f.zeroStart == numCurrent))
            && (!isPredecimalSpace() || relevantIsPoint)
        {
            writeSign()
        }
        if numCurrent < preSpaces && (f.zeroStart > numCurrent || !f.hasZero) {
            if !f.fillMode { out += " " }
        } else if f.hasZero && numCurrent < preSpaces && f.zeroStart <= numCurrent {
            out += "0"
            numIn = true
        } else {
            let current = numberIndex < number.count ? number[numberIndex] : nil
            if current == "." {
                if !relevantIsPoint || f.fillMode { out += "." }
            } else if let l = lastRelevant, numberIndex > l, !isZeroKeyword {
                // A dropped trailing zero.
            } else if isPredecimalSpace() {
                if !f.fillMode {
                    out += " "
                } else if relevantIsPoint {
                    out += "0"
                }
            } else if let c = current {
                out.unicodeScalars.append(c)
                numIn = true
            } else {
                truncated = true
            }
            if numberIndex < number.count { numberIndex += 1 }
        }
        var end = numCount + (preSpaces > 0 ? 1 : 0) + (f.hasDecimal ? 1 : 0)
        if let l = lastRelevant, l == numberIndex { end = numCurrent }
        if numCurrent + 1 == end {
            if signWrote && f.bracket {
                out += negative ? ">" : " "
            } else if f.localeSign == .after {
                out += negative ? "-" : "+"
            }
        }
        numCurrent += 1
    }

    for node in f.nodes {
        if truncated { break }
        switch node {
        case .literal(let s):
            out += s
        case .keyword(let k):
            switch k {
            case "9", "0", ".", "D":
                isZeroKeyword = k == "0"
                numberPart()
            case ",", "G":
                if numIn {
                    out += ","
                } else if !f.fillMode {
                    out += " "
                }
            case "L":
                out += " "
            case "MI":
                if negative {
                    out += "-"
                } else if !f.fillMode {
                    out += " "
                }
            case "PL":
                if !negative {
                    out += "+"
                } else if !f.fillMode {
                    out += " "
                }
            case "SG":
                out += negative ? "-" : "+"
            case "TH", "th":
                if number.first == "#" || negative || f.hasDecimal { continue }
                out += numberOrdinal(text.digits, upper: k == "TH")
            default:
                break
            }
        }
    }
    return out
}

/// Formats an exact decimal with a parsed pattern (numeric_to_char).
private func formatNumeric(_ value: Numeric, _ f: NumberFormat) throws -> String {
    var format = f
    if format.roman {
        guard value.isFinite, let n = value.roundedInt64, let small = Int32(exactly: n) else {
            return romanOutput(0, format)
        }
        return romanOutput(Int(small), format)
    }
    if format.scientific {
        if !value.isFinite {
            return " " + String(repeating: "#", count: format.pre) + "."
                + String(repeating: "#", count: format.post + 4)
        }
        return scientificNumeric(value, format.post)
    }
    var v = value
    if format.multiply {
        v = v * (try Numeric(10).power(Numeric(format.multiplier)))
        format.pre += format.multiplier
    }
    let rounded = v.rounded(scale: format.post)
    let text = rounded.text
    let negative = text.hasPrefix("-")
    let digits = negative ? String(text.dropFirst()) : text
    return processNumber(layout(digits, negative: negative, format), format)
}

/// Formats an integer (int4_to_char / int8_to_char).
private func formatInteger(_ value: Int64, _ f: NumberFormat, isInt8: Bool) throws -> String {
    var format = f
    if format.roman { return romanOutput(Int(clamping: value), format) }
    if format.scientific {
        if isInt8 { return scientificNumeric(Numeric(value), format.post) }
        return scientificDouble(Double(value), format.post)
    }
    var v = value
    if format.multiply {
        if isInt8 { return try formatNumeric(Numeric(value), f) }
        var factor: Int64 = 1
        for _ in 0..<format.multiplier { factor = factor &* 10 }
        v = Int64(Int32(truncatingIfNeeded: v &* factor))
        format.pre += format.multiplier
    }
    let negative = v < 0
    var digits = String(v.magnitude)
    if format.post > 0 { digits += "." + String(repeating: "0", count: format.post) }
    return processNumber(layout(digits, negative: negative, format), format)
}

/// Formats a double (float8_to_char): at most 15 significant digits.
private func formatDouble(_ value: Double, _ f: NumberFormat, significant: Int) -> String {
    var format = f
    if format.roman {
        return romanOutput(Int(exactly: value.rounded(.toNearestOrEven)) ?? 0, format)
    }
    if format.scientific {
        if !value.isFinite {
            return " " + String(repeating: "#", count: format.pre) + "."
                + String(repeating: "#", count: format.post + 4)
        }
        return scientificDouble(value, format.post)
    }
    if !value.isFinite {
        let text = value.isNaN ? "NaN" : "Infinity"
        return processNumber(layout(text, negative: value < 0, format), format)
    }
    var v = value
    if format.multiply {
        v *= Foundation.pow(10, Double(format.multiplier))
        format.pre += format.multiplier
    }
    let whole = String(format: "%.0f", abs(v)).count
    if whole >= significant {
        format.post = 0
    } else if whole + format.post > significant {
        format.post = significant - whole
    }
    let text = String(format: "%.\(format.post)f", v)
    let negative = text.hasPrefix("-")
    let digits = negative ? String(text.dropFirst()) : text
    return processNumber(layout(digits, negative: negative, format), format)
}

/// The to_char overloads for numbers.
let numberToCharFunctions: [BuiltinFunction] = [
    makeFunction("to_char", [.int4, .text], .text, volatility: .stable) { args in
        guard let n = argInt64(args[0]), let p = argString(args[1]) else { return .null }
        return .text(try formatInteger(n, try parseNumberPattern(p), isInt8: false))
    },
    makeFunction("to_char", [.int8, .text], .text, volatility: .stable) { args in
        guard let n = argInt64(args[0]), let p = argString(args[1]) else { return .null }
        return .text(try formatInteger(n, try parseNumberPattern(p), isInt8: true))
    },
    makeFunction("to_char", [.numeric, .text], .text, volatility: .stable) { args in
        guard case .numeric(let n) = args[0], let p = argString(args[1]) else { return .null }
        return .text(try formatNumeric(n, try parseNumberPattern(p)))
    },
    makeFunction("to_char", [.float8, .text], .text, volatility: .stable) { args in
        guard case .float8(let d) = args[0], let p = argString(args[1]) else { return .null }
        return .text(formatDouble(d, try parseNumberPattern(p), significant: 15))
    },
    makeFunction("to_char", [.float4, .text], .text, volatility: .stable) { args in
        guard case .float4(let d) = args[0], let p = argString(args[1]) else { return .null }
        return .text(formatDouble(Double(d), try parseNumberPattern(p), significant: 6))
    },
]
