// The inet type: an IPv4 or IPv6 host address with an optional netmask
// length, read and printed as inet_in / inet_out do (the /32 of an IPv4
// host and the /128 of an IPv6 host are omitted).
import Foundation

/// An inet datum. IPv4 addresses use 4 bytes, IPv6 16, in network order.
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

    /// The maximum netmask length of the address family.
    package var maxBits: UInt8 { isIPv6 ? 128 : 32 }

    /// Parses `10.0.0.1`, `10.0.0.1/8`, `::1`, `fe80::1/64`; nil if invalid.
    package init?(parsing raw: String) {
        let text = raw.trimmed(" \t\n\r")
        var address = Substring(text)
        var bits: Int?
        if let slash = text.firstIndex(of: "/") {
            address = text[..<slash]
            guard let b = Int(text[text.index(after: slash)...]) else { return nil }
            bits = b
        }
        if address.contains(":") {
            guard let bytes = Inet.parseIPv6(address), (bits ?? 128) <= 128, (bits ?? 0) >= 0
            else { return nil }
            self.init(isIPv6: true, bytes: bytes, bits: UInt8(bits ?? 128))
        } else {
            guard let bytes = Inet.parseIPv4(address), (bits ?? 32) <= 32, (bits ?? 0) >= 0
            else { return nil }
            self.init(isIPv6: false, bytes: bytes, bits: UInt8(bits ?? 32))
        }
    }

    private static func parseIPv4(_ text: Substring) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var bytes: [UInt8] = []
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCIIDigit),
                let v = Int(part), v <= 255
            else { return nil }
            bytes.append(UInt8(v))
        }
        return bytes
    }

    private static func parseIPv6(_ text: Substring) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ s: String) -> [UInt8]? {
            if s.isEmpty { return [] }
            var out: [UInt8] = []
            let parts = s.split(separator: ":", omittingEmptySubsequences: false)
            for (index, part) in parts.enumerated() {
                if index == parts.count - 1, part.contains(".") {
                    guard let v4 = parseIPv4(part) else { return nil }
                    out += v4
                    continue
                }
                guard !part.isEmpty, part.count <= 4, let v = UInt16(part, radix: 16) else {
                    return nil
                }
                out += [UInt8(v >> 8), UInt8(v & 0xFF)]
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    /// inet_out: the address, then `/bits` unless it is the full length.
    package var text: String {
        var out: String
        if isIPv6 {
            out = ipv6Text
        } else {
            out = bytes.map { String($0) }.joined(separator: ".")
        }
        if bits != maxBits { out += "/\(bits)" }
        return out
    }

    /// RFC 5952 form: lower-case hex, the longest run of zero groups as ::.
    private var ipv6Text: String {
        var groups: [UInt16] = []
        for i in stride(from: 0, to: 16, by: 2) {
            groups.append(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1]))
        }
        var bestStart = -1
        var bestLength = 0
        var i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8, groups[j] == 0 { j += 1 }
                if j - i > bestLength && j - i >= 2 {
                    bestStart = i
                    bestLength = j - i
                }
                i = j
            } else {
                i += 1
            }
        }
        func hex(_ range: Range<Int>) -> String {
            groups[range].map { String($0, radix: 16) }.joined(separator: ":")
        }
        guard bestStart >= 0 else { return hex(0..<8) }
        // ::ffff:a.b.c.d keeps the dotted IPv4 tail, as PostgreSQL prints.
        if bestStart == 0, bestLength == 5, groups[5] == 0xFFFF {
            return "::ffff:" + bytes[12...].map { String($0) }.joined(separator: ".")
        }
        return hex(0..<bestStart) + "::" + hex((bestStart + bestLength)..<8)
    }
}
