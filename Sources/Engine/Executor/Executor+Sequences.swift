// CREATE, ALTER and DROP SEQUENCE, serial columns, and the sequence
// functions' arithmetic, with PostgreSQL's defaults (an ascending bigint
// sequence from 1) and the checks of its init_params: bounds within the
// type, MINVALUE below MAXVALUE, START and RESTART within them, INCREMENT
// not zero, CACHE positive.
import SQLParser

extension Executor {
    func executeCreateSequence(_ create: CreateSequenceStatement) throws -> QueryResult {
        if create.isTemporary {
            throw SQLError.notSupported(
                "temporary sequences are not supported yet", position: position(create.name))
        }
        let schema = try schemaFor(create.name)
        if catalog.relation(named: create.name.name, in: schema) != nil {
            if create.ifNotExists {
                session.report(
                    .notice("relation \"\(create.name.name)\" already exists, skipping"))
                return QueryResult(commandTag: "CREATE SEQUENCE")
            }
            throw SQLError(
                SQLState.duplicateTable, "relation \"\(create.name.name)\" already exists")
        }
        var updated = catalog
        var sequence = SequenceDefinition(
            oid: updated.allocateOID(), schema: schema, name: create.name.name, type: .int8,
            start: 1, increment: 1, minValue: 1, maxValue: Int64.max, cache: 1, cycle: false)
        try Self.applySequenceOptions(create.options, to: &sequence, creating: true)
        for case .ownedBy(let owner) in create.options {
            sequence.ownedBy = try owner.map { try sequenceOwner($0, schema: schema) }
        }
        updated.addSequence(sequence)
        resetState(sequence)
        session.updateCatalog { $0 = updated }
        return QueryResult(commandTag: "CREATE SEQUENCE")
    }

    func executeAlterSequence(_ alter: AlterSequenceStatement) throws -> QueryResult {
        guard let (_, oid) = try lookupRelation(alter.name), var sequence = catalog.sequence(oid)
        else {
            if alter.ifExists {
                session.report(
                    .notice("relation \"\(alter.name.name)\" does not exist, skipping"))
                return QueryResult(commandTag: "ALTER SEQUENCE")
            }
            throw SQLError(
                SQLState.undefinedTable, "relation \"\(alter.name.name)\" does not exist")
        }
        try Self.applySequenceOptions(alter.options, to: &sequence, creating: false)
        for option in alter.options {
            switch option {
            case .ownedBy(let owner):
                sequence.ownedBy = try owner.map { try sequenceOwner($0, schema: sequence.schema) }
            case .restart(let value):
                let restart = value ?? sequence.start
                try Self.checkSequenceValue(restart, "RESTART", sequence)
                session.engine.sequenceStates.set(
                    oid, SequenceState(lastValue: restart, isCalled: false, logCount: 0))
            default:
                break
            }
        }
        session.updateCatalog { catalog in
            catalog.sequences[oid] = sequence
            catalog.bumpVersion()
        }
        return QueryResult(commandTag: "ALTER SEQUENCE")
    }

    /// A new sequence starts afresh, whatever a rolled-back sequence with
    /// the same OID left.
    private func resetState(_ sequence: SequenceDefinition) {
        session.engine.sequenceStates.set(
            sequence.oid, SequenceState(lastValue: sequence.start, isCalled: false, logCount: 0))
    }

    /// The column `OWNED BY table.column` names.
    private func sequenceOwner(_ name: QualifiedName, schema: String) throws
        -> (table: RelationID, column: String)
    {
        guard name.parts.count >= 2 else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "invalid OWNED BY option",
                hint: "Specify OWNED BY table.column or OWNED BY NONE.")
        }
        let table = try resolveTable(QualifiedName(Array(name.parts.dropLast())), positioned: false)
        let column = name.parts[name.parts.count - 1]
        guard table.columnIndex(column) != nil else {
            throw SQLError(
                SQLState.undefinedColumn,
                "column \"\(column)\" of relation \"\(table.name)\" does not exist")
        }
        if table.schema != schema {
            throw SQLError(
                "55000", "sequence must be in same schema as table it is linked to")
        }
        return (table.oid, column)
    }

    /// DROP SEQUENCE: the sequences and, with CASCADE, the defaults of the
    /// serial columns that use them.
    func dropSequences(_ drop: DropStatement) throws -> QueryResult {
        var victims: [SequenceDefinition] = []
        for name in drop.names {
            guard let (_, oid) = try lookupRelation(name), let sequence = catalog.sequence(oid)
            else {
                if drop.ifExists {
                    session.report(.notice("sequence \"\(name.name)\" does not exist, skipping"))
                    continue
                }
                throw SQLError(
                    SQLState.undefinedTable, "sequence \"\(name.name)\" does not exist")
            }
            victims.append(sequence)
        }
        var updated = catalog
        for sequence in victims {
            if let owner = sequence.ownedBy, var table = updated.table(owner.table),
                let index = table.columnIndex(owner.column),
                table.columns[index].defaultExpr.map({ usesSequence($0, sequence) }) == true
            {
                let dependent =
                    "default value for column \(owner.column) of table \(table.name)"
                guard drop.cascade else {
                    throw SQLError(
                        SQLState.dependentObjectsStillExist,
                        "cannot drop sequence \(sequence.name) because other objects depend on it",
                        detail: "\(dependent) depends on sequence \(sequence.name)",
                        hint: "Use DROP ... CASCADE to drop the dependent objects too.")
                }
                session.report(.notice("drop cascades to \(dependent)"))
                table.columns[index].defaultExpr = nil
                updated.updateTable(table)
            }
            updated.removeSequence(sequence.oid)
        }
        session.updateCatalog { $0 = updated }
        return QueryResult(commandTag: "DROP SEQUENCE")
    }

    /// True when `e` calls nextval on `sequence` (a serial's default).
    private func usesSequence(_ e: Expr, _ sequence: SequenceDefinition) -> Bool {
        var found = false
        ExprWalker.visit(e) { node in
            if case .literal(.string(let text)) = node.kind,
                text == sequence.name || text == sequence.schema + "." + sequence.name
            {
                found = true
            }
            return !found
        }
        return found
    }

    // MARK: - Options

    /// Applies CREATE / ALTER SEQUENCE options as init_params does.
    static func applySequenceOptions(
        _ options: [SequenceOption], to sequence: inout SequenceDefinition, creating: Bool
    ) throws {
        var minValue: Int64??
        var maxValue: Int64??
        var start: Int64?
        for option in options {
            switch option {
            case .asType(let type):
                let name = type.names.last ?? ""
                let types: [String: PGType] = [
                    "int2": .int2, "smallint": .int2, "int4": .int4, "integer": .int4,
                    "int": .int4, "int8": .int8, "bigint": .int8,
                ]
                guard let resolved = types[name], type.arrayDimensions == 0 else {
                    throw SQLError(
                        SQLState.invalidParameterValue,
                        "sequence type must be smallint, integer, or bigint")
                }
                sequence.type = resolved
            case .increment(let n):
                guard n != 0 else {
                    throw SQLError(SQLState.invalidParameterValue, "INCREMENT must not be zero")
                }
                sequence.increment = n
            case .minValue(let n): minValue = .some(n)
            case .maxValue(let n): maxValue = .some(n)
            case .start(let n): start = n
            case .cache(let n):
                guard n > 0 else {
                    throw SQLError(
                        SQLState.invalidParameterValue, "CACHE (\(n)) must be greater than zero")
                }
                sequence.cache = n
            case .cycle(let on): sequence.cycle = on
            case .restart, .ownedBy: break
            }
        }
        let (lowest, highest) = typeRange(sequence.type)
        let ascending = sequence.increment > 0
        if let max = maxValue ?? (creating ? .some(nil) : nil) {
            sequence.maxValue = max ?? (ascending ? highest : -1)
        }
        if let min = minValue ?? (creating ? .some(nil) : nil) {
            sequence.minValue = min ?? (ascending ? 1 : lowest)
        }
        let typeName =
            sequence.type == .int2 ? "smallint" : sequence.type == .int4 ? "integer" : "bigint"
        for (label, value) in [("MAXVALUE", sequence.maxValue), ("MINVALUE", sequence.minValue)]
        where value < lowest || value > highest {
            throw SQLError(
                SQLState.invalidParameterValue,
                "\(label) (\(value)) is out of range for sequence data type \(typeName)")
        }
        if sequence.minValue >= sequence.maxValue {
            throw SQLError(
                SQLState.invalidParameterValue,
                "MINVALUE (\(sequence.minValue)) must be less than MAXVALUE (\(sequence.maxValue))")
        }
        if let start {
            sequence.start = start
        } else if creating {
            sequence.start = ascending ? sequence.minValue : sequence.maxValue
        }
        try checkSequenceValue(sequence.start, "START value", sequence)
    }

    /// START and RESTART must lie within the bounds.
    static func checkSequenceValue(_ value: Int64, _ what: String, _ s: SequenceDefinition) throws
    {
        let label = what == "RESTART" ? "RESTART value" : what
        if value < s.minValue {
            throw SQLError(
                SQLState.invalidParameterValue,
                "\(label) (\(value)) cannot be less than MINVALUE (\(s.minValue))")
        }
        if value > s.maxValue {
            throw SQLError(
                SQLState.invalidParameterValue,
                "\(label) (\(value)) cannot be greater than MAXVALUE (\(s.maxValue))")
        }
    }

    static func typeRange(_ type: PGType) -> (Int64, Int64) {
        switch type {
        case .int2: return (Int64(Int16.min), Int64(Int16.max))
        case .int4: return (Int64(Int32.min), Int64(Int32.max))
        default: return (Int64.min, Int64.max)
        }
    }

    // MARK: - Serial columns

    /// The serial columns of `create`, rewritten as PostgreSQL's
    /// transformColumnDefinition does: the integer type, NOT NULL, and the
    /// name of the sequence whose nextval will be the default.
    func expandSerials(_ create: inout CreateTableStatement, schema: String)
        -> [SerialColumn]
    {
        let serials: [String: (String, PGType)] = [
            "serial": ("int4", .int4), "serial4": ("int4", .int4), "bigserial": ("int8", .int8),
            "serial8": ("int8", .int8), "smallserial": ("int2", .int2), "serial2": ("int2", .int2),
        ]
        var found: [SerialColumn] = []
        var taken: Set<String> = []
        for (i, element) in create.elements.enumerated() {
            // An identity column's sequence, named as a serial's is.
            if case .column(let def) = element, let options = identityOptions(def),
                let type = try? resolveType(def.type), [.int2, .int4, .int8].contains(type)
            {
                let name = catalog.chooseRelationName(
                    create.name.name, def.name, "seq", schema: schema, taken: taken)
                taken.insert(name)
                found.append(
                    SerialColumn(column: def.name, type: type, sequence: name, options: options))
                continue
            }
            guard case .column(var def) = element, def.type.arrayDimensions == 0,
                def.type.names.count == 1 || def.type.names.first == "pg_catalog",
                let (typeName, type) = serials[def.type.names.last ?? ""]
            else { continue }
            def.type = TypeName([typeName], location: def.type.location)
            def.constraints.append(ColumnConstraint(kind: .notNull, location: def.location))
            create.elements[i] = .column(def)
            let name = catalog.chooseRelationName(
                create.name.name, def.name, "seq", schema: schema, taken: taken)
            taken.insert(name)
            found.append(SerialColumn(column: def.name, type: type, sequence: name, options: []))
        }
        return found
    }

    /// The sequence options of a column's first identity constraint.
    private func identityOptions(_ def: ColumnDef) -> [SequenceOption]? {
        for c in def.constraints {
            if case .identity(_, let options) = c.kind { return options }
        }
        return nil
    }

    /// Creates the sequences of `table`'s serial columns in `catalog` and
    /// sets the columns' defaults to their nextval.
    func addSerialSequences(
        _ serials: [SerialColumn], to table: inout TableDefinition, in catalog: inout Catalog
    ) throws {
        for serial in serials {
            var sequence = SequenceDefinition(
                oid: catalog.allocateOID(), schema: table.schema, name: serial.sequence,
                type: serial.type, start: 1, increment: 1, minValue: 1, maxValue: Int64.max,
                cache: 1, cycle: false)
            let typeName = serial.type == .int2 ? "int2" : serial.type == .int4 ? "int4" : "int8"
            let options = serial.options.filter {
                if case .asType = $0 { return false }
                return !$0.isRestart
            }
            try Self.applySequenceOptions(
                [.asType(TypeName([typeName]))] + options, to: &sequence, creating: true)
            sequence.ownedBy = (table.oid, serial.column)
            catalog.addSequence(sequence)
            resetState(sequence)
            guard let index = table.columnIndex(serial.column) else { continue }
            let reference = table.schema == "public"
                ? serial.sequence : table.schema + "." + serial.sequence
            let literal = Expr(.literal(.string(reference)))
            let cast = Expr(.cast(literal, TypeName(["regclass"]), .doubleColon))
            table.columns[index].defaultExpr = Expr(
                .function(
                    FunctionCall(
                        name: QualifiedName(["nextval"]),
                        arguments: [FunctionArgument(value: cast)])))
        }
    }
}

/// A serial or identity column of a new table and the sequence made for it.
struct SerialColumn {
    var column: String
    var type: PGType
    var sequence: String
    /// An identity column's sequence options.
    var options: [SequenceOption]
}
