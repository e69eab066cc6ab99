/// Where a run's replicas, leaseholders and clients were, region by region, with the
/// round trips between the regions: what the placement picture (`PlacementSVG`) draws.
///
/// Invariants: `roundTrips` has `sites.count²` entries, row-major and symmetric, in
/// nanoseconds; per site `voters + nonVoters ≤ nodes`.
public struct PlacementMap: Sendable {
    /// One region of the topology, in topology order.
    public struct Site: Sendable {
        public var name: String
        /// A place name ("N. Virginia"); may be empty for a custom region.
        public var city: String
        /// Degrees north, −90…90, and east, −180…180.
        public var latitude: Double
        public var longitude: Double
        /// Nodes in the region.
        public var nodes: Int
        /// Nodes that vote in at least one range (Raft), or hold data (primary, leaderless).
        public var voters: Int
        /// Nodes that hold only non-voting replicas (learners) of some range.
        public var nonVoters: Int
        /// Ranges whose leaseholder (Raft leader) sat here at the end of the run.
        public var leaseholders: Int
        /// Whether the primary sat here at the end (primary modes).
        public var isPrimary: Bool

        /// Whether any replica of any range is here.
        public var holdsReplicas: Bool { voters + nonVoters > 0 }
    }

    public var sites: [Site]
    /// Round trip between regions i and j at `i * sites.count + j` (ns).
    public var roundTrips: [Nanoseconds]
    /// `raft`, `primary-async`, `primary-sync` or `leaderless`.
    public var replication: String
    public var rangeCount: Int
    /// Open-loop operations per second issued in each region (the rate split evenly), or
    /// nil with closed-loop clients.
    public var clientRatePerRegion: Double?
    /// Closed-loop clients in each region, if the run had them.
    public var closedLoopClientsPerRegion: Int?

    public init(
        sites: [Site], roundTrips: [Nanoseconds], replication: String, rangeCount: Int,
        clientRatePerRegion: Double?, closedLoopClientsPerRegion: Int?
    ) {
        self.sites = sites
        self.roundTrips = roundTrips
        self.replication = replication
        self.rangeCount = rangeCount
        self.clientRatePerRegion = clientRatePerRegion
        self.closedLoopClientsPerRegion = closedLoopClientsPerRegion
    }

    /// The map of a run: the topology's regions, the ranges' replicas, where leaders and
    /// the primary ended, and the clients (one client per region, `ClientDriver`).
    public init(scenario: Scenario, outcome: RunOutcome) {
        let topology = scenario.topology
        let isRaft = scenario.replication.mode == .raft
        var votes = Array(repeating: false, count: topology.nodes.count)
        var learns = Array(repeating: false, count: topology.nodes.count)
        if isRaft {
            for range in outcome.layout.ranges {
                for node in range.voters { votes[node] = true }
                for node in range.nonVoters { learns[node] = true }
            }
        } else {
            votes = Array(repeating: true, count: topology.nodes.count)
        }
        let primaryRegion = outcome.primaryNode.map { topology.nodes[$0].region }
        let sites = topology.regions.indices.map { region -> Site in
            let members = topology.nodeIndices(inRegion: region)
            let place = topology.regions[region]
            return Site(
                name: place.name, city: place.city, latitude: place.latitude, longitude: place.longitude,
                nodes: members.count, voters: members.filter { votes[$0] }.count,
                nonVoters: members.filter { learns[$0] && !votes[$0] }.count,
                leaseholders: isRaft && region < outcome.leaseholdersByRegion.count ? outcome.leaseholdersByRegion[region] : 0,
                isPrimary: primaryRegion == region)
        }
        self.init(
            sites: sites, roundTrips: topology.roundTrips, replication: scenario.replication.mode.rawValue,
            rangeCount: outcome.layout.ranges.count,
            clientRatePerRegion: scenario.closedLoopClients == nil && !sites.isEmpty ? scenario.rate / Double(sites.count) : nil,
            closedLoopClientsPerRegion: scenario.closedLoopClients)
    }

    /// The round trip between sites `i` and `j` (ns).
    public func roundTrip(_ i: Int, _ j: Int) -> Nanoseconds { roundTrips[i * sites.count + j] }

    /// The pairs of sites (i < j) the picture joins with a labelled round trip: every pair
    /// of regions holding replicas; with more than `maximumFullMesh` of them, only the pairs
    /// with a leaseholder's or the primary's region at one end (all pairs when none has one).
    public var edges: [(Int, Int)] {
        let holders = sites.indices.filter { sites[$0].holdsReplicas }
        let leading = holders.filter { sites[$0].leaseholders > 0 || sites[$0].isPrimary }
        var pairs: [(Int, Int)] = []
        for (position, i) in holders.enumerated() {
            for j in holders[(position + 1)...] {
                guard holders.count <= Self.maximumFullMesh || leading.isEmpty || leading.contains(i) || leading.contains(j) else { continue }
                pairs.append((i, j))
            }
        }
        return pairs
    }

    /// Regions with replicas up to which every pair gets an edge.
    public static let maximumFullMesh = 6
}
