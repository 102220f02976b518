// WHERE clauses pushed into a table scan: the whole predicate runs inside
// the scan; comparisons of a column with a value known at scan start
// (constants, parameters, now() - interval '5 minutes') prune partitions
// and, when they fix every column of a unique index, turn the scan into an
// index lookup. The predicate is still evaluated on every row returned.
import SQLParser

/// Functions whose value changes per call, so they cannot drive pruning.
private let volatileFunctionNames: Set<String> = [
    "random", "clock_timestamp", "timeofday", "nextval", "setseed", "gen_random_uuid",
    "pg_sleep", "txid_current", "statement_timestamp",
]

extension Executor {
    /// Puts `predicate` into `scan` and picks pruning conditions or an
    /// index lookup from `whereClause`'s conjuncts.
    func pushDown(
        _ whereClause: Expr, _ predicate: CompiledExpr, into scan: SeqScanNode, scope: QueryScope
    ) throws -> PlanNode {
        scan.filter = predicate
        guard let entry = scope.entries.first, let table = entry.table else { return scan }
        let comparisons = columnComparisons(whereClause, scope: scope, entry: entry)
        if table.isPartitioned {
            scan.pruning = comparisons
            return scan
        }
        guard scan.targets.count == 1, let target = scan.targets.first else { return scan }
        for index in target.storage.uniqueIndexes {
            var keys: [CompiledExpr] = []
            for column in index.columns {
                guard
                    let match = comparisons.first(where: { $0.column == column && $0.op == .equal })
                else {
                    break
                }
                keys.append(match.value)
            }
            if keys.count == index.columns.count {
                return IndexScanNode(
                    session: session, target: target, index: index, keys: keys, filter: predicate)
            }
        }
        return scan
    }

    /// `column op value` conjuncts where value has no column of this level
    /// and matches the column's type exactly.
    func columnComparisons(_ whereClause: Expr, scope: QueryScope, entry: RangeEntry)
        -> [PruningCondition]
    {
        var result: [PruningCondition] = []
        for conjunct in conjuncts(whereClause) {
            guard case .binary(let op, let a, let b) = conjunct.kind else { continue }
            if let c = comparison(op, a, b, entry: entry) {
                result.append(c)
            } else if let mirrored = mirror(op), let c = comparison(mirrored, b, a, entry: entry) {
                result.append(c)
            }
        }
        return result
    }

    private func conjuncts(_ e: Expr) -> [Expr] {
        switch e.kind {
        case .and(let a, let b): return conjuncts(a) + conjuncts(b)
        case .paren(let inner): return conjuncts(inner)
        default: return [e]
        }
    }

    private func mirror(_ op: String) -> String? {
        switch op {
        case "=": return "="
        case "<": return ">"
        case "<=": return ">="
        case ">": return "<"
        case ">=": return "<="
        default: return nil
        }
    }

    private func comparison(_ op: String, _ columnSide: Expr, _ valueSide: Expr, entry: RangeEntry)
        -> PruningCondition?
    {
        let kind: PruningCondition.Op
        switch op {
        case "=": kind = .equal
        case "<": kind = .less
        case "<=": kind = .lessEqual
        case ">": kind = .greater
        case ">=": kind = .greaterEqual
        default: return nil
        }
        var column = columnSide
        while case .paren(let inner) = column.kind { column = inner }
        guard case .columnRef(let parts) = column.kind, parts.last != "*" else { return nil }
        if parts.count > 1 && parts[parts.count - 2] != entry.refName { return nil }
        guard let scoped = entry.column(parts[parts.count - 1]), let physical = scoped.physical
        else {
            return nil
        }
        guard isStableValue(valueSide) else { return nil }
        guard let value = try? compileValue(valueSide, columnType: scoped.type),
            let matched = Self.matchingColumnType(value, scoped.type)
        else {
            return nil
        }
        return PruningCondition(column: physical, op: kind, value: matched)
    }

    /// The value side of a comparison. An untyped string literal (also what
    /// a bound parameter without a type becomes) takes the column's type, as
    /// PostgreSQL resolves `column = 'literal'`; an invalid one is left to
    /// the predicate, which raises its error.
    private func compileValue(_ valueSide: Expr, columnType: PGType) throws -> CompiledExpr {
        var literal = valueSide
        while case .paren(let inner) = literal.kind { literal = inner }
        guard case .literal(.string) = literal.kind else {
            return try analyzer(nil).compile(valueSide)
        }
        return try analyzer(nil).compile(
            valueSide, as: columnType.withoutModifier, what: "a comparison")
    }

    /// `value` as a value of the column's type when the comparison means
    /// the same on stored values: the same type, an integer of a narrower
    /// width (widened: `bigint_pk = 42`), or text beside varchar.
    private static func matchingColumnType(_ value: CompiledExpr, _ type: PGType)
        -> CompiledExpr?
    {
        if value.type == type { return value }
        let widths: [Int32: Int] = [PGType.int2.oid: 2, PGType.int4.oid: 4, PGType.int8.oid: 8]
        if let from = widths[value.type.oid], let to = widths[type.oid], from < to {
            let evaluate = value.evaluate
            return CompiledExpr(type: type) { row, ctx in
                switch try evaluate(row, ctx) {
                case .int2(let x): return to == 8 ? .int8(Int64(x)) : .int4(Int32(x))
                case .int4(let x): return .int8(Int64(x))
                case let other: return other
                }
            }
        }
        let texts: Set<Int32> = [PGType.text.oid, PGType.varchar.oid]
        if texts.contains(value.type.oid) && texts.contains(type.oid) { return value }
        return nil
    }

    /// True when `e` calls no volatile function and has no subquery; a
    /// column reference is only accepted if it compiles without the
    /// query's tables (a PL/pgSQL variable).
    private func isStableValue(_ e: Expr) -> Bool {
        var stable = true
        ExprWalker.visit(e) { node in
            switch node.kind {
            case .subquery, .exists, .arraySubquery, .inSubquery, .quantifiedSubquery:
                stable = false
            case .function(let call) where volatileFunctionNames.contains(call.name.name):
                stable = false
            default:
                break
            }
            return stable
        }
        return stable
    }
}
