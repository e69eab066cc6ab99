/// The placement a run simulates: which regions exist, the round trip between every pair,
/// the zones inside each region, and the replicas (nodes) placed in them.
///
/// Invariants (established by `fromRegionList`, `parse` and `load`):
/// - region ids are indices into `regions`, in the order the regions were listed;
/// - `roundTrips` and `linkJitter` are `regions.count × regions.count`, row-major and
///   symmetric; the diagonal of `roundTrips` is 0 and unused (traffic inside a region
///   uses `crossZoneRoundTrip` or `sameZoneRoundTrip`); off-diagonal round trips are > 0;
/// - `nodes` lists the replicas region by region in listed order, each region's replicas
///   spread round-robin over its zones (replica i of a region sits in zone i % zones);
/// - `zoneCounts[r]` ≥ 1 for every region, and each node's zone is in `0..<zoneCounts[r]`;
/// - node names are unique: the region name when a region has one node, else
///   `<region>/<zone letter>` for the first node of a zone and `<region>/<zone letter><k>`
///   for its k-th (`us-east/a`, `us-east/b`, `us-east/c`, `us-east/a2`, …).
///
/// All durations are integer nanoseconds and are round trips, not one-way delays.
public struct Topology: Equatable, Sendable {
    /// One replica: its unique name, region id and zone index within that region.
    public struct Node: Equatable, Sendable {
        public var name: String
        public var region: Int
        public var zone: Int

        public init(name: String, region: Int, zone: Int) {
            self.name = name
            self.region = region
            self.zone = zone
        }
    }

    /// The regions in listed order; a region's index is its id.
    public var regions: [Region]
    /// Round trips between regions, ns, `regions.count²` row-major, symmetric, diagonal 0.
    public var roundTrips: [Nanoseconds]
    /// The replicas, region by region in listed order.
    public var nodes: [Node]
    /// Zones per region (each ≥ 1), indexed by region id.
    public var zoneCounts: [Int]
    /// Round trip between two zones of one region, ns (default 1 ms).
    public var crossZoneRoundTrip: Nanoseconds
    /// Round trip inside one zone — between a client and a replica, or two replicas — ns
    /// (default 500 µs).
    public var sameZoneRoundTrip: Nanoseconds
    /// A file-level jitter override for every link; nil means the run's default jitter.
    public var jitter: Distribution?
    /// Per-pair jitter overrides, `regions.count²` row-major, symmetric; nil = none.
    public var linkJitter: [Distribution?]
    /// A replica placement the file fixes for every range (its `"placement"` object);
    /// nil: computed from the survival goal.
    public var placementOverride: PlacementOverride?
    /// Where the round trips come from: the catalog a region list names (and its
    /// statistic: AWS P50, Azure P95), or one's own measurements (`--rtt-matrix`); nil for
    /// a topology file. Reports name it.
    public var roundTripSource: String?
    /// What is doubtful about the topology's figures but not wrong enough to refuse (a
    /// measured round trip below the fiber floor): commands print them as warnings.
    public var warnings: [String] = []
    /// The cloud whose regions these are: it prices the traffic between them (AWS for
    /// topology files, whose regions come from the AWS catalog).
    public var provider = CloudCatalog.Provider.aws

    /// The default round trip between zones of one region: 1 ms.
    public static let defaultCrossZoneRoundTrip: Nanoseconds = 1 * .millisecond
    /// The default round trip inside one zone: 500 µs.
    public static let defaultSameZoneRoundTrip: Nanoseconds = 500 * .microsecond
    /// The most replicas one region may hold.
    public static let maximumNodesPerRegion = 1000

    /// A topology from its parts. The caller keeps the invariants listed on the type.
    public init(
        regions: [Region], roundTrips: [Nanoseconds], nodes: [Node], zoneCounts: [Int],
        crossZoneRoundTrip: Nanoseconds = Topology.defaultCrossZoneRoundTrip,
        sameZoneRoundTrip: Nanoseconds = Topology.defaultSameZoneRoundTrip,
        jitter: Distribution? = nil, linkJitter: [Distribution?]? = nil
    ) {
        self.regions = regions
        self.roundTrips = roundTrips
        self.nodes = nodes
        self.zoneCounts = zoneCounts
        self.crossZoneRoundTrip = crossZoneRoundTrip
        self.sameZoneRoundTrip = sameZoneRoundTrip
        self.jitter = jitter
        self.linkJitter = linkJitter ?? Array(repeating: nil, count: regions.count * regions.count)
    }

    // MARK: Queries

    /// The round trip between two regions, ns; 0 when they are the same region.
    @inline(__always)
    public func roundTrip(fromRegion: Int, toRegion: Int) -> Nanoseconds {
        roundTrips[fromRegion * regions.count + toRegion]
    }

    /// The round trip between two places given as (region id, zone index), ns: the region
    /// round trip across regions, `crossZoneRoundTrip` between zones of one region,
    /// `sameZoneRoundTrip` inside one zone.
    @inline(__always)
    public func roundTrip(from: (region: Int, zone: Int), to: (region: Int, zone: Int)) -> Nanoseconds {
        if from.region != to.region { return roundTrip(fromRegion: from.region, toRegion: to.region) }
        return from.zone == to.zone ? sameZoneRoundTrip : crossZoneRoundTrip
    }

    /// The jitter override for the link between two regions: the per-pair override if
    /// any, else the file-level one, else nil (use the run's default).
    public func jitter(fromRegion: Int, toRegion: Int) -> Distribution? {
        linkJitter[fromRegion * regions.count + toRegion] ?? jitter
    }

    /// The speed-of-light-in-fiber floor on the round trip between two regions, ns:
    /// 2 × great-circle km / 204,000 km/s, rounded down; 0 for the same region.
    public func fiberRoundTrip(fromRegion: Int, toRegion: Int) -> Nanoseconds {
        guard fromRegion != toRegion else { return 0 }
        return PhysicsFloor.fiberRoundTrip(from: regions[fromRegion], to: regions[toRegion])
    }

    /// The id of the region called `name` — its name, alias or AWS code, ignoring case and
    /// surrounding spaces — or nil when the topology has no such region.
    public func regionIndex(named name: String) -> Int? {
        let wanted = name.trimmingSpaces.lowercased()
        guard !wanted.isEmpty else { return nil }
        return regions.firstIndex { region in
            region.name.lowercased() == wanted || region.alias?.lowercased() == wanted
                || region.code?.lowercased() == wanted
        }
    }

    /// The index in `nodes` of the node called `name` (ignoring case), or nil.
    public func nodeIndex(named name: String) -> Int? {
        let wanted = name.trimmingSpaces.lowercased()
        if let node = nodes.firstIndex(where: { $0.name.lowercased() == wanted }) { return node }
        // `eastus/a` or `us-east-1/a`: the region part by any name it answers to.
        guard let slash = wanted.firstIndex(of: "/"), let region = regionIndex(named: String(wanted[..<slash])) else { return nil }
        let canonical = regions[region].name.lowercased() + wanted[slash...]
        return nodes.firstIndex { $0.name.lowercased() == canonical }
    }

    /// The indices in `nodes` of the replicas in region `region`, in node order.
    public func nodeIndices(inRegion region: Int) -> [Int] {
        nodes.indices.filter { nodes[$0].region == region }
    }

    // MARK: Physics floors

    /// The least latency any protocol could acknowledge a quorum write with, ns: the
    /// `quorum`-th smallest fiber round trip from the client's region to the voters'
    /// regions (one entry per voter, so repeat a region for each voter in it; a voter in
    /// the client's own region counts 0). Zone round trips are ignored, so this is a
    /// floor. `quorum` is clamped to 1…voters; no voters gives 0.
    public func placementWriteFloor(clientRegion: Int, voterRegions: [Int], quorum: Int) -> Nanoseconds {
        let trips = voterRegions.map { fiberRoundTrip(fromRegion: clientRegion, toRegion: $0) }
        return PhysicsFloor.kthSmallest(trips, rank: max(quorum, 1))
    }

    /// The floor for a leader-based write (client → leader → quorum → leader → client), ns:
    /// the fiber round trip from the client to the leader, plus the (quorum − 1)-th
    /// smallest fiber round trip from the leader to the other voters (the leader's own
    /// vote is free; 0 when quorum is 1). The leader is taken to be one of the voters in
    /// `leaderRegion`; if no voter is there, the leader needs `quorum` acknowledgements
    /// from the voters. `quorum` is clamped to 1…voters.
    public func leaderPathWriteFloor(clientRegion: Int, leaderRegion: Int, voterRegions: [Int], quorum: Int) -> Nanoseconds {
        var others = voterRegions
        var needed = max(quorum, 1)
        if let own = others.firstIndex(of: leaderRegion) {
            others.remove(at: own)
            needed -= 1
        }
        let trips = others.map { fiberRoundTrip(fromRegion: leaderRegion, toRegion: $0) }
        let replication = needed >= 1 ? PhysicsFloor.kthSmallest(trips, rank: needed) : 0
        return fiberRoundTrip(fromRegion: clientRegion, toRegion: leaderRegion) + replication
    }

    // MARK: Building

    /// The topology of a comma-separated list of catalog regions (aliases or AWS codes),
    /// as given to `--topology us-east,us-west,eu-central`, with `replicasPerRegion`
    /// replicas (1…1000) in each region spread over min(N, 3) zones, catalog round trips,
    /// and `crossZoneRoundTrip` (> 0) between zones. Empty names, unknown regions and a
    /// region listed twice (also as alias and code) are usage errors.
    public static func fromRegionList(
        _ list: String, replicasPerRegion: Int = 1,
        crossZoneRoundTrip: Nanoseconds = Topology.defaultCrossZoneRoundTrip, catalog: CloudCatalog = .aws
    ) throws(UsageError) -> Topology {
        guard (1...maximumNodesPerRegion).contains(replicasPerRegion) else {
            throw UsageError("Replicas per region must be between 1 and \(maximumNodesPerRegion), got \(replicasPerRegion).")
        }
        guard crossZoneRoundTrip > 0 else {
            throw UsageError("The cross-zone round trip must be greater than zero, got \(DurationText.format(crossZoneRoundTrip)).")
        }
        let names = list.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        var catalogIndices: [Int] = []
        for (position, name) in names.enumerated() {
            guard !name.isEmpty else {
                throw UsageError(
                    "Empty region name at position \(position + 1) in '\(list.excerpt())'.",
                    hint: "Separate region names with single commas, e.g. us-east,us-west,eu-central.")
            }
            let index = try catalog.resolve(name)
            if let earlier = catalogIndices.firstIndex(of: index) {
                let region = catalog.regions[index]
                throw UsageError(
                    "Region '\(region.name)' is listed twice ('\(names[earlier].excerpt())' and '\(name.excerpt())').",
                    hint: "List each region once; use --replicas-per-region for more replicas.")
            }
            catalogIndices.append(index)
        }
        let regions = catalogIndices.map { catalog.regions[$0] }
        let count = regions.count
        var roundTrips = [Nanoseconds](repeating: 0, count: count * count)
        for (i, a) in catalogIndices.enumerated() {
            for (j, b) in catalogIndices.enumerated() where i != j {
                roundTrips[i * count + j] = catalog.roundTrip(from: a, to: b)
            }
        }
        let nodeCounts = Array(repeating: replicasPerRegion, count: count)
        let zoneCounts = Array(repeating: min(replicasPerRegion, 3), count: count)
        var topology = Topology(
            regions: regions, roundTrips: roundTrips,
            nodes: placeNodes(regions: regions, nodeCounts: nodeCounts, zoneCounts: zoneCounts),
            zoneCounts: zoneCounts, crossZoneRoundTrip: crossZoneRoundTrip)
        topology.roundTripSource = catalog.description
        topology.provider = catalog.provider
        return topology
    }

    /// Places `nodeCounts[r]` replicas in each region round-robin over `zoneCounts[r]`
    /// zones and names them (see the type's documentation).
    static func placeNodes(regions: [Region], nodeCounts: [Int], zoneCounts: [Int]) -> [Node] {
        var nodes: [Node] = []
        nodes.reserveCapacity(nodeCounts.reduce(0, +))
        for (region, place) in regions.enumerated() {
            let total = nodeCounts[region]
            let zones = max(zoneCounts[region], 1)
            for replica in 0..<total {
                let zone = replica % zones
                let name: String
                if total == 1 {
                    name = place.name
                } else {
                    let ordinal = replica / zones + 1
                    name = "\(place.name)/\(zoneLetters(zone))" + (ordinal > 1 ? "\(ordinal)" : "")
                }
                nodes.append(Node(name: name, region: region, zone: zone))
            }
        }
        return nodes
    }

    /// The letters naming zone `zone` (0-based): a, b, …, z, then aa, ab, … (bijective
    /// base 26, as spreadsheet columns), so any number of zones gets distinct names.
    public static func zoneLetters(_ zone: Int) -> String {
        var remaining = max(zone, 0) + 1
        var letters: [Character] = []
        while remaining > 0 {
            remaining -= 1
            letters.append(Character(Unicode.Scalar(UInt8(ascii: "a") + UInt8(remaining % 26))))
            remaining /= 26
        }
        return String(letters.reversed())
    }
}
