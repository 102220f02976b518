import Testing

// The heap and the transaction log on their own: MVCC visibility of
// committed, aborted and running transactions and subtransactions, and
// the per-row memory of the lab's http_request shape.
@testable import Engine

@Suite("Storage")
struct StorageTests {
    @Test func visibilityFollowsTransactionFate() throws {
        let log = TransactionLog()
        let heap = HeapStorage(columnTypes: [.int4, .text])
        let writer = try log.begin()
        _ = try heap.insert([.int4(1), .text("a")], xid: writer)
        #expect(heap.count(snapshot: log.snapshot(own: nil)) == 0)
        #expect(heap.count(snapshot: log.snapshot(own: writer)) == 1)
        let sub = try log.beginSubtransaction(of: writer)
        _ = try heap.insert([.int4(2), .text("b")], xid: sub)
        log.abortSubtransactions([sub])
        #expect(heap.count(snapshot: log.snapshot(own: writer)) == 1)
        let before = log.snapshot(own: nil)
        log.commit(writer)
        #expect(heap.count(snapshot: before) == 0)
        #expect(heap.count(snapshot: log.snapshot(own: nil)) == 1)
        let deleter = try log.begin()
        #expect(heap.delete(0, mode: .update, xid: deleter, log: log) == .locked)
        log.abort(deleter)
        #expect(heap.count(snapshot: log.snapshot(own: nil)) == 1)
    }

    @Test func concurrentWriterIsBlockedThenSeesTheUpdate() throws {
        let log = TransactionLog()
        let heap = HeapStorage(columnTypes: [.int4])
        let t0 = try log.begin()
        _ = try heap.insert([.int4(1)], xid: t0)
        log.commit(t0)
        let t1 = try log.begin()
        let t2 = try log.begin()
        #expect(heap.delete(0, mode: .noKeyUpdate, xid: t1, log: log) == .locked)
        #expect(heap.delete(0, mode: .noKeyUpdate, xid: t2, log: log) == .blocked(t1))
        #expect(heap.lock(0, mode: .keyShare, xid: t2, log: log) == .blocked(t1))
        let newer = try heap.insert([.int4(2)], xid: t1)
        heap.link(0, to: newer)
        log.commit(t1)
        #expect(heap.delete(0, mode: .noKeyUpdate, xid: t2, log: log) == .updated(newer))
        #expect(heap.lock(newer, mode: .share, xid: t2, log: log) == .locked)
        let t3 = try log.begin()
        #expect(heap.lock(newer, mode: .share, xid: t3, log: log) == .locked)
        #expect(heap.lock(newer, mode: .keyShare, xid: t3, log: log) == .locked)
        #expect(heap.delete(newer, mode: .noKeyUpdate, xid: t3, log: log) == .blocked(t2))
        log.abort(t2)
        #expect(heap.delete(newer, mode: .noKeyUpdate, xid: t3, log: log) == .locked)
    }

    @Test func labRowsStayWithinBudget() throws {
        let heap = HeapStorage(columnTypes: [
            .int4, .timestamptz, .text, .text, .text, .int4, .int4,
        ])
        let url = "http://example.com/" + String(repeating: "a", count: 32)
        for i in 0..<100_000 {
            let row: Row = [
                .int4(Int32(i % 32)), .timestamptz(Int64(i) * 1000), .text(url), .text("Indonesia"),
                .text("123.123.123.123"), .int4(200), .int4(Int32(i % 150)),
            ]
            _ = try heap.insert(row, xid: 1)
        }
        #expect(heap.estimatedBytes / 100_000 <= 150)
    }
}
