// psql's error text. Expected strings were printed by psql 15.18 for the
// statements quoted in each test (PostgreSQL 15 reference server).

import Testing

@testable import citus_sim

/// A `column "nosuch" does not exist` error at `position`.
private func missingColumn(at position: Int) -> ServerMessage {
    ServerMessage(
        severity: "ERROR", sqlState: "42703", message: "column \"nosuch\" does not exist",
        position: position)
}

/// The 1-based character position of `needle` in `query`.
private func position(of needle: String, in query: String) -> Int {
    guard let range = query.range(of: needle) else { return 0 }
    return query.unicodeScalars.distance(
        from: query.unicodeScalars.startIndex, to: range.lowerBound) + 1
}

@Suite struct MessageFormatterTests {
    @Test func caretOnTheLineOfTheError() {
        let query = "SELECT 1 +\n  nosuch;"
        let text = MessageFormatter().format(
            missingColumn(at: position(of: "nosuch", in: query)), query: query, isError: true)
        #expect(
            text == """
                ERROR:  column "nosuch" does not exist
                LINE 2:   nosuch;
                          ^

                """)
    }

    @Test func tabsBecomeSpaces() {
        let query = "select\t'tab'\t||\tnosuch;"
        let text = MessageFormatter().format(
            missingColumn(at: position(of: "nosuch", in: query)), query: query, isError: true)
        #expect(text.hasSuffix("LINE 1: select 'tab' || nosuch;\n                        ^\n"))
    }

    @Test func longLinesAreCut() {
        let a = String(repeating: "a", count: 84)
        let b = String(repeating: "b", count: 120)
        let query = "select '\(a)' || nosuch || '\(b)';"
        let text = MessageFormatter().format(
            missingColumn(at: position(of: "nosuch", in: query)), query: query, isError: true)
        #expect(
            text == """
                ERROR:  column "nosuch" does not exist
                LINE 1: ...aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' || nosuch || ...
                                                                             ^

                """)
        let start = "select nosuch || '\(b)';"
        let startText = MessageFormatter().format(
            missingColumn(at: 8), query: start, isError: true)
        #expect(
            startText.hasSuffix(
                """
                LINE 1: select nosuch || 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb...
                               ^

                """))
    }

    @Test func detailHintQueryAndContext() {
        // do $$ begin raise exception 'boom' using detail = 'dd', hint = 'hh'; end $$;
        let boom = ServerMessage(
            severity: "ERROR", sqlState: "P0001", message: "boom", detail: "dd", hint: "hh",
            context: "PL/pgSQL function inline_code_block line 1 at RAISE")
        #expect(
            MessageFormatter().format(boom, query: "do ...", isError: true) == """
                ERROR:  boom
                DETAIL:  dd
                HINT:  hh
                CONTEXT:  PL/pgSQL function inline_code_block line 1 at RAISE

                """)
        // A notice does not show its context unless SHOW_CONTEXT is always.
        var notice = boom
        notice.severity = "NOTICE"
        notice.detail = nil
        notice.hint = nil
        #expect(MessageFormatter().format(notice, query: "", isError: false) == "NOTICE:  boom\n")
        // select f2(); where f2 returns (select id from u where id = 'x').
        let inner = ServerMessage(
            severity: "ERROR", sqlState: "22P02",
            message: "invalid input syntax for type integer: \"x\"", internalPosition: 30,
            internalQuery: "(select id from u where id = 'x')",
            context: "PL/pgSQL function f2() line 1 at RETURN")
        #expect(
            MessageFormatter().format(inner, query: "select f2();", isError: true) == """
                ERROR:  invalid input syntax for type integer: "x"
                LINE 1: (select id from u where id = 'x')
                                                     ^
                QUERY:  (select id from u where id = 'x')
                CONTEXT:  PL/pgSQL function f2() line 1 at RETURN

                """)
    }

    @Test func verbosity() {
        var formatter = MessageFormatter()
        formatter.verbosity = .terse
        #expect(
            formatter.format(missingColumn(at: 8), query: "select nosuch;", isError: true)
                == "ERROR:  column \"nosuch\" does not exist at character 8\n")
        formatter.verbosity = .sqlstate
        #expect(
            formatter.format(missingColumn(at: 8), query: "select nosuch;", isError: true)
                == "ERROR:  42703\n")
    }
}
