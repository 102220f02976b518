// Which Citus tables a FROM clause joins and whether the joins keep each
// shard's rows together: distributed tables colocated and equated on
// their distribution columns (in ON clauses or WHERE), reference tables
// anywhere. Such a query runs shard by shard; any other join of two
// distributed tables needs rows moved between workers (a repartition).
import Engine
import SQLParser

/// A Citus table referenced in FROM.
struct FromTable {
    /// The alias, or the table's name, by which columns are qualified.
    var reference: String
    var record: DistributedTableRecord
    /// The table's live column names.
    var columns: Set<String>
}

extension CitusLibrary {
    /// The Citus tables of `from`, through joins; nil when it names
    /// anything else (local tables, subqueries, functions).
    func fromTables(_ from: [TableRef], _ context: StatementContext) -> [FromTable]? {
        var tables: [FromTable] = []
        func walk(_ ref: TableRef) -> Bool {
            switch ref {
            case .table(let name, let alias, _):
                // A distributed subplan's result is on every node, as a
                // reference table's rows are.
                if isIntermediateResult(name) { return true }
                guard let record = citusTable(name, context),
                    let table = context.catalog.table(record.relation)
                else { return false }
                tables.append(
                    FromTable(
                        reference: alias?.name ?? name.name, record: record,
                        columns: Set(table.liveColumns.map { table.columns[$0].name })))
                return true
            case .join(let join):
                return walk(join.left) && walk(join.right)
            case .subquery, .function:
                return false
            }
        }
        return from.allSatisfy(walk) ? tables : nil
    }

    /// The ON conditions of `from`'s joins and the WHERE clause, split
    /// into their top-level conjuncts.
    func joinConditions(_ from: [TableRef], whereClause: Expr?) -> [Expr] {
        var found: [Expr] = whereClause.map { conjuncts($0) } ?? []
        func walk(_ ref: TableRef) {
            guard case .join(let join) = ref else { return }
            switch join.condition {
            case .on(let e): found += conjuncts(e)
            case .using(let columns): found += usingEqualities(join, columns)
            case .none, .natural: break
            }
            walk(join.left)
            walk(join.right)
        }
        from.forEach(walk)
        return found
    }

    /// `JOIN .. USING (c)` as equalities of `c` between each table of the
    /// left side and each of the right (PostgreSQL allows `c` in one table
    /// per side, so the pairs without it equate nothing).
    private func usingEqualities(_ join: JoinExpr, _ columns: [String]) -> [Expr] {
        func references(_ ref: TableRef) -> [String] {
            switch ref {
            case .table(let name, let alias, _): return [alias?.name ?? name.name]
            case .join(let inner):
                if let alias = inner.alias { return [alias.name] }
                return references(inner.left) + references(inner.right)
            case .subquery(_, let alias, _), .function(_, let alias, _, _, _):
                return alias.map { [$0.name] } ?? []
            }
        }
        var equalities: [Expr] = []
        for column in columns {
            for left in references(join.left) {
                for right in references(join.right) {
                    equalities.append(
                        Expr(
                            .binary(
                                op: "=", Expr(.columnRef([left, column])),
                                Expr(.columnRef([right, column])))))
                }
            }
        }
        return equalities
    }

    /// True when every distributed table is colocated with the others and
    /// equated with them, directly or through others, on the
    /// distribution columns.
    func joinedOnDistributionColumns(_ tables: [FromTable], _ conditions: [Expr]) -> Bool {
        let hashed = tables.indices.filter { tables[$0].record.method == .hash }
        guard let first = hashed.first else { return true }
        guard
            hashed.allSatisfy({
                tables[$0].record.colocationID == tables[first].record.colocationID
            })
        else { return false }
        // Union-find over the distributed tables, joined by equalities.
        var parent = Array(tables.indices)
        func root(_ i: Int) -> Int { parent[i] == i ? i : root(parent[i]) }
        for condition in conditions {
            guard case .binary("=", let left, let right) = condition.kind,
                let a = distributionColumnOwner(left, tables),
                let b = distributionColumnOwner(right, tables)
            else { continue }
            parent[root(a)] = root(b)
        }
        return hashed.allSatisfy { root($0) == root(first) }
    }

    /// The index of the distributed table whose distribution column `e`
    /// names, if it names one.
    func distributionColumnOwner(_ e: Expr, _ tables: [FromTable]) -> Int? {
        var e = e
        while case .paren(let inner) = e.kind { e = inner }
        guard case .columnRef(let parts) = e.kind, let name = parts.last else { return nil }
        let owners = tables.indices.filter { index in
            let table = tables[index]
            guard table.record.method == .hash, table.record.column?.name == name else {
                return false
            }
            return parts.count == 1 ? true : parts[parts.count - 2] == table.reference
        }
        // An unqualified name must belong to one table only.
        if parts.count == 1 {
            let holders = tables.filter { $0.columns.contains(name) }
            guard holders.count == 1 else { return nil }
        }
        return owners.count == 1 ? owners[0] : nil
    }

    /// Top-level conjuncts of `e`.
    func conjuncts(_ e: Expr) -> [Expr] {
        switch e.kind {
        case .and(let a, let b): return conjuncts(a) + conjuncts(b)
        case .paren(let inner): return conjuncts(inner)
        default: return [e]
        }
    }
}
