// The session as built-in functions see it (EvaluationContext): now()
// fixed at the transaction's start, the clock, the random() stream,
// pg_sleep() that wakes up for cancels, settings and notices.

extension Session: EvaluationContext {
    package var transactionTimestamp: Int64 {
        transaction?.timestamp ?? statementStart
    }

    package var statementTimestamp: Int64 { statementStart }

    package func clockTimestamp() -> Int64 {
        engine.clock.now()
    }

    package func random() -> Double {
        randomGenerator.nextDouble()
    }

    package func setSeed(_ seed: Double) {
        randomGenerator = RandomGenerator(fractionalSeed: seed)
    }

    /// Sleeps until the clock has moved `seconds` on, letting other
    /// sessions run meanwhile and checking for cancel and statement
    /// timeout. On a virtual clock a background session's sleep waits for
    /// the clock; any other session's sleep moves it.
    package func sleep(seconds: Double) throws {
        guard seconds >= 0, seconds.isFinite else { return }
        try sleep(until: engine.clock.now() + Int64(min(seconds, 1e9) * 1_000_000))
    }

    /// Sleeps until the clock reads `end` (see `sleep(seconds:)`).
    package func sleep(until end: Int64) throws {
        engine.statementLock.unlock()
        defer { engine.statementLock.lock() }
        try engine.clock.pause(until: end, waker: waker) { try checkInterrupts() }
        try checkInterrupts()
    }

    package func setting(_ name: String) -> String? {
        settings.value(name)
    }

    package func loadLibrary(_ name: String) {
        guard !loadedLibraries.contains(name) else { return }
        loadedLibraries.insert(name)
        for definition in engine.libraries[name]?.settings ?? [] {
            settings.define(definition)
        }
    }

    package func emitNotice(_ notice: SQLError) {
        report(notice)
    }

    package func setSetting(_ name: String, _ value: String, isLocal: Bool) throws {
        // Outside a block a local value lasts until the implicit
        // transaction ends, as PostgreSQL's does.
        try settings.set(name, text: value, local: isLocal)
    }

    package var currentDatabase: String { database }

    package var currentUser: String { user }

    /// A table's sizes; a view has none (0 bytes), a sequence one page,
    /// and a key constraint's index its btree's pages.
    package func relationSizes(_ oid: Int32) -> RelationSizes? {
        let catalog = self.catalog
        if let table = catalog.table(oid) { return table.diskSizes }
        if catalog.view(oid) != nil { return RelationSizes() }
        var sizes = RelationSizes()
        if catalog.sequence(oid) != nil {
            sizes.main = PageLayout.blockSize
            return sizes
        }
        guard let entry = catalog.indexEntry(oid) else { return nil }
        if entry.table.isPartitioned { return sizes }
        guard let size = entry.table.indexSize(entry.name) else { return nil }
        sizes.main = size
        return sizes
    }
}
