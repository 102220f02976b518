// Set-returning functions in FROM: `generate_series(1, 3) AS g`,
// `unnest(arr) WITH ORDINALITY`. A function item may read the FROM items
// to its left (PostgreSQL treats functions in FROM as LATERAL); its rows
// are computed per left row.
import SQLParser

/// Runs a function in FROM and emits one row per value it returns.
final class FunctionScanNode: PlanNode {
    let arguments: [CompiledExpr]
    let body: ([Value]) throws -> [Value]
    let withOrdinality: Bool
    /// True when NULL arguments give no rows (the built-in set-returning
    /// functions are strict).
    let isStrict: Bool

    init(
        arguments: [CompiledExpr], body: @escaping ([Value]) throws -> [Value], ordinality: Bool,
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
        for (index, value) in try body(values).enumerated() {
            let row: Row = withOrdinality ? [value, .int8(Int64(index + 1))] : [value]
            if try !emit(row) { return false }
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
        let node = FunctionScanNode(
            arguments: arguments, body: function.body, ordinality: ordinality)
        try addFunctionColumns(
            call, alias: alias, type: resultType, ordinality: ordinality, into: scope)
        return FromItemPlan(node: node, scan: nil, isLateral: isLateral)
    }

    /// A function returning one value, in FROM: one row.
    private func planScalarFunctionItem(
        _ call: FunctionCall, alias: Alias?, ordinality: Bool, location: Int,
        into scope: QueryScope, analyser: Analyzer, isLateral: Bool
    ) throws -> FromItemPlan {
        let compiled = try analyser.compile(Expr(.function(call), location: location))
        if compiled.type == .record || compiled.type == .void {
            // TODO(#5): functions returning records or sets in FROM.
            throw SQLError.notSupported(
                "function \(call.name.parts.joined(separator: ".")) in FROM is not supported yet",
                position: location + 1)
        }
        try addFunctionColumns(
            call, alias: alias, type: compiled.type, ordinality: ordinality, into: scope)
        let node = FunctionScanNode(
            arguments: [compiled], body: { $0 }, ordinality: ordinality, strict: false)
        return FromItemPlan(node: node, scan: nil, isLateral: isLateral)
    }

    /// The function item's columns: one named by the alias (or the
    /// function), then `ordinality`, renamed by an alias column list.
    private func addFunctionColumns(
        _ call: FunctionCall, alias: Alias?, type: PGType, ordinality: Bool,
        into scope: QueryScope
    ) throws {
        var names = [alias?.name ?? call.name.name]
        var columnTypes = [type]
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
}
