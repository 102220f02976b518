// Joins: a nested loop over the materialised inner side for every join
// kind (inner, LEFT, RIGHT, FULL, CROSS), and LATERAL, which re-runs the
// inner side per outer row with that row visible as an outer reference;
// a hash join when the condition has equalities between the two sides
// (SelectPlanner+HashJoin.swift says which).
import SQLParser

/// Nested-loop join. The joined row is the left row then the right row.
final class NestedLoopJoinNode: PlanNode {
    let kind: JoinExpr.Kind
    let left: PlanNode
    let right: PlanNode
    let condition: CompiledExpr?
    let leftWidth: Int
    let rightWidth: Int
    /// The right side reads the left row as `outerRows.last`.
    let isLateral: Bool

    init(
        kind: JoinExpr.Kind, left: PlanNode, right: PlanNode, condition: CompiledExpr?,
        leftWidth: Int, rightWidth: Int, isLateral: Bool
    ) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
        self.leftWidth = leftWidth
        self.rightWidth = rightWidth
        self.isLateral = isLateral
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        let evaluate = condition?.evaluate
        let innerRows = isLateral ? [] : try right.collect(ctx)
        var rightMatched = [Bool](repeating: false, count: innerRows.count)
        let keepLeft = kind == .left || kind == .full
        let rightNulls = Row(repeating: .null, count: rightWidth)
        let proceed = try left.run(ctx) { l in
            let rows: [Row]
            if isLateral {
                ctx.outerRows.append(l)
                defer { ctx.outerRows.removeLast() }
                rows = try right.collect(ctx)
            } else {
                rows = innerRows
            }
            var matched = false
            for (i, r) in rows.enumerated() {
                let joined = l + r
                if let evaluate, !isTrue(try evaluate(joined, ctx)) { continue }
                matched = true
                if !isLateral { rightMatched[i] = true }
                if try !emit(joined) { return false }
            }
            if keepLeft && !matched {
                return try emit(l + rightNulls)
            }
            return true
        }
        guard proceed else { return false }
        return try emitUnmatchedInner(innerRows, rightMatched, kind: kind, leftWidth, emit)
    }
}

/// Hash join for joins whose condition has equalities between an
/// expression of the left side and one of the right: the right side is
/// hashed on its keys, each left row looks up its matches. Rows come out
/// in the order the nested loop gives (left rows in order, each one's
/// matches in right-side order), so a query without ORDER BY prints what
/// it printed before.
final class HashJoinNode: PlanNode {
    let kind: JoinExpr.Kind
    let left: PlanNode
    let right: PlanNode
    /// Key expressions over the left row and over the right row, pairwise
    /// compared with `=`.
    let leftKeys: [CompiledExpr]
    let rightKeys: [CompiledExpr]
    /// The rest of the join condition, over the joined row.
    let residual: CompiledExpr?
    let leftWidth: Int
    let rightWidth: Int

    init(
        kind: JoinExpr.Kind, left: PlanNode, right: PlanNode, keys: [HashJoinKeyPair],
        residual: CompiledExpr?, leftWidth: Int, rightWidth: Int
    ) {
        self.kind = kind
        self.left = left
        self.right = right
        self.leftKeys = keys.map(\.left)
        self.rightKeys = keys.map(\.right)
        self.residual = residual
        self.leftWidth = leftWidth
        self.rightWidth = rightWidth
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        let innerRows = try right.collect(ctx)
        let table = try HashJoinTable(innerRows, keys: rightKeys, ctx)
        let evaluate = residual?.evaluate
        var rightMatched = [Bool](repeating: false, count: innerRows.count)
        let keepLeft = kind == .left || kind == .full
        let rightNulls = Row(repeating: .null, count: rightWidth)
        // One buffer for the joined rows: a consumer that keeps a row
        // keeps its own copy (arrays are values), one that only reads it
        // costs no allocation per row.
        var joined = Row()
        joined.reserveCapacity(leftWidth + rightWidth)
        let proceed = try left.run(ctx) { l in
            var matched = false
            for i in try table.matches(leftKeys, l, ctx) {
                joined.removeAll(keepingCapacity: true)
                joined.append(contentsOf: l)
                joined.append(contentsOf: innerRows[Int(i)])
                if let evaluate, !isTrue(try evaluate(joined, ctx)) { continue }
                matched = true
                rightMatched[Int(i)] = true
                if try !emit(joined) { return false }
            }
            if keepLeft && !matched {
                return try emit(l + rightNulls)
            }
            return true
        }
        guard proceed else { return false }
        return try emitUnmatchedInner(innerRows, rightMatched, kind: kind, leftWidth, emit)
    }
}

/// One equality of a hash join's condition: its left and right operands.
struct HashJoinKeyPair {
    var left: CompiledExpr
    var right: CompiledExpr
}

/// The right rows by key, each key's rows in their order: a dictionary
/// from key to a run of `order`. Integers of every width hash as one
/// kind, so an int4 key finds an equal int8 key; other keys are values
/// whose equality is SQL's `=` for the types the planner lets through.
/// NULL keys match nothing.
struct HashJoinTable {
    private typealias Run = (start: Int32, count: Int32)
    private var integerRuns: [Int64: Run] = [:]
    private var generalRuns: [[Value]: Run] = [:]
    private var order: [Int32] = []
    private let singleInteger: Bool

    init(_ rows: [Row], keys: [CompiledExpr], _ ctx: ExecContext) throws {
        var rowKeys: [[Value]?] = []
        rowKeys.reserveCapacity(rows.count)
        for r in rows { rowKeys.append(try Self.key(keys, r, ctx)) }
        singleInteger =
            keys.count == 1
            && rowKeys.allSatisfy { k in
                guard let k else { return true }
                if case .int8 = k[0] { return true }
                return false
            }
        // Count each key's rows, then lay the runs out one after another.
        var counts: [Int32] = []
        var slotOfRow = [Int](repeating: -1, count: rows.count)
        var slots: [[Value]: Int] = [:]
        for (i, k) in rowKeys.enumerated() {
            guard let k else { continue }
            let slot: Int
            if let known = slots[k] {
                slot = known
            } else {
                slot = counts.count
                slots[k] = slot
                counts.append(0)
            }
            slotOfRow[i] = slot
            counts[slot] += 1
        }
        var starts = [Int32](repeating: 0, count: counts.count)
        var next: Int32 = 0
        for slot in counts.indices {
            starts[slot] = next
            next += counts[slot]
        }
        order = [Int32](repeating: 0, count: Int(next))
        var filled = [Int32](repeating: 0, count: counts.count)
        for (i, slot) in slotOfRow.enumerated() where slot >= 0 {
            order[Int(starts[slot] + filled[slot])] = Int32(i)
            filled[slot] += 1
        }
        for (k, slot) in slots {
            let run = (starts[slot], filled[slot])
            if singleInteger, case .int8(let x) = k[0] {
                integerRuns[x] = run
            } else {
                generalRuns[k] = run
            }
        }
    }

    /// The key of `row`, nil when a part is NULL.
    static func key(_ keys: [CompiledExpr], _ row: Row, _ ctx: ExecContext) throws -> [Value]? {
        var out: [Value] = []
        out.reserveCapacity(keys.count)
        for key in keys {
            guard let v = normalized(try key.value(row, ctx)) else { return nil }
            out.append(v)
        }
        return out
    }

    @inline(__always)
    private static func normalized(_ v: Value) -> Value? {
        switch v {
        case .null: return nil
        case .int2(let x): return .int8(Int64(x))
        case .int4(let x): return .int8(Int64(x))
        default: return v
        }
    }

    /// The right rows whose key equals row `i`'s key among column-wise
    /// key values.
    func matches(_ keys: [BatchValues], at i: Int) -> ArraySlice<Int32> {
        guard singleInteger else {
            var key: [Value] = []
            key.reserveCapacity(keys.count)
            for k in keys {
                guard let v = Self.normalized(k.value(at: i)) else { return [] }
                key.append(v)
            }
            return rows(generalRuns[key])
        }
        switch keys[0] {
        case .integers(let xs, let nulls, _):
            return rows(nulls?[i] == true ? nil : integerRuns[xs[i]])
        default:
            return rows(integerRun(keys[0].value(at: i)))
        }
    }

    /// The right rows whose key equals the key `keys` give `row`.
    @inline(__always)
    func matches(_ keys: [CompiledExpr], _ row: Row, _ ctx: ExecContext) throws
        -> ArraySlice<Int32>
    {
        if singleInteger { return rows(integerRun(try keys[0].value(row, ctx))) }
        guard let key = try Self.key(keys, row, ctx) else { return [] }
        return rows(generalRuns[key])
    }

    /// The run of an integer key of any width; nil for NULL.
    @inline(__always)
    private func integerRun(_ v: Value) -> Run? {
        switch v {
        case .int8(let x): return integerRuns[x]
        case .int4(let x): return integerRuns[Int64(x)]
        case .int2(let x): return integerRuns[Int64(x)]
        default: return nil
        }
    }

    /// The right rows of a run, in their order.
    @inline(__always)
    private func rows(_ run: Run?) -> ArraySlice<Int32> {
        guard let run else { return [] }
        return order[Int(run.start)..<Int(run.start + run.count)]
    }
}

/// The inner rows no outer row matched, NULL-extended on the left, as a
/// RIGHT or FULL join ends; true unless the consumer stopped.
private func emitUnmatchedInner(
    _ innerRows: [Row], _ matched: [Bool], kind: JoinExpr.Kind, _ leftWidth: Int,
    _ emit: (Row) throws -> Bool
) throws -> Bool {
    guard kind == .right || kind == .full else { return true }
    let leftNulls = Row(repeating: .null, count: leftWidth)
    for (i, r) in innerRows.enumerated() where !matched[i] {
        if try !emit(leftNulls + r) { return false }
    }
    return true
}
