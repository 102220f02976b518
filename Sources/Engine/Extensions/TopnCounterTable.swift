// The counter table of postgresql-topn 2.7.0: item frequencies kept in a
// PostgreSQL dynamic hash table (dynahash) keyed by C string. Which items
// survive a prune depends on the order dynahash iterates its entries and
// on how PostgreSQL's qsort orders equal frequencies, so both are
// reproduced: buckets chosen by hash_bytes and split as the table grows,
// chains kept in insertion order, and the Bentley-McIlroy sort of
// src/port/qsort.c.

/// One counter: an item (at most 255 bytes) and its frequency.
struct TopnCounter {
    var key: [UInt8]
    var hash: UInt32
    var frequency: Int64
}

/// A dynahash table of counters, iterated as hash_seq_search does.
struct TopnCounterTable {
    private var buckets: [[TopnCounter]]
    private var maxBucket: UInt32
    private var lowMask: UInt32
    private var highMask: UInt32
    private(set) var count = 0
    /// topn.number_of_counters when the table was made.
    let counters: Int

    /// An empty table sized as the extension asks: counters / 0.75 + 1.
    init(counters: Int) {
        self.counters = counters
        let elements = Int(Double(counters) / 0.75) + 1
        var size = 1
        while size < elements { size <<= 1 }
        buckets = Array(repeating: [], count: size)
        maxBucket = UInt32(size - 1)
        lowMask = maxBucket
        highMask = UInt32(size << 1) - 1
    }

    /// The counters in iteration order.
    var entries: [TopnCounter] { buckets.flatMap { $0 } }

    private func bucket(_ hash: UInt32) -> Int {
        var b = hash & highMask
        if b > maxBucket { b &= lowMask }
        return Int(b)
    }

    /// Splits one bucket, as dynahash grows by one bucket at a time.
    private mutating func expand() {
        let newBucket = maxBucket + 1
        let oldBucket = Int(newBucket & lowMask)
        maxBucket = newBucket
        if newBucket > highMask {
            lowMask = highMask
            highMask = newBucket | lowMask
        }
        let chain = buckets[oldBucket]
        buckets[oldBucket] = chain.filter { bucket($0.hash) == oldBucket }
        buckets.append(chain.filter { bucket($0.hash) != oldBucket })
    }

    /// HASH_ENTER then adding `amount` (saturating at int64 max) to the
    /// found counter, or setting a new one to it. True when new.
    @discardableResult
    mutating func add(_ key: [UInt8], _ amount: Int64) -> Bool {
        if count > Int(maxBucket) { expand() }
        let k = Array(key.prefix(255))
        let h = PostgresHash.bytes(k)
        let b = bucket(h)
        if let i = buckets[b].firstIndex(where: { $0.hash == h && $0.key == k }) {
            let f = buckets[b][i].frequency
            buckets[b][i].frequency = Int64.max - f < amount ? Int64.max : f + amount
            return false
        }
        buckets[b].append(TopnCounter(key: k, hash: h, frequency: amount))
        count += 1
        return true
    }

    /// PruneHashTable: above `limit` counters, keeps the first `keep` of
    /// the counters sorted by frequency, descending.
    mutating func prune(limit: Int, keep: Int) {
        guard count > limit else { return }
        var sorted = entries
        pgQsort(&sorted) { a, b in
            a.frequency == b.frequency ? 0 : (a.frequency > b.frequency ? -1 : 1)
        }
        for item in sorted.dropFirst(keep) { remove(item) }
    }

    private mutating func remove(_ item: TopnCounter) {
        let b = bucket(item.hash)
        if let i = buckets[b].firstIndex(where: { $0.key == item.key }) {
            buckets[b].remove(at: i)
            count -= 1
        }
    }

    /// The pruning after a counter is added by a transition or a union:
    /// above 3N counters, half of them stay.
    mutating func pruneForUnion() {
        prune(limit: counters * 3, keep: count / 2)
    }

    /// Folds `other` in, counter by counter in its iteration order.
    mutating func merge(_ other: TopnCounterTable) {
        for item in other.entries {
            add(item.key, item.frequency)
            pruneForUnion()
        }
    }
}
