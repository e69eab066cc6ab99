import Foundation

// Scenario files: loading and parsing the JSON form of the settings.

extension ScenarioSettings {
    public static func load(path: String) throws(InputError) -> ScenarioSettings {
        let root = try InputFile.readJSON(path: path)
        do {
            return try parse(root, file: path)
        } catch {
            throw error.inFile(path)
        }
    }

    /// Scenario-file keys beyond `fileKeys`: the disk (`fsync`, a distribution object).
    static let diskFileKeys = ["fsync"]

    static func parse(_ root: InputNode, file: String) throws(InputError) -> ScenarioSettings {
        try root.rejectUnknownKeys(fileTable)
        // The keys are read in this order so that a file with several mistakes is always
        // reported against the same first one.
        var settings = ScenarioSettings()
        // A profile first: the file's own keys then replace its defaults.
        if let node = try root.optional("profile") {
            let name = try node.string()
            do { try settings.applyProfile(name) } catch {
                throw node.error("expected a profile: \(SystemProfile.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        try settings.readTopology(root, file: file)
        try settings.readWorkload(root, file: file)
        try settings.readConsensus(root, file: file)
        try settings.readService(root, file: file)
        if let node = try root.optional("cache") { settings.cache = try parseCache(node) }
        if let node = try root.optional("promote_at") { settings.promoteAt = try node.duration() }
        try settings.readPlacement(root, file: file)
        try settings.readFaults(root, file: file)
        try settings.readTransactions(root)
        try settings.readAlerts(root, file: file)
        // What the file sets counts as given: a --profile after it leaves those alone.
        for key in fileKeys where try root.optional(key) != nil {
            settings.givenFlags.insert("--" + key.replacingOccurrences(of: "_", with: "-"))
        }
        return settings
    }

    /// `topology`: a topology file (relative to the scenario file), a region list, or an inline object.
    private mutating func readTopology(_ root: InputNode, file: String) throws(InputError) {
        if let node = try root.optional("topology") {
            switch node.value {
            case .string(let text):
                if text.lowercased().hasSuffix(".json") {
                    let directory = (file as NSString).deletingLastPathComponent
                    let resolved = text.hasPrefix("/") || directory.isEmpty ? text : directory + "/" + text
                    topology = .file(resolved)
                } else {
                    topology = .regionList(text)
                    // A bad region list is the file's mistake (exit 65, naming the file).
                    fileOrigins.append(("topology", file, "$.topology"))
                }
            default:
                topology = .inline(node, file: file)
            }
        }
    }

    /// The replicas, seed, duration and the workload's shape.
    private mutating func readWorkload(_ root: InputNode, file: String) throws(InputError) {
        if let node = try root.optional("replicas_per_region") { replicasPerRegion = try node.integer(in: 1...1000) }
        if let node = try root.optional("cross_zone_rtt") { crossZoneRoundTrip = try node.duration() }
        if let node = try root.optional("seed") { seed = UInt64(try node.integer(in: 0...Int.max)) }
        if let node = try root.optional("duration") { duration = try node.positiveDuration() }
        if let node = try root.optional("rate") { rate = try node.number(in: 0...1e9) }
        if let node = try root.optional("write_fraction") { writeFraction = try node.number(in: 0...1) }
        if let node = try root.optional("keys") { keyCount = try node.integer(in: 1...(1 << 40)) }
        if let node = try root.optional("value_size") { traffic.valueBytes = try node.integer(in: 0...(64 << 20)) }
        if let node = try root.optional("node_cost") {
            guard let perHour = TrafficSettings.parseNodeCost(try node.string()) else {
                throw node.error("expected a price per node with its period, like \"0.192/h\" or \"140/month\" (US dollars)")
            }
            traffic.nodeCostPerHour = perHour
        }
        if let node = try root.optional("key_dist") {
            let text = try node.string()
            do { keyPopularity = try KeyChooser.parsePopularity(text) } catch {
                throw node.error(error.message)
            }
        }
        if let node = try root.optional("leader") {
            leader = try node.string()
            fileOrigins.append(("leader", file, "$.leader"))
        }
        if let node = try root.optional("jitter") { jitter = try Self.parseJitter(node) }
        if let node = try root.optional("service_time") { serviceTime = try Distribution.parse(node) }
    }

    /// Raft's timers and strong reads, how clients time out and retry, and `replication`.
    private mutating func readConsensus(_ root: InputNode, file: String) throws(InputError) {
        if let node = try root.optional("heartbeat") { heartbeat = try node.positiveDuration() }
        if let node = try root.optional("election_timeout") { electionTimeout = try node.positiveDuration() }
        if let node = try root.optional("timeout") { operationTimeout = try node.positiveDuration() }
        if let node = try root.optional("retries") { retries = try node.integer(in: 0...100) }
        if let node = try root.optional("retry_backoff") { retryBackoff = try node.duration() }
        if let node = try root.optional("strong_reads") {
            let text = try node.string()
            guard let mode = Scenario.StrongReads(rawValue: text) else { throw node.error("expected \"lease\" or \"read-index\"") }
            strongReads = mode
        }
        if let node = try root.optional("max_clock_drift") { maxClockDrift = try node.number(in: 0...0.499) }
        if let node = try root.optional("randomized_election_timeout") { randomizedElectionTimeout = try node.bool() }
        if let node = try root.optional("leader_preference") { leaderPreference = try node.bool() }
        if let node = try root.optional("pre_vote") { preVote = try node.bool() }
        if let node = try root.optional("check_quorum") { checkQuorum = try node.bool() }
        if let node = try root.optional("quiesce") { quiesce = try node.bool() }
        if let node = try root.optional("timeline") { timeline = try node.bool() }
        if let node = try root.optional("replication") {
            replication = try ReplicationSettings.parse(node)
            fileOrigins.append(("replication", file, "$.replication"))
        }
    }

    /// Service times, closed-loop clients, connection pools and request shapes.
    private mutating func readService(_ root: InputNode, file: String) throws(InputError) {
        if let node = try root.optional("cores") { cores = try node.integer(in: 1...1024) }
        if let node = try root.optional("service_read") { readService = try Distribution.parse(node) }
        if let node = try root.optional("service_write") { writeService = try Distribution.parse(node) }
        if let node = try root.optional("service_replication") { replicationService = try Distribution.parse(node) }
        if let node = try root.optional("service_apply") { applyService = try Distribution.parse(node) }
        if let node = try root.optional("fsync") { fsync = try Distribution.parse(node) }
        if let node = try root.optional("clients") { closedLoopClients = try node.integer(in: 1...1_000_000) }
        if let node = try root.optional("think_time") { thinkTime = try Distribution.parse(node) }
        if let node = try root.optional("pool_size") { pools.poolSize = try node.integer(in: 1...1_000_000) }
        if let node = try root.optional("pool_timeout") { pools.poolTimeout = try node.positiveDuration() }
        if let node = try root.optional("max_connections") { pools.maxConnections = try node.integer(in: 1...1_000_000) }
        if let node = try root.optional("pooler") {
            pools.poolerSize = try node.integer(in: 1...1_000_000)
            fileOrigins.append(("pooler", file, "$.pooler"))
        }
        if let node = try root.optional("request_shape") {
            guard let shape = Scenario.RequestShape.parse(try node.string()) else { throw node.error("expected single, n+1:N, batch:N or fanout:N") }
            requestShape = shape
        }
    }

    /// Locality and survival, the read paths and their staleness, run limits, sessions and closed timestamps.
    private mutating func readPlacement(_ root: InputNode, file: String) throws(InputError) {
        if let node = try root.optional("locality") {
            let text = try node.string()
            guard let chosen = Scenario.Locality(rawValue: text) else { throw node.error("expected table, row or global") }
            locality = chosen
        }
        if let node = try root.optional("home") {
            home = try node.string()
            fileOrigins.append(("home", file, "$.home"))
        }
        if let node = try root.optional("survival") {
            fileOrigins.append(("survival", file, "$.survival"))
            let text = try node.string()
            do { survival = try SurvivalGoal.parse(text) } catch { throw node.error(error.message) }
        }
        if let node = try root.optional("ranges") { rangeCount = try node.integer(in: 1...100_000) }
        if let node = try root.optional("local_share") { localShare = try node.number(in: 0...1) }
        if let node = try root.optional("max_clock_offset") { maxClockOffset = try node.duration() }
        if let node = try root.optional("read_mode") {
            let text = try node.string()
            guard let mode = Scenario.ReadMode(rawValue: text) else { throw node.error("expected strong, exact, bounded or nearest") }
            readMode = mode
        }
        if let node = try root.optional("staleness") { exactStaleness = try node.positiveDuration() }
        if let node = try root.optional("max_staleness") { maxStaleness = try node.positiveDuration() }
        if let node = try root.optional("nearest_only") { nearestOnly = try node.bool() }
        if let node = try root.optional("limits") {
            for (key, value) in try node.members() {
                let text: String
                if let string = try? value.string() { text = string } else { text = String(try value.number()) }
                do { try limits.apply("\(key)=\(text)") } catch { throw value.error(error.message) }
            }
        }
        if let node = try root.optional("session") {
            guard let guarantees = SessionGuarantees.parse(try node.string()) else {
                throw node.error("expected none, read-your-writes, monotonic-reads, or both as a comma list")
            }
            sessionGuarantees = guarantees
        }
        if let node = try root.optional("closed_ts_target") { closedTimestampTarget = try node.duration() }
        if let node = try root.optional("closed_ts_interval") { closedTimestampInterval = try node.positiveDuration() }
    }

    /// `faults` (a file relative to the scenario file, or inline) and `chaos` (on/off or its settings).
    private mutating func readFaults(_ root: InputNode, file: String) throws(InputError) {
        if let node = try root.optional("faults") {
            if case .string(let path) = node.value {
                let directory = (file as NSString).deletingLastPathComponent
                faultsFile = path.hasPrefix("/") || directory.isEmpty ? path : directory + "/" + path
            } else {
                inlineFaults = (node, file)
            }
        }
        if let node = try root.optional("chaos") {
            if case .bool(let on) = node.value {
                chaos = on
            } else {
                try node.rejectUnknownKeys(Self.chaosTable)
                chaos = true
                if let rate = try node.optional("rate") { chaosRate = String(try rate.number()) }
                if let duration = try node.optional("duration") { chaosDuration = try duration.string() }
                if let kinds = try node.optional("kinds") { chaosKinds = try kinds.string() }
            }
        }
    }

    /// `jitter`: "none", "default", or a distribution object.
    private static func parseJitter(_ node: InputNode) throws(InputError) -> Jitter {
        if case .string(let text) = node.value {
            switch text {
            case "none": return Jitter.none
            case "default": return .standard
            default: throw node.error("expected \"none\", \"default\" or a distribution object")
            }
        }
        return .distribution(try Distribution.parse(node))
    }

    /// `cache`: the cache tier; `ttl` is required and turns it on.
    private static func parseCache(_ node: InputNode) throws(InputError) -> CacheSettings {
        try node.rejectUnknownKeys(cacheTable)
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
        return cache
    }

    /// The keys of the short form of an inline topology, all keys of `Topology.fileTable`.
    static let shortTopologyKeys = ["regions", "replicas_per_region", "cross_zone_rtt"]

    /// A topology object inside a scenario file: the short form of CLI.md
    /// (`{"regions": ["us-east"], "replicas_per_region": 3}`: region names and at most
    /// `shortTopologyKeys`, defaults from the scenario) or a full topology object.
    static func inlineTopology(_ node: InputNode, replicasPerRegion: Int, crossZoneRoundTrip: Nanoseconds) throws(InputError) -> Topology {
        let regions = try node.required("regions")
        let elements = try regions.elements()
        let allStrings = elements.allSatisfy { if case .string = $0.value { return true } else { return false } }
        let shortKeys = try node.keys().allSatisfy { shortTopologyKeys.contains($0) }
        guard allStrings, shortKeys, !elements.isEmpty else { return try Topology.parse(node) }
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
