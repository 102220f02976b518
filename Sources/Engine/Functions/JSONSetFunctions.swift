// The set-returning json and jsonb functions: json[b]_each(_text),
// json[b]_array_elements(_text) and json[b]_object_keys, with their OUT
// columns (key, value) and PostgreSQL's errors for the wrong kind of
// value. jsonb objects yield keys in jsonb order, json ones as written
// (duplicates included).

let jsonSetFunctions: [BuiltinSetFunction] = [
    each("jsonb_each", .jsonb, valueType: .jsonb),
    each("jsonb_each_text", .jsonb, valueType: .text),
    each("json_each", .json, valueType: .json),
    each("json_each_text", .json, valueType: .text),
    elements("jsonb_array_elements", .jsonb, valueType: .jsonb),
    elements("jsonb_array_elements_text", .jsonb, valueType: .text),
    elements("json_array_elements", .json, valueType: .json),
    elements("json_array_elements_text", .json, valueType: .text),
    objectKeys("jsonb_object_keys", .jsonb),
    objectKeys("json_object_keys", .json),
]

/// The children of a json or jsonb argument, each with the text its
/// value has in the result (json: as written; jsonb: normalised).
private func children(_ v: Value, _ type: PGType) throws -> [(String?, String, JSONText.Node)] {
    guard case .text(let s) = v else { return [] }
    if type == .jsonb {
        switch JSONText.stored(v) {
        case .object(let pairs): return pairs.map { ($0.0, JSONText.render($0.1), $0.1) }
        case .array(let items): return items.map { (nil, JSONText.render($0), $0) }
        default: return []
        }
    }
    let bytes = Array(s.utf8)
    var parser = JSONParser(s, jsonb: false)
    func text(_ span: JSONSpan) -> String { String(decoding: bytes[span.range], as: UTF8.self) }
    switch try parser.children() {
    case .object(let pairs): return pairs.map { ($0.0, text($0.1), $0.1.node) }
    case .array(let items): return items.map { (nil, text($0), $0.node) }
    case .scalar: return []
    }
}

/// What kind of container a json or jsonb argument holds.
private func kind(_ v: Value, _ type: PGType) throws -> JSONText.Node {
    guard case .text(let s) = v else { return .null }
    if type == .jsonb { return JSONText.stored(v) }
    var parser = JSONParser(s, jsonb: false)
    switch try parser.children() {
    case .object: return .object([])
    case .array: return .array([])
    case .scalar(let n): return n
    }
}

/// A value column: json text, or `->>`'s text when `valueType` is text.
private func valueColumn(_ text: String, _ node: JSONText.Node, _ valueType: PGType) -> Value {
    guard valueType == .text else { return .text(text) }
    switch node {
    case .null: return .null
    case .string(let s): return .text(s)
    default: return .text(text)
    }
}

private func each(_ name: String, _ type: PGType, valueType: PGType) -> BuiltinSetFunction {
    BuiltinSetFunction(
        name: name, argumentTypes: [type],
        columns: [("key", .text), ("value", valueType)]
    ) { args in
        guard case .object = try kind(args[0], type) else {
            if type == .jsonb { throw invalidJSONParameter("cannot call \(name) on a non-object") }
            throw invalidJSONParameter("cannot deconstruct a scalar")
        }
        return try children(args[0], type).map {
            .record([.text($0.0 ?? ""), valueColumn($0.1, $0.2, valueType)])
        }
    }
}

private func elements(_ name: String, _ type: PGType, valueType: PGType) -> BuiltinSetFunction {
    BuiltinSetFunction(
        name: name, argumentTypes: [type], columns: [("value", valueType)]
    ) { args in
        switch try kind(args[0], type) {
        case .array: break
        case .object:
            if type == .jsonb {
                throw invalidJSONParameter("cannot extract elements from an object")
            }
            throw invalidJSONParameter("cannot call \(name) on a non-array")
        default:
            if type == .jsonb {
                throw invalidJSONParameter("cannot extract elements from a scalar")
            }
            throw invalidJSONParameter("cannot call \(name) on a scalar")
        }
        return try children(args[0], type).map { valueColumn($0.1, $0.2, valueType) }
    }
}

private func objectKeys(_ name: String, _ type: PGType) -> BuiltinSetFunction {
    BuiltinSetFunction(name: name, argumentTypes: [type], returnType: .text) { args in
        switch try kind(args[0], type) {
        case .object: break
        case .array: throw invalidJSONParameter("cannot call \(name) on an array")
        default: throw invalidJSONParameter("cannot call \(name) on a scalar")
        }
        return try children(args[0], type).map { .text($0.0 ?? "") }
    }
}
