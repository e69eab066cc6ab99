/// Raft replicas' lag at one-second resolution, for the `replica_lag` alert metric under
/// Raft (primaries measure their replay lag per entry instead). At each second's end it
/// remembers each range's commit index (the highest any of its replicas knows); a replica's
/// lag is then how long ago the range had committed no more than the replica knows: 0 when
/// it knows everything committed now, else the age of the newest remembered second it has
/// caught up with, rounded up to whole seconds (at most `capacity` seconds).
///
/// Work: per second, O(replicas × log capacity); memory: ranges × capacity indices.
/// Invariant: `times` is increasing; each range's remembered commit indices never decrease.
struct FollowerLagSampler {
    /// Seconds remembered: lags longer than this are reported as this.
    static let capacity = 128
    private let rangeCount: Int
    /// Ring of the last `capacity` samples: their times, and per range the commit index.
    private var times: [Nanoseconds]
    private var commits: [UInt64]
    /// Samples taken so far.
    private var taken = 0

    init(ranges: Int) {
        rangeCount = ranges
        times = Array(repeating: 0, count: Self.capacity)
        commits = Array(repeating: 0, count: Self.capacity * max(ranges, 1))
    }

    /// Takes the sample of the second ending at `now`: `commitIndex(range)` per range.
    mutating func sample(now: Nanoseconds, commitIndex: (Int) -> UInt64) {
        let slot = taken % Self.capacity
        let previous = (taken + Self.capacity - 1) % Self.capacity
        times[slot] = now
        for range in 0..<rangeCount {
            // Never lower than the last sample: a restarted replica may know less than it did.
            let last = taken > 0 ? commits[previous * rangeCount + range] : 0
            commits[slot * rangeCount + range] = max(last, commitIndex(range))
        }
        taken += 1
    }

    /// The lag (ns) of a replica of `range` that knows commits up to `known`, at the last sample.
    func lag(range: Int, known: UInt64) -> Nanoseconds {
        guard taken > 0 else { return 0 }
        let newest = taken - 1
        let now = times[newest % Self.capacity]
        if known >= commits[(newest % Self.capacity) * rangeCount + range] { return 0 }
        // The newest sample whose commit index the replica has reached: binary search, as
        // the indices never decrease from older to newer samples.
        let oldest = max(0, taken - Self.capacity)
        var low = oldest
        var high = newest
        guard known >= commits[(low % Self.capacity) * rangeCount + range] else {
            return now - times[oldest % Self.capacity] + .second
        }
        while low < high {
            let middle = (low + high + 1) / 2
            if known >= commits[(middle % Self.capacity) * rangeCount + range] { low = middle } else { high = middle - 1 }
        }
        return now - times[low % Self.capacity]
    }

    /// What is wrong with the state, if anything (empty when sound): samples out of time
    /// order, or a range's commit index going down from one sample to the next.
    func invariantViolations() -> [String] {
        let oldest = max(0, taken - Self.capacity)
        var problems: [String] = []
        for sample in oldest..<max(oldest, taken - 1) {
            let (slot, next) = (sample % Self.capacity, (sample + 1) % Self.capacity)
            if times[slot] >= times[next] { problems.append("sample \(sample + 1) not after sample \(sample)") }
            for range in 0..<rangeCount where commits[slot * rangeCount + range] > commits[next * rangeCount + range] {
                problems.append("range \(range): commit index went down at sample \(sample + 1)")
            }
        }
        return problems
    }
}
