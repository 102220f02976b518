// EXPLAIN VERBOSE as PostgreSQL 15 prints it for the plans ExplainPlanner
// chooses: relations named with their schema, an Output line on every node
// but Append (the columns and expressions the node passes up), and column
// references qualified in Filter, Index Cond, Sort Key and Group Key.
// Output qualifies columns only when the query's range table has more than
// one entry (a partitioned table and its partitions). A node above the one
// that computes an expression prints it in parentheses, once.
import SQLParser

/// What a scan node passes up, as VERBOSE's Output line shows it.
enum ScanOutput {
    case none
    /// Every column of the table, in column order (PostgreSQL's physical
    /// target list, which a scan under an aggregate returns unprojected).
    case physical
    /// The expressions the scan computes.
    case exprs([Expr])
    /// UPDATE's new values (with the type of the column each is assigned
    /// to) and the row locator columns.
    case modification(values: [(Expr, PGType)], locator: [String])
}

/// The Output lines of a single-table SELECT's nodes under VERBOSE.
struct VerboseOutputs {
    var scan: ScanOutput
    /// The aggregate node's line, nil when the query does not aggregate.
    var aggregate: String?
    /// The line of the Sort and Limit nodes above the scan or aggregate.
    var upper: String
    /// The line of the Sort under a GroupAggregate: the scan's columns,
    /// the computed keys in parentheses.
    var groupInput: String?
}

extension ExplainPlanner {
    /// A relation's name in a plan node title: schema-qualified under VERBOSE.
    func relationName(_ table: TableDefinition) -> String {
        guard options.verbose else { return quoteIdentifier(table.name) }
        return quoteIdentifier(table.schema) + "." + quoteIdentifier(table.name)
    }

    /// The Output line of a scan of `relation` whose columns are qualified
    /// by `qualifier`; nil when the scan passes nothing up.
    func outputLine(_ output: ScanOutput, _ relation: ScannedRelation, qualifier: String?)
        throws -> String?
    {
        let printer = ExplainExprPrinter(
            analyzer: executor.analyzer(relation.scope), qualifier: qualifier)
        let prefix = qualifier.map { quoteIdentifier($0) + "." } ?? ""
        var items: [String]
        switch output {
        case .none:
            return nil
        case .physical:
            items = relation.table.liveColumns.map {
                prefix + quoteIdentifier(relation.table.columns[$0].name)
            }
        case .exprs(let exprs):
            items = try exprs.map { try printer.text($0) }
        case .modification(let values, let locator):
            items = try values.map { try printer.assignedText($0.0, type: $0.1) }
            items += locator.map { prefix + $0 }
        }
        return items.isEmpty ? nil : "Output: " + items.joined(separator: ", ")
    }

    /// The Output lines of a SELECT on one table: the scan's, the
    /// aggregate's and those of the Sort and Limit above them.
    func verboseOutputs(
        _ select: SimpleSelect, _ query: SelectStatement, _ relation: ScannedRelation,
        groupKeys: [Expr], aggregates: Bool
    ) throws -> VerboseOutputs {
        let targets = expandedTargets(select, relation)
        let partitioned = relation.table.isPartitioned
        // An INSERT's SELECT shares the statement's range table, which
        // holds more than one entry.
        let plain = ExplainExprPrinter(
            analyzer: executor.analyzer(relation.scope),
            qualifier: partitioned || qualifiesKeys ? relation.refName : nil)
        func same(_ a: Expr, _ b: Expr) throws -> Bool { try plain.text(a) == plain.text(b) }
        func contains(_ list: [Expr], _ e: Expr) throws -> Bool {
            try list.contains { try same($0, e) }
        }
        if groupKeys.isEmpty && !aggregates {
            var exprs = targets
            for item in query.orderBy {
                let e = select.outputExpression(item.expr)
                if try !contains(exprs, e) { exprs.append(e) }
            }
            let upper = try exprs.map { try plain.referenceText($0) }
            return VerboseOutputs(
                scan: .exprs(exprs), aggregate: nil, upper: upper.joined(separator: ", "))
        }
        // An aggregate returns the targets, then the group keys not among them.
        var computed = targets
        for key in groupKeys where try !contains(targets, key) { computed.append(key) }
        for item in query.orderBy
        where try !contains(computed, select.outputExpression(item.expr)) {
            // TODO(#3): sort expressions over an aggregate's output.
            throw SQLError.notSupported("EXPLAIN of this query shape is not supported yet")
        }
        var above = plain
        above.computedBelow = { e in
            guard !plain.isColumn(e), try contains(groupKeys, e) else { return nil }
            return "(\(try plain.text(e)))"
        }
        let line = try computed.map { try above.text($0) }.joined(separator: ", ")
        let upper = try computed.map { try above.referenceText($0) }.joined(separator: ", ")
        let input = try aggregateInput(targets, groupKeys, partitioned: partitioned, same)
        var groupInput: String?
        if case .exprs(let exprs) = input {
            groupInput = try exprs.map { try above.text($0) }.joined(separator: ", ")
        }
        return VerboseOutputs(
            scan: input, aggregate: line, upper: upper, groupInput: groupInput)
    }

    /// What a scan under an aggregate returns: a plain table its physical
    /// columns; partitions the grouping expressions, then the columns the
    /// other targets read (PostgreSQL's make_group_input_target).
    private func aggregateInput(
        _ targets: [Expr], _ groupKeys: [Expr], partitioned: Bool,
        _ same: (Expr, Expr) throws -> Bool
    ) throws -> ScanOutput {
        guard partitioned else {
            // TODO(#3): grouping by expressions computed by a plain table's scan.
            guard groupKeys.allSatisfy(isPlainColumn) else {
                throw SQLError.notSupported("EXPLAIN of this query shape is not supported yet")
            }
            return .physical
        }
        func isKey(_ e: Expr) throws -> Bool { try groupKeys.contains { try same($0, e) } }
        var exprs: [Expr] = []
        for target in targets where try isKey(target) { exprs.append(target) }
        for key in groupKeys where try !exprs.contains(where: { try same($0, key) }) {
            exprs.append(key)
        }
        for target in targets where try !isKey(target) {
            for column in columnReferences(target)
            where try !exprs.contains(where: { try same($0, column) }) {
                exprs.append(column)
            }
        }
        return .exprs(exprs)
    }

    /// The select list with `*` and `t.*` expanded to the table's columns.
    private func expandedTargets(_ select: SimpleSelect, _ relation: ScannedRelation) -> [Expr] {
        select.targets.flatMap { target -> [Expr] in
            guard isStarTarget(target.expr) else { return [target.expr] }
            return relation.table.liveColumns.map {
                Expr(.columnRef([relation.table.columns[$0].name]))
            }
        }
    }

    private func isStarTarget(_ e: Expr) -> Bool {
        switch e.kind {
        case .star: return true
        case .columnRef(let parts): return parts.last == "*"
        default: return false
        }
    }

    private func isPlainColumn(_ e: Expr) -> Bool {
        switch e.kind {
        case .columnRef: return true
        case .paren(let inner): return isPlainColumn(inner)
        default: return false
        }
    }

    /// The column references in `e`, in the order they occur.
    private func columnReferences(_ e: Expr) -> [Expr] {
        var found: [Expr] = []
        ExprWalker.visit(e) { node in
            if case .columnRef = node.kind { found.append(node) }
            return true
        }
        return found
    }

    /// The Output line of an INSERT's VALUES: the one row's values (NULL
    /// for the columns it leaves out), or the columns of the Values Scan.
    func insertedValues(_ insert: InsertStatement, _ rows: [[Expr]], _ table: TableDefinition)
        throws -> String
    {
        let live = table.liveColumns
        let names = insert.columns.isEmpty ? live.map { table.columns[$0].name } : insert.columns
        guard rows.allSatisfy({ $0.count == names.count }) else {
            throw SQLError.notSupported("EXPLAIN of this query shape is not supported yet")
        }
        guard rows.count == 1 else {
            // TODO(#3): the Values Scan of an INSERT that leaves columns out.
            guard names.count == live.count else {
                throw SQLError.notSupported("EXPLAIN of this query shape is not supported yet")
            }
            return (1...live.count).map { "\"*VALUES*\".column\($0)" }.joined(separator: ", ")
        }
        let printer = ExplainExprPrinter(analyzer: executor.analyzer(nil), qualifier: nil)
        return try live.map { column -> String in
            let definition = table.columns[column]
            guard let index = names.firstIndex(of: definition.name) else {
                // TODO(#3): the defaults of the columns an INSERT leaves out.
                guard definition.defaultExpr == nil else {
                    throw SQLError.notSupported(
                        "EXPLAIN of this query shape is not supported yet")
                }
                return "NULL::" + formatType(definition.type)
            }
            return try printer.assignedText(rows[0][index], type: definition.type)
        }.joined(separator: ", ")
    }
}
