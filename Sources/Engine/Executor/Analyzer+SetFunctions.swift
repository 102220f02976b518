// Set-returning functions in the select list, with PostgreSQL 10's
// ProjectSet semantics: every set-returning call of the list is evaluated
// once per input row, the calls advance in lockstep, the ones that run out
// first yield NULL, and an input row for which all of them return nothing
// yields no row. A call whose arguments hold another set-returning call
// runs one level above it (`generate_series(1, generate_series(1, 3))`).
import SQLParser

/// The set-returning calls of one select list, and the value each one is
/// at while the rows of its current input row are emitted.
package final class SetFunctionCollector {
    /// One set-returning call: its arguments and its rows for them.
    struct Entry {
        var level: Int
        var arguments: [CompiledExpr]
        var isStrict: Bool
        var rows: ([Value], ExecContext) throws -> [Value]
    }

    private(set) var entries: [Entry] = []
    /// The value of each call for the row being emitted.
    var current: [Value] = []

    package init() {}

    /// True when no call was registered.
    var isEmpty: Bool { entries.isEmpty }

    /// The highest level registered, -1 when none.
    var topLevel: Int { entries.map(\.level).max() ?? -1 }

    /// The level a call gets whose arguments registered the calls from
    /// `mark` on: one above the highest of them.
    func level(since mark: Int) -> Int {
        (entries[mark...].map(\.level).max() ?? -1) + 1
    }

    /// Registers a call; the operand reading its current value follows.
    func register(_ entry: Entry) -> Int {
        entries.append(entry)
        current.append(.null)
        return entries.count - 1
    }
}

/// Emits, for each input row, one row per value of the longest
/// set-returning call of `level`, setting each call's current value (NULL
/// once it has run out).
final class ProjectSetNode: PlanNode {
    let input: PlanNode
    let collector: SetFunctionCollector
    let level: Int

    init(input: PlanNode, collector: SetFunctionCollector, level: Int) {
        self.input = input
        self.collector = collector
        self.level = level
    }

    func run(_ ctx: ExecContext, _ emit: (Row) throws -> Bool) throws -> Bool {
        let collector = self.collector
        let indexes = collector.entries.indices.filter { collector.entries[$0].level == level }
        return try input.run(ctx) { row in
            var results: [[Value]] = []
            for index in indexes {
                results.append(try Self.rows(of: collector.entries[index], row, ctx))
            }
            let count = results.map(\.count).max() ?? 0
            for position in 0..<count {
                for (k, index) in indexes.enumerated() {
                    let values = results[k]
                    collector.current[index] = position < values.count ? values[position] : .null
                }
                if try !emit(row) { return false }
            }
            return true
        }
    }

    private static func rows(
        of entry: SetFunctionCollector.Entry, _ row: Row, _ ctx: ExecContext
    ) throws -> [Value] {
        var values: [Value] = []
        for argument in entry.arguments {
            let value = try argument.value(row, ctx)
            if entry.isStrict, value.isNull { return [] }
            values.append(value)
        }
        return try entry.rows(values, ctx)
    }
}

extension PlanNode {
    /// This node under the ProjectSet levels of `collector`, lowest first.
    func projectingSets(_ collector: SetFunctionCollector?) -> PlanNode {
        guard let collector, !collector.isEmpty else { return self }
        var node: PlanNode = self
        for level in 0...collector.topLevel {
            node = ProjectSetNode(input: node, collector: collector, level: level)
        }
        return node
    }
}

extension Analyzer {
    /// PostgreSQL's name for the clause in "set-returning functions are
    /// not allowed in ...", nil where it has none the engine knows.
    private var setFunctionClause: String? {
        switch clause {
        case "WHERE", "HAVING", "FILTER", "VALUES", "LIMIT", "OFFSET", "UPDATE",
            "RETURNING":
            return clause
        case "JOIN/ON", "JOIN/USING": return "JOIN conditions"
        case "CHECK": return "check constraints"
        default: return nil
        }
    }

    /// The operand of a set-returning call whose arguments are bound, or
    /// PostgreSQL's error where such calls are not allowed. `mark` is the
    /// collector's size before the arguments were analysed.
    func setFunctionOperand(
        type: PGType, arguments: [Operand], strict: Bool, mark: Int, location: Int,
        rows: @escaping ([Value], ExecContext) throws -> [Value]
    ) throws -> Operand {
        try checkSetFunctionPlacement(location: location)
        guard let collector = setFunctions else {
            throw SQLError(SQLState.internalError, "set-returning function without a collector")
        }
        let entry = SetFunctionCollector.Entry(
            level: collector.level(since: mark), arguments: arguments.map(\.compiled),
            isStrict: strict, rows: rows)
        let index = collector.register(entry)
        return Operand(type: type) { _, _ in collector.current[index] }
    }

    /// Throws unless a set-returning call may stand at this place.
    func checkSetFunctionPlacement(location: Int) throws {
        let hint = "You might be able to move the set-returning function into a LATERAL FROM item."
        if let barrier = setFunctionBarrier {
            if barrier == "aggregate" {
                throw SQLError(
                    SQLState.featureNotSupported,
                    "aggregate function calls cannot contain set-returning function calls",
                    hint: hint, position: location + 1)
            }
            throw SQLError(
                SQLState.featureNotSupported,
                "set-returning functions are not allowed in \(barrier)", hint: hint,
                position: location + 1)
        }
        if setFunctions != nil { return }
        if let name = setFunctionClause {
            throw SQLError(
                SQLState.featureNotSupported, "set-returning functions are not allowed in \(name)",
                position: location + 1)
        }
        // TODO(#6): PostgreSQL's messages for the remaining places (DEFAULT
        // expressions, index expressions, PL/pgSQL expressions, ...).
        throw SQLError.notSupported(
            "set-returning functions are not supported here yet", position: location + 1)
    }

    /// The collector's size now, to tell which calls an argument list
    /// registered.
    var setFunctionMark: Int { setFunctions?.entries.count ?? 0 }

    /// This analyser inside CASE or COALESCE (or an aggregate's
    /// arguments), where set-returning calls are refused.
    func barringSetFunctions(_ construct: String) -> Analyzer {
        var inner = self
        if inner.setFunctionBarrier == nil { inner.setFunctionBarrier = construct }
        return inner
    }

    /// A built-in set-returning call in the select list (generate_series,
    /// unnest), resolved as in FROM.
    func analyseBuiltinSetCall(
        _ call: FunctionCall, operands: [Operand], mark: Int, location: Int
    ) throws -> Operand {
        let candidates = builtinSetFunctions(named: call.name.name)
        if call.arguments.contains(where: { $0.name != nil }) {
            throw SQLError.notSupported(
                "named arguments to set-returning functions are not supported yet",
                position: location + 1)
        }
        let types = operands.map(\.type)
        let chosen = try OverloadResolver(analyser: self).resolve(
            candidates.map(\.argumentTypes), arguments: types, isOperator: false)
        guard chosen.count == 1 else {
            throw try callError(
                call.name.name, types, ambiguous: chosen.count > 1, location: location)
        }
        let function = candidates[chosen[0]]
        let element = polymorphicElement(declared: function.argumentTypes, actual: types)
        let arguments = try zip(operands, function.argumentTypes).enumerated().map {
            index, pair in
            let target =
                pair.1.isPolymorphic || pair.1 == .anyArray
                ? (pair.0.isUnknown ? .text : pair.0.type) : pair.1
            return try coerce(
                pair.0, to: target, context: .implicit,
                location: call.arguments[index].value.location)
        }
        let body = function.body
        return try setFunctionOperand(
            type: instantiate(function.returnType, element: element), arguments: arguments,
            strict: true, mark: mark, location: location
        ) { values, _ in try body(values) }
    }

    /// A set-returning user function (an extension's C function such as
    /// topn) in the select list: each row it returns is one value, a
    /// composite when it returns several columns.
    func userSetCallOperand(
        _ f: UserFunctionDefinition, arguments: [Operand], mark: Int, location: Int
    ) throws -> Operand {
        let environment = self.environment
        let type = userFunctionResultType(f)
        let isComposite = f.resultColumns.count > 1 || type.recordDescriptor != nil
        return try setFunctionOperand(
            type: type, arguments: arguments, strict: f.isStrict, mark: mark, location: location
        ) { values, ctx in
            let rows = try environment.callSetFunction(f, arguments: values, context: ctx)
            return rows.map { row in isComposite ? .record(row) : (row.first ?? .null) }
        }
    }

    /// The type a user function's value has: a composite of its result
    /// columns when it returns several (RETURNS TABLE, OUT parameters).
    func userFunctionResultType(_ f: UserFunctionDefinition) -> PGType {
        if f.returnType.recordDescriptor != nil { return f.returnType }
        guard f.resultColumns.count > 1 else {
            return f.resultColumns.first?.type ?? f.returnType
        }
        return RecordTypes.type(
            fields: f.resultColumns.map { RecordField(name: $0.name, type: $0.type) })
    }
}

extension Analyzer {
    /// True when `e` calls a set-returning function at this query level
    /// (built-ins that exist only as set-returning functions, and user
    /// functions declared RETURNS SETOF or TABLE), judged from the names
    /// before analysis.
    static func containsSetFunction(_ e: Expr, environment: CompileEnvironment) -> Bool {
        var found = false
        ExprWalker.visit(e) { node in
            guard !found, case .function(let call) = node.kind else { return !found }
            let isBuiltinName = call.name.parts.count == 1 || call.name.schema == "pg_catalog"
            if isBuiltinName, builtinFunctions(named: call.name.name).isEmpty,
                !builtinSetFunctions(named: call.name.name).isEmpty
            {
                found = true
            } else if environment.userFunctions(named: call.name).contains(where: \.returnsSet) {
                found = true
            }
            return !found
        }
        return found
    }
}
