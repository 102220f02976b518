// Set-returning functions in FROM: `generate_series(1, 3) AS g`,
// `unnest(arr) WITH ORDINALITY`. A function item may read the FROM items
// to its left (PostgreSQL treats functions in FROM as LATERAL); its rows
// are computed per left row.
import SQLParser

/// Runs a function in FROM and emits one row per value it returns.
final class FunctionScanNode: PlanNode {
    let arguments: [CompiledExpr]
    let body: ([Value]) throws -> [Row]
    let withOrdinality: Bool
    /// True when NULL arguments give no rows (the built-in set-returning
    /// functions are strict).
    let isStrict: Bool

    init(
        arguments: [CompiledExpr], body: @escaping ([Value]) throws -> [Row], ordinality: Bool,
        strict: Bool = true
    ) {
        self.arguments = arguments
        self.body = body
        self.withOrdinality = ordinality
        self.isStrict = strict
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        let values = try arguments.map { try $0.evaluate([], ctx) }
        if isStrict, values.contains(where: \.isNull) { return true }
        for (index, row) in try body(values).enumerated() {
            if try !emit(withOrdinality ? row + [.int8(Int64(index + 1))] : row) { return false }
        }
        return true
    }
}

extension Executor {
    /// Plans `f(...) [WITH ORDINALITY] [AS alias (columns)]` in FROM.
    func planFunctionItem(
        _ call: FunctionCall, alias: Alias?, ordinality: Bool, location: Int,
        into scope: QueryScope, lateralScope: QueryScope
    ) throws -> FromItemPlan {
        let isLateral = !lateralScope.entries.isEmpty
        let argumentScope = QueryScope(
            parent: isLateral ? lateralScope : scope.parent, parameters: parameters)
        let analyser = analyzer(argumentScope)
        let isBuiltinName = call.name.parts.count == 1 || call.name.schema == "pg_catalog"
        let candidates = isBuiltinName ? builtinSetFunctions(named: call.name.name) : []
        let userSets = environmentSetFunctions(call)
        if candidates.isEmpty, !userSets.isEmpty {
            return try planNativeSetFunctionItem(
                call, userSets, alias: alias, ordinality: ordinality, location: location,
                into: scope, analyser: analyser, isLateral: isLateral)
        }
        if candidates.isEmpty {
            return try planScalarFunctionItem(
                call, alias: alias, ordinality: ordinality, location: location, into: scope,
                analyser: analyser, isLateral: isLateral)
        }
        if call.arguments.contains(where: { $0.name != nil }) {
            throw SQLError.notSupported(
                "named arguments to set-returning functions are not supported yet",
                position: location + 1)
        }
        let operands = try call.arguments.map { try analyser.analyse($0.value) }
        let types = operands.map(\.type)
        let chosen = try OverloadResolver(analyser: analyser).resolve(
            candidates.map(\.argumentTypes), arguments: types, isOperator: false)
        guard chosen.count == 1 else {
            throw try analyser.callError(
                call.name.name, types, ambiguous: chosen.count > 1, location: call.name.location)
        }
        let function = candidates[chosen[0]]
        let element = polymorphicElement(declared: function.argumentTypes, actual: types)
        let arguments = try zip(operands, function.argumentTypes).enumerated().map {
            index, pair in
            let target =
                pair.1.isPolymorphic || pair.1 == .anyArray
                ? (pair.0.isUnknown ? .text : pair.0.type) : pair.1
            let location = call.arguments[index].value.location
            return try analyser.coerce(pair.0, to: target, context: .implicit, location: location)
                .compiled
        }
        let resultType = instantiate(function.returnType, element: element)
        let body = function.body
        let columns =
            function.columns.isEmpty
            ? [(alias?.name ?? call.name.name, resultType)]
            : function.columns.map { ($0.name, $0.type) }
        let isRecord = function.columns.count > 1
        let node = FunctionScanNode(
            arguments: arguments,
            body: {
                try body($0).map { value in
                    guard isRecord, case .record(let fields) = value else { return [value] }
                    return fields
                }
            }, ordinality: ordinality)
        try addFunctionColumns(
            call, alias: alias, columns: columns, ordinality: ordinality, into: scope)
        return FromItemPlan(node: node, scan: nil, isLateral: isLateral)
    }

    /// A function returning one value, in FROM: one row.
    private func planScalarFunctionItem(
        _ call: FunctionCall, alias: Alias?, ordinality: Bool, location: Int,
        into scope: QueryScope, analyser: Analyzer, isLateral: Bool
    ) throws -> FromItemPlan {
        let compiled = try analyser.compile(Expr(.function(call), location: location))
        if let descriptor = compiled.type.recordDescriptor, descriptor.typeName != nil {
            // A function returning a composite type: one row of its fields.
            try addFunctionColumns(
                call, alias: alias, columns: descriptor.fields.map { ($0.name, $0.type) },
                ordinality: ordinality, into: scope)
            let width = descriptor.fields.count
            let node = FunctionScanNode(
                arguments: [compiled],
                body: { values in
                    guard case .record(let fields) = values[0] else {
                        return [Row(repeating: .null, count: width)]
                    }
                    return [fields]
                }, ordinality: ordinality, strict: false)
            return FromItemPlan(node: node, scan: nil, isLateral: isLateral)
        }
        if compiled.type.isRecord || compiled.type == .void {
            // TODO(#6): functions returning records or sets in FROM.
            throw SQLError.notSupported(
                "function \(call.name.parts.joined(separator: ".")) in FROM is not supported yet",
                position: location + 1)
        }
        try addFunctionColumns(
            call, alias: alias, columns: [(alias?.name ?? call.name.name, compiled.type)],
            ordinality: ordinality, into: scope)
        let node = FunctionScanNode(
            arguments: [compiled], body: { [$0] }, ordinality: ordinality, strict: false)
        return FromItemPlan(node: node, scan: nil, isLateral: isLateral)
    }

    /// The function item's columns, then `ordinality`, renamed by an alias
    /// column list.
    private func addFunctionColumns(
        _ call: FunctionCall, alias: Alias?, columns: [(String, PGType)], ordinality: Bool,
        into scope: QueryScope
    ) throws {
        var names = columns.map(\.0)
        var columnTypes = columns.map(\.1)
        if ordinality {
            names.append("ordinality")
            columnTypes.append(.int8)
        }
        if let alias, !alias.columnNames.isEmpty {
            guard alias.columnNames.count <= names.count else {
                throw SQLError(
                    SQLState.invalidColumnReference,
                    "table \"\(alias.name)\" has \(names.count) columns available but "
                        + "\(alias.columnNames.count) columns specified")
            }
            for (index, name) in alias.columnNames.enumerated() { names[index] = name }
        }
        scope.addEntry(
            refName: alias?.name ?? call.name.name, schema: nil,
            columns: Array(zip(names, columnTypes)))
    }

    /// Set-returning user functions the call may name, and C functions
    /// with OUT columns (one row in FROM, as their library gives it).
    private func environmentSetFunctions(_ call: FunctionCall) -> [UserFunctionDefinition] {
        userFunctions(named: call.name).filter {
            $0.returnsSet || ($0.language == "c" && !$0.resultColumns.isEmpty)
        }
    }

    /// A set-returning C-language function in FROM (an extension's
    /// `citus_get_active_worker_nodes()`): positional arguments, defaults
    /// for the ones left out.
    private func planNativeSetFunctionItem(
        _ call: FunctionCall, _ functions: [UserFunctionDefinition], alias: Alias?,
        ordinality: Bool, location: Int, into scope: QueryScope, analyser: Analyzer,
        isLateral: Bool
    ) throws -> FromItemPlan {
        let operands = try call.arguments.map { try analyser.analyse($0.value) }
        let types = operands.map(\.type)
        let shaped = functions.compactMap { f -> (UserFunctionDefinition, [PGType])? in
            let inputs = inputTypes(f)
            let required = zip(f.parameters, f.parameterTypes).filter {
                $0.0.mode != .out && $0.0.defaultValue == nil
            }.count
            guard (required...inputs.count).contains(types.count) else { return nil }
            return (f, Array(inputs.prefix(types.count)))
        }
        let chosen = try OverloadResolver(analyser: analyser).resolve(
            shaped.map(\.1), arguments: types, isOperator: false)
        guard chosen.count == 1, call.arguments.allSatisfy({ $0.name == nil }) else {
            throw try analyser.callError(
                call.name.name, types, ambiguous: chosen.count > 1, location: call.name.location)
        }
        let (function, signature) = shaped[chosen[0]]
        if function.language == "c", let library = function.library {
            session.loadLibrary(library)
        }
        guard function.language == "c", let library = function.library,
            let native = session.engine.libraries[library]?.setFunction(function.body)
        else {
            // TODO(#6): set-returning PL/pgSQL and SQL functions in FROM.
            throw SQLError.notSupported(
                "function \(call.name.parts.joined(separator: ".")) in FROM is not supported yet",
                position: location + 1)
        }
        var arguments = try zip(operands, signature).enumerated().map { index, pair in
            try analyser.coerce(
                pair.0, to: pair.1, context: .implicit,
                location: call.arguments[index].value.location
            ).compiled
        }
        let inputs = function.parameters.enumerated().filter { $0.element.mode != .out }
        for (index, parameter) in inputs.dropFirst(arguments.count) {
            guard let expr = parameter.defaultValue else { break }
            arguments.append(
                try analyzer(nil).compile(
                    expr, as: function.parameterTypes[index], what: "a default"))
        }
        var columns =
            function.resultColumns.isEmpty
            ? [(alias?.name ?? call.name.name, function.returnType)]
            : function.resultColumns.map { ($0.name, $0.type) }
        if let descriptor = function.returnType.recordDescriptor, function.resultColumns.isEmpty {
            columns = descriptor.fields.map { ($0.name, $0.type) }
        }
        try addFunctionColumns(
            call, alias: alias, columns: columns, ordinality: ordinality, into: scope)
        let session = self.session
        let node = FunctionScanNode(
            arguments: arguments,
            body: { values in
                try native(NativeCall(session: session, function: function, arguments: values))
            }, ordinality: ordinality, strict: function.isStrict)
        return FromItemPlan(node: node, scan: nil, isLateral: isLateral)
    }
}
