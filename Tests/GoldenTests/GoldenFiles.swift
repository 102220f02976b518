// Finds the golden scripts (Tests/Golden), their run order and which of
// them must already pass, like pg_regress's sql/, expected/ and schedule.

import Foundation

/// The golden test layout: `sql/NAME.sql` is run, `expected/NAME.out` is what
/// psql printed for it against PostgreSQL 15, `schedule` orders the names and
/// `passing` lists the names that must match today.
enum GoldenFiles {
    /// The repository root, found from this source file's location.
    static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent()
        .deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `Tests/Golden`.
    static let root = repositoryRoot.appendingPathComponent("Tests/Golden")

    /// The directory the scripts run in, so psql's `psql:FILE:LINE:` prefixes
    /// name the bare file.
    static let sqlDirectory = root.appendingPathComponent("sql")

    /// The recorded outputs.
    static let expectedDirectory = root.appendingPathComponent("expected")

    /// Where the harness leaves each run's actual output for inspection.
    static let actualDirectory = URL(fileURLWithPath: "/tmp/golden-actual")

    /// The golden names in schedule order (the schedule file's non-comment
    /// lines), or every `sql/*.sql` sorted by name when there is no schedule.
    static var scheduled: [String] {
        let lines = listFile(root.appendingPathComponent("schedule"))
        return lines ?? sqlFileNames
    }

    /// The names whose output must already match byte for byte.
    static var passing: Set<String> {
        Set(listFile(root.appendingPathComponent("passing")) ?? [])
    }

    /// Every `sql/*.sql` file name without its extension, sorted.
    static var sqlFileNames: [String] {
        let entries =
            (try? FileManager.default.contentsOfDirectory(
                atPath: sqlDirectory.path)) ?? []
        return entries.filter { $0.hasSuffix(".sql") }
            .map { String($0.dropLast(4)) }
            .sorted()
    }

    /// The script for `name`.
    static func sqlFile(_ name: String) -> URL {
        sqlDirectory.appendingPathComponent(name + ".sql")
    }

    /// The recorded output for `name`.
    static func expectedFile(_ name: String) -> URL {
        expectedDirectory.appendingPathComponent(name + ".out")
    }

    /// The lines of a list file without blanks and `#` comments, or nil when
    /// the file does not exist.
    private static func listFile(_ url: URL) -> [String]? {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else {
            return nil
        }
        return text.split(whereSeparator: \.isNewline)
            .map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
    }
}
