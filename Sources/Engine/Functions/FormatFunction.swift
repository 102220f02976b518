// format(formatstr, VARIADIC "any"), PostgreSQL's text_format: %s, %I and
// %L conversions with optional argument positions (n$), the minus flag
// and widths given directly or by an argument (* and *n$); %% is a
// literal percent sign.

/// The built-in format() overloads.
let formatFunctions: [BuiltinFunction] = [
    BuiltinFunction("format", [.text], returns: .text, strict: false, volatility: .stable) {
        _, args, types in try textFormat(args, types)
    },
    BuiltinFunction(
        "format", [.text], returns: .text, variadic: .any, strict: false, volatility: .stable
    ) { _, args, types in try textFormat(args, types) },
]

private let formatHint = "For a single \"%\" use \"%%\"."

private func formatError(_ message: String, hint: String? = formatHint) -> SQLError {
    SQLError(SQLState.invalidParameterValue, message, hint: hint)
}

private var unterminated: SQLError { formatError("unterminated format() type specifier") }

private var tooFewArguments: SQLError {
    formatError("too few arguments for format()", hint: nil)
}

private var argumentZero: SQLError {
    formatError("format specifies argument 0, but arguments are numbered from 1", hint: nil)
}

private var numberOutOfRange: SQLError {
    SQLError(SQLState.numericValueOutOfRange, "number is out of range")
}

/// One parsed conversion: %[argpos$][-][width|*|*n$]type.
private struct FormatSpecifier {
    var argumentPosition = 0
    var widthPosition: Int?
    var leftAlign = false
    var width = 0
}

/// text_format: NULL when the format string is NULL.
private func textFormat(_ args: [Value], _ types: [PGType]) throws -> Value {
    guard let format = args.first.flatMap(argString) else { return .null }
    let chars = Array(format.unicodeScalars)
    var out = ""
    var next = 1
    var i = 0
    while i < chars.count {
        if chars[i] != "%" {
            out.unicodeScalars.append(chars[i])
            i += 1
            continue
        }
        i += 1
        guard i < chars.count else { throw unterminated }
        if chars[i] == "%" {
            out.append("%")
            i += 1
            continue
        }
        var spec = try parseSpecifier(chars, &i)
        let kind = chars[i]
        guard kind == "s" || kind == "I" || kind == "L" else {
            throw formatError("unrecognized format() type specifier \"\(kind)\"")
        }
        i += 1
        if let position = spec.widthPosition {
            let index = position > 0 ? position : next
            guard index < args.count else { throw tooFewArguments }
            spec.width = try widthArgument(args[index], type(of: index, types, args))
            next = index + 1
        }
        let index = spec.argumentPosition > 0 ? spec.argumentPosition : next
        guard index < args.count else { throw tooFewArguments }
        next = index + 1
        let value = args[index]
        let piece: String
        if case .null = value {
            switch kind {
            case "L": piece = "NULL"
            case "I":
                throw SQLError(
                    SQLState.nullValueNotAllowed,
                    "null values cannot be formatted as an SQL identifier")
            default: piece = ""
            }
        } else {
            let text = formatValue(value, type: type(of: index, types, args))
            switch kind {
            case "I": piece = quoteIdentifier(text)
            case "L": piece = quoteLiteral(text)
            default: piece = text
            }
        }
        try append(piece, spec, to: &out)
    }
    return .text(out)
}

/// The resolved type of argument `index`.
private func type(of index: Int, _ types: [PGType], _ args: [Value]) -> PGType {
    index < types.count ? types[index] : naturalType(of: args[index])
}

/// Reads the part of a conversion between `%` and its type letter,
/// leaving `i` on the type letter.
private func parseSpecifier(_ chars: [Unicode.Scalar], _ i: inout Int) throws -> FormatSpecifier {
    var spec = FormatSpecifier()
    func advance() throws {
        i += 1
        guard i < chars.count else { throw unterminated }
    }
    if let n = try parseDigits(chars, &i) {
        guard chars[i] == "$" else {
            spec.width = n
            return spec
        }
        guard n != 0 else { throw argumentZero }
        spec.argumentPosition = n
        try advance()
    }
    while chars[i] == "-" {
        spec.leftAlign = true
        try advance()
    }
    if chars[i] == "*" {
        try advance()
        if let n = try parseDigits(chars, &i) {
            guard chars[i] == "$" else {
                throw formatError("width argument position must be ended by \"$\"", hint: nil)
            }
            guard n != 0 else { throw argumentZero }
            spec.widthPosition = n
            try advance()
        } else {
            spec.widthPosition = 0
        }
    } else if let n = try parseDigits(chars, &i) {
        spec.width = n
    }
    return spec
}

/// Digits at `i`, if any; the digits must be followed by more input.
private func parseDigits(_ chars: [Unicode.Scalar], _ i: inout Int) throws -> Int? {
    var value = 0
    var found = false
    while i < chars.count, chars[i] >= "0", chars[i] <= "9" {
        let digit = Int(chars[i].value - 48)
        let (m, o1) = value.multipliedReportingOverflow(by: 10)
        let (s, o2) = m.addingReportingOverflow(digit)
        guard !o1, !o2, s <= Int(Int32.max) else { throw numberOutOfRange }
        value = s
        found = true
        i += 1
    }
    if found && i >= chars.count { throw unterminated }
    return found ? value : nil
}

/// A width taken from an argument: NULL means none; other types go
/// through their text form.
private func widthArgument(_ v: Value, _ type: PGType) throws -> Int {
    switch v {
    case .null: return 0
    case .int2(let x): return Int(x)
    case .int4(let x): return Int(x)
    default:
        let text = formatValue(v, type: type)
        guard case .int4(let x) = try parseValue(text, as: .int4) else { return 0 }
        return Int(x)
    }
}

/// Appends `piece` padded with spaces to the width (a negative width
/// aligns left).
private func append(_ piece: String, _ spec: FormatSpecifier, to out: inout String) throws {
    var width = spec.width
    var left = spec.leftAlign
    if width < 0 {
        guard width > Int(Int32.min) else { throw numberOutOfRange }
        left = true
        width = -width
    }
    let padding = max(width - piece.unicodeScalars.count, 0)
    if padding == 0 {
        out += piece
    } else if left {
        out += piece + String(repeating: " ", count: padding)
    } else {
        out += String(repeating: " ", count: padding) + piece
    }
}
