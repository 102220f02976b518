// The json and jsonb operators of pg_operator: field and element access
// (->, ->>, #>, #>>), containment (@>, <@), existence (?, ?|, ?&),
// concatenation (||) and deletion (-, #-). jsonb equality and ordering
// are among the comparison operators (compareValues orders jsonb).

/// jsonb and json operators.
let jsonOperators: [BuiltinOperator] =
    jsonbAccessOperators + jsonAccessOperators
    + jsonbSetOperators + jsonbEditOperators

private func jsonb(_ v: Value) -> JSONText.Node { JSONText.stored(v) }

private func jsonbResult(_ node: JSONText.Node?) -> Value {
    guard let node else { return .null }
    return .text(JSONText.render(node))
}

private func text(_ v: Value) -> String {
    if case .text(let s) = v { return s }
    return ""
}

private func int(_ v: Value) -> Int { argInt(v) ?? 0 }

private let jsonbAccessOperators: [BuiltinOperator] = [
    BuiltinOperator("->", .jsonb, .text, returns: .jsonb) { a, b in
        jsonbResult(jsonb(a).field(text(b)))
    },
    BuiltinOperator("->", .jsonb, .int4, returns: .jsonb) { a, b in
        jsonbResult(jsonb(a).element(int(b)))
    },
    BuiltinOperator("->>", .jsonb, .text, returns: .text) { a, b in
        jsonb(a).field(text(b))?.sqlText ?? .null
    },
    BuiltinOperator("->>", .jsonb, .int4, returns: .text) { a, b in
        jsonb(a).element(int(b))?.sqlText ?? .null
    },
    BuiltinOperator("#>", .jsonb, .textArray, returns: .jsonb) { a, b in
        jsonbResult(jsonb(a).extract(pathSteps(b)))
    },
    BuiltinOperator("#>>", .jsonb, .textArray, returns: .text) { a, b in
        jsonb(a).extract(pathSteps(b))?.sqlText ?? .null
    },
]

private let jsonbSetOperators: [BuiltinOperator] = [
    BuiltinOperator("@>", .jsonb, .jsonb, returns: .bool) { a, b in
        .bool(JSONText.contains(jsonb(a), jsonb(b)))
    },
    BuiltinOperator("<@", .jsonb, .jsonb, returns: .bool) { a, b in
        .bool(JSONText.contains(jsonb(b), jsonb(a)))
    },
    BuiltinOperator("?", .jsonb, .text, returns: .bool) { a, b in
        .bool(exists(jsonb(a), text(b)))
    },
    BuiltinOperator("?|", .jsonb, .textArray, returns: .bool) { a, b in
        let node = jsonb(a)
        return .bool(pathSteps(b).contains { $0.map { exists(node, $0) } ?? false })
    },
    BuiltinOperator("?&", .jsonb, .textArray, returns: .bool) { a, b in
        let node = jsonb(a)
        return .bool(pathSteps(b).allSatisfy { $0.map { exists(node, $0) } ?? true })
    },
]

/// jsonb_exists: a top-level key, or a string element of an array (or
/// the string scalar itself).
private func exists(_ node: JSONText.Node, _ key: String) -> Bool {
    switch node {
    case .object: return node.field(key) != nil
    case .array(let items):
        return items.contains {
            if case .string(let s) = $0 { return s.utf8.elementsEqual(key.utf8) }
            return false
        }
    case .string(let s): return s.utf8.elementsEqual(key.utf8)
    default: return false
    }
}

private let jsonbEditOperators: [BuiltinOperator] = [
    BuiltinOperator("||", .jsonb, .jsonb, returns: .jsonb) { a, b in
        jsonbResult(concatenate(jsonb(a), jsonb(b)))
    },
    BuiltinOperator("-", .jsonb, .text, returns: .jsonb) { a, b in
        jsonbResult(try deleteKeys(jsonb(a), [text(b)]))
    },
    BuiltinOperator("-", .jsonb, .textArray, returns: .jsonb) { a, b in
        jsonbResult(try deleteKeys(jsonb(a), pathSteps(b).compactMap { $0 }))
    },
    BuiltinOperator("-", .jsonb, .int4, returns: .jsonb) { a, b in
        jsonbResult(try deleteIndex(jsonb(a), int(b)))
    },
    BuiltinOperator("#-", .jsonb, .textArray, returns: .jsonb) { a, b in
        let node = jsonb(a)
        guard !node.isScalar else { throw invalidJSONParameter("cannot delete path in scalar") }
        let path = pathSteps(b)
        if path.isEmpty { return a }
        return jsonbResult(try editPath(node, path, level: 0, .delete))
    },
]

/// jsonb_concat: objects merge (the right side wins), anything else
/// concatenates as arrays, a non-array side counting as one element.
private func concatenate(_ a: JSONText.Node, _ b: JSONText.Node) -> JSONText.Node {
    if case .object(let x) = a, case .object(let y) = b {
        return .object(JSONText.sortedPairs(x + y))
    }
    func elements(_ n: JSONText.Node) -> [JSONText.Node] {
        if case .array(let items) = n { return items }
        return [n]
    }
    return .array(elements(a) + elements(b))
}

private func deleteKeys(_ node: JSONText.Node, _ keys: [String]) throws -> JSONText.Node {
    let doomed = Set(keys.map { Array($0.utf8) })
    switch node {
    case .object(let pairs):
        return .object(pairs.filter { !doomed.contains(Array($0.0.utf8)) })
    case .array(let items):
        return .array(
            items.filter {
                if case .string(let s) = $0 { return !doomed.contains(Array(s.utf8)) }
                return true
            })
    default:
        throw invalidJSONParameter("cannot delete from scalar")
    }
}

private func deleteIndex(_ node: JSONText.Node, _ n: Int) throws -> JSONText.Node {
    switch node {
    case .array(var items):
        let i = n < 0 ? items.count + n : n
        if items.indices.contains(i) { items.remove(at: i) }
        return .array(items)
    case .object:
        throw invalidJSONParameter("cannot delete from object using integer index")
    default:
        throw invalidJSONParameter("cannot delete from scalar")
    }
}

// MARK: - json

private func jsonChildren(_ v: Value) -> (JSONChildren, [UInt8])? {
    guard case .text(let s) = v else { return nil }
    var parser = JSONParser(s, jsonb: false)
    guard let children = try? parser.children() else { return nil }
    return (children, Array(s.utf8))
}

/// json's `->` and `#>`: the sub-value's text as written.
func jsonExtract(_ v: Value, _ path: [String?], index: Bool = false) -> JSONSpanText? {
    guard case .text(let s) = v else { return nil }
    var current = JSONSpanText(text: s, node: nil)
    for step in path {
        guard let step, let (children, bytes) = jsonChildren(.text(current.text)) else {
            return nil
        }
        let found: JSONSpan?
        switch children {
        case .object(let pairs):
            if index { return nil }
            found = pairs.last { $0.0.utf8.elementsEqual(step.utf8) }?.1
        case .array(let items):
            guard let n = pathIndex(step) else { return nil }
            let i = n < 0 ? items.count + n : n
            found = items.indices.contains(i) ? items[i] : nil
        case .scalar:
            found = nil
        }
        guard let found else { return nil }
        current = JSONSpanText(
            text: String(decoding: bytes[found.range], as: UTF8.self), node: found.node)
    }
    return current
}

/// A json sub-value: its text and, once parsed, its tree.
struct JSONSpanText {
    var text: String
    var node: JSONText.Node?

    /// `->>`: strings unescaped, null as SQL NULL, the rest as written.
    var sqlText: Value {
        let tree = node ?? ((try? JSONText.parse(text)) ?? .null)
        switch tree {
        case .null: return .null
        case .string(let s): return .text(s)
        default: return .text(text.trimmingJSONSpace())
        }
    }
}

extension String {
    /// The text without JSON's surrounding whitespace.
    func trimmingJSONSpace() -> String {
        let space: Set<Character> = [" ", "\t", "\n", "\r"]
        guard let first = firstIndex(where: { !space.contains($0) }),
            let last = lastIndex(where: { !space.contains($0) })
        else { return "" }
        return String(self[first...last])
    }
}

private func jsonResult(_ span: JSONSpanText?) -> Value {
    guard let span else { return .null }
    return .text(span.text)
}

private let jsonAccessOperators: [BuiltinOperator] = [
    BuiltinOperator("->", .json, .text, returns: .json) { a, b in
        jsonResult(jsonExtract(a, [text(b)]))
    },
    BuiltinOperator("->", .json, .int4, returns: .json) { a, b in
        jsonResult(jsonExtract(a, [String(int(b))], index: true))
    },
    BuiltinOperator("->>", .json, .text, returns: .text) { a, b in
        jsonExtract(a, [text(b)])?.sqlText ?? .null
    },
    BuiltinOperator("->>", .json, .int4, returns: .text) { a, b in
        jsonExtract(a, [String(int(b))], index: true)?.sqlText ?? .null
    },
    BuiltinOperator("#>", .json, .textArray, returns: .json) { a, b in
        jsonResult(jsonExtract(a, pathSteps(b)))
    },
    BuiltinOperator("#>>", .json, .textArray, returns: .text) { a, b in
        jsonExtract(a, pathSteps(b))?.sqlText ?? .null
    },
]

// MARK: - The functions behind the operators

/// pg_proc's names for the operators' functions (jsonb_contains for @>,
/// json_object_field for json -> text, ...), callable by name.
let jsonOperatorFunctions: [BuiltinFunction] = [
    ("jsonb_contains", "@>", PGType.jsonb, PGType.jsonb),
    ("jsonb_contained", "<@", .jsonb, .jsonb), ("jsonb_exists", "?", .jsonb, .text),
    ("jsonb_exists_any", "?|", .jsonb, .textArray),
    ("jsonb_exists_all", "?&", .jsonb, .textArray), ("jsonb_concat", "||", .jsonb, .jsonb),
    ("jsonb_delete", "-", .jsonb, .text), ("jsonb_delete", "-", .jsonb, .int4),
    ("jsonb_delete_path", "#-", .jsonb, .textArray),
    ("jsonb_object_field", "->", .jsonb, .text),
    ("jsonb_object_field_text", "->>", .jsonb, .text),
    ("jsonb_array_element", "->", .jsonb, .int4),
    ("jsonb_array_element_text", "->>", .jsonb, .int4),
    ("json_object_field", "->", .json, .text), ("json_object_field_text", "->>", .json, .text),
    ("json_array_element", "->", .json, .int4),
    ("json_array_element_text", "->>", .json, .int4),
].compactMap { name, symbol, left, right in
    let op = jsonOperators.first { $0.symbol == symbol && $0.left == left && $0.right == right }
    guard let op else { return nil }
    // pg_proc names the field and element accessors' parameters.
    let names =
        name.hasSuffix("_field") || name.hasSuffix("_field_text")
        ? ["from_json", "field_name"]
        : name.contains("array_element") ? ["from_json", "element_index"] : []
    return makeFunction(name, [left, right], op.returnType, names: names) {
        try op.implementation($0[0], $0[1])
    }
}
