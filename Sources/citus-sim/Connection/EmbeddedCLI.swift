// citus-sim run inside the calling process on a fresh node, its standard
// output and error captured together in the order a terminal or a `2>&1`
// file would receive them: what the golden tests compare with psql's.

import Engine

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
    /// "t.sql"]`) against `database`, or a new node when nil; relative
    /// file names are looked up in `directory`. `standardInput` is read
    /// when no -c or -f is given.
    static func run(
        _ arguments: [String], database: Database? = nil, directory: String? = nil,
        standardInput: [UInt8] = []
    ) -> Outcome {
        var output: [UInt8] = []
        let console = Console { _, bytes in output.append(contentsOf: bytes) }
        var node = database
        let status = CommandLineTool.run(
            arguments, console: console, input: StreamLineSource(bytes: standardInput),
            directory: directory
        ) { user, name in
            let opened = try node ?? Database()
            node = opened
            return EngineConnection(session: opened.connect(user: user, database: name))
        }
        console.flush()
        return Outcome(output: output, status: status)
    }
}
