import Engine
// Robustness of the whole engine: every statement of the golden scripts
// and lab fixtures, then truncations and byte mutations of it (fixed
// seed), run against a live node. Any outcome but a result or an SQLError
// fails the test; a trap would take the whole suite down.
import Foundation
import SQLParser
import Testing

@Suite("Engine fuzz")
struct EngineFuzzTests {
    /// SplitMix64, so a failure reproduces.
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

    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The SQL files whose statements are fuzzed.
    static func scripts() -> [URL] {
        let folders = ["Tests/Golden/sql", "Fixtures/lab"].map {
            repository.appendingPathComponent($0)
        }
        return folders.flatMap { folder -> [URL] in
            let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
            return names.filter { $0.hasSuffix(".sql") }.sorted().map {
                folder.appendingPathComponent($0)
            }
        }
    }

    /// Splits `text` into statements at top-level semicolons, dropping
    /// psql meta-command lines.
    static func statements(_ text: String) -> [String] {
        let sql = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("\\") }.joined(separator: "\n")
        guard let tokens = try? Lexer.tokenize(sql) else { return [] }
        let scalars = Array(sql.unicodeScalars)
        var result: [String] = []
        var start = 0
        var depth = 0
        for token in tokens {
            if token.isSymbol("(") { depth += 1 }
            if token.isSymbol(")") { depth -= 1 }
            guard token.isSymbol(";"), depth == 0 else { continue }
            var view = String.UnicodeScalarView()
            view.append(contentsOf: scalars[start..<token.location])
            let statement = String(view).trimmingCharacters(in: .whitespacesAndNewlines)
            if !statement.isEmpty { result.append(statement) }
            start = token.end
        }
        return result
    }

    /// Runs `sql`, failing on anything but success or an SQLError.
    private func run(_ session: Session, _ sql: String) {
        session.run(sql) { event in
            // PostgreSQL itself fails with XX000 on a field of ROW(..) that
            // is an untyped literal: `SELECT (ROW(1, 'a')).f2`.
            let postgresOwn = "failed to find conversion function from unknown to text"
            if case .error(let error) = event, error.sqlState == SQLState.internalError,
                error.message != postgresOwn
            {
                Issue.record("internal error for \(sql): \(error.message)")
            }
        }
    }

    /// Statements whose mutations could sleep or loop for long.
    private func isUnbounded(_ sql: String) -> Bool {
        let lower = sql.lowercased()
        // A recursive query cut short may recurse without end, as it
        // would on PostgreSQL.
        return ["sleep", "loop", "while", "for ", "generate_series", "recursive"].contains {
            lower.contains($0)
        }
    }

    @Test func truncationsAndMutationsOfEveryStatement() throws {
        var random = SplitMix(state: 20_261_204)
        var count = 0
        for script in Self.scripts() {
            let db = try Database()
            let session = db.connect()
            let text = try String(contentsOf: script, encoding: .utf8)
            for sql in Self.statements(text) {
                run(session, sql)
                count += 1
                guard !isUnbounded(sql) else { continue }
                let scalars = Array(sql.unicodeScalars)
                for _ in 0..<3 {
                    var view = String.UnicodeScalarView()
                    view.append(
                        contentsOf: scalars[0..<Int.random(in: 0...scalars.count, using: &random)])
                    run(session, String(view))
                    var mutated = scalars
                    let position = Int.random(in: 0..<mutated.count, using: &random)
                    let replacement = UInt8.random(in: 32...126, using: &random)
                    mutated[position] = Unicode.Scalar(replacement)
                    var mutatedView = String.UnicodeScalarView()
                    mutatedView.append(contentsOf: mutated)
                    run(session, String(mutatedView))
                    count += 2
                }
            }
            session.run("ROLLBACK") { _ in }
        }
        #expect(count > 1000)
    }
}
