// Writing rows into a table with PostgreSQL's checks, in its order: tuple
// routing for a partitioned table (ExecFindPartition), then NOT NULL and
// CHECK constraints of the receiving partition (ExecConstraints), the
// partition constraint when a partition is written directly, and unique
// indexes as the row is stored (with "Key (a)=(1) already exists.").
import SQLParser

/// Stores rows for one statement into one target table.
final class TableWriter {
    private unowned let executor: Executor
    let table: TableDefinition
    /// Compiled CHECK constraints per receiving table.
    private var checks: [RelationID: [(name: String, expr: CompiledExpr)]] = [:]

    init(executor: Executor, table: TableDefinition) {
        self.executor = executor
        self.table = table
    }

    private var catalog: Catalog { executor.catalog }

    /// The leaf table `row` (physical, in `table`'s layout) goes to.
    func route(_ row: Row) throws -> TableDefinition {
        var current = table
        while let key = current.partitionKey {
            let values = key.columns.map { $0 < row.count ? row[$0] : .null }
            let types = key.columns.map { current.columns[$0].type }
            guard
                let next = PartitionRouter.route(
                    values, types: types, partitions: current.partitions, in: catalog)
            else {
                let names = key.columns.map { current.columns[$0].name }.joined(separator: ", ")
                let shown = zip(values, types).map { v, t in
                    v.isNull ? "null" : formatValue(v, type: t)
                }
                throw SQLError(
                    SQLState.checkViolation,
                    "no partition of relation \"\(current.name)\" found for row",
                    detail:
                        "Partition key of the failing row contains (\(names)) = (\(shown.joined(separator: ", ")))."
                )
            }
            current = next
        }
        return current
    }

    /// Checks `row` against `leaf`'s constraints (NOT NULL, CHECK, and its
    /// partition bound when it is the statement's own target).
    func checkConstraints(_ row: Row, leaf: TableDefinition, ctx: ExecContext) throws {
        for (i, column) in leaf.columns.enumerated() where column.notNull && !column.isDropped {
            if i >= row.count || row[i].isNull {
                throw SQLError(
                    SQLState.notNullViolation,
                    "null value in column \"\(column.name)\" of relation \"\(leaf.name)\" violates not-null constraint",
                    detail: TableWriter.failingRow(row, leaf))
            }
        }
        for check in try compiledChecks(leaf) {
            if case .bool(false) = try check.expr.evaluate(row, ctx) {
                throw SQLError(
                    SQLState.checkViolation,
                    "new row for relation \"\(leaf.name)\" violates check constraint \"\(check.name)\"",
                    detail: TableWriter.failingRow(row, leaf))
            }
        }
        if leaf.oid == table.oid, table.parent != nil, !satisfiesPartitionConstraint(row, table) {
            throw SQLError(
                SQLState.checkViolation,
                "new row for relation \"\(table.name)\" violates partition constraint",
                detail: TableWriter.failingRow(row, table))
        }
    }

    private func satisfiesPartitionConstraint(_ row: Row, _ partition: TableDefinition) -> Bool {
        var current = partition
        while let parentID = current.parent, let parent = catalog.table(parentID),
            let key = parent.partitionKey, let bound = current.bound
        {
            let values = key.columns.map { $0 < row.count ? row[$0] : .null }
            let types = key.columns.map { parent.columns[$0].type }
            if case .default = bound {
                let siblings = parent.partitions.compactMap { catalog.table($0) }
                    .filter { $0.oid != current.oid }
                if siblings.contains(where: { s in
                    s.bound.map { PartitionRouter.contains($0, key: values, types: types) } ?? false
                }) {
                    return false
                }
            } else if !PartitionRouter.contains(bound, key: values, types: types) {
                return false
            }
            current = parent
        }
        return true
    }

    private func compiledChecks(_ leaf: TableDefinition) throws -> [(
        name: String, expr: CompiledExpr
    )] {
        if let cached = checks[leaf.oid] { return cached }
        let definitions = leaf.checkConstraints
        if definitions.isEmpty {
            checks[leaf.oid] = []
            return []
        }
        let scope = executor.tableScope(leaf, refName: leaf.name)
        let analyser = executor.analyzer(scope)
        let compiled = try definitions.map { c in
            (name: c.name, expr: try analyser.compileCondition(c.expr, clause: "CHECK"))
        }
        checks[leaf.oid] = compiled
        return compiled
    }

    /// Stores `row` in `leaf` after the unique checks; returns its id.
    func store(_ row: Row, leaf: TableDefinition, xid: TransactionID) throws -> RowID {
        guard let storage = leaf.storage else {
            throw SQLError(
                SQLState.wrongObjectType,
                "cannot insert into partitioned table \"\(leaf.name)\" directly")
        }
        try checkUnique(row, leaf: leaf, storage: storage, xid: xid, skipping: nil)
        return try storage.insert(row, xid: xid)
    }

    /// Raises 23505 when `row` would duplicate a key of `leaf`'s unique
    /// constraints and unique indexes (other than the index `skipping`).
    func checkUnique(
        _ row: Row, leaf: TableDefinition, storage: TableStorage, xid: TransactionID,
        skipping: UniqueIndex?
    ) throws {
        let log = executor.session.engine.log
        for unique in leaf.uniqueKeys {
            guard let index = storage.index(for: unique), index !== skipping,
                let key = index.key(of: row)
            else { continue }
            // A key another running transaction inserted (or deleted)
            // waits for it to end, then counts as its outcome left it.
            while true {
                switch storage.conflictingVersions(index, key: key, xid: xid, log: log) {
                case .conflicts(let versions):
                    guard versions.isEmpty else {
                        throw TableWriter.duplicateKey(
                            unique.name, columns: unique.columns, key: key, table: leaf)
                    }
                case .inProgress(let holder, _):
                    let location = leaf.tupleLocation(storage.versionCount, appending: row)
                    try executor.session.waitForTransaction(holder) {
                        "while inserting index tuple \(location) in relation \"\(unique.name)\""
                    }
                    continue
                }
                break
            }
        }
    }

    /// The 23505 error for `key` of `constraint`.
    static func duplicateKey(
        _ constraint: String, columns: [Int], key: [Value], table: TableDefinition
    ) -> SQLError {
        let names = columns.map { table.columns[$0].name }.joined(separator: ", ")
        let values = zip(columns, key).map { c, v in
            v.isNull ? "null" : formatValue(v, type: table.columns[c].type)
        }
        return SQLError(
            SQLState.uniqueViolation,
            "duplicate key value violates unique constraint \"\(constraint)\"",
            detail: "Key (\(names))=(\(values.joined(separator: ", "))) already exists.")
    }

    /// `Failing row contains (...)`: each live column through its output
    /// function, `null` for NULL, long values cut at 64 bytes.
    static func failingRow(_ row: Row, _ table: TableDefinition) -> String {
        var parts: [String] = []
        for (i, column) in table.columns.enumerated() where !column.isDropped {
            let v = i < row.count ? row[i] : .null
            parts.append(v.isNull ? "null" : clip(formatValue(v, type: column.type)))
        }
        return "Failing row contains (\(parts.joined(separator: ", ")))."
    }

    private static func clip(_ text: String) -> String {
        guard text.utf8.count > 64 else { return text }
        var out = ""
        var bytes = 0
        for ch in text.unicodeScalars {
            let n = String(ch).utf8.count
            if bytes + n > 64 { break }
            bytes += n
            out.unicodeScalars.append(ch)
        }
        return out + "..."
    }
}
