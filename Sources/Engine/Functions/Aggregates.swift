// Built-in aggregates, as pg_aggregate defines them: count, sum and avg
// with PostgreSQL's result types (sum(int4) is bigint, sum(int8) and
// avg(int) are numeric), min/max, bool_and/bool_or/every, string_agg,
// array_agg and the variance family. Each state also merges with another
// state of the same aggregate, for a later distributed combine step.

/// The running state of one aggregate over one group.
package protocol AggregateState: AnyObject {
    /// Feeds one row's argument values (NULLs included; each aggregate
    /// skips them or not as PostgreSQL's transition function does).
    func add(_ args: [Value]) throws
    /// Feeds the single argument of a one-argument aggregate without
    /// building an array.
    func add(value: Value) throws
    /// Folds in the state of the same aggregate over other rows.
    func merge(_ other: AggregateState) throws
    /// The aggregate's result (NULL over no rows for all but count).
    func finish() throws -> Value
    /// Sees the statement's context before the first row (for aggregates
    /// that read settings).
    func bind(_ context: EvaluationContext)
}

/// An aggregate state that takes a batch of argument values at once.
package protocol BatchAggregateState: AggregateState {
    /// Feeds the values of a one-argument aggregate's argument for a
    /// batch of rows, as `add(value:)` would one by one.
    func add(batch: BatchValues) throws
}

extension AggregateState {
    package func add(_ args: [Value]) throws { try add(value: args.first ?? .null) }
    package func bind(_ context: EvaluationContext) {}
}

/// One overload of a built-in aggregate.
package struct BuiltinAggregate: @unchecked Sendable {
    package var name: String
    /// Empty for count(*).
    package var argumentTypes: [PGType]
    package var returnType: PGType
    /// Makes a fresh state; receives the resolved argument types (used by
    /// polymorphic aggregates such as array_agg and min(anyarray)).
    package var makeState: ([PGType]) -> AggregateState
    /// Set when the executor may keep this aggregate's state inline, as
    /// plain integers per group, instead of in an `AggregateState`.
    package var inlineTransition: InlineTransition?
    /// The extension whose CREATE EXTENSION makes the aggregate visible.
    package var extensionName: String?
    /// For an ordered-set aggregate: its final computation, and how many
    /// of `argumentTypes` are direct arguments (the rest are the WITHIN
    /// GROUP inputs its state collects, in order).
    package var orderedSet: OrderedSetKind?
    package var directArgumentCount = 0

    package init(
        _ name: String, _ argumentTypes: [PGType], returns returnType: PGType,
        _ makeState: @escaping ([PGType]) -> AggregateState
    ) {
        self.name = name
        self.argumentTypes = argumentTypes
        self.returnType = returnType
        self.makeState = makeState
    }
}

/// A transition simple enough for a hash aggregate to run without an
/// `AggregateState` object per group. The inline form must finish with
/// exactly what the state object would.
package enum InlineTransition {
    /// count(*): every row counts.
    case countRows
    /// count(x): every non-NULL x counts.
    case countValues
    /// sum(int2), sum(int4): an exact total returned as bigint; NULL over
    /// no non-NULL input, "bigint out of range" when the total overflows.
    case integerSum
    /// avg(int2), avg(int4), avg(int8): the exact total divided by the
    /// count as numeric; NULL over no non-NULL input.
    case integerAverage
}

private let aggregatesByName: [String: [BuiltinAggregate]] = Dictionary(
    grouping: builtinAggregates, by: { $0.name })

/// The overloads of the aggregate `name`.
package func builtinAggregates(named name: String) -> [BuiltinAggregate] {
    aggregatesByName[name] ?? []
}

/// True when `name` is a built-in aggregate (so a call is an aggregate
/// call, not a function call).
package func isBuiltinAggregate(_ name: String) -> Bool { aggregatesByName[name] != nil }

// MARK: - States

/// count(*) and count(x).
private final class CountState: AggregateState {
    let countsNulls: Bool
    var count: Int64 = 0
    init(countsNulls: Bool) { self.countsNulls = countsNulls }
    func add(_ args: [Value]) throws {
        if countsNulls || !(args.first?.isNull ?? true) { count += 1 }
    }
    func add(value: Value) throws { if countsNulls || !value.isNull { count += 1 } }
    func merge(_ other: AggregateState) throws {
        if let o = other as? CountState { count += o.count }
    }
    func finish() throws -> Value { .int8(count) }
}

/// sum/avg over integers: an Int128 total, exact for any row count.
private final class IntegerSumState: AggregateState {
    enum Result { case int8Sum, numericSum, numericAvg }
    let result: Result
    var sum: Int128 = 0
    var count: Int64 = 0
    init(_ result: Result) { self.result = result }
    func add(value: Value) throws {
        switch value {
        case .int4(let i): sum += Int128(i)
        case .int8(let i): sum += Int128(i)
        case .int2(let i): sum += Int128(i)
        default: return
        }
        count += 1
    }
    func merge(_ other: AggregateState) throws {
        guard let o = other as? IntegerSumState else { return }
        sum += o.sum
        count += o.count
    }
    func finish() throws -> Value {
        guard count > 0 else { return .null }
        switch result {
        case .int8Sum:
            guard let s = Int64(exactly: sum) else {
                throw SQLError(SQLState.numericValueOutOfRange, "bigint out of range")
            }
            return .int8(s)
        case .numericSum:
            return .numeric(numericOf(sum))
        case .numericAvg:
            return .numeric(try Numeric.divide(numericOf(sum), Numeric(count)))
        }
    }
}

/// `x` as a numeric, exactly.
func numericOf(_ x: Int128) -> Numeric {
    if let small = Int64(exactly: x) { return Numeric(small) }
    return Numeric(parsing: String(x)) ?? .nan
}

/// sum/avg over numeric.
private final class NumericSumState: AggregateState {
    let average: Bool
    var sum = Numeric.zero
    var count: Int64 = 0
    init(average: Bool) { self.average = average }
    func add(value: Value) throws {
        guard case .numeric(let n) = value else { return }
        sum = sum + n
        count += 1
    }
    func merge(_ other: AggregateState) throws {
        guard let o = other as? NumericSumState else { return }
        sum = sum + o.sum
        count += o.count
    }
    func finish() throws -> Value {
        guard count > 0 else { return .null }
        return .numeric(average ? try Numeric.divide(sum, Numeric(count)) : sum)
    }
}

/// float sums, averages and the variance family (Youngs-Cramer, as
/// float8_accum), also float4 sums.
private final class FloatState: AggregateState {
    enum Result { case sum4, sum8, avg, varPop, varSamp, stddevPop, stddevSamp }
    let result: Result
    var n = 0.0
    var sx = 0.0
    var sxx = 0.0
    var sum4: Float = 0
    init(_ result: Result) { self.result = result }
    func add(value: Value) throws {
        let x: Double
        switch value {
        case .float8(let d): x = d
        case .float4(let f):
            x = Double(f)
            sum4 += f
        default: return
        }
        let previous = n
        n += 1
        sx += x
        if previous > 0 {
            let t = x * n - sx
            sxx += t * t / (n * previous)
        } else if x.isInfinite || x.isNaN {
            sxx = .nan
        }
    }
    func merge(_ other: AggregateState) throws {
        guard let o = other as? FloatState, o.n > 0 else { return }
        if n == 0 {
            (n, sx, sxx, sum4) = (o.n, o.sx, o.sxx, o.sum4)
            return
        }
        let total = n + o.n
        let t = sx / n - o.sx / o.n
        sxx = sxx + o.sxx + n * o.n * t * t / total
        sx += o.sx
        n = total
        sum4 += o.sum4
    }
    func finish() throws -> Value {
        guard n > 0 else { return .null }
        switch result {
        case .sum4: return .float4(sum4)
        case .sum8: return .float8(sx)
        case .avg: return .float8(sx / n)
        case .varPop: return .float8(sxx / n)
        case .stddevPop: return .float8((sxx / n).squareRoot())
        case .varSamp:
            guard n > 1 else { return .null }
            return .float8(sxx / (n - 1))
        case .stddevSamp:
            guard n > 1 else { return .null }
            return .float8((sxx / (n - 1)).squareRoot())
        }
    }
}

/// The variance family over integers and numerics, in exact arithmetic
/// with numeric_stddev_internal's scales.
private final class NumericVarianceState: AggregateState {
    let sample: Bool
    let root: Bool
    var n: Int64 = 0
    var sx = Numeric.zero
    var sxx = Numeric.zero
    init(sample: Bool, root: Bool) {
        self.sample = sample
        self.root = root
    }
    func add(value: Value) throws {
        guard let x = argNumeric(value) else { return }
        n += 1
        sx = sx + x
        sxx = sxx + x * x
    }
    func merge(_ other: AggregateState) throws {
        guard let o = other as? NumericVarianceState else { return }
        n += o.n
        sx = sx + o.sx
        sxx = sxx + o.sxx
    }
    func finish() throws -> Value {
        guard n > 0, !(sample && n < 2) else { return .null }
        if sx.isNaN || sxx.isNaN { return .numeric(.nan) }
        let count = Numeric(n)
        let numerator = count * sxx - sx * sx
        guard numerator.signum > 0 else { return .numeric(.zero) }
        let denominator = count * Numeric(sample ? n - 1 : n)
        let rscale = Numeric.divisionScale(numerator, denominator)
        let variance = try Numeric.divide(
            numerator, denominator, scale: rscale, rounding: .halfAwayFromZero)
        return .numeric(root ? try variance.squareRoot(scale: rscale) : variance)
    }
}

/// sum/avg over interval.
private final class IntervalSumState: AggregateState {
    let average: Bool
    var sum = Interval()
    var count: Int64 = 0
    init(average: Bool) { self.average = average }
    func add(value: Value) throws {
        guard case .interval(let i) = value else { return }
        sum = try sum + i
        count += 1
    }
    func merge(_ other: AggregateState) throws {
        guard let o = other as? IntervalSumState else { return }
        sum = try sum + o.sum
        count += o.count
    }
    func finish() throws -> Value {
        guard count > 0 else { return .null }
        return .interval(average ? try sum.divided(by: Double(count)) : sum)
    }
}

/// min and max, by the type's ordering.
private final class ExtremumState: AggregateState {
    let type: PGType
    let wantMax: Bool
    var best: Value = .null
    init(_ type: PGType, max: Bool) {
        self.type = type
        self.wantMax = max
    }
    func add(value: Value) throws {
        guard !value.isNull else { return }
        if best.isNull {
            best = value
            return
        }
        let c = compareValues(value, best, type: type)
        if wantMax ? c > 0 : c < 0 { best = value }
    }
    func merge(_ other: AggregateState) throws {
        if let o = other as? ExtremumState { try add(value: o.best) }
    }
    func finish() throws -> Value { best }
}

/// bool_and / every and bool_or.
private final class BoolState: AggregateState {
    let isAnd: Bool
    var result: Bool?
    init(isAnd: Bool) { self.isAnd = isAnd }
    func add(value: Value) throws {
        guard case .bool(let b) = value else { return }
        result = isAnd ? (result ?? true) && b : (result ?? false) || b
    }
    func merge(_ other: AggregateState) throws {
        if let o = other as? BoolState, let b = o.result { try add(value: .bool(b)) }
    }
    func finish() throws -> Value { result.map { .bool($0) } ?? .null }
}

/// bit_and, bit_or and bit_xor over int2, int4 and int8: NULLs skipped,
/// NULL over no values.
private final class BitwiseState: AggregateState {
    let name: String
    let type: PGType
    var result: Int64?
    init(_ name: String, _ type: PGType) { (self.name, self.type) = (name, type) }
    func add(value: Value) throws {
        guard let x = argInt64(value) else { return }
        guard let r = result else {
            result = x
            return
        }
        switch name {
        case "bit_and": result = r & x
        case "bit_or": result = r | x
        default: result = r ^ x
        }
    }
    func merge(_ other: AggregateState) throws {
        if let o = other as? BitwiseState, let r = o.result { try add(value: .int8(r)) }
    }
    func finish() throws -> Value {
        guard let r = result else { return .null }
        switch type {
        case .int2: return .int2(Int16(truncatingIfNeeded: r))
        case .int4: return .int4(Int32(truncatingIfNeeded: r))
        default: return .int8(r)
        }
    }
}

/// string_agg(text, delimiter): NULL values skipped; the delimiter that
/// precedes each value is the one given with it.
private final class StringAggState: AggregateState {
    var text: String?
    func add(value: Value) throws { try add([value, .null]) }
    func add(_ args: [Value]) throws {
        guard case .text(let s) = args.first ?? .null else { return }
        let delimiter: String
        if args.count > 1, case .text(let d) = args[1] { delimiter = d } else { delimiter = "" }
        if text == nil {
            text = s
        } else {
            text? += delimiter + s
        }
    }
    func merge(_ other: AggregateState) throws {
        guard let o = other as? StringAggState, let t = o.text else { return }
        // The other state's own first delimiter is lost; a combine step
        // must pass the delimiter explicitly, as Citus does.
        text = text.map { $0 + t } ?? t
    }
    func finish() throws -> Value { text.map { .text($0) } ?? .null }
}

/// array_agg: every value, NULLs included, in input order.
private final class ArrayAggState: AggregateState {
    let elementType: PGType
    var elements: [Value] = []
    var any = false
    init(_ elementType: PGType) { self.elementType = elementType }
    func add(value: Value) throws {
        elements.append(value)
        any = true
    }
    func merge(_ other: AggregateState) throws {
        guard let o = other as? ArrayAggState else { return }
        elements += o.elements
        any = any || o.any
    }
    func finish() throws -> Value {
        guard any else { return .null }
        return .array(ArrayValue(elementType: elementType, elements: elements))
    }
}

// MARK: - Catalog

/// The built-in aggregates.
package let builtinAggregates: [BuiltinAggregate] = {
    var aggs: [BuiltinAggregate] = []
    var countRows = BuiltinAggregate("count", [], returns: .int8) { _ in
        CountState(countsNulls: true)
    }
    countRows.inlineTransition = .countRows
    aggs.append(countRows)
    var countValues = BuiltinAggregate("count", [.any], returns: .int8) { _ in
        CountState(countsNulls: false)
    }
    countValues.inlineTransition = .countValues
    aggs.append(countValues)
    for t in [PGType.int2, .int4] {
        var sum = BuiltinAggregate("sum", [t], returns: .int8) { _ in IntegerSumState(.int8Sum) }
        sum.inlineTransition = .integerSum
        aggs.append(sum)
    }
    aggs.append(
        BuiltinAggregate("sum", [.int8], returns: .numeric) { _ in IntegerSumState(.numericSum) })
    aggs.append(BuiltinAggregate("sum", [.float4], returns: .float4) { _ in FloatState(.sum4) })
    aggs.append(BuiltinAggregate("sum", [.float8], returns: .float8) { _ in FloatState(.sum8) })
    aggs.append(
        BuiltinAggregate("sum", [.numeric], returns: .numeric) { _ in
            NumericSumState(average: false)
        })
    aggs.append(
        BuiltinAggregate("sum", [.interval], returns: .interval) { _ in
            IntervalSumState(average: false)
        })
    for t in [PGType.int2, .int4, .int8] {
        var avg = BuiltinAggregate("avg", [t], returns: .numeric) { _ in
            IntegerSumState(.numericAvg)
        }
        avg.inlineTransition = .integerAverage
        aggs.append(avg)
    }
    aggs.append(
        BuiltinAggregate("avg", [.numeric], returns: .numeric) { _ in
            NumericSumState(average: true)
        })
    for t in [PGType.float4, .float8] {
        aggs.append(BuiltinAggregate("avg", [t], returns: .float8) { _ in FloatState(.avg) })
    }
    aggs.append(
        BuiltinAggregate("avg", [.interval], returns: .interval) { _ in
            IntervalSumState(average: true)
        })
    let ordered: [PGType] = [
        .int2, .int4, .int8, .float4, .float8, .numeric, .text, .bpchar, .date, .time,
        .timestamp, .timestamptz, .interval, .inet, .oid, .anyArray, PGType(oid: 3500),
    ]
    for t in ordered {
        for (name, isMax) in [("min", false), ("max", true)] {
            aggs.append(
                BuiltinAggregate(name, [t], returns: t) { types in
                    ExtremumState(types.first ?? t, max: isMax)
                })
        }
    }
    for name in ["bit_and", "bit_or", "bit_xor"] {
        for t in [PGType.int2, .int4, .int8] {
            aggs.append(BuiltinAggregate(name, [t], returns: t) { _ in BitwiseState(name, t) })
        }
    }
    aggs.append(
        BuiltinAggregate("bool_and", [.bool], returns: .bool) { _ in BoolState(isAnd: true) })
    aggs.append(BuiltinAggregate("every", [.bool], returns: .bool) { _ in BoolState(isAnd: true) })
    aggs.append(
        BuiltinAggregate("bool_or", [.bool], returns: .bool) { _ in BoolState(isAnd: false) })
    aggs.append(
        BuiltinAggregate("string_agg", [.text, .text], returns: .text) { _ in StringAggState() })
    aggs.append(
        BuiltinAggregate("array_agg", [.anyNonArray], returns: .anyArray) { types in
            ArrayAggState(types.first ?? .text)
        })
    let variances: [(String, Bool, Bool, FloatState.Result)] = [
        ("var_pop", false, false, .varPop), ("var_samp", true, false, .varSamp),
        ("variance", true, false, .varSamp), ("stddev_pop", false, true, .stddevPop),
        ("stddev_samp", true, true, .stddevSamp), ("stddev", true, true, .stddevSamp),
    ]
    for (name, sample, root, floatResult) in variances {
        for t in [PGType.float4, .float8] {
            aggs.append(
                BuiltinAggregate(name, [t], returns: .float8) { _ in FloatState(floatResult) })
        }
        for t in [PGType.int2, .int4, .int8, .numeric] {
            aggs.append(
                BuiltinAggregate(name, [t], returns: .numeric) { _ in
                    NumericVarianceState(sample: sample, root: root)
                })
        }
    }
    aggs += orderedSetAggregates
    aggs += regressionAggregates
    aggs += hllAggregates
    aggs += topnAggregates
    aggs += jsonAggregates
    return aggs
}()
