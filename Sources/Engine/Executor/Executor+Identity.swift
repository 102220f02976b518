// Identity columns (GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY): the
// owned sequence made as a serial's is, the rewriter's checks on INSERT
// and UPDATE (OVERRIDING SYSTEM / USER VALUE), and ALTER COLUMN's ADD,
// SET GENERATED, SET option, RESTART and DROP IDENTITY (tablecmds.c).
import SQLParser

extension Executor {
    /// parse_utilcmd.c's checks on an identity column of CREATE TABLE.
    func checkIdentity(_ column: ColumnDefinition, def: ColumnDef, table: String, at: Int)
        throws
    {
        if column.identity != nil {
            throw SQLError(
                SQLState.syntaxError,
                "multiple identity specifications for column \"\(def.name)\" of table \"\(table)\"",
                position: at + 1)
        }
        if column.defaultExpr != nil {
            throw SQLError(
                SQLState.syntaxError,
                "both default and identity specified for column \"\(def.name)\" of table \"\(table)\"",
                position: at + 1)
        }
        try checkIdentityType(column.type)
    }

    func checkIdentityType(_ type: PGType) throws {
        guard [.int2, .int4, .int8].contains(type) else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "identity column type must be smallint, integer, or bigint")
        }
    }

    /// The rewriter's rule for INSERT: a GENERATED ALWAYS column takes a
    /// supplied value only with OVERRIDING SYSTEM VALUE. Returns the
    /// target columns whose supplied values OVERRIDING USER VALUE drops.
    func identityOverrides(
        _ insert: InsertStatement, table: TableDefinition, targets: [Int]
    ) throws -> Set<Int> {
        var ignored: Set<Int> = []
        for (position, column) in targets.enumerated() {
            guard let identity = table.columns[column].identity else { continue }
            if insert.overridingSystem == false {
                ignored.insert(column)
                continue
            }
            guard identity == .always, insert.overridingSystem != true else { continue }
            let supplied: Bool
            switch insert.source {
            case .defaultValues: supplied = false
            case .select: supplied = true
            case .values(let rows):
                supplied = rows.contains { row in
                    position < row.count && row[position].kind != .defaultValue
                }
            }
            if supplied {
                let name = table.columns[column].name
                throw SQLError(
                    SQLState.generatedAlways,
                    "cannot insert a non-DEFAULT value into column \"\(name)\"",
                    detail: "Column \"\(name)\" is an identity column defined as GENERATED ALWAYS.",
                    hint: "Use OVERRIDING SYSTEM VALUE to override.")
            }
        }
        return ignored
    }

    /// UPDATE may set a GENERATED ALWAYS column only to DEFAULT.
    func checkIdentityUpdate(_ column: ColumnDefinition, value: Expr) throws {
        guard column.identity == .always, value.kind != .defaultValue else { return }
        throw SQLError(
            SQLState.generatedAlways,
            "column \"\(column.name)\" can only be updated to DEFAULT",
            detail: "Column \"\(column.name)\" is an identity column defined as GENERATED ALWAYS.")
    }

    /// The sequence an identity column owns.
    func identitySequence(_ table: TableDefinition, column: String, in catalog: Catalog)
        -> SequenceDefinition?
    {
        catalog.sequences.values.first {
            $0.ownedBy?.table == table.oid && $0.ownedBy?.column == column
        }
    }

    /// ALTER COLUMN .. ADD GENERATED .. AS IDENTITY.
    func addIdentity(
        _ name: String, always: Bool, options: [SequenceOption], to oid: RelationID,
        in updated: inout Catalog
    ) throws {
        guard var table = updated.table(oid) else { return }
        let index = try existingColumn(name, table)
        let column = table.columns[index]
        let relation = "column \"\(name)\" of relation \"\(table.name)\""
        try checkIdentityType(column.type)
        guard column.notNull else {
            throw SQLError(
                SQLState.objectNotInPrerequisiteState,
                "\(relation) must be declared NOT NULL before identity can be added")
        }
        guard column.identity == nil else {
            throw SQLError(
                SQLState.objectNotInPrerequisiteState, "\(relation) is already an identity column")
        }
        guard column.defaultExpr == nil else {
            throw SQLError(
                SQLState.objectNotInPrerequisiteState, "\(relation) already has a default value")
        }
        let sequence = updated.chooseRelationName(
            table.name, name, "seq", schema: table.schema, taken: [])
        try addSerialSequences(
            [SerialColumn(column: name, type: column.type, sequence: sequence, options: options)],
            to: &table, in: &updated)
        table.columns[index].identity = always ? .always : .byDefault
        updated.updateTable(table)
    }

    /// ALTER COLUMN .. SET GENERATED / SET option / RESTART.
    func alterIdentity(
        _ name: String, always: Bool?, options: [SequenceOption], of oid: RelationID,
        in updated: inout Catalog
    ) throws {
        guard var table = updated.table(oid) else { return }
        let index = try existingColumn(name, table)
        guard table.columns[index].identity != nil,
            var sequence = identitySequence(table, column: name, in: updated)
        else {
            throw SQLError(
                SQLState.objectNotInPrerequisiteState,
                "column \"\(name)\" of relation \"\(table.name)\" is not an identity column")
        }
        if let always {
            table.columns[index].identity = always ? .always : .byDefault
            updated.updateTable(table)
        }
        try Self.applySequenceOptions(options, to: &sequence, creating: false)
        for case .restart(let value) in options {
            let restart = value ?? sequence.start
            try Self.checkSequenceValue(restart, "RESTART", sequence)
            session.engine.sequenceStates.set(
                sequence.oid, SequenceState(lastValue: restart, isCalled: false, logCount: 0))
        }
        updated.sequences[sequence.oid] = sequence
        updated.bumpVersion()
    }

    /// ALTER COLUMN .. DROP IDENTITY [IF EXISTS]: the column keeps NOT
    /// NULL; its sequence goes.
    func dropIdentity(
        _ name: String, ifExists: Bool, of oid: RelationID, in updated: inout Catalog
    ) throws {
        guard var table = updated.table(oid) else { return }
        let index = try existingColumn(name, table)
        guard table.columns[index].identity != nil else {
            let message =
                "column \"\(name)\" of relation \"\(table.name)\" is not an identity column"
            if ifExists {
                session.report(.notice(message + ", skipping"))
                return
            }
            throw SQLError(SQLState.objectNotInPrerequisiteState, message)
        }
        if let sequence = identitySequence(table, column: name, in: updated) {
            updated.removeSequence(sequence.oid)
        }
        table.columns[index].identity = nil
        table.columns[index].defaultExpr = nil
        updated.updateTable(table)
    }

    /// SET or DROP DEFAULT on an identity column.
    func refuseDefaultOnIdentity(_ column: ColumnDefinition, table: String, dropping: Bool)
        throws
    {
        guard column.identity != nil else { return }
        throw SQLError(
            SQLState.syntaxError,
            "column \"\(column.name)\" of relation \"\(table)\" is an identity column",
            hint: dropping ? "Use ALTER TABLE ... ALTER COLUMN ... DROP IDENTITY instead." : nil)
    }
}
