// Reading a table: a sequential scan over each (unpruned) partition's
// storage with the WHERE clause pushed into it, or an index lookup when
// the WHERE clause fixes every column of a unique key (`pk = const`).
// Partition pruning happens when the scan starts, as PostgreSQL's
// executor-startup pruning does, so `ts > now() - interval '5 min'` prunes.
import SQLParser

/// One storage a scan reads: a plain table or a leaf partition.
struct ScanTarget {
    var table: TableDefinition
    var storage: TableStorage
    /// Bounds of the partition and of each partitioned ancestor, nearest
    /// first, with the key columns each applies to.
    var bounds: [(key: PartitionKey, bound: ResolvedBound, keyTypes: [PGType])]
}

/// A comparison of a partition key column with a value known when the
/// scan starts.
struct PruningCondition {
    enum Op { case equal, less, lessEqual, greater, greaterEqual }
    /// Physical column of the key.
    var column: Int
    var op: Op
    var value: CompiledExpr
}

/// Produces row versions with their ids (for UPDATE and DELETE).
protocol RowSource: PlanNode {
    /// Calls `body` with each matching visible version and where it lives.
    func scanRows(
        _ ctx: ExecContext, _ body: (ScanTarget, RowID, Row) throws -> Bool
    ) throws -> Bool
}

/// Sequential scan with an optional filter.
final class SeqScanNode: RowSource {
    unowned let session: Session
    let targets: [ScanTarget]
    /// Physical width of the rows produced.
    let width: Int
    /// Which physical columns expressions read (filled in while the
    /// query's expressions compile).
    let usage: ColumnUsage
    /// The WHERE clause, when it is evaluated inside the scan.
    var filter: CompiledExpr?
    var pruning: [PruningCondition] = []

    init(session: Session, targets: [ScanTarget], width: Int, usage: ColumnUsage) {
        self.session = session
        self.targets = targets
        self.width = width
        self.usage = usage
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        try scanRows(ctx) { _, _, row in try emit(row) }
    }

    func scanRows(
        _ ctx: ExecContext, _ body: (ScanTarget, RowID, Row) throws -> Bool
    ) throws -> Bool {
        let snapshot = session.currentSnapshot
        let evaluate = filter?.evaluate
        let columns = usage.needed(of: width)
        let live = try prunedTargets(ctx)
        for target in live {
            var stopped = false
            var seen = 0
            try target.storage.scan(
                snapshot: snapshot, columns: columns, limit: target.storage.versionCount
            ) { id, row in
                seen &+= 1
                if seen & 4095 == 0 { try session.checkInterrupts() }
                if let evaluate, !isTrue(try evaluate(row, ctx)) { return true }
                if try !body(target, id, row) {
                    stopped = true
                    return false
                }
                return true
            }
            if stopped { return false }
        }
        return true
    }

    /// Calls `body` with the visible rows a batch at a time, only
    /// `columns` read. The caller has checked there is no filter.
    func scanBatches(
        _ ctx: ExecContext, columns: [Int], _ body: (ColumnBatch) throws -> Bool
    ) throws {
        let snapshot = session.currentSnapshot
        for target in try prunedTargets(ctx) {
            var stopped = false
            try target.storage.scanBatches(
                snapshot: snapshot, columns: columns, limit: target.storage.versionCount
            ) { batch in
                try session.checkInterrupts()
                stopped = try !body(batch)
                return !stopped
            }
            if stopped { return }
        }
    }

    /// The targets whose bounds admit rows satisfying `pruning`.
    private func prunedTargets(_ ctx: ExecContext) throws -> [ScanTarget] {
        guard !pruning.isEmpty, targets.contains(where: { !$0.bounds.isEmpty }) else {
            return targets
        }
        let values = try pruning.map { try $0.value.evaluate([], ctx) }
        return targets.filter { target in
            target.bounds.allSatisfy { level in
                PartitionRouter.boundAdmits(
                    level.bound, key: level.key, keyTypes: level.keyTypes, conditions: pruning,
                    values: values)
            }
        }
    }
}

/// Lookup through a unique index, then the full filter as a recheck.
final class IndexScanNode: RowSource {
    unowned let session: Session
    let target: ScanTarget
    let index: UniqueIndex
    /// One expression per key column, evaluated when the scan starts.
    let keys: [CompiledExpr]
    let filter: CompiledExpr?
    /// The index backs a unique constraint or index, so a key has at
    /// most one version visible to a snapshot.
    let unique: Bool

    init(
        session: Session, target: ScanTarget, index: UniqueIndex, keys: [CompiledExpr],
        filter: CompiledExpr?, unique: Bool
    ) {
        self.session = session
        self.target = target
        self.index = index
        self.keys = keys
        self.filter = filter
        self.unique = unique
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        try scanRows(ctx) { _, _, row in try emit(row) }
    }

    func scanRows(
        _ ctx: ExecContext, _ body: (ScanTarget, RowID, Row) throws -> Bool
    ) throws -> Bool {
        let key = try keys.map { try $0.evaluate([], ctx) }
        if key.contains(where: \.isNull) { return true }
        let snapshot = session.currentSnapshot
        let storage = target.storage
        let end = storage.versionCount
        guard unique else {
            for id in index.lookup(key) where id < end {
                guard storage.isVisible(id, snapshot: snapshot) else { continue }
                let row = storage.fetch(id)
                if let filter, !isTrue(try filter.evaluate(row, ctx)) { continue }
                if try !body(target, id, row) { return false }
            }
            return true
        }
        // A unique key has at most one version visible to a snapshot, most
        // often the newest: look from the newest back and stop at it, so
        // that a row updated many times is still found at once.
        for id in index.lookup(key).reversed() where id < end {
            guard storage.isVisible(id, snapshot: snapshot) else { continue }
            let row = storage.fetch(id)
            if let filter, !isTrue(try filter.evaluate(row, ctx)) { return true }
            return try body(target, id, row)
        }
        return true
    }
}
