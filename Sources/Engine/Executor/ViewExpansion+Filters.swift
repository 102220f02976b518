// Comparisons of a catalog view's plain columns with values, copied into
// the view's own WHERE clause when the view is expanded, so they filter
// its rows before its select list runs. pg_views and
// information_schema.views call pg_get_viewdef for every row they
// return, and PostgreSQL pushes such quals into the subquery
// (subquery_push_qual) before the function ever sees the rows left out;
// here `WHERE schemaname = 'public'` must likewise keep the engine's own
// views, whose definitions cannot be printed, from reaching it. The outer
// WHERE still holds every comparison, so rows are the same either way.
import SQLParser

extension ViewExpander {
    /// `s` with the comparisons of its WHERE clause on the plain columns
    /// of its one FROM item, a view marked `filtersFirst`, copied into
    /// that view's query.
    func pushingFilters(_ s: SimpleSelect, into views: Set<String>) -> SimpleSelect {
        guard s.from.count == 1, let whereClause = s.whereClause,
            case .subquery(var inner, let alias?, false) = s.from[0],
            views.contains(alias.name), case .select(var body) = inner.body,
            body.targets.count == alias.columnNames.count
        else { return s }
        var columns: [String: Expr] = [:]
        for (name, target) in zip(alias.columnNames, body.targets) {
            if case .columnRef = target.expr.kind { columns[name] = target.expr }
        }
        var pushed: [Expr] = []
        for conjunct in Self.conjuncts(whereClause) {
            if let copy = Self.substituted(conjunct, columns, alias: alias.name) {
                pushed.append(copy)
            }
        }
        guard !pushed.isEmpty else { return s }
        for e in pushed {
            body.whereClause = body.whereClause.map { Expr(.and($0, e)) } ?? e
        }
        inner.body = .select(body)
        var result = s
        result.from = [.subquery(inner, alias: alias, lateral: false)]
        return result
    }

    private static func conjuncts(_ e: Expr) -> [Expr] {
        switch e.kind {
        case .and(let l, let r): return conjuncts(l) + conjuncts(r)
        case .paren(let inner): return conjuncts(inner)
        default: return [e]
        }
    }

    /// `column op value`, `column [NOT] IN (values)` or `column [NOT]
    /// LIKE value` with the column replaced by the view's expression for
    /// it; nil for any other shape.
    private static func substituted(_ e: Expr, _ columns: [String: Expr], alias: String)
        -> Expr?
    {
        func column(_ x: Expr) -> Expr? {
            guard case .columnRef(let parts) = x.kind, let name = parts.last,
                parts.count == 1 || (parts.count == 2 && parts[0] == alias)
            else { return nil }
            return columns[name]
        }
        switch e.kind {
        case .binary(let op, let l, let r):
            if let c = column(l), isValue(r) { return Expr(.binary(op: op, c, r)) }
            if let c = column(r), isValue(l) { return Expr(.binary(op: op, l, c)) }
        case .inList(let x, let list, let negated):
            if let c = column(x), list.allSatisfy(isValue) {
                return Expr(.inList(c, list, negated: negated))
            }
        case .like(let x, let pattern, let escape, let kind, let negated):
            if let c = column(x), isValue(pattern), escape.map(isValue) ?? true {
                return Expr(
                    .like(c, pattern: pattern, escape: escape, kind: kind, negated: negated))
            }
        default:
            break
        }
        return nil
    }

    /// True for an expression of constants only (no columns, subqueries
    /// or function calls).
    private static func isValue(_ e: Expr) -> Bool {
        var plain = true
        ExprWalker.visit(e) { node in
            switch node.kind {
            case .columnRef, .function, .subquery, .exists, .inSubquery, .quantifiedSubquery,
                .arraySubquery, .star:
                plain = false
            default:
                break
            }
            return plain
        }
        return plain
    }
}
