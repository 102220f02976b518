// jsonb subscripting, `doc['a'][0]`: each subscript is an integer or a
// text (unknown literals are text), and the whole chain reads like the
// path operator #> (NULL where a step is missing).
import SQLParser

extension Analyzer {
    /// `jsonb[sub]...` as a read.
    func analyseJSONBSubscript(_ base: Operand, _ subscripts: [Subscript]) throws -> Operand {
        var steps: [Operand] = []
        for item in subscripts {
            guard !item.isSlice, let expr = item.upper ?? item.lower else {
                let at = item.upper?.location ?? item.lower?.location
                throw SQLError(
                    SQLState.datatypeMismatch, "jsonb subscript does not support slices",
                    position: at.map { $0 + 1 })
            }
            steps.append(try jsonbSubscript(expr))
        }
        let baseEval = base.evaluate
        let stepEvals = steps.map(\.evaluate)
        let result = Operand(type: .jsonb) { row, ctx in
            let doc = try baseEval(row, ctx)
            if doc.isNull { return .null }
            var path: [String?] = []
            for step in stepEvals {
                switch try step(row, ctx) {
                case .text(let s): path.append(s)
                case .int4(let i): path.append(String(i))
                default: return .null
                }
            }
            guard let node = JSONText.stored(doc).extract(path) else { return .null }
            return .text(JSONText.render(node))
        }
        return try fold(result, inputs: [base] + steps)
    }

    /// One subscript coerced to the single type, integer or text, it can
    /// become implicitly.
    private func jsonbSubscript(_ expr: Expr) throws -> Operand {
        let operand = try analyse(expr)
        if operand.isUnknown {
            return try coerce(operand, to: .text, context: .implicit, location: expr.location)
        }
        let targets = [PGType.int4, .text].filter {
            canCoerce(operand.type, to: $0, context: .implicit)
        }
        guard targets.count == 1, let target = targets.first else {
            let hint =
                targets.isEmpty
                ? "jsonb subscript must be coercible to either integer or text."
                : "jsonb subscript must be coercible to only one type, integer or text."
            throw SQLError(
                SQLState.datatypeMismatch,
                "subscript type \(formatType(operand.type)) is not supported", hint: hint,
                position: expr.location + 1)
        }
        return try coerce(operand, to: target, context: .implicit, location: expr.location)
    }
}

extension Analyzer {
    /// `SET doc['a'][0] = value`: the column's jsonb with the path set,
    /// missing containers created (objects for text steps, arrays padded
    /// with nulls for integer ones), a NULL column starting empty.
    func compileJSONBAssignment(
        column: String, _ subscripts: [Subscript], value: Expr, location: Int
    ) throws -> CompiledExpr {
        var steps: [Operand] = []
        for item in subscripts {
            guard !item.isSlice, let expr = item.upper ?? item.lower else {
                let at = item.upper?.location ?? item.lower?.location
                throw SQLError(
                    SQLState.datatypeMismatch, "jsonb subscript does not support slices",
                    position: at.map { $0 + 1 })
            }
            steps.append(try jsonbSubscript(expr))
        }
        let current = try analyse(Expr(.columnRef([column]), location: location))
        let operand = try analyse(value)
        guard
            let replacement = try coerceIfPossible(
                operand, to: .jsonb, context: .assignment, location: value.location)
        else {
            throw SQLError(
                SQLState.datatypeMismatch,
                "subscripted assignment to \"\(column)\" requires type jsonb but expression is "
                    + "of type \(formatType(operand.type))",
                hint: "You will need to rewrite or cast the expression.",
                position: location + 1)
        }
        let startsArray = steps.first?.type == .int4
        let (currentEval, valueEval) = (current.evaluate, replacement.evaluate)
        let stepEvals = steps.map(\.evaluate)
        return CompiledExpr(type: .jsonb) { row, ctx in
            var path: [String] = []
            for step in stepEvals {
                switch try step(row, ctx) {
                case .text(let s): path.append(s)
                case .int4(let i): path.append(String(i))
                default:
                    throw SQLError(
                        SQLState.nullValueNotAllowed,
                        "jsonb subscript in assignment must not be null")
                }
            }
            let doc = try currentEval(row, ctx)
            let root: JSONText.Node =
                doc.isNull ? (startsArray ? .array([]) : .object([])) : JSONText.stored(doc)
            let newValue = try valueEval(row, ctx)
            let node = newValue.isNull ? JSONText.Node.null : JSONText.stored(newValue)
            return .text(JSONText.render(try assignPath(root, path, level: 0, node)))
        }
    }
}

private func scalarInPath() -> SQLError {
    SQLError(
        SQLState.invalidParameterValue, "cannot replace existing key",
        detail: "The path assumes key is a composite object, but it is a scalar value.")
}

/// setPath for subscripted assignment: creates and pads as it goes.
private func assignPath(
    _ node: JSONText.Node, _ path: [String], level: Int, _ value: JSONText.Node
) throws -> JSONText.Node {
    let step = path[level]
    let last = level == path.count - 1
    switch node {
    case .object(var pairs):
        if let at = pairs.firstIndex(where: { $0.0.utf8.elementsEqual(step.utf8) }) {
            pairs[at].1 = last ? value : try descend(pairs[at].1, path, level, value)
            return .object(pairs)
        }
        let added = last ? value : created(path, from: level + 1, value)
        return .object(JSONText.sortedPairs(pairs + [(step, added)]))
    case .array(var items):
        guard let n = pathIndex(step) else {
            throw SQLError(
                SQLState.invalidTextRepresentation,
                "path element at position \(level + 1) is not an integer: \"\(step)\"")
        }
        let i = n < 0 ? items.count + n : n
        guard i >= 0 else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "path element at position \(level + 1) is out of range: \(n)")
        }
        if i < items.count {
            items[i] = last ? value : try descend(items[i], path, level, value)
        } else {
            items += Array(repeating: .null, count: i - items.count)
            items.append(last ? value : created(path, from: level + 1, value))
        }
        return .array(items)
    default:
        throw scalarInPath()
    }
}

/// The next level down an existing value, which must be a container.
private func descend(
    _ node: JSONText.Node, _ path: [String], _ level: Int, _ value: JSONText.Node
) throws -> JSONText.Node {
    guard !node.isScalar else { throw scalarInPath() }
    return try assignPath(node, path, level: level + 1, value)
}

/// New containers for the missing rest of a path, `value` at its end.
private func created(_ path: [String], from level: Int, _ value: JSONText.Node) -> JSONText.Node {
    guard level < path.count else { return value }
    let inner = created(path, from: level + 1, value)
    guard let n = pathIndex(path[level]), n >= 0 else {
        return .object([(path[level], inner)])
    }
    return .array(Array(repeating: .null, count: n) + [inner])
}
