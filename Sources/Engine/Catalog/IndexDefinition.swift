// What the catalog records about an index made by CREATE INDEX (pg_index
// with its pg_class entry): the key columns or expressions with their
// order, INCLUDE columns, uniqueness and the partial-index predicate. The
// indexes behind PRIMARY KEY and UNIQUE constraints stay with their
// constraints (ConstraintDefinition).
import SQLParser

/// An index created by CREATE INDEX on one table.
package struct IndexDefinition {
    /// One key: a column (physical number) or an expression over columns.
    package enum Key {
        case column(Int)
        case expression(Expr)
    }

    package var name: String
    package var keys: [Key]
    /// Per key: DESC, and NULLS FIRST or LAST when it differs from the
    /// direction's default (nil: not written).
    package var options: [(descending: Bool, nullsFirst: Bool?)]
    /// INCLUDE columns (physical numbers), stored but not part of the key.
    package var include: [Int]
    package var isUnique: Bool
    package var nullsNotDistinct: Bool
    /// The WHERE clause of a partial index.
    package var predicate: Expr?
    /// The partitioned table's index this one is a partition of.
    package var parentIndex: String?

    /// The key's physical columns when every key is a plain column.
    package var keyColumns: [Int]? {
        var columns: [Int] = []
        for key in keys {
            guard case .column(let c) = key else { return nil }
            columns.append(c)
        }
        return columns
    }

    /// The columns of a full (not partial) index over plain columns: such
    /// an index is kept in storage, answers equality lookups and, when
    /// unique, is enforced.
    package var storedColumns: [Int]? {
        predicate == nil ? keyColumns : nil
    }

    /// True when the index reads physical column `column`.
    package func uses(_ column: Int, in table: TableDefinition) -> Bool {
        if include.contains(column) { return true }
        let name = table.columns[column].name
        for key in keys {
            switch key {
            case .column(let c): if c == column { return true }
            case .expression(let e): if IndexDefinition.mentions(e, column: name) { return true }
            }
        }
        return predicate.map { IndexDefinition.mentions($0, column: name) } ?? false
    }

    /// True when `e` refers to the column `column`.
    static func mentions(_ e: Expr, column: String) -> Bool {
        var found = false
        ExprWalker.visit(e) { node in
            if case .columnRef(let parts) = node.kind, parts.last == column { found = true }
            return !found
        }
        return found
    }
}

/// A unique key a row must not duplicate: a PRIMARY KEY or UNIQUE
/// constraint, or a unique index over columns.
package struct UniqueKey {
    /// The constraint's or index's name, as 23505 names it.
    package var name: String
    package var columns: [Int]
    package var nullsNotDistinct: Bool
    /// True for a constraint's index (23505 says "constraint" either way).
    package var isConstraint: Bool
}

extension TableDefinition {
    /// Every unique key of the table, constraints first, then unique
    /// indexes in creation order.
    package var uniqueKeys: [UniqueKey] {
        var keys: [UniqueKey] = []
        for c in constraints {
            switch c.kind {
            case .primaryKey(let columns):
                keys.append(
                    UniqueKey(
                        name: c.name, columns: columns, nullsNotDistinct: false, isConstraint: true)
                )
            case .unique(let columns, let nnd):
                keys.append(
                    UniqueKey(
                        name: c.name, columns: columns, nullsNotDistinct: nnd, isConstraint: true))
            case .check, .foreignKey:
                continue
            }
        }
        for index in indexes where index.isUnique {
            guard let columns = index.storedColumns else { continue }
            keys.append(
                UniqueKey(
                    name: index.name, columns: columns, nullsNotDistinct: index.nullsNotDistinct,
                    isConstraint: false))
        }
        return keys
    }
}

extension TableStorage {
    /// The storage index kept for `key`.
    package func index(for key: UniqueKey) -> UniqueIndex? {
        uniqueIndexes.first {
            $0.columns == key.columns && $0.nullsNotDistinct == key.nullsNotDistinct
        }
    }
}
