// json_object and jsonb_object over text arrays (one flat array of keys
// and values, a two-column array of pairs, or separate key and value
// arrays), and jsonb_set_lax with its null_value_treatment.

let jsonObjectFunctions: [BuiltinFunction] = [
    makeFunction("jsonb_object", [.textArray], .jsonb) { try textObject($0[0], jsonb: true) },
    makeFunction("json_object", [.textArray], .json) { try textObject($0[0], jsonb: false) },
    makeFunction("jsonb_object", [.textArray, .textArray], .jsonb) {
        try textObject(keys: $0[0], values: $0[1], jsonb: true)
    },
    makeFunction("json_object", [.textArray, .textArray], .json) {
        try textObject(keys: $0[0], values: $0[1], jsonb: false)
    },
    {
        var f = makeFunction(
            "jsonb_set_lax", [.jsonb, .textArray, .jsonb, .bool, .text], .jsonb, strict: false,
            optional: 2,
            names: ["jsonb_in", "path", "replacement", "create_if_missing", "null_value_treatment"]
        ) { try setLax($0) }
        f.defaults = [.bool(true), .text("use_json_null")]
        return f
    }(),
]

private func arrayError(_ message: String) -> SQLError {
    SQLError(SQLState.arraySubscriptError, message)
}

/// The elements of a text[] argument (NULL elements as nil).
private func texts(_ a: ArrayValue) -> [String?] {
    a.elements.map { if case .text(let s) = $0 { return s } else { return nil } }
}

/// json[b]_object(text[]): `{k, v, ...}` or `{{k, v}, ...}`.
private func textObject(_ v: Value, jsonb: Bool) throws -> Value {
    guard case .array(let a) = v else { return .null }
    let items = texts(a)
    switch a.dimensions.count {
    case 0: return .text("{}")
    case 1:
        guard items.count % 2 == 0 else {
            throw arrayError("array must have even number of elements")
        }
    case 2:
        guard a.dimensions[1] == 2 else { throw arrayError("array must have two columns") }
    default:
        throw arrayError("wrong number of array subscripts")
    }
    let keys = stride(from: 0, to: items.count, by: 2).map { items[$0] }
    let values = stride(from: 1, to: items.count, by: 2).map { items[$0] }
    return try objectValue(keys, values, jsonb: jsonb)
}

/// json[b]_object(keys text[], values text[]).
private func textObject(keys: Value, values: Value, jsonb: Bool) throws -> Value {
    guard case .array(let k) = keys, case .array(let v) = values else { return .null }
    guard k.dimensions.count <= 1, v.dimensions.count <= 1 else {
        throw arrayError("wrong number of array subscripts")
    }
    guard k.elements.count == v.elements.count else {
        throw arrayError("mismatched array dimensions")
    }
    return try objectValue(texts(k), texts(v), jsonb: jsonb)
}

private func objectValue(_ keys: [String?], _ values: [String?], jsonb: Bool) throws -> Value {
    var pairs: [(String, JSONText.Node)] = []
    for (key, value) in zip(keys, values) {
        guard let key else {
            throw SQLError(SQLState.nullValueNotAllowed, "null value not allowed for object key")
        }
        pairs.append((key, value.map { .string($0) } ?? .null))
    }
    if jsonb { return .text(JSONText.render(.object(JSONText.sortedPairs(pairs)))) }
    if pairs.isEmpty { return .text("{}") }
    let parts = pairs.map { JSONText.quoted($0.0) + " : " + JSONText.render($0.1) }
    return .text("{" + parts.joined(separator: ", ") + "}")
}

/// jsonb_set_lax: jsonb_set, except that an SQL NULL replacement is
/// handled as null_value_treatment says.
private func setLax(_ args: [Value]) throws -> Value {
    let treatmentError = invalidJSONParameter(
        "null_value_treatment must be \"delete_key\", \"return_target\", \"use_json_null\", "
            + "or \"raise_exception\"")
    let create = args.count > 3 ? args[3] : .bool(true)
    if args[0].isNull || args[1].isNull || create.isNull { return .null }
    let treatment = args.count > 4 ? args[4] : .text("use_json_null")
    guard case .text(let how) = treatment else { throw treatmentError }
    let node = JSONText.stored(args[0])
    let path = pathSteps(args[1])
    func edit(_ e: JSONPathEdit, scalarError: String) throws -> Value {
        guard !node.isScalar else { throw invalidJSONParameter(scalarError) }
        if path.isEmpty { return args[0] }
        return .text(JSONText.render(try editPath(node, path, level: 0, e)))
    }
    if !args[2].isNull {
        return try edit(
            .set(JSONText.stored(args[2]), create: create == .bool(true)),
            scalarError: "cannot set path in scalar")
    }
    switch how {
    case "raise_exception":
        throw SQLError(
            SQLState.nullValueNotAllowed, "JSON value must not be null",
            detail: "Exception was raised because null_value_treatment is \"raise_exception\".",
            hint: "To avoid, either change the null_value_treatment argument or ensure that "
                + "an SQL NULL is not passed.")
    case "use_json_null":
        return try edit(
            .set(.null, create: create == .bool(true)), scalarError: "cannot set path in scalar")
    case "delete_key":
        return try edit(.delete, scalarError: "cannot delete path in scalar")
    case "return_target":
        return args[0]
    default:
        throw treatmentError
    }
}
