// Disk usage functions (dbsize.c): pg_relation_size and its relatives over
// the size model of the engine's storage (Storage/RelationSize.swift), and
// pg_size_pretty / pg_size_bytes with PostgreSQL 15's units up to PB.

/// pg_size_pretty's units: each used below its limit, with the shift to
/// the next one; kB and above round halves away from zero.
private let sizeUnits: [(name: String, limit: Int64, round: Bool, bits: Int)] = [
    ("bytes", 10 * 1024, false, 0),
    ("kB", 20 * 1024 - 1, true, 10),
    ("MB", 20 * 1024 - 1, true, 20),
    ("GB", 20 * 1024 - 1, true, 30),
    ("TB", 20 * 1024 - 1, true, 40),
    ("PB", 20 * 1024 - 1, true, 50),
]

/// Bits to shift by from unit `i` to unit `i + 1` (one less when the next
/// unit rounds by halves, one more when this one did).
private func shift(from i: Int) -> Int {
    let this = sizeUnits[i]
    let next = sizeUnits[i + 1]
    return next.bits - this.bits - (next.round ? 1 : 0) + (this.round ? 1 : 0)
}

/// pg_size_pretty(bigint).
package func prettySize(_ bytes: Int64) -> String {
    var size = bytes
    for i in sizeUnits.indices {
        let unit = sizeUnits[i]
        if i == sizeUnits.count - 1 || size.magnitude < unit.limit.magnitude {
            if unit.round { size = (size + (size < 0 ? -1 : 1)) / 2 }
            return "\(size) \(unit.name)"
        }
        size /= Int64(1) << shift(from: i)
    }
    return "\(size) bytes"
}

/// pg_size_pretty(numeric): the same steps in numeric arithmetic.
func prettySize(_ bytes: Numeric) throws -> String {
    if bytes.isNaN { return "NaN bytes" }
    var size = bytes
    for i in sizeUnits.indices {
        let unit = sizeUnits[i]
        if i == sizeUnits.count - 1 || size.magnitudeValue.compare(Numeric(unit.limit)) < 0 {
            if unit.round {
                let one = Numeric(1)
                let nudged = size.signum >= 0 ? size + one : size - one
                size = try Numeric.integerQuotient(nudged, Numeric(2))
            }
            return "\(size.text) \(unit.name)"
        }
        size = try Numeric.integerQuotient(size, Numeric(Int64(1) << shift(from: i)))
    }
    return "\(size.text) bytes"
}

/// pg_size_bytes: a number (sign, digits, point, exponent), optional
/// blanks, then an optional unit matched without regard to case.
func parseSize(_ text: String) throws -> Int64 {
    let chars = Array(text.utf8)
    var i = 0
    while i < chars.count && isBlank(chars[i]) { i += 1 }
    let start = i
    i = scanNumber(chars, from: i)
    guard i > start, chars[start..<i].contains(where: isDigit) else {
        throw SQLError(SQLState.invalidParameterValue, "invalid size: \"\(text)\"")
    }
    let numberText = String(decoding: chars[start..<i], as: UTF8.self)
    guard var number = Numeric(parsing: numberText) else {
        throw SQLError(SQLState.invalidParameterValue, "invalid size: \"\(text)\"")
    }
    while i < chars.count && isBlank(chars[i]) { i += 1 }
    var end = chars.count
    while end > i && isBlank(chars[end - 1]) { end -= 1 }
    if i < end {
        let unit = String(decoding: chars[i..<end], as: UTF8.self)
        let lowered = asciiLowercased(unit)
        guard let match = sizeUnits.first(where: { asciiLowercased($0.name) == lowered }) else {
            throw SQLError(
                SQLState.invalidParameterValue, "invalid size: \"\(text)\"",
                detail: "Invalid size unit: \"\(unit)\".",
                hint: "Valid units are \"bytes\", \"kB\", \"MB\", \"GB\", \"TB\", and \"PB\".")
        }
        if match.bits > 0 { number = number * Numeric(Int64(1) << match.bits) }
    }
    guard let result = number.roundedInt64 else {
        throw SQLError(SQLState.numericValueOutOfRange, "bigint out of range")
    }
    return result
}

/// The end of the number starting at `i`: sign, digits, fraction, and an
/// exponent only when digits follow the `e`.
private func scanNumber(_ chars: [UInt8], from start: Int) -> Int {
    var i = start
    if i < chars.count && (chars[i] == UInt8(ascii: "-") || chars[i] == UInt8(ascii: "+")) {
        i += 1
    }
    while i < chars.count && isDigit(chars[i]) { i += 1 }
    if i < chars.count && chars[i] == UInt8(ascii: ".") {
        i += 1
        while i < chars.count && isDigit(chars[i]) { i += 1 }
    }
    if i < chars.count && (chars[i] == UInt8(ascii: "e") || chars[i] == UInt8(ascii: "E")) {
        var j = i + 1
        if j < chars.count && (chars[j] == UInt8(ascii: "-") || chars[j] == UInt8(ascii: "+")) {
            j += 1
        }
        let digits = j
        while j < chars.count && isDigit(chars[j]) { j += 1 }
        if j > digits { i = j }
    }
    return i
}

private func isDigit(_ c: UInt8) -> Bool { c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9") }

private func isBlank(_ c: UInt8) -> Bool {
    c == 0x20 || (c >= 0x09 && c <= 0x0D)
}

/// A relation-size function: NULL for an OID no relation has.
private func relationSizeFunction(
    _ name: String, _ pick: @escaping (RelationSizes) -> Int
) -> BuiltinFunction {
    BuiltinFunction(name, [.regclass], returns: .int8, volatility: .volatile) { ctx, args, _ in
        guard let oid = argInt(args[0]),
            let sizes = ctx.relationSizes(Int32(truncatingIfNeeded: oid))
        else { return .null }
        return .int8(Int64(pick(sizes)))
    }
}

let sizeFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = [
        relationSizeFunction("pg_relation_size") { $0.main },
        relationSizeFunction("pg_table_size") { $0.table },
        relationSizeFunction("pg_indexes_size") { $0.indexes },
        relationSizeFunction("pg_total_relation_size") { $0.total },
    ]
    fns.append(
        BuiltinFunction(
            "pg_relation_size", [.regclass, .text], returns: .int8, volatility: .volatile
        ) { ctx, args, _ in
            guard let oid = argInt(args[0]), let fork = argString(args[1]) else { return .null }
            guard let sizes = ctx.relationSizes(Int32(truncatingIfNeeded: oid)) else {
                return .null
            }
            guard let bytes = sizes.fork(fork) else {
                throw SQLError(
                    SQLState.invalidParameterValue, "invalid fork name",
                    hint: "Valid fork names are \"main\", \"fsm\", \"vm\", and \"init\".")
            }
            return .int8(Int64(bytes))
        })
    fns.append(
        makeFunction("pg_size_pretty", [.int8], .text) { args in
            guard case .int8(let n) = args[0] else { return .null }
            return .text(prettySize(n))
        })
    fns.append(
        makeFunction("pg_size_pretty", [.numeric], .text) { args in
            guard case .numeric(let n) = args[0] else { return .null }
            return .text(try prettySize(n))
        })
    fns.append(
        makeFunction("pg_size_bytes", [.text], .int8) { args in
            guard let s = argString(args[0]) else { return .null }
            return .int8(try parseSize(s))
        })
    return fns
}()
