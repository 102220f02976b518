// GROUP BY and ORDER BY items that name select-list entries: `GROUP BY 1`
// and `ORDER BY minute` stand for the expressions those entries compute.
import SQLParser

extension SimpleSelect {
    /// `e` with an ordinal or an output column name replaced by the
    /// select-list expression it names; any other expression unchanged.
    package func outputExpression(_ e: Expr) -> Expr {
        if case .literal(.integer(let text)) = e.kind, let n = Int(text), n >= 1,
            n <= targets.count
        {
            return targets[n - 1].expr
        }
        if case .columnRef(let parts) = e.kind, parts.count == 1,
            let target = targets.first(where: { $0.alias == parts[0] })
        {
            return target.expr
        }
        return e
    }
}
