/// Counts the bytes and messages sent between regions, by `TrafficClass`: what a cloud
/// bill's data-transfer lines would show. A message is counted once, when it is sent
/// (a lost message was still transmitted; a copy a duplicating link makes is not the
/// sender's).
///
/// Counters live in one flat array indexed by (from region, to region, class), bytes and
/// messages side by side, so counting costs two array reads, one uniqueness check and
/// two adds; traffic inside a region is split into same-zone and cross-zone, since clouds
/// price them differently.
public struct TrafficMeter: Sendable {
    public let regionCount: Int
    /// Per endpoint: its region and zone (replicas first, then clients).
    private let endpointRegion: [Int32]
    private let endpointZone: [Int32]
    /// Per cell ((from region × regions + to region) × classes + class): bytes at
    /// 2 × cell, messages at 2 × cell + 1.
    private var counters: [UInt64]
    /// Bytes that crossed zones inside each region (also counted in `bytes` on the
    /// diagonal).
    public private(set) var crossZoneBytes: [UInt64]

    public init(sites: [Network.Site], regionCount: Int) {
        self.regionCount = regionCount
        endpointRegion = sites.map { Int32($0.region) }
        endpointZone = sites.map { Int32($0.zone) }
        let cells = regionCount * regionCount * TrafficClass.allCases.count
        counters = Array(repeating: 0, count: 2 * cells)
        crossZoneBytes = Array(repeating: 0, count: regionCount)
    }

    /// Counts a message of `size` bytes from endpoint `from` to endpoint `to`.
    @inline(__always)
    public mutating func count(from: Int, to: Int, _ kind: TrafficClass, bytes size: Int) {
        let source = Int(endpointRegion[from])
        let destination = Int(endpointRegion[to])
        let cell = (source &* regionCount &+ destination) &* TrafficClass.allCases.count &+ kind.rawValue
        counters.withUnsafeMutableBufferPointer { counts in
            counts[2 &* cell] &+= UInt64(size)
            counts[2 &* cell &+ 1] &+= 1
        }
        if source == destination && endpointZone[from] != endpointZone[to] { crossZoneBytes[source] &+= UInt64(size) }
    }

    /// Counts traffic between two regions that does not travel between endpoints (a
    /// cache's fills and invalidations); it stays in one zone when the regions agree.
    public mutating func count(fromRegion: Int, toRegion: Int, _ kind: TrafficClass, bytes size: Int) {
        let cell = (fromRegion * regionCount + toRegion) * TrafficClass.allCases.count + kind.rawValue
        counters[2 * cell] &+= UInt64(size)
        counters[2 * cell + 1] &+= 1
    }

    /// Bytes sent from region `from` to region `to` of class `kind`.
    public func bytes(from: Int, to: Int, _ kind: TrafficClass) -> UInt64 {
        counters[2 * ((from * regionCount + to) * TrafficClass.allCases.count + kind.rawValue)]
    }

    /// Messages sent from region `from` to region `to` of class `kind`.
    public func messages(from: Int, to: Int, _ kind: TrafficClass) -> UInt64 {
        counters[2 * ((from * regionCount + to) * TrafficClass.allCases.count + kind.rawValue) + 1]
    }
}
