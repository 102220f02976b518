// Expressions and assignment, as pl_exec.c's exec_eval_expr,
// exec_assign_value, exec_move_row and exec_cast_value do them. A simple
// expression (`i + 1`) is prepared once per call and evaluated directly;
// anything else runs as the query `SELECT expr`. Errors raised inside a
// query get PostgreSQL's SPI context: an internal query and position when
// they point into the text, else `SQL expression "..."`.
import SQLParser

extension PLExecution {
    /// exec_eval_expr: the value and type of an expression; more than one
    /// row is an error, no row is NULL.
    func evaluate(_ expr: PLExpr) throws -> (Value, PGType) {
        let isAssignment = expr.sourceOffset > 0
        let contextLine = isAssignment
            ? "PL/pgSQL assignment \"\(expr.sourceText)\""
            : "SQL expression \"\(expr.text)\""
        let shift = 7 - expr.sourceOffset
        if let compiled = try prepare(expr, contextLine: contextLine, shift: shift) {
            // A prepared simple expression runs outside SPI, as
            // exec_eval_simple_expr does, so its errors get no query context.
            return (try compiled.evaluate([], context), compiled.type)
        }
        let names = function.names(for: expr)
        let result = try withQueryContext(contextLine, query: expr.sourceText, shift: shift) {
            try spi.execute(.select(expr.query), text: "SELECT " + expr.text, parameters: names)
        }
        if result.columns.count != 1 {
            if isAssignment {
                throw PLExecution.appending(
                    contextLine,
                    to: SQLError(
                        SQLState.syntaxError,
                        "assignment source returned \(result.columns.count) columns"))
            }
            throw PLExecution.appending(
                "query: \(expr.sourceText)",
                to: SQLError(
                    SQLState.syntaxError, "query returned \(result.columns.count) columns"))
        }
        if result.rows.count > 1 {
            throw PLExecution.appending(
                "query: \(expr.sourceText)",
                to: SQLError(SQLState.cardinalityViolation, "query returned more than one row"))
        }
        let type = result.columns[0].type
        return (result.rows.first?.first ?? .null, type)
    }

    /// The prepared form of a simple expression, prepared on first use
    /// (and again when a record it may read changed shape); nil when the
    /// expression needs the full executor.
    private func prepare(
        _ expr: PLExpr, contextLine: String, shift: Int
    ) throws -> CompiledExpr? {
        let entry = prepared[expr.id]
        if entry.state == 1, entry.generation == generation { return entry.compiled }
        if entry.state == 2 { return nil }
        let names = function.names(for: expr)
        let compiled = try withQueryContext(contextLine, query: expr.sourceText, shift: shift) {
            try spi.prepareExpression(expr.query, parameters: names)
        }
        prepared[expr.id] = PLPrepared(
            state: compiled == nil ? 2 : 1, compiled: compiled, generation: generation)
        return compiled
    }

    /// exec_eval_boolean: NULL counts as false.
    func evaluateCondition(_ expr: PLExpr) throws -> Bool {
        let (value, type) = try evaluate(expr)
        if case .bool(let truth) = value { return truth }
        if value.isNull { return false }
        guard case .bool(let truth) = try cast(value, from: type, to: .bool) else { return false }
        return truth
    }

    /// Runs `body` (an SPI call on `query`) and gives its errors the SPI
    /// context: a position becomes an internal position in `query`
    /// (`shift` characters earlier), otherwise `line` is appended.
    func withQueryContext<T>(
        _ line: String, query: String, shift: Int, _ body: () throws -> T
    ) throws -> T {
        let saved = currentQueryContext
        currentQueryContext = line
        defer { currentQueryContext = saved }
        pendingError = nil
        do {
            let result = try body()
            if let pending = pendingError {
                pendingError = nil
                throw pending
            }
            return result
        } catch var error as SQLError {
            if let pending = pendingError {
                pendingError = nil
                error = pending
            }
            if let position = error.position {
                error.position = nil
                error.internalPosition = max(1, position - shift)
                error.internalQuery = query
                throw error
            }
            throw PLExecution.appending(line, to: error)
        }
    }

    // MARK: - Assignment

    /// `target := expr`: coercion failures belong to the assignment's SPI
    /// context, as PostgreSQL folds the coercion into the query.
    func assign(_ expr: PLExpr, to target: PLTarget) throws {
        let (value, type) = try evaluate(expr)
        let variable = function.body.variables[target.datum]
        if value.isNull, target.field == nil, variable.isNotNull {
            throw PLExecution.nullIntoNotNull(variable.name)
        }
        do {
            try store(value, type: type, into: target)
        } catch var error as SQLError {
            let inputFailures: Set<String> = [
                SQLState.invalidTextRepresentation, SQLState.invalidDatetimeFormat,
                SQLState.datetimeFieldOverflow,
            ]
            if error.position == nil, inputFailures.contains(error.sqlState),
                let offset = literalOffset(expr)
            {
                error.internalPosition = offset + 1
                error.internalQuery = expr.sourceText
                throw error
            }
            throw PLExecution.appending("PL/pgSQL assignment \"\(expr.sourceText)\"", to: error)
        }
    }

    /// Where a lone string literal starts in an assignment's text, for the
    /// position PostgreSQL reports when the literal does not convert.
    private func literalOffset(_ expr: PLExpr) -> Int? {
        guard case .select(let select) = expr.query.body, select.targets.count == 1,
            let target = select.targets.first, case .literal(.string) = target.expr.kind,
            target.expr.location >= 7
        else { return nil }
        return target.expr.location - 7 + expr.sourceOffset
    }

    /// Stores a value into a variable or record field.
    func store(_ value: Value, type: PGType, into target: PLTarget) throws {
        guard let field = target.field else {
            try store(value, type: type, into: target.datum)
            return
        }
        let name = function.body.variables[target.datum].name
        guard var shape = shapes[target.datum], case .record(var fields) = values[target.datum]
        else { throw PLExecution.unassignedRecord(name) }
        guard let index = shape.firstIndex(where: { $0.name == field }), index < fields.count
        else {
            throw SQLError(
                SQLState.undefinedColumn, "record \"\(name)\" has no field \"\(field)\"")
        }
        let fieldType = shape[index].type
        fields[index] = try cast(value, from: type, to: fieldType)
        shape[index].type = fieldType
        values[target.datum] = .record(fields)
    }

    /// exec_assign_value for a whole datum: NOT NULL check, then the
    /// PL/pgSQL cast to the variable's type.
    func store(_ value: Value, type: PGType, into datum: Int) throws {
        let variable = function.body.variables[datum]
        if variable.kind == .record {
            try storeComposite(value, into: datum)
            return
        }
        if value.isNull, variable.isNotNull {
            throw PLExecution.nullIntoNotNull(variable.name)
        }
        let target = function.datumTypes[datum] ?? type
        values[datum] = try cast(value, from: type, to: target)
        if function.datumTypes[datum] == nil { types[datum] = target }
    }

    /// `null value cannot be assigned to variable "x" declared NOT NULL`.
    static func nullIntoNotNull(_ name: String) -> SQLError {
        SQLError(
            SQLState.nullValueNotAllowed,
            "null value cannot be assigned to variable \"\(name)\" declared NOT NULL")
    }

    /// A whole composite value into a record variable; an anonymous
    /// record's fields are named f1, f2, ... as PostgreSQL names them.
    func storeComposite(_ value: Value, into datum: Int) throws {
        switch value {
        case .null:
            shapes[datum] = nil
            values[datum] = .null
        case .record(let fields):
            let columns = fields.enumerated().map { field in
                ("f\(field.offset + 1)", naturalType(of: field.element))
            }
            try storeRow(fields, columns: columns, into: [PLTarget(datum: datum)])
        default:
            throw SQLError(
                SQLState.datatypeMismatch, "cannot assign non-composite value to a record variable")
        }
    }

    /// exec_move_row: a row (or NULLs for no row) into one record or a
    /// list of scalar targets, column by column.
    func storeRow(
        _ row: Row?, columns: [(name: String, type: PGType)], into targets: [PLTarget]
    ) throws {
        if targets.count == 1, let only = targets.first, only.field == nil,
            function.body.variables[only.datum].kind == .record
        {
            let datum = only.datum
            let changed = shapes[datum].map { old in
                old.count != columns.count
                    || zip(old, columns).contains { $0.name != $1.name || $0.type != $1.type }
            } ?? true
            if changed { generation += 1 }
            shapes[datum] = columns
            values[datum] = .record(row ?? Array(repeating: .null, count: columns.count))
            return
        }
        for (index, target) in targets.enumerated() {
            let value = row.flatMap { index < $0.count ? $0[index] : nil } ?? .null
            let type = index < columns.count ? columns[index].type : .unknown
            try store(value, type: type, into: target)
        }
    }

    // MARK: - Casts and output

    /// exec_cast_value with COERCION_PLPGSQL: an assignment cast when
    /// pg_cast has one, otherwise I/O conversion through text.
    func cast(_ value: Value, from: PGType, to: PGType) throws -> Value {
        if value.isNull { return .null }
        if from == to || to == .unknown || to == .record { return value }
        if from.oid == to.oid { return try applyTypmod(value, to, explicit: false) }
        let evaluation = spi.evaluation
        if from != .unknown, let context = castContext(from: from, to: to), context <= .assignment {
            return try castValue(
                value, from: from, to: to, context: .assignment, evaluation: evaluation)
        }
        let text = from == .unknown || from.isStringType
            ? (value.textValue ?? formatValue(value, type: from))
            : formatValue(value, type: from)
        let parsed = try parseValue(text, as: to.withoutModifier, context: evaluation)
        return try applyTypmod(parsed, to, explicit: false)
    }

    /// A value as its type's output function prints it, for RAISE and
    /// EXECUTE.
    func display(_ value: Value, type: PGType) throws -> String {
        if case .text(let text) = value { return text }
        return formatValue(value, type: type)
    }
}

extension Value {
    /// The string of a text-like datum.
    fileprivate var textValue: String? {
        if case .text(let text) = self { return text }
        return nil
    }
}
