import Foundation
import Testing

@testable import GeoSim

/// Sweep statistics from exact per-replicate figures, not histogram bucket midpoints.
@Suite struct SweepStatisticsTests {
    @Test func exactPercentilesAreNearestRankOrderStatistics() {
        let values: [Nanoseconds] = [50, 10, 40, 20, 30, 60, 70, 80, 90, 100]
        // Ranks ⌈p·10⌉: p50 → 5th (50), p90 → 9th (90), p99 and p99.9 → 10th (100).
        #expect(ExactLatencies.percentiles(values, [0.5, 0.9, 0.99, 0.999]) == [50, 90, 100, 100])
        #expect(ExactLatencies.percentiles([], [0.5]) == nil)
    }

    @Test func exactLatenciesGiveUpPastTheirCapacity() {
        var exact = ExactLatencies(capacity: 2)
        for value: Nanoseconds in [3, 1, 2] { exact.record(isWrite: true, value) }
        exact.record(isWrite: false, 7)
        #expect(!exact.writesComplete && exact.writes.isEmpty)
        #expect(exact.readsComplete && exact.reads == [7])
    }

    /// Four replicates whose write p50s share one histogram bucket: the histogram gave
    /// the same midpoint four times (a ± 0.00 interval); the exact p50s differ, and the
    /// interval is t(0.975, 3) · s / √4 of them.
    @Test func replicatesDifferByTheirExactPercentiles() throws {
        var base = ScenarioSettings()
        try base.apply(flag: "--topology", value: "us-east,us-west,eu-central")
        try base.apply(flag: "--duration", value: "10s")
        let runner = SweepRunner(base: base, grid: SweepGrid(axes: [], replicates: 4))
        let rows = try runner.run(rows: [0, 1, 2, 3], jobs: 1)
        let p50 = SweepMetrics.index(of: "writes_p50_ms") ?? -1
        let exact = rows.compactMap { $0.metrics[p50] }
        #expect(exact.count == 4)
        var midpoints: [Double] = []
        for replicate in 0..<4 {
            var scenario = try runner.settings(point: 0, replicate: replicate).makeScenario()
            scenario.recordExactLatencies = true
            let outcome = Simulation.run(scenario)
            let writes = outcome.exactLatencies?.writes ?? []
            let total = outcome.writesByRegion.reduce(into: OperationStats()) { $0.merge($1) }
            #expect(writes.count == total.ok)
            // The row's p50 is the ⌈n/2⌉-th smallest write latency, rounded to µs.
            let rank = (writes.count + 1) / 2
            #expect(exact[replicate] == SweepMetrics.rounded(Double(writes.sorted()[rank - 1]) / 1e6, 3))
            midpoints.append(Double(total.latency.percentile(0.5)) / 1e6)
        }
        #expect(Set(midpoints).count == 1, "the histogram hides the difference: \(midpoints)")
        #expect(Set(exact).count > 1, "exact p50s: \(exact)")
        let mean = exact.reduce(0, +) / 4
        let s = (exact.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / 3).squareRoot()
        let statistic = SweepSummary(rows: rows).points[0].statistics[p50]
        #expect(abs((statistic?.halfWidth ?? 0) - 3.182 * s / 2) < 1e-9)
        #expect((statistic?.halfWidth ?? 0) > 0)
    }
}
