// How many 8 kB pages a PostgreSQL 15 btree would use for a unique
// index's keys, replayed insert by insert: the metapage, then leaf and
// internal pages that split as nbtsplitloc.c chooses. A split weighs the
// free space left on each half (90:10 on the rightmost leaf, as leaf
// fillfactor 90 asks, 70:30 on the rightmost internal page, even
// otherwise), looks among the near-optimal points for the one whose new
// high key needs the fewest key columns (suffix truncation), and posts
// that high key to the parent. Unique indexes never deduplicate.

/// One replayed btree page.
private final class BTreePage {
    let isLeaf: Bool
    /// Keys of the items (nil for an internal page's minus-infinity item;
    /// a pivot may hold only a prefix of the key columns).
    private(set) var keys: [[Value]?] = []
    /// MAXALIGNed tuple sizes of the items.
    private(set) var sizes: [Int] = []
    /// Children of an internal page, one per item.
    private(set) var children: [BTreePage] = []
    /// Size of the high key; nil on the rightmost page of a level.
    var highKey: Int?
    /// The items' bytes with their line pointers.
    private var itemBytes = 0

    init(isLeaf: Bool) { self.isLeaf = isLeaf }

    /// Bytes in use after the page header and special space.
    var used: Int {
        itemBytes + (highKey.map { $0 + PageLayout.itemPointer } ?? 0)
    }

    /// Replaces every item.
    func setItems(_ keys: [[Value]?], _ sizes: [Int], _ children: [BTreePage]) {
        self.keys = keys
        self.sizes = sizes
        self.children = children
        itemBytes = sizes.reduce(0) { $0 + $1 + PageLayout.itemPointer }
    }

    /// Adds one item (and its child on an internal page) at `position`.
    func insert(key: [Value]?, size: Int, child: BTreePage?, at position: Int) {
        keys.insert(key, at: position)
        sizes.insert(size, at: position)
        itemBytes += size + PageLayout.itemPointer
        if let child { children.insert(child, at: position) }
    }
}

/// A candidate split: `left` items go left.
private struct SplitPoint {
    var left: Int
    var leftFree: Int
    var rightFree: Int
    var delta: Int = 0
}

/// A replayed btree over keys of `columns`.
package struct BTreeFill {
    private let compare: ([Value], [Value]) -> Int
    private let prefixSize: ([Value]) -> Int
    private var root: BTreePage?
    private var pages = 0
    private static let space =
        PageLayout.blockSize - PageLayout.pageHeader - PageLayout.btreeSpecial

    /// An empty index whose keys compare with `compare` (-1, 0, 1) and
    /// whose pivot tuples holding a key prefix take `prefixSize` bytes.
    package init(
        compare: @escaping ([Value], [Value]) -> Int, prefixSize: @escaping ([Value]) -> Int
    ) {
        self.compare = compare
        self.prefixSize = prefixSize
    }

    /// Pages of the index: the metapage and every tree page.
    package var pageCount: Int { 1 + pages }

    /// Inserts `key`, whose index tuple is `size` bytes (MAXALIGNed).
    package mutating func insert(_ key: [Value], size: Int) {
        guard let top = root else {
            let leaf = BTreePage(isLeaf: true)
            leaf.setItems([key], [size], [])
            root = leaf
            pages = 1
            return
        }
        var path: [(page: BTreePage, index: Int)] = []
        var page = top
        while !page.isLeaf {
            let index = childIndex(page, key)
            path.append((page, index))
            page = page.children[index]
        }
        let position = leafPosition(page, key)
        insertItem(into: page, at: position, key: key, size: size, child: nil, path: path)
    }

    /// The item of internal `page` whose subtree holds `key`: the last
    /// pivot not above it (a truncated pivot sorts below its extensions).
    private func childIndex(_ page: BTreePage, _ key: [Value]) -> Int {
        var low = 1
        var high = page.keys.count
        while low < high {
            let mid = (low + high) / 2
            if pivot(page.keys[mid], isAtMost: key) { low = mid + 1 } else { high = mid }
        }
        return low - 1
    }

    private func pivot(_ pivot: [Value]?, isAtMost key: [Value]) -> Bool {
        guard let pivot else { return true }
        return compare(Array(key.prefix(pivot.count)), pivot) >= 0
    }

    /// Where `key` goes among a leaf's items: after every item not above it.
    private func leafPosition(_ page: BTreePage, _ key: [Value]) -> Int {
        var low = 0
        var high = page.keys.count
        while low < high {
            let mid = (low + high) / 2
            if let k = page.keys[mid], compare(k, key) <= 0 { low = mid + 1 } else { high = mid }
        }
        return low
    }

    /// Adds an item to `page` at `position`, splitting when it does not fit.
    private mutating func insertItem(
        into page: BTreePage, at position: Int, key: [Value]?, size: Int,
        child: BTreePage?, path: [(page: BTreePage, index: Int)]
    ) {
        if page.used + size + PageLayout.itemPointer <= Self.space {
            page.insert(key: key, size: size, child: child, at: position)
            return
        }
        var keys = page.keys
        var sizes = page.sizes
        var children = page.children
        keys.insert(key, at: position)
        sizes.insert(size, at: position)
        if let child { children.insert(child, at: position) }
        let split = chooseSplit(page, keys: keys, sizes: sizes, newItem: position)
        let right = BTreePage(isLeaf: page.isLeaf)
        right.highKey = page.highKey
        var rightKeys = Array(keys[split...])
        var rightSizes = Array(sizes[split...])
        if !page.isLeaf {
            rightKeys[0] = nil
            rightSizes[0] = PageLayout.indexTupleHeader
        }
        let rightChildren = page.isLeaf ? [] : Array(children[split...])
        right.setItems(rightKeys, rightSizes, rightChildren)
        let (pivotKey, pivotSize) = highKey(keys, sizes, split: split, isLeaf: page.isLeaf)
        let leftChildren = page.isLeaf ? [] : Array(children[..<split])
        page.setItems(Array(keys[..<split]), Array(sizes[..<split]), leftChildren)
        page.highKey = pivotSize
        pages += 1
        post(pivotKey, size: pivotSize, right: right, left: page, path: path)
    }

    /// Sends the new right page's downlink to the parent, growing a new
    /// root when the split page was the root.
    private mutating func post(
        _ key: [Value], size: Int, right: BTreePage, left: BTreePage,
        path: [(page: BTreePage, index: Int)]
    ) {
        guard let (parent, index) = path.last else {
            let top = BTreePage(isLeaf: false)
            top.setItems([nil, key], [PageLayout.indexTupleHeader, size], [left, right])
            root = top
            pages += 1
            return
        }
        insertItem(
            into: parent, at: index + 1, key: key, size: size, child: right,
            path: Array(path.dropLast()))
    }

    /// The left page's new high key: on a leaf the first right key cut to
    /// the columns that tell it from the last left key (_bt_truncate), on
    /// an internal page the first right pivot as it is.
    private func highKey(_ keys: [[Value]?], _ sizes: [Int], split: Int, isLeaf: Bool)
        -> ([Value], Int)
    {
        let firstRight = keys[split] ?? []
        guard isLeaf, let lastLeft = keys[split - 1] else { return (firstRight, sizes[split]) }
        let keep = keptColumns(lastLeft, firstRight)
        guard keep < firstRight.count else { return (firstRight, sizes[split]) }
        let prefix = Array(firstRight.prefix(keep))
        return (prefix, prefixSize(prefix))
    }

    /// Columns a pivot between `a` and `b` needs: the equal leading ones
    /// plus one (_bt_keep_natts_fast).
    private func keptColumns(_ a: [Value], _ b: [Value]) -> Int {
        var n = 0
        while n < min(a.count, b.count) && compare([a[n]], [b[n]]) == 0 { n += 1 }
        return n + 1
    }

    /// _bt_findsplitloc's choice among the legal split points of the page
    /// holding `keys` (the new item at `newItem`): returns how many items
    /// stay on the left.
    private func chooseSplit(_ page: BTreePage, keys: [[Value]?], sizes: [Int], newItem: Int)
        -> Int
    {
        let isRightmost = page.highKey == nil
        var candidates = splitPoints(page, sizes: sizes, newItem: newItem)
        guard !candidates.isEmpty else { return max(1, sizes.count / 2) }
        let useMultiplier = isRightmost
        let factor = page.isLeaf ? 0.90 : 0.70
        for i in candidates.indices {
            let l = Double(candidates[i].leftFree)
            let r = Double(candidates[i].rightFree)
            let weighted = useMultiplier ? factor * l - (1 - factor) * r : l - r
            candidates[i].delta = abs(Int(Int16(clamping: Int(weighted))))
        }
        candidates = stableSorted(candidates)
        let oldTotal = sizes.enumerated().reduce(0) { total, item in
            item.offset == newItem ? total : total + item.element + PageLayout.itemPointer
        }
        let interval = splitInterval(candidates, oldTotal: oldTotal, isLeaf: page.isLeaf)
        return bestSplit(
            Array(candidates[..<interval]), all: candidates, keys: keys, sizes: sizes,
            isLeaf: page.isLeaf)
    }

    /// Every split that leaves both halves room (_bt_recsplitloc).
    private func splitPoints(_ page: BTreePage, sizes: [Int], newItem: Int) -> [SplitPoint] {
        let lp = PageLayout.itemPointer
        var rightSpace = Self.space
        if let hk = page.highKey { rightSpace -= hk + lp }
        let total = sizes.reduce(0) { $0 + $1 + lp }
        var points: [SplitPoint] = []
        var toLeft = 0
        for k in 1..<sizes.count {
            toLeft += sizes[k - 1] + lp
            let firstRight = sizes[k] + lp
            var leftFree = Self.space - toLeft
            var rightFree = rightSpace - (total - toLeft)
            if page.isLeaf {
                leftFree -= firstRight + 8
            } else {
                leftFree -= firstRight
                rightFree += firstRight - (PageLayout.indexTupleHeader + lp)
            }
            if leftFree >= 0 && rightFree >= 0 {
                points.append(SplitPoint(left: k, leftFree: leftFree, rightFree: rightFree))
            }
        }
        return points
    }

    private func stableSorted(_ points: [SplitPoint]) -> [SplitPoint] {
        points.enumerated().sorted {
            $0.element.delta != $1.element.delta
                ? $0.element.delta < $1.element.delta : $0.offset < $1.offset
        }.map(\.element)
    }

    /// How many of the sorted candidates keep each side's free space within
    /// 5% (leaf) or 7.5% (internal) of the page's data of the best one.
    private func splitInterval(_ points: [SplitPoint], oldTotal: Int, isLeaf: Bool) -> Int {
        let tolerance = Int(Double(oldTotal) * (isLeaf ? 0.05 : 0.075))
        let best = points[0]
        for (i, p) in points.enumerated().dropFirst() {
            if p.leftFree < best.leftFree - tolerance || p.rightFree < best.rightFree - tolerance
                || p.leftFree > best.leftFree + tolerance
                || p.rightFree > best.rightFree + tolerance
            {
                return i
            }
        }
        return points.count
    }

    /// The split in the interval whose high key is cheapest: fewest key
    /// columns on a leaf, smallest first right item on an internal page.
    private func bestSplit(
        _ points: [SplitPoint], all: [SplitPoint], keys: [[Value]?], sizes: [Int], isLeaf: Bool
    ) -> Int {
        func penalty(_ p: SplitPoint) -> Int {
            guard isLeaf, let a = keys[p.left - 1], let b = keys[p.left] else {
                return sizes[p.left] + PageLayout.itemPointer
            }
            return keptColumns(a, b)
        }
        let perfect: Int
        if isLeaf {
            let lo = points.min { $0.left < $1.left }?.left ?? 1
            let hi = points.max { $0.left < $1.left }?.left ?? 1
            perfect = keptColumns(keys[lo - 1] ?? [], keys[hi] ?? [])
        } else {
            perfect = all.map { sizes[$0.left] + PageLayout.itemPointer }.min() ?? 0
        }
        var best = Int.max
        var chosen = points[0].left
        for p in points {
            let cost = penalty(p)
            if cost < best {
                best = cost
                chosen = p.left
            }
            if cost <= perfect { break }
        }
        return chosen
    }
}
