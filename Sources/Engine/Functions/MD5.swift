// The MD5 message digest (RFC 1321), for md5(text) and md5(bytea).

/// Computes MD5 digests.
package enum MD5 {
    /// Per-round left-rotation amounts.
    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22,
        5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23,
        6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21,
    ]

    /// floor(2^32 * |sin(i + 1)|) for i in 0..<64, as RFC 1321 tabulates.
    private static let constants: [UInt32] = (0..<64).map { i in
        UInt32(truncatingIfNeeded: Int64((abs(sine(Double(i + 1))) * 4_294_967_296).rounded(.down)))
    }

    /// sin(x) by argument reduction and a Taylor series, so the table does
    /// not depend on the platform's libm.
    private static func sine(_ x: Double) -> Double {
        let twoPi = 6.283185307179586476925286766559
        var r = x.truncatingRemainder(dividingBy: twoPi)
        if r > twoPi / 2 { r -= twoPi }
        var term = r
        var sum = r
        var n = 1.0
        while abs(term) > 1e-20 {
            term *= -r * r / ((n + 1) * (n + 2))
            sum += term
            n += 2
        }
        return sum
    }

    /// The 16-byte digest of `message`.
    package static func digest(_ message: [UInt8]) -> [UInt8] {
        var a0: UInt32 = 0x6745_2301
        var b0: UInt32 = 0xefcd_ab89
        var c0: UInt32 = 0x98ba_dcfe
        var d0: UInt32 = 0x1032_5476
        var data = message
        let bitLength = UInt64(message.count) &* 8
        data.append(0x80)
        while data.count % 64 != 56 { data.append(0) }
        for i in 0..<8 { data.append(UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))) }
        var words = [UInt32](repeating: 0, count: 16)
        for chunk in stride(from: 0, to: data.count, by: 64) {
            for i in 0..<16 {
                let j = chunk + i * 4
                words[i] =
                    UInt32(data[j]) | UInt32(data[j + 1]) << 8 | UInt32(data[j + 2]) << 16
                    | UInt32(data[j + 3]) << 24
            }
            var (a, b, c, d) = (a0, b0, c0, d0)
            for i in 0..<64 {
                var f: UInt32
                let g: Int
                switch i {
                case 0..<16:
                    f = (b & c) | (~b & d)
                    g = i
                case 16..<32:
                    f = (d & b) | (~d & c)
                    g = (5 * i + 1) % 16
                case 32..<48:
                    f = b ^ c ^ d
                    g = (3 * i + 5) % 16
                default:
                    f = c ^ (b | ~d)
                    g = (7 * i) % 16
                }
                f = f &+ a &+ constants[i] &+ words[g]
                a = d
                d = c
                c = b
                b = b &+ (f << shifts[i] | f >> (32 - shifts[i]))
            }
            a0 = a0 &+ a
            b0 = b0 &+ b
            c0 = c0 &+ c
            d0 = d0 &+ d
        }
        var out: [UInt8] = []
        for word in [a0, b0, c0, d0] {
            for i in 0..<4 { out.append(UInt8(truncatingIfNeeded: word >> (8 * UInt32(i)))) }
        }
        return out
    }

    /// The digest as 32 lower-case hex digits, as md5() returns it.
    package static func hexDigest(_ message: [UInt8]) -> String {
        let hex: [Character] = Array("0123456789abcdef")
        var s = ""
        for b in digest(message) {
            s.append(hex[Int(b >> 4)])
            s.append(hex[Int(b & 15)])
        }
        return s
    }
}
