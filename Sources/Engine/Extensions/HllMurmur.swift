// MurmurHash3 x64 128, the hash postgresql-hll feeds its sketches with:
// hll_hash_* return the first 64 bits of the digest as a signed bigint.

/// MurmurHash3_x64_128 of `bytes` with `seed`; returns h1 (the first 64
/// bits of the 128-bit digest) reinterpreted as a signed integer.
func hllMurmur64(_ bytes: [UInt8], seed: UInt32) -> Int64 {
    bytes.withUnsafeBytes { hllMurmur64($0, seed: seed) }
}

/// The same over raw bytes (a string's UTF-8 without a copy).
func hllMurmur64(_ bytes: UnsafeRawBufferPointer, seed: UInt32) -> Int64 {
    let c1: UInt64 = 0x87c3_7b91_1142_53d5
    let c2: UInt64 = 0x4cf5_ad43_2745_937f
    var h1 = UInt64(seed)
    var h2 = UInt64(seed)
    let count = bytes.count
    let blocks = count / 16
    for i in 0..<blocks {
        var k1 = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 16, as: UInt64.self))
        var k2 = UInt64(
            littleEndian: bytes.loadUnaligned(fromByteOffset: i * 16 + 8, as: UInt64.self))
        k1 = (k1 &* c1).rotatedLeft(31) &* c2
        h1 ^= k1
        h1 = (h1.rotatedLeft(27) &+ h2) &* 5 &+ 0x52dc_e729
        k2 = (k2 &* c2).rotatedLeft(33) &* c1
        h2 ^= k2
        h2 = (h2.rotatedLeft(31) &+ h1) &* 5 &+ 0x3849_5ab5
    }
    let tail = blocks * 16
    let rest = count & 15
    var k1: UInt64 = 0
    var k2: UInt64 = 0
    if rest > 8 {
        for j in stride(from: rest - 1, through: 8, by: -1) {
            k2 ^= UInt64(bytes[tail + j]) << UInt64((j - 8) * 8)
        }
        k2 = (k2 &* c2).rotatedLeft(33) &* c1
        h2 ^= k2
    }
    if rest > 0 {
        for j in stride(from: min(rest, 8) - 1, through: 0, by: -1) {
            k1 ^= UInt64(bytes[tail + j]) << UInt64(j * 8)
        }
        k1 = (k1 &* c1).rotatedLeft(31) &* c2
        h1 ^= k1
    }
    h1 ^= UInt64(count)
    h2 ^= UInt64(count)
    h1 = h1 &+ h2
    h2 = h2 &+ h1
    h1 = murmurFinalMix(h1)
    h2 = murmurFinalMix(h2)
    h1 = h1 &+ h2
    return Int64(bitPattern: h1)
}

/// MurmurHash3's fmix64 avalanche step.
private func murmurFinalMix(_ k: UInt64) -> UInt64 {
    var k = k
    k ^= k >> 33
    k = k &* 0xff51_afd7_ed55_8ccd
    k ^= k >> 33
    k = k &* 0xc4ce_b9fe_1a85_ec53
    k ^= k >> 33
    return k
}

extension UInt64 {
    /// Rotates the bits left by `r` (0 < r < 64).
    fileprivate func rotatedLeft(_ r: UInt64) -> UInt64 { (self << r) | (self >> (64 - r)) }
}
