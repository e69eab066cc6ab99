/// Election timers in continuous time, as real Raft implementations run them: each
/// follower's or candidate's timeout is drawn uniformly in [minimum, maximum) when its
/// timer restarts (`RaftNode.timerResets` changes), not rounded to heartbeat ticks. One
/// event per replica is pending at most: when it fires early (the timer was restarted
/// since), it is scheduled again at the new deadline, so a steady stream of heartbeats
/// costs one event per timeout period, not one per heartbeat.
///
/// Invariant: `minimum ≤ maximum`.
struct ElectionTimers {
    /// What a timer event found.
    enum Expiry: Equatable {
        /// The deadline passed: the replica campaigns.
        case fire
        /// The timer was restarted: wait again, until this instant.
        case waitUntil(Nanoseconds)
        /// Nothing to do (no deadline armed).
        case idle
    }

    let minimum: Nanoseconds
    let maximum: Nanoseconds
    /// Per replica: the resets seen, the deadline (ns; nil when not armed) and whether an
    /// event is pending.
    private var seenResets: [UInt64]
    private var deadline: [Nanoseconds?]
    private var pending: [Bool]
    private var random: RandomStream

    /// Timers for `replicas` replicas, drawing in [minimum, maximum) (equal bounds: no
    /// randomness).
    init(replicas: Int, minimum: Nanoseconds, maximum: Nanoseconds, seed: UInt64) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
        seenResets = Array(repeating: 0, count: replicas)
        deadline = Array(repeating: nil, count: replicas)
        pending = Array(repeating: false, count: replicas)
        random = RandomStream(seed: seed, component: "election-timer")
    }

    /// A timeout draw (ns).
    private mutating func draw() -> Nanoseconds {
        guard maximum > minimum else { return minimum }
        return minimum +| Int64(random.nextUnit() * Double(maximum - minimum))
    }

    /// Arms `replica`'s timer at `now` if its resets changed (or `force`); returns when to
    /// schedule its event, if none is pending. `clockScale` is how long one second of the
    /// node's clock lasts in true time (below 1 for a fast clock: its timers fire sooner).
    @inline(__always)
    mutating func observe(_ replica: Int, resets: UInt64, now: Nanoseconds, clockScale: Double = 1, force: Bool = false) -> Nanoseconds? {
        guard resets != seenResets[replica] || force else { return nil }
        seenResets[replica] = resets
        let timeout = draw()
        let at = now +| (clockScale == 1 ? timeout : Int64(saturating: Double(timeout) * clockScale))
        deadline[replica] = at
        guard !pending[replica] else { return nil }
        pending[replica] = true
        return at
    }

    /// `replica`'s event ran at `now`.
    mutating func expired(_ replica: Int, now: Nanoseconds) -> Expiry {
        guard let at = deadline[replica] else {
            pending[replica] = false
            return .idle
        }
        if at > now { return .waitUntil(at) }
        pending[replica] = false
        deadline[replica] = nil
        return .fire
    }

    /// `replica` stops timing (its node crashed, or it leads).
    mutating func disarm(_ replica: Int) { deadline[replica] = nil }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        minimum > maximum ? ["minimum \(minimum) above maximum \(maximum)"] : []
    }
}
