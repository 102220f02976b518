// psql's table layouts. Every expected string was printed by psql 15.18
// against PostgreSQL 15 for the query named in the test (psql -X, output
// captured with 2>&1).

import Testing

@testable import citus_sim

/// Shorthand for a result with the given columns (name, type OID) and rows.
private func result(_ columns: [(String, Int32)], _ rows: [[String?]]) -> ResultSet {
    ResultSet(
        commandTag: "SELECT \(rows.count)",
        columns: columns.map { ResultColumn(name: $0.0, typeOID: $0.1) }, rows: rows)
}

/// Draws `result` with `options` as psql would.
private func render(_ result: ResultSet, _ options: PrintOptions = PrintOptions()) -> String {
    var out = ""
    TablePrinter(options: options).print(TableContent(result: result, options: options), to: &out)
    return out
}

/// The row of `select 1 as a, 'x,y' as b, null as c, 'q"uote' d,
/// 'line\ntwo' e, '\.' f`.
private let mixedRow = result(
    [("a", 23), ("b", 25), ("c", 25), ("d", 25), ("e", 25), ("f", 25)],
    [["1", "x,y", nil, "q\"uote", "line\ntwo", "\\."]])

@Suite struct TablePrinterTests {
    @Test func alignedSimple() {
        // select 1 as a, 'x'::text as b;
        let table = result([("a", 23), ("b", 25)], [["1", "x"]])
        #expect(render(table) == " a | b \n---+---\n 1 | x\n(1 row)\n\n")
    }

    @Test func alignedMultilineAndNull() {
        #expect(
            render(mixedRow) == """
                 a |  b  | c |   d    |  e   | f  \n\
                ---+-----+---+--------+------+----
                 1 | x,y |   | q"uote | line+| \\.
                   |     |   |        | two  | \n\
                (1 row)


                """)
    }

    @Test func alignedNumbersRightTabsAndControls() {
        // select 1.5::numeric, null::int, 'multi\nline' as m, E'tab\there' t;
        let table = result(
            [("numeric", 1700), ("int4", 23), ("m", 25), ("t", 25)],
            [["1.5", nil, "multi\nline", "tab\there"]])
        #expect(
            render(table) == """
                 numeric | int4 |   m   |      t       \n\
                ---------+------+-------+--------------
                     1.5 |      | multi+| tab     here
                         |      | line  | \n\
                (1 row)


                """)
        // select 1 as "tab\tcol", E'cr\rx' as c, E'ctl\001' as k;
        let controls = result(
            [("tab\tcol", 23), ("c", 25), ("k", 25)], [["1", "cr\rx", "ctl\u{01}"]])
        #expect(
            render(controls) == """
                 tab     col |   c   |    k    \n\
                -------------+-------+---------
                           1 | cr\\rx | ctl\\x01
                (1 row)


                """)
    }

    @Test func alignedWideCharacters() {
        // select '日本語' as "幅", 'ﾊﾝｶｸ' h, 'e' || chr(769) as comb;
        let table = result(
            [("幅", 25), ("h", 25), ("comb", 25)], [["日本語", "ﾊﾝｶｸ", "e\u{301}"]])
        #expect(
            render(table) == """
                   幅   |  h   | comb \n\
                --------+------+------
                 日本語 | ﾊﾝｶｸ | e\u{301}
                (1 row)


                """)
    }

    @Test func zeroRowsAndTuplesOnly() {
        // select 1 where false;
        let empty = result([("?column?", 23)], [])
        #expect(render(empty) == " ?column? \n----------\n(0 rows)\n\n")
        var options = PrintOptions()
        options.tuplesOnly = true
        #expect(render(empty, options) == "\n")
        #expect(
            render(mixedRow, options) == """
                 1 | x,y |   | q"uote | line+| \\.
                   |     |   |        | two  | \n\


                """)
    }

    @Test func borderTwo() {
        // \pset border 2, then select 1 as a, 'hi' bb; and with \t on.
        var options = PrintOptions()
        options.border = 2
        let table = result([("a", 23), ("bb", 25)], [["1", "hi"]])
        #expect(
            render(table, options) == """
                +---+----+
                | a | bb |
                +---+----+
                | 1 | hi |
                +---+----+
                (1 row)


                """)
        options.tuplesOnly = true
        #expect(render(table, options) == "| 1 | hi |\n+---+----+\n\n")
    }

    @Test func expanded() {
        var options = PrintOptions()
        options.expanded = .on
        #expect(
            render(mixedRow, options) == """
                -[ RECORD 1 ]
                a | 1
                b | x,y
                c | \n\
                d | q"uote
                e | line  +
                  | two
                f | \\.


                """)
        #expect(render(result([("?column?", 23)], []), options) == "(0 rows)\n\n")
        options.tuplesOnly = true
        #expect(render(result([("?column?", 23)], []), options) == "\n")
    }

    @Test func unaligned() {
        var options = PrintOptions()
        options.format = .unaligned
        #expect(render(mixedRow, options) == "a|b|c|d|e|f\n1|x,y||q\"uote|line\ntwo|\\.\n(1 row)\n")
        #expect(render(result([("?column?", 23)], []), options) == "?column?\n(0 rows)\n")
        options.fieldSeparator = ";"
        options.recordSeparator = "@"
        #expect(render(mixedRow, options) == "a;b;c;d;e;f@1;x,y;;q\"uote;line\ntwo;\\.@(1 row)\n")
        options = PrintOptions()
        options.format = .unaligned
        options.expanded = .on
        #expect(render(mixedRow, options) == "a|1\nb|x,y\nc|\nd|q\"uote\ne|line\ntwo\nf|\\.\n")
    }

    @Test func csv() {
        var options = PrintOptions()
        options.format = .csv
        #expect(
            render(mixedRow, options) == """
                a,b,c,d,e,f
                1,"x,y",,"q""uote","line
                two","\\."

                """)
        #expect(render(result([("?column?", 23)], []), options) == "?column?\n")
        options.expanded = .on
        #expect(
            render(mixedRow, options) == """
                a,1
                b,"x,y"
                c,
                d,"q""uote"
                e,"line
                two"
                f,"\\."

                """)
    }
}
