/// Runs one scenario: wires replicas, clients, the network and the fault schedule
/// together and dispatches events in (time, scheduling order) until the clients stop and
/// in-flight operations have drained.
///
/// A write travels client → gateway (a replica in the client's region) → leader, which
/// appends it and replicates it; at a majority it commits, and the answer travels back
/// leader → gateway → client. A strong read goes the same way and is answered by the
/// leader from its lease or after a ReadIndex round. Each replica is a single FIFO
/// server: handling a message takes a draw of the service time and the messages it sends
/// leave when it finishes. (Its state changes when the message is dequeued in arrival
/// order; only the departures wait for the service time.)
public final class Simulation {
    private let scenario: Scenario
    private var queue = EventQueue<SimulationEvent>()
    private var network: Network
    private var nodes: [RaftNode]
    private var busyUntil: [Nanoseconds]
    private var serviceRandom: [RandomStream]
    private var clients: [OpenLoopClient]
    private var proposals = ProposalLog()
    private var effects: [RaftEffect] = []
    private var writes: [OperationStats]
    private var reads: [OperationStats]
    private var now: Nanoseconds = 0
    private var pendingOperations = 0
    private var eventCount: UInt64 = 0
    private let nodeCount: Int

    // Faults.
    private var down: [Bool]
    private var tickEpoch: [UInt32]
    /// Each replica's tick period on its own clock (ns): drift makes it shorter or longer.
    private var tickInterval: [Nanoseconds]
    private var activeFaults: [Bool]
    private var retryRandom: RandomStream

    // Leadership metrics.
    private var committedEntries: UInt64 = 0
    private var elections = 0
    private var leaderChanges = 0
    /// The term each replica last led, and the newest term any replica led.
    private var ledTerm: [UInt64]
    private var newestLeaderTerm: UInt64 = 0
    private var leaderlessTime: Nanoseconds = 0
    /// When each replica last heard an append answer from each peer while leading.
    private var lastAnswer: [Nanoseconds]
    private var leaderLostAt: Nanoseconds?
    /// The term whose first commit ends the failover now being timed.
    private var awaitingFirstCommit: (node: Int, term: UInt64, since: Nanoseconds)?
    private var failovers: [Nanoseconds] = []

    // Availability over time: per region, per 100 ms of issue time, bit 0 = something
    // ended ok, bit 1 = something failed or timed out.
    private static let outageStep: Nanoseconds = 100 * .millisecond
    private var writeOutcomeFlags: [[UInt8]]
    private var readOutcomeFlags: [[UInt8]]

    // Timeline.
    private var timeline: [TimelineRow] = []
    private var secondCells: [TimelineRow.Cell]
    private var secondWriteLatency: [LatencyHistogram]
    private var secondReadLatency: [LatencyHistogram]

    private var checker: RaftSafetyChecker?

    // Reads below the leaseholder: MVCC versions, closed timestamps, clocks, staleness.
    private var versions: VersionHistory?
    private var closed: ClosedTimestamps
    /// Each replica's clock offset from true time (ns), set by clock faults.
    private var clockOffset: [Nanoseconds]
    /// The highest closed timestamp any leaseholder published: later writes must be
    /// timestamped above it, whoever leads (a new lease starts after the old one's promise).
    private var closedFloor: Nanoseconds = Int64.min
    private var staleness: [StalenessStats]
    private var visibility: [VisibilityCurve]
    private var readViolations: [String] = []

    /// Simulates `scenario` and returns what happened.
    public static func run(_ scenario: Scenario) -> RunOutcome {
        let simulation = Simulation(scenario)
        return simulation.run()
    }

    /// The Raft settings a scenario implies: ticks at the heartbeat period, the election
    /// timeout in ticks, and a lease shorter than it by one tick (timer phase) plus the
    /// drift margin (a fast leader clock against a slow follower clock).
    public static func raftConfig(for scenario: Scenario) -> RaftConfig {
        var config = scenario.raft
        let heartbeat = max(scenario.heartbeatInterval, 1)
        config.heartbeatTicks = 1
        config.electionTicks = max(2, Int((scenario.electionTimeout + heartbeat / 2) / heartbeat))
        let driftMargin = Int((Double(config.electionTicks) * 2 * scenario.maxClockDrift).rounded(.up))
        config.leaseTicks = max(0, config.electionTicks - 1 - driftMargin)
        config.leaseReads = scenario.strongReads == .lease
        config.randomizedElectionTimeout = scenario.randomizedElectionTimeout
        let leader = scenario.topology.nodes.firstIndex(where: { $0.region == scenario.leaderRegion }) ?? 0
        config.preferredLeader = scenario.leaderPreference ? leader : nil
        return config
    }

    private init(_ scenario: Scenario) {
        self.scenario = scenario
        let topology = scenario.topology
        nodeCount = topology.nodes.count
        let voters = Array(0..<nodeCount)
        let config = Simulation.raftConfig(for: scenario)
        nodes = voters.map { RaftNode(id: $0, voters: voters, config: config, seed: scenario.seed) }
        busyUntil = Array(repeating: 0, count: nodeCount)
        serviceRandom = voters.map { RandomStream(seed: scenario.seed, component: "service", index: $0) }
        down = Array(repeating: false, count: nodeCount)
        tickEpoch = Array(repeating: 0, count: nodeCount)
        tickInterval = Array(repeating: scenario.heartbeatInterval, count: nodeCount)
        activeFaults = Array(repeating: false, count: scenario.faults.count)
        retryRandom = RandomStream(seed: scenario.seed, component: "retry")
        lastAnswer = Array(repeating: 0, count: nodeCount * nodeCount)
        ledTerm = Array(repeating: 0, count: nodeCount)
        closed = ClosedTimestamps(replicas: nodeCount)
        clockOffset = Array(repeating: 0, count: nodeCount)
        staleness = Array(repeating: StalenessStats(), count: topology.regions.count)
        visibility = Array(repeating: VisibilityCurve(), count: topology.regions.count)
        if scenario.readMode != .strong { versions = VersionHistory() }

        var sites = topology.nodes.map { Network.Site(region: $0.region, zone: $0.zone) }
        var clients: [OpenLoopClient] = []
        let regionCount = topology.regions.count
        let perClientRate = scenario.rate / Double(regionCount)
        let keys = KeyChooser(keyCount: scenario.keyCount, popularity: scenario.keyPopularity)
        for region in 0..<regionCount {
            // The client sits in the zone of its region's first replica and tries that
            // zone's replicas first.
            let inRegion = topology.nodes.indices.filter { topology.nodes[$0].region == region }
            let zone = inRegion.first.map { topology.nodes[$0].zone } ?? 0
            let gateways = inRegion.filter { topology.nodes[$0].zone == zone } + inRegion.filter { topology.nodes[$0].zone != zone }
            sites.append(Network.Site(region: region, zone: zone))
            clients.append(OpenLoopClient(
                region: region, endpoint: nodeCount + region, gateways: gateways.isEmpty ? [0] : gateways,
                meanInterarrival: perClientRate > 0 ? 1e9 / perClientRate : .infinity,
                writeFraction: scenario.writeFraction, keys: keys,
                random: RandomStream(seed: scenario.seed, component: "client", index: region)))
        }
        self.clients = clients
        network = Network(topology: topology, endpoints: sites, jitter: scenario.jitter,
                          jitterIsExplicit: scenario.jitterIsExplicit, seed: scenario.seed)
        writes = Array(repeating: OperationStats(), count: regionCount)
        reads = Array(repeating: OperationStats(), count: regionCount)
        let steps = Int(scenario.duration / Simulation.outageStep) + 1
        writeOutcomeFlags = Array(repeating: Array(repeating: 0, count: steps), count: regionCount)
        readOutcomeFlags = writeOutcomeFlags
        secondCells = Array(repeating: TimelineRow.Cell(), count: regionCount)
        secondWriteLatency = Array(repeating: LatencyHistogram(), count: regionCount)
        secondReadLatency = secondWriteLatency
        effects.reserveCapacity(64)
        if scenario.checkSafety { checker = RaftSafetyChecker(nodeCount: nodeCount) }

        let leader = config.preferredLeader ?? topology.nodes.firstIndex(where: { $0.region == scenario.leaderRegion }) ?? 0
        for node in 0..<nodeCount {
            if node == leader { nodes[node].bootstrapAsLeader(term: 1) } else { nodes[node].bootstrapAsFollower(term: 1, leader: leader) }
        }
        ledTerm[leader] = 1
        newestLeaderTerm = 1
        checker?.leaderElected(node: leader, term: 1, log: nodes[leader], at: 0)
    }

    private func run() -> RunOutcome {
        for client in clients.indices where clients[client].meanInterarrival.isFinite {
            queue.schedule(.arrival(client: Int32(client)), at: clients[client].nextInterarrival())
        }
        for (index, fault) in scenario.faults.enumerated() {
            queue.schedule(.fault(index: Int32(index), starting: true), at: fault.start)
            if let end = fault.end { queue.schedule(.fault(index: Int32(index), starting: false), at: end) }
        }
        // Replica clocks are not aligned: each starts ticking at its own phase.
        var phases = RandomStream(seed: scenario.seed, component: "tick-phase")
        for node in 0..<nodeCount {
            let phase = Int64(phases.nextUnit() * Double(tickInterval[node]))
            queue.schedule(.tick(node: Int32(node), epoch: 0), at: max(1, phase))
        }
        if scenario.timeline { queue.schedule(.timelineTick, at: .second) }
        if versions != nil { queue.schedule(.closedTimestampTick, at: scenario.closedTimestampInterval) }
        let duration = scenario.duration
        while let entry = queue.pop() {
            if entry.time >= duration && pendingOperations == 0 { break }
            now = entry.time
            eventCount &+= 1
            switch entry.event {
            case .arrival(let client): handleArrival(client: Int(client))
            case .delivery(let to, let from, let message): handleDelivery(to: Int(to), from: Int(from), message: message)
            case .tick(let node, let epoch): handleTick(node: Int(node), epoch: epoch)
            case .timeoutCheck(let client): handleTimeoutCheck(client: Int(client))
            case .retry(let client, let attempt): startAttempt(client: Int(client), attempt)
            case .fault(let index, let starting): handleFault(index: Int(index), starting: starting)
            case .timelineTick: closeTimelineSecond()
            case .closedTimestampTick: publishClosedTimestamp()
            }
        }
        if let lost = leaderLostAt { leaderlessTime += max(0, now - lost) }
        let leader = currentLeader()
        checker?.finish(nodes: nodes, leader: leader)
        return RunOutcome(
            writesByRegion: writes, readsByRegion: reads,
            longestWriteOutage: writeOutcomeFlags.map(Simulation.longestOutage),
            longestReadOutage: readOutcomeFlags.map(Simulation.longestOutage),
            events: eventCount, messages: network.messageCount, droppedMessages: network.droppedCount,
            endTime: now, leaderNode: leader, term: nodes.map(\.term).max() ?? 0,
            committedEntries: committedEntries, elections: elections, leaderChanges: leaderChanges,
            leaderlessTime: leaderlessTime, failovers: failovers, timeline: timeline,
            safetyViolations: (checker?.violations ?? []) + readViolations,
            stalenessByRegion: staleness, visibilityByRegion: visibility)
    }

    // MARK: - Clients

    private func handleArrival(client index: Int) {
        guard now < scenario.duration else { return }
        let (isWrite, key) = clients[index].nextOperation()
        pendingOperations += 1
        startAttempt(client: index, RetryState(issuedAt: now, isWrite: isWrite, key: key, attempts: 0, mayHaveApplied: false))
        queue.schedule(.arrival(client: Int32(index)), at: now + clients[index].nextInterarrival())
    }

    /// Starts an attempt of an operation through the client's current gateway.
    private func startAttempt(client index: Int, _ state: RetryState) {
        let gateway = clients[index].gateway
        let sequence = clients[index].operations.start(.init(
            issuedAt: state.issuedAt, attemptStartedAt: now, isWrite: state.isWrite, state: .pending,
            attempt: state.attempts, mayHaveApplied: state.mayHaveApplied, gateway: Int32(gateway), key: state.key))
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        send(from: clients[index].endpoint, to: gateway, .request(operation: operation, isWrite: state.isWrite, hops: 0), at: now)
        if !clients[index].timeoutCheckScheduled {
            clients[index].timeoutCheckScheduled = true
            queue.schedule(.timeoutCheck(client: Int32(index)), at: now + scenario.operationTimeout)
        }
    }

    private func handleTimeoutCheck(client index: Int) {
        while let (_, record) = clients[index].operations.oldestPending() {
            let deadline = record.attemptStartedAt + scenario.operationTimeout
            if deadline > now {
                queue.schedule(.timeoutCheck(client: Int32(index)), at: deadline)
                return
            }
            clients[index].operations.retireOldest()
            // A gateway that lets an attempt time out may be down: try the next one.
            if clients[index].gateways.count > 1 {
                clients[index].gatewayCursor = (clients[index].gatewayCursor + 1) % clients[index].gateways.count
            }
            finishAttempt(client: index, record: record, outcome: .timedOut)
        }
        clients[index].timeoutCheckScheduled = false
    }

    private enum AttemptOutcome { case ok, failed, timedOut }

    /// Ends an attempt: the operation completes, or is retried if attempts remain.
    private func finishAttempt(client index: Int, record: OperationRing.Record, outcome: AttemptOutcome) {
        let mayHaveApplied = record.mayHaveApplied || (outcome == .timedOut && record.isWrite)
        if outcome != .ok, Int(record.attempt) < scenario.retries {
            let attempts = record.attempt + 1
            let backoff = Double(scenario.retryBackoff) * Double(1 << min(Int(record.attempt), 10))
            // Full jitter spreads retries so clients do not return in lockstep.
            let pause = Int64((backoff * (0.5 + 0.5 * retryRandom.nextUnit())).rounded())
            queue.schedule(.retry(client: Int32(index), attempt: RetryState(
                issuedAt: record.issuedAt, isWrite: record.isWrite, key: record.key, attempts: attempts, mayHaveApplied: mayHaveApplied)),
                at: now + pause)
            return
        }
        pendingOperations -= 1
        let region = clients[index].region
        let latency = now - record.issuedAt
        let ok = outcome == .ok
        // A failed attempt after a timed-out one leaves the write's fate unknown.
        let unknown = outcome == .timedOut || (outcome == .failed && mayHaveApplied)
        if record.isWrite {
            if ok { writes[region].recordOK(latency: latency) } else if unknown { writes[region].unknown += 1 } else { writes[region].failed += 1 }
        } else {
            if ok { reads[region].recordOK(latency: latency) } else if unknown { reads[region].unknown += 1 } else { reads[region].failed += 1 }
        }
        let step = Int(record.issuedAt / Simulation.outageStep)
        if record.isWrite {
            if step < writeOutcomeFlags[region].count { writeOutcomeFlags[region][step] |= ok ? 1 : 2 }
        } else {
            if step < readOutcomeFlags[region].count { readOutcomeFlags[region][step] |= ok ? 1 : 2 }
        }
        if scenario.timeline { recordTimeline(region: region, isWrite: record.isWrite, ok: ok, unknown: unknown, latency: latency) }
    }

    private func completeAtClient(operation: UInt64, ok: Bool) {
        let index = OpenLoopClient.client(of: operation)
        let sequence = OpenLoopClient.sequence(of: operation)
        // A late answer to an attempt the client already gave up on changes nothing.
        guard let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        clients[index].operations.markDone(sequence)
        finishAttempt(client: index, record: record, outcome: ok ? .ok : .failed)
    }

    /// The longest run of 100 ms steps with failures and no success (steps with no
    /// operations neither break nor extend a run that surrounds them).
    static func longestOutage(_ flags: [UInt8]) -> Nanoseconds {
        var longest = 0
        var runStart: Int?
        var lastBad = 0
        for (step, flag) in flags.enumerated() {
            if flag & 1 != 0 {
                if let start = runStart { longest = max(longest, lastBad - start + 1) }
                runStart = nil
            } else if flag & 2 != 0 {
                if runStart == nil { runStart = step }
                lastBad = step
            }
        }
        if let start = runStart { longest = max(longest, lastBad - start + 1) }
        return Int64(longest) * outageStep
    }

    // MARK: - Replicas

    /// Occupies replica `node` for one service time from when it is free; returns the
    /// instant it finishes (when its outgoing messages leave).
    @inline(__always)
    private func serve(node: Int) -> Nanoseconds {
        let start = max(now, busyUntil[node])
        let finish = start + scenario.serviceTime.sample(using: &serviceRandom[node])
        busyUntil[node] = finish
        return finish
    }

    @inline(__always)
    private func send(from: Int, to: Int, _ message: SimulationMessage, at time: Nanoseconds) {
        let delivery = network.deliver(from: from, to: to, sentAt: time)
        for _ in 0..<delivery.copies {
            queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: message), at: delivery.arrival)
        }
    }

    private func handleDelivery(to: Int, from: Int, message: SimulationMessage) {
        if to >= nodeCount {
            if case .response(let operation, let ok) = message { completeAtClient(operation: operation, ok: ok) }
            return
        }
        guard !down[to] else { return }
        let finish = serve(node: to)
        switch message {
        case .request(let operation, let isWrite, let hops):
            handleRequest(at: to, operation: operation, isWrite: isWrite, hops: hops, at: finish)
        case .response(let operation, let ok):
            // A gateway relays the leader's answer to its client.
            let client = OpenLoopClient.client(of: operation)
            send(from: to, to: clients[client].endpoint, .response(operation: operation, ok: ok), at: finish)
        case .closedTimestamp(let timestamp, let index):
            closed.received(.init(timestamp: timestamp, index: index), at: to, appliedIndex: nodes[to].commitIndex)
        case .raft(let raftMessage):
            if nodes[to].role == .leader, raftMessage.kind == .appendResponse, raftMessage.term == nodes[to].term {
                lastAnswer[to * nodeCount + from] = now
            }
            if let checker {
                let before = checker.snapshotIfLeader(nodes[to])
                nodes[to].step(raftMessage, from: from, into: &effects)
                checker.afterStep(node: to, before: before, log: nodes[to])
            } else {
                nodes[to].step(raftMessage, from: from, into: &effects)
            }
            carryOutEffects(of: to, at: finish)
        }
    }

    private func handleRequest(at node: Int, operation: UInt64, isWrite: Bool, hops: UInt8, at time: Nanoseconds) {
        if !isWrite, hops == 0, scenario.readMode != .strong, nodes[node].role != .leader || scenario.readMode == .nearest {
            if serveBelowLeaseholder(at: node, operation: operation, at: time) { return }
        }
        if nodes[node].role == .leader {
            if isWrite {
                if let index = nodes[node].propose(into: &effects) {
                    let key = clientRecord(of: operation)?.key ?? 0
                    let timestamp = max(clock(of: node), closedFloor + 1)
                    proposals.record(index: index, term: nodes[node].term, .init(operation: operation, key: key, timestamp: timestamp))
                    carryOutEffects(of: node, at: time)
                    return
                }
            } else if nodes[node].read(request: operation, into: &effects) {
                carryOutEffects(of: node, at: time)
                return
            }
            // A leader handing over leadership refuses; the client may retry.
            respond(from: node, operation: operation, ok: false, at: time)
        } else if let leader = nodes[node].leader, leader != node, hops < 3 {
            send(from: node, to: leader, .request(operation: operation, isWrite: isWrite, hops: hops + 1), at: time)
        } else {
            // No known leader (an election is under way): known not applied.
            respond(from: node, operation: operation, ok: false, at: time)
        }
    }

    /// Sends an answer from replica `node` toward the operation's client: through the
    /// attempt's gateway, unless `node` is that gateway.
    private func respond(from node: Int, operation: UInt64, ok: Bool, at time: Nanoseconds) {
        let index = OpenLoopClient.client(of: operation)
        // The client's bookkeeping says which gateway the attempt used; an attempt it
        // already gave up on needs no answer.
        guard let record = clients[index].operations.record(OpenLoopClient.sequence(of: operation)),
              record.state == .pending else { return }
        let gateway = Int(record.gateway)
        let next = node == gateway ? clients[index].endpoint : gateway
        send(from: node, to: next, .response(operation: operation, ok: ok), at: time)
    }

    private func carryOutEffects(of node: Int, at time: Nanoseconds) {
        for effect in effects {
            switch effect {
            case .send(let peer, let message):
                send(from: node, to: peer, .raft(message), at: time)
            case .commit(let first, let last):
                checker?.committed(node: node, first: first, last: last, log: nodes[node])
                if versions != nil { closed.applied(through: last, at: node) }
                guard nodes[node].role == .leader else { continue }
                committedEntries += last - first + 1
                let term = nodes[node].term
                if let awaiting = awaitingFirstCommit, awaiting.node == node, awaiting.term == term {
                    failovers.append(now - awaiting.since)
                    awaitingFirstCommit = nil
                }
                for index in first...last {
                    // Entries of earlier terms commit too; only this term's writers are
                    // still connected to this leader and get an answer.
                    let entryTerm = nodes[node].term(at: index) ?? term
                    guard let command = proposals.take(index: index, term: entryTerm) else { continue }
                    versions?.record(key: command.key, .init(index: index, timestamp: command.timestamp, committedAt: now))
                    if entryTerm == term { respond(from: node, operation: command.operation, ok: true, at: time) }
                }
                proposals.release(through: last)
            case .readReady(let request, let ok):
                if ok, versions != nil { measureLeaderRead(at: node, operation: request) }
                respond(from: node, operation: request, ok: ok, at: time)
            case .campaign:
                elections += 1
            case .becameLeader(let term):
                leaderChanges += 1
                leaderGained(node: node, term: term)
                checker?.leaderElected(node: node, term: term, log: nodes[node], at: now)
            case .steppedDown:
                leaderLost(node: node, at: now)
            }
        }
        effects.removeAll(keepingCapacity: true)
    }

    // MARK: - Leadership bookkeeping

    /// The live replica leading the newest term (an old leader cut off from the majority
    /// may still believe it leads an older one).
    private func currentLeader() -> Int? {
        var best: Int?
        for node in nodes.indices where nodes[node].role == .leader && !down[node] {
            if best.map({ nodes[node].term > nodes[$0].term }) ?? true { best = node }
        }
        return best
    }

    /// The last moment leader `node` could count on a quorum: the time of the answer
    /// that completed its most recent quorum of peers.
    private func lastQuorumContact(of node: Int) -> Nanoseconds {
        var times: [Nanoseconds] = []
        for peer in 0..<nodeCount where peer != node { times.append(lastAnswer[node * nodeCount + peer]) }
        times.sort(by: >)
        let needed = nodeCount / 2 // peers besides the leader itself
        return needed == 0 ? now : times[min(needed, times.count) - 1]
    }

    /// Leader `node` crashed or stepped down at `time`. Only the newest leader's loss
    /// counts: an old leader cut off from the majority that steps down after a successor
    /// was elected was lost already.
    private func leaderLost(node: Int, at time: Nanoseconds) {
        guard ledTerm[node] == newestLeaderTerm, leaderLostAt == nil else { return }
        // Leadership was effectively lost when the quorum last answered, if earlier.
        leaderLostAt = min(time, lastQuorumContact(of: node))
    }

    /// `node` became leader of `term`: time the failover from the previous leader's loss.
    private func leaderGained(node: Int, term: UInt64) {
        // A predecessor that still believes it leads (cut off, not yet stepped down) was
        // lost at its last quorum contact.
        var lost = leaderLostAt
        for other in nodes.indices where other != node && ledTerm[other] == newestLeaderTerm
            && nodes[other].role == .leader && !down[other] {
            let contact = lastQuorumContact(of: other)
            lost = min(lost ?? contact, contact)
        }
        let since = min(lost ?? now, now)
        leaderlessTime += now - since
        awaitingFirstCommit = (node, term, since)
        leaderLostAt = nil
        ledTerm[node] = term
        newestLeaderTerm = max(newestLeaderTerm, term)
        for peer in 0..<nodeCount { lastAnswer[node * nodeCount + peer] = now }
    }

    // MARK: - Time and faults

    private func handleTick(node: Int, epoch: UInt32) {
        guard epoch == tickEpoch[node], !down[node] else { return }
        nodes[node].tick(into: &effects)
        // Timer work is not charged service time; its messages leave once the replica is free.
        carryOutEffects(of: node, at: max(now, busyUntil[node]))
        queue.schedule(.tick(node: Int32(node), epoch: epoch), at: now + tickInterval[node])
    }

    private func handleFault(index: Int, starting: Bool) {
        activeFaults[index] = starting
        let fault = scenario.faults[index]
        switch fault.kind {
        case .crash(let target):
            for node in nodesOf(target) {
                if starting { crash(node: node) } else { restart(node: node) }
            }
        case .clock(let node, let offset, let drift):
            // A fast clock (drift > 0) fires its timers sooner in true time.
            let rate = starting ? 1 + drift : 1
            tickInterval[node] = max(1, Int64((Double(scenario.heartbeatInterval) / rate).rounded()))
            clockOffset[node] = starting ? offset : 0
        default:
            let active = scenario.faults.indices.filter { activeFaults[$0] }.map { scenario.faults[$0] }
            network.applyLinkFaults(active, members: endpoints(of:))
        }
    }

    private func crash(node: Int) {
        guard !down[node] else { return }
        if nodes[node].role == .leader { leaderLost(node: node, at: now) }
        down[node] = true
        tickEpoch[node] &+= 1
    }

    private func restart(node: Int) {
        guard down[node] else { return }
        down[node] = false
        closed.reset(replica: node)
        busyUntil[node] = now
        nodes[node].restart()
        queue.schedule(.tick(node: Int32(node), epoch: tickEpoch[node]), at: now + tickInterval[node])
    }

    private func nodesOf(_ target: Fault.Target) -> [Int] {
        switch target {
        case .node(let node): return [node]
        case .region(let region): return (0..<nodeCount).filter { scenario.topology.nodes[$0].region == region }
        }
    }

    private func endpoints(of target: Fault.Target) -> [Int] {
        switch target {
        case .node(let node): return [node]
        case .region(let region): return nodesOf(target) + clients.indices.filter { clients[$0].region == region }.map { clients[$0].endpoint }
        }
    }

    // MARK: - Reads below the leaseholder

    /// Replica `node`'s clock now (ns): true time plus its offset.
    private func clock(of node: Int) -> Nanoseconds { now + clockOffset[node] }

    private func clientRecord(of operation: UInt64) -> OperationRing.Record? {
        clients[OpenLoopClient.client(of: operation)].operations.record(OpenLoopClient.sequence(of: operation))
    }

    /// Serves a read at replica `node` without the leader when the read mode and the
    /// closed timestamp allow it. Returns false when the read must go to the leader.
    private func serveBelowLeaseholder(at node: Int, operation: UInt64, at time: Nanoseconds) -> Bool {
        let closedHere = closed.active[node]
        let readTimestamp: Nanoseconds?
        let bound: Nanoseconds?
        switch scenario.readMode {
        case .strong:
            return false
        case .nearest:
            readTimestamp = nil
            bound = nil
        case .exact:
            let target = clock(of: node) - scenario.exactStaleness
            guard scenario.unsafeIgnoreClosedTimestamps || closedHere >= target else { return false }
            readTimestamp = target
            bound = scenario.exactStaleness
        case .bounded:
            let oldestAllowed = clock(of: node) - scenario.maxStaleness
            if scenario.unsafeIgnoreClosedTimestamps {
                readTimestamp = oldestAllowed
            } else if closedHere >= oldestAllowed {
                readTimestamp = closedHere
            } else if scenario.nearestOnly {
                respond(from: node, operation: operation, ok: false, at: time)
                return true
            } else {
                return false
            }
            bound = scenario.maxStaleness
        }
        measureRead(at: node, operation: operation, readTimestamp: readTimestamp, bound: bound)
        respond(from: node, operation: operation, ok: true, at: time)
        return true
    }

    /// A read the leader served (strong, or a fallback): it sees every committed version.
    private func measureLeaderRead(at node: Int, operation: UInt64) {
        measureRead(at: node, operation: operation, readTimestamp: nil, bound: nil)
    }

    /// Records the staleness of a read served at `node` and checks it against its bound:
    /// a read at a timestamp must see every committed version at or below it.
    private func measureRead(at node: Int, operation: UInt64, readTimestamp: Nanoseconds?, bound: Nanoseconds?) {
        guard let versions, let record = clientRecord(of: operation) else { return }
        let region = clients[OpenLoopClient.client(of: operation)].region
        let applied = nodes[node].commitIndex
        let miss = versions.miss(key: record.key, appliedIndex: applied, readTimestamp: readTimestamp, now: now)
        let local = scenario.topology.nodes[node].region == region
        let fellBack = scenario.readMode != .strong && scenario.readMode != .nearest && !local
        staleness[region].record(time: miss.oldestCommittedAt.map { now - $0 } ?? 0, versions: miss.versions,
                                 local: local, fellBack: fellBack)
        if let newest = miss.newestCommittedAt {
            visibility[region].record(sinceCommit: now - newest, sawIt: miss.versions == 0)
        }
        if let readTimestamp, let bound {
            if readTimestamp < clock(of: node) - bound, readViolations.count < 100 {
                readViolations.append("Staleness bound: a \(scenario.readMode.rawValue) read at replica \(node) read at \(DurationText.format(clock(of: node) - readTimestamp)) old, beyond its bound \(DurationText.format(bound))")
            }
            if miss.missedAtOrBelowReadTimestamp > 0, readViolations.count < 100 {
                readViolations.append("Staleness bound: a \(scenario.readMode.rawValue) read at replica \(node) missed \(miss.missedAtOrBelowReadTimestamp) committed version(s) at or below its read timestamp (at \(DurationText.format(now)))")
            }
        }
    }

    /// The leaseholder closes a timestamp and tells its followers.
    private func publishClosedTimestamp() {
        if let leader = currentLeader() {
            let timestamp = clock(of: leader) - scenario.closedTimestampTarget
            closedFloor = max(closedFloor, timestamp)
            let index = nodes[leader].lastIndex
            closed.received(.init(timestamp: timestamp, index: index), at: leader, appliedIndex: nodes[leader].commitIndex)
            let departure = max(now, busyUntil[leader])
            for peer in 0..<nodeCount where peer != leader {
                send(from: leader, to: peer, .closedTimestamp(timestamp: timestamp, index: index), at: departure)
            }
        }
        if now < scenario.duration || pendingOperations > 0 {
            queue.schedule(.closedTimestampTick, at: now + scenario.closedTimestampInterval)
        }
    }

    // MARK: - Timeline

    private func recordTimeline(region: Int, isWrite: Bool, ok: Bool, unknown: Bool, latency: Nanoseconds) {
        if isWrite {
            if ok { secondCells[region].writesOK += 1; secondWriteLatency[region].record(latency) }
            else if unknown { secondCells[region].writesUnknown += 1 } else { secondCells[region].writesFailed += 1 }
        } else {
            if ok { secondCells[region].readsOK += 1; secondReadLatency[region].record(latency) }
            else if unknown { secondCells[region].readsUnknown += 1 } else { secondCells[region].readsFailed += 1 }
        }
    }

    private func closeTimelineSecond() {
        for region in secondCells.indices {
            secondCells[region].writeP99 = secondWriteLatency[region].percentile(0.99)
            secondCells[region].readP99 = secondReadLatency[region].percentile(0.99)
        }
        let leader = currentLeader()
        timeline.append(TimelineRow(
            end: now, leaderRegion: leader.map { scenario.topology.nodes[$0].region },
            activeFaults: scenario.faults.indices.filter { activeFaults[$0] }.map { scenario.faults[$0].label },
            cells: secondCells))
        for region in secondCells.indices {
            secondCells[region] = TimelineRow.Cell()
            secondWriteLatency[region] = LatencyHistogram()
            secondReadLatency[region] = LatencyHistogram()
        }
        if now < scenario.duration || pendingOperations > 0 { queue.schedule(.timelineTick, at: now + .second) }
    }
}
