// The golden scripts over the wire: real psql 15 (`psql -X -a -q -f`)
// against `citus-sim serve` must print what it printed against
// PostgreSQL 15, byte for byte, as the in-process harness demands.

import Foundation
import Testing

/// psql, the PostgreSQL 15 client the goldens were recorded with.
let psqlPath = "/usr/bin/psql"

/// The passing goldens that do not run over the wire, and why.
// TODO(#6): psql's \d+ of a view reads the view's rules from pg_rewrite
// (pg_get_ruledef), which the engine does not have.
private let inProcessOnly: [String: String] = [
    "92_view_definitions": "\\d+ of a view over the wire needs pg_rewrite"
]

/// The passing goldens psql can run against the server.
private var wireGoldens: [String] {
    GoldenFiles.scheduled.filter {
        GoldenFiles.passing.contains($0) && inProcessOnly[$0] == nil
    }
}

@Suite("Golden files over the wire")
struct WireGoldenTests {
    /// One fresh server per script, as each recording starts from an empty
    /// database.
    @Test("psql over the wire prints what PostgreSQL's psql printed", arguments: wireGoldens)
    func golden(_ name: String) throws {
        guard isExecutable(psqlPath) else {
            Issue.record("\(psqlPath) is missing: install postgresql-client-15")
            return
        }
        let harness = try WireHarness()
        let outcome = try runProcess(
            psqlPath,
            [
                "-X", "-a", "-q", "-f", name + ".sql", "-h", "127.0.0.1", "-p",
                String(harness.port), "-U", "postgres", "-d", "citus",
            ], directory: GoldenFiles.sqlDirectory)
        let expectedURL = GoldenFiles.expectedFile(name)
        let expected = try Data(contentsOf: expectedURL)
        guard outcome.output != expected else { return }
        let directory = GoldenFiles.actualDirectory.appendingPathComponent("wire")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let actualURL = directory.appendingPathComponent(name + ".out")
        try outcome.output.write(to: actualURL)
        let diff = GoldenRunner.unifiedDiff(expected: expectedURL, actual: actualURL, maxLines: 60)
        Issue.record("\(name) over the wire differs from PostgreSQL's:\n\(diff)")
    }
}
