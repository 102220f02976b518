// Unit tests of built-in operators, functions and aggregates, with values
// measured on the reference PostgreSQL 15 server.
import Engine
import Testing

/// A fixed context: transaction start 2026-12-04 10:00:00 UTC.
private final class FixedContext: EvaluationContext {
    var transactionTimestamp: Int64 = 849_693_600_000_000
    var statementTimestamp: Int64 = 849_693_600_000_000
    func clockTimestamp() -> Int64 { transactionTimestamp }
    func random() -> Double { 0.5 }
    func setSeed(_ seed: Double) {}
    func sleep(seconds: Double) throws {}
    func setting(_ name: String) -> String? { name == "search_path" ? "\"$user\", public" : nil }
    func emitNotice(_ notice: SQLError) {}
}

private func call(_ name: String, _ args: [Value], _ types: [PGType]) throws -> Value {
    let ctx = FixedContext()
    let candidates = builtinFunctions(named: name).filter { f in
        f.argumentTypes.count == types.count
            && zip(f.argumentTypes, types).allSatisfy { $0.oid == $1.oid }
    }
    guard
        let f = candidates.first
            ?? builtinFunctions(named: name).first(where: { $0.variadic != nil })
    else { throw SQLError.notSupported("no \(name)") }
    return try f.implementation(ctx, args, types)
}

private func op(_ symbol: String, _ l: PGType, _ r: PGType, _ a: Value, _ b: Value) throws -> Value
{
    guard let o = builtinOperators(named: symbol).first(where: { $0.left == l && $0.right == r })
    else { throw SQLError.notSupported("no operator \(symbol)") }
    return try o.implementation(a, b)
}

private func ts(_ s: String) throws -> Value { try parseValue(s, as: .timestamptz) }
private func iv(_ s: String) throws -> Value { try parseValue(s, as: .interval) }

@Suite struct FunctionsTests {
    // select md5(''), md5('a'), md5('abc'), md5('message digest'),
    //   md5('abcdefghijklmnopqrstuvwxyz'), md5(repeat('1234567890', 8))
    @Test func md5Vectors() {
        let cases: [(String, String)] = [
            ("", "d41d8cd98f00b204e9800998ecf8427e"), ("a", "0cc175b9c0f1b6a831c399e269772661"),
            ("abc", "900150983cd24fb0d6963f7d28e17f72"),
            ("message digest", "f96b697d7cb7938d525a2f31aaf161d0"),
            ("abcdefghijklmnopqrstuvwxyz", "c3fcd3d76192e4007dfb496cca67e13b"),
            (String(repeating: "1234567890", count: 8), "57edf4a22be3c955ac49da2e2107b67a"),
        ]
        for (input, digest) in cases { #expect(MD5.hexDigest(Array(input.utf8)) == digest) }
    }

    // select 7/2, -7/2, 7 % -2, 1 + 2::int8, 2147483647+1 (error), 1/0 (error), 2^10
    @Test func arithmetic() throws {
        #expect(try op("/", .int4, .int4, .int4(7), .int4(2)) == .int4(3))
        #expect(try op("/", .int4, .int4, .int4(-7), .int4(2)) == .int4(-3))
        #expect(try op("%", .int4, .int4, .int4(7), .int4(-2)) == .int4(1))
        #expect(try op("+", .int4, .int8, .int4(1), .int8(2)) == .int8(3))
        do {
            _ = try op("+", .int4, .int4, .int4(Int32.max), .int4(1))
            Issue.record("no error")
        } catch let error as SQLError {
            #expect(error.message == "integer out of range")
        }
        do {
            _ = try op("/", .int4, .int4, .int4(1), .int4(0))
            Issue.record("no error")
        } catch let error as SQLError {
            #expect(error.message == "division by zero")
            #expect(error.sqlState == "22012")
        }
        #expect(try op("^", .float8, .float8, .float8(2), .float8(10)) == .float8(1024))
    }

    // select concat('a', NULL, 1, 2.50, true), concat(trunc(17.9::float8), '.'),
    //   substring('hello', 0, 3), split_part('a.b.c', '.', -1), lpad('hi', 5, 'xy'),
    //   initcap('hELLO wORLD-foo_bar'), to_hex(-1), left('hello', -2), replace('abcabc','b','X')
    @Test func strings() throws {
        let two50 = Value.numeric(Numeric(parsing: "2.50") ?? .nan)
        #expect(
            try call(
                "concat", [.text("a"), .null, .int4(1), two50, .bool(true)],
                [.text, .text, .int4, .numeric, .bool]) == .text("a12.50t"))
        let t = try call("trunc", [.float8(17.9)], [.float8])
        #expect(try call("concat", [t, .text(".")], [.float8, .text]) == .text("17."))
        #expect(
            try call("substring", [.text("hello"), .int4(0), .int4(3)], [.text, .int4, .int4])
                == .text("he"))
        #expect(
            try call("split_part", [.text("a.b.c"), .text("."), .int4(-1)], [.text, .text, .int4])
                == .text("c"))
        #expect(
            try call("lpad", [.text("hi"), .int4(5), .text("xy")], [.text, .int4, .text])
                == .text("xyxhi"))
        #expect(
            try call("initcap", [.text("hELLO wORLD-foo_bar")], [.text])
                == .text("Hello World-Foo_Bar"))
        #expect(try call("to_hex", [.int4(-1)], [.int4]) == .text("ffffffff"))
        #expect(try call("left", [.text("hello"), .int4(-2)], [.text, .int4]) == .text("hel"))
        #expect(
            try call("replace", [.text("abcabc"), .text("b"), .text("X")], [.text, .text, .text])
                == .text("aXcaXc"))
        #expect(try likeMatch("http://example.com/x", "http%", caseInsensitive: false))
        #expect(try !likeMatch("abc", "a_", caseInsensitive: false))
        #expect(try likeMatch("a%c", "a\\%c", caseInsensitive: false))
        #expect(try likeMatch("ABC", "a%", caseInsensitive: true))
    }

    // select date_trunc('week', '2026-12-04 10:11:12'::timestamptz), date_trunc('century', ...),
    //   extract(second from t), extract(epoch from t), date_part('epoch', t),
    //   extract(julian from t)
    //   from (select '2026-12-04 10:00:05.5+00'::timestamptz t) s
    @Test func dateTime() throws {
        let week = try call(
            "date_trunc", [.text("week"), try ts("2026-12-04 10:11:12")], [.text, .timestamptz])
        #expect(formatValue(week, type: .timestamptz) == "2026-11-30 00:00:00+00")
        let century = try call(
            "date_trunc", [.text("century"), try ts("2026-12-04")], [.text, .timestamptz])
        #expect(formatValue(century, type: .timestamptz) == "2001-01-01 00:00:00+00")
        let t = try ts("2026-12-04 10:00:05.5+00")
        let cases: [(String, String)] = [
            ("second", "5.500000"), ("epoch", "1796378405.500000"), ("milliseconds", "5500.000"),
            ("microseconds", "5500000"), ("julian", "2461379.41673032407407407407"), ("dow", "5"),
            ("week", "49"),
        ]
        for (unit, expected) in cases {
            let v = try call("extract", [.text(unit), t], [.text, .timestamptz])
            #expect(formatValue(v, type: .numeric) == expected, "\(unit)")
        }
        let part = try call("date_part", [.text("epoch"), t], [.text, .timestamptz])
        #expect(formatValue(part, type: .float8) == "1796378405.5")
        let epoch = try call(
            "extract", [.text("epoch"), try iv("1 day 2 hours")], [.text, .interval])
        #expect(formatValue(epoch, type: .numeric) == "93600.000000")
    }

    // select '2026-01-31'::timestamptz + '1 month', '2026-12-05'::timestamptz - '2026-12-04 01:00',
    //   '1 mon'::interval * 1.5, '1 day'::interval / 3, now() - '5 minutes'::interval
    @Test func intervalArithmetic() throws {
        let plus = try op("+", .timestamptz, .interval, try ts("2026-01-31"), try iv("1 month"))
        #expect(formatValue(plus, type: .timestamptz) == "2026-02-28 00:00:00+00")
        let diff = try op(
            "-", .timestamptz, .timestamptz, try ts("2026-12-05"), try ts("2026-12-04 01:00"))
        #expect(formatValue(diff, type: .interval) == "23:00:00")
        let mul = try op("*", .interval, .float8, try iv("1 mon"), .float8(1.5))
        #expect(formatValue(mul, type: .interval) == "1 mon 15 days")
        let div = try op("/", .interval, .float8, try iv("1 day"), .float8(3))
        #expect(formatValue(div, type: .interval) == "08:00:00")
    }

    // select x <@ tstzrange('2026-12-04 09:59', '2026-12-04 10:00', '(]') for x in (09:59, 10:00)
    @Test func ranges() throws {
        let r = try call(
            "tstzrange", [try ts("2026-12-04 09:59"), try ts("2026-12-04 10:00"), .text("(]")],
            [.timestamptz, .timestamptz, .text])
        #expect(
            formatValue(r, type: .tstzrange)
                == #"("2026-12-04 09:59:00+00","2026-12-04 10:00:00+00"]"#)
        #expect(try op("<@", .anyElement, .anyRange, try ts("2026-12-04 10:00"), r) == .bool(true))
        #expect(try op("<@", .anyElement, .anyRange, try ts("2026-12-04 09:59"), r) == .bool(false))
    }

    // select avg(x) from (values (77),(78)) v(x); select stddev(x), sum(x), count(x)
    //   from (values (1),(2),(4)) v(x)
    @Test func aggregates() throws {
        func run(_ name: String, _ type: PGType, _ values: [Value]) throws -> String {
            guard
                let agg = builtinAggregates(named: name).first(where: { $0.argumentTypes == [type] }
                )
            else { return "missing" }
            let state = agg.makeState([type])
            for v in values { try state.add(value: v) }
            return formatValue(try state.finish(), type: agg.returnType)
        }
        #expect(try run("avg", .int4, [.int4(77), .int4(78)]) == "77.5000000000000000")
        #expect(try run("sum", .int4, [.int4(77), .int4(78), .null]) == "155")
        #expect(try run("sum", .int4, []) == "")
        #expect(try run("count", .any, [.int4(1), .null]) == "1")
        #expect(try run("stddev", .int4, [.int4(1), .int4(2), .int4(4)]) == "1.5275252316519467")
        #expect(try run("max", .text, [.text("b"), .text("a")]) == "b")
    }
}
