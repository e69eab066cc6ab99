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
    public var seed = Scenario.Defaults.seed
    public var duration = Scenario.Defaults.duration
    public var rate = Scenario.Defaults.rate
    public var writeFraction = Scenario.Defaults.writeFraction
    public var keyCount = Scenario.Defaults.keyCount
    public var keyPopularity = Scenario.Defaults.keyPopularity
    public var leader: String?
    public var jitter: Jitter?
    public var serviceTime = Scenario.Defaults.serviceTime
    public var heartbeat = Scenario.Defaults.heartbeat
    public var electionTimeout = Scenario.Defaults.electionTimeout
    public var operationTimeout = Scenario.Defaults.operationTimeout
    public var retries = 0
    public var retryBackoff = Scenario.Defaults.retryBackoff
    public var strongReads = Scenario.StrongReads.lease
    public var maxClockDrift = 0.001
    public var randomizedElectionTimeout = true
    public var leaderPreference = true
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
    public var closedLoopClients: Int?
    public var requestShape = Scenario.RequestShape.single
    public var pools = PoolSettings()
    public var thinkTime: Distribution = .exponential(mean: Double(100 * Nanoseconds.millisecond))
    /// Cache settings given before --cache-ttl (which turns the cache on).
    private var cacheOptions: [(flag: String, value: String)] = []
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

    public init() {}

    /// Sets the option `flag` (`--rate`) from its command-line text.
    public mutating func apply(flag: String, value: String) throws(UsageError) {
        func invalid(_ expected: String) -> UsageError {
            UsageError("Invalid value '\(value.excerpt())' for \(flag): expected \(expected).")
        }
        func parseDuration() throws(UsageError) -> Nanoseconds {
            do { return try DurationText.parse(value) } catch {
                throw UsageError("Invalid value for \(flag): \(error.description).")
            }
        }
        func positiveDuration() throws(UsageError) -> Nanoseconds {
            let parsed = try parseDuration()
            guard parsed > 0 else { throw invalid("a duration greater than zero") }
            return parsed
        }
        func integer(_ range: ClosedRange<Int>) throws(UsageError) -> Int {
            guard let number = NumberText.integer(value), range.contains(number) else {
                throw invalid("a whole number from \(range.lowerBound) to \(range.upperBound)")
            }
            return number
        }
        switch flag {
        case "--topology":
            topology = value.lowercased().hasSuffix(".json") || value.contains("/") ? .file(value) : .regionList(value)
            forgetOrigin("topology")
        case "--seed":
            guard let number = NumberText.unsigned(value) else { throw invalid("a whole number from 0 to \(UInt64.max)") }
            seed = number
        case "--duration": duration = try positiveDuration()
        case "--rate":
            guard let number = NumberText.decimal(value), number.isFinite, number >= 0, number <= 1e9 else {
                throw invalid("operations per second, a number from 0 to 1e9")
            }
            rate = number
        case "--write-fraction":
            guard let number = NumberText.decimal(value), number >= 0, number <= 1 else {
                throw invalid("a fraction from 0 to 1")
            }
            writeFraction = number
        case "--keys": keyCount = try integer(1...(1 << 40))
        case "--key-dist": keyPopularity = try KeyChooser.parsePopularity(value)
        case "--replicas-per-region": replicasPerRegion = try integer(1...1000)
        case "--leader":
            leader = value
            forgetOrigin("leader")
        case "--jitter":
            do { jitter = try Jitter.parse(value) } catch {
                throw UsageError("Invalid value for --jitter: \(error.message).", hint: "Use none, default, a duration (2ms) or a distribution as JSON.")
            }
        case "--service-time":
            do { serviceTime = try Distribution.parse(commandLineText: value) } catch {
                throw UsageError("Invalid value for --service-time: \(error.message).")
            }
        case "--cross-zone-rtt": crossZoneRoundTrip = try parseDuration()
        case "--heartbeat": heartbeat = try positiveDuration()
        case "--election-timeout": electionTimeout = try positiveDuration()
        case "--timeout": operationTimeout = try positiveDuration()
        case "--retries": retries = try integer(0...100)
        case "--retry-backoff": retryBackoff = try parseDuration()
        case "--strong-reads":
            guard let mode = Scenario.StrongReads(rawValue: value) else { throw invalid("lease or read-index") }
            strongReads = mode
        case "--max-clock-drift":
            guard let number = NumberText.decimal(value), number >= 0, number < 0.5 else {
                throw invalid("a drift rate from 0 to 0.5 (0.001 is 1 ms per second)")
            }
            maxClockDrift = number
        case "--fixed-election-timeout": randomizedElectionTimeout = false
        case "--no-leader-preference": leaderPreference = false
        case "--timeline": timeline = true
        case "--cache-ttl":
            cache = CacheSettings(ttl: try positiveDuration())
            for (earlier, earlierValue) in cacheOptions { try apply(flag: earlier, value: earlierValue) }
        case "--cache-capacity", "--cache-invalidation", "--cache-invalidation-lag", "--cache-fill", "--cache-beta", "--cache-rtt",
            "--cache-swr", "--request-lookups", "--request-repeat":
            guard cache != nil else {
                cacheOptions.append((flag, value))
                return
            }
            switch flag {
            case "--cache-capacity": cache?.capacity = try integer(1...100_000_000)
            case "--cache-invalidation":
                guard let chosen = CacheSettings.Invalidation(rawValue: value) else { throw invalid("none, local or global") }
                cache?.invalidation = chosen
            case "--cache-invalidation-lag": cache?.invalidationLag = try parseDuration()
            case "--cache-fill":
                guard let chosen = CacheSettings.Fill(rawValue: value) else { throw invalid("plain, singleflight or xfetch") }
                cache?.fill = chosen
            case "--cache-beta":
                guard let number = NumberText.decimal(value), number > 0, number < 100 else { throw invalid("a number above 0 and below 100, e.g. 1") }
                cache?.beta = number
            case "--cache-swr": cache?.staleWhileRevalidate = try parseDuration()
            case "--request-lookups": cache?.requestLookups = try integer(1...1000)
            case "--request-repeat":
                guard let number = NumberText.decimal(value), number >= 0, number < 1 else { throw invalid("a share from 0 to below 1") }
                cache?.requestRepeatShare = number
            default: cache?.roundTrip = try parseDuration()
            }
        case "--cores": cores = try integer(1...1024)
        case "--service-read", "--service-write", "--service-replication", "--service-apply", "--think-time":
            let distribution: Distribution
            do { distribution = try Distribution.parse(commandLineText: value) } catch {
                throw UsageError("Invalid value for \(flag): \(error.message).")
            }
            switch flag {
            case "--service-read": readService = distribution
            case "--service-write": writeService = distribution
            case "--service-replication": replicationService = distribution
            case "--service-apply": applyService = distribution
            default: thinkTime = distribution
            }
        case "--clients": closedLoopClients = try integer(1...1_000_000)
        case "--pool-size": pools.poolSize = try integer(1...1_000_000)
        case "--pool-timeout": pools.poolTimeout = try positiveDuration()
        case "--max-connections":
            pools.maxConnections = try integer(1...1_000_000)
            forgetOrigin("pooler")
        case "--pooler":
            pools.poolerSize = try integer(1...1_000_000)
            forgetOrigin("pooler")
        case "--request-shape":
            guard let shape = Scenario.RequestShape.parse(value) else { throw invalid("single, n+1:N, batch:N or fanout:N (N from 1 to 1000)") }
            requestShape = shape
        case "--replication": replication.mode = try ReplicationSettings.parseMode(value)
        case "--n":
            replication.n = try integer(1...ReplicationSettings.maximumReplicas)
            forgetOrigin("replication")
        case "--r":
            replication.r = try integer(1...ReplicationSettings.maximumReplicas)
            forgetOrigin("replication")
        case "--w":
            replication.w = try integer(1...ReplicationSettings.maximumReplicas)
            forgetOrigin("replication")
        case "--read-repair": replication.readRepair = true
        case "--anti-entropy": replication.antiEntropyPeriod = try positiveDuration()
        case "--sync-replicas": replication.syncReplicas = try integer(1...1000)
        case "--apply-time":
            do { replication.applyTime = try Distribution.parse(commandLineText: value) } catch {
                throw UsageError("Invalid value for --apply-time: \(error.message).")
            }
        case "--promotion-delay":
            replication.promotionDelay = value == "never" ? nil : try parseDuration()
        case "--promote-at": promoteAt = try parseDuration()
        case "--locality":
            guard let chosen = Scenario.Locality(rawValue: value) else { throw invalid("table, row or global") }
            locality = chosen
        case "--home":
            home = value
            forgetOrigin("home")
        case "--survival":
            survival = try SurvivalGoal.parse(value)
            forgetOrigin("survival")
        case "--ranges": rangeCount = try integer(1...100_000)
        case "--local-share":
            guard let number = NumberText.decimal(value), number >= 0, number <= 1 else { throw invalid("a fraction from 0 to 1") }
            localShare = number
        case "--max-clock-offset": maxClockOffset = try parseDuration()
        case "--read-mode":
            guard let mode = Scenario.ReadMode(rawValue: value) else { throw invalid("strong, exact, bounded or nearest") }
            readMode = mode
        case "--staleness": exactStaleness = try positiveDuration()
        case "--max-staleness": maxStaleness = try positiveDuration()
        case "--nearest-only": nearestOnly = true
        case "--limit": try limits.apply(value)
        case "--session":
            guard let guarantees = SessionGuarantees.parse(value) else { throw invalid("none, read-your-writes, monotonic-reads, or both as a comma list") }
            sessionGuarantees = guarantees
        case "--closed-ts-target": closedTimestampTarget = try parseDuration()
        case "--closed-ts-interval": closedTimestampInterval = try positiveDuration()
        case "--faults": faultsFile = value
        case "--chaos": chaos = true
        case "--chaos-rate":
            chaosRate = value
            chaos = true
        case "--chaos-duration":
            chaosDuration = value
            chaos = true
        case "--chaos-kinds":
            chaosKinds = value
            chaos = true
        case _ where FaultParser.flags.contains(flag): faultTexts.append((flag, value))
        default:
            throw UsageError("Option '\(flag)' cannot be set here.")
        }
    }

    /// Resolves the topology and checks the settings together.
    public func makeScenario() throws(CommandFailure) -> Scenario {
        let resolved: Topology
        switch topology {
        case nil:
            throw .usage(UsageError("No topology given.", hint: "Add --topology us-east,us-west,eu-central (or a topology file)."))
        case .regionList(let list):
            do {
                resolved = try Topology.fromRegionList(list, replicasPerRegion: replicasPerRegion, crossZoneRoundTrip: crossZoneRoundTrip)
            } catch { throw failure("topology", error) }
        case .file(let path):
            do { resolved = try Topology.load(path: path, maximumRegions: limits.regions) } catch { throw .input(error) }
        case .inline(let node, let file):
            do { resolved = try ScenarioSettings.inlineTopology(node, replicasPerRegion: replicasPerRegion, crossZoneRoundTrip: crossZoneRoundTrip) } catch {
                throw .input(error.inFile(file))
            }
        }
        var scenario = Scenario(topology: resolved)
        /// A region of the topology by name; a usage error that lists the regions otherwise.
        func region(_ name: String, role: String) throws(CommandFailure) -> Int {
            guard let region = resolved.regionIndex(named: name) else {
                let names = resolved.regions.map(\.name)
                let hint =
                    Suggestion.closest(to: name, among: names).map { "Did you mean '\($0)'?" }
                    ?? "The topology's regions are: \(names.joined(separator: ", "))."
                throw failure(role.lowercased(), UsageError("\(role) region '\(name)' is not in the topology.", hint: hint))
            }
            return region
        }
        if let leader { scenario.leaderRegion = try region(leader, role: "Leader") }
        scenario.seed = seed
        scenario.duration = duration
        scenario.rate = rate
        scenario.writeFraction = writeFraction
        scenario.keyCount = keyCount
        scenario.keyPopularity = keyPopularity
        if let jitter {
            scenario.jitter = jitter
            scenario.jitterIsExplicit = true
        }
        scenario.serviceTime = serviceTime
        scenario.heartbeatInterval = heartbeat
        scenario.electionTimeout = electionTimeout
        scenario.operationTimeout = operationTimeout
        scenario.retries = retries
        scenario.retryBackoff = retryBackoff
        scenario.strongReads = strongReads
        scenario.maxClockDrift = maxClockDrift
        scenario.randomizedElectionTimeout = randomizedElectionTimeout
        scenario.leaderPreference = leaderPreference
        scenario.timeline = timeline
        if let home {
            let homeRegion = try region(home, role: "Home")
            scenario.homeRegion = homeRegion
            // The preferred leaseholder follows the home unless --leader says otherwise.
            if leader == nil { scenario.leaderRegion = homeRegion }
        }
        guard replication.r <= replication.n, replication.w <= replication.n else {
            throw failure(
                "replication",
                UsageError("Quorums larger than the replica count: --r \(replication.r) and --w \(replication.w) must not exceed --n \(replication.n)."))
        }
        if replication.mode == .leaderless, replication.n > resolved.nodes.count {
            throw .usage(
                UsageError(
                    "Leaderless replication with --n \(replication.n) needs that many nodes; the topology has \(resolved.nodes.count).",
                    hint: "Lower --n or add --replicas-per-region."))
        }
        if !cacheOptions.isEmpty && cache == nil {
            throw .usage(UsageError("Option '\(cacheOptions[0].flag)' needs a cache.", hint: "Add --cache-ttl, e.g. --cache-ttl 60s."))
        }
        scenario.cache = cache
        scenario.cores = cores
        scenario.readService = readService
        scenario.writeService = writeService
        scenario.replicationService = replicationService
        scenario.applyService = applyService
        scenario.closedLoopClients = closedLoopClients
        scenario.requestShape = requestShape
        if let pooler = pools.poolerSize, let limit = pools.maxConnections, pooler > limit {
            throw failure("pooler", UsageError("The pooler's \(pooler) server connections exceed the store's limit of \(limit) (--max-connections)."))
        }
        scenario.pools = pools
        scenario.thinkTime = thinkTime
        scenario.replication = replication
        scenario.promoteAt = promoteAt
        scenario.locality = locality
        scenario.survival = survival
        scenario.rangeCount = rangeCount
        scenario.localShare = localShare
        scenario.maxClockOffset = maxClockOffset
        scenario.readMode = readMode
        scenario.exactStaleness = exactStaleness
        scenario.maxStaleness = maxStaleness
        scenario.nearestOnly = nearestOnly
        scenario.sessionGuarantees = sessionGuarantees
        scenario.limits = limits
        scenario.closedTimestampTarget = closedTimestampTarget
        scenario.closedTimestampInterval = closedTimestampInterval
        scenario.faults = try resolveFaults(topology: resolved)
        // Placement is checked here so that an impossible survival goal is a usage error
        // that says why, before anything runs.
        let layout: RangeLayout
        do { layout = try RangeLayout.make(for: scenario) } catch { throw failure("survival", error) }
        do {
            try limits.check(scenario, ranges: layout.ranges.count, replicas: layout.ranges.reduce(0) { $0 + $1.voters.count + $1.nonVoters.count })
        } catch { throw .usage(error) }
        return scenario
    }

    /// `error` about `setting`: against the scenario file when the file gave the setting,
    /// else a usage error.
    func failure(_ setting: String, _ error: UsageError) -> CommandFailure {
        guard let origin = fileOrigins.last(where: { $0.setting == setting }) else { return .usage(error) }
        let message = error.message.hasSuffix(".") ? String(error.message.dropLast()) : error.message
        return .input(InputError(file: origin.file, location: origin.path, message: message + (error.hint.map { ". " + $0 } ?? "")))
    }

    /// A flag replaced a setting the scenario file gave.
    mutating func forgetOrigin(_ setting: String) {
        fileOrigins.removeAll { $0.setting == setting }
    }

    /// The fault schedule: inline faults of a scenario file, then the file of `--faults`,
    /// then the shorthands in command-line order, then `--chaos`.
    func resolveFaults(topology: Topology) throws(CommandFailure) -> [Fault] {
        var faults: [Fault] = []
        if let inline = inlineFaults {
            do { faults += try FaultFile.parse(inline.node, topology: topology) } catch { throw .input(error.inFile(inline.file)) }
        }
        if let faultsFile {
            do { faults += try FaultFile.load(path: faultsFile, topology: topology) } catch { throw .input(error) }
        }
        for (flag, text) in faultTexts {
            do { faults.append(try FaultParser.parse(flag: flag, text: text, topology: topology)) } catch { throw .usage(error) }
        }
        if chaos {
            let settings: ChaosSettings
            do {
                settings = try ChaosGenerator.parseSettings(rate: chaosRate, meanDuration: chaosDuration, kinds: chaosKinds)
                try limits.checkChaos(settings, duration: duration)
            } catch { throw .usage(error) }
            faults += ChaosGenerator.faults(settings: settings, topology: topology, duration: duration, seed: seed)
        }
        return faults
    }

    /// The scenario-file keys, each the flag's name without dashes, in snake case.
    static let fileKeys = [
        "topology", "replicas_per_region", "cross_zone_rtt", "seed", "duration", "rate", "write_fraction", "keys",
        "key_dist", "leader", "jitter", "service_time", "heartbeat", "election_timeout", "timeout", "retries",
        "retry_backoff", "strong_reads", "max_clock_drift", "randomized_election_timeout", "leader_preference",
        "timeline", "faults", "chaos", "read_mode", "staleness", "max_staleness", "nearest_only", "session", "limits",
        "closed_ts_target", "closed_ts_interval", "locality", "home", "survival", "ranges", "local_share",
        "max_clock_offset", "replication", "promote_at", "cache", "cores", "service_read", "service_write",
        "service_replication", "service_apply", "clients", "think_time", "request_shape", "pool_size", "pool_timeout",
        "max_connections", "pooler",
    ]

    /// Reads a scenario file: an object with the keys of `fileKeys` (durations as strings
    /// with units, distributions as JSON objects). A topology may be a region list, a path
    /// (relative to the scenario file), a `{"regions": ["us-east", …], "replicas_per_region": N}`
    /// object, or a full topology object.
    public static func load(path: String) throws(InputError) -> ScenarioSettings {
        let root = try InputFile.readJSON(path: path)
        do {
            return try parse(root, file: path)
        } catch {
            throw error.inFile(path)
        }
    }

    static func parse(_ root: InputNode, file: String) throws(InputError) -> ScenarioSettings {
        try root.rejectUnknownKeys(allowed: fileKeys)
        var settings = ScenarioSettings()
        if let node = try root.optional("topology") {
            switch node.value {
            case .string(let text):
                if text.lowercased().hasSuffix(".json") {
                    let directory = (file as NSString).deletingLastPathComponent
                    let resolved = text.hasPrefix("/") || directory.isEmpty ? text : directory + "/" + text
                    settings.topology = .file(resolved)
                } else {
                    settings.topology = .regionList(text)
                    // A bad region list is the file's mistake (exit 65, naming the file).
                    settings.fileOrigins.append(("topology", file, "$.topology"))
                }
            default:
                settings.topology = .inline(node, file: file)
            }
        }
        if let node = try root.optional("replicas_per_region") { settings.replicasPerRegion = try node.integer(in: 1...1000) }
        if let node = try root.optional("cross_zone_rtt") { settings.crossZoneRoundTrip = try node.duration() }
        if let node = try root.optional("seed") { settings.seed = UInt64(try node.integer(in: 0...Int.max)) }
        if let node = try root.optional("duration") { settings.duration = try node.positiveDuration() }
        if let node = try root.optional("rate") { settings.rate = try node.number(in: 0...1e9) }
        if let node = try root.optional("write_fraction") { settings.writeFraction = try node.number(in: 0...1) }
        if let node = try root.optional("keys") { settings.keyCount = try node.integer(in: 1...(1 << 40)) }
        if let node = try root.optional("key_dist") {
            let text = try node.string()
            do { settings.keyPopularity = try KeyChooser.parsePopularity(text) } catch {
                throw node.error(error.message)
            }
        }
        if let node = try root.optional("leader") {
            settings.leader = try node.string()
            settings.fileOrigins.append(("leader", file, "$.leader"))
        }
        if let node = try root.optional("jitter") {
            if case .string(let text) = node.value {
                switch text {
                case "none": settings.jitter = Jitter.none
                case "default": settings.jitter = .standard
                default: throw node.error("expected \"none\", \"default\" or a distribution object")
                }
            } else {
                settings.jitter = .distribution(try Distribution.parse(node))
            }
        }
        if let node = try root.optional("service_time") { settings.serviceTime = try Distribution.parse(node) }
        if let node = try root.optional("heartbeat") { settings.heartbeat = try node.positiveDuration() }
        if let node = try root.optional("election_timeout") { settings.electionTimeout = try node.positiveDuration() }
        if let node = try root.optional("timeout") { settings.operationTimeout = try node.positiveDuration() }
        if let node = try root.optional("retries") { settings.retries = try node.integer(in: 0...100) }
        if let node = try root.optional("retry_backoff") { settings.retryBackoff = try node.duration() }
        if let node = try root.optional("strong_reads") {
            let text = try node.string()
            guard let mode = Scenario.StrongReads(rawValue: text) else { throw node.error("expected \"lease\" or \"read-index\"") }
            settings.strongReads = mode
        }
        if let node = try root.optional("max_clock_drift") { settings.maxClockDrift = try node.number(in: 0...0.499) }
        if let node = try root.optional("randomized_election_timeout") { settings.randomizedElectionTimeout = try node.bool() }
        if let node = try root.optional("leader_preference") { settings.leaderPreference = try node.bool() }
        if let node = try root.optional("timeline") { settings.timeline = try node.bool() }
        if let node = try root.optional("replication") {
            settings.replication = try ReplicationSettings.parse(node)
            settings.fileOrigins.append(("replication", file, "$.replication"))
        }
        if let node = try root.optional("cores") { settings.cores = try node.integer(in: 1...1024) }
        if let node = try root.optional("service_read") { settings.readService = try Distribution.parse(node) }
        if let node = try root.optional("service_write") { settings.writeService = try Distribution.parse(node) }
        if let node = try root.optional("service_replication") { settings.replicationService = try Distribution.parse(node) }
        if let node = try root.optional("service_apply") { settings.applyService = try Distribution.parse(node) }
        if let node = try root.optional("clients") { settings.closedLoopClients = try node.integer(in: 1...1_000_000) }
        if let node = try root.optional("think_time") { settings.thinkTime = try Distribution.parse(node) }
        if let node = try root.optional("pool_size") { settings.pools.poolSize = try node.integer(in: 1...1_000_000) }
        if let node = try root.optional("pool_timeout") { settings.pools.poolTimeout = try node.positiveDuration() }
        if let node = try root.optional("max_connections") { settings.pools.maxConnections = try node.integer(in: 1...1_000_000) }
        if let node = try root.optional("pooler") {
            settings.pools.poolerSize = try node.integer(in: 1...1_000_000)
            settings.fileOrigins.append(("pooler", file, "$.pooler"))
        }
        if let node = try root.optional("request_shape") {
            guard let shape = Scenario.RequestShape.parse(try node.string()) else { throw node.error("expected single, n+1:N, batch:N or fanout:N") }
            settings.requestShape = shape
        }
        if let node = try root.optional("cache") {
            try node.rejectUnknownKeys(allowed: [
                "ttl", "capacity", "invalidation", "invalidation_lag", "fill", "beta", "rtt",
                "stale_while_revalidate", "request_lookups", "request_repeat",
            ])
            var cache = CacheSettings(ttl: try node.required("ttl").positiveDuration())
            if let field = try node.optional("capacity") { cache.capacity = try field.integer(in: 1...100_000_000) }
            if let field = try node.optional("invalidation") {
                guard let chosen = CacheSettings.Invalidation(rawValue: try field.string()) else { throw field.error("expected none, local or global") }
                cache.invalidation = chosen
            }
            if let field = try node.optional("invalidation_lag") { cache.invalidationLag = try field.duration() }
            if let field = try node.optional("fill") {
                guard let chosen = CacheSettings.Fill(rawValue: try field.string()) else { throw field.error("expected plain, singleflight or xfetch") }
                cache.fill = chosen
            }
            if let field = try node.optional("beta") {
                cache.beta = try field.positiveNumber()
                guard cache.beta < 100 else { throw field.error("expected a number above 0 and below 100, e.g. 1") }
            }
            if let field = try node.optional("rtt") { cache.roundTrip = try field.duration() }
            if let field = try node.optional("stale_while_revalidate") { cache.staleWhileRevalidate = try field.duration() }
            if let field = try node.optional("request_lookups") { cache.requestLookups = try field.integer(in: 1...1000) }
            if let field = try node.optional("request_repeat") { cache.requestRepeatShare = try field.number(in: 0...0.999) }
            settings.cache = cache
        }
        if let node = try root.optional("promote_at") { settings.promoteAt = try node.duration() }
        if let node = try root.optional("locality") {
            let text = try node.string()
            guard let chosen = Scenario.Locality(rawValue: text) else { throw node.error("expected table, row or global") }
            settings.locality = chosen
        }
        if let node = try root.optional("home") {
            settings.home = try node.string()
            settings.fileOrigins.append(("home", file, "$.home"))
        }
        if let node = try root.optional("survival") {
            settings.fileOrigins.append(("survival", file, "$.survival"))
            let text = try node.string()
            do { settings.survival = try SurvivalGoal.parse(text) } catch { throw node.error(error.message) }
        }
        if let node = try root.optional("ranges") { settings.rangeCount = try node.integer(in: 1...100_000) }
        if let node = try root.optional("local_share") { settings.localShare = try node.number(in: 0...1) }
        if let node = try root.optional("max_clock_offset") { settings.maxClockOffset = try node.duration() }
        if let node = try root.optional("read_mode") {
            let text = try node.string()
            guard let mode = Scenario.ReadMode(rawValue: text) else { throw node.error("expected strong, exact, bounded or nearest") }
            settings.readMode = mode
        }
        if let node = try root.optional("staleness") { settings.exactStaleness = try node.positiveDuration() }
        if let node = try root.optional("max_staleness") { settings.maxStaleness = try node.positiveDuration() }
        if let node = try root.optional("nearest_only") { settings.nearestOnly = try node.bool() }
        if let node = try root.optional("limits") {
            for (key, value) in try node.members() {
                let text: String
                if let string = try? value.string() { text = string } else { text = String(try value.number()) }
                do { try settings.limits.apply("\(key)=\(text)") } catch { throw value.error(error.message) }
            }
        }
        if let node = try root.optional("session") {
            guard let guarantees = SessionGuarantees.parse(try node.string()) else {
                throw node.error("expected none, read-your-writes, monotonic-reads, or both as a comma list")
            }
            settings.sessionGuarantees = guarantees
        }
        if let node = try root.optional("closed_ts_target") { settings.closedTimestampTarget = try node.duration() }
        if let node = try root.optional("closed_ts_interval") { settings.closedTimestampInterval = try node.positiveDuration() }
        if let node = try root.optional("faults") {
            if case .string(let path) = node.value {
                let directory = (file as NSString).deletingLastPathComponent
                settings.faultsFile = path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
            } else {
                settings.inlineFaults = (node, file)
            }
        }
        if let node = try root.optional("chaos") {
            if case .bool(let on) = node.value {
                settings.chaos = on
            } else {
                try node.rejectUnknownKeys(allowed: ["rate", "duration", "kinds"])
                settings.chaos = true
                if let rate = try node.optional("rate") { settings.chaosRate = String(try rate.number()) }
                if let duration = try node.optional("duration") { settings.chaosDuration = try duration.string() }
                if let kinds = try node.optional("kinds") { settings.chaosKinds = try kinds.string() }
            }
        }
        return settings
    }

    /// A topology object inside a scenario file: the short form of CLI.md
    /// (`{"regions": ["us-east"], "replicas_per_region": 3}`) or a full topology object.
    static func inlineTopology(_ node: InputNode, replicasPerRegion: Int, crossZoneRoundTrip: Nanoseconds) throws(InputError) -> Topology {
        let regions = try node.required("regions")
        let elements = try regions.elements()
        let allStrings = elements.allSatisfy { if case .string = $0.value { return true } else { return false } }
        guard allStrings, !elements.isEmpty else { return try Topology.parse(node) }
        try node.rejectUnknownKeys(allowed: ["regions", "replicas_per_region", "cross_zone_rtt"])
        var names: [String] = []
        for element in elements { names.append(try element.string()) }
        let replicas = try node.optional("replicas_per_region")?.integer(in: 1...Topology.maximumNodesPerRegion) ?? replicasPerRegion
        let crossZone = try node.optional("cross_zone_rtt")?.positiveDuration() ?? crossZoneRoundTrip
        do {
            return try Topology.fromRegionList(names.joined(separator: ","), replicasPerRegion: replicas, crossZoneRoundTrip: crossZone)
        } catch {
            throw regions.error(error.description)
        }
    }
}
