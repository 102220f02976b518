// The engine's pg_proc for scalar functions: every family's overloads in
// one list and a lookup by name. Argument and result types, strictness
// and volatility match pg_proc (measured with `select proname,
// pg_get_function_arguments(oid), prorettype::regtype, provolatile,
// proisstrict from pg_proc where proname in (...)`).

/// All built-in scalar functions.
package let builtinFunctions: [BuiltinFunction] =
    mathFunctions + stringFunctions + dateTimeFunctions + miscFunctions + formatFunctions
    + sizeFunctions + catalogFunctions + dateTimeToCharFunctions + numberToCharFunctions
    + regexFunctions
    + hashFunctions + sessionFunctions + sequenceFunctions + hllFunctions + jsonFunctions
    + recordJSONFunctions + timeZoneFunctions + dateBinFunctions

private let functionsByName: [String: [BuiltinFunction]] = Dictionary(
    grouping: builtinFunctions, by: { $0.name })

/// The overloads of the built-in function `name` (lower case).
package func builtinFunctions(named name: String) -> [BuiltinFunction] {
    functionsByName[name] ?? []
}

/// Shorthand for an overload whose body needs only its arguments.
func makeFunction(
    _ name: String, _ args: [PGType], _ result: PGType, volatility: Volatility = .immutable,
    strict: Bool = true, optional: Int = 0, names: [String] = [],
    _ body: @escaping ([Value]) throws -> Value
) -> BuiltinFunction {
    BuiltinFunction(
        name, args, returns: result, optionalArguments: optional, argumentNames: names,
        strict: strict, volatility: volatility
    ) { _, values, _ in try body(values) }
}

/// The text of a text-like argument.
func argString(_ v: Value) -> String? {
    if case .text(let s) = v { return s }
    return nil
}

/// An argument as Int (any integer width).
func argInt(_ v: Value) -> Int? { argInt64(v).map { Int(truncatingIfNeeded: $0) } }
