import Testing

@testable import GeoSim

/// `--catalog aws|azure|gcp`: each catalog holds its source's figures, a region list
/// names one catalog's regions, and a name from another catalog says which.
@Suite struct CloudCatalogTests {
    func roundTripMilliseconds(_ catalog: CloudCatalog, _ a: String, _ b: String) throws -> Double {
        let (i, j) = try (catalog.resolve(a), catalog.resolve(b))
        return Double(catalog.roundTrip(from: i, to: j)) / 1e6
    }

    /// Published figures (shared/data/README.md): Azure P95 East US–West US 2 75 ms,
    /// East US–Germany West Central 97 ms, West US 2–Germany West Central 160 ms; GCP
    /// us-east1–us-west1 64 ms.
    @Test func theCatalogsHoldTheirSourcesFigures() throws {
        #expect(abs(try roundTripMilliseconds(.azure, "eastus", "westus2") - 75) <= 1)
        #expect(abs(try roundTripMilliseconds(.azure, "eastus", "germanywestcentral") - 97) <= 1)
        #expect(abs(try roundTripMilliseconds(.azure, "westus2", "germanywestcentral") - 160) <= 1)
        #expect(abs(try roundTripMilliseconds(.gcp, "us-east1", "us-west1") - 64) <= 2)
        #expect(CloudCatalog.azure.regions.count == 54 && CloudCatalog.gcp.regions.count == 41)
        for catalog in [CloudCatalog.aws, .azure, .gcp] {
            for i in catalog.regions.indices {
                for j in catalog.regions.indices where i != j {
                    #expect(catalog.roundTrip(from: i, to: j) == catalog.roundTrip(from: j, to: i), "\(catalog.provider) \(i) \(j)")
                    #expect(catalog.roundTrip(from: i, to: j) > 0)
                }
            }
        }
    }

    /// The AWS catalog is the built-in one, pair for pair.
    @Test func awsIsTheDefaultCatalog() {
        for i in 0..<RegionCatalog.count {
            for j in 0..<RegionCatalog.count { #expect(CloudCatalog.aws.roundTrip(from: i, to: j) == RegionCatalog.roundTrip(from: i, to: j)) }
        }
    }

    /// The shared aliases resolve in every catalog, so one region list serves all three;
    /// with jitter off a write from the leader's region costs the catalog's round trip to
    /// the nearest follower plus the same local part.
    @Test func oneRegionListServesEveryCatalog() throws {
        var overheads: [Double] = []
        for provider in CloudCatalog.Provider.allCases {
            let result = CommandLineInterface.main([
                "--topology", "us-east,us-west,eu-central", "--catalog", provider.rawValue, "--jitter", "none", "--duration", "5s", "--rate", "200",
                "--format", "json",
            ])
            let json = try JSONParser.parse(result.standardOutput)
            guard case .number(let p50)? = json["writes"]?["by_region"]?["us-east"]?["latency_ms"]?["p50"] else {
                Issue.record("\(provider): \(result.standardError)")
                continue
            }
            let catalog = CloudCatalog.of(provider)
            let nearest = min(try roundTripMilliseconds(catalog, "us-east", "us-west"), try roundTripMilliseconds(catalog, "us-east", "eu-central"))
            overheads.append(p50 - nearest)
            #expect(json["round_trip_source"] == .string(catalog.description))
        }
        #expect(overheads.count == 3 && overheads.allSatisfy { abs($0 - overheads[0]) < 0.01 }, "\(overheads)")
    }

    /// `us-central1` on the AWS catalog names GCP rather than suggesting ca-central.
    @Test func aRegionOfAnotherCatalogSaysWhich() {
        let result = CommandLineInterface.main(["--topology", "us-east,us-central1"])
        #expect(result.exitCode == 64 && result.standardError.contains("--catalog gcp") && !result.standardError.contains("ca-central"))
        let azure = CommandLineInterface.main(["--topology", "eastus", "--catalog", "gcp"])
        #expect(azure.standardError.contains("--catalog azure"), "\(azure.standardError)")
        #expect(CommandLineInterface.main(["--topology", "us-east", "--catalog", "oracle"]).exitCode == 64)
    }
}

/// `geosim regions --catalog`: another cloud's regions, and AWS's listing unchanged.
@Suite struct RegionsCatalogTests {
    @Test func regionsListsAnotherCloud() throws {
        let azure = CommandLineInterface.main(["regions", "--catalog", "azure"])
        #expect(azure.exitCode == 0 && azure.standardOutput.hasPrefix("54 Azure regions") && azure.standardOutput.contains("germanywestcentral"))
        let gcp = CommandLineInterface.main(["regions", "--catalog", "gcp", "--from", "us-east", "--format", "json"])
        let json = try JSONParser.parse(gcp.standardOutput)
        guard case .array(let rows)? = json["regions"] ?? json["rows"] else {
            Issue.record("no rows: \(gcp.standardOutput.prefix(200))")
            return
        }
        #expect(rows.count == 41)
        #expect(json["from"] == .string("us-east"), "the origin as the catalog names it")
        let central = try JSONParser.parse(
            CommandLineInterface.main(["regions", "--catalog", "gcp", "--from", "us-central1", "--format", "json"]).standardOutput)
        #expect(central["from"] == .string("us-central1"))
        let aws = CommandLineInterface.main(["regions", "--catalog", "aws"])
        #expect(aws.standardOutput == CommandLineInterface.main(["regions"]).standardOutput)
        #expect(CommandLineInterface.main(["regions", "--catalog", "ibm"]).exitCode == 64)
        let text = CommandLineInterface.main(["regions", "--catalog", "azure", "--from", "us-east"]).standardOutput
        #expect(text.contains("RTT: P95 round trip") && text.contains("not published"), "\(text.suffix(400))")
    }
}
