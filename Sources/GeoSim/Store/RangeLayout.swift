/// How the keyspace is cut into ranges and where each range's replicas live: the
/// placement of every range, computed once per run from the locality, the home region and
/// the survival goal (or the topology file's override).
///
/// Keys are split into equal contiguous ranges: range r holds keys
/// [r × keysPerRange, (r + 1) × keysPerRange), the last range taking the remainder.
public struct RangeLayout: Sendable, Equatable {
    /// Each range's placement; `voters[0]` is its preferred leaseholder.
    public var ranges: [RangePlacement]
    public var keysPerRange: Int
    /// The goal the placement follows; nil when every replica votes (the topology has too
    /// few replicas for the default goal, or the topology file fixed the placement).
    public var survival: SurvivalGoal?
    /// Ranges homed in each region, ascending.
    public var rangesByHome: [[Int]]

    /// The range that holds `key`.
    @inline(__always)
    public func range(ofKey key: Int) -> Int {
        min(key / keysPerRange, ranges.count - 1)
    }

    /// Computes the layout a scenario asks for. A survival goal the user chose but the
    /// topology cannot meet is a usage error that says why.
    public static func make(for scenario: Scenario) throws(UsageError) -> RangeLayout {
        let topology = scenario.topology
        let regionCount = topology.regions.count
        let count = scenario.rangeCount ?? (scenario.locality == .row ? 4 * regionCount : 1)
        guard count >= 1, count <= 100_000 else {
            throw UsageError("Invalid number of ranges \(count): expected 1 to 100000.")
        }
        guard count <= scenario.keyCount else {
            throw UsageError("\(count) ranges need at least as many keys; --keys is \(scenario.keyCount).")
        }
        let home = scenario.homeRegion ?? scenario.leaderRegion
        var homes: [Int] = []
        for range in 0..<count {
            homes.append(scenario.locality == .row ? range % regionCount : home)
        }
        var placements: [RangePlacement] = []
        var goalUsed: SurvivalGoal?
        var cache: [RangePlacement?] = Array(repeating: nil, count: regionCount)
        for rangeHome in homes {
            if let override = topology.placementOverride {
                placements.append(PlacementPlanner.placement(of: override, in: topology))
                continue
            }
            if let cached = cache[rangeHome] {
                placements.append(cached)
                continue
            }
            let placement: RangePlacement
            if let goal = scenario.survival {
                placement = try PlacementPlanner.place(home: rangeHome, survival: goal, topology: topology)
                goalUsed = goal
            } else {
                let goal = SurvivalGoal.defaultGoal(home: rangeHome, topology: topology)
                if let planned = try? PlacementPlanner.place(home: rangeHome, survival: goal, topology: topology) {
                    placement = planned
                    goalUsed = goal
                } else {
                    placement = allVoters(home: rangeHome, topology: topology)
                }
            }
            cache[rangeHome] = placement
            placements.append(placement)
        }
        var byHome: [[Int]] = Array(repeating: [], count: regionCount)
        for (range, placement) in placements.enumerated() { byHome[placement.home].append(range) }
        return RangeLayout(
            ranges: placements, keysPerRange: max(1, scenario.keyCount / count),
            survival: goalUsed, rangesByHome: byHome)
    }

    /// Every node votes; the home region's first node is the preferred leaseholder.
    static func allVoters(home: Int, topology: Topology) -> RangePlacement {
        let homeFirst =
            topology.nodes.indices.filter { topology.nodes[$0].region == home }
            + topology.nodes.indices.filter { topology.nodes[$0].region != home }
        return RangePlacement(home: home, voters: homeFirst, nonVoters: [])
    }

    /// Maps a key drawn over the whole keyspace into the ranges homed in `region`, keeping
    /// its offset inside a range (so popularity skew carries over). Used for row locality.
    public func localKey(_ key: Int, inRegion region: Int) -> Int {
        let local = rangesByHome[region]
        guard !local.isEmpty else { return key }
        let range = local[(key / keysPerRange) % local.count]
        return range * keysPerRange + key % keysPerRange
    }
}
