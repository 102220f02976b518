// citus-sim's executable: psql 15's command line and REPL in front of the
// coordinator of an embedded simulated Citus cluster.

import Engine
import Foundation
import ShardRouter

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

let simulator: SimulatorOptions
let psqlArguments: [String]
do {
    (simulator, psqlArguments) = try SimulatorOptions.extract(from: arguments)
} catch let error as CommandLineOptions.UsageError {
    FileHandle.standardError.write(
        Data("citus-sim: \(error.message)\nTry \"citus-sim --help\" for more information.\n".utf8))
    exit(PsqlExitCode.failure.rawValue)
}
var cluster: Cluster?
let status = CommandLineTool.run(
    psqlArguments, console: Console(),
    interrupts: InterruptHandler()
) { user, name in
    let started = try cluster ?? Cluster(workers: simulator.workers, bare: simulator.bare)
    cluster = started
    return EngineConnection(session: started.coordinator.connect(user: user, database: name))
}
exit(status)
