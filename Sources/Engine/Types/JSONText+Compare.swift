// jsonb's btree order and containment. Order by type first (null <
// string < number < boolean < array < object), then arrays by length and
// elements, objects by pair count and then key, value, key, value in
// jsonb key order. A top-level scalar is an array of one element that
// sorts before a real array of one, so the empty array sorts before
// every scalar.

extension JSONText {
    /// compareJsonbContainers over two jsonb trees.
    package static func compare(_ a: Node, _ b: Node) -> Int {
        let (x, y) = (topLevel(a), topLevel(b))
        if x.isObject != y.isObject { return x.isObject ? 1 : -1 }
        if x.isObject { return compare(a, b, nested: true) }
        var result = 0
        if x.isScalar != y.isScalar { result = x.isScalar ? -1 : 1 }
        if x.count != y.count { result = x.count > y.count ? 1 : -1 }
        if result != 0 { return result }
        return compareSequences(x.items, y.items)
    }

    /// A top-level value as jsonb stores it: a scalar is a one-element
    /// "raw scalar" array.
    private static func topLevel(_ n: Node) -> (
        isObject: Bool, isScalar: Bool, count: Int, items: [Node]
    ) {
        switch n {
        case .object(let pairs): return (true, false, pairs.count, [])
        case .array(let items): return (false, false, items.count, items)
        default: return (false, true, 1, [n])
        }
    }

    private static func compareSequences(_ a: [Node], _ b: [Node]) -> Int {
        for (x, y) in zip(a, b) {
            let c = compare(x, y, nested: true)
            if c != 0 { return c }
        }
        return 0
    }

    /// The rank of a value's type in jsonb order.
    private static func rank(_ n: Node) -> Int {
        switch n {
        case .null: return 0
        case .string: return 1
        case .number: return 2
        case .bool: return 3
        case .array: return 4
        case .object: return 5
        }
    }

    private static func compare(_ a: Node, _ b: Node, nested: Bool) -> Int {
        switch (a, b) {
        case (.null, .null): return 0
        case (.string(let x), .string(let y)): return compareBytes(x, y)
        case (.number(let x), .number(let y)): return compareNumbers(x, y)
        case (.bool(let x), .bool(let y)): return x == y ? 0 : (x ? 1 : -1)
        case (.array(let x), .array(let y)):
            if x.count != y.count { return x.count > y.count ? 1 : -1 }
            return compareSequences(x, y)
        case (.object(let x), .object(let y)):
            if x.count != y.count { return x.count > y.count ? 1 : -1 }
            for (p, q) in zip(x, y) {
                let k = compareBytes(p.0, q.0)
                if k != 0 { return k }
                let v = compare(p.1, q.1, nested: true)
                if v != 0 { return v }
            }
            return 0
        default:
            return rank(a) > rank(b) ? 1 : -1
        }
    }

    private static func compareNumbers(_ x: String, _ y: String) -> Int {
        if let p = Int64(x), let q = Int64(y) { return p < q ? -1 : (p == q ? 0 : 1) }
        guard let p = Numeric(parsing: x), let q = Numeric(parsing: y) else {
            return compareBytes(x, y)
        }
        return p.compare(q)
    }

    /// The text two equal jsonb values share: numbers without trailing
    /// fractional zeros, so `{"n": 3}` and `{"n": 3.0}` group together.
    package static func groupingText(_ text: String) -> String {
        guard let node = try? jsonb(text) else { return text }
        return render(strippingScale(node))
    }

    private static func strippingScale(_ n: Node) -> Node {
        switch n {
        case .number(let s):
            guard let v = Numeric(parsing: s) else { return n }
            return .number(v.normalized.text)
        case .array(let items): return .array(items.map(strippingScale))
        case .object(let pairs): return .object(pairs.map { ($0.0, strippingScale($0.1)) })
        default: return n
        }
    }

    // MARK: - Containment

    /// JsonbDeepContains at the top level: `a @> b`.
    package static func contains(_ a: Node, _ b: Node) -> Bool {
        switch (a, b) {
        case (.object, .object), (.array, .array): return deepContains(a, b)
        case (.array(let items), _) where !isContainer(b):
            return items.contains { !isContainer($0) && compare($0, b, nested: true) == 0 }
        case (.object, _), (_, .object), (.array, _), (_, .array): return false
        default: return compare(a, b, nested: true) == 0
        }
    }

    private static func isContainer(_ n: Node) -> Bool {
        switch n {
        case .array, .object: return true
        default: return false
        }
    }

    private static func deepContains(_ a: Node, _ b: Node) -> Bool {
        switch (a, b) {
        case (.object(let have), .object(let want)):
            for (key, value) in want {
                guard let mine = lookup(have, key) else { return false }
                if isContainer(value) {
                    guard sameKind(mine, value), deepContains(mine, value) else { return false }
                } else if isContainer(mine) || compare(mine, value, nested: true) != 0 {
                    return false
                }
            }
            return true
        case (.array(let have), .array(let want)):
            for value in want {
                if isContainer(value) {
                    let found = have.contains { sameKind($0, value) && deepContains($0, value) }
                    if !found { return false }
                } else if !have.contains(where: {
                    !isContainer($0) && compare($0, value, nested: true) == 0
                }) {
                    return false
                }
            }
            return true
        default:
            return false
        }
    }

    private static func sameKind(_ a: Node, _ b: Node) -> Bool {
        switch (a, b) {
        case (.array, .array), (.object, .object): return true
        default: return false
        }
    }

    /// The value of `key` in sorted jsonb pairs (binary search).
    package static func lookup(_ pairs: [(String, Node)], _ key: String) -> Node? {
        var (low, high) = (0, pairs.count)
        while low < high {
            let mid = (low + high) / 2
            if pairs[mid].0 == key && pairs[mid].0.utf8.elementsEqual(key.utf8) {
                return pairs[mid].1
            }
            if keyOrder(pairs[mid].0, key) { low = mid + 1 } else { high = mid }
        }
        return nil
    }
}

/// The types a jsonb scalar casts to (jsonb_bool, jsonb_numeric, ...).
let jsonbScalarTargets: Set<Int32> = [
    PGType.bool.oid, PGType.numeric.oid, PGType.int2.oid, PGType.int4.oid, PGType.int8.oid,
    PGType.float4.oid, PGType.float8.oid,
]

extension JSONText {
    /// The boolean or numeric inside a jsonb scalar cast to `type`, or
    /// PostgreSQL's "cannot cast jsonb string to type integer".
    static func scalar(_ node: Node, castTo type: PGType) throws -> Value {
        switch node {
        case .bool(let b) where type.oid == PGType.bool.oid: return .bool(b)
        case .number(let n) where type.oid != PGType.bool.oid:
            if let value = Numeric(parsing: n) { return .numeric(value) }
        default: break
        }
        let kinds: [String: String] = ["number": "numeric", "boolean": "boolean"]
        let kind = kinds[node.kindName] ?? node.kindName
        throw SQLError(
            SQLState.invalidParameterValue,
            "cannot cast jsonb \(kind) to type \(formatType(type))")
    }
}

extension JSONText.Node {
    /// jsonb_typeof's name for the value's kind.
    var kindName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }
}
