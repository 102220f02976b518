// Casts, array constructors and subscripts, subqueries in expressions, and
// the names PostgreSQL gives unaliased select-list entries.
import SQLParser

/// Remembers an uncorrelated subquery's rows for one execution.
private final class SubqueryCache {
    weak var context: ExecContext?
    var rows: [Row] = []
}

extension Analyzer {
    func analyseCast(_ inner: Expr, _ typeName: TypeName, location: Int) throws -> Operand {
        let target: PGType
        do {
            target = try environment.visible(try resolveTypeName(typeName), typeName)
        } catch let error as SQLError where error.sqlState == SQLState.undefinedObject {
            guard let composite = environment.compositeType(named: typeName) else { throw error }
            target = composite
        }
        if case .row(let fields, _) = Analyzer.unparenthesized(inner).kind,
            target.recordDescriptor?.typeName != nil
        {
            return try analyseRow(fields, as: target, location: location)
        }
        let operand = try analyse(inner)
        let at = operand.isUnknown ? inner.location : location
        return try coerce(operand, to: target, context: .explicit, location: at)
    }

    func analyseArray(_ elements: [Expr], location: Int) throws -> Operand {
        if elements.isEmpty {
            throw SQLError(
                SQLState.indeterminateDatatype, "cannot determine type of empty array",
                hint: "Explicitly cast to the desired type, for example ARRAY[]::integer[].",
                position: location + 1)
        }
        if elements.contains(where: {
            if case .array = $0.kind { return true } else { return false }
        }) {
            throw SQLError.notSupported(
                "multidimensional arrays are not supported yet", position: location + 1)
        }
        let operands = try elements.map { try analyse($0) }
        let (elementType, coerced) = try unify(
            operands, locations: elements.map(\.location), construct: "ARRAY")
        guard let arrayType = elementType.arrayType else {
            throw SQLError(
                SQLState.undefinedObject,
                "could not find array type for data type \(formatType(elementType))",
                position: location + 1)
        }
        let evaluators = coerced.map(\.evaluate)
        let result = Operand(type: arrayType) { row, ctx in
            let values = try evaluators.map { try $0(row, ctx) }
            return .array(ArrayValue(elementType: elementType, elements: values))
        }
        return try fold(result, inputs: coerced)
    }

    /// `a[i]` on a one-dimensional array: NULL outside the bounds, as in
    /// PostgreSQL. Subscripts take an assignment coercion to integer, so a
    /// float8 subscript rounds (`arr[ceil(random()*4)]`).
    func analyseSubscript(_ base: Expr, _ subscripts: [Subscript], location: Int) throws -> Operand
    {
        let array = try analyse(base)
        if array.type == .jsonb { return try analyseJSONBSubscript(array, subscripts) }
        guard let elementType = array.type.elementType else {
            throw SQLError(
                SQLState.datatypeMismatch,
                "cannot subscript type \(formatType(array.type)) because it does not support subscripting",
                position: base.location + 1)
        }
        guard subscripts.count == 1, let only = subscripts.first, !only.isSlice,
            let indexExpr = only.upper ?? only.lower
        else {
            throw SQLError.notSupported(
                "array slices and multiple subscripts are not supported yet", position: location + 1
            )
        }
        let index = try analyse(indexExpr)
        guard
            let coercedIndex = try coerceIfPossible(
                index, to: .int4, context: .assignment, location: indexExpr.location)
        else {
            throw SQLError(
                SQLState.datatypeMismatch, "array subscript must have type integer",
                position: indexExpr.location + 1)
        }
        let arrayEval = array.evaluate
        let indexEval = coercedIndex.evaluate
        let result = Operand(type: elementType) { row, ctx in
            guard case .array(let value) = try arrayEval(row, ctx),
                case .int4(let i) = try indexEval(row, ctx),
                value.dimensions.count == 1
            else { return .null }
            let offset = Int(i) - value.lowerBounds[0]
            guard offset >= 0, offset < value.elements.count else { return .null }
            return value.elements[offset]
        }
        return try fold(result, inputs: [array, coercedIndex])
    }

    // MARK: - Subqueries

    /// Plans `query` and returns a closure yielding its rows for the
    /// current row, caching them when the subquery is uncorrelated.
    private func subqueryRows(_ query: SelectStatement) throws -> (
        SubqueryPlan, (Row, ExecContext) throws -> [Row]
    ) {
        let plan = try environment.planSubquery(query, outer: scope)
        let run = plan.run
        if plan.isCorrelated {
            return (
                plan,
                { row, ctx in
                    ctx.outerRows.append(row)
                    defer { ctx.outerRows.removeLast() }
                    return try run(ctx)
                }
            )
        }
        let cache = SubqueryCache()
        return (
            plan,
            { row, ctx in
                if cache.context === ctx { return cache.rows }
                ctx.outerRows.append(row)
                defer { ctx.outerRows.removeLast() }
                cache.rows = try run(ctx)
                cache.context = ctx
                return cache.rows
            }
        )
    }

    func analyseScalarSubquery(_ query: SelectStatement, location: Int) throws -> Operand {
        let (plan, rows) = try subqueryRows(query)
        guard plan.columnTypes.count == 1 else {
            throw SQLError(
                SQLState.syntaxError, "subquery must return only one column", position: location + 1
            )
        }
        return Operand(type: plan.columnTypes[0]) { row, ctx in
            let result = try rows(row, ctx)
            if result.count > 1 {
                throw SQLError(
                    SQLState.cardinalityViolation,
                    "more than one row returned by a subquery used as an expression")
            }
            return result.first?.first ?? .null
        }
    }

    /// `ARRAY(subquery)`: the subquery's one column, every row, as an
    /// array (`{}` for no rows).
    func analyseArraySubquery(_ query: SelectStatement, location: Int) throws -> Operand {
        let (plan, rows) = try subqueryRows(query)
        guard plan.columnTypes.count == 1 else {
            throw SQLError(
                SQLState.syntaxError, "subquery must return only one column", position: location + 1
            )
        }
        var element = plan.columnTypes[0]
        if element == .unknown { element = .text }
        if element.arrayType == nil, element.elementType != nil {
            // TODO(#6): ARRAY(subquery) over an array column (a
            // multidimensional result).
            throw SQLError.notSupported(
                "ARRAY over a subquery of arrays is not supported yet", position: location + 1)
        }
        guard let arrayType = element.arrayType else {
            throw SQLError(
                SQLState.undefinedObject,
                "could not find array type for data type \(formatType(element))",
                position: location + 1)
        }
        return Operand(type: arrayType) { row, ctx in
            let values = try rows(row, ctx).map { $0.first ?? .null }
            return .array(ArrayValue(elementType: element, elements: values))
        }
    }

    func analyseExists(_ query: SelectStatement) throws -> Operand {
        let (_, rows) = try subqueryRows(query)
        return Operand(type: .bool) { row, ctx in .bool(!(try rows(row, ctx)).isEmpty) }
    }

    func analyseInSubquery(_ value: Expr, _ query: SelectStatement, negated: Bool, location: Int)
        throws -> Operand
    {
        let any = try analyseQuantifiedSubquery("=", value, .any, query, location: location)
        guard negated else { return any }
        let inner = any.evaluate
        return Operand(type: .bool) { row, ctx in
            switch try inner(row, ctx) {
            case .bool(let b): return .bool(!b)
            default: return .null
            }
        }
    }

    func analyseQuantifiedSubquery(
        _ symbol: String, _ value: Expr, _ quantifier: Quantifier, _ query: SelectStatement,
        location: Int
    ) throws -> Operand {
        let left = try analyse(value)
        let (plan, rows) = try subqueryRows(query)
        guard plan.columnTypes.count == 1 else {
            throw SQLError(
                SQLState.syntaxError, "subquery has too many columns", position: location + 1)
        }
        let compare = try comparison(
            symbol, left: left, rightType: plan.columnTypes[0], location: location)
        let leftEval = left.evaluate
        return Operand(type: .bool) { row, ctx in
            let l = try leftEval(row, ctx)
            return try quantify(quantifier, try rows(row, ctx).map { $0.first ?? .null }) { r in
                try compare(l, r)
            }
        }
    }

    func analyseQuantifiedArray(
        _ symbol: String, _ value: Expr, _ quantifier: Quantifier, _ arrayExpr: Expr, location: Int
    ) throws -> Operand {
        let left = try analyse(value)
        var array = try analyse(arrayExpr)
        if array.isUnknown {
            let type = (left.isUnknown ? PGType.text : left.type).arrayType ?? .textArray
            array = try coerce(array, to: type, context: .implicit, location: arrayExpr.location)
        }
        guard let elementType = array.type.elementType else {
            throw SQLError(
                SQLState.wrongObjectType, "op ANY/ALL (array) requires array on right side",
                position: location + 1)
        }
        let compare = try comparison(symbol, left: left, rightType: elementType, location: location)
        let leftEval = left.evaluate
        let arrayEval = array.evaluate
        let result = Operand(type: .bool) { row, ctx in
            guard case .array(let values) = try arrayEval(row, ctx) else { return .null }
            let l = try leftEval(row, ctx)
            return try quantify(quantifier, values.elements) { r in try compare(l, r) }
        }
        return try fold(result, inputs: [left, array])
    }

    /// A binary comparison of a compiled left side with values of
    /// `rightType`, as a plain function of the two values.
    private func comparison(
        _ symbol: String, left: Operand, rightType: PGType, location: Int
    ) throws -> (Value, Value) throws -> Value {
        let probe = Operand(type: rightType) { _, _ in .null }
        guard let op = try resolveOperator(symbol, left: left, right: probe, location: location),
            let leftType = op.left
        else {
            throw SQLError(
                SQLState.undefinedFunction,
                "operator does not exist: \(formatType(left.type)) \(symbol) \(formatType(rightType))",
                hint:
                    "No operator matches the given name and argument types. You might need to add explicit type casts.",
                position: location + 1)
        }
        let implementation = op.implementation
        let from = left.type
        let to = op.right
        let rightFrom = rightType
        return { l, r in
            if l.isNull || r.isNull { return .null }
            let a =
                from.oid == leftType.oid
                ? l : try castValue(l, from: from, to: leftType, context: .implicit)
            let b =
                rightFrom.oid == to.oid
                ? r : try castValue(r, from: rightFrom, to: to, context: .implicit)
            return try implementation(a, b)
        }
    }
}

/// ANY: true if some comparison is true, else NULL if some is NULL, else
/// false. ALL: false if some is false, else NULL if some is NULL, else true.
private func quantify(
    _ quantifier: Quantifier, _ values: [Value], _ compare: (Value) throws -> Value
) throws -> Value {
    var sawNull = false
    for value in values {
        switch try compare(value) {
        case .bool(let b):
            if quantifier == .any, b { return .bool(true) }
            if quantifier == .all, !b { return .bool(false) }
        default:
            sawNull = true
        }
    }
    if sawNull { return .null }
    return .bool(quantifier == .all)
}
