import Foundation
import Testing

@testable import GeoSim
@testable import GeoSimIO

/// The PBS t-visibility experiment: quorum intersection, the closed form, monotonicity
/// with common random numbers, the t_999 search, determinism, and `geosim visibility`.
@Suite struct VisibilityExperimentTests {
    static let trials = 20_000

    static func leaderless(n: Int, r: Int, w: Int, legs: ReplicationSettings.Legs) -> ReplicationSettings {
        var settings = ReplicationSettings()
        settings.mode = .leaderless
        settings.n = n
        settings.r = r
        settings.w = w
        settings.legs = legs
        return settings
    }

    static func exponentialLegs(write: Double, ack: Double, read: Double, response: Double) -> ReplicationSettings.Legs {
        let ms = Double(Nanoseconds.millisecond)
        return .init(
            write: .exponential(mean: write * ms), ack: .exponential(mean: ack * ms),
            read: .exponential(mean: read * ms), response: .exponential(mean: response * ms))
    }

    /// C(n, k) as a Double (small arguments).
    static func choose(_ n: Int, _ k: Int) -> Double {
        guard k >= 0, k <= n else { return 0 }
        var result = 1.0
        for i in 0..<k { result = result * Double(n - i) / Double(i + 1) }
        return result
    }

    // MARK: Quorum intersection

    @Test(arguments: [(3, 2, 2), (5, 3, 3), (5, 2, 4)])
    func overlappingQuorumsAreAlwaysConsistent(n: Int, r: Int, w: Int) {
        #expect(w + r > n)
        // Slow writes and fast reads: without intersection, stale reads would be common.
        for legs in [
            Self.exponentialLegs(write: 20, ack: 1, read: 0.5, response: 0.5),
            Self.exponentialLegs(write: 1, ack: 7, read: 3, response: 0.2),
        ] {
            let settings = Self.leaderless(n: n, r: r, w: w, legs: legs)
            let grid: [Nanoseconds] = [0, 1, 1 * .microsecond, 1 * .millisecond, 100 * .millisecond]
            let result = VisibilityExperiment.run(settings: settings, topology: nil, grid: grid, trials: Self.trials, seed: 11)
            for point in result.curve {
                #expect(point.pConsistent == 1, "N=\(n) R=\(r) W=\(w) t=\(point.t): \(point.pConsistent)")
            }
            #expect(result.t999 == 0)
        }
    }

    @Test func partialQuorumsAreSometimesStaleRightAfterTheCommit() {
        // The same legs with W + R ≤ N: the experiment does see stale reads at t = 0.
        let settings = Self.leaderless(n: 3, r: 1, w: 1, legs: Self.exponentialLegs(write: 20, ack: 1, read: 0.5, response: 0.5))
        let result = VisibilityExperiment.run(settings: settings, topology: nil, grid: [0], trials: Self.trials, seed: 11)
        let p = result.curve[0].pConsistent
        #expect(p > 0.2 && p < 0.9, "p(0) = \(p)")
    }

    // MARK: Closed form

    /// Model: the write reaches exactly the W replicas whose acks commit it (`.quorumOnly`);
    /// the other N − W never get it. Legs are i.i.d. and continuous, so the write quorum is
    /// a uniformly random W-subset; the read's R replicas are a uniformly random R-subset
    /// independent of it (first responders depend only on read legs; or chosen uniformly).
    /// A read is stale iff its R replicas all lie outside the W: probability
    /// C(N−W, R) / C(N, R), at every t.
    @Test(arguments: [(3, 1, 1), (5, 2, 2), (10, 3, 2), (7, 2, 3)])
    func staleProbabilityMatchesTheClosedForm(n: Int, r: Int, w: Int) {
        let expected = Self.choose(n - w, r) / Self.choose(n, r)
        let standardError = (expected * (1 - expected) / Double(Self.trials)).squareRoot()
        let settings = Self.leaderless(n: n, r: r, w: w, legs: Self.exponentialLegs(write: 5, ack: 1, read: 1, response: 1))
        for choice in [VisibilityExperiment.ReadReplicaChoice.firstResponders, .uniformRandom] {
            let options = VisibilityExperiment.Options(readReplicaChoice: choice, writeDelivery: .quorumOnly)
            let result = VisibilityExperiment.run(
                settings: settings, topology: nil, grid: [0, 10 * .millisecond, 10 * .second],
                trials: Self.trials, seed: 5, options: options)
            for point in result.curve {
                let stale = 1 - point.pConsistent
                #expect(
                    abs(stale - expected) <= 4 * standardError,
                    "N=\(n) R=\(r) W=\(w) \(choice) t=\(point.t): stale \(stale), expected \(expected) ± \(4 * standardError)")
            }
            // The missed replicas never catch up, so 99.9% is never reached.
            #expect(result.t999 == nil)
        }
    }

    /// The WARS model itself, in a case with a closed form: N = 2, R = W = 1, write legs
    /// Exp(mean m), acks instant, read legs a constant ρ, responses i.i.d. The write commits
    /// at c = min(W₀, W₁); the first responder is either replica with probability 1/2,
    /// independently of the writes. If it is the faster-written one the read is consistent;
    /// otherwise it has the write when W_j − c ≤ t + ρ, and W_j − c ~ Exp(mean m)
    /// (memorylessness). So P(consistent at t) = 1 − e^{−(t+ρ)/m} / 2.
    @Test func theWARSModelMatchesATwoReplicaClosedForm() {
        let ms = Double(Nanoseconds.millisecond)
        let mean = 5 * ms
        let rho = 1 * ms
        let legs = ReplicationSettings.Legs(
            write: .exponential(mean: mean), ack: .constant(0),
            read: .constant(rho), response: .exponential(mean: 1 * ms))
        let settings = Self.leaderless(n: 2, r: 1, w: 1, legs: legs)
        let grid: [Nanoseconds] = [0, 2, 5, 10].map { $0 * .millisecond }
        let result = VisibilityExperiment.run(settings: settings, topology: nil, grid: grid, trials: Self.trials, seed: 17)
        for point in result.curve {
            let expected = 1 - _exp(-(Double(point.t) + rho) / mean) / 2
            let standardError = (expected * (1 - expected) / Double(Self.trials)).squareRoot()
            #expect(
                abs(point.pConsistent - expected) <= 4 * standardError,
                "t=\(point.t): p \(point.pConsistent), expected \(expected) ± \(4 * standardError)")
        }
    }

    /// Exact timing with constant legs. Replica 0: write 1 ms, ack 1 ms, read 1 ms, answer
    /// 20 ms; replica 1: write 50 ms, ack 100 ms, read 5 ms, answer 1 ms. The write commits
    /// at 2 ms (replica 0's ack). The first answer comes from replica 1 (5 + 1 = 6 ms,
    /// against 1 + 20 = 21 ms), although replica 0's request arrives first; replica 1 has
    /// the write once 50 ms ≤ 2 ms + t + 5 ms, i.e. from t = 43 ms.
    @Test func constantLegsGiveTheExactThreshold() {
        func legs(_ write: Nanoseconds, _ ack: Nanoseconds, _ read: Nanoseconds, _ response: Nanoseconds) -> VisibilityExperiment.ReplicaLegs {
            .init(write: .constant(Double(write)), ack: .constant(Double(ack)), read: .constant(Double(read)), response: .constant(Double(response)))
        }
        let ms = Nanoseconds.millisecond
        let replicas = [legs(1 * ms, 1 * ms, 1 * ms, 20 * ms), legs(50 * ms, 100 * ms, 5 * ms, 1 * ms)]
        let result = VisibilityExperiment.run(
            legs: replicas, r: 1, w: 1, grid: [0, 43 * ms - 1, 43 * ms, 60 * ms],
            trials: 10, seed: 1)
        #expect(result.curve.map(\.pConsistent) == [0, 0, 1, 1])
        #expect(result.t999 == 43 * ms)
        #expect(result.writeLatency.max == 2 * ms && result.writeLatency.min == 2 * ms)
        #expect(result.readLatency.max == 6 * ms && result.readLatency.min == 6 * ms)
        // W = 2 commits at 150 ms; then replica 1 has the write long before it is asked.
        let both = VisibilityExperiment.run(legs: replicas, r: 1, w: 2, grid: [0], trials: 10, seed: 1)
        #expect(both.curve[0].pConsistent == 1)
        #expect(both.writeLatency.max == 150 * ms)
        // R = 2 waits for replica 0's answer too (21 ms), which has the write: consistent.
        let twoReads = VisibilityExperiment.run(legs: replicas, r: 2, w: 1, grid: [0], trials: 10, seed: 1)
        #expect(twoReads.curve[0].pConsistent == 1)
        #expect(twoReads.readLatency.max == 21 * ms)
    }

    // MARK: Monotonicity, bounded legs, t_999

    @Test func theCurveIsMonotoneAndReachesOneWithBoundedLegs() throws {
        let ms = Double(Nanoseconds.millisecond)
        let legs = ReplicationSettings.Legs(
            write: .uniform(min: 0, max: 20 * ms), ack: .uniform(min: 0, max: 2 * ms),
            read: .uniform(min: 0, max: 2 * ms), response: .exponential(mean: 1 * ms))
        let settings = Self.leaderless(n: 5, r: 1, w: 1, legs: legs)
        let grid = (0...100).map { Nanoseconds($0) * 250 * .microsecond }  // 0 … 25 ms
        let result = VisibilityExperiment.run(settings: settings, topology: nil, grid: grid, trials: Self.trials, seed: 3)
        #expect(result.curve[0].pConsistent < 0.9)
        for (earlier, later) in zip(result.curve, result.curve.dropFirst()) {
            #expect(earlier.pConsistent <= later.pConsistent, "p(\(earlier.t)) > p(\(later.t))")
        }
        // Every write leg is at most 20 ms, so from t = 20 ms every read is consistent.
        for point in result.curve where point.t >= 20 * .millisecond {
            #expect(point.pConsistent == 1)
        }
        let t999 = result.t999 ?? .max
        #expect(t999 <= 20 * .millisecond && t999 > 0)
        // Exact, not read off the grid: at or before the first grid point that reaches
        // 99.9%, and after the last one that does not.
        let firstReaching = try #require(result.curve.first { $0.pConsistent >= 0.999 }?.t)
        #expect(t999 <= firstReaching)
        #expect(result.curve.filter { $0.pConsistent < 0.999 }.allSatisfy { $0.t < t999 })
    }

    @Test func t999BetweenGridPointsIsTheExactCrossing() throws {
        // A coarse grid (0, 10 ms, 20 ms) brackets the crossing; the same trials evaluated
        // just before and at the reported t_999 straddle 99.9%.
        let ms = Double(Nanoseconds.millisecond)
        let legs = ReplicationSettings.Legs(
            write: .uniform(min: 0, max: 20 * ms), ack: .uniform(min: 0, max: 2 * ms),
            read: .uniform(min: 0, max: 2 * ms), response: .exponential(mean: 1 * ms))
        let settings = Self.leaderless(n: 5, r: 1, w: 1, legs: legs)
        let coarse = VisibilityExperiment.run(
            settings: settings, topology: nil, grid: [0, 10 * .millisecond, 20 * .millisecond], trials: Self.trials, seed: 3)
        let t999 = try #require(coarse.t999)
        #expect(t999 != 10 * .millisecond && t999 != 20 * .millisecond)
        let check = VisibilityExperiment.run(settings: settings, topology: nil, grid: [t999 - 1, t999], trials: Self.trials, seed: 3)
        #expect(check.curve[0].pConsistent < 0.999)
        #expect(check.curve[1].pConsistent >= 0.999)
    }

    @Test func t999PastTheGridIsTheExactLeastT() throws {
        let settings = Self.leaderless(n: 3, r: 1, w: 1, legs: Self.exponentialLegs(write: 10, ack: 1, read: 1, response: 1))
        let coarse = VisibilityExperiment.run(
            settings: settings, topology: nil, grid: [0, 1 * .millisecond],
            trials: Self.trials, seed: 9)
        let t999 = try #require(coarse.t999)
        #expect(t999 > 1 * .millisecond)
        // The same trials, evaluated just at and just before it.
        let check = VisibilityExperiment.run(
            settings: settings, topology: nil, grid: [t999 - 1, t999],
            trials: Self.trials, seed: 9)
        #expect(check.curve[0].pConsistent < 0.999)
        #expect(check.curve[1].pConsistent >= 0.999)
        #expect(check.t999 == t999)
    }

    @Test func topologyLegsAreHalfRoundTrips() throws {
        // Constant legs: the write reaches the far replicas late, and the first responder
        // is the nearest replica, which has the write at commit: always consistent.
        let topology = try Topology.fromRegionList("us-east,us-west,eu-central")
        var settings = ReplicationSettings()
        settings.mode = .leaderless
        let legs = VisibilityExperiment.replicaLegs(settings: settings, topology: topology)
        #expect(legs.count == 3)
        #expect(legs[0].write == .constant(Double(topology.sameZoneRoundTrip) / 2))
        #expect(legs[1].read == .constant(Double(topology.roundTrip(fromRegion: 0, toRegion: 1)) / 2))
        let result = VisibilityExperiment.run(settings: settings, topology: topology, grid: [0], trials: 100, seed: 1)
        #expect(result.curve[0].pConsistent == 1)
        #expect(result.writeLatency.max == topology.sameZoneRoundTrip)
    }

    // MARK: Determinism

    @Test func theSameSeedGivesTheSameResult() {
        let settings = Self.leaderless(n: 5, r: 2, w: 2, legs: Self.exponentialLegs(write: 5, ack: 1, read: 1, response: 1))
        let grid: [Nanoseconds] = [0, 1 * .millisecond, 5 * .millisecond]
        let first = VisibilityExperiment.run(settings: settings, topology: nil, grid: grid, trials: 5_000, seed: 42)
        let second = VisibilityExperiment.run(settings: settings, topology: nil, grid: grid, trials: 5_000, seed: 42)
        let other = VisibilityExperiment.run(settings: settings, topology: nil, grid: grid, trials: 5_000, seed: 43)
        #expect(first == second)
        #expect(first != other)
        #expect(first.writeLatency.count == 5_000 && first.readLatency.count == 5_000)
    }

    // MARK: Parsing

    @Test func theReplicationObjectParses() throws {
        let node = try InputNode(
            try JSONParser.parse(
                """
                {"replication": {"mode": "leaderless", "n": 5, "r": 2, "w": 3, "read_repair": true, "anti_entropy": "10s",
                 "legs": {"write": {"constant": "5ms"}, "ack": {"constant": "1ms"}, "read": {"constant": "1ms"},
                          "response": {"exponential": {"mean": "1ms"}}},
                 "sync_replicas": 2, "apply_time": {"constant": "50us"}, "promotion_delay": null}}
                """)
        ).required("replication")
        let settings = try ReplicationSettings.parse(node)
        #expect(settings.mode == .leaderless && settings.n == 5 && settings.r == 2 && settings.w == 3)
        #expect(settings.readRepair && settings.antiEntropyPeriod == 10 * .second)
        #expect(settings.legs?.write == .constant(5e6))
        #expect(settings.legs?.response == .exponential(mean: 1e6))
        #expect(settings.syncReplicas == 2 && settings.applyTime == .constant(50_000))
        #expect(settings.promotionDelay == nil)
        #expect(try ReplicationSettings.parse(InputNode(try JSONParser.parse("{}"))).promotionDelay == 10 * .second)
    }

    @Test(arguments: [
        (#"{"mode": "leaderles"}"#, "$.replication.mode", "did you mean 'leaderless'"),
        (#"{"n": 3, "r": 4}"#, "$.replication.r", "from 1 to n (3)"),
        (#"{"n": 16}"#, "$.replication.n", "between 1 and 15"),
        (#"{"w": 0}"#, "$.replication.w", "from 1 to n"),
        (#"{"read_repiar": true}"#, "$.replication.read_repiar", "did you mean 'read_repair'"),
        (
            #"{"legs": {"write": {"constant": "1ms"}, "ack": {"constant": "1ms"}, "read": {"constant": "1ms"}}}"#,
            "$.replication.legs", "missing required field 'response'"
        ),
        (
            #"{"legs": {"write": {"constant": "1ms"}, "ack": {"constant": "1ms"}, "read": {"constant": "1ms"}, "response": {"constant": "1ms"}, "reply": {"constant": "1ms"}}}"#,
            "$.replication.legs.reply", "unknown field"
        ),
        (#"{"anti_entropy": "10"}"#, "$.replication.anti_entropy", "no unit"),
    ])
    func badReplicationObjectsNameThePath(text: String, location: String, message: String) throws {
        let node = InputNode(try JSONParser.parse(text), path: "$.replication")
        do {
            _ = try ReplicationSettings.parse(node)
            Issue.record("accepted \(text)")
        } catch {
            #expect(error.location == location)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test func theModeParsesFromTheCommandLine() throws {
        #expect(try ReplicationSettings.parseMode("primary-sync") == .primarySync)
        #expect(try ReplicationSettings.parseMode("leaderless") == .leaderless)
        do {
            _ = try ReplicationSettings.parseMode("leaderles")
            Issue.record("accepted a typo")
        } catch {
            #expect(error.hint == "Did you mean 'leaderless'?")
        }
    }

    // MARK: Command

    static let example = """
        {
          "topology": {"regions": ["us-east"], "replicas_per_region": 3},
          "duration": "10s",
          "replication": {
            "mode": "leaderless", "n": 3, "r": 1, "w": 1,
            "legs": {
              "write":    {"exponential": {"mean": "5ms"}},
              "ack":      {"exponential": {"mean": "1ms"}},
              "read":     {"exponential": {"mean": "1ms"}},
              "response": {"exponential": {"mean": "1ms"}}
            }
          }
        }
        """

    static func withScenario(_ text: String, _ body: (String) throws -> Void) throws {
        let file = FileManager.default.temporaryDirectory
            .appendingPathComponent("geosim-visibility-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).json")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try body(file.path)
    }

    @Test func theCommandWritesTheSchema() throws {
        try Self.withScenario(Self.example) { path in
            let result = VisibilityCommand.run(["--scenario", path, "--trials", "2000", "--format", "json"])
            #expect(result.exitCode == 0, "\(result.standardError)")
            let json = try JSONParser.parse(result.standardOutput)
            #expect(json["schema"] == .string("geosim.visibility/1"))
            #expect(json["trials"] == .number(2000))
            guard case .array(let curve)? = json["curve"] else {
                Issue.record("no curve")
                return
            }
            #expect(curve.count == VisibilityCommand.defaultGrid.count)
            #expect(curve.first?["t_ms"] == .number(0))
            #expect(curve.last?["t_ms"] == .number(1000))
            #expect(curve.last?["p_consistent"] == .number(1))
            if case .number(let t)? = json["t_999_ms"] { #expect(t > 0 && t <= 1000) } else { Issue.record("no t_999_ms") }
            for block in ["write_latency_ms", "read_latency_ms"] {
                for key in ["p50", "p90", "p99", "p999", "max", "mean"] {
                    guard case .number? = json[block]?[key] else {
                        Issue.record("missing \(block).\(key)")
                        continue
                    }
                }
            }
            let again = VisibilityCommand.run(["--scenario", path, "--trials", "2000", "--format", "json"])
            #expect(again.standardOutput == result.standardOutput)

            let text = VisibilityCommand.run(["--scenario", path, "--trials", "2000", "--t-grid", "0ms,10ms,1ms"])
            #expect(text.exitCode == 0)
            #expect(text.standardOutput.contains("t_999: "))
            #expect(text.standardOutput.contains("P(consistent)"))
        }
    }

    @Test func aBadLegExits65NamingThePath() throws {
        let bad = Self.example.replacingOccurrences(
            of: #""ack":      {"exponential": {"mean": "1ms"}}"#,
            with: #""ack":      {"exponential": {"mean": 1}}"#)
        #expect(bad != Self.example)
        try Self.withScenario(bad) { path in
            let result = VisibilityCommand.run(["--scenario", path])
            #expect(result.exitCode == 65)
            #expect(result.standardError.contains("$.replication.legs.ack.exponential.mean"), "\(result.standardError)")
            #expect(result.standardError.contains(path))
        }
        let raft = Self.example.replacingOccurrences(of: #""mode": "leaderless""#, with: #""mode": "raft""#)
        try Self.withScenario(raft) { path in
            let result = VisibilityCommand.run(["--scenario", path])
            #expect(result.exitCode == 65)
            #expect(result.standardError.contains("$.replication.mode"))
        }
    }

    @Test func badFlagsExit64WithAHint() {
        let typo = VisibilityCommand.run(["--trails", "10"])
        #expect(typo.exitCode == 64)
        #expect(typo.standardError.contains("Did you mean '--trials'?"))
        let bareGrid = VisibilityCommand.run(["--topology", "us-east", "--n", "1", "--t-grid", "0,5ms"])
        #expect(bareGrid.exitCode == 64)
        #expect(bareGrid.standardError.contains("has no unit"))
        let tooFew = VisibilityCommand.run(["--topology", "us-east,us-west", "--n", "3"])
        #expect(tooFew.exitCode == 64)
        #expect(tooFew.standardError.contains("--replicas-per-region 2"))
        let quorum = VisibilityCommand.run(["--topology", "us-east", "--replicas-per-region", "3", "--r", "4"])
        #expect(quorum.exitCode == 64)
    }

    @Test func aTopologyAloneGivesTheLegs() {
        let result = VisibilityCommand.run(["--topology", "us-east,us-west,eu-central", "--trials", "100", "--r", "2", "--w", "2"])
        #expect(result.exitCode == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("half round trips from us-east"))
    }
}
