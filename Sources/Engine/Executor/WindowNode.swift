// Window functions (PostgreSQL's WindowAgg): every input row gets one value
// per window call, computed over the rows of its partition in the
// window's order. Ranking functions read the row's position and its peers
// (rows equal on the ORDER BY keys); lag, lead, first_value, last_value and
// nth_value read other rows of the partition or of the frame; aggregates
// fold the frame, which by default runs from the partition's start to the
// row's last peer (the whole partition without ORDER BY), or is given as
// ROWS / RANGE bounds. Rows leave in the order of the last window sorted,
// as PostgreSQL's plan of sorts and WindowAggs leaves them.
import SQLParser

/// A frame bound, with its offset compiled for ROWS n PRECEDING/FOLLOWING.
enum WindowBound {
    case unboundedPreceding
    case preceding(CompiledExpr)
    case currentRow
    case following(CompiledExpr)
    case unboundedFollowing
}

/// The rows a window call's aggregate or value function sees.
struct WindowFrameSpec {
    /// ROWS counts rows; RANGE (offsets unsupported) counts peer groups.
    var isRows: Bool
    var start: WindowBound
    var end: WindowBound

    /// RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW.
    static let standard = WindowFrameSpec(
        isRows: false, start: .unboundedPreceding, end: .currentRow)
}

/// What a window call computes.
enum WindowFunctionKind {
    case rowNumber, rank, denseRank, percentRank, cumeDist
    case ntile(CompiledExpr)
    /// lag (negative direction) and lead: the value `offset` rows away.
    case shifted(value: CompiledExpr, offset: CompiledExpr?, fallback: CompiledExpr?, lead: Bool)
    case firstValue(CompiledExpr), lastValue(CompiledExpr)
    case nthValue(CompiledExpr, CompiledExpr)
    case aggregate(AggregatePlan)
}

/// One window call: its function, partition and order keys and frame.
struct WindowCallPlan {
    var kind: WindowFunctionKind
    var partitionBy: [CompiledExpr]
    var orderBy: [(key: CompiledExpr, item: SortItem)]
    var frame: WindowFrameSpec
    var resultType: PGType
}

/// Appends the window calls' values to each input row.
final class WindowNode: PlanNode {
    let input: PlanNode
    let calls: [WindowCallPlan]

    init(input: PlanNode, calls: [WindowCallPlan]) {
        self.input = input
        self.calls = calls
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        var rows = try input.collect(ctx)
        var results = Array(repeating: [Value](), count: rows.count)
        var order = Array(rows.indices)
        for call in calls {
            order = try sortedOrder(rows, call, ctx)
            let values = try evaluate(call, rows: rows, order: order, ctx)
            for (i, value) in values.enumerated() { results[i].append(value) }
        }
        for i in rows.indices { rows[i] += results[i] }
        for index in order where try !emit(rows[index]) { return false }
        return true
    }

    /// The row indexes sorted by partition keys, then order keys (a stable
    /// sort, so ties keep their input order).
    private func sortedOrder(_ rows: [Row], _ call: WindowCallPlan, _ ctx: ExecContext) throws
        -> [Int]
    {
        let keys = try rows.map { row in
            try (call.partitionBy.map { try $0.evaluate(row, ctx) },
                call.orderBy.map { try $0.key.evaluate(row, ctx) })
        }
        let partitionKeys = call.partitionBy.map {
            SortKey(item: SortItem(expr: Expr(.star)), type: $0.type, slot: 0)
        }
        let orderKeys = call.orderBy.map { SortKey(item: $0.item, type: $0.key.type, slot: 0) }
        return rows.indices.sorted { a, b in
            for (i, key) in partitionKeys.enumerated() {
                let c = key.compare(keys[a].0[i], keys[b].0[i])
                if c != 0 { return c < 0 }
            }
            for (i, key) in orderKeys.enumerated() {
                let c = key.compare(keys[a].1[i], keys[b].1[i])
                if c != 0 { return c < 0 }
            }
            return a < b
        }
    }

    /// One value per row (indexed as `rows`) for `call`.
    private func evaluate(
        _ call: WindowCallPlan, rows: [Row], order: [Int], _ ctx: ExecContext
    ) throws -> [Value] {
        var out = Array(repeating: Value.null, count: rows.count)
        let partitionValues = try order.map { i in
            try call.partitionBy.map { try $0.evaluate(rows[i], ctx) }
        }
        let orderValues = try order.map { i in
            try call.orderBy.map { try $0.key.evaluate(rows[i], ctx) }
        }
        let types = call.partitionBy.map(\.type)
        let orderTypes = call.orderBy.map(\.key.type)
        var start = 0
        while start < order.count {
            var end = start + 1
            while end < order.count,
                Self.equal(partitionValues[start], partitionValues[end], types)
            {
                end += 1
            }
            let partition = Array(order[start..<end])
            let peers = Self.peerGroups(Array(orderValues[start..<end]), orderTypes)
            let values = try evaluatePartition(call, partition, peers, rows, ctx)
            for (offset, index) in partition.enumerated() { out[index] = values[offset] }
            start = end
        }
        return out
    }

    /// For each position of a partition, the [first, last] positions of
    /// its peer group.
    private static func peerGroups(_ keys: [[Value]], _ types: [PGType]) -> [(Int, Int)] {
        var groups = Array(repeating: (0, 0), count: keys.count)
        var first = 0
        while first < keys.count {
            var last = first
            while last + 1 < keys.count, equal(keys[first], keys[last + 1], types) { last += 1 }
            for p in first...last { groups[p] = (first, last) }
            first = last + 1
        }
        return groups
    }

    private static func equal(_ a: [Value], _ b: [Value], _ types: [PGType]) -> Bool {
        for i in a.indices {
            switch (a[i].isNull, b[i].isNull) {
            case (true, true): continue
            case (false, false):
                if compareValues(a[i], b[i], type: types[i]) != 0 { return false }
            default: return false
            }
        }
        return true
    }

    private func evaluatePartition(
        _ call: WindowCallPlan, _ partition: [Int], _ peers: [(Int, Int)], _ rows: [Row],
        _ ctx: ExecContext
    ) throws -> [Value] {
        let n = partition.count
        switch call.kind {
        case .rowNumber:
            return (0..<n).map { .int8(Int64($0 + 1)) }
        case .rank:
            return peers.map { .int8(Int64($0.0 + 1)) }
        case .denseRank:
            var rank: Int64 = 0
            var last = -1
            return peers.map { group in
                if group.0 != last {
                    rank += 1
                    last = group.0
                }
                return .int8(rank)
            }
        case .percentRank:
            return peers.map { n > 1 ? .float8(Double($0.0) / Double(n - 1)) : .float8(0) }
        case .cumeDist:
            return peers.map { .float8(Double($0.1 + 1) / Double(n)) }
        case .ntile(let buckets):
            return try ntile(buckets, partition, rows, ctx)
        case .shifted(let value, let offset, let fallback, let lead):
            return try (0..<n).map { p in
                let row = rows[partition[p]]
                let distance = try offset.map { try $0.evaluate(row, ctx) } ?? .int4(1)
                guard case .int4(let k) = distance else { return .null }
                let target = lead ? p + Int(k) : p - Int(k)
                if target >= 0, target < n {
                    return try value.evaluate(rows[partition[target]], ctx)
                }
                return try fallback.map { try $0.evaluate(row, ctx) } ?? .null
            }
        case .firstValue(let value), .lastValue(let value), .nthValue(let value, _):
            return try (0..<n).map { p in
                let (from, to) = try frameBounds(call.frame, p, peers, partition, rows, ctx)
                guard from <= to else { return .null }
                var position = from
                if case .lastValue = call.kind { position = to }
                if case .nthValue(_, let nth) = call.kind {
                    let index = try nth.evaluate(rows[partition[p]], ctx)
                    guard case .int4(let k) = index else { return .null }
                    guard k > 0 else {
                        throw SQLError(
                            "22016", "argument of nth_value must be greater than zero")
                    }
                    position = from + Int(k) - 1
                    if position > to { return .null }
                }
                return try value.evaluate(rows[partition[position]], ctx)
            }
        case .aggregate(let plan):
            return try aggregate(plan, call.frame, partition, peers, rows, ctx)
        }
    }

    /// ntile(buckets): PostgreSQL's split, the first `n % buckets` buckets
    /// one row larger.
    private func ntile(
        _ buckets: CompiledExpr, _ partition: [Int], _ rows: [Row], _ ctx: ExecContext
    ) throws -> [Value] {
        let n = partition.count
        guard n > 0 else { return [] }
        let value = try buckets.evaluate(rows[partition[0]], ctx)
        guard case .int4(let b) = value else { return Array(repeating: .null, count: n) }
        guard b > 0 else {
            throw SQLError("22014", "argument of ntile must be greater than zero")
        }
        let count = Int(b)
        let small = n / count
        let large = n % count
        var out: [Value] = []
        var bucket = 1
        var inBucket = 0
        for _ in 0..<n {
            out.append(.int4(Int32(bucket)))
            inBucket += 1
            let size = small + (bucket <= large ? 1 : 0)
            if inBucket >= size {
                bucket += 1
                inBucket = 0
            }
        }
        return out
    }

    /// The first and last partition positions of position `p`'s frame.
    private func frameBounds(
        _ frame: WindowFrameSpec, _ p: Int, _ peers: [(Int, Int)], _ partition: [Int],
        _ rows: [Row], _ ctx: ExecContext
    ) throws -> (Int, Int) {
        let n = partition.count
        func offset(_ e: CompiledExpr) throws -> Int {
            let value = try e.evaluate(rows[partition[p]], ctx)
            switch value {
            case .int2(let v): return Int(v)
            case .int4(let v): return Int(v)
            case .int8(let v): return Int(clamping: v)
            case .null:
                throw SQLError("22004", "frame starting offset must not be null")
            default: return 0
            }
        }
        func position(_ bound: WindowBound, isStart: Bool) throws -> Int {
            switch bound {
            case .unboundedPreceding: return 0
            case .unboundedFollowing: return n - 1
            case .currentRow:
                if frame.isRows { return p }
                return isStart ? peers[p].0 : peers[p].1
            case .preceding(let e):
                let k = try offset(e)
                if k < 0 {
                    throw SQLError("22013", "frame starting offset must not be negative")
                }
                return p - k
            case .following(let e):
                let k = try offset(e)
                if k < 0 {
                    throw SQLError("22013", "frame ending offset must not be negative")
                }
                return p + k
            }
        }
        let from = max(try position(frame.start, isStart: true), 0)
        let to = min(try position(frame.end, isStart: false), n - 1)
        return (from, to)
    }

    /// An aggregate over each row's frame: folded once per peer group for
    /// frames from the partition's start to the current row's peers, and
    /// afresh per row otherwise.
    private func aggregate(
        _ plan: AggregatePlan, _ frame: WindowFrameSpec, _ partition: [Int], _ peers: [(Int, Int)],
        _ rows: [Row], _ ctx: ExecContext
    ) throws -> [Value] {
        let n = partition.count
        var out = Array(repeating: Value.null, count: n)
        if case .unboundedPreceding = frame.start, case .currentRow = frame.end, !frame.isRows {
            let accumulator = AggregateAccumulator(plan)
            var p = 0
            while p < n {
                let last = peers[p].1
                for q in p...last { try accumulator.add(rows[partition[q]], ctx) }
                let value = try accumulator.finish()
                for q in p...last { out[q] = value }
                p = last + 1
            }
            return out
        }
        for p in 0..<n {
            let (from, to) = try frameBounds(frame, p, peers, partition, rows, ctx)
            let accumulator = AggregateAccumulator(plan)
            if from <= to {
                for q in from...to { try accumulator.add(rows[partition[q]], ctx) }
            }
            out[p] = try accumulator.finish()
        }
        return out
    }
}
