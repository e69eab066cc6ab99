/// Simulated time and durations: a signed count of nanoseconds.
///
/// Integer time keeps runs exact and reproducible: no rounding drift, and the same
/// arithmetic on every machine. 2^63 ns is about 292 years of simulated time.
public typealias Nanoseconds = Int64

/// Unit constants for building `Nanoseconds` values at the call site (`150 * .millisecond`).
extension Nanoseconds {
    public static let nanosecond: Int64 = 1
    public static let microsecond: Int64 = 1_000
    public static let millisecond: Int64 = 1_000_000
    public static let second: Int64 = 1_000_000_000
    public static let minute: Int64 = 60_000_000_000
    public static let hour: Int64 = 3_600_000_000_000

    /// This duration in milliseconds, for reports.
    public var milliseconds: Double { Double(self) / 1e6 }
    /// This duration in seconds, for reports.
    public var seconds: Double { Double(self) / 1e9 }
}

// MARK: - Saturating time arithmetic

/// `a +| b`: `a + b`, clamped to `Int64.min...Int64.max` instead of trapping. (Zig's
/// spelling of saturating addition; `-|` and `*|` likewise.)
infix operator +| : AdditionPrecedence
/// `a -| b`: `a - b`, clamped instead of trapping.
infix operator -| : AdditionPrecedence
/// `a *| b`: `a * b`, clamped instead of trapping.
infix operator *| : MultiplicationPrecedence

/// Time arithmetic that cannot trap. Every duration a user gives (up to
/// `DurationText.maximum`, about 292 years) and every draw of a distribution may be added
/// to the clock: a sum past `Int64.max` saturates there, which is later than any run's
/// horizon (`Nanoseconds.horizonLimit`), so what was scheduled at it never happens.
extension Nanoseconds {
    /// The latest instant any run simulates, 2^62 ns (about 146 years): half of
    /// `Int64.max`, so a time at most this plus a duration at most this never overflows.
    /// A run's own horizon (`Simulation.horizon(for:)`) is usually far earlier.
    public static let horizonLimit: Nanoseconds = 1 << 62

    /// `self + other`, clamped to `Int64.min...Int64.max`.
    @inline(__always)
    public func saturatingAdd(_ other: Int64) -> Int64 {
        let (sum, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : sum
    }

    /// `self - other`, clamped to `Int64.min...Int64.max`.
    @inline(__always)
    public func saturatingSubtract(_ other: Int64) -> Int64 {
        let (difference, overflow) = subtractingReportingOverflow(other)
        return overflow ? (other < 0 ? .max : .min) : difference
    }

    /// `self * other`, clamped to `Int64.min...Int64.max`.
    @inline(__always)
    public func saturatingMultiply(_ other: Int64) -> Int64 {
        let (product, overflow) = multipliedReportingOverflow(by: other)
        return overflow ? ((self < 0) == (other < 0) ? .max : .min) : product
    }

    /// `value` rounded to the nearest nanosecond (ties away from zero), clamped to
    /// `Int64.min...Int64.max`; NaN is 0. For durations computed in `Double` (a draw, a
    /// latency times a slowdown), where `Int64(value)` would trap past `Int64.max`.
    @inline(__always)
    public init(saturating value: Double) {
        self = _roundedInt64(value)
    }

    @inline(__always)
    public static func +| (lhs: Int64, rhs: Int64) -> Int64 { lhs.saturatingAdd(rhs) }
    @inline(__always)
    public static func -| (lhs: Int64, rhs: Int64) -> Int64 { lhs.saturatingSubtract(rhs) }
    @inline(__always)
    public static func *| (lhs: Int64, rhs: Int64) -> Int64 { lhs.saturatingMultiply(rhs) }
}
