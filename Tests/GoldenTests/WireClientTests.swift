// Real clients against `citus-sim serve`, all installed by .ci/run: psycopg 3
// runs Tests/Clients/psycopg_check.py and the JDBC driver runs
// Tests/Clients/JdbcCheck.java, each of which must print what it printed
// against PostgreSQL 15 (recorded by scripts/record-wire-clients.sh); pgbench
// drives the lab's INSERT from eight connections.

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

/// javac and java, and Debian's PostgreSQL JDBC driver.
private let javacPath = "/usr/bin/javac"
private let javaPath = "/usr/bin/java"
private let jdbcJar = "/usr/share/java/postgresql.jar"

extension WireClientTests {
    /// A small JDBC program, compiled here with plain javac: it connects,
    /// reads rows through plain, batched and server-side prepared
    /// statements and a fetch-size portal, and reads errors' SQLSTATEs.
    @Test func jdbc() throws {
        guard isExecutable(javacPath), isExecutable(javaPath),
            FileManager.default.fileExists(atPath: jdbcJar)
        else {
            let packages = "default-jdk-headless and libpostgresql-jdbc-java"
            Issue.record("javac or \(jdbcJar) is missing: install \(packages)")
            return
        }
        let clients = GoldenFiles.repositoryRoot.appendingPathComponent("Tests/Clients")
        let classes = NSTemporaryDirectory() + "jdbc-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: classes) }
        let compiled = try runProcess(
            javacPath,
            ["-d", classes, clients.appendingPathComponent("JdbcCheck.java").path],
            timeout: 300)
        try #require(compiled.status == 0, "\(compiled.text)")

        let harness = try WireHarness()
        let outcome = try runProcess(
            javaPath,
            [
                "-cp", "\(classes):\(jdbcJar)", "JdbcCheck",
                "jdbc:postgresql://127.0.0.1:\(harness.port)/citus?user=postgres",
            ], timeout: 300)
        let expected = try String(
            contentsOf: clients.appendingPathComponent("jdbc_check.expected"), encoding: .utf8)
        #expect(outcome.text == expected)
    }
}

/// pgbench, from PostgreSQL 15.
private let pgbenchPath = "/usr/lib/postgresql/15/bin/pgbench"

extension WireClientTests {
    /// The lab's INSERT from eight pgbench clients on the lab's tables
    /// (partitioned by pg_partman, distributed by Citus) in each query
    /// mode: afterwards count(*) equals the transactions pgbench counted.
    /// The default (simple) mode runs the issue's ten seconds.
    @Test(arguments: [("simple", 10), ("extended", 2), ("prepared", 2)])
    func pgbenchLabInsert(_ mode: String, seconds: Int) throws {
        guard isExecutable(pgbenchPath), isExecutable(psqlPath) else {
            Issue.record("\(pgbenchPath) is missing: install postgresql-15")
            return
        }
        let harness = try WireHarness(bare: false, workers: 2)
        let reference = GoldenFiles.repositoryRoot.appendingPathComponent(
            "Fixtures/citus-reference")
        let connection = ["-h", "127.0.0.1", "-p", String(harness.port), "-U", "postgres"]
        let setup = try runProcess(
            psqlPath,
            [
                "-X", "-q", "-v", "ON_ERROR_STOP=1", "-f", "03a_lab3_create_tables.sql", "-f",
                "03b_lab3_distribute.sql", "-d", "citus",
            ] + connection, directory: reference)
        #expect(setup.status == 0, "\(setup.text)")
        let script = GoldenFiles.repositoryRoot.appendingPathComponent(
            "Tests/Clients/lab_insert.sql")
        let bench = try runProcess(
            pgbenchPath,
            [
                "-n", "-M", mode, "-f", script.path, "-c", "8", "-T", String(seconds),
            ] + connection + ["citus"])
        #expect(bench.status == 0, "\(bench.text)")
        let processed = bench.text.split(separator: "\n").first {
            $0.hasPrefix("number of transactions actually processed: ")
        }.flatMap { Int($0.split(separator: " ").last ?? "") }
        let count = try runProcess(
            psqlPath,
            ["-X", "-At", "-c", "select count(*) from http_request", "-d", "citus"]
                + connection)
        #expect(processed != nil && processed! > 0)
        #expect(count.text == "\(processed ?? -1)\n")
    }
}
