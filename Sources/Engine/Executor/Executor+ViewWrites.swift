// INSERT, UPDATE and DELETE naming a view. PostgreSQL's rewriter turns a
// write on an automatically updatable view into one on its base table and
// refuses the others, naming the first reason view_query_is_auto_updatable
// finds; the engine gives the same refusals.
import SQLParser

/// The write a statement makes, for the view errors' wording.
enum ViewWrite {
    case insert, update, delete

    /// "insert into", "update", "delete from".
    var verbPhrase: String {
        switch self {
        case .insert: return "insert into"
        case .update: return "update"
        case .delete: return "delete from"
        }
    }

    var upper: String {
        switch self {
        case .insert: return "INSERT"
        case .update: return "UPDATE"
        case .delete: return "DELETE"
        }
    }

    /// The gerund the HINT uses.
    var gerund: String {
        switch self {
        case .insert: return "inserting into"
        case .update: return "updating"
        case .delete: return "deleting from"
        }
    }
}

extension Executor {
    /// The table a write targets; a view gets PostgreSQL's refusal.
    func resolveWriteTarget(_ name: QualifiedName, _ write: ViewWrite) throws
        -> TableDefinition
    {
        if let view = try lookupView(name) { throw viewWriteError(view, write) }
        return try resolveTable(name)
    }

    /// Why `view` cannot take `write`.
    private func viewWriteError(_ view: ViewDefinition, _ write: ViewWrite) -> SQLError {
        guard let reason = Self.notUpdatableReason(view.query)
        else {
            // TODO(#6): writes through automatically updatable views.
            return SQLError.notSupported(
                "\(write.upper) on an automatically updatable view is not supported yet")
        }
        return SQLError(
            SQLState.featureNotSupported, "cannot \(write.verbPhrase) view \"\(view.name)\"",
            detail: reason,
            hint: "To enable \(write.gerund) the view, provide an INSTEAD OF \(write.upper) trigger or an unconditional ON \(write.upper) DO INSTEAD rule."
        )
    }

    /// view_query_is_auto_updatable's answer: the first reason the query
    /// is not automatically updatable, nil when it is.
    static func notUpdatableReason(_ query: SelectStatement) -> String? {
        let suffix = "are not automatically updatable."
        guard case .select(let select) = query.body else {
            return "Views containing UNION, INTERSECT, or EXCEPT \(suffix)"
        }
        if select.distinct != .none { return "Views containing DISTINCT \(suffix)" }
        if !select.groupBy.isEmpty { return "Views containing GROUP BY \(suffix)" }
        if select.having != nil { return "Views containing HAVING \(suffix)" }
        if query.with != nil { return "Views containing WITH \(suffix)" }
        if query.limit != nil || query.offset != nil {
            return "Views containing LIMIT or OFFSET \(suffix)"
        }
        if let reason = returnedFunctionReason(select) { return reason }
        guard select.from.count == 1, case .table = select.from[0] else {
            return "Views that do not select from a single table or view \(suffix)"
        }
        return nil
    }

    /// Aggregates or window functions in the select list.
    private static func returnedFunctionReason(_ select: SimpleSelect) -> String? {
        let exprs = select.targets.map(\.expr)
        if exprs.contains(where: Analyzer.containsAggregate) {
            return "Views that return aggregate functions are not automatically updatable."
        }
        let windowed = exprs.contains { e in
            var found = false
            ExprWalker.visit(e) { node in
                if case .function(let call) = node.kind, call.over != nil { found = true }
                return !found
            }
            return found
        }
        if windowed {
            return "Views that return window functions are not automatically updatable."
        }
        return nil
    }
}
