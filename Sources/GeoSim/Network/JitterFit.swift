import Foundation

/// Fits a link's one-way jitter to its measured round-trip percentiles: the same fit as
/// scripts/fit-link-jitter.py, done at run time for percentiles a user measured
/// (`--rtt-matrix` with percentile columns and `--jitter measured`).
///
/// A simulated round trip is the link's median m plus two independent one-way jitters
/// J1 + J2. J (in units of m) has a piecewise-linear quantile function: zero up to
/// probability √½ (both draws are zero half the time, so the sum's median is m), then
/// one knot per measured level L at probability (1 + L) / 2 (a single large draw makes
/// the tail: P(J1 + J2 > x) ≈ 2 P(J > x)), flat to 1. The knot values start at the
/// measured excess over the median and are corrected, damped, until every level's
/// quantile of J1 + J2 is within 1% of its target.
///
/// The sum's quantiles are computed, not sampled: P(J1 + J2 ≤ x) is J2's exact CDF
/// averaged over J1 on strata of geometrically shrinking tail probability (down to
/// 1e-8), and each quantile is found by bisection. Deterministic, no random draws.
public struct JitterFit: Sendable, Equatable {
    /// Knot probabilities and values (units of the median round trip), ascending.
    public var probabilities: [Double]
    public var values: [Double]
    /// The worst relative error over the levels' excess over the median.
    public var error: Double

    /// Fits J for round-trip quantiles `ratios` (quantile over the median) at `levels`
    /// (each in (0.5, 1), ascending).
    public static func fit(levels: [Double], ratios: [Double]) -> JitterFit {
        let excess = ratios.map { max($0 - 1, 0) }
        let probabilities = [0, 0.5.squareRoot()] + levels.map { (1 + $0) / 2 } + [1]
        var values = [0, 0] + excess + [excess.last ?? 0]
        var worst = 0.0
        for _ in 0..<80 {
            let fit = JitterFit(probabilities: probabilities, values: values, error: 0)
            worst = 0
            for (k, level) in levels.enumerated() {
                let target = excess[k]
                guard target > 0 else {
                    values[k + 2] = 0
                    continue
                }
                let observed = fit.sumQuantile(level)
                worst = max(worst, abs(observed - target) / target)
                // Damped: neighbouring knots move each other's quantiles.
                values[k + 2] *= observed > 0 ? (target / observed).squareRoot() : 2
            }
            for index in 2..<(values.count - 1) { values[index] = max(values[index], values[index - 1]) }
            values[values.count - 1] = values[values.count - 2]
            if worst < 0.01 { break }
        }
        // The error of the knots returned, not of the ones before the last correction.
        var result = JitterFit(probabilities: probabilities, values: values, error: 0)
        result.error = zip(levels, excess).reduce(0) { worstSoFar, pair in
            pair.1 > 0 ? max(worstSoFar, abs(result.sumQuantile(pair.0) - pair.1) / pair.1) : worstSoFar
        }
        return result
    }

    /// J's quantile at probability `u`.
    func quantile(_ u: Double) -> Double {
        guard let upper = probabilities.firstIndex(where: { $0 >= u }) else { return values[values.count - 1] }
        guard upper > 0 else { return values[0] }
        let (p0, p1) = (probabilities[upper - 1], probabilities[upper])
        return p1 > p0 ? values[upper - 1] + (values[upper] - values[upper - 1]) * (u - p0) / (p1 - p0) : values[upper]
    }

    /// J's CDF at `x`: the inverse of the piecewise-linear quantile function.
    func cdf(_ x: Double) -> Double {
        if x < 0 { return 0 }
        var probability = 0.0
        for index in 1..<values.count {
            let (v0, v1) = (values[index - 1], values[index])
            if x >= v1 {
                probability = probabilities[index]
                continue
            }
            if x >= v0 && v1 > v0 { probability = probabilities[index - 1] + (probabilities[index] - probabilities[index - 1]) * (x - v0) / (v1 - v0) }
            break
        }
        return probability
    }

    /// J's values on strata of probability, with their weights: one atom below √½ and
    /// geometric strata of the tail above it.
    func strata() -> [(value: Double, weight: Double)] {
        let start = 0.5.squareRoot()
        var result: [(value: Double, weight: Double)] = [(quantile(start / 2), start)]
        let count = 600
        let tailStart = 1 - start
        let ratio = pow(1e-8 / tailStart, 1 / Double(count))
        var tail = tailStart
        for _ in 0..<count {
            let next = tail * ratio
            result.append((quantile(1 - (tail + next) / 2), tail - next))
            tail = next
        }
        result.append((quantile(1 - tail / 2), tail))
        return result
    }

    /// The `level` quantile of J1 + J2, by bisection on P(J1 + J2 ≤ x).
    func sumQuantile(_ level: Double) -> Double {
        let strata = strata()
        func cdfOfSum(_ x: Double) -> Double { strata.reduce(0) { $0 + $1.weight * cdf(x - $1.value) } }
        var low = 0.0
        var high = 2 * (values.last ?? 0) + 1e-12
        for _ in 0..<60 {
            let middle = (low + high) / 2
            if cdfOfSum(middle) >= level { high = middle } else { low = middle }
        }
        return high
    }
}
