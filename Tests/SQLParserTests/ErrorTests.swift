// Malformed input: every case's SQLSTATE, message and 1-based position
// were recorded from PostgreSQL 15.18 (psql with VERBOSITY verbose; 0 means
// PostgreSQL reported no position). Also the recursion guard.

import Testing

@testable import SQLParser

@Suite struct ErrorTests {
    /// (input, SQLSTATE, message, 1-based position or 0).
    static let recorded: [(String, String, String, Int)] = [
        ("select 'abc", "42601", "unterminated quoted string at or near \"'abc\"", 8),
        ("select 1 /* abc", "42601", "unterminated /* comment at or near \"/* abc\"", 10),
        ("select $$abc", "42601", "unterminated dollar-quoted string at or near \"$$abc\"", 8),
        ("select \"\"", "42601", "zero-length delimited identifier at or near \"\"\"\"", 8),
        ("select \"abc", "42601", "unterminated quoted identifier at or near \"\"abc\"", 8),
        ("select e'abc", "42601", "unterminated quoted string at or near \"e'abc\"", 8),
        ("select 1 from", "42601", "syntax error at end of input", 14),
        ("select 1 +", "42601", "syntax error at end of input", 11),
        ("select u&'\\00zz'", "42601", "invalid Unicode escape", 11),
        ("select $1abc", "42601", "trailing junk after parameter at or near \"$1abc\"", 8),
        ("select 1 2", "42601", "syntax error at or near \"2\"", 10),
        ("select 1 = 1 = true", "42601", "syntax error at or near \"=\"", 14),
        ("select 'x' like 'a' like 'b'", "42601", "syntax error at or near \"like\"", 21),
        ("select 1 is distinct from 2 is null", "42601", "syntax error at or near \"is\"", 29),
        ("select array[1,2][1]", "42601", "syntax error at or near \"[\"", 18),
        ("select left from t", "42601", "syntax error at or near \"from\"", 13),
        ("select (1,", "42601", "syntax error at end of input", 11),
        ("select f(", "42601", "syntax error at end of input", 10),
        ("select case when 1 then 2", "42601", "syntax error at end of input", 26),
        ("select * from t where", "42601", "syntax error at end of input", 22),
        ("select * from t join u", "42601", "syntax error at end of input", 23),
        ("select * from t natural join u on true", "42601", "syntax error at or near \"on\"", 32),
        ("insert into t values", "42601", "syntax error at end of input", 21),
        (
            "insert into t (a,b) values (1,2) on conflict do", "42601",
            "syntax error at end of input", 48
        ),
        ("update t set", "42601", "syntax error at end of input", 13),
        ("update t set a =", "42601", "syntax error at end of input", 17),
        ("delete from", "42601", "syntax error at end of input", 12),
        ("delete t", "42601", "syntax error at or near \"t\"", 8),
        ("create table t (a int,", "42601", "syntax error at end of input", 23),
        ("create table t (a int) partition by range", "42601", "syntax error at end of input", 42),
        (
            "create table t partition of p for values from (1) to", "42601",
            "syntax error at end of input", 53
        ),
        ("drop table", "42601", "syntax error at end of input", 11),
        ("drop table if exists", "42601", "syntax error at end of input", 21),
        ("select 1 union", "42601", "syntax error at end of input", 15),
        ("select * from (select 1)", "42601", "subquery in FROM must have an alias", 15),
        ("select 1 limit 1, 2", "42601", "LIMIT #,# syntax is not supported", 10),
        ("select 1 order by 1 order by 2", "42601", "syntax error at or near \"order\"", 21),
        ("(select 1 order by 1) order by 2", "42601", "multiple ORDER BY clauses not allowed", 32),
        ("select * from t for update of", "42601", "syntax error at end of input", 30),
        ("select extract(from x)", "42601", "syntax error at or near \"from\"", 16),
        ("select cast(1 as)", "42601", "syntax error at or near \")\"", 17),
        ("select 1::", "42601", "syntax error at end of input", 11),
        ("select x::int[", "42601", "syntax error at end of input", 15),
        ("select a.", "42601", "syntax error at end of input", 10),
        ("select a.*.b", "42601", "improper use of \"*\" at end of input", 13),
        ("create function f() returns int as 'select 1'", "42P13", "no language specified", 0),
        ("create function f() returns int language sql", "42P13", "no function body specified", 0),
        ("select 1 as select, 2 from", "42601", "syntax error at end of input", 27),
        ("select a b c", "42601", "syntax error at or near \"c\"", 12),
        ("with x as (select 1) select 1 with", "42601", "syntax error at or near \"with\"", 31),
        ("select float(0) '1'", "22023", "precision for type float must be at least 1 bit", 14),
        (
            "select 1 operator(pg_catalog.+) 2 operator(pg_catalog.*)", "42601",
            "syntax error at end of input", 57
        ),
        ("begin work transaction", "42601", "syntax error at or near \"transaction\"", 12),
        ("set x to", "42601", "syntax error at end of input", 9),
        ("set x =", "42601", "syntax error at end of input", 8),
        ("show", "42601", "syntax error at end of input", 5),
        ("reset", "42601", "syntax error at end of input", 6),
        ("explain", "42601", "syntax error at end of input", 8),
        ("explain analyze", "42601", "syntax error at end of input", 16),
        ("do", "42601", "syntax error at end of input", 3),
        ("call f", "42601", "syntax error at end of input", 7),
        ("truncate", "42601", "syntax error at end of input", 9),
        ("alter table t add", "42601", "syntax error at end of input", 18),
        ("alter table t drop column", "42601", "syntax error at end of input", 26),
        ("select * from t where a = any(", "42601", "syntax error at end of input", 31),
        ("select count(distinct)", "42601", "syntax error at or near \")\"", 22),
        (
            "select $$a$$ $b$ c", "42601", "unterminated dollar-quoted string at or near \"$b$ c\"",
            14
        ),
        ("select e'\\u0000'", "42601", "invalid Unicode escape value at or near \"\\u0000\"", 10),
        ("select e'ab\\uzz'", "22025", "invalid Unicode escape", 12),
        (
            "select u&'x' uescape 'a'", "42601",
            "invalid Unicode escape character at or near \"'a'\"", 22
        ),
        ("select u&\"\"", "42601", "zero-length delimited identifier at or near \"u&\"\"\"", 8),
        ("select 1 between 2", "42601", "syntax error at end of input", 19),
        ("select not", "42601", "syntax error at end of input", 11),
        ("select - ", "42601", "syntax error at end of input", 10),
        ("select 1 in 1", "42601", "syntax error at or near \"1\"", 13),
        ("select * from (values (1))", "42601", "VALUES in FROM must have an alias", 15),
        ("select * from lateral (select 1)", "42601", "subquery in FROM must have an alias", 23),
        ("select * from (select 1) as", "42601", "syntax error at end of input", 28),
        ("select a.*.b from t", "42601", "improper use of \"*\" at or near \"from\"", 14),
        ("select (a).*.b from t", "42601", "improper use of \"*\" at or near \"from\"", 16),
        ("select $1.*.x", "42601", "improper use of \"*\" at end of input", 14),
        ("do language plpgsql", "42601", "no inline code specified", 0),
        ("select 1 from t where a = (select 1 from", "42601", "syntax error at end of input", 41),
        ("select 'a' 'b'", "42601", "syntax error at or near \"'b'\"", 12),
        ("select * from t limit", "42601", "syntax error at end of input", 22),
        ("create table t (a int primary)", "42601", "syntax error at or near \")\"", 30),
        ("create table t (a int, constraint)", "42601", "syntax error at or near \")\"", 34),
        ("alter table t alter column a set", "42601", "syntax error at end of input", 33),
        ("select * from t order by a nulls", "42601", "syntax error at or near \"nulls\"", 28),
        ("select 1 + $$", "42601", "unterminated dollar-quoted string at or near \"$$\"", 12),
        ("select array[1,", "42601", "syntax error at end of input", 16),
        ("select row(1,", "42601", "syntax error at end of input", 14),
        ("with as (select 1) select 1", "42601", "syntax error at or near \"as\"", 6),
        ("select f(a := )", "42601", "syntax error at or near \")\"", 15),
        ("select 12abc", "42601", "trailing junk after numeric literal at or near \"12abc\"", 8),
        ("select 0x1F", "42601", "trailing junk after numeric literal at or near \"0x1F\"", 8),
        ("select 1e-a", "42601", "trailing junk after numeric literal at or near \"1e-\"", 8),
        ("select 1.5e", "42601", "trailing junk after numeric literal at or near \"1.5e\"", 8),
        ("select .5a", "42601", "trailing junk after numeric literal at or near \".5a\"", 8),
        (
            "select 12abc.def", "42601",
            "trailing junk after numeric literal at or near \"12abc\"", 8
        ),
        ("select 12a'x'", "42601", "trailing junk after numeric literal at or near \"12a\"", 8),
        ("select 1e$", "42601", "trailing junk after numeric literal at or near \"1e$\"", 8),
        (
            "select 1 from t where 1=1and 2=2", "42601",
            "trailing junk after numeric literal at or near \"1and\"", 25
        ),
        ("select $1$", "42601", "syntax error at or near \"$\"", 10),
        ("select 1..2", "42601", "syntax error at or near \"..\"", 9),
        ("select count(*) filter", "42601", "syntax error at end of input", 23),
        ("select count(*) filter (x)", "42601", "syntax error at or near \"x\"", 25),
        ("select int(3)", "42601", "syntax error at or near \"(\"", 11),
        ("select double precision", "42601", "syntax error at end of input", 24),
        ("select time with", "42601", "syntax error at or near \"with\"", 13),
        ("select interval 1", "42601", "syntax error at or near \"1\"", 17),
        ("select \"abc\"\"", "42601", "unterminated quoted identifier at or near \"\"abc\"\"\"", 8),
    ]

    @Test(arguments: 0..<recorded.count)
    func matchesPostgreSQL(_ index: Int) {
        let (sql, state, message, position) = Self.recorded[index]
        guard let error = parseError(sql) else {
            Issue.record("\(sql) parsed without error")
            return
        }
        #expect(error.sqlState == state, "\(sql)")
        #expect(error.message == message, "\(sql)")
        #expect(error.position + 1 == position || (position == 0 && error.position < 0), "\(sql)")
    }

    @Test func hintsMatchPostgreSQL() {
        #expect(
            parseError("select u&'\\00zz'")?.hint == "Unicode escapes must be \\XXXX or \\+XXXXXX.")
        #expect(
            parseError("select e'\\uzz'")?.hint == "Unicode escapes must be \\uXXXX or \\UXXXXXXXX."
        )
        #expect(
            parseError("select * from (select 1)")?.hint
                == "For example, FROM (SELECT ...) [AS] foo.")
        #expect(parseError("select 1 limit 1, 2")?.hint == "Use separate LIMIT and OFFSET clauses.")
    }

    @Test func invalidBytesInEscapeStrings() {
        let error = parseError("select e'ab\\xff'")
        #expect(error?.sqlState == "22021")
        #expect(error?.message == "invalid byte sequence for encoding \"UTF8\": 0xff")
        #expect(
            parseError("select e'ab\\0'")?.message
                == "invalid byte sequence for encoding \"UTF8\": 0x00")
    }

    @Test func anEarlierSyntaxErrorWinsOverALaterScanError() {
        #expect(parseError("select 1 2 'abc")?.message == "syntax error at or near \"2\"")
        #expect(
            parseError("select 1; select 'abc")?.message
                == "unterminated quoted string at or near \"'abc\"")
    }

    @Test func deepNestingStopsWithStackDepthError() {
        for sql in [
            "select " + String(repeating: "(", count: 5000) + "1"
                + String(repeating: ")", count: 5000),
            "select " + String(repeating: "not ", count: 5000) + "true",
            "select " + String(repeating: "- ", count: 5000) + "1",
            "select " + String(repeating: "array[", count: 5000) + "1"
                + String(repeating: "]", count: 5000),
            String(repeating: "select * from (", count: 3000) + "select 1"
                + String(repeating: ") s", count: 3000),
        ] {
            let error = parseError(sql)
            #expect(error?.sqlState == "54001")
            #expect(error?.message == "stack depth limit exceeded")
            #expect(error?.hint?.hasPrefix("Increase the configuration parameter") == true)
        }
        #expect(
            parseError(
                "select " + String(repeating: "(", count: 200) + "1"
                    + String(repeating: ")", count: 200)) == nil)
    }

    @Test func unsupportedIntervalQualifiers() {
        #expect(parseError("select interval '1' day")?.sqlState == "0A000")
    }
}
