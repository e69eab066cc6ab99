/// A placement fixed by the topology file (`Topology.placementOverride`, parsed by
/// `PlacementOverride.parse`) as the Store's `RangePlacement`, and remarks on it.
extension PlacementPlanner {
    /// The placement described by `node` (a topology file's `"placement"` object), for
    /// `topology`; errors as `PlacementOverride.parse` gives them.
    public static func parseOverride(_ node: InputNode, topology: Topology) throws(InputError) -> RangePlacement {
        placement(of: try PlacementOverride.parse(node, topology: topology), in: topology)
    }

    /// The range placement of a fixed one: its home is the first voter's region.
    public static func placement(of fixed: PlacementOverride, in topology: Topology) -> RangePlacement {
        RangePlacement(home: fixed.voters.first.map { topology.nodes[$0].region } ?? 0, voters: fixed.voters, nonVoters: fixed.nonVoters)
    }

    /// Remarks on a placement that is valid but unwise, one sentence each, for the CLI to
    /// print as notes: an even number of voters (it tolerates no more failures than one
    /// voter fewer). Empty when there is nothing to say.
    public static func overrideAdvisories(_ placement: RangePlacement) -> [String] {
        let count = placement.voters.count
        guard count > 0, count % 2 == 0 else { return [] }
        return [
            "\(count) voters need \(placement.quorum) votes to commit, so they survive \(count - placement.quorum) failure(s), no more than \(count - 1) voters would; an odd number of voters is recommended."
        ]
    }
}
