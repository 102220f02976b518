// Views are macros over queries, as PostgreSQL's rewriter (fireRIRrules)
// treats them: before a statement is planned, and before the planner hook
// sees it, every reference to a view in a readable position (FROM, JOIN,
// subqueries, WITH queries) becomes a subquery in FROM holding the view's
// query, so the distribution layer plans a query over base tables only.
// The same walk, run when a view is created, qualifies the relations its
// query reads and records them as the view's dependencies.
import SQLParser

/// Rewrites the relation references of one statement.
struct ViewExpander {
    enum Mode {
        /// Replace views by their queries.
        case expand
        /// Qualify relation names with their schema and collect the
        /// relations read (CREATE VIEW).
        case bind
    }

    let catalog: Catalog
    let searchPath: [String]
    let mode: Mode
    /// WITH query names visible at the current level, innermost last.
    private var cteScopes: [Set<String>] = []
    /// Views being expanded, outermost first (a cycle is an error).
    private var expanding: [RelationID] = []
    /// Relations the statement reads (filled in `.bind` mode).
    private(set) var dependencies: Set<RelationID> = []
    /// True once a view was replaced.
    private(set) var changed = false
    /// The names of the `filtersFirst` views expanded in the current
    /// FROM clause (ViewExpansion+Filters.swift).
    private var filtersFirst: Set<String> = []

    init(catalog: Catalog, searchPath: [String], mode: Mode) {
        self.catalog = catalog
        self.searchPath = searchPath
        self.mode = mode
    }

    // MARK: Statements

    /// `statement` with its views expanded; DDL and utility statements
    /// come back unchanged.
    mutating func statement(_ s: Statement) throws -> Statement {
        switch s {
        case .select(let q): return .select(try query(q))
        case .insert(let i): return .insert(try insert(i))
        case .update(let u): return .update(try update(u))
        case .delete(let d): return .delete(try delete(d))
        case .explain(var e):
            e.statement = try statement(e.statement)
            return .explain(e)
        default: return s
        }
    }

    private mutating func insert(_ i: InsertStatement) throws -> InsertStatement {
        var i = i
        let pushed = try pushWith(&i.with)
        defer { popWith(pushed) }
        if case .select(let q) = i.source { i.source = .select(try query(q)) }
        i.returning = try targets(i.returning)
        return i
    }

    private mutating func update(_ u: UpdateStatement) throws -> UpdateStatement {
        var u = u
        let pushed = try pushWith(&u.with)
        defer { popWith(pushed) }
        for index in u.set.indices { u.set[index].value = try expr(u.set[index].value) }
        u.from = try u.from.map { try table($0) }
        u.whereClause = try u.whereClause.map { try expr($0) }
        u.returning = try targets(u.returning)
        return u
    }

    private mutating func delete(_ d: DeleteStatement) throws -> DeleteStatement {
        var d = d
        let pushed = try pushWith(&d.with)
        defer { popWith(pushed) }
        d.using = try d.using.map { try table($0) }
        d.whereClause = try d.whereClause.map { try expr($0) }
        d.returning = try targets(d.returning)
        return d
    }

    // MARK: Queries

    /// `q` rewritten; its WITH names shadow relations inside it.
    mutating func query(_ q: SelectStatement) throws -> SelectStatement {
        var q = q
        let pushed = try pushWith(&q.with)
        defer { popWith(pushed) }
        q.body = try body(q.body)
        q.orderBy = try q.orderBy.map { try sort($0) }
        q.limit = try q.limit.map { try expr($0) }
        q.offset = try q.offset.map { try expr($0) }
        if mode == .bind { q.location = Self.storedLocation(q.location) }
        return q
    }

    /// Rewrites a WITH clause's queries, each seeing the names before it
    /// (all of them under RECURSIVE), and leaves its names in scope.
    private mutating func pushWith(_ with: inout WithClause?) throws -> Bool {
        guard var clause = with else { return false }
        cteScopes.append(clause.isRecursive ? Set(clause.queries.map(\.name)) : [])
        for index in clause.queries.indices {
            let inner = try statement(clause.queries[index].statement)
            clause.queries[index].statement = inner
            cteScopes[cteScopes.count - 1].insert(clause.queries[index].name)
        }
        with = clause
        return true
    }

    private mutating func popWith(_ pushed: Bool) {
        if pushed { cteScopes.removeLast() }
    }

    private mutating func body(_ b: SelectBody) throws -> SelectBody {
        switch b {
        case .select(var s):
            let filteredBefore = filtersFirst
            filtersFirst = []
            s.from = try s.from.map { try table($0) }
            let filtered = filtersFirst
            filtersFirst = filteredBefore
            s.targets = try targets(s.targets)
            s.whereClause = try s.whereClause.map { try expr($0) }
            if !filtered.isEmpty { s = pushingFilters(s, into: filtered) }
            s.having = try s.having.map { try expr($0) }
            s.groupBy = try s.groupBy.map { try grouping($0) }
            if case .on(let exprs) = s.distinct { s.distinct = .on(try exprs.map { try expr($0) }) }
            return .select(s)
        case .values(let rows):
            return .values(try rows.map { try $0.map { try expr($0) } })
        case .setOperation(let op, let all, let left, let right):
            return .setOperation(op, all: all, try query(left), try query(right))
        }
    }

    private mutating func targets(_ list: [ResultTarget]) throws -> [ResultTarget] {
        try list.map { ResultTarget(expr: try expr($0.expr), alias: $0.alias) }
    }

    private mutating func grouping(_ g: GroupingElement) throws -> GroupingElement {
        switch g {
        case .expr(let e): return .expr(try expr(e))
        case .empty: return .empty
        case .rollup(let sets): return .rollup(try sets.map { try $0.map { try expr($0) } })
        case .cube(let sets): return .cube(try sets.map { try $0.map { try expr($0) } })
        case .groupingSets(let list): return .groupingSets(try list.map { try grouping($0) })
        }
    }

    private mutating func sort(_ s: SortItem) throws -> SortItem {
        var s = s
        s.expr = try expr(s.expr)
        return s
    }

    // MARK: FROM items

    private mutating func table(_ t: TableRef) throws -> TableRef {
        switch t {
        case .table(let name, let alias, let only):
            return try relation(name, alias: alias, only: only) ?? t
        case .subquery(let q, let alias, let lateral):
            return .subquery(try query(q), alias: alias, lateral: lateral)
        case .function(let call, let alias, let lateral, let ordinality, let location):
            return .function(
                try function(call), alias: alias, lateral: lateral,
                withOrdinality: ordinality, location: location)
        case .join(var join):
            join.left = try table(join.left)
            join.right = try table(join.right)
            if case .on(let e) = join.condition { join.condition = .on(try expr(e)) }
            return .join(join)
        }
    }

    /// The replacement of a relation reference, nil to keep it.
    private mutating func relation(_ name: QualifiedName, alias: Alias?, only: Bool) throws
        -> TableRef?
    {
        if name.parts.count == 1, cteScopes.contains(where: { $0.contains(name.name) }) {
            return nil
        }
        guard let (schema, oid) = resolve(name) else { return nil }
        switch mode {
        case .bind:
            dependencies.insert(oid)
            let qualified = QualifiedName([schema, name.name], location: -1)
            return .table(qualified, alias: alias, only: only)
        case .expand:
            guard let view = catalog.view(oid) else { return nil }
            return try expandView(view, alias: alias)
        }
    }

    /// The FROM item a reference to `view` (named by `alias`) expands to.
    mutating func expandReference(_ view: ViewDefinition, alias: Alias?) throws -> TableRef {
        try expandView(view, alias: alias)
    }

    /// The view's query as a subquery named like the reference.
    private mutating func expandView(_ view: ViewDefinition, alias: Alias?) throws -> TableRef {
        if expanding.contains(view.oid) {
            throw SQLError(
                SQLState.invalidObjectDefinition,
                "infinite recursion detected in rules for relation \"\(view.name)\"")
        }
        expanding.append(view.oid)
        let saved = cteScopes
        cteScopes = []
        defer {
            expanding.removeLast()
            cteScopes = saved
        }
        var inner = try query(view.query)
        changed = true
        if view.selectsStar { inner = Self.fixedColumns(inner, of: view) }
        let given = alias?.columnNames ?? []
        let names = given + view.columns.map(\.name).dropFirst(given.count)
        let name = alias?.name ?? view.name
        if view.filtersFirst { filtersFirst.insert(name) }
        return .subquery(inner, alias: Alias(name: name, columnNames: names), lateral: false)
    }

    /// `SELECT <the view's columns> FROM (query) view`: a star in the
    /// view's query may stand for more columns now than at creation.
    private static func fixedColumns(_ query: SelectStatement, of view: ViewDefinition)
        -> SelectStatement
    {
        let names = view.columns.map(\.name)
        let targets = names.map { ResultTarget(expr: Expr(.columnRef([view.name, $0]))) }
        let from = TableRef.subquery(
            query, alias: Alias(name: view.name, columnNames: names), lateral: false)
        return SelectStatement(body: .select(SimpleSelect(targets: targets, from: [from])))
    }

    /// The schema and oid `name` resolves to, as RangeVarGetRelid finds it.
    private func resolve(_ name: QualifiedName) -> (String, RelationID)? {
        if let schema = name.schema {
            guard name.parts.count == 2 else { return nil }
            return catalog.relation(named: name.name, in: schema).map { (schema, $0) }
        }
        for schema in searchPath {
            if let oid = catalog.relation(named: name.name, in: schema) { return (schema, oid) }
        }
        return nil
    }

    /// A stored query's locations point into the CREATE VIEW text; they are
    /// moved below zero (kept distinct) so errors raised while running the
    /// view carry no position into another statement.
    static func storedLocation(_ location: Int) -> Int {
        location >= 0 ? -2 - location : location
    }
}
