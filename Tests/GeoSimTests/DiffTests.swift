import Foundation
import Testing

@testable import GeoSim

/// `geosim diff`: directions, significance and noise by arithmetic, and the command on
/// real runs and sweeps.
@Suite struct DiffTests {
    typealias Figure = (name: String, value: Double?, ci: Double?)

    /// Money and bytes are better lower: a placement that costs more is worse.
    @Test func costAndTrafficAreBetterLower() {
        let a: [Figure] = [("cost.total_usd_per_month", 100, nil), ("traffic.cross_region_bytes_per_op", 1000, nil)]
        let b: [Figure] = [("cost.total_usd_per_month", 150, nil), ("traffic.cross_region_bytes_per_op", 800, nil)]
        let rows = FigureComparison.compare(a, b, threshold: 0.05)
        #expect(rows.first { $0.name == "cost.total_usd_per_month" }?.direction == .worse)
        #expect(rows.first { $0.name == "traffic.cross_region_bytes_per_op" }?.direction == .better)
    }

    @Test func directionsFollowTheFiguresMeaning() {
        let a: [Figure] = [
            ("writes.total.latency_ms.p99", 100, nil), ("availability.writes", 0.99, nil), ("engine.messages", 1000, nil),
            ("reads.total.latency_ms.p50", 10, nil), ("gone", 1, nil),
        ]
        let b: [Figure] = [
            ("writes.total.latency_ms.p99", 120, nil), ("availability.writes", 1, nil), ("engine.messages", 900, nil),
            ("reads.total.latency_ms.p50", 10.2, nil), ("new", 3, nil),
        ]
        let rows = FigureComparison.compare(a, b, threshold: 0.05)
        func row(_ name: String) -> FigureComparison.Row? { rows.first { $0.name == name } }
        #expect(row("writes.total.latency_ms.p99")?.direction == .worse && row("writes.total.latency_ms.p99")?.significant == true)
        #expect(row("writes.total.latency_ms.p99")?.relative == 0.2)
        #expect(row("availability.writes")?.direction == .better, "higher availability is better")
        #expect(row("engine.messages")?.direction == .changed)
        #expect(row("reads.total.latency_ms.p50")?.significant == false, "2% is under the 5% threshold")
        #expect(row("gone")?.significant == true && row("new")?.a == nil)
        #expect(rows.prefix(4).allSatisfy(\.significant) && !rows[4].significant, "significant changes come first")
        #expect(rows.last?.name == "availability.writes", "then the larger changes: 2% before 1%")
    }

    /// Replicates [10, 12, 14] against [11, 13, 15]: means 12 and 13, each interval
    /// t(0.975, 2) · 2 / √3 = 4.97: the change is noise. Against [30, 32, 34] it is not.
    @Test func aChangeInsideBothIntervalsIsNoise() {
        func rows(_ values: [Double]) -> [SweepRow] {
            values.enumerated().map { replicate, value in
                var row = SweepRow(point: 0, replicate: replicate, seed: 0, vary: ["100"], metrics: SweepMetrics.names.map { _ in nil })
                row.metrics[SweepMetrics.index(of: "writes_p99_ms") ?? 0] = value
                return row
            }
        }
        let a = SweepComparison.figures(rows: rows([10, 12, 14]), axes: ["rate"])
        let near = SweepComparison.figures(rows: rows([11, 13, 15]), axes: ["rate"])
        let far = SweepComparison.figures(rows: rows([30, 32, 34]), axes: ["rate"])
        #expect(a.count == 1 && a[0].name == "rate=100 writes_p99_ms" && a[0].value == 12)
        #expect(abs((a[0].ci ?? 0) - 4.302653 * 2 / 3.0.squareRoot()) < 1e-3)
        #expect(FigureComparison.compare(a, near, threshold: 0.05).first?.direction == .noise)
        let worse = FigureComparison.compare(a, far, threshold: 0.05).first
        #expect(worse?.direction == .worse && worse?.significant == true)
    }

    /// Two runs that differ in their leader: the diff names the setting and gives each
    /// figure's change as the reports' own values subtract.
    @Test func twoRunsSideBySide() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-diff-\(getpid())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let base = ["--topology", "us-east,us-west,eu-central", "--duration", "5s", "--rate", "200", "--jitter", "none", "--format", "json"]
        let a = CommandLineInterface.main(base).standardOutput
        let b = CommandLineInterface.main(base + ["--leader", "eu-central"]).standardOutput
        let (pathA, pathB) = (directory.appendingPathComponent("a.json").path, directory.appendingPathComponent("b.json").path)
        try a.write(toFile: pathA, atomically: true, encoding: .utf8)
        try b.write(toFile: pathB, atomically: true, encoding: .utf8)
        let text = CommandLineInterface.main(["diff", pathA, pathB])
        #expect(text.exitCode == 0 && text.standardOutput.contains("leader_region: us-east → eu-central"), "\(text.standardOutput.prefix(400))")
        let json = CommandLineInterface.main(["diff", pathA, pathB, "--format", "json"])
        let parsed = try JSONParser.parse(json.standardOutput)
        guard case .array(let figures)? = parsed["figures"] else {
            Issue.record("no figures")
            return
        }
        let name = "writes.by_region.us-east.latency_ms.p50"
        let row = try #require(figures.first { $0["name"] == .string(name) })
        let before = try #require(FigureComparison.figures(of: try JSONParser.parse(a)).first { $0.name == name }?.value)
        let after = try #require(FigureComparison.figures(of: try JSONParser.parse(b)).first { $0.name == name }?.value)
        #expect(row["change"] == .number(after - before) && row["direction"] == .string("worse"))
    }

    @Test func badOperandsAreRefused() throws {
        #expect(CommandLineInterface.main(["diff", "only-one.json"]).exitCode == 64)
        #expect(CommandLineInterface.main(["diff", "/nonexistent/a.json", "/nonexistent/b.json"]).exitCode == 65)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("geosim-diff-bad-\(getpid()).json").path
        try "{\"schema\": \"something-else\"}".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = CommandLineInterface.main(["diff", path, path])
        #expect(result.exitCode == 65 && result.standardError.contains("geosim report"), "\(result.standardError)")
        #expect(CommandLineInterface.main(["diff", path, path, "--threshold", "-1"]).exitCode == 64)
    }
}
