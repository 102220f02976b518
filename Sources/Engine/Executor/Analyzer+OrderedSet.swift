// Ordered-set aggregate calls (parse_func.c's WITHIN GROUP handling and
// parse_agg.c's direct-argument check): the overload is chosen from the
// direct and the WITHIN GROUP arguments together; below the grouping the
// call collects its sorted inputs, and after it the direct arguments are
// compiled against the grouped row, where only grouped columns are seen.
import SQLParser

/// What the grouped row's analyser needs to finish an ordered-set call.
package struct OrderedSetCall {
    var kind: OrderedSetKind
    /// The direct arguments' declared types (float8 or float8[]).
    var directTypes: [PGType]
    var resultType: PGType
}

extension Analyzer {
    /// True when `name` is a built-in ordered-set aggregate.
    static func isOrderedSetName(_ name: String) -> Bool {
        builtinAggregates(named: name).contains { $0.orderedSet != nil }
    }

    /// The collecting half of a call with WITHIN GROUP, or of an
    /// ordered-set aggregate called without it (an error), with
    /// PostgreSQL's errors for the mismatches.
    func compileOrderedSet(_ fn: FunctionCall, call: Expr, windowed: Bool) throws
        -> AggregatePlan
    {
        let name = fn.name.name
        let direct = try fn.arguments.map { try analyse($0.value) }
        let inputs = try fn.withinGroup.map { try analyse($0.expr) }
        let types = (fn.isStar ? [] : direct.map(\.type)) + inputs.map(\.type)
        let candidates = builtinAggregates(named: name).filter(environment.sees)
        let chosen = try OverloadResolver(analyser: self).resolve(
            candidates.map(\.argumentTypes), arguments: types, isOperator: false)
        guard chosen.count == 1 else {
            throw try callError(name, types, ambiguous: chosen.count > 1, location: call.location)
        }
        let aggregate = candidates[chosen[0]]
        guard let kind = aggregate.orderedSet else {
            throw SQLError(
                SQLState.wrongObjectType,
                "\(name) is not an ordered-set aggregate, so it cannot have WITHIN GROUP",
                position: call.location + 1)
        }
        if fn.withinGroup.isEmpty {
            throw SQLError(
                SQLState.wrongObjectType,
                "WITHIN GROUP is required for ordered-set aggregate \(name)",
                position: call.location + 1)
        }
        if windowed || fn.over != nil {
            throw SQLError(
                SQLState.wrongObjectType,
                "OVER is not supported for ordered-set aggregate \(name)",
                position: call.location + 1)
        }
        let element = polymorphicElement(declared: aggregate.argumentTypes, actual: types)
        try checkPolymorphicBinding(aggregate.argumentTypes, types, element)
        let declared = aggregate.argumentTypes.map { instantiate($0, element: element) }
        let count = aggregate.directArgumentCount
        let collected = try inputs.enumerated().map { i, operand in
            try coerce(
                operand, to: declared[count + i], context: .implicit,
                location: fn.withinGroup[i].expr.location
            ).compiled
        }
        var filtering = self
        filtering.setFunctionBarrier = nil
        let filter = try fn.filter.map { try filtering.compileCondition($0, clause: "FILTER") }
        let resultType = instantiate(aggregate.returnType, element: element)
        return AggregatePlan(
            aggregate: aggregate, arguments: collected, isDistinct: false, filter: filter,
            orderBy: zip(collected, fn.withinGroup).map { (key: $0, item: $1) },
            resultType: resultType, isCountStar: false,
            orderedSet: OrderedSetCall(
                kind: kind, directTypes: Array(declared.prefix(count)), resultType: resultType))
    }

    /// The final step of an ordered-set call after grouping: its direct
    /// arguments over the grouped row and the sorted inputs in `column`.
    func finishOrderedSet(
        _ fn: FunctionCall, column: ResolvedColumn, call: OrderedSetCall
    ) throws -> Operand {
        let direct = try fn.arguments.enumerated().map { i, argument in
            do {
                let operand = try analyse(argument.value)
                return try coerce(
                    operand, to: call.directTypes[i], context: .implicit,
                    location: argument.value.location
                ).compiled
            } catch var error as SQLError
                where error.sqlState == SQLState.groupingError && error.detail == nil
                && error.message.hasSuffix("or be used in an aggregate function")
            {
                error.detail =
                    "Direct arguments of an ordered-set aggregate must use only grouped columns."
                throw error
            }
        }
        let slot = column.slot
        let kind = call.kind
        let type = call.resultType
        let element = kind == .mode || type.elementType == nil ? type : type.elementType ?? type
        return Operand(type: type) { row, ctx in
            let values = try direct.map { try $0.evaluate(row, ctx) }
            return try kind.finish(direct: values, sorted: row[slot], type: element)
        }
    }
}
