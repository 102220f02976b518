// Password authentication with psql (libpq computes its side of each
// method): SCRAM-SHA-256, md5 and cleartext accept the right password
// and refuse a wrong one with PostgreSQL's text (measured on PostgreSQL
// 15.18 for an existing and a missing role alike); a listen address
// beyond loopback requires --password; an oversized message closes the
// connection without being buffered.

import Foundation
import Testing

@testable import citus_sim

@Suite("Wire authentication")
struct WireAuthTests {
    private func psql(_ port: Int, password: String, user: String = "alice") throws
        -> ProcessOutcome
    {
        var environment = WireHarness.clientEnvironment
        environment["PGPASSWORD"] = password
        return try runProcess(
            psqlPath,
            [
                "-X", "-At", "-h", "127.0.0.1", "-p", String(port), "-U", user, "-d", "citus",
                "-c", "select current_user",
            ], environment: environment)
    }

    @Test(arguments: AuthMethod.allCases)
    func passwordMethods(_ method: AuthMethod) throws {
        guard isExecutable(psqlPath) else { return }
        let harness = try WireHarness {
            $0.password = "s3cret"
            $0.authMethod = method
        }
        let right = try psql(harness.port, password: "s3cret")
        #expect(right.text == "alice\n" && right.status == 0)
        let wrong = try psql(harness.port, password: "wrong", user: "nobody")
        #expect(
            wrong.text
                == "psql: error: connection to server at \"127.0.0.1\", port \(harness.port) "
                + "failed: FATAL:  password authentication failed for user \"nobody\"\n")
        #expect(wrong.status == 2)
    }

    @Test func nonLoopbackNeedsPassword() throws {
        #expect(throws: CommandLineOptions.UsageError.self) {
            try ServeCommand(arguments: ["--host", "0.0.0.0"])
        }
        let command = try ServeCommand(arguments: ["--host=0.0.0.0", "--password=x", "--port=0"])
        #expect(command.server.password == "x" && command.server.port == 0)
        #expect(try ServeCommand(arguments: []).server.host == "127.0.0.1")
    }

    @Test func oversizedMessageCloses() throws {
        let harness = try WireHarness { $0.maxMessageSize = 1024 }
        let client = try WireClient(port: harness.port)
        client.startup()
        _ = client.untilReady()
        client.send([UInt8(ascii: "Q")] + WireClient.int32(1 << 30))
        #expect(client.receive() == nil)
        let other = try WireClient(port: harness.port)
        other.startup()
        _ = other.untilReady()
        #expect(other.query("select 1").last?.type == "Z")
    }
}
