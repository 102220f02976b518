// Joins: a nested loop over the materialised inner side for every join
// kind (inner, LEFT, RIGHT, FULL, CROSS), a hash join for equality
// conditions, and LATERAL, which re-runs the inner side per outer row
// with that row visible as an outer reference.
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

/// Hash join on equality keys (inner and LEFT joins), with any remaining
/// condition checked on each candidate pair.
final class HashJoinNode: PlanNode {
    let isLeftJoin: Bool
    let left: PlanNode
    let right: PlanNode
    /// Key expressions over the left row and over the right row.
    let leftKeys: [CompiledExpr]
    let rightKeys: [CompiledExpr]
    let residual: CompiledExpr?
    let rightWidth: Int

    init(
        isLeftJoin: Bool, left: PlanNode, right: PlanNode, leftKeys: [CompiledExpr],
        rightKeys: [CompiledExpr], residual: CompiledExpr?, rightWidth: Int
    ) {
        self.isLeftJoin = isLeftJoin
        self.left = left
        self.right = right
        self.leftKeys = leftKeys
        self.rightKeys = rightKeys
        self.residual = residual
        self.rightWidth = rightWidth
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        var table: [GroupingKey: [Row]] = [:]
        _ = try right.run(ctx) { r in
            let key = try rightKeys.map { try $0.evaluate(r, ctx) }
            if !key.contains(where: \.isNull) { table[GroupingKey(key), default: []].append(r) }
            return true
        }
        let rightNulls = Row(repeating: .null, count: rightWidth)
        let residualEvaluate = residual?.evaluate
        return try left.run(ctx) { l in
            let key = try leftKeys.map { try $0.evaluate(l, ctx) }
            var matched = false
            if !key.contains(where: \.isNull), let candidates = table[GroupingKey(key)] {
                for r in candidates {
                    let joined = l + r
                    if let residualEvaluate, !isTrue(try residualEvaluate(joined, ctx)) { continue }
                    matched = true
                    if try !emit(joined) { return false }
                }
            }
            if isLeftJoin && !matched { return try emit(l + rightNulls) }
            return true
        }
    }
}
