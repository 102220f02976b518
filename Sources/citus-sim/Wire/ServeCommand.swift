// `citus-sim serve`: builds the cluster from the CLI's cluster options and
// serves its coordinator over PostgreSQL's protocol until SIGINT or
// SIGTERM, logging as a postmaster logs where it listens.

import Engine
import Foundation
import ShardRouter

#if canImport(Glibc)
    import Glibc
#endif

/// The serve command's options and its run.
struct ServeCommand {
    var cluster = SimulatorOptions()
    var server = ServeOptions()

    static let usage = """
        Usage: citus-sim serve [OPTION]...

        Serves a simulated cluster's coordinator over PostgreSQL's protocol 3.0.
          --host=ADDR              IPv4 address to listen on (default: 127.0.0.1;
                                   another address requires --password)
          --port=N                 TCP port (default: 5432; 0 picks a free one)
          --socket-dir=DIR         directory of the Unix socket .s.PGSQL.PORT
                                   (default: /tmp; "" for none)
          --password=PASSWORD      password every role must give (default: trust)
          --auth=METHOD            scram-sha-256 (default), md5 or password
          --max-connections=N      max_connections (default: 100)
          --max-message-size=BYTES largest message accepted (default: 67108864)
          --workers=N, --bare, --clock=..., --seed=N
                                   the cluster, as for citus-sim itself

        """

    /// Reads the options after `serve`.
    init(arguments: [String]) throws {
        let rest: [String]
        (cluster, rest) = try SimulatorOptions.extract(from: arguments)
        var index = 0
        while index < rest.count {
            let argument = rest[index]
            index += 1
            let (name, inline) = Self.split(argument)
            func value() throws -> String {
                if let inline { return inline }
                guard index < rest.count else {
                    throw CommandLineOptions.UsageError(
                        message: "option '\(name)' requires an argument")
                }
                index += 1
                return rest[index - 1]
            }
            switch name {
            case "--host": server.host = try value()
            case "--port": server.port = try Self.number(name, try value(), 0...65535)
            case "--socket-dir":
                let directory = try value()
                server.socketDirectory = directory.isEmpty ? nil : directory
            case "--password": server.password = try value()
            case "--auth":
                let text = try value()
                guard let method = AuthMethod(rawValue: text) else {
                    throw CommandLineOptions.UsageError(
                        message: "invalid authentication method: \"\(text)\"")
                }
                server.authMethod = method
            case "--max-connections":
                server.maxConnections = try Self.number(name, try value(), 1...10000)
            case "--max-message-size":
                server.maxMessageSize = try Self.number(name, try value(), 1024...(1 << 30))
            default:
                throw CommandLineOptions.UsageError(message: "unrecognized option '\(argument)'")
            }
        }
        guard server.isLoopbackOnly || server.password != nil else {
            throw CommandLineOptions.UsageError(
                message: "listening on \"\(server.host)\" requires --password")
        }
    }

    /// `--name=value` as its name and value; a bare `--name` has none.
    private static func split(_ argument: String) -> (String, String?) {
        guard let equals = argument.firstIndex(of: "=") else { return (argument, nil) }
        return (
            String(argument[..<equals]), String(argument[argument.index(after: equals)...])
        )
    }

    private static func number(_ name: String, _ text: String, _ range: ClosedRange<Int>) throws
        -> Int
    {
        guard let n = Int(text), range.contains(n) else {
            throw CommandLineOptions.UsageError(
                message: "invalid value for \(name): \"\(text)\" "
                    + "(\(range.lowerBound) to \(range.upperBound))")
        }
        return n
    }

    /// Builds the cluster, listens, and serves until a signal; returns the
    /// exit status.
    func run() -> Int32 {
        let started: Cluster
        let listening: WireServer
        do {
            started = try Cluster(
                workers: cluster.workers, bare: cluster.bare, clock: cluster.clock,
                seed: cluster.seed)
            listening = try WireServer(database: started.coordinator, options: server)
        } catch {
            FileHandle.standardError.write(Data("citus-sim serve: \(error)\n".utf8))
            return 1
        }
        var log = "LOG:  listening on IPv4 address \"\(server.host)\", port \(listening.port)\n"
        if let path = listening.socketPath { log += "LOG:  listening on Unix socket \"\(path)\"\n" }
        log += "LOG:  database system is ready to accept connections\n"
        FileHandle.standardError.write(Data(log.utf8))
        listening.start()

        // SIGINT and SIGTERM stop the server (removing its socket file).
        let stopped = DispatchSemaphore(value: 0)
        var sources: [DispatchSourceSignal] = []
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { stopped.signal() }
            source.resume()
            sources.append(source)
        }
        stopped.wait()
        listening.stop()
        started.shutdown()
        FileHandle.standardError.write(Data("LOG:  database system is shut down\n".utf8))
        return 0
    }
}
