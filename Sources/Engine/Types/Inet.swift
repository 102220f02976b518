// The inet type: an IPv4 or IPv6 host address with an optional netmask
// length, printed as PostgreSQL prints it (the /32 of a host is omitted).

/// An inet datum. IPv4 addresses use the low 4 bytes of `bytes`.
public struct Inet: Hashable, Sendable {
    public var isIPv6: Bool
    /// 4 bytes for IPv4, 16 for IPv6, network order.
    public var bytes: [UInt8]
    /// Netmask length: 0-32 or 0-128.
    public var bits: UInt8

    public init(isIPv6: Bool, bytes: [UInt8], bits: UInt8) {
        self.isIPv6 = isIPv6
        self.bytes = bytes
        self.bits = bits
    }
}
