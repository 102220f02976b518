// PostgreSQL's standard 32-bit hash functions: Bob Jenkins' lookup3 mix as
// PostgreSQL's hash_bytes and hash_bytes_uint32 compute it on a
// little-endian machine, and the per-type wrappers that the types' default
// hash operator classes name (hashint4, hashint8, hashtext, ...). Hash
// partitioning and Citus' shard placement both hash through these, so the
// bits must equal the server's.

/// The hash functions and the standard hash of a datum by type.
package enum PostgresHash {
    @inline(__always)
    private static func rotate(_ x: UInt32, _ k: UInt32) -> UInt32 {
        (x << k) | (x >> (32 - k))
    }

    @inline(__always)
    private static func mix(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        a &-= c; a ^= rotate(c, 4); c &+= b
        b &-= a; b ^= rotate(a, 6); a &+= c
        c &-= b; c ^= rotate(b, 8); b &+= a
        a &-= c; a ^= rotate(c, 16); c &+= b
        b &-= a; b ^= rotate(a, 19); a &+= c
        c &-= b; c ^= rotate(b, 4); b &+= a
    }

    @inline(__always)
    private static func finalMix(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32) {
        c ^= b; c &-= rotate(b, 14)
        a ^= c; a &-= rotate(c, 11)
        b ^= a; b &-= rotate(a, 25)
        c ^= b; c &-= rotate(b, 16)
        a ^= c; a &-= rotate(c, 4)
        b ^= a; b &-= rotate(a, 14)
        c ^= b; c &-= rotate(b, 24)
    }

    /// hash_bytes: the hash of a byte string.
    package static func bytes<C: Collection>(_ key: C) -> UInt32 where C.Element == UInt8 {
        var k = Array(key)
        let count = k.count
        var a = 0x9e37_79b9 &+ UInt32(truncatingIfNeeded: count) &+ 3_923_095
        var b = a
        var c = a
        var offset = 0
        func word(_ i: Int) -> UInt32 {
            UInt32(k[i]) | UInt32(k[i + 1]) << 8 | UInt32(k[i + 2]) << 16 | UInt32(k[i + 3]) << 24
        }
        while count - offset >= 12 {
            a &+= word(offset)
            b &+= word(offset + 4)
            c &+= word(offset + 8)
            mix(&a, &b, &c)
            offset += 12
        }
        // The tail, zero-padded to 12 bytes: up to 11 bytes, the lowest byte
        // of c left for the length.
        let rest = count - offset
        k.append(contentsOf: [UInt8](repeating: 0, count: 12 - rest))
        if rest >= 9 {
            c &+= (UInt32(k[offset + 8]) << 8 | UInt32(k[offset + 9]) << 16
                | UInt32(k[offset + 10]) << 24)
        }
        if rest >= 5 { b &+= word(offset + 4) }
        if rest >= 1 { a &+= word(offset) }
        finalMix(&a, &b, &c)
        return c
    }

    /// hash_bytes_uint32: the hash of one 32-bit word.
    package static func uint32(_ key: UInt32) -> UInt32 {
        var a = 0x9e37_79b9 &+ 4 &+ 3_923_095 as UInt32
        var b = a
        var c = a
        a &+= key
        finalMix(&a, &b, &c)
        return c
    }

    /// hashint4 (also int2, date, oid and "char" after widening).
    package static func int4(_ value: Int32) -> Int32 {
        Int32(bitPattern: uint32(UInt32(bitPattern: value)))
    }

    /// hashint8: folds the high half into the low so that values equal as
    /// int4 and int8 hash alike.
    package static func int8(_ value: Int64) -> Int32 {
        var low = UInt32(truncatingIfNeeded: value)
        let high = UInt32(truncatingIfNeeded: value >> 32)
        low ^= value >= 0 ? high : ~high
        return Int32(bitPattern: uint32(low))
    }

    /// hashfloat8: zeros of either sign hash to 0, every NaN alike.
    package static func float8(_ value: Double) -> Int32 {
        if value == 0 { return 0 }
        let canonical = value.isNaN ? Double.nan : value
        return Int32(bitPattern: bytes(withUnsafeBytes(of: canonical.bitPattern.littleEndian) {
            Array($0)
        }))
    }

    /// hashtext and hashvarlena under a deterministic collation: the bytes.
    package static func text(_ value: String) -> Int32 {
        Int32(bitPattern: bytes(value.utf8))
    }

    /// hashbpchar: trailing blanks do not count.
    package static func bpchar(_ value: String) -> Int32 {
        var utf8 = Array(value.utf8)
        while utf8.last == 0x20 { utf8.removeLast() }
        return Int32(bitPattern: bytes(utf8))
    }

    /// interval_hash: hashint8 of the low 64 bits of the interval's
    /// comparison value (months as 30 days).
    package static func interval(_ value: Interval) -> Int32 {
        let days = Int64(value.months) &* 30 &+ Int64(value.days)
        return int8(days &* 86_400_000_000 &+ value.microseconds)
    }

    /// hash_numeric: the base-10000 digits without leading and trailing
    /// zero groups, XOR the weight; the sign is not hashed.
    package static func numeric(_ value: Numeric) -> Int32 {
        guard value.kind == .finite else { return 0 }
        let text = value.text
        let unsigned = text.hasPrefix("-") ? text.dropFirst() : Substring(text)
        let parts = unsigned.split(separator: ".", omittingEmptySubsequences: false)
        var integer = Array(parts[0].utf8).map { Int($0) - 48 }
        var fraction = parts.count > 1 ? Array(parts[1].utf8).map { Int($0) - 48 } : []
        while integer.count % 4 != 0 { integer.insert(0, at: 0) }
        while fraction.count % 4 != 0 { fraction.append(0) }
        func groups(_ d: [Int]) -> [Int] {
            stride(from: 0, to: d.count, by: 4).map {
                d[$0] * 1000 + d[$0 + 1] * 100 + d[$0 + 2] * 10 + d[$0 + 3]
            }
        }
        var digits = groups(integer) + groups(fraction)
        var weight = integer.count / 4 - 1
        while let first = digits.first, first == 0 {
            digits.removeFirst()
            weight -= 1
        }
        if digits.isEmpty { return -1 }
        while digits.last == 0 { digits.removeLast() }
        var raw: [UInt8] = []
        raw.reserveCapacity(digits.count * 2)
        for digit in digits {
            raw.append(UInt8(digit & 0xff))
            raw.append(UInt8(digit >> 8))
        }
        return Int32(bitPattern: bytes(raw) ^ UInt32(bitPattern: Int32(weight)))
    }

    /// inet_hash: the family code, the netmask length and the address bytes.
    package static func inet(_ value: Inet) -> Int32 {
        Int32(bitPattern: bytes([value.isIPv6 ? 3 : 2, value.bits] + value.bytes))
    }

    /// True when `type` has a standard hash function here.
    package static func isHashable(_ type: PGType) -> Bool {
        hashableTypes.contains(type.oid)
    }

    private static let hashableTypes: Set<Int32> = [
        PGType.bool.oid, PGType.int2.oid, PGType.int4.oid, PGType.int8.oid, PGType.date.oid,
        PGType.timestamp.oid, PGType.timestamptz.oid, PGType.float4.oid, PGType.float8.oid,
        PGType.numeric.oid, PGType.interval.oid, PGType.inet.oid, PGType.bytea.oid,
        PGType.text.oid, PGType.varchar.oid, PGType.bpchar.oid, PGType.name.oid,
    ]

    /// The hash that `type`'s default hash operator class computes for a
    /// non-null `value`, or nil when the type has none here.
    package static func standard(_ value: Value, type: PGType) -> Int32? {
        switch value {
        case .bool(let b): return int4(b ? 1 : 0)
        case .int2(let v): return int4(Int32(v))
        case .int4(let v): return int4(v)
        case .date(let v): return int4(v)
        case .int8(let v): return int8(v)
        case .timestamp(let v), .timestamptz(let v): return int8(v)
        case .float4(let v): return float8(Double(v))
        case .float8(let v): return float8(v)
        case .numeric(let v): return numeric(v)
        case .interval(let v): return interval(v)
        case .inet(let v): return inet(v)
        case .bytea(let v): return Int32(bitPattern: bytes(v))
        case .text(let s):
            return type.oid == PGType.bpchar.oid ? bpchar(s) : text(s)
        default: return nil
        }
    }
}

/// hashint4, hashtext and their kin as SQL functions.
let hashFunctions: [BuiltinFunction] = [
    makeFunction("hashint2", [.int2], .int4) { args in
        guard case .int2(let v) = args[0] else { return .null }
        return .int4(PostgresHash.int4(Int32(v)))
    },
    makeFunction("hashint4", [.int4], .int4) { args in
        guard case .int4(let v) = args[0] else { return .null }
        return .int4(PostgresHash.int4(v))
    },
    makeFunction("hashint8", [.int8], .int4) { args in
        guard case .int8(let v) = args[0] else { return .null }
        return .int4(PostgresHash.int8(v))
    },
    makeFunction("hashfloat4", [.float4], .int4) { args in
        guard case .float4(let v) = args[0] else { return .null }
        return .int4(PostgresHash.float8(Double(v)))
    },
    makeFunction("hashfloat8", [.float8], .int4) { args in
        guard case .float8(let v) = args[0] else { return .null }
        return .int4(PostgresHash.float8(v))
    },
    makeFunction("hashtext", [.text], .int4) { args in
        guard case .text(let s) = args[0] else { return .null }
        return .int4(PostgresHash.text(s))
    },
    makeFunction("hashbpchar", [.bpchar], .int4) { args in
        guard case .text(let s) = args[0] else { return .null }
        return .int4(PostgresHash.bpchar(s))
    },
    makeFunction("hash_numeric", [.numeric], .int4) { args in
        guard case .numeric(let v) = args[0] else { return .null }
        return .int4(PostgresHash.numeric(v))
    },
    makeFunction("interval_hash", [.interval], .int4) { args in
        guard case .interval(let v) = args[0] else { return .null }
        return .int4(PostgresHash.interval(v))
    },
    makeFunction("timestamp_hash", [.timestamp], .int4) { args in
        guard case .timestamp(let v) = args[0] else { return .null }
        return .int4(PostgresHash.int8(v))
    },
    makeFunction("hashinet", [.inet], .int4) { args in
        guard case .inet(let v) = args[0] else { return .null }
        return .int4(PostgresHash.inet(v))
    },
]
