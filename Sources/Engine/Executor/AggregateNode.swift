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

    init(_ plan: AggregatePlan) {
        self.plan = plan
        self.state = plan.aggregate.makeState(plan.arguments.map(\.type))
    }

    func add(_ row: Row, _ ctx: ExecContext) throws {
        if let filter = plan.filter, !isTrue(try filter.evaluate(row, ctx)) { return }
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
        var index: [GroupingKey: Int] = [:]
        var groupKeys: [[Value]] = []
        var states: [[AggregateAccumulator]] = []
        let keyClosures = keys.map(\.evaluate)
        var count = 0
        _ = try input.run(ctx) { row in
            count &+= 1
            if count & 4095 == 0 { try session.checkInterrupts() }
            var keyValues: [Value] = []
            keyValues.reserveCapacity(keyClosures.count)
            for f in keyClosures { keyValues.append(try f(row, ctx)) }
            let group: Int
            let hashKey = GroupingKey(keyValues)
            if let existing = index[hashKey] {
                group = existing
            } else {
                group = groupKeys.count
                index[hashKey] = group
                groupKeys.append(keyValues)
                states.append(aggregates.map(AggregateAccumulator.init))
            }
            for accumulator in states[group] { try accumulator.add(row, ctx) }
            return true
        }
        if groupKeys.isEmpty && isPlainAggregate {
            groupKeys.append([])
            states.append(aggregates.map(AggregateAccumulator.init))
        }
        for (g, keyValues) in groupKeys.enumerated() {
            var out = keyValues
            for accumulator in states[g] { out.append(try accumulator.finish()) }
            if try !emit(out) { return false }
        }
        return true
    }
}
