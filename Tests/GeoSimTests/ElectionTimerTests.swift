import Testing

@testable import GeoSim

/// Election timers in continuous time: timeouts drawn in [min, max), not rounded to
/// heartbeat ticks, and scaled by a node's clock rate.
@Suite struct ElectionTimerTests {
    @Test func drawsAreContinuousWithinTheRange() {
        var timers = ElectionTimers(replicas: 1, minimum: 150 * .millisecond, maximum: 300 * .millisecond, seed: 7)
        var timeouts: [Nanoseconds] = []
        for reset in 1...2000 {
            let start = Nanoseconds(reset) * 10 * .second
            // The event waits for the earliest possible deadline, then for the draw.
            let first = timers.observe(0, resets: UInt64(reset), now: start)
            #expect(first == start + 150 * .millisecond)
            guard let first else { continue }
            switch timers.expired(0, now: first) {
            case .waitUntil(let deadline):
                timeouts.append(deadline - start)
                #expect(timers.expired(0, now: deadline) == .fire)
            case .fire: timeouts.append(first - start)
            case .idle: Issue.record("an armed timer's event found nothing to do")
            }
        }
        #expect(timeouts.count == 2000)
        #expect(timeouts.allSatisfy { $0 >= 150 * .millisecond && $0 < 300 * .millisecond })
        // Not on a tick grid: far more distinct values than 50 ms ticks would allow.
        #expect(Set(timeouts.map { $0 / .millisecond }).count > 100)
        let mean = Double(timeouts.reduce(0, +)) / Double(timeouts.count)
        #expect(abs(mean - 225e6) < 5e6)
    }

    /// Runs one replica's timer as the hub does: heartbeats restart it every `period` until
    /// `last`, and its events run in time order. Returns when it fires.
    func fireTime(_ timers: inout ElectionTimers, resets: inout UInt64, from start: Nanoseconds, period: Nanoseconds, last: Nanoseconds) -> Nanoseconds? {
        var events: [Nanoseconds] = []
        var beat = start
        while true {
            let next = events.min()
            if beat <= last, next.map({ beat < $0 }) ?? true {
                resets += 1
                if let at = timers.observe(0, resets: resets, now: beat) { events.append(at) }
                beat += period
                continue
            }
            guard let now = next, let slot = events.firstIndex(of: now) else { return nil }
            events.remove(at: slot)
            switch timers.expired(0, now: now) {
            case .fire: return now
            case .waitUntil(let at): events.append(at)
            case .idle: continue
            }
        }
    }

    /// The timeout after the last heartbeat is one fresh draw in [min, max): its mean is
    /// the range's middle (1.505 s here). Firing at whichever came later of an old
    /// deadline and the new one, as the timers did before, measured 1.523 s.
    @Test func theTimeoutAfterTheLastRestartIsOneFreshDraw() {
        var timers = ElectionTimers(replicas: 1, minimum: 1 * .second, maximum: 2 * .second, seed: 3)
        var random = RandomStream(seed: 11)
        var resets: UInt64 = 0
        var waits: [Nanoseconds] = []
        for trial in 0..<4000 {
            let start = Nanoseconds(trial) * 100 * .second
            // The leader falls silent at a random point of a heartbeat stream.
            let beats = 20 + Int64(random.nextUnit() * 40)
            let last = start + beats * 100 * .millisecond + Int64(random.nextUnit() * 1e8) / 1_000_000 * 1_000_000
            let lastBeat = start + (last - start) / (100 * .millisecond) * (100 * .millisecond)
            guard let fired = fireTime(&timers, resets: &resets, from: start, period: 100 * .millisecond, last: last) else {
                Issue.record("trial \(trial): the timer never fired")
                return
            }
            waits.append(fired - lastBeat)
        }
        #expect(waits.allSatisfy { $0 >= 1 * .second && $0 < 2 * .second })
        let mean = Double(waits.reduce(0, +)) / Double(waits.count) / 1e9
        #expect(abs(mean - 1.5) < 0.012, "mean wait after the last heartbeat: \(mean) s")
    }

    /// With `maximum` over twice `minimum`, a restart can make the timer due before the
    /// drawn deadline pending: an earlier event takes over and the old one is ignored.
    @Test func aRestartBeforeAFarDeadlineMovesItsEventEarlier() {
        var timers = ElectionTimers(replicas: 1, minimum: 100 * .millisecond, maximum: 10 * .second, seed: 5)
        #expect(timers.observe(0, resets: 1, now: 0) == 100 * .millisecond)
        guard case .waitUntil(let drawn) = timers.expired(0, now: 100 * .millisecond) else {
            Issue.record("expected a drawn deadline past the minimum")
            return
        }
        #expect(drawn > 300 * .millisecond)
        #expect(timers.observe(0, resets: 2, now: 200 * .millisecond) == 300 * .millisecond)
        let next = timers.expired(0, now: 300 * .millisecond)
        #expect(next != .fire && next != .idle)
        #expect(timers.expired(0, now: drawn) == .idle || drawn == 300 * .millisecond)
    }

    @Test func aFastClockFiresSooner() {
        var timers = ElectionTimers(replicas: 1, minimum: 1 * .second, maximum: 1 * .second, seed: 1)
        #expect(timers.observe(0, resets: 1, now: 0, clockScale: 0.5) == 500 * .millisecond)
    }

    @Test func aRestartedTimerWaitsForItsNewDeadline() {
        var timers = ElectionTimers(replicas: 1, minimum: 1 * .second, maximum: 1 * .second, seed: 1)
        #expect(timers.observe(0, resets: 1, now: 0) == 1 * .second)
        // A heartbeat at 0.6 s restarts it; the event already pending (at 1 s) waits on.
        #expect(timers.observe(0, resets: 2, now: 600 * .millisecond) == nil)
        #expect(timers.expired(0, now: 1 * .second) == .waitUntil(1600 * .millisecond))
        #expect(timers.expired(0, now: 1600 * .millisecond) == .fire)
    }

    @Test func theFlagTakesARange() throws {
        let scenario = try RunOptions.parse(["--topology", "us-east", "--election-timeout", "150ms..300ms"]).scenario
        #expect(scenario.electionTimeout == 150 * .millisecond && scenario.electionTimeoutMax == 300 * .millisecond)
        #expect(Simulation.longestElectionTimeout(for: scenario) == 300 * .millisecond)
        #expect(throws: CommandFailure.self) { try RunOptions.parse(["--topology", "us-east", "--election-timeout", "300ms..150ms"]) }
        let single = try RunOptions.parse(["--topology", "us-east", "--election-timeout", "1s"]).scenario
        #expect(Simulation.longestElectionTimeout(for: single) == 2 * .second)
    }

    func crashRun(timeout: String) throws -> RunOutcome {
        // Three nodes in one region (sub-millisecond links), heartbeat 200 ms, no PreVote,
        // busy enough (1000 ops/s) that the range never quiesces; the leader crashes at 10 s.
        let scenario = try RunOptions.parse([
            "--topology", "us-east", "--replicas-per-region", "3", "--election-timeout", timeout, "--pre-vote", "off",
            "--crash", "us-east/a@10s", "--duration", "15s", "--rate", "1000", "--jitter", "none",
        ]).scenario
        return Simulation.run(scenario)
    }

    @Test func theFirstTimerToRunOutElectsWithinItsRange() throws {
        // A follower's timer, last restarted by a heartbeat at most 200 ms before the
        // crash, runs out 0.8–1.2 s after it; the election and first commit take a few
        // milliseconds more.
        let outcome = try crashRun(timeout: "1s..1.2s")
        let failover = try #require(outcome.failovers.first)
        #expect(failover >= 800 * .millisecond && failover <= 1220 * .millisecond, "\(DurationText.format(failover))")
    }

    @Test func identicalTimeoutsSplitTheVoteAgainAndAgain() throws {
        // No randomness (the Raft paper's Figure 16, 150–150 ms): both followers heard the
        // same heartbeat, time out together, vote for themselves, and do so again — the
        // run ends with no leader.
        let outcome = try crashRun(timeout: "1s..1s")
        #expect(outcome.failovers.isEmpty)
        #expect(outcome.elections >= 4)
    }
}
