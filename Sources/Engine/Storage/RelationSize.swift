// The bytes a table would take on a PostgreSQL 15 server, fork by fork, as
// pg_relation_size and its relatives report them. The storage replays its
// row versions (dead ones too: PostgreSQL keeps them until VACUUM) through
// the heap and btree models; a table with toastable columns has a TOAST
// table, empty here, and its index's metapage. A partitioned parent has no
// storage and takes no bytes.
import Foundation
//
// TODO(#6): values that would be compressed or moved to the TOAST table
// (tuples over 2032 bytes) are counted inline; pruning, VACUUM and the
// visibility map, HOT updates (which add no index entry) and indexes built
// over existing rows (filled at 90% in one pass) are not modelled.

/// A relation's sizes in bytes.
package struct RelationSizes: Equatable, Sendable {
    /// The main fork of the heap.
    package var main = 0
    /// The free space map fork.
    package var fsm = 0
    /// The visibility map fork (made by VACUUM, never here).
    package var vm = 0
    /// The TOAST table with all its forks and its index.
    package var toast = 0
    /// Every index of the table.
    package var indexes = 0

    /// pg_table_size: the heap's forks and TOAST.
    package var table: Int { main + fsm + vm + toast }

    /// pg_total_relation_size: the table and its indexes.
    package var total: Int { table + indexes }

    /// The fork pg_relation_size(rel, fork) names, nil for an unknown one.
    package func fork(_ name: String) -> Int? {
        switch name {
        case "main": return main
        case "fsm": return fsm
        case "vm": return vm
        case "init": return 0
        default: return nil
        }
    }
}

extension TableDefinition {
    /// The sizes PostgreSQL's heap and btrees would have for this table's
    /// stored versions.
    package var diskSizes: RelationSizes {
        guard let storage else { return RelationSizes() }
        let shape = TupleShape(types: columns.map(\.type))
        let keyColumns = constraints.compactMap(\.keyColumns)
        let replay = SizeReplay.replay(of: storage, shape: shape, keyColumns: keyColumns)
        let block = PageLayout.blockSize
        var sizes = RelationSizes()
        sizes.main = replay.heap.pageCount * block
        sizes.fsm = replay.heap.fsmPageCount * block
        sizes.toast = shape.needsToastTable ? block : 0
        sizes.indexes = replay.trees.reduce(0) { $0 + $1.pageCount * block }
        return sizes
    }

    /// Where PostgreSQL's heap would hold version `id`, as a ctid prints:
    /// `(0,3)` for the third tuple of the first page. `appending` is a
    /// row about to be stored as the next version (its id the count).
    package func tupleLocation(_ id: RowID, appending: Row? = nil) -> String {
        guard let storage else { return "(0,0)" }
        let shape = TupleShape(types: columns.map(\.type))
        var heap = HeapFill()
        var position = 0
        var location = (block: 0, offset: 0)
        let place = { (row: Row) in
            let placed = heap.insert(length: shape.heapTupleLength(row))
            if position == id { location = placed }
            position += 1
        }
        storage.forEachVersion(from: 0, place)
        if let appending { place(appending) }
        return "(\(location.block),\(location.offset))"
    }

    /// The size of index `name` (its btree's pages): a key constraint's,
    /// or a CREATE INDEX index over columns; nil for any other name.
    // TODO(#6): the sizes of expression and partial indexes.
    package func indexSize(_ name: String) -> Int? {
        guard let storage else { return nil }
        let keyed = constraints.filter { $0.keyColumns != nil }
        let shape = TupleShape(types: columns.map(\.type))
        guard let position = keyed.firstIndex(where: { $0.name == name }) else {
            guard let keys = indexes.first(where: { $0.name == name })?.storedColumns else {
                return nil
            }
            var tree = BTreeFill(shape: shape, columns: keys)
            storage.forEachVersion(from: 0) { row in
                let key = keys.map { $0 < row.count ? row[$0] : .null }
                tree.insert(key, size: shape.indexTupleSize(key, columns: keys))
            }
            return tree.pageCount * PageLayout.blockSize
        }
        let replay = SizeReplay.replay(
            of: storage, shape: shape, keyColumns: keyed.compactMap(\.keyColumns))
        return replay.trees[position].pageCount * PageLayout.blockSize
    }
}

/// A storage's replay so far. Versions are only ever appended, so a later
/// question replays just the versions added since.
private final class SizeReplay {
    weak var storage: TableStorage?
    let types: [PGType]
    let keyColumns: [[Int]]
    var heap = HeapFill()
    var trees: [BTreeFill]
    var replayed = 0

    private static let lock = NSLock()
    private static var cache: [ObjectIdentifier: SizeReplay] = [:]

    init(_ storage: TableStorage, shape: TupleShape, keyColumns: [[Int]]) {
        self.storage = storage
        self.types = shape.types
        self.keyColumns = keyColumns
        self.trees = keyColumns.map { BTreeFill(shape: shape, columns: $0) }
    }

    /// The replay of `storage` brought up to date, started afresh when
    /// the table's columns or keys changed.
    static func replay(of storage: TableStorage, shape: TupleShape, keyColumns: [[Int]])
        -> SizeReplay
    {
        lock.lock()
        defer { lock.unlock() }
        cache = cache.filter { $0.value.storage != nil }
        let id = ObjectIdentifier(storage)
        var entry = cache[id]
        if entry?.storage !== storage || entry?.types != shape.types
            || entry?.keyColumns != keyColumns
        {
            entry = SizeReplay(storage, shape: shape, keyColumns: keyColumns)
        }
        let replay = entry ?? SizeReplay(storage, shape: shape, keyColumns: keyColumns)
        replay.advance(shape: shape)
        cache[id] = replay
        return replay
    }

    /// Replays the versions stored since the last call.
    private func advance(shape: TupleShape) {
        guard let storage else { return }
        storage.forEachVersion(from: replayed) { row in
            heap.insert(length: shape.heapTupleLength(row))
            for (i, columns) in keyColumns.enumerated() {
                let key = columns.map { $0 < row.count ? row[$0] : .null }
                trees[i].insert(key, size: shape.indexTupleSize(key, columns: columns))
            }
        }
        replayed = storage.versionCount
    }
}

extension BTreeFill {
    /// An empty btree over physical `columns` of rows of `shape`.
    init(shape: TupleShape, columns: [Int]) {
        let types = columns.map { shape.types[$0] }
        self.init(
            compare: { a, b in
                for (i, (x, y)) in zip(a, b).enumerated() {
                    let c = compareValues(x, y, type: types[i])
                    if c != 0 { return c }
                }
                return 0
            },
            prefixSize: { prefix in
                shape.indexTupleSize(prefix, columns: Array(columns.prefix(prefix.count)))
            })
    }
}
