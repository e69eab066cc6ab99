import Testing

@testable import GeoSim

/// `--profile` sets a system's documented defaults (docs/profiles.md) and never overrides
/// what the user gave; `--pre-vote` and `--check-quorum` reach the Raft configuration.
@Suite struct SystemProfileTests {
    static let three = ["--topology", "us-east,us-west,eu-central"]

    func scenario(_ flags: [String]) throws -> Scenario { try RunOptions.parse(Self.three + flags).scenario }

    @Test func etcdTakesEtcdsDefaults() throws {
        let scenario = try scenario(["--profile", "etcd"])
        #expect(scenario.heartbeatInterval == 100 * .millisecond)
        #expect(scenario.electionTimeout == 1 * .second)
        #expect(scenario.strongReads == .readIndex)
        #expect(!scenario.leaderPreference)
        #expect(scenario.raft.preVote && scenario.raft.checkQuorum)
        #expect(scenario.profile == .etcd)
        let config = Simulation.raftConfig(for: scenario)
        #expect(!config.leaseReads && config.preferredLeader == nil)
    }

    @Test func raftPaperHasNoPreVoteCheckQuorumOrLeases() throws {
        let scenario = try scenario(["--profile", "raft-paper"])
        let config = Simulation.raftConfig(for: scenario)
        #expect(!config.preVote && !config.checkQuorum && !config.leaseReads)
        #expect(!config.quiesce && !scenario.usesDisk)
    }

    /// Quiescence is CockroachDB's; etcd heartbeats always. The disk is each guide's
    /// recommended one: etcd's 500 IOPS (2 ms), CockroachDB's cloud volumes (1–2 ms).
    @Test func profilesSetQuiescenceAndTheDisk() throws {
        let etcd = try scenario(["--profile", "etcd"])
        #expect(!etcd.raft.quiesce && etcd.fsync == .constant(Double(2 * Nanoseconds.millisecond)))
        let cockroach = try scenario(["--profile", "cockroachdb"])
        let oneMs = Double(Nanoseconds.millisecond)
        #expect(cockroach.raft.quiesce && cockroach.fsync == .uniform(min: oneMs, max: 2 * oneMs))
        #expect(!(try scenario(["--profile", "etcd", "--fsync", "0ms"])).usesDisk)
        #expect(try scenario(["--quiesce", "off", "--profile", "cockroachdb"]).raft.quiesce == false)
    }

    @Test(arguments: [["--heartbeat", "300ms", "--profile", "cockroachdb"], ["--profile", "cockroachdb", "--heartbeat", "300ms"]])
    func aFlagGivenWinsOverTheProfileInEitherOrder(flags: [String]) throws {
        let scenario = try scenario(flags)
        #expect(scenario.heartbeatInterval == 300 * .millisecond)
        #expect(scenario.maxClockOffset == 500 * .millisecond)
    }

    @Test func switchesReachRaft() throws {
        let config = Simulation.raftConfig(for: try scenario(["--pre-vote", "off", "--check-quorum", "off", "--leader-preference", "off"]))
        #expect(!config.preVote && !config.checkQuorum && config.preferredLeader == nil)
        #expect(throws: CommandFailure.self) { try scenario(["--pre-vote", "maybe"]) }
        #expect(throws: CommandFailure.self) { try scenario(["--profile", "spanner"]) }
    }

    @Test func theReportNamesTheProfile() throws {
        let scenario = try scenario(["--profile", "etcd", "--duration", "2s"])
        let report = Report(scenario: scenario, outcome: Simulation.run(scenario))
        #expect(ReportText.render(report).contains("profile etcd"))
        #expect(JSONWriter.string(report.jsonValue).contains("\"profile\": \"etcd\""))
    }

    @Test func withoutCheckQuorumAnIsolatedLeaderKeepsAcceptingWrites() throws {
        // The leader's region cut off for 10 s. With CheckQuorum the old leader steps down
        // within an election timeout, and its region's writes then fail at once (no
        // leader known); without it, the old leader keeps accepting them, and they time
        // out: their fate is unknown.
        let flags = ["--partition", "us-east|us-west,eu-central@5s..15s", "--duration", "20s", "--jitter", "none"]
        let with = Simulation.run(try scenario(flags)).writesByRegion[0]
        let without = Simulation.run(try scenario(flags + ["--check-quorum", "off"])).writesByRegion[0]
        #expect(without.unknown > with.unknown, "us-east writes unknown: \(with.unknown) with CheckQuorum, \(without.unknown) without")
        #expect(with.failed > without.failed, "us-east writes failed: \(with.failed) with CheckQuorum, \(without.failed) without")
    }
}
