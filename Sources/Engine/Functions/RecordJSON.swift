// Composite values as JSON: row_to_json(record [, pretty]), and the
// objects to_json/to_jsonb (and every json builder) make of a record.
// Keys are the field names (f1, f2, ... for a record whose shape is not
// known), each field converted as any datum of its type is
// (JSONConversion.swift); jsonb orders the keys as jsonb does.

let recordJSONFunctions: [BuiltinFunction] = [
    BuiltinFunction("row_to_json", [.record], returns: .json, volatility: .stable) {
        _, values, types in .text(try recordJSON(values[0], type: types[0], pretty: false))
    },
    BuiltinFunction("row_to_json", [.record, .bool], returns: .json, volatility: .stable) {
        _, values, types in
        .text(try recordJSON(values[0], type: types[0], pretty: values[1] == .bool(true)))
    },
]

/// The fields of a composite value with their names and types.
private func namedFields(_ value: Value, type: PGType) -> [(String, Value, PGType)] {
    guard case .record(let fields) = value else { return [] }
    let declared = type.recordDescriptor?.fields
    return fields.enumerated().map { index, field in
        let known = declared.flatMap { index < $0.count ? $0[index] : nil }
        return (known?.name ?? "f\(index + 1)", field, known?.type ?? naturalType(of: field))
    }
}

/// The json text of a composite value: `{"a":1,"b":"x"}`, one field per
/// line after the first with `pretty`.
func recordJSON(_ value: Value, type: PGType, pretty: Bool) throws -> String {
    let parts = try namedFields(value, type: type).map { name, field, fieldType in
        JSONText.quoted(name) + ":" + (try jsonText(field, fieldType))
    }
    return "{" + parts.joined(separator: pretty ? ",\n " : ",") + "}"
}

/// The jsonb object of a composite value.
func recordJSONB(_ value: Value, type: PGType) throws -> JSONText.Node {
    let pairs = try namedFields(value, type: type).map { name, field, fieldType in
        (name, try jsonbNode(field, fieldType))
    }
    return .object(JSONText.sortedPairs(pairs))
}
