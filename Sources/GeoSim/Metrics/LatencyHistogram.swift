/// A mergeable log-linear histogram of non-negative durations in integer nanoseconds.
///
/// Layout: values 0 ..< 256 ns each have their own bucket (exact). Above that, every power
/// of two [2^e, 2^(e+1)) is split into 128 equal sub-buckets of width 2^(e-7). A value is
/// reported as the midpoint of its bucket, and a bucket's lower bound is at least 128 times
/// its width, so a reported percentile differs from the exact nearest-rank percentile by at
/// most 1/256 of it (≈ 0.39%, inside the promised 1%).
///
/// Range: 0 ns ..< 2^42 ns (≈ 73.3 minutes) with that bound. Larger values (and there is
/// no simulated latency that large) are counted in the top bucket; `max`, `sum` and
/// `mean` stay exact, and percentiles are clamped to `max`, so only percentiles that fall
/// among several distinct out-of-range values lose precision. Negative values, which
/// cannot be durations, are recorded as 0.
///
/// Memory is fixed: 4,608 `UInt64` counters (36 KiB), allocated on the first `record`, so
/// the many histograms that never see a value (a region without reads) cost nothing.
/// `count`, `min`, `max` and `sum` are exact; `sum` is kept as an unsigned 128-bit pair,
/// so it cannot overflow (2^64 values of up to 2^63 ns each still fit).
///
/// Invariants: `count == 0` ⇔ the bucket array is empty ⇔ `min`/`max`/`sum` are at their
/// initial values; the bucket counts add up to `count`. That keeps `==` meaningful: two
/// histograms are equal when they saw the same multiset of bucket positions with the same
/// exact min, max and sum.
public struct LatencyHistogram: Sendable, Equatable {
    /// Sub-buckets per power of two: 2^subBucketBits.
    static let subBucketBits = 7
    static let subBucketCount = 1 << subBucketBits
    /// Values below 2^rangeBits ns keep the 1/256 error bound.
    static let rangeBits = 42
    /// (rangeBits - subBucketBits + 1) linear groups of 128 buckets: the first covers
    /// 0..<256 (with the second half of group 0), then one group per power of two.
    static let bucketCount = (rangeBits - subBucketBits + 1) * subBucketCount

    /// Counts per bucket; empty until the first value is recorded.
    private var buckets: [UInt64] = []
    /// The number of values recorded.
    public private(set) var count: Int = 0
    private var minimum: Nanoseconds = .max
    private var maximum: Nanoseconds = 0
    /// The exact sum of all values in ns, as a 128-bit unsigned number (high, low).
    private var sumHigh: UInt64 = 0
    private var sumLow: UInt64 = 0

    public init() {}

    /// True when no value has been recorded.
    public var isEmpty: Bool { count == 0 }

    /// The smallest value recorded, in ns (exact); 0 when empty.
    public var min: Nanoseconds { count == 0 ? 0 : minimum }

    /// The largest value recorded, in ns (exact); 0 when empty.
    public var max: Nanoseconds { maximum }

    /// The sum of the values in ns. Kept exactly in 128 bits; rounded to a `Double`
    /// (53 significant bits) only here, when read.
    public var sum: Double { Double(sumHigh) * 0x1.0p64 + Double(sumLow) }

    /// The mean in ns; 0 when empty.
    public var mean: Double { count == 0 ? 0 : sum / Double(count) }

    /// Records one duration in ns. Allocation-free after the first call; a handful of
    /// instructions (no loops, no division).
    @inline(__always)
    public mutating func record(_ value: Nanoseconds) {
        let clamped = value < 0 ? 0 : value
        if buckets.isEmpty { allocateBuckets() }
        let index = Swift.min(Self.bucketIndex(UInt64(clamped)), Self.bucketCount - 1)
        buckets[index] &+= 1
        count &+= 1
        if clamped < minimum { minimum = clamped }
        if clamped > maximum { maximum = clamped }
        let (low, carry) = sumLow.addingReportingOverflow(UInt64(clamped))
        sumLow = low
        if carry { sumHigh &+= 1 }
    }

    // Kept out of line so `record` stays small enough to inline at every call site.
    @inline(never)
    private mutating func allocateBuckets() {
        buckets = Array(repeating: 0, count: Self.bucketCount)
    }

    /// The bucket of `value`: the value itself below 256, else 128·shift + (value >> shift)
    /// where shift = floor(log2 value) − 7, so (value >> shift) lies in 128..<256.
    @inline(__always)
    static func bucketIndex(_ value: UInt64) -> Int {
        // Wrapping operators: none of these can overflow, and checked ones cost branches
        // on the hottest path of a run.
        let exponent = 63 &- (value | 1).leadingZeroBitCount
        let shift = Swift.max(exponent &- subBucketBits, 0)
        return (shift &<< subBucketBits) &+ Int(truncatingIfNeeded: value &>> UInt64(truncatingIfNeeded: shift))
    }

    /// The midpoint (rounded down) of bucket `index`, in ns: the value reported for it.
    static func bucketMidpoint(_ index: Int) -> Nanoseconds {
        if index < 2 * subBucketCount { return Nanoseconds(index) }
        let shift = index / subBucketCount - 1
        let subBucket = Nanoseconds(index % subBucketCount + subBucketCount)
        let width: Nanoseconds = 1 << shift
        return (subBucket << shift) + (width - 1) / 2
    }

    /// The nearest-rank percentile at fraction `p` in 0...1 (`percentile(0.99)` is p99,
    /// `percentile(0.999)` is p99.9), in ns: the midpoint of the bucket holding the
    /// ⌈p · count⌉-th smallest value, clamped to [min, max]. Within 1/256 of the exact
    /// value for values in range (see the type's note); exact when all values are equal.
    /// `p` ≤ 0 gives `min`, `p` ≥ 1 gives `max`; 0 when empty.
    public func percentile(_ p: Double) -> Nanoseconds {
        guard count > 0 else { return 0 }
        guard p > 0 else { return minimum }
        guard p < 1 else { return maximum }
        let rank = Self.nearestRank(fraction: p, count: count)
        var seen: UInt64 = 0
        for index in buckets.indices {
            seen &+= buckets[index]
            if seen >= UInt64(rank) {
                return Swift.min(Swift.max(Self.bucketMidpoint(index), minimum), maximum)
            }
        }
        return maximum
    }

    /// The fraction of recorded values at most `value` (by bucket: exact below 256 ns,
    /// where every value has its own bucket); 1 when empty.
    public func fraction(atMost value: Nanoseconds) -> Double {
        guard count > 0 else { return 1 }
        guard value >= 0 else { return 0 }
        let last = Swift.min(Self.bucketIndex(UInt64(value)), buckets.count - 1)
        var seen: UInt64 = 0
        for index in 0...last { seen &+= buckets[index] }
        return Double(seen) / Double(count)
    }

    /// ⌈p · count⌉, at least 1. A product that lands within rounding noise of a whole
    /// number counts as that number, so that percentile(0.99) of 100 values is rank 99
    /// and not 100 (0.99 · 100 is 99.00000000000001 in binary floating point).
    static func nearestRank(fraction p: Double, count: Int) -> Int {
        let exact = p * Double(count)
        let nearest = exact.rounded()
        let rank = Swift.abs(exact - nearest) <= 1e-9 * Swift.max(1, exact) ? nearest : exact.rounded(.up)
        return Swift.min(Swift.max(Int(rank), 1), count)
    }

    /// Adds every value of `other` to this histogram, as if each had been recorded here.
    public mutating func merge(_ other: LatencyHistogram) {
        guard other.count > 0 else { return }
        guard count > 0 else {
            self = other
            return
        }
        buckets.withUnsafeMutableBufferPointer { mine in
            other.buckets.withUnsafeBufferPointer { theirs in
                for index in 0..<Self.bucketCount { mine[index] &+= theirs[index] }
            }
        }
        count &+= other.count
        minimum = Swift.min(minimum, other.minimum)
        maximum = Swift.max(maximum, other.maximum)
        let (low, carry) = sumLow.addingReportingOverflow(other.sumLow)
        sumLow = low
        sumHigh &+= other.sumHigh &+ (carry ? 1 : 0)
    }
}
