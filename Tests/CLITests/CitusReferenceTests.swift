// Citus' errors as a real Citus 12.1 cluster printed them: the lab's tables
// are set up as they stood when Fixtures/citus-reference/14_errors.sql ran
// (Fixtures/citus-setup/14_errors_setup.sql), then the file runs
// through the CLI exactly as psql ran it, and the output must equal
// 14_errors.out byte for byte.
import Foundation
import ShardRouter
import Testing

@testable import citus_sim

@Suite struct CitusReferenceTests {
    static var referenceDirectory: URL { fixtures.appendingPathComponent("citus-reference") }

    static let fixtures = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    @Test func errorsMatchTheReferenceCluster() throws {
        let cluster = try Cluster()
        let setup = try String(
            contentsOf: Self.fixtures.appendingPathComponent("citus-setup/14_errors_setup.sql"),
            encoding: .utf8)
        try cluster.coordinator.execute(setup)
        let outcome = EmbeddedCLI.run(
            ["-X", "-a", "-f", "14_errors.sql"], cluster: cluster,
            directory: Self.referenceDirectory.path)
        let expected = try String(
            contentsOf: Self.referenceDirectory.appendingPathComponent("14_errors.out"),
            encoding: .utf8)
        #expect(outcome.text == expected)
    }
}
