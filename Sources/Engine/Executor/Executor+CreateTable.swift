// CREATE TABLE (PostgreSQL's transformCreateStmt and DefineRelation):
// columns with NOT NULL and DEFAULT, CHECK, PRIMARY KEY and UNIQUE with
// generated names, PARTITION BY, PARTITION OF with bound validation, and
// CREATE TABLE AS.
import SQLParser

/// A key constraint being defined.
struct PendingKey {
    var name: String?
    var columns: [String]
    var isPrimary: Bool
    var nullsNotDistinct: Bool
    var location: Int
}

/// A CHECK constraint being defined.
struct PendingCheck {
    var name: String?
    var expr: Expr
    /// The one column it reads, for the generated name (`t_a_check`).
    var column: String?
}

extension Executor {
    func executeCreateTable(_ create: CreateTableStatement) throws -> QueryResult {
        if create.isTemporary {
            throw SQLError.notSupported(
                "temporary tables are not supported yet", position: position(create.name))
        }
        if !create.inherits.isEmpty {
            throw SQLError.notSupported(
                "table inheritance is not supported yet", position: position(create.name))
        }
        if let method = create.accessMethod, method != "heap" {
            // TODO(#6): the columnar access method.
            throw SQLError.notSupported("access method \"\(method)\" is not supported yet")
        }
        let schema = try schemaFor(create.name)
        if catalog.relation(named: create.name.name, in: schema) != nil
            || catalog.compositeTypes[schema]?[create.name.name] != nil
        {
            if create.ifNotExists {
                session.report(.notice("relation \"\(create.name.name)\" already exists, skipping"))
                return QueryResult(commandTag: "CREATE TABLE")
            }
            throw SQLError(
                SQLState.duplicateTable, "relation \"\(create.name.name)\" already exists")
        }
        if let query = create.asSelect {
            return try createTableAs(create, query: query, schema: schema)
        }
        var create = create
        let serials = expandSerials(&create, schema: schema)
        var table = try defineTable(create, schema: schema)
        var updated = catalog
        table.oid = updated.allocateOID()
        try addSerialSequences(serials, to: &table, in: &updated)
        try addConstraints(create, to: &table, in: &updated)
        if let parentName = create.partitionOf {
            try attachNewPartition(
                &table, parentName: parentName, create: create, catalog: &updated)
            if let parent = table.parent.flatMap(updated.table) {
                try inheritIndexes(of: parent, to: table, in: &updated)
            }
        }
        session.updateCatalog { $0 = updated }
        return QueryResult(commandTag: "CREATE TABLE")
    }

    /// Columns and partition key of a new table (constraints come later).
    private func defineTable(_ create: CreateTableStatement, schema: String) throws
        -> TableDefinition
    {
        var columns: [ColumnDefinition] = []
        if let parentName = create.partitionOf {
            let parent = try resolveTable(parentName, positioned: false)
            guard parent.isPartitioned else {
                throw SQLError(SQLState.wrongObjectType, "\"\(parent.name)\" is not partitioned")
            }
            columns = parent.liveColumns.map { parent.columns[$0] }
        }
        for element in create.elements {
            if case .like(let source, let options) = element {
                for column in try likeColumns(source, options: options) {
                    try appendColumn(column, to: &columns, table: create.name.name)
                }
                continue
            }
            guard case .column(let def) = element else { continue }
            if create.partitionOf != nil {
                throw SQLError.notSupported(
                    "column definitions in PARTITION OF are not supported yet",
                    position: def.location + 1)
            }
            try appendColumn(
                try defineColumn(def, table: create.name.name), to: &columns,
                table: create.name.name)
        }
        var table = TableDefinition(
            oid: 0, schema: schema, name: create.name.name, columns: columns)
        if let spec = create.partitionBy {
            table.partitionKey = try partitionKey(spec, columns: columns)
        } else {
            table.storage = HeapStorage(columnTypes: columns.map(\.type))
        }
        return table
    }

    /// Adds a column, refusing a name the table already has.
    private func appendColumn(
        _ column: ColumnDefinition, to columns: inout [ColumnDefinition], table: String
    ) throws {
        if columns.contains(where: { $0.name == column.name }) {
            throw SQLError(
                SQLState.duplicateColumn, "column \"\(column.name)\" specified more than once")
        }
        columns.append(column)
    }

    private func defineColumn(_ def: ColumnDef, table: String) throws -> ColumnDefinition {
        var column = ColumnDefinition(name: def.name, type: try resolveType(def.type))
        var nullSeen: Bool?
        for c in def.constraints {
            switch c.kind {
            case .notNull, .null:
                let isNotNull = c.kind == .notNull
                if let seen = nullSeen, seen != isNotNull {
                    throw SQLError(
                        SQLState.syntaxError,
                        "conflicting NULL/NOT NULL declarations for column \"\(def.name)\" of table \"\(table)\"",
                        position: c.location + 1)
                }
                nullSeen = isNotNull
                column.notNull = isNotNull
            case .defaultValue(let e):
                if column.identity != nil {
                    throw SQLError(
                        SQLState.syntaxError,
                        "both default and identity specified for column \"\(def.name)\" of table \"\(table)\"",
                        position: c.location + 1)
                }
                if column.defaultExpr != nil {
                    throw SQLError(
                        SQLState.syntaxError,
                        "multiple default values specified for column \"\(def.name)\" of table \"\(table)\"",
                        position: c.location + 1)
                }
                // Checked as cookDefault does, without evaluating it: a
                // DEFAULT that fails (1/0) only fails when it is used.
                var check = analyzer(nil)
                check.foldsConstants = false
                _ = try check.compileAssignment(e, to: column.type, column: def.name)
                column.defaultExpr = e
            case .primaryKey:
                column.notNull = true
            case .check, .unique:
                continue
            case .references:
                continue
            case .generated:
                throw SQLError.notSupported(
                    "generated columns are not supported yet", position: c.location + 1)
            case .identity(let always, _):
                try checkIdentity(column, def: def, table: table, at: c.location)
                column.identity = always ? .always : .byDefault
                column.notNull = true
            }
        }
        return column
    }

    private func partitionKey(_ spec: PartitionSpec, columns: [ColumnDefinition]) throws
        -> PartitionKey
    {
        if spec.strategy == .list && spec.keys.count > 1 {
            throw SQLError(
                SQLState.invalidTableDefinition,
                "cannot use \"list\" partition strategy with more than one column")
        }
        var keyColumns: [Int] = []
        for key in spec.keys {
            guard case .columnRef(let parts) = key.kind, parts.count == 1 else {
                throw SQLError.notSupported(
                    "partition keys on expressions are not supported yet",
                    position: key.location + 1)
            }
            guard let index = columns.firstIndex(where: { $0.name == parts[0] && !$0.isDropped })
            else {
                throw SQLError(
                    SQLState.undefinedColumn,
                    "column \"\(parts[0])\" named in partition key does not exist",
                    position: key.location + 1)
            }
            keyColumns.append(index)
        }
        return PartitionKey(strategy: spec.strategy, columns: keyColumns)
    }

    /// CHECK, PRIMARY KEY and UNIQUE constraints, named as PostgreSQL
    /// names them, with the indexes that back the keys.
    private func addConstraints(
        _ create: CreateTableStatement, to table: inout TableDefinition, in updated: inout Catalog
    ) throws {
        var checks: [PendingCheck] = []
        var keys: [PendingKey] = []
        var foreignKeys: [(name: String?, columns: [String], ForeignKeyReference)] = []
        if let parentName = create.partitionOf {
            let parent = try resolveTable(parentName, positioned: false)
            for c in parent.constraints {
                switch c.kind {
                case .check(let e):
                    table.constraints.append(ConstraintDefinition(name: c.name, kind: .check(e)))
                case .primaryKey(let cols):
                    keys.append(
                        PendingKey(
                            name: nil, columns: cols.map { parent.columns[$0].name },
                            isPrimary: true, nullsNotDistinct: false, location: -1))
                case .unique(let cols, let nnd):
                    keys.append(
                        PendingKey(
                            name: nil, columns: cols.map { parent.columns[$0].name },
                            isPrimary: false, nullsNotDistinct: nnd, location: -1))
                case .foreignKey:
                    continue
                }
            }
        }
        for element in create.elements {
            switch element {
            case .column(let def):
                for c in def.constraints {
                    switch c.kind {
                    case .check(let e, _):
                        checks.append(
                            PendingCheck(name: c.name, expr: e, column: singleColumn(e, table)))
                    case .primaryKey:
                        keys.append(
                            PendingKey(
                                name: c.name, columns: [def.name], isPrimary: true,
                                nullsNotDistinct: false, location: c.location))
                    case .unique(let nnd):
                        keys.append(
                            PendingKey(
                                name: c.name, columns: [def.name], isPrimary: false,
                                nullsNotDistinct: nnd, location: c.location))
                    case .references(let reference):
                        foreignKeys.append((c.name, [def.name], reference))
                    default: continue
                    }
                }
            case .constraint(let tc):
                switch tc.kind {
                case .check(let e, _):
                    checks.append(
                        PendingCheck(name: tc.name, expr: e, column: singleColumn(e, table)))
                case .primaryKey(let cols):
                    keys.append(
                        PendingKey(
                            name: tc.name, columns: cols, isPrimary: true, nullsNotDistinct: false,
                            location: tc.location))
                case .unique(let cols, let nnd):
                    keys.append(
                        PendingKey(
                            name: tc.name, columns: cols, isPrimary: false, nullsNotDistinct: nnd,
                            location: tc.location))
                case .foreignKey(let columns, let reference):
                    foreignKeys.append((tc.name, columns, reference))
                }
            case .like(let source, let options):
                let copied = try likeConstraints(source, options: options)
                checks += copied.checks
                keys += copied.keys
            }
        }
        for check in checks { try addCheck(check, to: &table, in: updated) }
        try addKeys(keys, to: &table, in: updated)
        for (name, columns, reference) in foreignKeys {
            table.constraints.append(
                try defineForeignKey(
                    name: name, columns: columns, reference: reference, on: table, in: updated))
        }
        updated.addTable(table)
        for c in table.constraints { updated.registerConstraint(c, of: table) }
    }

    /// The one column a table CHECK reads, which names it (`t_a_check`).
    func singleColumn(_ e: Expr, _ table: TableDefinition) -> String? {
        var names: Set<String> = []
        ExprWalker.visit(e) { node in
            if case .columnRef(let parts) = node.kind, let last = parts.last,
                table.columnIndex(last) != nil
            {
                names.insert(last)
            }
            return true
        }
        return names.count == 1 ? names.first : nil
    }

    func addCheck(_ check: PendingCheck, to table: inout TableDefinition, in updated: Catalog)
        throws
    {
        let scope = tableScope(table, refName: table.name)
        _ = try analyzer(scope).compileCondition(check.expr, clause: "CHECK")
        let taken = Set(table.constraints.map(\.name))
        let name: String
        if let explicit = check.name {
            if taken.contains(explicit) {
                throw SQLError(
                    SQLState.duplicateObject, "check constraint \"\(explicit)\" already exists")
            }
            name = explicit
        } else {
            name = updated.chooseConstraintName(
                table.name, check.column, "check", schema: table.schema, taken: taken)
        }
        table.constraints.append(ConstraintDefinition(name: name, kind: .check(check.expr)))
    }

    func addKeys(_ keys: [PendingKey], to table: inout TableDefinition, in updated: Catalog) throws
    {
        var ordered = keys.filter(\.isPrimary) + keys.filter { !$0.isPrimary }
        if let second = keys.filter(\.isPrimary).dropFirst().first {
            throw SQLError(
                SQLState.invalidTableDefinition,
                "multiple primary keys for table \"\(table.name)\" are not allowed",
                position: second.location >= 0 ? second.location + 1 : nil)
        }
        var seen: [[Int]] = []
        var taken = Set(table.constraints.map(\.name))
        ordered = ordered.filter { !$0.columns.isEmpty }
        for key in ordered {
            var columns: [Int] = []
            for name in key.columns {
                guard let index = table.columnIndex(name) else {
                    throw SQLError(
                        SQLState.undefinedColumn, "column \"\(name)\" named in key does not exist",
                        position: key.location >= 0 ? key.location + 1 : nil)
                }
                columns.append(index)
            }
            if seen.contains(columns) { continue }
            seen.append(columns)
            if let partitionKey = table.partitionKey {
                try checkKeyCoversPartitionKey(
                    key.isPrimary ? "PRIMARY KEY" : "UNIQUE", columns, partitionKey, table)
            }
            if key.isPrimary { for c in columns { table.columns[c].notNull = true } }
            let name: String
            if let explicit = key.name {
                if updated.relation(named: explicit, in: table.schema) != nil
                    || taken.contains(explicit)
                {
                    throw SQLError(
                        SQLState.duplicateTable, "relation \"\(explicit)\" already exists")
                }
                name = explicit
            } else if key.isPrimary {
                name = updated.chooseRelationName(
                    table.name, nil, "pkey", schema: table.schema, taken: taken)
            } else {
                let joined = key.columns.joined(separator: "_")
                name = updated.chooseRelationName(
                    table.name, joined, "key", schema: table.schema, taken: taken)
            }
            taken.insert(name)
            let kind: ConstraintDefinition.Kind =
                key.isPrimary
                ? .primaryKey(columns) : .unique(columns, nullsNotDistinct: key.nullsNotDistinct)
            table.constraints.append(ConstraintDefinition(name: name, kind: kind))
            _ = table.storage?.addUniqueIndex(
                columns: columns, nullsNotDistinct: key.nullsNotDistinct)
        }
    }

    /// A PRIMARY KEY's or unique index's columns must hold the partition
    /// key of a partitioned table; `kind` names it in the DETAIL line.
    func checkKeyCoversPartitionKey(
        _ kind: String, _ columns: [Int], _ partitionKey: PartitionKey, _ table: TableDefinition
    ) throws {
        for c in partitionKey.columns where !columns.contains(c) {
            throw SQLError(
                SQLState.featureNotSupported,
                "unique constraint on partitioned table must include all partitioning columns",
                detail:
                    "\(kind) constraint on table \"\(table.name)\" lacks column \"\(table.columns[c].name)\" which is part of the partition key."
            )
        }
    }

    /// CREATE TABLE ... AS SELECT.
    private func createTableAs(
        _ create: CreateTableStatement, query: SelectStatement, schema: String
    ) throws -> QueryResult {
        let plan = try planQuery(query, outer: nil)
        var names = plan.columns.map(\.name)
        var explicit: [String] = []
        for element in create.elements {
            if case .column(let def) = element { explicit.append(def.name) }
        }
        if explicit.count > names.count {
            throw SQLError(SQLState.syntaxError, "too many column names were specified")
        }
        for (i, name) in explicit.enumerated() { names[i] = name }
        var seen: Set<String> = []
        for name in names where !seen.insert(name).inserted {
            throw SQLError(SQLState.duplicateColumn, "column \"\(name)\" specified more than once")
        }
        let types = plan.columns.map { $0.type == .unknown ? PGType.text : $0.type }
        var table = TableDefinition(
            oid: 0, schema: schema, name: create.name.name,
            columns: zip(names, types).map { ColumnDefinition(name: $0.0, type: $0.1) })
        let storage = HeapStorage(columnTypes: types)
        table.storage = storage
        var updated = catalog
        table.oid = updated.allocateOID()
        updated.addTable(table)
        session.updateCatalog { $0 = updated }
        guard create.withData else { return QueryResult(commandTag: "CREATE TABLE AS") }
        // The rows come through the planner hook, which reads distributed
        // tables' shards.
        let rows = try execute(.select(query)).rows
        let xid = try writeXid
        for row in rows { _ = try storage.insert(row, xid: xid) }
        return QueryResult(commandTag: "SELECT \(rows.count)")
    }
}
