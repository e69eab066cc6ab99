import Foundation
import Testing

@testable import GeoSim

/// One vocabulary across commands: availability as a percentage in text and a fraction
/// (or null) in JSON and CSV, rates without spurious decimals, range axes, the same
/// column names in the run's CSV and the export's, and the regions listing.
@Suite struct VocabularyTests {
    @Test func aSweepAxisTakesARangeWithACount() throws {
        #expect(try SweepAxis.parse("rate=1000..4000:4").values == ["1000", "2000", "3000", "4000"])
        #expect(try SweepAxis.parse("write-fraction=0.1..0.3:3").values == ["0.1", "0.2", "0.3"])
        #expect(try SweepAxis.parse("duration=10s..30s:3").values == ["10s", "20s", "30s"])
        #expect(try SweepAxis.parse("rate=1000,2000").values == ["1000", "2000"])
        for bad in ["rate=1000..4000", "rate=4000..1000:4", "rate=1000..4000:1", "rate=1s..4ms:2", "rate=a..b:2"] {
            #expect(throws: UsageError.self, "\(bad)") { try SweepAxis.parse(bad) }
        }
        let result = CommandLineInterface.main(["sweep", "--topology", "us-east", "--vary", "rate=1000..4000"])
        #expect(result.exitCode == 64)
        #expect(result.standardError.contains("LOW..HIGH:K"))
    }

    @Test func ratesPrintWithoutSpuriousDecimals() {
        #expect(ReportText.rateText(2000) == "2000")
        #expect(ReportText.rateText(1051.5625) == "1051.56")
        #expect(ReportText.rateText(100.5) == "100.5")
    }

    @Test func availabilityIsAPercentInTextAndNAWithoutOperations() {
        #expect(ReportText.availabilityText(0.9995, decimals: 2) == "99.95%")
        #expect(ReportText.availabilityText(nil, decimals: 2) == "n/a")
        #expect(ReportText.availabilityText(mean: 0.99, halfWidth: 0.0025, decimals: 3) == "99.000% ± 0.250%")
        var none = OperationStats()
        #expect(none.measuredAvailability == nil)
        none.failed = 1
        none.recordOK(latency: 5)
        #expect(none.measuredAvailability == 0.5)
    }

    /// A run with writes only: read availability is n/a in text, null in JSON, empty in
    /// both CSVs, and the sweep's availability_reads is null.
    @Test func aRunWithoutReadsHasNoReadAvailability() throws {
        let words = ["--topology", "us-east,us-west", "--duration", "2s", "--rate", "100", "--write-fraction", "1", "--isolate", "us-west@1s..1500ms"]
        let text = CommandLineInterface.main(words).standardOutput
        #expect(text.contains("n/a"), "\(text)")
        let json = try JSONParser.parse(CommandLineInterface.main(words + ["--format", "json"]).standardOutput)
        #expect(json["availability"]?["reads"] == .null)
        #expect(json["availability"]?["by_region"]?["us-east"]?["reads"] == .null)
        guard case .number(let writes)? = json["availability"]?["writes"] else {
            Issue.record("no write availability")
            return
        }
        #expect(writes > 0 && writes < 1)
        let csv = CommandLineInterface.main(words + ["--format", "csv"]).standardOutput.split(separator: "\n").map {
            $0.split(separator: ",", omittingEmptySubsequences: false)
        }
        let header = csv[0].map(String.init)
        let availability = try #require(header.firstIndex(of: "availability"))
        let readAll = try #require(csv.first { $0[0] == "read" && $0[1] == "all" })
        #expect(readAll[availability].isEmpty)
    }

    /// `--format csv` and the export's latency.csv name the same columns the same.
    @Test func theRunCSVAndTheExportShareColumnNames() throws {
        let header = ReportCSV.header.split(separator: ",").map(String.init)
        let report = try #require(ExportFixtures.faultyRun)
        let latency = RunExport.latencyTable(report).columns.map(\.name)
        for name in ["operation", "region", "count", "ok", "failed", "unknown", "p50_ms", "p99_ms", "mean_ms", "floor_ms", "availability"] {
            #expect(header.contains(name), "--format csv lacks \(name)")
            #expect(latency.contains(name), "latency.csv lacks \(name)")
        }
        // `kind` stays first in --format csv (an alias of `operation`).
        #expect(header.first == "kind")
        let rows = ReportCSV.render(report).split(separator: "\n").dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        let operation = try #require(header.firstIndex(of: "operation"))
        #expect(rows.allSatisfy { $0[0] == $0[operation] })
        let json = report.jsonValue
        let region = report.regions[0]
        #expect(json["writes"]?["by_region"]?[region.name]?["floor_ms"] == Report.milliseconds(region.placementFloor))
    }

    @Test func regionsFromShowsTheIntraRegionRoundTripRunsUse() throws {
        let text = CommandLineInterface.main(["regions", "--from", "us-east"])
        #expect(text.exitCode == 0)
        let own = try #require(text.standardOutput.split(separator: "\n").first { $0.hasPrefix("us-east-1 ") })
        #expect(own.contains(" 1.0*"), "\(own)")
        #expect(text.standardOutput.contains("1.0 ms between zones, 0.5 ms inside one zone"))
        #expect(text.standardOutput.split(separator: "\n").allSatisfy { $0.count <= 80 })
        let json = try JSONParser.parse(CommandLineInterface.main(["regions", "--from", "us-east", "--format", "json"]).standardOutput)
        #expect(json["schema"] == .string("geosim.regions/1"))
        guard case .array(let rows)? = json["regions"] else {
            Issue.record("no regions")
            return
        }
        #expect(rows.count == RegionCatalog.count)
        #expect(rows[0]["code"] == .string("us-east-1"))
        #expect(rows[0]["rtt_ms"] == .number(1))
        #expect(rows[0]["catalog_rtt_ms"] == .number(Double(RegionCatalog.roundTrip(from: 0, to: 0)) / 1e6))
        let csv = CommandLineInterface.main(["regions", "--format", "csv"]).standardOutput.split(separator: "\n")
        #expect(csv.first == "code,alias,city,latitude,longitude,rtt_ms,catalog_rtt_ms,floor_ms")
        #expect(csv.count == RegionCatalog.count + 1)
        #expect(CommandLineInterface.main(["regions", "--format", "yaml"]).exitCode == 64)
    }
}
