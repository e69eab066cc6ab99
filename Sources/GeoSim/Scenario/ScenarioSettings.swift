import Foundation

/// Run settings as the user wrote them, before the topology is resolved: what flags and
/// scenario files fill in, one field per option. `makeScenario()` validates the whole and
/// builds the `Scenario`.
public struct ScenarioSettings: Sendable {
    /// Where the topology comes from.
    public enum TopologySource: Sendable {
        /// Comma-separated catalog regions.
        case regionList(String)
        /// A topology file (path as given).
        case file(String)
        /// A topology object inside a scenario file.
        case inline(InputNode, file: String)
    }

    public var topology: TopologySource?
    public var replicasPerRegion = 1
    public var crossZoneRoundTrip = Topology.defaultCrossZoneRoundTrip
    /// A CSV of measured round trips used instead of the catalog's (`--rtt-matrix`).
    public var roundTripMatrixFile: String?
    /// The region catalog a region list names (`--catalog`).
    public var catalog = CloudCatalog.Provider.aws
    public var seed = Scenario.Defaults.seed
    public var duration = Scenario.Defaults.duration
    public var rate = Scenario.Defaults.rate
    public var writeFraction = Scenario.Defaults.writeFraction
    public var keyCount = Scenario.Defaults.keyCount
    public var keyPopularity = Scenario.Defaults.keyPopularity
    public var leader: String?
    public var jitter: Jitter?
    /// `--jitter measured`: each measured link's own jitter (`MeasuredLinkJitter`), the
    /// default elsewhere.
    public var measuredJitter = false
    /// Value size and node price (`--value-size`, `--node-cost`).
    public var traffic = TrafficSettings()
    public var serviceTime = Scenario.Defaults.serviceTime
    public var heartbeat = Scenario.Defaults.heartbeat
    public var electionTimeout = Scenario.Defaults.electionTimeout
    public var electionTimeoutMax: Nanoseconds?
    public var operationTimeout = Scenario.Defaults.operationTimeout
    public var retries = 0
    public var retryBackoff = Scenario.Defaults.retryBackoff
    public var strongReads = Scenario.StrongReads.lease
    public var maxClockDrift = 0.001
    public var randomizedElectionTimeout = true
    public var leaderPreference = true
    /// Raft's PreVote and CheckQuorum (both on by default, as in etcd and CockroachDB).
    public var preVote = true
    public var checkQuorum = true
    /// Idle ranges stop heartbeating (`RaftConfig.quiesce`); on by default, as in CockroachDB.
    public var quiesce = true
    /// Transactions (`--txn`), and the detail flags given, folded in when the scenario is
    /// made (so they may come before `--txn`).
    public var transaction: TransactionSettings?
    var pendingTransaction = TransactionSettings()
    /// `--isolation` when given; else the replication mode's default.
    var isolationSet: IsolationLevel?
    var transactionOptions: [String] = []
    /// The system profile whose defaults apply (`--profile`), if any.
    public var profile: SystemProfile?
    /// The flags given so far (a profile leaves them alone). A set, never iterated.
    var givenFlags: Set<String> = []
    public var timeline = false
    /// Fault shorthands as given (flag, text), resolved once the topology is known.
    public var faultTexts: [(flag: String, text: String)] = []
    /// A fault schedule file.
    public var faultsFile: String?
    /// Faults written inside a scenario file, resolved against the topology later.
    public var inlineFaults: (node: InputNode, file: String)?
    public var replication = ReplicationSettings()
    public var promoteAt: Nanoseconds?
    public var cache: CacheSettings?
    public var cores = 1
    public var readService: Distribution?
    public var writeService: Distribution?
    public var replicationService: Distribution?
    public var applyService: Distribution?
    /// `--fsync`: the time of one fsync (nil: no disk).
    public var fsync: Distribution?
    public var closedLoopClients: Int?
    public var requestShape = Scenario.RequestShape.single
    public var pools = PoolSettings()
    public var thinkTime: Distribution = .exponential(mean: Double(100 * Nanoseconds.millisecond))
    /// Cache settings given before --cache-ttl (which turns the cache on).
    var cacheOptions: [(flag: String, value: String)] = []
    public var locality = Scenario.Locality.table
    public var home: String?
    public var survival: SurvivalGoal?
    public var rangeCount: Int?
    public var localShare = 0.9
    public var maxClockOffset = Scenario.Defaults.maxClockOffset
    public var readMode = Scenario.ReadMode.strong
    public var exactStaleness = Scenario.Defaults.exactStaleness
    public var maxStaleness = Scenario.Defaults.maxStaleness
    public var nearestOnly = false
    public var sessionGuarantees: SessionGuarantees = []
    public var limits = RunLimits()
    /// Settings a scenario file gave (and no flag replaced since), with the file and JSON
    /// path: a mistake only `makeScenario` can see (a leader not in the topology, quorums
    /// larger than N) is then reported against the file (exit 65), not as a usage error.
    var fileOrigins: [(setting: String, file: String, path: String)] = []
    public var closedTimestampTarget = Scenario.Defaults.closedTimestampTarget
    public var closedTimestampInterval = Scenario.Defaults.closedTimestampInterval
    public var chaos = false
    public var chaosRate: String?
    public var chaosDuration: String?
    public var chaosKinds: String?
    /// Alerting rules (`--alerts default|FILE`, the scenario file's `alerts`), resolved once
    /// the topology is known; and the slow-operation threshold (`--slow-op-threshold`).
    public var alerts: AlertsSource?
    public var slowOperationThreshold: Nanoseconds?

    public init() {}

    /// Sets the option `flag` (`--rate`) from its command-line text.
    public mutating func apply(flag: String, value: String) throws(UsageError) {
        if flag == "--profile" {
            try applyProfile(value)
            return
        }
        try applyOne(flag: flag, value: value)
        givenFlags.insert(flag)
    }

    /// A system's defaults: every setting of the profile whose flag was not given.
    mutating func applyProfile(_ name: String) throws(UsageError) {
        guard let chosen = SystemProfile(rawValue: name) else {
            throw UsageError(
                "Invalid value for --profile: '\(name)'.", hint: "Use one of \(SystemProfile.allCases.map(\.rawValue).joined(separator: ", ")).")
        }
        profile = chosen
        for (flag, value) in chosen.settings where !givenFlags.contains(flag) { try applyOne(flag: flag, value: value) }
    }

    /// Sets one option without recording it as given.
    private mutating func applyOne(flag: String, value: String) throws(UsageError) {
        let option = FlagValue(flag: flag, value: value)
        // The groups are tried in this order so that a flag one group names is never taken
        // by a later one (the fault shorthands come last, as the catch-all they are).
        if try applyRunOption(option) { return }
        if try applyConsensusOption(option) { return }
        if try applyCacheOption(option) { return }
        if try applyServiceOption(option) { return }
        if try applyReplicationOption(option) { return }
        if try applyPlacementOption(option) { return }
        if try applyFaultOption(option) { return }
        if try applyTransactionOption(flag: flag, value: value) { return }
        if try applyAlertOption(flag: flag, value: value) { return }
        throw UsageError("Option '\(flag)' cannot be set here.")
    }

    /// Resolves the topology and checks the settings together.
}

// The flags by concern. Each helper returns whether it knew the flag; the error messages
// are the command line's contract (tests and scripts match them), so they stay word for word.
extension ScenarioSettings {
    /// The topology, seed, duration and the workload's shape.
    private mutating func applyRunOption(_ option: FlagValue) throws(UsageError) -> Bool {
        let value = option.value
        switch option.flag {
        case "--topology":
            topology = value.lowercased().hasSuffix(".json") || value.contains("/") ? .file(value) : .regionList(value)
            forgetOrigin("topology")
        case "--seed":
            guard let number = NumberText.unsigned(value) else { throw option.invalid("a whole number from 0 to \(UInt64.max)") }
            seed = number
        case "--duration": duration = try option.positiveDuration()
        case "--rate":
            guard let number = NumberText.decimal(value), number.isFinite, number >= 0, number <= 1e9 else {
                throw option.invalid("operations per second, a number from 0 to 1e9")
            }
            rate = number
        case "--write-fraction":
            guard let number = NumberText.decimal(value), number >= 0, number <= 1 else {
                throw option.invalid("a fraction from 0 to 1")
            }
            writeFraction = number
        case "--keys": keyCount = try option.integer(1...(1 << 40))
        case "--key-dist": keyPopularity = try KeyChooser.parsePopularity(value)
        case "--replicas-per-region": replicasPerRegion = try option.integer(1...1000)
        case "--leader":
            leader = value
            forgetOrigin("leader")
        case "--jitter" where value.trimmingSpaces == "measured":
            jitter = nil
            measuredJitter = true
        case "--jitter":
            measuredJitter = false
            do { jitter = try Jitter.parse(value) } catch {
                throw UsageError("Invalid value for --jitter: \(error.message).", hint: "Use none, default, a duration (2ms) or a distribution as JSON.")
            }
        case "--service-time":
            do { serviceTime = try Distribution.parse(commandLineText: value) } catch {
                throw UsageError("Invalid value for --service-time: \(error.message).")
            }
        case "--cross-zone-rtt": crossZoneRoundTrip = try option.duration()
        case "--rtt-matrix": roundTripMatrixFile = value
        case "--catalog":
            guard let provider = CloudCatalog.Provider(rawValue: value) else { throw option.invalid("aws, azure or gcp") }
            catalog = provider
        case "--value-size": traffic.valueBytes = try option.integer(0...(64 << 20))
        case "--node-cost":
            guard let perHour = TrafficSettings.parseNodeCost(value) else {
                throw UsageError(
                    "Invalid value '\(value.excerpt())' for --node-cost: \(TrafficSettings.nodeCostProblem(value)).",
                    hint: "Expected a price per node with its period, like 0.192/h or 140/month (US dollars).")
            }
            traffic.nodeCostPerHour = perHour
        default: return false
        }
        return true
    }

    /// Raft's timers and strong reads, and how clients time out and retry.
    private mutating func applyConsensusOption(_ option: FlagValue) throws(UsageError) -> Bool {
        switch option.flag {
        case "--heartbeat": heartbeat = try option.positiveDuration()
        case "--election-timeout": (electionTimeout, electionTimeoutMax) = try option.durationRange()
        case "--timeout": operationTimeout = try option.positiveDuration()
        case "--retries": retries = try option.integer(0...100)
        case "--retry-backoff": retryBackoff = try option.duration()
        case "--strong-reads":
            guard let mode = Scenario.StrongReads(rawValue: option.value) else { throw option.invalid("lease or read-index") }
            strongReads = mode
        case "--max-clock-drift":
            guard let number = NumberText.decimal(option.value), number >= 0, number < 0.5 else {
                throw option.invalid("a drift rate from 0 to 0.5 (0.001 is 1 ms per second)")
            }
            maxClockDrift = number
        case "--fixed-election-timeout": randomizedElectionTimeout = false
        case "--no-leader-preference": leaderPreference = false
        case "--leader-preference": leaderPreference = try option.onOff()
        case "--pre-vote": preVote = try option.onOff()
        case "--check-quorum": checkQuorum = try option.onOff()
        case "--quiesce": quiesce = try option.onOff()
        case "--timeline": timeline = true
        default: return false
        }
        return true
    }

    /// The cache tier. `--cache-ttl` turns it on; its other options, given before it, wait
    /// in `cacheOptions` and are applied (in the order given) once it is on.
    private mutating func applyCacheOption(_ option: FlagValue) throws(UsageError) -> Bool {
        switch option.flag {
        case "--cache-ttl":
            cache = CacheSettings(ttl: try option.positiveDuration())
            for (earlier, earlierValue) in cacheOptions { try apply(flag: earlier, value: earlierValue) }
        case "--cache-capacity", "--cache-invalidation", "--cache-invalidation-lag", "--cache-fill", "--cache-beta", "--cache-rtt",
            "--cache-swr", "--request-lookups", "--request-repeat":
            guard cache != nil else {
                cacheOptions.append((option.flag, option.value))
                return true
            }
            try applyCacheSetting(option)
        default: return false
        }
        return true
    }

    /// One of the cache's options other than its TTL, with the cache on.
    private mutating func applyCacheSetting(_ option: FlagValue) throws(UsageError) {
        let value = option.value
        switch option.flag {
        case "--cache-capacity": cache?.capacity = try option.integer(1...100_000_000)
        case "--cache-invalidation":
            guard let chosen = CacheSettings.Invalidation(rawValue: value) else { throw option.invalid("none, local or global") }
            cache?.invalidation = chosen
        case "--cache-invalidation-lag": cache?.invalidationLag = try option.duration()
        case "--cache-fill":
            guard let chosen = CacheSettings.Fill(rawValue: value) else { throw option.invalid("plain, singleflight or xfetch") }
            cache?.fill = chosen
        case "--cache-beta":
            guard let number = NumberText.decimal(value), number > 0, number < 100 else { throw option.invalid("a number above 0 and below 100, e.g. 1") }
            cache?.beta = number
        case "--cache-swr": cache?.staleWhileRevalidate = try option.duration()
        case "--request-lookups": cache?.requestLookups = try option.integer(1...1000)
        case "--request-repeat":
            guard let number = NumberText.decimal(value), number >= 0, number < 1 else { throw option.invalid("a share from 0 to below 1") }
            cache?.requestRepeatShare = number
        default: cache?.roundTrip = try option.duration()
        }
    }

    /// Service times, closed-loop clients, connection pools and request shapes.
    private mutating func applyServiceOption(_ option: FlagValue) throws(UsageError) -> Bool {
        switch option.flag {
        case "--cores": cores = try option.integer(1...1024)
        case "--service-read", "--service-write", "--service-replication", "--service-apply", "--think-time", "--fsync":
            let distribution: Distribution
            do { distribution = try Distribution.parse(commandLineText: option.value) } catch {
                throw UsageError("Invalid value for \(option.flag): \(error.message).")
            }
            switch option.flag {
            case "--service-read": readService = distribution
            case "--service-write": writeService = distribution
            case "--service-replication": replicationService = distribution
            case "--service-apply": applyService = distribution
            case "--fsync": fsync = distribution
            default: thinkTime = distribution
            }
        case "--clients": closedLoopClients = try option.integer(1...1_000_000)
        case "--pool-size": pools.poolSize = try option.integer(1...1_000_000)
        case "--pool-timeout": pools.poolTimeout = try option.positiveDuration()
        case "--max-connections":
            pools.maxConnections = try option.integer(1...1_000_000)
            forgetOrigin("pooler")
        case "--pooler":
            pools.poolerSize = try option.integer(1...1_000_000)
            forgetOrigin("pooler")
        case "--request-shape":
            guard let shape = Scenario.RequestShape.parse(option.value) else {
                throw option.invalid("single, n+1:N, batch:N or fanout:N (N from 1 to 1000)")
            }
            requestShape = shape
        default: return false
        }
        return true
    }

    /// The replication mode, leaderless quorums, primary replicas and promotion.
    private mutating func applyReplicationOption(_ option: FlagValue) throws(UsageError) -> Bool {
        switch option.flag {
        case "--replication": replication.mode = try ReplicationSettings.parseMode(option.value)
        case "--n":
            replication.n = try option.integer(1...ReplicationSettings.maximumReplicas)
            forgetOrigin("replication")
        case "--r":
            replication.r = try option.integer(1...ReplicationSettings.maximumReplicas)
            forgetOrigin("replication")
        case "--w":
            replication.w = try option.integer(1...ReplicationSettings.maximumReplicas)
            forgetOrigin("replication")
        case "--read-repair": replication.readRepair = true
        case "--anti-entropy": replication.antiEntropyPeriod = try option.positiveDuration()
        case "--sync-replicas": replication.syncReplicas = try option.integer(1...1000)
        case "--apply-time":
            do { replication.applyTime = try Distribution.parse(commandLineText: option.value) } catch {
                throw UsageError("Invalid value for --apply-time: \(error.message).")
            }
        case "--promotion-delay":
            replication.promotionDelay = option.value == "never" ? nil : try option.duration()
        case "--promote-at": promoteAt = try option.duration()
        default: return false
        }
        return true
    }

    /// Locality and survival, the read paths and their staleness, sessions, closed
    /// timestamps and run limits.
    private mutating func applyPlacementOption(_ option: FlagValue) throws(UsageError) -> Bool {
        let value = option.value
        switch option.flag {
        case "--locality":
            guard let chosen = Scenario.Locality(rawValue: value) else { throw option.invalid("table, row or global") }
            locality = chosen
        case "--home":
            home = value
            forgetOrigin("home")
        case "--survival":
            survival = try SurvivalGoal.parse(value)
            forgetOrigin("survival")
        case "--ranges": rangeCount = try option.integer(1...100_000)
        case "--local-share":
            guard let number = NumberText.decimal(value), number >= 0, number <= 1 else { throw option.invalid("a fraction from 0 to 1") }
            localShare = number
        case "--max-clock-offset": maxClockOffset = try option.duration()
        case "--read-mode":
            guard let mode = Scenario.ReadMode(rawValue: value) else { throw option.invalid("strong, exact, bounded or nearest") }
            readMode = mode
        case "--staleness": exactStaleness = try option.positiveDuration()
        case "--max-staleness": maxStaleness = try option.positiveDuration()
        case "--nearest-only": nearestOnly = true
        case "--limit": try limits.apply(value)
        case "--session":
            guard let guarantees = SessionGuarantees.parse(value) else {
                throw option.invalid("none, read-your-writes, monotonic-reads, or both as a comma list")
            }
            sessionGuarantees = guarantees
        case "--closed-ts-target": closedTimestampTarget = try option.duration()
        case "--closed-ts-interval": closedTimestampInterval = try option.positiveDuration()
        default: return false
        }
        return true
    }

    /// Fault files, chaos, and the fault shorthands (resolved once the topology is known).
    private mutating func applyFaultOption(_ option: FlagValue) throws(UsageError) -> Bool {
        switch option.flag {
        case "--faults": faultsFile = option.value
        case "--chaos": chaos = true
        case "--chaos-rate":
            chaosRate = option.value
            chaos = true
        case "--chaos-duration":
            chaosDuration = option.value
            chaos = true
        case "--chaos-kinds":
            chaosKinds = option.value
            chaos = true
        case _ where FaultParser.flags.contains(option.flag): faultTexts.append((option.flag, option.value))
        default: return false
        }
        return true
    }
}

/// A flag and its command-line text, with the parsers the flags share and the usage
/// errors they throw, worded alike for every flag.
private struct FlagValue {
    let flag: String
    let value: String

    func invalid(_ expected: String) -> UsageError {
        UsageError("Invalid value '\(value.excerpt())' for \(flag): expected \(expected).")
    }

    /// A duration with its unit (`150ms`), in nanoseconds.
    func duration() throws(UsageError) -> Nanoseconds {
        do { return try DurationText.parse(value) } catch {
            throw UsageError("Invalid value for \(flag): \(error.description).")
        }
    }

    /// A duration with its unit, in nanoseconds, greater than zero.
    func positiveDuration() throws(UsageError) -> Nanoseconds {
        let parsed = try duration()
        guard parsed > 0 else { throw invalid("a duration greater than zero") }
        return parsed
    }

    /// `T` (nil upper end) or `A..B` with 0 < A ≤ B, in nanoseconds.
    func durationRange() throws(UsageError) -> (Nanoseconds, Nanoseconds?) {
        guard let split = value.range(of: "..") else { return (try positiveDuration(), nil) }
        let low = FlagValue(flag: flag, value: String(value[..<split.lowerBound]))
        let high = FlagValue(flag: flag, value: String(value[split.upperBound...]))
        let (minimum, maximum) = (try low.positiveDuration(), try high.positiveDuration())
        guard minimum <= maximum else { throw invalid("a duration, or a range MIN..MAX with MIN ≤ MAX") }
        return (minimum, maximum)
    }

    /// `on` or `off`.
    func onOff() throws(UsageError) -> Bool {
        switch value {
        case "on": return true
        case "off": return false
        default: throw invalid("on or off")
        }
    }

    func integer(_ range: ClosedRange<Int>) throws(UsageError) -> Int {
        guard let number = NumberText.integer(value), range.contains(number) else {
            throw invalid("a whole number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }
}
