import Foundation
import Testing

@testable import GeoSim

/// t-visibility: a monotone estimate with its band.
@Suite struct VisibilityEstimateTests {
    /// Pool adjacent violators by hand: [0.5 (w 2), 0.2 (w 8), 0.9 (w 1)] → the first two
    /// pool to (0.5·2 + 0.2·8) / 10 = 0.26; 0.9 stays.
    @Test func isotonicRegressionPoolsViolators() {
        let fit = VisibilityCurve.isotonic([0.5, 0.2, 0.9], weights: [2, 8, 1])
        #expect(fit.count == 3)
        #expect(abs(fit[0] - 0.26) < 1e-12 && abs(fit[1] - 0.26) < 1e-12 && fit[2] == 0.9)
        #expect(VisibilityCurve.isotonic([0.1, 0.2], weights: [1, 1]) == [0.1, 0.2])
    }

    /// Wilson for 8 of 10: center (0.8 + z²/20)/(1 + z²/10), half z·√(0.016 + z²/400)/(1 + z²/10).
    @Test func wilsonIntervalByHand() {
        let z = 1.959963984540054
        let denominator = 1 + z * z / 10
        let center = (0.8 + z * z / 20) / denominator
        let half = z * (0.8 * 0.2 / 10 + z * z / 400).squareRoot() / denominator
        let interval = VisibilityCurve.wilson(successes: 8, trials: 10)
        #expect(abs(interval.low - (center - half)) < 1e-12 && abs(interval.high - (center + half)) < 1e-12)
        #expect(VisibilityCurve.wilson(successes: 10, trials: 10).high == 1)
    }

    @Test func aRunsCurveIsMonotoneWhereItsBinsAreNot() {
        var curve = VisibilityCurve()
        // Bin 0 (t = 0): 3 of 4; bin 1 (1 ms): 1 of 4; bin 3 (5 ms): 4 of 4.
        for sawIt in [true, true, true, false] { curve.record(sinceCommit: 0, sawIt: sawIt) }
        for sawIt in [true, false, false, false] { curve.record(sinceCommit: .millisecond, sawIt: sawIt) }
        for _ in 0..<4 { curve.record(sinceCommit: 5 * .millisecond, sawIt: true) }
        let estimates = curve.estimates
        #expect(estimates.map(\.observed) == [0.75, 0.25, 1])
        #expect(estimates.map(\.monotone) == [0.5, 0.5, 1])
        #expect(zip(estimates, estimates.dropFirst()).allSatisfy { $0.monotone <= $1.monotone })
        #expect(estimates.allSatisfy { $0.low <= $0.observed && $0.observed <= $0.high })
    }

    @Test func aSingleRegionLegSetSaysWhyEveryPointIsOne() {
        let result = CommandLineInterface.main(["visibility", "--topology", "us-east", "--replicas-per-region", "3", "--trials", "1000"])
        #expect(result.exitCode == 0)
        #expect(result.standardOutput.contains("every point is 1: all 3 replicas are in us-east"), "\(result.standardOutput)")
        let json = try? JSONParser.parse(
            CommandLineInterface.main(["visibility", "--topology", "us-east", "--replicas-per-region", "3", "--trials", "1000", "--format", "json"])
                .standardOutput)
        guard case .array(let curve)? = json?["curve"] else {
            Issue.record("no curve")
            return
        }
        // 1000 of 1000: Wilson's lower end is 1 / (1 + z²/1000).
        let z = 1.959963984540054
        guard case .number(let low)? = curve[0]["ci95_low"] else {
            Issue.record("no band")
            return
        }
        #expect(abs(low - 1 / (1 + z * z / 1000)) < 1e-9)
    }
}
