import Foundation

// Assembling a Scenario from the settings, with errors that name where each setting came from.

extension ScenarioSettings {
    /// The scenario these settings describe, checked whole: the topology resolved, regions
    /// named by `--leader`/`--home` found, settings that do not fit together refused, the
    /// faults resolved and the placement and run limits checked, before anything runs.
    public func makeScenario() throws(ScenarioError) -> Scenario {
        var resolved = try resolveTopology()
        var own: MeasuredLinkJitter.OwnShapes?
        if let file = roundTripMatrixFile {
            do {
                let matrix = try RoundTripMatrix.load(path: file)
                resolved = try matrix.applied(to: resolved, file: file)
                if measuredJitter { own = MeasuredLinkJitter.OwnShapes(matrix.measuredShapes(for: resolved)) }
            } catch { throw .input(error) }
        }
        var scenario = Scenario(topology: resolved)
        if measuredJitter {
            let applied = MeasuredLinkJitter.applied(to: resolved, own: own)
            scenario.topology = applied.topology
            scenario.jitterDescription = Self.measuredJitterDescription(
                links: applied.measuredLinks, own: applied.ownLinks, rejected: own?.rejected ?? 0, regions: resolved.regions.count)
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

    /// How the report names `--jitter measured`: how many links got a measured tail, and
    /// whose.
    static func measuredJitterDescription(links: Int, own: Int, rejected: Int, regions: Int) -> String {
        let pairs = regions * (regions - 1) / 2
        guard own > 0 || rejected > 0 else { return "measured on \(links) of \(pairs) links (EC2 2013 shapes), default elsewhere" }
        var text = "measured on \(links) of \(pairs) links (\(own) from your percentiles"
        if links > own { text += ", \(links - own) EC2 2013 shapes" }
        text += ")"
        if rejected > 0 { text += "; \(rejected) of your links fit no jitter within 5% (a bimodal body?)" }
        return text + ", default elsewhere"
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
        scenario.traffic = traffic
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

    /// Reads a scenario file: an object with the keys of `fileKeys` (durations as strings
    /// with units, distributions as JSON objects). A topology may be a region list, a path
    /// (relative to the scenario file), a `{"regions": ["us-east", …], "replicas_per_region": N}`
    /// object, or a full topology object.
}
