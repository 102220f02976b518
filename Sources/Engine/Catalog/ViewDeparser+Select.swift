// The clauses of one SELECT of a view's query, analysed as
// transformSelectStmt would: FROM items become range table entries,
// names resolve innermost level first (a join's USING column to the
// side it comes from), `*` expands to the columns in FROM order, ORDER
// BY and GROUP BY items may name an output column or its position.
import SQLParser

/// What one query level sees while it is analysed.
final class QueryScopeLevel {
    let naming: NamingLevel
    let parent: QueryScopeLevel?
    /// The FROM items, each with the columns an unqualified name or `*`
    /// finds in it.
    var items: [(entries: [DeparseEntry], columns: [(DeparseEntry, String, PGType)])] = []
    /// WITH queries visible here, by name.
    var ctes: [String: AnalysedCTE] = [:]
    /// The select list and output names, once analysed (ORDER BY).
    var targets: [AnalysedTarget] = []
    var outputNames: [String] = []

    init(naming: NamingLevel, parent: QueryScopeLevel?) {
        self.naming = naming
        self.parent = parent
    }

    /// The WITH query `name` visible here or in an enclosing level.
    func cte(_ name: String) -> AnalysedCTE? {
        ctes[name] ?? parent?.cte(name)
    }
}

extension ViewDeparser {
    /// A plain SELECT's clauses.
    func select(_ s: SimpleSelect, scope: QueryScopeLevel) throws -> AnalysedSelect {
        guard s.into == nil else { throw viewDeparseUnsupported("SELECT INTO") }
        guard !s.groupByDistinct else { throw viewDeparseUnsupported("GROUP BY DISTINCT") }
        var result = AnalysedSelect()
        result.from = try s.from.map { try fromItem($0, scope: scope, topLevel: true) }
        for target in s.targets {
            result.targets += try self.targets(target, scope: scope)
        }
        scope.targets = result.targets
        switch s.distinct {
        case .none: break
        case .all: result.distinct = []
        case .on(let keys):
            result.distinct = try keys.map { try groupKey($0, scope: scope, preferOutput: true) }
        }
        result.whereClause = try s.whereClause.map { try base.boolean(typed($0)) }
        let plain = s.groupBy.allSatisfy { if case .expr = $0 { true } else { false } }
        for element in s.groupBy {
            if plain, case .expr(let e) = element {
                result.groupBy.append(try groupKey(e, scope: scope, preferOutput: false))
            } else {
                result.groupingSets.append(try groupingSet(element, scope: scope))
            }
        }
        result.having = try s.having.map { try base.boolean(typed($0)) }
        for window in s.namedWindows {
            result.windows.append((window.name, try windowSpec(window.spec)))
        }
        return result
    }

    /// One element of a GROUP BY with grouping sets.
    private func groupingSet(_ element: GroupingElement, scope: QueryScopeLevel) throws
        -> AnalysedGroupingSet
    {
        func keys(_ exprs: [Expr]) throws -> AnalysedGroupingSet {
            .simple(try exprs.map { try groupKey($0, scope: scope, preferOutput: false) })
        }
        switch element {
        case .expr(let e):
            if case .row(let items, explicitRow: false) = e.kind { return try keys(items) }
            return try keys([e])
        case .empty:
            return .empty
        case .rollup(let sets):
            return .rollup(try sets.map(keys))
        case .cube(let sets):
            return .cube(try sets.map(keys))
        case .groupingSets(let list):
            return .sets(try list.map { try groupingSet($0, scope: scope) })
        }
    }

    /// The entries of one select-list item (`*` and `t.*` expand).
    private func targets(_ target: ResultTarget, scope: QueryScopeLevel) throws
        -> [AnalysedTarget]
    {
        let starOf: [String]?
        switch target.expr.kind {
        case .star: starOf = []
        case .columnRef(let parts) where parts.last == "*": starOf = Array(parts.dropLast())
        default: starOf = nil
        }
        if let starOf {
            let columns: [(DeparseEntry, String, PGType)]
            if starOf.isEmpty {
                columns = scope.items.flatMap(\.columns)
            } else {
                guard let entry = try entry(qualifiedBy: starOf, in: scope) else {
                    throw viewDeparseUnsupported("this reference to a relation's *")
                }
                columns = entry.columns.map { (entry, $0.name, $0.type) }
            }
            return columns.map { entry, name, type in
                AnalysedTarget(node: .variable(entry, name, type), name: name)
            }
        }
        let node = try typed(target.expr)
        let name = target.alias ?? Analyzer.outputName(for: target.expr)
        return [AnalysedTarget(node: node, name: name)]
    }

    // MARK: - FROM

    /// A FROM item; its entries join the level's range table in the
    /// parser's order (a join's inputs before the join).
    func fromItem(_ item: TableRef, scope: QueryScopeLevel, topLevel: Bool) throws
        -> AnalysedFromItem
    {
        let result: AnalysedFromItem
        let columns: [(DeparseEntry, String, PGType)]
        switch item {
        case .table(let name, let alias, let only):
            if name.parts.count == 1, let cte = scope.cte(name.name) {
                guard alias?.columnNames.isEmpty ?? true else {
                    throw viewDeparseUnsupported("column aliases of WITH queries")
                }
                let entry = DeparseEntry(
                    wanted: alias?.name ?? cte.name, matchName: alias?.name ?? cte.name,
                    schema: nil, columns: cte.query.columns)
                scope.naming.entries.append(entry)
                result = .cte(entry, name: cte.name, hasAlias: alias != nil)
                columns = entry.columns.map { (entry, $0.name, $0.type) }
            } else {
                let (schema, relation, relationColumns) = try self.relation(name)
                let entry = DeparseEntry(
                    wanted: alias?.name ?? relation, matchName: alias?.name ?? relation,
                    schema: schema, columns: relationColumns)
                let renamed = try rename(entry, alias)
                scope.naming.entries.append(entry)
                result = .relation(
                    entry, text: relationText(schema: schema, name: relation, scope: scope),
                    only: only, hasAlias: alias != nil, columnAliases: renamed)
                columns = entry.columns.map { (entry, $0.name, $0.type) }
            }
        case .subquery(let query, let alias, let lateral):
            guard let alias else { throw viewDeparseUnsupported("subqueries without an alias") }
            let entry = DeparseEntry(
                wanted: alias.name, matchName: alias.name, schema: nil, columns: [])
            scope.naming.entries.append(entry)
            // The subquery sees the levels around this one, and under
            // LATERAL the items before it.
            let barrier = QueryScopeLevel(naming: scope.naming, parent: scope.parent)
            barrier.ctes = scope.ctes
            scopes.append(lateral ? scope : barrier)
            defer { scopes.removeLast() }
            let analysed = try self.query(
                query, naming: childLevel(of: scope.naming), resultNames: nil, visible: true)
            entry.columns = analysed.columns
            let renamed = try rename(entry, alias)
            if Set(entry.columns.map(\.name)).count != entry.columns.count {
                throw viewDeparseUnsupported("subqueries with duplicate column names")
            }
            result = .subquery(entry, analysed, lateral: lateral, columnAliases: renamed)
            columns = entry.columns.map { (entry, $0.name, $0.type) }
        case .function(let call, let alias, let lateral, let ordinality, _):
            let (entry, node, isLateral) = try function(
                call, alias: alias, ordinality: ordinality, scope: scope)
            scope.naming.entries.append(entry)
            result = .function(
                entry, node, ordinality: ordinality, lateral: lateral || isLateral)
            columns = entry.columns.map { (entry, $0.name, $0.type) }
        case .join(let join):
            (result, columns) = try self.join(join, scope: scope)
        }
        if topLevel { scope.items.append((entries(of: result), columns)) }
        return result
    }

    /// Renames an entry's first columns as its alias lists them; the
    /// full list get_column_alias_list prints then, nil without one.
    private func rename(_ entry: DeparseEntry, _ alias: Alias?) throws -> [String]? {
        guard let names = alias?.columnNames, !names.isEmpty else { return nil }
        guard names.count <= entry.columns.count else {
            throw viewDeparseUnsupported("this column alias list")
        }
        for (index, name) in names.enumerated() { entry.columns[index].name = name }
        return entry.columns.map(\.name)
    }

    /// A set-returning function in FROM (a built-in returning one value a
    /// row): its entry, its call, and whether it reads the items before
    /// it (which makes it LATERAL, as the parser marks it).
    private func function(
        _ call: FunctionCall, alias: Alias?, ordinality: Bool, scope: QueryScopeLevel
    ) throws -> (DeparseEntry, AnalysedNode, Bool) {
        guard call.over == nil, call.filter == nil, !call.isStar, !call.isDistinct,
            call.orderBy.isEmpty, call.withinGroup.isEmpty, !call.hasVariadic,
            call.arguments.allSatisfy({ $0.name == nil }),
            call.name.parts.count == 1 || call.name.schema == "pg_catalog"
        else { throw viewDeparseUnsupported("this function in FROM") }
        let name = call.name.name
        scopes.append(scope)
        defer { scopes.removeLast() }
        let nodes = try call.arguments.map { try typed($0.value) }
        let before = Set(scope.items.flatMap(\.entries).map(ObjectIdentifier.init))
        var reads = false
        for node in nodes {
            guard !node.containsSublink else {
                throw viewDeparseUnsupported("subqueries in the arguments of functions in FROM")
            }
            reads = reads || node.readsEntry { before.contains(ObjectIdentifier($0)) }
        }
        let overloads = builtinSetFunctions(named: name).filter { $0.columns.isEmpty }
        let signatures = overloads.map(\.argumentTypes)
        let chosen = try OverloadResolver(analyser: base.analyser).resolve(
            signatures, arguments: nodes.map(\.type), isOperator: false)
        guard chosen.count == 1, let index = chosen.first else {
            throw viewDeparseUnsupported("this function in FROM")
        }
        let declared = signatures[index]
        let element = polymorphicElement(declared: declared, actual: nodes.map(\.type))
        let arguments = try zip(nodes, declared).map { node, type in
            try base.coerce(node, to: instantiate(type, element: element), explicit: false)
        }
        let type = instantiate(overloads[index].returnType, element: element)
        let refname = alias?.name ?? name
        var columns: [(String, PGType)] = [(refname, type)]
        if ordinality { columns.append(("ordinality", .int8)) }
        let entry = DeparseEntry(
            wanted: refname, matchName: refname, schema: nil, columns: columns)
        _ = try rename(entry, alias)
        let node = AnalysedNode.call(ruleQuoteIdentifier(name), arguments, type: type)
        return (entry, node, reads)
    }

    /// The entries a FROM item holds, for qualified names.
    private func entries(of item: AnalysedFromItem) -> [DeparseEntry] {
        switch item {
        case .relation(let e, _, _, _, _), .subquery(let e, _, _, _), .cte(let e, _, _),
            .function(let e, _, _, _):
            return [e]
        case .join(_, let l, let r, _, _): return entries(of: l) + entries(of: r)
        }
    }

    /// A join and the columns it shows: USING columns once (from the
    /// side PostgreSQL's join alias variable names), then the rest.
    private func join(_ join: JoinExpr, scope: QueryScopeLevel) throws
        -> (AnalysedFromItem, [(DeparseEntry, String, PGType)])
    {
        guard join.alias == nil else { throw viewDeparseUnsupported("join aliases") }
        let inner = QueryScopeLevel(naming: scope.naming, parent: scope.parent)
        inner.ctes = scope.ctes
        let left = try fromItem(join.left, scope: inner, topLevel: true)
        let right = try fromItem(join.right, scope: inner, topLevel: true)
        let leftColumns = inner.items[0].columns
        let rightColumns = inner.items[1].columns
        switch join.condition {
        case .none:
            return (.join(join.kind, left, right, using: nil, on: nil), leftColumns + rightColumns)
        case .natural:
            throw viewDeparseUnsupported("NATURAL joins")
        case .on(let e):
            // The condition sees the two sides (and the levels around).
            scopes.append(inner)
            defer { scopes.removeLast() }
            let condition = try base.boolean(typed(e))
            return (
                .join(join.kind, left, right, using: nil, on: condition),
                leftColumns + rightColumns
            )
        case .using(let names):
            guard join.kind != .full else {
                throw viewDeparseUnsupported("FULL JOIN with USING")
            }
            var merged: [(DeparseEntry, String, PGType)] = []
            for name in names {
                guard let l = leftColumns.first(where: { $0.1 == name }),
                    let r = rightColumns.first(where: { $0.1 == name }), l.2 == r.2
                else { throw viewDeparseUnsupported("USING columns of different types") }
                merged.append(join.kind == .right ? r : l)
            }
            let rest = (leftColumns + rightColumns).filter { !names.contains($0.1) }
            return (.join(join.kind, left, right, using: names, on: nil), merged + rest)
        }
    }

    /// A relation's schema, name and live columns.
    private func relation(_ name: QualifiedName) throws
        -> (String, String, [(String, PGType)])
    {
        let schemas = name.schema.map { [$0] } ?? searchPath
        for schema in schemas {
            guard let oid = catalog.relation(named: name.name, in: schema) else { continue }
            if let table = catalog.table(oid) {
                let live = table.columns.filter { !$0.isDropped }.map { ($0.name, $0.type) }
                return (schema, name.name, live)
            }
            if let view = catalog.view(oid) {
                return (schema, name.name, view.columns.map { ($0.name, $0.type) })
            }
        }
        throw viewDeparseUnsupported("relations the view no longer finds")
    }

    /// generate_relation_name: the name alone when the search path finds
    /// this relation by it and no WITH query shadows it, else qualified.
    private func relationText(schema: String, name: String, scope: QueryScopeLevel) -> String {
        let first = searchPath.first { catalog.relation(named: name, in: $0) != nil }
        if first == schema && scope.cte(name) == nil { return ruleQuoteIdentifier(name) }
        return ruleQuoteIdentifier(schema) + "." + ruleQuoteIdentifier(name)
    }

    // MARK: - Names

    /// The entry `parts` (`t` or `s.t`) names, innermost level first.
    func entry(qualifiedBy parts: [String], in scope: QueryScopeLevel) throws -> DeparseEntry? {
        var level: QueryScopeLevel? = scope
        while let current = level {
            for item in current.items {
                for entry in item.entries where entry.matchName == parts.last {
                    if parts.count == 1 || entry.schema == parts[parts.count - 2] {
                        return entry
                    }
                }
            }
            level = current.parent
        }
        return nil
    }

    /// A column reference as a variable of its entry.
    func column(_ parts: [String]) throws -> AnalysedNode {
        guard let scope = scopes.last, let name = parts.last else {
            throw viewDeparseUnsupported("this column reference")
        }
        if parts.count > 1 {
            guard let entry = try entry(qualifiedBy: Array(parts.dropLast()), in: scope),
                let column = entry.columns.first(where: { $0.name == name })
            else { throw viewDeparseUnsupported("this column reference") }
            return .variable(entry, name, column.type)
        }
        var level: QueryScopeLevel? = scope
        while let current = level {
            let found = current.items.flatMap(\.columns).filter { $0.1 == name }
            if let first = found.first {
                guard found.count == 1 else {
                    throw viewDeparseUnsupported("this column reference")
                }
                return .variable(first.0, name, first.2)
            }
            level = current.parent
        }
        throw viewDeparseUnsupported("this column reference")
    }

    // MARK: - ORDER BY, GROUP BY

    /// A GROUP BY or DISTINCT ON key: a position or an output name picks
    /// a target (ORDER BY prefers output names, GROUP BY input columns).
    func groupKey(_ e: Expr, scope: QueryScopeLevel, preferOutput: Bool) throws
        -> AnalysedNode
    {
        if case .literal(.integer(let digits)) = e.kind {
            guard let position = Int(digits), position >= 1, position <= scope.targets.count
            else { throw viewDeparseUnsupported("this ORDER BY position") }
            return scope.targets[position - 1].node
        }
        if case .columnRef(let parts) = e.kind, parts.count == 1 {
            let matches = scope.targets.filter { $0.name == parts[0] }
            let asInput = try? column(parts)
            if matches.count == 1 && (preferOutput || asInput == nil) {
                return matches[0].node
            }
        }
        return try typed(e)
    }

    /// An ORDER BY item of a query; a set operation sorts by position.
    func sortItem(_ item: SortItem, scope: QueryScopeLevel, isSetOp: Bool) throws
        -> AnalysedSortItem
    {
        let suffix = try sortSuffix(item)
        if isSetOp {
            var position: Int?
            switch item.expr.kind {
            case .literal(.integer(let digits)): position = Int(digits)
            case .columnRef(let parts) where parts.count == 1:
                position = scope.outputNames.firstIndex(of: parts[0]).map { $0 + 1 }
            default: break
            }
            guard let position, position >= 1, position <= scope.outputNames.count else {
                throw viewDeparseUnsupported("this ORDER BY of a set operation")
            }
            return AnalysedSortItem(
                node: .constant(String(position), .int4), columnNumber: position,
                suffix: suffix)
        }
        let node = try groupKey(item.expr, scope: scope, preferOutput: true)
        return AnalysedSortItem(node: node, columnNumber: nil, suffix: suffix)
    }

    /// get_rule_orderby's words after a key: ASC is the default, DESC
    /// sorts NULLs first unless told.
    func sortSuffix(_ item: SortItem) throws -> String {
        var descending = item.direction == .descending
        if let op = item.usingOperator {
            switch op {
            case "<": descending = false
            case ">": descending = true
            default: throw viewDeparseUnsupported("ORDER BY USING")
            }
        }
        if descending { return item.nulls == .last ? " DESC NULLS LAST" : " DESC" }
        return item.nulls == .first ? " NULLS FIRST" : ""
    }
}
