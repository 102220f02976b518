// The plans EXPLAIN shows for the shapes the lab runs, chosen as
// PostgreSQL 15 chooses them for tables that were never vacuumed or
// analysed (the state every table of the simulation is in):
//
// - A plain table is read by a Seq Scan, with the WHERE clause as its
//   Filter, unless the WHERE clause equates every primary key column to
//   a value: then an Index Scan on the key's index (an Index Only Scan when
//   the query reads no other column), whose Index Cond are those
//   equalities and whose Filter is the rest. Equalities on a leading part
//   of a composite key give a Bitmap Heap Scan over a Bitmap Index Scan.
// - A partitioned table is an Append of its leaf partitions in bound
//   order, those that constant comparisons with the partition key exclude
//   left out (plan-time pruning); a single partition is scanned without
//   the Append. Children are named after the parent's alias, `_1`, `_2`.
// - Aggregates without GROUP BY: Aggregate. GROUP BY: HashAggregate, with
//   the keys ORDER BY names first, as PostgreSQL reorders them, or a
//   GroupAggregate over a Sort when the sort costs next to nothing
//   (ExplainPlanner+Grouping.swift).
// - ORDER BY: Sort, LIMIT/OFFSET: Limit, no FROM: Result.
// - INSERT ... VALUES, INSERT ... SELECT (a Subquery Scan on "*SELECT*"
//   over the SELECT's plan), UPDATE and DELETE: a ModifyTable node over
//   that.
//
// Estimates follow PostgreSQL's cost model with its defaults
// (seq_page_cost 1, random_page_cost 4, cpu_tuple_cost 0.01,
// cpu_operator_cost 0.0025) and its guesses for tables without statistics:
// at least 10 pages, as many tuples as fit them at the row's estimated
// width, selectivity 0.005 for `=` and 1/3 for inequalities, 200 groups.
// So with COSTS ON the numbers are what PostgreSQL prints for small tables
// that were never vacuumed, and an estimate otherwise.
//
// Joins of two tables are planned in ExplainPlanner+Join*.swift. Anything
// else (joins of more tables, subqueries, window functions, DISTINCT,
// HAVING, grouping over few estimated rows followed by ORDER BY or LIMIT,
// where PostgreSQL also weighs the order of the grouped rows) raises 0A000
// rather than print a plan PostgreSQL might not choose.
import Foundation
import SQLParser

/// A scanned relation: the table, its name in the query and the storages
/// the plan reads.
struct ScannedRelation {
    var table: TableDefinition
    var refName: String
    /// Set for a distributed subplan's result, which PostgreSQL reads
    /// through Citus' read_intermediate_result function.
    var isIntermediateResult = false
    var leaves: [TableDefinition]
    var scope: QueryScope
    var entry: RangeEntry
}

let cpuTupleCost = 0.01
let cpuOperatorCost = 0.0025
private let unsupportedShape = "EXPLAIN of this query shape is not supported yet"

struct ExplainPlanner {
    let executor: Executor
    let options: ExplainOptions
    /// Set for the SELECT of an INSERT, whose range table holds more than
    /// one relation, so PostgreSQL qualifies group and sort keys.
    var qualifiesKeys = false
    /// Relation names the statement's range table already holds (an
    /// INSERT's target): a scan of the same table is named `name_1`, as
    /// EXPLAIN makes range table names unique.
    var takenNames: Set<String> = []

    // MARK: - Statements

    func plan(_ statement: Statement) throws -> ExplainNode {
        switch statement {
        case .select(let query): return try planSelect(query)
        case .insert(let insert): return try planInsert(insert)
        case .update(let update):
            guard update.with == nil, update.from.isEmpty else { throw notSupported() }
            var node = try planModification(
                "Update", update.table, alias: update.alias, whereClause: update.whereClause,
                setColumns: update.set)
            if options.analyze { try runModification(statement, &node) }
            return node
        case .delete(let delete):
            guard delete.with == nil, delete.using.isEmpty else { throw notSupported() }
            var node = try planModification(
                "Delete", delete.table, alias: delete.alias, whereClause: delete.whereClause,
                setColumns: nil)
            if options.analyze { try runModification(statement, &node) }
            return node
        default:
            // TODO(#3): EXPLAIN of utility statements raises as PostgreSQL does.
            throw SQLError.notSupported("EXPLAIN of this statement is not supported yet")
        }
    }

    func notSupported() -> SQLError {
        // TODO(#3): joins of three or more tables, subqueries and the other
        // plan shapes.
        SQLError.notSupported(unsupportedShape)
    }

    // MARK: - SELECT

    func planSelect(_ query: SelectStatement) throws -> ExplainNode {
        guard query.with == nil, query.locking.isEmpty, !query.limitWithTies,
            case .select(var select) = query.body, select.into == nil,
            select.distinct == .none, select.having == nil, select.namedWindows.isEmpty
        else { throw notSupported() }
        // Planning the query for real raises the errors PostgreSQL's
        // analysis raises.
        _ = try executor.planQuery(query, outer: nil)
        // Constant TRUE conditions fold away (eval_const_expressions).
        select.whereClause = select.whereClause.flatMap(droppingTrue)
        let expressions =
            select.targets.map(\.expr) + [select.whereClause].compactMap { $0 }
            + query.orderBy.map(\.expr) + groupExprs(select)
        // TODO(#6): ProjectSet for set-returning calls in the select list.
        guard expressions.allSatisfy(isPlainExpression),
            !expressions.contains(where: {
                Analyzer.containsSetFunction($0, environment: executor)
            })
        else { throw notSupported() }
        if isJoin(select) { return try planJoinSelect(query, select) }
        guard let from = select.from.first else { return try planResult(query, select) }
        guard case .table(let name, let alias, only: false) = from,
            !(name.parts.count == 1 && executor.commonTable(name.name) != nil)
                || executor.intermediateResult(name) != nil
        else { throw notSupported() }
        let relation = try scannedRelation(name, alias: alias?.name, select.whereClause)
        // TODO(#3): VERBOSE and ANALYZE of a scan of a subplan's result.
        if relation.isIntermediateResult, options.verbose || options.analyze {
            throw notSupported()
        }
        let qualifier =
            relation.table.isPartitioned || qualifiesKeys || options.verbose
            ? relation.refName : nil
        let keyPrinter = ExplainExprPrinter(
            analyzer: executor.analyzer(relation.scope), qualifier: qualifier)
        let referenced = referencedColumns(
            select.targets.map(\.expr) + query.orderBy.map(\.expr) + groupExprs(select),
            relation)
        let aggregates = select.targets.flatMap { Analyzer.aggregateCalls(in: $0.expr) }
        let groupKeys = try orderedGroupKeys(select, query)
        let verbose =
            options.verbose
            ? try verboseOutputs(
                select, query, relation, groupKeys: groupKeys, aggregates: !aggregates.isEmpty)
            : nil
        // Grouping expressions are computed by the scan, for every row it
        // returns.
        let computedKeys = groupKeys.reduce(0) { total, key in
            var bare = key
            while case .paren(let inner) = bare.kind { bare = inner }
            if case .columnRef = bare.kind { return total }
            return total + operatorCount(bare)
        }
        var node = try scan(
            relation, whereClause: select.whereClause, width: width(referenced, relation),
            indexOnly: !select.targets.contains { isStar($0.expr) } ? referenced : nil,
            output: verbose?.scan ?? .none,
            outputCost: Double(computedKeys) * cpuOperatorCost)
        let ordered = orderedLeadingColumns(relation.table)
        if !relation.table.isPartitioned,
            groupKeys.contains(where: { key in
                sortColumn(key, select, relation).map(ordered.contains) == true
            })
        {
            // TODO(#3): grouping in key order over an index scan competes
            // with hashing.
            throw notSupported()
        }
        if !groupKeys.isEmpty {
            let ordered = !query.orderBy.isEmpty || query.limit != nil || query.offset != nil
            node = try groupingNode(
                node, keys: groupKeys, keyTexts: groupKeys.map(keyPrinter.keyText), select,
                relation, width: try targetWidth(select, relation), ordered: ordered)
        } else if !aggregates.isEmpty {
            guard query.orderBy.isEmpty else { throw notSupported() }
            node = aggregate(
                node, aggregates: aggregates.count, width: try targetWidth(select, relation))
        }
        if let verbose, let computed = verbose.aggregate {
            node.details.insert("Output: " + computed, at: 0)
            if node.title == "GroupAggregate", let sort = node.children.first,
                sort.title == "Sort"
            {
                // TODO(#3): the Sort over a plain table's physical columns.
                guard let input = verbose.groupInput else { throw notSupported() }
                node.children[0].details.insert("Output: " + input, at: 0)
            }
        }
        if !query.orderBy.isEmpty {
            if !relation.table.isPartitioned, groupKeys.isEmpty, aggregates.isEmpty,
                let column = sortColumn(query.orderBy[0].expr, select, relation),
                ordered.contains(column)
            {
                // TODO(#3): an index scan in key order competes with Sort.
                throw notSupported()
            }
            let keys = try query.orderBy.map { item in
                try sortKeyText(item, select, keyPrinter)
            }
            node = sort(node, keys: keys, limit: try limitCount(query))
            if let verbose { node.details.insert("Output: " + verbose.upper, at: 0) }
        }
        if query.limit != nil || query.offset != nil {
            node = try limit(node, query)
            if let verbose { node.details.insert("Output: " + verbose.upper, at: 0) }
        }
        if options.analyze { try annotate(&node, query: query) }
        return node
    }

    func planResult(_ query: SelectStatement, _ select: SimpleSelect) throws
        -> ExplainNode
    {
        guard select.whereClause == nil, select.groupBy.isEmpty, query.orderBy.isEmpty,
            select.targets.allSatisfy({ Analyzer.aggregateCalls(in: $0.expr).isEmpty })
        else { throw notSupported() }
        let plan = try executor.planQuery(query, outer: nil)
        var node = ExplainNode("Result")
        node.totalCost = cpuTupleCost
        node.rows = 1
        node.width = plan.columns.reduce(0) { $0 + typeWidth($1.type) }
        var output: String?
        if options.verbose {
            let printer = ExplainExprPrinter(analyzer: executor.analyzer(nil), qualifier: nil)
            output = try select.targets.map { try printer.text($0.expr) }
                .joined(separator: ", ")
            node.details = ["Output: " + (output ?? "")]
        }
        if query.limit != nil || query.offset != nil {
            node = try limit(node, query)
            if let output { node.details.insert("Output: " + output, at: 0) }
        }
        if options.analyze { try annotate(&node, query: query) }
        return node
    }

    // MARK: - INSERT, UPDATE, DELETE

    func planInsert(_ insert: InsertStatement) throws -> ExplainNode {
        guard insert.with == nil else { throw notSupported() }
        let table = try executor.resolveTable(insert.table)
        var title = "Insert on \(relationName(table))"
        if let alias = insert.alias, alias != table.name { title += " \(quoteIdentifier(alias))" }
        var node = ExplainNode(title)
        if let conflict = insert.onConflict, case .none = conflict.target,
            case .nothing = conflict.action
        {
            // DO NOTHING without a target: every unique index arbitrates,
            // and EXPLAIN names none.
            node.details.append("Conflict Resolution: NOTHING")
        } else if let conflict = insert.onConflict {
            guard case .columns(let columns, whereClause: nil) = conflict.target else {
                throw notSupported()
            }
            let names = columns.compactMap { e -> String? in
                if case .columnRef(let parts) = e.kind { return parts.last }
                return nil
            }
            let indexes = table.uniqueKeys.filter { key in
                Set(key.columns.map { table.columns[$0].name }) == Set(names)
            }
            guard let arbiter = indexes.first, indexes.count == 1 else { throw notSupported() }
            if case .nothing = conflict.action {
                node.details.append("Conflict Resolution: NOTHING")
            } else {
                node.details.append("Conflict Resolution: UPDATE")
            }
            node.details.append("Conflict Arbiter Indexes: \(arbiter.name)")
        }
        let width = table.liveColumns.reduce(0) { $0 + typeWidth(table.columns[$1].type) }
        var source: ExplainNode
        var totalCost: Double?
        switch insert.source {
        case .select(let query):
            (source, totalCost) = try insertSource(query, insert, table, width: width)
        case .values(let rows):
            source = valuesSource(rows, width: width)
            if options.verbose {
                source.details = ["Output: " + (try insertedValues(insert, rows, table))]
            }
        case .defaultValues:
            throw notSupported()
        }
        node.children = [source]
        node.startupCost = source.startupCost
        node.totalCost = totalCost ?? source.totalCost
        if options.analyze { try runInsert(insert, table, &node) }
        return node
    }

    /// The plan of INSERT's SELECT: the SELECT's own plan when PostgreSQL
    /// pulls it up into the INSERT (a plain scan), else a `Subquery Scan on
    /// "*SELECT*"` over it unless its columns are the table's, in order and
    /// type, as they come.
    func insertSource(
        _ query: SelectStatement, _ insert: InsertStatement, _ table: TableDefinition,
        width: Int
    ) throws -> (ExplainNode, totalCost: Double?) {
        var inner = self
        inner.qualifiesKeys = true
        inner.takenNames = [table.name]
        let child = try inner.planSelect(query)
        guard case .select(let select) = query.body else { throw notSupported() }
        let aggregates = select.targets.contains { !Analyzer.aggregateCalls(in: $0.expr).isEmpty }
        let pulledUp =
            !aggregates && select.groupBy.isEmpty && select.distinct == .none
            && query.limit == nil && query.offset == nil && query.orderBy.isEmpty
        if pulledUp {
            // TODO(#3): VERBOSE of a SELECT pulled up into the INSERT.
            guard !options.verbose else { throw notSupported() }
            // The scan returns the whole row INSERT stores.
            var scan = child
            scan.width = width
            return (scan, nil)
        }
        let columns = try executor.planQuery(query, outer: nil).columns
        let targets =
            insert.columns.isEmpty
            ? Array(table.liveColumns.prefix(columns.count))
            : insert.columns.compactMap { table.columnIndex($0) }
        let coerced = zip(targets, columns).filter { table.columns[$0].type != $1.type }.count
        var scan = ExplainNode("Subquery Scan on \"*SELECT*\"")
        scan.children = [child]
        scan.startupCost = child.startupCost
        scan.rows = child.rows
        scan.totalCost =
            child.totalCost + child.rows * (cpuTupleCost + Double(coerced) * cpuOperatorCost)
        scan.width = width
        if options.verbose {
            // The row INSERT stores, in column order: the subquery's
            // column assigned to each, NULL where none is.
            let items = try table.liveColumns.map { column -> String in
                guard let index = targets.firstIndex(of: column), index < columns.count else {
                    // TODO(#3): the defaults of the columns an INSERT leaves out.
                    guard table.columns[column].defaultExpr == nil else { throw notSupported() }
                    return "NULL::" + formatType(table.columns[column].type)
                }
                return "\"*SELECT*\"." + quoteIdentifier(columns[index].name)
            }
            scan.details = ["Output: " + items.joined(separator: ", ")]
        }
        guard targets == table.liveColumns, coerced == 0 else { return (scan, nil) }
        // TODO(#3): VERBOSE of the SELECT whose scan PostgreSQL drops.
        guard !options.verbose else { throw notSupported() }
        // PostgreSQL drops a scan that passes its rows as they are, after
        // its cost went into the INSERT's.
        return (child, scan.totalCost)
    }

    func valuesSource(_ rows: [[Expr]], width: Int) -> ExplainNode {
        var source: ExplainNode
        if rows.count == 1 {
            source = ExplainNode("Result")
            source.totalCost = cpuTupleCost
        } else {
            source = ExplainNode("Values Scan on \"*VALUES*\"")
            let columns = Double(rows.first?.count ?? 0)
            source.totalCost =
                Double(rows.count) * (cpuOperatorCost * columns + cpuTupleCost)
        }
        source.rows = Double(rows.count)
        source.width = width
        return source
    }

    func planModification(
        _ kind: String, _ name: QualifiedName, alias: String?, whereClause: Expr?,
        setColumns: [SetClause]?
    ) throws -> ExplainNode {
        let relation = try scannedRelation(name, alias: alias, whereClause)
        if let whereClause {
            // Analysing the condition raises PostgreSQL's errors.
            _ = try executor.analyzer(relation.scope).compileCondition(whereClause, clause: "WHERE")
        }
        let table = relation.table
        var width = 6  // the ctid
        if table.isPartitioned { width += 4 }  // the tableoid
        var assigned: [(index: Int, value: Expr)] = []
        for clause in setColumns ?? [] {
            guard let index = table.columnIndex(clause.column) else {
                throw SQLError(
                    SQLState.undefinedColumn,
                    "column \"\(clause.column)\" of relation \"\(table.name)\" does not exist")
            }
            width += typeWidth(table.columns[index].type)
            assigned.append((index, clause.value))
        }
        var output = ScanOutput.none
        if options.verbose {
            // The new values in column order, then the row's locator.
            let values = assigned.sorted { $0.index < $1.index }.map {
                ($0.value, table.columns[$0.index].type)
            }
            output = .modification(
                values: values, locator: table.isPartitioned ? ["tableoid", "ctid"] : ["ctid"])
        }
        let child = try scan(
            relation, whereClause: whereClause, width: width, indexOnly: nil, output: output)
        var node = ExplainNode(
            "\(kind) on \(relationName(table))"
                + (relation.refName != table.name ? " \(quoteIdentifier(relation.refName))" : ""))
        if table.isPartitioned {
            // TODO(#3): the one-partition form.
            guard relation.leaves.count > 1 else { throw notSupported() }
            for (i, leaf) in relation.leaves.enumerated() {
                node.details.append(
                    "\(kind) on \(relationName(leaf)) "
                        + quoteIdentifier("\(relation.refName)_\(i + 1)"))
            }
        }
        node.children = [child]
        node.startupCost = child.startupCost
        node.totalCost = child.totalCost
        return node
    }

    // MARK: - Scans

    func scannedRelation(_ name: QualifiedName, alias: String?, _ whereClause: Expr?)
        throws -> ScannedRelation
    {
        if let result = executor.intermediateResult(name) {
            return intermediateResultRelation(result, alias: alias)
        }
        let table = try executor.resolveTable(name)
        let scope = QueryScope(parent: nil, parameters: executor.parameters)
        let refName = alias ?? (takenNames.contains(table.name) ? table.name + "_1" : table.name)
        let live = table.liveColumns
        let entry = scope.addEntry(
            refName: refName, schema: alias == nil ? table.schema : nil,
            columns: live.map { (table.columns[$0].name, table.columns[$0].type) },
            physical: live, table: table, rowWidth: table.columns.count, usage: ColumnUsage())
        var leaves = [table]
        if table.isPartitioned {
            leaves = try prunedLeaves(table, whereClause, scope: scope, entry: entry)
            // TODO(#3): the Result that stands for a table every partition
            // of which is pruned.
            guard !leaves.isEmpty else { throw notSupported() }
        }
        return ScannedRelation(
            table: table, refName: refName, leaves: leaves, scope: scope, entry: entry)
    }

    /// The leaf partitions constant comparisons in `whereClause` leave, in
    /// bound order (the default partition last).
    func prunedLeaves(
        _ table: TableDefinition, _ whereClause: Expr?, scope: QueryScope, entry: RangeEntry
    ) throws -> [TableDefinition] {
        var targets = executor.scanTargets(table)
        // TODO(#3): sub-partitioned tables.
        guard targets.allSatisfy({ $0.bounds.count == 1 }), let key = table.partitionKey else {
            throw notSupported()
        }
        if let whereClause {
            let conditions = try keyComparisons(whereClause, key: key, scope: scope, entry: entry)
            let values = conditions.map { $0.value.constant ?? .null }
            targets = targets.filter { target in
                target.bounds.allSatisfy {
                    PartitionRouter.boundAdmits(
                        $0.bound, key: $0.key, keyTypes: $0.keyTypes, conditions: conditions,
                        values: values)
                }
            }
            let ranges = executor.scanTargets(table).compactMap {
                t -> ([RangeDatum], [RangeDatum])? in
                if case .range(let from, let to) = t.bounds[0].bound { return (from, to) }
                return nil
            }
            if key.columns.count == 1,
                rangeCovered(conditions, values, ranges, type: table.columns[key.columns[0]].type)
            {
                targets.removeAll {
                    if case .default = $0.bounds[0].bound { return true }
                    return false
                }
            }
        }
        let types = key.columns.map { table.columns[$0].type }
        func rank(_ t: ScanTarget) -> Int {
            switch t.bounds[0].bound {
            case .default: return 1
            default: return 0
            }
        }
        targets.sort { a, b in
            if rank(a) != rank(b) { return rank(a) < rank(b) }
            if case .range(let x, _) = a.bounds[0].bound,
                case .range(let y, _) = b.bounds[0].bound
            {
                return PartitionRouter.compare(x, y, types: types) < 0
            }
            return false
        }
        return targets.map(\.table)
    }

    /// True when the range partitions hold every key the conditions admit,
    /// so the default partition holds none of them.
    func rangeCovered(
        _ conditions: [PruningCondition], _ values: [Value],
        _ ranges: [([RangeDatum], [RangeDatum])], type: PGType
    ) -> Bool {
        var low: Value?
        var high: (value: Value, inclusive: Bool)?
        for (condition, value) in zip(conditions, values) {
            switch condition.op {
            case .equal:
                low = value
                high = (value, true)
            case .greater, .greaterEqual:
                if low.map({ compareValues(value, $0, type: type) > 0 }) ?? true { low = value }
            case .less, .lessEqual:
                let inclusive = condition.op == .lessEqual
                if high.map({ compareValues(value, $0.value, type: type) < 0 }) ?? true {
                    high = (value, inclusive)
                }
            }
        }
        guard var point = low, let high else { return false }
        for _ in 0...ranges.count {
            guard
                let range = ranges.first(where: {
                    PartitionRouter.compare([point], $0.0, types: [type]) >= 0
                        && PartitionRouter.compare([point], $0.1, types: [type]) < 0
                }),
                case .value(let end)? = range.1.first
            else { return false }
            let c = compareValues(end, high.value, type: type)
            if c > 0 || (c == 0 && !high.inclusive) { return true }
            point = end
        }
        return false
    }

    /// The conjuncts comparing a partition key column with a constant (an
    /// untyped literal read as the column's type), as plan-time pruning
    /// uses them.
    func keyComparisons(
        _ whereClause: Expr, key: PartitionKey, scope: QueryScope, entry: RangeEntry
    ) throws -> [PruningCondition] {
        let analyzer = executor.analyzer(scope)
        let ops: [String: PruningCondition.Op] = [
            "=": .equal, "<": .less, "<=": .lessEqual, ">": .greater, ">=": .greaterEqual,
        ]
        let mirrored = ["=": "=", "<": ">", "<=": ">=", ">": "<", ">=": "<="]
        var result: [PruningCondition] = []
        for conjunct in splitConjuncts(whereClause) {
            var e = conjunct
            while case .paren(let inner) = e.kind { e = inner }
            guard case .binary(let op, let a, let b) = e.kind, ops[op] != nil else { continue }
            for (column, value, symbol) in [(a, b, op), (b, a, mirrored[op]!)] {
                var c = column
                while case .paren(let inner) = c.kind { c = inner }
                guard case .columnRef(let parts) = c.kind, let name = parts.last,
                    let physical = entry.column(name)?.physical,
                    key.columns.contains(physical)
                else { continue }
                let type = entry.column(name)!.type
                let operand = try analyzer.analyse(value)
                var constant = operand.constant
                if operand.type == .unknown, let literal = operand.literalText {
                    constant = try parseValue(literal, as: type)
                } else if operand.type != type {
                    constant = nil
                }
                guard let constant else {
                    // TODO(#3): run-time pruning ("Subplans Removed") on
                    // values known only when the scan starts, such as now().
                    throw notSupported()
                }
                result.append(
                    PruningCondition(
                        column: physical, op: ops[symbol]!,
                        value: CompiledExpr(type: type, constant: constant)))
            }
        }
        return result
    }

    /// The scan of `relation`: an index scan, a bitmap scan, a Seq Scan or
    /// an Append of partitions' Seq Scans. `indexOnly` lists the columns
    /// the query reads, when it names them all.
    func scan(
        _ relation: ScannedRelation, whereClause: Expr?, width: Int, indexOnly: Set<Int>?,
        output: ScanOutput, outputCost: Double = 0
    ) throws -> ExplainNode {
        let conjuncts = whereClause.map(splitConjuncts) ?? []
        let selectivity = conjuncts.reduce(1.0) { $0 * estimateSelectivity($1) }
        let printer = ExplainExprPrinter(
            analyzer: executor.analyzer(relation.scope),
            qualifier: options.verbose ? relation.refName : nil)
        let filter = try whereClause.map { try printer.text(orderedQual($0)) }
        if !relation.table.isPartitioned,
            var node = try indexScan(
                relation, conjuncts, width: width, indexOnly: indexOnly, printer)
        {
            if let line = try outputLine(output, relation, qualifier: nil) {
                // A bitmap scan's Output belongs to its heap scan, the top.
                node.details.insert(line, at: 0)
            }
            return node
        }
        if relation.table.isPartitioned,
            relation.table.primaryKey != nil || !relation.table.indexes.isEmpty
        {
            // TODO(#3): partitioned indexes.
            throw notSupported()
        }
        if relation.isIntermediateResult {
            return functionScan(conjuncts, filter: filter, width: width)
        }
        var scans: [ExplainNode] = []
        for (i, leaf) in relation.leaves.enumerated() {
            var title = "Seq Scan on \(relationName(leaf))"
            var scanAlias = relation.refName
            if relation.table.isPartitioned {
                scanAlias =
                    relation.leaves.count == 1 ? relation.refName : "\(relation.refName)_\(i + 1)"
                title += " \(quoteIdentifier(scanAlias))"
            } else if relation.refName != leaf.name {
                title += " \(quoteIdentifier(relation.refName))"
            }
            var node = ExplainNode(title)
            let partitioned = relation.table.isPartitioned
            if let line = try outputLine(
                output, relation, qualifier: partitioned || qualifiesKeys ? scanAlias : nil)
            {
                node.details.append(line)
            }
            if options.verbose, partitioned, let whereClause {
                var leafPrinter = printer
                leafPrinter.qualifier = scanAlias
                node.details.append("Filter: \(try leafPrinter.text(orderedQual(whereClause)))")
            } else if let filter {
                node.details.append("Filter: \(filter)")
            }
            if options.analyze {
                let (matched, total) = try actualRows(leaf, relation, whereClause)
                node.actualRows = matched
                if filter != nil, total > matched {
                    node.details.append("Rows Removed by Filter: \(total - matched)")
                }
            }
            let (pages, tuples) = pagesAndTuples(leaf)
            let qualCost = Double(conjuncts.reduce(0) { $0 + operatorCount($1) }) * cpuOperatorCost
            node.rows = clampRows(tuples * selectivity)
            node.totalCost = pages + tuples * (cpuTupleCost + qualCost) + outputCost * node.rows
            node.width = width
            scans.append(node)
        }
        guard scans.count > 1 else { return scans[0] }
        var append = ExplainNode("Append", children: scans)
        append.rows = scans.reduce(0) { $0 + $1.rows }
        append.totalCost =
            scans.reduce(0) { $0 + $1.totalCost } + append.rows * cpuTupleCost * 0.5
        append.width = width
        return append
    }

    func indexScan(
        _ relation: ScannedRelation, _ conjuncts: [Expr], width: Int, indexOnly: Set<Int>?,
        _ printer: ExplainExprPrinter
    ) throws -> ExplainNode? {
        let table = relation.table
        // Each index with the conjuncts equating its leading key columns to
        // values, in key order.
        let matches = scanIndexes(table).compactMap { candidate -> ScanIndexMatch? in
            var conditions: [Expr] = []
            var used: Set<Int> = []
            for column in candidate.keys {
                guard
                    let index = conjuncts.indices.first(where: { i in
                        !used.contains(i) && equatedColumn(conjuncts[i], relation) == column
                    })
                else { break }
                used.insert(index)
                conditions.append(conjuncts[index])
            }
            if conditions.isEmpty { return nil }
            return ScanIndexMatch(index: candidate, conditions: conditions, used: used)
        }
        let unique = matches.filter {
            $0.index.isUnique && $0.conditions.count == $0.index.keys.count
        }
        guard let match = matches.count == 1 ? matches.first : unique.first else {
            if matches.isEmpty { return nil }
            // TODO(#6): PostgreSQL's cost comparison between indexes.
            throw notSupported()
        }
        if matches.count > 1 && unique.count != 1 || match.index.isPartial {
            throw notSupported()
        }
        let pk = match.index
        let keys = pk.keys
        let conditions = match.conditions
        let used = match.used
        let rest = conjuncts.indices.filter { !used.contains($0) }.map { conjuncts[$0] }
        let cond = try conditionText(conditions, printer)
        let filter = rest.isEmpty ? nil : try conditionText(rest, printer)
        let alias = relation.refName != table.name ? " \(quoteIdentifier(relation.refName))" : ""
        let (pages, tuples) = pagesAndTuples(table)
        let descent =
            ceil(log2(max(tuples, 2))) * cpuOperatorCost + 50 * cpuOperatorCost
        let indexTupleCost = 0.005 + cpuOperatorCost * Double(conditions.count)
        // The tuples the index returns: one for equalities on every column
        // of a unique key, else the conditions' estimate.
        let uniqueLookup = pk.isUnique && conditions.count == keys.count
        let rows =
            uniqueLookup
            ? 1 : clampRows(tuples * conditions.reduce(1.0) { $0 * estimateSelectivity($1) })
        let indexCost = descent + 4 * ceil(rows / 100) + rows * indexTupleCost
        let heapPages = pages > 1 ? pages : 1
        var fetched = 2 * heapPages * rows / (2 * heapPages + rows)
        fetched = fetched >= heapPages ? heapPages : ceil(fetched)
        // cost_index: random reads of the fetched pages (no correlation
        // without statistics), then the remaining quals per tuple.
        let filterCost = Double(rest.reduce(0) { $0 + operatorCount($1) }) * cpuOperatorCost
        let indexScanCost = indexCost + fetched * 4 + rows * (cpuTupleCost + filterCost)
        // cost_bitmap_heap_scan: the pages compute_bitmap_pages expects to
        // fetch, each between a random and a sequential read, and every
        // restriction rechecked or filtered on each fetched tuple.
        let bitmapIndexCost = indexCost + 0.1 * cpuOperatorCost * rows
        let costPerPage = fetched >= 2 ? 4 - 3 * (fetched / heapPages).squareRoot() : 4
        let qualCost = Double(conjuncts.reduce(0) { $0 + operatorCount($1) }) * cpuOperatorCost
        let bitmapCost = bitmapIndexCost + fetched * costPerPage + rows * (cpuTupleCost + qualCost)
        var selectivity = 1.0
        for c in conjuncts { selectivity *= estimateSelectivity(c) }
        // add_path keeps the index scan when its cost is within 1% of the
        // bitmap scan's: it also has the better startup cost and an order.
        if uniqueLookup || indexScanCost <= bitmapCost * 1.01 {
            let readsOnlyKey =
                indexOnly.map { $0.isSubset(of: Set(keys + pk.include)) } ?? false
            let kind = readsOnlyKey ? "Index Only Scan" : "Index Scan"
            var node = ExplainNode(
                "\(kind) using \(quoteIdentifier(pk.name)) on \(relationName(table))" + alias)
            node.details.append("Index Cond: \(cond)")
            if let filter { node.details.append("Filter: \(filter)") }
            if options.analyze {
                // TODO(#6): an index-only scan's Heap Fetches.
                guard !readsOnlyKey else { throw notSupported() }
                let and = { (e: [Expr]) in e.dropFirst().reduce(e[0]) { Expr(.and($0, $1)) } }
                let (found, _) = try actualRows(table, relation, and(conditions))
                let (kept, _) = try actualRows(table, relation, and(conditions + rest))
                node.actualRows = kept
                if filter != nil, found > kept {
                    node.details.append("Rows Removed by Filter: \(found - kept)")
                }
            }
            node.startupCost = descent
            node.totalCost = indexScanCost
            node.rows = uniqueLookup ? 1 : clampRows(tuples * selectivity)
            node.width = width
            return node
        }
        // TODO(#6): EXPLAIN ANALYZE of bitmap scans.
        if options.analyze { throw notSupported() }
        var index = ExplainNode("Bitmap Index Scan on \(quoteIdentifier(pk.name))")
        index.details = ["Index Cond: \(cond)"]
        index.startupCost = 0
        index.totalCost = indexCost
        index.rows = rows
        var heap = ExplainNode(
            "Bitmap Heap Scan on \(relationName(table))" + alias, children: [index])
        heap.details = ["Recheck Cond: \(cond)"]
        if let filter { heap.details.append("Filter: \(filter)") }
        heap.startupCost = bitmapIndexCost
        heap.totalCost = bitmapCost
        heap.rows = clampRows(tuples * selectivity)
        heap.width = width
        return heap
    }

    /// The column `e` equates to a value known when the scan starts (an
    /// untyped literal, or a value of the column's type).
    func equatedColumn(_ e: Expr, _ relation: ScannedRelation) -> Int? {
        var e = e
        while case .paren(let inner) = e.kind { e = inner }
        guard case .binary("=", let a, let b) = e.kind else { return nil }
        let analyzer = executor.analyzer(nil)
        for (column, value) in [(a, b), (b, a)] {
            var c = column
            while case .paren(let inner) = c.kind { c = inner }
            guard case .columnRef(let parts) = c.kind, let name = parts.last,
                let scoped = relation.entry.column(name), let physical = scoped.physical,
                parts.count == 1 || parts[parts.count - 2] == relation.refName,
                let operand = try? analyzer.analyse(value)
            else { continue }
            if operand.type == .unknown || operand.type == scoped.type { return physical }
        }
        return nil
    }

    func conditionText(_ conjuncts: [Expr], _ printer: ExplainExprPrinter) throws
        -> String
    {
        let parts = try conjuncts.map { try printer.text($0) }
        return parts.count == 1 ? parts[0] : "(" + parts.joined(separator: " AND ") + ")"
    }

    // MARK: - ANALYZE

    /// The rows of `leaf` that pass `whereClause`, and all its rows.
    func actualRows(
        _ leaf: TableDefinition, _ relation: ScannedRelation, _ whereClause: Expr?
    ) throws -> (Int, Int) {
        let total = leaf.storage?.count(snapshot: executor.session.currentSnapshot) ?? 0
        guard let whereClause else { return (total, total) }
        let count = Expr(
            .function(
                FunctionCall(name: QualifiedName(["count"]), arguments: [], isStar: true)))
        let query = SelectStatement(
            body: .select(
                SimpleSelect(
                    targets: [ResultTarget(expr: count)],
                    from: [
                        .table(
                            QualifiedName([leaf.schema, leaf.name]),
                            alias: Alias(name: relation.refName), only: true)
                    ],
                    whereClause: whereClause)))
        let plan = try executor.planQuery(query, outer: nil)
        let rows = try plan.root.collect(executor.makeContext())
        guard case .int8(let matched) = rows.first?.first ?? .null else { return (0, total) }
        return (Int(matched), total)
    }

    /// Fills in the upper nodes' actual rows from the scans' and from the
    /// query's result (EXPLAIN ANALYZE runs the query).
    func annotate(_ node: inout ExplainNode, query: SelectStatement) throws {
        let result = try executor.planQuery(query, outer: nil)
        let resultRows = try result.root.collect(executor.makeContext()).count
        try annotateNode(&node, resultRows: resultRows)
    }

    func annotateNode(_ node: inout ExplainNode, resultRows: Int) throws {
        for i in node.children.indices {
            try annotateNode(&node.children[i], resultRows: resultRows)
        }
        if node.actualRows != nil { return }
        switch node.title {
        case "Append":
            node.actualRows = node.children.reduce(0) { $0 + ($1.actualRows ?? 0) }
        case "Aggregate", "Result": node.actualRows = 1
        case "Sort", "HashAggregate":
            // TODO(#6): the memory a sort and a hash table take
            // (`Sort Method: quicksort  Memory: 25kB`, `Batches: 1  Memory
            // Usage: 40kB`), which PostgreSQL prints under ANALYZE.
            throw SQLError.notSupported(
                "EXPLAIN ANALYZE of a plan with \(node.title) is not supported yet")
        default:
            // TODO(#3): actual rows of index scans and of nodes under a Limit.
            throw SQLError.notSupported("EXPLAIN ANALYZE of this query shape is not supported yet")
        }
    }

    // MARK: - Upper nodes

    func aggregate(_ input: ExplainNode, aggregates: Int, width: Int) -> ExplainNode {
        var node = ExplainNode("Aggregate", children: [input])
        node.startupCost = input.totalCost + input.rows * cpuOperatorCost * Double(aggregates)
        node.totalCost = node.startupCost + cpuTupleCost
        node.rows = 1
        node.width = width
        return node
    }

    func sort(_ input: ExplainNode, keys: [String], limit: Double?) -> ExplainNode {
        var node = ExplainNode("Sort", children: [input])
        node.details = ["Sort Key: " + keys.joined(separator: ", ")]
        let n = max(input.rows, 2)
        // A bounded (top-N) sort compares against a heap of 2 x LIMIT rows.
        let depth = limit.map { n > 2 * $0 ? log2(2 * $0) : log2(n) } ?? log2(n)
        node.startupCost = input.totalCost + 2 * cpuOperatorCost * n * depth
        node.totalCost = node.startupCost + cpuOperatorCost * input.rows
        node.rows = input.rows
        node.width = input.width
        return node
    }

    func limit(_ input: ExplainNode, _ query: SelectStatement) throws -> ExplainNode {
        var node = ExplainNode("Limit", children: [input])
        let offset = try constantCount(query.offset) ?? 0
        let count = try limitCount(query) ?? max(input.rows - offset, 0)
        let run = input.totalCost - input.startupCost
        let n = max(input.rows, 1)
        node.startupCost = input.startupCost + run * min(offset, n) / n
        node.totalCost = input.startupCost + run * min(offset + count, n) / n
        node.rows = clampRows(min(count, max(input.rows - offset, 0)))
        node.width = input.width
        return node
    }

    func limitCount(_ query: SelectStatement) throws -> Double? {
        try constantCount(query.limit)
    }

    func constantCount(_ e: Expr?) throws -> Double? {
        guard let e else { return nil }
        let compiled = try executor.analyzer(nil).compile(e, as: .int8, what: "LIMIT")
        let value = try compiled.evaluate([], executor.makeContext())
        if value.isNull { return nil }
        guard case .int8(let n) = value else { throw notSupported() }
        return Double(n)
    }

    // MARK: - Keys

    func groupExprs(_ select: SimpleSelect) -> [Expr] {
        select.groupBy.compactMap { element in
            if case .expr(let e) = element { return e }
            return nil
        }
    }

    /// GROUP BY as expressions (ordinals and output names resolved), with
    /// the keys ORDER BY starts with moved first.
    func orderedGroupKeys(_ select: SimpleSelect, _ query: SelectStatement) throws
        -> [Expr]
    {
        guard groupExprs(select).count == select.groupBy.count else { throw notSupported() }
        var keys = groupExprs(select).map { select.outputExpression($0) }
        var ordered: [Expr] = []
        for item in query.orderBy {
            let e = select.outputExpression(item.expr)
            guard let index = keys.firstIndex(where: { sameExpr($0, e) }) else { break }
            ordered.append(keys.remove(at: index))
        }
        return ordered + keys
    }

    func sameExpr(_ a: Expr, _ b: Expr) -> Bool {
        deparse(a) == deparse(b)
    }

    func sortKeyText(
        _ item: SortItem, _ select: SimpleSelect, _ printer: ExplainExprPrinter
    ) throws -> String {
        guard item.usingOperator == nil else { throw notSupported() }
        var text = try printer.keyText(select.outputExpression(item.expr))
        let descending = item.direction == .descending
        if descending { text += " DESC" }
        switch (item.nulls, descending) {
        case (.first?, false): text += " NULLS FIRST"
        case (.last?, true): text += " NULLS LAST"
        default: break
        }
        return text
    }

    func sortColumn(_ e: Expr, _ select: SimpleSelect, _ relation: ScannedRelation)
        -> Int?
    {
        var e = select.outputExpression(e)
        while case .paren(let inner) = e.kind { e = inner }
        guard case .columnRef(let parts) = e.kind, let name = parts.last else { return nil }
        return relation.entry.column(name)?.physical
    }

    // MARK: - Estimates

    /// Pages and tuples PostgreSQL assumes for a table never vacuumed: the
    /// pages its heap holds (as the storage's size model replays them), at
    /// least 10, each as full as the row's estimated width allows.
    func pagesAndTuples(_ table: TableDefinition) -> (Double, Double) {
        let dataWidth = table.liveColumns.reduce(0) { $0 + typeWidth(table.columns[$1].type) }
        let tupleWidth = dataWidth + 24 + 4
        let density = (8192 - 24) / tupleWidth
        let pages = max(10, table.diskSizes.main / 8192)
        return (Double(pages), Double(density * pages))
    }

    func referencedColumns(_ exprs: [Expr], _ relation: ScannedRelation) -> Set<Int> {
        var columns: Set<Int> = []
        for e in exprs {
            if isStar(e) {
                columns.formUnion(relation.table.liveColumns)
                continue
            }
            ExprWalker.visit(e) { node in
                if case .columnRef(let parts) = node.kind, let name = parts.last,
                    let physical = relation.entry.column(name)?.physical
                {
                    columns.insert(physical)
                }
                return true
            }
        }
        return columns
    }

    func width(_ columns: Set<Int>, _ relation: ScannedRelation) -> Int {
        columns.reduce(0) { $0 + typeWidth(relation.table.columns[$1].type) }
    }

    func targetWidth(_ select: SimpleSelect, _ relation: ScannedRelation) throws -> Int {
        let analyzer = executor.analyzer(relation.scope)
        var total = 0
        for target in select.targets {
            if isStar(target.expr) {
                total += width(Set(relation.table.liveColumns), relation)
            } else if !Analyzer.aggregateCalls(in: target.expr).isEmpty {
                total += try aggregateWidth(target.expr, analyzer)
            } else {
                total += typeWidth(try analyzer.analyse(target.expr).type)
            }
        }
        return total
    }

    func aggregateWidth(_ e: Expr, _ analyzer: Analyzer) throws -> Int {
        guard case .function(let call) = e.kind else { return 8 }
        switch call.name.name {
        case "count": return 8
        case "sum", "avg":
            guard let argument = call.arguments.first?.value else { return 8 }
            let type = try analyzer.analyse(argument).type
            return type == .int2 || type == .int4 ? 8 : typeWidth(type == .int8 ? .numeric : type)
        default:
            guard let argument = call.arguments.first?.value else { return 8 }
            return typeWidth(try analyzer.analyse(argument).type)
        }
    }

    /// `e` without its conjuncts that are the constant TRUE; nil when
    /// nothing else is left.
    func droppingTrue(_ e: Expr) -> Expr? {
        let all = splitConjuncts(e)
        let kept = all.filter { conjunct in
            var bare = conjunct
            while case .paren(let inner) = bare.kind { bare = inner }
            if case .literal(.boolean(true)) = bare.kind { return false }
            return true
        }
        if kept.count == all.count { return e }
        return kept.isEmpty ? nil : conjunction(kept)
    }

    func estimateSelectivity(_ e: Expr) -> Double {
        switch e.kind {
        case .paren(let inner): return estimateSelectivity(inner)
        case .binary("=", _, _): return 0.005
        case .binary(let op, _, _) where ["<", "<=", ">", ">="].contains(op):
            return 1.0 / 3.0
        // PostgreSQL's null fraction without statistics.
        case .isNull(_, let negated): return negated ? 0.995 : 0.005
        default: return 0.005
        }
    }

    /// The operators and functions `e` calls per row, as PostgreSQL costs
    /// a qual; a NULL test calls none.
    func operatorCount(_ e: Expr) -> Int {
        var count = 0
        let constants = executor.analyzer(nil)
        ExprWalker.visit(e) { node in
            switch node.kind {
            case .function(let call) where !call.arguments.isEmpty:
                // A call on constants is folded at plan time and costs nothing.
                if (try? constants.analyse(node))?.constant != nil { return false }
                count += 1
            case .binary, .function, .not: count += 1
            // `a BETWEEN x AND y` is `a >= x AND a <= y`; SYMMETRIC also
            // tries the bounds the other way round.
            case .between(_, _, _, _, let symmetric): count += symmetric ? 4 : 2
            default: break
            }
            return true
        }
        var bare = e
        while case .paren(let inner) = bare.kind { bare = inner }
        if count == 0, case .isNull = bare.kind { return 0 }
        return max(count, 1)
    }

    /// `whereClause` with its conjuncts in PostgreSQL's order of
    /// evaluation: the equalities that form equivalence classes (rebuilt
    /// after the other conditions) last, then the cheaper first, otherwise
    /// as written. An outer join's conditions form no classes.
    func orderedQual(_ whereClause: Expr, equivalences: Bool = true) -> Expr {
        let conjuncts = splitConjuncts(whereClause)
        guard conjuncts.count > 1 else { return whereClause }
        let regrouped =
            equivalences
            ? conjuncts.filter { !formsEquivalence($0) } + conjuncts.filter(formsEquivalence)
            : conjuncts
        let ordered = regrouped.enumerated().sorted {
            let (a, b) = (operatorCount($0.element), operatorCount($1.element))
            return a != b ? a < b : $0.offset < $1.offset
        }.map(\.element)
        guard ordered != conjuncts else { return whereClause }
        return ordered.dropFirst().reduce(ordered[0]) { Expr(.and($0, $1)) }
    }

    /// True for `a = b` over at least one column and no volatile call,
    /// which PostgreSQL turns into an equivalence class.
    func formsEquivalence(_ e: Expr) -> Bool {
        var e = e
        while case .paren(let inner) = e.kind { e = inner }
        guard case .binary("=", _, _) = e.kind else { return false }
        var column = false
        var volatile = false
        ExprWalker.visit(e) { node in
            switch node.kind {
            case .columnRef: column = true
            case .function(let call):
                let volatileNames: Set<String> = [
                    "random", "nextval", "clock_timestamp", "timeofday", "gen_random_uuid",
                    "setval", "random_normal",
                ]
                if volatileNames.contains(call.name.name) { volatile = true }
            case .subquery, .exists, .arraySubquery, .inSubquery, .quantifiedSubquery:
                volatile = true
            default: break
            }
            return true
        }
        return column && !volatile
    }

    /// clamp_row_est: at least one row, rounded half to even as rint does.
    func clampRows(_ rows: Double) -> Double {
        max(1, rows.rounded(.toNearestOrEven))
    }

    func splitConjuncts(_ e: Expr) -> [Expr] {
        switch e.kind {
        case .and(let a, let b): return splitConjuncts(a) + splitConjuncts(b)
        case .paren(let inner):
            if case .and = inner.kind { return splitConjuncts(inner) }
            return [e]
        default: return [e]
        }
    }

    func isStar(_ e: Expr) -> Bool {
        switch e.kind {
        case .star: return true
        case .columnRef(let parts): return parts.last == "*"
        default: return false
        }
    }

    /// False for subqueries and window functions, which need plan nodes
    /// the planner does not show yet.
    func isPlainExpression(_ e: Expr) -> Bool {
        var plain = true
        ExprWalker.visit(e) { node in
            switch node.kind {
            case .subquery, .exists, .arraySubquery, .inSubquery, .quantifiedSubquery:
                plain = false
            case .function(let f) where f.over != nil || f.isDistinct || !f.orderBy.isEmpty:
                plain = false
            default: break
            }
            return plain
        }
        return plain
    }
}

/// The width PostgreSQL estimates for a value of `type` without
/// statistics: the type's length, 32 bytes for variable-length types.
package func typeWidth(_ type: PGType) -> Int {
    switch type {
    case .bool: return 1
    case .int2: return 2
    case .int4, .float4, .date: return 4
    case .int8, .float8, .timestamp, .timestamptz: return 8
    case .interval: return 16
    default: return 32
    }
}
