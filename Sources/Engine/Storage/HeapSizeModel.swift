// How many 8 kB pages PostgreSQL 15's heap would use for a table's tuples,
// replayed insert by insert as heap_insert places them: into the page it
// used last while the tuple fits (fillfactor 100, at most 291 line
// pointers), otherwise into a page the free space map offers, otherwise a
// new page at the end. The free space map itself (fork `fsm`) appears the
// first time a page is left for another, and it is replayed too, since it
// decides where later small tuples go.

/// The heap pages of a replayed table and its free space map.
package struct HeapFill {
    /// Bytes in use on each page (header, line pointers, tuples).
    private var used: [Int] = []
    private var tuples: [Int] = []
    private var target: Int?
    private var fsm: FreeSpaceMap?

    package init() {}

    /// Number of heap pages.
    package var pageCount: Int { used.count }

    /// Pages of the free space map fork (0 while it does not exist).
    package var fsmPageCount: Int { fsm?.pageCount ?? 0 }

    /// Places one tuple of `length` bytes (t_len); returns where it went,
    /// its page and its 1-based line pointer there (the tuple's ctid).
    @discardableResult
    package mutating func insert(length: Int) -> (block: Int, offset: Int) {
        let size = maxAlign(length)
        if target == nil && !used.isEmpty {
            target = used.count - 1
        }
        while let page = target {
            if size <= freeSpace(page) {
                add(size, to: page)
                return (page, tuples[page])
            }
            let free = freeSpace(page)
            var map = fsm ?? FreeSpaceMap()
            fsm = nil  // keeps the map uniquely referenced while it changes
            target = map.recordAndSearch(page: page, free: free, needed: size)
            fsm = map
        }
        used.append(PageLayout.pageHeader)
        tuples.append(0)
        target = used.count - 1
        add(size, to: used.count - 1)
        return (used.count - 1, tuples[used.count - 1])
    }

    /// PageGetHeapFreeSpace: room left for one more tuple's data.
    private func freeSpace(_ page: Int) -> Int {
        if tuples[page] >= PageLayout.maxHeapTuplesPerPage { return 0 }
        return max(0, PageLayout.blockSize - used[page] - PageLayout.itemPointer)
    }

    private mutating func add(_ size: Int, to page: Int) {
        used[page] += size + PageLayout.itemPointer
        tuples[page] += 1
    }
}

/// The free space map of one relation: a tree of pages whose leaves hold
/// each heap page's free space in 32-byte steps, searched as
/// fsm_search_avail does (from the slot after the last one it returned,
/// rightwards, then wrapping). One leaf page covers 4069 heap pages;
/// beyond that each leaf page is searched in turn.
struct FreeSpaceMap {
    private var leaves: [FSMPage] = [FSMPage()]

    static let slotsPerPage = 4069

    /// Pages of the fork: the root, one middle page and the leaf pages up
    /// to the highest heap page recorded (fsm_logical_to_physical).
    var pageCount: Int {
        let k = leaves.count - 1
        let s = Self.slotsPerPage
        return k + k / s + k / (s * s) + 3
    }

    /// RecordAndGetPageWithFreeSpace: records `free` bytes for `page`,
    /// then returns a page with at least `needed` bytes, if any.
    mutating func recordAndSearch(page: Int, free: Int, needed: Int) -> Int? {
        let leaf = page / Self.slotsPerPage
        while leaves.count <= leaf { leaves.append(FSMPage()) }
        leaves[leaf].set(page % Self.slotsPerPage, Self.availableCategory(free))
        let want = Self.neededCategory(needed)
        if let slot = leaves[leaf].search(want) {
            return leaf * Self.slotsPerPage + slot
        }
        for (index, _) in leaves.enumerated() where index != leaf {
            if let slot = leaves[index].search(want) {
                return index * Self.slotsPerPage + slot
            }
        }
        return nil
    }

    /// fsm_space_avail_to_cat.
    static func availableCategory(_ free: Int) -> UInt8 {
        if free >= 8160 { return 255 }
        return UInt8(min(free / 32, 254))
    }

    /// fsm_space_needed_to_cat.
    static func neededCategory(_ needed: Int) -> UInt8 {
        if needed == 0 { return 1 }
        return UInt8(min((needed + 31) / 32, 255))
    }
}

/// One FSM page: a binary max-tree over its leaf slots.
struct FSMPage {
    private static let nodeCount = 8164
    private static let nonLeafCount = 4095
    private var nodes = [UInt8](repeating: 0, count: nodeCount)
    private var nextSlot = 0

    /// fsm_set_avail: stores a slot's value and fixes its ancestors.
    mutating func set(_ slot: Int, _ value: UInt8) {
        var node = slot + Self.nonLeafCount
        nodes[node] = value
        while node > 0 {
            node = (node - 1) / 2
            let left = 2 * node + 1
            let l = nodes[left]
            let r = left + 1 < Self.nodeCount ? nodes[left + 1] : 0
            let top = max(l, r)
            if nodes[node] == top { break }
            nodes[node] = top
        }
    }

    /// fsm_search_avail with advancenext: the first slot at or after the
    /// last search's that holds `minimum`, climbing right and wrapping.
    mutating func search(_ minimum: UInt8) -> Int? {
        guard nodes[0] >= minimum else { return nil }
        var node = (nextSlot < FreeSpaceMap.slotsPerPage ? nextSlot : 0) + Self.nonLeafCount
        while node > 0 && nodes[node] < minimum {
            node = (Self.rightNeighbor(node) - 1) / 2
        }
        while node < Self.nonLeafCount {
            let left = 2 * node + 1
            if left < Self.nodeCount && nodes[left] >= minimum {
                node = left
            } else if left + 1 < Self.nodeCount && nodes[left + 1] >= minimum {
                node = left + 1
            } else {
                return nil
            }
        }
        let slot = node - Self.nonLeafCount
        nextSlot = slot + 1
        return slot
    }

    /// The node to the right on the same level, wrapping to the level's
    /// first node's parent level as fsm_page.c's rightneighbor does.
    private static func rightNeighbor(_ x: Int) -> Int {
        let next = x + 1
        return (next + 1) & next == 0 ? (next - 1) / 2 : next
    }
}
