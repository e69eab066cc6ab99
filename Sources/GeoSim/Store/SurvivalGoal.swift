/// What failure a range's replica placement must survive without losing availability,
/// as in CockroachDB's multi-region databases (`--survival zone|region`).
///
/// - `zone`: three voters in the home region, in distinct zones where there are enough;
///   losing one zone leaves two of three voters. Writes commit inside the home region.
/// - `region`: five voters, at most two in any one region; losing one region leaves at
///   least three of five. Writes wait for a round trip to another region.
public enum SurvivalGoal: String, Sendable, CaseIterable {
    case zone
    case region

    /// The goal used when none is given (CLI.md): `zone` when the home region holds at
    /// least 3 replicas (nodes), else `region`. `home` is a region index; one outside the
    /// topology has no replicas, so it gives `region`.
    public static func defaultGoal(home: Int, topology: Topology) -> SurvivalGoal {
        guard topology.regions.indices.contains(home) else { return .region }
        return topology.nodeIndices(inRegion: home).count >= PlacementPlanner.zoneSurvivalVoters ? .zone : .region
    }

    /// The goal named `text` (`zone` or `region`, ignoring case and surrounding spaces),
    /// or a usage error that suggests the closest name.
    public static func parse(_ text: String) throws(UsageError) -> SurvivalGoal {
        let wanted = text.trimmingSpaces.lowercased()
        if let goal = SurvivalGoal(rawValue: wanted) { return goal }
        let names = allCases.map(\.rawValue)
        let hint =
            Suggestion.closest(to: wanted, among: names).map { "Did you mean '\($0)'?" }
            ?? "Use \(names.joined(separator: " or "))."
        throw UsageError("Unknown survival goal '\(text.trimmingSpaces)'.", hint: hint)
    }
}
