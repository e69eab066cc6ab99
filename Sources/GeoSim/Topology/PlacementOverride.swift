/// A placement given explicitly in a topology file instead of computed from a survival
/// goal, as plain node indices of its topology (Store turns it into a `RangePlacement`):
///
///     "placement": {
///       "voters":     ["us-east/a", "us-east/b", "us-west"],   required, ≥ 1 name
///       "non_voters": ["eu-central"]                            optional, default []
///     }
///
/// Each name is a node of the topology (`us-east/a`, ignoring case) or a region — by name,
/// alias or AWS code — that has exactly one node, which then means that node. A node may
/// appear once across both lists. The first voter is the preferred leaseholder and its
/// region is the placement's home. An odd number of voters is recommended but an even
/// number is accepted.
public struct PlacementOverride: Equatable, Sendable {
    /// Voting replicas (node indices), at least one; the first is the preferred leaseholder.
    public var voters: [Int]
    /// Non-voting replicas (node indices); no node is in both lists.
    public var nonVoters: [Int]

    public init(voters: [Int], nonVoters: [Int]) {
        self.voters = voters
        self.nonVoters = nonVoters
    }

    /// The members a `"placement"` object may have.
    static let table = InputFieldTable([
        InputField(
            "voters", .array(.text, count: 1...Int.max), "voting replicas: node names or one-node regions; the first is the preferred leaseholder",
            required: true),
        InputField("non_voters", .array(.text), "non-voting replicas (learners): node names or one-node regions"),
    ])

    /// The placement described by `node` (the `"placement"` object), for `topology`.
    /// Errors carry the JSON path of the offending field or element
    /// (`$.placement.voters[1]`) and say what was expected.
    public static func parse(_ node: InputNode, topology: Topology) throws(InputError) -> PlacementOverride {
        try node.rejectUnknownKeys(table)
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
        return PlacementOverride(voters: voters, nonVoters: nonVoters)
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
