// Enum types in expressions: the comparison operators (enum_eq, enum_lt,
// ...) between two values of one enum type, an untyped literal taking the
// other side's type, and enum_first, enum_last and enum_range.
import SQLParser

extension Analyzer {
    /// `a op b` for an enum type; nil when neither side is an enum or the
    /// operator is not a comparison (the caller then reports the missing
    /// operator as for any type).
    func enumComparison(_ symbol: String, _ left: Operand, _ right: Operand, location: Int)
        throws -> Operand?
    {
        guard ["=", "<>", "<", "<=", ">", ">="].contains(symbol) else { return nil }
        let type: PGType
        if left.type.enumDescriptor != nil, right.type == left.type || right.isUnknown {
            type = left.type
        } else if right.type.enumDescriptor != nil, left.isUnknown {
            type = right.type
        } else {
            return nil
        }
        let l = try coerce(left, to: type, context: .implicit, location: location)
        let r = try coerce(right, to: type, context: .implicit, location: location)
        let (lhs, rhs) = (l.evaluate, r.evaluate)
        let test: (Int) -> Bool
        switch symbol {
        case "=": test = { $0 == 0 }
        case "<>": test = { $0 != 0 }
        case "<": test = { $0 < 0 }
        case "<=": test = { $0 <= 0 }
        case ">": test = { $0 > 0 }
        default: test = { $0 >= 0 }
        }
        let result = Operand(type: .bool) { row, ctx in
            let a = try lhs(row, ctx)
            if case .null = a { return .null }
            let b = try rhs(row, ctx)
            if case .null = b { return .null }
            return .bool(test(compareValues(a, b, type: type)))
        }
        return try fold(result, inputs: [l, r])
    }

    /// enum_first, enum_last and enum_range over an enum type; nil for
    /// other functions, or when no argument is an enum (the caller then
    /// reports the function missing).
    func analyseEnumFunction(_ call: FunctionCall, operands: [Operand], location: Int) throws
        -> Operand?
    {
        let name = call.name.name
        guard ["enum_first", "enum_last", "enum_range"].contains(name),
            call.name.parts.count == 1 || call.name.schema == "pg_catalog",
            call.arguments.allSatisfy({ $0.name == nil })
        else { return nil }
        let enums = operands.map(\.type).filter { $0.enumDescriptor != nil }
        guard let type = enums.first, let descriptor = type.enumDescriptor,
            operands.allSatisfy({ $0.type == type || $0.isUnknown }),
            operands.count == 1 || (name == "enum_range" && operands.count == 2)
        else { return nil }
        let arguments = try operands.map {
            try coerce($0, to: type, context: .implicit, location: location).evaluate
        }
        let labels = descriptor.labels
        let arrayType = type.arrayType ?? type
        func array(_ slice: ArraySlice<String>) -> Value {
            .array(ArrayValue(elementType: type, elements: slice.map { .text($0) }))
        }
        let empty = SQLError(
            SQLState.objectNotInPrerequisiteState, "enum \(descriptor.name) contains no values")
        switch (name, arguments.count) {
        case ("enum_first", _):
            return Operand(type: type) { _, _ in
                guard let first = labels.first else { throw empty }
                return .text(first)
            }
        case ("enum_last", _):
            return Operand(type: type) { _, _ in
                guard let last = labels.last else { throw empty }
                return .text(last)
            }
        case (_, 1):
            return Operand(type: arrayType) { _, _ in array(labels[...]) }
        default:
            let (lower, upper) = (arguments[0], arguments[1])
            return Operand(type: arrayType) { row, ctx in
                let from = try lower(row, ctx)
                let to = try upper(row, ctx)
                var start = 0
                var end = labels.count - 1
                if case .text(let label) = from { start = labels.firstIndex(of: label) ?? 0 }
                if case .text(let label) = to { end = labels.firstIndex(of: label) ?? end }
                return start <= end ? array(labels[start...end]) : array([])
            }
        }
    }
}
