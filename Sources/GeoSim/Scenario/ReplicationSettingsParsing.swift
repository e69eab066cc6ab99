/// Reading `ReplicationSettings` from a scenario file's `replication` object and the
/// replication mode from the command line.
///
///     "replication": {
///       "mode": "leaderless", "n": 3, "r": 1, "w": 1,
///       "legs": {"write": DIST, "ack": DIST, "read": DIST, "response": DIST},
///       "legs_add_to_topology": false,   (true: legs add to the topology's latency)
///       "read_repair": true, "anti_entropy": "10s",
///       "sync_replicas": 1, "apply_time": DIST, "promotion_delay": "10s" | null
///     }
///
/// Every key is optional (absent keys keep the defaults of `ReplicationSettings`); unknown
/// keys are rejected with a did-you-mean hint, and every error names its JSON path.
extension ReplicationSettings {
    /// The keys a `replication` object may hold, in documentation order.
    static let fileTable = InputFieldTable([
        InputField("mode", .choice(Mode.allCases.map(\.rawValue)), "raft, primary-async, primary-sync or leaderless (default raft)"),
        InputField("n", .integer(in: 1...maximumReplicas), "leaderless: replicas per key (default 3)"),
        InputField("r", .integer(in: 1...maximumReplicas), "leaderless: replies a read waits for, at most n (default 1)"),
        InputField("w", .integer(in: 1...maximumReplicas), "leaderless: acks a write waits for, at most n (default 1)"),
        InputField("legs", .object(legTable), "leaderless: the four message legs' latencies instead of the topology's"),
        InputField("legs_add_to_topology", .boolean, "the legs add to the topology's latency instead of replacing it"),
        InputField("read_repair", .boolean, "leaderless: reads repair stale replicas"),
        InputField("anti_entropy", .duration(.positive), "leaderless: period of anti-entropy rounds"),
        InputField("sync_replicas", .integer(in: 1...(maximumReplicas - 1)), "primary-sync: replicas a commit waits for"),
        InputField("apply_time", .distribution, "primary: time a replica takes to apply an entry"),
        InputField("promotion_delay", .anyOf([.duration(.positive), .null]), "primary: failover delay; null for never"),
    ])
    /// The keys of `replication.legs`; all four are required when `legs` is present.
    static let legTable = InputFieldTable(
        ["write", "ack", "read", "response"].map { InputField($0, .distribution, "the \($0) leg's one-way latency", required: true) })
    /// The largest N (replicas per key) a leaderless store may have.
    public static let maximumReplicas = 15

    /// Parses a `replication` object (see the extension's note). Validation: 1 ≤ r, w ≤ n ≤ 15;
    /// `sync_replicas` in 1…14; `anti_entropy` a positive duration (null: none);
    /// `promotion_delay` a positive duration, or null for never.
    public static func parse(_ node: InputNode) throws(InputError) -> ReplicationSettings {
        try node.rejectUnknownKeys(fileTable)
        var settings = ReplicationSettings()
        if let modeNode = try node.optional("mode") {
            let text = try modeNode.string()
            guard let mode = Mode(rawValue: text) else {
                let names = Mode.allCases.map(\.rawValue)
                let hint = Suggestion.closest(to: text, among: names).map { " (did you mean '\($0)'?)" } ?? ""
                throw modeNode.error("unknown replication mode '\(text)'\(hint); expected one of: \(names.joined(separator: ", "))")
            }
            settings.mode = mode
        }
        if let nNode = try node.optional("n") { settings.n = try nNode.integer(in: 1...maximumReplicas) }
        for key in ["r", "w"] {
            guard let quorumNode = try node.optional(key) else { continue }
            let quorum = try quorumNode.number()
            guard let whole = Int(exactly: quorum), whole >= 1, whole <= settings.n else {
                throw quorumNode.error("expected a whole number from 1 to n (\(settings.n)), got \(quorum.compactDescription)")
            }
            if key == "r" { settings.r = whole } else { settings.w = whole }
        }
        // Defaults (r = w = 1) never exceed n ≥ 1, so no check is needed for absent keys.
        if let add = try node.optional("legs_add_to_topology") { settings.legsAddToTopology = try add.bool() }
        if let legsNode = try node.optional("legs") {
            try legsNode.rejectUnknownKeys(legTable)
            settings.legs = Legs(
                write: try Distribution.parse(try legsNode.required("write")),
                ack: try Distribution.parse(try legsNode.required("ack")),
                read: try Distribution.parse(try legsNode.required("read")),
                response: try Distribution.parse(try legsNode.required("response")))
        }
        if let repairNode = try node.optional("read_repair") { settings.readRepair = try repairNode.bool() }
        if let periodNode = try node.optional("anti_entropy") { settings.antiEntropyPeriod = try periodNode.positiveDuration() }
        if let syncNode = try node.optional("sync_replicas") {
            settings.syncReplicas = try syncNode.integer(in: 1...(maximumReplicas - 1))
        }
        if let applyNode = try node.optional("apply_time") { settings.applyTime = try Distribution.parse(applyNode) }
        // `optional` treats null as absent; here an explicit null means "never promote".
        if try node.keys().contains("promotion_delay") {
            let delayNode = InputNode(node.value["promotion_delay"] ?? .null, path: "\(node.path).promotion_delay")
            settings.promotionDelay = delayNode.value == .null ? nil : try delayNode.positiveDuration()
        }
        return settings
    }

    /// The mode named on the command line (`--replication leaderless`); an unknown name is a
    /// usage error with a did-you-mean hint.
    public static func parseMode(_ text: String) throws(UsageError) -> Mode {
        let trimmed = text.trimmingSpaces
        if let mode = Mode(rawValue: trimmed.lowercased()) { return mode }
        let names = Mode.allCases.map(\.rawValue)
        let hint =
            Suggestion.closest(to: trimmed, among: names).map { "Did you mean '\($0)'?" }
            ?? "Expected one of: \(names.joined(separator: ", "))."
        throw UsageError("Invalid value '\(text)' for --replication.", hint: hint)
    }
}
