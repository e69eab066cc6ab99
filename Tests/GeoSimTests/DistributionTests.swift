import Foundation
import Testing

@testable import GeoSim

/// Statistical checks of `Distribution` against closed forms. Every check uses a fixed
/// seed, so a run is deterministic; tolerances are several standard errors of the
/// estimate at the sample size, so a correct implementation passes with any seed with
/// overwhelming probability, and a wrong parameter (a rate for a mean, sigma squared for
/// sigma) misses by tens of standard errors.
@Suite struct DistributionTests {
    static let draws = 200_000

    static func parse(_ json: String) throws -> Distribution {
        try Distribution.parse(InputNode(try JSONParser.parse(json)))
    }

    /// Sorted draws (as real nanoseconds) plus their mean and standard deviation.
    static func sample(_ distribution: Distribution, seed: UInt64 = 2024) -> (sorted: [Double], mean: Double, sd: Double) {
        var random = RandomStream(seed: seed, component: "distribution-test")
        var values = [Double](repeating: 0, count: draws)
        var sum = 0.0
        for index in values.indices {
            let value = distribution.sampleValue(using: &random)
            values[index] = value
            sum += value
        }
        let mean = sum / Double(draws)
        var squares = 0.0
        for value in values { squares += (value - mean) * (value - mean) }
        values.sort()
        return (values, mean, (squares / Double(draws - 1)).squareRoot())
    }

    /// The nearest-rank sample p-quantile.
    static func sampleQuantile(_ sorted: [Double], _ p: Double) -> Double {
        sorted[max(0, Int((p * Double(sorted.count)).rounded(.up)) - 1)]
    }

    /// Checks the sample mean against `mean` within 5 standard errors (sd/√n, the CLT),
    /// and the sample p50/p90/p99 against `quantile(p)` within 6 standard errors of a
    /// sample quantile, √(p(1−p)/n) · Q′(p), taking the slope of Q on the side the sample
    /// fell (Q may have a kink there, as empirical distributions do at their knots).
    /// Returns the sorted draws for further checks.
    @discardableResult
    static func checkAgainstClosedForm(
        _ distribution: Distribution, quantiles: [Double] = [0.5, 0.9, 0.99],
        sourceLocation: SourceLocation = #_sourceLocation
    ) -> [Double] {
        let (sorted, mean, sd) = sample(distribution)
        let standardError = sd / Double(draws).squareRoot()
        #expect(
            abs(mean - distribution.mean) <= 5 * standardError + 1e-9 * distribution.mean,
            "mean \(mean) vs \(distribution.mean) (se \(standardError))", sourceLocation: sourceLocation)
        for p in quantiles {
            guard let expected = distribution.quantile(p) else { continue }
            let observed = sampleQuantile(sorted, p)
            let h = 1e-5
            let slope =
                observed >= expected
                ? ((distribution.quantile(p + h) ?? expected) - expected) / h
                : (expected - (distribution.quantile(p - h) ?? expected)) / h
            let tolerance = 6 * (p * (1 - p) / Double(draws)).squareRoot() * slope + 1e-9 * expected
            #expect(
                abs(observed - expected) <= tolerance,
                "p\(p * 100): sample \(observed) vs closed form \(expected) (tolerance \(tolerance))",
                sourceLocation: sourceLocation)
        }
        return sorted
    }

    @Test func constant() {
        let distribution = Distribution.constant(5e6)
        var random = RandomStream(seed: 1, component: "distribution-test")
        for _ in 0..<1_000 { #expect(distribution.sample(using: &random) == 5_000_000) }
        #expect(distribution.mean == 5e6)
        #expect(distribution.quantile(0.99) == 5e6)
    }

    @Test func uniform() { Self.checkAgainstClosedForm(.uniform(min: 1e6, max: 3e6)) }
    @Test func exponential() { Self.checkAgainstClosedForm(.exponential(mean: 2e6)) }
    @Test func lognormal() { Self.checkAgainstClosedForm(.lognormal(median: 10e6, sigma: 0.5)) }
    @Test func pareto() { Self.checkAgainstClosedForm(.pareto(scale: 0.235e6, shape: 10)) }

    @Test func normalFarFromZeroMatchesUntruncatedQuantiles() {
        // Mean 5 sd above zero: truncation removes 3e-7 of the mass, far below what
        // 200k draws resolve, so the untruncated closed form applies.
        let distribution = Distribution.normal(mean: 10e6, stddev: 2e6)
        let sorted = Self.checkAgainstClosedForm(distribution)
        for p in [0.5, 0.9, 0.99] {
            let expected = 10e6 + 2e6 * Distribution.standardNormalQuantile(p)
            let slope = 2e6 / Distribution.standardNormalPDF(Distribution.standardNormalQuantile(p))
            let tolerance = 6 * (p * (1 - p) / Double(Self.draws)).squareRoot() * slope
            #expect(abs(Self.sampleQuantile(sorted, p) - expected) <= tolerance)
        }
    }

    @Test func truncatedNormalNeverNegativeAndMeanMatches() {
        // Mean 0.5 sd above zero: about 31% of raw draws are resampled.
        let distribution = Distribution.normal(mean: 1e6, stddev: 2e6)
        let (sorted, mean, sd) = Self.sample(distribution)
        #expect(sorted.first.map { $0 >= 0 } == true)
        #expect(distribution.mean > 1e6)  // truncation below shifts the mean up
        #expect(abs(mean - distribution.mean) <= 5 * sd / Double(Self.draws).squareRoot())
        var random = RandomStream(seed: 4, component: "distribution-test")
        for _ in 0..<10_000 { #expect(distribution.sample(using: &random) >= 0) }
    }

    @Test func mixtureMeanIsWeightedMeans() throws {
        let distribution = try Self.parse(
            """
            {"mixture": [{"weight": 0.9, "of": {"exponential": {"mean": "1ms"}}},
                         {"weight": 0.1, "of": {"constant": "50ms"}}]}
            """)
        #expect(abs(distribution.mean - (0.9 * 1e6 + 0.1 * 50e6)) <= 1e-6)
        // Weights need not add up to 1: they are normalized.
        let unnormalized = try Self.parse(
            """
            {"mixture": [{"weight": 9, "of": {"exponential": {"mean": "1ms"}}},
                         {"weight": 1, "of": {"constant": "50ms"}}]}
            """)
        #expect(abs(unnormalized.mean - distribution.mean) <= 1e-6)
        let sorted = Self.checkAgainstClosedForm(distribution)
        // The constant component is chosen in 10% of draws: binomial sd 0.067%.
        let fifties = sorted.filter { $0 == 50e6 }.count
        #expect(abs(Double(fifties) / Double(Self.draws) - 0.1) < 5 * (0.09 / Double(Self.draws)).squareRoot())
    }

    @Test func empiricalKnotsExactAndSampleQuantilesNear() throws {
        let distribution = try Self.parse(#"{"empirical": {"p50": "3.75ms", "p99": "6.59ms", "p99.9": "32.9ms", "max": "2.98s"}}"#)
        #expect(distribution.quantile(0.5) == 3.75e6)
        #expect(distribution.quantile(0.99) == 6.59e6)
        #expect(distribution.quantile(0.999) == 32.9e6)
        #expect(distribution.quantile(1) == 2.98e9)
        #expect(distribution.quantile(0) == 0)
        #expect(distribution.quantile(0.25) == 3.75e6 / 2)
        Self.checkAgainstClosedForm(distribution, quantiles: [0.25, 0.5, 0.9, 0.99, 0.999])
    }

    @Test func samplesAreRoundedNonNegativeIntegers() {
        var a = RandomStream(seed: 8, component: "distribution-test")
        var b = RandomStream(seed: 8, component: "distribution-test")
        let distribution = Distribution.lognormal(median: 1_000, sigma: 1)
        for _ in 0..<1_000 {
            #expect(distribution.sample(using: &a) == Int64(distribution.sampleValue(using: &b).rounded()))
        }
    }

    // MARK: - Parsing

    static func parseError(_ json: String) -> InputError? {
        do {
            _ = try parse(json)
            return nil
        } catch let error as InputError {
            return error
        } catch {
            return nil
        }
    }

    @Test(arguments: [
        (#"{"uniform": {"min": "-1ms", "max": "3ms"}}"#, "$.uniform.min", "negative"),
        (#"{"exponential": {"mean": "0ms"}}"#, "$.exponential.mean", "greater than zero"),
        (#"{"exponential": {"mean": 2}}"#, "$.exponential.mean", "bare number 2"),
        (#"{"exponentail": {"mean": "2ms"}}"#, "$.exponentail", "did you mean 'exponential'?"),
        (#"{"normal": {"mean": "1ms", "stdev": "1ms"}}"#, "$.normal.stdev", "did you mean 'stddev'?"),
        (#"{"empirical": {"p50": "5ms", "p99": "4ms", "max": "10ms"}}"#, "$.empirical.p99", "cannot decrease"),
        (#"{"empirical": {"p50": "5ms", "max": "4ms"}}"#, "$.empirical.max", "cannot decrease"),
        (#"{"pareto": {"scale": "1ms", "shape": 0}}"#, "$.pareto.shape", "greater than 0"),
        (#"{"lognormal": {"median": "1ms", "sigma": -1}}"#, "$.lognormal.sigma", "zero or more"),
        (#"{"uniform": {"min": "3ms", "max": "1ms"}}"#, "$.uniform.max", "at least min"),
        (#"{"constant": "1e400ms"}"#, "$.constant", "not a duration"),
        (#"{"mixture": [{"weight": 1, "of": {"exponential": {"mean": "0s"}}}]}"#, "$.mixture[0].of.exponential.mean", "greater than zero"),
        (#"{"mixture": []}"#, "$.mixture", "at least one"),
        (#"{"constant": "5ms", "uniform": {}}"#, "$", "exactly one"),
        (#"{"normal": {"mean": "1ms"}}"#, "$.normal", "missing required field 'stddev'"),
    ])
    func parseErrorsNameTheField(json: String, location: String, fragment: String) {
        let error = Self.parseError(json)
        #expect(error?.location == location, "\(String(describing: error))")
        #expect(error?.message.contains(fragment) == true, "\(String(describing: error))")
    }

    @Test func nonFiniteNumbersRejected() {
        // The JSON parser cannot produce infinities, but values built in code can.
        for bad in [Double.infinity, -Double.infinity, Double.nan] {
            let value = JSONValue.object([("lognormal", .object([("median", .string("1ms")), ("sigma", .number(bad))]))])
            #expect(throws: InputError.self) { try Distribution.parse(InputNode(value)) }
            do {
                _ = try Distribution.parse(InputNode(value))
            } catch {
                #expect(error.location == "$.lognormal.sigma")
                #expect(error.message.contains("finite"))
            }
        }
        #expect(Self.parseError(#"{"pareto": {"scale": "1ms", "shape": 1e999}}"#) != nil)
    }

    @Test func commandLineText() throws {
        #expect(try Distribution.parse(commandLineText: "5ms") == .constant(5e6))
        #expect(try Distribution.parse(commandLineText: " 250us ") == .constant(250e3))
        #expect(try Distribution.parse(commandLineText: #"{"exponential":{"mean":"2ms"}}"#) == .exponential(mean: 2e6))
        #expect(throws: InputError.self) { try Distribution.parse(commandLineText: "5") }
        do {
            _ = try Distribution.parse(commandLineText: "5")
        } catch {
            #expect(error.message.contains("no unit"))
        }
        do {
            _ = try Distribution.parse(commandLineText: #"{"exponential":{"mean":"2ms"}"#)
            Issue.record("a truncated object must not parse")
        } catch {
            #expect(error.location.hasPrefix("line 1, column"))
        }
    }

    @Test(arguments: [
        #"{"constant": "5ms"}"#,
        #"{"uniform": {"min": "1ms", "max": "3ms"}}"#,
        #"{"normal": {"mean": "10ms", "stddev": "2ms"}}"#,
        #"{"lognormal": {"median": "10ms", "sigma": 0.5}}"#,
        #"{"exponential": {"mean": "2ms"}}"#,
        #"{"pareto": {"scale": "0.235ms", "shape": 10}}"#,
        #"{"empirical": {"p50": "3.75ms", "p99": "6.59ms", "p99.9": "32.9ms", "max": "2.98s"}}"#,
        #"{"mixture": [{"weight": 0.5, "of": {"constant": "1ms"}}, {"weight": 0.5, "of": {"constant": "2ms"}}]}"#,
    ])
    func jsonValueRoundTrips(json: String) throws {
        let distribution = try Self.parse(json)
        #expect(try Distribution.parse(InputNode(distribution.jsonValue)) == distribution)
    }

    /// The hot paths' rounding agrees with `Int64(x.rounded())` everywhere: ties (which go
    /// away from zero), values just beside them, negatives, and magnitudes up to 2^62.
    @Test func inlineRoundingMatchesTheStandardLibrary() {
        var values: [Double] = [
            0, -0.0, 0.5, -0.5, 1.5, -1.5, 2.5, 0.49999999999999994, -0.49999999999999994,
            0x1p52 - 0.5, -(0x1p52 - 0.5), 0x1p52, 0x1p52 + 1, 0x1p53 + 2, 0x1p62, -0x1p62,
            4503599627370495.5, 1e15 + 0.5,
        ]
        var random = RandomStream(seed: 11)
        for _ in 0..<20_000 {
            let magnitude = _exp(random.nextUnit() * _log(0x1p61))
            let value = random.nextUnit() < 0.5 ? magnitude : -magnitude
            values.append(value)
            values.append(value.rounded(.down) + 0.5)
            values.append((value.rounded(.down) + 0.5).nextUp)
            values.append((value.rounded(.down) + 0.5).nextDown)
        }
        for value in values where abs(value) < 0x1p62 {
            #expect(_roundedInt64(value) == Int64(value.rounded()), "\(value)")
        }
    }
}
