// INSERT .. VALUES (and DEFAULT VALUES) on a Citus table: the rows are
// computed on the coordinator, as Citus evaluates functions, defaults and
// PL/pgSQL variables there before routing each row to its shard. The
// analysed form (each value compiled for its column) is kept per PL/pgSQL
// statement through the engine's plan cache, so a loop that inserts one
// row per iteration compiles its expressions once.
import Engine
import SQLParser

/// An INSERT's VALUES rows analysed against a Citus table: each row's
/// values compiled for their columns, in the order the coordinator
/// evaluates them (the defaults of the columns the row leaves out, in
/// column order, then the row's own values from left to right).
final class InsertValues {
    /// One value of a row: where it goes among the live columns, and how
    /// it is computed.
    struct Cell {
        var slot: Int
        var expr: CompiledExpr
    }

    /// The table's relation; a kept form serves only that table.
    let relation: RelationID
    /// The live columns, the order the sent rows are in.
    let columns: [ColumnDescription]
    /// Per row, its computed values in evaluation order; a live column
    /// without a cell is NULL.
    let rows: [[Cell]]

    init(relation: RelationID, columns: [ColumnDescription], rows: [[Cell]]) {
        self.relation = relation
        self.columns = columns
        self.rows = rows
    }

    /// One row's values as they are now (variables read afresh, volatile
    /// functions called again), in the live columns' order.
    func evaluate(_ cells: [Cell], _ context: StatementContext) throws -> Row {
        var row = Row(repeating: .null, count: columns.count)
        for cell in cells {
            row[cell.slot] = try context.evaluate(cell.expr)
        }
        return row
    }
}

extension CitusLibrary {
    /// Analyses an INSERT's VALUES (or DEFAULT VALUES) against the table
    /// `record` names, computing the rows as it goes: each value is
    /// compiled and then evaluated before the next is compiled, so errors
    /// come in the order PostgreSQL's evaluation raises them.
    func analyzeInsertValues(
        _ insert: InsertStatement, into record: DistributedTableRecord,
        context: StatementContext
    ) throws -> (InsertValues, [Row]) {
        guard let table = context.catalog.table(record.relation) else {
            throw SQLError(SQLState.undefinedTable, "relation \"\(record.name)\" does not exist")
        }
        if insert.with != nil {
            throw SQLError.notSupported(
                "WITH in INSERT on a distributed table is not supported yet")
        }
        let live = table.liveColumns
        let targets = try valuesTargets(insert, table)
        var analysis = ValuesAnalysis(table: table, live: live, context: context)
        switch insert.source {
        case .defaultValues:
            try analysis.addRow([])
        case .values(let valueRows):
            for exprs in valueRows {
                let rowTargets = try checkedTargets(exprs, targets, insert)
                try analysis.addRow(Array(zip(rowTargets, exprs)))
            }
        case .select:
            // INSERT .. SELECT has its own planner (InsertSelectPlanner.swift).
            throw SQLError(SQLState.internalError, "INSERT .. SELECT reached the VALUES planner")
        }
        let columns = live.map {
            ColumnDescription(name: table.columns[$0].name, type: table.columns[$0].type)
        }
        let values = InsertValues(
            relation: record.relation, columns: columns, rows: analysis.cells)
        return (values, analysis.rows)
    }

    /// The physical columns an INSERT names, or every live column.
    private func valuesTargets(_ insert: InsertStatement, _ table: TableDefinition) throws
        -> [Int]
    {
        guard !insert.columns.isEmpty else { return table.liveColumns }
        return try insert.columns.map { name in
            guard let index = table.columnIndex(name) else {
                throw SQLError(
                    SQLState.undefinedColumn,
                    "column \"\(name)\" of relation \"\(table.name)\" does not exist")
            }
            return index
        }
    }

    /// The columns one VALUES row fills: without a column list, the values
    /// fill the first columns.
    private func checkedTargets(_ exprs: [Expr], _ targets: [Int], _ insert: InsertStatement)
        throws -> [Int]
    {
        guard exprs.count <= targets.count else {
            throw SQLError(
                SQLState.syntaxError, "INSERT has more expressions than target columns",
                position: exprs[targets.count].location + 1)
        }
        let rowTargets = insert.columns.isEmpty ? Array(targets.prefix(exprs.count)) : targets
        guard exprs.count == rowTargets.count else {
            throw SQLError(SQLState.syntaxError, "INSERT has more target columns than expressions")
        }
        return rowTargets
    }
}

/// The rows of one INSERT as they are analysed: the compiled cells and
/// the values computed from them so far.
private struct ValuesAnalysis {
    let table: TableDefinition
    let live: [Int]
    let context: StatementContext
    var cells: [[InsertValues.Cell]] = []
    var rows: [Row] = []
    /// Each column's DEFAULT compiled once for the whole statement.
    private var defaults: [Int: CompiledExpr?] = [:]

    init(table: TableDefinition, live: [Int], context: StatementContext) {
        self.table = table
        self.live = live
        self.context = context
    }

    /// Adds a row: the defaults of the columns `assigned` leaves out, in
    /// column order, then its values in order (a DEFAULT item takes the
    /// column's default).
    mutating func addRow(_ assigned: [(column: Int, expr: Expr)]) throws {
        var row = Row(repeating: .null, count: live.count)
        var rowCells: [InsertValues.Cell] = []
        let targets = Set(assigned.map(\.column))
        for (slot, column) in live.enumerated() where !targets.contains(column) {
            guard let expr = try defaultExpr(column) else { continue }
            row[slot] = try context.evaluate(expr)
            rowCells.append(InsertValues.Cell(slot: slot, expr: expr))
        }
        for (column, value) in assigned {
            guard let slot = live.firstIndex(of: column) else { continue }
            let definition = table.columns[column]
            let compiled: CompiledExpr
            if case .defaultValue = value.kind {
                compiled =
                    try defaultExpr(column)
                    ?? CompiledExpr(type: definition.type, constant: .null)
            } else {
                compiled = try context.compileAssignment(
                    value, to: definition.type, column: definition.name)
            }
            row[slot] = try context.evaluate(compiled)
            rowCells.append(InsertValues.Cell(slot: slot, expr: compiled))
        }
        cells.append(rowCells)
        rows.append(row)
    }

    /// The column's DEFAULT compiled for assignment, nil when it has none.
    private mutating func defaultExpr(_ column: Int) throws -> CompiledExpr? {
        if let known = defaults[column] { return known }
        let definition = table.columns[column]
        let compiled = try definition.defaultExpr.map {
            try context.compileAssignment($0, to: definition.type, column: definition.name)
        }
        defaults[column] = compiled
        return compiled
    }
}
