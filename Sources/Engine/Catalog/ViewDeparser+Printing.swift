// Prints an analysed query as ruleutils.c's get_query_def does with
// PRETTYFLAG_INDENT: each clause on a line of its own, indented by the
// nesting level (8 per level; a clause keyword outdented to it, plus 1
// or 2), select-list items past the first on new lines (or, with a wrap
// column, once a line would grow past it), joins on lines of their own.
// Without pretty mode the parentheses are the full ones of
// CatalogDeparser+Printing.swift, and every join is parenthesised.
//
//     SELECT items.id,            <- " SELECT" at level 0, level now 8
//         items.sku               <- level 8 - 8 + 4
//        FROM items               <- level 8 - 8 + 2, then " FROM "
//       WHERE items.price < ...   <- level 8 - 8 + 1, then " WHERE "
import SQLParser

extension RuleUtilsPrinter {
    /// get_query_def: `q` starting at indentation `startIndent`; the
    /// caller's indentation is left as it was.
    mutating func query(_ q: AnalysedQuery, startIndent: Int) {
        let saved = indentLevel
        indentLevel = startIndent
        defer { indentLevel = saved }
        with(q)
        switch q.body {
        case .select(let s):
            select(s)
        case .values(let rows):
            values(rows)
        case .setOperation:
            setOperation(q)
        }
        if !q.orderBy.isEmpty {
            keyword(" ORDER BY ", before: -8, after: 8, plus: 1)
            sortList(q.orderBy)
        }
        if let offset = q.offset {
            keyword(" OFFSET ", before: -8, after: 8)
            expression(offset, showImplicit: false)
        }
        if let limit = q.limit {
            keyword(" LIMIT ", before: -8, after: 8)
            if case .constant(nil, _) = limit {
                out += "ALL"
            } else {
                expression(limit, showImplicit: false)
            }
        }
    }

    /// get_with_clause.
    private mutating func with(_ q: AnalysedQuery) {
        guard !q.ctes.isEmpty else { return }
        indentLevel += 8
        out += " "
        var separator = q.isRecursive ? "WITH RECURSIVE " : "WITH "
        for cte in q.ctes {
            out += separator + ruleQuoteIdentifier(cte.name)
            if !cte.columnNames.isEmpty {
                out += "(" + cte.columnNames.map(ruleQuoteIdentifier).joined(separator: ", ") + ")"
            }
            out += " AS "
            switch cte.materialized {
            case .default: break
            case .materialized: out += "MATERIALIZED "
            case .notMaterialized: out += "NOT MATERIALIZED "
            }
            out += "("
            keyword("", before: 0, after: 0)
            query(cte.query, startIndent: indentLevel)
            keyword("", before: 0, after: 0)
            out += ")"
            separator = ", "
        }
        indentLevel -= 8
        keyword("", before: 0, after: 0)
    }

    /// get_values_def: rows separated by `, `, items by a bare comma.
    private mutating func values(_ rows: [[AnalysedNode]]) {
        indentLevel += 8
        out += " VALUES "
        for (index, row) in rows.enumerated() {
            if index > 0 { out += ", " }
            out += "("
            for (column, item) in row.enumerated() {
                if column > 0 { out += "," }
                expression(item, showImplicit: false)
            }
            out += ")"
        }
    }

    /// get_basic_select_query.
    private mutating func select(_ s: AnalysedSelect) {
        indentLevel += 8
        out += " SELECT"
        if let distinct = s.distinct {
            if distinct.isEmpty {
                out += " DISTINCT"
            } else {
                out += " DISTINCT ON ("
                for (index, key) in distinct.enumerated() {
                    if index > 0 { out += ", " }
                    sortGroupKey(key)
                }
                out += ")"
            }
        }
        targetList(s.targets)
        fromClause(s.from)
        if let condition = s.whereClause {
            keyword(" WHERE ", before: -8, after: 8, plus: 1)
            expression(condition, showImplicit: false)
        }
        if !s.groupBy.isEmpty {
            keyword(" GROUP BY ", before: -8, after: 8, plus: 1)
            for (index, key) in s.groupBy.enumerated() {
                if index > 0 { out += ", " }
                sortGroupKey(key)
            }
        } else if !s.groupingSets.isEmpty {
            keyword(" GROUP BY ", before: -8, after: 8, plus: 1)
            for (index, set) in s.groupingSets.enumerated() {
                if index > 0 { out += ", " }
                groupingSet(set, omitParentheses: true)
            }
        }
        if let having = s.having {
            keyword(" HAVING ", before: -8, after: 8)
            expression(having, showImplicit: false)
        }
        for (index, window) in s.windows.enumerated() {
            if index == 0 {
                keyword(" WINDOW ", before: -8, after: 8, plus: 1)
            } else {
                out += ", "
            }
            out += ruleQuoteIdentifier(window.name) + " AS "
            windowSpec(window.spec)
        }
    }

    /// get_rule_groupingset: a single key bare where parentheses may be
    /// left out (at the top and inside ROLLUP and CUBE).
    private mutating func groupingSet(_ set: AnalysedGroupingSet, omitParentheses: Bool) {
        let children: [AnalysedGroupingSet]
        var omitChild = true
        switch set {
        case .empty:
            out += "()"
            return
        case .simple(let keys):
            let parenthesise = !omitParentheses || keys.count != 1
            if parenthesise { out += "(" }
            for (index, key) in keys.enumerated() {
                if index > 0 { out += ", " }
                sortGroupKey(key)
            }
            if parenthesise { out += ")" }
            return
        case .rollup(let sets):
            out += "ROLLUP("
            children = sets
        case .cube(let sets):
            out += "CUBE("
            children = sets
        case .sets(let sets):
            out += "GROUPING SETS ("
            children = sets
            omitChild = false
        }
        for (index, child) in children.enumerated() {
            if index > 0 { out += ", " }
            groupingSet(child, omitParentheses: omitChild)
        }
        out += ")"
    }

    /// The byte length of the line `out` ends with.
    private var currentLineLength: Int {
        guard let newline = out.lastIndex(of: "\n") else { return out.utf8.count }
        return out[out.index(after: newline)...].utf8.count
    }

    /// Prints `body` into a buffer of its own and returns the text, as
    /// ruleutils does before deciding where an item goes.
    private mutating func buffered(_ body: (inout RuleUtilsPrinter) -> Void) -> String {
        let saved = out
        out = ""
        body(&self)
        let text = out
        out = saved
        return text
    }

    /// get_target_list.
    private mutating func targetList(_ targets: [AnalysedTarget]) {
        var lastWasMultiline = false
        for (index, target) in targets.enumerated() {
            out += index == 0 ? " " : ", "
            let field = buffered { printer in
                printer.expression(target.node, showImplicit: true)
                if target.printsName { printer.out += " AS " + ruleQuoteIdentifier(target.name) }
            }
            if wrapColumn >= 0 {
                if field.hasPrefix("\n") {
                    while out.last == " " { out.removeLast() }
                } else if index > 0
                    && (currentLineLength + field.utf8.count > wrapColumn || lastWasMultiline)
                {
                    keyword("", before: -8, after: 8, plus: 4)
                }
                lastWasMultiline = field.dropFirst(field.hasPrefix("\n") ? 1 : 0).contains("\n")
            }
            out += field
        }
    }

    /// get_from_clause.
    private mutating func fromClause(_ items: [AnalysedFromItem]) {
        for (index, item) in items.enumerated() {
            if index == 0 {
                keyword(" FROM ", before: -8, after: 8, plus: 2)
                fromItem(item)
                continue
            }
            out += ", "
            let text = buffered { $0.fromItem(item) }
            if wrapColumn >= 0 {
                if text.hasPrefix("\n") {
                    while out.last == " " { out.removeLast() }
                } else if currentLineLength + text.utf8.count > wrapColumn {
                    keyword("", before: -8, after: 8, plus: 4)
                }
            }
            out += text
        }
    }

    /// get_from_clause_item.
    private mutating func fromItem(_ item: AnalysedFromItem) {
        switch item {
        case .relation(let entry, let text, let only, let hasAlias, let aliases):
            out += (only ? "ONLY " : "") + text
            if hasAlias || entry.refname != entry.wanted {
                out += " " + ruleQuoteIdentifier(entry.refname)
            }
            if let aliases { columnAliases(aliases) }
        case .subquery(let entry, let q, let lateral, let aliases):
            out += (lateral ? "LATERAL " : "") + "("
            query(q, startIndent: indentLevel)
            out += ") " + ruleQuoteIdentifier(entry.refname)
            if let aliases { columnAliases(aliases) }
        case .function(let entry, let call, let ordinality, let lateral):
            if lateral { out += "LATERAL " }
            expression(call, showImplicit: true)
            if ordinality { out += " WITH ORDINALITY" }
            out += " " + ruleQuoteIdentifier(entry.refname)
            columnAliases(entry.columns.map(\.name))
        case .cte(let entry, let name, let hasAlias):
            out += ruleQuoteIdentifier(name)
            if hasAlias || entry.refname != name {
                out += " " + ruleQuoteIdentifier(entry.refname)
            }
        case .join(let kind, let left, let right, let using, let on):
            join(kind, left, right, using: using, on: on)
        }
    }

    /// get_column_alias_list.
    private mutating func columnAliases(_ names: [String]) {
        out += "(" + names.map(ruleQuoteIdentifier).joined(separator: ", ") + ")"
    }

    private mutating func join(
        _ kind: JoinExpr.Kind, _ left: AnalysedFromItem, _ right: AnalysedFromItem,
        using: [String]?, on: AnalysedNode?
    ) {
        var rightNeedsParentheses = false
        if pretty, case .join = right { rightNeedsParentheses = true }
        if !pretty { out += "(" }
        fromItem(left)
        let word: String
        switch kind {
        case .inner, .cross: word = on == nil && using == nil ? " CROSS JOIN " : " JOIN "
        case .left: word = " LEFT JOIN "
        case .right: word = " RIGHT JOIN "
        case .full: word = " FULL JOIN "
        }
        keyword(word, before: -8, after: 8, plus: 4)
        if rightNeedsParentheses { out += "(" }
        fromItem(right)
        if rightNeedsParentheses { out += ")" }
        if let using {
            out += " USING (" + using.map(ruleQuoteIdentifier).joined(separator: ", ") + ")"
        } else if let on {
            out += " ON "
            if !pretty { out += "(" }
            expression(on, showImplicit: false)
            if !pretty { out += ")" }
        } else if kind != .inner && kind != .cross {
            out += " ON TRUE"
        }
        if !pretty { out += ")" }
    }

    /// get_setop_query over the inputs of `q`.
    private mutating func setOperation(_ q: AnalysedQuery) {
        guard case .setOperation(let op, let all, let left, let right) = q.body else {
            query(q, startIndent: indentLevel)
            return
        }
        var leftNeedsParentheses = false
        if case .setOperation(let leftOp, let leftAll, _, _) = left.body,
            leftOp != op || leftAll != all
        {
            leftNeedsParentheses = true
        }
        var subindent = 0
        if leftNeedsParentheses {
            out += "("
            subindent = 8
            keyword("", before: subindent, after: 0)
        }
        setOperationInput(left)
        if leftNeedsParentheses {
            keyword(") ", before: -subindent, after: 0)
        } else {
            keyword("", before: -subindent, after: 0)
        }
        out += op.rawValue + " " + (all ? "ALL " : "")
        var rightNeedsParentheses = false
        if case .setOperation = right.body { rightNeedsParentheses = true }
        subindent = 0
        if rightNeedsParentheses {
            out += "("
            subindent = 8
        }
        keyword("", before: subindent, after: 0)
        setOperationInput(right)
        indentLevel -= subindent
        if rightNeedsParentheses { keyword(")", before: 0, after: 0) }
    }

    /// One input of a set operation: a nested set operation, or a query
    /// (parenthesised when it has WITH, ORDER BY or LIMIT).
    private mutating func setOperationInput(_ q: AnalysedQuery) {
        if case .setOperation = q.body, !q.needsParentheses {
            setOperation(q)
            return
        }
        if q.needsParentheses { out += "(" }
        query(q, startIndent: indentLevel)
        if q.needsParentheses { out += ")" }
    }

    // MARK: - Sort and group keys

    /// get_rule_sortgroupclause: a constant with its type, a column as
    /// is, anything else parenthesised (always in pretty mode, and for
    /// function-like keys that could read as ROLLUP or CUBE otherwise).
    mutating func sortGroupKey(_ node: AnalysedNode) {
        switch node {
        case .constant(let text, let type):
            out += RuleUtilsPrinter.constantText(text, type, showType: 1)
        case .variable:
            expression(node, showImplicit: true)
        default:
            var functionLike = false
            switch node {
            case .call, .aggregate: functionLike = true
            case .cast(_, _, let implicit, let isFunction): functionLike = isFunction && !implicit
            default: break
            }
            let parenthesise = pretty || functionLike
            if parenthesise { out += "(" }
            expression(node, showImplicit: true)
            if parenthesise { out += ")" }
        }
    }

    /// get_rule_orderby.
    mutating func sortList(_ items: [AnalysedSortItem]) {
        for (index, item) in items.enumerated() {
            if index > 0 { out += ", " }
            if let number = item.columnNumber {
                out += String(number)
            } else {
                sortGroupKey(item.node)
            }
            out += item.suffix
        }
    }

    // MARK: - Aggregates, windows, sublinks

    /// get_agg_expr and get_windowfunc_expr.
    mutating func aggregate(_ call: AnalysedAggregate) {
        out += call.name + "("
        if call.isDistinct { out += "DISTINCT " }
        if call.isStar {
            out += "*"
        } else {
            list(call.arguments)
        }
        if !call.orderBy.isEmpty {
            out += " ORDER BY "
            sortList(call.orderBy)
        }
        out += ")"
        if let filter = call.filter {
            out += " FILTER (WHERE "
            expression(filter, showImplicit: false)
            out += ")"
        }
        if let name = call.windowName {
            out += " OVER " + ruleQuoteIdentifier(name)
        } else if let window = call.window {
            out += " OVER "
            windowSpec(window)
        }
    }

    /// get_rule_windowspec.
    mutating func windowSpec(_ spec: AnalysedWindowSpec) {
        out += "("
        var needsSpace = false
        if !spec.partitionBy.isEmpty {
            out += "PARTITION BY "
            for (index, key) in spec.partitionBy.enumerated() {
                if index > 0 { out += ", " }
                sortGroupKey(key)
            }
            needsSpace = true
        }
        if !spec.orderBy.isEmpty {
            if needsSpace { out += " " }
            out += "ORDER BY "
            sortList(spec.orderBy)
            needsSpace = true
        }
        if !spec.frame.isEmpty {
            if needsSpace { out += " " }
            for part in spec.frame {
                out += part.words
                if let offset = part.offset { expression(offset, showImplicit: false) }
            }
            // The frame's words end with a space.
            if out.last == " " { out.removeLast() }
        }
        out += ")"
    }

    /// get_sublink_expr.
    mutating func sublink(_ s: AnalysedSublink) {
        if case .array = s.kind { out += "ARRAY(" } else { out += "(" }
        if let test = s.test { expression(test, showImplicit: true) }
        var needsParentheses = true
        switch s.kind {
        case .exists: out += "EXISTS "
        case .any(let op): out += op == "=" ? " IN " : " \(op) ANY "
        case .all(let op): out += " \(op) ALL "
        case .expression, .array: needsParentheses = false
        }
        if needsParentheses { out += "(" }
        query(s.query, startIndent: indentLevel)
        out += needsParentheses ? "))" : ")"
    }
}
