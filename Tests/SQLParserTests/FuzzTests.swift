// Robustness: prefixes of every fixture statement, and random byte
// mutations of them with a fixed seed, must either parse or throw a
// ParseError; nothing may trap.

import Testing

@testable import SQLParser

@Suite struct FuzzTests {
    /// SplitMix64: a small deterministic generator so failures reproduce.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    /// Parses `text`, failing the test for any error that is not a
    /// ParseError.
    private func check(_ text: String) {
        var parser = Parser(text)
        do {
            let statements = try parser.parseStatements()
            for statement in statements { _ = deparse(statement.statement) }
        } catch is ParseError {
            return
        } catch {
            Issue.record("\(text) threw \(error)")
        }
    }

    /// Prefix lengths to try for `sql`: all of them for statements up to
    /// 400 characters; for longer ones (function bodies) the lengths around
    /// every token boundary, where scanning and parsing decisions change.
    private func prefixLengths(_ sql: String) -> [Int] {
        let count = sql.unicodeScalars.count
        guard count > 400, let tokens = try? Lexer.tokenize(sql) else { return Array(0...count) }
        var lengths = Set<Int>()
        for token in tokens {
            for length in [token.location, token.location + 1, token.end - 1, token.end]
            where length >= 0 && length <= count {
                lengths.insert(length)
            }
        }
        return lengths.sorted()
    }

    @Test func everyPrefixOfEveryFixture() {
        let statements = Set(Fixtures.statements.map(\.sql))
        #expect(!statements.isEmpty)
        for sql in statements.sorted() {
            let scalars = Array(sql.unicodeScalars)
            for length in prefixLengths(sql) {
                var view = String.UnicodeScalarView()
                view.append(contentsOf: scalars[0..<length])
                check(String(view))
            }
        }
    }

    @Test func randomMutationsOfFixtures() {
        let statements = Fixtures.statements
        #expect(!statements.isEmpty)
        var random = SplitMix(state: 0x5EED)
        let alphabet: [UInt8] =
            Array("'\"$()[];,.:*+-/<>=!~@#%^&|`?e\\ \n0123456789abcXYZ".utf8) + [0xC3, 0xA9, 0xFF]
        for _ in 0..<4000 {
            guard let (_, sql) = statements.randomElement(using: &random) else { return }
            var bytes = Array(sql.utf8)
            let edits = Int.random(in: 1...4, using: &random)
            for _ in 0..<edits where !bytes.isEmpty {
                let position = Int.random(in: 0..<bytes.count, using: &random)
                let byte = alphabet.randomElement(using: &random) ?? 0x27
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[position] = byte
                case 1: bytes.insert(byte, at: position)
                default: bytes.remove(at: position)
                }
            }
            check(String(decoding: bytes, as: UTF8.self))
        }
    }
}
