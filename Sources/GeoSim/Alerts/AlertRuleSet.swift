/// The alerting rules of a run (`--alerts default|FILE`) and the slow-operation log's
/// settings: what the report's alert section evaluates.
public struct AlertRuleSet: Sendable, Equatable {
    /// The rules in the order they are reported (built-in order, or file order).
    public var rules: [AlertRule]
    /// Client operations at least this slow (ns, issue to end) go to the slow-operation log.
    public var slowThreshold: Nanoseconds
    /// The most slow operations the log keeps: the slowest (ties: the earliest), so its
    /// memory stays bounded however many operations are slow.
    public var slowKept: Int
    /// Where the rules came from: `built-in` or the file's path.
    public var source: String

    public init(
        rules: [AlertRule], slowThreshold: Nanoseconds = AlertRuleSet.defaultSlowThreshold, slowKept: Int = AlertRuleSet.defaultSlowKept, source: String
    ) {
        self.rules = rules
        self.slowThreshold = slowThreshold
        self.slowKept = slowKept
        self.source = source
    }

    /// 1 s: a cross-region write here takes 70–200 ms, so 100 ms (MongoDB's `slowms`
    /// default) would log every healthy one; 1 s is a common setting of PostgreSQL's
    /// `log_min_duration_statement` and stays below the 2 s client timeout, so timed-out
    /// operations are logged too.
    public static let defaultSlowThreshold: Nanoseconds = 1 * .second
    /// At most 20 entries: a screenful, the slowest of the run.
    public static let defaultSlowKept = 20
    /// The largest `keep` a rule file may ask for.
    public static let maximumSlowKept = 10_000

    /// The built-in rules, from common practice (each cites where its threshold comes from;
    /// a rules file replaces them, or adds to them with `"include_builtin": true`).
    public static let builtIn = AlertRuleSet(
        rules: [
            // Postgres replication-lag rules (postgres_exporter mixins, awesome-prometheus-alerts)
            // alert on replay lag in seconds held for minutes; 5 s for 1 m as issue 21 asks.
            AlertRule(
                name: "ReplicaLagHigh", metric: .replicaLag, comparison: .greater, threshold: Double(5 * Nanoseconds.second), holdFor: 1 * .minute,
                severity: "warning", summary: "a replica is more than 5s behind the primary or its range's commits"),
            // Saturation warnings at 80% of a pool held for a minute: common practice for
            // connection pools (PgBouncer, HikariCP dashboards).
            AlertRule(
                name: "PoolUtilizationHigh", metric: .poolUtilization, comparison: .greater, threshold: 0.8, holdFor: 1 * .minute, severity: "warning",
                summary: "the region's connection pool is more than 80% busy (--pool-size)"),
            // A latency SLO held for 30 s; 250 ms is the p99 write objective geosim plan's
            // examples use. Change it in a rules file to your own SLO.
            AlertRule(
                name: "WriteP99High", metric: .writeP99, comparison: .greater, threshold: Double(250 * Nanoseconds.millisecond),
                holdFor: 30 * .second, severity: "warning", summary: "p99 write latency above the 250ms SLO"),
            // A 99.9% availability objective (Google SRE workbook, "Alerting on SLOs") over
            // a one-minute window: the shortest window its burn-rate alerts use is 5 m; 1 m
            // catches an outage sooner, at the price of noise.
            AlertRule(
                name: "AvailabilityLow", metric: .availability, comparison: .less, threshold: 0.999, window: 1 * .minute,
                severity: "critical", summary: "fewer than 99.9% of the region's operations succeeded over the last minute"),
            // etcd's mixin pages on `increase(etcd_server_leader_changes_seen_total[15m]) > 4`
            // (etcdHighNumberOfLeaderChanges); this is the single-move version,
            // `changes(...[1m]) > 0`: it fires the second a leaseholder moves and resolves
            // a minute after the last move.
            AlertRule(
                name: "LeaseholderMoved", metric: .leaderChanges, comparison: .greater, threshold: 0, window: 1 * .minute,
                scope: .all, severity: "info", summary: "a leaseholder (Raft leader or primary) moved"),
        ],
        source: "built-in")
}
