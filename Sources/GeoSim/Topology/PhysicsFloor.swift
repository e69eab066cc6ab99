/// The speed-of-light bound on round trips: light in optical fiber covers about
/// 204,000 km/s (refractive index ≈ 1.47), so a round trip over a great-circle distance d
/// can never take less than 2·d / 204,000 km/s. Measured round trips run 1.15–2× this
/// floor (fiber does not follow great circles; routers and queues add delay).
public enum PhysicsFloor {
    /// Light in fiber, kilometres per second.
    public static let fiberKilometresPerSecond = 204_000.0

    /// The fiber round-trip floor over `kilometres` of great-circle distance, in integer
    /// nanoseconds, rounded down so that it never exceeds the exact bound. Negative or
    /// non-finite distances give 0.
    public static func fiberRoundTrip(kilometres: Double) -> Nanoseconds {
        guard kilometres.isFinite, kilometres > 0 else { return 0 }
        let nanoseconds = 2 * kilometres / fiberKilometresPerSecond * 1e9
        // The largest Earth distance (~20,015 km) is ~196 ms; no overflow is possible.
        return Int64(nanoseconds.rounded(.down))
    }

    /// The fiber round-trip floor between two regions' coordinates, in nanoseconds.
    public static func fiberRoundTrip(from a: Region, to b: Region) -> Nanoseconds {
        fiberRoundTrip(kilometres: a.greatCircleKilometres(to: b))
    }

    /// The `rank`-th smallest (1-based) of `values`; 0 when `rank` < 1 or `values` is empty;
    /// the largest value when `rank` exceeds the count.
    static func kthSmallest(_ values: [Nanoseconds], rank: Int) -> Nanoseconds {
        guard rank >= 1, !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(rank, sorted.count) - 1]
    }
}
