import Testing

@testable import GeoSim

/// Follower reads, closed timestamps and staleness, against arithmetic and bounds.
@Suite struct ReadPathTests {
    func scenario(_ mode: Scenario.ReadMode, faults: [Fault] = [], seed: UInt64 = 1) throws -> Scenario {
        var scenario = Scenario(topology: try Topology.fromRegionList("us-east,us-west,eu-central"))
        scenario.readMode = mode
        scenario.seed = seed
        scenario.duration = 40 * .second
        scenario.rate = 300
        scenario.writeFraction = 0.3
        scenario.keyCount = 1000
        scenario.faults = faults
        return scenario
    }

    @Test func boundedReadsCostALocalHop() throws {
        var scenario = try scenario(.bounded)
        scenario.jitter = .none
        scenario.jitterIsExplicit = true
        scenario.serviceTime = .constant(Double(50 * Nanoseconds.microsecond))
        scenario.rate = 3
        let outcome = Simulation.run(scenario)
        let local = scenario.topology.sameZoneRoundTrip + 50 * .microsecond
        for region in [1, 2] {
            let reads = outcome.readsByRegion[region]
            #expect(reads.ok > 10)
            // The first reads come before any closed timestamp arrived and go to the leader.
            #expect(reads.latency.min == local)
            #expect(reads.latency.percentile(0.9) == local)
            #expect(outcome.stalenessByRegion[region].localFraction > 0.9)
        }
    }

    @Test func exactReadsAtTheDefaultStalenessAreServedLocally() throws {
        let outcome = Simulation.run(try scenario(.exact))
        #expect(outcome.safetyViolations.isEmpty, "\(outcome.safetyViolations)")
        for region in 0..<3 {
            let stats = outcome.stalenessByRegion[region]
            #expect(stats.reads > 1000)
            // Only reads in the first instants, before a closed timestamp arrived, fall back.
            #expect(stats.localFraction > 0.99, "region \(region): \(stats.localFraction)")
            // Reading 4.2 s in the past misses at most what committed since.
            #expect(stats.time.max <= 4200 * .millisecond + 100 * .millisecond)
        }
    }

    @Test func nearestReadsSeeEveryWriteOnceReplicationCaughtUp() throws {
        let outcome = Simulation.run(try scenario(.nearest))
        var curve = VisibilityCurve()
        for region in 0..<3 { curve.merge(outcome.visibilityByRegion[region]) }
        for point in curve.points where point.t >= 500 * .millisecond {
            #expect(point.probability == 1, "t = \(DurationText.format(point.t))")
        }
        let early = curve.points.filter { $0.t < 50 * .millisecond }
        #expect(early.contains { $0.probability < 1 }, "reads right after a commit miss it at followers")
    }

    @Test func noTimestampedReadMissesAVersionItsBoundCovers() throws {
        let isolate = Fault(kind: .partition(sideA: [.region(2)], sideB: []), start: 10 * .second, end: 25 * .second, label: "isolate")
        let crash = Fault(kind: .crash(.node(0)), start: 28 * .second, end: 33 * .second, label: "crash")
        for mode in [Scenario.ReadMode.bounded, .exact] {
            for seed in 1...3 as ClosedRange<UInt64> {
                let outcome = Simulation.run(try scenario(mode, faults: [isolate, crash], seed: seed))
                #expect(outcome.safetyViolations.isEmpty, "\(mode) seed \(seed): \(outcome.safetyViolations.prefix(2))")
            }
        }
    }

    @Test func theStalenessCheckFailsWhenFollowersIgnoreClosedTimestamps() throws {
        let isolate = Fault(kind: .partition(sideA: [.region(2)], sideB: []), start: 10 * .second, end: 30 * .second, label: "isolate")
        var scenario = try scenario(.bounded, faults: [isolate])
        scenario.unsafeIgnoreClosedTimestamps = true
        let outcome = Simulation.run(scenario)
        #expect(outcome.safetyViolations.contains { $0.hasPrefix("Staleness bound") })
    }

    @Test func anIsolatedRegionServesBoundedReadsUntilTheBoundRunsOut() throws {
        let isolate = Fault(kind: .partition(sideA: [.region(2)], sideB: []), start: 10 * .second, end: 35 * .second, label: "isolate")
        var scenario = try scenario(.bounded, faults: [isolate])
        scenario.timeline = true
        scenario.operationTimeout = 1 * .second
        let outcome = Simulation.run(scenario)
        // The last closed timestamp eu-central got is about 3.2 s old at the cut, so a
        // 10 s bound holds for roughly 6.8 s more; then reads go to the unreachable leader.
        let row = { (second: Int) in outcome.timeline[second - 1].cells[2] }
        for second in 11...15 {
            #expect(row(second).readsOK > 0 && row(second).readsFailed + row(second).readsUnknown == 0, "second \(second)")
        }
        for second in 20...30 {
            #expect(row(second).readsOK == 0, "second \(second)")
        }
        #expect(outcome.safetyViolations.isEmpty)
    }
}
