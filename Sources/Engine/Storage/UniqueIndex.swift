// A hash index over a table's key columns: it backs PRIMARY KEY and UNIQUE
// constraints (PostgreSQL uses a btree), ON CONFLICT arbitration and
// equality lookups. Keys compare as the types' equality does (numeric
// 1.0 = 1.00, through GroupingKey). Like a btree it points at every
// version with the key, dead ones included; readers check visibility.

/// Row versions by key. Keys holding NULL are not indexed unless the
/// constraint is NULLS NOT DISTINCT, since NULL never conflicts.
package final class UniqueIndex {
    /// Physical column numbers of the key, in key order.
    package let columns: [Int]
    package let nullsNotDistinct: Bool
    private var entries: [GroupingKey: [RowID]] = [:]

    /// An empty index over `columns`.
    package init(columns: [Int], nullsNotDistinct: Bool) {
        self.columns = columns
        self.nullsNotDistinct = nullsNotDistinct
    }

    /// The key of `row`, nil when it is not indexed (has a NULL).
    package func key(of row: Row) -> [Value]? {
        var key: [Value] = []
        key.reserveCapacity(columns.count)
        for c in columns {
            let v = c < row.count ? row[c] : .null
            if v.isNull && !nullsNotDistinct { return nil }
            key.append(v)
        }
        return key
    }

    /// Records that version `id` has `row`'s key.
    /// TODO(#6): jsonb keys compare as text here, so `{"n": 3}` and
    /// `{"n": 3.0}` do not collide as PostgreSQL's jsonb equality has them.
    package func add(_ row: Row, id: RowID) {
        guard let key = key(of: row) else { return }
        entries[GroupingKey(key), default: []].append(id)
    }

    /// Every version ever stored with `key`.
    package func lookup(_ key: [Value]) -> [RowID] {
        entries[GroupingKey(key)] ?? []
    }

    /// Forgets versions `ids` under `key` (dead to every snapshot).
    package func remove(_ ids: Set<RowID>, key: [Value]) {
        let k = GroupingKey(key)
        entries[k]?.removeAll { ids.contains($0) }
        if entries[k]?.isEmpty == true { entries[k] = nil }
    }

    /// Forgets every entry (TRUNCATE).
    package func removeAll() {
        entries.removeAll()
    }
}
