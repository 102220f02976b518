// Runs one golden script through the built citus-sim executable the way
// the recording script runs psql: `-X -a -q -f NAME.sql` in Tests/Golden/sql, with
// stdout and stderr sharing one pipe, as `> out 2>&1` would.

import Foundation

/// What one run of the CLI printed and how it ended.
struct GoldenRun {
    /// stdout and stderr, interleaved in the order they were written.
    var output: Data

    /// The exit status, or the signal number when `signalled` is true.
    var status: Int32

    /// Whether the process was killed by a signal (a crash or the timeout).
    var signalled: Bool

    /// Whether the harness had to kill the process for taking too long.
    var timedOut: Bool
}

/// Errors that stop a golden from running at all.
struct GoldenHarnessError: Error, CustomStringConvertible {
    /// What went wrong, for the test failure.
    var description: String
}

/// Starts citus-sim on a golden script and compares its output.
enum GoldenRunner {
    /// Longest a single script may run before it is killed.
    static let timeoutSeconds: Double = 300

    /// The citus-sim executable: `$CITUS_SIM_BINARY` if set, else the one
    /// SwiftPM built next to this test bundle, else `.build/debug/citus-sim`
    /// in the repository.
    static func locateBinary() throws -> URL {
        var candidates: [URL] = []
        let environment = ProcessInfo.processInfo.environment
        if let explicit = environment["CITUS_SIM_BINARY"], !explicit.isEmpty {
            candidates.append(URL(fileURLWithPath: explicit))
        }
        for directory in productDirectories() {
            candidates.append(directory.appendingPathComponent("citus-sim"))
        }
        candidates.append(
            GoldenFiles.repositoryRoot
                .appendingPathComponent(".build/debug/citus-sim"))
        let manager = FileManager.default
        if let found = candidates.first(where: {
            manager.isExecutableFile(atPath: $0.path)
        }) {
            return found
        }
        let tried = candidates.map(\.path).joined(separator: ", ")
        throw GoldenHarnessError(
            description: "citus-sim executable not found (tried \(tried))")
    }

    /// Directories SwiftPM may have put the products in: the one holding
    /// the running test executable (Linux) or the loaded `.xctest` bundle
    /// (macOS).
    private static func productDirectories() -> [URL] {
        var directories: [URL] = []
        let bundles = Bundle.allBundles.filter {
            $0.bundlePath.hasSuffix(".xctest")
        }
        for bundle in bundles {
            directories.append(bundle.bundleURL.deletingLastPathComponent())
        }
        if let executable = Bundle.main.executableURL {
            directories.append(executable.deletingLastPathComponent())
        }
        if let first = CommandLine.arguments.first, first.contains("/") {
            let url = URL(fileURLWithPath: first).resolvingSymlinksInPath()
            directories.append(url.deletingLastPathComponent())
        }
        return directories
    }

    /// Runs `binary --bare -X -a -q -f NAME.sql` in the sql directory with
    /// no stdin. The goldens are PostgreSQL's behaviour, so they run on a
    /// bare coordinator: a plain PostgreSQL 15 node without citus created.
    static func run(_ name: String, binary: URL) throws -> GoldenRun {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["--bare", "-X", "-a", "-q", "-f", name + ".sql"]
        process.currentDirectoryURL = GoldenFiles.sqlDirectory
        process.standardInput = FileHandle.nullDevice
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        let start = Date()
        try process.run()

        // Kill the process if it runs away, but keep draining the pipe so
        // a chatty process never blocks on a full buffer.
        let deadline = DispatchWorkItem { process.terminate() }
        DispatchQueue.global().asyncAfter(
            deadline: .now() + timeoutSeconds, execute: deadline)
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        deadline.cancel()
        let signalled = process.terminationReason == .uncaughtSignal
        let elapsed = Date().timeIntervalSince(start)
        return GoldenRun(
            output: output,
            status: process.terminationStatus,
            signalled: signalled,
            timedOut: signalled && elapsed >= timeoutSeconds)
    }

    /// Writes `data` to the inspection directory as NAME.out and returns it.
    static func saveActual(_ name: String, _ data: Data) throws -> URL {
        let manager = FileManager.default
        try manager.createDirectory(
            at: GoldenFiles.actualDirectory, withIntermediateDirectories: true)
        let url = GoldenFiles.actualDirectory
            .appendingPathComponent(name + ".out")
        try data.write(to: url)
        return url
    }

    /// `diff -u expected actual`, cut to `maxLines` lines.
    static func unifiedDiff(
        expected: URL, actual: URL, maxLines: Int
    ) -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["diff", "-u", expected.path, actual.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        do {
            try process.run()
        } catch {
            return "(could not run diff: \(error))"
        }
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        let lines = text.split(
            separator: "\n", omittingEmptySubsequences: false)
        if lines.count <= maxLines {
            return text
        }
        let shown = lines.prefix(maxLines).joined(separator: "\n")
        return shown + "\n... (\(lines.count - maxLines) more diff lines)"
    }
}
