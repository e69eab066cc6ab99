import Testing

@testable import GeoSim

/// A disk (`--fsync`): Raft appends count only once durable, with group commit.
///
/// Closed forms, jitter off, constant fsync F, disks idle when a write arrives:
/// - Raft (3 voters): the leader's fsync starts with the send of its append, so it runs in
///   parallel with the round trip to the nearest follower r (plus two service times s);
///   the follower's fsync sits between its receipt and its answer. The commit moves from
///   t0 + r + 2s to max(t0 + F, t0 + r + 2s + F) = t0 + r + 2s + F: every write costs
///   exactly F more, whatever F is (not 2F: the leader's own fsync is never critical).
/// - primary-async: the primary answers after its fsync: exactly F more.
/// - primary-sync: the primary ships its record once durable, and the replica answers
///   once it is durable on its disk: exactly 2F more.
@Suite struct DiskTests {
    static let topology = "us-east,us-west,eu-central"

    func run(_ extra: [String], rate: Int = 1, duration: String = "30s") throws -> RunOutcome {
        let scenario = try RunOptions.parse(
            [
                "--topology", DiskTests.topology, "--jitter", "none", "--write-fraction", "1", "--rate", "\(rate)",
                "--duration", duration,
            ] + extra
        ).scenario
        return Simulation.run(scenario)
    }

    /// Every write costs `extra` more with the fsync than without, per region: the fastest
    /// write, and the slowest when `exactMax` (the rate is low enough that no write meets
    /// a busy disk); else the slowest may also wait out one fsync under way, `fsync` more.
    func expectWritesCost(_ extra: Nanoseconds, fsync: String, mode: [String], exactMax: Bool = true) throws {
        let without = try run(mode)
        let with = try run(mode + ["--fsync", fsync])
        #expect(without.diskUtilization == nil)
        #expect(with.diskUtilization?.count == 3)
        for region in without.writesByRegion.indices {
            let before = without.writesByRegion[region]
            let after = with.writesByRegion[region]
            #expect(before.ok > 0 && after.ok == before.ok)
            #expect(after.latency.min == before.latency.min + extra, "region \(region): min \(before.latency.min) → \(after.latency.min)")
            let slack = exactMax ? 0 : try DurationText.parse(fsync)
            #expect(after.latency.max >= before.latency.max + extra, "region \(region): max \(before.latency.max) → \(after.latency.max)")
            #expect(after.latency.max <= before.latency.max + extra + slack, "region \(region): max \(before.latency.max) → \(after.latency.max)")
        }
    }

    @Test(arguments: ["1ms", "10ms", "200ms"])
    func aRaftWriteCostsOneFsyncMore(fsync: String) throws {
        let duration = try DurationText.parse(fsync)
        // At 1 write/s a 200 ms fsync is sometimes still under way when the next write's
        // append arrives.
        try expectWritesCost(duration, fsync: fsync, mode: [], exactMax: duration <= 10 * .millisecond)
    }

    @Test func aPrimaryAsyncWriteCostsOneFsyncMore() throws {
        try expectWritesCost(2 * .millisecond, fsync: "2ms", mode: ["--replication", "primary-async"])
    }

    @Test func aPrimarySyncWriteCostsTwoFsyncsMore() throws {
        try expectWritesCost(4 * .millisecond, fsync: "2ms", mode: ["--replication", "primary-sync"])
    }

    /// 1000 writes/s with a 5 ms fsync: one fsync per append would keep each disk busy
    /// 5 s per second. Grouped, the disks stay at or below 100% and every write commits.
    @Test func groupCommitKeepsUpWhereSingleFsyncsCouldNot() throws {
        let outcome = try run(["--fsync", "5ms"], rate: 1000, duration: "10s")
        #expect(outcome.limitReached == nil)
        let writes = outcome.writesByRegion.reduce(0) { $0 + $1.count }
        let ok = outcome.writesByRegion.reduce(0) { $0 + $1.ok }
        #expect(writes > 9000 && ok == writes)
        let utilization = outcome.diskUtilization
        let disks = try #require(utilization)
        for share in disks { #expect(share > 0.9 && share <= 1, "disk utilization \(share)") }
        // A write still costs at most a few fsyncs more than the idle-disk floor.
        let idle = try run(["--fsync", "5ms"], rate: 1, duration: "10s")
        for region in outcome.writesByRegion.indices {
            #expect(outcome.writesByRegion[region].latency.percentile(0.99) <= idle.writesByRegion[region].latency.max + 3 * 5 * .millisecond)
        }
    }

    /// `--fsync 0` is no disk: the report is the one without the flag, byte for byte.
    @Test(arguments: [[], ["--replication", "primary-sync"], ["--crash", "us-east@2s..4s"]])
    func aZeroFsyncChangesNothing(mode: [String]) throws {
        var settings = try RunOptions.parse(["--topology", DiskTests.topology, "--duration", "8s"] + mode).scenario
        let plain = Simulation.run(settings)
        settings.fsync = .constant(0)
        #expect(!settings.usesDisk)
        let zero = Simulation.run(settings)
        let text = ReportText.render(Report(scenario: settings, outcome: plain))
        #expect(text == ReportText.render(Report(scenario: settings, outcome: zero)))
        #expect(plain.events == zero.events && zero.diskUtilization == nil)
    }

    /// Crashes and partitions with a disk: elections still happen, the Raft safety checker
    /// and every component's invariants (asserted in debug builds) stay sound, and a
    /// crashed node's held answers and unsynced writes are dropped, not sent later.
    @Test func faultsWithADiskStaySafe() throws {
        var scenario = try RunOptions.parse([
            "--topology", DiskTests.topology, "--duration", "40s", "--rate", "300", "--write-fraction", "0.5",
            "--fsync", #"{"exponential":{"mean":"2ms"}}"#, "--crash", "us-east@5s..15s",
            "--partition", "us-west|us-east,eu-central@20s..25s",
        ]).scenario
        scenario.checkSafety = true
        let outcome = Simulation.run(scenario)
        #expect(outcome.safetyViolations.isEmpty, "\(outcome.safetyViolations)")
        #expect(outcome.leaderChanges >= 1)
        #expect(outcome.writesByRegion.reduce(0) { $0 + $1.ok } > 4000)
        #expect(outcome.diskUtilization?.allSatisfy { $0 > 0 && $0 < 1 } == true)
    }

    /// The disk in the reports: one text line and a `disk_utilization` per node in JSON,
    /// only when fsyncs are modelled; a scenario file sets it with `fsync`.
    @Test func reportsShowTheDiskOnlyWhenThereIsOne() throws {
        let file = #"{"topology": "us-east,us-west,eu-central", "duration": "5s", "fsync": {"constant": "2ms"}}"#
        let settings = try ScenarioSettings.parse(InputNode(try JSONParser.parse(file)), file: "test.json")
        let scenario = try settings.makeScenario()
        #expect(scenario.fsync == .constant(Double(2 * Nanoseconds.millisecond)) && scenario.usesDisk)
        let withDisk = Report(scenario: scenario, outcome: Simulation.run(scenario))
        var plain = scenario
        plain.fsync = nil
        let without = Report(scenario: plain, outcome: Simulation.run(plain))
        #expect(ReportText.render(withDisk).contains("Disks: busiest "))
        #expect(!ReportText.render(without).contains("Disks:"))
        #expect(JSONWriter.string(withDisk.jsonValue).contains("\"disk_utilization\""))
        #expect(!JSONWriter.string(without.jsonValue).contains("disk_utilization"))
        // About 100 writes/s of 2 ms fsyncs, one per write on every node: about 20% busy.
        for share in try #require(withDisk.diskUtilization) { #expect(share.share > 0.15 && share.share < 0.25) }
    }

    /// Writes that reach a busy disk share the next fsync, which starts when the current
    /// one ends and covers every write queued by then.
    @Test func writesDuringAnFsyncShareTheNext() {
        var disk = NodeDisk<Int>(time: .constant(1000), seed: 1, nodeCount: 2, horizon: .second)
        #expect(disk.enqueue(1, node: 0, at: 100) == 1100)
        #expect(disk.enqueue(2, node: 0, at: 200) == nil)
        #expect(disk.enqueue(3, node: 0, at: 300) == nil)
        #expect(disk.enqueue(9, node: 1, at: 300) == 1300)  // another node's disk is its own
        var done: [Int] = []
        #expect(disk.complete(node: 0, at: 1100, into: &done) == 2100)
        #expect(done == [1])
        done.removeAll()
        #expect(disk.complete(node: 0, at: 2100, into: &done) == nil)
        #expect(done == [2, 3])
        #expect(disk.fsyncs == [2, 1] && disk.busyTime == [2000, 1000])
        #expect(disk.invariantViolations().isEmpty)
        // A crash loses what was waiting, and the fsync under way ends stale.
        #expect(disk.enqueue(4, node: 0, at: 3000) == 4000)
        #expect(disk.enqueue(5, node: 0, at: 3100) == nil)
        disk.crash(node: 0)
        #expect(disk.epoch[0] == 1 && !disk.busy[0])
        #expect(disk.utilization(at: 4000) == [0.75, 0.25])
    }

    /// With `persistBeforeCounting`, the leader's own entry counts only once persisted:
    /// one follower's answer is not a quorum of three until then.
    @Test func theLeaderCountsItsEntryOnlyOncePersisted() throws {
        var config = RaftConfig()
        config.persistBeforeCounting = true
        var cluster = threeNodeCluster(config)
        var effects: [RaftEffect] = []
        let proposed = cluster[0].propose(into: &effects)
        let index = try #require(proposed)
        #expect(effects.contains(.persist(through: index)))
        let append = try #require(sends(effects).first { $0.to == 1 }?.message)
        effects.removeAll()
        cluster[1].step(append, from: 0, into: &effects)
        let answer = try #require(sends(effects).first?.message)
        effects.removeAll()
        cluster[0].step(answer, from: 1, into: &effects)
        #expect(commits(effects).isEmpty)
        #expect(cluster[0].invariantViolations().isEmpty)
        // A stale term's persistence changes nothing; this term's commits.
        cluster[0].persisted(through: index, term: 0, into: &effects)
        #expect(commits(effects).isEmpty)
        cluster[0].persisted(through: index, term: 1, into: &effects)
        #expect(commits(effects) == [index...index])
        // Without the flag, the same answer commits at once.
        var plain = threeNodeCluster()
        effects.removeAll()
        _ = plain[0].propose(into: &effects)
        #expect(!effects.contains { if case .persist = $0 { return true } else { return false } })
        effects.removeAll()
        plain[0].step(answer, from: 1, into: &effects)
        #expect(commits(effects) == [index...index])
    }

    /// Votes are durable before they leave: after the leader's crash, the candidate's
    /// request waits for its fsync and each vote for the voter's, and the new leader's
    /// first entry commits one fsync after its round trip, as any write. Failover (crash to
    /// the new leader's first commit) is therefore exactly 3F longer with a constant
    /// fsync F: same timers, same messages, three fsyncs on the path.
    @Test(arguments: [1, 2, 3])
    func aFailoverPaysThreeFsyncs(seed: Int) throws {
        let flags = [
            "--topology", "us-east", "--replicas-per-region", "3", "--jitter", "none", "--write-fraction", "1", "--rate", "1",
            "--duration", "15s", "--crash", "us-east/a@10s", "--quiesce", "off", "--seed", "\(seed)",
        ]
        let without = Simulation.run(try RunOptions.parse(flags).scenario)
        let with = Simulation.run(try RunOptions.parse(flags + ["--fsync", "4ms"]).scenario)
        #expect(without.failovers.count == 1 && with.failovers.count == 1)
        #expect(with.elections == without.elections)
        let before = try #require(without.failovers.first)
        let after = try #require(with.failovers.first)
        #expect(after == before + 12 * .millisecond, "failover \(before) ns without a disk, \(after) ns with a 4 ms fsync")
    }
}
