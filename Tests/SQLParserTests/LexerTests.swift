// The scanner: names and folding, keywords, every string form, numbers,
// operators by scan.l's rules, parameters, comments and truncation.

import Testing

@testable import SQLParser

@Suite struct LexerTests {
    private func kinds(_ text: String) throws -> [Token.Kind] {
        try Lexer.tokenize(text).map(\.kind).dropLast()
    }

    private func texts(_ text: String) throws -> [String] {
        var lexer = Lexer(text)
        return try lexer.tokenizeAll().map { lexer.text(of: $0) }.dropLast()
    }

    @Test func foldsUnquotedNamesAndKeepsQuotedOnes() throws {
        var lexer = Lexer("SeLeCt Foo, \"Bar\", \"a\"\"b\", U&\"\\0041b\"")
        let tokens = try lexer.tokenizeAll()
        #expect(
            tokens.map { lexer.text(of: $0) } == [
                "select", "foo", ",", "Bar", ",", "a\"b", ",", "Ab", "",
            ])
        #expect(tokens[0].isKeyword && !tokens[1].isKeyword && tokens[3].isQuoted)
        #expect(tokens[0].keyword?.category == .reserved)
    }

    @Test func keywordCategoriesFollowPostgreSQL() {
        #expect(Keywords.lookup("from")?.category == .reserved)
        #expect(Keywords.lookup("left")?.category == .typeFunctionName)
        #expect(Keywords.lookup("coalesce")?.category == .columnName)
        #expect(Keywords.lookup("abort")?.category == .unreserved)
        #expect(Keywords.lookup("from")?.isBareLabel == false)
        #expect(Keywords.lookup("asc")?.isBareLabel == true)
        #expect(Keywords.table.count == 460)
    }

    @Test func stringForms() throws {
        #expect(try texts("'it''s'") == ["it's"])
        #expect(try texts("E'a\\nb\\t\\x41\\101\\u0042\\'q'") == ["a\nb\tAAB'q"])
        #expect(try texts("U&'d\\0061t\\+000061'") == ["data"])
        #expect(try texts("U&'d!0061t' UESCAPE '!'") == ["dat"])
        #expect(try texts("$$a'b$$") == ["a'b"])
        #expect(try texts("$fn$ $$ inner $$ $fn$") == [" $$ inner $$ "])
        #expect(try texts("'a'\n  'b'") == ["ab"])
        #expect(try texts("'a' -- c\n'b'").count == 2)
        #expect(try kinds("B'0101' X'1F'") == [.bitString, .bitString])
        #expect(try texts("B'0101' X'1F'") == ["b0101", "x1F"])
    }

    @Test func dollarBodyStart() throws {
        let lexer = Lexer("do $tag$ body $tag$")
        let tokens = try Lexer.tokenize("do $tag$ body $tag$")
        #expect(lexer.dollarBodyStart(of: tokens[1]) == 8)
    }

    @Test func keywordEnumMatchesTheSpellingTable() {
        #expect(Keywords.words.count == 461)
        for code in 1..<Keywords.words.count {
            let keyword = Keyword(rawValue: UInt16(code))
            let name = keyword.map { String(describing: $0) } ?? ""
            let snake = name.map { $0.isUppercase ? "_" + $0.lowercased() : String($0) }
            #expect(snake.joined() == Keywords.words[code])
            #expect(Keywords.code(of: Keywords.words[code]) == UInt16(code))
        }
        #expect(Keyword(rawValue: UInt16(Keywords.words.count)) == nil)
        #expect(Keywords.words.map(\.utf8.count).max() == Keywords.longest)
        let tokens = try? Lexer.tokenize("SeLeCt current_timestamp Current_Timestampx")
        #expect(tokens?[0].isKeyword(.select) == true)
        #expect(tokens?[1].isKeyword(.currentTimestamp) == true)
        #expect(tokens?[2].isKeyword == false)
    }

    @Test func numbers() throws {
        #expect(
            try kinds("1 1.5 .5 1e3 1.e3 1E-2") == [
                .integer, .numeric, .numeric, .numeric, .numeric, .numeric,
            ])
        #expect(try kinds("1..10") == [.integer, .dotDot, .integer])
        #expect(try texts("1 e") == ["1", "e"])
        #expect(throws: ParseError.self) { try Lexer.tokenize("1e") }
        #expect(try texts("$1$") == ["1", "$"])
        #expect(try texts("1.2.3") == ["1.2", ".3"])
    }

    @Test func operatorsFollowScanRules() throws {
        #expect(try texts("a+-b") == ["a", "+", "-", "b"])
        #expect(try texts("a@-b") == ["a", "@-", "b"])
        #expect(
            try texts("a<=b a>=b a<>b a!=b") == [
                "a", "<=", "b", "a", ">=", "b", "a", "<>", "b", "a", "<>", "b",
            ])
        #expect(try texts("a||b") == ["a", "||", "b"])
        #expect(
            try kinds("x::int := => ..") == [
                .identifier, .typecast, .identifier, .colonEquals, .equalsGreater, .dotDot,
            ])
        #expect(try texts("1+--c\n2") == ["1", "+", "2"])
        #expect(try texts("1*/*c*/2") == ["1", "*", "2"])
        #expect(try texts("a ~~* b") == ["a", "~~*", "b"])
    }

    @Test func parametersAndPunctuation() throws {
        #expect(
            try kinds("$1 $23 ( ) [ ] , ; . :") == [
                .parameter, .parameter, .punctuation, .punctuation, .punctuation, .punctuation,
                .punctuation, .punctuation, .punctuation, .punctuation,
            ])
        #expect(try texts("$12") == ["12"])
    }

    @Test func commentsNest() throws {
        #expect(try texts("1 /* a /* b */ c */ 2 -- x") == ["1", "2"])
    }

    @Test func locationsCountScalars() throws {
        let tokens = try Lexer.tokenize("'é' x")
        #expect(tokens[1].location == 4)
        #expect(tokens[0].end == 3)
    }

    @Test func longIdentifiersAreTruncatedWithANotice() throws {
        let long = String(repeating: "a", count: 70)
        let short = String(repeating: "a", count: 63)
        var lexer = Lexer("select " + long)
        let tokens = try lexer.tokenizeAll()
        #expect(lexer.text(of: tokens[1]) == String(repeating: "a", count: 63))
        #expect(
            lexer.notices.first?.message
                == "identifier \"\(long)\" will be truncated to \"\(short)\""
        )
        let accented = String(repeating: "é", count: 40)
        var quotedLexer = Lexer("\"" + accented + "\"")
        let quoted = try quotedLexer.tokenizeAll()
        #expect(quotedLexer.text(of: quoted[0]) == String(repeating: "é", count: 31))
    }
}
