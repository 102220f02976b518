// Which joins run as hash joins: those whose condition has at least one
// equality between an expression of the left side alone and one of the
// right side alone, of types whose SQL equality is the values' own
// (integers of any width, text and varchar, dates, timestamps, booleans,
// uuids). The other conjuncts stay as a residual condition over the
// joined row; a join without such an equality stays a nested loop.
import SQLParser

extension Executor {
    /// The hash keys and the residual of a JOIN ... ON condition, nil
    /// when no conjunct is a usable equality. `compiled` is the whole
    /// condition over the joined row: when anything besides the keys is
    /// left, it is checked whole on each pair the keys match (compiling
    /// the rest alone would plan its subqueries a second time).
    func hashJoinKeys(
        _ condition: Expr, compiled: CompiledExpr, left: QueryScope, right: QueryScope
    ) -> (keys: [HashJoinKeyPair], residual: CompiledExpr?)? {
        let (keys, rest) = equalityKeys(condition, left: left, right: right)
        guard !keys.isEmpty else { return nil }
        return (keys, rest == 0 ? nil : compiled)
    }

    /// Hash keys from the WHERE clause for a comma-separated FROM item
    /// `right` after the items in `left`, nil when there are none. The
    /// whole WHERE clause still filters the joined rows afterwards.
    func hashJoinKeys(where clause: Expr, left: QueryScope, right: QueryScope)
        -> [HashJoinKeyPair]?
    {
        let keys = equalityKeys(clause, left: left, right: right).keys
        return keys.isEmpty ? nil : keys
    }

    /// The conjuncts of `e` usable as hash keys between the two sides,
    /// and how many other conjuncts there are.
    private func equalityKeys(_ e: Expr, left: QueryScope, right: QueryScope)
        -> (keys: [HashJoinKeyPair], rest: Int)
    {
        var conjuncts: [Expr] = []
        Self.flattenConjunction(e, into: &conjuncts)
        let leftAlone = detached(left)
        let rightAlone = detached(right)
        var keys: [HashJoinKeyPair] = []
        var rest = 0
        for c in conjuncts {
            if let pair = hashKeyPair(c, leftAlone, rightAlone) {
                keys.append(pair)
            } else {
                rest += 1
            }
        }
        return (keys, rest)
    }

    /// Key pairs for JOIN USING's columns, nil when a pair's types do not
    /// allow hashing. `right` columns' slots count from the joined row.
    func hashJoinKeys(using pairs: [(ScopeColumn, ScopeColumn)], leftWidth: Int)
        -> [HashJoinKeyPair]?
    {
        var keys: [HashJoinKeyPair] = []
        for (l, r) in pairs {
            guard Self.hashable(l.type, r.type) else { return nil }
            let (ls, rs) = (l.slot, r.slot - leftWidth)
            keys.append(
                HashJoinKeyPair(
                    left: CompiledExpr(type: l.type) { row, _ in row[ls] },
                    right: CompiledExpr(type: r.type) { row, _ in row[rs] }))
        }
        return keys.isEmpty ? nil : keys
    }

    /// A copy of `scope` without its enclosing levels, so an expression
    /// that resolves in it reads this side of the join only.
    private func detached(_ scope: QueryScope) -> QueryScope {
        let alone = QueryScope(parent: nil, parameters: parameters)
        alone.absorb(scope)
        return alone
    }

    private static func flattenConjunction(_ e: Expr, into out: inout [Expr]) {
        switch e.kind {
        case .and(let a, let b):
            flattenConjunction(a, into: &out)
            flattenConjunction(b, into: &out)
        case .paren(let inner):
            if case .and = inner.kind {
                flattenConjunction(inner, into: &out)
            } else {
                out.append(e)
            }
        default:
            out.append(e)
        }
    }

    /// `a = b` with `a` over one side and `b` over the other.
    private func hashKeyPair(_ e: Expr, _ left: QueryScope, _ right: QueryScope)
        -> HashJoinKeyPair?
    {
        var e = e
        while case .paren(let inner) = e.kind { e = inner }
        guard case .binary("=", let a, let b) = e.kind,
            Self.isPlainOperand(a), Self.isPlainOperand(b)
        else { return nil }
        if let pair = keyPair(a, b, left, right) { return pair }
        if let pair = keyPair(b, a, left, right) {
            return pair
        }
        return nil
    }

    private func keyPair(_ a: Expr, _ b: Expr, _ left: QueryScope, _ right: QueryScope)
        -> HashJoinKeyPair?
    {
        guard let l = try? analyzer(left).compile(a), let r = try? analyzer(right).compile(b),
            Self.hashable(l.type, r.type)
        else { return nil }
        return HashJoinKeyPair(left: l, right: r)
    }

    /// Column references, possibly cast, which read their side and
    /// nothing else (no subqueries, functions or outer references).
    private static func isPlainOperand(_ e: Expr) -> Bool {
        switch e.kind {
        case .columnRef(let parts): return parts.last != "*"
        case .cast(let inner, _, _), .paren(let inner): return isPlainOperand(inner)
        default: return false
        }
    }

    /// True when `=` between the two types is equality of the values as
    /// the hash table compares them.
    private static func hashable(_ a: PGType, _ b: PGType) -> Bool {
        let integers: Set<Int32> = [PGType.int2.oid, PGType.int4.oid, PGType.int8.oid]
        let texts: Set<Int32> = [PGType.text.oid, PGType.varchar.oid]
        let exact: Set<Int32> = [
            PGType.date.oid, PGType.timestamp.oid, PGType.timestamptz.oid, PGType.bool.oid,
            PGType.uuid.oid,
        ]
        if integers.contains(a.oid) && integers.contains(b.oid) { return true }
        if texts.contains(a.oid) && texts.contains(b.oid) { return true }
        return a.oid == b.oid && exact.contains(a.oid)
    }
}
