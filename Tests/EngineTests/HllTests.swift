// postgresql-hll 2.16 on one node. Expected values were measured on the
// real extension (PostgreSQL 15, hll 2.16 / library 2.17).
import Testing

@testable import Engine

@Suite("hll")
struct HllTests {
    private func node() throws -> Database {
        let db = Database(engine: Engine())
        try db.execute("CREATE EXTENSION hll")
        return db
    }

    /// The error `sql` raises.
    private func failure(_ db: Database, _ sql: String) -> SQLError? {
        do {
            _ = try db.execute(sql)
            return nil
        } catch let e as SQLError {
            return e
        } catch {
            return nil
        }
    }

    /// hll_set_defaults changes the calling backend's defaults only, as
    /// the extension's static variables do: another session still makes
    /// sketches with log2m 11.
    @Test func defaultsArePerSession() throws {
        let db = try node()
        let other = db.connect()
        _ = try db.execute("SELECT hll_set_defaults(12, 5, -1, 1)")
        let mine = try db.execute(
            "SELECT hll_log2m(hll_empty()), hll_log2m(hll_add_agg(hll_hash_integer(1)))")
        #expect(mine.string(0, 0) == "12")
        #expect(mine.string(0, 1) == "12")
        let theirs = try other.execute("SELECT hll_log2m(hll_empty())")
        #expect(theirs.string(0, 0) == "11")
    }

    @Test func hashesAreMurmur3FirstHalf() throws {
        let db = try node()
        let r = try db.execute(
            "SELECT hll_hash_text('abc'), hll_hash_integer(1), hll_hash_text('abc', 42), "
                + "hll_hash_bigint(1, 7), hll_hash_any(1.5::numeric), "
                + "hll_hash_any('1.2.3.4'::inet), hll_hash_text('')")
        #expect(r.string(0, 0) == "-5434086359492102041")
        #expect(r.string(0, 1) == "-8604791237420463362")
        #expect(r.string(0, 2) == "974194376405153750")
        #expect(r.string(0, 3) == "6597732354349919717")
        #expect(r.string(0, 4) == "2922243053111139450")
        #expect(r.string(0, 5) == "-7514176701565109362")
        #expect(r.string(0, 6) == "0")
    }

    @Test func representationsPromote() throws {
        let db = try node()
        let r = try db.execute(
            """
            SELECT n, hll_type(h), length(h::text), hll_cardinality(h)
            FROM (SELECT n, (SELECT hll_add_agg(hll_hash_integer(s))
                             FROM generate_series(1, n) s) AS h
                  FROM unnest(ARRAY[160, 161, 1000]) n) x ORDER BY n
            """)
        #expect(r.int(0, 1) == 2)
        #expect(r.int(0, 2) == 2 + 2 * 1283)
        #expect(r.int(1, 1) == 3)
        #expect(r.int(1, 2) == 2 + 2 * 317)
        #expect(r.double(1, 3) == 163.344215041927)
        #expect(r.int(2, 1) == 4)
        #expect(r.double(2, 3) == 999.7020724616214)
    }

    @Test func unionAndOperators() throws {
        let db = try node()
        let r = try db.execute(
            """
            SELECT hll_union(hll_add_agg(hll_hash_integer(s)),
                             hll_add_agg(hll_hash_integer(s + 3)))::text,
                   hll_empty() || hll_hash_integer(1),
                   #(hll_empty() || hll_hash_integer(1)),
                   hll_add(hll_empty(5, 5, 0, 1), hll_hash_integer(1))
            FROM generate_series(1, 4) s
            """)
        #expect(r.string(0, 0)?.hasPrefix("\\x128b7f") == true)
        #expect(r.string(0, 1) == "\\x128b7f8895a3f5af28cafe")
        #expect(r.double(0, 2) == 1)
        #expect(r.string(0, 3) == "\\x138540f040")
        let e = failure(db, "SELECT hll_union(hll_empty(10), hll_empty(11))")
        #expect(e?.sqlState == SQLState.dataException)
        #expect(
            e?.message == "register count does not match: source uses 2048 and dest uses 1024")
    }

    @Test func inputKeepsItsBytesAndEqualityComparesThem() throws {
        let db = try node()
        let r = try db.execute(
            "SELECT '\\x138b7f0000'::hll, '\\x138b7f0000'::hll = '\\x138b7f'::hll, "
                + "'\\x118b7f'::bytea::hll = hll_empty()")
        #expect(r.string(0, 0) == "\\x138b7f0000")
        #expect(r.bool(0, 1) == false)
        #expect(r.bool(0, 2) == true)
    }

    @Test func malformedValuesGetTheExtensionsErrors() throws {
        let db = try node()
        let cases: [(String, String)] = [
            ("\\x12", "inconsistently sized explicit multiset"),
            ("\\x208b7f", "unknown schema version 2"),
            ("\\x158b7f", "undefined multiset type"),
            ("\\x148b7f00", "inconsistently sized compressed multiset"),
            ("\\x138b7fff", "inconsistent padding in sparse hll argument"),
            ("\\x13", "sparse multiset too small"),
            ("\\x118b7f00", "inconsistently sized empty multiset"),
            ("\\x108b7f00", "undefined multiset value"),
            ("\\x131f7f", "sparse multiset too large"),
        ]
        for (text, message) in cases {
            let e = failure(db, "SELECT '\(text)'::hll")
            #expect(e?.message == message, "\(text)")
            #expect(e?.sqlState == SQLState.dataException, "\(text)")
        }
        // The extension's backend crashes adding to a sketch this large;
        // here it is an unsupported feature.
        let large = failure(db, "SELECT hll_add('\\x111f40'::hll, hll_hash_integer(1))")
        #expect(large?.sqlState == SQLState.featureNotSupported)
        let e = failure(db, "SELECT hll_empty(18)")
        #expect(e?.message == "log2m modifier must be between 0 and 17")
        #expect(e?.sqlState == SQLState.invalidParameterValue)
    }

    @Test func arbitraryBytesNeverCrash() throws {
        let db = try node()
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<300 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let count = Int(state >> 60) + 1
            var hex = "\\x1"
            for i in 0..<(count * 2 - 1) {
                hex.append(Array("0123456789abcdef")[Int((state >> UInt64(i % 60)) & 15)])
            }
            _ = failure(db, "SELECT hll_cardinality('\(hex)'::hll), hll_print('\(hex)'::hll)")
        }
    }

    @Test func aggregatesOverNoRowsAndNulls() throws {
        let db = try node()
        let r = try db.execute(
            """
            SELECT (SELECT hll_add_agg(hll_hash_integer(s)) FROM generate_series(1, 3) s
                    WHERE false) IS NULL,
                   (SELECT hll_add_agg(NULL::hll_hashval) FROM generate_series(1, 3)),
                   (SELECT hll_union_agg(NULL::hll) FROM generate_series(1, 3)) IS NULL
            """)
        #expect(r.bool(0, 0) == true)
        #expect(r.string(0, 1) == "\\x118b7f")
        #expect(r.bool(0, 2) == true)
    }
}
