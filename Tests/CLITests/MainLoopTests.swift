// psql's script handling: echo, the `psql:FILE:LINE:` prefix, backslash
// commands, variables and ON_ERROR_STOP, checked against what psql 15.18
// printed for the same scripts. The server side is a scripted connection
// that answers like PostgreSQL did for these statements.

import Testing

@testable import citus_sim

/// Answers `select N` with one integer column and fails any query that
/// mentions `bad` as PostgreSQL does; records what was sent.
private final class ScriptedConnection: QueryConnection {
    var user: String { "postgres" }
    var database: String { "citus" }
    var endpoint: ConnectionEndpoint {
        ConnectionEndpoint(host: LocalNetwork.socketDirectory, address: nil, port: 9700)
    }
    var isSuperuser: Bool { true }
    var transactionStatus: TransactionState { .idle }
    var copyInReader: (() -> String?)?
    var sent: [String] = []

    func run(_ sql: String, handler: (ServerEvent) -> Void) {
        sent.append(sql)
        if let range = sql.range(of: "bad") {
            let position =
                sql.unicodeScalars.distance(
                    from: sql.unicodeScalars.startIndex, to: range.lowerBound) + 1
            handler(
                .error(
                    ServerMessage(
                        severity: "ERROR", sqlState: "42703",
                        message: "column \"bad\" does not exist", position: position)))
            return
        }
        let value = sql.split(separator: " ").last.map { String($0.prefix { $0.isNumber }) }
        handler(
            .result(
                ResultSet(
                    commandTag: "SELECT 1", columns: [ResultColumn(name: "?column?", typeOID: 23)],
                    rows: [[value]])))
    }

    func cancel() {}
}

/// Runs `script` as `-f t2.sql` with `arguments` and returns everything
/// written (standard output and error interleaved) and the exit status.
private func runScript(
    _ script: String, _ arguments: [String] = []
) -> (output: String, status: PsqlExitCode, sent: [String]) {
    var bytes: [UInt8] = []
    let console = Console { _, chunk in bytes.append(contentsOf: chunk) }
    let connection = ScriptedConnection()
    let shell = PsqlShell(connection: connection, console: console)
    for argument in arguments {
        let parts = argument.split(separator: "=", maxSplits: 1).map(String.init)
        shell.setVariable(parts[0], parts.count > 1 ? parts[1] : nil)
    }
    shell.inputFile = "t2.sql"
    let status = shell.mainLoop(
        StreamLineSource(bytes: Array(script.utf8)), interactive: false)
    console.flush()
    return (String(decoding: bytes, as: UTF8.self), status, connection.sent)
}

private let script = "\\echo foo\nselect 1;\nselect bad;\nselect 2;\n"

/// psql -X -f t2.sql with the four lines of `script`.
private let expectedRun = """
    foo
     ?column? \n\
    ----------
            1
    (1 row)

    psql:t2.sql:3: ERROR:  column "bad" does not exist
    LINE 1: select bad;
                   ^
     ?column? \n\
    ----------
            2
    (1 row)


    """

@Suite struct MainLoopTests {
    @Test func errorsCarryFileAndLine() {
        let run = runScript(script)
        #expect(run.output == expectedRun)
        #expect(run.status == .success)
        #expect(run.sent == ["select 1;", "select bad;", "select 2;"])
    }

    @Test func onErrorStopEndsWithStatusThree() {
        let run = runScript(script, ["ON_ERROR_STOP=1"])
        #expect(run.status == .user)
        #expect(run.sent == ["select 1;", "select bad;"])
    }

    @Test func echoAllPrintsEachLineAsRead() {
        let run = runScript("-- note\n\nselect 1 +\n  1;\n", ["ECHO=all"])
        let table = " ?column? \n----------\n        1\n(1 row)\n\n"
        #expect(run.output == "-- note\nselect 1 +\n  1;\n" + table)
        #expect(run.sent == ["select 1 +\n  1;"])
    }

    @Test func variablesAndConditionals() {
        let run = runScript(
            """
            \\set v on
            \\if :v
            \\echo v-true :v :'v' :"v"
            \\else
            \\echo v-false
            \\endif
            \\foo
            """)
        #expect(
            run.output == """
                v-true on 'on' "on"
                psql:t2.sql:7: error: invalid command \\foo

                """)
    }

    @Test func unterminatedStatementRunsAtEndOfFile() {
        let run = runScript("select 3")
        #expect(run.sent == ["select 3"])
    }
}
