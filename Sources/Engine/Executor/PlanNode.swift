// The executor's operators, PostgreSQL's plan nodes in push form: each
// node runs its input and hands every produced row to a consumer, which
// returns false to stop early (LIMIT). Plans are built once per statement
// from compiled expressions and hold no per-execution state.

/// An operator of a plan tree.
protocol PlanNode: AnyObject {
    /// Produces rows into `emit`; returns false when `emit` asked to stop.
    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool
}

extension PlanNode {
    /// Every row the node produces.
    func collect(_ ctx: ExecContext) throws -> [Row] {
        var rows: [Row] = []
        _ = try run(ctx) { row in
            rows.append(row)
            return true
        }
        return rows
    }
}

/// True when a condition's value lets a row through (NULL does not).
@inline(__always)
func isTrue(_ v: Value) -> Bool {
    if case .bool(true) = v { return true }
    return false
}

/// SELECT without FROM: one empty row (PostgreSQL's Result node).
final class ResultNode: PlanNode {
    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        try emit([])
    }
}

/// VALUES lists: each row's expressions evaluated in order.
final class ValuesNode: PlanNode {
    let rows: [[CompiledExpr]]

    init(rows: [[CompiledExpr]]) { self.rows = rows }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        let empty: Row = []
        for exprs in rows {
            let row = try exprs.map { try $0.value(empty, ctx) }
            if try !emit(row) { return false }
        }
        return true
    }
}

/// Rows computed once per execution, replayed (CTEs, materialized
/// subqueries).
final class MaterializeNode: PlanNode {
    let input: PlanNode
    /// The execution the cached rows belong to.
    private weak var cachedFor: ExecContext?
    private var cachedRows: [Row] = []

    init(input: PlanNode) { self.input = input }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        let rows: [Row]
        if let cachedFor, cachedFor === ctx {
            rows = cachedRows
        } else {
            rows = try input.collect(ctx)
            cachedRows = rows
            cachedFor = ctx
        }
        for row in rows where try !emit(row) { return false }
        return true
    }
}

/// WHERE / HAVING applied to an input.
final class FilterNode: PlanNode {
    let input: PlanNode
    let predicate: CompiledExpr

    init(input: PlanNode, predicate: CompiledExpr) {
        self.input = input
        self.predicate = predicate
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        let evaluate = predicate.evaluate
        return try input.run(ctx) { row in
            isTrue(try evaluate(row, ctx)) ? try emit(row) : true
        }
    }
}

/// The select list (and hidden sort keys) computed from each input row.
final class ProjectNode: PlanNode {
    let input: PlanNode
    let exprs: [CompiledExpr]

    init(input: PlanNode, exprs: [CompiledExpr]) {
        self.input = input
        self.exprs = exprs
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        let closures = exprs.map(\.evaluate)
        return try input.run(ctx) { row in
            var out = Row()
            out.reserveCapacity(closures.count)
            for f in closures { out.append(try f(row, ctx)) }
            return try emit(out)
        }
    }
}

/// Keeps the first `count` columns (drops hidden sort keys).
final class TrimNode: PlanNode {
    let input: PlanNode
    let count: Int

    init(input: PlanNode, count: Int) {
        self.input = input
        self.count = count
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        try input.run(ctx) { row in
            try emit(row.count > count ? Array(row[0..<count]) : row)
        }
    }
}
