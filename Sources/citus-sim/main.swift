// citus-sim's executable: psql 15's command line and REPL in front of an
// embedded simulated node.

import Engine

#if canImport(Glibc)
    import Glibc
#endif

var database: Database?
let status = CommandLineTool.run(
    Array(CommandLine.arguments.dropFirst()), console: Console(),
    interrupts: InterruptHandler()
) { user, name in
    let node = try database ?? Database()
    database = node
    return EngineConnection(session: node.connect(user: user, database: name))
}
exit(status)
