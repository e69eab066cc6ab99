/// Election timers in continuous time, as real Raft implementations run them: each
/// follower's or candidate's timeout is drawn uniformly in [minimum, maximum) when its
/// timer restarts (`RaftNode.timerResets` changes), not rounded to heartbeat ticks. One
/// event per replica is pending at most: when it fires early (the timer was restarted
/// since), it is scheduled again at the new deadline, so a steady stream of heartbeats
/// costs one event per timeout period, not one per heartbeat. A restart only notes its
/// time; the timeout for the latest restart is drawn when the pending event runs (each
/// restart's timeout is an independent draw, so drawing only the one that counts gives
/// the same distribution, and a heartbeat costs no random number).
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
    /// Per replica: when its timer last restarted, its clock's scale then, and the resets
    /// count its deadline was drawn for.
    private var lastRestart: [Nanoseconds]
    private var lastScale: [Double]
    private var drawnFor: [UInt64]
    private var random: RandomStream

    /// Timers for `replicas` replicas, drawing in [minimum, maximum) (equal bounds: no
    /// randomness).
    init(replicas: Int, minimum: Nanoseconds, maximum: Nanoseconds, seed: UInt64) {
        self.minimum = minimum
        self.maximum = max(minimum, maximum)
        seenResets = Array(repeating: 0, count: replicas)
        deadline = Array(repeating: nil, count: replicas)
        pending = Array(repeating: false, count: replicas)
        lastRestart = Array(repeating: 0, count: replicas)
        lastScale = Array(repeating: 1, count: replicas)
        drawnFor = Array(repeating: 0, count: replicas)
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
        lastRestart[replica] = now
        lastScale[replica] = clockScale
        guard !pending[replica] else { return nil }
        pending[replica] = true
        return drawDeadline(replica)
    }

    /// Draws the deadline of `replica`'s latest restart.
    private mutating func drawDeadline(_ replica: Int) -> Nanoseconds {
        let timeout = draw()
        let scale = lastScale[replica]
        let at = lastRestart[replica] +| (scale == 1 ? timeout : Int64(saturating: Double(timeout) * scale))
        deadline[replica] = at
        drawnFor[replica] = seenResets[replica]
        return at
    }

    /// `replica`'s event ran at `now`.
    mutating func expired(_ replica: Int, now: Nanoseconds) -> Expiry {
        guard var at = deadline[replica] else {
            pending[replica] = false
            return .idle
        }
        // Restarted since the draw: the deadline is the latest restart's.
        if drawnFor[replica] != seenResets[replica] { at = drawDeadline(replica) }
        if at > now { return .waitUntil(at) }
        pending[replica] = false
        deadline[replica] = nil
        return .fire
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        minimum > maximum ? ["minimum \(minimum) above maximum \(maximum)"] : []
    }
}
