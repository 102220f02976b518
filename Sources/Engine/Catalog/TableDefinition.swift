// What the catalog records about one table: its columns (pg_attribute),
// constraints (pg_constraint), partitioning (pg_partitioned_table and the
// partition bound of pg_class.relpartbound), and the storage holding its
// rows. A partitioned parent has no storage of its own.
import SQLParser

/// A relation's OID.
package typealias RelationID = Int32

/// One column of a table, as pg_attribute keeps it.
package struct ColumnDefinition {
    package var name: String
    package var type: PGType
    package var notNull: Bool
    /// The DEFAULT expression as written, compiled per statement.
    package var defaultExpr: Expr?
    /// Dropped columns keep their physical slot (attisdropped).
    package var isDropped: Bool = false

    /// A live column.
    package init(name: String, type: PGType, notNull: Bool = false, defaultExpr: Expr? = nil) {
        self.name = name
        self.type = type
        self.notNull = notNull
        self.defaultExpr = defaultExpr
    }
}

/// A table constraint. Columns are physical column numbers (0-based).
package struct ConstraintDefinition {
    package enum Kind {
        case primaryKey([Int])
        case unique([Int], nullsNotDistinct: Bool)
        case check(Expr)
    }
    package var name: String
    package var kind: Kind

    /// The key columns of a primary key or unique constraint.
    package var keyColumns: [Int]? {
        switch kind {
        case .primaryKey(let c), .unique(let c, _): return c
        case .check: return nil
        }
    }
}

/// A partitioned table's key: PARTITION BY strategy (columns).
package struct PartitionKey {
    package var strategy: PartitionSpec.Strategy
    /// Physical column numbers of the key.
    package var columns: [Int]
}

/// One side of a range bound: MINVALUE, a value, or MAXVALUE.
package enum RangeDatum {
    case minValue
    case value(Value)
    case maxValue
}

/// A partition's bound with constant values of the key's types.
package enum ResolvedBound {
    case range(from: [RangeDatum], to: [RangeDatum])
    /// Listed values; NULL may be among them.
    case list([Value])
    case hash(modulus: Int, remainder: Int)
    case `default`
}

/// A table as the catalog knows it.
package struct TableDefinition {
    package var oid: RelationID
    package var schema: String
    package var name: String
    package var columns: [ColumnDefinition]
    package var constraints: [ConstraintDefinition] = []
    /// Indexes made by CREATE INDEX, in creation order.
    package var indexes: [IndexDefinition] = []
    /// Set for a partitioned (parent) table.
    package var partitionKey: PartitionKey?
    /// Partitions of a partitioned table, in creation order.
    package var partitions: [RelationID] = []
    /// The parent and bound of a partition.
    package var parent: RelationID?
    package var bound: ResolvedBound?
    /// nil for a partitioned table, which stores no rows itself.
    package var storage: TableStorage?

    /// True for a partitioned table.
    package var isPartitioned: Bool { partitionKey != nil }

    /// Index (physical column number) of the live column `name`.
    package func columnIndex(_ name: String) -> Int? {
        columns.firstIndex { $0.name == name && !$0.isDropped }
    }

    /// Physical numbers of the live columns, in order.
    package var liveColumns: [Int] {
        columns.indices.filter { !columns[$0].isDropped }
    }

    /// The primary key, if any.
    package var primaryKey: ConstraintDefinition? {
        constraints.first { if case .primaryKey = $0.kind { return true } else { return false } }
    }

    /// Check constraints in the order PostgreSQL evaluates them (by name).
    package var checkConstraints: [(name: String, expr: Expr)] {
        constraints.compactMap { c -> (name: String, expr: Expr)? in
            if case .check(let e) = c.kind { return (c.name, e) }
            return nil
        }
        .sorted { $0.name.utf8.lexicographicallyPrecedes($1.name.utf8) }
    }
}
