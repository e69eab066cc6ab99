import Testing

@testable import GeoSim

/// `--jitter measured`: each link's simulated round trips come back with its measured
/// percentiles.
@Suite struct MeasuredJitterTests {
    /// For every link whose shape is used, a round trip drawn as the simulator draws it
    /// (half the median each way, plus one jitter draw each way) has the measured
    /// quantiles over its median: p50 … p99 within 3%, p99.9 within 6% (a million draws
    /// estimate a quantile that far out, where the tail is steep, only to about ±4%).
    @Test func simulatedLinkPercentilesMatchTheMeasuredOnes() {
        var random = RandomStream(seed: 7, component: "test")
        let median: Nanoseconds = 100 * .millisecond
        var checked = 0
        for link in MeasuredLinkJitterData.links where link.fitError <= MeasuredLinkJitter.maximumFitError {
            let jitter = MeasuredLinkJitter.distribution(link.jitter, median: median)
            var trips: [Double] = []
            trips.reserveCapacity(1_000_000)
            for _ in 0..<1_000_000 {
                trips.append(Double(median + jitter.sample(using: &random) + jitter.sample(using: &random)))
            }
            trips.sort()
            for (index, level) in MeasuredLinkJitter.levels.prefix(5).enumerated() {
                let simulated = trips[Int(level * Double(trips.count - 1))]
                let measured = link.ratios[index] * Double(median)
                let tolerance = level < 0.999 ? 0.03 : 0.06
                #expect(abs(simulated - measured) / measured < tolerance, "\(link.a)–\(link.b) p\(level * 100): \(simulated) vs \(measured)")
            }
            checked += 1
        }
        #expect(checked == 13)
    }

    /// A run names how many of its links got a measured shape; the others keep the default.
    @Test func aRunSaysWhichLinksAreMeasured() throws {
        let result = CommandLineInterface.main(["--topology", "us-east,eu-west,ap-south", "--jitter", "measured", "--duration", "2s", "--rate", "50"])
        #expect(result.exitCode == 0 && result.standardOutput.contains("measured on 1 of 3 links"), "\(result.standardOutput.prefix(600))")
        var settings = ScenarioSettings()
        try settings.apply(flag: "--topology", value: "us-east,us-west")
        try settings.apply(flag: "--jitter", value: "measured")
        let topology = try settings.makeScenario().topology
        let shape = try #require(MeasuredLinkJitter.shape("us-east-1", "us-west-2"))
        #expect(topology.linkJitter[1] == MeasuredLinkJitter.distribution(shape.jitter, median: topology.roundTrip(fromRegion: 0, toRegion: 1)))
        #expect(MeasuredLinkJitter.shape("eu-west-1", "ap-southeast-1") == nil, "a bimodal link is not matched, so not used")
    }
}
