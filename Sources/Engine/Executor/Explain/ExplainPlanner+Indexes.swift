// The btree indexes EXPLAIN's scans may use: the primary key's, those of
// UNIQUE constraints and those made by CREATE INDEX over plain columns.
// Expression indexes are never matched (no conjunct equates them) and a
// partial index that matches raises 0A000, as its use depends on whether
// the query implies its predicate.
import SQLParser

/// An index a scan may read, with what EXPLAIN needs of it.
struct ScanIndex {
    var name: String
    /// Physical key columns in key order.
    var keys: [Int]
    /// INCLUDE columns, which an index-only scan also returns.
    var include: [Int]
    var isUnique: Bool
    /// True for a partial index.
    var isPartial: Bool
}

/// An index with the conjuncts that equate its leading key columns.
struct ScanIndexMatch {
    var index: ScanIndex
    /// The equalities in key order.
    var conditions: [Expr]
    /// Positions of those conjuncts in the WHERE clause's list.
    var used: Set<Int>
}

extension ExplainPlanner {
    /// The indexes of `table` over plain columns, primary key first.
    func scanIndexes(_ table: TableDefinition) -> [ScanIndex] {
        var result: [ScanIndex] = []
        if let pk = table.primaryKey, let keys = pk.keyColumns {
            result.append(
                ScanIndex(name: pk.name, keys: keys, include: [], isUnique: true, isPartial: false))
        }
        for c in table.constraints {
            guard case .unique(let keys, _) = c.kind else { continue }
            result.append(
                ScanIndex(name: c.name, keys: keys, include: [], isUnique: true, isPartial: false))
        }
        for index in table.indexes {
            guard let keys = index.keyColumns else { continue }
            result.append(
                ScanIndex(
                    name: index.name, keys: keys, include: index.include,
                    isUnique: index.isUnique, isPartial: index.predicate != nil))
        }
        return result
    }

    /// Columns an index delivers in order (the first key column of the
    /// primary key and of each index made by CREATE INDEX), where an
    /// index scan competes with a Sort.
    func orderedLeadingColumns(_ table: TableDefinition) -> Set<Int> {
        var columns: Set<Int> = []
        if let first = table.primaryKey?.keyColumns?.first { columns.insert(first) }
        for index in table.indexes {
            if case .column(let c)? = index.keys.first { columns.insert(c) }
        }
        return columns
    }
}
