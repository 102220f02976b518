// WITH RECURSIVE (PostgreSQL's RecursiveUnion over a WorkTableScan): a
// query `non-recursive term UNION [ALL] recursive term` whose recursive
// term reads the query's own name. The non-recursive term's rows are the
// first working table; each round runs the recursive term over the
// working table of the round before, and its new rows (with UNION, the
// ones not seen yet) become the next working table, until a round adds
// none. `WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r
// WHERE n < 3)` gives 1, then 2, then 3, then nothing: 1, 2, 3.
import SQLParser

/// The working table a recursive term reads: the rows of the round before.
final class WorkTableNode: PlanNode {
    var rows: [Row] = []

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        for row in rows where try !emit(row) { return false }
        return true
    }
}

/// Runs a recursive query's rounds, handing each row on as it comes (a
/// LIMIT above stops an endless recursion), and keeps a finished run's
/// rows for the query's other references in the same execution.
final class RecursiveUnionNode: PlanNode {
    let nonRecursive: PlanNode
    let recursive: PlanNode
    let workTable: WorkTableNode
    /// UNION (not UNION ALL): rows already produced are dropped.
    let distinct: Bool
    unowned let session: Session
    private weak var finishedFor: ExecContext?
    private var finished: [Row] = []

    init(
        nonRecursive: PlanNode, recursive: PlanNode, workTable: WorkTableNode, distinct: Bool,
        session: Session
    ) {
        self.nonRecursive = nonRecursive
        self.recursive = recursive
        self.workTable = workTable
        self.distinct = distinct
        self.session = session
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        if let finishedFor, finishedFor === ctx {
            for row in finished where try !emit(row) { return false }
            return true
        }
        // A reference read while another is being produced (a join of
        // the query with itself) runs its own rounds: the working table is
        // only read inside a round, never while rows are handed on.
        var produced: [Row] = []
        var seen: Set<GroupingKey> = []
        func fresh(_ rows: [Row]) -> [Row] {
            guard distinct else { return rows }
            return rows.filter { seen.insert(GroupingKey($0)).inserted }
        }
        var working = fresh(try nonRecursive.collect(ctx))
        while !working.isEmpty {
            for row in working {
                produced.append(row)
                if try !emit(row) { return false }
            }
            try session.checkInterrupts()
            workTable.rows = working
            working = fresh(try recursive.collect(ctx))
        }
        workTable.rows = []
        finished = produced
        finishedFor = ctx
        return true
    }
}

extension Executor {
    /// Plans the recursive WITH query `cte` and makes it visible by name.
    func pushRecursiveTable(_ cte: CommonTableExpr, _ select: SelectStatement, outer: ColumnScope?)
        throws
    {
        guard case .setOperation(.union, let all, let left, let right) = select.body,
            select.orderBy.isEmpty, select.limit == nil, select.offset == nil,
            !Self.reads(cte.name, in: left)
        else {
            throw SQLError(
                SQLState.invalidRecursion,
                "recursive query \"\(cte.name)\" does not have the form non-recursive-term "
                    + "UNION [ALL] recursive-term",
                position: cte.location + 1)
        }
        let start = try planQuery(left, outer: outer)
        var columns = start.columns.map { column -> ColumnDescription in
            var column = column
            if column.type == .unknown { column.type = .text }
            return column
        }
        if cte.columnNames.count > columns.count {
            throw SQLError(
                SQLState.invalidColumnReference,
                "WITH query \"\(cte.name)\" has \(columns.count) columns available but "
                    + "\(cte.columnNames.count) columns specified",
                position: cte.location + 1)
        }
        for (i, name) in cte.columnNames.enumerated() { columns[i].name = name }
        let workTable = WorkTableNode()
        let frame = cteFrames.count - 1
        cteFrames[frame][cte.name] = CommonTableEntry(node: workTable, columns: columns)
        let step = try planQuery(right, outer: outer)
        guard step.columns.count == columns.count else {
            throw SQLError(
                SQLState.syntaxError,
                "each UNION query must have the same number of columns",
                position: Self.firstTargetLocation(right).map { $0 + 1 })
        }
        var targets: [Expr] = []
        if case .select(let simple) = left.body { targets = simple.targets.map(\.expr) }
        for (i, (first, next)) in zip(columns, step.columns).enumerated()
        where next.type != first.type && next.type != .unknown {
            let location = i < targets.count ? targets[i].location : cte.location
            throw SQLError(
                SQLState.datatypeMismatch,
                "recursive query \"\(cte.name)\" column \(i + 1) has type "
                    + "\(formatType(first.type)) in non-recursive term but type "
                    + "\(formatType(next.type)) overall",
                hint: "Cast the output of the non-recursive term to the correct type.",
                position: location + 1)
        }
        let node = RecursiveUnionNode(
            nonRecursive: start.root, recursive: step.root, workTable: workTable,
            distinct: !all, session: session)
        cteFrames[frame][cte.name] = CommonTableEntry(node: node, columns: columns)
    }

    /// Where the first output expression of `query` starts (PostgreSQL
    /// places a set operation's column-count error there).
    static func firstTargetLocation(_ query: SelectStatement) -> Int? {
        switch query.body {
        case .select(let simple):
            return simple.targets.first.map { leftmostLocation($0.expr) }.flatMap {
                $0 >= 0 ? $0 : nil
            }
        case .values(let rows):
            return rows.first?.first.map(\.location).flatMap { $0 >= 0 ? $0 : nil }
        case .setOperation(_, _, let left, _):
            return firstTargetLocation(left)
        }
    }

    /// Where `e` starts: an operator's expression starts at its left
    /// operand (PostgreSQL's exprLocation), not at the operator.
    static func leftmostLocation(_ e: Expr) -> Int {
        switch e.kind {
        case .binary(_, let left, _), .and(let left, _), .or(let left, _):
            let inner = leftmostLocation(left)
            return inner >= 0 && (inner < e.location || e.location < 0) ? inner : e.location
        default:
            return e.location
        }
    }

    /// True when `query` reads a table called `name` (unqualified) in a
    /// FROM clause, through joins, subqueries and set operations.
    static func reads(_ name: String, in query: SelectStatement) -> Bool {
        func item(_ ref: TableRef) -> Bool {
            switch ref {
            case .table(let table, _, _): return table.schema == nil && table.name == name
            case .subquery(let q, _, _): return reads(name, in: q)
            case .join(let join): return item(join.left) || item(join.right)
            case .function: return false
            }
        }
        switch query.body {
        case .select(let simple): return simple.from.contains(where: item)
        case .values: return false
        case .setOperation(_, _, let left, let right):
            return reads(name, in: left) || reads(name, in: right)
        }
    }
}
