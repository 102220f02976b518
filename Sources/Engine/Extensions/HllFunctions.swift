// The SQL functions and operators of postgresql-hll 2.16: the hash
// functions, hll_empty/hll_add/hll_union/hll_cardinality/hll_print, the
// metadata accessors, hll_set_defaults, and the `||`, `#`, `=` and `<>`
// operators on hll and hll_hashval.
// They are visible once CREATE EXTENSION hll has run (extensionName).
// TODO(#6): hll_set_max_sparse.
import Foundation

/// The defaults hll_empty and hll_add_agg use, which hll_set_defaults
/// changes for the calling backend (session) only, as the extension's
/// static variables do.
enum HllDefaults {
    /// The defaults of the session behind `context`.
    static func current(_ context: EvaluationContext?) -> HllParameters {
        (context as? Session)?.hllDefaults ?? .builtinDefaults
    }

    /// Installs `p` for the session behind `context`, returning the
    /// previous defaults.
    static func replace(_ p: HllParameters, _ context: EvaluationContext) -> HllParameters {
        guard let session = context as? Session else { return .builtinDefaults }
        let old = session.hllDefaults
        session.hllDefaults = p
        return old
    }
}

/// The multiset stored in an hll datum.
func hllArgument(_ v: Value) throws -> HllMultiset {
    guard case .bytea(let bytes) = v else {
        throw SQLError(SQLState.dataException, "hll value expected")
    }
    return try HllMultiset(bytes: bytes)
}

/// The seed argument: its bit pattern, with the extension's warning when
/// it is negative.
private func hllSeed(_ context: EvaluationContext, _ v: Value?) -> UInt32 {
    guard let v, case .int4(let s) = v else { return 0 }
    if s < 0 {
        context.emitNotice(
            SQLError(SQLState.warning, "negative seed values not compatible",
                     severity: .warning))
    }
    return UInt32(bitPattern: s)
}

/// The little-endian bytes of a fixed-size integer.
private func littleEndianBytes<T: FixedWidthInteger>(_ x: T) -> [UInt8] {
    withUnsafeBytes(of: x.littleEndian) { Array($0) }
}

/// One hll_hash_* overload with and without its seed argument.
private func hashFunction(
    _ name: String, _ type: PGType, _ bytes: @escaping (Value) throws -> [UInt8]
) -> [BuiltinFunction] {
    [
        // Stable rather than immutable so that calls run when the
        // statement does, where the negative-seed warning reaches the
        // client (constant folding has nowhere to send it).
        BuiltinFunction(name, [type, .int4], returns: .hllHashval, optionalArguments: 1,
                        volatility: .stable) { ctx, args, _ in
            let seed = hllSeed(ctx, args.count > 1 ? args[1] : nil)
            return .int8(hllMurmur64(try bytes(args[0]), seed: seed))
        }
    ]
}

/// The bytes hll_hash_any hashes: fixed-size types by their datum
/// (1, 2, 4 or 8 bytes), variable-length ones by their contents.
private func anyBytes(_ v: Value, _ type: PGType) throws -> [UInt8] {
    switch v {
    case .bool(let b): return [b ? 1 : 0]
    case .int2(let i): return littleEndianBytes(i)
    case .int4(let i): return littleEndianBytes(i)
    case .int8(let i): return littleEndianBytes(i)
    case .date(let d): return littleEndianBytes(d)
    case .timestamp(let t), .timestamptz(let t): return littleEndianBytes(t)
    case .float4(let f): return littleEndianBytes(f.bitPattern)
    case .float8(let d): return littleEndianBytes(d.bitPattern)
    case .bytea(let b): return b
    case .text(let s) where type.oid == PGType.uuid.oid:
        return uuidBytes(s)
    case .text(let s): return Array(s.utf8)
    case .inet(let inet): return inetStorageBytes(inet)
    case .numeric(let n): return numericStorageBytes(n)
    default:
        // TODO(#6): the storage bytes of the remaining types.
        throw SQLError.notSupported(
            "hll_hash_any of type \(formatType(type)) is not supported")
    }
}

/// A canonical uuid's 16 bytes.
private func uuidBytes(_ s: String) -> [UInt8] {
    let digits = s.utf8.compactMap { c -> UInt8? in
        switch c {
        case 48...57: return c - 48
        case 97...102: return c - 87
        default: return nil
        }
    }
    return stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

/// An inet datum's contents: family, netmask bits, address bytes.
private func inetStorageBytes(_ inet: Inet) -> [UInt8] {
    return [inet.isIPv6 ? 3 : 2, inet.bits] + inet.bytes
}

/// The integer in an int2/int4/int8 argument.
private func hllInt(_ v: Value) -> Int64 { argInt64(v) ?? 0 }

/// hll_empty's parameters: given ones, the rest from the defaults.
private func parameters(_ args: [Value], _ context: EvaluationContext) throws -> HllParameters {
    let d = HllDefaults.current(context)
    let given = args.map(hllInt)
    func at(_ i: Int, _ fallback: Int64) -> Int64 { i < given.count ? given[i] : fallback }
    return try HllParameters.checked(
        at(0, Int64(d.log2m)), at(1, Int64(d.regwidth)), at(2, d.expthresh),
        at(3, Int64(d.sparseon)))
}

/// hll_union of two values (the `||` operator on two hll).
func hllUnion(_ a: Value, _ b: Value) throws -> Value {
    var x = try hllArgument(a)
    let y = try hllArgument(b)
    try x.checkCompatible(y)
    try x.formUnion(y)
    return .bytea(x.bytes)
}

/// hll_add of one hash (the `||` operator on hll and hll_hashval).
func hllAdd(_ h: Value, _ hash: Value) throws -> Value {
    var x = try hllArgument(h)
    guard case .int8(let e) = hash else { return .null }
    try x.add(e)
    return .bytea(x.bytes)
}

/// hll_cardinality's result (also the `#` operator).
private func hllCardinality(_ h: Value) throws -> Value {
    guard let c = try hllArgument(h).cardinality else { return .null }
    return .float8(c)
}

/// hll_hash_text over a batch of text straight from the column's bytes,
/// with no seed or a constant one that is not negative (others warn row
/// by row, so they take the row implementation).
private func hashTextBatch(_ context: EvaluationContext, _ inputs: [BatchValues]) -> BatchValues? {
    guard case .text(let texts) = inputs[0] else { return nil }
    var seed: UInt32 = 0
    if inputs.count > 1 {
        guard case .constant(.int4(let s), _) = inputs[1], s >= 0 else { return nil }
        seed = UInt32(s)
    }
    var hashes = ContiguousArray<Int64>(repeating: 0, count: texts.count)
    hashes.withUnsafeMutableBufferPointer { hashes in
        texts.forEach { i, bytes in
            if let bytes { hashes[i] = hllMurmur64(bytes, seed: seed) }
        }
    }
    return .integers(hashes, nulls: texts.nulls, kind: .int8)
}

/// The hll functions, in the engine's built-in catalog.
let hllFunctions: [BuiltinFunction] = {
    var fns: [BuiltinFunction] = []
    fns += hashFunction("hll_hash_boolean", .bool) { v in
        guard case .bool(let b) = v else { return [] }
        return [b ? 1 : 0]
    }
    fns += hashFunction("hll_hash_smallint", .int2) { littleEndianBytes(Int16(hllInt($0))) }
    fns += hashFunction("hll_hash_integer", .int4) { littleEndianBytes(Int32(hllInt($0))) }
    fns += hashFunction("hll_hash_bigint", .int8) { littleEndianBytes(hllInt($0)) }
    fns += hashFunction("hll_hash_bytea", .bytea) { v in
        guard case .bytea(let b) = v else { return [] }
        return b
    }
    // hll_hash_text hashes the string's UTF-8 where it lies.
    var hashText = BuiltinFunction(
        "hll_hash_text", [.text, .int4], returns: .hllHashval, optionalArguments: 1,
        volatility: .stable
    ) { ctx, args, _ in
        let seed = hllSeed(ctx, args.count > 1 ? args[1] : nil)
        guard case .text(var s) = args[0] else { return .int8(hllMurmur64([], seed: seed)) }
        return .int8(s.withUTF8 { hllMurmur64(UnsafeRawBufferPointer($0), seed: seed) })
    }
    hashText.batchImplementation = hashTextBatch
    fns.append(hashText)
    fns.append(
        BuiltinFunction("hll_hash_any", [.anyElement, .int4], returns: .hllHashval,
                        optionalArguments: 1, volatility: .stable) { ctx, args, types in
            let seed = hllSeed(ctx, args.count > 1 ? args[1] : nil)
            return .int8(hllMurmur64(try anyBytes(args[0], types[0]), seed: seed))
        })
    fns.append(
        // Stable, not folded: the omitted parameters are the session's.
        BuiltinFunction("hll_empty", [.int4, .int4, .int8, .int4], returns: .hll,
                        optionalArguments: 4, volatility: .stable) { ctx, args, _ in
            .bytea(HllMultiset(empty: try parameters(args, ctx)).bytes)
        })
    fns.append(BuiltinFunction("hll_add", [.hll, .hllHashval], returns: .hll) { _, a, _ in
        try hllAdd(a[0], a[1])
    })
    fns.append(BuiltinFunction("hll_add_rev", [.hllHashval, .hll], returns: .hll) { _, a, _ in
        try hllAdd(a[1], a[0])
    })
    fns.append(BuiltinFunction("hll_union", [.hll, .hll], returns: .hll) { _, a, _ in
        try hllUnion(a[0], a[1])
    })
    fns.append(BuiltinFunction("hll_cardinality", [.hll], returns: .float8) { _, a, _ in
        try hllCardinality(a[0])
    })
    fns.append(BuiltinFunction("hll_print", [.hll], returns: .text) { _, a, _ in
        .text(try hllArgument(a[0]).printed)
    })
    fns += hllMetadataFunctions
    return fns.map { f in
        var f = f
        f.extensionName = "hll"
        return f
    }
}()

/// hll_type, hll_log2m, ..., and hll_set_defaults.
private let hllMetadataFunctions: [BuiltinFunction] = [
    BuiltinFunction("hll_schema_version", [.hll], returns: .int4) { _, a, _ in
        _ = try hllArgument(a[0])
        return .int4(1)
    },
    // The type the stored bytes have (SPARSE and FULL both read back
    // as registers).
    BuiltinFunction("hll_type", [.hll], returns: .int4) { _, a, _ in
        _ = try hllArgument(a[0])
        guard case .bytea(let bytes) = a[0], let first = bytes.first else { return .null }
        return .int4(Int32(first & 15))
    },
    BuiltinFunction("hll_log2m", [.hll], returns: .int4) { _, a, _ in
        .int4(Int32(try hllArgument(a[0]).parameters.log2m))
    },
    BuiltinFunction("hll_regwidth", [.hll], returns: .int4) { _, a, _ in
        .int4(Int32(try hllArgument(a[0]).parameters.regwidth))
    },
    BuiltinFunction("hll_sparseon", [.hll], returns: .int4) { _, a, _ in
        .int4(Int32(try hllArgument(a[0]).parameters.sparseon))
    },
    BuiltinFunction("hll_expthresh", [.hll], returns: .record) { _, a, _ in
        let p = try hllArgument(a[0]).parameters
        return .record([.int8(p.expthresh), .int8(p.effectiveExpthresh)])
    },
    BuiltinFunction("hll_set_defaults", [.int4, .int4, .int8, .int4], returns: .record,
                    volatility: .volatile) { ctx, a, _ in
        let p = try HllParameters.checked(
            hllInt(a[0]), hllInt(a[1]), hllInt(a[2]), hllInt(a[3]))
        let old = HllDefaults.replace(p, ctx)
        return .record([
            .int4(Int32(old.log2m)), .int4(Int32(old.regwidth)), .int8(old.expthresh),
            .int4(Int32(old.sparseon)),
        ])
    },
]

/// `||` (union and add), `#` (cardinality) and equality.
let hllOperators: [BuiltinOperator] = [
    BuiltinOperator("||", .hll, .hll, returns: .hll) { try hllUnion($0, $1) },
    BuiltinOperator("||", .hll, .hllHashval, returns: .hll) { try hllAdd($0, $1) },
    BuiltinOperator("||", .hllHashval, .hll, returns: .hll) { try hllAdd($1, $0) },
    BuiltinOperator("#", nil, .hll, returns: .float8) { _, h in try hllCardinality(h) },
    // Equality compares the stored bytes, as the extension does.
    BuiltinOperator("=", .hll, .hll, returns: .bool) { a, b in .bool(a == b) },
    BuiltinOperator("<>", .hll, .hll, returns: .bool) { a, b in .bool(a != b) },
    BuiltinOperator("=", .hllHashval, .hllHashval, returns: .bool) { a, b in .bool(a == b) },
    BuiltinOperator("<>", .hllHashval, .hllHashval, returns: .bool) { a, b in .bool(a != b) },
]
