// citus-sim's executable: psql 15's command line and REPL in front of an
// embedded simulated Citus cluster, connected to the coordinator unless
// -h/-p or `\c` choose another node.

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

if arguments.first == "lab" {
    do {
        let lab = try LabCommand(arguments: Array(arguments.dropFirst()))
        exit(lab.run(console: Console(), input: StandardInputLines()))
    } catch let error as CommandLineOptions.UsageError {
        FileHandle.standardError.write(Data("citus-sim lab: \(error.message)\n".utf8))
        FileHandle.standardError.write(Data(LabCommand.usage.utf8))
        exit(PsqlExitCode.failure.rawValue)
    }
}

if arguments.first == "serve" {
    if arguments.dropFirst().contains(where: { $0 == "--help" || $0 == "-?" }) {
        print(ServeCommand.usage, terminator: "")
        exit(0)
    }
    do {
        exit(try ServeCommand(arguments: Array(arguments.dropFirst())).run())
    } catch let error as CommandLineOptions.UsageError {
        FileHandle.standardError.write(Data("citus-sim serve: \(error.message)\n".utf8))
        FileHandle.standardError.write(Data(ServeCommand.usage.utf8))
        exit(PsqlExitCode.failure.rawValue)
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
) { target in
    let started =
        try cluster
        ?? Cluster(
            workers: simulator.workers, bare: simulator.bare, clock: simulator.clock,
            seed: simulator.seed)
    cluster = started
    let (endpoint, node) = try LocalNetwork.connect(target) { started.node(port: $0) }
    return EngineConnection(
        session: node.database.connect(user: target.user, database: target.database),
        endpoint: endpoint, applicationName: target.applicationName)
}
exit(status)
