// The keys of a scenario file, with their JSON types: `ScenarioSettings.parse` rejects any
// other key, and `geosim schema scenario` is generated from the same table. Each key is
// its run flag's name without dashes, in snake case (`--write-fraction`: `write_fraction`).

extension ScenarioSettings {
    /// The top level of a scenario file, in the order `fileKeys` always had.
    static let fileTable = InputFieldTable(
        workloadFields + consensusFields + placementFields + serviceFields + transactionFields
            + [InputField("fsync", .distribution, "time a node's disk takes to make a write durable")], isDocument: true)

    /// The scenario-file keys that are flags' names (every key but `diskFileKeys`).
    static var fileKeys: [String] { fileTable.names.filter { !diskFileKeys.contains($0) } }

    private static let workloadFields = [
        InputField(
            "topology", .anyOf([.text, .definition("topology")]),
            "a region list (\"us-east,us-west\"), a topology file (.json, relative to this file) or a topology object"),
        InputField("replicas_per_region", .integer(in: 1...1000), "replicas in each listed region, spread over zones (default 1)"),
        InputField("cross_zone_rtt", .duration(.nonNegative), "round trip between zones of one region"),
        InputField("seed", .integer(in: 0...Int.max), "the one seed every random stream derives from (default 1)"),
        InputField("duration", .duration(.positive), "simulated time (default 60s)"),
        InputField("rate", .number(in: 0...1e9), "client operations per simulated second, split across client regions (default 1000)"),
        InputField("write_fraction", .number(in: 0...1), "share of operations that are writes (default 0.1)"),
        InputField("keys", .integer(in: 1...(1 << 40)), "keyspace size (default 100000)"),
        InputField("key_dist", .string(pattern: "^(uniform|zipf:.+)$"), "key popularity: uniform or zipf:S (default zipf:0.99)"),
        InputField("leader", .text, "preferred leader / leaseholder region (default the first listed)"),
        InputField(
            "jitter", .anyOf([.choice(["none", "default"]), .distribution]),
            "per-message jitter on top of RTT/2: none, default, or a distribution"),
        InputField("service_time", .distribution, "server time per operation"),
        InputField("value_size", .integer(in: 0...(64 << 20)), "bytes of every value written and read, for traffic and cost (default 1000)"),
        InputField("node_cost", .text, "price of one node for the cost estimate: 0.192/h or 140/month (US dollars)"),
        InputField(
            "alerts", .anyOf([.text, .object(AlertRuleFile.documentTable)]),
            "alerting rules: \"default\" (the built-in rules), a rules file (relative to this file) or the rules inline"),
        InputField("slow_op_threshold", .duration(.positive), "operations at least this slow are logged (turns on the built-in rules)"),
    ]

    private static let consensusFields = [
        InputField("heartbeat", .duration(.positive), "Raft heartbeat interval"),
        InputField("election_timeout", .duration(.positive), "Raft election timeout T, randomized in [T, 2T)"),
        InputField("timeout", .duration(.positive), "client operation timeout (default 2s)"),
        InputField("retries", .integer(in: 0...100), "client retries after a timeout (default 0)"),
        InputField("retry_backoff", .duration(.nonNegative), "wait before a client retries"),
        InputField("strong_reads", .choice(Scenario.StrongReads.allCases.map(\.rawValue)), "how a leaseholder serves strong reads"),
        InputField("max_clock_drift", .number(in: 0...0.499), "largest clock rate error a lease allows for, 0.01 is 1%"),
        InputField("randomized_election_timeout", .boolean, "randomize election timeouts in [T, 2T) (default true)"),
        InputField("leader_preference", .boolean, "move leadership back to the preferred region"),
        InputField("timeline", .boolean, "add per-second time series to the report"),
        InputField("faults", .anyOf([.text, .definition("faults")]), "a fault file (relative to this file) or a fault schedule"),
        InputField("chaos", .anyOf([.boolean, .object(chaosTable)]), "seed-derived random faults: true, or their settings"),
    ]

    /// `chaos` as an object.
    static let chaosTable = InputFieldTable([
        InputField("rate", .number(.positive), "faults per simulated minute"),
        InputField("duration", .duration(.positive), "mean fault duration"),
        InputField("kinds", .text, "comma-separated fault kinds to draw from"),
    ])

    private static let placementFields = [
        InputField("read_mode", .choice(Scenario.ReadMode.allCases.map(\.rawValue)), "how reads are served (default strong)"),
        InputField("staleness", .duration(.positive), "exact-staleness reads: how far in the past"),
        InputField("max_staleness", .duration(.positive), "bounded-staleness reads: the bound"),
        InputField("nearest_only", .boolean, "bounded reads never fall back to the leaseholder"),
        InputField("session", .text, "session guarantees: none, read-your-writes, monotonic-reads, or a comma list"),
        InputField(
            "limits", .object(InputFieldTable(RunLimits.names.map { InputField($0, .anyOf([.text, .number(.any)]), "the --limit \($0)") })),
            "run limits, as --limit NAME=VALUE (durations as strings with a unit)"),
        InputField("closed_ts_target", .duration(.nonNegative), "closed timestamp lag (default 3s)"),
        InputField("closed_ts_interval", .duration(.positive), "closed timestamp publish period (default 200ms)"),
        InputField("locality", .choice(Scenario.Locality.allCases.map(\.rawValue)), "how data is homed (default table)"),
        InputField("home", .text, "the home region of table locality (default the first region)"),
        InputField("survival", .choice(SurvivalGoal.allCases.map(\.rawValue)), "replica placement goal"),
        InputField("ranges", .integer(in: 1...100_000), "ranges the keyspace is split into"),
        InputField("local_share", .number(in: 0...1), "row locality: share of a client's keys homed in its region"),
        InputField("max_clock_offset", .duration(.nonNegative), "the clock offset follower reads allow for"),
        InputField("replication", .object(ReplicationSettings.fileTable), "replication mode and its settings (default raft)"),
        InputField("promote_at", .duration(.nonNegative), "when a replica is promoted to primary"),
        InputField("cache", .object(cacheTable), "a cache tier in every client region"),
    ]

    /// `cache`: `ttl` is required and turns the tier on.
    static let cacheTable = InputFieldTable([
        InputField("ttl", .duration(.positive), "how long an entry lives", required: true),
        InputField("capacity", .integer(in: 1...100_000_000), "entries per region"),
        InputField("invalidation", .choice(CacheSettings.Invalidation.allCases.map(\.rawValue)), "how writes invalidate (default global)"),
        InputField("invalidation_lag", .duration(.nonNegative), "propagation delay of an invalidation (default 100ms)"),
        InputField("fill", .choice(CacheSettings.Fill.allCases.map(\.rawValue)), "how misses fill the cache (default plain)"),
        InputField("beta", .number(.init(exclusiveMinimum: 0, exclusiveMaximum: 100)), "xfetch's eagerness, e.g. 1"),
        InputField("rtt", .duration(.nonNegative), "round trip from a client to its cache"),
        InputField("stale_while_revalidate", .duration(.nonNegative), "serve an expired entry this long while refreshing it"),
        InputField("request_lookups", .integer(in: 1...1000), "cache lookups per request (a request-scoped cache)"),
        InputField("request_repeat", .number(in: 0...0.999), "share of a request's lookups that repeat a key"),
    ])

    private static let serviceFields = [
        InputField("cores", .integer(in: 1...1024), "cores per node serving operations"),
        InputField("service_read", .distribution, "server time per read"),
        InputField("service_write", .distribution, "server time per write"),
        InputField("service_replication", .distribution, "server time per replication message"),
        InputField("service_apply", .distribution, "server time to apply a committed entry"),
        InputField("clients", .integer(in: 1...1_000_000), "closed-loop clients instead of an open-loop rate"),
        InputField("think_time", .distribution, "a closed-loop client's pause between operations"),
        InputField(
            "request_shape", .string(pattern: "^(single|(n\\+1|batch|fanout):[0-9]+)$"), "single, n+1:N, batch:N or fanout:N reads per request"),
        InputField("pool_size", .integer(in: 1...1_000_000), "connections per client region's pool"),
        InputField("pool_timeout", .duration(.positive), "how long a request waits for a connection"),
        InputField("max_connections", .integer(in: 1...1_000_000), "connections a node accepts"),
        InputField("pooler", .integer(in: 1...1_000_000), "server connections of a pooler in front of the primary"),
        InputField("pre_vote", .boolean, "Raft PreVote"),
        InputField("check_quorum", .boolean, "Raft CheckQuorum"),
        InputField("quiesce", .boolean, "idle ranges stop heartbeating"),
        InputField("profile", .choice(SystemProfile.allCases.map(\.rawValue)), "a system's defaults, applied before this file's keys"),
    ]

    private static let transactionFields = [
        InputField("txn", .text, "transactions: rmw:K, ro:K or wo:K (K from 1 to 16)"),
        InputField("txn_mix", .text, "a transaction mix such as rmw:2=3,ro:4=1,put=1"),
        InputField("txn_hold", .duration(.nonNegative), "time a transaction holds its locks before committing"),
        InputField("txn_statements", .integer(in: 1...100), "statements per transaction"),
        InputField("isolation", .choice(IsolationLevel.allCases.map(\.rawValue)), "isolation level"),
        InputField("locking_reads", .boolean, "reads take locks (default true)"),
        InputField("txn_retries", .integer(in: 0...100), "retries of an aborted transaction"),
        InputField("txn_commit", .choice(TransactionSettings.CommitProtocol.allCases.map(\.rawValue)), "commit protocol"),
        InputField("deadlock_timeout", .duration(.positive), "how long a lock wait lasts before it aborts"),
    ]
}
