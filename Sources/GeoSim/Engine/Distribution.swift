/// A distribution of durations (message jitter, service times, think times), sampled in
/// integer nanoseconds. The JSON forms are those of CLI.md:
///
///     {"constant": "5ms"}
///     {"uniform": {"min": "1ms", "max": "3ms"}}
///     {"normal": {"mean": "10ms", "stddev": "2ms"}}        truncated at zero
///     {"lognormal": {"median": "10ms", "sigma": 0.5}}
///     {"exponential": {"mean": "2ms"}}
///     {"pareto": {"scale": "0.235ms", "shape": 10}}
///     {"mixture": [{"weight": 0.9, "of": {...}}, {"weight": 0.1, "of": {...}}]}
///     {"empirical": {"p50": "3.75ms", "p99": "6.59ms", "p99.9": "32.9ms", "max": "2.98s"}}
///
/// Parameters are held in nanoseconds as `Double`; a sample is rounded to the nearest
/// nanosecond and is never negative.
public indirect enum Distribution: Equatable, Sendable {
    case constant(Double)
    case uniform(min: Double, max: Double)
    /// A normal distribution truncated at zero by resampling (so no mass piles up at 0).
    case normal(mean: Double, stddev: Double)
    /// `median` = e^mu; `sigma` is the standard deviation of the logarithm.
    case lognormal(median: Double, sigma: Double)
    case exponential(mean: Double)
    /// Pareto type I: P(X > x) = (scale / x)^shape for x ≥ scale.
    case pareto(scale: Double, shape: Double)
    /// Weighted choice between components; `cumulativeWeights` are normalized to end at 1.
    case mixture(components: [Distribution], cumulativeWeights: [Double])
    /// A piecewise-linear inverse CDF through the given (probability, value) knots,
    /// probabilities strictly increasing from 0 to 1, values non-decreasing.
    case empirical(knots: [EmpiricalKnot])

    /// One point of an empirical distribution: `probability` of the draws lie at or below `value` (ns).
    public struct EmpiricalKnot: Equatable, Sendable {
        public var probability: Double
        public var value: Double
    }

    /// A draw, in nanoseconds, rounded to the nearest nanosecond.
    @inline(__always)
    public func sample(using random: inout RandomStream) -> Nanoseconds {
        let draw = sampleValue(using: &random)
        guard draw > 0 else { return 0 }
        // Heavy tails (a Pareto with a small shape, a lognormal with a large sigma) can
        // draw beyond Int64: cap at `Nanoseconds.horizonLimit` (2^62 ns, 146 years), past
        // any run's horizon. (A simulation cuts draws further, to its own horizon, and
        // counts them: `CappedDraws`.)
        return draw < 0x1p62 ? _roundedInt64(draw) : Nanoseconds.horizonLimit
    }

    /// A draw as a real number of nanoseconds (≥ 0).
    public func sampleValue(using random: inout RandomStream) -> Double {
        switch self {
        case .constant(let value):
            return value
        case .uniform(let low, let high):
            return low + (high - low) * random.nextUnit()
        case .normal(let mean, let stddev):
            // Resampling truncation; give up after many tries (only when the mean is far
            // below zero, which validation rejects) and return 0.
            for _ in 0..<64 {
                let draw = mean + stddev * random.nextStandardNormal()
                if draw >= 0 { return draw }
            }
            return 0
        case .lognormal(let median, let sigma):
            return median * _exp(sigma * random.nextStandardNormal())
        case .exponential(let mean):
            return random.nextExponential(mean: mean)
        case .pareto(let scale, let shape):
            return scale / _pow(random.nextOpenUnit(), 1 / shape)
        case .mixture(let components, let cumulativeWeights):
            let u = random.nextUnit()
            var chosen = components.count - 1
            for (index, bound) in cumulativeWeights.enumerated() where u < bound {
                chosen = index
                break
            }
            return components[chosen].sampleValue(using: &random)
        case .empirical(let knots):
            return Distribution.empiricalQuantile(knots, random.nextUnit())
        }
    }

    /// The mean in nanoseconds (infinite for a Pareto with shape ≤ 1). For the truncated
    /// normal this is the mean of the truncated distribution.
    public var mean: Double {
        switch self {
        case .constant(let value): return value
        case .uniform(let low, let high): return (low + high) / 2
        case .normal(let mean, let stddev):
            guard stddev > 0 else { return max(mean, 0) }
            let alpha = -mean / stddev
            let survival = 1 - Distribution.standardNormalCDF(alpha)
            return mean + stddev * Distribution.standardNormalPDF(alpha) / survival
        case .lognormal(let median, let sigma): return median * _exp(sigma * sigma / 2)
        case .exponential(let mean): return mean
        case .pareto(let scale, let shape): return shape > 1 ? shape * scale / (shape - 1) : .infinity
        case .mixture(let components, let cumulativeWeights):
            var total = 0.0
            var previous = 0.0
            for (component, bound) in zip(components, cumulativeWeights) {
                total += (bound - previous) * component.mean
                previous = bound
            }
            return total
        case .empirical(let knots):
            // The inverse CDF is linear between knots, so each segment contributes the
            // average of its two end values times its probability width.
            var total = 0.0
            for (left, right) in zip(knots, knots.dropFirst()) {
                total += (right.probability - left.probability) * (left.value + right.value) / 2
            }
            return total
        }
    }

    /// The p-quantile (0 < p < 1) in nanoseconds, where a closed form exists; nil for
    /// mixtures and the truncated normal.
    public func quantile(_ p: Double) -> Double? {
        switch self {
        case .constant(let value): return value
        case .uniform(let low, let high): return low + (high - low) * p
        case .normal: return nil
        case .lognormal(let median, let sigma): return median * _exp(sigma * Distribution.standardNormalQuantile(p))
        case .exponential(let mean): return -mean * _log(1 - p)
        case .pareto(let scale, let shape): return scale / _pow(1 - p, 1 / shape)
        case .mixture: return nil
        case .empirical(let knots): return Distribution.empiricalQuantile(knots, p)
        }
    }

    static func empiricalQuantile(_ knots: [EmpiricalKnot], _ p: Double) -> Double {
        // Knots are few (a handful of percentiles): a linear scan beats a binary search.
        var index = 1
        while index < knots.count - 1 && knots[index].probability <= p { index += 1 }
        let left = knots[index - 1]
        let right = knots[index]
        let width = right.probability - left.probability
        let fraction = width > 0 ? (p - left.probability) / width : 0
        return left.value + (right.value - left.value) * min(max(fraction, 0), 1)
    }

    static func standardNormalPDF(_ x: Double) -> Double {
        _exp(-x * x / 2) / (2 * Double.pi).squareRoot()
    }

    static func standardNormalCDF(_ x: Double) -> Double {
        0.5 * _erfc(-x / 2.0.squareRoot())
    }

    /// Acklam's rational approximation of the standard normal quantile (relative error
    /// below 1.2e-9), good enough for tests and reports.
    static func standardNormalQuantile(_ p: Double) -> Double {
        let a = [
            -3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00,
        ]
        let b = [
            -5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01,
        ]
        let c = [
            -7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00,
        ]
        let d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00]
        let low = 0.02425
        if p < low {
            let q = (-2 * _log(p)).squareRoot()
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        if p > 1 - low {
            let q = (-2 * _log(1 - p)).squareRoot()
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5])
                / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1)
        }
        let q = p - 0.5
        let r = q * q
        return (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q
            / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1)
    }
}
