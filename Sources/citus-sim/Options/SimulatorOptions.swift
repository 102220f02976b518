// citus-sim's own options, taken out of the command line before the rest
// is read as psql's: the shape of the simulated cluster.

import Engine

/// How to build the cluster.
struct SimulatorOptions {
    /// Worker nodes beside the coordinator.
    var workers = 2
    /// A lone coordinator without citus created (workers still listen).
    var bare = false
    /// `--clock real|virtual[=TIMESTAMP]`.
    var clock = ClockOption.real
    /// `--seed N`: random() repeats from run to run.
    var seed: UInt64?

    /// Removes citus-sim's options from `arguments`, returning them and
    /// the arguments left for psql's parser.
    static func extract(from arguments: [String]) throws -> (SimulatorOptions, [String]) {
        var options = SimulatorOptions()
        var rest: [String] = []
        var index = 0
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if argument == "--" {
                rest.append(contentsOf: arguments[(index - 1)...])
                break
            }
            if argument == "--bare" {
                options.bare = true
            } else if let value = try Self.value(
                of: "--workers", argument, arguments, &index)
            {
                guard let count = Int(value), (0...64).contains(count) else {
                    throw CommandLineOptions.UsageError(
                        message: "invalid number of workers: \"\(value)\" (0 to 64)")
                }
                options.workers = count
            } else if let value = try Self.value(of: "--clock", argument, arguments, &index) {
                do {
                    options.clock = try ClockOption.parse(value)
                } catch let error as SQLError {
                    throw CommandLineOptions.UsageError(message: error.message)
                }
            } else if let value = try Self.value(of: "--seed", argument, arguments, &index) {
                guard let seed = UInt64(value) else {
                    throw CommandLineOptions.UsageError(
                        message: "invalid seed: \"\(value)\" (a non-negative integer)")
                }
                options.seed = seed
            } else {
                rest.append(argument)
            }
        }
        return (options, rest)
    }

    /// The value of option `name` when `argument` is it (`--name VALUE`
    /// or `--name=VALUE`), consuming the next argument for the first form.
    private static func value(
        of name: String, _ argument: String, _ arguments: [String], _ index: inout Int
    ) throws -> String? {
        if argument.hasPrefix(name + "=") { return String(argument.dropFirst(name.count + 1)) }
        guard argument == name else { return nil }
        guard index < arguments.count else {
            throw CommandLineOptions.UsageError(message: "option '\(name)' requires an argument")
        }
        index += 1
        return arguments[index - 1]
    }
}
