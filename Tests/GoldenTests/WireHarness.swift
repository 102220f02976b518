// A `citus-sim serve` started inside the test process on a free loopback
// port (and a private Unix socket directory), and real clients run
// against it as child processes.

import Engine
import Foundation
import ShardRouter

@testable import citus_sim

/// One server over a fresh cluster.
final class WireHarness {
    let cluster: Cluster
    let server: WireServer
    /// The private directory holding the Unix socket.
    let socketDirectory: String

    /// Starts a server on a new cluster (bare and without workers unless
    /// asked) with `configure` applied to its options.
    init(
        bare: Bool = true, workers: Int = 0, configure: (inout ServeOptions) -> Void = { _ in }
    ) throws {
        cluster = try Cluster(workers: workers, bare: bare)
        socketDirectory = NSTemporaryDirectory() + "wire-\(UUID().uuidString.prefix(8))"
        try FileManager.default.createDirectory(
            atPath: socketDirectory, withIntermediateDirectories: true)
        var options = ServeOptions()
        options.port = 0
        options.socketDirectory = socketDirectory
        configure(&options)
        server = try WireServer(database: cluster.coordinator, options: options)
        server.start()
    }

    deinit {
        server.stop()
        try? FileManager.default.removeItem(atPath: socketDirectory)
    }

    /// The TCP port the server listens on.
    var port: Int { server.port }

    /// The environment clients run in: nothing from the caller's PG*
    /// variables, UTF-8, as scripts/record-goldens.sh runs psql.
    static var clientEnvironment: [String: String] {
        var environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PG") }
        environment["LC_ALL"] = "C.UTF-8"
        environment["PGCLIENTENCODING"] = "UTF8"
        return environment
    }
}

/// What a child process printed (stdout and stderr together) and its
/// exit status.
struct ProcessOutcome {
    var output: Data
    var status: Int32
    var text: String { String(decoding: output, as: UTF8.self) }
}

/// Runs `executable` with `arguments` in `directory`, feeding `input`,
/// killing it after `timeout` seconds.
func runProcess(
    _ executable: String, _ arguments: [String], directory: URL? = nil,
    environment: [String: String] = WireHarness.clientEnvironment, input: Data = Data(),
    timeout: Double = 60
) throws -> ProcessOutcome {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    process.environment = environment
    if let directory { process.currentDirectoryURL = directory }
    let inputPipe = Pipe()
    process.standardInput = inputPipe
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try runUnblocked(process)
    inputPipe.fileHandleForWriting.write(input)
    try? inputPipe.fileHandleForWriting.close()
    let deadline = DispatchWorkItem { process.terminate() }
    DispatchQueue.global().asyncAfter(deadline: .now() + timeout, execute: deadline)
    let output = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    deadline.cancel()
    return ProcessOutcome(output: output, status: process.terminationStatus)
}

/// Starts `process` with no signal blocked, as a shell starts it: the
/// child inherits the spawning thread's mask, and the test runner's
/// threads block SIGALRM, which pgbench -T waits for to end its run.
private func runUnblocked(_ process: Process) throws {
    var none = sigset_t()
    var saved = sigset_t()
    sigemptyset(&none)
    pthread_sigmask(SIG_SETMASK, &none, &saved)
    defer { pthread_sigmask(SIG_SETMASK, &saved, nil) }
    try process.run()
}

/// Whether an executable exists at `path`.
func isExecutable(_ path: String) -> Bool {
    FileManager.default.isExecutableFile(atPath: path)
}
