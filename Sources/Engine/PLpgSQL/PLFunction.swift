// A compiled PL/pgSQL function (pl_comp.c's PLpgSQL_function): the parsed
// body, the resolved type of every datum, the name for CONTEXT lines, and
// the ParameterScope objects through which the queries inside it see its
// variables. One compiled function serves every call; the running call's
// variables are in `current`.
import SQLParser

/// A PL/pgSQL body compiled for one function signature or DO block.
final class PLFunction {
    let body: PLFunctionBody
    /// `f(integer)` or `inline_code_block`, as CONTEXT lines name it.
    let signature: String
    /// The resolved type of each datum; nil for records and the hidden
    /// CASE variables, whose type comes from what is assigned.
    let datumTypes: [PGType?]
    let returnType: PGType
    let returnsVoid: Bool
    /// The call whose variables the queries read right now; calls nest
    /// (recursion) and restore it when they return.
    var current: PLExecution?
    /// Field slots handed out to queries: slot `variables.count + i` is
    /// field `fieldSlots[i].field` of record datum `fieldSlots[i].datum`.
    private(set) var fieldSlots: [(datum: Int, field: String)] = []
    private var fieldSlotIndex: [String: Int] = [:]
    private var nameScopes: [NameScopeKey: PLNameScope] = [:]
    /// The kept plan of each SQL statement, per session, as each
    /// PostgreSQL backend keeps its own plans of a function's statements.
    private var plans: [PlanKey: SPIPlan] = [:]

    init(
        body: PLFunctionBody, signature: String, datumTypes: [PGType?], returnType: PGType
    ) {
        self.body = body
        self.signature = signature
        self.datumTypes = datumTypes
        self.returnType = returnType
        self.returnsVoid = returnType == .void
    }

    /// The ParameterScope of namespace level `scope` seeing its first
    /// `visibleItems` names.
    func names(scope: Int, visibleItems: Int = .max) -> PLNameScope {
        let visible = min(visibleItems, body.scopes[scope].items.count)
        let key = NameScopeKey(scope: scope, visibleItems: visible)
        if let names = nameScopes[key] { return names }
        let names = PLNameScope(function: self, scope: scope, visibleItems: visible)
        nameScopes[key] = names
        return names
    }

    /// The ParameterScope an expression resolves names in.
    func names(for expr: PLExpr) -> PLNameScope {
        names(scope: expr.scope, visibleItems: expr.visibleItems)
    }

    /// Where SPI keeps the plan of the SQL statement starting at
    /// `location` of the body when `session` runs it.
    func plan(at location: Int, session: ObjectIdentifier) -> SPIPlan {
        let key = PlanKey(session: session, location: location)
        if let plan = plans[key] { return plan }
        // Sessions come and go; a function called from many drops them all
        // rather than growing without bound.
        if plans.count >= 1024 { plans.removeAll() }
        let plan = SPIPlan()
        plans[key] = plan
        return plan
    }

    /// The slot queries use for `datum.field`.
    func fieldSlot(datum: Int, field: String) -> Int {
        let key = "\(datum).\(field)"
        if let index = fieldSlotIndex[key] { return body.variables.count + index }
        fieldSlots.append((datum, field))
        fieldSlotIndex[key] = fieldSlots.count - 1
        return body.variables.count + fieldSlots.count - 1
    }
}

/// Identifies a PLNameScope: a namespace level and how much of it shows.
private struct NameScopeKey: Hashable {
    var scope: Int
    var visibleItems: Int
}

/// Identifies a kept plan: the session and the statement's place.
private struct PlanKey: Hashable {
    var session: ObjectIdentifier
    var location: Int
}

/// The variables visible at one point of a function, as queries see them:
/// PostgreSQL's parser hooks (plpgsql_pre_column_ref and friends) over the
/// namespace chain.
final class PLNameScope: ParameterScope {
    private unowned let function: PLFunction
    private let scope: Int
    private let visibleItems: Int

    init(function: PLFunction, scope: Int, visibleItems: Int) {
        self.function = function
        self.scope = scope
        self.visibleItems = visibleItems
    }

    func resolveVariable(_ parts: [String]) -> (slot: Int, type: PGType)? {
        let body = function.body
        guard let execution = function.current,
            let resolved = body.resolve(parts, in: scope, visibleItems: visibleItems)
        else { return nil }
        let datum = resolved.datum
        let rest = parts.dropFirst(resolved.partsUsed)
        let variable = body.variables[datum]
        if rest.isEmpty {
            if variable.kind == .record, execution.shapes[datum] == nil {
                execution.pendingError = PLExecution.unassignedRecord(variable.name)
            }
            return (datum, execution.types[datum])
        }
        guard rest.count == 1, let field = rest.first, variable.kind == .record else {
            return nil
        }
        guard let shape = execution.shapes[datum] else {
            execution.pendingError = PLExecution.unassignedRecord(variable.name)
            return (datum, .text)
        }
        guard let column = shape.first(where: { $0.name == field }) else {
            execution.pendingError = SQLError(
                SQLState.undefinedColumn, "record \"\(variable.name)\" has no field \"\(field)\"")
            return (datum, .text)
        }
        return (function.fieldSlot(datum: datum, field: field), column.type)
    }

    func resolvePositional(_ number: Int) -> (slot: Int, type: PGType)? {
        guard let execution = function.current,
            let resolved = function.body.resolve(["$\(number)"], in: scope)
        else { return nil }
        return (resolved.datum, execution.types[resolved.datum])
    }

    func value(ofSlot slot: Int) -> Value {
        guard let execution = function.current else { return .null }
        if slot < execution.values.count { return execution.values[slot] }
        let index = slot - function.body.variables.count
        guard index >= 0, index < function.fieldSlots.count else { return .null }
        let reference = function.fieldSlots[index]
        return execution.field(reference.field, of: reference.datum) ?? .null
    }
}

/// The `$n` parameters of a dynamic EXECUTE ... USING.
final class PLUsingScope: ParameterScope {
    private let values: [Value]
    private let types: [PGType]

    init(values: [Value], types: [PGType]) {
        self.values = values
        self.types = types
    }

    func resolveVariable(_ parts: [String]) -> (slot: Int, type: PGType)? { nil }

    func resolvePositional(_ number: Int) -> (slot: Int, type: PGType)? {
        guard number >= 1, number <= types.count else { return nil }
        return (number - 1, types[number - 1])
    }

    func value(ofSlot slot: Int) -> Value {
        slot >= 0 && slot < values.count ? values[slot] : .null
    }
}
