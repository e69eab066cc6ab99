/// A placement given explicitly in a topology file instead of computed from a survival
/// goal:
///
///     "placement": {
///       "voters":     ["us-east/a", "us-east/b", "us-west"],   required, ≥ 1 name
///       "non_voters": ["eu-central"]                            optional, default []
///     }
///
/// Each name is a node of the topology (`us-east/a`, ignoring case) or a region — by name,
/// alias or AWS code — that has exactly one node, which then means that node. A node may
/// appear once across both lists. The first voter is the preferred leaseholder and its
/// region is the placement's home. An odd number of voters is recommended (see
/// `overrideAdvisories`) but an even number is accepted.
extension PlacementPlanner {
    /// The members a `"placement"` object may have.
    static let overrideKeys = ["voters", "non_voters"]

    /// The placement described by `node` (the `"placement"` object), for `topology`.
    /// Errors carry the JSON path of the offending field or element
    /// (`$.placement.voters[1]`) and say what was expected.
    public static func parseOverride(_ node: InputNode, topology: Topology) throws(InputError) -> RangePlacement {
        try node.rejectUnknownKeys(allowed: overrideKeys)
        let voterNodes = try node.required("voters")
        let voterItems = try voterNodes.elements()
        guard !voterItems.isEmpty else {
            throw voterNodes.error("expected at least one voter; the first voter is the preferred leaseholder")
        }
        let nonVoterItems = try node.optional("non_voters")?.elements() ?? []

        var chosen: [Int] = []
        var chosenAt: [String] = []
        var voters: [Int] = []
        var nonVoters: [Int] = []
        for (isVoter, items) in [(true, voterItems), (false, nonVoterItems)] {
            for item in items {
                let index = try replicaIndex(item, topology: topology)
                if let earlier = chosen.firstIndex(of: index) {
                    throw item.error("'\(topology.nodes[index].name)' is already placed at \(chosenAt[earlier]); each node may hold one replica of the range")
                }
                chosen.append(index)
                chosenAt.append(item.path)
                if isVoter { voters.append(index) } else { nonVoters.append(index) }
            }
        }
        return RangePlacement(home: topology.nodes[voters[0]].region, voters: voters, nonVoters: nonVoters)
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

    /// The node index a placement entry names: a node name, or a region with exactly one
    /// node. Errors are located at `item`.
    private static func replicaIndex(_ item: InputNode, topology: Topology) throws(InputError) -> Int {
        let name = try item.string()
        if let index = topology.nodeIndex(named: name) { return index }
        if let region = topology.regionIndex(named: name) {
            let nodes = topology.nodeIndices(inRegion: region)
            if nodes.count == 1, let only = nodes.first { return only }
            let regionName = topology.regions[region].name
            if nodes.isEmpty {
                throw item.error("region '\(regionName)' has no nodes to hold a replica")
            }
            throw item.error(
                "region '\(regionName)' has \(nodes.count) nodes; name one of them: \(nodes.map { topology.nodes[$0].name }.joined(separator: ", "))")
        }
        let names = topology.nodes.map(\.name)
        let hint = Suggestion.closest(to: name, among: names).map { " (did you mean '\($0)'?)" } ?? ""
        throw item.error("unknown node '\(name)'\(hint); expected a node name such as '\(names.first ?? "us-east/a")' or a region with one node")
    }
}
