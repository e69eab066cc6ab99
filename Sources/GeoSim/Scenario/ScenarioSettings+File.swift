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
