// EXPLAIN ANALYZE of INSERT, UPDATE and DELETE runs the statement, as
// PostgreSQL's does: the scans' actual rows are counted first (what the
// statement will find), then the statement runs, and the top node's
// actual rows are the rows it returned (none without RETURNING). An
// INSERT .. ON CONFLICT also reports how many rows it inserted and how
// many met a conflict.
import SQLParser

extension ExplainPlanner {
    /// Runs the UPDATE or DELETE `statement` whose plan is `node`.
    func runModification(_ statement: Statement, _ node: inout ExplainNode) throws {
        for i in node.children.indices {
            try annotateNode(&node.children[i], resultRows: 0)
        }
        let result = try Executor(session: executor.session, text: executor.text)
            .execute(statement)
        node.actualRows = result.rows.count
    }

    /// Runs `insert`, whose plan is `node`, on `table`.
    func runInsert(_ insert: InsertStatement, _ table: TableDefinition, _ node: inout ExplainNode)
        throws
    {
        for i in node.children.indices {
            if node.children[i].actualRows == nil, node.children[i].children.isEmpty,
                case .values(let rows) = insert.source
            {
                node.children[i].actualRows = rows.count
            }
            try annotateNode(&node.children[i], resultRows: 0)
        }
        let before = try rowCount(table)
        let result = try Executor(session: executor.session, text: executor.text)
            .execute(.insert(insert))
        node.actualRows = result.rows.count
        guard insert.onConflict != nil else { return }
        let inserted = try rowCount(table) - before
        let offered = node.children.first?.actualRows ?? 0
        node.details.append("Tuples Inserted: \(inserted)")
        node.details.append("Conflicting Tuples: \(max(offered - inserted, 0))")
    }

    /// The rows of `table` (and its partitions) this statement sees.
    private func rowCount(_ table: TableDefinition) throws -> Int {
        let result = try executor.session.executeInternal(
            "SELECT count(*) FROM " + quoteIdentifier(table.schema) + "."
                + quoteIdentifier(table.name), local: true)
        return Int(result.text(row: 0, column: 0) ?? "") ?? 0
    }
}
