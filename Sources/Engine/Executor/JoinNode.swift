// Joins: a nested loop over the materialised inner side for every join
// kind (inner, LEFT, RIGHT, FULL, CROSS), and LATERAL, which re-runs the
// inner side per outer row with that row visible as an outer reference.
// TODO(#6): a hash join for equality conditions.
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
