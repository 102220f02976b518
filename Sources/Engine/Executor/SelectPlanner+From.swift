// The FROM clause: tables (with their partitions), WITH queries,
// subqueries, joins of every kind with ON, USING and NATURAL, comma lists
// as cross joins, and LATERAL. Each item is planned into its own scope
// and then appended to the level's scope, so every node's rows line up
// with the slots its expressions were compiled against.
import SQLParser

/// A planned FROM item.
struct FromItemPlan {
    var node: PlanNode
    /// Set when the item is one table scan (WHERE can be pushed into it).
    var scan: SeqScanNode?
    var isLateral = false
}

extension Executor {
    /// Plans a FROM list into `scope`; nil for no FROM clause. Items after
    /// the first join the ones before them as a hash join when
    /// `whereClause` equates columns of both, else as a cross join; the
    /// caller filters the result by the whole WHERE clause either way.
    func planFromList(_ items: [TableRef], scope: QueryScope, whereClause: Expr? = nil) throws
        -> FromItemPlan?
    {
        var result: FromItemPlan?
        for item in items {
            let local = QueryScope(parent: scope.parent, parameters: parameters)
            let leftWidth = scope.width
            let planned = try planFromItem(item, into: local, lateralScope: scope)
            try checkDuplicateNames(scope, local)
            var keys: [HashJoinKeyPair]?
            if result != nil, !planned.isLateral, let whereClause {
                keys = hashJoinKeys(where: whereClause, left: scope, right: local)
            }
            scope.absorb(local)
            if let previous = result {
                // TODO(#6): WHERE conditions on the items left of a LATERAL
                // function apply after it ran, so it also sees rows that
                // PostgreSQL's pushed-down conditions would have removed.
                let join: PlanNode
                if let keys {
                    join = HashJoinNode(
                        kind: .inner, left: previous.node, right: planned.node, keys: keys,
                        residual: nil, leftWidth: leftWidth, rightWidth: local.width)
                } else {
                    join = NestedLoopJoinNode(
                        kind: .cross, left: previous.node, right: planned.node, condition: nil,
                        leftWidth: leftWidth, rightWidth: local.width,
                        isLateral: planned.isLateral)
                }
                result = FromItemPlan(node: join, scan: nil)
            } else {
                result = planned
            }
        }
        return result
    }

    private func checkDuplicateNames(_ a: QueryScope, _ b: QueryScope) throws {
        let names = Set(a.entries.filter { !$0.isHidden }.map(\.refName))
        for entry in b.entries where !entry.isHidden && names.contains(entry.refName) {
            throw SQLError(
                SQLState.duplicateAlias, "table name \"\(entry.refName)\" specified more than once")
        }
    }

    /// Plans one FROM item into `scope` (which starts empty).
    /// `lateralScope` holds the items to its left, which a LATERAL item
    /// may reference.
    func planFromItem(_ ref: TableRef, into scope: QueryScope, lateralScope: QueryScope) throws
        -> FromItemPlan
    {
        switch ref {
        case .table(let name, let alias, _):
            return try planTableItem(name, alias: alias, into: scope)
        case .subquery(let query, let alias, let lateral):
            guard let alias else {
                throw SQLError(
                    SQLState.syntaxError, "subquery in FROM must have an alias",
                    hint: "For example, FROM (SELECT ...) [AS] foo.",
                    position: query.location >= 0 ? query.location + 1 : nil)
            }
            let plan = try planQuery(query, outer: lateral ? lateralScope : scope.parent)
            let names = try aliasColumnNames(alias, plan.columns.map(\.name))
            scope.addEntry(
                refName: alias.name, schema: nil,
                columns: zip(names, plan.columns).map { ($0.0, $0.1.type) })
            return FromItemPlan(node: plan.root, scan: nil, isLateral: lateral)
        case .function(let call, let alias, _, let ordinality, let location):
            return try planFunctionItem(
                call, alias: alias, ordinality: ordinality, location: location, into: scope,
                lateralScope: lateralScope)
        case .join(let join):
            return try planJoin(join, into: scope, lateralScope: lateralScope)
        }
    }

    private func aliasColumnNames(_ alias: Alias?, _ names: [String]) throws -> [String] {
        guard let alias, !alias.columnNames.isEmpty else { return names }
        guard alias.columnNames.count <= names.count else {
            throw SQLError(
                SQLState.invalidColumnReference,
                "table \"\(alias.name)\" has \(names.count) columns available but \(alias.columnNames.count) columns specified"
            )
        }
        return alias.columnNames + names.dropFirst(alias.columnNames.count)
    }

    private func planTableItem(_ name: QualifiedName, alias: Alias?, into scope: QueryScope) throws
        -> FromItemPlan
    {
        if name.parts.count == 1, let cte = commonTable(name.name) {
            let names = try aliasColumnNames(alias, cte.columns.map(\.name))
            scope.addEntry(
                refName: alias?.name ?? name.name, schema: nil,
                columns: zip(names, cte.columns).map { ($0.0, $0.1.type) })
            return FromItemPlan(node: cte.node, scan: nil)
        }
        if let view = try lookupView(name) {
            // A view over this view depends on it, not on its tables.
            let recording = viewColumnUsage
            viewColumnUsage = nil
            defer { viewColumnUsage = recording }
            let subquery = try viewSubquery(view, alias: alias)
            return try planFromItem(subquery, into: scope, lateralScope: scope)
        }
        if let (_, oid) = (try? lookupRelation(name)) ?? nil, let sequence = catalog.sequence(oid) {
            return try planSequenceItem(sequence, alias: alias, into: scope)
        }
        let table = try resolveTable(name)
        let live = table.liveColumns
        let names = try aliasColumnNames(alias, live.map { table.columns[$0].name })
        let usage = ColumnUsage()
        viewColumnUsage?.append((table.oid, usage))
        let scan = SeqScanNode(
            session: session, targets: scanTargets(table), width: table.columns.count, usage: usage)
        scope.addEntry(
            refName: alias?.name ?? table.name, schema: alias == nil ? table.schema : nil,
            columns: zip(names, live).map { ($0.0, table.columns[$0.1].type) }, physical: live,
            table: table, rowWidth: table.columns.count, usage: usage)
        return FromItemPlan(node: scan, scan: scan)
    }

    /// A sequence read as a table: its one row of last_value, log_cnt
    /// and is_called.
    private func planSequenceItem(
        _ sequence: SequenceDefinition, alias: Alias?, into scope: QueryScope
    ) throws -> FromItemPlan {
        let state = session.engine.sequenceStates.state(sequence.oid, start: sequence.start)
        let columns: [(String, PGType)] = [
            ("last_value", .int8), ("log_cnt", .int8), ("is_called", .bool),
        ]
        let names = try aliasColumnNames(alias, columns.map(\.0))
        scope.addEntry(
            refName: alias?.name ?? sequence.name, schema: alias == nil ? sequence.schema : nil,
            columns: zip(names, columns).map { ($0.0, $0.1.1) })
        let row: Row = [.int8(state.lastValue), .int8(state.logCount), .bool(state.isCalled)]
        return FromItemPlan(node: RowsNode(rows: [row]), scan: nil)
    }

    private func planJoin(_ join: JoinExpr, into scope: QueryScope, lateralScope: QueryScope) throws
        -> FromItemPlan
    {
        let leftScope = QueryScope(parent: scope.parent, parameters: parameters)
        let left = try planFromItem(join.left, into: leftScope, lateralScope: lateralScope)
        let rightScope = QueryScope(parent: scope.parent, parameters: parameters)
        let right = try planFromItem(join.right, into: rightScope, lateralScope: leftScope)
        try checkDuplicateNames(leftScope, rightScope)
        let joined = QueryScope(parent: scope.parent, parameters: parameters)
        joined.absorb(leftScope)
        joined.absorb(rightScope)
        var condition: CompiledExpr?
        var hashing: (keys: [HashJoinKeyPair], residual: CompiledExpr?)?
        var usingPairs: [(ScopeColumn, ScopeColumn)] = []
        switch join.condition {
        case .none:
            break
        case .on(let e):
            let compiled = try analyzer(joined).compileCondition(e, clause: "JOIN/ON")
            condition = compiled
            if !right.isLateral {
                hashing = hashJoinKeys(e, compiled: compiled, left: leftScope, right: rightScope)
            }
        case .using(let names):
            condition = try usingCondition(
                names, join.kind, leftScope, rightScope, joined, pairs: &usingPairs)
        case .natural:
            let rightNames = Set(rightScope.starColumns.map(\.name))
            var names: [String] = []
            for c in leftScope.starColumns
            where rightNames.contains(c.name) && !names.contains(c.name) {
                names.append(c.name)
            }
            condition = try usingCondition(
                names, join.kind, leftScope, rightScope, joined, pairs: &usingPairs)
        }
        if !usingPairs.isEmpty, !right.isLateral,
            let keys = hashJoinKeys(using: usingPairs, leftWidth: leftScope.width)
        {
            hashing = (keys, nil)
        }
        let node: PlanNode
        if let hashing {
            node = HashJoinNode(
                kind: join.kind, left: left.node, right: right.node, keys: hashing.keys,
                residual: hashing.residual, leftWidth: leftScope.width,
                rightWidth: rightScope.width)
        } else {
            node = NestedLoopJoinNode(
                kind: join.kind, left: left.node, right: right.node, condition: condition,
                leftWidth: leftScope.width, rightWidth: rightScope.width,
                isLateral: right.isLateral)
        }
        if let alias = join.alias {
            let names = try aliasColumnNames(alias, joined.starColumns.map(\.name))
            for entry in joined.entries { entry.isHidden = true }
            let columns = zip(names, joined.starColumns).map { name, c -> ScopeColumn in
                ScopeColumn(name: name, type: c.type, slot: c.slot, physical: nil)
            }
            joined.entries.append(RangeEntry(refName: alias.name, schema: nil, columns: columns))
            joined.mergedColumns = [:]
        }
        scope.absorb(joined)
        return FromItemPlan(node: node, scan: nil)
    }

    /// JOIN USING (names): equality of each pair, the merged columns, and
    /// PostgreSQL's `*` order (merged columns first).
    private func usingCondition(
        _ names: [String], _ kind: JoinExpr.Kind, _ left: QueryScope, _ right: QueryScope,
        _ joined: QueryScope, pairs: inout [(ScopeColumn, ScopeColumn)]
    ) throws -> CompiledExpr? {
        var conditions: [CompiledExpr] = []
        var merged: [ScopeColumn] = []
        var leftUsed: Set<Int> = []
        var rightUsed: Set<Int> = []
        for name in names {
            let l = try usingColumn(name, in: left, side: "left")
            var r = try usingColumn(name, in: right, side: "right")
            r.slot += left.width
            let pair = QueryScope(parent: nil, parameters: nil)
            pair.entries = [
                RangeEntry(refName: "l", schema: nil, columns: [l]),
                RangeEntry(refName: "r", schema: nil, columns: [r]),
            ]
            let equality = Expr(
                .binary(op: "=", Expr(.columnRef(["l", name])), Expr(.columnRef(["r", name]))))
            conditions.append(try analyzer(pair).compileCondition(equality, clause: "JOIN/USING"))
            joined.noteUse(l)
            joined.noteUse(r)
            pairs.append((l, r))
            merged.append(kind == .right ? r : l)
            leftUsed.insert(l.slot)
            rightUsed.insert(r.slot)
            // TODO(#6): FULL JOIN USING should merge as COALESCE(l, r).
            joined.mergedColumns[name] = kind == .right ? r : l
        }
        let rest = joined.starColumns.filter {
            !leftUsed.contains($0.slot) && !rightUsed.contains($0.slot)
        }
        joined.starColumns = merged + rest
        guard !conditions.isEmpty else { return nil }
        let closures = conditions.map(\.evaluate)
        return CompiledExpr(type: .bool) { row, ctx in
            var sawNull = false
            for f in closures {
                switch try f(row, ctx) {
                case .bool(false): return .bool(false)
                case .null: sawNull = true
                default: break
                }
            }
            return sawNull ? .null : .bool(true)
        }
    }

    private func usingColumn(_ name: String, in scope: QueryScope, side: String) throws
        -> ScopeColumn
    {
        let matches = scope.starColumns.filter { $0.name == name }
        if matches.isEmpty {
            throw SQLError(
                SQLState.undefinedColumn,
                "column \"\(name)\" specified in USING clause does not exist in \(side) table")
        }
        if matches.count > 1 {
            throw SQLError(
                SQLState.ambiguousColumn,
                "common column name \"\(name)\" appears more than once in \(side) table")
        }
        return matches[0]
    }
}
