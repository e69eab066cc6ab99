/// The slow-operation log of a run: client operations that took at least `threshold`
/// from issue to end. It keeps the `capacity` slowest (ties: the earliest) and counts
/// them all, so its memory is bounded by `capacity` however many operations are slow.
///
/// Invariant: `kept.count <= capacity` and `kept.count <= count`.
struct SlowOperationLog {
    /// The least latency logged (ns); `Nanoseconds.max` when the log is off, so the one
    /// comparison per completed operation never passes.
    let threshold: Nanoseconds
    let capacity: Int
    private(set) var kept: [SlowOperation] = []
    /// Slow operations seen, kept or not.
    private(set) var count = 0

    init(threshold: Nanoseconds = .max, capacity: Int = 0) {
        self.threshold = threshold
        self.capacity = max(0, capacity)
        kept.reserveCapacity(self.capacity)
    }

    /// Notes a slow operation: kept while there is room, else in place of the fastest kept
    /// one when it is slower (a linear scan of at most `capacity`, only for slow ones).
    mutating func note(_ operation: SlowOperation) {
        count += 1
        guard capacity > 0 else { return }
        if kept.count < capacity {
            kept.append(operation)
            return
        }
        var fastest = 0
        for index in kept.indices.dropFirst() where SlowOperation.isSlower(kept[fastest], than: kept[index]) { fastest = index }
        if SlowOperation.isSlower(operation, than: kept[fastest]) { kept[fastest] = operation }
    }

    /// The kept operations, slowest first.
    var slowestFirst: [SlowOperation] { kept.sorted(by: SlowOperation.isSlower) }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        kept.count <= capacity && kept.count <= count ? [] : ["slow-operation log keeps \(kept.count) of \(count), capacity \(capacity)"]
    }
}
