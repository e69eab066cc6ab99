/// The options of `geosim run`, and how they become a `Scenario` and output settings.
public struct RunOptions: Sendable {
    public enum Format: String, Sendable { case text, json, csv }

    public var scenario: Scenario
    public var format: Format = .text
    /// Write the report here instead of stdout.
    public var outputPath: String?
    /// Add wall-clock figures to the report.
    public var timing = false
    /// Write an export (tables, charts, notebook) to this directory.
    public var exportDirectory: String?
    /// The words that produced these options, without those about output (for the
    /// report's `command`, which `geosim report --from` re-runs).
    public var commandWords: [String] = []

    /// Options about where and how the report goes, not what it says.
    static let outputOptions = ["--format", "--out", "--timing", "--export"]

    /// The run options of CLI.md, in help order. Those whose features are still to come are
    /// listed (`available: false`) so that scripts get a clear refusal, not "unknown option".
    public static let specs: [OptionSpec] = [
        OptionSpec("--topology", "LIST|FILE", "regions, comma-separated (us-east,us-west,eu-central), or a topology file (.json)"),
        OptionSpec("--scenario", "FILE", "a scenario file (JSON); flags given too override it"),
        OptionSpec("--seed", "N", "the one seed every random stream derives from", default: "1"),
        OptionSpec("--duration", "D", "simulated time clients issue operations (with a unit: 30s, 2m)", default: "60s"),
        OptionSpec("--rate", "OPS", "client operations per simulated second, split across regions", default: "1000"),
        OptionSpec("--write-fraction", "F", "share of operations that are writes (0..1)", default: "0.1"),
        OptionSpec("--keys", "N", "keyspace size", default: "100000"),
        OptionSpec("--key-dist", "uniform|zipf:S", "key popularity", default: "zipf:0.99"),
        OptionSpec("--replicas-per-region", "N", "voting replicas in each region, spread over up to 3 zones", default: "1"),
        OptionSpec("--leader", "REGION", "the region whose first replica leads", default: "first listed region"),
        OptionSpec(
            "--jitter", "none|default|measured|DIST",
            "per-message jitter on top of RTT/2; measured: each link's own tail, fitted to EC2 ping percentiles (AWS links of 2013's eight regions); DIST is a duration or JSON",
            default: "default"),
        OptionSpec("--service-time", "DIST", "time a replica spends per message; a duration or JSON distribution", default: "10us"),
        OptionSpec("--cores", "N", "cores per node, sharing one FIFO queue of work", default: "1"),
        OptionSpec("--service-read", "DIST", "a node's time per read request (overrides --service-time)"),
        OptionSpec("--service-write", "DIST", "a node's time per write request"),
        OptionSpec("--service-replication", "DIST", "a node's time per replication message"),
        OptionSpec("--service-apply", "DIST", "a replica's time to apply one committed entry", default: "0"),
        OptionSpec("--fsync", "DIST", "a node's time per fsync: Raft appends and votes and primary commits wait for one (group commit)", default: "0ms"),
        OptionSpec("--clients", "N", "closed loop: N users per region, each waiting --think-time between operations (instead of --rate)"),
        OptionSpec("--think-time", "DIST", "closed-loop users' pause between operations", default: "exponential, mean 100ms"),
        OptionSpec("--pool-size", "N", "an application connection pool of N per client region; operations wait for a free one"),
        OptionSpec("--pool-timeout", "D", "how long an operation may wait for a pool connection, then it fails", default: "1s"),
        OptionSpec("--max-connections", "N", "the store's connection limit; opening more fails"),
        OptionSpec("--pooler", "N", "a transaction pooler (PgBouncer-style) with N server connections in front of the store"),
        OptionSpec(
            "--request-shape", "single|n+1:N|batch:N|fanout:N", "a read request: one query; one then N dependent ones; one then one batch; one then N at once",
            default: "single"),
        OptionSpec(
            "--txn", "rmw:K|ro:K|wo:K|MIX",
            "each operation is a transaction: read K keys (locking reads), then write them; or read K keys at one snapshot; or write K keys blind; or a mix such as rmw:2=3,ro:4=1,put=1 (get = ro:1, put = wo:1); Raft ranges CockroachDB-style, primaries PostgreSQL-style"
        ),
        OptionSpec("--txn-hold", "D", "application time inside a transaction between its reads and its writes, holding its locks", default: "0ms"),
        OptionSpec("--txn-statements", "N", "sequential statements per read inside a transaction (an N+1 inside it)", default: "1"),
        OptionSpec(
            "--isolation", "serializable|snapshot|read-committed",
            "transactions' isolation level; default serializable on Raft ranges (CockroachDB), read-committed on a primary (PostgreSQL)",
            default: "per mode"),
        OptionSpec("--no-locking-reads", nil, "transactions read without locking; writes lock and a changed read aborts (serializable refresh)"),
        OptionSpec("--txn-retries", "N", "retries of an aborted transaction, with jittered exponential backoff from --retry-backoff", default: "3"),
        OptionSpec(
            "--txn-commit", "parallel|2pc",
            "how Raft-range transactions commit: the record written with the last writes (parallel commits, CockroachDB), or after them (two-phase)",
            default: "parallel"),
        OptionSpec("--deadlock-timeout", "D", "on a primary, how long a lock wait lasts before the waiter checks for a deadlock (PostgreSQL)", default: "1s"),
        OptionSpec("--cross-zone-rtt", "D", "round trip between zones of one region (with --topology LIST)", default: "1ms"),
        OptionSpec(
            "--catalog", "aws|azure|gcp",
            "the cloud whose regions and round trips a region list names: AWS (P50, cloudping.co), Azure (P95, Microsoft 2026-07-30) or GCP (P50, Google 2023-11-27)",
            default: "aws"),
        OptionSpec(
            "--rtt-matrix", "FILE.csv",
            "round trips you measured, used instead of the catalog's: a CSV matrix in ms (rows and columns named by region), or rows from,to,p50[,p95,p99,...] whose percentiles --jitter measured fits"
        ),
        OptionSpec(
            "--value-size", "BYTES", "bytes of every value written and read: sizes log entries, answers and snapshots in the traffic and cost figures",
            default: "1000"),
        OptionSpec(
            "--node-cost", "$/PERIOD", "price of one node, like 0.192/h or 140/month (US dollars): adds node hours to the monthly cost",
            default: "transfer only"),
        OptionSpec("--heartbeat", "D", "Raft heartbeat period", default: "200ms"),
        OptionSpec(
            "--election-timeout", "D|MIN..MAX", "Raft election timeout T, drawn in [T, 2T) (or in [MIN, MAX)) in continuous time each time a timer restarts",
            default: "2s"),
        OptionSpec("--timeout", "D", "client operation timeout: then a read or write counts as unknown", default: "2s"),
        OptionSpec(
            "--retries", "N",
            "client retries after a failed or timed-out attempt (each attempt gets --timeout; a timed-out attempt moves to the next replica of the region)",
            default: "0"),
        OptionSpec("--retry-backoff", "D", "first pause before a retry; doubles per attempt, with jitter", default: "50ms"),
        OptionSpec(
            "--strong-reads", "lease|read-index", "how the leader serves strong reads: from its lease (renewed by heartbeats) or by a ReadIndex round",
            default: "lease"),
        OptionSpec("--max-clock-drift", "RATE", "the clock-drift bound leases assume (0.001 = 1ms per s)", default: "0.001"),
        OptionSpec("--fixed-election-timeout", nil, "use exactly T (the lower end of a range) instead of a random timeout"),
        OptionSpec("--no-leader-preference", nil, "do not move leadership back to the --leader region"),
        OptionSpec("--leader-preference", "on|off", "move leadership back to the --leader region once it has caught up (etcd has no such move)", default: "on"),
        OptionSpec("--pre-vote", "on|off", "Raft PreVote: a candidate first asks whether it could win", default: "on"),
        OptionSpec("--check-quorum", "on|off", "Raft CheckQuorum: a leader that has not heard from a quorum for an election timeout steps down", default: "on"),
        OptionSpec(
            "--quiesce", "on|off", "an idle range stops heartbeating until there is work (CockroachDB); etcd and the Raft paper always heartbeat",
            default: "on"),
        OptionSpec(
            "--profile", "etcd|cockroachdb|raft-paper",
            "a system's documented defaults (timers, PreVote, CheckQuorum, quiescence, read path, leader placement, closed timestamps, fsync; docs/profiles.md); flags given win over it"
        ),
        OptionSpec("--format", "text|json|csv", "report format", default: "text"),
        OptionSpec("--out", "FILE", "write the report to FILE instead of stdout"),
        OptionSpec("--timing", nil, "add wall-clock figures (the report is then no longer byte-reproducible)"),
        OptionSpec("--export", "DIR", "also write report.json, CSV tables, SVG charts, manifest.json and a Jupyter notebook to DIR (turns on --timeline)"),
        OptionSpec(
            "--replication", "raft|primary-async|primary-sync|leaderless",
            "raft: Raft ranges; primary-async: a primary shipping its log to replicas on every other node (Postgres streaming replication); primary-sync: commit waits for --sync-replicas; leaderless: Dynamo-style N/R/W quorums coordinated in the client's region, last writer wins",
            default: "raft"),
        OptionSpec("--n", "N", "leaderless replicas per key", default: "3"),
        OptionSpec("--r", "R", "leaderless read quorum", default: "1"),
        OptionSpec("--w", "W", "leaderless write quorum", default: "1"),
        OptionSpec("--read-repair", nil, "leaderless: repair stale replicas a read saw"),
        OptionSpec("--anti-entropy", "D", "leaderless: period of the anti-entropy sweep"),
        OptionSpec("--sync-replicas", "K", "primary-sync: replicas a commit waits for (1: semi-sync)", default: "1"),
        OptionSpec("--apply-time", "DIST", "primaries: a replica's replay time per log entry", default: "100us"),
        OptionSpec("--promotion-delay", "D|never", "primaries: promote the most caught-up replica this long after the primary fails", default: "10s"),
        OptionSpec("--promote-at", "D", "primaries: promote the most caught-up replica at this time (scripted failover)"),
        OptionSpec(
            "--locality", "table|row|global",
            "table: every range homed in --home; row: ranges homed in every region, clients mostly using their own region's (--local-share); global: strong reads served by the nearest replica, writes wait out a future timestamp",
            default: "table"),
        OptionSpec("--home", "REGION", "the home region of table and global data", default: "the --leader region"),
        OptionSpec(
            "--survival", "zone|region",
            "zone: 3 voters in the home region, non-voting replicas elsewhere; region: 5 voters, 2 at home, the rest in the nearest regions",
            default: "zone if the home region has 3 replicas, else region; every replica votes when there are too few"),
        OptionSpec("--ranges", "N", "how many ranges (Raft groups) the keyspace is split into", default: "1; 4 per region with row locality"),
        OptionSpec("--local-share", "F", "row locality: share of operations on the client's own region's rows", default: "0.9"),
        OptionSpec("--max-clock-offset", "D", "global tables: the clock-offset bound writes wait out", default: "250ms"),
        OptionSpec(
            "--read-mode", "strong|exact|bounded|nearest",
            "strong: the leaseholder; exact: at now - --staleness at the nearest replica if closed there, else the leaseholder; bounded: the nearest replica's freshest closed timestamp within --max-staleness, else the leaseholder; nearest: any replica's newest applied value",
            default: "strong"),
        OptionSpec("--staleness", "D", "how old exact-staleness reads read", default: "4.2s"),
        OptionSpec("--max-staleness", "D", "the bound of bounded-staleness reads", default: "10s"),
        OptionSpec("--nearest-only", nil, "bounded reads that cannot be served nearby fail instead of going to the leaseholder"),
        OptionSpec(
            "--limit", "NAME=VALUE",
            "raise (or lower) a limit: operations, duration, regions, nodes, replicas, events, in-flight, history, raft-log, replica-log, faults, timers (estimated events of periodic work), memory (estimated bytes, e.g. 4GB) (repeatable)",
            default:
                "operations=2e9 duration=168h regions=256 nodes=2048 replicas=2e6 events=4e6 in-flight=2e6 history=5e7 raft-log=65536 replica-log=1048576 faults=5000 timers=5e8 memory=1GB"
        ),
        OptionSpec(
            "--session", "none|read-your-writes|monotonic-reads",
            "session guarantees (a comma list for both): replicas and caches older than the session's token pass the read to the leaseholder", default: "none"),
        OptionSpec("--closed-ts-target", "D", "how far behind its clock the leaseholder closes timestamps", default: "3s"),
        OptionSpec("--closed-ts-interval", "D", "how often it publishes them", default: "200ms"),
        OptionSpec(
            "--alerts", "default|FILE",
            "evaluate alerting rules each simulated second and list when each would have fired and resolved, with a slow-operation log: the built-in rules (replica lag, pool utilization, p99 write, availability, leaseholder moves) or a rules file (JSON; topologies/alerts-example.json)",
            default: "off"),
        OptionSpec(
            "--slow-op-threshold", "D", "log operations at least this slow, with their phases (turns on --alerts default unless --alerts is given)",
            default: "1s"),
        OptionSpec("--timeline", nil, "add per-second rows: per region ok/failed/unknown and p99, the leader's region, active faults"),
        OptionSpec("--isolate", "REGION@START..END", "cut a region off from every other region (repeatable)"),
        OptionSpec("--partition", "A,B|C@START..END", "no messages cross between the two sides (repeatable)"),
        OptionSpec("--one-way", "FROM->TO@START..END", "drop messages from FROM to TO only (repeatable)"),
        OptionSpec("--crash", "REGION|NODE@START[..END]", "crash replicas, restarting at END if given (repeatable)"),
        OptionSpec("--slow", "A~B:xF[+D]@START..END", "multiply a link's latency (xF) and/or add a delay (+D) (repeatable)"),
        OptionSpec("--loss", "P[@START..END]", "lose each message with probability P"),
        OptionSpec("--duplicate", "P[@START..END]", "deliver each message twice with probability P"),
        OptionSpec("--clock-skew", "NODE=±D[,drift=R]", "a replica's clock offset and drift rate"),
        OptionSpec("--faults", "FILE", "a fault schedule file (JSON; see Sources/GeoSim/Faults/README.md)"),
        OptionSpec("--chaos", nil, "add random faults derived from the seed"),
        OptionSpec("--chaos-rate", "R", "chaos faults per simulated minute", default: "2"),
        OptionSpec("--chaos-duration", "D", "mean chaos fault duration", default: "10s"),
        OptionSpec("--chaos-kinds", "LIST", "chaos kinds with weights: isolate,crash,partition,one-way,slow,loss[:W]", default: "all"),
        OptionSpec("--cache-ttl", "D", "put a cache-aside tier (Redis-like) in every client region, entries living D"),
        OptionSpec("--cache-capacity", "N", "entries per region's cache, least recently used evicted", default: "100000"),
        OptionSpec(
            "--cache-invalidation", "none|local|global", "on write: nothing (TTL only), the writer's region, or every region after --cache-invalidation-lag",
            default: "global"),
        OptionSpec("--cache-invalidation-lag", "D", "change-stream delay of global invalidation", default: "100ms"),
        OptionSpec(
            "--cache-fill", "plain|singleflight|xfetch", "misses each fetch; one fetch per key with fill tokens; probabilistic early refresh", default: "plain"),
        OptionSpec("--cache-beta", "B", "xfetch's eagerness", default: "1"),
        OptionSpec("--cache-rtt", "D", "round trip from a client to its region's cache", default: "500us"),
        OptionSpec("--cache-swr", "D", "stale-while-revalidate: serve entries expired less than D ago while one refresh runs", default: "off"),
        OptionSpec("--request-lookups", "K", "each read request makes K cache lookups in a row (a request-scoped cache serves repeats)", default: "1"),
        OptionSpec("--request-repeat", "F", "share of a request's lookups that repeat one of its earlier keys", default: "0"),
    ]

    /// Builds run options from command-line words (everything after `run`).
    public static func parse(_ words: [String]) throws(CommandFailure) -> RunOptions {
        let parsed: [ArgumentScanner.Parsed]
        do {
            parsed = try ArgumentScanner.scan(words, options: specs, command: "run")
        } catch {
            throw .usage(error)
        }
        var settings = ScenarioSettings()
        var format = Format.text
        var outputPath: String?
        var timing = false
        var exportDirectory: String?
        // The scenario file is read first wherever it appears, so flags override it.
        if let scenarioPath = parsed.last(where: { $0.name == "--scenario" })?.value {
            do {
                settings = try ScenarioSettings.load(path: scenarioPath)
            } catch {
                throw .input(error)
            }
        }
        do throws(UsageError) {
            for option in parsed {
                let value = option.value ?? ""
                switch option.name {
                case "--scenario": break
                case "--format":
                    guard let chosen = Format(rawValue: value) else {
                        throw UsageError("Invalid value '\(value)' for --format.", hint: "Expected text, json or csv.")
                    }
                    format = chosen
                case "--out": outputPath = value
                case "--timing": timing = true
                case "--export": exportDirectory = value
                default: try settings.apply(flag: option.name, value: value)
                }
            }
        } catch {
            throw .usage(error)
        }
        var scenario: Scenario
        do { scenario = try settings.makeScenario() } catch { throw CommandFailure(error) }
        try OutputPathCheck.fileOutside(outputPath, export: exportDirectory, flag: "--out")
        try OutputPathCheck.file(outputPath, flag: "--out")
        try OutputPathCheck.export(exportDirectory)
        // The export's timeline chart and table need the per-second rows.
        if exportDirectory != nil { scenario.timeline = true }
        var options = RunOptions(scenario: scenario, format: format, outputPath: outputPath, timing: timing)
        options.exportDirectory = exportDirectory
        var kept: [String] = []
        for option in parsed where !outputOptions.contains(option.name) {
            kept.append(option.name)
            if let value = option.value { kept.append(value) }
        }
        options.commandWords = kept
        return options
    }
}
