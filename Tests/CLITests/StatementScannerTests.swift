// psql's statement splitting. The expected statements are those psql 15
// sent for the same input lines (checked with psql -e against PostgreSQL
// 15, which echoes each query as sent).

import Testing

@testable import citus_sim

/// Feeds `lines` through a scanner as psql's main loop does and returns
/// the statements it would send, plus the text left unterminated.
private func split(
    _ lines: [String], variables: [String: String] = [:]
) -> (statements: [String], rest: String) {
    var scanner = StatementScanner()
    var buffer = ""
    var statements: [String] = []
    for line in lines {
        if !buffer.isEmpty { buffer += "\n" }
        scanner.setLine(line)
        while true {
            let result = scanner.scan(into: &buffer) { name, quoting in
                guard let value = variables[name] else { return nil }
                switch quoting {
                case .plain: return value
                case .literal: return Variables.quoteLiteral(value)
                case .identifier: return Variables.quoteIdentifier(value)
                }
            }
            if result == .semicolon {
                statements.append(buffer)
                buffer = ""
            }
            if result == .endOfLine || result == .incomplete { break }
            if result == .backslash { break }
        }
    }
    return (statements, buffer)
}

@Suite struct StatementScannerTests {
    @Test func leadingCommentsAndWhitespaceAreDropped() {
        let output = split(["-- leading comment", "", "SELECT 1 AS a;  select 2; -- tail"])
        #expect(output.statements == ["SELECT 1 AS a;", "select 2;"])
        #expect(output.rest == "")
    }

    @Test func semicolonsInsideQuotesCommentsAndParentheses() {
        let output = split([
            "select 'a;b' ; select $$x;y$$, (1;", ");",
            "/* nested /* comment ; */ still ; comment */ select 'after nested';",
            "select E'it\\'s;', \"q;\"\"x\" from t;",
        ])
        #expect(
            output.statements == [
                "select 'a;b' ;", "select $$x;y$$, (1;\n);",
                "/* nested /* comment ; */ still ; comment */ select 'after nested';",
                "select E'it\\'s;', \"q;\"\"x\" from t;",
            ])
    }

    @Test func multiLineStatementKeepsInnerComments() {
        let output = split(["select 'a' -- trailing comment ;", "  || 'b';"])
        #expect(output.statements == ["select 'a' -- trailing comment ;\n  || 'b';"])
    }

    @Test func dollarQuotedFunctionBody() {
        let output = split([
            "create function f1(x int) returns int language plpgsql as $f$",
            "begin", "  return x + 1; /* ; also */", "end;", "$f$;", "select f1(1);",
        ])
        #expect(output.statements.count == 2)
        #expect(output.statements[0].hasSuffix("end;\n$f$;"))
    }

    @Test func beginAtomicBody() {
        let output = split([
            "create function f3(a int) returns int language sql begin atomic "
                + "select a + 1; select a + 2; end;", "select f3(1);",
        ])
        #expect(
            output.statements == [
                "create function f3(a int) returns int language sql begin atomic "
                    + "select a + 1; select a + 2; end;", "select f3(1);",
            ])
    }

    @Test func backslashSemicolonDoesNotEndTheStatement() {
        #expect(split(["select 1 \\; select 2;"]).statements == ["select 1 ; select 2;"])
    }

    @Test func variables() {
        let output = split(
            ["select :v as v, :'name' as name, :\"id\" as id, x::int, ':v', :nosuch;"],
            variables: ["v": "42", "name": "it's", "id": "tbl"])
        #expect(
            output.statements == [
                "select 42 as v, 'it''s' as name, \"tbl\" as id, x::int, ':v', :nosuch;"
            ])
        // A plain variable is scanned again, so its semicolon ends a statement.
        #expect(split([":cmd;"], variables: ["cmd": "select 7"]).statements == ["select 7;"])
    }

    @Test func promptStatus() {
        var scanner = StatementScanner()
        var buffer = ""
        scanner.setLine("select 'abc")
        _ = scanner.scan(into: &buffer) { _, _ in nil }
        #expect(scanner.promptStatus(bufferIsEmpty: false) == .singleQuote)
        scanner = StatementScanner()
        buffer = ""
        scanner.setLine("select (1,")
        _ = scanner.scan(into: &buffer) { _, _ in nil }
        #expect(scanner.promptStatus(bufferIsEmpty: false) == .parenthesis)
        scanner = StatementScanner()
        buffer = ""
        scanner.setLine("select $x$ a")
        _ = scanner.scan(into: &buffer) { _, _ in nil }
        #expect(scanner.promptStatus(bufferIsEmpty: false) == .dollarQuote)
    }

    @Test func slashCommandArguments() {
        var scanner = StatementScanner()
        scanner.setLine("echo  'quoted  arg' \"dq\" ok\\\\ select 1;")
        #expect(scanner.scanSlashCommandName() == "echo")
        var quote: Unicode.Scalar?
        var words: [String] = []
        while let word = scanner.scanSlashOption(
            .normal, quote: &quote, variables: { _, _ in nil }, onError: { _ in })
        {
            words.append(word)
        }
        #expect(words == ["quoted  arg", "\"dq\"", "ok"])
        scanner.scanSlashCommandEnd()
        #expect(scanner.remainder == " select 1;")
    }
}
