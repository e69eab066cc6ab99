/// The seed of one sweep (or plan) run, derived from the base `--seed`, the point's index
/// and the replicate number: never from the shard count or the number of threads, so a
/// row's figures do not depend on how the sweep was split up.
public enum SweepSeed {
    /// The largest seed a row carries: 2^53 − 1. Seeds are kept below 2^53 so that the
    /// number in a JSON row is exact and `geosim run --seed S` reproduces the row.
    public static let mask: UInt64 = (1 << 53) - 1

    /// A splitmix64-style mix of (base, point, replicate), masked to 53 bits.
    public static func mix(base: UInt64, point: Int, replicate: Int) -> UInt64 {
        var state = splitmix(base)
        state = splitmix(state ^ UInt64(truncatingIfNeeded: point))
        state = splitmix(state ^ (UInt64(truncatingIfNeeded: replicate) &* 0x9E37_79B9_7F4A_7C15))
        return state & mask
    }

    /// One step of splitmix64 (Steele, Lea and Flood): a bijective 64-bit finalizer.
    static func splitmix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
