/// Computes replica placements for ranges from a home region and a survival goal,
/// following CockroachDB's multi-region rules. Pure functions of their inputs: the same
/// topology, home and goal always give the same placement (no Dictionary or Set order,
/// no randomness).
///
/// Orders, so that output is reproducible:
/// - inside a region, replicas are picked spread over zones: the lowest-index node of
///   each zone in zone order (a, b, c, …), then the second node of each zone, and so on;
///   a single pick is therefore the lowest-index node of zone a;
/// - other regions are ranked by round trip from the home region, ties by region index;
/// - `voters` lists the home region's voters first (zone a first), then other regions'
///   voters nearest region first; `nonVoters` is in region index order.
///
/// Regions without nodes cannot hold replicas and are skipped.
public enum PlacementPlanner {
    /// Voters under zone survival, all in the home region.
    public static let zoneSurvivalVoters = 3
    /// Voters under region survival.
    public static let regionSurvivalVoters = 5
    /// The most voters region survival puts in the home region.
    public static let regionSurvivalHomeVoters = 2
    /// The most voters region survival puts in any one region, so that losing it leaves
    /// 5 − 2 = 3 voters, a majority of 5.
    public static let regionSurvivalMaxVotersPerRegion = 2
    /// The fewest regions region survival needs.
    public static let regionSurvivalMinRegions = 3

    /// The placement of a range homed in region `home` (a region index) under `survival`.
    ///
    /// - zone: 3 voters in the home region, in distinct zones when it has ≥ 3 zones (else
    ///   as spread as its zones allow); one non-voter in every other region. Needs ≥ 3
    ///   nodes in the home region.
    /// - region: 5 voters — up to 2 in the home region (distinct zones if possible), the
    ///   rest spread one per region over the other regions nearest the home region, a
    ///   second voter per region only when every ranked region already has one or has no
    ///   spare node; never more than 2 in one region, so losing any one region leaves ≥ 3
    ///   of 5. With exactly 3 regions that is 2 + 2 + 1 by nearness. A voter a region has
    ///   no node for goes to the next-nearest region with a spare node. Every region left
    ///   without a voter gets one non-voter. Needs ≥ 3 regions.
    ///
    /// Throws a usage error that says why, when the goal cannot be met: the home index is
    /// not a region of the topology, the home region has no nodes, zone survival with
    /// fewer than 3 nodes at home, region survival with fewer than 3 regions or too few
    /// nodes for 5 voters at most 2 per region.
    public static func place(home: Int, survival: SurvivalGoal, topology: Topology) throws(UsageError) -> RangePlacement {
        guard topology.regions.indices.contains(home) else {
            throw UsageError("The home region index \(home) is not a region of this topology, which has \(topology.regions.count).")
        }
        let homeName = topology.regions[home].name
        let homeNodes = topology.nodeIndices(inRegion: home)
        guard !homeNodes.isEmpty else {
            throw UsageError(
                "The home region '\(homeName)' has no replicas, so it cannot hold the leaseholder.",
                hint: "Give '\(homeName)' at least one node or choose another --home.")
        }
        switch survival {
        case .zone: return try zonePlacement(home: home, homeNodes: homeNodes, topology: topology)
        case .region: return try regionPlacement(home: home, homeNodes: homeNodes, topology: topology)
        }
    }

    /// Zone survival: 3 voters at home, one non-voter in every other region with a node.
    private static func zonePlacement(home: Int, homeNodes: [Int], topology: Topology) throws(UsageError) -> RangePlacement {
        guard homeNodes.count >= zoneSurvivalVoters else {
            throw UsageError(
                "Zone survival needs \(zoneSurvivalVoters) replicas in the home region '\(topology.regions[home].name)', which has \(homeNodes.count).",
                hint: "Use --replicas-per-region \(zoneSurvivalVoters) or --survival region.")
        }
        let voters = spreadOverZones(homeNodes, count: zoneSurvivalVoters, topology: topology)
        var nonVoters: [Int] = []
        for region in topology.regions.indices where region != home {
            nonVoters += spreadOverZones(topology.nodeIndices(inRegion: region), count: 1, topology: topology)
        }
        return RangePlacement(home: home, voters: voters, nonVoters: nonVoters)
    }

    /// Region survival: 5 voters, at most 2 per region, the home region's share first.
    private static func regionPlacement(home: Int, homeNodes: [Int], topology: Topology) throws(UsageError) -> RangePlacement {
        let regionCount = topology.regions.count
        guard regionCount >= regionSurvivalMinRegions else {
            throw UsageError(
                "Region survival needs at least \(regionSurvivalMinRegions) regions so that losing one leaves a majority of \(regionSurvivalVoters) voters; this topology has \(regionCount).",
                hint: "Add regions to --topology or use --survival zone.")
        }
        let homeShare = min(regionSurvivalHomeVoters, homeNodes.count)
        let others = regionsByNearness(to: home, topology: topology)
        let otherNodes = others.map { topology.nodeIndices(inRegion: $0) }
        // Deal the remaining voters round-robin over the ranked regions: one each, nearest
        // first, then a second each; a region with no spare node is passed over.
        var shares = Array(repeating: 0, count: others.count)
        var remaining = regionSurvivalVoters - homeShare
        var dealt = true
        while remaining > 0, dealt {
            dealt = false
            for (rank, nodes) in otherNodes.enumerated() where remaining > 0 {
                guard shares[rank] < min(regionSurvivalMaxVotersPerRegion, nodes.count) else { continue }
                shares[rank] += 1
                remaining -= 1
                dealt = true
            }
        }
        guard remaining == 0 else {
            let capacity = regionSurvivalVoters - remaining
            throw UsageError(
                "Region survival needs \(regionSurvivalVoters) voters with at most \(regionSurvivalMaxVotersPerRegion) in any one region, but this topology's \(regionCount) regions can hold only \(capacity).",
                hint: "Use --replicas-per-region \(regionSurvivalMaxVotersPerRegion), add regions, or use --survival zone.")
        }
        var voters = spreadOverZones(homeNodes, count: homeShare, topology: topology)
        for (rank, share) in shares.enumerated() where share > 0 {
            voters += spreadOverZones(otherNodes[rank], count: share, topology: topology)
        }
        var nonVoters: [Int] = []
        for region in topology.regions.indices where region != home {
            guard let rank = others.firstIndex(of: region), shares[rank] == 0 else { continue }
            nonVoters += spreadOverZones(otherNodes[rank], count: 1, topology: topology)
        }
        return RangePlacement(home: home, voters: voters, nonVoters: nonVoters)
    }

    /// The regions other than `home`, nearest first by round trip from `home`, ties by
    /// region index.
    static func regionsByNearness(to home: Int, topology: Topology) -> [Int] {
        topology.regions.indices.filter { $0 != home }.sorted { a, b in
            let left = topology.roundTrip(fromRegion: home, toRegion: a)
            let right = topology.roundTrip(fromRegion: home, toRegion: b)
            return left != right ? left < right : a < b
        }
    }

    /// Up to `count` of `nodes` (node indices of one region), spread over zones: the
    /// lowest-index node of each zone in zone order, then each zone's second, and so on.
    /// The result's first node is the lowest-index node of the lowest zone present.
    static func spreadOverZones(_ nodes: [Int], count: Int, topology: Topology) -> [Int] {
        // Each node's rank inside its zone (0 for the zone's first node, …).
        var seenPerZone: [Int: Int] = [:]
        var keyed: [(rank: Int, zone: Int, node: Int)] = []
        for node in nodes.sorted() {
            let zone = topology.nodes[node].zone
            let rank = seenPerZone[zone, default: 0]
            seenPerZone[zone] = rank + 1
            keyed.append((rank, zone, node))
        }
        keyed.sort { a, b in
            if a.rank != b.rank { return a.rank < b.rank }
            if a.zone != b.zone { return a.zone < b.zone }
            return a.node < b.node
        }
        return keyed.prefix(max(count, 0)).map(\.node)
    }

    /// A one-line summary naming regions and nodes:
    /// `home us-east; voters us-east/a, us-east/b, us-west, eu-central, ap-northeast; non-voters ca-central`
    /// ("non-voters none" when there are none). Indices outside the topology print as
    /// `node#N` / `region#N` rather than trapping.
    public static func describe(_ placement: RangePlacement, topology: Topology) -> String {
        func nodeName(_ index: Int) -> String {
            topology.nodes.indices.contains(index) ? topology.nodes[index].name : "node#\(index)"
        }
        func list(_ nodes: [Int]) -> String {
            nodes.isEmpty ? "none" : nodes.map(nodeName).joined(separator: ", ")
        }
        let home =
            topology.regions.indices.contains(placement.home)
            ? topology.regions[placement.home].name : "region#\(placement.home)"
        return "home \(home); voters \(list(placement.voters)); non-voters \(list(placement.nonVoters))"
    }
}
