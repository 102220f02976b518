// The query level an aggregate call belongs to, PostgreSQL's agglevelsup
// (parse_agg.c, check_agg_arguments): the lowest level that any column of
// its arguments comes from, so `max(e.amount)` in `SELECT (SELECT
// max(e.amount)) FROM e` aggregates the outer query's rows.
import SQLParser

extension Analyzer {
    /// Refuses an aggregate call whose arguments name only columns of
    /// enclosing query levels: PostgreSQL computes it at that outer level,
    /// which this planner does not do yet.
    ///
    /// Example: `max(e.amount)` in `SELECT (SELECT max(e.amount)) FROM e`
    /// names only the outer `e`, so PostgreSQL returns one row (the
    /// maximum); `max(e2.amount + e.amount)` with `e2` in the subquery's
    /// FROM belongs to the subquery and compiles as usual.
    func refuseOuterAggregate(_ call: Expr) throws {
        guard belongsToOuterLevel(call) else { return }
        // TODO(#6): plan the call in the enclosing level's grouping step and
        // read its result from that level's grouped row (agglevelsup > 0).
        throw SQLError.notSupported(
            "aggregate functions over columns of an outer query are not supported yet",
            position: position(of: call))
    }

    /// True when the columns `call`'s arguments, ORDER BY and FILTER name
    /// all come from enclosing levels (and there is at least one).
    private func belongsToOuterLevel(_ call: Expr) -> Bool {
        var references: [[String]] = []
        for child in ExprWalker.children(of: call) {
            ExprWalker.visit(child) { node in
                if case .columnRef(let parts) = node.kind, parts.last != "*" {
                    references.append(parts)
                }
                return true
            }
        }
        var outer = false
        for parts in references {
            if resolves(parts, in: scope) { return false }
            var level = scope?.parent
            while let current = level, !outer {
                outer = resolves(parts, in: current, fromSubquery: true)
                level = current.parent
            }
        }
        return outer
    }

    /// True when `level` has the column `parts` names; an error (an
    /// ambiguous name, an ungrouped column) also places it there.
    private func resolves(_ parts: [String], in level: ColumnScope?, fromSubquery: Bool = false)
        -> Bool
    {
        guard let level else { return false }
        do {
            let found =
                fromSubquery
                ? try level.resolveFromSubquery(parts, location: -1)
                : try level.resolveColumn(parts, location: -1)
            return found != nil
        } catch {
            return true
        }
    }
}
