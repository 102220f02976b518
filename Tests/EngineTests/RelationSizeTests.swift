import Testing

// The size model on its own: tuple widths, heap page filling and the free
// space map, btree page counts. Expected numbers were measured on
// PostgreSQL 15 (pg_column_size, pg_relation_size, pg_indexes_size); the
// golden 41_relation_sizes covers the SQL functions.
@testable import Engine

@Suite("Relation sizes")
struct RelationSizeTests {
    @Test func tupleWidthsFollowAlignmentAndShortHeaders() {
        let shape = TupleShape(types: [.int4, .timestamptz, .text])
        // 24-byte header, int4 at 0, timestamptz aligned to 8, "China"
        // with a 1-byte header: 24 + 16 + 6.
        let row: Row = [.int4(1), .timestamptz(0), .text("China")]
        #expect(shape.heapTupleLength(row) == 46)
        // A NULL adds the bitmap (still within the 24-byte header).
        #expect(shape.heapTupleLength([.int4(1), .null, .text("China")]) == 34)
        #expect(shape.indexTupleSize([.int4(1)], columns: [0]) == 16)
        let long = String(repeating: "x", count: 200)
        // 200 bytes need the 4-byte header, aligned to 4 after the int.
        #expect(shape.heapTupleLength([.int4(1), .null, .text(long)]) == 24 + 4 + 204)
    }

    @Test func numericsTakeOneInt16PerBase10000Digit() {
        #expect(DatumSize.numeric(Numeric(0)) == 6)
        #expect(DatumSize.numeric(Numeric(parsing: "15000.5")!) == 6 + 2 * 3)
        #expect(DatumSize.numeric(Numeric(parsing: "10000")!) == 6 + 2)
    }

    @Test func heapPagesHold226NarrowTuples() {
        var heap = HeapFill()
        for _ in 0..<226 { heap.insert(length: 28) }
        #expect(heap.pageCount == 1)
        #expect(heap.fsmPageCount == 0)
        heap.insert(length: 28)
        #expect(heap.pageCount == 2)
        // Leaving the first page creates the free space map: 3 pages.
        #expect(heap.fsmPageCount == 3)
    }

    @Test func smallTuplesReuseSpaceTheMapRecorded() {
        var heap = HeapFill()
        // 8 tuples of 1000 bytes leave 132 bytes for one more on page 1.
        for _ in 0..<9 { heap.insert(length: 1000) }
        #expect(heap.pageCount == 2)
        // Page 2 is left with 52 bytes.
        heap.insert(length: 7100)
        #expect(heap.pageCount == 2)
        // 100 bytes fit the first page, which the map offers.
        heap.insert(length: 100)
        #expect(heap.pageCount == 2)
        heap.insert(length: 100)
        #expect(heap.pageCount == 3)
    }

    @Test func sequentialIntegerKeysFillLeavesToNinetyPercent() {
        let shape = TupleShape(types: [.int4])
        var tree = BTreeFill(shape: shape, columns: [0])
        #expect(tree.pageCount == 1)
        for i in 1...10_000 { tree.insert([.int4(Int32(i))], size: 16) }
        // Measured: 245760 bytes for 10000 ascending int4 keys.
        #expect(tree.pageCount * 8192 == 245_760)
    }

    @Test func prettySizesRoundHalvesAwayFromZero() throws {
        #expect(prettySize(Int64(10239)) == "10239 bytes")
        #expect(prettySize(Int64(10240)) == "10 kB")
        #expect(prettySize(Int64(-10240)) == "-10 kB")
        #expect(prettySize(Int64.max) == "8192 PB")
        #expect(try parseSize(".1 kB") == 102)
        #expect(throws: SQLError.self) { try parseSize("1 B") }
    }
}
