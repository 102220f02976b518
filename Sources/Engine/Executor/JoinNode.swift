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
        if kind == .right || kind == .full {
            let leftNulls = Row(repeating: .null, count: leftWidth)
            for (i, r) in innerRows.enumerated() where !rightMatched[i] {
                if try !emit(leftNulls + r) { return false }
            }
        }
        return true
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
        var table = HashJoinTable()
        for (i, r) in innerRows.enumerated() {
            if let key = try HashJoinTable.key(rightKeys, r, ctx) { table.insert(key, i) }
        }
        let evaluate = residual?.evaluate
        var rightMatched = [Bool](repeating: false, count: innerRows.count)
        let keepLeft = kind == .left || kind == .full
        let rightNulls = Row(repeating: .null, count: rightWidth)
        let proceed = try left.run(ctx) { l in
            var matched = false
            if let key = try HashJoinTable.key(leftKeys, l, ctx) {
                for i in table.matches(key) {
                    let joined = l + innerRows[i]
                    if let evaluate, !isTrue(try evaluate(joined, ctx)) { continue }
                    matched = true
                    rightMatched[i] = true
                    if try !emit(joined) { return false }
                }
            }
            if keepLeft && !matched {
                return try emit(l + rightNulls)
            }
            return true
        }
        guard proceed else { return false }
        if kind == .right || kind == .full {
            let leftNulls = Row(repeating: .null, count: leftWidth)
            for (i, r) in innerRows.enumerated() where !rightMatched[i] {
                if try !emit(leftNulls + r) { return false }
            }
        }
        return true
    }
}

/// One equality of a hash join's condition: its left and right operands.
struct HashJoinKeyPair {
    var left: CompiledExpr
    var right: CompiledExpr
}

/// The right rows by key. Integers of every width hash as one kind, so
/// an int4 key finds an equal int8 key; other keys are values whose
/// equality is SQL's `=` for the types the planner lets through.
private struct HashJoinTable {
    private var single: [Int64: [Int]] = [:]
    private var general: [[Value]: [Int]] = [:]

    /// The key of `row`, nil when a part is NULL (NULL matches nothing).
    static func key(_ keys: [CompiledExpr], _ row: Row, _ ctx: ExecContext) throws -> [Value]? {
        var out: [Value] = []
        out.reserveCapacity(keys.count)
        for key in keys {
            let v = try key.value(row, ctx)
            switch v {
            case .null: return nil
            case .int2(let x): out.append(.int8(Int64(x)))
            case .int4(let x): out.append(.int8(Int64(x)))
            default: out.append(v)
            }
        }
        return out
    }

    mutating func insert(_ key: [Value], _ index: Int) {
        if key.count == 1, case .int8(let x) = key[0] {
            single[x, default: []].append(index)
        } else {
            general[key, default: []].append(index)
        }
    }

    func matches(_ key: [Value]) -> [Int] {
        if key.count == 1, case .int8(let x) = key[0] { return single[x] ?? [] }
        return general[key] ?? []
    }
}
