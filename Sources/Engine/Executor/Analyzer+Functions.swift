// Function calls: built-ins and user functions resolved together as
// parse_func.c does, the special forms (COALESCE, NULLIF, GREATEST, LEAST,
// CASE), and aggregate calls handed to the executor's grouping step.
import SQLParser

/// An aggregate call compiled against the rows it consumes, for the
/// executor's grouping step.
package struct AggregatePlan {
    package var aggregate: BuiltinAggregate
    /// Argument expressions, evaluated on input rows.
    package var arguments: [CompiledExpr]
    package var isDistinct: Bool
    package var filter: CompiledExpr?
    /// `agg(x ORDER BY y)`: the sort keys and how to sort by them.
    package var orderBy: [(key: CompiledExpr, item: SortItem)]
    package var resultType: PGType
    package var isCountStar: Bool
    /// An ordered-set aggregate: the slot holds its sorted inputs, and the
    /// grouped row's analyser applies the final step (Analyzer+OrderedSet).
    package var orderedSet: OrderedSetCall?
}

/// One callable overload seen by resolution.
private enum Callable {
    case builtin(BuiltinFunction)
    case user(UserFunctionDefinition)
}

extension Analyzer {
    /// True when `name` is a built-in aggregate.
    package static func isAggregateName(_ name: QualifiedName) -> Bool {
        guard name.parts.count == 1 || name.schema == "pg_catalog" else { return false }
        return isBuiltinAggregate(name.name)
    }

    /// Aggregate calls in `e`, outermost first, not descending into
    /// subqueries (they aggregate at their own level).
    package static func aggregateCalls(in e: Expr) -> [Expr] {
        var found: [Expr] = []
        ExprWalker.visit(e) { node in
            if case .function(let call) = node.kind, call.over == nil, isAggregateName(call.name) {
                found.append(node)
                return false
            }
            return true
        }
        return found
    }

    /// True when `e` contains an aggregate call at this query level.
    package static func containsAggregate(_ e: Expr) -> Bool {
        !aggregateCalls(in: e).isEmpty
    }

    /// Compiles an aggregate call's arguments in the pre-grouping scope and
    /// resolves which aggregate it is.
    /// `windowed`: the call is a window aggregate, whose arguments may
    /// hold the level's own aggregates (computed before the window).
    package func compileAggregate(_ call: Expr, windowed: Bool = false) throws -> AggregatePlan {
        guard case .function(let fn) = call.kind else {
            throw SQLError(SQLState.internalError, "not an aggregate call")
        }
        var inner = self
        inner.clause = nil
        // PostgreSQL points at the inner call.
        let nestedCalls = fn.arguments.lazy.compactMap {
            (Analyzer.aggregateCalls(in: $0.value) + Analyzer.groupingCalls(in: $0.value)).first
        }
        if let window = fn.arguments.lazy.compactMap({
            Analyzer.windowCalls(in: $0.value).first
        }).first {
            throw SQLError(
                SQLState.groupingError,
                "aggregate function calls cannot contain window function calls",
                position: position(of: window))
        }
        if !windowed, let nestedCall = nestedCalls.first {
            throw SQLError(
                SQLState.groupingError, "aggregate function calls cannot be nested",
                position: position(of: nestedCall))
        }
        if !windowed { try refuseOuterAggregate(call) }
        inner = inner.barringSetFunctions("aggregate")
        if !fn.withinGroup.isEmpty || Analyzer.isOrderedSetName(fn.name.name) {
            return try inner.compileOrderedSet(fn, call: call, windowed: windowed)
        }
        let operands = try fn.arguments.map { try inner.analyse($0.value) }
        let candidates = builtinAggregates(named: fn.name.name).filter(environment.sees)
        let argumentTypes = fn.isStar ? [] : operands.map(\.type)
        let signatures = candidates.map(\.argumentTypes)
        let chosen = try OverloadResolver(analyser: self).resolve(
            signatures, arguments: argumentTypes, isOperator: false)
        guard chosen.count == 1 else {
            throw try callError(
                fn.name.name, argumentTypes, ambiguous: chosen.count > 1, location: call.location)
        }
        let aggregate = candidates[chosen[0]]
        let element = polymorphicElement(declared: aggregate.argumentTypes, actual: argumentTypes)
        try checkPolymorphicBinding(aggregate.argumentTypes, argumentTypes, element)
        let arguments = try zip(operands, aggregate.argumentTypes).enumerated().map { index, pair in
            let target =
                pair.1 == .any
                ? (pair.0.isUnknown ? .text : pair.0.type) : instantiate(pair.1, element: element)
            let location = fn.arguments[index].value.location
            return try coerce(pair.0, to: target, context: .implicit, location: location).compiled
        }
        var filtering = inner
        filtering.setFunctionBarrier = nil
        let filter = try fn.filter.map { try filtering.compileCondition($0, clause: "FILTER") }
        let orderBy = try fn.orderBy.map { item in (key: try inner.compile(item.expr), item: item) }
        let resultType = instantiate(aggregate.returnType, element: element)
        return AggregatePlan(
            aggregate: aggregate, arguments: arguments, isDistinct: fn.isDistinct, filter: filter,
            orderBy: orderBy, resultType: resultType, isCountStar: fn.isStar, orderedSet: nil)
    }

    func analyseFunction(_ call: FunctionCall, expr: Expr) throws -> Operand {
        let location = expr.location
        if call.over != nil {
            // Window calls the level computes are precomputed slots; any
            // other is misplaced.
            if clause == "window functions" {
                throw SQLError(
                    SQLState.windowingError, "window function calls cannot be nested",
                    position: location + 1)
            }
            if let clause {
                throw SQLError(
                    SQLState.windowingError, "window functions are not allowed in \(clause)",
                    position: location + 1)
            }
            // TODO(#6): window functions outside a SELECT's list and ORDER BY.
            throw SQLError.notSupported(
                "window functions are not supported here yet", position: location + 1)
        }
        let isBuiltinName = call.name.parts.count == 1 || call.name.schema == "pg_catalog"
        if isBuiltinName, let special = try analyseSpecialForm(call, location: location) {
            return special
        }
        if Analyzer.isGroupingCall(call) {
            // A GROUPING() the query level computes is a precomputed slot.
            if let clause {
                throw SQLError(
                    SQLState.groupingError, "grouping operations are not allowed in \(clause)",
                    position: location + 1)
            }
            if scope?.parent?.isGrouped == true {
                // TODO(#6): GROUPING() of an outer query level's keys.
                throw SQLError.notSupported(
                    "GROUPING of an outer query level is not supported yet",
                    position: location + 1)
            }
            throw SQLError(
                SQLState.groupingError,
                "arguments to GROUPING must be grouping expressions of the associated query level",
                position: (call.arguments.first?.value.location ?? location) + 1)
        }
        if let (column, orderedSet) = scope?.orderedSetInput(expr) {
            return try finishOrderedSet(call, column: column, call: orderedSet)
        }
        if Analyzer.isAggregateName(call.name) {
            let message =
                clause.map { "aggregate functions are not allowed in \($0)" }
                ?? "aggregate function calls cannot be nested"
            throw SQLError(SQLState.groupingError, message, position: location + 1)
        }
        if call.isStar {
            throw SQLError(
                SQLState.wrongObjectType,
                "\(call.name.name)(*) specified, but \(call.name.name) is not an aggregate function",
                position: location + 1)
        }
        if call.isDistinct {
            throw SQLError(
                SQLState.wrongObjectType,
                "DISTINCT specified, but \(call.name.name) is not an aggregate function",
                position: location + 1)
        }
        let mark = setFunctionMark
        if !call.withinGroup.isEmpty, isBuiltinName,
            ["rank", "dense_rank", "percent_rank", "cume_dist"].contains(call.name.name)
        {
            // TODO(#6): the hypothetical-set aggregates.
            throw SQLError.notSupported(
                "hypothetical-set aggregate \(call.name.name) is not supported yet",
                position: location + 1)
        }
        if !call.withinGroup.isEmpty {
            // Resolved with the WITHIN GROUP arguments, as PostgreSQL does.
            var combined = call
            combined.arguments += call.withinGroup.map { FunctionArgument(value: $0.expr) }
            combined.withinGroup = []
            let operands = try combined.arguments.map { try analyse($0.value) }
            _ = try resolveAndBind(
                combined, operands: operands, names: combined.arguments.map(\.name),
                isBuiltinName: isBuiltinName, location: location, mark: mark)
            throw SQLError(
                SQLState.wrongObjectType,
                "WITHIN GROUP specified, but \(call.name.name) is not an aggregate function",
                position: location + 1)
        }
        let operands = try call.arguments.map { try analyse($0.value) }
        let names = call.arguments.map(\.name)
        try checkArgumentNames(call.arguments)
        if isBuiltinName,
            let enumCall = try analyseEnumFunction(call, operands: operands, location: location)
        {
            return enumCall
        }
        return try resolveAndBind(
            call, operands: operands, names: names, isBuiltinName: isBuiltinName,
            location: location, mark: mark)
    }

    private func resolveAndBind(
        _ call: FunctionCall, operands: [Operand], names: [String?], isBuiltinName: Bool,
        location: Int, mark: Int = 0
    ) throws -> Operand {
        var callables: [Callable] = []
        if isBuiltinName {
            callables += builtinFunctions(named: call.name.name).filter(environment.sees)
                .map { .builtin($0) }
        } else if call.name.parts.count == 2, call.name.schema == "citus_sim" {
            // The simulator's functions, found by their qualified names.
            callables += builtinFunctions(named: "citus_sim." + call.name.name).map {
                .builtin($0)
            }
        }
        callables += environment.userFunctions(named: call.name).map { .user($0) }
        if callables.isEmpty, isBuiltinName, !builtinSetFunctions(named: call.name.name).isEmpty {
            return try analyseBuiltinSetCall(
                call, operands: operands, mark: mark, location: location)
        }

        // Expand every overload to the argument count of this call.
        var expanded: [(callable: Callable, signature: [PGType], order: [Int?])] = []
        for callable in callables {
            if let shape = try shape(of: callable, count: operands.count, names: names) {
                expanded.append((callable, shape.signature, shape.order))
            }
        }
        let arranged = expanded.map { entry in
            entry.order.map { $0.map { operands[$0].type } ?? .unknown }
        }
        var chosen: [Int] = []
        let resolver = OverloadResolver(analyser: self)
        let groups = Dictionary(grouping: expanded.indices) { arranged[$0] }
        for (types, indices) in groups {
            let picked = try resolver.resolve(
                indices.map { expanded[$0].signature }, arguments: types, isOperator: false)
            chosen += picked.map { indices[$0] }
        }
        let argumentTypes = operands.map(\.type)
        guard chosen.count == 1 else {
            throw try callError(
                call.name.parts.joined(separator: "."), argumentTypes, names: names,
                ambiguous: chosen.count > 1, location: location)
        }
        let entry = expanded[chosen[0]]
        let ordered = try entry.order.enumerated().map { position, source -> Operand in
            if let source { return operands[source] }
            return try defaultArgument(of: entry.callable, position: position)
        }
        let element = polymorphicElement(declared: entry.signature, actual: ordered.map(\.type))
        try checkPolymorphicBinding(entry.signature, ordered.map(\.type), element)
        let arguments = try zip(ordered, entry.signature).map { operand, declared in
            // A composite keeps its shape when passed as `record`.
            if declared.isRecord, operand.type.isRecord { return operand }
            let target =
                declared == .any
                ? (operand.isUnknown ? .text : operand.type)
                : instantiate(declared, element: element)
            return try coerce(operand, to: target, context: .implicit, location: location)
        }
        if case .user(let f) = entry.callable, f.returnsSet {
            return try userSetCallOperand(f, arguments: arguments, mark: mark, location: location)
        }
        return try bind(entry.callable, arguments: arguments, element: element, location: location)
    }

    /// The signature an overload presents to a call with `count`
    /// arguments, and which call argument fills each parameter (nil: the
    /// parameter's default). Nil when the overload cannot take the call.
    private func shape(
        of callable: Callable, count: Int, names: [String?]
    ) throws -> (signature: [PGType], order: [Int?])? {
        var types: [PGType]
        var parameterNames: [String]
        var optional: Int
        switch callable {
        case .builtin(let f):
            types = f.argumentTypes
            parameterNames = f.argumentNames
            optional = f.optionalArguments
            if let variadic = f.variadic {
                // A variadic parameter takes at least one argument.
                guard count > types.count, !names.contains(where: { $0 != nil }) else { return nil }
                types += Array(repeating: variadic, count: count - types.count)
                return (types, Array(0..<count))
            }
        case .user(let f):
            let inputs = zip(f.parameters, f.parameterTypes).filter { $0.0.mode != .out }
            types = inputs.map(\.1)
            parameterNames = inputs.map { $0.0.name ?? "" }
            optional = inputs.reversed().prefix { $0.0.defaultValue != nil }.count
        }
        var order = [Int?](repeating: nil, count: types.count)
        var positional = 0
        for (index, name) in names.enumerated() {
            if let name {
                guard let slot = parameterNames.firstIndex(of: name), order[slot] == nil else {
                    return nil
                }
                order[slot] = index
            } else {
                guard positional < types.count else { return nil }
                order[positional] = index
                positional += 1
            }
        }
        let required = types.count - optional
        for (slot, source) in order.enumerated() where source == nil && slot < required {
            return nil
        }
        if count > types.count { return nil }
        // Trailing omitted parameters are dropped for built-ins, whose
        // implementations handle shorter argument lists themselves, unless
        // the built-in declares its defaults.
        if case .builtin(let f) = callable, f.defaults.isEmpty {
            let used = (order.lastIndex { $0 != nil } ?? -1) + 1
            if order[0..<used].contains(where: { $0 == nil }) { return nil }
            return (Array(types[0..<used]), Array(order[0..<used]))
        }
        return (types, order)
    }

    private func defaultArgument(of callable: Callable, position: Int) throws -> Operand {
        if case .builtin(let f) = callable {
            let index = position - (f.argumentTypes.count - f.defaults.count)
            guard index >= 0, index < f.defaults.count else { return .unknownNull }
            let value = f.defaults[index]
            return Operand(type: f.argumentTypes[position], constant: value) { _, _ in value }
        }
        guard case .user(let f) = callable else { return .unknownNull }
        let inputs = f.parameters.filter { $0.mode != .out }
        guard position < inputs.count, let value = inputs[position].defaultValue else {
            return .unknownNull
        }
        return try Analyzer(environment: environment, scope: nil).analyse(value)
    }

    private func bind(_ callable: Callable, arguments: [Operand], element: PGType?, location: Int)
        throws -> Operand
    {
        let evaluators = arguments.map(\.evaluate)
        let types = arguments.map(\.type)
        switch callable {
        case .builtin(let f):
            if let specialised = specialisedDateTrunc(f, arguments: arguments) {
                return specialised
            }
            let implementation = f.implementation
            let strict = f.isStrict
            let resultType = instantiate(f.returnType, element: element)
            var result = Operand(type: resultType) { row, ctx in
                var values: [Value] = []
                values.reserveCapacity(evaluators.count)
                for evaluate in evaluators {
                    let value = try evaluate(row, ctx)
                    if strict, case .null = value { return .null }
                    values.append(value)
                }
                return try implementation(ctx.evaluation, values, types)
            }
            let forms = arguments.compactMap(\.argumentVector)
            if f.volatility != .volatile, forms.count == arguments.count {
                result.vector = .call(f, argumentTypes: types, forms)
            }
            guard f.volatility == .immutable else { return result }
            return try fold(result, inputs: arguments)
        case .user(let f):
            let environment = self.environment
            let strict = f.isStrict
            return Operand(type: userFunctionResultType(f)) { row, ctx in
                var values: [Value] = []
                values.reserveCapacity(evaluators.count)
                for evaluate in evaluators {
                    let value = try evaluate(row, ctx)
                    if strict, case .null = value { return .null }
                    values.append(value)
                }
                return try environment.callUserFunction(f, arguments: values, context: ctx)
            }
        }
    }

    /// parse_func.c's checks of `name => value` arguments.
    private func checkArgumentNames(_ arguments: [FunctionArgument]) throws {
        var seen: Set<String> = []
        for argument in arguments {
            if let name = argument.name {
                guard seen.insert(name).inserted else {
                    throw SQLError(
                        SQLState.syntaxError, "argument name \"\(name)\" used more than once",
                        position: argument.nameLocation + 1)
                }
            } else if !seen.isEmpty {
                throw SQLError(
                    SQLState.syntaxError, "positional argument cannot follow named argument",
                    position: position(of: argument.value))
            }
        }
    }

    func callError(
        _ name: String, _ types: [PGType], names: [String?] = [], ambiguous: Bool, location: Int
    ) throws -> SQLError {
        let list = types.enumerated().map { i, type in
            let label = i < names.count ? names[i].map { "\($0) => " } ?? "" : ""
            return label + formatType(type)
        }.joined(separator: ", ")
        if ambiguous {
            return SQLError(
                SQLState.ambiguousFunction, "function \(name)(\(list)) is not unique",
                hint:
                    "Could not choose a best candidate function. You might need to add explicit type casts.",
                position: location + 1)
        }
        return SQLError(
            SQLState.undefinedFunction, "function \(name)(\(list)) does not exist",
            hint:
                "No function matches the given name and argument types. You might need to add explicit type casts.",
            position: location + 1)
    }

    // MARK: - Special forms

    /// COALESCE, NULLIF, GREATEST and LEAST, which are syntax rather than
    /// functions in PostgreSQL; nil for any other name.
    private func analyseSpecialForm(_ call: FunctionCall, location: Int) throws -> Operand? {
        switch call.name.name {
        case "coalesce":
            return try analyseCoalesce(call, location: location)
        case "nullif":
            guard call.arguments.count == 2 else { return nil }
            return try analyseNullIf(
                call.arguments[0].value, call.arguments[1].value, location: location)
        case "greatest", "least":
            return try analyseExtremum(
                call, greatest: call.name.name == "greatest", location: location)
        default:
            return try analyseValueFunction(call, location: location)
        }
    }

    /// CURRENT_TIMESTAMP, CURRENT_DATE, CURRENT_USER and the other
    /// keyword functions (SQLValueFunction), as calls of the functions
    /// they stand for.
    private func analyseValueFunction(_ call: FunctionCall, location: Int) throws -> Operand? {
        let target: (function: String, cast: PGType?)
        switch call.name.name {
        case "current_timestamp": target = ("now", nil)
        case "current_date": target = ("now", .date)
        case "localtimestamp": target = ("now", .timestamp)
        case "localtime": target = ("now", .time)
        case "current_user", "current_role", "user", "session_user": target = ("current_user", nil)
        case "current_catalog": target = ("current_database", nil)
        default: return nil
        }
        guard call.name.parts.count == 1, call.arguments.isEmpty else {
            if call.arguments.isEmpty { return nil }
            throw SQLError.notSupported(
                "\(call.name.name) with a precision is not supported yet", position: location + 1)
        }
        let base = try resolveAndBind(
            FunctionCall(name: QualifiedName([target.function])), operands: [], names: [],
            isBuiltinName: true, location: location)
        guard let type = target.cast else { return base }
        return try coerce(base, to: type, context: .explicit, location: location)
    }

    private func analyseCoalesce(_ call: FunctionCall, location: Int) throws -> Operand {
        var analyser = barringSetFunctions("COALESCE")
        var operands: [Operand] = []
        for argument in call.arguments {
            let operand = try analyser.analyse(argument.value)
            operands.append(operand)
            if analyser.foldsConstants, let value = operand.constant, !value.isNull {
                analyser = unfolding
            }
        }
        let (type, coerced) = try unify(
            operands, locations: call.arguments.map(\.value.location), construct: "COALESCE")
        let evaluators = coerced.map(\.evaluate)
        let result = Operand(type: type) { row, ctx in
            for evaluate in evaluators {
                let value = try evaluate(row, ctx)
                if !value.isNull { return value }
            }
            return .null
        }
        return try fold(result, inputs: coerced)
    }

    private func analyseNullIf(_ first: Expr, _ second: Expr, location: Int) throws -> Operand {
        let a = try analyse(first)
        let b = try analyse(second)
        let equals = try applyOperator("=", a, b, location: location).evaluate
        // The result is the `=` operator's left input, so it may have been
        // promoted to the second argument's type.
        let leftType = try resolveOperator("=", left: a, right: b, location: location)?.left
        let target =
            leftType.map { $0.isPolymorphic ? (a.isUnknown ? .text : a.type) : $0 } ?? .text
        let value = try coerce(
            a, to: a.isUnknown || target != a.type ? target : a.type, context: .implicit,
            location: first.location)
        let evaluate = value.evaluate
        let result = Operand(type: value.type) { row, ctx in
            let v = try evaluate(row, ctx)
            if case .bool(true) = try equals(row, ctx) { return .null }
            return v
        }
        return try fold(result, inputs: [a, b])
    }

    private func analyseExtremum(_ call: FunctionCall, greatest: Bool, location: Int) throws
        -> Operand
    {
        let operands = try call.arguments.map { try analyse($0.value) }
        let construct = greatest ? "GREATEST" : "LEAST"
        let (type, coerced) = try unify(
            operands, locations: call.arguments.map(\.value.location), construct: construct)
        let evaluators = coerced.map(\.evaluate)
        let result = Operand(type: type) { row, ctx in
            var best: Value = .null
            for evaluate in evaluators {
                let value = try evaluate(row, ctx)
                if value.isNull { continue }
                if best.isNull {
                    best = value
                    continue
                }
                let order = compareValues(value, best, type: type)
                if greatest ? order > 0 : order < 0 { best = value }
            }
            return best
        }
        return try fold(result, inputs: coerced)
    }

    func analyseCase(_ caseExpr: CaseExpr, location: Int) throws -> Operand {
        if setFunctionBarrier == nil {
            return try barringSetFunctions("CASE").analyseCase(caseExpr, location: location)
        }
        let operand = try caseExpr.operand.map { try analyse($0) }
        var conditions: [Operand] = []
        var results: [Operand] = []
        // Branches after a constant-true condition, and the result of a
        // constant-false one, are never simplified by PostgreSQL.
        var analyser = self
        for branch in caseExpr.branches {
            let condition: Operand
            if let operand {
                let value = try analyser.analyse(branch.condition)
                condition = try analyser.applyOperator(
                    "=", operand, value, location: branch.condition.location)
            } else {
                condition = try analyser.requireBoolean(
                    try analyser.analyse(branch.condition), what: "argument of CASE/WHEN",
                    location: branch.condition.location)
            }
            conditions.append(condition)
            let decided = analyser.foldsConstants ? condition.constant : nil
            let skipsResult = decided != nil && decided != .bool(true)
            results.append(try (skipsResult ? unfolding : analyser).analyse(branch.result))
            if decided == .bool(true) { analyser = unfolding }
        }
        var locations = caseExpr.branches.map(\.result.location)
        if let elseResult = caseExpr.elseResult {
            results.append(try analyser.analyse(elseResult))
            locations.append(elseResult.location)
        }
        let (type, coerced) = try unify(results, locations: locations, construct: "CASE")
        let tests = conditions.map(\.evaluate)
        let values = coerced.map(\.evaluate)
        // Constant results (THEN 1 ELSE 0) are returned without a call.
        let constants = coerced.map(\.constant)
        let hasElse = caseExpr.elseResult != nil
        if tests.count == 1 && hasElse {
            // One WHEN and an ELSE, with no per-row walk over the branches.
            // Taken from the operands, not the arrays above, whose elements
            // would be called through a reabstraction thunk.
            let test = conditions[0].evaluate
            let (then, otherwise) = (coerced[0].evaluate, coerced[1].evaluate)
            let (thenConstant, elseConstant) = (constants[0], constants[1])
            let result = Operand(type: type) { row, ctx in
                if case .bool(true) = try test(row, ctx) {
                    return try thenConstant ?? then(row, ctx)
                }
                return try elseConstant ?? otherwise(row, ctx)
            }
            return try fold(result, inputs: conditions + coerced)
        }
        let result = Operand(type: type) { row, ctx in
            for (index, test) in tests.enumerated() {
                if case .bool(true) = try test(row, ctx) {
                    return try constants[index] ?? values[index](row, ctx)
                }
            }
            guard hasElse else { return .null }
            return try constants[values.count - 1] ?? values[values.count - 1](row, ctx)
        }
        return try fold(result, inputs: conditions + coerced)
    }
}

extension Analyzer {
    /// PostgreSQL's refusal to bind anyelement from unknown literals
    /// alone: `to_jsonb('x')`, `array_agg('x')`.
    func checkPolymorphicBinding(
        _ declared: [PGType], _ actual: [PGType], _ element: PGType?
    ) throws {
        guard element == nil else { return }
        let polymorphic: Set<Int32> = [PGType.anyElement.oid, 2776]
        for (param, arg) in zip(declared, actual)
        where polymorphic.contains(param.oid) && arg == .unknown {
            throw SQLError(
                SQLState.datatypeMismatch,
                "could not determine polymorphic type because input has type unknown")
        }
    }
}
