import Foundation

/// Chooses the key of each operation from 0 ..< keyCount, uniformly or with Zipf
/// popularity (key 0 the most popular: P(k) ∝ 1/(k+1)^s).
///
/// Zipf draws use rejection-inversion (W. Hörmann, G. Derflinger, "Rejection-inversion to
/// generate variates from monotone discrete distributions", ACM TOMACS 6(3), 1996), as in
/// Apache Commons RNG: O(1) memory (four numbers, no table of n probabilities) and O(1)
/// expected time (fewer than ~1.1 uniform draws per key for every s and n). Its integral
/// H(x) = (x^(1-s) − 1)/(1 − s) is evaluated through `expm1`/`log1p` so that s = 1 (where
/// H is log x) and s near 1 stay exact instead of dividing 0 by 0.
///
/// Uniform draws use Lemire's multiply-and-reject, which is exactly uniform; it is written
/// out here rather than calling `Int.random(in:using:)` so that the sequence of keys for a
/// seed cannot change with the standard library's implementation.
///
/// Invariants: 1 ≤ keyCount ≤ 2^40 (the initializer clamps into that range; callers
/// validate user input against `keyCountRange` first); a key is always in 0 ..< keyCount.
public struct KeyChooser: Sendable, Equatable {
    /// How popular each key is.
    public enum Popularity: Equatable, Sendable, CustomStringConvertible {
        /// Every key equally likely.
        case uniform
        /// Zipf with exponent s (finite, > 0): key k has probability ∝ 1/(k+1)^s.
        case zipf(Double)

        /// The command-line form: `uniform` or `zipf:S` (`zipf:0.99`, `zipf:1`), which
        /// `parsePopularity` reads back to the same value.
        public var description: String {
            switch self {
            case .uniform: return "uniform"
            case .zipf(let exponent): return "zipf:\(exponent.compactDescription)"
            }
        }
    }

    /// The key counts supported: up to 2^40 keys (about 10^12).
    public static let keyCountRange: ClosedRange<Int> = 1...(1 << 40)

    /// The number of keys; keys are 0 ..< keyCount.
    public let keyCount: Int
    public let popularity: Popularity

    // Precomputed for the Zipf sampler (1-based ranks x, exponent s); unused for uniform.
    private let exponent: Double
    /// H(1.5) − 1: the lower end of the inversion interval.
    private let hIntegralLow: Double
    /// H(keyCount + 0.5): the upper end.
    private let hIntegralHigh: Double
    /// 2 − H⁻¹(H(2.5) − h(2)): a draw within this distance below its rank is accepted
    /// without evaluating H again (the "squeeze").
    private let squeeze: Double

    /// A chooser over `keyCount` keys (clamped into `keyCountRange`). A Zipf exponent that
    /// is not finite and greater than 0 (which `parsePopularity` rejects) is treated as
    /// uniform, the s → 0 limit.
    public init(keyCount: Int, popularity: Popularity) {
        self.keyCount = Swift.min(Swift.max(keyCount, Self.keyCountRange.lowerBound), Self.keyCountRange.upperBound)
        if case .zipf(let s) = popularity, s.isFinite, s > 0 {
            self.popularity = popularity
            exponent = s
            hIntegralLow = Self.hIntegral(1.5, s) - 1
            hIntegralHigh = Self.hIntegral(Double(self.keyCount) + 0.5, s)
            squeeze = 2 - Self.hIntegralInverse(Self.hIntegral(2.5, s) - Self.h(2, s), s)
        } else {
            self.popularity = .uniform
            exponent = 0
            hIntegralLow = 0
            hIntegralHigh = 0
            squeeze = 0
        }
    }

    /// The next key, in 0 ..< keyCount. Allocation-free.
    @inline(__always)
    public func next(using random: inout RandomStream) -> Int {
        switch popularity {
        case .uniform: return uniformKey(using: &random)
        case .zipf: return zipfKey(using: &random)
        }
    }

    private func uniformKey(using random: inout RandomStream) -> Int {
        let bound = UInt64(keyCount)
        var product = random.next().multipliedFullWidth(by: bound)
        if product.low < bound {
            // Reject the few low words that would make some keys one draw more likely.
            let threshold = (0 &- bound) % bound
            while product.low < threshold { product = random.next().multipliedFullWidth(by: bound) }
        }
        return Int(product.high)
    }

    private func zipfKey(using random: inout RandomStream) -> Int {
        let s = exponent
        while true {
            // u is uniform in (hIntegralLow, hIntegralHigh]: the area under the hat.
            let u = hIntegralHigh + random.nextUnit() * (hIntegralLow - hIntegralHigh)
            let x = Self.hIntegralInverse(u, s)
            var rank = (x + 0.5).rounded(.down)
            if rank < 1 { rank = 1 } else if rank > Double(keyCount) { rank = Double(keyCount) }
            // Accept when x fell in the part of rank's slice that lies under the histogram
            // of probabilities; most draws pass the cheap first test.
            if rank - x <= squeeze || u >= Self.hIntegral(rank + 0.5, s) - Self.h(rank, s) {
                return Int(rank) - 1
            }
        }
    }

    /// h(x) = x^(−s), the unnormalized probability of rank x.
    @inline(__always)
    private static func h(_ x: Double, _ s: Double) -> Double {
        exp(-s * log(x))
    }

    /// H(x) = ∫₁ˣ t^(−s) dt = (x^(1−s) − 1)/(1 − s), and log x at s = 1.
    @inline(__always)
    private static func hIntegral(_ x: Double, _ s: Double) -> Double {
        let logX = log(x)
        return expm1OverX((1 - s) * logX) * logX
    }

    /// The inverse of H.
    @inline(__always)
    private static func hIntegralInverse(_ x: Double, _ s: Double) -> Double {
        var t = x * (1 - s)
        // Rounding can push t just below −1, outside log1p's domain; H's range ends there.
        if t < -1 { t = -1 }
        return exp(log1pOverX(t) * x)
    }

    /// log(1 + x)/x, continuous through x = 0 (Taylor series near it).
    @inline(__always)
    private static func log1pOverX(_ x: Double) -> Double {
        if Swift.abs(x) > 1e-8 { return log1p(x) / x }
        return 1 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x))
    }

    /// (e^x − 1)/x, continuous through x = 0 (Taylor series near it).
    @inline(__always)
    private static func expm1OverX(_ x: Double) -> Double {
        if Swift.abs(x) > 1e-8 { return expm1(x) / x }
        return 1 + x * 0.5 * (1 + x * (1.0 / 3.0) * (1 + 0.25 * x))
    }

    /// Reads the command-line forms `uniform` and `zipf:S` (S a finite number > 0, e.g.
    /// `zipf:0.99`).
    public static func parsePopularity(_ text: String) throws(UsageError) -> Popularity {
        let expected = "Expected uniform or zipf:S with S a number greater than 0, e.g. zipf:0.99."
        let trimmed = text.trimmingSpaces
        let parts = trimmed.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
        let name = parts.first.map(String.init) ?? ""
        switch (name, parts.count) {
        case ("uniform", 1):
            return .uniform
        case ("uniform", _):
            throw UsageError("Invalid key distribution '\(text)': uniform takes no parameter.", hint: expected)
        case ("zipf", 2):
            let exponentText = String(parts[1])
            guard let s = NumberText.decimal(exponentText) else {
                throw UsageError("Invalid zipf exponent '\(exponentText.excerpt())' in '\(text.excerpt())': not a number.", hint: expected)
            }
            guard s > 0 else {
                throw UsageError("Invalid zipf exponent '\(exponentText)' in '\(text)': it must be greater than 0.", hint: expected)
            }
            return .zipf(s)
        case ("zipf", _):
            throw UsageError("Invalid key distribution '\(text)': zipf needs an exponent.", hint: expected)
        default:
            let suggestion = Suggestion.closest(to: name, among: ["uniform", "zipf"])
            let hint = suggestion.map { "Did you mean '\($0)'? " + expected } ?? expected
            throw UsageError("Unknown key distribution '\(text)'.", hint: hint)
        }
    }
}
