import Foundation
import Testing

@testable import GeoSim

@Suite struct LatencyHistogramTests {
    /// Percentiles in units of 1/100000 (thousandths of a percent), so that exact ranks
    /// use integer arithmetic only.
    static let percentileMilli: [Int] = [1, 100, 1_000, 10_000, 25_000, 50_000, 75_000, 90_000, 99_000, 99_900, 99_990]

    /// Nearest rank ⌈p/100 · n⌉ computed exactly, independently of the histogram's rounding.
    static func exactPercentile(_ sorted: [Nanoseconds], milli: Int) -> Nanoseconds {
        let rank = max(1, (milli * sorted.count + 99_999) / 100_000)
        return sorted[rank - 1]
    }

    static func samples(_ name: String, count: Int) -> [Nanoseconds] {
        var random = RandomStream(seed: 7, component: "histogram-test-\(name)")
        return (0..<count).map { _ -> Nanoseconds in
            switch name {
            case "small-integers": return Nanoseconds(random.next() % 1_000)
            case "lognormal-ms": return Distribution.lognormal(median: 1e6, sigma: 2).sample(using: &random)
            case "exponential-us": return Distribution.exponential(mean: 50e3).sample(using: &random)
            // Log-uniform from 1 ns to 30 minutes: every octave of the range gets values.
            default: return Nanoseconds(_exp(random.nextUnit() * _log(1.8e12)).rounded())
            }
        }
    }

    @Test(arguments: ["small-integers", "lognormal-ms", "exponential-us", "log-uniform-ns-to-minutes"])
    func percentilesWithinBoundOfExactNearestRank(distribution: String) {
        let values = Self.samples(distribution, count: 20_000)
        var histogram = LatencyHistogram()
        for value in values { histogram.record(value) }
        let sorted = values.sorted()
        for milli in Self.percentileMilli {
            let exact = Self.exactPercentile(sorted, milli: milli)
            let reported = histogram.percentile(Double(milli) / 100_000)
            // The documented bound is 1/256 of the value (tighter than the 1% promised).
            #expect(
                abs(reported - exact) * 256 <= exact,
                "p\(Double(milli) / 1000) of \(distribution): reported \(reported), exact \(exact)")
        }
        #expect(histogram.percentile(1) == sorted.last)
        #expect(histogram.percentile(0) == sorted.first)
    }

    @Test func exactCountMinMaxMean() {
        let values = Self.samples("log-uniform", count: 5_000)
        var histogram = LatencyHistogram()
        for value in values { histogram.record(value) }
        #expect(histogram.count == values.count)
        #expect(histogram.min == values.min())
        #expect(histogram.max == values.max())
        let exactMean = Double(values.reduce(0, +)) / Double(values.count)
        #expect(abs(histogram.mean - exactMean) <= exactMean * 1e-12)
        #expect(!histogram.isEmpty)
    }

    @Test(arguments: [Nanoseconds(0), 1, 255, 256, 12_345, 3 * Nanoseconds.hour])
    func allEqualValuesReportedExactly(value: Nanoseconds) {
        var histogram = LatencyHistogram()
        for _ in 0..<1_000 { histogram.record(value) }
        for p in [0.001, 0.01, 0.5, 0.9, 0.99, 0.999, 1] { #expect(histogram.percentile(p) == value) }
        #expect(histogram.mean == Double(value))
    }

    @Test func sumDoesNotOverflow() {
        var histogram = LatencyHistogram()
        for _ in 0..<4 { histogram.record(.max) }
        #expect(histogram.sum == 4 * Double(Int64.max))
        #expect(histogram.mean == Double(Int64.max))
        #expect(histogram.max == .max)
        #expect(histogram.percentile(0.5) == .max)
    }

    @Test func negativeValuesCountAsZero() {
        var histogram = LatencyHistogram()
        histogram.record(-5)
        histogram.record(10)
        #expect(histogram.min == 0)
        #expect(histogram.percentile(0.5) == 0)
        #expect(histogram.mean == 5)
    }

    @Test func mergeEqualsRecordingAll() {
        let values = Self.samples("lognormal-ms", count: 10_000)
        var all = LatencyHistogram()
        var first = LatencyHistogram()
        var second = LatencyHistogram()
        for (index, value) in values.enumerated() {
            all.record(value)
            if index % 3 == 0 { first.record(value) } else { second.record(value) }
        }
        var merged = first
        merged.merge(second)
        #expect(merged == all)
        #expect(merged.percentile(0.99) == all.percentile(0.99))

        var intoEmpty = LatencyHistogram()
        intoEmpty.merge(all)
        #expect(intoEmpty == all)
        var withEmpty = all
        withEmpty.merge(LatencyHistogram())
        #expect(withEmpty == all)
        // Merging must not change the operand (value semantics with a shared buffer).
        #expect(first.count + second.count == all.count)
    }

    @Test func emptyHistogram() {
        let histogram = LatencyHistogram()
        #expect(histogram.isEmpty)
        #expect(histogram.count == 0)
        #expect(histogram.min == 0)
        #expect(histogram.max == 0)
        #expect(histogram.mean == 0)
        #expect(histogram.percentile(0.5) == 0)
        #expect(histogram.percentile(1) == 0)
        var merged = LatencyHistogram()
        merged.merge(histogram)
        #expect(merged == histogram)
    }

    @Test func copiesAreIndependent() {
        var original = LatencyHistogram()
        original.record(100)
        var copy = original
        copy.record(1_000_000)
        #expect(original.count == 1)
        #expect(original.percentile(1) == 100)
        #expect(copy.count == 2)
    }

    @Test func bucketsAreContiguousAndMidpointsInside() {
        // Each bucket's midpoint maps back to it, and bucket lower bounds grow strictly:
        // so the buckets tile the range without gaps or overlaps.
        var previousLower: Int64 = -1
        for index in 0..<LatencyHistogram.bucketCount {
            let midpoint = LatencyHistogram.bucketMidpoint(index)
            #expect(LatencyHistogram.bucketIndex(UInt64(midpoint)) == index)
            let lower = index < 256 ? Int64(index) : Int64((index % 128 + 128) << (index / 128 - 1))
            #expect(LatencyHistogram.bucketIndex(UInt64(lower)) == index)
            if lower > 0 { #expect(LatencyHistogram.bucketIndex(UInt64(lower - 1)) == index - 1) }
            #expect(lower > previousLower)
            previousLower = lower
        }
        #expect(LatencyHistogram.bucketIndex(1 << 42 - 1) == LatencyHistogram.bucketCount - 1)
    }

    @Test func nearestRankIgnoresFloatingPointNoise() {
        #expect(LatencyHistogram.nearestRank(fraction: 0.99, count: 100) == 99)
        #expect(LatencyHistogram.nearestRank(fraction: 0.999, count: 1000) == 999)
        #expect(LatencyHistogram.nearestRank(fraction: 0.07, count: 100) == 7)
        #expect(LatencyHistogram.nearestRank(fraction: 0.5, count: 3) == 2)
        #expect(LatencyHistogram.nearestRank(fraction: 0.00001, count: 3) == 1)
    }
}
