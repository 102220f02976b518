// Real drivers against `citus-sim serve`: psycopg 3 (installed by .ci/run)
// runs Tests/Clients/psycopg_check.py, which must print what it printed
// against PostgreSQL 15 (recorded by scripts/record-wire-clients.sh).

import Foundation
import Testing

/// The python3 that has psycopg, if any.
private let pythonWithPsycopg: String? = {
    for candidate in ["/usr/bin/python3", "/usr/local/bin/python3"] + pathPythons()
    where isExecutable(candidate) {
        let probe = try? runProcess(candidate, ["-c", "import psycopg"], timeout: 30)
        if probe?.status == 0 { return candidate }
    }
    return nil
}()

/// Every python3 on PATH.
private func pathPythons() -> [String] {
    let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
    return path.split(separator: ":").map { "\($0)/python3" }
}

@Suite("Wire clients")
struct WireClientTests {
    /// Parameterised queries in text and binary, named prepared
    /// statements, errors, transactions and COPY through psycopg.
    @Test func psycopg() throws {
        guard let python = pythonWithPsycopg else {
            print("skipped: no python3 with psycopg 3 (pip install \"psycopg[binary]\")")
            return
        }
        let clients = GoldenFiles.repositoryRoot.appendingPathComponent("Tests/Clients")
        let harness = try WireHarness()
        let outcome = try runProcess(
            python,
            [
                clients.appendingPathComponent("psycopg_check.py").path,
                "host=127.0.0.1 port=\(harness.port) user=postgres dbname=citus",
            ])
        let expected = try String(
            contentsOf: clients.appendingPathComponent("psycopg_check.expected"), encoding: .utf8)
        #expect(outcome.text == expected)
    }
}
