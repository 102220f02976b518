// Name resolution for one query level, PostgreSQL's range table and
// namespace (parse_relation.c): which FROM items a level has, their
// column names and slots in the level's row, `*` expansion, and the
// PostgreSQL errors for ambiguous and unknown names.
import SQLParser

/// A column visible through a FROM item.
struct ScopeColumn {
    var name: String
    var type: PGType
    /// Position in the query level's row.
    var slot: Int
    /// The table's physical column number, for a table FROM item.
    var physical: Int?
}

/// The physical columns of one table FROM item that expressions read, so
/// its scan fills only those.
final class ColumnUsage {
    var columns: Set<Int> = []
    /// Every column is needed (UPDATE's target, `SELECT *`).
    var all = false

    /// The columns to fill, in order, out of `count`.
    func needed(of count: Int) -> [Int] {
        all ? Array(0..<count) : columns.filter { $0 < count }.sorted()
    }
}

/// One FROM item (table, subquery, VALUES, CTE reference) of a level.
final class RangeEntry {
    /// The name the item is referred to by: its alias, else the table's
    /// own name.
    let refName: String
    /// The schema of an unaliased table, so `public.t.a` resolves.
    let schema: String?
    var columns: [ScopeColumn]
    /// The table, for a table FROM item.
    let table: TableDefinition?
    /// Hidden by a join alias (still part of the row).
    var isHidden = false
    let usage: ColumnUsage?

    init(
        refName: String, schema: String?, columns: [ScopeColumn], table: TableDefinition? = nil,
        usage: ColumnUsage? = nil
    ) {
        self.refName = refName
        self.schema = schema
        self.columns = columns
        self.table = table
        self.usage = usage
    }

    func column(_ name: String) -> ScopeColumn? {
        columns.first { $0.name == name }
    }

    /// Records that `column` is read.
    func noteUse(_ column: ScopeColumn) {
        if let usage, let physical = column.physical { usage.columns.insert(physical) }
    }

    /// The same item placed `offset` slots further right.
    func shifted(by offset: Int) -> RangeEntry {
        let moved = columns.map { c -> ScopeColumn in
            var c = c
            c.slot += offset
            return c
        }
        let entry = RangeEntry(
            refName: refName, schema: schema, columns: moved, table: table, usage: usage)
        entry.isHidden = isHidden
        return entry
    }
}

/// The names one query level sees, for the analyser.
final class QueryScope: ColumnScope {
    var entries: [RangeEntry] = []
    /// Columns merged by JOIN USING / NATURAL: an unqualified reference
    /// resolves here first.
    var mergedColumns: [String: ScopeColumn] = [:]
    /// `*` expansion of the whole level, in PostgreSQL's order.
    var starColumns: [ScopeColumn] = []
    /// Width of the level's row.
    var width = 0
    let parent: ColumnScope?
    /// Resolutions answered by this level (for correlation detection).
    private(set) var hits = 0
    /// PL/pgSQL variables, consulted before reporting an unknown table.
    private let parameters: ParameterScope?

    init(parent: ColumnScope?, parameters: ParameterScope?) {
        self.parent = parent
        self.parameters = parameters
    }

    var isGrouped: Bool { false }

    func precomputed(_ expr: Expr) -> ResolvedColumn? { nil }

    /// Adds a FROM item whose columns start at the current width.
    @discardableResult
    func addEntry(
        refName: String, schema: String?, columns: [(name: String, type: PGType)],
        physical: [Int]? = nil, table: TableDefinition? = nil, rowWidth: Int? = nil,
        usage: ColumnUsage? = nil
    ) -> RangeEntry {
        let base = width
        var scoped: [ScopeColumn] = []
        for (i, c) in columns.enumerated() {
            let p = physical?[i]
            scoped.append(
                ScopeColumn(name: c.name, type: c.type, slot: base + (p ?? i), physical: p))
        }
        let entry = RangeEntry(
            refName: refName, schema: schema, columns: scoped, table: table, usage: usage)
        entries.append(entry)
        starColumns += scoped
        width += rowWidth ?? columns.count
        return entry
    }

    /// Appends the items of `other` (planned on their own) after this
    /// level's current columns, with its `*` order and merged columns.
    func absorb(_ other: QueryScope) {
        let offset = width
        for entry in other.entries { entries.append(entry.shifted(by: offset)) }
        for c in other.starColumns {
            var c = c
            c.slot += offset
            starColumns.append(c)
        }
        for (name, c) in other.mergedColumns {
            var c = c
            c.slot += offset
            mergedColumns[name] = c
        }
        width += other.width
    }

    func resolveColumn(_ parts: [String], location: Int) throws -> ResolvedColumn? {
        guard let found = try lookup(parts, location: location) else { return nil }
        hits += 1
        noteUse(found)
        return ResolvedColumn(slot: found.slot, type: found.type)
    }

    /// Records a read of the column in `slot`.
    func noteUse(_ column: ScopeColumn) {
        for entry in entries where entry.columns.contains(where: { $0.slot == column.slot }) {
            entry.noteUse(column)
        }
    }

    private func lookup(_ parts: [String], location: Int) throws -> ScopeColumn? {
        guard let name = parts.last else { return nil }
        if parts.count == 1 {
            if let merged = mergedColumns[name] { return merged }
            var match: ScopeColumn?
            for entry in entries where !entry.isHidden {
                if let c = entry.column(name) {
                    if match != nil {
                        throw SQLError(
                            SQLState.ambiguousColumn, "column reference \"\(name)\" is ambiguous",
                            position: location + 1)
                    }
                    match = c
                }
            }
            return match
        }
        let qualifier = Array(parts.dropLast())
        guard let entry = try findEntry(qualifier, location: location) else {
            if parent == nil && parameters?.resolveVariable(parts) == nil {
                throw missingEntry(qualifier, location: location)
            }
            return nil
        }
        guard let column = entry.column(name) else {
            throw SQLError(
                SQLState.undefinedColumn,
                "column \(parts.suffix(2).joined(separator: ".")) does not exist",
                position: location + 1)
        }
        return column
    }

    private func missingEntry(_ qualifier: [String], location: Int) -> SQLError {
        let name = qualifier.last ?? ""
        if let aliased = entries.first(where: { $0.table?.name == name && $0.refName != name }) {
            return SQLError(
                SQLState.undefinedTable,
                "invalid reference to FROM-clause entry for table \"\(name)\"",
                hint: "Perhaps you meant to reference the table alias \"\(aliased.refName)\".",
                position: location + 1)
        }
        return SQLError(
            SQLState.undefinedTable,
            "missing FROM-clause entry for table \"\(qualifier.last ?? "")\"",
            position: location + 1)
    }

    private func findEntry(_ qualifier: [String], location: Int) throws -> RangeEntry? {
        let name = qualifier.last ?? ""
        let schema = qualifier.count > 1 ? qualifier[qualifier.count - 2] : nil
        let matches = entries.filter { entry in
            !entry.isHidden && entry.refName == name && (schema == nil || entry.schema == schema)
        }
        if matches.count > 1 {
            throw SQLError(
                SQLState.ambiguousAlias, "table reference \"\(name)\" is ambiguous",
                position: location + 1)
        }
        return matches.first
    }

    func wholeRow(_ qualifier: [String], location: Int) throws -> (type: PGType, slots: [Int])? {
        guard let entry = try findEntry(qualifier, location: location) else { return nil }
        hits += 1
        for c in entry.columns { noteUse(c) }
        let fields = entry.columns.map { RecordField(name: $0.name, type: $0.type) }
        let type = RecordTypes.type(
            for: RecordDescriptor(typeName: entry.table?.name, fields: fields))
        return (type, entry.columns.map(\.slot))
    }

    func expandStar(table: [String]?, location: Int) throws -> [(
        name: String, column: ResolvedColumn
    )] {
        let columns: [ScopeColumn]
        if let table {
            guard let entry = try findEntry(table, location: location) else {
                throw missingEntry(table, location: location)
            }
            columns = entry.columns
        } else {
            if entries.isEmpty {
                throw SQLError(
                    SQLState.syntaxError, "SELECT * with no tables specified is not valid",
                    position: location + 1)
            }
            columns = starColumns
        }
        for c in columns { noteUse(c) }
        return columns.map { (name: $0.name, column: ResolvedColumn(slot: $0.slot, type: $0.type)) }
    }
}

/// The scope above an aggregation: GROUP BY keys and aggregate results are
/// precomputed slots; any other column of the level is a grouping error.
final class GroupedScope: ColumnScope {
    /// The scope of the rows being grouped.
    let input: QueryScope
    /// Keys by canonical text, with their slot in the grouped row.
    private let keys: [String: ResolvedColumn]
    /// Input slots of keys that are plain columns.
    private let keyColumnSlots: [Int: ResolvedColumn]
    private let aggregates: [String: ResolvedColumn]
    /// Ordered-set calls by canonical text: their sorted inputs' slot.
    private let orderedSets: [String: (ResolvedColumn, OrderedSetCall)]

    init(
        input: QueryScope, keys: [String: ResolvedColumn], keyColumnSlots: [Int: ResolvedColumn],
        aggregates: [String: ResolvedColumn],
        orderedSets: [String: (ResolvedColumn, OrderedSetCall)] = [:]
    ) {
        self.input = input
        self.keys = keys
        self.keyColumnSlots = keyColumnSlots
        self.aggregates = aggregates
        self.orderedSets = orderedSets
    }

    func orderedSetInput(_ call: Expr) -> (ResolvedColumn, OrderedSetCall)? {
        orderedSets[exprKey(call)]
    }

    var parent: ColumnScope? { input.parent }

    var isGrouped: Bool { true }

    func precomputed(_ expr: Expr) -> ResolvedColumn? {
        let key = exprKey(expr)
        if let a = aggregates[key] { return a }
        if let k = keys[key] { return k }
        if case .columnRef(let parts) = expr.kind,
            let column = try? input.resolveColumn(parts, location: expr.location)
        {
            return keyColumnSlots[column.slot]
        }
        return nil
    }

    /// A column that reached here is neither a key nor inside an
    /// aggregate (those are `precomputed`), so it is a grouping error.
    func resolveColumn(_ parts: [String], location: Int) throws -> ResolvedColumn? {
        guard let column = try input.resolveColumn(parts, location: location) else { return nil }
        throw groupingError(slot: column.slot, name: parts.last ?? "", location: location)
    }

    /// A column of this level that a nested subquery reads: a GROUP BY
    /// key's slot in the grouped row (the row the subquery sees as its
    /// outer row); any other column is PostgreSQL's error, placed at the
    /// reference inside the subquery.
    ///
    /// Example: in `SELECT kind, (SELECT count(*) FROM e e2 WHERE e2.kind =
    /// e.kind) FROM e GROUP BY kind`, `e.kind` reads key 0 of each group;
    /// `e.amount` there would be "subquery uses ungrouped column".
    func resolveFromSubquery(_ parts: [String], location: Int) throws -> ResolvedColumn? {
        guard let column = try input.resolveColumn(parts, location: location) else { return nil }
        if let key = keyColumnSlots[column.slot] { return key }
        throw groupingError(
            slot: column.slot, name: parts.last ?? "", location: location, fromSubquery: true)
    }

    private func groupingError(
        slot: Int, name: String, location: Int, fromSubquery: Bool = false
    ) -> SQLError {
        let entry = input.entries.first { $0.columns.contains { $0.slot == slot } }
        let qualified = entry.map { "\($0.refName).\(name)" } ?? name
        return ungroupedColumnError(qualified, location: location, fromSubquery: fromSubquery)
    }

    /// The FROM item `qualifier` names, found so the analyser can report
    /// its whole row as ungrouped; never read (no key holds a whole row).
    func wholeRow(_ qualifier: [String], location: Int) throws -> (type: PGType, slots: [Int])? {
        try input.wholeRow(qualifier, location: location)
    }

    func expandStar(table: [String]?, location: Int) throws -> [(
        name: String, column: ResolvedColumn
    )] {
        let columns = try input.expandStar(table: table, location: location)
        return try columns.map { c in
            guard let key = keyColumnSlots[c.column.slot] else {
                throw groupingError(slot: c.column.slot, name: c.name, location: location)
            }
            return (name: c.name, column: key)
        }
    }
}

/// PostgreSQL's error for a column of a grouped query that is neither a
/// GROUP BY key nor inside an aggregate: read in the query itself, or
/// from a subquery nested in it.
func ungroupedColumnError(_ name: String, location: Int, fromSubquery: Bool = false)
    -> SQLError
{
    if fromSubquery {
        return SQLError(
            SQLState.groupingError,
            "subquery uses ungrouped column \"\(name)\" from outer query",
            position: location + 1)
    }
    return SQLError(
        SQLState.groupingError,
        "column \"\(name)\" must appear in the GROUP BY clause or be used in an aggregate function",
        position: location + 1)
}
