// The json and jsonb functions of pg_proc: constructors (json[b]_build_*,
// to_json[b]), inspection (typeof, array_length, extract_path), editing
// (jsonb_set, jsonb_insert, strip_nulls) and jsonb_pretty.

/// json and jsonb scalar functions.
let jsonFunctions: [BuiltinFunction] =
    jsonBuildFunctions + jsonInspectFunctions + jsonbEditFunctions + jsonOperatorFunctions
    + jsonObjectFunctions

private func jsonb(_ v: Value) -> JSONText.Node { JSONText.stored(v) }

private func jsonbValue(_ node: JSONText.Node) -> Value { .text(JSONText.render(node)) }

/// The tree of a json argument (already valid).
private func json(_ v: Value) throws -> JSONText.Node {
    guard case .text(let s) = v else { return .null }
    return try JSONText.parse(s)
}

private func argumentType(_ types: [PGType], _ i: Int) -> PGType {
    i < types.count ? types[i] : .text
}

private let jsonBuildFunctions: [BuiltinFunction] = [
    makeFunction("jsonb_build_object", [], .jsonb, strict: false) { _ in .text("{}") },
    makeFunction("json_build_object", [], .json, strict: false) { _ in .text("{}") },
    makeFunction("jsonb_build_array", [], .jsonb, strict: false) { _ in .text("[]") },
    makeFunction("json_build_array", [], .json, strict: false) { _ in .text("[]") },
    BuiltinFunction("jsonb_build_object", [], returns: .jsonb, variadic: .any, strict: false) {
        _, args, types in try buildObject(args, types, jsonb: true)
    },
    BuiltinFunction("json_build_object", [], returns: .json, variadic: .any, strict: false) {
        _, args, types in try buildObject(args, types, jsonb: false)
    },
    BuiltinFunction("jsonb_build_array", [], returns: .jsonb, variadic: .any, strict: false) {
        _, args, types in
        jsonbValue(.array(try args.enumerated().map { try jsonbNode($1, argumentType(types, $0)) }))
    },
    BuiltinFunction("json_build_array", [], returns: .json, variadic: .any, strict: false) {
        _, args, types in
        let items = try args.enumerated().map { try jsonText($1, argumentType(types, $0)) }
        return .text("[" + items.joined(separator: ", ") + "]")
    },
    BuiltinFunction("to_jsonb", [.anyElement], returns: .jsonb, volatility: .stable) {
        _, args, types in jsonbValue(try jsonbNode(args[0], argumentType(types, 0)))
    },
    BuiltinFunction("to_json", [.anyElement], returns: .json, volatility: .stable) {
        _, args, types in .text(try jsonText(args[0], argumentType(types, 0)))
    },
]

/// json[b]_build_object: alternating keys and values.
private func buildObject(_ args: [Value], _ types: [PGType], jsonb: Bool) throws -> Value {
    let name = jsonb ? "jsonb_build_object" : "json_build_object"
    guard args.count % 2 == 0 else {
        throw invalidJSONParameter(
            "argument list must have even number of elements",
            hint: "The arguments of \(name)() must consist of alternating keys and values.")
    }
    var pairs: [(String, JSONText.Node)] = []
    var parts: [String] = []
    for i in stride(from: 0, to: args.count, by: 2) {
        if args[i].isNull {
            if jsonb { throw invalidJSONParameter("argument \(i + 1): key must not be null") }
            throw invalidJSONParameter(
                "argument \(i + 1) cannot be null", hint: "Object keys should be text.")
        }
        let key = try jsonKeyText(args[i], argumentType(types, i))
        let type = argumentType(types, i + 1)
        if jsonb {
            pairs.append((key, try jsonbNode(args[i + 1], type)))
        } else {
            parts.append(JSONText.quoted(key) + " : " + (try jsonText(args[i + 1], type)))
        }
    }
    if jsonb { return jsonbValue(.object(JSONText.sortedPairs(pairs))) }
    return .text("{" + parts.joined(separator: ", ") + "}")
}

private let jsonInspectFunctions: [BuiltinFunction] = [
    makeFunction("jsonb_typeof", [.jsonb], .text) { .text(jsonb($0[0]).typeName) },
    makeFunction("json_typeof", [.json], .text) { .text(try json($0[0]).typeName) },
    makeFunction("jsonb_array_length", [.jsonb], .int4) { try arrayLength(jsonb($0[0])) },
    makeFunction("json_array_length", [.json], .int4) { try arrayLength(try json($0[0])) },
    BuiltinFunction("jsonb_extract_path", [.jsonb], returns: .jsonb, variadic: .text) {
        _, args, _ in
        guard let node = jsonb(args[0]).extract(variadicPath(args)) else { return .null }
        return jsonbValue(node)
    },
    BuiltinFunction("jsonb_extract_path_text", [.jsonb], returns: .text, variadic: .text) {
        _, args, _ in jsonb(args[0]).extract(variadicPath(args))?.sqlText ?? .null
    },
    BuiltinFunction("json_extract_path", [.json], returns: .json, variadic: .text) {
        _, args, _ in
        guard let span = jsonExtract(args[0], variadicPath(args)) else { return .null }
        return .text(span.text)
    },
    BuiltinFunction("json_extract_path_text", [.json], returns: .text, variadic: .text) {
        _, args, _ in jsonExtract(args[0], variadicPath(args))?.sqlText ?? .null
    },
    makeFunction("jsonb_pretty", [.jsonb], .text) { .text(JSONText.pretty(jsonb($0[0]))) },
]

/// The path of a variadic extract_path call (given as elements or as
/// one VARIADIC array). TODO(#6): calls written `VARIADIC ARRAY[...]`
/// are not resolved yet.
private func variadicPath(_ args: [Value]) -> [String?] {
    if args.count == 2, case .array = args[1] { return pathSteps(args[1]) }
    return args.dropFirst().map { if case .text(let s) = $0 { return s } else { return nil } }
}

private func arrayLength(_ node: JSONText.Node) throws -> Value {
    switch node {
    case .array(let items): return .int4(Int32(items.count))
    case .object: throw invalidJSONParameter("cannot get array length of a non-array")
    default: throw invalidJSONParameter("cannot get array length of a scalar")
    }
}

private let jsonbEditFunctions: [BuiltinFunction] = [
    makeFunction(
        "jsonb_set", [.jsonb, .textArray, .jsonb, .bool], .jsonb, optional: 1,
        names: ["jsonb_in", "path", "replacement", "create_if_missing"]
    ) { args in
        let create = args.count < 4 || args[3] == .bool(true)
        return try editTop(args, .set(jsonb(args[2]), create: create), "cannot set path in scalar")
    },
    makeFunction(
        "jsonb_insert", [.jsonb, .textArray, .jsonb, .bool], .jsonb, optional: 1,
        names: ["jsonb_in", "path", "replacement", "insert_after"]
    ) { args in
        let after = args.count > 3 && args[3] == .bool(true)
        return try editTop(args, .insert(jsonb(args[2]), after: after), "cannot set path in scalar")
    },
    makeFunction("jsonb_strip_nulls", [.jsonb], .jsonb) { jsonbValue(stripNulls(jsonb($0[0]))) },
    makeFunction("json_strip_nulls", [.json], .json) {
        .text(JSONText.compact(stripNulls(try json($0[0]))))
    },
]

/// jsonb_set and jsonb_insert over a container.
private func editTop(_ args: [Value], _ edit: JSONPathEdit, _ scalarError: String) throws -> Value {
    let node = jsonb(args[0])
    guard !node.isScalar else { throw invalidJSONParameter(scalarError) }
    let path = pathSteps(args[1])
    if path.isEmpty { return args[0] }
    return jsonbValue(try editPath(node, path, level: 0, edit))
}

/// Object fields whose value is null removed, at every depth.
private func stripNulls(_ node: JSONText.Node) -> JSONText.Node {
    switch node {
    case .array(let items): return .array(items.map(stripNulls))
    case .object(let pairs):
        return .object(
            pairs.compactMap {
                if case .null = $0.1 { return nil }
                return ($0.0, stripNulls($0.1))
            })
    default: return node
    }
}
