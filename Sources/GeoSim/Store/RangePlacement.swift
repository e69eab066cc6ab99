/// Where one range's replicas live: its home region, its voting replicas (Raft voters)
/// and its non-voting replicas (learners that receive the log but never vote).
///
/// Invariants (kept by `PlacementPlanner.place` and `PlacementOverride.parse`):
/// - `home` is a region index of the topology the placement was made for;
/// - `voters` is non-empty and `voters[0]` — the preferred leaseholder — is a node of the
///   home region;
/// - every entry of `voters` and `nonVoters` is a node index of that topology, and no node
///   appears twice across the two lists.
public struct RangePlacement: Equatable, Sendable {
    /// The home region (region index): where the leaseholder is preferred to be.
    public var home: Int
    /// Voting replicas (node indices); the first is the preferred leaseholder.
    public var voters: [Int]
    /// Non-voting replicas (node indices).
    public var nonVoters: [Int]

    public init(home: Int, voters: [Int], nonVoters: [Int]) {
        self.home = home
        self.voters = voters
        self.nonVoters = nonVoters
    }

    /// The votes a write needs: a majority of the voters, ⌊voters / 2⌋ + 1.
    public var quorum: Int { voters.count / 2 + 1 }

    /// The region index of each voter, in `voters` order (one entry per voter, so a region
    /// repeats once for each of its voters), as `Topology.placementWriteFloor` takes them.
    public func voterRegions(in topology: Topology) -> [Int] {
        voters.map { topology.nodes[$0].region }
    }
}
