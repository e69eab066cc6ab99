import Testing

@testable import GeoSim

/// A primary with replicas reports as one: no Raft section, promotions as leader changes
/// in the timeline, failover from the crash to the promotion, and a floor to the primary.
@Suite struct PrimaryReportTests {
    func report() throws -> Report {
        let scenario = try RunOptions.parse([
            "--topology", "us-east,us-west,eu-central", "--replication", "primary-async", "--crash", "us-east@5s..10s",
            "--promotion-delay", "1s", "--duration", "15s", "--timeline",
        ]).scenario
        return Report(scenario: scenario, outcome: Simulation.run(scenario))
    }

    @Test func promotionsAreFailoversAndLeaderChanges() throws {
        let report = try report()
        #expect(report.promotions == 1)
        #expect(report.primaryFailovers == [1 * .second])
        let json = JSONWriter.string(report.jsonValue)
        #expect(!json.contains("\"raft\""))
        #expect(json.contains("\"failovers_s\": [\n      1\n    ]") || json.contains("\"failovers_s\": [1]"))
        let leaders = try #require(report.timeline).map(\.leaderRegion)
        #expect(leaders.first == 0)  // us-east
        #expect(leaders.last == 1)  // us-west, promoted
        let text = ReportText.render(report)
        #expect(text.contains("to the primary and back"))
        #expect(!text.contains("nearest majority"))
    }
}

/// Sweep rows carry the Raft and read figures, so a sweep over seeds can study failover.
@Suite struct SweepFailoverMetricsTests {
    @Test func rowsCarryElectionsFailoverStalenessAndLocalReads() throws {
        let scenario = try RunOptions.parse([
            "--topology", "us-east,us-west,eu-central", "--crash", "us-east@2s..6s", "--duration", "8s", "--read-mode", "bounded",
            "--rate", "200",
        ]).scenario
        let report = Report(scenario: scenario, outcome: Simulation.run(scenario))
        let metrics = SweepMetrics.measure(report)
        func value(_ name: String) throws -> Double? { metrics[try #require(SweepMetrics.index(of: name))] }
        #expect(try value("elections") == Double(report.elections))
        #expect(try value("failover_max_s") == report.failovers.max().map { SweepMetrics.rounded(Double($0) / 1e9, 3) })
        #expect(try value("leaderless_s") ?? 0 > 1)
        #expect(try value("staleness_p99_ms") ?? 0 > 0)
        #expect(try (value("local_read_share") ?? 0) > 0.5)
        #expect(try value("cache_hit_ratio") == nil)
    }
}

/// XFetch weighs the time left before expiry against the measured recompute time.
@Suite struct XFetchRecomputeTimeTests {
    @Test func deltaIsTheMeasuredFillTime() throws {
        let scenario = try RunOptions.parse(["--topology", "us-east", "--cache-ttl", "10s", "--cache-fill", "xfetch"]).scenario
        let settings = try #require(scenario.cache)
        var layer = CacheLayer(settings: settings, regions: 1, scenario: scenario)
        let observation = ReadObservation(isActive: false, regions: 1)
        // Before any fill is measured: a round trip plus 100 ms.
        #expect(layer.recomputeTime(0) == settings.roundTrip + 100 * .millisecond)
        #expect(layer.lookup(region: 0, key: 7, operation: 1, token: Int64.min, now: 0, observation: observation) == .miss(fillToken: 0))
        _ = layer.set(region: 0, key: 7, timestamp: 5, token: 0, now: 40 * .millisecond)
        #expect(layer.lookup(region: 0, key: 8, operation: 2, token: Int64.min, now: 100 * .millisecond, observation: observation) == .miss(fillToken: 0))
        _ = layer.set(region: 0, key: 8, timestamp: 6, token: 0, now: 160 * .millisecond)
        // Fills of 40 ms and 60 ms: Δ is their mean.
        let delta = Double(layer.recomputeTime(0))
        #expect(abs(delta - 50e6) < 0.01 * 50e6, "Δ = \(delta) ns")
    }
}
