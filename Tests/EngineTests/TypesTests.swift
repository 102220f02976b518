// Unit tests of the type layer: input/output functions, numeric scales,
// casts, interval arithmetic and md5, against values measured on the
// reference PostgreSQL 15 server (the psql query is beside each table).
import Engine
import SQLParser
import Testing

/// `text` read as `type` and printed back.
private func roundTrip(_ text: String, _ type: PGType) throws -> String {
    formatValue(try parseValue(text, as: type), type: type)
}

private func sqlError(_ body: () throws -> Any) -> SQLError? {
    do {
        _ = try body()
        return nil
    } catch let e as SQLError {
        return e
    } catch {
        return nil
    }
}

@Suite struct TypesIOTests {
    // select x from unnest(array[0.1::float8, 100, 1e15, ...]) x
    @Test func float8Output() {
        let cases: [(Double, String)] = [
            (0.1, "0.1"), (100, "100"), (1e15, "1e+15"), (1e16, "1e+16"),
            (123_456_789_012_345_678, "1.2345678901234568e+17"), (1e-4, "0.0001"), (1e-5, "1e-05"),
            (0.00012345, "0.00012345"), (1.5e300, "1.5e+300"), (-0.0, "-0"),
            (.nan, "NaN"), (.infinity, "Infinity"), (-.infinity, "-Infinity"),
            (1.0 / 3.0, "0.3333333333333333"), (1_234_567, "1234567"), (3.4e38, "3.4e+38"),
            (5e-324, "5e-324"), (1_152_921_504_606_846_976, "1.152921504606847e+18"),
        ]
        for (value, expected) in cases {
            #expect(formatFloat8(value) == expected)
        }
    }

    // select x::float4 from unnest(array[0.1::float8, 100, 1e15, ...]) x
    @Test func float4Output() {
        let cases: [(Float, String)] = [
            (0.1, "0.1"), (100, "100"), (1e15, "1e+15"), (1.0 / 3.0, "0.33333334"),
            (1_234_567, "1.234567e+06"), (12_345_678, "1.2345678e+07"), (1e6, "1e+06"),
            (0.00012345, "0.00012345"), (1e-5, "1e-05"),
        ]
        for (value, expected) in cases {
            #expect(formatFloat4(value) == expected)
        }
    }

    // select '10-10-1901'::timestamptz, ... (one query per input)
    @Test func timestamptzInput() throws {
        let cases: [(String, String)] = [
            ("10-10-1901", "1901-10-10 00:00:00+00"),
            ("10/10/1901 10:00", "1901-10-10 10:00:00+00"),
            ("Dec 4 2026", "2026-12-04 00:00:00+00"),
            ("4 December 2026 10:00 PM", "2026-12-04 22:00:00+00"),
            ("2026-12-04T10:00:00Z", "2026-12-04 10:00:00+00"),
            ("2026-12-04 10:00:00.123456789+02", "2026-12-04 08:00:00.123457+00"),
            ("20261204", "2026-12-04 00:00:00+00"),
            ("2026-12-04 24:00", "2026-12-05 00:00:00+00"),
            ("epoch", "1970-01-01 00:00:00+00"), ("infinity", "infinity"),
            ("-infinity", "-infinity"), ("1901-10-10 BC", "1901-10-10 00:00:00+00 BC"),
            ("0001-01-01", "0001-01-01 00:00:00+00"),
            ("2026-12-04 10:00+02:30", "2026-12-04 07:30:00+00"),
            ("2026-12-04 10:00-0530", "2026-12-04 15:30:00+00"),
            ("99999-01-01", "99999-01-01 00:00:00+00"),
            ("2026-12-04 10:00:60", "2026-12-04 10:01:00+00"),
            ("2026.12.04", "2026-12-04 00:00:00+00"), ("12.04.2026", "2026-12-04 00:00:00+00"),
            ("Dec-04-2026", "2026-12-04 00:00:00+00"), ("04-Dec-2026", "2026-12-04 00:00:00+00"),
            ("2026-Dec-04", "2026-12-04 00:00:00+00"),
            ("2026-12-04 10:00 +2", "2026-12-04 08:00:00+00"),
            (" 2026-12-04 ", "2026-12-04 00:00:00+00"),
        ]
        for (input, expected) in cases {
            #expect(try roundTrip(input, .timestamptz) == expected, "\(input)")
        }
    }

    // select '13-45-2020'::timestamptz; ... (errors with their HINT)
    @Test func timestamptzErrors() {
        let monthDay = sqlError { try parseValue("13-45-2020", as: .timestamptz) }
        #expect(monthDay?.message == "date/time field value out of range: \"13-45-2020\"")
        #expect(monthDay?.sqlState == "22008")
        #expect(monthDay?.hint == "Perhaps you need a different \"datestyle\" setting.")
        let day = sqlError { try parseValue("2020-02-30", as: .timestamptz) }
        #expect(day?.message == "date/time field value out of range: \"2020-02-30\"")
        #expect(day?.hint == nil)
        let syntax = sqlError { try parseValue("x", as: .timestamptz) }
        #expect(syntax?.message == "invalid input syntax for type timestamp with time zone: \"x\"")
        #expect(syntax?.sqlState == "22007")
        let junk = sqlError { try parseValue("2026-12-04 10:00:00 foo", as: .timestamptz) }
        #expect(junk?.sqlState == "22007")
        let hour = sqlError { try parseValue("2026-12-04 25:00", as: .timestamptz) }
        #expect(hour?.sqlState == "22008")
    }

    // select '2026-12-04 10:00:00.5'::timestamp, ..., '1901-10-10 BC'::date
    @Test func dateAndTimestampInput() throws {
        #expect(try roundTrip("2026-12-04 10:00:00.5", .timestamp) == "2026-12-04 10:00:00.5")
        #expect(try roundTrip("2026-12-04 10:00:00+05", .timestamp) == "2026-12-04 10:00:00")
        #expect(try roundTrip("2026-12-04 10:11:12.5+05", .date) == "2026-12-04")
        #expect(try roundTrip("epoch", .date) == "1970-01-01")
        #expect(try roundTrip("1901-10-10 BC", .date) == "1901-10-10 BC")
        #expect(
            sqlError { try parseValue("x", as: .date) }?.message
                == "invalid input syntax for type date: \"x\"")
    }

    // select '5 minutes'::interval, ... (one query per input)
    @Test func intervalIO() throws {
        let cases: [(String, String)] = [
            ("5 minutes", "00:05:00"), ("1 day 02:00", "1 day 02:00:00"),
            ("@ 1 hour ago", "-01:00:00"), ("P1D", "1 day"),
            ("P1Y2M3DT4H5M6.5S", "1 year 2 mons 3 days 04:05:06.5"), ("PT1H", "01:00:00"),
            ("1 year 2 mons", "1 year 2 mons"), ("-1 days +02:00:00", "-1 days +02:00:00"),
            ("1.5 hours", "01:30:00"), ("1.5 months", "1 mon 15 days"),
            ("1.5 years", "1 year 6 mons"), ("2 weeks", "14 days"), ("1 decade", "10 years"),
            ("100", "00:01:40"), ("1:02:03.5", "01:02:03.5"), ("10:00", "10:00:00"),
            ("-10:00", "-10:00:00"), ("1 day -01:00", "1 day -01:00:00"),
            ("3 mons -2 days", "3 mons -2 days"), ("0", "00:00:00"),
            ("1 millisecond", "00:00:00.001"), ("1 microsecond", "00:00:00.000001"),
            ("12 hours 30", "12:00:30"), ("1 day ago", "-1 days"),
            ("-1 year -2 mons +3 days -04:05:06", "-1 years -2 mons +3 days -04:05:06"),
            ("1.75 days", "1 day 18:00:00"), ("1 min", "00:01:00"),
            ("178000000 years", "178000000 years"), ("1 day 25:00:00", "1 day 25:00:00"),
        ]
        for (input, expected) in cases {
            #expect(try roundTrip(input, .interval) == expected, "\(input)")
        }
        for bad in ["x", "1 foo", "2 hours 3 hours"] {
            let e = sqlError { try parseValue(bad, as: .interval) }
            #expect(e?.message == "invalid input syntax for type interval: \"\(bad)\"")
        }
    }

    // select ' 12 '::int4, '+5'::int2, '-0'::int8; select '99999999999'::int4; ...
    @Test func integerAndBoolInput() throws {
        #expect(try parseValue(" 12 ", as: .int4) == .int4(12))
        #expect(try parseValue("+5", as: .int2) == .int2(5))
        #expect(try parseValue("-0", as: .int8) == .int8(0))
        let range = sqlError { try parseValue("99999999999", as: .int4) }
        #expect(range?.message == "value \"99999999999\" is out of range for type integer")
        #expect(range?.sqlState == "22003")
        #expect(
            sqlError { try parseValue("1.5", as: .int4) }?.message
                == "invalid input syntax for type integer: \"1.5\"")
        #expect(
            sqlError { try parseValue("40000", as: .int2) }?.message
                == "value \"40000\" is out of range for type smallint")
        for (text, b) in [
            ("yes", true), ("on", true), (" t ", true), ("OFF", false), ("0", false), ("n", false),
        ] {
            #expect(try parseValue(text, as: .bool) == .bool(b))
        }
        #expect(
            sqlError { try parseValue("maybe", as: .bool) }?.message
                == "invalid input syntax for type boolean: \"maybe\"")
        #expect(
            sqlError { try parseValue("1e400", as: .float8) }?.message
                == "\"1e400\" is out of range for type double precision")
    }

    // select '{"a b",NULL,"x\"y", "", "null", " q ", "{}", "a\\b"}'::text[]; ...
    @Test func arrays() throws {
        #expect(
            try roundTrip(#"{"a b",NULL,"x\"y", "", "null", " q ", "{}", "a\\b"}"#, .textArray)
                == #"{"a b",NULL,"x\"y","","null"," q ","{}","a\\b"}"#)
        #expect(try roundTrip("{{1,2},{3,4}}", .int4Array) == "{{1,2},{3,4}}")
        #expect(try roundTrip("[0:2]={1,2,3}", .int4Array) == "[0:2]={1,2,3}")
        #expect(try roundTrip("{}", .int4Array) == "{}")
        #expect(try roundTrip("{ 1 , 2 }", .int4Array) == "{1,2}")
        #expect(
            try roundTrip("{China,India,USA,Indonesia}", .textArray)
                == "{China,India,USA,Indonesia}")
        #expect(try roundTrip(#"{abc,NULL,"NULL"}"#, .textArray) == #"{abc,NULL,"NULL"}"#)
        let e = sqlError { try parseValue("{1,2", as: .int4Array) }
        #expect(e?.message == "malformed array literal: \"{1,2\"")
        #expect(e?.detail == "Unexpected end of input.")
        #expect(
            sqlError { try parseValue("1,2", as: .int4Array) }?.detail
                == "Array value must start with \"{\" or dimension information.")
        #expect(
            sqlError { try parseValue("{{1,2},{3}}", as: .int4Array) }?.detail
                == "Multidimensional arrays must have sub-arrays with matching dimensions.")
        #expect(
            sqlError { try parseValue("{a}", as: .int4Array) }?.message
                == "invalid input syntax for type integer: \"a\"")
    }

    // select tstzrange('2026-12-04','2026-12-05'), '[1,5]'::int4range, ...
    @Test func ranges() throws {
        #expect(
            try roundTrip("[2026-12-04,2026-12-05)", .tstzrange)
                == #"["2026-12-04 00:00:00+00","2026-12-05 00:00:00+00")"#)
        #expect(try roundTrip("[1,5]", .int4range) == "[1,6)")
        #expect(try roundTrip("(1,5)", .int4range) == "[2,5)")
        #expect(try roundTrip("empty", .int4range) == "empty")
        #expect(try roundTrip("(,5]", .int4range) == "(,6)")
        #expect(try roundTrip("[1,1)", .int4range) == "empty")
        #expect(try roundTrip("[1.5,2.5)", .numrange) == "[1.5,2.5)")
        #expect(
            sqlError { try parseValue("[3,1]", as: .int4range) }?.message
                == "range lower bound must be less than or equal to range upper bound")
    }

    // select '10.0.0.1/8'::inet, '10.0.0.1'::inet, '::1'::inet, 'fe80::1/64'::inet
    @Test func inetAndBytea() throws {
        #expect(try roundTrip("10.0.0.1/8", .inet) == "10.0.0.1/8")
        #expect(try roundTrip("10.0.0.1", .inet) == "10.0.0.1")
        #expect(try roundTrip("::1", .inet) == "::1")
        #expect(try roundTrip("fe80::1/64", .inet) == "fe80::1/64")
        #expect(sqlError { try parseValue("10.0.0.256", as: .inet) }?.sqlState == "22P02")
        #expect(try roundTrip("\\x0102", .bytea) == "\\x0102")
    }
}

@Suite struct TypesNumericTests {
    private func n(_ s: String) -> Numeric { Numeric(parsing: s) ?? .nan }

    // select ' 1.5e3 '::numeric, '1.50e-3'::numeric, '-0.0'::numeric, 'nan'::numeric, ...
    @Test func input() {
        let cases: [(String, String)] = [
            (" 1.5e3 ", "1500"), ("1.50e-3", "0.00150"), ("-0.0", "0.0"), ("nan", "NaN"),
            ("-inf", "-Infinity"), ("+.5", "0.5"), ("5.", "5"),
        ]
        for (input, expected) in cases { #expect(n(input).text == expected) }
        for bad in ["1e", "", "1 2"] { #expect(Numeric(parsing: bad) == nil) }
    }

    // select 155::numeric/2, 1::numeric/3, 10::numeric/4, 1.0/3.0, 2/3.00000,
    //   100000000000000000000::numeric/7
    @Test func divisionScale() throws {
        #expect(try Numeric.divide(n("155"), n("2")).text == "77.5000000000000000")
        #expect(try Numeric.divide(n("1"), n("3")).text == "0.33333333333333333333")
        #expect(try Numeric.divide(n("10"), n("4")).text == "2.5000000000000000")
        #expect(try Numeric.divide(n("1.0"), n("3.0")).text == "0.33333333333333333333")
        #expect(try Numeric.divide(n("2"), n("3.00000")).text == "0.66666666666666666667")
        #expect(
            try Numeric.divide(n("100000000000000000000"), n("7")).text
                == "14285714285714285714")
        #expect(sqlError { try Numeric.divide(n("1"), n("0")) }?.message == "division by zero")
    }

    // select round(2.5), round(-2.5), round(1234.5678, -2), trunc(-1.99), ceil(-1.5),
    //   floor(-1.5), round(1.5,3), 10::numeric % 3.5, -7::numeric % 3,
    //   sqrt(2::numeric), sqrt(100::numeric), sqrt(1e-10::numeric),
    //   2::numeric ^ 10, 2.5::numeric ^ 2, 2::numeric ^ -2
    @Test func functions() throws {
        #expect(n("2.5").rounded(scale: 0).text == "3")
        #expect(n("-2.5").rounded(scale: 0).text == "-3")
        #expect(n("1234.5678").rounded(scale: -2).text == "1200")
        #expect(n("-1.99").rounded(scale: 0, rounding: .truncate).text == "-1")
        #expect(n("-1.5").rounded(scale: 0, rounding: .ceiling).text == "-1")
        #expect(n("-1.5").rounded(scale: 0, rounding: .floor).text == "-2")
        #expect(n("1.5").rounded(scale: 3).text == "1.500")
        #expect(try Numeric.remainder(n("10"), n("3.5")).text == "3.0")
        #expect(try Numeric.remainder(n("-7"), n("3")).text == "-1")
        #expect(try n("2").squareRoot().text == "1.414213562373095")
        #expect(try n("100").squareRoot().text == "10.000000000000000")
        #expect(try n("1e-10").squareRoot().text == "0.000010000000000000000")
        #expect(try n("2").power(n("10")).text == "1024.0000000000000000")
        #expect(try n("2.5").power(n("2")).text == "6.2500000000000000")
        #expect(try n("2").power(n("-2")).text == "0.2500000000000000")
    }

    // select 123.456::numeric(5,1), 1::numeric(5,6) (error), 12345::numeric(3,0) (error)
    @Test func typmod() throws {
        #expect(try n("123.456").applyingTypmod(precision: 5, scale: 1).text == "123.5")
        let e = sqlError { try n("1").applyingTypmod(precision: 5, scale: 6) }
        #expect(e?.message == "numeric field overflow")
        #expect(
            e?.detail
                == "A field with precision 5, scale 6 must round to an absolute value less than 10^-1."
        )
        #expect(
            sqlError { try n("12345").applyingTypmod(precision: 3, scale: 0) }?.detail
                == "A field with precision 3, scale 0 must round to an absolute value less than 10^3."
        )
    }

    @Test func equalityIgnoresScale() {
        #expect(n("1.0") == n("1.00"))
        #expect(n("1.0").hashValue == n("1.00").hashValue)
        #expect(GroupingKey([.numeric(n("1.0"))]) == GroupingKey([.numeric(n("1.000"))]))
        #expect(GroupingKey([.float8(-0.0)]) == GroupingKey([.float8(0.0)]))
        #expect(GroupingKey([.float8(.nan)]) == GroupingKey([.float8(.nan)]))
    }
}

@Suite struct TypesCastTests {
    // select 2.5::float8::int, 3.5::float8::int, (-2.5)::float8::int, 2.5::numeric::int,
    //   (-2.5)::numeric::int, 1e10::float8::int8, 'abcdef'::varchar(3), 0.1::float8::numeric,
    //   (1/3.0::float8)::numeric, '10.0.0.1'::inet::text, true::text
    @Test func rounding() throws {
        #expect(try castValue(.float8(2.5), from: .float8, to: .int4) == .int4(2))
        #expect(try castValue(.float8(3.5), from: .float8, to: .int4) == .int4(4))
        #expect(try castValue(.float8(-2.5), from: .float8, to: .int4) == .int4(-2))
        let half = Numeric(parsing: "2.5") ?? .nan
        #expect(try castValue(.numeric(half), from: .numeric, to: .int4) == .int4(3))
        #expect(try castValue(.numeric(-half), from: .numeric, to: .int4) == .int4(-3))
        #expect(try castValue(.float8(1e10), from: .float8, to: .int8) == .int8(10_000_000_000))
        #expect(
            try castValue(.float8(0.1), from: .float8, to: .numeric)
                == .numeric(Numeric(parsing: "0.1") ?? .nan))
        let third = try castValue(.float8(1.0 / 3.0), from: .float8, to: .numeric)
        #expect(formatValue(third, type: .numeric) == "0.333333333333333")
        let inet = try parseValue("10.0.0.1", as: .inet)
        #expect(try castValue(inet, from: .inet, to: .text) == .text("10.0.0.1/32"))
        #expect(try castValue(.bool(true), from: .bool, to: .text) == .text("true"))
    }

    // select 3e9::float8::int; select 40000::int2; select 'NaN'::numeric::int;
    // select 'abcdef'::varchar(3); insert into t(v varchar(5)) values ('abcdefg')
    @Test func errors() throws {
        #expect(
            sqlError { try castValue(.float8(3e9), from: .float8, to: .int4) }?.message
                == "integer out of range")
        #expect(
            sqlError { try castValue(.int4(40000), from: .int4, to: .int2) }?.message
                == "smallint out of range")
        #expect(
            sqlError { try castValue(.numeric(.nan), from: .numeric, to: .int4) }?.message
                == "cannot convert NaN to integer")
        let v5 = PGType.varchar(length: 5)
        #expect(
            try castValue(.text("abcdefg"), from: .text, to: v5, context: .explicit)
                == .text("abcde"))
        let e = sqlError {
            try castValue(.text("abcdefg"), from: .text, to: v5, context: .assignment)
        }
        #expect(e?.message == "value too long for type character varying(5)")
        #expect(e?.sqlState == "22001")
        let concat = try castValue(.text("17.3.200.5"), from: .text, to: .inet)
        #expect(formatValue(concat, type: .inet) == "17.3.200.5")
    }

    @Test func contexts() {
        #expect(castContext(from: .int4, to: .int8) == .implicit)
        #expect(castContext(from: .int8, to: .int4) == .assignment)
        #expect(castContext(from: .text, to: .int4) == .explicit)
        #expect(castContext(from: .int4, to: .text) == .assignment)
        #expect(castContext(from: .unknown, to: .inet) == .implicit)
        #expect(castContext(from: .textArray, to: .int4Array) == .explicit)
        #expect(castContext(from: .date, to: .timestamptz) == .implicit)
    }
}

@Suite struct TypesCatalogTests {
    // select format_type('numeric'::regtype, 655366), format_type(1043, 24), ...
    @Test func formatTypes() throws {
        #expect(formatType(.numeric(precision: 10, scale: 2)) == "numeric(10,2)")
        #expect(formatType(.varchar(length: 20)) == "character varying(20)")
        #expect(formatType(PGType(oid: 1184, typmod: 3)) == "timestamp(3) with time zone")
        #expect(formatType(PGType(oid: 1015, typmod: 24)) == "character varying(20)[]")
        #expect(formatType(.textArray) == "text[]")
        #expect(formatType(.float8) == "double precision")
        #expect(PGType.numeric(precision: 10, scale: 2).typmod == 655_366)
    }

    @Test func resolve() throws {
        #expect(try resolveTypeName(TypeName(["int"])) == .int4)
        #expect(try resolveTypeName(TypeName(["timestamp with time zone"])) == .timestamptz)
        #expect(try resolveTypeName(TypeName(["int4"], arrayDimensions: 1)) == .int4Array)
        let v = TypeName(["varchar"], modifiers: [Expr(.literal(.integer("20")))])
        #expect(try resolveTypeName(v) == PGType.varchar(length: 20))
        let e = sqlError { try resolveTypeName(TypeName(["foo"], location: 11)) }
        #expect(e?.message == "type \"foo\" does not exist")
        #expect(e?.sqlState == "42704")
        #expect(e?.position == 12)
        let zero = TypeName(["varchar"], modifiers: [Expr(.literal(.integer("0")))])
        #expect(
            sqlError { try resolveTypeName(zero) }?.message
                == "length for type varchar must be at least 1")
    }
}
