// Function calls for the catalog deparser, typed as parse_func.c types
// them: SQL-standard value functions (CURRENT_TIMESTAMP), the keyword
// forms COALESCE / GREATEST / LEAST / NULLIF, EXTRACT, and ordinary calls
// with their overload chosen and their arguments coerced to it.
import SQLParser

extension CatalogDeparser {
    /// The result types of the SQLValueFunctions, by the grammar's name.
    /// The role and catalog names are `name` in PostgreSQL, which compares
    /// with text without a cast; the engine types them as text, which
    /// prints the same in comparisons with text.
    private static let valueFunctionTypes: [String: PGType] = [
        "current_date": .date, "current_time": PGType(oid: 1266),
        "current_timestamp": .timestamptz, "localtime": .time, "localtimestamp": .timestamp,
        "current_role": .text, "current_user": .text, "session_user": .text, "user": .text,
        "current_catalog": .text, "current_schema": .text,
    ]

    /// A typed function call.
    func function(_ call: FunctionCall) throws -> AnalysedNode {
        guard call.over == nil, call.filter == nil, !call.isDistinct, !call.isStar,
            call.orderBy.isEmpty, call.withinGroup.isEmpty, !call.hasVariadic,
            call.arguments.allSatisfy({ $0.name == nil })
        else { throw unsupportedCall }
        let name = call.name.name
        let isBuiltinName = call.name.parts.count == 1 || call.name.schema == "pg_catalog"
        let arguments = call.arguments.map(\.value)
        if isBuiltinName, let type = CatalogDeparser.valueFunctionTypes[name] {
            if arguments.isEmpty { return .valueFunction(name.uppercased(), type: type) }
            guard arguments.count == 1, case .literal(.integer(let p)) = arguments[0].kind else {
                throw unsupportedCall
            }
            return .valueFunction("\(name.uppercased())(\(p))", type: type)
        }
        if isBuiltinName {
            switch name {
            case "coalesce", "greatest", "least":
                let nodes = try arguments.map(analyse)
                let common = try commonType(
                    nodes.map(\.type), locations: [], construct: name.uppercased()
                ).withoutModifier
                return .keywordCall(
                    name.uppercased(),
                    try nodes.map { try coerce($0, to: common, explicit: false) },
                    type: common)
            case "nullif":
                guard arguments.count == 2,
                    case .op(_, let l?, let r, _) = try binary(
                        "=", analyse(arguments[0]), analyse(arguments[1]))
                else { throw unsupportedCall }
                return .keywordCall("NULLIF", [l, r], type: l.type)
            case "extract":
                guard arguments.count == 2, case .literal(.string(let field)) = arguments[0].kind
                else { throw unsupportedCall }
                return .extract(field, try analyse(arguments[1]))
            default:
                break
            }
        }
        return try ordinaryCall(call, arguments.map(analyse), isBuiltinName: isBuiltinName)
    }

    private var unsupportedCall: SQLError {
        SQLError.notSupported("function call is not covered by the catalog deparser")
    }

    /// A call resolved among the built-in and user overloads taking this
    /// many positional arguments.
    private func ordinaryCall(
        _ call: FunctionCall, _ nodes: [AnalysedNode], isBuiltinName: Bool
    ) throws -> AnalysedNode {
        var signatures: [[PGType]] = []
        var returnTypes: [PGType] = []
        if isBuiltinName {
            for f in builtinFunctions(named: call.name.name) {
                var types = f.argumentTypes
                if let variadic = f.variadic {
                    guard nodes.count > types.count else { continue }
                    types += Array(repeating: variadic, count: nodes.count - types.count)
                } else {
                    guard nodes.count <= types.count,
                        nodes.count >= types.count - f.optionalArguments
                    else { continue }
                    types = Array(types.prefix(nodes.count))
                }
                signatures.append(types)
                returnTypes.append(f.returnType)
            }
        }
        let builtinCount = signatures.count
        let userFunctions = analyser.environment.userFunctions(named: call.name)
        for f in userFunctions {
            let inputs = zip(f.parameters, f.parameterTypes).filter { $0.0.mode != .out }
            let optional = inputs.reversed().prefix { $0.0.defaultValue != nil }.count
            guard nodes.count <= inputs.count, nodes.count >= inputs.count - optional else {
                continue
            }
            signatures.append(inputs.prefix(nodes.count).map(\.1))
            returnTypes.append(f.returnType)
        }
        let chosen = try OverloadResolver(analyser: analyser).resolve(
            signatures, arguments: nodes.map(\.type), isOperator: false)
        guard chosen.count == 1, let index = chosen.first else { throw unsupportedCall }
        let declared = signatures[index]
        let element = polymorphicElement(declared: declared, actual: nodes.map(\.type))
        let arguments = try zip(nodes, declared).map { node, type in
            try coerce(node, to: instantiate(type, element: element), explicit: false)
        }
        let type = instantiate(returnTypes[index], element: element)
        if call.isSQLSyntax, isBuiltinName, let form = sqlSyntaxForm(call.name.name, arguments) {
            return .sqlSyntax(form, arguments, type: type)
        }
        var name = ruleQuoteIdentifier(call.name.name)
        if index >= builtinCount, let schema = call.name.schema,
            !functionIsVisible(call.name.name, in: schema)
        {
            name = ruleQuoteIdentifier(schema) + "." + name
        }
        return .call(name, arguments, type: type)
    }

    /// generate_function_name's test, by name: the search path finds
    /// functions called `name` in `schema` before any other schema.
    private func functionIsVisible(_ name: String, in schema: String) -> Bool {
        let found = analyser.environment.userFunctions(named: QualifiedName([name]))
        return found.first?.schema == schema && builtinFunctions(named: name).isEmpty
    }

    /// The SQL-standard form get_func_sql_syntax prints a call in, nil for
    /// the overloads it prints as plain calls (substring(text, pattern)).
    private func sqlSyntaxForm(_ name: String, _ arguments: [AnalysedNode]) -> String? {
        switch name {
        case "btrim", "ltrim", "rtrim", "position", "overlay":
            return name
        case "substring":
            guard arguments.count >= 2, arguments[1].type == .int4 else { return nil }
            return name
        default:
            return nil
        }
    }
}

/// An identifier as quote_identifier writes it: bare when it is lower-case
/// letters, digits, `_` and `$` (not first) and not a keyword other than
/// an unreserved one; double-quoted otherwise.
package func ruleQuoteIdentifier(_ name: String) -> String {
    var simple = !name.isEmpty
    for (offset, scalar) in name.unicodeScalars.enumerated() {
        let isLower = scalar >= "a" && scalar <= "z"
        let isDigit = scalar >= "0" && scalar <= "9"
        if !(isLower || scalar == "_" || (offset > 0 && (isDigit || scalar == "$"))) {
            simple = false
            break
        }
    }
    if simple, let keyword = Keywords.lookup(name), keyword.category != .unreserved {
        simple = false
    }
    if simple { return name }
    return "\"" + name.replacingAll("\"", with: "\"\"") + "\""
}
