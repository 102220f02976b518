// The planner hook: statements that touch distributed or reference tables
// are planned across the shards, the rest run on this node as PostgreSQL
// would run them.
//
// Writes are routed the Citus way: INSERT evaluates its rows on the
// coordinator (functions, defaults, PL/pgSQL variables) and sends each
// shard its rows; UPDATE and DELETE go to the one shard their WHERE clause
// pins the distribution column to, or to every shard. A SELECT that pins
// one shard group runs whole on its worker (a router query); any other
// SELECT reads the shards' rows and finishes on the coordinator.
import Engine
import SQLParser

extension CitusLibrary {
    /// The result of `statement` when it involves Citus tables; nil to let
    /// the node plan it locally.
    func plan(_ statement: Statement, context: StatementContext) throws -> QueryResult? {
        if case .createExtension(let create) = statement {
            return try propagateCreateExtension(create, context: context)
        }
        if let result = try propagateTypeStatement(statement, context: context) {
            return result
        }
        guard !metadata.tables.isEmpty else { return nil }
        // Each statement Citus plans takes the session's next plan id (a
        // PL/pgSQL statement's kept plan is not planned again).
        let session = context.session
        switch statement {
        case .insert(let insert):
            if let kept = context.keptPlan as? InsertValues,
                let record = metadata.tables[kept.relation]
            {
                return try planInsert(insert, into: record, context: context)
            }
            guard let record = citusTable(insert.table, context) else {
                guard insert.with == nil, case .select(let query) = insert.source,
                    readsCitusTables(query, context)
                else { return nil }
                _ = nextPlanID(session)
                return try planInsertSelectIntoLocal(insert, query, context: context)
            }
            _ = nextPlanID(session)
            if insert.with == nil, case .select(let query) = insert.source {
                return try planInsertSelect(insert, query, into: record, context: context)
            }
            return try planInsert(insert, into: record, context: context)
        case .select(let query):
            let names = TableRewriter.tables(in: query)
            guard names.contains(where: { citusTable($0, context) != nil }) else { return nil }
            _ = nextPlanID(session)
            return try planSelect(query, context: context)
        case .update(let update):
            guard let record = citusTable(update.table, context) else { return nil }
            _ = nextPlanID(session)
            return try planUpdate(update, on: record, context: context)
        case .delete(let delete):
            guard let record = citusTable(delete.table, context) else { return nil }
            _ = nextPlanID(session)
            return try planDelete(delete, on: record, context: context)
        case .explain(let explain):
            return try explainDistributed(explain, context: context)
        case .copy(let copy):
            guard copy.isFrom, case .table(let name, _) = copy.source,
                let record = citusTable(name, context)
            else { return nil }
            return try copyIntoShards(copy, record, context: context)
        default:
            return try planUtility(statement, context: context)
        }
    }

    /// The Citus table `name` resolves to, if it is one.
    func citusTable(_ name: QualifiedName, _ context: StatementContext) -> DistributedTableRecord? {
        relationID(name, context).flatMap { metadata.tables[$0] }
    }

    func relationID(_ name: QualifiedName, _ context: StatementContext) -> RelationID? {
        let catalog = context.catalog
        if let schema = name.schema { return catalog.relation(named: name.name, in: schema) }
        for schema in context.session.searchPathSchemas(catalog) {
            if let oid = catalog.relation(named: name.name, in: schema) { return oid }
        }
        return nil
    }

    // MARK: - INSERT

    private func planInsert(
        _ insert: InsertStatement, into record: DistributedTableRecord, context: StatementContext
    ) throws -> QueryResult {
        let values: InsertValues
        let rows: [Row]
        if let kept = context.keptPlan as? InsertValues, kept.relation == record.relation {
            values = kept
            rows = try kept.rows.map { try kept.evaluate($0, context) }
        } else {
            (values, rows) = try analyzeInsertValues(insert, into: record, context: context)
            context.keep(values)
        }
        var template = insert
        template.onConflict = insert.onConflict.map { bindParameters($0, context) }
        template.returning = insert.returning.map {
            ResultTarget(expr: bindParameters($0.expr, context), alias: $0.alias)
        }
        try checkOnConflict(insert, record, context)
        return try send(
            rows, columns: values.columns, like: template, into: record,
            session: context.session)
    }

    /// Sends evaluated rows (whole rows, in `columns` order) to the shards
    /// that hold them, one multi-row INSERT per shard, as `insert` would
    /// insert them (its ON CONFLICT and RETURNING clauses go along).
    /// `reportsRouting` reports a one-row insert's router plan at DEBUG2,
    /// as Citus does for INSERT .. VALUES.
    func send(
        _ rows: [Row], columns: [ColumnDescription], like insert: InsertStatement,
        into record: DistributedTableRecord, session: Session, reportsRouting: Bool = true
    ) throws -> QueryResult {
        var byShard: [Int: [Row]] = [:]
        let key = record.column.flatMap { column in columns.firstIndex { $0.name == column.name } }
        if reportsRouting, rows.count == 1, let key, let column = record.column,
            !rows[0][key].isNull
        {
            reportRouterPlan(fastPath: false, value: (rows[0][key], column.type), session)
        }
        for row in rows {
            var index = 0
            if let key {
                if case .null = row[key] {
                    throw SQLError(
                        SQLState.featureNotSupported,
                        "cannot perform an INSERT with NULL in the partition column")
                }
                index = try shard(of: row[key], in: record).index
            }
            byShard[index, default: []].append(row)
        }
        var total = 0
        var returned: [Row] = []
        var returnedColumns: [ColumnDescription]?
        for (index, shardRows) in byShard.sorted(by: { $0.key < $1.key }) {
            let shard = record.shards[index]
            var statement = insert
            statement.table = QualifiedName([record.schema, record.shardName(shard)])
            statement.alias = insert.alias ?? record.name
            statement.columns = columns.map(\.name)
            // The rows go as values; their text is written out only for
            // whoever reads it (the command log, EXPLAIN, pg_stat_activity,
            // this node).
            statement.source = .values([])
            let text = { [statement, shardRows] in
                deparse(.insert(withLiterals(statement, shardRows, columns)))
            }
            if logsRemoteCommands(session) {
                try logShardInsert(
                    withLiterals(statement, shardRows, columns), original: insert,
                    record: record, shard: shard, taskCount: byShard.count, session: session)
            }
            let supplied = SuppliedRows(rows: shardRows, types: columns.map(\.type))
            let result = try runInsertOnPlacements(
                statement, rows: supplied, text: text, shard, for: session)
            total += rowCount(result.commandTag)
            returned += result.rows
            returnedColumns = returnedColumns ?? result.columns
        }
        return QueryResult(
            commandTag: "INSERT 0 \(total)",
            columns: insert.returning.isEmpty ? nil : returnedColumns, rows: returned)
    }

    /// COPY FROM into a Citus table: the rows are read and checked on the
    /// coordinator and each goes to the shard its distribution column
    /// value hashes to (every placement of a reference table's shard).
    // TODO(#3): citus.log_remote_commands shows the shards' rows sent as
    // INSERTs, where Citus sends COPY commands.
    private func copyIntoShards(
        _ copy: CopyStatement, _ record: DistributedTableRecord, context: StatementContext
    ) throws -> QueryResult {
        let (table, rows) = try context.readCopyRows(copy)
        let live = table.liveColumns
        if let column = record.column, let key = live.firstIndex(where: {
            table.columns[$0].name == column.name
        }), rows.contains(where: { $0[key].isNull }) {
            let table = quoteIdentifier(record.schema) + "." + quoteIdentifier(record.name)
            throw SQLError(
                SQLState.nullValueNotAllowed,
                "the partition column of table \(table) cannot be NULL")
        }
        guard !rows.isEmpty else { return QueryResult(commandTag: "COPY 0") }
        let columns = live.map {
            ColumnDescription(name: table.columns[$0].name, type: table.columns[$0].type)
        }
        let insert = InsertStatement(
            table: QualifiedName([record.schema, record.name]), columns: [], source: .values([]))
        let result = try send(
            rows, columns: columns, like: insert, into: record, session: context.session,
            reportsRouting: false)
        return QueryResult(commandTag: "COPY \(rowCount(result.commandTag))")
    }

    // MARK: - UPDATE and DELETE

    private func planUpdate(
        _ update: UpdateStatement, on record: DistributedTableRecord, context: StatementContext
    ) throws -> QueryResult {
        let alias = update.alias ?? record.name
        try analyzeModification(
            update.table, alias: update.alias, set: update.set, from: update.from,
            whereClause: update.whereClause, returning: update.returning, record: record,
            context: context)
        if let column = record.column {
            // Setting the distribution column to the value the WHERE clause
            // already pins it to changes nothing, and Citus allows it.
            let pinned = try pinnedValue(
                record, whereClause: update.whereClause, alias: alias, context)
            for clause in update.set where clause.column == column.name {
                let assigned = try isConstant(clause.value)
                    ? context.evaluate(clause.value, assigningTo: column.type, column: column.name)
                    : nil
                guard let assigned, let pinned, assigned == pinned else {
                    throw SQLError(
                        SQLState.featureNotSupported,
                        "modifying the partition value of rows is not allowed")
                }
            }
        }
        var update = update
        let recursive = try planModificationRecursively(
            expressions: update.set.map(\.value) + update.returning.map(\.expr),
            whereClause: update.whereClause, from: update.from, context: context)
        defer { recursive?.planning.clear() }
        if let recursive {
            for i in update.set.indices { update.set[i].value = recursive.expressions[i] }
            for i in update.returning.indices {
                update.returning[i].expr = recursive.expressions[update.set.count + i]
            }
            update.whereClause = recursive.whereClause
            update.from = recursive.from
            reportReplaced(.update(update), recursive.planning)
        }
        update.set = try update.set.map { clause in
            var clause = clause
            clause.value = try evaluatedOnCoordinator(clause.value, context)
            return clause
        }
        update.whereClause = try update.whereClause.map { try evaluatedOnCoordinator($0, context) }
        return try fanOut(
            record, whereClause: update.whereClause, alias: alias, extra: update.from,
            returning: !update.returning.isEmpty, context: context
        ) { shardName, rewriter in
            var statement = update
            statement.table = shardName
            statement.alias = alias
            statement.set = update.set.map { clause in
                var clause = clause
                clause.value = rewriter.expr(clause.value)
                return clause
            }
            statement.from = update.from.map(rewriter.table)
            statement.whereClause = update.whereClause.map(rewriter.expr)
            statement.returning = update.returning.map {
                ResultTarget(expr: rewriter.expr($0.expr), alias: $0.alias)
            }
            return .update(statement)
        }
    }

    private func planDelete(
        _ delete: DeleteStatement, on record: DistributedTableRecord, context: StatementContext
    ) throws -> QueryResult {
        let alias = delete.alias ?? record.name
        try analyzeModification(
            delete.table, alias: delete.alias, set: [], from: delete.using,
            whereClause: delete.whereClause, returning: delete.returning, record: record,
            context: context)
        var delete = delete
        let recursive = try planModificationRecursively(
            expressions: delete.returning.map(\.expr), whereClause: delete.whereClause,
            from: delete.using, context: context)
        defer { recursive?.planning.clear() }
        if let recursive {
            for i in delete.returning.indices {
                delete.returning[i].expr = recursive.expressions[i]
            }
            delete.whereClause = recursive.whereClause
            delete.using = recursive.from
            reportReplaced(.delete(delete), recursive.planning)
        }
        delete.whereClause = try delete.whereClause.map { try evaluatedOnCoordinator($0, context) }
        return try fanOut(
            record, whereClause: delete.whereClause, alias: alias, extra: delete.using,
            returning: !delete.returning.isEmpty, context: context
        ) { shardName, rewriter in
            var statement = delete
            statement.table = shardName
            statement.alias = alias
            statement.using = delete.using.map(rewriter.table)
            statement.whereClause = delete.whereClause.map(rewriter.expr)
            statement.returning = delete.returning.map {
                ResultTarget(expr: rewriter.expr($0.expr), alias: $0.alias)
            }
            return .delete(statement)
        }
    }

    /// Analyses an UPDATE's or DELETE's expressions on the coordinator, as
    /// a query over the same tables, so mistakes in them are reported with
    /// their positions and not by a worker.
    private func analyzeModification(
        _ table: QualifiedName, alias: String?, set: [SetClause], from: [TableRef],
        whereClause: Expr?, returning: [ResultTarget], record: DistributedTableRecord,
        context: StatementContext
    ) throws {
        guard let definition = context.catalog.table(record.relation) else { return }
        for clause in set where definition.columnIndex(clause.column) == nil {
            throw SQLError(
                SQLState.undefinedColumn,
                "column \"\(clause.column)\" of relation \"\(record.name)\" does not exist",
                position: clause.location >= 0 ? clause.location + 1 : nil)
        }
        // Constants are coerced to their columns here, as parse analysis
        // coerces them.
        for clause in set where isConstant(clause.value) {
            guard let index = definition.columnIndex(clause.column) else { continue }
            let column = definition.columns[index]
            _ = try context.evaluate(clause.value, assigningTo: column.type, column: column.name)
        }
        var targets = set.map { ResultTarget(expr: $0.value) } + returning
        targets.removeAll {
            if case .defaultValue = $0.expr.kind { return true }
            return false
        }
        if targets.isEmpty { targets = [ResultTarget(expr: Expr(.literal(.integer("1"))))] }
        let query = SelectStatement(
            body: .select(
                SimpleSelect(
                    targets: targets,
                    from: [.table(table, alias: alias.map { Alias(name: $0) }, only: false)] + from,
                    whereClause: whereClause)))
        try context.analyzeLocally(query)
    }

    /// Runs a modification on the shard its WHERE clause pins, or on every
    /// shard, with other Citus tables it names rewritten to their
    /// colocated shards.
    private func fanOut(
        _ record: DistributedTableRecord, whereClause: Expr?, alias: String, extra: [TableRef],
        returning: Bool, context: StatementContext,
        build: (QualifiedName, TableRewriter) throws -> Statement
    ) throws -> QueryResult {
        var indexes =
            try shardFilter(record, whereClause: whereClause, alias: alias, context)?.indexes
            ?? Array(record.shards.indices)
        if indexes.isEmpty { indexes = [0] }
        var total = 0
        var rows: [Row] = []
        var columns: [ColumnDescription]?
        var tag = ""
        for index in indexes {
            let shard = record.shards[index]
            let rewriter = try shardRewriter(index: index, colocatedWith: record, context: context)
            let statement = try build(
                QualifiedName([record.schema, record.shardName(shard)]), rewriter)
            let sql = deparse(statement)
            try logShardWrite(sql, shard: shard, taskCount: indexes.count, session: context.session)
            let result = try runOnPlacements(sql, shard, for: context.session)
            total += rowCount(result.commandTag)
            tag = String(result.commandTag.prefix { $0 != " " })
            rows += result.rows
            columns = columns ?? result.columns
        }
        return QueryResult(
            commandTag: "\(tag.isEmpty ? "UPDATE" : tag) \(total)",
            columns: returning ? columns : nil, rows: rows)
    }

    // MARK: - SELECT

    /// Plans a SELECT over Citus tables: a router query when every Citus
    /// table is colocated and one shard group is pinned, otherwise the
    /// shards' rows are read and the query finishes here. `allowsFastPath`
    /// is false for a SELECT Citus plans inside another statement's plan
    /// (INSERT into a local table), where it reports no fast path.
    func planSelect(
        _ query: SelectStatement, context: StatementContext, allowsFastPath: Bool = true
    ) throws -> QueryResult {
        // The coordinator analyses the query first, so mistakes are
        // reported with their position, not by a worker.
        try context.analyzeLocally(query)
        let query = bindParameters(query, context)
        if let result = try planRecursively(query, context: context) { return result }
        // Queries whose FROM joins only Citus tables, and which read no
        // table elsewhere (subqueries), run shard by shard when the joins
        // keep each shard's rows together.
        guard case .select(let simple) = query.body,
            let tables = fromTables(simple.from, context),
            TableRewriter.tables(in: query).filter({ !isIntermediateResult($0) }).count
                == tables.count,
            let anchor = tables.first(where: { $0.record.method == .hash })
        else { return try pullUp(query, context: context) }
        let conditions = joinConditions(simple.from, whereClause: simple.whereClause)
        guard joinedOnDistributionColumns(tables, conditions) else {
            guard context.session.setting("citus.enable_repartition_joins") == "on" else {
                throw SQLError(
                    SQLState.featureNotSupported,
                    "the query contains a join that requires repartitioning",
                    hint: "Set citus.enable_repartition_joins to on to enable repartitioning")
            }
            return try pullUp(query, context: context)
        }
        // Shards the WHERE clause leaves (joined tables share them).
        var filter: ShardFilter?
        for table in tables where table.record.method == .hash {
            guard
                let found = try shardFilter(
                    table.record, whereClause: simple.whereClause, alias: table.reference,
                    context)
            else { continue }
            filter = filter.map { $0.intersection(found) } ?? found
        }
        // A filter no row passes still runs on one shard, for the result's
        // shape.
        if filter?.indexes.isEmpty == true { filter?.indexes = [0] }
        // A router query: one shard group holds every row it reads.
        if let filter, filter.indexes.count == 1, let column = anchor.record.column {
            let index = filter.indexes[0]
            reportRouterPlan(
                fastPath: allowsFastPath && simple.from.count == 1 && tables.count == 1
                    && filter.isEquality,
                value: filter.values.count == 1 ? (filter.values[0], column.type) : nil,
                context.session)
            let rewriter = try shardRewriter(
                index: index, colocatedWith: anchor.record, context: context)
            let sql = deparse(.select(rewriter.query(query)))
            let group = anchor.record.shards[index].groupID
            try logShardQuery(
                sql, kind: .router, groupID: group, write: false, taskCount: 1,
                session: context.session)
            return try run(sql, onGroup: group, for: context.session)
        }
        // Row locks are taken only by router queries (Citus' multi-shard
        // planner refuses locking clauses).
        if !query.locking.isEmpty {
            throw SQLError(
                SQLState.featureNotSupported,
                "could not run distributed query with FOR UPDATE/SHARE commands",
                hint: "Consider using an equality filter on the distributed table's partition column.")
        }
        reportMultiShardSelect(context.session)
        try refuseGroupingSets(simple)
        if let merged = try planMultiShard(
            query, tables: tables, anchor: anchor, shards: filter?.indexes, context: context)
        {
            return merged
        }
        return try pullUp(query, context: context)
    }

    /// Citus' logical planner refuses grouping sets in a multi-shard query
    /// (multi_logical_planner.c, DeferErrorIfQueryNotSupported); a router
    /// query runs them on its worker. `GROUP BY ()` is a grouping set too.
    private func refuseGroupingSets(_ select: SimpleSelect) throws {
        let hasSets = select.groupBy.contains {
            if case .expr = $0 { return false } else { return true }
        }
        guard hasSets else { return }
        throw SQLError(
            SQLState.featureNotSupported,
            "could not run distributed query with GROUPING SETS, CUBE, or ROLLUP",
            hint: "Consider using an equality filter on the distributed table's partition column.")
    }

    /// Reads every shard of each Citus table the query names and runs the
    /// query here over those rows.
    // TODO(#3): Citus plans a FROM subquery it cannot push down (Lab 6's
    // `SELECT (topn(topn_agg, 10)).item FROM (SELECT topn_union_agg(..)
    // ..) a`) as a subplan run as its own distributed query, whose
    // result the outer query reads; the rows are the same.
    func pullUp(
        _ query: SelectStatement, context: StatementContext,
        results subPlanResults: [String: IntermediateResult] = [:]
    ) throws -> QueryResult {
        explainCapture(for: context.session)?.pulledUp = true
        var results = subPlanResults
        var failure: Error?
        let rewriter = TableRewriter { [unowned self] name, alias, _ in
            guard let record = self.citusTable(name, context) else { return nil }
            let resultName = "citus_table_\(record.relation)"
            if results[resultName] == nil {
                do {
                    results[resultName] = try self.readAllShards(record, context: context)
                } catch {
                    failure = failure ?? error
                }
            }
            return .table(
                QualifiedName([resultName]), alias: alias ?? Alias(name: name.name), only: false)
        }
        let rewritten = rewriter.query(query)
        if let failure { throw failure }
        return try context.executeLocally(rewritten, results: results)
    }

    private func readAllShards(_ record: DistributedTableRecord, context: StatementContext)
        throws -> IntermediateResult
    {
        guard let table = context.catalog.table(record.relation) else {
            throw SQLError(SQLState.undefinedTable, "relation \"\(record.name)\" does not exist")
        }
        let columns = table.liveColumns.map {
            ColumnDescription(name: table.columns[$0].name, type: table.columns[$0].type)
        }
        let list = columns.map { quoted($0.name) }.joined(separator: ", ")
        var rows: [Row] = []
        for shard in record.shards {
            let result = try run(
                "SELECT \(list) FROM \(quoted(record.schema)).\(quoted(record.shardName(shard)))",
                onGroup: shard.groupID, for: context.session)
            rows += result.rows
        }
        return IntermediateResult(columns: columns, rows: rows)
    }

    // MARK: - Shard pruning and rewriting

    /// The value a WHERE clause pins `record`'s distribution column to.
    private func pinnedValue(
        _ record: DistributedTableRecord, whereClause: Expr?, alias: String,
        _ context: StatementContext
    ) throws -> Value? {
        let filter = try shardFilter(record, whereClause: whereClause, alias: alias, context)
        guard let filter, filter.isEquality else { return nil }
        return filter.values.first
    }

    /// The shards a WHERE clause limits `record` to: its top-level
    /// conjuncts `column = constant` and `column IN (constants)`, as Citus
    /// prunes shards; nil when none of them restricts the column.
    func shardFilter(
        _ record: DistributedTableRecord, whereClause: Expr?, alias: String,
        _ context: StatementContext
    ) throws -> ShardFilter? {
        guard let column = record.column, let whereClause else { return nil }
        func isColumn(_ e: Expr) -> Bool {
            guard case .columnRef(let parts) = unparenthesised(e).kind else { return false }
            return parts.last == column.name
                && (parts.count == 1 || parts[parts.count - 2] == alias)
        }
        func filter(_ constants: [Expr], equality: Bool) throws -> ShardFilter {
            var values: [Value] = []
            for constant in constants {
                let value = try context.evaluate(
                    constant, assigningTo: column.type, column: column.name)
                // `column = NULL` and `IN (NULL)` match no row.
                if !value.isNull { values.append(value) }
            }
            let indexes = try Set(values.map { try shard(of: $0, in: record).index })
            return ShardFilter(indexes: indexes.sorted(), values: values, isEquality: equality)
        }
        var result: ShardFilter?
        for conjunct in conjuncts(whereClause) {
            var found: ShardFilter?
            switch conjunct.kind {
            case .binary("=", let left, let right):
                if isColumn(left), isConstant(right) {
                    found = try filter([right], equality: true)
                } else if isColumn(right), isConstant(left) {
                    found = try filter([left], equality: true)
                }
            case .inList(let x, let list, negated: false)
            where isColumn(x) && list.allSatisfy(isConstant):
                found = try filter(list, equality: false)
            default:
                break
            }
            if let found { result = result.map { $0.intersection(found) } ?? found }
        }
        return result
    }

    private func unparenthesised(_ e: Expr) -> Expr {
        if case .paren(let inner) = e.kind { return unparenthesised(inner) }
        return e
    }

    /// True for literals and casts of literals (after parameters were
    /// bound), which evaluate the same on every shard.
    func isConstant(_ e: Expr) -> Bool {
        switch e.kind {
        case .literal: return true
        case .cast(let inner, _, _), .paren(let inner), .unary(_, let inner):
            return isConstant(inner)
        default: return false
        }
    }

    /// Rewrites Citus tables to their shard `index` (colocated tables) or
    /// their only shard (reference tables).
    func shardRewriter(
        index: Int, colocatedWith record: DistributedTableRecord, context: StatementContext
    ) throws -> TableRewriter {
        var failure: Error?
        let rewriter = TableRewriter { [unowned self] name, alias, only in
            guard let other = self.citusTable(name, context) else { return nil }
            let shard: ShardRecord
            if other.method == .none {
                shard = other.shards[0]
            } else if other.colocationID == record.colocationID {
                shard = other.shards[index]
            } else {
                failure = failure ?? SQLError.notSupported(
                    "complex joins are only supported when all distributed tables are "
                        + "co-located and joined on their distribution columns")
                return nil
            }
            return .table(
                QualifiedName([other.schema, other.shardName(shard)]),
                alias: alias ?? Alias(name: name.name), only: only)
        }
        if let failure { throw failure }
        return rewriter
    }

    // MARK: - Parameters and literals

    /// Replaces PL/pgSQL variables and `$n` parameters by their values, as
    /// the coordinator does before it sends a query to the workers.
    func bindParameters(_ query: SelectStatement, _ context: StatementContext) -> SelectStatement {
        guard context.parameters != nil else { return query }
        return parameterBinder(context).query(query)
    }

    func bindParameters(_ e: Expr, _ context: StatementContext) -> Expr {
        guard context.parameters != nil else { return e }
        return parameterBinder(context).expr(e)
    }

    func bindParameters(_ conflict: OnConflict, _ context: StatementContext) -> OnConflict {
        guard context.parameters != nil else { return conflict }
        var conflict = conflict
        let binder = parameterBinder(context)
        if case .update(let clauses, let whereClause) = conflict.action {
            conflict.action = .update(
                clauses.map { clause in
                    var clause = clause
                    clause.value = binder.expr(clause.value)
                    return clause
                }, whereClause: whereClause.map(binder.expr))
        }
        return conflict
    }

    private func parameterBinder(_ context: StatementContext) -> TableRewriter {
        let scope = context.parameters
        return TableRewriter(column: { [unowned self] parts in
            guard let scope, let variable = scope.resolveVariable(parts) else { return nil }
            return self.literal(scope.value(ofSlot: variable.slot), variable.type)
        }) { _, _, _ in nil }
    }

    /// `value` as a typed constant expression.
    func literal(_ value: Value, _ type: PGType) -> Expr {
        literalExpr(value, type)
    }

    /// The row count at the end of a command tag (`INSERT 0 3`, `UPDATE 2`).
    private func rowCount(_ tag: String) -> Int {
        Int(tag.split(separator: " ").last ?? "") ?? 0
    }
}

/// `value` as a typed constant expression (`'v'::type`, NULL::type).
func literalExpr(_ value: Value, _ type: PGType) -> Expr {
    let typeName = TypeName([TypeCatalog.info(type.oid)?.typname ?? formatType(type)])
    if case .null = value {
        return Expr(.cast(Expr(.literal(.null)), typeName, .doubleColon))
    }
    return Expr(
        .cast(Expr(.literal(.string(formatValue(value, type: type)))), typeName, .doubleColon))
}

/// `statement` with `rows` (values of `columns`) as its VALUES lists of
/// typed constants, the INSERT as text carries them.
func withLiterals(_ statement: InsertStatement, _ rows: [Row], _ columns: [ColumnDescription])
    -> InsertStatement
{
    var written = statement
    written.source = .values(rows.map { row in zip(row, columns).map { literalExpr($0, $1.type) } })
    return written
}
