// PostgreSQL data types as the engine tracks them: the type's OID (as in
// pg_type) and its type modifier (varchar's length, numeric's precision and
// scale, hll's parameters), exactly what RowDescription carries.

/// A type with its modifier. `typmod` is -1 when none was given.
public struct PGType: Hashable, Sendable {
    public var oid: Int32
    public var typmod: Int32

    public init(oid: Int32, typmod: Int32 = -1) {
        self.oid = oid
        self.typmod = typmod
    }

    /// The same type without its modifier.
    public var withoutModifier: PGType { PGType(oid: oid) }

    public static let bool = PGType(oid: 16)
    public static let bytea = PGType(oid: 17)
    public static let name = PGType(oid: 19)
    public static let int8 = PGType(oid: 20)
    public static let int2 = PGType(oid: 21)
    public static let int4 = PGType(oid: 23)
    public static let regproc = PGType(oid: 24)
    public static let text = PGType(oid: 25)
    public static let oid = PGType(oid: 26)
    public static let xid = PGType(oid: 28)
    public static let json = PGType(oid: 114)
    public static let float4 = PGType(oid: 700)
    public static let float8 = PGType(oid: 701)
    public static let unknown = PGType(oid: 705)
    public static let inet = PGType(oid: 869)
    public static let macaddr = PGType(oid: 829)
    public static let macaddr8 = PGType(oid: 774)
    /// A WAL position, printed as two hexadecimal halves (`16/B374D848`).
    public static let pgLSN = PGType(oid: 3220)
    public static let bpchar = PGType(oid: 1042)
    public static let varchar = PGType(oid: 1043)
    public static let date = PGType(oid: 1082)
    public static let time = PGType(oid: 1083)
    public static let timestamp = PGType(oid: 1114)
    public static let timestamptz = PGType(oid: 1184)
    public static let interval = PGType(oid: 1186)
    public static let numeric = PGType(oid: 1700)
    public static let regclass = PGType(oid: 2205)
    public static let regtype = PGType(oid: 2206)
    public static let regnamespace = PGType(oid: 4089)
    public static let char = PGType(oid: 18)
    public static let anyNonArray = PGType(oid: 2776)
    public static let anyRange = PGType(oid: 3831)
    public static let int4range = PGType(oid: 3904)
    public static let numrange = PGType(oid: 3906)
    public static let tsrange = PGType(oid: 3908)
    public static let daterange = PGType(oid: 3912)
    public static let int8range = PGType(oid: 3926)
    public static let record = PGType(oid: 2249)
    public static let cstring = PGType(oid: 2275)
    public static let any = PGType(oid: 2276)
    public static let anyArray = PGType(oid: 2277)
    public static let void = PGType(oid: 2278)
    public static let trigger = PGType(oid: 2279)
    public static let anyElement = PGType(oid: 2283)
    public static let uuid = PGType(oid: 2950)
    public static let jsonb = PGType(oid: 3802)
    public static let tstzrange = PGType(oid: 3910)
    public static let boolArray = PGType(oid: 1000)
    public static let int2Array = PGType(oid: 1005)
    public static let int4Array = PGType(oid: 1007)
    public static let textArray = PGType(oid: 1009)
    public static let varcharArray = PGType(oid: 1015)
    public static let int8Array = PGType(oid: 1016)
    public static let float4Array = PGType(oid: 1021)
    public static let float8Array = PGType(oid: 1022)
    public static let inetArray = PGType(oid: 1041)
    public static let timestampArray = PGType(oid: 1115)
    public static let dateArray = PGType(oid: 1182)
    public static let timestamptzArray = PGType(oid: 1185)
    public static let intervalArray = PGType(oid: 1187)
    public static let numericArray = PGType(oid: 1231)
    public static let byteaArray = PGType(oid: 1001)
    public static let nameArray = PGType(oid: 1003)
    public static let bpcharArray = PGType(oid: 1014)
    public static let uuidArray = PGType(oid: 2951)
    public static let jsonbArray = PGType(oid: 3807)
    // TODO(#6): hll's types get fixed OIDs; PostgreSQL assigns them at
    // CREATE EXTENSION time.
    public static let hll = PGType(oid: 8800)
    public static let hllHashval = PGType(oid: 8802)
}
