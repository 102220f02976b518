// pg_get_viewdef: a view's query printed as ruleutils.c's get_query_def
// prints the analysed query PostgreSQL keeps in the view's _RETURN rule.
// The catalog keeps the raw query (relations qualified, ViewDefinition),
// so it is analysed here first as parse analysis would: `*` expanded,
// column references resolved to their range table entries, literals
// typed and implicit casts placed (CatalogDeparser). Range table entries
// are then named as set_rtable_names names them: unique across a query
// level and the levels around it, `items` becoming `items_1` inside a
// subquery of a query that already reads `items`. The typed query is
// printed by ViewDeparser+Printing.swift. Shapes the analysis does not
// cover raise 0A000 rather than print something PostgreSQL would not.
import SQLParser

/// A query analysed for printing: one level of get_query_def.
struct AnalysedQuery {
    var ctes: [AnalysedCTE] = []
    var isRecursive = false
    var body: AnalysedBody
    var orderBy: [AnalysedSortItem] = []
    var limit: AnalysedNode?
    var offset: AnalysedNode?
    /// The output columns.
    var columns: [(name: String, type: PGType)]

    /// True when a set operation must parenthesise this query as one of
    /// its inputs (gram.y: WITH, ORDER BY and LIMIT bind to the whole).
    var needsParentheses: Bool {
        !ctes.isEmpty || !orderBy.isEmpty || limit != nil || offset != nil
    }
}

/// A plain SELECT or a set operation over two queries.
indirect enum AnalysedBody {
    case select(AnalysedSelect)
    /// A VALUES list, each item coerced to its column's type.
    case values([[AnalysedNode]])
    case setOperation(SetOperator, all: Bool, AnalysedQuery, AnalysedQuery)
}

/// One WITH query.
struct AnalysedCTE {
    var name: String
    var columnNames: [String]
    var materialized: CommonTableExpr.Materialized
    var query: AnalysedQuery
}

/// The clauses of a plain SELECT.
struct AnalysedSelect {
    /// nil without DISTINCT, empty for DISTINCT, the keys of DISTINCT ON.
    var distinct: [AnalysedNode]?
    var targets: [AnalysedTarget] = []
    var from: [AnalysedFromItem] = []
    var whereClause: AnalysedNode?
    var groupBy: [AnalysedNode] = []
    /// GROUP BY's elements when it has ROLLUP, CUBE, GROUPING SETS or ().
    var groupingSets: [AnalysedGroupingSet] = []
    var having: AnalysedNode?
    var windows: [(name: String, spec: AnalysedWindowSpec)] = []
}

/// One grouping set as get_rule_groupingset prints it.
indirect enum AnalysedGroupingSet {
    case simple([AnalysedNode])
    case empty
    case rollup([AnalysedGroupingSet])
    case cube([AnalysedGroupingSet])
    case sets([AnalysedGroupingSet])
}

/// One select-list entry, its output name, and whether get_target_list
/// prints `AS name`.
struct AnalysedTarget {
    var node: AnalysedNode
    var name: String
    var printsName = false
}

/// One FROM item.
indirect enum AnalysedFromItem {
    /// `columnAliases`: the column names an alias list gives (all of
    /// them, as get_column_alias_list prints them).
    case relation(
        DeparseEntry, text: String, only: Bool, hasAlias: Bool, columnAliases: [String]?)
    case subquery(DeparseEntry, AnalysedQuery, lateral: Bool, columnAliases: [String]?)
    /// A function in FROM; its alias and column names always print.
    case function(DeparseEntry, AnalysedNode, ordinality: Bool, lateral: Bool)
    case cte(DeparseEntry, name: String, hasAlias: Bool)
    case join(
        JoinExpr.Kind, AnalysedFromItem, AnalysedFromItem, using: [String]?, on: AnalysedNode?)
}

/// An ORDER BY (or aggregate ORDER BY) item: its key, or the output
/// column number a set operation sorts by, and the words after it.
struct AnalysedSortItem {
    var node: AnalysedNode
    var columnNumber: Int?
    var suffix: String
}

/// An aggregate or window function call.
struct AnalysedAggregate {
    var name: String
    var arguments: [AnalysedNode]
    var isStar = false
    var isDistinct = false
    var orderBy: [AnalysedSortItem] = []
    var filter: AnalysedNode?
    /// The window of a window function: a WINDOW clause name or a spec.
    var windowName: String?
    var window: AnalysedWindowSpec?
    var type: PGType
}

/// `(PARTITION BY .. ORDER BY .. frame)`.
struct AnalysedWindowSpec {
    var partitionBy: [AnalysedNode]
    var orderBy: [AnalysedSortItem]
    /// The frame's words before and after each offset, and the offsets.
    var frame: [(words: String, offset: AnalysedNode?)]
}

/// A subquery in an expression.
struct AnalysedSublink {
    enum Kind {
        case exists, expression, array
        case any(String)
        case all(String)
    }
    var kind: Kind
    var test: AnalysedNode?
    var query: AnalysedQuery
    var type: PGType
}

/// One range table entry; `refname` is filled in once the whole query
/// is analysed, as set_rtable_names does before printing.
final class DeparseEntry {
    /// The name the entry would like (alias, relation or CTE name).
    let wanted: String
    /// The unique name it prints as.
    var refname: String
    /// What qualified references match: the alias, else the name.
    let matchName: String
    /// The relation's schema (a reference may qualify with it).
    let schema: String?
    var columns: [(name: String, type: PGType)]

    init(wanted: String, matchName: String, schema: String?, columns: [(String, PGType)]) {
        self.wanted = wanted
        refname = wanted
        self.matchName = matchName
        self.schema = schema
        self.columns = columns
    }
}

/// One query level's range table for naming, and the levels below it.
final class NamingLevel {
    var entries: [DeparseEntry] = []
    var children: [NamingLevel] = []
    /// Names the level takes before its entries (the view's old/new).
    var reserved: [String] = []
}

/// The error for what the view deparser does not cover.
func viewDeparseUnsupported(_ what: String) -> SQLError {
    SQLError.notSupported("pg_get_viewdef does not support \(what) yet")
}

/// Analyses a view's query (ViewDeparser+Scope.swift resolves names).
final class ViewDeparser {
    let catalog: Catalog
    let searchPath: [String]
    let base: CatalogDeparser
    /// The scopes of the levels being analysed, innermost last.
    var scopes: [QueryScopeLevel] = []

    init(catalog: Catalog, searchPath: [String]) {
        self.catalog = catalog
        self.searchPath = searchPath
        base = CatalogDeparser(columns: [], catalog: catalog, searchPath: searchPath)
    }

    /// pg_get_viewdef's text for `view`.
    static func definition(
        of view: ViewDefinition, catalog: Catalog, searchPath: [String], pretty: Bool,
        wrapColumn: Int = 0
    ) throws -> String {
        if view.isSystem || view.owningExtension != nil {
            throw viewDeparseUnsupported("views of the system or of extensions")
        }
        let deparser = ViewDeparser(catalog: catalog, searchPath: searchPath)
        let root = NamingLevel()
        root.reserved = ["old", "new"]
        let query = try deparser.query(
            view.query, naming: root, resultNames: view.columns.map(\.name), visible: true)
        if query.columns.count != view.columns.count {
            throw viewDeparseUnsupported("views whose tables gained columns behind a *")
        }
        ViewDeparser.assignNames(root, parents: [:])
        var printer = RuleUtilsPrinter()
        printer.pretty = pretty
        printer.wrapColumn = wrapColumn
        printer.query(query, startIndent: 0)
        return printer.out + ";"
    }

    // MARK: - Naming

    /// set_rtable_names: each entry takes its wanted name, or the first
    /// `name_N` free among this level's and the enclosing levels' names.
    static func assignNames(_ level: NamingLevel, parents: [String: Int]) {
        var used = parents
        for name in used.keys { used[name] = 0 }
        for name in level.reserved { used[unique(name, &used)] = 0 }
        for entry in level.entries {
            entry.refname = unique(entry.wanted, &used)
        }
        for child in level.children { assignNames(child, parents: used) }
    }

    private static func unique(_ name: String, _ used: inout [String: Int]) -> String {
        guard var counter = used[name] else {
            used[name] = 0
            return name
        }
        var candidate: String
        repeat {
            counter += 1
            candidate = "\(name)_\(counter)"
        } while used[candidate] != nil
        used[name] = counter
        used[candidate] = 0
        return candidate
    }

    // MARK: - Queries

    /// A new naming level below `level`.
    func childLevel(of level: NamingLevel) -> NamingLevel {
        let child = NamingLevel()
        level.children.append(child)
        return child
    }

    /// Analyses `q` as the query of `level`; `resultNames` are
    /// the view's column names for its top level, `visible` says whether
    /// the output names matter (get_query_def's colNamesVisible).
    func query(
        _ q: SelectStatement, naming level: NamingLevel, resultNames: [String]?,
        visible: Bool, isSetOperationInput: Bool = false
    ) throws -> AnalysedQuery {
        guard q.locking.isEmpty else { throw viewDeparseUnsupported("FOR UPDATE") }
        guard !q.limitWithTies else { throw viewDeparseUnsupported("FETCH FIRST WITH TIES") }
        let scope = QueryScopeLevel(naming: level, parent: scopes.last)
        scopes.append(scope)
        defer { scopes.removeLast() }

        var ctes: [AnalysedCTE] = []
        if let with = q.with {
            for cte in with.queries {
                if with.isRecursive {
                    // The recursive term reads the CTE typed by the other.
                    scope.ctes[cte.name] = try nonRecursiveTerm(cte, level: level)
                }
                ctes.append(try commonTableExpression(cte, level: level))
                scope.ctes[cte.name] = ctes[ctes.count - 1]
            }
        }
        var result: AnalysedQuery
        switch q.body {
        case .select(let s):
            var select = try self.select(s, scope: scope)
            if !isSetOperationInput {
                // PostgreSQL 10 and later type an untyped literal output as text.
                for index in select.targets.indices
                where select.targets[index].node.type == .unknown {
                    select.targets[index].node = try base.coerce(
                        select.targets[index].node, to: .text, explicit: false)
                }
            }
            try nameTargets(&select, resultNames: resultNames, visible: visible)
            let columns = select.targets.map { ($0.name, $0.node.type) }
            result = AnalysedQuery(body: .select(select), columns: columns)
            scope.targets = select.targets
            scope.outputNames = columns.map(\.0)
            result.orderBy = try q.orderBy.map { try sortItem($0, scope: scope, isSetOp: false) }
        case .setOperation(let op, let all, let left, let right):
            result = try setOperation(
                op, all: all, left, right, level: level, resultNames: resultNames,
                visible: visible)
            scope.outputNames = result.columns.map(\.name)
            result.orderBy = try q.orderBy.map { try sortItem($0, scope: scope, isSetOp: true) }
        case .values(let rows):
            guard q.orderBy.isEmpty, q.limit == nil, q.offset == nil else {
                throw viewDeparseUnsupported("VALUES lists with ORDER BY, LIMIT or OFFSET")
            }
            result = try values(rows, resolveUnknown: !isSetOperationInput)
            // get_simple_values_rte: a VALUES list named otherwise than
            // column1, column2... prints as a SELECT over it instead.
            if let resultNames, resultNames != result.columns.map(\.name) {
                throw viewDeparseUnsupported("VALUES lists whose columns the view renames")
            }
            scope.outputNames = result.columns.map(\.name)
        }
        result.ctes = ctes
        result.isRecursive = q.with?.isRecursive ?? false
        result.limit = try q.limit.flatMap { try limitExpression($0) }
        result.offset = try q.offset.map { try limitExpression($0) ?? .constant(nil, .int8) }
        return result
    }

    /// LIMIT and OFFSET values, coerced to bigint; nil for LIMIT ALL.
    private func limitExpression(_ e: Expr) throws -> AnalysedNode? {
        let node = try typed(e)
        if case .constant(nil, _) = node { return .constant(nil, .int8) }
        return try base.coerce(node, to: .int8, explicit: false)
    }

    /// The output names of a SELECT (the view's column names at its top
    /// level) and which get_target_list prints: a plain column reference
    /// named otherwise than its column, any other expression where the
    /// names are visible, else one whose name is not `?column?`.
    private func nameTargets(
        _ s: inout AnalysedSelect, resultNames: [String]?, visible: Bool
    ) throws {
        for index in s.targets.indices {
            if let resultNames, index < resultNames.count {
                s.targets[index].name = resultNames[index]
            }
            let name = s.targets[index].name
            if let column = variableName(s.targets[index].node) {
                s.targets[index].printsName = column != name
            } else {
                s.targets[index].printsName = visible || name != "?column?"
            }
        }
    }

    private func commonTableExpression(_ cte: CommonTableExpr, level: NamingLevel) throws
        -> AnalysedCTE
    {
        guard case .select(let inner) = cte.statement else {
            throw viewDeparseUnsupported("data-modifying WITH queries")
        }
        var query = try self.query(
            inner, naming: childLevel(of: level), resultNames: nil, visible: true)
        for (index, name) in cte.columnNames.enumerated() where index < query.columns.count {
            query.columns[index].name = name
        }
        return AnalysedCTE(
            name: cte.name, columnNames: cte.columnNames, materialized: cte.materialized,
            query: query)
    }

    /// A recursive WITH query as its non-recursive term (the left input
    /// of its UNION) types it, for the recursive term to read.
    private func nonRecursiveTerm(_ cte: CommonTableExpr, level: NamingLevel) throws
        -> AnalysedCTE?
    {
        guard case .select(let inner) = cte.statement,
            case .setOperation(.union, _, let left, _) = inner.body
        else { return nil }
        var columns = try query(
            left, naming: childLevel(of: level), resultNames: nil, visible: true
        ).columns.map { (name: $0.name, type: $0.type == .unknown ? PGType.text : $0.type) }
        for (index, name) in cte.columnNames.enumerated() where index < columns.count {
            columns[index].name = name
        }
        return AnalysedCTE(
            name: cte.name, columnNames: cte.columnNames, materialized: cte.materialized,
            query: AnalysedQuery(body: .select(AnalysedSelect()), columns: columns))
    }

    /// A set operation's level: its inputs are the entries `*SELECT* n`,
    /// each a query of its own below it.
    private func setOperation(
        _ op: SetOperator, all: Bool, _ left: SelectStatement, _ right: SelectStatement,
        level: NamingLevel, resultNames: [String]?, visible: Bool
    ) throws -> AnalysedQuery {
        var leaves = 0
        func input(_ q: SelectStatement, visible: Bool) throws -> AnalysedQuery {
            if case .setOperation(let op, let all, let l, let r) = q.body, q.with == nil,
                q.orderBy.isEmpty, q.limit == nil, q.offset == nil
            {
                let lq = try input(l, visible: visible)
                let rq = try input(r, visible: false)
                return AnalysedQuery(
                    body: .setOperation(op, all: all, lq, rq), columns: lq.columns)
            }
            leaves += 1
            let entry = DeparseEntry(
                wanted: "*SELECT* \(leaves)", matchName: "", schema: nil, columns: [])
            level.entries.append(entry)
            return try query(
                q, naming: childLevel(of: level), resultNames: resultNames, visible: visible,
                isSetOperationInput: true)
        }
        var l = try input(left, visible: visible)
        var r = try input(right, visible: false)
        guard l.columns.count == r.columns.count else {
            throw viewDeparseUnsupported("set operations with differing column counts")
        }
        var columns: [(name: String, type: PGType)] = []
        for (a, b) in zip(l.columns, r.columns) {
            let type = try commonType([a.type, b.type], locations: [], construct: op.rawValue)
            columns.append((a.name, type == .unknown ? .text : type))
        }
        try resolveUnknownOutputs(&l, columns.map(\.type))
        try resolveUnknownOutputs(&r, columns.map(\.type))
        return AnalysedQuery(body: .setOperation(op, all: all, l, r), columns: columns)
    }

    /// transformValuesClause: each column takes the common type of its
    /// items (text for untyped literals alone), named column1, column2...
    private func values(_ rows: [[Expr]], resolveUnknown: Bool) throws -> AnalysedQuery {
        var nodes = try rows.map { try $0.map { try typed($0) } }
        guard let width = nodes.first?.count, width > 0, nodes.allSatisfy({ $0.count == width })
        else { throw viewDeparseUnsupported("this VALUES list") }
        var columns: [(name: String, type: PGType)] = []
        for column in 0..<width {
            var type = try commonType(
                nodes.map { $0[column].type }, locations: [], construct: "VALUES")
            if type == .unknown && resolveUnknown { type = .text }
            for row in nodes.indices {
                nodes[row][column] = try base.coerce(
                    nodes[row][column], to: type, explicit: false)
            }
            columns.append(("column\(column + 1)", type))
        }
        return AnalysedQuery(body: .values(nodes), columns: columns)
    }

    /// A set operation coerces an untyped literal output of an input to
    /// the column's type in place (transformSetOperationTree).
    private func resolveUnknownOutputs(_ q: inout AnalysedQuery, _ types: [PGType]) throws {
        switch q.body {
        case .select(var s):
            for index in s.targets.indices where index < types.count {
                if case .constant(let text, let type) = s.targets[index].node, type == .unknown {
                    s.targets[index].node = try base.coerce(
                        .constant(text, .unknown), to: types[index], explicit: false)
                }
            }
            q.body = .select(s)
        case .setOperation(let op, let all, var l, var r):
            try resolveUnknownOutputs(&l, types)
            try resolveUnknownOutputs(&r, types)
            q.body = .setOperation(op, all: all, l, r)
        case .values(var rows):
            for row in rows.indices {
                for index in rows[row].indices where index < types.count {
                    if rows[row][index].type == .unknown {
                        rows[row][index] = try base.coerce(
                            rows[row][index], to: types[index], explicit: false)
                    }
                }
            }
            q.body = .values(rows)
        }
    }

    /// The column name a target's expression is a plain reference to.
    func variableName(_ node: AnalysedNode) -> String? {
        if case .variable(_, let column, _) = node { return column }
        return nil
    }
}
