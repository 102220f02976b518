// json and jsonb as the engine stores them: text. json keeps its input
// verbatim once json_in accepted it; jsonb keeps jsonb_out's normalised
// text (`{"a": 1, "b": [1, 2]}`: object keys sorted by length then bytes,
// the last of duplicate keys kept, numbers as numeric prints them).
// Operations parse the text into a `JSONText.Node` tree.

/// json/jsonb text helpers. The engine stores both types as text.
package enum JSONText {
    /// A parsed JSON value. In a jsonb tree objects hold unique keys in
    /// jsonb order and numbers hold numeric's output text.
    package indirect enum Node {
        case null
        case bool(Bool)
        case number(String)
        case string(String)
        case array([Node])
        case object([(String, Node)])
    }

    /// Checks `text` is valid JSON (json_in), returning it unchanged.
    package static func validate(_ text: String) throws -> String {
        var parser = JSONParser(text, jsonb: false)
        _ = try parser.document()
        return text
    }

    /// jsonb_in followed by jsonb_out.
    package static func normalize(_ text: String) throws -> String {
        render(try jsonb(text))
    }

    /// The jsonb tree of `text` (jsonb_in): duplicate keys merged, keys
    /// sorted, numbers normalised.
    package static func jsonb(_ text: String) throws -> Node {
        var parser = JSONParser(text, jsonb: true)
        return try parser.document()
    }

    /// The tree of json text, as written: duplicate keys kept in order,
    /// numbers as written.
    package static func parse(_ text: String) throws -> Node {
        var parser = JSONParser(text, jsonb: false)
        return try parser.document()
    }

    /// The jsonb tree of an already valid jsonb datum (the engine's own
    /// text); malformed text reads as JSON null.
    package static func stored(_ value: Value) -> Node {
        guard case .text(let s) = value else { return .null }
        var parser = JSONParser(s, jsonb: true, normalised: true)
        return (try? parser.document()) ?? .null
    }

    /// The jsonb form of a tree: objects sorted and deduplicated (the last
    /// duplicate wins), numbers as numeric prints them.
    package static func canonical(_ node: Node) -> Node {
        switch node {
        case .number(let n): return .number(Numeric(parsing: n)?.text ?? n)
        case .array(let items): return .array(items.map(canonical))
        case .object(let pairs): return .object(sortedPairs(pairs.map { ($0.0, canonical($0.1)) }))
        default: return node
        }
    }

    /// Object pairs in jsonb order, the last of duplicate keys kept.
    package static func sortedPairs(_ pairs: [(String, Node)]) -> [(String, Node)] {
        var index: [String: Int] = [:]
        var unique: [(String, Node)] = []
        unique.reserveCapacity(pairs.count)
        for (key, value) in pairs {
            if let at = index[key] {
                unique[at].1 = value
            } else {
                index[key] = unique.count
                unique.append((key, value))
            }
        }
        return unique.sorted { keyOrder($0.0, $1.0) }
    }

    /// jsonb's key order: shorter keys first, then bytewise.
    package static func keyOrder(_ a: String, _ b: String) -> Bool {
        let (x, y) = (a.utf8.count, b.utf8.count)
        return x != y ? x < y : compareBytes(a, b) < 0
    }
}
