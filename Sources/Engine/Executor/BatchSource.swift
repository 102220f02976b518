// Plan nodes that can hand their rows to a consumer a batch at a time,
// column by column: a scan without a filter, and an inner hash join of
// such a scan with any other input. The aggregate node reads through
// them when every expression it evaluates has a column-wise form.

/// A node whose output rows can also be produced as column batches.
protocol BatchSource: PlanNode {
    /// The width of the rows the node produces (the slots of the
    /// expressions over them).
    var batchWidth: Int { get }
    /// True when `forEachBatch` can run for this node as planned.
    var producesBatches: Bool { get }
    /// Calls `body` with the node's rows, in the order `run` gives them, a
    /// batch at a time; only `columns` (slots) need values.
    func forEachBatch(
        _ ctx: ExecContext, columns: [Int], _ body: (ColumnBatch) throws -> Bool
    ) throws
}

extension SeqScanNode: BatchSource {
    var batchWidth: Int { width }
    var producesBatches: Bool { filter == nil }

    func forEachBatch(
        _ ctx: ExecContext, columns: [Int], _ body: (ColumnBatch) throws -> Bool
    ) throws {
        try scanBatches(ctx, columns: columns, body)
    }
}

extension HashJoinNode: BatchSource {
    var batchWidth: Int { leftWidth + rightWidth }

    var producesBatches: Bool {
        guard kind == .inner, residual == nil, let scan = left as? SeqScanNode,
            scan.producesBatches
        else { return false }
        return leftKeys.allSatisfy { key in
            guard let form = key.vector else { return false }
            return form.columns.allSatisfy { $0 >= 0 && $0 < leftWidth }
        }
    }

    /// Probes the hash table with a batch of left rows at a time; the
    /// joined batch has the left side's columns gathered by match and the
    /// right side's values copied from its rows.
    func forEachBatch(
        _ ctx: ExecContext, columns: [Int], _ body: (ColumnBatch) throws -> Bool
    ) throws {
        guard let scan = left as? SeqScanNode else { return }
        let innerRows = try right.collect(ctx)
        let table = try HashJoinTable(innerRows, keys: rightKeys, ctx)
        let keyForms = leftKeys.compactMap(\.vector)
        let leftColumns = Set(columns.filter { $0 < leftWidth } + keyForms.flatMap(\.columns))
        let rightColumns = columns.filter { $0 >= leftWidth && $0 < batchWidth }
        var leftRows = ContiguousArray<Int>()
        var rightRows = ContiguousArray<Int32>()
        try scan.scanBatches(ctx, columns: leftColumns.sorted()) { batch in
            let keys = try keyForms.map { try $0.evaluate(batch, ctx) }
            leftRows.removeAll(keepingCapacity: true)
            rightRows.removeAll(keepingCapacity: true)
            for i in 0..<batch.count {
                for r in table.matches(keys, at: i) {
                    leftRows.append(i)
                    rightRows.append(r)
                }
            }
            guard !leftRows.isEmpty else { return true }
            // Each left row matched once, in order: its columns as they are.
            let identity =
                leftRows.count == batch.count
                && leftRows.indices.allSatisfy { leftRows[$0] == $0 }
            var slots = [BatchValues?](repeating: nil, count: batchWidth)
            for c in leftColumns where c < batch.columns.count {
                guard let values = batch.columns[c] else { continue }
                slots[c] = identity ? values : values.gathered(leftRows)
            }
            for c in rightColumns {
                let j = c - leftWidth
                slots[c] = .values(ContiguousArray(rightRows.map { innerRows[Int($0)][j] }))
            }
            let ids = ContiguousArray(leftRows.map { batch.rowIDs[$0] })
            return try body(ColumnBatch(rowIDs: ids, columns: slots))
        }
    }
}
