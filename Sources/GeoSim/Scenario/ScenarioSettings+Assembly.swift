import Foundation

// Assembling a Scenario from the settings, with errors that name where each setting came from.

extension ScenarioSettings {
    /// The scenario these settings describe, checked whole: the topology resolved, regions
    /// named by `--leader`/`--home` found, settings that do not fit together refused, the
    /// faults resolved and the placement and run limits checked, before anything runs.
    public func makeScenario() throws(ScenarioError) -> Scenario {
        var resolved = try resolveTopology()
        if let file = roundTripMatrixFile {
            do { resolved = try RoundTripMatrix.load(path: file).applied(to: resolved, file: file) } catch { throw .input(error) }
        }
        var measuredLinks = 0
        if measuredJitter { (resolved, measuredLinks) = MeasuredLinkJitter.applied(to: resolved) }
        var scenario = Scenario(topology: resolved)
        if measuredJitter {
            scenario.jitterDescription =
                "measured on \(measuredLinks) of \(resolved.regions.count * (resolved.regions.count - 1) / 2) links (EC2 2013 shapes), default elsewhere"
        }
        if let leader { scenario.leaderRegion = try region(leader, role: "Leader", in: resolved) }
        applyRunSettings(to: &scenario)
        if let home {
            let homeRegion = try region(home, role: "Home", in: resolved)
            scenario.homeRegion = homeRegion
            // The preferred leaseholder follows the home unless --leader says otherwise.
            if leader == nil { scenario.leaderRegion = homeRegion }
        }
        try checkCombinations(nodeCount: resolved.nodes.count)
        applyStoreSettings(to: &scenario)
        scenario.transaction = try resolvedTransaction()
        scenario.faults = try resolveFaults(topology: resolved)
        scenario.alerts = try resolveAlerts(topology: resolved)
        // Placement is checked here so that an impossible survival goal is a usage error
        // that says why, before anything runs.
        let layout: RangeLayout
        do { layout = try RangeLayout.make(for: scenario) } catch { throw failure("survival", error) }
        do {
            try limits.check(scenario, ranges: layout.ranges.count, replicas: layout.ranges.reduce(0) { $0 + $1.voters.count + $1.nonVoters.count })
        } catch { throw .usage(error) }
        return scenario
    }

    /// The topology: a region list, a topology file, or one inline in the scenario file.
    func resolveTopology() throws(ScenarioError) -> Topology {
        switch topology {
        case nil:
            throw .usage(UsageError("No topology given.", hint: "Add --topology us-east,us-west,eu-central (or a topology file)."))
        case .regionList(let list):
            do {
                return try Topology.fromRegionList(
                    list, replicasPerRegion: replicasPerRegion, crossZoneRoundTrip: crossZoneRoundTrip, catalog: CloudCatalog.of(catalog))
            } catch { throw failure("topology", error) }
        case .file(let path):
            do { return try Topology.load(path: path, maximumRegions: limits.regions) } catch { throw .input(error) }
        case .inline(let node, let file):
            do { return try ScenarioSettings.inlineTopology(node, replicasPerRegion: replicasPerRegion, crossZoneRoundTrip: crossZoneRoundTrip) } catch {
                throw .input(error.inFile(file))
            }
        }
    }

    /// A region of `topology` by name; an error that lists the regions otherwise.
    func region(_ name: String, role: String, in topology: Topology) throws(ScenarioError) -> Int {
        guard let region = topology.regionIndex(named: name) else {
            let names = topology.regions.map(\.name)
            let hint =
                Suggestion.closest(to: name, among: names).map { "Did you mean '\($0)'?" }
                ?? "The topology's regions are: \(names.joined(separator: ", "))."
            throw failure(role.lowercased(), UsageError("\(role) region '\(name)' is not in the topology.", hint: hint))
        }
        return region
    }

    /// Copies the workload, timing and consensus settings into `scenario`.
    func applyRunSettings(to scenario: inout Scenario) {
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
        scenario.electionTimeoutMax = electionTimeoutMax
        scenario.operationTimeout = operationTimeout
        scenario.retries = retries
        scenario.retryBackoff = retryBackoff
        scenario.strongReads = strongReads
        scenario.maxClockDrift = maxClockDrift
        scenario.randomizedElectionTimeout = randomizedElectionTimeout
        scenario.leaderPreference = leaderPreference
        scenario.raft.preVote = preVote
        scenario.raft.checkQuorum = checkQuorum
        scenario.raft.quiesce = quiesce
        scenario.profile = profile
        scenario.timeline = timeline
    }

    /// Refuses settings that do not fit together: quorums larger than the replica count,
    /// more leaderless replicas than nodes, cache options without a cache, a pooler
    /// larger than the store's connection limit.
    func checkCombinations(nodeCount: Int) throws(ScenarioError) {
        guard replication.r <= replication.n, replication.w <= replication.n else {
            throw failure(
                "replication",
                UsageError("Quorums larger than the replica count: --r \(replication.r) and --w \(replication.w) must not exceed --n \(replication.n)."))
        }
        if replication.mode == .leaderless, replication.n > nodeCount {
            throw .usage(
                UsageError(
                    "Leaderless replication with --n \(replication.n) needs that many nodes; the topology has \(nodeCount).",
                    hint: "Lower --n or add --replicas-per-region."))
        }
        if !cacheOptions.isEmpty && cache == nil {
            throw .usage(UsageError("Option '\(cacheOptions[0].flag)' needs a cache.", hint: "Add --cache-ttl, e.g. --cache-ttl 60s."))
        }
        if let pooler = pools.poolerSize, let limit = pools.maxConnections, pooler > limit {
            throw failure("pooler", UsageError("The pooler's \(pooler) server connections exceed the store's limit of \(limit) (--max-connections)."))
        }
    }

    /// Copies the cache, service, client, replication, placement and read-path settings
    /// into `scenario`.
    func applyStoreSettings(to scenario: inout Scenario) {
        scenario.cache = cache
        scenario.cores = cores
        scenario.readService = readService
        scenario.writeService = writeService
        scenario.replicationService = replicationService
        scenario.applyService = applyService
        scenario.fsync = fsync
        scenario.closedLoopClients = closedLoopClients
        scenario.requestShape = requestShape
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
    }

    /// `error` about `setting`: against the scenario file when the file gave the setting,
    /// else a usage error.
    func failure(_ setting: String, _ error: UsageError) -> ScenarioError {
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
    func resolveFaults(topology: Topology) throws(ScenarioError) -> [Fault] {
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
        "max_connections", "pooler", "pre_vote", "check_quorum", "quiesce", "profile",
        "txn", "txn_mix", "txn_hold", "txn_statements", "isolation", "locking_reads", "txn_retries", "txn_commit", "deadlock_timeout",
        "alerts", "slow_op_threshold",
    ]

    /// Reads a scenario file: an object with the keys of `fileKeys` (durations as strings
    /// with units, distributions as JSON objects). A topology may be a region list, a path
    /// (relative to the scenario file), a `{"regions": ["us-east", …], "replicas_per_region": N}`
    /// object, or a full topology object.
}
