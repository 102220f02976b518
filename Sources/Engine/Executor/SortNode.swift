// Ordering and row-set operators: ORDER BY with ASC/DESC and NULLS
// FIRST/LAST (text in C collation byte order, as compareValues orders
// it), DISTINCT and DISTINCT ON, LIMIT/OFFSET with PostgreSQL's checks,
// and UNION / INTERSECT / EXCEPT with and without ALL.
import SQLParser

/// How one ORDER BY item sorts a row slot.
struct SortKey {
    var slot: Int
    var type: PGType
    var descending: Bool
    var nullsFirst: Bool

    init(item: SortItem, type: PGType, slot: Int) {
        self.slot = slot
        self.type = type
        descending = item.direction == .descending
        nullsFirst = item.nulls.map { $0 == .first } ?? descending
    }

    /// -1, 0, 1 for `a` before, tied with, after `b`.
    func compare(_ a: Value, _ b: Value) -> Int {
        switch (a.isNull, b.isNull) {
        case (true, true): return 0
        case (true, false): return nullsFirst ? -1 : 1
        case (false, true): return nullsFirst ? 1 : -1
        case (false, false):
            let c = compareValues(a, b, type: type)
            return descending ? -c : c
        }
    }
}

/// ORDER BY.
final class SortNode: PlanNode {
    let input: PlanNode
    let keys: [SortKey]

    init(input: PlanNode, keys: [SortKey]) {
        self.input = input
        self.keys = keys
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        var rows = try input.collect(ctx)
        let keys = self.keys
        if keys.contains(where: { $0.type == .jsonb }) {
            rows = sortedParsingJSONB(rows)
            for row in rows where try !emit(row) { return false }
            return true
        }
        rows.sort { a, b in
            for key in keys {
                let c = key.compare(a[key.slot], b[key.slot])
                if c != 0 { return c < 0 }
            }
            return false
        }
        for row in rows where try !emit(row) { return false }
        return true
    }
}

extension SortNode {
    /// Rows sorted with their jsonb keys parsed once each, not once per
    /// comparison.
    fileprivate func sortedParsingJSONB(_ rows: [Row]) -> [Row] {
        let parsed: [[JSONText.Node?]] = rows.map { row in
            keys.map { key in
                guard key.type == .jsonb, !row[key.slot].isNull else { return nil }
                return JSONText.stored(row[key.slot])
            }
        }
        var order = Array(rows.indices)
        order.sort { i, j in
            for (k, key) in keys.enumerated() {
                let c: Int
                if let x = parsed[i][k], let y = parsed[j][k] {
                    let raw = JSONText.compare(x, y)
                    c = key.descending ? -raw : raw
                } else {
                    c = key.compare(rows[i][key.slot], rows[j][key.slot])
                }
                if c != 0 { return c < 0 }
            }
            return false
        }
        return order.map { rows[$0] }
    }
}

/// DISTINCT (all columns up to `width`) or DISTINCT ON (`slots`): the
/// first row of each key passes.
final class DistinctNode: PlanNode {
    let input: PlanNode
    let slots: [Int]
    /// Slots of type jsonb, compared by jsonb equality (3 = 3.0).
    let jsonbSlots: Set<Int>

    init(input: PlanNode, slots: [Int], jsonbSlots: Set<Int> = []) {
        self.input = input
        self.slots = slots
        self.jsonbSlots = jsonbSlots
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        var seen: Set<GroupingKey> = []
        return try input.run(ctx) { row in
            let key = GroupingKey(
                slots.map { slot in
                    guard slot < row.count else { return .null }
                    if jsonbSlots.contains(slot), case .text(let s) = row[slot] {
                        return .text(JSONText.groupingText(s))
                    }
                    return row[slot]
                })
            guard seen.insert(key).inserted else { return true }
            return try emit(row)
        }
    }
}

/// LIMIT / OFFSET, evaluated when the node starts.
final class LimitNode: PlanNode {
    let input: PlanNode
    let limit: CompiledExpr?
    let offset: CompiledExpr?

    init(input: PlanNode, limit: CompiledExpr?, offset: CompiledExpr?) {
        self.input = input
        self.limit = limit
        self.offset = offset
    }

    private static func count(_ e: CompiledExpr?, _ ctx: ExecContext, what: String, state: String)
        throws -> Int64?
    {
        guard let e else { return nil }
        switch try e.evaluate([], ctx) {
        case .null: return nil
        case .int8(let n):
            if n < 0 { throw SQLError(state, "\(what) must not be negative") }
            return n
        case .int4(let n):
            if n < 0 { throw SQLError(state, "\(what) must not be negative") }
            return Int64(n)
        default: return nil
        }
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        let skip = try LimitNode.count(offset, ctx, what: "OFFSET", state: "2201X") ?? 0
        let take = try LimitNode.count(limit, ctx, what: "LIMIT", state: "2201W")
        if take == 0 { return true }
        var skipped: Int64 = 0
        var taken: Int64 = 0
        var stoppedByLimit = false
        let proceed = try input.run(ctx) { row in
            if skipped < skip {
                skipped += 1
                return true
            }
            taken += 1
            if try !emit(row) { return false }
            if let take, taken >= take {
                stoppedByLimit = true
                return false
            }
            return true
        }
        return proceed || stoppedByLimit
    }
}

/// UNION, INTERSECT, EXCEPT.
final class SetOperationNode: PlanNode {
    let op: SetOperator
    let all: Bool
    let left: PlanNode
    let right: PlanNode

    init(op: SetOperator, all: Bool, left: PlanNode, right: PlanNode) {
        self.op = op
        self.all = all
        self.left = left
        self.right = right
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        switch op {
        case .union:
            if all {
                guard try left.run(ctx, emit) else { return false }
                return try right.run(ctx, emit)
            }
            var seen: Set<GroupingKey> = []
            let filtered: (Row) throws -> Bool = { row in
                seen.insert(GroupingKey(row)).inserted ? try emit(row) : true
            }
            guard try left.run(ctx, filtered) else { return false }
            return try right.run(ctx, filtered)
        case .intersect, .except:
            var counts: [GroupingKey: Int] = [:]
            for row in try right.collect(ctx) { counts[GroupingKey(row), default: 0] += 1 }
            var emitted: Set<GroupingKey> = []
            let keepMatches = op == .intersect
            return try left.run(ctx) { row in
                let key = GroupingKey(row)
                let available = counts[key] ?? 0
                if all {
                    if keepMatches {
                        guard available > 0 else { return true }
                        counts[key] = available - 1
                        return try emit(row)
                    }
                    if available > 0 {
                        counts[key] = available - 1
                        return true
                    }
                    return try emit(row)
                }
                guard (available > 0) == keepMatches, emitted.insert(key).inserted else {
                    return true
                }
                return try emit(row)
            }
        }
    }
}
