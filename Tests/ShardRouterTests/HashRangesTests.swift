// Shard intervals and shard choice against what a real Citus 12.1 cluster
// printed (Fixtures/citus-reference/11_hashing.out: the lab's http_request
// with 32 shards from shard id 102008, placed on two workers).
import Engine
import Foundation
import Testing

@testable import ShardRouter

@Suite struct HashRangesTests {
    /// One row of the reference's "which shard each site lands on" table.
    struct SiteRow {
        var site: Int32, shardID: Int, hash: Int32, minimum: Int32, maximum: Int32, port: Int
    }

    static func referenceRows() throws -> [SiteRow] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/citus-reference/11_hashing.out")
        let text = try String(contentsOf: url, encoding: .utf8)
        return text.split(separator: "\n").compactMap { line in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard cells.count == 6, let site = Int32(cells[0]), let id = Int(cells[1]),
                let hash = Int32(cells[2]), let low = Int32(cells[3]), let high = Int32(cells[4]),
                let port = Int(cells[5])
            else { return nil }
            return SiteRow(
                site: site, shardID: id, hash: hash, minimum: low, maximum: high, port: port)
        }
    }

    @Test func everySiteOfTheReferenceLandsOnItsShard() throws {
        let rows = try Self.referenceRows()
        #expect(rows.count == 32)
        let ranges = HashRanges(shardCount: 32)
        for row in rows {
            #expect(PostgresHash.int4(row.site) == row.hash, "hashint4(\(row.site))")
            let index = try #require(ranges.index(of: .int4(row.site), type: .int4))
            #expect(102_008 + index == row.shardID, "site \(row.site)")
            #expect(ranges.range(of: index) == row.minimum...row.maximum)
            // Placements alternate between the two workers in shard order.
            #expect(9701 + index % 2 == row.port, "site \(row.site)")
        }
    }

    @Test func slicesCoverTheHashSpaceWithoutGaps() {
        for count in [1, 2, 3, 7, 32, 64, 100] {
            let ranges = HashRanges(shardCount: count)
            #expect(ranges.range(of: 0).lowerBound == Int32.min)
            #expect(ranges.range(of: count - 1).upperBound == Int32.max)
            for i in 1..<count {
                #expect(Int64(ranges.range(of: i).lowerBound)
                    == Int64(ranges.range(of: i - 1).upperBound) + 1)
            }
        }
    }

    /// For random values of each type, the chosen slice holds the value's
    /// hash (the property the issue asks for).
    @Test func chosenSliceHoldsTheHash() {
        var generator = SystemRandomNumberGenerator()
        let values: [(Value, PGType)] = (0..<2000).flatMap { _ -> [(Value, PGType)] in
            let n = Int64.random(in: .min ... .max, using: &generator)
            let text = String((0..<Int.random(in: 0...40, using: &generator)).map { _ in
                Character(UnicodeScalar(UInt8.random(in: 32...126, using: &generator)))
            })
            return [
                (.int4(Int32(truncatingIfNeeded: n)), .int4), (.int8(n), .int8),
                (.int2(Int16(truncatingIfNeeded: n)), .int2), (.text(text), .text),
                (.timestamptz(n >> 8), .timestamptz),
                (.date(Int32(truncatingIfNeeded: n >> 40)), .date),
            ]
        }
        for count in [1, 3, 32, 50] {
            let ranges = HashRanges(shardCount: count)
            for (value, type) in values {
                guard let hash = PostgresHash.standard(value, type: type),
                    let index = ranges.index(of: value, type: type)
                else {
                    Issue.record("no hash for \(value)")
                    continue
                }
                #expect(ranges.range(of: index).contains(hash))
            }
        }
    }
}
