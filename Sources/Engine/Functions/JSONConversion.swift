// Datums as JSON (datum_to_json and datum_to_jsonb): numbers stay numbers
// unless their text is not a JSON number (NaN, Infinity), booleans and
// NULL map to their JSON words, date and time values print in ISO 8601
// (`2024-01-02T03:04:05+00:00`), arrays become JSON arrays, json and jsonb
// embed as they are, and everything else becomes its text as a string.

/// The jsonb tree of a datum of type `type`.
func jsonbNode(_ v: Value, _ type: PGType) throws -> JSONText.Node {
    if case .null = v { return .null }
    switch type.oid {
    case PGType.jsonb.oid: return JSONText.stored(v)
    case PGType.json.oid:
        guard case .text(let s) = v else { return .null }
        return try JSONText.jsonb(s)
    default: break
    }
    switch v {
    case .bool(let b): return .bool(b)
    case .int2, .int4, .int8, .float4, .float8, .numeric:
        let text = formatValue(v, type: type)
        guard let n = Numeric(parsing: text), n.kind == .finite else { return .string(text) }
        return .number(n.text)
    case .array(let a):
        return try nestedArray(a) { try jsonbNode($0, a.elementType) }
    case .record:
        return try recordJSONB(v, type: type)
    default:
        return .string(jsonTimeText(v) ?? formatValue(v, type: type))
    }
}

/// The json text of a datum of type `type`.
func jsonText(_ v: Value, _ type: PGType) throws -> String {
    if case .null = v { return "null" }
    if type.oid == PGType.json.oid || type.oid == PGType.jsonb.oid {
        if case .text(let s) = v { return s }
    }
    switch v {
    case .bool(let b): return b ? "true" : "false"
    case .int2, .int4, .int8, .float4, .float8, .numeric:
        let text = formatValue(v, type: type)
        return isJSONNumber(text) ? text : JSONText.quoted(text)
    case .array(let a):
        return try arrayJSONText(a)
    case .record:
        return try recordJSON(v, type: type, pretty: false)
    default:
        return JSONText.quoted(jsonTimeText(v) ?? formatValue(v, type: type))
    }
}

/// array_to_json: `[1,2]`, nested per dimension, no spaces.
private func arrayJSONText(_ a: ArrayValue) throws -> String {
    let texts = try a.elements.map { try jsonText($0, a.elementType) }
    guard !a.dimensions.isEmpty else { return "[]" }
    var index = 0
    func level(_ d: Int) -> String {
        var parts: [String] = []
        for _ in 0..<a.dimensions[d] {
            if d == a.dimensions.count - 1 {
                parts.append(index < texts.count ? texts[index] : "null")
                index += 1
            } else {
                parts.append(level(d + 1))
            }
        }
        return "[" + parts.joined(separator: ",") + "]"
    }
    return level(0)
}

/// An array's elements as nested JSON arrays, one level per dimension.
private func nestedArray(
    _ a: ArrayValue, _ element: (Value) throws -> JSONText.Node
) throws -> JSONText.Node {
    let nodes = try a.elements.map(element)
    guard !a.dimensions.isEmpty else { return .array([]) }
    var index = 0
    func level(_ d: Int) -> JSONText.Node {
        var items: [JSONText.Node] = []
        for _ in 0..<a.dimensions[d] {
            if d == a.dimensions.count - 1 {
                items.append(index < nodes.count ? nodes[index] : .null)
                index += 1
            } else {
                items.append(level(d + 1))
            }
        }
        return .array(items)
    }
    return level(0)
}

/// Dates and timestamps in the ISO 8601 form JSON gets (XSD dates).
private func jsonTimeText(_ v: Value) -> String? {
    switch v {
    case .date(let d): return DateTime.formatDate(d)
    case .timestamp(let t):
        if DateTime.isInfinite(timestamp: t) { return DateTime.formatTimestamp(t) }
        return isoForm(DateTime.formatTimestamp(t))
    case .timestamptz(let t):
        if DateTime.isInfinite(timestamp: t) { return DateTime.formatTimestampTZ(t) }
        // XSD offsets always carry minutes: -04:00, +05:30, -04:56:02.
        let offset = SessionTimeZone.current.offset(atUTC: t)
        let local = isoForm(DateTime.formatTimestamp(t + offset * DateTime.microsecondsPerSecond))
        var zone = ZoneRules.offsetAbbreviation(offset)
        if offset % 3600 == 0 { zone += ":00" }
        guard local.hasSuffix(" BC") else { return local + zone }
        return String(local.dropLast(3)) + zone + " BC"
    default: return nil
    }
}

private func isoForm(_ text: String) -> String {
    guard let space = text.firstIndex(of: " ") else { return text }
    var out = text
    out.replaceSubrange(space...space, with: "T")
    return out
}

/// True when `text` is a JSON number (IsValidJsonNumber).
func isJSONNumber(_ text: String) -> Bool {
    guard !text.isEmpty else { return false }
    var parser = JSONParser(text, jsonb: false)
    guard case .number? = try? parser.document() else { return false }
    return true
}

/// The text a key becomes in a JSON object; arrays, records, json and
/// jsonb cannot be keys.
func jsonKeyText(_ v: Value, _ type: PGType) throws -> String {
    let notScalar =
        type.oid == PGType.json.oid || type.oid == PGType.jsonb.oid
        || type.elementType != nil
    switch v {
    case .array, .record:
        throw invalidJSONParameter("key value must be scalar, not array, composite, or json")
    case _ where notScalar:
        throw invalidJSONParameter("key value must be scalar, not array, composite, or json")
    case .text(let s): return s
    case .bool(let b): return b ? "true" : "false"
    default: return jsonTimeText(v) ?? formatValue(v, type: type)
    }
}
