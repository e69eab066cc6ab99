/// Election timers in continuous time, as real Raft implementations run them: each
/// follower's or candidate's timeout is drawn uniformly in [minimum, maximum) when its
/// timer restarts (`RaftNode.timerResets` changes), not rounded to heartbeat ticks.
///
/// A restart only notes its time: no timer can run out sooner than `minimum` after it, so
/// the replica's event is scheduled there, and a restart that comes before that event
/// moves nothing. The event then draws the timeout of the latest restart (one draw per
/// restart that counts, the same distribution as a draw per restart) and waits for it,
/// or waits again if the timer was restarted meanwhile. A steady stream of heartbeats
/// costs one event per `minimum`, not one per heartbeat. A restart while a drawn
/// deadline is pending schedules an earlier event when its own earliest deadline comes
/// sooner (only when `maximum` exceeds twice `minimum`); the event it supersedes is then
/// stale and ignored. So a timer always runs out exactly a fresh draw after its latest
/// restart, never later.
///
/// Invariant: `minimum ≤ maximum`.
struct ElectionTimers {
    /// What a timer event found.
    enum Expiry: Equatable {
        /// The deadline passed: the replica campaigns.
        case fire
        /// The timer was restarted or its deadline is later: wait again, until this instant.
        case waitUntil(Nanoseconds)
        /// Nothing to do: no deadline armed, or a stale event an earlier one superseded.
        case idle
    }

    let minimum: Nanoseconds
    let maximum: Nanoseconds
    /// Per replica: the resets seen, the drawn deadline (ns; nil when none is drawn) and
    /// the instant of the event that counts (nil when none is pending).
    private var seenResets: [UInt64]
    private var deadline: [Nanoseconds?]
    private var pendingAt: [Nanoseconds?]
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
        pendingAt = Array(repeating: nil, count: replicas)
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

    /// `duration` on a clock whose second lasts `scale` true seconds.
    @inline(__always)
    private static func scaled(_ duration: Nanoseconds, _ scale: Double) -> Nanoseconds {
        scale == 1 ? duration : Int64(saturating: Double(duration) * scale)
    }

    /// Arms `replica`'s timer at `now` if its resets changed (or `force`); returns when to
    /// schedule its event, if none is pending soon enough. `clockScale` is how long one
    /// second of the node's clock lasts in true time (below 1 for a fast clock: its timers
    /// fire sooner).
    @inline(__always)
    mutating func observe(_ replica: Int, resets: UInt64, now: Nanoseconds, clockScale: Double = 1, force: Bool = false) -> Nanoseconds? {
        guard resets != seenResets[replica] || force else { return nil }
        seenResets[replica] = resets
        lastRestart[replica] = now
        lastScale[replica] = clockScale
        let earliest = now +| Self.scaled(minimum, clockScale)
        if let pending = pendingAt[replica], pending <= earliest { return nil }
        pendingAt[replica] = earliest
        return earliest
    }

    /// `replica`'s event ran at `now`.
    mutating func expired(_ replica: Int, now: Nanoseconds) -> Expiry {
        guard pendingAt[replica] == now else { return .idle }
        if deadline[replica] == nil || drawnFor[replica] != seenResets[replica] {
            let restart = lastRestart[replica]
            let scale = lastScale[replica]
            let earliest = restart +| Self.scaled(minimum, scale)
            if earliest > now {
                pendingAt[replica] = earliest
                return .waitUntil(earliest)
            }
            deadline[replica] = restart +| Self.scaled(draw(), scale)
            drawnFor[replica] = seenResets[replica]
        }
        if let at = deadline[replica], at > now {
            pendingAt[replica] = at
            return .waitUntil(at)
        }
        pendingAt[replica] = nil
        deadline[replica] = nil
        return .fire
    }

    /// What is wrong with the state, if anything (empty when sound).
    func invariantViolations() -> [String] {
        var problems = minimum > maximum ? ["minimum \(minimum) above maximum \(maximum)"] : []
        for replica in deadline.indices {
            if let at = deadline[replica], drawnFor[replica] == seenResets[replica], at < lastRestart[replica] {
                problems.append("replica \(replica): deadline \(at) before its restart \(lastRestart[replica])")
            }
        }
        return problems
    }
}
