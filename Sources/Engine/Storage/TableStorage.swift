// The narrow interface between the executor and a table's storage, so that
// another layout (a columnar store) can replace the heap without the
// planner noticing. Versions are MVCC tuples: each carries the xid that
// created it (xmin) and the one that deleted it (xmax), as heap tuples do.

/// A row version's position in its table's storage (PostgreSQL's ctid).
package typealias RowID = Int

/// What a statement may do with a table's rows. Every method works on
/// physical rows: one value per physical column, dropped columns included.
package protocol TableStorage: AnyObject {
    /// Number of physical columns each row has.
    var columnCount: Int { get }
    /// Number of row versions ever stored (live and dead): scans stop at
    /// the count they started with, so a statement never sees the
    /// versions it adds itself (the Halloween problem).
    var versionCount: Int { get }
    /// The unique indexes kept over this storage.
    var uniqueIndexes: [UniqueIndex] { get }

    /// Stores a new version written by `xid` and indexes it.
    func insert(_ row: Row, xid: TransactionID) throws -> RowID
    /// Appends a version with a given MVCC header (table rewrites).
    func insertVersion(_ row: Row, xmin: TransactionID, xmax: TransactionID)
    /// xmin and xmax of version `id`.
    func header(_ id: RowID) -> (xmin: TransactionID, xmax: TransactionID)
    /// The full physical row of version `id`.
    func fetch(_ id: RowID) -> Row
    /// One physical column of version `id`.
    func value(_ id: RowID, column: Int) -> Value
    /// Calls `body` with each version visible to `snapshot` among the
    /// first `limit` versions, filling only `columns` (others are NULL);
    /// `body` returns false to stop.
    func scan(
        snapshot: Snapshot, columns: [Int], limit: Int,
        _ body: (RowID, Row) throws -> Bool
    ) throws
    /// Like `scan`, but a batch of visible versions at a time, their
    /// `columns` column by column (see ColumnBatch).
    func scanBatches(
        snapshot: Snapshot, columns: [Int], limit: Int,
        _ body: (ColumnBatch) throws -> Bool
    ) throws
    /// True when version `id` is visible to `snapshot`.
    func isVisible(_ id: RowID, snapshot: Snapshot) -> Bool
    /// Locks version `id` for `xid` in `mode` (SELECT .. FOR UPDATE and
    /// friends), unless another transaction holds it (see RowLockResult).
    func lock(_ id: RowID, mode: RowLockMode, xid: TransactionID, log: TransactionLog)
        -> RowLockResult
    /// Marks version `id` deleted by `xid` (a DELETE, or the old half of
    /// an UPDATE, which locks it in `mode` first), unless another
    /// transaction holds it or `xid`'s transaction already changed it.
    func delete(_ id: RowID, mode: RowLockMode, xid: TransactionID, log: TransactionLog)
        -> RowLockResult
    /// Records the version an UPDATE replaced `id` with, nil when it
    /// moved the row into another partition, for EvalPlanQual.
    func link(_ id: RowID, to successor: RowID?)
    /// Adds a unique index over physical `columns` and fills it.
    func addUniqueIndex(columns: [Int], nullsNotDistinct: Bool) -> UniqueIndex
    /// Removes one index over exactly `columns` (each constraint or index
    /// keeps one of its own), one with `nullsNotDistinct` when given.
    func removeUniqueIndex(columns: [Int], nullsNotDistinct: Bool?)
    /// Versions whose key on `index` equals `key` and that block a new
    /// row with that key (not deleted, not aborted), or the transaction
    /// still running whose outcome decides it.
    func conflictingVersions(
        _ index: UniqueIndex, key: [Value], xid: TransactionID, log: TransactionLog
    ) -> UniqueProbe
    /// Number of versions visible to `snapshot`.
    func count(snapshot: Snapshot) -> Int
    /// Calls `body` with every version stored from position `start` on,
    /// live, dead and aborted alike, in the order they were stored: what
    /// a heap holds until VACUUM, for the size model.
    func forEachVersion(from start: Int, _ body: (Row) -> Void)
    /// Approximate bytes used by row data and MVCC headers.
    var estimatedBytes: Int { get }
}

extension TableStorage {
    /// Removes one index over exactly `columns`, if any.
    package func removeUniqueIndex(columns: [Int]) {
        removeUniqueIndex(columns: columns, nullsNotDistinct: nil)
    }
}

/// Row lock strengths, weakest first, with PostgreSQL's conflict table:
/// FOR KEY SHARE, FOR SHARE, FOR NO KEY UPDATE (an UPDATE that keeps the
/// keys), FOR UPDATE (a DELETE or an UPDATE of a key column).
package enum RowLockMode: Int, Comparable {
    case keyShare, share, noKeyUpdate, update

    /// True when a lock in `self` keeps another transaction from taking
    /// one in `other`.
    package func conflicts(with other: RowLockMode) -> Bool {
        switch (self, other) {
        case (.update, _), (_, .update): return true
        case (.noKeyUpdate, .keyShare), (.keyShare, .noKeyUpdate): return false
        case (.noKeyUpdate, _), (_, .noKeyUpdate): return true
        default: return false
        }
    }

    /// The heavyweight lock mode a waiter takes on the tuple for this
    /// strength (PostgreSQL's tupleLockExtraInfo), as DETAIL names it.
    package var tupleLockName: String {
        switch self {
        case .keyShare: return "AccessShareLock"
        case .share: return "RowShareLock"
        case .noKeyUpdate: return "ExclusiveLock"
        case .update: return "AccessExclusiveLock"
        }
    }

    package static func < (lhs: RowLockMode, rhs: RowLockMode) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}

/// A row lock one transaction holds on a version.
struct RowLocker {
    var xid: TransactionID
    var mode: RowLockMode
}

/// What locking (or deleting) a row version found (heap_lock_tuple's
/// TM_Result).
package enum RowLockResult: Equatable {
    /// Locked (deleted) by the caller.
    case locked
    /// The caller's own transaction already deleted or replaced it.
    case selfModified
    /// Another running transaction (this xid) wrote or locks it.
    case blocked(TransactionID)
    /// A committed transaction replaced it with this newer version, or
    /// deleted it (nil).
    case updated(RowID?)
    /// A committed UPDATE moved it into another partition.
    case moved
}

/// What a unique index holds for a key (see `conflictingVersions`).
package enum UniqueProbe {
    /// Live versions with the key; empty when the key is free.
    case conflicts([RowID])
    /// A running transaction (this xid) inserted or deleted the version
    /// with the key; its outcome decides.
    case inProgress(TransactionID, RowID)
}
