// The default table storage, modelled on PostgreSQL's heap: row versions
// are appended, never updated in place; an UPDATE deletes the old version
// (sets its xmax) and appends a new one. Values are kept column by column
// (see ColumnVector) with xmin/xmax in side arrays, about 8 bytes of MVCC
// overhead per version.

/// Row versions of one table (or one partition).
package final class HeapStorage: TableStorage {
    private let vectors: [ColumnVector]
    private var xmins: [TransactionID] = []
    private var xmaxs: [TransactionID] = []
    package private(set) var uniqueIndexes: [UniqueIndex] = []
    /// Row locks (FOR UPDATE, FOR SHARE, ...) by version; PostgreSQL keeps
    /// them in the tuple's xmax, here they sit beside it.
    private var rowLocks: [RowID: [RowLocker]] = [:]
    /// The newer version an UPDATE replaced each version with (t_ctid).
    private var successors: [RowID: RowID] = [:]
    /// Versions an UPDATE moved into another partition.
    private var movedVersions: Set<RowID> = []

    /// Empty storage for rows of `columnTypes`.
    package init(columnTypes: [PGType]) {
        vectors = columnTypes.map(makeColumnVector(for:))
    }

    package var columnCount: Int { vectors.count }

    package var versionCount: Int { xmins.count }

    package func insert(_ row: Row, xid: TransactionID) throws -> RowID {
        let id = xmins.count
        for (c, vector) in vectors.enumerated() {
            vector.append(c < row.count ? row[c] : .null)
        }
        xmins.appendCompactly(xid)
        xmaxs.appendCompactly(0)
        for index in uniqueIndexes { index.add(row, id: id) }
        return id
    }

    /// Appends a version with its original MVCC header (table rewrites).
    package func insertVersion(_ row: Row, xmin: TransactionID, xmax: TransactionID) {
        let id = xmins.count
        for (c, vector) in vectors.enumerated() {
            vector.append(c < row.count ? row[c] : .null)
        }
        xmins.appendCompactly(xmin)
        xmaxs.appendCompactly(xmax)
        for index in uniqueIndexes { index.add(row, id: id) }
    }

    /// xmin and xmax of version `id`.
    package func header(_ id: RowID) -> (xmin: TransactionID, xmax: TransactionID) {
        guard id >= 0 && id < xmins.count else { return (0, 0) }
        return (xmins[id], xmaxs[id])
    }

    package func fetch(_ id: RowID) -> Row {
        vectors.map { $0.value(at: id) }
    }

    package func value(_ id: RowID, column: Int) -> Value {
        column >= 0 && column < vectors.count ? vectors[column].value(at: id) : .null
    }

    package func scan(
        snapshot: Snapshot, columns: [Int], limit: Int,
        _ body: (RowID, Row) throws -> Bool
    ) throws {
        let used = columns.filter { $0 >= 0 && $0 < vectors.count }
        let usedVectors = used.map { vectors[$0] }
        var row = Row(repeating: .null, count: vectors.count)
        let end = min(limit, xmins.count)
        // Values are read a batch at a time (versions are never changed in
        // place, so a batch read ahead stays valid); xmax is read per row,
        // as the statement itself may delete versions while it scans.
        var buffers = [[Value]](repeating: [], count: used.count)
        // Versions come in runs written by one transaction (a bulk load,
        // a multi-row INSERT): a never-deleted version's visibility is its
        // xmin's, asked of the log once per run.
        var runXmin: TransactionID = 0
        var runVisible = false
        var start = 0
        while start < end {
            let stop = min(start + 1024, end)
            for k in 0..<used.count {
                usedVectors[k].copyValues(start..<stop, into: &buffers[k])
            }
            let batchXmins = xmins[start..<stop]
            for id in start..<stop {
                let xmin = batchXmins[id]
                let xmax = xmaxs[id]
                let visible: Bool
                if xmax == 0 {
                    if xmin != runXmin {
                        runXmin = xmin
                        runVisible = snapshot.isVisible(xmin: xmin, xmax: 0)
                    }
                    visible = runVisible
                } else {
                    visible = snapshot.isVisible(xmin: xmin, xmax: xmax)
                }
                guard visible else { continue }
                row.withUnsafeMutableBufferPointer { slots in
                    for k in 0..<used.count { slots[used[k]] = buffers[k][id - start] }
                }
                if try !body(id, row) { return }
            }
            start = stop
        }
    }

    package func scanBatches(
        snapshot: Snapshot, columns: [Int], limit: Int,
        _ body: (ColumnBatch) throws -> Bool
    ) throws {
        let used = columns.filter { $0 >= 0 && $0 < vectors.count }
        let end = min(limit, xmins.count)
        var ids = ContiguousArray<RowID>()
        ids.reserveCapacity(columnBatchSize)
        var runXmin: TransactionID = 0
        var runVisible = false
        var start = 0
        while start < end {
            let stop = min(start + columnBatchSize, end)
            ids.removeAll(keepingCapacity: true)
            // The same visibility rule as `scan`, a run of one xmin at a time.
            xmins.withUnsafeBufferPointer { xmins in
                xmaxs.withUnsafeBufferPointer { xmaxs in
                    for id in start..<stop {
                        let xmin = xmins[id]
                        let xmax = xmaxs[id]
                        if xmax == 0 {
                            if xmin != runXmin {
                                runXmin = xmin
                                runVisible = snapshot.isVisible(xmin: xmin, xmax: 0)
                            }
                            if runVisible { ids.append(id) }
                        } else if snapshot.isVisible(xmin: xmin, xmax: xmax) {
                            ids.append(id)
                        }
                    }
                }
            }
            start = stop
            guard !ids.isEmpty else { continue }
            var slots = [BatchValues?](repeating: nil, count: vectors.count)
            for c in used { slots[c] = vectors[c].batch(ids) }
            if try !body(ColumnBatch(rowIDs: ids, columns: slots)) { return }
        }
    }

    package func isVisible(_ id: RowID, snapshot: Snapshot) -> Bool {
        guard id >= 0 && id < xmins.count else { return false }
        return snapshot.isVisible(xmin: xmins[id], xmax: xmaxs[id])
    }

    package func lock(
        _ id: RowID, mode: RowLockMode, xid: TransactionID, log: TransactionLog
    ) -> RowLockResult {
        let result = check(id, mode: mode, xid: xid, log: log)
        guard result == .locked else { return result }
        var holders = rowLocks[id] ?? []
        // Lockers that ended hold nothing; a stronger lock of ours covers.
        holders.removeAll { !log.isRunning($0.xid) }
        let ownTop = log.topLevel(of: xid)
        let covered = holders.contains {
            log.topLevel(of: $0.xid) == ownTop && $0.mode.rawValue >= mode.rawValue
        }
        if !covered { holders.append(RowLocker(xid: xid, mode: mode)) }
        rowLocks[id] = holders
        return .locked
    }

    package func delete(
        _ id: RowID, mode: RowLockMode, xid: TransactionID, log: TransactionLog
    ) -> RowLockResult {
        let result = check(id, mode: mode, xid: xid, log: log)
        if result == .locked { xmaxs[id] = xid }
        return result
    }

    /// Whether `xid` may lock version `id` in `mode` now (heap_lock_tuple's
    /// and heap_update's test of the tuple's xmax and lockers).
    private func check(
        _ id: RowID, mode: RowLockMode, xid: TransactionID, log: TransactionLog
    ) -> RowLockResult {
        guard id >= 0 && id < xmaxs.count else { return .updated(nil) }
        let ownTop = log.topLevel(of: xid)
        let xmax = xmaxs[id]
        if xmax != 0 && !log.isAborted(xmax) {
            if log.topLevel(of: xmax) == ownTop { return .selfModified }
            if log.isRunning(xmax) { return .blocked(xmax) }
            if movedVersions.contains(id) { return .moved }
            return .updated(successors[id])
        }
        for locker in rowLocks[id] ?? [] where locker.mode.conflicts(with: mode) {
            if log.isRunning(locker.xid) && log.topLevel(of: locker.xid) != ownTop {
                return .blocked(locker.xid)
            }
        }
        return .locked
    }

    package func link(_ id: RowID, to successor: RowID?) {
        guard let successor else {
            movedVersions.insert(id)
            return
        }
        successors[id] = successor
        // Locks the update did not conflict with (FOR KEY SHARE under a
        // non-key UPDATE) hold the new version too, as PostgreSQL carries
        // them over in the new tuple's multixact.
        if let holders = rowLocks[id] { rowLocks[successor] = holders }
    }

    package func addUniqueIndex(columns: [Int], nullsNotDistinct: Bool) -> UniqueIndex {
        let index = UniqueIndex(columns: columns, nullsNotDistinct: nullsNotDistinct)
        for id in 0..<xmins.count {
            index.add(fetch(id), id: id)
        }
        uniqueIndexes.append(index)
        return index
    }

    package func removeUniqueIndex(columns: [Int], nullsNotDistinct: Bool?) {
        let at = uniqueIndexes.firstIndex { index in
            index.columns == columns
                && (nullsNotDistinct.map { index.nullsNotDistinct == $0 } ?? true)
        }
        if let at { uniqueIndexes.remove(at: at) }
    }

    package func conflictingVersions(
        _ index: UniqueIndex, key: [Value], xid: TransactionID, log: TransactionLog
    ) -> UniqueProbe {
        let ownTop = log.topLevel(of: xid)
        let horizon = log.visibilityHorizon
        var result: [RowID] = []
        var dead: Set<RowID> = []
        defer { if !dead.isEmpty { index.remove(dead, key: key) } }
        for id in index.lookup(key) where id < xmins.count {
            let xmin = xmins[id]
            let xmax = xmaxs[id]
            // Versions no snapshot can see leave the index, as btree
            // entries of dead tuples do when an index scan meets them.
            if log.isAborted(xmin) || (xmax != 0 && xmax < horizon && log.isCommitted(xmax)) {
                dead.insert(id)
                continue
            }
            if log.isRunning(xmin) && log.topLevel(of: xmin) != ownTop {
                return .inProgress(xmin, id)
            }
            if xmax == 0 || log.isAborted(xmax) {
                result.append(id)
                continue
            }
            if log.isRunning(xmax) && log.topLevel(of: xmax) != ownTop {
                return .inProgress(xmax, id)
            }
        }
        return .conflicts(result)
    }

    package func count(snapshot: Snapshot) -> Int {
        var n = 0
        for id in 0..<xmins.count where snapshot.isVisible(xmin: xmins[id], xmax: xmaxs[id]) {
            n += 1
        }
        return n
    }

    package func forEachVersion(from start: Int, _ body: (Row) -> Void) {
        for id in max(0, start)..<max(start, xmins.count) { body(fetch(id)) }
    }

    package var estimatedBytes: Int {
        vectors.reduce(xmins.capacity * 8) { $0 + $1.estimatedBytes }
    }
}
