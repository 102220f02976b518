// The expression analyser: PostgreSQL's parse analysis (parse_expr.c,
// parse_oper.c, parse_func.c, parse_coerce.c) fused with expression
// compilation. It resolves names and types once per statement and returns
// closures, so evaluating an expression per row walks no tree.
import SQLParser

/// Compiles expressions of one query level.
///
/// Every compiled node is first an `Operand`: its type, a closure, and
/// what is known at compile time (a constant value, or an untyped string
/// literal). Operands whose inputs are all constant and whose operator or
/// function is immutable are folded, as PostgreSQL's eval_const_expressions
/// does; that is also why `SELECT 1/0 FROM empty_table` fails.
package struct Analyzer {
    package let environment: CompileEnvironment
    package let scope: ColumnScope?
    /// The clause being compiled, for errors such as "aggregate functions
    /// are not allowed in WHERE".
    package var clause: String?
    /// False inside branches that PostgreSQL's constant simplification
    /// never reaches (after a constant-true CASE arm or OR argument, a
    /// constant-false AND argument, a non-null COALESCE argument): they
    /// are still analysed, but not evaluated at compile time.
    var foldsConstants = true
    /// The select list's set-returning calls; nil where such calls are
    /// not allowed.
    package var setFunctions: SetFunctionCollector?
    /// The construct refusing set-returning calls inside it (`CASE`,
    /// `COALESCE`, `aggregate` for an aggregate's arguments).
    var setFunctionBarrier: String?

    package init(environment: CompileEnvironment, scope: ColumnScope?) {
        self.environment = environment
        self.scope = scope
    }

    /// Compiles `e`. Untyped string literals and NULL come out as `text`,
    /// as they do in a select list.
    package func compile(_ e: Expr) throws -> CompiledExpr {
        let operand = try analyse(e)
        if operand.type == .unknown {
            return try coerce(operand, to: .text, context: .implicit, location: e.location).compiled
        }
        return operand.compiled
    }

    /// Compiles `e` for storing into a column of `type`, with PostgreSQL's
    /// assignment coercion and its error when none exists.
    package func compileAssignment(_ e: Expr, to type: PGType, column: String) throws
        -> CompiledExpr
    {
        if scope == nil, case .literal(let literal) = e.kind,
            let value = try assignedLiteral(literal, to: type, location: e.location)
        {
            return CompiledExpr(type: type, constant: value)
        }
        let operand = try analyse(e)
        guard
            let coerced = try coerceIfPossible(
                operand, to: type, context: .assignment, location: e.location)
        else {
            throw SQLError(
                SQLState.datatypeMismatch,
                "column \"\(column)\" is of type \(formatType(type)) but expression is of type \(formatType(operand.type))",
                hint: "You will need to rewrite or cast the expression.",
                position: position(of: e))
        }
        return coerced.compiled
    }

    /// Compiles a condition (WHERE, HAVING, ON, CHECK, ...), which must be
    /// boolean.
    package func compileCondition(_ e: Expr, clause: String) throws -> CompiledExpr {
        var analyser = self
        analyser.clause = clause
        let operand = try analyser.analyse(e)
        return try analyser.requireBoolean(
            operand, what: "argument of \(clause)", location: e.location
        ).compiled
    }

    /// Compiles `e` and coerces it implicitly to `type` (for LIMIT, array
    /// subscripts, function arguments supplied by the executor).
    package func compile(_ e: Expr, as type: PGType, what: String) throws -> CompiledExpr {
        let operand = try analyse(e)
        guard
            let coerced = try coerceIfPossible(
                operand, to: type, context: .assignment, location: e.location)
        else {
            throw SQLError(
                SQLState.datatypeMismatch,
                "argument of \(what) must be type \(formatType(type)), not type \(formatType(operand.type))",
                position: position(of: e))
        }
        return coerced.compiled
    }

    /// The 1-based error position of `e`, or nil when it has none.
    package func position(of e: Expr) -> Int? {
        e.location >= 0 ? e.location + 1 : nil
    }

    /// Analyses one node into an operand.
    func analyse(_ e: Expr) throws -> Operand {
        var operand = try analyseNode(e)
        if operand.location < 0 { operand.location = e.location }
        return operand
    }

    private func analyseNode(_ e: Expr) throws -> Operand {
        if let scope, let column = scope.precomputed(e) {
            return columnOperand(column)
        }
        switch e.kind {
        case .literal(let literal):
            return try analyseLiteral(literal, location: e.location)
        case .columnRef(let parts):
            return try analyseColumnRef(parts, location: e.location)
        case .parameter(let number):
            return try analyseParameter(number, location: e.location)
        case .paren(let inner):
            return try analyse(inner)
        case .binary(let op, let left, let right):
            return try analyseBinary(op, left, right, location: e.location)
        case .unary(let op, let operand):
            return try analyseUnary(op, operand, location: e.location)
        case .and(let left, let right):
            return try analyseAnd(left, right)
        case .or(let left, let right):
            return try analyseOr(left, right)
        case .not(let inner):
            return try analyseNot(inner)
        case .cast(let inner, let typeName, _):
            return try analyseCast(inner, typeName, location: e.location)
        case .function(let call):
            return try analyseFunction(call, expr: e)
        case .caseWhen(let caseExpr):
            return try analyseCase(caseExpr, location: e.location)
        case .between(let value, let low, let high, let negated, let symmetric):
            return try analyseBetween(
                value, low, high, negated: negated, symmetric: symmetric, location: e.location)
        case .inList(let value, let list, let negated):
            return try analyseInList(value, list, negated: negated, location: e.location)
        case .isNull(let inner, let negated):
            return try analyseIsNull(inner, negated: negated)
        case .isBoolean(let inner, let test, let negated):
            return try analyseBooleanTest(inner, test, negated: negated)
        case .isDistinctFrom(let left, let right, let negated):
            return try analyseDistinctFrom(left, right, negated: negated, location: e.location)
        case .like(let value, let pattern, let escape, let kind, let negated):
            return try analyseLike(
                value, pattern, escape, kind, negated: negated, location: e.location)
        case .array(let elements):
            return try analyseArray(elements, location: e.location)
        case .subscripted(let base, let subscripts):
            return try analyseSubscript(base, subscripts, location: e.location)
        case .subquery(let query):
            return try analyseScalarSubquery(query, location: e.location)
        case .exists(let query):
            return try analyseExists(query)
        case .arraySubquery(let query):
            return try analyseArraySubquery(query, location: e.location)
        case .inSubquery(let value, let query, let negated):
            return try analyseInSubquery(value, query, negated: negated, location: e.location)
        case .quantifiedSubquery(let op, let value, let quantifier, let query):
            return try analyseQuantifiedSubquery(op, value, quantifier, query, location: e.location)
        case .quantifiedArray(let op, let value, let quantifier, let array):
            return try analyseQuantifiedArray(op, value, quantifier, array, location: e.location)
        case .row(let fields, _):
            return try analyseRow(fields)
        case .fieldSelect(let base, let field):
            return try analyseFieldSelect(base, field, location: e.location)
        case .collate(let inner, _):
            // Only the C collation exists, so COLLATE changes nothing.
            return try analyse(inner)
        case .atTimeZone(let value, let zone):
            let call = FunctionCall(
                name: QualifiedName(["timezone"]),
                arguments: [FunctionArgument(value: zone), FunctionArgument(value: value)])
            return try analyseFunction(call, expr: Expr(.function(call), location: e.location))
        case .defaultValue:
            throw SQLError(
                SQLState.syntaxError, "DEFAULT is not allowed in this context",
                position: position(of: e))
        case .star:
            throw SQLError(
                SQLState.syntaxError, "syntax error at or near \"*\"", position: position(of: e))
        default:
            throw SQLError.notSupported(
                "this kind of expression is not supported yet", position: position(of: e))
        }
    }

    // MARK: - Leaves

    /// The value a plain literal stores into a column of `type`, for the
    /// cases whose full analysis would only wrap the same constant in
    /// operands and casts (an INSERT's VALUES, one statement per row); nil
    /// sends every other case down the general path. The input function
    /// runs exactly as `coerceLiteral` runs it, so errors read the same.
    ///
    /// Example: `42` for an int4 column is int4 already; `'US'` for a text
    /// column is text's input of `US`; `NULL` is NULL of any type.
    private func assignedLiteral(_ literal: Literal, to type: PGType, location: Int) throws
        -> Value?
    {
        switch literal {
        case .null:
            return .null
        case .integer(let digits):
            if type == .int4, let v = Int32(digits) { return .int4(v) }
            return nil
        case .boolean(let b):
            return type == .bool ? .bool(b) : nil
        case .string(let text):
            guard type.typmod < 0, type != .unknown, type != .any, !type.isPolymorphic,
                type.oid != PGType.regclass.oid
            else { return nil }
            if type.oid == PGType.timestamptz.oid, let t = Analyzer.quickTimestamptz(text) {
                return .timestamptz(t)
            }
            return try withPosition(location) {
                try parseValue(text, as: type, context: inputContext)
            }
        case .numeric, .bitString:
            return nil
        }
    }

    private func analyseLiteral(_ literal: Literal, location: Int) throws -> Operand {
        switch literal {
        case .integer(let digits):
            if let v = Int32(digits) { return .constant(.int4(v), type: .int4) }
            if let v = Int64(digits) { return .constant(.int8(v), type: .int8) }
            return .constant(try parseValue(digits, as: .numeric), type: .numeric)
        case .numeric(let text):
            return .constant(try parseValue(text, as: .numeric), type: .numeric)
        case .string(let text):
            return .unknownLiteral(text)
        case .bitString(let text):
            throw SQLError.notSupported(
                "bit string literals are not supported yet: \(text)", position: location + 1)
        case .boolean(let b):
            return .constant(.bool(b), type: .bool)
        case .null:
            return .unknownNull
        }
    }

    func columnOperand(_ column: ResolvedColumn) -> Operand {
        let slot = column.slot
        if column.depth == 0 {
            var operand = Operand(type: column.type) { row, _ in row[slot] }
            operand.columnSlot = slot
            operand.vector = .column(slot)
            return operand
        }
        let depth = column.depth
        return Operand(type: column.type) { _, context in
            let rows = context.outerRows
            let index = rows.count - depth
            guard index >= 0, index < rows.count, slot < rows[index].count else { return .null }
            return rows[index][slot]
        }
    }

    private func analyseColumnRef(_ parts: [String], location: Int) throws -> Operand {
        if parts.last == "*" {
            if let whole = try wholeRowOperand(Array(parts.dropLast()), location: location) {
                return whole
            }
            if parts.count == 2 {
                throw SQLError(
                    SQLState.undefinedTable,
                    "missing FROM-clause entry for table \"\(parts[0])\"",
                    position: location + 1)
            }
            throw SQLError.notSupported(
                "row expansion with * is not supported here", position: location + 1)
        }
        var found: ResolvedColumn?
        var current = scope
        var depth = 0
        while let level = current, found == nil {
            let resolved =
                depth == 0
                ? try level.resolveColumn(parts, location: location)
                : try level.resolveFromSubquery(parts, location: location)
            if var column = resolved {
                column.depth += depth
                found = column
            }
            current = level.parent
            depth += 1
        }
        let variable = environment.parameters?.resolveVariable(parts)
        if found != nil, variable != nil {
            throw SQLError(
                SQLState.ambiguousColumn,
                "column reference \"\(parts.joined(separator: "."))\" is ambiguous",
                detail: "It could refer to either a PL/pgSQL variable or a table column.",
                position: location + 1)
        }
        if let found {
            if found.depth == 0, let scope, scope.isGrouped {
                throw groupingError(parts, location: location)
            }
            return columnOperand(found)
        }
        if let (slot, type) = variable, let parameters = environment.parameters {
            return Operand(type: type) { _, _ in parameters.value(ofSlot: slot) }
        }
        if parts.count == 1, let whole = try wholeRowOperand(parts, location: location) {
            return whole
        }
        throw undefinedColumn(parts, location: location)
    }

    private func groupingError(_ parts: [String], location: Int) -> SQLError {
        ungroupedColumnError(parts.joined(separator: "."), location: location)
    }

    private func undefinedColumn(_ parts: [String], location: Int) -> SQLError {
        let hint = missingColumnHint(parts)
        if parts.count == 1 {
            return SQLError(
                SQLState.undefinedColumn, "column \"\(parts[0])\" does not exist", hint: hint,
                position: location + 1)
        }
        return SQLError(
            SQLState.undefinedColumn, "column \(parts.joined(separator: ".")) does not exist",
            hint: hint, position: location + 1)
    }

    private func analyseParameter(_ number: Int, location: Int) throws -> Operand {
        guard let parameters = environment.parameters,
            let (slot, type) = parameters.resolvePositional(number)
        else {
            throw SQLError(
                SQLState.undefinedParameter, "there is no parameter $\(number)",
                position: location + 1)
        }
        return Operand(type: type) { _, _ in parameters.value(ofSlot: slot) }
    }
}
