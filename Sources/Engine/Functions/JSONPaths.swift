// Navigation and editing of jsonb trees by key, index and text[] path:
// the work behind ->, #>, -, #-, jsonb_set and jsonb_insert, with
// PostgreSQL's errors for paths that cannot apply.

extension JSONText.Node {
    /// `-> key`: the value of an object's key.
    func field(_ key: String) -> JSONText.Node? {
        guard case .object(let pairs) = self else { return nil }
        return JSONText.lookup(pairs, key)
    }

    /// `-> n`: an array element, negative counting from the end.
    func element(_ n: Int) -> JSONText.Node? {
        guard case .array(let items) = self else { return nil }
        let i = n < 0 ? items.count + n : n
        return items.indices.contains(i) ? items[i] : nil
    }

    /// `#> path`: NULL (nil) when a step is missing or NULL.
    func extract(_ path: [String?]) -> JSONText.Node? {
        var node = self
        for step in path {
            guard let step else { return nil }
            switch node {
            case .object:
                guard let next = node.field(step) else { return nil }
                node = next
            case .array:
                guard let n = pathIndex(step), let next = node.element(n) else { return nil }
                node = next
            default: return nil
            }
        }
        return node
    }

    /// jsonb's `->>` text: strings unquoted, null as SQL NULL.
    var sqlText: Value {
        switch self {
        case .null: return .null
        case .string(let s): return .text(s)
        default: return .text(JSONText.render(self))
        }
    }

    var typeName: String {
        switch self {
        case .null: return "null"
        case .bool: return "boolean"
        case .number: return "number"
        case .string: return "string"
        case .array: return "array"
        case .object: return "object"
        }
    }

    var isScalar: Bool {
        switch self {
        case .array, .object: return false
        default: return true
        }
    }
}

/// A path step as an array index (strtol over the whole text).
func pathIndex(_ step: String) -> Int? {
    guard let n = Int32(step) else { return nil }
    return Int(n)
}

/// The text[] elements of a path argument (NULL elements as nil).
func pathSteps(_ v: Value) -> [String?] {
    guard case .array(let a) = v else { return [] }
    return a.elements.map { if case .text(let s) = $0 { return s } else { return nil } }
}

func invalidJSONParameter(_ message: String, hint: String? = nil) -> SQLError {
    SQLError(SQLState.invalidParameterValue, message, hint: hint)
}

/// How setPath edits the place a path names.
enum JSONPathEdit {
    /// jsonb_set: replace, or add when `create` and missing.
    case set(JSONText.Node, create: Bool)
    /// jsonb_insert: add before (or after) the element.
    case insert(JSONText.Node, after: Bool)
    /// #-: remove.
    case delete
}

/// setPath: `node` with the place `path[level...]` names edited.
func editPath(
    _ node: JSONText.Node, _ path: [String?], level: Int, _ edit: JSONPathEdit
) throws -> JSONText.Node {
    guard let step = path[level] else {
        throw SQLError(
            SQLState.nullValueNotAllowed, "path element at position \(level + 1) is null")
    }
    let last = level == path.count - 1
    switch node {
    case .object(var pairs):
        if let at = pairs.firstIndex(where: { $0.0.utf8.elementsEqual(step.utf8) }) {
            if !last {
                pairs[at].1 = try editPath(pairs[at].1, path, level: level + 1, edit)
                return .object(pairs)
            }
            switch edit {
            case .set(let value, _): pairs[at].1 = value
            case .insert:
                throw invalidJSONParameter(
                    "cannot replace existing key",
                    hint: "Try using the function jsonb_set to replace key value.")
            case .delete: pairs.remove(at: at)
            }
            return .object(pairs)
        }
        guard last else { return node }
        switch edit {
        case .set(let value, create: true), .insert(let value, _):
            return .object(JSONText.sortedPairs(pairs + [(step, value)]))
        default: return node
        }
    case .array(var items):
        guard let n = pathIndex(step) else {
            throw SQLError(
                SQLState.invalidTextRepresentation,
                "path element at position \(level + 1) is not an integer: \"\(step)\"")
        }
        let i = n < 0 ? items.count + n : n
        if !last {
            guard items.indices.contains(i) else { return node }
            items[i] = try editPath(items[i], path, level: level + 1, edit)
            return .array(items)
        }
        return .array(editArray(items, at: i, edit))
    default:
        return node
    }
}

/// The last step of a path into an array: index `i` may be out of range
/// (before the start or past the end), where set and insert add.
private func editArray(
    _ items: [JSONText.Node], at i: Int, _ edit: JSONPathEdit
) -> [JSONText.Node] {
    var items = items
    let inRange = items.indices.contains(i)
    switch edit {
    case .delete:
        if inRange { items.remove(at: i) }
    case .set(let value, let create):
        if inRange {
            items[i] = value
        } else if create {
            items.insert(value, at: i < 0 ? 0 : items.count)
        }
    case .insert(let value, let after):
        if inRange {
            items.insert(value, at: after ? i + 1 : i)
        } else {
            items.insert(value, at: i < 0 ? 0 : items.count)
        }
    }
    return items
}
