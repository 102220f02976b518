// citus-sim run inside the calling process on a fresh node, its standard
// output and error captured together in the order a terminal or a `2>&1`
// file would receive them: what the golden tests compare with psql's.

import Engine
import ShardRouter

/// Runs the CLI in-process.
enum EmbeddedCLI {
    /// What one run printed and how it ended.
    struct Outcome {
        /// Standard output and error, interleaved as written.
        var output: [UInt8]
        /// The exit status psql would have returned.
        var status: Int32

        /// `output` as text.
        var text: String { String(decoding: output, as: UTF8.self) }
    }

    /// Runs citus-sim with `arguments` (e.g. `["-X", "-a", "-f",
    /// "t.sql"]`) against `cluster`'s nodes, or else `database` (or a new
    /// node when nil) listening on the coordinator's port; relative file
    /// names are looked up in `directory`. `standardInput` is read when no
    /// -c or -f is given.
    static func run(
        _ arguments: [String], cluster: Cluster? = nil, database: Database? = nil,
        directory: String? = nil, standardInput: [UInt8] = []
    ) -> Outcome {
        var output: [UInt8] = []
        let console = Console { _, bytes in output.append(contentsOf: bytes) }
        var node = database
        let status = CommandLineTool.run(
            arguments, console: console, input: StreamLineSource(bytes: standardInput),
            directory: directory
        ) { target in
            let (endpoint, opened): (ConnectionEndpoint, Database)
            if let cluster {
                (endpoint, opened) = try LocalNetwork.connect(target) {
                    cluster.node(port: $0)?.database
                }
            } else {
                let single = try node ?? Database()
                node = single
                (endpoint, opened) = try LocalNetwork.connect(target) {
                    $0 == Cluster.coordinatorPort ? single : nil
                }
            }
            return EngineConnection(
                session: opened.connect(user: target.user, database: target.database),
                endpoint: endpoint, applicationName: target.applicationName)
        }
        console.flush()
        return Outcome(output: output, status: status)
    }
}
