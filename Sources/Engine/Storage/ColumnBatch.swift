// Column-at-a-time reading. A scan can hand the executor the visible rows
// of a stretch of storage as one run of values per column, so that an
// aggregate works through a column in a tight loop instead of through one
// `Row` per version. Any storage can produce batches (the default below
// gathers them from `scan`); the heap hands out its column vectors' own
// arrays, which a columnar layout would do the same way.

/// The integer-like type whose values a batch of integers holds.
package enum IntegerBatchKind: Sendable {
    case int2, int4, int8, date, timestamp, timestamptz

    /// The value of `x` as this kind.
    @inline(__always)
    package func value(_ x: Int64) -> Value {
        switch self {
        case .int2: return .int2(Int16(truncatingIfNeeded: x))
        case .int4: return .int4(Int32(truncatingIfNeeded: x))
        case .int8: return .int8(x)
        case .date: return .date(Int32(truncatingIfNeeded: x))
        case .timestamp: return .timestamp(x)
        case .timestamptz: return .timestamptz(x)
        }
    }
}

/// Text values of a batch as slices of a UTF-8 arena: value `i` is
/// `bytes[starts[i]..<ends[i]]`, or NULL when `nulls?[i]` is true.
package struct TextBatch {
    package let bytes: [UInt8]
    package var starts: ContiguousArray<UInt32>
    package var ends: ContiguousArray<UInt32>
    package var nulls: ContiguousArray<Bool>?

    package var count: Int { starts.count }

    /// Calls `body` with each value's index and UTF-8 bytes (nil for NULL).
    @inline(__always)
    package func forEach(_ body: (Int, UnsafeRawBufferPointer?) throws -> Void) rethrows {
        try bytes.withUnsafeBytes { arena in
            for i in 0..<starts.count {
                if let nulls, nulls[i] {
                    try body(i, nil)
                    continue
                }
                let start = Int(starts[i])
                let slice = UnsafeRawBufferPointer(rebasing: arena[start..<Int(ends[i])])
                try body(i, slice)
            }
        }
    }

    package func value(at i: Int) -> Value {
        if let nulls, nulls[i] { return .null }
        return .text(String(decoding: bytes[Int(starts[i])..<Int(ends[i])], as: UTF8.self))
    }
}

/// One column's (or one expression's) values for the rows of a batch.
package enum BatchValues {
    /// Integers of one kind; NULL where `nulls?[i]` is true.
    case integers(ContiguousArray<Int64>, nulls: ContiguousArray<Bool>?, kind: IntegerBatchKind)
    case text(TextBatch)
    case values(ContiguousArray<Value>)
    /// The same value for each of `count` rows.
    case constant(Value, count: Int)

    package var count: Int {
        switch self {
        case .integers(let xs, _, _): return xs.count
        case .text(let t): return t.count
        case .values(let vs): return vs.count
        case .constant(_, let n): return n
        }
    }

    /// The value of row `i` as the row-at-a-time executor sees it.
    package func value(at i: Int) -> Value {
        switch self {
        case .integers(let xs, let nulls, let kind):
            if let nulls, nulls[i] { return .null }
            return kind.value(xs[i])
        case .text(let t): return t.value(at: i)
        case .values(let vs): return vs[i]
        case .constant(let v, _): return v
        }
    }

    /// Number of non-NULL values.
    package var nonNullCount: Int {
        switch self {
        case .integers(let xs, let nulls, _):
            guard let nulls else { return xs.count }
            return nulls.reduce(0) { $1 ? $0 : $0 + 1 }
        case .text(let t):
            guard let nulls = t.nulls else { return t.count }
            return nulls.reduce(0) { $1 ? $0 : $0 + 1 }
        case .values(let vs): return vs.reduce(0) { $1.isNull ? $0 : $0 + 1 }
        case .constant(let v, let n): return v.isNull ? 0 : n
        }
    }
}

/// The visible rows of one stretch of a table: their version ids and, for
/// each physical column asked for, their values.
package struct ColumnBatch {
    package var rowIDs: ContiguousArray<RowID>
    /// Indexed by physical column; nil for columns not asked for.
    package var columns: [BatchValues?]

    package var count: Int { rowIDs.count }
}

/// Rows per batch: large enough to amortise the per-batch work, small
/// enough that a batch's arrays stay in cache.
package let columnBatchSize = 2048

extension TableStorage {
    /// Gathers batches from the row scan: the fallback for storages
    /// without a column-wise reader of their own.
    package func gatherBatches(
        snapshot: Snapshot, columns: [Int], limit: Int,
        _ body: (ColumnBatch) throws -> Bool
    ) throws {
        var ids = ContiguousArray<RowID>()
        var gathered = [ContiguousArray<Value>](repeating: [], count: columns.count)
        var stopped = false
        func flush() throws {
            guard !ids.isEmpty else { return }
            var slots = [BatchValues?](repeating: nil, count: columnCount)
            for (k, c) in columns.enumerated() { slots[c] = .values(gathered[k]) }
            if try !body(ColumnBatch(rowIDs: ids, columns: slots)) { stopped = true }
            ids.removeAll(keepingCapacity: true)
            for k in gathered.indices { gathered[k].removeAll(keepingCapacity: true) }
        }
        try scan(snapshot: snapshot, columns: columns, limit: limit) { id, row in
            ids.append(id)
            for (k, c) in columns.enumerated() { gathered[k].append(row[c]) }
            if ids.count == columnBatchSize { try flush() }
            return !stopped
        }
        if !stopped { try flush() }
    }
}

extension BatchValues {
    /// The values at `rows` (indexes into this batch), in that order.
    package func gathered(_ rows: ContiguousArray<Int>) -> BatchValues {
        switch self {
        case .integers(let xs, let nulls, let kind):
            var out = ContiguousArray<Int64>(repeating: 0, count: rows.count)
            var marks: ContiguousArray<Bool>?
            xs.withUnsafeBufferPointer { xs in
                out.withUnsafeMutableBufferPointer { out in
                    for (k, i) in rows.enumerated() { out[k] = xs[i] }
                }
            }
            if let nulls { marks = ContiguousArray(rows.map { nulls[$0] }) }
            return .integers(out, nulls: marks, kind: kind)
        case .text(let t):
            var starts = ContiguousArray<UInt32>(repeating: 0, count: rows.count)
            var ends = ContiguousArray<UInt32>(repeating: 0, count: rows.count)
            for (k, i) in rows.enumerated() {
                starts[k] = t.starts[i]
                ends[k] = t.ends[i]
            }
            let marks = t.nulls.map { nulls in ContiguousArray(rows.map { nulls[$0] }) }
            return .text(TextBatch(bytes: t.bytes, starts: starts, ends: ends, nulls: marks))
        case .values(let vs):
            return .values(ContiguousArray(rows.map { vs[$0] }))
        case .constant(let v, _):
            return .constant(v, count: rows.count)
        }
    }
}
