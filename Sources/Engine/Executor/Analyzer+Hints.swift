// The HINT PostgreSQL adds to "column does not exist" when a visible
// column has a similar name (errorMissingColumn's fuzzy search in
// parse_relation.c).
import SQLParser

extension ColumnScope {
    /// Columns a misspelt reference could have meant, with the name of the
    /// FROM item that has them. Scopes without names offer none.
    func columnCandidates() -> [(table: String, column: String)] { [] }
}

extension QueryScope {
    func columnCandidates() -> [(table: String, column: String)] {
        entries.filter { !$0.isHidden }.flatMap { entry in
            entry.columns.map { (entry.refName, $0.name) }
        }
    }
}

extension Analyzer {
    /// The fuzzy-match HINT for a missing column `parts`, or nil.
    ///
    /// A candidate counts when its Levenshtein distance to the written name
    /// is at most 3 and at most half the written name's length. The closest
    /// one is suggested; two at the same distance are both suggested;
    /// three or more suggest nothing.
    ///
    /// Example: `SELECT "Id" FROM t` with a column `id`: distance 1, the
    /// written name has length 2, so the hint names `t.id`.
    func missingColumnHint(_ parts: [String]) -> String? {
        guard let written = parts.last, parts.count <= 2 else { return nil }
        let table = parts.count == 2 ? parts[0] : nil
        var best = 4
        var matches: [(table: String, column: String)] = []
        var level = scope
        while let current = level {
            for candidate in current.columnCandidates() {
                if let table, candidate.table != table { continue }
                let distance = levenshtein(candidate.column, written)
                if distance > written.unicodeScalars.count / 2 || distance > best { continue }
                if distance < best {
                    best = distance
                    matches = [candidate]
                } else {
                    matches.append(candidate)
                }
            }
            level = current.parent
        }
        switch matches.count {
        case 1:
            return
                "Perhaps you meant to reference the column \"\(matches[0].table).\(matches[0].column)\"."
        case 2:
            return
                "Perhaps you meant to reference the column \"\(matches[0].table).\(matches[0].column)\" or the column \"\(matches[1].table).\(matches[1].column)\"."
        default:
            return nil
        }
    }
}

/// Edit distance with unit costs, over bytes as PostgreSQL's
/// varstr_levenshtein does for single-byte differences.
private func levenshtein(_ a: String, _ b: String) -> Int {
    let x = Array(a.utf8)
    let y = Array(b.utf8)
    if x.isEmpty { return y.count }
    if y.isEmpty { return x.count }
    var previous = Array(0...y.count)
    var current = [Int](repeating: 0, count: y.count + 1)
    for i in 1...x.count {
        current[0] = i
        for j in 1...y.count {
            let substitution = previous[j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
        }
        swap(&previous, &current)
    }
    return previous[y.count]
}
