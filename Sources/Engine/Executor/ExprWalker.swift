// A pre-order walk over expression trees that stays at one query level:
// subqueries are not entered, as their aggregates and columns belong to
// their own level.
import SQLParser

/// Visits expression nodes.
package enum ExprWalker {
    /// Calls `body` on `e` and, while it returns true, on its children.
    package static func visit(_ e: Expr, _ body: (Expr) -> Bool) {
        guard body(e) else { return }
        for child in children(of: e) {
            visit(child, body)
        }
    }

    /// The direct sub-expressions of `e` at the same query level.
    package static func children(of e: Expr) -> [Expr] {
        switch e.kind {
        case .literal, .columnRef, .star, .parameter, .defaultValue, .subquery, .exists,
            .arraySubquery:
            return []
        case .binary(_, let a, let b), .and(let a, let b), .or(let a, let b),
            .isDistinctFrom(let a, let b, _), .atTimeZone(let a, let b):
            return [a, b]
        case .unary(_, let a), .not(let a), .cast(let a, _, _), .isNull(let a, _),
            .isBoolean(let a, _, _), .fieldSelect(let a, _), .collate(let a, _), .paren(let a):
            return [a]
        case .function(let call):
            var list = call.arguments.map(\.value)
            list += call.orderBy.map(\.expr)
            list += call.withinGroup.map(\.expr)
            if let filter = call.filter { list.append(filter) }
            if let over = call.over { list += over.partitionBy + over.orderBy.map(\.expr) }
            return list
        case .caseWhen(let c):
            var list: [Expr] = c.operand.map { [$0] } ?? []
            for branch in c.branches { list += [branch.condition, branch.result] }
            if let e = c.elseResult { list.append(e) }
            return list
        case .between(let v, let lo, let hi, _, _):
            return [v, lo, hi]
        case .inList(let v, let list, _):
            return [v] + list
        case .inSubquery(let v, _, _), .quantifiedSubquery(_, let v, _, _):
            return [v]
        case .quantifiedArray(_, let v, _, let a):
            return [v, a]
        case .like(let v, let p, let esc, _, _):
            return [v, p] + (esc.map { [$0] } ?? [])
        case .array(let items), .row(let items, _):
            return items
        case .subscripted(let base, let subs):
            var list = [base]
            for s in subs {
                if let l = s.lower { list.append(l) }
                if let u = s.upper { list.append(u) }
            }
            return list
        }
    }
}
