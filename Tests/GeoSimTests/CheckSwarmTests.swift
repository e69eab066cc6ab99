import Testing

@testable import GeoSim

/// `geosim check` end to end in the library: recorded runs of the real protocol pass every
/// checker; each deliberately unsafe option is caught, by the checker meant to catch it,
/// within a stated number of seeds; failing seeds replay exactly and shrink.
@Suite struct CheckSwarmTests {
    /// A small, busy swarm: three regions, 400 ops/s, 20 s faulty phase, hot keys.
    func settings(_ flags: [(String, String)] = []) throws -> ScenarioSettings {
        var settings = ScenarioSettings()
        for (flag, value) in [
            ("--topology", "us-east,us-west,eu-central"), ("--duration", "20s"), ("--rate", "400"),
            ("--write-fraction", "0.3"), ("--keys", "1000"),
        ] + flags {
            try settings.apply(flag: flag, value: value)
        }
        return settings
    }

    func options(shrinkRuns: Int = 0) -> CheckSwarm.Options {
        var options = CheckSwarm.Options()
        options.livenessBound = 15 * .second
        options.shrinkRuns = shrinkRuns
        options.jobs = RunFlagSettings.defaultJobs
        options.commandWords = ["--topology", "us-east,us-west,eu-central"]
        return options
    }

    @Test func aFaultFreeRecordedRunIsConsistentAndItsHistoryAddsUp() throws {
        var scenario = try CheckSwarm.scenario(base: settings(), seed: 3, unsafe: [], options: options())
        scenario.faults = []
        let outcome = Simulation.run(scenario)
        let history = try #require(outcome.history)
        // Every attempt is recorded once: with no faults or retries, one per operation.
        let operations = outcome.writesByRegion.reduce(0) { $0 + $1.count } + outcome.readsByRegion.reduce(0) { $0 + $1.count }
        #expect(history.operations.count == operations)
        #expect(history.operations.allSatisfy { $0.outcome == .ok })
        // Every acknowledged write committed once, with its value, and no read returned a
        // value that was not committed.
        let committed = Set(history.commits.map(\.value))
        let written = history.operations.filter { $0.kind == .write }.map(\.value)
        #expect(Set(written) == committed)
        #expect(committed.count == history.commits.count)
        #expect(history.operations.filter { $0.kind == .read }.allSatisfy { $0.value == 0 || committed.contains($0.value) })
        // The final leader applied every committed write.
        #expect(history.finalValues == [committed.sorted()])
        // The probes of the liveness phase committed at once.
        let healedAt = try #require(history.healedAt)
        let progress = try #require(history.firstProgressAfterHeal.first ?? nil)
        #expect(progress > healedAt && progress < healedAt + .second)
        let verdict = HistoryChecker.check(history, linearizabilitySteps: 10 * LinearizabilityChecker.stepsPerSecond, livenessBound: 15 * .second)
        #expect(verdict.violations.isEmpty, "\(verdict.violations)")
    }

    @Test func aSwarmOfTheRealProtocolFindsNothing() throws {
        let summary = try CheckSwarm.run(base: settings(), seeds: Array(1...16), options: options())
        #expect(summary.failed.isEmpty, "\(summary.failureMessage)")
        #expect(summary.results.map(\.seed) == Array(1...16))
        // The swarm did face faults: the chaos defaults give about 4 per minute.
        #expect(summary.results.reduce(0) { $0 + $1.faults.count } >= 10)
    }

    @Test func followerReadsAndSessionsHoldTheirPromisesUnderFaults() throws {
        let summary = try CheckSwarm.run(
            base: settings([
                ("--read-mode", "bounded"), ("--session", "read-your-writes,monotonic-reads"),
                ("--loss", "0.05"), ("--duplicate", "0.05"),
            ]),
            seeds: Array(1...8), options: options())
        #expect(summary.failed.isEmpty, "\(summary.failureMessage)")
    }

    /// Each unsafe option, the settings that give it a chance, the invariant that must
    /// catch it, and the most seeds allowed to catch it (from seed 1).
    static let unsafeCases: [(UnsafeOption, [(String, String)], Invariant, Int)] = [
        (.commitWithoutQuorum, [("--chaos-kinds", "isolate,partition")], .durability, 10),
        // The old leader must be isolated while a successor commits: more isolations per
        // run (first caught at seed 5; at the default rate, seed 21 since election timers
        // run in continuous time).
        (.leaseWithoutCheckQuorum, [("--chaos-kinds", "isolate"), ("--chaos-rate", "8")], .leaseSafety, 10),
        (.leaseClockSkew, [("--chaos-kinds", "isolate,partition")], .leaseSafety, 8),
        (.followerReadsIgnoreClosedTimestamp, [("--read-mode", "exact"), ("--chaos-kinds", "isolate,partition")], .staleness, 10),
        // Two candidates in one term need timeouts that lapse together: fixed ones.
        (.votesSkipTermCheck, [("--fixed-election-timeout", ""), ("--chaos-kinds", "crash,isolate"), ("--chaos-rate", "8")], .raftSafety, 8),
        (.votesSkipLogCheck, [("--chaos-kinds", "isolate,partition,crash"), ("--chaos-rate", "8")], .raftSafety, 20),
        (.cacheFillIgnoresInvalidation, [("--cache-ttl", "30s"), ("--cache-fill", "singleflight")], .cacheStaleness, 10),
    ]

    @Test(arguments: 0..<unsafeCases.count)
    func eachUnsafeOptionIsCaughtByItsCheckerWithinTheStatedSeeds(_ index: Int) throws {
        let (unsafe, flags, invariant, maxSeeds) = Self.unsafeCases[index]
        let base = try settings(flags)
        // In batches, stopping at the first catch: debug builds are slow.
        var caught: CheckSwarm.SeedResult?
        var seed: UInt64 = 1
        while caught == nil && seed <= UInt64(maxSeeds) {
            let batch = Array(seed..<min(seed + 4, UInt64(maxSeeds) + 1))
            let summary = try CheckSwarm.run(base: base, seeds: batch, unsafe: [unsafe], options: options())
            caught = summary.results.first { $0.violations.contains { $0.invariant == invariant } }
            seed += UInt64(batch.count)
        }
        let result = try #require(caught, "\(unsafe.rawValue) was not caught by \(invariant.rawValue) within \(maxSeeds) seeds")
        // The same seed with the real protocol passes: the catch is the unsafe option's doing.
        let safe = try CheckSwarm.run(base: base, seeds: [result.seed], options: options())
        #expect(safe.failed.isEmpty, "seed \(result.seed) fails without --unsafe: \(safe.failureMessage)")
    }

    @Test func aFailingSeedReplaysExactlyAndShrinksToAScheduleThatStillFails() throws {
        let base = try settings([("--chaos-kinds", "isolate,partition,slow,loss"), ("--chaos-rate", "12")])
        let opts = options(shrinkRuns: 40)
        var failing: CheckSwarm.SeedResult?
        for seed in UInt64(1)...12 where failing == nil {
            let result = try CheckSwarm.run(base: base, seeds: [seed], unsafe: [.commitWithoutQuorum], options: opts).results[0]
            if !result.passed && result.faults.count >= 2 { failing = result }
        }
        let result = try #require(failing)
        let shrunk = try #require(result.shrunk)
        #expect(shrunk.faults.count <= result.faults.count)
        #expect(shrunk.runs <= 40)
        // Replaying the seed gives the same verdict, word for word.
        let again = try CheckSwarm.run(base: base, seeds: [result.seed], unsafe: [.commitWithoutQuorum], options: opts).results[0]
        #expect(again.violations == result.violations)
        #expect(again.shrunk?.faults == shrunk.faults)
        // The shrunk schedule alone (no chaos) still breaks the invariant.
        var scenario = try CheckSwarm.scenario(base: base, seed: result.seed, unsafe: [.commitWithoutQuorum], options: opts)
        scenario.faults = shrunk.faults
        #expect(CheckSwarm.check(scenario, options: opts).verdict.failedInvariants.contains(shrunk.invariant))
        // And the replay commands name the seed, the unsafe option and the shrunk faults.
        #expect(result.replay?.contains("--seed \(result.seed) --seeds 1") == true)
        #expect(shrunk.replay?.contains("--no-chaos") == true)
        #expect(shrunk.replay?.hasSuffix(shrunk.flags) == true)
    }

    @Test func checkRefusesWhatItCannotJudge() throws {
        #expect(throws: CheckError.self) {
            var options = CheckSwarm.Options()
            options.expectations = [.durable]
            return try CheckSwarm.run(base: settings([("--replication", "leaderless")]), seeds: [1], options: options)
        }
        #expect(throws: CheckError.self) {
            try CheckSwarm.run(base: settings([("--request-shape", "n+1:3")]), seeds: [1])
        }
    }
}
