// The engine's pg_type: every built-in type's OID, name, category and
// array type, and the resolution of a written type name (`varchar(20)`,
// `int[]`, `timestamp with time zone`) into a `PGType` with PostgreSQL's
// typmod encoding.
import SQLParser

/// One row of the type catalog, with the pg_type columns the engine uses.
package struct TypeInfo: Sendable {
    package var oid: Int32
    /// pg_type.typname, e.g. `int4`.
    package var typname: String
    /// The name format_type prints without a modifier, e.g. `integer`.
    package var displayName: String
    /// pg_type.typcategory: B, N, S, D, T, U, I, R, A, P, X, Z, G, V.
    package var category: Character
    /// pg_type.typispreferred, which breaks ties in overload resolution.
    package var isPreferred: Bool
    /// pg_type.typlen: bytes, -1 for varlena, -2 for cstring.
    package var length: Int16
    /// The array type whose elements are this type (0 if none).
    package var arrayOID: Int32
    /// For array types, the element type (0 otherwise).
    package var elementOID: Int32
    /// For range types, the subtype (0 otherwise).
    package var rangeSubtypeOID: Int32
}

/// The built-in types, keyed by OID.
package enum TypeCatalog {
    /// Every supported type, base types first, then their array types.
    package static let all: [TypeInfo] = baseTypes + arrayTypes

    private static let byOID: [Int32: TypeInfo] = {
        var map: [Int32: TypeInfo] = [:]
        for info in all { map[info.oid] = info }
        return map
    }()

    private static let byTypname: [String: TypeInfo] = {
        var map: [String: TypeInfo] = [:]
        for info in all { map[info.typname] = info }
        return map
    }()

    /// The catalog row for `oid`, nil for an unknown OID.
    package static func info(_ oid: Int32) -> TypeInfo? {
        byOID[oid] ?? compositeInfo(oid) ?? EnumTypes.info(oid)
    }

    /// The catalog row whose typname is `name` (`int4`, `_text`).
    package static func info(named name: String) -> TypeInfo? { byTypname[name] }

    private static func base(
        _ oid: Int32, _ typname: String, _ display: String, _ category: Character,
        _ preferred: Bool, _ length: Int16, array: Int32, range: Int32 = 0
    ) -> TypeInfo {
        TypeInfo(
            oid: oid, typname: typname, displayName: display, category: category,
            isPreferred: preferred, length: length, arrayOID: array, elementOID: 0,
            rangeSubtypeOID: range)
    }

    /// int2vector and oidvector: arrays (category A) of a fixed element
    /// type that subscript from 0 and print their elements space-separated.
    private static func vector(_ oid: Int32, _ typname: String, element: Int32, array: Int32)
        -> TypeInfo
    {
        TypeInfo(
            oid: oid, typname: typname, displayName: typname, category: "A",
            isPreferred: false, length: -1, arrayOID: array, elementOID: element,
            rangeSubtypeOID: 0)
    }

    /// Measured: `select oid, typname, format_type(oid, null), typcategory,
    /// typispreferred, typlen, typarray from pg_type where ...`.
    private static let baseTypes: [TypeInfo] = [
        base(16, "bool", "boolean", "B", true, 1, array: 1000),
        base(17, "bytea", "bytea", "U", false, -1, array: 1001),
        base(18, "char", "\"char\"", "Z", false, 1, array: 1002),
        base(19, "name", "name", "S", false, 64, array: 1003),
        base(20, "int8", "bigint", "N", false, 8, array: 1016),
        base(21, "int2", "smallint", "N", false, 2, array: 1005),
        base(23, "int4", "integer", "N", false, 4, array: 1007),
        base(24, "regproc", "regproc", "N", false, 4, array: 1008),
        base(25, "text", "text", "S", true, -1, array: 1009),
        base(26, "oid", "oid", "N", true, 4, array: 1028),
        base(28, "xid", "xid", "U", false, 4, array: 1011),
        base(114, "json", "json", "U", false, -1, array: 199),
        base(700, "float4", "real", "N", false, 4, array: 1021),
        base(701, "float8", "double precision", "N", true, 8, array: 1022),
        base(705, "unknown", "unknown", "X", false, -2, array: 0),
        base(869, "inet", "inet", "I", true, -1, array: 1041),
        base(829, "macaddr", "macaddr", "U", false, 6, array: 1040),
        base(774, "macaddr8", "macaddr8", "U", false, 8, array: 775),
        base(3220, "pg_lsn", "pg_lsn", "U", false, 8, array: 3221),
        base(1042, "bpchar", "character", "S", false, -1, array: 1014),
        base(1043, "varchar", "character varying", "S", false, -1, array: 1015),
        base(1082, "date", "date", "D", false, 4, array: 1182),
        base(1083, "time", "time without time zone", "D", false, 8, array: 1183),
        base(1114, "timestamp", "timestamp without time zone", "D", false, 8, array: 1115),
        base(1184, "timestamptz", "timestamp with time zone", "D", true, 8, array: 1185),
        base(1186, "interval", "interval", "T", true, 16, array: 1187),
        base(1700, "numeric", "numeric", "N", false, -1, array: 1231),
        base(2205, "regclass", "regclass", "N", false, 4, array: 2210),
        base(2206, "regtype", "regtype", "N", false, 4, array: 2211),
        base(27, "tid", "tid", "U", false, 6, array: 1010),
        base(29, "cid", "cid", "U", false, 4, array: 1012),
        vector(22, "int2vector", element: 21, array: 1006),
        vector(30, "oidvector", element: 26, array: 1013),
        base(4089, "regnamespace", "regnamespace", "N", false, 4, array: 4090),
        base(2249, "record", "record", "P", false, -1, array: 2287),
        base(2275, "cstring", "cstring", "P", false, -2, array: 1263),
        base(2276, "any", "\"any\"", "P", false, 4, array: 0),
        base(2277, "anyarray", "anyarray", "P", false, -1, array: 0),
        base(2278, "void", "void", "P", false, 4, array: 0),
        base(2279, "trigger", "trigger", "P", false, 4, array: 0),
        base(2283, "anyelement", "anyelement", "P", false, 4, array: 0),
        base(2776, "anynonarray", "anynonarray", "P", false, 4, array: 0),
        base(2950, "uuid", "uuid", "U", false, 16, array: 2951),
        base(3802, "jsonb", "jsonb", "U", false, -1, array: 3807),
        base(3831, "anyrange", "anyrange", "P", false, -1, array: 0),
        base(3904, "int4range", "int4range", "R", false, -1, array: 3905, range: 23),
        base(3906, "numrange", "numrange", "R", false, -1, array: 3907, range: 1700),
        base(3908, "tsrange", "tsrange", "R", false, -1, array: 3909, range: 1114),
        base(3910, "tstzrange", "tstzrange", "R", false, -1, array: 3911, range: 1184),
        base(3912, "daterange", "daterange", "R", false, -1, array: 3913, range: 1082),
        base(3926, "int8range", "int8range", "R", false, -1, array: 3927, range: 20),
        base(8800, "hll", "hll", "U", false, -1, array: 0),
        base(8802, "hll_hashval", "hll_hashval", "U", false, 8, array: 0),
    ]

    /// One array type per base type that has one: typname `_elem`,
    /// category A, displayed as `elem[]`.
    private static let arrayTypes: [TypeInfo] = baseTypes.compactMap { element in
        guard element.arrayOID != 0 else { return nil }
        return TypeInfo(
            oid: element.arrayOID, typname: "_" + element.typname,
            displayName: element.displayName + "[]", category: "A", isPreferred: false,
            length: -1, arrayOID: 0, elementOID: element.oid, rangeSubtypeOID: 0)
    }
}

extension PGType {
    /// The catalog row of this type, nil for an OID the engine lacks.
    package var info: TypeInfo? { TypeCatalog.info(oid) }

    /// pg_type.typcategory (`X` for an unknown OID).
    package var category: Character { info?.category ?? "X" }

    /// pg_type.typispreferred.
    package var isPreferred: Bool { info?.isPreferred ?? false }

    /// True for array types (`text[]`, `int4[]`).
    package var isArray: Bool { (info?.elementOID ?? 0) != 0 && category == "A" }

    /// True for int2vector and oidvector.
    package var isVector: Bool { oid == 22 || oid == 30 }

    /// True for range types (`tstzrange`).
    package var isRange: Bool { (info?.rangeSubtypeOID ?? 0) != 0 }

    /// True for the polymorphic pseudo-types anyelement, anyarray, ...
    package var isPolymorphic: Bool {
        switch oid {
        case 2283, 2277, 2776, 3831, 3500, 5077, 5078, 5080, 4537: return true
        default: return false
        }
    }

    /// The element type of an array type, keeping the element's typmod
    /// (`varchar(20)[]` has element `varchar(20)`); nil for non-arrays.
    package var elementType: PGType? {
        guard isArray, let element = info?.elementOID else { return nil }
        return PGType(oid: element, typmod: typmod)
    }

    /// The array type of this element type, nil when it has none.
    package var arrayType: PGType? {
        if isArray { return self }
        guard let array = info?.arrayOID, array != 0 else { return nil }
        return PGType(oid: array, typmod: typmod)
    }

    /// The subtype of a range type, nil for non-ranges.
    package var rangeSubtype: PGType? {
        guard let sub = info?.rangeSubtypeOID, sub != 0 else { return nil }
        return PGType(oid: sub)
    }

    /// The range type over `self`, if PostgreSQL has one.
    package var rangeType: PGType? {
        TypeCatalog.all.first { $0.rangeSubtypeOID == oid }.map { PGType(oid: $0.oid) }
    }

    /// The text-like types, which share `Value.text`.
    package var isStringType: Bool {
        switch oid {
        case 25, 1043, 1042, 19, 705, 2275, 18: return true
        default: return false
        }
    }

    /// Integer types int2, int4 and int8.
    package var isInteger: Bool { oid == 20 || oid == 21 || oid == 23 }

    /// Maximum length of varchar(n)/char(n), nil without a modifier.
    package var characterLength: Int? {
        guard oid == 1043 || oid == 1042, typmod >= 4 else { return nil }
        return Int(typmod) - 4
    }

    /// Precision and scale of numeric(p,s), nil without a modifier.
    package var numericPrecisionScale: (precision: Int, scale: Int)? {
        guard oid == 1700, typmod >= 4 else { return nil }
        let raw = Int(typmod) - 4
        let precision = (raw >> 16) & 0xFFFF
        var scale = raw & 0x7FF
        // The scale is an 11-bit two's-complement number (-1000...1000).
        if scale & 0x400 != 0 { scale -= 0x800 }
        return (precision, scale)
    }

    /// Fractional-second precision of timestamp(p)/time(p), nil without.
    package var secondsPrecision: Int? {
        switch oid {
        case 1083, 1114, 1184: return typmod >= 0 ? Int(typmod) : nil
        default: return nil
        }
    }

    /// `varchar(n)` as a PGType.
    package static func varchar(length: Int) -> PGType {
        PGType(oid: 1043, typmod: Int32(length + 4))
    }

    /// `numeric(p,s)` as a PGType.
    package static func numeric(precision: Int, scale: Int) -> PGType {
        PGType(oid: 1700, typmod: Int32(((precision << 16) | (scale & 0x7FF)) + 4))
    }
}

/// The type as format_type(oid, typmod) prints it: `integer`,
/// `character varying(20)`, `numeric(10,2)`, `timestamp(3) with time
/// zone`, `text[]`.
package func formatType(_ t: PGType) -> String {
    guard let info = t.info else { return "???" }
    if t.isVector { return info.displayName }
    if let element = t.elementType, info.category == "A" {
        return formatType(element) + "[]"
    }
    guard t.typmod >= 0 else { return info.displayName }
    switch t.oid {
    case 1043, 1042:
        guard let n = t.characterLength else { return info.displayName }
        return "\(info.displayName)(\(n))"
    case 1700:
        guard let ps = t.numericPrecisionScale else { return info.displayName }
        return "numeric(\(ps.precision),\(ps.scale))"
    case 1114: return "timestamp(\(t.typmod)) without time zone"
    case 1184: return "timestamp(\(t.typmod)) with time zone"
    case 1083: return "time(\(t.typmod)) without time zone"
    case PGType.hll.oid: return formatHllTypmod(t.typmod)
    case PGType.record.oid: return t.recordDescriptor?.typeName ?? info.displayName
    default: return info.displayName
    }
}

/// Type names that the grammar or pg_type spell differently from the
/// typname: `integer` and `int` are int4, `double precision` is float8.
private let typeAliases: [String: String] = [
    "int": "int4", "integer": "int4", "smallint": "int2", "bigint": "int8",
    "real": "float4", "float": "float8", "double precision": "float8",
    "decimal": "numeric", "dec": "numeric", "boolean": "bool",
    "character varying": "varchar", "char varying": "varchar",
    "character": "bpchar", "char": "bpchar",
    "timestamp without time zone": "timestamp", "timestamp with time zone": "timestamptz",
    "time without time zone": "time",
]

/// Resolves a written type into a `PGType`, encoding its modifiers as
/// PostgreSQL's typmod input functions do (varchar: n + 4; numeric:
/// ((p << 16) | s) + 4) and raising their errors.
package func resolveTypeName(_ t: TypeName) throws -> PGType {
    let position = t.location >= 0 ? t.location + 1 : nil
    var names = t.names
    if names.count == 2, names[0] == "pg_catalog" { names.removeFirst() }
    guard names.count == 1, var name = names.first else {
        let written = t.names.joined(separator: ".")
        throw SQLError(
            SQLState.undefinedObject, "type \"\(written)\" does not exist", position: position)
    }
    let isGrammarChar = name == "char" && t.names.count == 1
    if let alias = typeAliases[name], name != "char" || isGrammarChar { name = alias }
    // float(p) picks real for p <= 24, double precision above.
    if name == "float8", t.names.last == "float", let p = try modifierValues(t).first {
        guard p >= 1 else {
            throw SQLError(
                SQLState.invalidParameterValue, "precision for type float must be at least 1 bit",
                position: position)
        }
        guard p <= 53 else {
            throw SQLError(
                SQLState.invalidParameterValue,
                "precision for type float must be less than 54 bits", position: position)
        }
        return try wrapArray(p <= 24 ? .float4 : .float8, t)
    }
    guard let info = TypeCatalog.info(named: name) else {
        throw SQLError(
            SQLState.undefinedObject, "type \"\(t.names.joined(separator: "."))\" does not exist",
            position: position)
    }
    var type = PGType(oid: info.oid)
    let mods = try modifierValues(t)
    if !mods.isEmpty {
        type.typmod = try typmod(for: info, mods, position: position)
    } else if isGrammarChar || name == "bpchar" && t.names.last == "character" {
        // Bare `char`/`character` means char(1), as the grammar decides.
        type.typmod = 5
    }
    return try wrapArray(type, t)
}

private func wrapArray(_ type: PGType, _ t: TypeName) throws -> PGType {
    guard t.arrayDimensions > 0 else { return type }
    guard let array = type.arrayType else {
        throw SQLError(
            SQLState.undefinedObject, "type \"\(formatType(type))[]\" does not exist",
            position: t.location >= 0 ? t.location + 1 : nil)
    }
    return array
}

/// The integer values of a type's modifiers (`varchar(20)` -> [20]).
private func modifierValues(_ t: TypeName) throws -> [Int] {
    try t.modifiers.map { expr in
        switch expr.kind {
        case .literal(.integer(let digits)):
            if let n = Int(digits) { return n }
        case .unary(op: "-", let inner):
            if case .literal(.integer(let digits)) = inner.kind, let n = Int(digits) { return -n }
        default:
            break
        }
        throw SQLError(
            SQLState.invalidParameterValue,
            "type modifiers must be simple constants or identifiers",
            position: expr.location >= 0 ? expr.location + 1 : nil)
    }
}

/// The typmod input function of each type that takes modifiers.
private func typmod(for info: TypeInfo, _ mods: [Int], position: Int?) throws -> Int32 {
    func fail(_ message: String) -> SQLError {
        SQLError(SQLState.invalidParameterValue, message, position: position)
    }
    switch info.typname {
    case "varchar", "bpchar":
        guard mods.count == 1 else { throw fail("invalid type modifier") }
        let shortName = info.typname
        guard mods[0] >= 1 else { throw fail("length for type \(shortName) must be at least 1") }
        guard mods[0] <= 10_485_760 else {
            throw fail("length for type \(shortName) cannot exceed 10485760")
        }
        return Int32(mods[0] + 4)
    case "numeric":
        guard mods.count <= 2 else { throw fail("invalid NUMERIC type modifier") }
        let precision = mods[0]
        guard (1...1000).contains(precision) else {
            throw fail("NUMERIC precision \(precision) must be between 1 and 1000")
        }
        let scale = mods.count == 2 ? mods[1] : 0
        guard (-1000...1000).contains(scale) else {
            throw fail("NUMERIC scale \(scale) must be between -1000 and 1000")
        }
        return PGType.numeric(precision: precision, scale: scale).typmod
    case "timestamp", "timestamptz", "time":
        guard mods.count == 1 else { throw fail("invalid type modifier") }
        guard mods[0] >= 0 else {
            let upper = info.displayName.uppercased()
            throw fail("TIMESTAMP(\(mods[0]))\(upper.dropFirst(9)) precision must not be negative")
        }
        // PostgreSQL warns and clamps to 6; the warning needs a session.
        return Int32(min(mods[0], 6))
    case "hll":
        return try HllParameters.typmod(mods, position: position)
    case "interval":
        guard mods.count == 1, (0...6).contains(mods[0]) else {
            throw fail("invalid INTERVAL type modifier")
        }
        return Int32(0x7FFF << 16 | mods[0])
    default:
        throw fail("type modifier is not allowed for type \"\(info.typname)\"")
    }
}
