// Queries and DML back to SQL: SELECT with WITH, set operations, FROM
// items and joins, GROUP BY forms, ORDER BY/LIMIT/locking; INSERT, UPDATE,
// DELETE with ON CONFLICT and RETURNING.

/// A query. Set-operation operands that carry their own clauses, and a
/// right operand at the same level, are parenthesised.
func deparseSelect(_ query: SelectStatement) -> String {
    var parts: [String] = []
    if let with = query.with { parts.append(deparseWith(with)) }
    parts.append(deparseSelectBody(query.body))
    if !query.orderBy.isEmpty { parts.append("ORDER BY " + deparseSortList(query.orderBy)) }
    if let limit = query.limit {
        if query.limitWithTies {
            parts.append("FETCH FIRST " + parenthesizedIfNeeded(limit) + " ROWS WITH TIES")
        } else if case .literal(.null) = limit.kind {
            parts.append("LIMIT ALL")
        } else {
            parts.append("LIMIT " + deparse(limit))
        }
    }
    if let offset = query.offset { parts.append("OFFSET " + deparse(offset)) }
    for clause in query.locking {
        var text = "FOR " + clause.strength.rawValue
        if !clause.tables.isEmpty {
            text += " OF " + clause.tables.map(deparseName).joined(separator: ", ")
        }
        switch clause.wait {
        case .wait: break
        case .noWait: text += " NOWAIT"
        case .skipLocked: text += " SKIP LOCKED"
        }
        parts.append(text)
    }
    return parts.joined(separator: " ")
}

/// FETCH FIRST takes a c_expr-like value: constants stand, others get
/// parentheses.
private func parenthesizedIfNeeded(_ expr: Expr) -> String {
    switch expr.kind {
    case .literal, .parameter, .columnRef, .paren: return deparse(expr)
    default: return "(" + deparse(expr) + ")"
    }
}

private func deparseSelectBody(_ body: SelectBody) -> String {
    switch body {
    case .select(let select):
        return deparseSimpleSelect(select)
    case .values(let rows):
        return "VALUES "
            + rows.map { "(" + $0.map(deparse).joined(separator: ", ") + ")" }
            .joined(separator: ", ")
    case .setOperation(let op, let all, let lhs, let rhs):
        let left = setOperand(lhs, parentIsIntersect: op == .intersect, isRight: false)
        let right = setOperand(rhs, parentIsIntersect: op == .intersect, isRight: true)
        return left + " " + op.rawValue + (all ? " ALL " : " ") + right
    }
}

/// An operand of UNION / INTERSECT / EXCEPT.
private func setOperand(_ query: SelectStatement, parentIsIntersect: Bool, isRight: Bool) -> String
{
    let hasClauses =
        query.with != nil || !query.orderBy.isEmpty || query.limit != nil
        || query.offset != nil || !query.locking.isEmpty
    var needsParens = hasClauses
    if case .setOperation(let op, _, _, _) = query.body {
        if isRight || (parentIsIntersect && op != .intersect) { needsParens = true }
    }
    let text = deparseSelect(query)
    return needsParens ? "(" + text + ")" : text
}

private func deparseSimpleSelect(_ select: SimpleSelect) -> String {
    var text = "SELECT"
    switch select.distinct {
    case .none: break
    case .all: text += " DISTINCT"
    case .on(let exprs): text += " DISTINCT ON (" + exprs.map(deparse).joined(separator: ", ") + ")"
    }
    if !select.targets.isEmpty { text += " " + deparseTargets(select.targets) }
    if let into = select.into {
        text +=
            " INTO " + (select.intoStrict ? "STRICT " : "")
            + into.map(deparse).joined(separator: ", ")
    }
    if !select.from.isEmpty {
        text += " FROM " + select.from.map(deparseTableRef).joined(separator: ", ")
    }
    if let condition = select.whereClause { text += " WHERE " + deparse(condition) }
    if !select.groupBy.isEmpty {
        text +=
            " GROUP BY " + (select.groupByDistinct ? "DISTINCT " : "")
            + select.groupBy.map(deparseGrouping).joined(separator: ", ")
    }
    if let having = select.having { text += " HAVING " + deparse(having) }
    if !select.namedWindows.isEmpty {
        text +=
            " WINDOW "
            + select.namedWindows.map {
                quoteIdentifier($0.name) + " AS " + deparseWindowSpec($0.spec)
            }.joined(separator: ", ")
    }
    return text
}

/// A select or RETURNING list; aliases always take AS.
func deparseTargets(_ targets: [ResultTarget]) -> String {
    targets.map { target in
        let text = deparse(target.expr)
        guard let alias = target.alias else { return text }
        return text + " AS " + quoteIdentifier(alias)
    }.joined(separator: ", ")
}

private func deparseGrouping(_ element: GroupingElement) -> String {
    func sets(_ groups: [[Expr]]) -> String {
        groups.map { group in
            group.count == 1
                ? deparse(group[0]) : "(" + group.map(deparse).joined(separator: ", ") + ")"
        }.joined(separator: ", ")
    }
    switch element {
    case .expr(let expr): return deparse(expr)
    case .empty: return "()"
    case .rollup(let groups): return "ROLLUP (" + sets(groups) + ")"
    case .cube(let groups): return "CUBE (" + sets(groups) + ")"
    case .groupingSets(let inner):
        return "GROUPING SETS (" + inner.map(deparseGrouping).joined(separator: ", ") + ")"
    }
}

private func deparseWith(_ with: WithClause) -> String {
    "WITH " + (with.isRecursive ? "RECURSIVE " : "")
        + with.queries.map { cte in
            var text = quoteIdentifier(cte.name)
            if !cte.columnNames.isEmpty {
                text += " (" + cte.columnNames.map(quoteIdentifier).joined(separator: ", ") + ")"
            }
            text += " AS "
            switch cte.materialized {
            case .default: break
            case .materialized: text += "MATERIALIZED "
            case .notMaterialized: text += "NOT MATERIALIZED "
            }
            return text + "(" + deparse(cte.statement) + ")"
        }.joined(separator: ", ")
}

// MARK: - FROM

private func deparseAlias(_ alias: Alias?) -> String {
    guard let alias else { return "" }
    var text = " AS " + quoteIdentifier(alias.name)
    if !alias.columnNames.isEmpty {
        text += " (" + alias.columnNames.map(quoteIdentifier).joined(separator: ", ") + ")"
    }
    return text
}

func deparseTableRef(_ ref: TableRef) -> String {
    switch ref {
    case .table(let name, let alias, let only):
        return (only ? "ONLY " : "") + deparseName(name) + deparseAlias(alias)
    case .subquery(let query, let alias, let lateral):
        return (lateral ? "LATERAL " : "") + "(" + deparseSelect(query) + ")" + deparseAlias(alias)
    case .function(let call, let alias, let lateral, let withOrdinality, _):
        return (lateral ? "LATERAL " : "") + deparseFunctionCall(call)
            + (withOrdinality ? " WITH ORDINALITY" : "") + deparseAlias(alias)
    case .join(let join):
        var text = deparseTableRef(join.left)
        let right: String
        if case .join = join.right {
            right = "(" + deparseTableRef(join.right) + ")"
        } else {
            right = deparseTableRef(join.right)
        }
        switch join.condition {
        case .natural: text += " NATURAL " + join.kind.rawValue + " " + right
        case .none: text += " " + join.kind.rawValue + " " + right
        case .on(let condition):
            text += " " + join.kind.rawValue + " " + right + " ON " + deparse(condition)
        case .using(let columns):
            text +=
                " " + join.kind.rawValue + " " + right + " USING ("
                + columns.map(quoteIdentifier).joined(separator: ", ") + ")"
        }
        if let alias = join.alias { return "(" + text + ")" + deparseAlias(alias) }
        return text
    }
}

// MARK: - DML

func deparseInsert(_ insert: InsertStatement) -> String {
    var text = insert.with.map { deparseWith($0) + " " } ?? ""
    text += "INSERT INTO " + deparseName(insert.table)
    if let alias = insert.alias { text += " AS " + quoteIdentifier(alias) }
    if !insert.columns.isEmpty {
        text += " (" + insert.columns.map(quoteIdentifier).joined(separator: ", ") + ")"
    }
    if let system = insert.overridingSystem {
        text += system ? " OVERRIDING SYSTEM VALUE" : " OVERRIDING USER VALUE"
    }
    switch insert.source {
    case .defaultValues: text += " DEFAULT VALUES"
    case .values(let rows): text += " " + deparseSelectBody(.values(rows))
    case .select(let query): text += " " + deparseSelect(query)
    }
    if let onConflict = insert.onConflict {
        text += " ON CONFLICT"
        switch onConflict.target {
        case .none: break
        case .columns(let elements, let predicate):
            text += " (" + elements.map(deparse).joined(separator: ", ") + ")"
            if let predicate { text += " WHERE " + deparse(predicate) }
        case .constraint(let name): text += " ON CONSTRAINT " + quoteIdentifier(name)
        }
        switch onConflict.action {
        case .nothing: text += " DO NOTHING"
        case .update(let set, let predicate):
            text += " DO UPDATE SET " + deparseSetClauses(set)
            if let predicate { text += " WHERE " + deparse(predicate) }
        }
    }
    if !insert.returning.isEmpty { text += " RETURNING " + deparseTargets(insert.returning) }
    return text
}

/// SET clauses, regrouping `(a, b) = (x, y)` assignments.
func deparseSetClauses(_ clauses: [SetClause]) -> String {
    var items: [String] = []
    var index = 0
    while index < clauses.count {
        let clause = clauses[index]
        func target(_ clause: SetClause) -> String {
            quoteIdentifier(clause.column)
                + clause.subscripts.map(ExprDeparser.renderSubscript).joined()
        }
        guard let group = clause.multiAssign else {
            items.append(target(clause) + " = " + deparse(clause.value))
            index += 1
            continue
        }
        var members: [SetClause] = []
        while index < clauses.count, clauses[index].multiAssign == group {
            members.append(clauses[index])
            index += 1
        }
        let values = members.map { deparse($0.value) }.joined(separator: ", ")
        items.append(
            "(" + members.map(target).joined(separator: ", ") + ") = "
                + (members.count == 1 ? "(" + values + ")" : "ROW(" + values + ")"))
    }
    return items.joined(separator: ", ")
}

func deparseUpdate(_ update: UpdateStatement) -> String {
    var text = update.with.map { deparseWith($0) + " " } ?? ""
    text += "UPDATE " + (update.only ? "ONLY " : "") + deparseName(update.table)
    if let alias = update.alias { text += " AS " + quoteIdentifier(alias) }
    text += " SET " + deparseSetClauses(update.set)
    if !update.from.isEmpty {
        text += " FROM " + update.from.map(deparseTableRef).joined(separator: ", ")
    }
    if let condition = update.whereClause { text += " WHERE " + deparse(condition) }
    if !update.returning.isEmpty { text += " RETURNING " + deparseTargets(update.returning) }
    return text
}

func deparseDelete(_ delete: DeleteStatement) -> String {
    var text = delete.with.map { deparseWith($0) + " " } ?? ""
    text += "DELETE FROM " + (delete.only ? "ONLY " : "") + deparseName(delete.table)
    if let alias = delete.alias { text += " AS " + quoteIdentifier(alias) }
    if !delete.using.isEmpty {
        text += " USING " + delete.using.map(deparseTableRef).joined(separator: ", ")
    }
    if let condition = delete.whereClause { text += " WHERE " + deparse(condition) }
    if !delete.returning.isEmpty { text += " RETURNING " + deparseTargets(delete.returning) }
    return text
}
