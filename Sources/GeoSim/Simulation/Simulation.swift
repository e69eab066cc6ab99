/// Runs one scenario: wires replicas, clients and the network together and dispatches
/// events in (time, scheduling order) until the clients stop and in-flight operations
/// have drained.
///
/// A write travels client → gateway (a replica in the client's region) → leader, which
/// appends it and replicates it; at a majority it commits, and the answer travels back
/// leader → gateway → client. A read goes to the leader and is answered there. Each
/// replica is a single FIFO server: handling a message takes a draw of the service time
/// and the messages it sends leave when it finishes. (Its state changes when the message
/// is dequeued in arrival order; only the departures wait for the service time.)
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
    private var committedEntries: UInt64 = 0
    private let nodeCount: Int

    /// Simulates `scenario` and returns what happened.
    public static func run(_ scenario: Scenario) -> RunOutcome {
        let simulation = Simulation(scenario)
        return simulation.run()
    }

    private init(_ scenario: Scenario) {
        self.scenario = scenario
        let topology = scenario.topology
        nodeCount = topology.nodes.count
        let voters = Array(0..<nodeCount)
        nodes = voters.map { RaftNode(id: $0, voters: voters, config: scenario.raft) }
        busyUntil = Array(repeating: 0, count: nodeCount)
        serviceRandom = voters.map { RandomStream(seed: scenario.seed, component: "service", index: $0) }

        var sites = topology.nodes.map { Network.Site(region: $0.region, zone: $0.zone) }
        var clients: [OpenLoopClient] = []
        let regionCount = topology.regions.count
        let perClientRate = scenario.rate / Double(regionCount)
        let keys = KeyChooser(keyCount: scenario.keyCount, popularity: scenario.keyPopularity)
        for region in 0..<regionCount {
            // The gateway is the region's first replica; the client sits in its zone.
            let gateway = topology.nodes.firstIndex(where: { $0.region == region }) ?? 0
            let zone = topology.nodes[gateway].zone
            sites.append(Network.Site(region: region, zone: zone))
            clients.append(OpenLoopClient(
                region: region, endpoint: nodeCount + region, gateway: gateway,
                meanInterarrival: perClientRate > 0 ? 1e9 / perClientRate : .infinity,
                writeFraction: scenario.writeFraction, keys: keys,
                random: RandomStream(seed: scenario.seed, component: "client", index: region)))
        }
        self.clients = clients
        network = Network(topology: topology, endpoints: sites, jitter: scenario.jitter,
                          jitterIsExplicit: scenario.jitterIsExplicit, seed: scenario.seed)
        writes = Array(repeating: OperationStats(), count: regionCount)
        reads = Array(repeating: OperationStats(), count: regionCount)
        effects.reserveCapacity(64)

        let leader = topology.nodes.firstIndex(where: { $0.region == scenario.leaderRegion }) ?? 0
        for node in 0..<nodeCount {
            if node == leader { nodes[node].bootstrapAsLeader(term: 1) } else { nodes[node].bootstrapAsFollower(term: 1, leader: leader) }
        }
    }

    private func run() -> RunOutcome {
        for client in clients.indices where clients[client].meanInterarrival.isFinite {
            queue.schedule(.arrival(client: Int32(client)), at: clients[client].nextInterarrival())
        }
        for node in 0..<nodeCount {
            queue.schedule(.tick(node: Int32(node)), at: scenario.heartbeatInterval)
        }
        let duration = scenario.duration
        while let entry = queue.pop() {
            if entry.time >= duration && pendingOperations == 0 { break }
            now = entry.time
            eventCount &+= 1
            switch entry.event {
            case .arrival(let client): handleArrival(client: Int(client))
            case .delivery(let to, let from, let message): handleDelivery(to: Int(to), from: Int(from), message: message)
            case .tick(let node): handleTick(node: Int(node))
            case .timeoutCheck(let client): handleTimeoutCheck(client: Int(client))
            }
        }
        let leader = nodes.firstIndex(where: { $0.role == .leader })
        return RunOutcome(
            writesByRegion: writes, readsByRegion: reads, events: eventCount,
            messages: network.messageCount, endTime: now, leaderNode: leader,
            term: leader.map { nodes[$0].term } ?? nodes.map(\.term).max() ?? 0,
            committedEntries: committedEntries)
    }

    // MARK: - Clients

    private func handleArrival(client index: Int) {
        guard now < scenario.duration else { return }
        let (isWrite, _) = clients[index].nextOperation()
        let sequence = clients[index].operations.issue(at: now, isWrite: isWrite)
        pendingOperations += 1
        let operation = OpenLoopClient.operationID(client: index, sequence: sequence)
        send(from: clients[index].endpoint, to: clients[index].gateway,
             .request(operation: operation, isWrite: isWrite), at: now)
        if !clients[index].timeoutCheckScheduled {
            clients[index].timeoutCheckScheduled = true
            queue.schedule(.timeoutCheck(client: Int32(index)), at: now + scenario.operationTimeout)
        }
        queue.schedule(.arrival(client: Int32(index)), at: now + clients[index].nextInterarrival())
    }

    private func handleTimeoutCheck(client index: Int) {
        let region = clients[index].region
        while let (_, record) = clients[index].operations.oldestPending() {
            let deadline = record.issuedAt + scenario.operationTimeout
            if deadline > now {
                queue.schedule(.timeoutCheck(client: Int32(index)), at: deadline)
                return
            }
            clients[index].operations.retireOldest()
            pendingOperations -= 1
            if record.isWrite { writes[region].unknown += 1 } else { reads[region].unknown += 1 }
        }
        clients[index].timeoutCheckScheduled = false
    }

    private func completeAtClient(operation: UInt64, ok: Bool) {
        let index = OpenLoopClient.client(of: operation)
        let sequence = OpenLoopClient.sequence(of: operation)
        // A late answer to an operation the client already gave up on changes nothing.
        guard let record = clients[index].operations.record(sequence), record.state == .pending else { return }
        clients[index].operations.markDone(sequence)
        pendingOperations -= 1
        let region = clients[index].region
        let latency = now - record.issuedAt
        if record.isWrite {
            if ok { writes[region].recordOK(latency: latency) } else { writes[region].failed += 1 }
        } else {
            if ok { reads[region].recordOK(latency: latency) } else { reads[region].failed += 1 }
        }
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
        let arrival = network.arrivalTime(from: from, to: to, sentAt: time)
        queue.schedule(.delivery(to: Int32(to), from: Int32(from), message: message), at: arrival)
    }

    private func handleDelivery(to: Int, from: Int, message: SimulationMessage) {
        if to >= nodeCount {
            if case .response(let operation, let ok) = message { completeAtClient(operation: operation, ok: ok) }
            return
        }
        let finish = serve(node: to)
        switch message {
        case .request(let operation, let isWrite):
            if nodes[to].role == .leader {
                handleAtLeader(node: to, operation: operation, isWrite: isWrite, at: finish)
            } else if let leader = nodes[to].leader {
                send(from: to, to: leader, .request(operation: operation, isWrite: isWrite), at: finish)
            } else {
                respond(from: to, operation: operation, ok: false, at: finish)
            }
        case .response(let operation, let ok):
            // A gateway relays the leader's answer to its client.
            let client = OpenLoopClient.client(of: operation)
            send(from: to, to: clients[client].endpoint, .response(operation: operation, ok: ok), at: finish)
        case .raft(let raftMessage):
            nodes[to].step(raftMessage, from: from, into: &effects)
            carryOutEffects(of: to, at: finish)
        }
    }

    private func handleAtLeader(node: Int, operation: UInt64, isWrite: Bool, at time: Nanoseconds) {
        guard isWrite else {
            respond(from: node, operation: operation, ok: true, at: time)
            return
        }
        if let index = nodes[node].propose(into: &effects) {
            proposals.record(index: index, term: nodes[node].term, operation: operation)
        }
        carryOutEffects(of: node, at: time)
    }

    /// Sends an answer from replica `node` toward the operation's client: through the
    /// client's gateway, unless `node` is that gateway.
    private func respond(from node: Int, operation: UInt64, ok: Bool, at time: Nanoseconds) {
        let client = clients[OpenLoopClient.client(of: operation)]
        let next = node == client.gateway ? client.endpoint : client.gateway
        send(from: node, to: next, .response(operation: operation, ok: ok), at: time)
    }

    private func carryOutEffects(of node: Int, at time: Nanoseconds) {
        for effect in effects {
            switch effect {
            case .send(let peer, let message):
                send(from: node, to: peer, .raft(message), at: time)
            case .commit(let first, let last):
                guard nodes[node].role == .leader else { continue }
                committedEntries += last - first + 1
                let term = nodes[node].term
                for index in first...last {
                    if let operation = proposals.take(index: index, term: term) {
                        respond(from: node, operation: operation, ok: true, at: time)
                    }
                }
                proposals.release(through: last)
            }
        }
        effects.removeAll(keepingCapacity: true)
    }

    private func handleTick(node: Int) {
        nodes[node].tick(into: &effects)
        // Timer work is not charged service time; its messages leave once the replica is free.
        carryOutEffects(of: node, at: max(now, busyUntil[node]))
        queue.schedule(.tick(node: Int32(node)), at: now + scenario.heartbeatInterval)
    }
}
