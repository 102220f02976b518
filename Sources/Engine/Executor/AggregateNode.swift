// Grouping and aggregation (PostgreSQL's HashAggregate): rows are hashed
// on their GROUP BY keys, each group keeps one transition state per
// aggregate call, and the output row is the keys followed by the
// aggregates' final values. DISTINCT, FILTER and ORDER BY inside an
// aggregate call are handled here around the aggregate's own state.
import SQLParser

/// One aggregate call's running state for one group.
final class AggregateAccumulator {
    private let plan: AggregatePlan
    private let state: AggregateState
    private var seen: Set<GroupingKey> = []
    /// Buffered inputs of an ordered aggregate: arguments and sort keys.
    private var buffered: [(arguments: [Value], keys: [Value])] = []

    /// True for a call without DISTINCT or ORDER BY and with at most one
    /// argument, whose input goes straight to the state.
    private let isSimple: Bool
    private let singleArgument: ((Row, ExecContext) throws -> Value)?

    init(_ plan: AggregatePlan) {
        self.plan = plan
        self.state = plan.aggregate.makeState(plan.arguments.map(\.type))
        isSimple = !plan.isDistinct && plan.orderBy.isEmpty && plan.arguments.count <= 1
        singleArgument = plan.arguments.count == 1 ? plan.arguments[0].evaluate : nil
    }

    func add(_ row: Row, _ ctx: ExecContext) throws {
        if let filter = plan.filter, !isTrue(try filter.evaluate(row, ctx)) { return }
        if isSimple {
            if let single = singleArgument {
                try state.add(value: try single(row, ctx))
            } else {
                try state.add([])
            }
            return
        }
        let arguments = try plan.arguments.map { try $0.evaluate(row, ctx) }
        if plan.isDistinct {
            guard seen.insert(GroupingKey(arguments)).inserted else { return }
        }
        if !plan.orderBy.isEmpty {
            let keys = try plan.orderBy.map { try $0.key.evaluate(row, ctx) }
            buffered.append((arguments, keys))
            return
        }
        try state.add(arguments)
    }

    func finish() throws -> Value {
        if !plan.orderBy.isEmpty {
            let order = plan.orderBy.map { SortKey(item: $0.item, type: $0.key.type, slot: 0) }
            let sorted = buffered.sorted { a, b in
                for (i, key) in order.enumerated() {
                    let c = key.compare(a.keys[i], b.keys[i])
                    if c != 0 { return c < 0 }
                }
                return false
            }
            for entry in sorted { try state.add(entry.arguments) }
            buffered.removeAll()
        }
        return try state.finish()
    }
}

/// GROUP BY / aggregate evaluation.
final class AggregateNode: PlanNode {
    let input: PlanNode
    let keys: [CompiledExpr]
    let aggregates: [AggregatePlan]
    /// True without GROUP BY: one output row even for no input.
    let isPlainAggregate: Bool
    unowned let session: Session

    init(
        input: PlanNode, keys: [CompiledExpr], aggregates: [AggregatePlan],
        isPlainAggregate: Bool, session: Session
    ) {
        self.input = input
        self.keys = keys
        self.aggregates = aggregates
        self.isPlainAggregate = isPlainAggregate
        self.session = session
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        var groups = GroupTable(keys: keys.map(\.evaluate), aggregates: aggregates)
        var count = 0
        _ = try input.run(ctx) { row in
            count &+= 1
            if count & 4095 == 0 { try session.checkInterrupts() }
            let base = try groups.group(of: row, ctx) * aggregates.count
            for a in 0..<aggregates.count {
                try groups.accumulators[base + a].add(row, ctx)
            }
            return true
        }
        if groups.keyValues.isEmpty && isPlainAggregate {
            groups.keyValues.append([])
            groups.accumulators.append(contentsOf: aggregates.map(AggregateAccumulator.init))
        }
        for (g, keyValues) in groups.keyValues.enumerated() {
            var out = keyValues
            let base = g * aggregates.count
            for a in 0..<aggregates.count {
                out.append(try groups.accumulators[base + a].finish())
            }
            if try !emit(out) { return false }
        }
        return true
    }
}

/// The hash table of a HashAggregate: group numbers by key, each group's
/// key values and its accumulators (`aggregates.count` per group, flat).
/// One or two integer-like keys (ints, dates, timestamps) hash as plain
/// integers, so finding such a row's group allocates nothing.
private struct GroupTable {
    let keys: [(Row, ExecContext) throws -> Value]
    let aggregates: [AggregatePlan]
    var keyValues: [[Value]] = []
    var accumulators: [AggregateAccumulator] = []
    private var integerSingles: [IntegerKey: Int] = [:]
    private var integerPairs: [IntegerKeyPair: Int] = [:]
    private var general: [GroupingKey: Int] = [:]

    init(keys: [(Row, ExecContext) throws -> Value], aggregates: [AggregatePlan]) {
        self.keys = keys
        self.aggregates = aggregates
    }

    /// The number of `row`'s group, created when new.
    mutating func group(of row: Row, _ ctx: ExecContext) throws -> Int {
        switch keys.count {
        case 0:
            if keyValues.isEmpty { return addGroup([]) }
            return 0
        case 1:
            let v = try keys[0](row, ctx)
            if let k = IntegerKey(v) {
                if let g = integerSingles[k] { return g }
                let g = addGroup([v])
                integerSingles[k] = g
                return g
            }
            return lookup([v])
        case 2:
            let a = try keys[0](row, ctx)
            let b = try keys[1](row, ctx)
            if let x = IntegerKey(a), let y = IntegerKey(b) {
                let key = IntegerKeyPair(first: x, second: y)
                if let g = integerPairs[key] { return g }
                let g = addGroup([a, b])
                integerPairs[key] = g
                return g
            }
            return lookup([a, b])
        default:
            var values: [Value] = []
            values.reserveCapacity(keys.count)
            for f in keys { values.append(try f(row, ctx)) }
            return lookup(values)
        }
    }

    /// The group of `values` through the general grouping key, which
    /// treats NaNs (and other equal-but-different values) as PostgreSQL's
    /// hash aggregation does.
    private mutating func lookup(_ values: [Value]) -> Int {
        let key = GroupingKey(values)
        if let g = general[key] { return g }
        let g = addGroup(values)
        general[key] = g
        return g
    }

    private mutating func addGroup(_ values: [Value]) -> Int {
        keyValues.append(values)
        accumulators.append(contentsOf: aggregates.map(AggregateAccumulator.init))
        return keyValues.count - 1
    }
}

/// A non-NULL integer-like grouping value (bool, int2/4/8, date,
/// timestamp, timestamptz): its case and its integer, equal exactly when
/// the values are equal.
private struct IntegerKey: Hashable {
    var kind: UInt8
    var value: Int64

    @inline(__always)
    init?(_ v: Value) {
        switch v {
        case .bool(let b): (kind, value) = (1, b ? 1 : 0)
        case .int2(let x): (kind, value) = (2, Int64(x))
        case .int4(let x): (kind, value) = (3, Int64(x))
        case .int8(let x): (kind, value) = (4, x)
        case .date(let x): (kind, value) = (5, Int64(x))
        case .timestamp(let x): (kind, value) = (6, x)
        case .timestamptz(let x): (kind, value) = (7, x)
        default: return nil
        }
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(value &* 31 &+ Int64(kind))
    }
}

/// Two integer-like grouping values as one hash key.
private struct IntegerKeyPair: Hashable {
    var first: IntegerKey
    var second: IntegerKey

    func hash(into hasher: inout Hasher) {
        let a = UInt64(bitPattern: first.value) &* 0x9E37_79B9_7F4A_7C15
        let b = UInt64(bitPattern: second.value)
        hasher.combine(a ^ (b &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(first.kind) << 56
            ^ UInt64(second.kind) << 48)
    }
}
