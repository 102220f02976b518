// ON CONFLICT (PostgreSQL's speculative insertion, simplified under the
// engine lock): the arbiter index named by columns or constraint, DO
// NOTHING, and DO UPDATE SET ... WHERE compiled over the existing row
// (under the table's name or alias) followed by the proposed row as
// `excluded`. Also RETURNING lists, shared by INSERT, UPDATE and DELETE.
import SQLParser

/// How an INSERT resolves conflicts.
struct ConflictPlan {
    enum Action {
        case nothing
        /// Assignments by physical column over [existing row + excluded
        /// row], and the optional WHERE.
        case update([(Int, CompiledExpr)], CompiledExpr?)
    }
    /// Key columns of the arbiter index; nil means any unique index.
    var arbiter: Set<Int>?
    var action: Action
}

/// A compiled RETURNING list.
struct ReturningPlan {
    var exprs: [CompiledExpr]
    var columns: [ColumnDescription]
}

extension Executor {
    func planOnConflict(_ clause: OnConflict, insert: InsertStatement, table: TableDefinition)
        throws -> ConflictPlan
    {
        var arbiter: Set<Int>?
        switch clause.target {
        case .none:
            if case .update = clause.action {
                throw SQLError(
                    SQLState.syntaxError,
                    "ON CONFLICT DO UPDATE requires inference specification or constraint name",
                    hint: "For example, ON CONFLICT (column_name).",
                    position: clause.location >= 0 ? clause.location + 1 : nil)
            }
        case .columns(let exprs, let predicate):
            if predicate != nil {
                throw SQLError.notSupported(
                    "ON CONFLICT with a WHERE clause on the target is not supported yet")
            }
            var columns: Set<Int> = []
            for e in exprs {
                guard case .columnRef(let parts) = e.kind, parts.count == 1 else {
                    throw SQLError.notSupported(
                        "ON CONFLICT on expressions is not supported yet", position: e.location + 1)
                }
                guard let index = table.columnIndex(parts[0]) else {
                    throw SQLError(
                        SQLState.undefinedColumn, "column \"\(parts[0])\" does not exist",
                        position: e.location + 1)
                }
                columns.insert(index)
            }
            guard table.uniqueKeys.contains(where: { Set($0.columns) == columns }) else {
                throw SQLError(
                    SQLState.invalidColumnReference,
                    "there is no unique or exclusion constraint matching the ON CONFLICT specification"
                )
            }
            arbiter = columns
        case .constraint(let name):
            guard let constraint = table.constraints.first(where: { $0.name == name }) else {
                throw SQLError(
                    SQLState.undefinedObject,
                    "constraint \"\(name)\" for table \"\(table.name)\" does not exist")
            }
            guard let columns = constraint.keyColumns else {
                throw SQLError(
                    SQLState.wrongObjectType,
                    "constraint in ON CONFLICT clause has no associated index")
            }
            arbiter = Set(columns)
        }
        switch clause.action {
        case .nothing:
            return ConflictPlan(arbiter: arbiter, action: .nothing)
        case .update(let sets, let whereClause):
            let scope = tableScope(table, refName: insert.alias ?? table.name)
            let live = table.liveColumns
            scope.addEntry(
                refName: "excluded", schema: nil,
                columns: live.map { (table.columns[$0].name, table.columns[$0].type) },
                physical: live,
                table: table, rowWidth: table.columns.count)
            let assignments = try compileAssignments(sets, table: table, scope: scope)
            let condition = try whereClause.map {
                try analyzer(scope).compileCondition($0, clause: "WHERE")
            }
            return ConflictPlan(arbiter: arbiter, action: .update(assignments, condition))
        }
    }

    /// SET col = expr, ... for UPDATE and ON CONFLICT DO UPDATE.
    func compileAssignments(_ sets: [SetClause], table: TableDefinition, scope: ColumnScope) throws
        -> [(Int, CompiledExpr)]
    {
        var analyser = analyzer(scope)
        analyser.clause = "UPDATE"
        var result: [(Int, CompiledExpr)] = []
        for set in sets {
            guard let column = table.columnIndex(set.column) else {
                throw SQLError(
                    SQLState.undefinedColumn,
                    "column \"\(set.column)\" of relation \"\(table.name)\" does not exist",
                    position: set.location >= 0 ? set.location + 1 : nil)
            }
            if !set.subscripts.isEmpty, table.columns[column].type == .jsonb {
                if result.contains(where: { $0.0 == column }) {
                    // TODO(#6): several subscripted assignments to one column.
                    throw SQLError.notSupported(
                        "multiple assignments to one jsonb column are not supported yet",
                        position: set.location + 1)
                }
                let compiled = try analyser.compileJSONBAssignment(
                    column: set.column, set.subscripts, value: set.value, location: set.location)
                result.append((column, compiled))
                continue
            }
            if !set.subscripts.isEmpty {
                throw SQLError.notSupported(
                    "assignment to array elements is not supported yet", position: set.location + 1)
            }
            if result.contains(where: { $0.0 == column }) {
                throw SQLError(
                    SQLState.syntaxError, "multiple assignments to same column \"\(set.column)\"",
                    position: set.location >= 0 ? set.location + 1 : nil)
            }
            let def = table.columns[column]
            try checkIdentityUpdate(def, value: set.value)
            let compiled: CompiledExpr
            if case .defaultValue = set.value.kind {
                compiled =
                    try def.defaultExpr.map {
                        try analyzer(nil).compileAssignment($0, to: def.type, column: def.name)
                    } ?? CompiledExpr(type: def.type) { _, _ in .null }
            } else {
                compiled = try analyser.compileAssignment(set.value, to: def.type, column: def.name)
            }
            result.append((column, compiled))
        }
        return result
    }

    /// RETURNING over the table's physical row; nil when absent.
    func returningPlan(_ targets: [ResultTarget], table: TableDefinition, refName: String) throws
        -> ReturningPlan?
    {
        guard !targets.isEmpty else { return nil }
        let scope = tableScope(table, refName: refName)
        let entries = try compileTargets(targets, scope: scope, clause: "RETURNING")
        return ReturningPlan(
            exprs: entries.map(\.compiled),
            columns: entries.map { ColumnDescription(name: $0.name, type: $0.compiled.type) })
    }
}
