// row_to_json(record [, pretty]), to_json(record) and to_jsonb(record):
// a composite value as a JSON object whose keys are its field names, each
// field converted as PostgreSQL's json.c converts datums (numbers and
// booleans bare, json as it is, dates and times in ISO 8601, arrays and
// records nested). to_jsonb prints the same object in jsonb's form.

let recordJSONFunctions: [BuiltinFunction] = [
    BuiltinFunction("row_to_json", [.record], returns: .json, volatility: .stable) {
        _, values, types in .text(recordJSON(values[0], type: types[0], pretty: false))
    },
    BuiltinFunction("row_to_json", [.record, .bool], returns: .json, volatility: .stable) {
        _, values, types in
        .text(recordJSON(values[0], type: types[0], pretty: values[1] == .bool(true)))
    },
    BuiltinFunction("to_json", [.record], returns: .json, volatility: .stable) {
        _, values, types in .text(recordJSON(values[0], type: types[0], pretty: false))
    },
    BuiltinFunction("to_jsonb", [.record], returns: .jsonb, volatility: .stable) {
        _, values, types in
        .text(try JSONText.normalize(recordJSON(values[0], type: types[0], pretty: false)))
    },
]

/// The json text of a composite value: `{"a":1,"b":"x"}`.
func recordJSON(_ value: Value, type: PGType, pretty: Bool) -> String {
    guard case .record(let fields) = value else { return "null" }
    let descriptor = type.recordDescriptor
    var out = "{"
    for (index, field) in fields.enumerated() {
        if index > 0 { out += pretty ? ",\n " : "," }
        let declared = descriptor.flatMap { index < $0.fields.count ? $0.fields[index] : nil }
        appendJSONString(declared?.name ?? "f\(index + 1)", to: &out)
        out += ":"
        out += datumJSON(field, type: declared?.type ?? naturalType(of: field))
    }
    return out + "}"
}

/// One datum as json.c's datum_to_json writes it.
private func datumJSON(_ value: Value, type: PGType) -> String {
    switch value {
    case .null: return "null"
    case .bool(let b): return b ? "true" : "false"
    case .int2, .int4, .int8, .numeric:
        let text = formatValue(value, type: type)
        return text == "NaN" || text.hasSuffix("Infinity") ? quotedJSON(text) : text
    case .float4(let f) where f.isFinite: return formatValue(value, type: type)
    case .float8(let d) where d.isFinite: return formatValue(value, type: type)
    case .text(let s) where type.oid == PGType.json.oid || type.oid == PGType.jsonb.oid:
        return s
    case .date, .timestamp, .timestamptz:
        return quotedJSON(jsonDateTime(formatValue(value, type: type), value))
    case .array(let array):
        let items = array.elements.map { datumJSON($0, type: array.elementType) }
        return "[" + items.joined(separator: ",") + "]"
    case .record:
        return recordJSON(value, type: type, pretty: false)
    default:
        return quotedJSON(formatValue(value, type: type))
    }
}

/// ISO 8601 as JSON writes times: `2024-12-03T10:00:05+00:00`.
private func jsonDateTime(_ text: String, _ value: Value) -> String {
    guard text.first?.isNumber == true else { return text }
    var out = String(text.map { $0 == " " ? "T" : $0 })
    if case .timestamptz = value, let sign = out.lastIndex(where: { $0 == "+" || $0 == "-" }),
        out.distance(from: sign, to: out.endIndex) == 3
    {
        out += ":00"
    }
    return out
}

private func quotedJSON(_ s: String) -> String {
    var out = ""
    appendJSONString(s, to: &out)
    return out
}

/// escape_json: `"` and `\` escaped, control characters as `\n`, `\t`,
/// ... or `\u00XX`.
private func appendJSONString(_ s: String, to out: inout String) {
    out += "\""
    for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        case "\n": out += "\\n"
        case "\t": out += "\\t"
        case "\r": out += "\\r"
        case "\u{08}": out += "\\b"
        case "\u{0C}": out += "\\f"
        default:
            if c.value < 0x20 {
                let hex = String(c.value, radix: 16)
                out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else {
                out.unicodeScalars.append(c)
            }
        }
    }
    out += "\""
}
