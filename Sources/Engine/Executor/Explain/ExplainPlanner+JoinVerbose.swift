// The Output lines of a join's plan under VERBOSE, as createplan.c builds
// its target lists:
//
// - The join returns the query's columns: the SELECT list (and ORDER BY
//   expressions it lacks) or, under grouping, the grouping columns in
//   SELECT order and then the columns the other targets read.
// - A scan returns the columns read above it, those of the SELECT list
//   first and then those of the join conditions; a table's own scan whose
//   parent takes any columns (a hash join's outer side, a nested loop's
//   sides, a merge join's side that needs no sort) returns every column
//   instead, as PostgreSQL's physical target list. A partition's scan,
//   an Index Only Scan and the inputs of Sort, Hash and Materialize return
//   just the columns needed.
// - Sort, Hash, Materialize and Limit return their input's columns; an
//   aggregate returns the SELECT list.
import SQLParser

extension ExplainPlanner {
    /// Adds the Output lines (and Inner Unique) to the join's plan.
    func addVerboseOutputs(
        _ node: inout ExplainNode, _ shape: JoinShape, _ select: SimpleSelect,
        _ query: SelectStatement, groupKeys: [Expr], aggregates: Bool,
        _ printer: ExplainExprPrinter
    ) throws {
        let order = try scanColumnOrder(shape, select, query, groupKeys: groupKeys)
        let joinTarget = try joinTargetTexts(
            shape, select, query, groupKeys: groupKeys, aggregates: aggregates, printer)
        let upper = try select.targets.flatMap { target -> [String] in
            if isStar(target.expr) { return try starTexts(target.expr, shape) }
            return [try printer.text(target.expr)]
        }
        try annotate(
            &node, shape, order, joinTarget: joinTarget, upper: upper, physicalAllowed: false)
    }

    /// Adds the Output lines under `node` and its own; returns the items
    /// of its output (an Append's too, which EXPLAIN does not print).
    @discardableResult
    private func annotate(
        _ node: inout ExplainNode, _ shape: JoinShape, _ order: [[Int]], joinTarget: [String],
        upper: [String], physicalAllowed: Bool
    ) throws -> [String] {
        if let rel = node.joinInput {
            return annotateScan(&node, shape.inputs[rel], order[rel], physical: physicalAllowed)
        }
        let title = node.title
        let isJoin = title.hasPrefix("Hash ") || title.hasPrefix("Merge ")
            || title.hasPrefix("Nested Loop")
        var childItems: [String] = []
        for i in node.children.indices {
            // A join's inputs may return a scan's physical columns; a Sort,
            // Hash or Materialize takes only the columns needed.
            let items = try annotate(
                &node.children[i], shape, order, joinTarget: joinTarget, upper: upper,
                physicalAllowed: isJoin)
            if i == 0 { childItems = items }
        }
        var items: [String]
        var lines: [String] = []
        let aggregates: Set<String> = ["Aggregate", "HashAggregate", "GroupAggregate"]
        if isJoin {
            items = joinTarget
            if node.innerUnique { lines.append("Inner Unique: true") }
        } else if aggregates.contains(title) {
            items = upper
        } else {
            // Sort, Hash, Materialize, Limit: the input's columns, those an
            // aggregate below computed in parentheses.
            items = childItems
            if let child = node.children.first, aggregates.contains(child.title) {
                items = items.map { $0.contains("(") ? "(\($0))" : $0 }
            }
        }
        if !items.isEmpty { lines.insert("Output: " + items.joined(separator: ", "), at: 0) }
        node.details.insert(contentsOf: lines, at: 0)
        return items
    }

    private func annotateScan(
        _ node: inout ExplainNode, _ input: JoinInput, _ order: [Int], physical: Bool
    ) -> [String] {
        let table = input.relation.table
        let alias = input.relation.refName
        if node.title == "Append" {
            for i in node.children.indices {
                let child = String(node.children[i].title.split(separator: " ").last ?? "")
                let items = columnItems(order, table, qualifier: child)
                if !items.isEmpty {
                    node.children[i].details.insert(
                        "Output: " + items.joined(separator: ", "), at: 0)
                }
            }
            return columnItems(order, table, qualifier: alias)
        }
        var columns = order
        if physical && !table.isPartitioned {
            // PostgreSQL's physical target list: the table's columns, or
            // an Index Only Scan's index columns.
            columns = table.liveColumns
            if node.title.hasPrefix("Index Only Scan") {
                columns = table.constraints.compactMap(\.keyColumns).first ?? order
            }
        }
        let items = columnItems(columns, table, qualifier: alias)
        if !items.isEmpty { node.details.insert("Output: " + items.joined(separator: ", "), at: 0) }
        return items
    }

    private func columnItems(_ columns: [Int], _ table: TableDefinition, qualifier: String)
        -> [String]
    {
        columns.map { quoteIdentifier(qualifier) + "." + quoteIdentifier(table.columns[$0].name) }
    }

    /// Each input's columns in the order its scan returns them: those the
    /// query's targets read, then those of the join conditions.
    private func scanColumnOrder(
        _ shape: JoinShape, _ select: SimpleSelect, _ query: SelectStatement,
        groupKeys: [Expr]
    ) throws -> [[Int]] {
        var order: [[Int]] = [[], []]
        var scratch = shape
        let upper =
            select.targets.map(\.expr) + groupKeys
            + query.orderBy.map { select.outputExpression($0.expr) }
        for e in upper + shape.writtenJoinClauses {
            try noteColumns(e, &scratch) { _, rel, column in
                if !order[rel].contains(column) { order[rel].append(column) }
            }
        }
        for rel in 0..<2 {
            order[rel] = order[rel].filter { shape.inputs[rel].needed.contains($0) }
        }
        return order
    }

    /// The join's Output: the SELECT list and ORDER BY expressions it
    /// lacks, or under grouping the grouping columns in SELECT order then
    /// the columns of the other targets.
    private func joinTargetTexts(
        _ shape: JoinShape, _ select: SimpleSelect, _ query: SelectStatement,
        groupKeys: [Expr], aggregates: Bool, _ printer: ExplainExprPrinter
    ) throws -> [String] {
        var items: [String] = []
        func add(_ text: String) { if !items.contains(text) { items.append(text) } }
        if groupKeys.isEmpty && !aggregates {
            for target in select.targets {
                if isStar(target.expr) {
                    try starTexts(target.expr, shape).forEach(add)
                } else {
                    add(try printer.text(target.expr))
                }
            }
            for item in query.orderBy { add(try printer.text(select.outputExpression(item.expr))) }
            return items
        }
        let keys = try groupKeys.map { try printer.text($0) }
        var others: [Expr] = []
        for target in select.targets {
            guard !isStar(target.expr) else { throw notSupported() }
            let text = try printer.text(target.expr)
            if keys.contains(text) { add(text) } else { others.append(target.expr) }
        }
        keys.forEach(add)
        var scratch = shape
        for e in others {
            var columns: [(Int, Int)] = []
            try noteColumns(e, &scratch) { _, rel, column in columns.append((rel, column)) }
            for (rel, column) in columns {
                let input = shape.inputs[rel]
                add(
                    quoteIdentifier(input.relation.refName) + "."
                        + quoteIdentifier(input.relation.table.columns[column].name))
            }
        }
        return items
    }

    /// `*` or `t.*` as the qualified columns it stands for.
    private func starTexts(_ e: Expr, _ shape: JoinShape) throws -> [String] {
        var rels = Array(shape.inputs.indices)
        if case .columnRef(let parts) = e.kind, parts.count >= 2 {
            rels = rels.filter { shape.inputs[$0].relation.refName == parts[parts.count - 2] }
        }
        return rels.flatMap { rel -> [String] in
            let input = shape.inputs[rel]
            return input.relation.table.liveColumns.map {
                quoteIdentifier(input.relation.refName) + "."
                    + quoteIdentifier(input.relation.table.columns[$0].name)
            }
        }
    }
}
