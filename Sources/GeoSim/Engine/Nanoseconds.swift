/// Simulated time and durations: a signed count of nanoseconds.
///
/// Integer time keeps runs exact and reproducible: no rounding drift, and the same
/// arithmetic on every machine. 2^63 ns is about 292 years of simulated time.
public typealias Nanoseconds = Int64

/// Unit constants for building `Nanoseconds` values at the call site (`150 * .millisecond`).
public extension Nanoseconds {
    static let nanosecond: Int64 = 1
    static let microsecond: Int64 = 1_000
    static let millisecond: Int64 = 1_000_000
    static let second: Int64 = 1_000_000_000
    static let minute: Int64 = 60_000_000_000
    static let hour: Int64 = 3_600_000_000_000

    /// This duration in milliseconds, for reports.
    var milliseconds: Double { Double(self) / 1e6 }
    /// This duration in seconds, for reports.
    var seconds: Double { Double(self) / 1e9 }
}
