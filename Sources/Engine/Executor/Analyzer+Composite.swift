// Composite values in expressions: ROW(...) and `(a, b)` constructors,
// whole-row references (`t` or `t.*` as a value), and field selection
// `(expr).field`, with PostgreSQL's errors (parse_expr.c's
// transformIndirection, parse_func.c's ParseComplexProjection).
import SQLParser

extension Analyzer {
    /// `ROW(1, 'a')`: an anonymous record whose fields are f1, f2, ...;
    /// untyped literals stay `unknown` (their text) until the record is
    /// cast to a composite type. A field that is itself an anonymous
    /// record is known only as `record`, as in PostgreSQL.
    func analyseRow(_ fields: [Expr]) throws -> Operand {
        let operands = try fields.flatMap { try rowFieldOperands($0) }
        let type = RecordTypes.type(
            fields: operands.enumerated().map { index, operand in
                let anonymous = operand.type.oid == PGType.record.oid
                return RecordField(
                    name: "f\(index + 1)", type: anonymous ? .record : operand.type)
            })
        let closures = operands.map(\.evaluate)
        return Operand(type: type) { row, context in
            .record(try closures.map { try $0(row, context) })
        }
    }

    /// `ROW(...)::composite`: each field coerced to its attribute's type
    /// where it is written, so a bad literal is reported at its place.
    func analyseRow(_ fields: [Expr], as target: PGType, location: Int) throws -> Operand {
        guard let wanted = target.recordDescriptor else {
            throw SQLError(SQLState.internalError, "not a composite type")
        }
        let operands = try fields.flatMap { try rowFieldOperands($0) }
        if operands.count != wanted.fields.count {
            let detail =
                operands.count > wanted.fields.count
                ? "Input has too many columns." : "Input has too few columns."
            throw SQLError(
                SQLState.cannotCoerce, "cannot cast type record to \(formatType(target))",
                detail: detail, position: location + 1)
        }
        let locations = fields.map(\.location)
        let coerced = try zip(operands, wanted.fields).enumerated().map { index, pair in
            let at = locations.count == operands.count ? locations[index] : location
            return try coerce(pair.0, to: pair.1.type, context: .explicit, location: at)
                .evaluate
        }
        return Operand(type: target) { row, context in
            .record(try coerced.map { try $0(row, context) })
        }
    }

    /// The operands one ROW(...) entry gives: `t.*` gives t's columns.
    private func rowFieldOperands(_ e: Expr) throws -> [Operand] {
        guard case .columnRef(let parts) = e.kind, parts.last == "*",
            let whole = try wholeRowOperand(Array(parts.dropLast()), location: e.location),
            let descriptor = whole.type.recordDescriptor
        else { return [try analyse(e)] }
        let evaluate = whole.evaluate
        return descriptor.fields.enumerated().map { index, field in
            Operand(type: field.type) { row, context in
                guard case .record(let values) = try evaluate(row, context),
                    index < values.count
                else { return .null }
                return values[index]
            }
        }
    }

    /// The whole row of the FROM item `qualifier` names, at this level or
    /// an enclosing one; nil when none has that name.
    func wholeRowOperand(_ qualifier: [String], location: Int) throws -> Operand? {
        var current = scope
        var depth = 0
        while let level = current {
            if let (type, slots) = try level.wholeRow(qualifier, location: location) {
                if level.isGrouped {
                    throw wholeRowGroupingError(qualifier, depth: depth, location: location)
                }
                return wholeRow(type: type, slots: slots, depth: depth)
            }
            current = level.parent
            depth += 1
        }
        return nil
    }

    /// PostgreSQL's error for the whole row of a grouped level, named as
    /// `e.*`: in the level itself, or in a subquery nested in it.
    private func wholeRowGroupingError(_ qualifier: [String], depth: Int, location: Int)
        -> SQLError
    {
        ungroupedColumnError(
            "\(qualifier.last ?? "").*", location: location, fromSubquery: depth > 0)
    }

    private func wholeRow(type: PGType, slots: [Int], depth: Int) -> Operand {
        if depth == 0 {
            return Operand(type: type) { row, _ in
                .record(slots.map { $0 < row.count ? row[$0] : .null })
            }
        }
        return Operand(type: type) { _, context in
            let rows = context.outerRows
            let index = rows.count - depth
            guard index >= 0, index < rows.count else { return .null }
            let row = rows[index]
            return .record(slots.map { $0 < row.count ? row[$0] : .null })
        }
    }

    /// True when `parts` names a FROM item rather than a column, so
    /// `(t).a` means the column `t.a`.
    private func namesWholeRow(_ parts: [String], location: Int) -> Bool {
        var current = scope
        while let level = current {
            if (try? level.resolveColumn(parts, location: location)) ?? nil != nil { return false }
            if (try? level.wholeRow(parts, location: location)) ?? nil != nil { return true }
            current = level.parent
        }
        return false
    }

    /// `(expr).field`.
    func analyseFieldSelect(_ base: Expr, _ field: String, location: Int) throws -> Operand {
        if field == "*" {
            throw SQLError.notSupported(
                "row expansion with * is not supported here", position: location + 1)
        }
        // PostgreSQL points at the expression inside the parentheses (a
        // field selection is located where its argument is).
        let location = Analyzer.selectionLocation(base)
        if case .columnRef(var parts) = Analyzer.unparenthesized(base).kind {
            if parts.last == "*" { parts.removeLast() }
            if namesWholeRow(parts, location: location) {
                return try analyse(Expr(.columnRef(parts + [field]), location: location))
            }
        }
        let operand = try analyse(base)
        if !operand.type.isRecord, let call = try functionNotation(field, base, location) {
            return call
        }
        let index = try fieldIndex(field, of: operand.type, location: location)
        let evaluate = operand.evaluate
        let fieldType = operand.type.recordDescriptor?.fields[index].type ?? .text
        if fieldType == .unknown {
            // PostgreSQL's own failure for an untyped ROW field.
            throw SQLError(
                SQLState.internalError, "failed to find conversion function from unknown to text")
        }
        return Operand(type: fieldType) { row, context in
            guard case .record(let fields) = try evaluate(row, context), index < fields.count
            else { return .null }
            return fields[index]
        }
    }

    /// `(x).f` on a value that is no composite is the call `f(x)` when
    /// such a function exists (ParseFuncOrColumn); nil when none does.
    private func functionNotation(_ field: String, _ base: Expr, _ location: Int) throws
        -> Operand?
    {
        let call = FunctionCall(
            name: QualifiedName([field]), arguments: [FunctionArgument(value: base)])
        do {
            return try analyse(Expr(.function(call), location: location))
        } catch let error as SQLError where error.sqlState == SQLState.undefinedFunction {
            return nil
        }
    }

    /// The position of `field` in values of `type`, or PostgreSQL's error.
    func fieldIndex(_ field: String, of type: PGType, location: Int) throws -> Int {
        guard type.isRecord else {
            throw SQLError(
                SQLState.wrongObjectType,
                "column notation .\(field) applied to type \(formatType(type)), "
                    + "which is not a composite type",
                position: location + 1)
        }
        let descriptor = type.recordDescriptor
        if let index = descriptor?.fieldIndex(field) { return index }
        if let name = descriptor?.typeName {
            throw SQLError(
                SQLState.undefinedColumn, "column \"\(field)\" not found in data type \(name)",
                position: location + 1)
        }
        throw SQLError(
            SQLState.undefinedColumn, "could not identify column \"\(field)\" in record data type",
            position: location + 1)
    }

    /// The fields `(expr).*` expands to in a select list, as
    /// `(expr).field` expressions with their names; nil when `e` is not
    /// such an expansion.
    func fieldStarExpansion(_ e: Expr) throws -> [(name: String, expr: Expr)]? {
        guard case .fieldSelect(let base, "*") = e.kind else { return nil }
        let operand = try analyse(base)
        guard operand.type.isRecord else {
            throw SQLError(
                SQLState.wrongObjectType,
                "column notation .* applied to type \(formatType(operand.type)), "
                    + "which is not a composite type",
                position: e.location + 1)
        }
        guard let descriptor = operand.type.recordDescriptor else {
            throw SQLError(SQLState.featureNotSupported, "record type has not been registered")
        }
        return descriptor.fields.map { field in
            (field.name, Expr(.fieldSelect(base, field.name), location: e.location))
        }
    }

    /// Where PostgreSQL locates `e` as the argument of a field selection.
    static func selectionLocation(_ e: Expr) -> Int {
        switch e.kind {
        case .paren(let inner), .fieldSelect(let inner, _): return selectionLocation(inner)
        default: return e.location
        }
    }

    static func unparenthesized(_ e: Expr) -> Expr {
        if case .paren(let inner) = e.kind { return unparenthesized(inner) }
        return e
    }
}

extension Analyzer {
    /// `a op b` on two composite values (record_eq, record_lt, ...): the
    /// fields compare in order, NULL equal to NULL and after any value.
    func recordComparison(_ op: String, _ left: Operand, _ right: Operand) -> Operand {
        let types = left.type.recordDescriptor?.fields.map(\.type)
        let l = left.evaluate
        let r = right.evaluate
        return Operand(type: .bool) { row, context in
            guard case .record(let a) = try l(row, context),
                case .record(let b) = try r(row, context)
            else { return .null }
            guard a.count == b.count else {
                throw SQLError(
                    SQLState.datatypeMismatch,
                    "cannot compare record types with different numbers of columns")
            }
            let order = Analyzer.compareRecords(a, b, types: types)
            switch op {
            case "=": return .bool(order == 0)
            case "<>": return .bool(order != 0)
            case "<": return .bool(order < 0)
            case "<=": return .bool(order <= 0)
            case ">": return .bool(order > 0)
            default: return .bool(order >= 0)
            }
        }
    }

    /// record_cmp's order over two field lists of the same length.
    static func compareRecords(_ a: [Value], _ b: [Value], types: [PGType]?) -> Int {
        for index in a.indices {
            switch (a[index].isNull, b[index].isNull) {
            case (true, true): continue
            case (true, false): return 1
            case (false, true): return -1
            case (false, false):
                let type = types.flatMap { index < $0.count ? $0[index] : nil }
                let order = compareValues(
                    a[index], b[index], type: type ?? naturalType(of: a[index]))
                if order != 0 { return order }
            }
        }
        return 0
    }
}

extension Analyzer {
    /// An anonymous record (`ROW('a', 1)`) as the named composite
    /// `target`: field by field, each with the coercion `context` allows
    /// (coerce_record_to_complex).
    func coerceRecord(
        _ operand: Operand, to target: PGType, context: CoercionContext, location: Int
    ) throws -> Operand {
        guard let source = operand.type.recordDescriptor, let wanted = target.recordDescriptor
        else {
            throw SQLError(
                SQLState.cannotCoerce, "cannot cast type record to \(formatType(target))",
                position: location + 1)
        }
        if source.fields.count != wanted.fields.count {
            let detail =
                source.fields.count > wanted.fields.count
                ? "Input has too many columns." : "Input has too few columns."
            throw SQLError(
                SQLState.cannotCoerce, "cannot cast type record to \(formatType(target))",
                detail: detail, position: location + 1)
        }
        // Each field's coercion reads the field from the record's values,
        // handed to it in place of a row.
        let fields = try zip(source.fields, wanted.fields).enumerated().map {
            index, pair -> (Row, ExecContext) throws -> Value in
            let read: (Row) -> Value = { index < $0.count ? $0[index] : .null }
            if pair.0.type == .unknown {
                let target = pair.1.type
                return { values, ctx in
                    guard case .text(let text) = read(values) else { return .null }
                    return try parseValue(text, as: target, context: ctx.evaluation)
                }
            }
            let field = Operand(type: pair.0.type) { values, _ in read(values) }
            return try coerce(field, to: pair.1.type, context: context, location: location)
                .evaluate
        }
        let evaluate = operand.evaluate
        return Operand(type: target) { row, ctx in
            guard case .record(let values) = try evaluate(row, ctx) else { return .null }
            return .record(try fields.map { try $0(values, ctx) })
        }
    }
}
