// System information functions (version, current_database, current_user,
// current_schema, current_setting, set_config, pg_typeof), array and range
// accessors, inet helpers and gen_random_uuid.

/// version()'s text, that of the reference PostgreSQL 15 server.
package let postgresVersionString =
    "PostgreSQL 15.18 (Debian 15.18-0+deb12u1) on x86_64-pc-linux-gnu, compiled by gcc (Debian 12.2.0-14+deb12u1) 12.2.0, 64-bit"

private func array(_ v: Value) -> ArrayValue? {
    if case .array(let a) = v { return a }
    return nil
}

private func range(_ v: Value) -> RangeValue? {
    if case .range(let r) = v { return r }
    return nil
}

/// The first schema of a search_path setting (`"$user", public` gives
/// public; `$user` is skipped as no per-user schemas exist here).
private func firstSchema(_ searchPath: String) -> String? {
    for raw in searchPath.split(separator: ",") {
        var name = String(raw).trimmed(" \t")
        if name.hasPrefix("\"") && name.hasSuffix("\"") && name.count >= 2 {
            name = String(name.dropFirst().dropLast())
        }
        if name != "$user" && !name.isEmpty { return name }
    }
    return nil
}

let miscFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = []
    fns.append(
        makeFunction("version", [], .text, volatility: .stable) { _ in .text(postgresVersionString)
        })
    fns.append(
        BuiltinFunction("current_database", [], returns: .name, volatility: .stable) { ctx, _, _ in
            .text(ctx.currentDatabase)
        })
    for name in ["current_user", "session_user", "user", "current_role"] {
        fns.append(
            BuiltinFunction(name, [], returns: .name, volatility: .stable) { ctx, _, _ in
                .text(ctx.currentUser)
            })
    }
    fns.append(
        BuiltinFunction("current_schema", [], returns: .name, volatility: .stable) { ctx, _, _ in
            guard let schema = firstSchema(ctx.setting("search_path") ?? "") else { return .null }
            return .text(schema)
        })
    fns.append(
        BuiltinFunction("current_setting", [.text], returns: .text, volatility: .stable) {
            ctx, args, _ in
            guard let name = argString(args[0]) else { return .null }
            guard let value = ctx.setting(asciiLowercased(name)) else {
                throw SQLError(
                    SQLState.undefinedObject, "unrecognized configuration parameter \"\(name)\"")
            }
            return .text(value)
        })
    fns.append(
        BuiltinFunction("current_setting", [.text, .bool], returns: .text, volatility: .stable) {
            ctx, args, _ in
            guard let name = argString(args[0]), case .bool(let missingOK) = args[1] else {
                return .null
            }
            guard let value = ctx.setting(asciiLowercased(name)) else {
                if missingOK { return .null }
                throw SQLError(
                    SQLState.undefinedObject, "unrecognized configuration parameter \"\(name)\"")
            }
            return .text(value)
        })
    fns.append(
        BuiltinFunction(
            "set_config", [.text, .text, .bool], returns: .text, strict: false,
            volatility: .volatile
        ) { ctx, args, _ in
            guard let name = argString(args[0]) else {
                throw SQLError(SQLState.nullValueNotAllowed, "SET requires parameter name")
            }
            let value = argString(args[1]) ?? ""
            let isLocal: Bool
            if case .bool(let b) = args[2] { isLocal = b } else { isLocal = false }
            try ctx.setSetting(asciiLowercased(name), value, isLocal: isLocal)
            return .text(ctx.setting(asciiLowercased(name)) ?? value)
        })
    fns.append(
        BuiltinFunction("pg_typeof", [.any], returns: .regtype, strict: false, volatility: .stable)
        {
            _, _, types in
            .int4(types.first?.oid ?? PGType.unknown.oid)
        })
    fns.append(
        BuiltinFunction("gen_random_uuid", [], returns: .uuid, volatility: .volatile) { _, _, _ in
            var bytes = (0..<16).map { _ in UInt8.random(in: 0...255) }
            bytes[6] = bytes[6] & 0x0F | 0x40
            bytes[8] = bytes[8] & 0x3F | 0x80
            let hex = bytes.map { b -> String in
                let s = String(b, radix: 16)
                return s.count == 1 ? "0" + s : s
            }.joined()
            let h = Array(hex)
            let groups = [0..<8, 8..<12, 12..<16, 16..<20, 20..<32]
            return .text(groups.map { String(h[$0]) }.joined(separator: "-"))
        })
    fns.append(
        BuiltinFunction("num_nulls", [], returns: .int4, variadic: .any, strict: false) {
            _, args, _ in .int4(Int32(args.filter(\.isNull).count))
        })
    fns.append(
        BuiltinFunction("num_nonnulls", [], returns: .int4, variadic: .any, strict: false) {
            _, args, _ in .int4(Int32(args.filter { !$0.isNull }.count))
        })
    fns += arrayFunctions + rangeFunctions + inetFunctions
    return fns
}()

private let arrayFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = []
    /// The length or bound of dimension `dim` (1-based), NULL when absent.
    func dimensionInfo(_ name: String, _ pick: @escaping (ArrayValue, Int) -> Int)
        -> BuiltinFunction
    {
        makeFunction(name, [.anyArray, .int4], .int4) { args in
            guard let a = array(args[0]), let d = argInt(args[1]) else { return .null }
            guard d >= 1, d <= a.dimensions.count else { return .null }
            return .int4(Int32(pick(a, d - 1)))
        }
    }
    fns.append(dimensionInfo("array_length") { a, d in a.dimensions[d] })
    fns.append(dimensionInfo("array_lower") { a, d in a.lowerBounds[d] })
    fns.append(dimensionInfo("array_upper") { a, d in a.lowerBounds[d] + a.dimensions[d] - 1 })
    fns.append(
        makeFunction("cardinality", [.anyArray], .int4) { args in
            guard let a = array(args[0]) else { return .null }
            return .int4(Int32(a.elements.count))
        })
    fns.append(
        makeFunction("array_ndims", [.anyArray], .int4) { args in
            guard let a = array(args[0]), !a.dimensions.isEmpty else { return .null }
            return .int4(Int32(a.dimensions.count))
        })
    fns.append(
        makeFunction("array_dims", [.anyArray], .text) { args in
            guard let a = array(args[0]), !a.dimensions.isEmpty else { return .null }
            let parts = zip(a.lowerBounds, a.dimensions).map { "[\($0):\($0 + $1 - 1)]" }
            return .text(parts.joined())
        })
    fns.append(
        makeFunction("array_append", [.anyArray, .anyElement], .anyArray, strict: false) { args in
            try appendElement(args[0], args[1])
        })
    fns.append(
        makeFunction("array_prepend", [.anyElement, .anyArray], .anyArray, strict: false) { args in
            try prependElement(args[0], args[1])
        })
    fns.append(
        makeFunction("array_cat", [.anyArray, .anyArray], .anyArray, strict: false) { args in
            try concatenateArrays(args[0], args[1])
        })
    fns.append(
        makeFunction("array_position", [.anyArray, .anyElement], .int4, strict: false) { args in
            guard let a = array(args[0]) else { return .null }
            guard a.dimensions.count <= 1 else {
                throw SQLError(
                    SQLState.featureNotSupported,
                    "searching for elements in multidimensional arrays is not supported")
            }
            let lower = a.lowerBounds.first ?? 1
            for (i, e) in a.elements.enumerated() {
                let match =
                    e.isNull
                    ? args[1].isNull
                    : (!args[1].isNull && valuesEqual(e, args[1], type: a.elementType))
                if match { return .int4(Int32(lower + i)) }
            }
            return .null
        })
    fns.append(
        makeFunction("array_remove", [.anyArray, .anyElement], .anyArray, strict: false) { args in
            guard var a = array(args[0]) else { return .null }
            guard a.dimensions.count <= 1 else {
                throw SQLError(
                    SQLState.featureNotSupported,
                    "removing elements from multidimensional arrays is not supported")
            }
            a.elements.removeAll { e in
                e.isNull
                    ? args[1].isNull
                    : (!args[1].isNull && valuesEqual(e, args[1], type: a.elementType))
            }
            a.dimensions = a.elements.isEmpty ? [] : [a.elements.count]
            a.lowerBounds = a.elements.isEmpty ? [] : [1]
            return .array(a)
        })
    func arrayToString(_ args: [Value], nullText: String?) -> Value {
        guard let a = array(args[0]), let sep = argString(args[1]) else { return .null }
        var parts: [String] = []
        for e in a.elements {
            if e.isNull {
                if let n = nullText { parts.append(n) }
            } else {
                parts.append(formatValue(e, type: a.elementType))
            }
        }
        return .text(parts.joined(separator: sep))
    }
    fns.append(
        makeFunction("array_to_string", [.anyArray, .text], .text, volatility: .stable) { args in
            arrayToString(args, nullText: nil)
        })
    fns.append(
        makeFunction(
            "array_to_string", [.anyArray, .text, .text], .text, volatility: .stable, strict: false
        ) {
            args in
            arrayToString(args, nullText: argString(args[2]))
        })
    func stringToArray(_ args: [Value]) -> Value {
        guard let s = argString(args[0]) else { return .null }
        let nullText = args.count > 2 ? argString(args[2]) : nil
        var parts: [String]
        if case .null = args[1] {
            parts = s.map { String($0) }
        } else if let sep = argString(args[1]), !sep.isEmpty {
            parts = s.splitAll(sep)
        } else {
            parts = s.isEmpty ? [] : [s]
        }
        if s.isEmpty { parts = [] }
        let values: [Value] = parts.map { $0 == nullText ? .null : .text($0) }
        return .array(ArrayValue(elementType: .text, elements: values))
    }
    fns.append(
        makeFunction("string_to_array", [.text, .text], .textArray, strict: false) {
            stringToArray($0)
        })
    fns.append(
        makeFunction("string_to_array", [.text, .text, .text], .textArray, strict: false) {
            stringToArray($0)
        })
    return fns
}()

private let rangeFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = []
    fns.append(
        makeFunction("lower", [.anyRange], .anyElement) { args in
            guard let r = range(args[0]) else { return .null }
            return r.lower ?? .null
        })
    fns.append(
        makeFunction("upper", [.anyRange], .anyElement) { args in
            guard let r = range(args[0]) else { return .null }
            return r.upper ?? .null
        })
    let flags: [(String, (RangeValue) -> Bool)] = [
        ("isempty", { $0.isEmpty }),
        ("lower_inc", { !$0.isEmpty && $0.lowerInclusive }),
        ("upper_inc", { !$0.isEmpty && $0.upperInclusive }),
        ("lower_inf", { !$0.isEmpty && $0.lower == nil }),
        ("upper_inf", { !$0.isEmpty && $0.upper == nil }),
    ]
    for (name, test) in flags {
        fns.append(
            makeFunction(name, [.anyRange], .bool) { args in
                guard let r = range(args[0]) else { return .null }
                return .bool(test(r))
            })
    }
    return fns
}()

private let inetFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = []
    fns.append(
        makeFunction("host", [.inet], .text) { args in
            guard case .inet(var i) = args[0] else { return .null }
            i.bits = i.maxBits
            return .text(i.text)
        })
    fns.append(
        makeFunction("masklen", [.inet], .int4) { args in
            guard case .inet(let i) = args[0] else { return .null }
            return .int4(Int32(i.bits))
        })
    fns.append(
        makeFunction("family", [.inet], .int4) { args in
            guard case .inet(let i) = args[0] else { return .null }
            return .int4(i.isIPv6 ? 6 : 4)
        })
    fns.append(
        makeFunction("text", [.inet], .text) { args in
            guard case .inet(let i) = args[0] else { return .null }
            return .text(i.bits == i.maxBits ? i.text + "/\(i.bits)" : i.text)
        })
    return fns
}()
