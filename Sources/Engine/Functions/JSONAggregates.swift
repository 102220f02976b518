// json_agg, jsonb_agg, json_object_agg and jsonb_object_agg. States keep
// each input's JSON text, so a group of n rows costs O(n) to collect;
// jsonb_object_agg keeps one slot per distinct key (the last value wins)
// and sorts the keys once at the end.

let jsonAggregates: [BuiltinAggregate] = [
    BuiltinAggregate("jsonb_agg", [.anyElement], returns: .jsonb) { types in
        JSONArrayAggState(types.first ?? .text, jsonb: true)
    },
    BuiltinAggregate("json_agg", [.anyElement], returns: .json) { types in
        JSONArrayAggState(types.first ?? .text, jsonb: false)
    },
    BuiltinAggregate("jsonb_object_agg", [.any, .any], returns: .jsonb) { types in
        JSONObjectAggState(types, jsonb: true)
    },
    BuiltinAggregate("json_object_agg", [.any, .any], returns: .json) { types in
        JSONObjectAggState(types, jsonb: false)
    },
]

/// json_agg / jsonb_agg: every input (NULLs as null), in input order.
private final class JSONArrayAggState: AggregateState {
    let type: PGType
    let isJSONB: Bool
    var items: [String] = []
    var sawRows = false

    init(_ type: PGType, jsonb: Bool) {
        self.type = type
        self.isJSONB = jsonb
    }

    func add(value: Value) throws {
        sawRows = true
        if isJSONB {
            items.append(JSONText.render(try jsonbNode(value, type)))
        } else {
            items.append(try jsonText(value, type))
        }
    }

    func merge(_ other: AggregateState) throws {
        guard let o = other as? JSONArrayAggState else { return }
        sawRows = sawRows || o.sawRows
        items += o.items
    }

    func finish() throws -> Value {
        guard sawRows else { return .null }
        return .text("[" + items.joined(separator: ", ") + "]")
    }
}

/// json_object_agg / jsonb_object_agg over (key, value) rows.
private final class JSONObjectAggState: AggregateState {
    let types: [PGType]
    let isJSONB: Bool
    /// json: every pair in input order.
    var parts: [String] = []
    /// jsonb: the last value of each key.
    var values: [String: String] = [:]
    var sawRows = false

    init(_ types: [PGType], jsonb: Bool) {
        self.types = types
        self.isJSONB = jsonb
    }

    func add(value: Value) throws { try add([value, .null]) }

    func add(_ args: [Value]) throws {
        guard args.count == 2 else { return }
        guard !args[0].isNull else {
            throw invalidJSONParameter("field name must not be null")
        }
        sawRows = true
        let key = try jsonKeyText(args[0], types.first ?? .text)
        let type = types.count > 1 ? types[1] : .text
        if isJSONB {
            values[key] = JSONText.render(try jsonbNode(args[1], type))
        } else {
            parts.append(JSONText.quoted(key) + " : " + (try jsonText(args[1], type)))
        }
    }

    func merge(_ other: AggregateState) throws {
        guard let o = other as? JSONObjectAggState else { return }
        sawRows = sawRows || o.sawRows
        parts += o.parts
        values.merge(o.values) { _, new in new }
    }

    func finish() throws -> Value {
        guard sawRows else { return .null }
        guard isJSONB else { return .text("{ " + parts.joined(separator: ", ") + " }") }
        var out = "{"
        for (k, key) in values.keys.sorted(by: JSONText.keyOrder).enumerated() {
            if k > 0 { out += ", " }
            JSONText.writeString(key, to: &out)
            out += ": " + (values[key] ?? "null")
        }
        return .text(out + "}")
    }
}
