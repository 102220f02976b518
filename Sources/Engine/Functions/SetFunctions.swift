// Built-in set-returning functions, as pg_proc lists them with proretset:
// generate_series over integers, numerics and timestamps, unnest, and the
// json/jsonb ones (JSONSetFunctions.swift). A function with OUT columns
// returns each row as a record of them; the FROM clause scans them.

/// A built-in function returning a set of values of one type.
package struct BuiltinSetFunction: @unchecked Sendable {
    package var name: String
    package var argumentTypes: [PGType]
    package var returnType: PGType
    /// The OUT columns (`key`, `value`) when the function has them: one
    /// names the single column, several make each row a `.record`.
    package var columns: [(name: String, type: PGType)] = []
    /// The rows for non-null arguments, in order.
    package var body: ([Value]) throws -> [Value]
}

extension BuiltinSetFunction {
    /// A function with OUT columns; `returnType` is record for several.
    init(
        name: String, argumentTypes: [PGType], columns: [(name: String, type: PGType)],
        body: @escaping ([Value]) throws -> [Value]
    ) {
        self.name = name
        self.argumentTypes = argumentTypes
        self.returnType = columns.count == 1 ? columns[0].type : .record
        self.columns = columns
        self.body = body
    }
}

/// The overloads of the built-in set-returning function `name`.
package func builtinSetFunctions(named name: String) -> [BuiltinSetFunction] {
    setFunctionsByName[name] ?? []
}

private let setFunctionsByName: [String: [BuiltinSetFunction]] = Dictionary(
    grouping: setFunctions + jsonSetFunctions + regexSetFunctions, by: { $0.name })

private let setFunctions: [BuiltinSetFunction] = [
    integerSeries(.int4), integerSeries(.int4, stepped: true),
    integerSeries(.int8), integerSeries(.int8, stepped: true),
    BuiltinSetFunction(
        name: "generate_series", argumentTypes: [.numeric, .numeric], returnType: .numeric
    ) { try numericSeries($0) },
    BuiltinSetFunction(
        name: "generate_series", argumentTypes: [.numeric, .numeric, .numeric],
        returnType: .numeric
    ) { try numericSeries($0) },
    timeSeries(.timestamp), timeSeries(.timestamptz),
    BuiltinSetFunction(name: "unnest", argumentTypes: [.anyArray], returnType: .anyElement) {
        guard case .array(let array) = $0[0] else { return [] }
        return array.elements
    },
]

private var stepIsZero: SQLError {
    SQLError(SQLState.invalidParameterValue, "step size cannot equal zero")
}

/// generate_series(int, int [, int]): stops rather than overflows.
private func integerSeries(_ type: PGType, stepped: Bool = false) -> BuiltinSetFunction {
    BuiltinSetFunction(
        name: "generate_series", argumentTypes: Array(repeating: type, count: stepped ? 3 : 2),
        returnType: type
    ) { args in
        func int(_ v: Value) -> Int64 {
            switch v {
            case .int4(let x): return Int64(x)
            case .int8(let x): return x
            default: return 0
            }
        }
        let start = int(args[0])
        let stop = int(args[1])
        let step = stepped ? int(args[2]) : 1
        guard step != 0 else { throw stepIsZero }
        let limit: ClosedRange<Int64> =
            type == .int4 ? Int64(Int32.min)...Int64(Int32.max) : Int64.min...Int64.max
        var rows: [Value] = []
        var current = start
        while step > 0 ? current <= stop : current >= stop {
            rows.append(type == .int4 ? .int4(Int32(current)) : .int8(current))
            let (next, overflow) = current.addingReportingOverflow(step)
            if overflow || !limit.contains(next) { break }
            current = next
        }
        return rows
    }
}

/// generate_series(numeric, numeric [, numeric]).
private func numericSeries(_ args: [Value]) throws -> [Value] {
    func numeric(_ v: Value) -> Numeric? {
        if case .numeric(let n) = v { return n }
        return nil
    }
    guard let start = numeric(args[0]), let stop = numeric(args[1]) else { return [] }
    let step = args.count > 2 ? numeric(args[2]) : Numeric(1)
    guard let step else { return [] }
    for (value, what) in [(start, "start value"), (stop, "stop value"), (step, "step size")] {
        if value.kind == .nan {
            throw SQLError(SQLState.invalidParameterValue, "\(what) cannot be NaN")
        }
        if value.kind != .finite, what != "step size" {
            throw SQLError(SQLState.invalidParameterValue, "\(what) cannot be infinity")
        }
    }
    if step.kind != .finite {
        throw SQLError(SQLState.invalidParameterValue, "step size cannot be infinity")
    }
    let zero = Numeric(0)
    let direction = compareValues(.numeric(step), .numeric(zero), type: .numeric)
    guard direction != 0 else { throw stepIsZero }
    var rows: [Value] = []
    var current = start
    while true {
        let order = compareValues(.numeric(current), .numeric(stop), type: .numeric)
        if direction > 0 ? order > 0 : order < 0 { break }
        rows.append(.numeric(current))
        current = current + step
    }
    return rows
}

/// generate_series(timestamp[tz], timestamp[tz], interval).
private func timeSeries(_ type: PGType) -> BuiltinSetFunction {
    BuiltinSetFunction(
        name: "generate_series", argumentTypes: [type, type, .interval], returnType: type
    ) { args in
        func micros(_ v: Value) -> Int64 {
            switch v {
            case .timestamp(let t), .timestamptz(let t): return t
            default: return 0
            }
        }
        guard case .interval(let step) = args[2] else { return [] }
        let direction = compareValues(.interval(step), .interval(Interval()), type: .interval)
        guard direction != 0 else { throw stepIsZero }
        let stop = micros(args[1])
        var current = micros(args[0])
        var rows: [Value] = []
        // timestamptz steps by days and months in the session's zone.
        let zone = type == .timestamptz ? SessionTimeZone.current : nil
        while direction > 0 ? current <= stop : current >= stop {
            rows.append(type == .timestamp ? .timestamp(current) : .timestamptz(current))
            current = try DateTime.add(current, step, zone: zone)
        }
        return rows
    }
}
