// Rewrites the table references of a query wherever they occur: in FROM
// and JOIN, in subqueries in FROM, in WITH queries, and in subqueries
// inside expressions. The planner uses it to find the tables a statement
// reads and to turn a query on distributed tables into shard queries.
import SQLParser

/// Replaces `name [alias]` table references by what `replace` returns
/// (nil keeps the reference).
struct TableRewriter {
    var replace: (_ name: QualifiedName, _ alias: Alias?, _ only: Bool) -> TableRef?
    /// Replaces column references (nil keeps them): the planner binds
    /// PL/pgSQL variables to their values this way.
    var column: ((_ parts: [String]) -> Expr?)?
    /// Replaces whole expressions before their parts are visited (nil
    /// keeps them and visits their parts).
    var node: ((Expr) -> Expr?)?

    init(
        column: ((_ parts: [String]) -> Expr?)? = nil, node: ((Expr) -> Expr?)? = nil,
        replace: @escaping (_ name: QualifiedName, _ alias: Alias?, _ only: Bool) -> TableRef?
    ) {
        self.column = column
        self.node = node
        self.replace = replace
    }

    /// The names of every table `query` reads.
    static func tables(in query: SelectStatement) -> [QualifiedName] {
        var found: [QualifiedName] = []
        let walker = TableRewriter { name, _, _ in
            found.append(name)
            return nil
        }
        _ = walker.query(query)
        return found
    }

    func query(_ q: SelectStatement) -> SelectStatement {
        var q = q
        if let with = q.with {
            q.with = WithClause(isRecursive: with.isRecursive, queries: with.queries.map(cte))
        }
        q.body = body(q.body)
        q.orderBy = q.orderBy.map(sort)
        q.limit = q.limit.map(expr)
        q.offset = q.offset.map(expr)
        return q
    }

    private func cte(_ c: CommonTableExpr) -> CommonTableExpr {
        var c = c
        if case .select(let q) = c.statement { c.statement = .select(query(q)) }
        return c
    }

    private func body(_ b: SelectBody) -> SelectBody {
        switch b {
        case .select(var s):
            s.targets = s.targets.map { ResultTarget(expr: expr($0.expr), alias: $0.alias) }
            s.from = s.from.map(table)
            s.whereClause = s.whereClause.map(expr)
            s.having = s.having.map(expr)
            s.groupBy = s.groupBy.map(grouping)
            if case .on(let exprs) = s.distinct { s.distinct = .on(exprs.map(expr)) }
            return .select(s)
        case .values(let rows):
            return .values(rows.map { $0.map(expr) })
        case .setOperation(let op, let all, let left, let right):
            return .setOperation(op, all: all, query(left), query(right))
        }
    }

    private func grouping(_ g: GroupingElement) -> GroupingElement {
        switch g {
        case .expr(let e): return .expr(expr(e))
        case .empty: return .empty
        case .rollup(let sets): return .rollup(sets.map { $0.map(expr) })
        case .cube(let sets): return .cube(sets.map { $0.map(expr) })
        case .groupingSets(let elements): return .groupingSets(elements.map(grouping))
        }
    }

    func table(_ t: TableRef) -> TableRef {
        switch t {
        case .table(let name, let alias, let only):
            return replace(name, alias, only) ?? t
        case .subquery(let q, let alias, let lateral):
            return .subquery(query(q), alias: alias, lateral: lateral)
        case .function(let call, let alias, let lateral, let ordinality, let location):
            return .function(
                function(call), alias: alias, lateral: lateral, withOrdinality: ordinality,
                location: location)
        case .join(var join):
            join.left = table(join.left)
            join.right = table(join.right)
            if case .on(let e) = join.condition { join.condition = .on(expr(e)) }
            return .join(join)
        }
    }

    private func sort(_ s: SortItem) -> SortItem {
        var s = s
        s.expr = expr(s.expr)
        return s
    }

    private func function(_ f: FunctionCall) -> FunctionCall {
        var f = f
        f.arguments = f.arguments.map { argument in
            var argument = argument
            argument.value = expr(argument.value)
            return argument
        }
        f.orderBy = f.orderBy.map(sort)
        f.withinGroup = f.withinGroup.map(sort)
        f.filter = f.filter.map(expr)
        return f
    }

    func expr(_ e: Expr) -> Expr {
        if let node, let replacement = node(e) { return replacement }
        return Expr(kind(e.kind), location: e.location)
    }

    private func kind(_ k: ExprKind) -> ExprKind {
        switch k {
        case .columnRef(let parts):
            return column?(parts)?.kind ?? k
        case .literal, .star, .parameter, .defaultValue:
            return k
        case .binary(let op, let a, let b): return .binary(op: op, expr(a), expr(b))
        case .unary(let op, let a): return .unary(op: op, expr(a))
        case .and(let a, let b): return .and(expr(a), expr(b))
        case .or(let a, let b): return .or(expr(a), expr(b))
        case .not(let a): return .not(expr(a))
        case .cast(let a, let type, let syntax): return .cast(expr(a), type, syntax)
        case .function(let f): return .function(function(f))
        case .caseWhen(var c):
            c.operand = c.operand.map(expr)
            c.branches = c.branches.map { branch in
                var branch = branch
                branch.condition = expr(branch.condition)
                branch.result = expr(branch.result)
                return branch
            }
            c.elseResult = c.elseResult.map(expr)
            return .caseWhen(c)
        case .between(let x, let low, let high, let negated, let symmetric):
            return .between(
                expr(x), low: expr(low), high: expr(high), negated: negated, symmetric: symmetric)
        case .inList(let x, let list, let negated):
            return .inList(expr(x), list.map(expr), negated: negated)
        case .inSubquery(let x, let q, let negated):
            return .inSubquery(expr(x), query(q), negated: negated)
        case .quantifiedSubquery(let op, let x, let quantifier, let q):
            return .quantifiedSubquery(op: op, expr(x), quantifier, query(q))
        case .quantifiedArray(let op, let x, let quantifier, let array):
            return .quantifiedArray(op: op, expr(x), quantifier, expr(array))
        case .exists(let q): return .exists(query(q))
        case .subquery(let q): return .subquery(query(q))
        case .arraySubquery(let q): return .arraySubquery(query(q))
        case .isNull(let x, let negated): return .isNull(expr(x), negated: negated)
        case .isBoolean(let x, let test, let negated):
            return .isBoolean(expr(x), test, negated: negated)
        case .isDistinctFrom(let a, let b, let negated):
            return .isDistinctFrom(expr(a), expr(b), negated: negated)
        case .like(let x, let pattern, let escape, let likeKind, let negated):
            return .like(
                expr(x), pattern: expr(pattern), escape: escape.map(expr), kind: likeKind,
                negated: negated)
        case .array(let elements): return .array(elements.map(expr))
        case .row(let elements, let explicit):
            return .row(elements.map(expr), explicitRow: explicit)
        case .subscripted(let x, let subscripts):
            return .subscripted(
                expr(x),
                subscripts.map {
                    Subscript(
                        lower: $0.lower.map(expr), upper: $0.upper.map(expr), isSlice: $0.isSlice)
                })
        case .fieldSelect(let x, let field): return .fieldSelect(expr(x), field)
        case .collate(let x, let collation): return .collate(expr(x), collation)
        case .atTimeZone(let x, let zone): return .atTimeZone(expr(x), expr(zone))
        case .paren(let x): return .paren(expr(x))
        }
    }
}
