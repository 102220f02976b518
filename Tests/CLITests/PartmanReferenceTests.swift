// pg_partman 4.7.2 as the reference cluster's coordinator ran it alone
// (Fixtures/citus-reference/18_partman_detail.sql, in a scratch database
// without citus, on 2026-12-03 after 18:03 UTC): the script runs through
// the CLI on a bare coordinator whose clock is pinned to that afternoon,
// and its output must equal 18_partman_detail.out byte for byte, less the
// statements citus-sim cannot run yet.
import Engine
import Foundation
import ShardRouter
import Testing

@testable import citus_sim

/// A clock that always reads one instant.
final class PinnedClock: EngineClock {
    let instant: Int64

    /// A clock stopped at `text`, a UTC timestamp (`2026-12-03 18:05:00`).
    init(_ text: String) throws {
        guard case .timestamptz(let t) = try parseValue(text + "+00", as: .timestamptz) else {
            throw SQLError(SQLState.internalError, "not a timestamp: \(text)")
        }
        instant = t
    }

    func now() -> Int64 { instant }
    func sleep(microseconds: Int64) {}
}

@Suite struct PartmanReferenceTests {
    /// Statements left out, by their first line, and why.
    static let skipped: [String] = [
        // CREATE DATABASE and \c to another database.
        // TODO(#6): databases other than citus.
        "CREATE DATABASE scratch;", "\\c scratch", "\\c citus", "DROP DATABASE scratch;",
        // TODO(#6): pg_class, \d+ and the tableoid system column.
        "SELECT relname, relkind FROM pg_class", "SELECT count(*) FROM pg_class",
        "\\d+ partman.template_public_http_request", "SELECT tableoid::regclass",
    ]

    /// `text` without the skipped statements: an echoed statement line
    /// and what follows it, up to the next line of the script.
    static func without(_ text: String, script: [Substring]) -> String {
        let inputs = Set(script.filter { !$0.isEmpty })
        var kept: [Substring] = []
        var skipping = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if inputs.contains(line) {
                skipping = skipped.contains { line.hasPrefix($0) }
            }
            if !skipping { kept.append(line) }
        }
        // The text's final newline stays, whatever was skipped before it.
        if text.hasSuffix("\n") && skipping { kept.append("") }
        return kept.joined(separator: "\n")
    }

    @Test func partmanAloneMatchesTheReference() throws {
        let directory = CitusReferenceTests.referenceDirectory
        let script = try String(
            contentsOf: directory.appendingPathComponent("18_partman_detail.sql"),
            encoding: .utf8)
        let expected = try String(
            contentsOf: directory.appendingPathComponent("18_partman_detail.out"),
            encoding: .utf8)
        let lines = script.split(separator: "\n", omittingEmptySubsequences: false)
        let trimmed = Self.without(script, script: lines)
        let scratch = FileManager.default.temporaryDirectory
            .appendingPathComponent("partman-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        try trimmed.write(
            to: scratch.appendingPathComponent("18_partman_detail.sql"), atomically: true,
            encoding: .utf8)
        let cluster = try Cluster(
            workers: 0, bare: true, addedWorkers: nil,
            clock: try PinnedClock("2026-12-03 18:05:00"))
        let outcome = EmbeddedCLI.run(
            ["-X", "-a", "-f", "18_partman_detail.sql"], cluster: cluster,
            directory: scratch.path)
        let reference = Self.without(expected, script: lines)
        // Both are left behind for a diff when they differ.
        try? outcome.text.write(
            toFile: "/tmp/partman-18-actual.out", atomically: true, encoding: .utf8)
        try? reference.write(
            toFile: "/tmp/partman-18-expected.out", atomically: true, encoding: .utf8)
        #expect(outcome.text == reference)
        #expect(outcome.text.contains("http_request_p2026_12_08"))
    }
}
