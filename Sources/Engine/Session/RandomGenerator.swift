// The session's random() stream, PostgreSQL 15's pg_prng: xoroshiro128**
// seeded through splitmix64, so `setseed(x)` followed by random() yields
// the same numbers PostgreSQL does.

/// xoroshiro128** state.
struct RandomGenerator {
    private var s0: UInt64
    private var s1: UInt64

    /// A generator seeded from the system's entropy.
    init() {
        self.init(seed: UInt64.random(in: .min ... .max))
    }

    /// The generator of the session with backend `pid` under the
    /// simulator's `--seed`: a stream of its own, the same every run.
    init(simulatorSeed: UInt64, pid: Int32) {
        self.init(seed: simulatorSeed &* 0x9E37_79B9_7F4A_7C15 &+ UInt64(UInt32(bitPattern: pid)))
    }

    /// pg_prng_seed: both words drawn from splitmix64.
    init(seed: UInt64) {
        var state = seed
        s0 = RandomGenerator.splitmix64(&state)
        s1 = RandomGenerator.splitmix64(&state)
        if s0 == 0 && s1 == 0 { s0 = 0x5851_F42D_4C95_7F2D }
    }

    /// pg_prng_fseed, as setseed() calls it: the seed in [-1, 1] scaled
    /// to about 52 bits.
    init(fractionalSeed: Double) {
        let scaled = Double((UInt64(1) << 52) - 1) * fractionalSeed
        let seed = Int64(exactly: scaled.rounded(.towardZero)) ?? 0
        self.init(seed: UInt64(bitPattern: seed))
    }

    private static func splitmix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var v = state
        v = (v ^ (v >> 30)) &* 0xBF58_476D_1CE4_E5B9
        v = (v ^ (v >> 27)) &* 0x94D0_49BB_1331_11EB
        return v ^ (v >> 31)
    }

    private static func rotl(_ x: UInt64, _ bits: UInt64) -> UInt64 {
        (x << bits) | (x >> (64 - bits))
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        let a = s0
        let sx = s1 ^ a
        let value = RandomGenerator.rotl(a &* 5, 7) &* 9
        s0 = RandomGenerator.rotl(a, 24) ^ sx ^ (sx << 16)
        s1 = RandomGenerator.rotl(sx, 37)
        return value
    }

    /// pg_prng_double: 52 random bits as a fraction in [0, 1).
    mutating func nextDouble() -> Double {
        Double(next() >> 12) * 0x1p-52
    }
}
