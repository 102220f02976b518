// Helpers shared by the parser suites: parsing shortcuts, a structural
// dump of trees that ignores source locations, and the lab fixtures split
// into statements.

import Foundation

@testable import SQLParser

/// Parses `sql`, which must hold exactly one statement.
func parseOne(_ sql: String) throws -> Statement {
    try Parser.parseStatement(sql)
}

/// The first select-list expression of `SELECT <expr>`.
func selectExpr(_ expr: String) throws -> Expr {
    guard case .select(let query) = try parseOne("SELECT " + expr),
        case .select(let simple) = query.body, let first = simple.targets.first
    else { throw ParseError(sqlState: "XX000", message: "not a simple select", position: -1) }
    return first.expr
}

/// The error `sql` raises, or nil when it parses.
func parseError(_ sql: String) -> ParseError? {
    var parser = Parser(sql)
    do {
        _ = try parser.parseStatements()
        return nil
    } catch let error as ParseError {
        return error
    } catch {
        return ParseError(sqlState: "XX000", message: "\(error)", position: -1)
    }
}

/// A text rendering of any tree node with every `location` (and
/// `bodyLocation`) left out, so trees from different texts compare equal
/// when they differ only in where things were.
func shape(_ value: Any) -> String {
    let mirror = Mirror(reflecting: value)
    if mirror.children.isEmpty { return String(describing: value) }
    var parts: [String] = []
    for child in mirror.children {
        if let label = child.label, locationLabels.contains(label) { continue }
        parts.append((child.label ?? "") + ":" + shape(child.value))
    }
    return "\(mirror.subjectType)(" + parts.joined(separator: ",") + ")"
}

/// The fields that hold places in the source text, which a round trip
/// through the deparser moves.
private let locationLabels: Set<String> = [
    "location", "bodyLocation", "statementStart", "statementEnd",
]

/// Parses `sql`, deparses it, parses the result again and reports whether
/// both trees have the same shape; returns the deparsed text.
@discardableResult
func roundTrip(_ sql: String) throws -> (text: String, equal: Bool) {
    let first = try parseOne(sql)
    let text = deparse(first)
    let second = try parseOne(text)
    return (text, shape(first) == shape(second))
}

/// The lab's SQL: Fixtures/lab/*.sql (every SQL block of Labs 3 to 6) and
/// every script of Fixtures/citus-reference, split into statements with psql
/// meta-commands removed.
enum Fixtures {
    static let directory: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func sources() -> [(name: String, text: String)] {
        var result: [(String, String)] = []
        for folder in ["lab", "citus-reference"] {
            let url = directory.appendingPathComponent(folder)
            let files = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            for file in files.sorted() where file.hasSuffix(".sql") {
                let path = url.appendingPathComponent(file)
                if let text = try? String(contentsOf: path, encoding: .utf8) {
                    result.append(("\(folder)/\(file)", text))
                }
            }
        }
        return result
    }

    /// Every statement of every fixture, as text.
    static let statements: [(name: String, sql: String)] = {
        var result: [(String, String)] = []
        for source in sources() {
            let lines = source.text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.trimmingCharacters(in: .whitespaces).hasPrefix("\\") ? "" : String($0) }
            for statement in split(lines.joined(separator: "\n")) {
                result.append((source.name, statement))
            }
        }
        return result
    }()

    /// Splits `text` at top-level semicolons using the lexer.
    static func split(_ text: String) -> [String] {
        guard let tokens = try? Lexer.tokenize(text) else { return [text] }
        let scalars = Array(text.unicodeScalars)
        var result: [String] = []
        var start: Int?
        for token in tokens {
            if token.kind == .end || token.isSymbol(";") {
                if let first = start {
                    var view = String.UnicodeScalarView()
                    view.append(contentsOf: scalars[first..<token.location])
                    result.append(String(view))
                }
                start = nil
            } else if start == nil {
                start = token.location
            }
        }
        return result
    }
}
