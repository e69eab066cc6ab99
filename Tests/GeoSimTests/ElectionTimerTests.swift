import Testing

@testable import GeoSim

/// Election timers in continuous time: timeouts drawn in [min, max), not rounded to
/// heartbeat ticks, and scaled by a node's clock rate.
@Suite struct ElectionTimerTests {
    @Test func drawsAreContinuousWithinTheRange() {
        var timers = ElectionTimers(replicas: 1, minimum: 150 * .millisecond, maximum: 300 * .millisecond, seed: 7)
        var timeouts: [Nanoseconds] = []
        for reset in 1...2000 {
            let at = timers.observe(0, resets: UInt64(reset), now: 0)
            if let at { timeouts.append(at) }
            // Let the pending event run each time, so every reset schedules one.
            _ = timers.expired(0, now: Nanoseconds.max / 2)
        }
        #expect(timeouts.count == 2000)
        #expect(timeouts.allSatisfy { $0 >= 150 * .millisecond && $0 < 300 * .millisecond })
        // Not on a tick grid: far more distinct values than 50 ms ticks would allow.
        #expect(Set(timeouts.map { $0 / .millisecond }).count > 100)
        let mean = Double(timeouts.reduce(0, +)) / Double(timeouts.count)
        #expect(abs(mean - 225e6) < 5e6)
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
