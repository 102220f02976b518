// `citus-sim lab`: Labs 3 to 6 of the real-time analytics lab as written,
// on a ready cluster and, unless told otherwise, a virtual clock: the
// tables and distribution, the load generator in a background session,
// minutes of load with pg_cron rolling up every minute, the dashboards,
// expiry, distinct counts with HLL and top URLs with TopN, and what the
// lab's rollup window leaves out. Each step is
// printed as `psql -a` prints a script, under a heading.
import Engine
import Foundation
import ShardRouter

/// The lab command's options and its run.
struct LabCommand {
    /// Wait for Enter between steps.
    var stepwise = false
    /// The clock: virtual from the reference lab's evening by default.
    var clock = ClockOption.virtual(start: LabCommand.defaultStart)
    /// random()'s seed: the same output every run.
    var seed: UInt64 = 1
    /// Workers beside the coordinator.
    var workers = 2

    /// 2026-12-03 17:59:00 UTC, when the reference cluster ran the lab.
    static let defaultStart: Int64 = 849_635_940_000_000

    static let usage = """
        Usage: citus-sim lab [--step] [--real-time] [--clock virtual[=TIMESTAMP]] \
        [--seed N] [--workers N]

        Runs Labs 3 to 6 of the real-time analytics lab on a simulated cluster.
          --step        wait for Enter between steps
          --real-time   use the real clock (the lab then takes its real minutes)

        """

    /// Reads the options after `lab`.
    init(arguments: [String]) throws {
        var index = 0
        func value(_ name: String) throws -> String {
            guard index < arguments.count else {
                throw CommandLineOptions.UsageError(
                    message: "option '\(name)' requires an argument")
            }
            index += 1
            return arguments[index - 1]
        }
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            switch argument {
            case "--step": stepwise = true
            case "--real-time": clock = .real
            case "--clock":
                let text = try value(argument)
                do {
                    clock = try ClockOption.parse(text)
                } catch let error as SQLError {
                    throw CommandLineOptions.UsageError(message: error.message)
                }
            case "--seed":
                let text = try value(argument)
                guard let n = UInt64(text) else {
                    throw CommandLineOptions.UsageError(message: "invalid seed: \"\(text)\"")
                }
                seed = n
            case "--workers":
                let text = try value(argument)
                guard let n = Int(text), (1...64).contains(n) else {
                    throw CommandLineOptions.UsageError(
                        message: "invalid number of workers: \"\(text)\" (1 to 64)")
                }
                workers = n
            default:
                throw CommandLineOptions.UsageError(message: "unknown option \"\(argument)\"")
            }
        }
    }

    /// One step: a heading and the script run under it.
    struct Step {
        var heading: String
        var script: String
    }

    /// The lab, step by step.
    static let steps: [Step] = [
        Step(heading: "Lab 3: tables, daily partitions and distribution", script: LabText.lab3),
        Step(
            heading: "Lab 4: the load generator, started in a background session",
            script: "\\bg\n" + LabText.loadGenerator),
        Step(
            heading: "Lab 4: the dashboard after a minute of load",
            script: "SELECT pg_sleep(60);\n" + LabText.count + "\n" + LabText.rawDashboard),
        Step(
            heading: "Lab 5: half a minute later, the rollup function, run once",
            script: "SELECT pg_sleep(30);\n" + LabText.rollup + "\n" + LabText.rollupDashboard),
        Step(heading: "Lab 5: the rollup, scheduled every minute", script: LabText.schedule),
        Step(
            heading: "Lab 5: ten minutes of load, rolled up every minute by pg_cron",
            script: """
                SELECT pg_sleep(600);
                SELECT jobid, status, count(*) FROM cron.job_run_details
                GROUP BY 1, 2 ORDER BY 1, 2;

                """ + LabText.count + "\n" + LabText.rollupDashboard),
        Step(
            heading: "Lab 5: expiring old data",
            script: LabText.expiry + "\n" + LabText.dropPartition),
        Step(
            heading: "Lab 6: distinct IP addresses with HLL",
            script: LabText.addHll + "\n" + LabText.rollupHll + "\n" + LabText.runRollup + "\n"
                + LabText.hllDashboard + "\n" + LabText.distinctOverTime),
        Step(
            heading: "Lab 6: top URLs with TopN, a minute later",
            script: "SELECT pg_sleep(60);\n" + LabText.addTopn + "\n" + LabText.rollupTopn + "\n"
                + LabText.runRollup + "\n" + LabText.topnDashboard + "\n" + LabText.topUrls),
        Step(heading: "What the rollup window leaves out", script: LabCommand.windowComparison),
        Step(
            heading: "Lab 6's dashboards over the replayed rollup",
            script: LabText.hllDashboard + "\n" + LabText.distinctOverTime + "\n"
                + LabText.topnDashboard + "\n" + LabText.topUrls),
        Step(
            heading: "Stopping the load generator",
            script: """
                SELECT application_name, state, left(query, 30) AS query FROM pg_stat_activity
                WHERE state = 'active' AND pid <> pg_backend_pid();
                SELECT pg_cancel_backend(pid) FROM pg_stat_activity
                WHERE state = 'active' AND pid <> pg_backend_pid();
                SELECT pg_sleep(1);
                SELECT count(*) FROM pg_stat_activity WHERE state = 'active';

                """),
    ]

    /// Compares the raw rows of every finished minute with what the
    /// per-minute rollup holds for them, then replays the lab's rollup
    /// function with the window `[last, curr)` instead of `(last, curr]`
    /// and compares again.
    static let windowComparison: String = """
        -- Rows of the finished minutes, raw and as the rollup counts them.
        SELECT count(*) AS raw_rows FROM http_request
        WHERE ingest_time < date_trunc('minute', now());
        SELECT coalesce(sum(request_count), 0) AS rolled_up_rows FROM http_request_1min
        WHERE ingest_time < date_trunc('minute', now());
        -- The window (last, curr] takes the minute that has just begun and the
        -- next run skips it. With [last, curr) every finished minute is
        -- rolled up once:

        """ + halfOpenRollup + """
        TRUNCATE http_request_1min;
        UPDATE latest_rollup SET minute = '10-10-1901';
        SELECT rollup_http_request();
        SELECT coalesce(sum(request_count), 0) AS rolled_up_rows FROM http_request_1min
        WHERE ingest_time < date_trunc('minute', now());

        """

    /// The lab's last rollup function (Lab 6's, with TopN) with the
    /// window `[last, curr)`.
    static var halfOpenRollup: String {
        let text = LabText.rollupTopn
        guard let start = text.range(of: "CREATE OR REPLACE FUNCTION"),
            let end = text.range(
                of: "$$ LANGUAGE plpgsql;\n", range: start.upperBound..<text.endIndex)
        else { return "" }
        return text[start.lowerBound..<end.upperBound]
            .replacingOccurrences(of: "'(]')", with: "'[)')")
    }

    /// Runs the lab; returns the exit status.
    func run(console: Console, input: LineSource) -> Int32 {
        let cluster: Cluster
        do {
            cluster = try Cluster(workers: workers, clock: clock, seed: seed)
        } catch {
            console.writeError("citus-sim lab: \(error)\n")
            return PsqlExitCode.failure.rawValue
        }
        defer { cluster.shutdown() }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("citus-sim-lab-\(getpid())")
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        for (number, step) in Self.steps.enumerated() {
            if stepwise && number > 0 {
                console.write("-- press Enter for the next step\n")
                console.flush()
                _ = input.readLine(prompt: "")
            }
            let now = formatValue(.timestamptz(cluster.coordinator.clockNow), type: .timestamptz)
            console.write("\n==== \(step.heading) (\(now))\n\n")
            let file = "step\(number + 1).sql"
            let path = directory.appendingPathComponent(file).path
            guard FileManager.default.createFile(atPath: path, contents: Data(step.script.utf8))
            else {
                console.writeError("citus-sim lab: cannot write \(path)\n")
                return PsqlExitCode.failure.rawValue
            }
            _ = CommandLineTool.run(
                ["-X", "-a", "-f", file], console: console, directory: directory.path
            ) { target in
                let (endpoint, node) = try LocalNetwork.connect(target) {
                    cluster.node(port: $0)?.database
                }
                return EngineConnection(
                    session: node.connect(user: target.user, database: target.database),
                    endpoint: endpoint, applicationName: target.applicationName)
            }
        }
        console.flush()
        return PsqlExitCode.success.rawValue
    }
}

/// Standard input a line at a time, for `--step`'s Enter.
final class StandardInputLines: LineSource {
    func readLine(prompt: String) -> String? { Swift.readLine(strippingNewline: true) }
    func takeInterrupt() -> Bool { false }
}
