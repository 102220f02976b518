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
    private var bound = false
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
        if !bound {
            state.bind(ctx.evaluation)
            bound = true
        }
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

    /// Feeds one row's argument value (nil for a call without arguments)
    /// taken from a batch. Only for calls without DISTINCT, FILTER or
    /// ORDER BY.
    @inline(__always)
    func add(single value: Value?, _ ctx: ExecContext) throws {
        if !bound {
            state.bind(ctx.evaluation)
            bound = true
        }
        if let value {
            try state.add(value: value)
        } else {
            try state.add([])
        }
    }

    /// Feeds a batch of rows: the argument's values, or nil for a call
    /// without arguments. Only for calls without DISTINCT, FILTER or
    /// ORDER BY.
    func add(batch values: BatchValues?, count: Int, _ ctx: ExecContext) throws {
        if !bound {
            state.bind(ctx.evaluation)
            bound = true
        }
        guard let values else {
            for _ in 0..<count { try state.add([]) }
            return
        }
        if let batched = state as? BatchAggregateState {
            try batched.add(batch: values)
            return
        }
        for i in 0..<count { try state.add(value: values.value(at: i)) }
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
        if let (source, keyForms, arguments) = columnWiseInputs() {
            return try runColumnWise(source, keyForms, arguments, ctx, emit)
        }
        var groups = GroupTable(aggregates: aggregates)
        // The per-row work is two closures built once, so the expressions
        // they call are captured values, not array elements re-read (and
        // retained) for every row.
        let find = makeFinder()
        let feed = Self.makeFeeder(groups.lanes[...], width: groups.lanes.count)
        var count = 0
        _ = try input.run(ctx) { row in
            count &+= 1
            if count & 4095 == 0 { try session.checkInterrupts() }
            let group = try find(row, ctx, &groups)
            try feed(row, ctx, group * groups.lanes.count, &groups)
            return true
        }
        if groups.keyValues.isEmpty && isPlainAggregate {
            _ = groups.addGroup([])
        }
        for g in groups.keyValues.indices {
            if try !emit(try groups.output(of: g)) { return false }
        }
        return true
    }

    /// The input, the GROUP BY keys' and the aggregates' column-wise
    /// forms (nil for a call without arguments) when the aggregation can
    /// read a batch at a time: an input that produces batches (a scan
    /// without a filter, an inner hash join of one), keys with
    /// column-wise forms (jsonb keys group by their own rule), and every
    /// call without DISTINCT, FILTER or ORDER BY with at most one
    /// argument that has a column-wise form.
    private func columnWiseInputs() -> (BatchSource, [VectorForm], [VectorForm?])? {
        guard let source = input as? BatchSource, source.producesBatches else { return nil }
        let width = source.batchWidth
        func fits(_ form: VectorForm) -> Bool {
            form.columns.allSatisfy { $0 >= 0 && $0 < width }
        }
        var keyForms: [VectorForm] = []
        for key in keys {
            guard key.type != .jsonb, let form = key.vector, fits(form) else { return nil }
            keyForms.append(form)
        }
        var arguments: [VectorForm?] = []
        for plan in aggregates {
            guard !plan.isDistinct, plan.filter == nil, plan.orderBy.isEmpty,
                plan.arguments.count <= 1
            else { return nil }
            guard let argument = plan.arguments.first else {
                arguments.append(nil)
                continue
            }
            guard let form = argument.vector, fits(form) else { return nil }
            arguments.append(form)
        }
        return (source, keyForms, arguments)
    }

    /// The aggregation a batch at a time: the keys and each call's
    /// argument are evaluated over the batch, then each row goes to its
    /// group (groups appear in the order the row-at-a-time path makes
    /// them). Without GROUP BY whole batches go to the states.
    private func runColumnWise(
        _ source: BatchSource, _ keyForms: [VectorForm], _ arguments: [VectorForm?],
        _ ctx: ExecContext, _ emit: (Row) throws -> Bool
    ) throws -> Bool {
        var groups = GroupTable(aggregates: aggregates)
        if keyForms.isEmpty && isPlainAggregate { _ = groups.soleGroup() }
        let columns = Set((keyForms + arguments.compactMap { $0 }).flatMap(\.columns)).sorted()
        var groupOf: [Int] = []
        try source.forEachBatch(ctx, columns: columns) { batch in
            let values = try arguments.map { try $0?.evaluate(batch, ctx) }
            guard !keyForms.isEmpty else {
                _ = groups.soleGroup()
                for (a, v) in values.enumerated() {
                    try groups.add(batch: v, count: batch.count, lane: a, ctx)
                }
                return true
            }
            let keys = try keyForms.map { try $0.evaluate(batch, ctx) }
            groupOf.removeAll(keepingCapacity: true)
            switch keys.count {
            case 1:
                for i in 0..<batch.count {
                    groupOf.append(groups.group(single: keys[0].value(at: i)))
                }
            case 2:
                for i in 0..<batch.count {
                    groupOf.append(groups.group(pair: keys[0].value(at: i), keys[1].value(at: i)))
                }
            default:
                for i in 0..<batch.count {
                    groupOf.append(groups.group(values: keys.map { $0.value(at: i) }))
                }
            }
            for (a, v) in values.enumerated() {
                try groups.add(batch: v, groups: groupOf, lane: a, ctx)
            }
            return true
        }
        for g in groups.keyValues.indices {
            if try !emit(try groups.output(of: g)) { return false }
        }
        return true
    }

    /// Evaluates a row's GROUP BY keys and returns its group's number.
    private typealias Finder = (Row, ExecContext, inout GroupTable) throws -> Int
    /// Feeds a row to the aggregates of the group whose inline states
    /// start at the given index.
    private typealias Feeder = (Row, ExecContext, Int, inout GroupTable) throws -> Void

    private func makeFinder() -> Finder {
        let jsonbSlots = keys.indices.filter { keys[$0].type == .jsonb }
        if !jsonbSlots.isEmpty {
            // jsonb groups by equality, under which 3 and 3.0 are one.
            let functions = keys.map(\.evaluate)
            return { row, ctx, table in
                let values = try functions.map { try $0(row, ctx) }
                var lookup = values
                for slot in jsonbSlots {
                    if case .text(let s) = values[slot] {
                        lookup[slot] = .text(JSONText.groupingText(s))
                    }
                }
                return table.group(values: values, lookup: lookup)
            }
        }
        switch keys.count {
        case 0:
            return { _, _, table in table.soleGroup() }
        case 1:
            let key = keys[0].evaluate
            return { row, ctx, table in table.group(single: try key(row, ctx)) }
        case 2:
            let (first, second) = (keys[0].evaluate, keys[1].evaluate)
            return { row, ctx, table in
                let a = try first(row, ctx)
                return table.group(pair: a, try second(row, ctx))
            }
        default:
            let functions = keys.map(\.evaluate)
            return { row, ctx, table in
                var values: [Value] = []
                values.reserveCapacity(functions.count)
                for f in functions { values.append(try f(row, ctx)) }
                return table.group(values: values)
            }
        }
    }

    /// A chain of one closure per aggregate, each calling the next.
    private static func makeFeeder(_ lanes: ArraySlice<AggregateLane>, width: Int) -> Feeder {
        guard let lane = lanes.first else { return { _, _, _, _ in } }
        let next = makeFeeder(lanes.dropFirst(), width: width)
        let a = lanes.startIndex
        let argument = lane.argument
        switch lane.kind {
        case .countRows:
            return { row, ctx, base, table in
                table.counts[base + a] &+= 1
                try next(row, ctx, base, &table)
            }
        case .countValues:
            return { row, ctx, base, table in
                if case .null = try argument(row, ctx) {} else { table.counts[base + a] &+= 1 }
                try next(row, ctx, base, &table)
            }
        case .integerSum:
            return { row, ctx, base, table in
                switch try argument(row, ctx) {
                case .int4(let x): table.addToSum(base + a, Int64(x))
                case .int2(let x): table.addToSum(base + a, Int64(x))
                case .int8(let x): table.addToSum(base + a, x)
                default: break
                }
                try next(row, ctx, base, &table)
            }
        case .accumulator:
            let slot = lane.accumulator
            return { row, ctx, base, table in
                let index = base / width * table.accumulatorCount + slot
                try table.accumulators[index].add(row, ctx)
                try next(row, ctx, base, &table)
            }
        }
    }
}

/// Where one aggregate call's per-group state lives: inline integers for
/// count and integer sums without DISTINCT, FILTER or ORDER BY, else an
/// `AggregateAccumulator` object.
private struct AggregateLane {
    enum Kind { case countRows, countValues, integerSum, accumulator }
    var kind: Kind
    /// The argument of count(x) and sum(x) (NULL for count(*)). Not
    /// optional: an optional closure is called through a thunk.
    var argument: (Row, ExecContext) throws -> Value
    /// For `.accumulator`: its index among each group's accumulators.
    var accumulator: Int

    init(_ plan: AggregatePlan, accumulators: inout Int) {
        let plain = !plan.isDistinct && plan.filter == nil && plan.orderBy.isEmpty
        switch plan.aggregate.inlineTransition {
        case .countRows? where plain && plan.arguments.isEmpty:
            kind = .countRows
        case .countValues? where plain && plan.arguments.count == 1:
            kind = .countValues
        case .integerSum? where plain && plan.arguments.count == 1:
            kind = .integerSum
        default:
            kind = .accumulator
        }
        argument = plan.arguments.count == 1 ? plan.arguments[0].evaluate : { _, _ in .null }
        accumulator = kind == .accumulator ? accumulators : -1
        if kind == .accumulator { accumulators += 1 }
    }
}

/// The hash table of a HashAggregate: group numbers by key, each group's
/// key values and the aggregates' states. Inline states sit in flat
/// arrays (`lanes.count` per group); the others are accumulator objects
/// (`accumulatorCount` per group). One or two integer-like keys (ints,
/// dates, timestamps) go through an open-addressing index of plain
/// integers, so finding such a row's group neither allocates nor hashes a
/// `Value`.
private struct GroupTable {
    let aggregates: [AggregatePlan]
    let lanes: [AggregateLane]
    let accumulatorCount: Int
    var keyValues: [[Value]] = []
    /// Per group and lane: rows counted (count) or values summed (sum).
    var counts: [Int64] = []
    /// Per group and lane: the exact total of an integer sum.
    private var sums: [Int128] = []
    var accumulators: [AggregateAccumulator] = []
    private var integerIndex = IntegerGroupIndex()
    private var general: [GroupingKey: Int] = [:]
    /// Groups of a single text key.
    private var textIndex: [Value: Int] = [:]

    init(aggregates: [AggregatePlan]) {
        self.aggregates = aggregates
        var accumulatorCount = 0
        lanes = aggregates.map { AggregateLane($0, accumulators: &accumulatorCount) }
        self.accumulatorCount = accumulatorCount
    }

    /// The one group of an aggregate without GROUP BY.
    mutating func soleGroup() -> Int {
        keyValues.isEmpty ? addGroup([]) : 0
    }

    /// The group of a single key value, created when new.
    @inline(__always)
    mutating func group(single v: Value) -> Int {
        guard let k = IntegerKey(v) else {
            // Text groups by its bytes, which is what Value's equality
            // and hash compare, so the value itself is the key.
            guard case .text = v else { return group(values: [v]) }
            if let g = textIndex[v] { return g }
            let g = addGroup([v])
            textIndex[v] = g
            return g
        }
        let tag = UInt16(k.kind)
        if let g = integerIndex.find(k.value, 0, tag: tag) { return g }
        let g = addGroup([v])
        integerIndex.insert(k.value, 0, tag: tag, group: g)
        return g
    }

    /// The group of two key values, created when new.
    @inline(__always)
    mutating func group(pair a: Value, _ b: Value) -> Int {
        guard let x = IntegerKey(a), let y = IntegerKey(b) else { return group(values: [a, b]) }
        let tag = UInt16(x.kind) << 8 | UInt16(y.kind)
        if let g = integerIndex.find(x.value, y.value, tag: tag) { return g }
        let g = addGroup([a, b])
        integerIndex.insert(x.value, y.value, tag: tag, group: g)
        return g
    }

    /// The group of `values` through the general grouping key, which
    /// treats NaNs (and other equal-but-different values) as PostgreSQL's
    /// hash aggregation does.
    mutating func group(values: [Value], lookup: [Value]? = nil) -> Int {
        let key = GroupingKey(lookup ?? values)
        if let g = general[key] { return g }
        let g = addGroup(values)
        general[key] = g
        return g
    }

    /// Feeds a batch of rows to lane `a` of the sole group: the
    /// argument's values, nil for a call without arguments.
    mutating func add(batch values: BatchValues?, count: Int, lane a: Int, _ ctx: ExecContext)
        throws
    {
        let lane = lanes[a]
        switch lane.kind {
        case .countRows:
            counts[a] &+= Int64(count)
        case .countValues:
            counts[a] &+= Int64(values?.nonNullCount ?? 0)
        case .integerSum:
            guard let values else { return }
            if case .integers(let xs, let nulls, _) = values {
                for i in xs.indices where nulls?[i] != true { addToSum(a, xs[i]) }
                return
            }
            for i in 0..<count {
                switch values.value(at: i) {
                case .int4(let x): addToSum(a, Int64(x))
                case .int2(let x): addToSum(a, Int64(x))
                case .int8(let x): addToSum(a, x)
                default: break
                }
            }
        case .accumulator:
            try accumulators[lane.accumulator].add(batch: values, count: count, ctx)
        }
    }

    /// Feeds a batch of rows to lane `a`, row `i` going to group
    /// `groups[i]`: the argument's values, nil for a call without
    /// arguments.
    mutating func add(batch values: BatchValues?, groups: [Int], lane a: Int, _ ctx: ExecContext)
        throws
    {
        let lane = lanes[a]
        let width = lanes.count
        switch lane.kind {
        case .countRows:
            for g in groups { counts[g * width + a] &+= 1 }
        case .countValues:
            guard let values else { return }
            for (i, g) in groups.enumerated() where !values.value(at: i).isNull {
                counts[g * width + a] &+= 1
            }
        case .integerSum:
            guard let values else { return }
            if case .integers(let xs, let nulls, _) = values {
                for (i, g) in groups.enumerated() where nulls?[i] != true {
                    addToSum(g * width + a, xs[i])
                }
                return
            }
            for (i, g) in groups.enumerated() {
                switch values.value(at: i) {
                case .int4(let x): addToSum(g * width + a, Int64(x))
                case .int2(let x): addToSum(g * width + a, Int64(x))
                case .int8(let x): addToSum(g * width + a, x)
                default: break
                }
            }
        case .accumulator:
            let slot = lane.accumulator
            for (i, g) in groups.enumerated() {
                let accumulator = accumulators[g * accumulatorCount + slot]
                try accumulator.add(single: values?.value(at: i), ctx)
            }
        }
    }

    /// Adds `x` to the integer sum at `index` of the inline states.
    @inline(__always)
    mutating func addToSum(_ index: Int, _ x: Int64) {
        sums[index] &+= Int128(x)
        counts[index] &+= 1
    }

    /// The output row of `group`: its keys, then each aggregate's result.
    func output(of group: Int) throws -> Row {
        var out = keyValues[group]
        let base = group * lanes.count
        for (a, lane) in lanes.enumerated() {
            switch lane.kind {
            case .countRows, .countValues:
                out.append(.int8(counts[base + a]))
            case .integerSum:
                guard counts[base + a] > 0 else {
                    out.append(.null)
                    continue
                }
                guard let total = Int64(exactly: sums[base + a]) else {
                    throw SQLError(SQLState.numericValueOutOfRange, "bigint out of range")
                }
                out.append(.int8(total))
            case .accumulator:
                out.append(try accumulators[group * accumulatorCount + lane.accumulator].finish())
            }
        }
        return out
    }

    mutating func addGroup(_ values: [Value]) -> Int {
        keyValues.append(values)
        counts.append(contentsOf: repeatElement(0, count: lanes.count))
        sums.append(contentsOf: repeatElement(0, count: lanes.count))
        for (a, lane) in lanes.enumerated() where lane.kind == .accumulator {
            accumulators.append(AggregateAccumulator(aggregates[a]))
        }
        return keyValues.count - 1
    }
}

/// A non-NULL integer-like grouping value (bool, int2/4/8, date,
/// timestamp, timestamptz): its case and its integer, equal exactly when
/// the values are equal.
private struct IntegerKey {
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
}

/// Group numbers by one or two integer keys and a tag naming their cases,
/// in an open-addressing table with linear probing, kept at most half
/// full. For example the key (3, 2024-01-01 00:01) hashes to a bucket;
/// when that bucket holds another key, the next buckets are tried in
/// turn until the key or an empty bucket turns up.
private struct IntegerGroupIndex {
    /// Per bucket: an entry number plus one, 0 when empty.
    private var buckets = [Int](repeating: 0, count: 64)
    private var firsts: [Int64] = []
    private var seconds: [Int64] = []
    private var tags: [UInt16] = []
    private var groups: [Int] = []

    @inline(__always)
    private func bucket(_ a: Int64, _ b: Int64, _ tag: UInt16) -> Int {
        var h = UInt64(bitPattern: a) &* 0x9E37_79B9_7F4A_7C15
        h ^= (UInt64(bitPattern: b) ^ UInt64(tag) << 48) &* 0xC2B2_AE3D_27D4_EB4F
        h ^= h >> 31
        h = h &* 0xBF58_476D_1CE4_E5B9
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & (buckets.count - 1)
    }

    /// The group of the key, nil when it has none yet.
    @inline(__always)
    func find(_ a: Int64, _ b: Int64, tag: UInt16) -> Int? {
        var i = bucket(a, b, tag)
        while true {
            let entry = buckets[i] - 1
            if entry < 0 { return nil }
            if firsts[entry] == a && seconds[entry] == b && tags[entry] == tag {
                return groups[entry]
            }
            i = (i + 1) & (buckets.count - 1)
        }
    }

    /// Records `group` for a key `find` did not know.
    mutating func insert(_ a: Int64, _ b: Int64, tag: UInt16, group: Int) {
        firsts.append(a)
        seconds.append(b)
        tags.append(tag)
        groups.append(group)
        if firsts.count * 2 > buckets.count {
            buckets = [Int](repeating: 0, count: buckets.count * 2)
            for entry in firsts.indices { place(entry) }
        } else {
            place(firsts.count - 1)
        }
    }

    private mutating func place(_ entry: Int) {
        var i = bucket(firsts[entry], seconds[entry], tags[entry])
        while buckets[i] != 0 { i = (i + 1) & (buckets.count - 1) }
        buckets[i] = entry + 1
    }
}
