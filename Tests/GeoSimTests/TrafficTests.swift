import Testing

@testable import GeoSim

/// Bytes on the wire and what they cost: the meter against the arithmetic of each
/// message, and the prices against the figures of `shared/data/egress-prices.json`.
@Suite struct TrafficTests {
    static let three = "us-east,us-west,eu-central"

    func run(_ pairs: [(String, String)]) throws -> (Scenario, RunOutcome) {
        var settings = ScenarioSettings()
        let base = [("--topology", Self.three), ("--duration", "10s"), ("--jitter", "none"), ("--write-fraction", "1"), ("--rate", "6")]
        for (flag, value) in base + pairs { try settings.apply(flag: flag, value: value) }
        let scenario = try settings.makeScenario()
        return (scenario, Simulation.run(scenario))
    }

    /// A 3-voter range at a rate low enough that every append carries one entry: each
    /// write sends each follower one append of 66 + 64 + 48 + 24 + value bytes, gets one
    /// 130-byte answer back, and a write from us-west crosses to the leader as a
    /// 66 + 64 + 24 + value request and comes back as a 98-byte answer.
    @Test(arguments: [1000, 200])
    func bytesPerWriteAreTheArithmeticOfItsMessages(valueBytes: Int) throws {
        let (_, outcome) = try run([("--value-size", String(valueBytes))])
        let meter = try #require(outcome.traffic)
        let writes = outcome.writesByRegion.reduce(0) { $0 + $1.ok }
        #expect(writes > 40 && outcome.writesByRegion.allSatisfy { $0.failed == 0 })
        let append = 66 + 64 + 48 + 24 + valueBytes
        for follower in [1, 2] {
            #expect(meter.messages(from: 0, to: follower, .replication) == UInt64(writes))
            #expect(meter.bytes(from: 0, to: follower, .replication) == UInt64(writes * append))
            #expect(meter.bytes(from: follower, to: 0, .acknowledgements) == UInt64(writes * 130))
        }
        let remoteWrites = outcome.writesByRegion[1].count
        #expect(meter.bytes(from: 1, to: 0, .requests) == UInt64(remoteWrites * (66 + 64 + 24 + valueBytes)))
        #expect(meter.bytes(from: 0, to: 1, .replies) == UInt64(remoteWrites * 98))
        // Nothing else crosses between the followers but heartbeats.
        let kinds = TrafficClass.allCases.filter { meter.bytes(from: 1, to: 2, $0) > 0 }
        #expect(kinds == [.heartbeats])
    }

    /// A read's answer carries the value; a write's does not.
    @Test func aReadsAnswerCarriesTheValue() throws {
        let (_, outcome) = try run([("--write-fraction", "0"), ("--rate", "30"), ("--value-size", "500")])
        let meter = try #require(outcome.traffic)
        let remoteReads = outcome.readsByRegion[2].ok
        #expect(remoteReads > 50)
        #expect(meter.bytes(from: 0, to: 2, .replies) == UInt64(remoteReads * (66 + 32 + 500)))
        #expect(meter.bytes(from: 2, to: 0, .requests) == UInt64(remoteReads * (66 + 64 + 24)))
    }

    /// The month's cost is bytes per second × 730 h × price: AWS charges $0.02/GB out of
    /// us-east, $0.01/GB between us-east-1 and us-east-2.
    @Test func costIsTheRateTimesTheMonthTimesThePrice() throws {
        let (scenario, outcome) = try run([("--node-cost", "140/month")])
        let report = Report(scenario: scenario, outcome: outcome)
        let traffic = try #require(report.traffic)
        let link = try #require(traffic.links.first { $0.from == "us-east" && $0.to == "us-west" })
        let expected = Double(link.totalBytes) / outcome.endTime.seconds * 730 * 3600 / 1e9 * 0.02
        #expect(abs(link.usdPerMonth - expected) < 1e-9)
        #expect(abs((traffic.nodeUSDPerMonth ?? 0) - 3 * 140) < 1e-9)
        let ohio = try Topology.fromRegionList("us-east-1,us-east-2,eu-west-1")
        let prices = TransferPrices.of(.aws)
        #expect(prices.price(from: ohio.regions[0], to: ohio.regions[1]).perUnit == 0.01)
        #expect(prices.price(from: ohio.regions[1], to: ohio.regions[2]).perUnit == 0.02)
    }

    /// Prices by provider: AWS by source region (São Paulo $0.138), GCP by continent per
    /// GiB (within Europe $0.02, to Sydney $0.10, across the Atlantic $0.08), Azure's
    /// cross-zone traffic free; a region the sources do not list takes its continent's
    /// figure, marked estimated.
    @Test func pricesFollowTheirSources() throws {
        let aws = try Topology.fromRegionList("sa-east-1,us-east-1,ap-southeast-3")
        let awsPrices = TransferPrices.of(.aws)
        #expect(awsPrices.price(from: aws.regions[0], to: aws.regions[1]) == (0.138, false))
        #expect(awsPrices.price(from: aws.regions[2], to: aws.regions[1]) == (0.09, true))
        let gcp = try Topology.fromRegionList("europe-west1,europe-west3,australia-southeast1,us-east1", catalog: .gcp)
        let gcpPrices = TransferPrices.of(.gcp)
        #expect(gcpPrices.bytesPerUnit == 1_073_741_824)
        #expect(gcpPrices.price(from: gcp.regions[0], to: gcp.regions[1]).perUnit == 0.02)
        #expect(gcpPrices.price(from: gcp.regions[0], to: gcp.regions[2]).perUnit == 0.10)
        #expect(gcpPrices.price(from: gcp.regions[3], to: gcp.regions[0]).perUnit == 0.08)
        #expect(TransferPrices.of(.azure).crossZonePerUnit == 0)
        #expect(TransferPrices.of(.aws).crossZonePerUnit == 0.02)
    }

    /// Zones: with three replicas per region, bytes between zones of one region are
    /// counted and priced at the cross-AZ rate.
    @Test func crossZoneTrafficIsPriced() throws {
        let (scenario, outcome) = try run([("--replicas-per-region", "3")])
        let traffic = try #require(Report(scenario: scenario, outcome: outcome).traffic)
        let east = try #require(traffic.crossZone.first { $0.region == "us-east" })
        #expect(east.bytes > 0)
        #expect(abs(east.usdPerMonth - Double(east.bytes) / outcome.endTime.seconds * 730 * 3600 / 1e9 * 0.02) < 1e-9)
    }

    /// `--node-cost` needs its period; a bare number is refused with the expected form.
    @Test func nodeCostNeedsAPeriod() throws {
        #expect(TrafficSettings.parseNodeCost("0.192/h") == 0.192)
        #expect(TrafficSettings.parseNodeCost("$146/month") == 0.2)
        #expect(TrafficSettings.parseNodeCost("0.192") == nil)
        #expect(TrafficSettings.parseNodeCost("-1/h") == nil)
        #expect(TrafficSettings.parseNodeCost("1/week") == nil)
        let result = CommandLineInterface.main(["--topology", Self.three, "--node-cost", "0.192"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("0.192/h or 140/month"))
        for (text, problem) in [("1/week", "unknown period '/week'"), ("-1/h", "cannot be negative"), ("1e10/h", "at most 1e9"), ("x/h", "not a number")] {
            let refused = CommandLineInterface.main(["--topology", Self.three, "--node-cost", text])
            #expect(refused.exitCode == 64 && refused.standardError.contains(problem), "\(refused.standardError)")
        }
    }

    /// The continents the prices group regions by, from coordinates.
    @Test func continentsFromCoordinates() {
        #expect(Continent(latitude: 39.04, longitude: -77.49) == .northAmerica)
        #expect(Continent(latitude: -23.55, longitude: -46.63) == .southAmerica)
        #expect(Continent(latitude: 50.11, longitude: 8.68) == .europe)
        #expect(Continent(latitude: 32.09, longitude: 34.78) == .middleEast)
        #expect(Continent(latitude: -33.92, longitude: 18.42) == .africa)
        #expect(Continent(latitude: 35.68, longitude: 139.77) == .asia)
        #expect(Continent(latitude: -33.86, longitude: 151.21) == .oceania)
    }

    /// Every region of the three catalogs lands on the continent its code names (the
    /// prices group regions by continent): AWS and GCP by their code prefixes, Azure by a
    /// few of its names; Oceania is Australia and New Zealand.
    @Test func everyCatalogRegionIsOnTheContinentItsCodeNames() throws {
        let prefixes: [(String, Continent)] = [
            ("ap-southeast-2", .oceania), ("ap-southeast-4", .oceania), ("australia", .oceania), ("newzealand", .oceania),
            ("us", .northAmerica), ("ca-", .northAmerica), ("mx-", .northAmerica), ("northamerica", .northAmerica), ("canada", .northAmerica),
            ("mexico", .northAmerica), ("central", .northAmerica), ("east", .northAmerica), ("west", .northAmerica),
            ("north", .northAmerica), ("south", .northAmerica), ("sa-", .southAmerica), ("southamerica", .southAmerica),
            ("brazil", .southAmerica), ("eu", .europe), ("il-", .middleEast), ("me", .middleEast), ("israel", .middleEast),
            ("qatar", .middleEast), ("uae", .middleEast), ("af-", .africa), ("africa", .africa), ("southafrica", .africa),
            ("ap-", .asia), ("asia", .asia), ("japan", .asia), ("korea", .asia), ("india", .asia), ("indonesia", .asia),
            ("malaysia", .asia), ("jioindia", .asia),
        ]
        let europe = ["austria", "belgium", "denmark", "france", "germany", "italy", "norway", "poland", "spain", "sweden", "switzerland", "uk"]
        var checked = 0
        for provider in CloudCatalog.Provider.allCases {
            for region in CloudCatalog.of(provider).regions {
                let code = try #require(region.code)
                // The longest matching prefix decides (southafricanorth before south…).
                var expected = prefixes.filter { code.hasPrefix($0.0) }.max { $0.0.count < $1.0.count }?.1
                if europe.contains(where: { code.hasPrefix($0) }) || ["northeurope", "westeurope"].contains(code) { expected = .europe }
                if ["eastasia", "southeastasia", "centralindia", "southindia"].contains(code) { expected = .asia }
                let continent = Continent(latitude: region.latitude, longitude: region.longitude)
                #expect(continent == expected, "\(provider) \(code): \(continent) at \(region.latitude), \(region.longitude)")
                checked += 1
            }
        }
        #expect(checked == 32 + 54 + 41)
    }

    /// Region pairs too long to sit beside the figures in 80 columns get a line of their
    /// own, so the columns stay aligned (the report wraps longer lines).
    @Test func longRegionNamesKeepTheTableAligned() {
        let result = CommandLineInterface.main(["--topology", "us-east,us-west,ap-northeast", "--duration", "2s"])
        let lines = result.standardOutput.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(where: { $0.hasPrefix("Traffic between regions") }) else {
            Issue.record("no traffic table")
            return
        }
        let header = lines[start + 1]
        #expect(lines.contains("ap-northeast > us-east"))
        // Every figures row ends where the header ends, and no line is wider than 80.
        let rows = lines[(start + 2)...].prefix { !$0.hasPrefix("between regions") }.filter { $0.hasPrefix(" ") }
        #expect(rows.count == 6)
        #expect(rows.allSatisfy { $0.count == header.count && $0.count <= 80 }, "\(rows)")
    }
}
