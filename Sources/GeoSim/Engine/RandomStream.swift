/// A seeded pseudo-random stream: xoshiro256** seeded through splitmix64.
///
/// Every component of a simulation draws from its own stream, derived from the one run
/// seed and a stable component name (and index). Adding a client therefore does not shift
/// the network's draws, and the same seed gives the same numbers on every machine and in
/// every process (the derivation uses FNV-1a, never Swift's per-process `hashValue`).
public struct RandomStream: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    private var spareNormal = 0.0
    private var hasSpareNormal = false

    /// A stream seeded directly from `seed` (through splitmix64, so nearby seeds diverge).
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next()
        s1 = mixer.next()
        s2 = mixer.next()
        s3 = mixer.next()
        // xoshiro's state must not be all zero; splitmix64 never yields four zeros in a
        // row, but keep the guard for clarity.
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }
    }

    /// The independent stream of one component: `component` names it ("network",
    /// "client"), `index` tells instances apart (client 0, 1, …).
    public init(seed: UInt64, component: String, index: Int = 0) {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in component.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        // Mix the seed before combining, so no two (seed, component) pairs collide by XOR.
        var seedMixer = SplitMix64(state: seed)
        var mixer = SplitMix64(state: seedMixer.next() ^ hash)
        let base = mixer.next()
        self.init(seed: base &+ UInt64(bitPattern: Int64(index)) &* 0xD1B5_4A32_D192_ED03)
    }

    @inline(__always)
    public mutating func next() -> UInt64 {
        let result = ((s1 &* 5) << 7 | (s1 &* 5) >> 57) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3 << 45 | s3 >> 19
        return result
    }

    /// A uniform double in [0, 1) with 53 random bits.
    @inline(__always)
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform double in (0, 1]: safe to take the logarithm of.
    @inline(__always)
    public mutating func nextOpenUnit() -> Double {
        Double((next() >> 11) + 1) * 0x1.0p-53
    }

    /// A standard normal draw: Marsaglia's polar method, which yields normals in pairs
    /// for one logarithm and no trigonometry; the second of a pair is kept for the next call.
    @inline(__always)
    public mutating func nextStandardNormal() -> Double {
        if hasSpareNormal {
            hasSpareNormal = false
            return spareNormal
        }
        while true {
            let u = 2 * nextUnit() - 1
            let v = 2 * nextUnit() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let factor = (-2 * _log(s) / s).squareRoot()
                spareNormal = v * factor
                hasSpareNormal = true
                return u * factor
            }
        }
    }

    /// An exponential draw with the given mean.
    @inline(__always)
    public mutating func nextExponential(mean: Double) -> Double {
        -mean * _log(nextOpenUnit())
    }
}

/// splitmix64: turns one 64-bit seed into a well-mixed sequence for seeding.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
