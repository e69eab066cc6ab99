// The run loop: events popped in (time, scheduling order) and dispatched by kind.

extension Simulation {
    func run() -> RunOutcome {
        scheduleFirstEvents()
        let duration = scenario.duration
        var limitReached: RunOutcome.LimitReached?
        while let entry = queue.pop() {
            if entry.time >= duration && driver.pendingOperations == 0 { break }
            if entry.time > horizon {
                limitReached = .init(
                    name: "duration", at: horizon,
                    detail:
                        "\(driver.pendingOperations) client operations were still under way at the run's horizon, \(DurationText.format(horizon -| duration)) after its end (the duration limit bounds how long a run drains)"
                )
                break
            }
            now = entry.time
            eventCount &+= 1
            #if DEBUG
                if eventCount % Simulation.invariantCheckPeriod == 0 { checkInvariants() }
            #endif
            if eventCount & 1023 == 0 {
                if Interruption.isRequested { break }
                if eventCount & progressMask == 0, let progress { progress(Int(now)) }
                if let reached = backlogLimitReached() {
                    limitReached = reached
                    break
                }
            }
            // The one switch over events: each goes to the handler of its kind.
            switch entry.event {
            case .arrival(let client): handleArrival(client: Int(client))
            case .delivery(let to, let from, let message): handleDelivery(to: Int(to), from: Int(from), message: message)
            case .tick(let node, let epoch): handleTick(node: Int(node), epoch: epoch)
            case .timeoutCheck(let client): handleTimeoutCheck(client: Int(client))
            case .retry(let client, let attempt): startAttempt(client: Int(client), attempt)
            case .fault(let index, let starting): if !faults.healed { handleFault(index: Int(index), starting: starting) }
            case .timelineTick: closeTimelineSecond()
            case .closedTimestampTick: publishClosedTimestamps()
            case .commitWaitDone(let node, let operation):
                if !faults.down[Int(node)] { respond(from: Int(node), operation: operation, ok: true, at: now) }
            case .promotePrimary(let planned): promotePrimary(planned: planned)
            case .cacheLookup(let client, let sequence): cacheLookup(client: Int(client), sequence: sequence)
            case .cacheReply(let client, let sequence, let hit): cacheReply(client: Int(client), sequence: sequence, hit: hit)
            case .cacheSet(let region, let key, let timestamp, let token): cacheSet(region: Int(region), key: key, timestamp: timestamp, token: token)
            case .cacheInvalidate(let region, let key): cacheLayer?.invalidate(region: Int(region), key: key)
            case .cacheRefresh(let region, let key): cacheRefreshed(region: Int(region), key: key)
            case .poolTimeout(let client, let sequence): poolTimedOut(client: Int(client), sequence: sequence)
            case .heal: healEveryFault()
            case .probe: probeEveryRange()
            case .antiEntropy: runAntiEntropy()
            case .electionTimer(let replica): electionTimerExpired(Int(replica))
            case .fsyncDone(let node, let epoch): fsyncEnded(node: Int(node), epoch: epoch)
            case .transactionStart(let txn): startTransaction(txn)
            case .transactionHoldDone(let txn): sendTransactionWrites(txn)
            case .transactionTimeout(let txn): abortTransaction(txn, cause: .timeout)
            case .transactionDeadlockCheck(let txn): checkTransactionDeadlock(txn)
            }
        }
        checkInvariants()
        var outcome = finishOutcome()
        if let recorder {
            switch scenario.replication.mode {
            case .raft:
                outcome.history = recorder.finish(
                    now: now, finalLeaders: layout.ranges.indices.map { currentLeader(ofRange: $0).map { ($0, ranges.replicas[$0]) } },
                    raftViolations: checkers.flatMap(\.violations))
            case .primaryAsync, .primarySync:
                outcome.history = recorder.finishPrimary(
                    now: now, lastIndex: primaries?.replicaSet.lastIndex ?? 0, lostAcknowledgedWrites: primaries?.lostAcknowledgedWrites ?? 0)
            case .leaderless:
                // Last writer wins: a later write may rightly replace an acknowledged one
                // everywhere, so no final log says which survived.
                outcome.history = recorder.finishPrimary(now: now, lastIndex: 0, lostAcknowledgedWrites: 0)
                outcome.history?.finalValues = []
            }
            outcome.history?.transactions = transactions?.history
            if let settings = scenario.transaction { outcome.history?.isolation = settings.isolation }
            if recorder.isFull && limitReached == nil {
                limitReached = .init(
                    name: "history", at: now, detail: "the history reached \(scenario.limits.historyOperations) operations; later ones were not recorded")
            }
        }
        if outcome.history == nil, let recorded = transactions?.history, let settings = scenario.transaction {
            // A primary records no Raft history, but its transactions can still be judged.
            var history = RunHistory()
            history.transactions = recorded
            history.isolation = settings.isolation
            history.endedAt = now
            outcome.history = history
        }
        outcome.messageTrace = transport.trace
        outcome.limitReached = limitReached
        return outcome
    }

    /// Leaderless: an anti-entropy sweep, and the next one a period later.
    func runAntiEntropy() {
        leaderless?.antiEntropy(isUp: { !faults.down[$0] })
        if let period = scenario.replication.antiEntropyPeriod, now < scenario.duration || driver.pendingOperations > 0 {
            queue.schedule(.antiEntropy, at: now +| period)
        }
    }

    /// What the run did, from each component's figures, once the loop has stopped.
    func finishOutcome() -> RunOutcome {
        leadership.finish(now: now)
        for range in layout.ranges.indices where !checkers.isEmpty {
            let members = ranges.members(ofRange: range).map { ranges.replicas[$0] }
            checkers[range].finish(nodes: members, leader: currentLeader(ofRange: range).map { ranges.local($0) })
        }
        let leader = currentLeader(ofRange: 0).map { ranges.node(of: $0) }
        var leaseholders = Array(repeating: 0, count: scenario.topology.regions.count)
        for range in layout.ranges.indices {
            if let replica = currentLeader(ofRange: range) { leaseholders[scenario.topology.nodes[ranges.node(of: replica)].region] += 1 }
        }
        if mode.isPrimary {
            for node in 0..<nodeCount { catchUpReplica(node) }
        }
        var outcome = RunOutcome(
            writesByRegion: outcomes.writes, readsByRegion: outcomes.reads,
            longestWriteOutage: outcomes.longestWriteOutage, longestReadOutage: outcomes.longestReadOutage,
            events: eventCount, messages: transport.network.messageCount, droppedMessages: transport.network.droppedCount,
            endTime: now, leaderNode: leader, term: ranges.replicas.map(\.term).max() ?? 0,
            committedEntries: leadership.committedEntries, elections: leadership.elections, leaderChanges: leadership.leaderChanges,
            leaderlessTime: leadership.leaderlessTime, failovers: leadership.failovers, timeline: timeline.rows,
            safetyViolations: checkers.flatMap(\.violations) + observation.violations,
            stalenessByRegion: observation.staleness, visibilityByRegion: observation.visibility,
            layout: layout, leaseholdersByRegion: leaseholders)
        outcome.exactLatencies = outcomes.exact
        outcome.slowOperationCount = slowOperations.count
        outcome.slowOperations = slowOperations.slowestFirst
        outcome.replicaLagByRegion = primaries?.replicaLag ?? Array(repeating: LatencyHistogram(), count: scenario.topology.regions.count)
        outcome.lostAcknowledgedWrites = primaries?.lostAcknowledgedWrites ?? 0
        outcome.promotions = primaries?.promotions ?? 0
        outcome.primaryFailovers = primaries?.failovers ?? []
        outcome.replicaLogForgotten = primaries?.replicaSet.forgottenEntries ?? 0
        outcome.primaryNode = primaries?.primary
        outcome.acknowledgedWrites = primaries?.acknowledgedLog ?? []
        outcome.cacheByRegion = cacheLayer?.stats ?? []
        outcome.poolsByRegion = pools?.finish(now: now) ?? []
        outcome.nodeUtilization = cpu.utilization(at: now)
        outcome.diskUtilization = disk?.utilization(at: now)
        outcome.transactions = transactions.map { TransactionReport($0, regionNames: scenario.topology.regions.map(\.name), onPrimary: primaries != nil) }
        outcome.hotKeyExpiryFetches = cacheLayer?.hotKeyExpiryFetches ?? 0
        outcome.raftSnapshots = ranges.replicas.reduce(0) { $0 + $1.snapshotsSent }
        var capped = driver.capped
        capped.add(cpu.capped)
        if let primaries { capped.add(primaries.capped) }
        if let leaderless { capped.add(leaderless.capped) }
        if let disk { capped.add(disk.capped) }
        capped.add(transport.network.cappedJitter, .jitter)
        outcome.cappedDraws = capped.nonZero
        outcome.horizon = horizon
        outcome.traffic = transport.traffic.meter
        return outcome
    }

    /// The events every run starts with: arrivals, the fault schedule, each node's first
    /// tick (at its own phase: node clocks are not aligned), and the periodic work the
    /// scenario asks for.
    func scheduleFirstEvents() {
        // Every follower's election timer starts with the run (Raft ranges only).
        if mode == .raft {
            for replica in ranges.replicas.indices where ranges.replicas[replica].role != .leader { armElectionTimer(replica, force: true) }
        }
        for (client, at) in driver.firstArrivals() { queue.schedule(.arrival(client: Int32(client)), at: at) }
        for (index, fault) in scenario.faults.enumerated() {
            queue.schedule(.fault(index: Int32(index), starting: true), at: fault.start)
            if let end = fault.end { queue.schedule(.fault(index: Int32(index), starting: false), at: end) }
        }
        var phases = RandomStream(seed: scenario.seed, component: "tick-phase")
        for node in 0..<nodeCount {
            let phase = Int64(phases.nextUnit() * Double(faults.tickInterval[node]))
            queue.schedule(.tick(node: Int32(node), epoch: 0), at: max(1, phase))
        }
        if recordsTimeline { queue.schedule(.timelineTick, at: .second) }
        if observation.isActive && !mode.isPrimary { queue.schedule(.closedTimestampTick, at: scenario.closedTimestampInterval) }
        if mode.isPrimary, let promoteAt = scenario.promoteAt { queue.schedule(.promotePrimary(planned: true), at: promoteAt) }
        if mode == .leaderless, let period = scenario.replication.antiEntropyPeriod { queue.schedule(.antiEntropy, at: period) }
        if let healAt = scenario.healAt {
            queue.schedule(.heal, at: healAt)
            queue.schedule(.probe, at: healAt)
        }
    }

    /// A cluster that cannot keep up grows its backlog without bound: the run stops before
    /// it exhausts memory, and the report says which limit it reached.
    func backlogLimitReached() -> RunOutcome.LimitReached? {
        if queue.count > scenario.limits.eventsInFlight {
            return .init(
                name: "events", at: now,
                detail: "\(queue.count) events pending (limit \(scenario.limits.eventsInFlight)): the cluster cannot keep up with the offered load")
        }
        if driver.pendingOperations > scenario.limits.operationsInFlight {
            return .init(
                name: "in-flight", at: now,
                detail:
                    "\(driver.pendingOperations) client operations under way (limit \(scenario.limits.operationsInFlight)): the cluster cannot keep up with the offered load"
            )
        }
        return nil
    }
}
