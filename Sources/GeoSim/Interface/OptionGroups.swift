/// The headings `geosim help run` (and every command that takes run options) files the
/// run options under, in order. Every run option belongs to exactly one group (a test
/// holds the table to that), so a new option without a home shows up under "Other".
enum OptionGroups {
    static let run: [(heading: String, names: [String])] = [
        ("Scenario", ["--topology", "--scenario", "--seed", "--duration", "--profile"]),
        (
            "Workload",
            [
                "--rate", "--write-fraction", "--keys", "--key-dist", "--clients", "--think-time", "--request-shape", "--timeout", "--retries",
                "--retry-backoff",
            ]
        ),
        (
            "Transactions",
            ["--txn", "--txn-hold", "--txn-statements", "--isolation", "--no-locking-reads", "--txn-retries", "--txn-commit", "--deadlock-timeout"]
        ),
        (
            "Placement and locality",
            [
                "--replicas-per-region", "--leader", "--cross-zone-rtt", "--locality", "--home", "--survival", "--ranges", "--local-share",
                "--max-clock-offset",
            ]
        ),
        (
            "Network and nodes",
            [
                "--catalog", "--rtt-matrix", "--jitter", "--service-time", "--cores", "--service-read", "--service-write", "--service-replication",
                "--service-apply",
                "--fsync",
            ]
        ),
        (
            "Raft",
            [
                "--heartbeat", "--election-timeout", "--strong-reads", "--max-clock-drift", "--fixed-election-timeout", "--no-leader-preference",
                "--leader-preference", "--pre-vote", "--check-quorum", "--quiesce",
            ]
        ),
        (
            "Reads",
            ["--read-mode", "--staleness", "--max-staleness", "--nearest-only", "--session", "--closed-ts-target", "--closed-ts-interval"]
        ),
        (
            "Replication modes",
            [
                "--replication", "--n", "--r", "--w", "--read-repair", "--anti-entropy", "--sync-replicas", "--apply-time", "--promotion-delay",
                "--promote-at",
            ]
        ),
        (
            "Caches",
            [
                "--cache-ttl", "--cache-capacity", "--cache-invalidation", "--cache-invalidation-lag", "--cache-fill", "--cache-beta", "--cache-rtt",
                "--cache-swr", "--request-lookups", "--request-repeat",
            ]
        ),
        ("Capacity: pools and connections", ["--pool-size", "--pool-timeout", "--max-connections", "--pooler"]),
        ("Traffic and cost", ["--value-size", "--node-cost"]),
        (
            "Faults",
            FaultParser.flags + ["--faults", "--chaos", "--chaos-rate", "--chaos-duration", "--chaos-kinds"]
        ),
        ("Alerts", ["--alerts", "--slow-op-threshold"]),
        ("Output", ["--format", "--out", "--timing", "--export", "--timeline"]),
        ("Limits", ["--limit"]),
    ]

    /// `specs` under their headings (`heading:` then the options, as `OptionHelp.lines`
    /// lays them out), in the table's order; options in no group come last, under "Other".
    static func help(_ specs: [OptionSpec]) -> String {
        var sections: [String] = []
        var placed = Set<String>()
        for group in run {
            let members = group.names.compactMap { name in specs.first { $0.name == name } }
            guard !members.isEmpty else { continue }
            placed.formUnion(members.map(\.name))
            sections.append(group.heading + ":\n" + OptionHelp.lines(members))
        }
        let rest = specs.filter { !placed.contains($0.name) }
        if !rest.isEmpty { sections.append("Other:\n" + OptionHelp.lines(rest)) }
        return sections.joined(separator: "\n")
    }
}
