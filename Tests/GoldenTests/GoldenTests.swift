// The golden suite: every Tests/Golden/sql script runs through citus-sim and
// must print exactly what psql printed against PostgreSQL 15 (expected/).
// Scripts not yet listed in Tests/Golden/passing are reported as known issues.

import Foundation
import Testing

/// One test per golden script, plus a check that the layout is consistent.
@Suite("Golden files", .serialized)
struct GoldenTests {
    /// Every scheduled script, byte for byte against its recorded output.
    @Test("golden output matches PostgreSQL", arguments: GoldenFiles.scheduled)
    func golden(_ name: String) throws {
        let binary = try GoldenRunner.locateBinary()
        let expectedURL = GoldenFiles.expectedFile(name)
        let expected = try Data(contentsOf: expectedURL)
        let run = try GoldenRunner.run(name, binary: binary)
        let actualURL = try GoldenRunner.saveActual(name, run.output)

        let matches = run.output == expected && !run.signalled
        if GoldenFiles.passing.contains(name) {
            if !matches {
                recordMismatch(name, run, expectedURL, actualURL, 200)
            }
            return
        }
        if matches {
            print("golden \(name) now matches: add it to Tests/Golden/passing")
        }
        withKnownIssue(
            "\(name) is not in Tests/Golden/passing yet", isIntermittent: true
        ) {
            if !matches {
                recordMismatch(name, run, expectedURL, actualURL, 20)
            }
        }
    }

    /// The schedule, the sql files, the expected files and the passing list
    /// name the same goldens.
    @Test("schedule, sql/, expected/ and passing agree")
    func layoutIsConsistent() {
        let scheduled = GoldenFiles.scheduled
        let files = GoldenFiles.sqlFileNames
        #expect(!files.isEmpty, "no scripts in \(GoldenFiles.sqlDirectory.path)")
        #expect(Set(scheduled).count == scheduled.count, "duplicate in schedule")
        let unscheduled = Set(scheduled).symmetricDifference(files).sorted()
        #expect(unscheduled.isEmpty, "schedule and sql/ differ: \(unscheduled)")
        let manager = FileManager.default
        for name in files {
            let path = GoldenFiles.expectedFile(name).path
            #expect(
                manager.fileExists(atPath: path),
                "no expected/\(name).out: run scripts/record-goldens.sh")
        }
        let unknown = GoldenFiles.passing.subtracting(files).sorted()
        #expect(unknown.isEmpty, "passing names no script: \(unknown)")
    }

    /// Records one issue describing how the run differs from the recording,
    /// showing at most `diffLines` lines of the diff.
    private func recordMismatch(
        _ name: String, _ run: GoldenRun, _ expected: URL, _ actual: URL,
        _ diffLines: Int
    ) {
        var message = "\(name): output differs from PostgreSQL's"
        if run.timedOut {
            message += " (killed after \(Int(GoldenRunner.timeoutSeconds)) s)"
        } else if run.signalled {
            message += " (citus-sim died from signal \(run.status))"
        }
        message += "\n"
        message += GoldenRunner.unifiedDiff(
            expected: expected, actual: actual, maxLines: diffLines)
        Issue.record(Comment(rawValue: message))
    }
}
