import Testing

@testable import GeoSim

/// The built-in region catalog: its numbers, name resolution and the `geosim regions` text.
struct TopologyCatalogTests {
    @Test func catalogHas32RegionsAndASymmetricCompleteMatrix() {
        #expect(RegionCatalog.regions.count == 32)
        #expect(RegionCatalogData.roundTripTenthsOfMillisecond.count == 32 * 32)
        for a in 0..<32 {
            for b in 0..<32 {
                #expect(RegionCatalog.roundTrip(from: a, to: b) == RegionCatalog.roundTrip(from: b, to: a))
                #expect(RegionCatalog.roundTrip(from: a, to: b) > 0)
            }
        }
    }

    @Test func spotValuesMatchRegionsJSON() throws {
        func rtt(_ a: String, _ b: String) throws -> Nanoseconds {
            let i = try #require(RegionCatalog.index(named: a))
            let j = try #require(RegionCatalog.index(named: b))
            return RegionCatalog.roundTrip(from: i, to: j)
        }
        #expect(try rtt("us-east-1", "eu-central-1") == 92_800_000)
        #expect(try rtt("us-east-1", "us-west-2") == 64_100_000)
        #expect(try rtt("eu-west-1", "us-east-1") == 69_600_000)
        #expect(try rtt("ap-northeast-1", "ap-southeast-1") == 70_600_000)
        #expect(try rtt("sa-east-1", "ap-southeast-2") == 312_100_000)
        #expect(try rtt("af-south-1", "ap-east-1") == 354_700_000)
        #expect(try rtt("us-east-1", "us-east-1") == 5_300_000)
    }

    @Test func namesAreAliasesOrCodes() throws {
        let usEast = try #require(RegionCatalog.index(named: "us-east"))
        #expect(RegionCatalog.index(named: "us-east-1") == usEast)
        #expect(RegionCatalog.index(named: "US-East") == usEast)
        #expect(RegionCatalog.regions[usEast].name == "us-east")
        #expect(RegionCatalog.regions[usEast].code == "us-east-1")
        #expect(RegionCatalog.regions[usEast].city == "N. Virginia")
        let london = try #require(RegionCatalog.index(named: "eu-west-2"))
        #expect(RegionCatalog.regions[london].name == "eu-west-2")
        #expect(RegionCatalog.regions[london].alias == nil)
        #expect(RegionCatalog.index(named: "ap-northeast").map { RegionCatalog.regions[$0].city } == "Tokyo")
        #expect(RegionCatalog.index(named: "ap-southeast").map { RegionCatalog.regions[$0].city } == "Singapore")
        #expect(RegionCatalog.index(named: "mars-north") == nil)
        #expect(RegionCatalog.index(named: "") == nil)
        #expect(try RegionCatalog.resolve("eu-central") == RegionCatalog.index(named: "eu-central-1"))
    }

    @Test func unknownRegionSuggestsTheClosestName() {
        #expect(throws: UsageError("Unknown region 'us-esat'.", hint: "Did you mean 'us-east'?")) {
            try RegionCatalog.resolve("us-esat")
        }
        #expect(throws: UsageError("Unknown region 'atlantis'.", hint: "Run 'geosim regions' to list them.")) {
            try RegionCatalog.resolve("atlantis")
        }
    }

    @Test func listingInCatalogOrderFitsEightyColumns() throws {
        let text = try RegionCatalog.listing(from: nil)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        for line in lines { #expect(line.count <= 80, "too wide: \(line)") }
        let rows = lines.filter { $0.hasPrefix("us-") || $0.hasPrefix("ap-") || $0.hasPrefix("eu-") }
        #expect(rows.first?.hasPrefix("us-east-1") == true)
        #expect(lines.filter { line in RegionCatalog.regions.contains { line.hasPrefix(($0.code ?? "") + " ") } }.count == 32)
        #expect(text.contains("cloudping"))
    }

    @Test func listingFromARegionIsSortedByRoundTrip() throws {
        let text = try RegionCatalog.listing(from: "eu-central")
        let lines = text.split(separator: "\n").map(String.init)
        for line in lines { #expect(line.count <= 80, "too wide: \(line)") }
        let origin = try #require(RegionCatalog.index(named: "eu-central"))
        var trips: [Nanoseconds] = []
        for line in lines {
            guard let code = line.split(separator: " ").first,
                let index = RegionCatalog.index(named: String(code))
            else { continue }
            trips.append(RegionCatalog.roundTrip(from: origin, to: index))
        }
        #expect(trips.count == 32)
        #expect(trips == trips.sorted())
        #expect(lines.contains { $0.hasPrefix("eu-central-1") && $0.contains("92.8") } == false)
        let usEastRow = try #require(lines.first { $0.hasPrefix("us-east-1 ") })
        #expect(usEastRow.contains(" 92.8 "))
        #expect(usEastRow.contains(" 64.2 "))  // fiber floor: 6549 km → 64.2 ms
        #expect(throws: UsageError("Unknown region 'eu-centrl'.", hint: "Did you mean 'eu-central'?")) {
            try RegionCatalog.listing(from: "eu-centrl")
        }
    }
}
