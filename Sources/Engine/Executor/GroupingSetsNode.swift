// GROUPING SETS, ROLLUP and CUBE (PostgreSQL's MixedAggregate): one pass
// over the input feeds a hash table per grouping set. A set's output rows
// carry NULL for the keys outside the set, and each GROUPING() call of
// the query level comes out as the bit mask of its arguments absent from
// the row's set.
//
// Order without ORDER BY: the empty set's row first (PostgreSQL computes
// it in the sorted phase, before the hash tables are read), then the
// sets in the order the planner lists them, each set's groups in the
// order they first appeared.
// TODO(#6): within a set PostgreSQL reads its hash table in hash order.
import SQLParser

final class GroupingSetsNode: PlanNode {
    let input: PlanNode
    let keys: [CompiledExpr]
    let aggregates: [AggregatePlan]
    /// Each grouping set as indices into `keys`.
    let sets: [[Int]]
    /// Each GROUPING() call as indices into `keys`, first argument first.
    let groupingCalls: [[Int]]
    unowned let session: Session

    init(
        input: PlanNode, keys: [CompiledExpr], aggregates: [AggregatePlan], sets: [[Int]],
        groupingCalls: [[Int]], session: Session
    ) {
        self.input = input
        self.keys = keys
        self.aggregates = aggregates
        self.sets = sets
        self.groupingCalls = groupingCalls
        self.session = session
    }

    /// One set's groups: key values (of the set's keys) and accumulators.
    private struct SetTable {
        var index: [GroupingKey: Int] = [:]
        var keyValues: [[Value]] = []
        var states: [[AggregateAccumulator]] = []
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        var tables = [SetTable](repeating: SetTable(), count: sets.count)
        let jsonbKeys = Set(keys.indices.filter { keys[$0].type == .jsonb })
        // The empty set has its one group even without input rows.
        for (s, set) in sets.enumerated() where set.isEmpty {
            tables[s].index[GroupingKey([])] = 0
            tables[s].keyValues.append([])
            tables[s].states.append(aggregates.map(AggregateAccumulator.init))
        }
        var count = 0
        _ = try input.run(ctx) { row in
            count &+= 1
            if count & 4095 == 0 { try session.checkInterrupts() }
            let values = try keys.map { try $0.evaluate(row, ctx) }
            for (s, set) in sets.enumerated() {
                let own = set.map { values[$0] }
                let lookup = set.map { slot -> Value in
                    if jsonbKeys.contains(slot), case .text(let text) = values[slot] {
                        return .text(JSONText.groupingText(text))
                    }
                    return values[slot]
                }
                let key = GroupingKey(lookup)
                let group: Int
                if let found = tables[s].index[key] {
                    group = found
                } else {
                    group = tables[s].keyValues.count
                    tables[s].index[key] = group
                    tables[s].keyValues.append(own)
                    tables[s].states.append(aggregates.map(AggregateAccumulator.init))
                }
                for state in tables[s].states[group] { try state.add(row, ctx) }
            }
            return true
        }
        for s in outputOrder() {
            let set = sets[s]
            let masks = groupingCalls.map { arguments in
                arguments.reduce(Int32(0)) { mask, key in
                    mask << 1 | (set.contains(key) ? 0 : 1)
                }
            }
            for (group, own) in tables[s].keyValues.enumerated() {
                var out = [Value](repeating: .null, count: keys.count)
                for (i, key) in set.enumerated() { out[key] = own[i] }
                for state in tables[s].states[group] { out.append(try state.finish()) }
                out += masks.map { .int4($0) }
                if try !emit(out) { return false }
            }
        }
        return true
    }

    /// Empty sets first, then the others as listed.
    private func outputOrder() -> [Int] {
        sets.indices.filter { sets[$0].isEmpty } + sets.indices.filter { !sets[$0].isEmpty }
    }
}
