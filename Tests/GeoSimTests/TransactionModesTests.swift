import Testing

@testable import GeoSim

/// Transactions beyond serializable Raft ranges with parallel commits: PostgreSQL-style
/// transactions on a primary, two-phase commit, snapshot and read-committed isolation
/// (and the checker holding each level to exactly what it forbids), blind single-key
/// writes, and the uncertainty interval of snapshot reads.
@Suite struct TransactionModesTests {
    static let three = "us-east,us-west,eu-central"

    func scenario(_ flags: [String]) throws -> Scenario { try RunOptions.parse(flags).scenario }

    /// A run with its transactions recorded.
    func recorded(_ flags: [String]) throws -> (report: TransactionReport, history: TransactionHistory) {
        var scenario = try scenario(flags)
        scenario.recordHistory = true
        let outcome = Simulation.run(scenario)
        return (try #require(outcome.transactions), try #require(outcome.history?.transactions))
    }

    /// Exact latencies: no jitter, no service time, no contention.
    static let quiet = ["--jitter", "none", "--service-time", "0ms", "--rate", "3", "--keys", "1000000", "--key-dist", "uniform", "--duration", "30s"]

    /// The round trip from `region` to the leader's (primary's) region, and from the
    /// leader's region to its nearest other region (ns).
    func trips(_ scenario: Scenario, from region: Int) -> (client: Nanoseconds, nearest: Nanoseconds) {
        let topology = scenario.topology
        let leader = scenario.leaderRegion
        let nearest = topology.regions.indices.filter { $0 != leader }.map { topology.roundTrip(fromRegion: leader, toRegion: $0) }.min() ?? 0
        return (topology.roundTrip(from: (region, 0), to: (leader, 0)), nearest)
    }

    /// On a primary, PostgreSQL-style, rmw:2 from region r costs:
    ///   two reads (SELECT … FOR UPDATE), each a round trip to the primary:  2 × RTT(r, P)
    ///   the two UPDATEs, sent at once, applied at the primary:              RTT(r, P)
    ///   COMMIT: a round trip, plus under primary-sync the nearest replica's
    ///   acknowledgement of the WAL record:                                  RTT(r, P) [+ min RTT(P, f)]
    @Test(arguments: ["primary-async", "primary-sync"])
    func aPrimaryTransactionCostsItsStatements(mode: String) throws {
        let scenario = try scenario(["--topology", Self.three, "--txn", "rmw:2", "--replication", mode] + Self.quiet)
        let report = try #require(Simulation.run(scenario).transactions)
        #expect(report.isolation == "read-committed", "PostgreSQL's default")
        for region in scenario.topology.regions.indices {
            let (trip, nearest) = trips(scenario, from: region)
            let expected = 4 * trip + (mode == "primary-sync" ? nearest : 0)
            let latency = report.regions[region].latency
            #expect(report.regions[region].committed > 0)
            #expect(abs(latency.min - expected) <= expected / 200 + 1000, "region \(region): \(latency.min) ns, expected \(expected) ns")
            #expect(abs(latency.max - expected) <= expected / 200 + 1000, "region \(region): max \(latency.max) ns, expected \(expected) ns")
        }
    }

    /// Two-phase commit writes the record after the intents: one more trip to the
    /// anchor's leaseholder and one more consensus round than parallel commits,
    ///   3 × RTT(r, L) + min RTT(L, f)  →  4 × RTT(r, L) + 2 × min RTT(L, f).
    @Test func twoPhaseCommitPaysASecondConsensusRound() throws {
        for commit in ["parallel", "2pc"] {
            let scenario = try scenario(["--topology", Self.three, "--txn", "rmw:2", "--txn-commit", commit] + Self.quiet)
            let report = try #require(Simulation.run(scenario).transactions)
            for region in scenario.topology.regions.indices {
                let (trip, nearest) = trips(scenario, from: region)
                let expected = commit == "2pc" ? 4 * trip + 2 * nearest : 3 * trip + nearest
                let latency = report.regions[region].latency
                #expect(abs(latency.min - expected) <= expected / 200, "\(commit), region \(region): \(latency.min) ns, expected \(expected) ns")
            }
        }
    }

    /// Blind single-key writes (`put`) take their key's lock: mixed with read-modify-write
    /// transactions on few keys they wait on locks, and the history stays serializable.
    @Test func blindWritesLockAndStaySerializable() throws {
        let (report, history) = try recorded([
            "--topology", Self.three, "--txn", "rmw:2=2,put=1,get=1", "--keys", "10", "--rate", "100", "--duration", "20s",
        ])
        let blind = history.transactions.filter { $0.outcome == .committed && $0.reads.isEmpty && $0.writes.count == 1 }
        #expect(blind.count > 50, "\(blind.count) committed puts")
        #expect(report.lockWaits.count > 0)
        #expect(report.regions.reduce(0) { $0 + $1.lockWait.count } == report.lockWaits.count, "each wait counted in its waiter's region")
        #expect(SerializabilityChecker.check(history, isolation: .serializable).isEmpty)
    }

    /// Read-committed without locking reads loses updates: allowed at that level (the
    /// checker passes it), and found as lost updates when the same history is held to
    /// snapshot isolation or serializability. Snapshot isolation aborts the second
    /// updater instead (first updater wins) and passes at its level.
    @Test(arguments: ["raft", "primary-sync"])
    func eachLevelIsHeldToWhatItForbids(mode: String) throws {
        let base = [
            "--topology", Self.three, "--replication", mode, "--txn", "rmw:2", "--no-locking-reads", "--keys", "10", "--rate", "100",
            "--duration", "20s",
        ]
        let (committedReport, readCommitted) = try recorded(base + ["--isolation", "read-committed"])
        #expect(committedReport.committed > 100)
        #expect(SerializabilityChecker.check(readCommitted, isolation: .readCommitted).isEmpty)
        let lost = SerializabilityChecker.check(readCommitted, isolation: .snapshot)
        #expect(lost.contains { $0.detail.hasPrefix("lost update") }, "\(lost.prefix(2))")
        let (snapshotReport, snapshot) = try recorded(base + ["--isolation", "snapshot"])
        let conflicts = snapshotReport.regions.reduce(0) { $0 + $1.retried[1].count + $1.aborted[1].count }
        #expect(conflicts > 0, "first updater wins")
        #expect(SerializabilityChecker.check(snapshot, isolation: .snapshot).isEmpty)
        let (_, serializable) = try recorded(base + ["--isolation", "serializable"])
        #expect(SerializabilityChecker.check(serializable, isolation: .serializable).isEmpty)
    }

    /// `geosim check` on a primary with transactions: the serializability checker and the
    /// mode's promises hold. (Before the commit records took their log index in the
    /// recorded log, every liveness probe looked lost: durability failed on every seed.)
    @Test func aPrimarysTransactionsPassTheCheck() throws {
        var settings = ScenarioSettings()
        for (flag, value) in [
            ("--topology", Self.three), ("--replication", "primary-sync"), ("--txn", "rmw:2"), ("--keys", "20"), ("--rate", "200"),
            ("--duration", "10s"),
        ] {
            try settings.apply(flag: flag, value: value)
        }
        var options = CheckSwarm.Options()
        options.shrinkRuns = 0
        let summary = try CheckSwarm.run(base: settings, seeds: [50000, 50001], options: options)
        #expect(summary.failed.isEmpty, "\(summary.failureMessage)")
        #expect(summary.results.allSatisfy { $0.transactions > 100 })
    }

    /// On a primary a lock wait that closes a cycle is found only after
    /// `deadlock_timeout`: every deadlock costs its waiter at least that long.
    @Test func aPrimaryFindsDeadlocksAfterTheTimeout() throws {
        for timeout in [100, 1000] {
            let report = try #require(
                Simulation.run(
                    try scenario([
                        "--topology", Self.three, "--replication", "primary-async", "--txn", "rmw:2", "--keys", "2", "--key-dist", "uniform",
                        "--rate", "2", "--duration", "120s", "--deadlock-timeout", "\(timeout)ms", "--timeout", "10s",
                    ])
                ).transactions)
            #expect(report.deadlocks > 0, "timeout \(timeout) ms")
            #expect(report.lockWaits.max >= Nanoseconds(timeout) * .millisecond, "the longest wait is at least the timeout")
        }
    }

    /// A snapshot read that meets a version above its timestamp but inside the clock
    /// uncertainty moves above it; with no uncertainty (`--max-clock-offset 0ms`) none
    /// does. Either way the history is serializable.
    @Test func uncertainVersionsRestartSnapshotReads() throws {
        let flags = ["--topology", Self.three, "--txn", "rmw:1=1,ro:3=1", "--keys", "5", "--rate", "100", "--duration", "20s"]
        let (withOffset, history) = try recorded(flags)
        #expect(withOffset.uncertaintyRestarts > 0)
        #expect(SerializabilityChecker.check(history, isolation: .serializable).isEmpty)
        let (withoutOffset, exactHistory) = try recorded(flags + ["--max-clock-offset", "0ms"])
        #expect(withoutOffset.uncertaintyRestarts == 0)
        #expect(SerializabilityChecker.check(exactHistory, isolation: .serializable).isEmpty)
    }

    /// The lock table without on-request detection (a primary's) queues a cycle-closing
    /// request; the waiter's check then finds the cycle.
    @Test func aDeferredCheckFindsTheCycle() {
        var locks = LockTable()
        locks.detectsOnRequest = false
        #expect(locks.acquire(1, for: 10, at: 0) == .granted)
        #expect(locks.acquire(2, for: 20, at: 0) == .granted)
        #expect(locks.acquire(2, for: 10, at: 1) == .queued)
        let before = locks.inCycle(10)
        #expect(!before)
        #expect(locks.acquire(1, for: 20, at: 2) == .queued)
        let (second, first) = (locks.inCycle(20), locks.inCycle(10))
        #expect(second && first)
        #expect(locks.deadlocks == 2)
    }
}
