// citus-sim's own options, taken out of the command line before the rest
// is read as psql's: the shape of the simulated cluster.

/// How to build the cluster.
struct SimulatorOptions {
    /// Worker nodes beside the coordinator.
    var workers = 2
    /// A lone coordinator without citus created (workers still listen).
    var bare = false

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
            } else if argument == "--workers" || argument.hasPrefix("--workers=") {
                var value: String
                if argument == "--workers" {
                    guard index < arguments.count else {
                        throw CommandLineOptions.UsageError(
                            message: "option '--workers' requires an argument")
                    }
                    value = arguments[index]
                    index += 1
                } else {
                    value = String(argument.dropFirst("--workers=".count))
                }
                guard let count = Int(value), (0...64).contains(count) else {
                    throw CommandLineOptions.UsageError(
                        message: "invalid number of workers: \"\(value)\" (0 to 64)")
                }
                options.workers = count
            } else {
                rest.append(argument)
            }
        }
        return (options, rest)
    }
}
