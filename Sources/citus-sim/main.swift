// citus-sim's executable: psql 15's command line and REPL in front of an
// embedded simulated node.

import Engine
import Foundation

#if canImport(Glibc)
    import Glibc
#endif

let arguments = Array(CommandLine.arguments.dropFirst())
if arguments.first == "bench" {
    do {
        try Benchmark(arguments: Array(arguments.dropFirst())).run()
        exit(0)
    } catch {
        FileHandle.standardError.write(Data("citus-sim bench: \(error)\n".utf8))
        exit(1)
    }
}

var database: Database?
let status = CommandLineTool.run(
    arguments, console: Console(),
    interrupts: InterruptHandler()
) { user, name in
    let node = try database ?? Database()
    database = node
    return EngineConnection(session: node.connect(user: user, database: name))
}
exit(status)
