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
    func viewWriteError(_ view: ViewDefinition, _ write: ViewWrite) -> SQLError {
        guard let reason = Self.notUpdatableReason(view.query)
        else {
            // TODO(#6): writes through automatically updatable views.
            return SQLError.notSupported(
                "\(write.upper) on an automatically updatable view is not supported yet")
        }
        return SQLError(
            SQLState.featureNotSupported, "cannot \(write.verbPhrase) view \"\(view.name)\"",
            detail: reason,
            hint: "To enable \(write.gerund) the view, provide an INSTEAD OF \(write.upper) "
                + "trigger or an unconditional ON \(write.upper) DO INSTEAD rule."
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
        if let reason = returnedFunctionReason(select, orderBy: query.orderBy) { return reason }
        guard select.from.count == 1, case .table = select.from[0] else {
            return "Views that do not select from a single table or view \(suffix)"
        }
        return nil
    }

    /// Aggregates or window functions in the select list or ORDER BY
    /// (the query's hasAggs and hasWindowFuncs).
    private static func returnedFunctionReason(_ select: SimpleSelect, orderBy: [SortItem])
        -> String?
    {
        let exprs = select.targets.map(\.expr) + orderBy.map(\.expr)
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

extension Executor {
    /// INSERT into an automatically updatable view becomes an INSERT into
    /// its base relation, as rewriteTargetView makes it: the view's columns
    /// map to the base columns they show, and the base relation's defaults
    /// fill the rest. nil when the target is no view.
    func rewriteViewInsert(_ insert: InsertStatement) throws -> InsertStatement? {
        guard catalog.userViewCount > 0, var view = try lookupView(insert.table) else {
            return nil
        }
        var insert = insert
        for _ in 0..<100 {
            insert = try retarget(insert, at: view)
            guard let inner = try lookupView(insert.table) else { return insert }
            view = inner
        }
        throw SQLError(
            SQLState.invalidObjectDefinition,
            "infinite recursion detected in rules for relation \"\(view.name)\"")
    }

    /// `insert` aimed at `view`'s base relation instead.
    private func retarget(_ insert: InsertStatement, at view: ViewDefinition) throws
        -> InsertStatement
    {
        guard Self.notUpdatableReason(view.query) == nil,
            case .select(let select) = view.query.body,
            select.from.count == 1, case .table(let base, let alias, _) = select.from[0]
        else { throw viewWriteError(view, .insert) }
        if insert.onConflict != nil {
            // TODO(#6): ON CONFLICT through a view.
            throw SQLError.notSupported("INSERT with ON CONFLICT on a view is not supported yet")
        }
        let refName = alias?.name ?? base.name
        let mapped = try baseColumns(of: view, select: select, base: base, refName: refName)
        let shown = try view.columns.indices.map { index -> Expr in
            if Self.selectsOnlyStar(select), let name = mapped[index] {
                return Expr(.columnRef([refName, name]))
            }
            guard index < select.targets.count else { throw viewWriteError(view, .insert) }
            return select.targets[index].expr
        }
        var names = insert.columns
        if names.isEmpty, case .values(let rows) = insert.source {
            names = view.columns.prefix(rows.first?.count ?? 0).map(\.name)
        } else if names.isEmpty, case .select = insert.source {
            names = view.columns.map(\.name)
        }
        var result = insert
        result.table = base
        result.alias = alias?.name
        result.returning = try insert.returning.flatMap {
            try returningThroughView($0, view, shown, insertAlias: insert.alias)
        }
        var seen: Set<String> = []
        result.columns = try names.map { name in
            let after = insert.table.location + 1
            guard let index = view.columns.firstIndex(where: { $0.name == name }) else {
                throw SQLError(
                    SQLState.undefinedColumn,
                    "column \"\(name)\" of relation \"\(view.name)\" does not exist",
                    position: locateName(name, after: after))
            }
            guard seen.insert(name).inserted else {
                let first = locateName(name, after: after) ?? 0
                throw SQLError(
                    SQLState.duplicateColumn, "column \"\(name)\" specified more than once",
                    position: locateName(name, after: first - textOffset))
            }
            guard let column = mapped[index] else {
                throw SQLError(
                    SQLState.featureNotSupported,
                    "cannot insert into column \"\(name)\" of view \"\(view.name)\"",
                    detail:
                        "View columns that are not columns of their base relation are not "
                        + "updatable.")
            }
            return column
        }
        return result
    }

    /// A RETURNING item over the view as items over its base relation:
    /// `*` and the view's columns become the expressions the view shows.
    private func returningThroughView(
        _ item: ResultTarget, _ view: ViewDefinition, _ shown: [Expr], insertAlias: String?
    ) throws -> [ResultTarget] {
        let names = view.columns.map(\.name)
        switch item.expr.kind {
        case .star:
            return zip(shown, names).map { ResultTarget(expr: $0.0, alias: $0.1) }
        case .columnRef(let parts)
        where parts.count == 1 || (parts.count == 2 && parts[0] == (insertAlias ?? view.name)):
            guard let last = parts.last, let index = names.firstIndex(of: last) else { break }
            return [ResultTarget(expr: shown[index], alias: item.alias ?? last)]
        default:
            break
        }
        // TODO(#6): RETURNING expressions over a view's columns.
        throw SQLError.notSupported(
            "RETURNING expressions other than columns of a view are not supported yet")
    }

    /// For each view column, the base column it shows (nil when it shows
    /// an expression).
    private func baseColumns(
        of view: ViewDefinition, select: SimpleSelect, base: QualifiedName, refName: String
    ) throws -> [String?] {
        if Self.selectsOnlyStar(select) {
            let names = try relationColumnNames(base)
            return view.columns.indices.map { $0 < names.count ? names[$0] : nil }
        }
        guard select.targets.count == view.columns.count else {
            // TODO(#6): views whose select list mixes `*` with columns.
            throw SQLError.notSupported(
                "INSERT into a view whose select list mixes * with columns is not supported yet")
        }
        return select.targets.map { target -> String? in
            guard case .columnRef(let parts) = target.expr.kind, parts.last != "*",
                parts.count == 1 || (parts.count == 2 && parts[0] == refName)
            else { return nil }
            return parts.last
        }
    }

    /// True for `SELECT * FROM ...`.
    private static func selectsOnlyStar(_ select: SimpleSelect) -> Bool {
        guard select.targets.count == 1, case .star = select.targets[0].expr.kind else {
            return false
        }
        return true
    }

    /// The column names of the table or view `name` (resolved at the view's
    /// creation, so it exists unless dropped since).
    private func relationColumnNames(_ name: QualifiedName) throws -> [String] {
        if let view = try lookupView(name) { return view.columns.map(\.name) }
        let table = try resolveTable(name, positioned: false)
        return table.liveColumns.map { table.columns[$0].name }
    }
}
