// The column-wise form of an expression, kept beside its row-at-a-time
// closure when the analyser can build one: a column of the scanned
// table, a constant, or a built-in function over such forms. Evaluated
// over a ColumnBatch it yields the same values the closure yields row by
// row, a batch at a time.

/// A function's column-wise implementation: given its arguments' values
/// for a batch, their values for the batch, or nil when it does not
/// handle that shape (the function is then applied value by value).
package typealias BatchImplementation =
    (EvaluationContext, [BatchValues]) throws -> BatchValues?

/// An expression over the current row that can be evaluated a batch at a
/// time.
package indirect enum VectorForm {
    /// The physical column at this slot of the scanned row.
    case column(Int)
    case constant(Value)
    /// A built-in function: its column-wise implementation when it has
    /// one, its row implementation, strictness and argument types.
    case call(BuiltinFunction, argumentTypes: [PGType], [VectorForm])

    /// The physical columns the expression reads.
    package var columns: [Int] {
        switch self {
        case .column(let c): return [c]
        case .constant: return []
        case .call(_, _, let arguments): return arguments.flatMap(\.columns)
        }
    }

    /// The expression's values for the rows of `batch`.
    package func evaluate(_ batch: ColumnBatch, _ ctx: ExecContext) throws -> BatchValues {
        switch self {
        case .column(let c):
            guard c < batch.columns.count, let values = batch.columns[c] else {
                return .constant(.null, count: batch.count)
            }
            return values
        case .constant(let v):
            return .constant(v, count: batch.count)
        case .call(let function, let types, let arguments):
            let inputs = try arguments.map { try $0.evaluate(batch, ctx) }
            if let columnWise = function.batchImplementation,
                let result = try columnWise(ctx.evaluation, inputs)
            {
                return result
            }
            return try Self.apply(function, types, inputs, count: batch.count, ctx)
        }
    }

    /// Calls the row implementation once per row, as the row-at-a-time
    /// closure does (a strict function is not called on a NULL).
    private static func apply(
        _ function: BuiltinFunction, _ types: [PGType], _ inputs: [BatchValues], count: Int,
        _ ctx: ExecContext
    ) throws -> BatchValues {
        var out = ContiguousArray<Value>()
        out.reserveCapacity(count)
        var arguments: [Value] = []
        arguments.reserveCapacity(inputs.count)
        rows: for i in 0..<count {
            arguments.removeAll(keepingCapacity: true)
            for input in inputs {
                let v = input.value(at: i)
                if function.isStrict, v.isNull {
                    out.append(.null)
                    continue rows
                }
                arguments.append(v)
            }
            out.append(try function.implementation(ctx.evaluation, arguments, types))
        }
        return .values(out)
    }
}
