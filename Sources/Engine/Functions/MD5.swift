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
        let state = littleEndian(message.withUnsafeBytes { digestState($0) })
        return withUnsafeBytes(of: state) { Array($0) }
    }

    /// The digest as 32 lower-case hex digits, as md5() returns it.
    package static func hexDigest(_ message: [UInt8]) -> String {
        hexString(message.withUnsafeBytes { digestState($0) })
    }

    /// md5(text): the digest of the text's UTF-8 bytes, without copying
    /// them first.
    package static func hexDigest(utf8 text: String) -> String {
        var t = text
        return hexString(t.withUTF8 { digestState(UnsafeRawBufferPointer($0)) })
    }

    /// The four state words printed as hex, low byte first.
    private static func hexString(_ state: (UInt32, UInt32, UInt32, UInt32)) -> String {
        let digits: StaticString = "0123456789abcdef"
        return withUnsafeBytes(of: littleEndian(state)) { bytes in
            String(unsafeUninitializedCapacity: 32) { buffer in
                digits.withUTF8Buffer { hex in
                    for (k, byte) in bytes.enumerated() {
                        buffer[2 * k] = hex[Int(byte >> 4)]
                        buffer[2 * k + 1] = hex[Int(byte & 15)]
                    }
                }
                return 32
            }
        }
    }

    /// The state words in little-endian byte order, as the digest lists
    /// its bytes.
    private static func littleEndian(_ s: (UInt32, UInt32, UInt32, UInt32))
        -> (UInt32, UInt32, UInt32, UInt32)
    {
        (s.0.littleEndian, s.1.littleEndian, s.2.littleEndian, s.3.littleEndian)
    }

    /// Runs the compression function over the message and its padding;
    /// whole blocks are read in place, the tail goes through a small
    /// stack buffer.
    private static func digestState(_ message: UnsafeRawBufferPointer)
        -> (UInt32, UInt32, UInt32, UInt32)
    {
        var state: (UInt32, UInt32, UInt32, UInt32) = (
            0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476
        )
        let whole = message.count / 64 * 64
        var offset = 0
        while offset < whole {
            compress(&state, UnsafeRawBufferPointer(rebasing: message[offset..<(offset + 64)]))
            offset += 64
        }
        // The tail, 0x80, zeros and the bit length fill one or two blocks.
        let rest = message.count - whole
        let tailLength = rest < 56 ? 64 : 128
        withUnsafeTemporaryAllocation(byteCount: 128, alignment: 8) { tail in
            tail.initializeMemory(as: UInt8.self, repeating: 0)
            for i in 0..<rest { tail[i] = message[whole + i] }
            tail[rest] = 0x80
            let bitLength = UInt64(message.count) &* 8
            for i in 0..<8 {
                tail[tailLength - 8 + i] = UInt8(truncatingIfNeeded: bitLength >> (8 * UInt64(i)))
            }
            let view = UnsafeRawBufferPointer(tail)
            compress(&state, UnsafeRawBufferPointer(rebasing: view[0..<64]))
            if tailLength == 128 {
                compress(&state, UnsafeRawBufferPointer(rebasing: view[64..<128]))
            }
        }
        return state
    }

    /// One 64-byte block of RFC 1321's compression function: four rounds
    /// of sixteen steps, each with its own mixing function and word order.
    private static func compress(
        _ state: inout (UInt32, UInt32, UInt32, UInt32), _ block: UnsafeRawBufferPointer
    ) {
        var x = (state.0, state.1, state.2, state.3)
        let k = constants
        let r = shifts
        func word(_ g: Int) -> UInt32 {
            UInt32(littleEndian: block.loadUnaligned(fromByteOffset: g * 4, as: UInt32.self))
        }
        func step(_ f: UInt32, _ i: Int, _ g: Int) {
            let sum = f &+ x.0 &+ k[i] &+ word(g)
            let rotated = sum << r[i] | sum >> (32 - r[i])
            x = (x.3, x.1 &+ rotated, x.1, x.2)
        }
        for i in 0..<16 { step((x.1 & x.2) | (~x.1 & x.3), i, i) }
        for i in 16..<32 { step((x.3 & x.1) | (~x.3 & x.2), i, (5 * i + 1) & 15) }
        for i in 32..<48 { step(x.1 ^ x.2 ^ x.3, i, (3 * i + 5) & 15) }
        for i in 48..<64 { step(x.2 ^ (x.1 | ~x.3), i, (7 * i) & 15) }
        state = (state.0 &+ x.0, state.1 &+ x.1, state.2 &+ x.2, state.3 &+ x.3)
    }
}
