// Leaderless quorums: coordinators, read and write quorums, read repair
// (`LeaderlessCoordinator`).

extension Simulation {
    // MARK: - Leaderless quorums

    /// Sends a leaderless message: after a draw of its leg's distribution when the scenario
    /// gives legs (instead of the topology's latency, or on top of it), else over the network.
    func sendLeg(from: Int, to: Int, _ message: SimulationMessage, leg: KeyPath<ReplicationSettings.Legs, Distribution>, at time: Nanoseconds) {
        if let legTime = leaderless?.legTime(leg) {
            transport.send(from: from, to: to, message, arrivingAt: time +| legTime, overLinks: leaderless?.legsAddToTopology ?? false, queue: &queue)
        } else {
            send(from: from, to: to, message, at: time)
        }
    }

    /// The client's gateway coordinates: it sends the write (or read) to the key's N
    /// replicas and waits for W acknowledgements (R answers).
    func coordinate(at node: Int, _ request: ClientRequest, at time: Nanoseconds) {
        // A request of an attempt its client gave up on is dropped (a cancelled RPC).
        guard attempt(of: request.operation)?.state == .pending else { return }
        let (operation, isWrite, key) = (request.operation, request.isWrite, request.key)
        let timestamp = clock(of: node)
        leaderless?.begin(operation, isWrite: isWrite, key: key, timestamp: timestamp, now: now)
        // The write's version is known now: one that misses its quorum may still be read.
        if isWrite && recording && attempt(of: operation)?.servedTimestamp == Int64.min { noteServed(operation: operation, timestamp: timestamp) }
        for i in 0..<(leaderless?.replicaCount ?? 0) {
            let replica = leaderless?.replica(i, of: key) ?? node
            if isWrite {
                sendLeg(from: node, to: replica, .replicaWrite(operation: operation, key: key, timestamp: timestamp, repair: false), leg: \.write, at: time)
            } else {
                sendLeg(from: node, to: replica, .replicaRead(operation: operation, key: key), leg: \.read, at: time)
            }
        }
    }

    /// A replica answered a coordinator: at the quorum the client gets its answer; a read
    /// returns the newest version among its R answers, and may repair stale responders.
    func coordinatorGotAnswer(at node: Int, from replica: Int, operation: UInt64, timestamp: Nanoseconds?, at time: Nanoseconds) {
        guard let (waiting, repair) = leaderless?.answer(operation, from: replica, timestamp: timestamp, now: now) else { return }
        if waiting.isWrite {
            observation.recordCommit(key: waiting.key, .init(index: 0, timestamp: waiting.timestamp, committedAt: now))
            if recording { recorder?.committed(key: waiting.key, value: waiting.timestamp, visibleAt: now) }
        } else {
            if observation.isActive {
                // Judged at the read's start: writes acknowledged while it was under way
                // may or may not be seen.
                observation.observe(
                    key: waiting.key, appliedIndex: .max, readTimestamp: waiting.newest, at: waiting.startedAt,
                    region: driver.clients[OpenLoopClient.client(of: operation)].region, local: true, fellBack: false)
            }
            for responder in repair {
                sendLeg(
                    from: node, to: responder, .replicaWrite(operation: operation, key: waiting.key, timestamp: waiting.newest, repair: true),
                    leg: \.write, at: time)
            }
        }
        noteServed(operation: operation, timestamp: waiting.isWrite ? waiting.timestamp : max(waiting.newest, 0))
        respond(from: node, operation: operation, ok: true, at: time)
    }
}
