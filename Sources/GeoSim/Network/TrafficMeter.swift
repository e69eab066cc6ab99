/// The bytes and messages a run sent between regions, by `TrafficClass`: what a cloud
/// bill's data-transfer lines would show. Traffic inside a region is split into same-zone
/// and cross-zone, since clouds price them differently.
///
/// A value, read after the run; `TrafficCounters` counts during it.
public struct TrafficMeter: Sendable {
    public let regionCount: Int
    /// Per cell ((from region × regions + to region) × classes + class): bytes at
    /// 2 × cell, messages at 2 × cell + 1.
    let counters: [UInt64]
    /// Bytes that crossed zones inside each region (also counted on the diagonal).
    public let crossZoneBytes: [UInt64]

    /// Bytes sent from region `from` to region `to` of class `kind`.
    public func bytes(from: Int, to: Int, _ kind: TrafficClass) -> UInt64 {
        counters[2 * ((from * regionCount + to) * TrafficClass.allCases.count + kind.rawValue)]
    }

    /// Messages sent from region `from` to region `to` of class `kind`.
    public func messages(from: Int, to: Int, _ kind: TrafficClass) -> UInt64 {
        counters[2 * ((from * regionCount + to) * TrafficClass.allCases.count + kind.rawValue) + 1]
    }
}

/// Counts a run's traffic as it is sent: a message is counted once, when it leaves (a
/// lost message was still transmitted; a copy a duplicating link makes is not the
/// sender's).
///
/// Counting is on the path of every message, so the counters are raw memory allocated
/// once for the run (no copy-on-write checks, no bounds checks; indices come from the
/// topology's endpoints and regions, checked at set-up): two reads, a compare and
/// two adds.
final class TrafficCounters {
    let regionCount: Int
    let endpointCount: Int
    /// Per endpoint: its region, then its zone.
    private let sites: UnsafeMutablePointer<Int32>
    private let counts: UnsafeMutablePointer<UInt64>
    private let crossZone: UnsafeMutablePointer<UInt64>
    private let cellCount: Int

    init(sites endpoints: [Network.Site], regionCount: Int) {
        self.regionCount = regionCount
        endpointCount = endpoints.count
        sites = .allocate(capacity: 2 * max(endpoints.count, 1))
        for (index, site) in endpoints.enumerated() {
            precondition(site.region >= 0 && site.region < regionCount, "an endpoint outside the topology's regions")
            sites[2 * index] = Int32(site.region)
            sites[2 * index + 1] = Int32(site.zone)
        }
        cellCount = regionCount * regionCount * TrafficClass.allCases.count
        counts = .allocate(capacity: 2 * max(cellCount, 1))
        counts.initialize(repeating: 0, count: 2 * max(cellCount, 1))
        crossZone = .allocate(capacity: max(regionCount, 1))
        crossZone.initialize(repeating: 0, count: max(regionCount, 1))
    }

    deinit {
        sites.deallocate()
        counts.deallocate()
        crossZone.deallocate()
    }

    /// Counts a message of `size` bytes from endpoint `from` to endpoint `to` (both below
    /// `endpointCount`).
    @inline(__always)
    func count(from: Int, to: Int, _ kind: TrafficClass, bytes size: Int) {
        let source = Int(sites[2 &* from])
        let destination = Int(sites[2 &* to])
        let cell = (source &* regionCount &+ destination) &* TrafficClass.allCases.count &+ kind.rawValue
        counts[2 &* cell] &+= UInt64(truncatingIfNeeded: size)
        counts[2 &* cell &+ 1] &+= 1
        if source == destination && sites[2 &* from &+ 1] != sites[2 &* to &+ 1] { crossZone[source] &+= UInt64(truncatingIfNeeded: size) }
    }

    /// Counts traffic between two regions that does not travel between endpoints (a
    /// cache's fills and invalidations); it stays in one zone when the regions agree.
    func count(fromRegion: Int, toRegion: Int, _ kind: TrafficClass, bytes size: Int) {
        precondition(fromRegion >= 0 && fromRegion < regionCount && toRegion >= 0 && toRegion < regionCount)
        let cell = (fromRegion * regionCount + toRegion) * TrafficClass.allCases.count + kind.rawValue
        counts[2 * cell] &+= UInt64(size)
        counts[2 * cell + 1] &+= 1
    }

    /// What was counted so far, as a value.
    var meter: TrafficMeter {
        TrafficMeter(
            regionCount: regionCount, counters: Array(UnsafeBufferPointer(start: counts, count: 2 * cellCount)),
            crossZoneBytes: Array(UnsafeBufferPointer(start: crossZone, count: regionCount)))
    }
}
