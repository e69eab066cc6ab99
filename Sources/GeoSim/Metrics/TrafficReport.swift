/// The bytes a run sent between regions and what they would cost a month: per ordered
/// region pair and `TrafficClass`, per client operation, and priced with the cloud's
/// `TransferPrices` (plus node hours when `--node-cost` gives a price).
///
/// Rates are over the whole run (its duration plus the drain); a month is 730 hours at
/// that rate. Bytes inside a region count toward the totals; only those that cross zones
/// are priced.
public struct TrafficReport: Sendable {
    /// One ordered pair of regions that exchanged traffic.
    public struct Link: Sendable {
        public var from: String
        public var to: String
        /// Bytes sent, indexed by `TrafficClass.rawValue`.
        public var bytes: [UInt64]
        public var messages: UInt64
        /// Price per unit (see `TransferPrices.bytesPerUnit`); 0 inside a region.
        public var pricePerUnit: Double
        /// Whether the price is a continent's figure standing in for a missing one.
        public var estimated: Bool
        /// US dollars a month at the run's rate.
        public var usdPerMonth: Double

        public var totalBytes: UInt64 { bytes.reduce(0, &+) }
        public var crossesRegions: Bool { from != to }
    }

    /// Every pair with traffic, by sending region then receiving region, in topology order.
    public var links: [Link]
    /// Bytes that crossed zones inside each region, by region name (regions with some).
    public var crossZone: [(region: String, bytes: UInt64, usdPerMonth: Double)]
    /// The seconds the rates are over (simulated, the drain included).
    public var seconds: Double
    /// Client operations that ended.
    public var operations: Int
    /// The value size the messages were sized with (bytes).
    public var valueBytes: Int
    public var provider: CloudCatalog.Provider
    public var priceSource: String
    /// Bytes per unit of the prices (1e9 or 2^30).
    public var bytesPerUnit: Double
    /// The price of a unit that crosses zones inside a region (both sides counted in).
    public var crossZonePerUnit: Double
    /// Nodes priced and their price (US dollars per hour), when `--node-cost` was given.
    public var nodeCount: Int
    public var nodeCostPerHour: Double?

    /// Seconds in the month the clouds' estimates use (730 hours).
    public static let secondsPerMonth = TrafficSettings.hoursPerMonth * 3600

    public init(meter: TrafficMeter, topology: Topology, settings: TrafficSettings, seconds: Double, operations: Int) {
        let prices = TransferPrices.of(topology.provider)
        let scale = seconds > 0 ? Self.secondsPerMonth / seconds / prices.bytesPerUnit : 0
        var links: [Link] = []
        for from in topology.regions.indices {
            for to in topology.regions.indices {
                let bytes = TrafficClass.allCases.map { meter.bytes(from: from, to: to, $0) }
                guard bytes.contains(where: { $0 > 0 }) else { continue }
                let messages = TrafficClass.allCases.reduce(UInt64(0)) { $0 &+ meter.messages(from: from, to: to, $1) }
                let (price, estimated) = from == to ? (0, false) : prices.price(from: topology.regions[from], to: topology.regions[to])
                let total = Double(bytes.reduce(0, &+))
                links.append(
                    Link(
                        from: topology.regions[from].name, to: topology.regions[to].name, bytes: bytes, messages: messages,
                        pricePerUnit: price, estimated: estimated, usdPerMonth: total * scale * price))
            }
        }
        self.links = links
        crossZone = topology.regions.indices.compactMap { region in
            let bytes = meter.crossZoneBytes[region]
            guard bytes > 0 else { return nil }
            return (topology.regions[region].name, bytes, Double(bytes) * scale * prices.crossZonePerUnit)
        }
        self.seconds = seconds
        self.operations = operations
        valueBytes = settings.valueBytes
        provider = topology.provider
        priceSource = prices.source
        bytesPerUnit = prices.bytesPerUnit
        crossZonePerUnit = prices.crossZonePerUnit
        nodeCount = topology.nodes.count
        nodeCostPerHour = settings.nodeCostPerHour
    }

    /// `bytes` sent over the run as a rate (bytes per simulated second; 0 for a run of no
    /// time).
    public func perSecond(_ bytes: UInt64) -> Double { seconds > 0 ? Double(bytes) / seconds : 0 }

    /// Bytes of every link, or of those between different regions.
    public func totalBytes(crossRegionOnly: Bool) -> UInt64 {
        links.filter { !crossRegionOnly || $0.crossesRegions }.reduce(0) { $0 &+ $1.totalBytes }
    }

    /// Bytes per second between different regions.
    public var crossRegionBytesPerSecond: Double { perSecond(totalBytes(crossRegionOnly: true)) }

    /// Bytes per client operation (all traffic, or only what crossed regions); nil
    /// without operations.
    public func bytesPerOperation(crossRegionOnly: Bool) -> Double? {
        operations > 0 ? Double(totalBytes(crossRegionOnly: crossRegionOnly)) / Double(operations) : nil
    }

    /// Bytes of class `kind` over every link (or those between regions).
    public func bytes(of kind: TrafficClass, crossRegionOnly: Bool) -> UInt64 {
        links.filter { !crossRegionOnly || $0.crossesRegions }.reduce(0) { $0 &+ $1.bytes[kind.rawValue] }
    }

    /// US dollars a month for data moved between regions.
    public var transferUSDPerMonth: Double { links.reduce(0) { $0 + $1.usdPerMonth } }
    /// US dollars a month for data moved between zones of one region.
    public var crossZoneUSDPerMonth: Double { crossZone.reduce(0) { $0 + $1.usdPerMonth } }
    /// US dollars a month for the nodes; nil without `--node-cost`.
    public var nodeUSDPerMonth: Double? { nodeCostPerHour.map { $0 * Double(nodeCount) * TrafficSettings.hoursPerMonth } }
    /// Transfer, cross-zone and nodes together.
    public var totalUSDPerMonth: Double { transferUSDPerMonth + crossZoneUSDPerMonth + (nodeUSDPerMonth ?? 0) }
    /// Whether some price is a continent's stand-in.
    public var hasEstimatedPrices: Bool { links.contains { $0.estimated && $0.totalBytes > 0 } }
}
